//! The `spfilter` binary run as a user runs it (`parse`, `check`, `query`, `serve`, on the
//! catalog and on SQL stores), and the axum extractor in a server of one's own: the `cli`
//! feature.

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod commands;
mod http;
mod sql;
