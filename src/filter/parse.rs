//! Text → [`Filter`]: the pest grammar's pairs turned into the syntax tree, with limits and
//! precise errors.
//!
//! The syntax itself is stated once, in `grammar/filter.pest`, which reads exactly the
//! well-formed filters. Text it refuses is read again by the diagnostic grammar,
//! `grammar/filter_diagnostics.pest`: the same language with error productions beside its
//! rules. This module walks the pairs either grammar produces, builds the tree, and turns the
//! error productions into [`ParseError`]s that say what was wrong and where.
//!
//! ```
//! use sailpoint_filters::{Filter, ParseOptions, Syntax};
//!
//! // The lenient syntax (the default) accepts the forms SailPoint's own examples use.
//! let filter = Filter::parse("status eq PENDING and id eq '2c91'")?;
//! assert_eq!(filter.to_string(), r#"status eq "PENDING" and id eq "2c91""#);
//!
//! // The strict syntax wants every string double-quoted.
//! let strict = ParseOptions { syntax: Syntax::Strict, ..ParseOptions::default() };
//! let err = Filter::parse_with("status eq PENDING", &strict).unwrap_err();
//! assert_eq!(err.column(), Some(11));
//! assert_eq!(
//!     err.to_string(),
//!     concat!(
//!         "invalid filter at column 11: unquoted text `PENDING` (the strict syntax needs double ",
//!         "quotes): write \"PENDING\"\n",
//!         "    status eq PENDING\n",
//!         "              ^^^^^^^",
//!     ),
//! );
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```

use std::borrow::Cow;

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};

use crate::diag::{Diagnostics, Parameter, Span};
use crate::value::DateTime;

use super::ast::Junction;
use super::{
    CmpOp, Condition, ConditionSpans, FieldPath, Filter, Found, Limits, ListOp, Op, ParseError,
    ParseErrorKind, ParseOptions, Syntax, Value, Values,
};

/// The parser pest derives from the grammar files: the language (`filter`) and the diagnostic
/// grammar that reads refused text again (`filter_or_error`).
mod grammar {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/filter.pest"]
    #[grammar = "../grammar/filter_diagnostics.pest"]
    pub(super) struct Grammar;
}

use grammar::{Grammar, Rule};

impl Filter {
    /// Parses a filter with the lenient syntax and the default limits.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse(r#"saved eq "true" and name sw "RM Session""#)?;
    /// assert_eq!(f.to_string(), r#"saved eq "true" and name sw "RM Session""#);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        Filter::parse_with(text, &ParseOptions::default())
    }

    /// Parses a filter with the given syntax and limits.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, ParseOptions, Syntax};
    /// let strict = ParseOptions { syntax: Syntax::Strict, ..Default::default() };
    /// let err = Filter::parse_with("id eq 'x'", &strict).unwrap_err();
    /// assert_eq!(err.column(), Some(7));
    /// ```
    pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Filter, ParseError> {
        check_bounds(text, &options.limits)?;
        let mut pairs =
            Grammar::parse(Rule::filter, text).map_err(|e| grammar_failure(text, &e))?;
        let walker = Walker {
            input: text,
            options,
            depth: std::cell::Cell::new(0),
        };
        match pairs.next() {
            Some(filter) => walker.filter(filter),
            None => Err(walker.internal(Span::new(0, text.len()))),
        }
    }
}

impl std::str::FromStr for Filter {
    type Err = ParseError;

    /// The lenient parse with the default limits; see [`Filter::parse_with`].
    fn from_str(s: &str) -> Result<Filter, ParseError> {
        Filter::parse(s)
    }
}

impl FieldPath {
    /// Checks `path` against the grammar's `path` rule and wraps it.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("saved")?.as_str(), "saved");
    /// let err = FieldPath::new("saved.").unwrap_err();
    /// assert_eq!(err.column(), Some(6));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn new(path: impl Into<Cow<'static, str>>) -> Result<FieldPath, ParseError> {
        let path = path.into();
        match Grammar::parse(Rule::field_path, &path) {
            Ok(_) => Ok(FieldPath::new_unchecked(path)),
            Err(e) => {
                let at = match e.location {
                    pest::error::InputLocation::Pos(at)
                    | pest::error::InputLocation::Span((at, _)) => at,
                };
                let kind = ParseErrorKind::InvalidFieldPath {
                    path: path.to_string(),
                };
                Err(parse_error(&path, kind, Span::new(at, at + 1)))
            }
        }
    }
}

impl std::str::FromStr for FieldPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<FieldPath, ParseError> {
        FieldPath::new(s.to_owned())
    }
}

/// A problem at `span` of the filter text `input`.
fn parse_error(input: &str, kind: ParseErrorKind, span: Span) -> ParseError {
    Diagnostics::in_text(kind, Parameter::Filters, input, span)
}

/// The length and nesting bounds, checked before the recursive rules run. When the text is too
/// long, only its first `max_length` bytes are scanned for nesting, so the work stays bounded and
/// the earlier of the two problems is the one reported.
fn check_bounds(text: &str, limits: &Limits) -> Result<(), ParseError> {
    let scanned = if text.len() > limits.max_length {
        &text[..floor_char_boundary(text, limits.max_length)]
    } else {
        text
    };
    // Text no longer than the limit cannot nest deeper than it.
    if scanned.len() > limits.max_depth
        && scanned.bytes().filter(|&b| b == b'(').count() > limits.max_depth
    {
        check_depth(text, scanned, limits.max_depth)?;
    }
    if text.len() > limits.max_length {
        let kind = ParseErrorKind::TooLong {
            len: text.len(),
            max: limits.max_length,
        };
        return Err(parse_error(
            text,
            kind,
            Span::new(scanned.len(), text.len()),
        ));
    }
    Ok(())
}

fn check_depth(text: &str, scanned: &str, max_depth: usize) -> Result<(), ParseError> {
    let Ok(mut pairs) = Grammar::parse(Rule::paren_scan, scanned) else {
        return Ok(());
    };
    let Some(scan) = pairs.next() else {
        return Ok(());
    };
    let mut depth = 0usize;
    for pair in scan.into_inner() {
        match pair.as_rule() {
            Rule::paren_open => {
                depth += 1;
                if depth > max_depth {
                    return Err(parse_error(
                        text,
                        ParseErrorKind::TooDeep { max: max_depth },
                        span_of(&pair),
                    ));
                }
            }
            Rule::paren_close => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// The children of a pair, read front to back with one child of lookahead, so that each child is
/// made once.
struct Children<'i> {
    pairs: Pairs<'i, Rule>,
    next: Option<(Rule, Pair<'i, Rule>)>,
}

impl<'i> Children<'i> {
    fn of(pair: Pair<'i, Rule>) -> Children<'i> {
        let mut pairs = pair.into_inner();
        let next = pairs.next().map(|pair| (pair.as_rule(), pair));
        Children { pairs, next }
    }

    /// The rule of the next child.
    fn peek(&self) -> Option<Rule> {
        self.next.as_ref().map(|(rule, _)| *rule)
    }

    fn peek_pair(&self) -> Option<&Pair<'i, Rule>> {
        self.next.as_ref().map(|(_, pair)| pair)
    }

    fn take(&mut self) -> Option<Pair<'i, Rule>> {
        let next = self.pairs.next().map(|pair| (pair.as_rule(), pair));
        std::mem::replace(&mut self.next, next).map(|(_, pair)| pair)
    }

    /// The next child, if it is a `rule`.
    fn take_if(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek() == Some(rule) {
            self.take()
        } else {
            None
        }
    }
}

/// What came just before the place a condition was expected, for messages.
#[derive(Clone, Copy)]
enum After {
    Start,
    OpenParen,
    Keyword(&'static str),
}

/// Whether an `unexpected` token was found inside parentheses or at the top level.
#[derive(Clone, Copy)]
enum Level {
    Top,
    Group,
}

struct Walker<'i, 'o> {
    input: &'i str,
    options: &'o ParseOptions,
    /// How many groups and `not`s enclose the node being walked. The parenthesis scan bounds
    /// groups alone; this also bounds `not` chains, so that the tree's depth (and every
    /// recursive walk over it: `Clone`, `Debug`, later stages) stays small.
    depth: std::cell::Cell<usize>,
}

type Result<T, E = ParseError> = std::result::Result<T, E>;

// The walk of a well-formed filter is kept apart from the making of errors, which is `#[cold]`
// and out of its way.
impl<'i> Walker<'i, '_> {
    #[cold]
    #[inline(never)]
    fn error(&self, kind: ParseErrorKind, span: Span) -> ParseError {
        parse_error(self.input, kind, span)
    }

    /// One level deeper (a group or a `not`, at `span`), within the nesting limit.
    fn enter(&self, span: Span) -> Result<()> {
        let depth = self.depth.get() + 1;
        let max = self.options.limits.max_depth;
        if depth > max {
            return Err(self.error(ParseErrorKind::TooDeep { max }, span));
        }
        self.depth.set(depth);
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn internal(&self, span: Span) -> ParseError {
        self.error(ParseErrorKind::Internal, span)
    }

    /// The next child of a pair whose shape the grammar guarantees.
    fn child(&self, children: &mut Children<'i>, parent: Span) -> Result<Pair<'i, Rule>> {
        match children.take() {
            Some(child) => Ok(child),
            None => Err(self.internal(parent)),
        }
    }

    /// A `filter`, or a `filter_or_error` of the diagnostic grammar.
    fn filter(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
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
    fn diagnose(&self) -> Result<Filter> {
        let mut pairs = Grammar::parse(Rule::filter_or_error, self.input)
            .map_err(|e| grammar_failure(self.input, &e))?;
        match pairs.next() {
            Some(filter) => self.filter(filter),
            None => Err(self.internal(Span::new(0, self.input.len()))),
        }
    }

    /// `and_expr (or and_expr)*`: the children `or_expr` leaves in the pair around it, read up
    /// to the first child that is neither an operand's nor a keyword's.
    fn or_expr(&self, children: &mut Children<'i>, whole: Span, after: After) -> Result<Filter> {
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
    fn and_expr(&self, children: &mut Children<'i>, parent: Span, after: After) -> Result<Filter> {
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
    fn and_tail(&self, first: Filter, tail: Pair<'i, Rule>) -> Result<Filter> {
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
    fn operand(&self, children: &mut Children<'i>, parent: Span, after: After) -> Result<Filter> {
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

    fn group(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
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
                Err(self.error(ParseErrorKind::UnclosedParen, open))
            }
            Some(other) => Err(self.unexpected(other, Level::Group)),
        }
    }

    fn present(&self, pair: Pair<'i, Rule>) -> Result<Filter> {
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

    fn path(&self, pair: &Pair<'i, Rule>) -> FieldPath {
        FieldPath::new_unchecked(pair.as_str().to_owned().into())
    }

    /// A condition from its parts: `path`, then the operator (or the error production in its
    /// place), then the operand, taken from `children`.
    fn condition(&self, path_pair: Pair<'i, Rule>, children: &mut Children<'i>) -> Result<Filter> {
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

    /// What a comparison operator found instead of a value: a list, or nothing.
    #[cold]
    #[inline(never)]
    fn not_a_value(
        &self,
        operand: Pair<'i, Rule>,
        op_pair: Pair<'i, Rule>,
        op: CmpOp,
    ) -> ParseError {
        if operand.as_rule() == Rule::list_for_scalar {
            match self.first_child_span(operand) {
                Ok(span) => self.error(ParseErrorKind::UnexpectedList { op: op.into() }, span),
                Err(error) => error,
            }
        } else {
            self.missing_value(operand, op_pair.as_str())
        }
    }

    /// What a list operator found instead of a list: a single value, or nothing.
    #[cold]
    #[inline(never)]
    fn not_a_list(
        &self,
        operand: Pair<'i, Rule>,
        op_pair: Pair<'i, Rule>,
        op: ListOp,
    ) -> ParseError {
        if operand.as_rule() == Rule::scalar_for_list {
            match self.first_child_span(operand) {
                Ok(span) => self.error(ParseErrorKind::ExpectedList { op: op.into() }, span),
                Err(error) => error,
            }
        } else {
            self.missing_value(operand, op_pair.as_str())
        }
    }

    #[cold]
    #[inline(never)]
    fn missing_field(&self, pair: Pair<'i, Rule>) -> ParseError {
        let (found, span) = self.found(pair);
        self.error(ParseErrorKind::MissingFieldAfterPr { found }, span)
    }

    fn first_child_span(&self, pair: Pair<'i, Rule>) -> Result<Span> {
        let whole = span_of(&pair);
        Ok(span_of(&self.child(&mut Children::of(pair), whole)?))
    }

    fn list(&self, pair: Pair<'i, Rule>, op: ListOp, spans: &mut Vec<Span>) -> Result<Values> {
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
                        ParseErrorKind::EmptyList { op: op.into() },
                        open.to(Span::new(close.start, close.start + 1)),
                    ));
                }
                Rule::unclosed => return Err(self.error(ParseErrorKind::UnclosedList, open)),
                Rule::list_unexpected => {
                    let (found, span) = self.found(child);
                    return Err(self.error(ParseErrorKind::ExpectedListSeparator { found }, span));
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
                        return Err(self.error(ParseErrorKind::TooManyValues { max }, span));
                    }
                    values.push(value);
                    spans.push(span);
                }
            }
        }
        Values::new(values).ok_or_else(|| self.internal(whole))
    }

    fn value(&self, pair: Pair<'i, Rule>) -> Result<(Value, Span)> {
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
                    let kind = ParseErrorKind::StrictSingleQuoted {
                        suggestion: Value::String(content).to_string(),
                    };
                    return Err(self.error(kind, span));
                }
                Value::String(content)
            }
            Rule::date_time => match DateTime::read(text) {
                Ok(t) => Value::DateTime(t),
                Err(reason) => {
                    let kind = ParseErrorKind::InvalidDateTime {
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
                        ParseErrorKind::NumberOutOfRange {
                            text: text.to_owned(),
                        },
                        span,
                    )
                })?
            }
            Rule::boolean => Value::Boolean(text == "true"),
            Rule::null => return Err(self.error(ParseErrorKind::NullValue, span)),
            Rule::bare_word => {
                if strict {
                    let kind = if Grammar::parse(Rule::date_like, text).is_ok() {
                        ParseErrorKind::InvalidDateTime {
                            text: text.to_owned(),
                            reason: crate::value::DateTimeError::Shape,
                        }
                    } else {
                        ParseErrorKind::StrictBareWord {
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

    /// Why a quoted string was refused: its first bad escape, else its missing closing quote.
    fn quoted_error(&self, pair: Pair<'i, Rule>, quote: char) -> ParseError {
        let whole = span_of(&pair);
        let mut unterminated = false;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::bad_escape => {
                    let kind = ParseErrorKind::InvalidEscape {
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
            return self.error(ParseErrorKind::UnterminatedString, opening);
        }
        self.internal(whole)
    }

    /// The offending token inside an error production, and where it is (the end of the input
    /// when there is none).
    fn found(&self, pair: Pair<'i, Rule>) -> (Found, Span) {
        let at = span_of(&pair).start;
        match pair.into_inner().find(|p| p.as_rule() == Rule::token) {
            Some(token) => (Found::text(token.as_str()), span_of(&token)),
            None => (Found::End, Span::new(at, at)),
        }
    }

    fn pasted_parameter(&self, pair: Pair<'i, Rule>) -> ParseError {
        let whole = span_of(&pair);
        let name_span = pair.into_inner().next().map_or(whole, |p| span_of(&p));
        let name = self.input[name_span.start..name_span.end].to_owned();
        let filter = super::error::pasted_filter(&self.input[name_span.end..]);
        self.error(ParseErrorKind::PastedParameter { name, filter }, name_span)
    }

    fn unexpected(&self, pair: Pair<'i, Rule>, level: Level) -> ParseError {
        let (found, span) = self.found(pair);
        let text = found.as_str().unwrap_or_default();
        let kind = match (text, level) {
            (")", Level::Top) => ParseErrorKind::UnmatchedParen,
            (",", _) => ParseErrorKind::CommaBetweenConditions,
            ("&&" | "&", _) => ParseErrorKind::SymbolKeyword {
                found: text.to_owned(),
                expected: "and",
            },
            ("||" | "|", _) => ParseErrorKind::SymbolKeyword {
                found: text.to_owned(),
                expected: "or",
            },
            _ => match keyword_in_other_case(text, &["and", "or"]) {
                Some(expected) => ParseErrorKind::UppercaseKeyword {
                    found: text.to_owned(),
                    expected,
                },
                None => match level {
                    Level::Top => ParseErrorKind::ExpectedJunctionOrEnd { found },
                    Level::Group => ParseErrorKind::ExpectedJunctionOrClose { found },
                },
            },
        };
        self.error(kind, span)
    }

    fn missing_condition(&self, pair: Pair<'i, Rule>, after: After) -> ParseError {
        let (found, span) = self.found(pair);
        let kind = match (after, found.as_str()) {
            (_, Some("!")) => ParseErrorKind::SymbolKeyword {
                found: "!".to_owned(),
                expected: "not",
            },
            (After::Start, None) => ParseErrorKind::Empty,
            (After::OpenParen, Some(")")) => ParseErrorKind::EmptyParens,
            (After::Keyword(keyword), _) => ParseErrorKind::MissingCondition {
                after: keyword,
                found,
            },
            (After::OpenParen, _) => ParseErrorKind::MissingCondition { after: "(", found },
            (After::Start, Some(_)) => ParseErrorKind::ExpectedCondition { found },
        };
        self.error(kind, span)
    }

    fn misplaced_operator(&self, pair: Pair<'i, Rule>) -> ParseError {
        let whole = span_of(&pair);
        let op = pair.into_inner().next();
        let (op, span) = op.map_or(("?".to_owned(), whole), |p| {
            (p.as_str().to_owned(), span_of(&p))
        });
        self.error(ParseErrorKind::MissingField { op }, span)
    }

    fn missing_value(&self, pair: Pair<'i, Rule>, after: &str) -> ParseError {
        let (found, span) = self.found(pair);
        // What the value was meant to be, when it is written the way another language writes
        // it: in typographic quotes, or a list in square brackets.
        let rest = &self.input[span.start..];
        let after = after.to_owned();
        let kind = match rest.chars().next() {
            Some(quote) if super::error::TYPOGRAPHIC_QUOTES.contains(&quote) => {
                let suggestion = super::error::straight_quoted(rest);
                ParseErrorKind::TypographicQuote {
                    after,
                    quote,
                    suggestion,
                }
            }
            Some('[') => {
                let suggestion = super::error::parenthesized(rest);
                ParseErrorKind::SquareBracketList { after, suggestion }
            }
            _ => ParseErrorKind::MissingValue { after, found },
        };
        self.error(kind, span)
    }

    fn missing_operator(&self, path: &Pair<'i, Rule>, pair: Pair<'i, Rule>) -> ParseError {
        let field = path.as_str();
        // `NOT a eq 1` and `PR a` read as a field named `NOT`/`PR` followed by junk.
        if let Some(expected) = keyword_in_other_case(field, &["not", "pr"]) {
            return self.error(
                ParseErrorKind::UppercaseKeyword {
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
            return self.error(ParseErrorKind::InvalidFieldPath { path }, whole);
        }
        let text = found.as_str().unwrap_or_default();
        let lower = text.to_ascii_lowercase();
        let kind = if let Some(op) = Op::ALL.into_iter().find(|op| op.as_str() == lower) {
            ParseErrorKind::UppercaseKeyword {
                found: text.to_owned(),
                expected: op.as_str(),
            }
        } else if lower == "ew" {
            ParseErrorKind::EndsWith
        } else if let Some(suggestion) = symbol_operator(text) {
            ParseErrorKind::SymbolOperator {
                found: text.to_owned(),
                suggestion,
            }
        } else if matches!(lower.as_str(), "and" | "or" | "not")
            || !text.starts_with(|c: char| c.is_alphabetic())
        {
            ParseErrorKind::MissingOperator {
                field: field.to_owned(),
                found,
            }
        } else {
            ParseErrorKind::UnknownOperator {
                found: text.to_owned(),
            }
        };
        self.error(kind, span)
    }
}

/// The content of a quoted string the grammar accepted, unescaped: the grammar admits a
/// backslash only before the quote or another backslash, so each backslash stands for the
/// character after it.
fn unescape(content: &str) -> String {
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
fn cmp_op(text: &str) -> Option<CmpOp> {
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

/// `Some(keyword)` when `text` is one of `keywords` in another case (`AND` for `and`).
fn keyword_in_other_case(text: &str, keywords: &[&'static str]) -> Option<&'static str> {
    keywords
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(text) && *k != text)
}

/// The operator a symbol from another query language most likely means.
fn symbol_operator(text: &str) -> Option<Op> {
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
fn grammar_failure(input: &str, error: &pest::error::Error<Rule>) -> ParseError {
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
        ParseErrorKind::Unexpected { found },
        Span::new(at, end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_rule_the_walker_names_exists() {
        // The walker matches on rule names; this keeps a renamed rule from slipping through as
        // an `Internal` error at run time.
        for text in [
            "a eq 1",
            "pr a",
            "a isnull",
            "a in (1)",
            "not (a eq 'x' or b eq y)",
        ] {
            assert!(Filter::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn depth_scan_ignores_parentheses_in_strings() {
        let text = format!("a eq \"{}\"", "(".repeat(100));
        assert!(Filter::parse(&text).is_ok());
    }

    #[test]
    fn excerpt_windows_long_lines() {
        let text = format!(
            "{} and b EQ 1 and {}",
            "a eq 1 and ".repeat(20).trim_end_matches(" and "),
            "c eq 2 and ".repeat(20) + "d eq 3"
        );
        let err = Filter::parse(&text).unwrap_err();
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].starts_with("    …"), "{shown}");
        assert!(lines[1].ends_with('…'), "{shown}");
        assert_eq!(
            &lines[1][lines[2].len()..lines[2].len() + 2],
            "EQ",
            "{shown}"
        );
    }
}
