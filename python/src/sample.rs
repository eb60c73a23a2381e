//! Records generated from SailPoint's response schemas: `sample(operation_id, count, seed,
//! api)`, the records `spfilter sample` prints, and the generated fakes of `fake.serve` (an
//! `int` where the records go).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};
use sailpoint_filters::catalog::{Catalog, Operation};

use crate::catalog::api;
use crate::convert::{a_type, json_to_py};
use crate::errors::operation_not_found;

/// The seed of the generated fakes (`fake.serve({"listAccountsV1": 50})`), and `sample`'s
/// default: `spfilter serve --fake ID=N`'s.
pub(crate) const FAKE_SEED: u64 = 1;

/// The most records one call generates: the crate's `sample::MAX_COUNT` (10,000 accounts take
/// about 100 MB), checked here so that the message names the Python argument.
pub(crate) const MAX_COUNT: u64 = sailpoint_filters::sample::MAX_COUNT as u64;

/// The operation `operation_id` of the API named `api_name`, or `OperationNotFound` with the
/// catalog's message (its nearest operationId) and the APIs that do have an operation of this
/// id (`api="v2025"`).
pub(crate) fn lookup(
    py: Python<'_>,
    api_name: Option<&str>,
    operation_id: &str,
) -> PyResult<&'static Operation> {
    let api = api(api_name)?;
    let catalog = Catalog::new();
    catalog.lookup(api, operation_id).map_err(|err| {
        let others: Vec<String> = catalog
            .apis()
            .filter(|other| *other != api && catalog.get(*other, operation_id).is_some())
            .map(|other| format!("api={:?}", other.name()))
            .collect();
        let message = match others.as_slice() {
            [] => err.to_string(),
            [one] => format!("{err}\n`{operation_id}` is an operation of {one}"),
            [rest @ .., last] => format!(
                "{err}\n`{operation_id}` is an operation of {} and {last}",
                rest.join(", ")
            ),
        };
        operation_not_found(py, message)
    })
}

/// `value` as a count of records: an `int` from 0 to [`MAX_COUNT`]. `place` names it in
/// messages (`count`, `fakes['listAccountsV1']`).
pub(crate) fn count(value: &Bound<'_, PyAny>, place: &str) -> PyResult<usize> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{place}: a count of records is an `int`, not {}",
            a_type(value)
        )));
    }
    if value.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "{place}: the count {value} is negative; give how many records to generate (0 or more)"
        )));
    }
    match value.extract::<u64>() {
        Ok(n) if n <= MAX_COUNT => usize::try_from(n).map_err(|_| too_large(value, place)),
        _ => Err(too_large(value, place)),
    }
}

fn too_large(value: &Bound<'_, PyAny>, place: &str) -> PyErr {
    PyValueError::new_err(format!(
        "{place}: the count {value} is too large; at most {MAX_COUNT} records are generated at once"
    ))
}

/// `count` records of `operation` made with `seed`, without the GIL; `ValueError` with the
/// crate's message when the operation has no JSON response to make them from.
pub(crate) fn generate(
    py: Python<'_>,
    operation: &'static Operation,
    count: usize,
    seed: u64,
) -> PyResult<Vec<serde_json::Value>> {
    py.detach(|| sailpoint_filters::sample::records(operation, count, seed))
        .map_err(|err| PyValueError::new_err(err.to_string()))
}

/// `count` records generated from the response schema of the operation `operation_id` of `api`
/// with `seed`: what `spfilter sample` prints for the same arguments (and what
/// `serve({operation_id: count})` serves with seed 1).
///
/// They are valid against the schema (required properties, types, formats, enums, the spec's
/// own examples), the same for the same seed, and varied so that the operation's example filter
/// matches some and not all. `api` is `None` (the per-service API), `"v3"`, `"beta"`, ….
///
/// Raises `OperationNotFound` for an unknown operationId (with the nearest one, and the APIs
/// that have it), `ValueError` for an operation without a JSON response, a negative count or
/// one above 100,000, and `TypeError` for a count or seed that is not an `int`.
#[pyfunction]
#[pyo3(
    signature = (operation_id, count = None, seed = None, api = None),
    text_signature = "(operation_id, count=10, seed=1, api=None)"
)]
pub(crate) fn sample<'py>(
    py: Python<'py>,
    operation_id: &str,
    count: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    api: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let operation = lookup(py, api, operation_id)?;
    let count = match count {
        Some(value) => self::count(value, "count")?,
        None => 10,
    };
    let seed = match seed {
        Some(value) => seed_of(value)?,
        None => FAKE_SEED,
    };
    let records = generate(py, operation, count, seed)?;
    json_to_py(py, &serde_json::Value::Array(records))
}

/// `value` as a seed: an `int` from 0 to 2**64 - 1.
fn seed_of(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "seed: a seed is an `int`, not {}",
            a_type(value)
        )));
    }
    value.extract::<u64>().map_err(|_| {
        PyValueError::new_err(format!(
            "seed: {value} is not a seed; a seed is an int from 0 to 2**64 - 1"
        ))
    })
}
