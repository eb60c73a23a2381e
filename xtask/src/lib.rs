//! The generator of the endpoint catalog: reads SailPoint's published OpenAPI specs and writes
//! `catalog/*.json`, one compact file per API (see `catalog/README.md`).
//!
//! Run it as `cargo run --manifest-path xtask/Cargo.toml -- extract --specs DIR --out catalog/`,
//! then `… -- generate --catalog catalog --out src/catalog` for the Rust source, and
//! `… -- python-stubs --catalog catalog --out python/sailpoint_filters/catalog` for the Python
//! package's type stubs.

#![forbid(unsafe_code)]

pub mod docs;
pub mod examples;
pub mod extra_params;
pub mod extract;
pub mod fields;
pub mod generate;
pub mod item_schemas;
pub mod model;
pub mod reader;
mod render;
pub mod response;
pub mod response_headers;
pub mod run;
pub mod sdk;
pub mod spec;
pub mod stubs;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A spec is not a readable OpenAPI document.
    #[error("{path}: {reason}")]
    Spec {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// The committed catalog differs from what the specs give.
    #[error("{0}")]
    Stale(String),
    /// A catalog file could not be written or read back.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// Why.
        source: serde_json::Error,
    },
}
