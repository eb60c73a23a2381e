//! # sailpoint-filters
//!
//! The query language of SailPoint's V3 collection endpoints — the `filters`, `sorters`,
//! `offset`, `limit` and `count` parameters — parsed, printed, checked against an endpoint and
//! evaluated.
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
//! # A client: build filters the endpoint accepts
//!
//! Each declared endpoint has typed field functions. They offer only the operators the endpoint
//! allows, take only values of the field's type, and print the canonical text to send:
//!
//! ```
//! use sailpoint_filters::role_mining_sessions::{created_date, name, saved};
//!
//! let filter = saved().eq(true).and(name().sw("RM Session"));
//! assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
//! assert_eq!(created_date().desc().to_string(), "-createdDate");
//! // saved().sw("x") and name().eq(true) do not compile.
//! ```
//!
//! Text from elsewhere is checked against the endpoint's [`Schema`], with every problem reported:
//!
//! ```
//! use sailpoint_filters::prelude::*;
//! use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
//!
//! let schema = RoleMiningSessions::schema();
//! assert_eq!(schema.parse_filter(r#"saved eq "true""#, &Default::default())?.to_string(), "saved eq true");
//! let err = schema.parse_filter(r#"nmae eq "x""#, &Default::default()).unwrap_err();
//! assert!(err.to_string().contains("did you mean `name`?"));
//! # Ok::<(), sailpoint_filters::Error>(())
//! ```
//!
//! # A fake server: answer like SailPoint
//!
//! [`CollectionQuery`] reads all five parameters from a query string for an endpoint, reports
//! what SailPoint would reject (as its 400 body), and gives a [`CheckedQuery`] that runs — filter,
//! sort, count, page:
//!
//! ```
//! use sailpoint_filters::prelude::*;
//! use sailpoint_filters::role_mining_sessions::{self, RoleMiningSessions};
//!
//! let sessions = role_mining_sessions::sample();
//! let query = CollectionQuery::from_query_string_for(
//!     "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true",
//!     RoleMiningSessions::schema(),
//!     &QueryOptions::default(),
//! )?;
//! let page = query.run(&sessions)?;
//! assert_eq!(page.items.len(), 5);
//! println!("X-Total-Count: {}", page.total);
//!
//! let err = CollectionQuery::from_query_string("limit=251").unwrap_err();
//! assert_eq!(err.to_error_body().detail_code, "400.1 Bad Request Content");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With the `axum` feature, `http` turns this into an extractor and a response helper;
//! [`endpoint!`] declares an endpoint of your own in one block.
//!
//! # The pipeline
//!
//! Data flows one way; each stage is a module with one output type, and a module imports only
//! from the layers below it:
//!
//! ```text
//! bin/ (spfilter), http/, testing/   the command-line tool; serving with axum; proptest strategies
//!                              and arbitrary (features) — above what they generate and serve
//! query/                       CollectionQuery: all five parameters from a query string, run over records
//! eval/   sql/                 engines: checked filter → Matcher, checked sorters → SortPlan;
//!                              checked query → SQL and a store (feature `sql`)
//! catalog/  endpoints/         generated SailPoint endpoints; declared ones (role_mining_sessions)
//! builder/                     typed field handles, endpoint!, fields named at run time
//! check/                       Filter / Sorters / Paging × Schema → CheckedFilter (lowered),
//!                              CheckedSorters, CheckedQuery; the crate Error
//! schema/                      Schema; readers for SailPoint's docs text and OpenAPI
//! filter/  sorters/  paging    each language: syntax tree, parser, printer; the Page
//! diag/  value/                leaves: diagnostics and the 400 body; value semantics
//! ```
//!
//! * [`diag`]: [`Diagnostics`](diag::Diagnostics), the one error type of every stage that
//!   reads text — problems with spans, one `Display` with carets, one 400 body;
//! * [`value`]: how field values read from records compare ([`Record`], [`FieldRef`],
//!   case folding, numbers, [`DateTime`] over SailPoint's whole range, the sort order);
//! * [`filter`]: text → [`Filter`] with [`ParseOptions`] (strict or lenient [`Syntax`],
//!   [`Limits`]), and the canonical `Display`;
//! * [`sorters`], [`paging`]: the `sorters`, `offset`, `limit` and `count` parameters;
//! * [`schema`]: what an endpoint supports ([`Schema`]);
//! * [`check`]: the one place validation happens — [`Filter::check`] gives a
//!   [`CheckedFilter`], lowered into the form every engine reads ([`check::Node`]), the only
//!   input later stages take; [`CheckedQuery`] holds all five parameters checked;
//! * [`builder`]: typed field handles, the [`endpoint!`] declaration, a dynamic builder;
//! * [`eval`]: compiled matchers and sort plans;
//! * [`query`]: all five parameters, from and to a query string, run over records;
//! * `sql` (feature): checked queries translated to SQL and run in SQLite or PostgreSQL;
//! * [`endpoints`]: the declared endpoints ([`role_mining_sessions`] first);
//! * [`catalog`]: every collection endpoint of SailPoint's specs, generated — typed builders,
//!   schemas with each endpoint's rules, and a run-time [`Catalog`](catalog::Catalog).
//!
//! # Features
//!
//! * `cli`: the `spfilter` command-line tool (`parse`, `check`, `query`, `serve`);
//! * `axum`: the `http` module — an extractor and response helper for fakes of SailPoint
//!   endpoints;
//! * `v3`, `beta`, `v2024`, `v2025`, `v2026`: the versioned APIs of the [`catalog`] (the
//!   per-service API is always built in; `cli` includes them all);
//! * `yaml`: [`Schema::from_openapi`] reads YAML documents as well as JSON (`cli` includes it);
//! * `proptest`: `testing::strategy` — proptest strategies for filters (valid for a schema or
//!   not), filter text in varied spellings, sorters, queries and role mining sessions, for
//!   property tests of your own clients and servers;
//! * `arbitrary`: `testing::arbitrary` — `arbitrary::Arbitrary` for filters, sorters and
//!   queries, and schema-aware generators, for structure-aware fuzzers.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod catalog;
pub mod check;
pub mod diag;
pub mod endpoints;
pub mod eval;
pub mod filter;
#[cfg(feature = "axum")]
pub mod http;
pub mod paging;
pub mod query;
#[cfg(feature = "sample")]
pub mod sample;
pub mod schema;
pub mod sorters;
#[cfg(feature = "sql")]
pub mod sql;
#[cfg(any(feature = "proptest", feature = "arbitrary"))]
pub mod testing;
pub mod value;

pub use check::{
    CheckError, CheckProblem, CheckedFilter, CheckedQuery, CheckedSorters, Error, Problem,
    SortersCheckError, SortersCheckProblem,
};
pub use diag::{RequestProblem, Span};
pub use endpoints::role_mining_sessions;
pub use filter::{
    CmpOp, Condition, FieldPath, Filter, FilterKind, FiniteF64, Limits, ListOp, Op, ParseError,
    ParseOptions, ParseProblem, Syntax, Value, Values,
};
pub use paging::{Page, Paging, PagingError, PagingProblem};
pub use query::{CollectionQuery, QueryOptions, TypedQuery};
pub use schema::{
    Composite, CompositeSet, FieldSpec, FieldType, FilterRules, OperatorSet, Schema, SchemaError,
};
pub use sorters::{SortKey, Sorters, SortersLimits, SortersParseError, SortersParseProblem};
pub use value::{DateTime, DateTimeError, FieldRef, Record};

/// The README's examples, compiled and run as doctests so that they cannot drift from the API.
#[cfg(all(doctest, feature = "axum", feature = "proptest", feature = "sql"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The names most programs use, in one import: `use sailpoint_filters::prelude::*;`.
///
/// ```
/// use sailpoint_filters::prelude::*;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema: &Schema = RoleMiningSessions::schema(); // `Endpoint` is in scope
/// let filter: Filter = "saved eq true".parse()?;
/// let checked: CheckedFilter = filter.check(schema, Syntax::Lenient).unwrap();
/// assert_eq!(checked.to_string(), "saved eq true");
/// # Ok::<(), ParseError>(())
/// ```
pub mod prelude {
    pub use crate::builder::Endpoint;
    pub use crate::query::EndpointQuery;
    pub use crate::{
        CheckedFilter, CheckedQuery, CollectionQuery, DateTime, Error, Filter, ParseError,
        ParseOptions, QueryOptions, Schema, Sorters, Syntax, TypedQuery,
    };
}
