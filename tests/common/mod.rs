//! What the test crates share: strategies, fixtures and reference interpretations. Each test
//! crate (`tests/<group>/main.rs`) declares `#[path = "../common/mod.rs"] mod common;` and uses
//! the part it needs.
//!
//! The allocation counter (`counting_alloc.rs`) is not declared here: it installs a global
//! allocator, so only a crate that counts allocations includes it.

#![allow(dead_code)] // each test crate uses a different part

pub mod date_text;
#[cfg(all(unix, feature = "cli"))]
pub mod db_procs;
pub mod eval_fixture;
pub mod published;
pub mod records;
pub mod reference;
#[cfg(feature = "postgres")]
pub mod sql_fixture;
pub mod trees;
