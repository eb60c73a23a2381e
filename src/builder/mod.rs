//! Building filters in code: typed field handles that cannot express a filter the endpoint
//! rejects, the [`endpoint!`](crate::endpoint!) declaration that yields them, and a dynamic
//! builder for fields known only at run time.
//!
//! An endpoint declared with [`endpoint!`](crate::endpoint!) gets one function per field. The
//! handle it returns has only the operators the endpoint allows on that field, taking only values
//! of the field's type; what it builds is a [`TypedFilter`], which combines only with filters of
//! the same endpoint and only through the composite operators the endpoint allows.
//!
//! ```
//! use sailpoint_filters::Filter;
//! use sailpoint_filters::role_mining_sessions::{created_by, created_date, name, saved};
//!
//! let filter = saved().eq(true).and(name().sw("RM Session"));
//! assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
//! assert_eq!(filter, Filter::parse(r#"saved eq true and name sw "RM Session""#)?);
//!
//! let grouped = name().eq("a").or(name().eq("b")).not().and(saved().eq(false));
//! assert_eq!(grouped.to_string(), r#"not (name eq "a" or name eq "b") and saved eq false"#);
//!
//! let sorters = created_date().desc().then(created_by().asc());
//! assert_eq!(sorters.to_string(), "-createdDate,createdBy");
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! These do not compile — each with a message that names the operator, the field and the
//! endpoint:
//!
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::saved;
//! saved().sw("x"); // `sw` is not supported on field `saved` of `RoleMiningSessions`
//! ```
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::saved;
//! saved().eq("yes"); // `&str` is not a value for a `boolean` field
//! ```
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::name;
//! name().desc(); // cannot sort `RoleMiningSessions` by `name`
//! ```
//!
//! For fields known only at run time, [`field`] builds a [`Filter`](crate::Filter) for checking
//! against the endpoint's schema:
//!
//! ```
//! use sailpoint_filters::builder::field;
//! let filter = field("name")?.sw("x").and(field("status")?.is_in(["A", "B"]).unwrap());
//! assert_eq!(filter.to_string(), r#"name sw "x" and status in ("A", "B")"#);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! # Files
//!
//! `typed` (field handles, typed filters and sorters), `types` (field type markers and the
//! values they take), `dynamic` (fields named at run time), `macros` (the declaration, and the
//! expansion it shares with the generated [`catalog`](crate::catalog)), `private` (what the
//! expansions call, hidden as `builder::__private`).

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
mod dynamic;
mod macros;
mod typed;
pub mod types;

use crate::schema::Schema;
use crate::value::Record;

pub use dynamic::{DynField, field};
pub use macros::IntoFieldRef;
pub use typed::{
    AllowsAnd, AllowsNot, AllowsOr, DeclaredField, Field, Sortable, SupportsCa, SupportsCo,
    SupportsEq, SupportsGe, SupportsGt, SupportsIn, SupportsIsNull, SupportsLe, SupportsLt,
    SupportsNe, SupportsPr, SupportsSw, TypedFilter, TypedSorters,
};
pub use types::IntoValue;

/// A declared endpoint: its record type and its schema. Implemented by
/// [`endpoint!`](crate::endpoint!).
///
/// ```
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// assert_eq!(RoleMiningSessions::NAME, "role-mining-sessions");
/// assert!(RoleMiningSessions::schema().is_sortable("createdDate"));
/// ```
pub trait Endpoint: Sized + 'static {
    /// The records the endpoint returns.
    type Record: Record;
    /// The endpoint's name in messages: `role-mining-sessions`.
    const NAME: &'static str;
    /// The largest `limit` a request may ask for (also the schema's): 250 unless the endpoint
    /// says otherwise. A typed query's [`limit::<N>()`](crate::TypedQuery::limit) is checked
    /// against it when the program is built.
    const MAX_LIMIT: u32 = crate::paging::Paging::MAX_LIMIT;
    /// The smallest `limit` a request may ask for: 0 unless the endpoint says otherwise
    /// (checked as [`MAX_LIMIT`](Endpoint::MAX_LIMIT) is).
    const MIN_LIMIT: u32 = 0;
    /// What it supports.
    fn schema() -> &'static Schema;
}

/// A field of a declared endpoint: the link from a field's marker type to its endpoint, its
/// type and its name. Implemented by [`endpoint!`](crate::endpoint!).
pub trait FieldDecl: 'static {
    /// The endpoint the field belongs to.
    type Endpoint: Endpoint;
    /// The field's type: one of the markers in [`types`].
    type Type: types::ValueType;
    /// The field as filters and sorters name it.
    const PATH: &'static str;
}
