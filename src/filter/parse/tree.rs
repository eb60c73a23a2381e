//! The walk over the language grammar's pairs that builds the tree. Where the walk meets an
//! error production (of the diagnostic grammar), it hands over to the `diagnose` module.

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};

use crate::diag::Span;
use crate::value::DateTime;

use super::{Grammar, Rule, grammar_failure, parse_error, span_of};
use crate::filter::ast::Junction;
use crate::filter::{
    CmpOp, Condition, ConditionSpans, FieldPath, Filter, ListOp, ParseError, ParseOptions,
    ParseProblem, Syntax, Value, Values,
};

/// The children of a pair, read front to back with one child of lookahead, so that each child is
/// made once.
pub(super) struct Children<'i> {
    pairs: Pairs<'i, Rule>,
    next: Option<(Rule, Pair<'i, Rule>)>,
}

impl<'i> Children<'i> {
    pub(super) fn of(pair: Pair<'i, Rule>) -> Children<'i> {
        let mut pairs = pair.into_inner();
        let next = pairs.next().map(|pair| (pair.as_rule(), pair));
        Children { pairs, next }
    }

    /// The rule of the next child.
    pub(super) fn peek(&self) -> Option<Rule> {
        self.next.as_ref().map(|(rule, _)| *rule)
    }

    pub(super) fn peek_pair(&self) -> Option<&Pair<'i, Rule>> {
        self.next.as_ref().map(|(_, pair)| pair)
    }

    pub(super) fn take(&mut self) -> Option<Pair<'i, Rule>> {
        let next = self.pairs.next().map(|pair| (pair.as_rule(), pair));
        std::mem::replace(&mut self.next, next).map(|(_, pair)| pair)
    }

    /// The next child, if it is a `rule`.
    pub(super) fn take_if(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek() == Some(rule) {
            self.take()
        } else {
            None
        }
    }
}

/// What came just before the place a condition was expected, for messages.
#[derive(Clone, Copy)]
pub(super) enum After {
    Start,
    OpenParen,
    Keyword(&'static str),
}

/// Whether an `unexpected` token was found inside parentheses or at the top level.
#[derive(Clone, Copy)]
pub(super) enum Level {
    Top,
    Group,
}

pub(super) struct Walker<'i, 'o> {
    pub(super) input: &'i str,
    pub(super) options: &'o ParseOptions,
    /// How many groups and `not`s enclose the node being walked. The parenthesis scan bounds
    /// groups alone; this also bounds `not` chains, so that the tree's depth (and every
    /// recursive walk over it: `Clone`, `Debug`, later stages) stays small.
    pub(super) depth: std::cell::Cell<usize>,
}

pub(super) type Result<T, E = ParseError> = std::result::Result<T, E>;

// The walk of a well-formed filter is kept apart from the making of errors, which is `#[cold]`
// and out of its way.
impl<'i> Walker<'i, '_> {
    #[cold]
    #[inline(never)]
    pub(super) fn error(&self, kind: ParseProblem, span: Span) -> ParseError {
        parse_error(self.input, kind, span)
    }

    /// One level deeper (a group or a `not`, at `span`), within the nesting limit.
    pub(super) fn enter(&self, span: Span) -> Result<()> {
        let depth = self.depth.get() + 1;
        let max = self.options.limits.max_depth;
        if depth > max {
            return Err(self.error(ParseProblem::TooDeep { max }, span));
        }
        self.depth.set(depth);
        Ok(())
    }

    #[cold]
    #[inline(never)]
    pub(super) fn internal(&self, span: Span) -> ParseError {
        self.error(ParseProblem::Internal, span)
    }

    /// The next child of a pair whose shape the grammar guarantees.
    pub(super) fn child(
        &self,
        children: &mut Children<'i>,
        parent: Span,
    ) -> Result<Pair<'i, Rule>> {
        match children.take() {
            Some(child) => Ok(child),
            None => Err(self.internal(parent)),
        }
    }

    /// A `filter`, or a `filter_or_error` of the diagnostic grammar.
    pub(super) fn filter(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
        let whole = span_of(&pair);
        let mut children = Children::of(pair);
        match children.peek() {
            // A well-formed filter is read by the language's grammar alone. Text it refuses is
            // read again by the diagnostic grammar, whose error productions say what is wrong.
            Some(Rule::refused) => return self.diagnose(),
            Some(Rule::pasted_parameter) => {
                let pasted = self.child(&mut children, whole)?;
                return Err(self.pasted_parameter(pasted));
            }
            _ => {}
        }
        let filter = self.or_expr(&mut children, whole, After::Start)?;
        match children.take() {
            Some(next) if next.as_rule() == Rule::unexpected => {
                Err(self.unexpected(next, Level::Top))
            }
            _ => Ok(filter),
        }
    }

    /// The error in text the language's grammar refused, found by the diagnostic grammar.
    #[cold]
    #[inline(never)]
    pub(super) fn diagnose(&self) -> Result<Filter> {
        let mut pairs = Grammar::parse(Rule::filter_or_error, self.input)
            .map_err(|e| grammar_failure(self.input, &e))?;
        match pairs.next() {
            Some(filter) => self.filter(filter),
            None => Err(self.internal(Span::new(0, self.input.len()))),
        }
    }

    /// `and_expr (or and_expr)*`: the children `or_expr` leaves in the pair around it, read up
    /// to the first child that is neither an operand's nor a keyword's.
    pub(super) fn or_expr(
        &self,
        children: &mut Children<'i>,
        whole: Span,
        after: After,
    ) -> Result<Filter> {
        let first = self.and_expr(children, whole, after)?;
        let keyword = match children.peek_pair() {
            Some(or) if or.as_rule() == Rule::or_kw => span_of(or),
            _ => return Ok(first),
        };
        let mut failure = None;
        let rest = std::iter::from_fn(|| {
            let or = children.take_if(Rule::or_kw)?;
            self.and_expr(children, span_of(&or), After::Keyword("or"))
                .map_err(|error| failure = Some(error))
                .ok()
        });
        let joined = Filter::join(Junction::Or, first, rest, Some(keyword));
        match failure {
            Some(error) => Err(error),
            None => Ok(joined),
        }
    }

    /// An operand and the `and_tail` after it, if any.
    pub(super) fn and_expr(
        &self,
        children: &mut Children<'i>,
        parent: Span,
        after: After,
    ) -> Result<Filter> {
        let operand = self.operand(children, parent, after)?;
        match children.peek() {
            Some(Rule::and_tail | Rule::and_tail_or_error) => {
                let tail = self.child(children, parent)?;
                self.and_tail(operand, tail)
            }
            _ => Ok(operand),
        }
    }

    /// `first and operand and …`: `first` and the operands of an `and_tail`, each after its
    /// `and` (which the language's grammar leaves in the text, and the diagnostic grammar makes
    /// an `and_kw`).
    pub(super) fn and_tail(&self, first: Filter, tail: Pair<'i, Rule>) -> Result<Filter> {
        let whole = span_of(&tail);
        // The tail starts with its first `and`.
        let keyword = Span::new(whole.start, whole.start + "and".len());
        let mut children = Children::of(tail);
        let mut failure = None;
        let rest = std::iter::from_fn(|| {
            children.take_if(Rule::and_kw);
            children.peek()?;
            self.operand(&mut children, whole, After::Keyword("and"))
                .map_err(|error| failure = Some(error))
                .ok()
        });
        let joined = Filter::join(Junction::And, first, rest, Some(keyword));
        match failure {
            Some(error) => Err(error),
            None => Ok(joined),
        }
    }

    /// The next operand in `children`: `not`s and what they apply to, a group, `pr field`, or
    /// a condition's parts.
    pub(super) fn operand(
        &self,
        children: &mut Children<'i>,
        parent: Span,
        after: After,
    ) -> Result<Filter> {
        let mut context = after;
        let mut nots = Vec::new();
        let operand = loop {
            let Some(child) = children.take() else {
                return Err(self.internal(nots.first().copied().unwrap_or(parent)));
            };
            match child.as_rule() {
                Rule::path => break self.condition(child, children)?,
                Rule::not_kw => {
                    let span = span_of(&child);
                    self.enter(span)?;
                    nots.push(span);
                    context = After::Keyword("not");
                }
                Rule::group | Rule::group_or_error => break self.group(child)?,
                Rule::present | Rule::present_or_error => break self.present(child)?,
                Rule::misplaced_operator => return Err(self.misplaced_operator(child)),
                Rule::missing_condition => return Err(self.missing_condition(child, context)),
                _ => return Err(self.internal(span_of(&child))),
            }
        };
        if nots.is_empty() {
            return Ok(operand);
        }
        self.depth.set(self.depth.get() - nots.len());
        // The innermost `not` is the last one written.
        Ok(nots
            .into_iter()
            .rev()
            .fold(operand, |inner, span| inner.not().with_span(Some(span))))
    }

    pub(super) fn group(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
        let whole = span_of(&pair);
        // The group starts with its `(`.
        let open = Span::new(whole.start, whole.start + 1);
        let mut children = Children::of(pair);
        self.enter(open)?;
        let inner = self.or_expr(&mut children, whole, After::OpenParen)?;
        self.depth.set(self.depth.get() - 1);
        match children.take() {
            None => Ok(inner),
            Some(close) if close.as_rule() == Rule::unclosed => {
                Err(self.error(ParseProblem::UnclosedParen, open))
            }
            Some(other) => Err(self.unexpected(other, Level::Group)),
        }
    }

    pub(super) fn present(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
        let whole = span_of(&pair);
        let mut children = Children::of(pair);
        let keyword = span_of(&self.child(&mut children, whole)?);
        let path = self.child(&mut children, whole)?;
        if path.as_rule() == Rule::missing_field {
            return Err(self.missing_field(path));
        }
        let field_span = span_of(&path);
        let spans = ConditionSpans {
            field: field_span,
            op: keyword,
            operand: Span::new(whole.end, whole.end),
            values: Vec::new(),
        };
        Ok(Filter::present(self.path(&path)).with_condition_spans(whole, spans))
    }

    pub(super) fn path(&self, pair: &Pair<'i, Rule>) -> FieldPath {
        FieldPath::new_unchecked(pair.as_str().to_owned().into())
    }

    /// A condition from its parts: `path`, then the operator (or the error production in its
    /// place), then the operand, taken from `children`.
    pub(super) fn condition(
        &self,
        path_pair: Pair<'i, Rule>,
        children: &mut Children<'i>,
    ) -> Result<Filter> {
        let field_span = span_of(&path_pair);
        let op_pair = self.child(children, field_span)?;
        let op_span = span_of(&op_pair);
        let mut spans = ConditionSpans {
            field: field_span,
            op: op_span,
            operand: Span::new(op_span.end, op_span.end),
            values: Vec::new(),
        };
        let (condition, end) = match op_pair.as_rule() {
            Rule::cmp_op => {
                let op = cmp_op(op_pair.as_str()).ok_or_else(|| self.internal(op_span))?;
                let operand = self.child(children, op_span)?;
                match operand.as_rule() {
                    Rule::list_for_scalar | Rule::missing_value => {
                        return Err(self.not_a_value(operand, op_pair, op));
                    }
                    _ => {}
                }
                let (value, span) = self.value(operand)?;
                spans.operand = span;
                spans.values = vec![span];
                let field = self.path(&path_pair);
                (Condition::Compare { field, op, value }, span.end)
            }
            Rule::list_op => {
                let op = if op_pair.as_str() == "in" {
                    ListOp::In
                } else {
                    ListOp::Ca
                };
                let operand = self.child(children, op_span)?;
                match operand.as_rule() {
                    Rule::list | Rule::list_or_error => {
                        let span = span_of(&operand);
                        spans.operand = span;
                        let values = self.list(operand, op, &mut spans.values)?;
                        let field = self.path(&path_pair);
                        (Condition::List { field, op, values }, span.end)
                    }
                    _ => return Err(self.not_a_list(operand, op_pair, op)),
                }
            }
            Rule::isnull_kw => {
                let field = self.path(&path_pair);
                (Condition::IsNull { field }, op_span.end)
            }
            Rule::missing_operator => return Err(self.missing_operator(&path_pair, op_pair)),
            _ => return Err(self.internal(op_span)),
        };
        let whole = Span::new(field_span.start, end);
        Ok(Filter::condition(condition).with_condition_spans(whole, spans))
    }

    pub(super) fn list(
        &self,
        pair: Pair<'i, Rule>,
        op: ListOp,
        spans: &mut Vec<Span>,
    ) -> Result<Values> {
        let whole = span_of(&pair);
        // The list starts with its `(`; a list that ends without an error production ended
        // with its `)`.
        let open = Span::new(whole.start, whole.start + 1);
        let mut values = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::empty_list => {
                    let close = span_of(&child);
                    return Err(self.error(
                        ParseProblem::EmptyList { op: op.into() },
                        open.to(Span::new(close.start, close.start + 1)),
                    ));
                }
                Rule::unclosed => return Err(self.error(ParseProblem::UnclosedList, open)),
                Rule::list_unexpected => {
                    let (found, span) = self.found(child);
                    return Err(self.error(ParseProblem::ExpectedListSeparator { found }, span));
                }
                Rule::missing_value => {
                    return Err(
                        self.missing_value(child, if values.is_empty() { "(" } else { "," })
                    );
                }
                _ => {
                    let (value, span) = self.value(child)?;
                    if values.len() == self.options.limits.max_list_values {
                        let max = self.options.limits.max_list_values;
                        return Err(self.error(ParseProblem::TooManyValues { max }, span));
                    }
                    values.push(value);
                    spans.push(span);
                }
            }
        }
        Values::new(values).ok_or_else(|| self.internal(whole))
    }

    pub(super) fn value(&self, pair: Pair<'i, Rule>) -> Result<(Value, Span)> {
        let span = span_of(&pair);
        let strict = self.options.syntax == Syntax::Strict;
        let text = pair.as_str();
        let value = match pair.as_rule() {
            Rule::string => Value::String(unescape(&text[1..text.len() - 1])),
            Rule::string_error => return Err(self.quoted_error(pair, '"')),
            Rule::single_quoted_error => return Err(self.quoted_error(pair, '\'')),
            Rule::single_quoted => {
                let content = unescape(&text[1..text.len() - 1]);
                if strict {
                    let kind = ParseProblem::StrictSingleQuoted {
                        suggestion: Value::String(content).to_string(),
                    };
                    return Err(self.error(kind, span));
                }
                Value::String(content)
            }
            Rule::date_time => match DateTime::read(text) {
                Ok(t) => Value::DateTime(t),
                Err(reason) => {
                    let kind = ParseProblem::InvalidDateTime {
                        text: text.to_owned(),
                        reason,
                    };
                    return Err(self.error(kind, span));
                }
            },
            Rule::number => {
                let is_float = pair.into_inner().any(|p| p.as_rule() == Rule::fraction);
                let number = if is_float {
                    text.parse::<f64>().ok().and_then(Value::float)
                } else {
                    text.parse::<i64>().ok().map(Value::Integer)
                };
                number.ok_or_else(|| {
                    self.error(
                        ParseProblem::NumberOutOfRange {
                            text: text.to_owned(),
                        },
                        span,
                    )
                })?
            }
            Rule::boolean => Value::Boolean(text == "true"),
            Rule::null => return Err(self.error(ParseProblem::NullValue, span)),
            Rule::bare_word => {
                if strict {
                    let kind = if Grammar::parse(Rule::date_like, text).is_ok() {
                        ParseProblem::InvalidDateTime {
                            text: text.to_owned(),
                            reason: crate::value::DateTimeError::Shape,
                        }
                    } else {
                        ParseProblem::StrictBareWord {
                            word: text.to_owned(),
                            suggestion: Value::from(text).to_string(),
                        }
                    };
                    return Err(self.error(kind, span));
                }
                Value::String(text.to_owned())
            }
            _ => return Err(self.internal(span)),
        };
        Ok((value, span))
    }
}

/// The content of a quoted string the grammar accepted, unescaped: the grammar admits a
/// backslash only before the quote or another backslash, so each backslash stands for the
/// character after it.
pub(super) fn unescape(content: &str) -> String {
    if !content.contains('\\') {
        return content.to_owned();
    }
    let mut unescaped = String::with_capacity(content.len());
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        unescaped.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    unescaped
}

/// The comparison operator a `cmp_op` token spells.
pub(super) fn cmp_op(text: &str) -> Option<CmpOp> {
    Some(match text {
        "eq" => CmpOp::Eq,
        "ne" => CmpOp::Ne,
        "gt" => CmpOp::Gt,
        "ge" => CmpOp::Ge,
        "lt" => CmpOp::Lt,
        "le" => CmpOp::Le,
        "co" => CmpOp::Co,
        "sw" => CmpOp::Sw,
        _ => return None,
    })
}
