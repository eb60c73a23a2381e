//! The native module of the Python package `sailpoint_filters`: `sailpoint_filters._native`.
//!
//! A thin layer over the `sailpoint-filters` crate's public API: parsing and printing filters,
//! the catalog of SailPoint's collection operations, checking and running queries over Python
//! records, and the in-process fake. The Python package beside it (`sailpoint_filters/`) is
//! what users import; `_native.pyi` describes this module to type checkers.

#![forbid(unsafe_code)]

mod catalog;
mod cli;
mod convert;
mod errors;
mod eval;
mod fake;
mod filter;
mod params;
mod sample;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(filter::parse, m)?)?;
    m.add_class::<filter::PyFilter>()?;
    m.add_class::<eval::PyPage>()?;
    m.add_function(wrap_pyfunction!(catalog::operation, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::operations, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::search, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::sdk_operation, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::by_path, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::apis, m)?)?;
    m.add_class::<catalog::PyOperation>()?;
    m.add_class::<catalog::PyField>()?;
    m.add_class::<catalog::PyRules>()?;
    m.add_class::<fake::PyServer>()?;
    m.add_function(wrap_pyfunction!(fake::sample_role_mining_sessions, m)?)?;
    m.add_function(wrap_pyfunction!(sample::sample, m)?)?;
    m.add_function(wrap_pyfunction!(cli::cli_main, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
