//! The in-memory engine: checked filters compiled into matchers, checked sorters into sort
//! plans, run over records.
//!
//! [`compile`] takes a [`CheckedFilter`] — validation happened once, before — and does the rest
//! of the per-query work: case folding, date-time parsing, field resolution
//! ([`Record::resolve`]). The [`Matcher`] it gives tests records without allocating.
//! [`SortPlan`] does the same for [`CheckedSorters`](crate::check::CheckedSorters).
//!
//! ```
//! use sailpoint_filters::{FieldType, Op, Schema, eval};
//! use serde_json::json;
//!
//! let schema = Schema::new("sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw]);
//! let checked = schema.check(r#"saved eq "true" and name sw "rm session""#, &Default::default())?;
//! let matcher = eval::compile::<serde_json::Value>(&checked)?;
//!
//! assert!(matcher.matches(&json!({"saved": true, "name": "RM Session - 07/10"})));
//! assert!(!matcher.matches(&json!({"saved": false, "name": "RM Session - 07/10"})));
//! assert!(!matcher.matches(&json!({"saved": true, "name": null})));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Semantics (SPEC §3)
//!
//! * String comparisons — `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `co`, `sw`, `in`, `ca` — ignore case
//!   by comparing both sides after Unicode lowercase mapping (`str::to_lowercase`, except that
//!   Greek final sigma `ς` folds to `σ` so that it matches either way), unless the
//!   schema marks the field case-sensitive. `gt`/`lt` order lowercased text by code point.
//! * A comparison on a null or missing field is false, except `ne`, which is exactly `not eq`
//!   and so true. `isnull` holds for null or missing; `pr` is its negation. `not` always flips.
//! * Numbers compare exactly across integers and floats; date-times compare as instants,
//!   whatever their offsets; booleans support equality only.
//! * `in` holds if the field equals one of the values; `ca` if the collection field contains
//!   every value. A scalar comparison on a collection holds if it holds for some element.
//! * `co` finds the text at a character boundary of the field's value.

mod matcher;
mod sort;
mod test;

use crate::check::CheckedFilter;
use crate::filter::{FieldPath, Filter};
use crate::value::Record;

pub use matcher::Matcher;
pub use sort::SortPlan;

use matcher::Compiler;

/// Compiles a checked filter for records of type `R`.
///
/// The per-query work happens here: strings are case folded, date-times parsed, and fields
/// resolved through [`Record::resolve`]. `not` chains are folded into their operand, so a chain
/// of any length costs nothing at match time.
///
/// # Errors
///
/// [`CompileError::UnreadableField`] when the schema names a field `R` cannot read, and
/// [`CompileError::TooDeep`] when `and`/`or` nest more than 256 levels deep (the parser's
/// default depth limit is far below; only filters built in code or parsed with a raised limit
/// get there).
///
/// ```
/// use sailpoint_filters::{FieldType, Op, Schema, eval::compile};
/// use serde_json::json;
///
/// let schema = Schema::new("x").with_field("created", FieldType::DateTime, [Op::Gt]);
/// let checked = schema.check("created gt 2023-01-01T00:00:00+01:00", &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&checked)?;
/// assert!(matcher.matches(&json!({"created": "2022-12-31T23:30:00Z"})));
/// assert!(!matcher.matches(&json!({"created": "2022-12-31T22:30:00Z"})));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compile<R: Record>(filter: &CheckedFilter) -> Result<Matcher<R>, CompileError> {
    let spec = |path: &FieldPath| filter.field(path.as_str());
    Compiler::<R>::new(&spec).matcher(filter.filter())
}

/// Compiles `filter` for records of type `R` without a schema: every field is untyped and
/// compared case-insensitively, and no operator is refused.
///
/// For records nobody described — JSON from elsewhere, say.
///
/// ```
/// use sailpoint_filters::{Filter, eval::compile_untyped};
/// use serde_json::json;
///
/// let matcher = compile_untyped::<serde_json::Value>(&Filter::parse(r#"tags ca ("a", "B") and not pr deleted"#)?)?;
/// assert!(matcher.matches(&json!({"tags": ["b", "c", "A"]})));
/// assert!(!matcher.matches(&json!({"tags": ["b"], "deleted": false})));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compile_untyped<R: Record>(filter: &Filter) -> Result<Matcher<R>, CompileError> {
    Compiler::<R>::new(&|_: &FieldPath| None).matcher(filter)
}

/// A checked query could not be made to run over a record type: a defect of the endpoint's
/// declaration or of the tree built in code, not of the request.
///
/// ```
/// use sailpoint_filters::{Filter, FieldType, Op, Schema, eval::{CompileError, compile}};
/// use sailpoint_filters::role_mining_sessions::RoleMiningSession;
///
/// // A schema that names a field role mining sessions do not have.
/// let schema = Schema::new("x").with_field("owner", FieldType::String, [Op::Eq]);
/// let checked = schema.check(r#"owner eq "a""#, &Default::default())?;
/// let err = compile::<RoleMiningSession>(&checked).unwrap_err();
/// assert_eq!(err, CompileError::UnreadableField { field: "owner".into() });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompileError {
    /// The schema names a field the record type cannot read.
    #[error("records of this type have no field `{field}`")]
    UnreadableField {
        /// The field.
        field: String,
    },
    /// `and`/`or` nest deeper than a matcher evaluates (not counting `not`, which folds away).
    #[error("the filter nests `and`/`or` more than {max} deep")]
    TooDeep {
        /// The limit.
        max: usize,
    },
}
