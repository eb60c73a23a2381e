//! What is wrong with a filter for an endpoint: [`CheckProblem`], one per reason, and
//! [`CheckError`], all of them with the filter's text.

use crate::diag::{Diagnostics, ProblemKind};
use crate::filter::Op;
use crate::schema::{Composite, CompositeSet, FieldType, OperatorSet};

/// Every reason a filter does not suit an endpoint.
///
/// `Display` lists the problems, each with its column and a caret under it when the filter's
/// text is known (see [`Diagnostics::with_source`]).
///
/// ```
/// use sailpoint_filters::{Filter, FieldType, Op, Schema, Syntax};
/// let schema = Schema::new("accounts").with_field("id", FieldType::String, [Op::Eq]);
/// let err = Filter::parse("name eq 1")?.check(&schema, Syntax::Lenient).unwrap_err();
/// assert_eq!(err.to_string(), "invalid filter for accounts: unknown field `name` for accounts; filterable fields: id");
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub type CheckError = Diagnostics<CheckProblem>;

/// One reason a filter does not suit an endpoint.
///
/// ```
/// use sailpoint_filters::{CheckProblem, Composite, FieldType, Filter, Op, Schema, Syntax};
/// let schema = Schema::new("accounts")
///     .with_field("name", FieldType::String, [Op::Eq])
///     .with_composites([Composite::And, Composite::Or]);
/// let err = Filter::parse(r#"not name eq "a""#)?.check(&schema, Syntax::Lenient).unwrap_err();
/// let kind = err.kind();
/// assert!(matches!(kind, CheckProblem::CompositeNotAllowed { composite: Composite::Not, .. }));
/// assert_eq!(kind.to_string(), "`not` is not supported by accounts; composite operators: and, or");
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckProblem {
    /// The endpoint cannot filter on this field.
    #[error(
        "unknown field `{field}` for {endpoint}; {}: {}",
        suggestion.as_ref().map_or("filterable fields".to_owned(), |s| format!("did you mean `{s}`? Filterable fields")),
        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
    )]
    #[non_exhaustive]
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
    #[non_exhaustive]
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
    /// A value the field's type cannot take.
    #[error(
        "`{field}` is {} field and takes {}, not {}{}",
        field_type.with_article(),
        expected(*field_type),
        crate::diag::Escaped(.value),
        if *strict { format!(" (the strict syntax needs quotes: \"{}\")", crate::diag::Escaped(.value)) } else { String::new() }
    )]
    #[non_exhaustive]
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
    #[error(
        "`{composite}` is not supported by {endpoint}; {}",
        if allowed.iter().next().is_none() { "a filter there is a single condition".to_owned() } else { format!("composite operators: {allowed}") }
    )]
    #[non_exhaustive]
    CompositeNotAllowed {
        /// The composite operator.
        composite: Composite,
        /// The endpoint.
        endpoint: String,
        /// Those it supports.
        allowed: CompositeSet,
    },
    /// More `and`/`or` operators than the endpoint allows in one filter.
    #[error(
        "{endpoint} allows at most {max} `and`/`or` {} in a filter; this one has {found}",
        if *max == 1 { "operator" } else { "operators" }
    )]
    #[non_exhaustive]
    TooManyJunctions {
        /// The endpoint.
        endpoint: String,
        /// The most it allows.
        max: u32,
        /// How many the filter has (`a and b and c` has two).
        found: u32,
    },
    /// `and`/`or` joins two conditions on one field where the endpoint allows only different
    /// fields.
    #[error(
        "`{composite}` joins two conditions on `{field}`; {endpoint} joins only conditions on different fields"
    )]
    #[non_exhaustive]
    SameFieldJoined {
        /// `and` or `or`.
        composite: Composite,
        /// The field.
        field: String,
        /// The endpoint.
        endpoint: String,
    },
    /// `not` before something other than an `in` condition, where the endpoint allows only
    /// `not field in (…)`.
    #[error("{endpoint} allows `not` only right before an `in` condition: `not field in (…)`")]
    #[non_exhaustive]
    NotOnlyBeforeIn {
        /// The endpoint.
        endpoint: String,
    },
    /// More `not`s than the endpoint allows in one filter.
    #[error("{endpoint} allows at most {max} `not` in a filter; this one has {found}")]
    #[non_exhaustive]
    TooManyNots {
        /// The endpoint.
        endpoint: String,
        /// The most it allows.
        max: u32,
        /// How many the filter has.
        found: u32,
    },
    /// `and`/`or` nest deeper than a checked filter may (`not` does not count).
    #[error("`and`/`or` nest more than {max} deep")]
    #[non_exhaustive]
    TooDeep {
        /// The limit, [`MAX_DEPTH`](crate::check::MAX_DEPTH).
        max: usize,
    },
    /// A request without `filters` to an endpoint that requires them.
    #[error("the parameter is required by {endpoint}")]
    #[non_exhaustive]
    FiltersRequired {
        /// The endpoint.
        endpoint: String,
    },
}

impl ProblemKind for CheckProblem {}

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
