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
//! assert_eq!(err.column(), 11);
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

use std::fmt::{self, Write as _};

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};

use crate::ast::{
    CmpOp, Condition, ConditionSpans, FieldPath, Filter, Junction, ListOp, Op, Span, Value,
};
use crate::error::Snippet;

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

/// Which spellings of values the parser accepts.
///
/// ```
/// use sailpoint_filters::{Filter, ParseOptions, Syntax};
/// let strict = ParseOptions { syntax: Syntax::Strict, ..Default::default() };
/// assert!(Filter::parse_with("id eq 'x'", &strict).is_err());
/// assert!(Filter::parse_with("id eq 'x'", &ParseOptions::default()).is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// The documented syntax plus what SailPoint's published examples also use: single-quoted
    /// strings (`id eq '2c91…'`) and bare words (`status eq PENDING`) as string values.
    #[default]
    Lenient,
    /// Only the documented syntax: strings must be double-quoted.
    Strict,
}

/// Bounds on the input, so that no filter can take unbounded time or stack.
///
/// ```
/// use sailpoint_filters::{Filter, Limits, ParseErrorKind, ParseOptions};
///
/// let options = ParseOptions { limits: Limits::default().with_max_depth(1), ..Default::default() };
/// let err = Filter::parse_with("((a eq 1))", &options).unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::TooDeep { max: 1 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Longest filter text, in bytes. Default 16 KiB.
    pub max_length: usize,
    /// Deepest nesting of parentheses (groups and lists) and `not`s: `not (a eq 1 or not b eq
    /// 2)` is three deep. Default 64.
    pub max_depth: usize,
    /// Most values in one `in`/`ca` list. Default 1,000.
    pub max_list_values: usize,
}

impl Limits {
    /// The default bounds: 16 KiB of text, 64 levels of parentheses and `not`s, 1,000 values
    /// per list.
    pub const DEFAULT: Limits = Limits {
        max_length: 16 * 1024,
        max_depth: 64,
        max_list_values: 1000,
    };

    /// These limits with another length bound (bytes).
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_length(100).max_length, 100);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> Limits {
        self.max_length = bytes;
        self
    }

    /// These limits with another nesting bound.
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_depth(8).max_depth, 8);
    /// ```
    pub const fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// These limits with another bound on values per list.
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_list_values(5).max_list_values, 5);
    /// ```
    pub const fn with_max_list_values(mut self, values: usize) -> Limits {
        self.max_list_values = values;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// How to parse: the syntax and the limits.
///
/// ```
/// use sailpoint_filters::{Filter, Limits, ParseOptions, Syntax};
/// let options = ParseOptions { syntax: Syntax::Strict, limits: Limits::default() };
/// assert!(Filter::parse_with(r#"name sw "RM""#, &options).is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    /// Lenient (default) or strict spellings of values.
    pub syntax: Syntax,
    /// Bounds on the input.
    pub limits: Limits,
}

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
    /// assert_eq!(err.column(), 7);
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

/// Checks `path` against the grammar's `field_path` rule.
pub(crate) fn check_field_path(path: &str) -> Result<(), ParseError> {
    Grammar::parse(Rule::field_path, path)
        .map(drop)
        .map_err(|e| {
            let at = match e.location {
                pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => {
                    at
                }
            };
            ParseError::new(
                path,
                ParseErrorKind::InvalidFieldPath {
                    path: path.to_owned(),
                },
                Span::new(at, at + 1),
            )
        })
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
        return Err(ParseError::new(
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
                    return Err(ParseError::new(
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
        ParseError::new(self.input, kind, span)
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

    fn list(&self, pair: Pair<'i, Rule>, op: ListOp, spans: &mut Vec<Span>) -> Result<Vec<Value>> {
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
        if values.is_empty() {
            return Err(self.internal(whole));
        }
        Ok(values)
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
            Rule::date_time => match date_time(text) {
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
                            reason: "expected the form 2018-12-18T23:05:55Z or 2023-02-05T10:59:27.214+02:00".to_owned(),
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
        let filter = self.input[name_span.end..].trim().to_owned();
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
        self.error(
            ParseErrorKind::MissingValue {
                after: after.to_owned(),
                found,
            },
            span,
        )
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

/// A date-time the grammar matched (RFC 3339 with a zone), as an instant; or why it is not one.
///
/// jiff checks the ranges. Two cases get a reason of their own, because jiff's would not say
/// what to change: more than nine fractional digits, and an instant outside the years a filter
/// can write (0000 to 9999 in UTC: `0000-01-01T00:00:00+01:00` is in the year -1).
fn date_time(text: &str) -> std::result::Result<jiff::Timestamp, String> {
    const RANGE: &str = "0000-01-01T00:00:00Z to 9999-12-30T22:00:00.999999999Z";
    let zone_start = if text.ends_with(['Z', 'z']) {
        text.len() - 1
    } else {
        text.len().saturating_sub(6)
    };
    let local = &text[..zone_start];
    if let Some((_, fraction)) = local.split_once('.')
        && fraction.len() > 9
    {
        return Err(format!(
            "fractional seconds have {} digits, at most 9 (nanoseconds) are allowed",
            fraction.len()
        ));
    }
    let outside = || format!("the instant is outside the range a filter can hold, {RANGE}");
    match text.parse::<jiff::Timestamp>() {
        Ok(t) if t.as_second() < EARLIEST_SECOND => Err(outside()),
        Ok(t) => Ok(t),
        // The date and time of day are valid, so only the offset took it out of range.
        Err(_) if local.parse::<jiff::civil::DateTime>().is_ok() => Err(outside()),
        Err(e) => Err(e.to_string()),
    }
}

/// 0000-01-01T00:00:00Z in seconds since the Unix epoch: the earliest instant whose canonical
/// spelling the grammar reads back (jiff writes earlier years with a sign and six digits).
const EARLIEST_SECOND: i64 = -62_167_219_200;

/// The comparison operator a `cmp_op` token spells.
/// A number for a message: whole when short, else its first digits and how long it is (a
/// number is ASCII, so bytes are characters).
fn abbreviated_number(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 24;
    if text.len() <= SHOWN + 16 {
        text.into()
    } else {
        format!("{}… ({} characters)", &text[..SHOWN], text.len()).into()
    }
}

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
    ParseError::new(
        input,
        ParseErrorKind::Unexpected { found },
        Span::new(at, end),
    )
}

/// What the parser found where it expected something else.
///
/// ```
/// use sailpoint_filters::{Filter, Found, ParseErrorKind};
/// let err = Filter::parse("name eq").unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::MissingValue { after: "eq".into(), found: Found::End });
/// assert_eq!(Found::End.to_string(), "the end of the filter");
/// assert_eq!(Found::Text("and".into()).to_string(), "`and`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// The input ended.
    End,
    /// This token (cut short when long).
    Text(String),
}

impl Found {
    const MAX_CHARS: usize = 40;

    fn text(token: &str) -> Found {
        match token.char_indices().nth(Found::MAX_CHARS) {
            Some((cut, _)) => Found::Text(format!("{}…", &token[..cut])),
            None => Found::Text(token.to_owned()),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Found::End => None,
            Found::Text(text) => Some(text),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::End => f.write_str("the end of the filter"),
            Found::Text(text) => {
                // A control character would be invisible (or break the line): show its escape.
                f.write_char('`')?;
                for c in text.chars() {
                    if c.is_control() {
                        write!(f, "{}", c.escape_debug())?;
                    } else {
                        f.write_char(c)?;
                    }
                }
                f.write_char('`')
            }
        }
    }
}

/// `filters=saved eq true` gets "pass only `saved eq true`"; `count=true` is another parameter
/// altogether, and "pass only `true`" would be wrong advice.
fn pasted_parameter_message(name: &str, filter: &str) -> String {
    match name.strip_suffix('=') {
        Some("filters") | None => {
            format!("`{name}` is the query parameter, not part of the filter: pass only `{filter}`")
        }
        Some(parameter) => format!(
            "`{name}` starts the `{parameter}` query parameter, not a filter: pass it as its own \
             parameter, and only the filter in `filters`"
        ),
    }
}

const OPERATORS: &str =
    "eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)";

/// What was wrong with a filter's text. The one-line reason of a [`ParseError`].
///
/// ```
/// use sailpoint_filters::{Filter, ParseErrorKind};
/// let err = Filter::parse("name EQ \"x\"").unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::UppercaseKeyword { found: "EQ".into(), expected: "eq" });
/// assert_eq!(err.kind().to_string(), "`EQ` must be lowercase: write `eq`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is longer than [`Limits::max_length`].
    #[error("the filter is {len} bytes long, over the limit of {max} bytes")]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Parentheses and `not`s nest deeper than [`Limits::max_depth`].
    #[error("parentheses and `not`s are nested more than {max} deep, over the nesting limit")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// A list holds more values than [`Limits::max_list_values`].
    #[error("the list holds more than {max} values, over the limit for one list")]
    TooManyValues {
        /// The limit.
        max: usize,
    },
    /// Nothing but whitespace.
    #[error("the filter is empty; write a condition such as `name eq \"x\"`")]
    Empty,
    /// `()` with nothing inside.
    #[error("empty parentheses: expected a condition inside")]
    EmptyParens,
    /// A quote that is never closed.
    #[error("unterminated string: this quote is never closed")]
    UnterminatedString,
    /// A backslash sequence other than `\"`/`\\` (or `\'`/`\\` in single quotes).
    #[error("invalid escape `{escape}` in a string: the only escapes are `\\{quote}` and `\\\\`")]
    InvalidEscape {
        /// The backslash and the character after it.
        escape: String,
        /// The string's quote character.
        quote: char,
    },
    /// A keyword or operator that is not lowercase.
    #[error("`{found}` must be lowercase: write `{expected}`")]
    UppercaseKeyword {
        /// As written.
        found: String,
        /// The lowercase keyword.
        expected: &'static str,
    },
    /// `ew`, SCIM's ends-with, which SailPoint does not support.
    #[error("`ew` (ends with) is not a SailPoint filter operator; the operators are {OPERATORS}")]
    EndsWith,
    /// A word where an operator belongs that is no operator.
    #[error("unknown operator `{found}`; the operators are {OPERATORS}")]
    UnknownOperator {
        /// The word.
        found: String,
    },
    /// A symbol such as `=` or `!=` where an operator belongs.
    #[error("`{found}` is not an operator: write `{suggestion}`")]
    SymbolOperator {
        /// The symbol.
        found: String,
        /// The operator it most likely means.
        suggestion: Op,
    },
    /// A symbol such as `&&` or `||` where `and`/`or` belongs.
    #[error("`{found}` is not a keyword: write `{expected}`")]
    SymbolKeyword {
        /// The symbol.
        found: String,
        /// The keyword it most likely means.
        expected: &'static str,
    },
    /// A field with no operator after it.
    #[error("expected an operator after field `{field}`, found {found}")]
    MissingOperator {
        /// The field.
        field: String,
        /// What came instead.
        found: Found,
    },
    /// An operator with no value after it.
    #[error("expected a value after `{after}`, found {found}")]
    MissingValue {
        /// The operator, `(` or `,` the value should follow.
        after: String,
        /// What came instead.
        found: Found,
    },
    /// An operator with no field before it: `eq "x"`.
    #[error("expected a field name before `{op}`")]
    MissingField {
        /// The operator.
        op: String,
    },
    /// `pr` with no field after it.
    #[error("expected a field after `pr`, found {found}")]
    MissingFieldAfterPr {
        /// What came instead.
        found: Found,
    },
    /// `and`, `or`, `not` or `(` with no condition after it.
    #[error("expected a condition after `{after}`, found {found}")]
    MissingCondition {
        /// The keyword or parenthesis.
        after: &'static str,
        /// What came instead.
        found: Found,
    },
    /// The filter starts with something that cannot start a condition.
    #[error("expected a condition such as `name eq \"x\"`, found {found}")]
    ExpectedCondition {
        /// What came instead.
        found: Found,
    },
    /// `in`/`ca` followed by a single value instead of a list.
    #[error("`{op}` takes a list of values in parentheses, as in `{op} (\"a\", \"b\")`")]
    ExpectedList {
        /// The operator.
        op: Op,
    },
    /// A comparison operator followed by a list.
    #[error("`{op}` compares with one value, not a list; to match any of several values use `in`")]
    UnexpectedList {
        /// The operator.
        op: Op,
    },
    /// `in ()`.
    #[error("`{op}` needs at least one value in its list")]
    EmptyList {
        /// The operator.
        op: Op,
    },
    /// Something other than `,` or `)` after a list value.
    #[error("expected `,` or `)` in the list, found {found}")]
    ExpectedListSeparator {
        /// What came instead.
        found: Found,
    },
    /// A list's `(` that is never closed.
    #[error("the list's `(` is never closed")]
    UnclosedList,
    /// A group's `(` that is never closed.
    #[error("`(` is never closed")]
    UnclosedParen,
    /// A `)` with no `(` before it.
    #[error("`)` has no matching `(`")]
    UnmatchedParen,
    /// A comma between conditions.
    #[error("a comma does not join conditions: use `and` or `or`")]
    CommaBetweenConditions,
    /// Text after a complete filter.
    #[error("expected `and`, `or` or the end of the filter, found {found}")]
    ExpectedJunctionOrEnd {
        /// What came instead.
        found: Found,
    },
    /// Text after a complete condition inside parentheses.
    #[error("expected `and`, `or` or `)`, found {found}")]
    ExpectedJunctionOrClose {
        /// What came instead.
        found: Found,
    },
    /// `filters=` (or another parameter name) pasted in front of the filter.
    #[error("{}", pasted_parameter_message(.name, .filter))]
    PastedParameter {
        /// The parameter name with its `=`.
        name: String,
        /// The text after it.
        filter: String,
    },
    /// `null` as a value.
    #[error(
        "`null` is not a value: test for null with `field isnull`, or for a value with `pr field`"
    )]
    NullValue,
    /// A date-time of the right shape that is not a real instant, or (strict syntax) a bare
    /// word that looks like a broken date-time.
    #[error("invalid date-time `{text}`: {reason}")]
    InvalidDateTime {
        /// As written.
        text: String,
        /// Why it is not one.
        reason: String,
    },
    /// An integer outside the 64-bit range, or a float too large to represent.
    #[error(
        "the number {} is out of range (integers are 64-bit, floats must be finite)",
        abbreviated_number(.text)
    )]
    NumberOutOfRange {
        /// As written.
        text: String,
    },
    /// A bare word as a value, in the strict syntax.
    #[error("unquoted text `{word}` (the strict syntax needs double quotes): write {suggestion}")]
    StrictBareWord {
        /// The word.
        word: String,
        /// Its double-quoted spelling.
        suggestion: String,
    },
    /// A single-quoted string, in the strict syntax.
    #[error("single-quoted string (the strict syntax needs double quotes): write {suggestion}")]
    StrictSingleQuoted {
        /// Its double-quoted spelling.
        suggestion: String,
    },
    /// Text that is not a dotted field path.
    #[error(
        "`{path}` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a keyword), joined by `.`"
    )]
    InvalidFieldPath {
        /// The text.
        path: String,
    },
    /// Something unexpected that no more specific message covers.
    #[error("unexpected {found}")]
    Unexpected {
        /// What was found.
        found: Found,
    },
    /// A parser defect: the grammar produced a shape the walker does not know.
    #[error("internal parser error; please report this filter")]
    Internal,
}

/// A filter that could not be parsed: what was wrong, and where.
///
/// `Display` shows the reason with the line and column, then the input with `^` under the
/// problem:
///
/// ```
/// use sailpoint_filters::Filter;
///
/// let err = Filter::parse(r#"name ew "x""#).unwrap_err();
/// assert_eq!((err.line(), err.column()), (1, 6));
/// assert_eq!(err.span().start, 5);
/// assert_eq!(err.to_string(), "\
/// invalid filter at column 6: `ew` (ends with) is not a SailPoint filter operator; the operators \
/// are eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)
///     name ew \"x\"
///          ^^");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(Box<ErrorDetails>);

/// Everything a [`ParseError`] holds, boxed so that a `Result<_, ParseError>` stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorDetails {
    kind: ParseErrorKind,
    span: Span,
    snippet: Snippet,
}

impl ParseError {
    pub(crate) fn new(input: &str, kind: ParseErrorKind, span: Span) -> ParseError {
        ParseError(Box::new(ErrorDetails {
            kind,
            span,
            snippet: Snippet::new(input, span),
        }))
    }

    /// What was wrong.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, ParseErrorKind};
    /// assert_eq!(Filter::parse("").unwrap_err().kind(), &ParseErrorKind::Empty);
    /// ```
    pub fn kind(&self) -> &ParseErrorKind {
        &self.0.kind
    }

    /// The bytes of the input at fault (empty at the end of the input).
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// assert_eq!(Filter::parse("a eq 1)").unwrap_err().span(), Span::new(6, 7));
    /// ```
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// 1-based line of the problem (filters may span lines).
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// assert_eq!(Filter::parse("a eq 1 and\nb EQ 2").unwrap_err().line(), 2);
    /// ```
    pub fn line(&self) -> usize {
        self.0.snippet.line
    }

    /// 1-based column of the problem within its line, counted in characters.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// assert_eq!(Filter::parse("a eq 1 AND b eq 2").unwrap_err().column(), 8);
    /// ```
    pub fn column(&self) -> usize {
        self.0.snippet.column
    }

    /// The one-line message: the reason and its position, without the excerpt. This is the
    /// text an HTTP 400 body carries.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let err = Filter::parse("name eq").unwrap_err();
    /// assert_eq!(err.message(), "column 8: expected a value after `eq`, found the end of the filter");
    /// ```
    pub fn message(&self) -> String {
        format!("{}: {}", self.0.snippet.position(), self.0.kind)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "invalid filter at {}: {}",
            self.0.snippet.position(),
            self.0.kind
        )?;
        self.0.snippet.write(f, 4)
    }
}

impl std::error::Error for ParseError {}

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
    fn earliest_second_is_the_start_of_year_zero() {
        let earliest = jiff::Timestamp::from_second(EARLIEST_SECOND).unwrap();
        assert_eq!(earliest.to_string(), "0000-01-01T00:00:00Z");
        assert!(date_time("0000-01-01T00:00:00Z").is_ok());
        assert!(date_time("0000-01-01T00:00:00.5+00:01").is_err());
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
