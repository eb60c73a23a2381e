//! # sailpoint-filters
//!
//! The query language of SailPoint's V3 collection endpoints — the `filters`, `sorters`,
//! `offset`, `limit` and `count` parameters — parsed, printed, validated and evaluated.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! // Parse what a client sends (the lenient syntax accepts SailPoint's own example spellings)…
//! let filter: Filter = r#"saved eq true and (name sw "RM Session" or name co 'entt')"#.parse()?;
//!
//! // …and print the one canonical spelling.
//! assert_eq!(filter.to_string(), r#"saved eq true and (name sw "RM Session" or name co "entt")"#);
//!
//! // Mistakes come back with what was wrong and where.
//! let err = Filter::parse(r#"saved EQ true"#).unwrap_err();
//! assert_eq!(err.to_string(), "\
//! invalid filter at column 7: `EQ` must be lowercase: write `eq`
//!     saved EQ true
//!           ^^");
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! The crate is a pipeline, one module per stage:
//!
//! * [`ast`]: the [`Filter`] tree and its canonical `Display`;
//! * [`parse`]: text → [`Filter`], with [`ParseOptions`] (strict or lenient syntax, [`Limits`])
//!   and [`ParseError`];
//! * [`error`]: the crate-wide [`Error`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod ast;
pub mod builder;
pub mod endpoints;
pub mod error;
pub mod eval;
#[cfg(feature = "axum")]
pub mod http;
pub mod page;
pub mod parse;
pub mod query;
pub mod schema;
pub mod sort;
pub mod validate;

pub use ast::{
    CmpOp, Condition, ConditionSpans, FieldPath, Filter, FilterKind, FiniteF64, ListOp, Op, Span,
    UnknownOp, Value,
};
pub use endpoints::role_mining_sessions;
pub use error::Error;
pub use parse::{Found, Limits, ParseError, ParseErrorKind, ParseOptions, Syntax};
pub use schema::{Composite, CompositeSet, FieldSpec, FieldType, OperatorSet, Schema, SchemaError};
pub use validate::ValidationError;
