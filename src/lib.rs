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
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
//!
//! let schema = RoleMiningSessions::schema();
//! assert_eq!(schema.check(r#"saved eq "true""#, &Default::default())?.to_string(), "saved eq true");
//! let err = schema.check(r#"nmae eq "x""#, &Default::default()).unwrap_err();
//! assert!(err.to_string().contains("did you mean `name`?"));
//! # Ok::<(), sailpoint_filters::Error>(())
//! ```
//!
//! # A fake server: answer like SailPoint
//!
//! [`CollectionQuery`] reads all five parameters from a query string, reports what SailPoint
//! would reject (as its 400 body), and runs the query — filter, sort, count, page:
//!
//! ```
//! use sailpoint_filters::CollectionQuery;
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
//!
//! # let sessions: Vec<RoleMiningSession> = Vec::new();
//! let schema = RoleMiningSessions::schema();
//! let query = CollectionQuery::from_query_string_for(
//!     "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true",
//!     schema,
//!     &Default::default(),
//! )?;
//! let page = query.run(&sessions, schema)?;
//! println!("X-Total-Count: {}", page.total);
//!
//! let err = CollectionQuery::from_query_string("limit=251").unwrap_err();
//! assert_eq!(err.to_error_body().detail_code, "400.1 Bad Request Content");
//! # Ok::<(), sailpoint_filters::query::QueryError>(())
//! ```
//!
//! With the `axum` feature, [`http`](crate#features) turns this into an extractor and a response
//! helper; [`endpoint!`] declares an endpoint of your own in one block.
//!
//! # The pipeline
//!
//! One module per stage; data flows one way:
//!
//! * [`ast`]: the [`Filter`] tree and its canonical `Display`;
//! * [`parse`]: text → [`Filter`], with [`ParseOptions`] (strict or lenient syntax, [`Limits`])
//!   and [`ParseError`];
//! * [`schema`]: what an endpoint supports ([`Schema`]), also read from SailPoint's published
//!   descriptions and OpenAPI documents;
//! * [`validate`]: filter × schema → the filter the endpoint reads, or every problem;
//! * [`builder`]: typed field handles, the [`endpoint!`] declaration, a dynamic builder;
//! * [`eval`]: records ([`eval::Record`]) and compiled matchers;
//! * [`sort`], [`page`]: the `sorters`, `offset`, `limit` and `count` parameters;
//! * [`query`]: all five together, from and to a query string, run over records;
//! * [`endpoints`]: the declared endpoints ([`role_mining_sessions`] first);
//! * [`error`]: the crate-wide [`Error`] and SailPoint's error body.
//!
//! # Features
//!
//! * `cli`: the `spfilter` command-line tool (`parse`, `check`, `query`, `serve`);
//! * `axum`: the `http` module — an extractor and response helper for fakes of SailPoint
//!   endpoints;
//! * `yaml`: [`Schema::from_openapi`] reads YAML documents as well as JSON;
//! * `proptest`: the `strategy` module — proptest strategies for filters (valid for a schema or
//!   not), filter text in varied spellings, sorters, queries and role mining sessions, for
//!   property tests of your own clients and servers;
//! * `arbitrary`: the `arbitrary` module — `arbitrary::Arbitrary` for filters, sorters and
//!   queries, and schema-aware generators, for structure-aware fuzzers.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
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
#[cfg(feature = "proptest")]
pub mod strategy;
pub mod validate;

pub use ast::{
    CmpOp, Condition, ConditionSpans, FieldPath, Filter, FilterKind, FiniteF64, ListOp, Op, Span,
    UnknownOp, Value,
};
pub use endpoints::role_mining_sessions;
pub use error::{Error, ErrorBody};
pub use page::Paging;
pub use parse::{Found, Limits, ParseError, ParseErrorKind, ParseOptions, Syntax};
pub use query::{CollectionQuery, Page};
pub use schema::{Composite, CompositeSet, FieldSpec, FieldType, OperatorSet, Schema, SchemaError};
pub use sort::{SortKey, Sorters};
pub use validate::ValidationError;
