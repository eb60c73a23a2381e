//! Filter × [`Schema`] → the filter the endpoint accepts, or every reason it would answer 400.
//!
//! Validation checks each condition's field, operator and values against the schema, and each
//! `and`/`or`/`not` against the endpoint's composite operators. It reports all problems, each
//! pointing at its token when the filter came from text. On success it returns the filter with
//! values coerced to the field types, the way SailPoint reads them:
//!
//! * boolean fields take `true`/`false`, also quoted: `saved eq "true"`;
//! * date-time fields take date-times, also quoted: `created ge "2022-02-07T20:13:29.356Z"`;
//! * string fields take strings; in the lenient syntax also integers written bare
//!   (`id eq 12345` means `id eq "12345"`), which the strict syntax rejects;
//! * untyped fields ([`FieldType::Any`]) take any value as written.
//!
//! ```
//! use sailpoint_filters::{Filter, FieldType, Op, Schema, Syntax, validate};
//!
//! let schema = Schema::new("role-mining-sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw]);
//!
//! let checked = validate::validate(&Filter::parse(r#"saved eq "true""#)?, &schema, Syntax::Lenient).unwrap();
//! assert_eq!(checked.to_string(), "saved eq true");
//!
//! let text = r#"saved sw "x" and nmae eq "y""#;
//! let err = schema.check(text, &Default::default()).unwrap_err();
//! assert_eq!(err.to_string(), "\
//! invalid filter for role-mining-sessions (2 problems):
//! column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
//!     saved sw \"x\" and nmae eq \"y\"
//!           ^^
//! column 18: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
//!     saved sw \"x\" and nmae eq \"y\"
//!                      ^^^^");
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```

use std::fmt;

use crate::ast::{Condition, Filter, FilterKind, Op, Span, Value};
use crate::error::Snippet;
use crate::parse::{ParseOptions, Syntax};
use crate::schema::{Composite, CompositeSet, FieldSpec, FieldType, OperatorSet, Schema};

/// Checks `filter` against `schema`; returns the filter with values coerced to the field types,
/// or every problem found.
///
/// ```
/// use sailpoint_filters::{Filter, FieldType, Op, Schema, Syntax, validate::validate};
/// let schema = Schema::new("x").with_field("id", FieldType::String, [Op::Eq]);
/// let filter = Filter::parse("id eq 12345")?;
/// assert_eq!(validate(&filter, &schema, Syntax::Lenient).unwrap().to_string(), r#"id eq "12345""#);
/// assert!(validate(&filter, &schema, Syntax::Strict).is_err());
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub fn validate(
    filter: &Filter,
    schema: &Schema,
    syntax: Syntax,
) -> Result<Filter, ValidationError> {
    let mut checked = filter.clone();
    let mut problems = Vec::new();
    let mut stack = vec![&mut checked];
    while let Some(node) = stack.pop() {
        let span = node.span();
        let spans = node.condition_spans().cloned();
        let composite = match node.kind() {
            FilterKind::And(_) => Some(Composite::And),
            FilterKind::Or(_) => Some(Composite::Or),
            FilterKind::Not(_) => Some(Composite::Not),
            FilterKind::Condition(_) => None,
        };
        if let Some(composite) = composite {
            check_composite(schema, composite, span, &mut problems);
        }
        match node.kind_mut() {
            // Pushed in reverse so that problems come out in reading order.
            FilterKind::And(children) | FilterKind::Or(children) => {
                stack.extend(children.iter_mut().rev())
            }
            FilterKind::Not(child) => stack.push(child),
            FilterKind::Condition(condition) => {
                let spans = spans.unwrap_or_default();
                let located = |s: Span| span.map(|_| s);
                check_condition(schema, syntax, condition, &spans, located, &mut problems);
            }
        }
    }
    // A junction's problem was found before its operands'; report in reading order.
    problems.sort_by_key(|p| p.span.map(|s| s.start));
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(ValidationError {
            endpoint: schema.endpoint.clone(),
            problems,
            source: None,
        })
    }
}

fn check_composite(
    schema: &Schema,
    composite: Composite,
    span: Option<Span>,
    problems: &mut Vec<Problem>,
) {
    if !schema.composites.contains(composite) {
        let kind = ProblemKind::CompositeNotAllowed {
            composite,
            endpoint: schema.endpoint.clone(),
            allowed: schema.composites,
        };
        problems.push(Problem { kind, span });
    }
}

fn check_condition(
    schema: &Schema,
    syntax: Syntax,
    condition: &mut Condition,
    spans: &crate::ast::ConditionSpans,
    located: impl Fn(Span) -> Option<Span>,
    problems: &mut Vec<Problem>,
) {
    let field = condition.field().as_str().to_owned();
    let Some(spec) = schema.field(&field) else {
        let kind = ProblemKind::UnknownField {
            suggestion: schema.closest_field(&field).map(str::to_owned),
            known: schema
                .fields
                .iter()
                .map(|f| f.path.as_str().to_owned())
                .collect(),
            field,
            endpoint: schema.endpoint.clone(),
        };
        problems.push(Problem {
            kind,
            span: located(spans.field),
        });
        return;
    };
    let op = condition.op();
    if !spec.operators.contains(op) {
        let kind = ProblemKind::OperatorNotAllowed {
            field,
            op,
            endpoint: schema.endpoint.clone(),
            allowed: spec.operators,
        };
        problems.push(Problem {
            kind,
            span: located(spans.op),
        });
        return;
    }
    if let Some(kind) = operator_type_problem(spec, op) {
        problems.push(Problem {
            kind,
            span: located(spans.op),
        });
        return;
    }
    let values: &mut [Value] = match condition {
        Condition::Compare { value, .. } => std::slice::from_mut(value),
        Condition::List { values, .. } => values,
        Condition::Present { .. } | Condition::IsNull { .. } => &mut [],
    };
    for (i, value) in values.iter_mut().enumerate() {
        match coerce(value, spec.field_type, syntax) {
            Some(coerced) => *value = coerced,
            None => {
                let kind = ProblemKind::WrongValueType {
                    field: field.clone(),
                    field_type: spec.field_type,
                    value: value.to_string(),
                    strict: syntax == Syntax::Strict
                        && matches!(value, Value::Integer(_))
                        && spec.field_type.is_textual(),
                };
                let span = spans.values.get(i).copied().and_then(&located);
                problems.push(Problem { kind, span });
            }
        }
    }
}

/// An operator the schema allows but the field's type cannot support (a hand-written schema
/// that lists `sw` on a boolean, say).
fn operator_type_problem(spec: &FieldSpec, op: Op) -> Option<ProblemKind> {
    let field = spec.path.as_str().to_owned();
    let field_type = spec.field_type;
    match op {
        Op::Co | Op::Sw if !field_type.is_textual() => Some(ProblemKind::TextOperatorOnNonText {
            field,
            op,
            field_type,
        }),
        Op::Gt | Op::Ge | Op::Lt | Op::Le if !field_type.is_ordered() => {
            Some(ProblemKind::OrderOnUnordered {
                field,
                op,
                field_type,
            })
        }
        Op::Ca if !field_type.is_collection() => {
            Some(ProblemKind::CollectionOperatorOnScalar { field, field_type })
        }
        _ => None,
    }
}

/// The value as the field type reads it, or `None` if it cannot be one.
fn coerce(value: &Value, field_type: FieldType, syntax: Syntax) -> Option<Value> {
    let printable = |t: &jiff::Timestamp| (FIRST_INSTANT..=LAST_INSTANT).contains(&t.as_second());
    match (field_type, value) {
        // A date-time outside years 0000–9999 has no RFC 3339 spelling: the filter could not be
        // sent. (The parser never produces one; code can.)
        (_, Value::DateTime(t)) if !printable(t) => None,
        (FieldType::Any, v) => Some(v.clone()),
        (FieldType::Boolean, Value::Boolean(_)) => Some(value.clone()),
        (FieldType::Boolean, Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Boolean(true)),
            "false" => Some(Value::Boolean(false)),
            _ => None,
        },
        (FieldType::String | FieldType::StringCollection, Value::String(_)) => Some(value.clone()),
        (FieldType::String | FieldType::StringCollection, Value::Integer(i))
            if syntax == Syntax::Lenient =>
        {
            Some(Value::String(i.to_string()))
        }
        (FieldType::Integer, Value::Integer(_)) => Some(value.clone()),
        (FieldType::Number, Value::Integer(_) | Value::Float(_)) => Some(value.clone()),
        (FieldType::DateTime, Value::DateTime(_)) => Some(value.clone()),
        (FieldType::DateTime, Value::String(s)) => s
            .parse::<jiff::Timestamp>()
            .ok()
            .filter(printable)
            .map(Value::DateTime),
        _ => None,
    }
}

/// `0000-01-01T00:00:00Z` and the last second of `9999-12-31`, in seconds since 1970: the
/// instants RFC 3339 can write.
const FIRST_INSTANT: i64 = -62_167_219_200;
const LAST_INSTANT: i64 = 253_402_300_799;

impl Schema {
    /// Parses `text` and validates it against this schema: what a server does with a `filters`
    /// parameter. Errors show the text with a caret under each problem.
    ///
    /// ```
    /// use sailpoint_filters::{Error, FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq]);
    /// assert_eq!(schema.check(r#"saved eq "false""#, &Default::default())?.to_string(), "saved eq false");
    /// assert!(matches!(schema.check("saved eq 1", &Default::default()), Err(Error::Validation(_))));
    /// assert!(matches!(schema.check("saved eq", &Default::default()), Err(Error::Parse(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn check(&self, text: &str, options: &ParseOptions) -> Result<Filter, crate::Error> {
        let filter = Filter::parse_with(text, options)?;
        Ok(validate(&filter, self, options.syntax).map_err(|e| e.with_source(text))?)
    }
}

/// One reason a filter does not suit an endpoint.
///
/// ```
/// use sailpoint_filters::validate::ProblemKind;
/// use sailpoint_filters::{Composite, CompositeSet};
/// let kind = ProblemKind::CompositeNotAllowed {
///     composite: Composite::Not,
///     endpoint: "accounts".into(),
///     allowed: CompositeSet::of(&[Composite::And, Composite::Or]),
/// };
/// assert_eq!(kind.to_string(), "`not` is not supported by accounts; composite operators: and, or");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The endpoint cannot filter on this field.
    #[error(
        "unknown field `{field}` for {endpoint}; {}: {}",
        suggestion.as_ref().map_or("filterable fields".to_owned(), |s| format!("did you mean `{s}`? Filterable fields")),
        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
    )]
    UnknownField {
        /// The field as written.
        field: String,
        /// The endpoint.
        endpoint: String,
        /// The closest filterable field, if one is close.
        suggestion: Option<String>,
        /// All filterable fields.
        known: Vec<String>,
    },
    /// The field does not allow this operator.
    #[error(
        "`{op}` is not supported on field `{field}` of {endpoint}; `{field}` supports: {allowed}"
    )]
    OperatorNotAllowed {
        /// The field.
        field: String,
        /// The operator.
        op: Op,
        /// The endpoint.
        endpoint: String,
        /// The operators the field allows.
        allowed: OperatorSet,
    },
    /// `co` or `sw` on a field that is not text.
    #[error("`{op}` needs a text field, but `{field}` is {} field", with_article(*field_type))]
    TextOperatorOnNonText {
        /// The field.
        field: String,
        /// The operator.
        op: Op,
        /// The field's type.
        field_type: FieldType,
    },
    /// `gt`, `ge`, `lt` or `le` on a boolean field.
    #[error("`{op}` needs ordered values, but `{field}` is {} field", with_article(*field_type))]
    OrderOnUnordered {
        /// The field.
        field: String,
        /// The operator.
        op: Op,
        /// The field's type.
        field_type: FieldType,
    },
    /// `ca` on a field that holds one value.
    #[error(
        "`ca` needs a collection field, but `{field}` is {} field; use `in` or `eq`",
        with_article(*field_type)
    )]
    CollectionOperatorOnScalar {
        /// The field.
        field: String,
        /// The field's type.
        field_type: FieldType,
    },
    /// A value the field's type cannot take.
    #[error(
        "`{field}` is {} field and takes {}, not {value}{}",
        with_article(*field_type),
        expected(*field_type),
        if *strict { format!(" (the strict syntax needs quotes: \"{}\")", value) } else { String::new() }
    )]
    WrongValueType {
        /// The field.
        field: String,
        /// The field's type.
        field_type: FieldType,
        /// The value, in canonical spelling.
        value: String,
        /// Whether the value is an integer the lenient syntax would have read as a string.
        strict: bool,
    },
    /// An `and`, `or` or `not` the endpoint does not support.
    #[error("`{composite}` is not supported by {endpoint}; composite operators: {allowed}")]
    CompositeNotAllowed {
        /// The composite operator.
        composite: Composite,
        /// The endpoint.
        endpoint: String,
        /// Those it supports.
        allowed: CompositeSet,
    },
}

/// The type's name with its indefinite article: "a boolean", "an integer".
fn with_article(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String => "a string",
        FieldType::Boolean => "a boolean",
        FieldType::Integer => "an integer",
        FieldType::Number => "a number",
        FieldType::DateTime => "a date-time",
        FieldType::StringCollection => "a string collection",
        FieldType::Any => "an untyped",
    }
}

fn expected(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String | FieldType::StringCollection => "a string",
        FieldType::Boolean => "true or false (quoted or not)",
        FieldType::Integer => "an integer",
        FieldType::Number => "a number",
        FieldType::DateTime => "an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not)",
        FieldType::Any => "any value",
    }
}

/// One problem and where it is.
///
/// ```
/// use sailpoint_filters::{FieldType, Op, Schema, Span, Error};
/// let schema = Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq]);
/// let Err(Error::Validation(err)) = schema.check(r#"saved eq "yes""#, &Default::default()) else { panic!() };
/// assert_eq!(err.problems()[0].span, Some(Span::new(9, 14)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// The offending token, when the filter was parsed from text.
    pub span: Option<Span>,
}

/// Every reason a filter does not suit an endpoint.
///
/// `Display` lists the problems, each with its column and a caret under it when the filter's
/// text is known (see [`ValidationError::with_source`]).
///
/// ```
/// use sailpoint_filters::{Filter, FieldType, Op, Schema, Syntax, validate::validate};
/// let schema = Schema::new("accounts").with_field("id", FieldType::String, [Op::Eq]);
/// let err = validate(&Filter::parse("name eq 1")?, &schema, Syntax::Lenient).unwrap_err();
/// assert_eq!(err.to_string(), "invalid filter for accounts: unknown field `name` for accounts; filterable fields: id");
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    endpoint: String,
    problems: Vec<Problem>,
    source: Option<String>,
}

impl ValidationError {
    /// The problems, in reading order.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Schema, Syntax, validate::validate};
    /// let err = validate(&Filter::parse("a eq 1 and b eq 2")?, &Schema::new("x"), Syntax::Lenient).unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The endpoint validated against.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Schema, Syntax, validate::validate};
    /// let err = validate(&Filter::parse("a eq 1")?, &Schema::new("accounts"), Syntax::Lenient).unwrap_err();
    /// assert_eq!(err.endpoint(), "accounts");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Attaches the filter's text, so that `Display` can show each problem in place.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Schema, Syntax, validate::validate};
    /// let text = "a eq 1";
    /// let err = validate(&Filter::parse(text)?, &Schema::new("x"), Syntax::Lenient).unwrap_err().with_source(text);
    /// assert!(err.to_string().ends_with("\n    a eq 1\n    ^"));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn with_source(mut self, text: &str) -> ValidationError {
        self.source = Some(text.to_owned());
        self
    }

    /// One line per problem — `column 7: …` when the position is known — for HTTP 400 bodies.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema, Error};
    /// let schema = Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq]);
    /// let Err(Error::Validation(err)) = schema.check("saved ne true", &Default::default()) else { panic!() };
    /// assert_eq!(err.messages(), ["column 7: `ne` is not supported on field `saved` of x; `saved` supports: eq"]);
    /// ```
    pub fn messages(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| match self.snippet(p) {
                Some(snippet) => format!("{}: {}", snippet.position(), p.kind),
                None => p.kind.to_string(),
            })
            .collect()
    }

    fn snippet(&self, problem: &Problem) -> Option<Snippet> {
        Some(Snippet::new(self.source.as_deref()?, problem.span?))
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [only] = self.problems.as_slice() else {
            write!(
                f,
                "invalid filter for {} ({} problems):",
                self.endpoint,
                self.problems.len()
            )?;
            for problem in &self.problems {
                f.write_str("\n")?;
                self.write_problem(f, problem)?;
            }
            return Ok(());
        };
        write!(f, "invalid filter for {}: ", self.endpoint)?;
        self.write_problem(f, only)
    }
}

impl ValidationError {
    fn write_problem(&self, f: &mut fmt::Formatter<'_>, problem: &Problem) -> fmt::Result {
        match self.snippet(problem) {
            Some(snippet) => {
                writeln!(f, "{}: {}", snippet.position(), problem.kind)?;
                snippet.write(f, 4)
            }
            None => write!(f, "{}", problem.kind),
        }
    }
}

impl std::error::Error for ValidationError {}
