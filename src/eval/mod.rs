//! The in-memory engine: checked filters compiled into matchers, checked sorters into sort
//! plans, run over records.
//!
//! [`compile`] takes a [`CheckedFilter`] — validated and lowered once, before — and does the
//! rest of the per-query work: case folding, date-time parsing, binding each field to the
//! record type ([`Record::resolve`]). The [`Matcher`] it gives tests records without allocating.
//! [`SortPlan`] does the same for [`CheckedSorters`](crate::check::CheckedSorters).
//!
//! ```
//! use sailpoint_filters::{FieldType, Op, Schema, eval};
//! use serde_json::json;
//!
//! let schema = Schema::new("sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw]);
//! let checked = schema.parse_filter(r#"saved eq "true" and name sw "rm session""#, &Default::default())?;
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

mod condition;
mod matcher;
mod sort;

use crate::check::CheckedFilter;
use crate::value::Record;

pub use matcher::Matcher;
pub use sort::SortPlan;

use matcher::Compiler;

/// Compiles a checked filter for records of type `R`.
///
/// The per-query work happens here: strings are case folded, date-times parsed, and the
/// filter's fields resolved through [`Record::resolve`], each once. The filter comes lowered
/// from checking ([`CheckedFilter::root`]): `ne` and `pr` are negations, `not` chains are
/// folded, the depth is bounded — so a chain of `not`s costs nothing at match time.
///
/// Records nobody described (JSON from elsewhere, say) are filtered through a schema that
/// accepts any field, [`Schema::open`](crate::Schema::open).
///
/// # Errors
///
/// [`CompileError::UnreadableField`] when the schema names a field `R` cannot read.
///
/// ```
/// use sailpoint_filters::{FieldType, Op, Schema, eval::compile};
/// use serde_json::json;
///
/// let schema = Schema::new("x").with_field("created", FieldType::DateTime, [Op::Gt]);
/// let checked = schema.parse_filter("created gt 2023-01-01T00:00:00+01:00", &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&checked)?;
/// assert!(matcher.matches(&json!({"created": "2022-12-31T23:30:00Z"})));
/// assert!(!matcher.matches(&json!({"created": "2022-12-31T22:30:00Z"})));
///
/// // Any field, any operator, compared case-insensitively:
/// let open = Schema::open("records").parse_filter(r#"tags ca ("a", "B") and not pr deleted"#, &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&open)?;
/// assert!(matcher.matches(&json!({"tags": ["b", "c", "A"]})));
/// assert!(!matcher.matches(&json!({"tags": ["b"], "deleted": false})));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// An unchecked tree is no input: only checking makes a [`CheckedFilter`].
///
/// ```compile_fail
/// use sailpoint_filters::{Filter, eval::compile};
/// let filter = Filter::parse("a eq 1").unwrap();
/// let _ = compile::<serde_json::Value>(&filter); // expected `&CheckedFilter`, found `&Filter`
/// ```
pub fn compile<R: Record>(filter: &CheckedFilter) -> Result<Matcher<R>, CompileError> {
    Ok(Compiler::<R>::new(filter)?.matcher())
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
/// let checked = schema.parse_filter(r#"owner eq "a""#, &Default::default())?;
/// let err = compile::<RoleMiningSession>(&checked).unwrap_err();
/// assert!(matches!(&err, CompileError::UnreadableField { field, .. } if field == "owner"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompileError {
    /// The schema names a field the record type cannot read.
    #[error("records of this type have no field `{field}`")]
    #[non_exhaustive]
    UnreadableField {
        /// The field.
        field: String,
    },
}
