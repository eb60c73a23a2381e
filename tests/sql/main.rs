//! The SQL backend on SQLite and on a real PostgreSQL server: the `postgres` feature (the
//! differential tests also need `proptest`).

#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "proptest")]
mod differential;
mod injection;
mod mapped;
mod regressions;
mod store;
#[cfg(feature = "proptest")]
mod untyped;
mod untyped_grid;
