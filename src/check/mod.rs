//! The checked stage: syntax trees × [`Schema`] → what the endpoint reads, validated once.
//!
//! Like a compiler's move from syntax tree to checked form, checking a [`Filter`] against an
//! endpoint's schema, with the [`Syntax`](crate::Syntax) it was parsed under, gives a
//! [`CheckedFilter`]: values coerced to the field types, each field's spec resolved, the source
//! text kept. [`Sorters::check`](crate::Sorters::check) gives [`CheckedSorters`] (each key's
//! fields and case rule resolved) and [`Paging::check`](crate::Paging::check) the paging with the endpoint's `limit`.
//! Every later stage — the in-memory matcher ([`crate::eval`]), the page of a query
//! ([`crate::query`]) — takes these checked forms, so nothing is validated twice and no setting
//! is lost between stages.
//!
//! ```
//! use sailpoint_filters::{FieldType, Filter, Op, Schema, Syntax};
//!
//! let schema = Schema::new("sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw]);
//!
//! // Checked once: `"true"` is read as the boolean the field holds.
//! let checked = schema.parse_filter(r#"saved eq "true" and name sw "RM""#, &Default::default())?;
//! assert_eq!(checked.to_string(), r#"saved eq true and name sw "RM""#);
//! assert_eq!(checked.field("saved").unwrap().field_type(), FieldType::Boolean);
//!
//! // The strict syntax is kept: a bare integer is no string there.
//! let strict = Filter::parse("name eq 5")?.check(&schema, Syntax::Strict).unwrap_err();
//! assert_eq!(strict.to_string(), "invalid filter for sessions: `name` is a string field and takes a string, not 5 (the strict syntax needs quotes: \"5\")");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod filter;
mod lowered;
mod paging;
mod query;
mod rules;
mod sorters;

use std::fmt;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Parameter, ProblemKind, RequestProblem};
use crate::filter::{FieldPath, Filter, ParseProblem};
use crate::paging::PagingProblem;
use crate::schema::{FieldSpec, Schema};
use crate::sorters::{SortKey, Sorters, SortersParseProblem};

pub use error::{CheckError, CheckProblem};
pub use lowered::{Comparison, MAX_DEPTH, Node, Slot, Test};
pub use query::CheckedQuery;
pub(crate) use rules::missing_filters;
pub use sorters::{SortersCheckError, SortersCheckProblem};

/// Any problem with a request's collection parameters, from any stage: what [`Error`] holds.
///
/// ```
/// use sailpoint_filters::{CollectionQuery, Problem, ParseProblem};
/// let err = CollectionQuery::from_query_string("filters=").unwrap_err();
/// assert_eq!(err.kind(), &Problem::Parse(ParseProblem::Empty));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// `filters` does not parse.
    #[error(transparent)]
    Parse(ParseProblem),
    /// `filters` does not suit the endpoint.
    #[error(transparent)]
    Check(CheckProblem),
    /// `sorters` does not parse.
    #[error(transparent)]
    SortersParse(SortersParseProblem),
    /// `sorters` do not suit the endpoint.
    #[error(transparent)]
    SortersCheck(SortersCheckProblem),
    /// `offset`, `limit` or `count` is out of range.
    #[error(transparent)]
    Paging(PagingProblem),
    /// The query string itself: too long, badly encoded, a parameter repeated.
    #[error(transparent)]
    Request(RequestProblem),
}

impl ProblemKind for Problem {
    fn names_parameter(&self) -> bool {
        match self {
            Problem::Parse(p) => p.names_parameter(),
            Problem::Check(p) => p.names_parameter(),
            Problem::SortersParse(p) => p.names_parameter(),
            Problem::SortersCheck(p) => p.names_parameter(),
            Problem::Paging(p) => p.names_parameter(),
            Problem::Request(p) => p.names_parameter(),
        }
    }
}

macro_rules! problem_from {
    ($($kind:ty => $variant:ident),* $(,)?) => {$(
        impl From<$kind> for Problem {
            fn from(kind: $kind) -> Problem {
                Problem::$variant(kind)
            }
        }

        impl From<Diagnostics<$kind>> for Error {
            fn from(err: Diagnostics<$kind>) -> Error {
                err.convert()
            }
        }
    )*};
}

problem_from! {
    ParseProblem => Parse,
    CheckProblem => Check,
    SortersParseProblem => SortersParse,
    SortersCheckProblem => SortersCheck,
    PagingProblem => Paging,
    RequestProblem => Request,
}

/// Every problem with a request's collection parameters, whatever stage found it: what
/// SailPoint answers with `400 Bad Request` ([`Diagnostics::to_error_body`]).
///
/// Each stage's own error converts into it with `?`:
///
/// ```
/// use sailpoint_filters::{Error, Filter, Schema, Syntax};
///
/// fn canonical(text: &str, schema: &Schema) -> Result<String, Error> {
///     Ok(Filter::parse(text)?.check(schema, Syntax::Lenient)?.to_string())
/// }
/// let err = canonical("name EQ 1", &Schema::new("x")).unwrap_err();
/// assert_eq!(err.to_error_body().causes[0].text, "filters: column 6: `EQ` must be lowercase: write `eq`");
/// ```
pub type Error = Diagnostics<Problem>;

/// A filter checked against an endpoint: what the endpoint reads.
///
/// Its values are coerced to the field types (`saved eq "true"` holds the boolean `true`), the
/// spec of each field it names is resolved, and the tree is lowered into the form every engine
/// reads ([`CheckedFilter::root`], see [`Node`]). It is the only input of the stages that run a
/// filter ([`crate::eval::compile`], the SQL translation). `Display` prints the canonical text
/// of the filter as the endpoint reads it.
///
/// ```
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let checked = RoleMiningSessions::schema().parse_filter(r#"saved eq "true""#, &Default::default())?;
/// assert_eq!(checked.to_string(), "saved eq true");
/// assert_eq!(checked.source(), Some(r#"saved eq "true""#));
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CheckedFilter {
    /// The tree with its values coerced, for printing.
    filter: Filter,
    /// The lowered tree.
    root: Node,
    /// The spec of each field the filter names, once each: what a [`Slot`] indexes.
    fields: Vec<FieldSpec>,
    source: Option<Arc<str>>,
}

impl CheckedFilter {
    /// The checked filter of a tree whose every field is one of `fields`, lowered.
    fn new(filter: Filter, fields: Vec<FieldSpec>) -> Result<CheckedFilter, CheckError> {
        match lowered::lower(&filter, &fields) {
            Ok(root) => Ok(CheckedFilter {
                filter,
                root,
                fields,
                source: None,
            }),
            Err(lowered::LowerError::TooDeep(span)) => {
                let kind = CheckProblem::TooDeep {
                    max: lowered::MAX_DEPTH,
                };
                let problem = Diagnostic::new(kind, Parameter::Filters, span);
                Err(Diagnostics::from(problem))
            }
        }
    }

    /// A filter already valid for `schema` — built by the typed field functions of its
    /// endpoint, whose types admit only what the schema allows — resolved and lowered without
    /// checking its fields and operators again. Debug builds check it anyway. The one error is
    /// a tree that nests `and`/`or` deeper than [`MAX_DEPTH`].
    pub(crate) fn trusted(filter: Filter, schema: &Schema) -> Result<CheckedFilter, CheckError> {
        debug_assert!(
            filter.check(schema, crate::Syntax::Strict).is_ok()
                || CheckedFilter::too_deep(&filter, schema),
            "a typed filter does not suit its schema: {filter}"
        );
        let mut fields: Vec<FieldSpec> = Vec::new();
        for (condition, _) in filter.conditions() {
            if let Some(spec) = schema.resolve_field(condition.field().as_str())
                && !fields.iter().any(|f| f.path() == spec.path())
            {
                fields.push(spec.into_owned());
            }
        }
        CheckedFilter::new(filter, fields).map_err(|err| err.with_endpoint(schema.endpoint()))
    }

    /// Whether checking refuses `filter` only for its depth (debug builds' check of
    /// [`CheckedFilter::trusted`]).
    fn too_deep(filter: &Filter, schema: &Schema) -> bool {
        filter
            .check(schema, crate::Syntax::Strict)
            .is_err_and(|err| {
                err.problems()
                    .iter()
                    .all(|p| matches!(p.kind(), CheckProblem::TooDeep { .. }))
            })
    }

    /// The same filter, remembering the text it was parsed from.
    pub(crate) fn with_source(mut self, text: &str) -> CheckedFilter {
        self.source = Some(text.into());
        self
    }

    /// The filter as the endpoint reads it: values coerced to the field types, spans kept.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The filter, unwrapped.
    pub fn into_filter(self) -> Filter {
        self.filter
    }

    /// The spec of a field the filter names.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Gt]);
    /// let checked = schema.parse_filter("n gt 3", &Default::default())?;
    /// assert_eq!(checked.field("n").unwrap().field_type(), FieldType::Integer);
    /// assert!(checked.field("m").is_none());
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn field(&self, path: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.path().as_str() == path)
    }

    /// The specs of the fields the filter names, each once, in reading order: the fields the
    /// [`Slot`]s of [`CheckedFilter::root`] index.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    /// The text the filter was parsed from, when it was.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

/// One checked sort key: the key, the fields it orders by in turn, and whether their text
/// compares exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedKey {
    key: SortKey,
    by: Vec<FieldPath>,
    case_sensitive: bool,
}

impl CheckedKey {
    /// The key as requested.
    pub fn key(&self) -> &SortKey {
        &self.key
    }

    /// Whether the order is reversed.
    pub fn is_descending(&self) -> bool {
        self.key.descending
    }

    /// The fields the key orders by, in turn (role mining sessions' `createdBy` orders by
    /// `createdBy.displayName`, then `createdBy.id`).
    pub fn by(&self) -> &[FieldPath] {
        &self.by
    }

    /// Whether text compares exactly (the field is case-sensitive) rather than by its
    /// lowercase mapping.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }
}

/// Sorters checked against an endpoint: every key sortable and present once, resolved to the
/// fields it orders by.
///
/// ```
/// use sailpoint_filters::{Schema, Sorters};
/// let schema = Schema::new("x").with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"]);
/// let checked = Sorters::parse("-createdBy")?.check(&schema).unwrap();
/// assert_eq!(checked.to_string(), "-createdBy");
/// assert_eq!(checked.keys()[0].by().len(), 2);
/// # Ok::<(), sailpoint_filters::SortersParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckedSorters {
    keys: Vec<CheckedKey>,
}

impl CheckedSorters {
    /// The keys, most significant first.
    pub fn keys(&self) -> &[CheckedKey] {
        &self.keys
    }

    /// Whether there are no keys: records keep their stored order.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The sorters as requested.
    pub fn sorters(&self) -> Sorters {
        self.keys.iter().map(|k| k.key.clone()).collect()
    }
}

impl fmt::Display for CheckedSorters {
    /// The canonical text: keys joined by `,`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.sorters().fmt(f)
    }
}
