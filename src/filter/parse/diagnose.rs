//! The errors of the walk: what each error production of the diagnostic grammar
//! (`grammar/filter_diagnostics.pest`) means, said as a [`ParseProblem`]. Kept apart from the
//! walk of well-formed text, and `#[cold]` where the walk calls it.

use pest::iterators::Pair;

use crate::diag::Span;

use super::tree::{After, Children, Level, Result, Walker};
use super::{Rule, parse_error, span_of};
use crate::filter::{CmpOp, Found, ListOp, Op, ParseError, ParseProblem};

impl<'i> Walker<'i, '_> {
    /// What a comparison operator found instead of a value: a list, or nothing.
    #[cold]
    #[inline(never)]
    pub(super) fn not_a_value(
        &self,
        operand: Pair<'i, Rule>,
        op_pair: Pair<'i, Rule>,
        op: CmpOp,
    ) -> ParseError {
        if operand.as_rule() == Rule::list_for_scalar {
            match self.first_child_span(operand) {
                Ok(span) => self.error(ParseProblem::UnexpectedList { op: op.into() }, span),
                Err(error) => error,
            }
        } else {
            self.missing_value(operand, op_pair.as_str())
        }
    }

    /// What a list operator found instead of a list: a single value, or nothing.
    #[cold]
    #[inline(never)]
    pub(super) fn not_a_list(
        &self,
        operand: Pair<'i, Rule>,
        op_pair: Pair<'i, Rule>,
        op: ListOp,
    ) -> ParseError {
        if operand.as_rule() == Rule::scalar_for_list {
            match self.first_child_span(operand) {
                Ok(span) => self.error(ParseProblem::ExpectedList { op: op.into() }, span),
                Err(error) => error,
            }
        } else {
            self.missing_value(operand, op_pair.as_str())
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) fn missing_field(&self, pair: Pair<'i, Rule>) -> ParseError {
        let (found, span) = self.found(pair);
        self.error(ParseProblem::MissingFieldAfterPr { found }, span)
    }

    pub(super) fn first_child_span(&self, pair: Pair<'i, Rule>) -> Result<Span> {
        let whole = span_of(&pair);
        Ok(span_of(&self.child(&mut Children::of(pair), whole)?))
    }

    /// Why a quoted string was refused: its first bad escape, else its missing closing quote.
    pub(super) fn quoted_error(&self, pair: Pair<'i, Rule>, quote: char) -> ParseError {
        let whole = span_of(&pair);
        let mut unterminated = false;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::bad_escape => {
                    let kind = ParseProblem::InvalidEscape {
                        escape: child.as_str().to_owned(),
                        quote,
                    };
                    return self.error(kind, span_of(&child));
                }
                Rule::unterminated => unterminated = true,
                _ => {}
            }
        }
        if unterminated {
            let opening = Span::new(whole.start, whole.start + 1);
            return self.error(ParseProblem::UnterminatedString, opening);
        }
        self.internal(whole)
    }

    /// The offending token inside an error production, and where it is (the end of the input
    /// when there is none).
    pub(super) fn found(&self, pair: Pair<'i, Rule>) -> (Found, Span) {
        let at = span_of(&pair).start;
        match pair.into_inner().find(|p| p.as_rule() == Rule::token) {
            Some(token) => (Found::text(token.as_str()), span_of(&token)),
            None => (Found::End, Span::new(at, at)),
        }
    }

    pub(super) fn pasted_parameter(&self, pair: Pair<'i, Rule>) -> ParseError {
        let whole = span_of(&pair);
        let name_span = pair.into_inner().next().map_or(whole, |p| span_of(&p));
        let name = self.input[name_span.start..name_span.end].to_owned();
        let filter = crate::filter::error::pasted_filter(&self.input[name_span.end..]);
        self.error(ParseProblem::PastedParameter { name, filter }, name_span)
    }

    pub(super) fn unexpected(&self, pair: Pair<'i, Rule>, level: Level) -> ParseError {
        let (found, span) = self.found(pair);
        let text = found.as_str().unwrap_or_default();
        let kind = match (text, level) {
            (")", Level::Top) => ParseProblem::UnmatchedParen,
            (",", _) => ParseProblem::CommaBetweenConditions,
            ("&&" | "&", _) => ParseProblem::SymbolKeyword {
                found: text.to_owned(),
                expected: "and",
            },
            ("||" | "|", _) => ParseProblem::SymbolKeyword {
                found: text.to_owned(),
                expected: "or",
            },
            _ => match keyword_in_other_case(text, &["and", "or"]) {
                Some(expected) => ParseProblem::UppercaseKeyword {
                    found: text.to_owned(),
                    expected,
                },
                None => match level {
                    Level::Top => ParseProblem::ExpectedJunctionOrEnd { found },
                    Level::Group => ParseProblem::ExpectedJunctionOrClose { found },
                },
            },
        };
        self.error(kind, span)
    }

    pub(super) fn missing_condition(&self, pair: Pair<'i, Rule>, after: After) -> ParseError {
        let (found, span) = self.found(pair);
        let kind = match (after, found.as_str()) {
            (_, Some("!")) => ParseProblem::SymbolKeyword {
                found: "!".to_owned(),
                expected: "not",
            },
            (After::Start, None) => ParseProblem::Empty,
            (After::OpenParen, Some(")")) => ParseProblem::EmptyParens,
            (After::Keyword(keyword), _) => ParseProblem::MissingCondition {
                after: keyword,
                found,
            },
            (After::OpenParen, _) => ParseProblem::MissingCondition { after: "(", found },
            (After::Start, Some(_)) => ParseProblem::ExpectedCondition { found },
        };
        self.error(kind, span)
    }

    pub(super) fn misplaced_operator(&self, pair: Pair<'i, Rule>) -> ParseError {
        let whole = span_of(&pair);
        let op = pair.into_inner().next();
        let (op, span) = op.map_or(("?".to_owned(), whole), |p| {
            (p.as_str().to_owned(), span_of(&p))
        });
        self.error(ParseProblem::MissingField { op }, span)
    }

    pub(super) fn missing_value(&self, pair: Pair<'i, Rule>, after: &str) -> ParseError {
        let (found, span) = self.found(pair);
        // What the value was meant to be, when it is written the way another language writes
        // it: in typographic quotes, or a list in square brackets.
        let rest = &self.input[span.start..];
        let after = after.to_owned();
        let kind = match rest.chars().next() {
            Some(quote) if crate::filter::error::TYPOGRAPHIC_QUOTES.contains(&quote) => {
                let suggestion = crate::filter::error::straight_quoted(rest);
                ParseProblem::TypographicQuote {
                    after,
                    quote,
                    suggestion,
                }
            }
            Some('[') => {
                let suggestion = crate::filter::error::parenthesized(rest);
                ParseProblem::SquareBracketList { after, suggestion }
            }
            _ => ParseProblem::MissingValue { after, found },
        };
        self.error(kind, span)
    }

    pub(super) fn missing_operator(
        &self,
        path: &Pair<'i, Rule>,
        pair: Pair<'i, Rule>,
    ) -> ParseError {
        let field = path.as_str();
        // `NOT a eq 1` and `PR a` read as a field named `NOT`/`PR` followed by junk.
        if let Some(expected) = keyword_in_other_case(field, &["not", "pr"]) {
            return self.error(
                ParseProblem::UppercaseKeyword {
                    found: field.to_owned(),
                    expected,
                },
                span_of(path),
            );
        }
        let (found, span) = self.found(pair);
        let path_span = span_of(path);
        // `created-by eq 1`, `naïve eq 1`, `a..b eq 1`: the word goes on past where the path
        // ends, so the field name itself is wrong, not the operator after it.
        let continues_word = self.input[span.start..span.end]
            .starts_with(|c: char| c.is_alphanumeric() || "_-.:@+".contains(c));
        if span.start == path_span.end && continues_word {
            let whole = path_span.to(span);
            let path = self.input[whole.start..whole.end].to_owned();
            return self.error(ParseProblem::InvalidFieldPath { path }, whole);
        }
        let text = found.as_str().unwrap_or_default();
        let lower = text.to_ascii_lowercase();
        let kind = if lower == "pr" {
            ParseProblem::PrAfterField {
                field: field.to_owned(),
            }
        } else if let Some(op) = Op::ALL.into_iter().find(|op| op.as_str() == lower) {
            ParseProblem::UppercaseKeyword {
                found: text.to_owned(),
                expected: op.as_str(),
            }
        } else if lower == "ew" {
            ParseProblem::EndsWith
        } else if let Some(suggestion) = symbol_operator(text) {
            ParseProblem::SymbolOperator {
                found: text.to_owned(),
                suggestion,
            }
        } else if matches!(lower.as_str(), "and" | "or" | "not")
            || !text.starts_with(|c: char| c.is_alphabetic())
        {
            ParseProblem::MissingOperator {
                field: field.to_owned(),
                found,
            }
        } else {
            ParseProblem::UnknownOperator {
                found: text.to_owned(),
            }
        };
        self.error(kind, span)
    }
}

/// `Some(keyword)` when `text` is one of `keywords` in another case (`AND` for `and`).
pub(super) fn keyword_in_other_case(text: &str, keywords: &[&'static str]) -> Option<&'static str> {
    keywords
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(text) && *k != text)
}

/// The operator a symbol from another query language most likely means.
pub(super) fn symbol_operator(text: &str) -> Option<Op> {
    Some(match text {
        "=" | "==" => Op::Eq,
        "!=" | "<>" => Op::Ne,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        "<" => Op::Lt,
        "<=" => Op::Le,
        "~" => Op::Co,
        _ => return None,
    })
}

/// A pest failure. The grammar's error productions make every input parse, so this is reached
/// only if they have a gap; it still gives a positioned message.
pub(super) fn grammar_failure(input: &str, error: &pest::error::Error<Rule>) -> ParseError {
    let at = match error.location {
        pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => at,
    };
    let found = match input.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => Found::Text(c.to_string()),
        None => Found::End,
    };
    let end = at + found.as_str().map_or(0, str::len);
    parse_error(
        input,
        ParseProblem::Unexpected { found },
        Span::new(at, end),
    )
}
