//! The `spfilter` binary run as a user runs it (`parse`, `check`, `query`, `serve`, on the
//! catalog and on SQL stores), and the axum extractor in a server of one's own: the `cli`
//! feature.

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod commands;
#[cfg(unix)]
mod db_catalog;
#[cfg(unix)]
mod db_load;
#[cfg(unix)]
mod db_outage;
#[cfg(unix)]
mod db_search_after;
#[cfg(unix)]
mod db_start;
#[cfg(unix)]
mod fake_params;
#[cfg(unix)]
mod fake_records;
#[cfg(unix)]
mod fake_server;
#[cfg(unix)]
mod fake_shapes;
mod http;
#[cfg(unix)]
mod sample_cmd;
mod sql;

#[cfg(unix)]
#[path = "../serve_process/mod.rs"]
mod serve_process;
