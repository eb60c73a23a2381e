//! The library in process: parsing, checking, evaluation, sorting, queries, schemas, the typed
//! builder and the endpoint catalog, with the library's default features (the tests of an
//! optional feature's API build only with that feature).
//!
//! One test crate for all of them, a module per topic, so that the tests link once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/counting_alloc.rs"]
mod counting_alloc;
// The benches' sessions and operator matrix, which `alloc` checks (the matrix reads
// `crate::sessions`).
#[path = "../../benches/matrix/mod.rs"]
mod matrix;
#[path = "../../benches/sessions/mod.rs"]
mod sessions;

mod alloc;
mod builder;
mod catalog;
#[cfg(feature = "axum")]
mod client;
mod date_times;
#[cfg(feature = "proptest")]
mod eval_block;
mod eval_props;
mod eval_semantics;
mod hardening;
mod operation_params;
mod page;
mod parse_errors;
mod parse_props;
mod parse_valid;
mod query;
mod query_props;
mod record;
#[cfg(feature = "sample")]
mod sample;
#[cfg(feature = "sample")]
mod sample_declared;
mod schema;
mod sort;
#[cfg(feature = "proptest")]
mod strategies;
mod validate;
