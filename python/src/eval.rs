//! Evaluation over Python records: a checked query run over a list of dicts, giving the page
//! (the same dict objects, in order) and the total.
//!
//! Only the fields the query reads are taken from each dict, while the GIL is held; the
//! query then runs in Rust with the GIL released.

use std::sync::Arc;

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use sailpoint_filters::{CheckedQuery, FieldRef, Record};

use crate::convert::{Cell, a_type, read_path};

/// One Python record as the evaluator sees it: its position, and the value of each field the
/// query reads.
#[derive(Debug)]
pub(crate) struct Row {
    index: usize,
    paths: Arc<[Box<str>]>,
    cells: Box<[Cell]>,
}

impl Record for Row {
    type Field = Box<str>;

    /// Every path resolves: a path the row does not hold reads as null.
    fn resolve(path: &str) -> Option<Box<str>> {
        Some(path.into())
    }

    fn read(&self, field: &Box<str>) -> FieldRef<'_> {
        let slot = self.paths.iter().position(|path| path == field);
        match slot.and_then(|i| self.cells.get(i)) {
            Some(Cell::Scalar(value)) => FieldRef::from_json(value),
            Some(Cell::Array(items)) => FieldRef::Json(items),
            Some(Cell::Opaque) => FieldRef::Opaque,
            None => FieldRef::Null,
        }
    }
}

/// The record paths `query` reads: its filter's fields and its sort keys, each once.
fn paths_read(query: &CheckedQuery) -> Vec<Box<str>> {
    let mut paths: Vec<Box<str>> = Vec::new();
    let filter_paths = query
        .filters()
        .into_iter()
        .flat_map(|filter| filter.fields().iter().map(|spec| spec.reads().as_str()));
    let sort_paths = query
        .sorters()
        .keys()
        .iter()
        .flat_map(|key| key.by().iter().map(|path| path.as_str()));
    for path in filter_paths.chain(sort_paths) {
        if !paths.iter().any(|p| &**p == path) {
            paths.push(path.into());
        }
    }
    paths
}

/// One page of a query's result.
#[pyclass(frozen, get_all, module = "sailpoint_filters", name = "Page")]
pub(crate) struct PyPage {
    /// The records of the page, in order: the objects given.
    items: Py<PyList>,
    /// How many records matched in all, before `offset` and `limit`.
    total: usize,
}

#[pymethods]
impl PyPage {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Page(items=<{} records>, total={})",
            self.items.bind(py).len(),
            self.total
        )
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.items.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.items.bind(py).try_iter()?.into_any())
    }
}

/// Runs `query` over `records` (an iterable of dicts).
pub(crate) fn run(
    py: Python<'_>,
    query: CheckedQuery,
    records: &Bound<'_, PyAny>,
) -> PyResult<PyPage> {
    let paths = paths_read(&query);
    let segments: Vec<Vec<Bound<'_, PyString>>> = paths
        .iter()
        .map(|path| path.split('.').map(|s| PyString::intern(py, s)).collect())
        .collect();
    let shared: Arc<[Box<str>]> = paths.into();
    let mut objects = Vec::new();
    let mut rows = Vec::new();
    for (index, record) in records.try_iter()?.enumerate() {
        let record = record?;
        let Ok(dict) = record.cast::<PyDict>() else {
            return Err(PyTypeError::new_err(format!(
                "records[{index}]: a record is a dict, not {}",
                a_type(&record)
            )));
        };
        let mut cells = Vec::with_capacity(segments.len());
        for (segments, path) in segments.iter().zip(shared.iter()) {
            let cell = read_path(dict, segments)
                .map_err(|e| e.into_err(&format!("records[{index}], field `{path}`")))?;
            cells.push(cell);
        }
        rows.push(Row {
            index,
            paths: Arc::clone(&shared),
            cells: cells.into(),
        });
        objects.push(record);
    }
    let found = py.detach(move || {
        query.run(&rows).map(|page| {
            let indexes: Vec<usize> = page.items.iter().map(|row| row.index).collect();
            (indexes, page.total)
        })
    });
    let (indexes, total) = found.map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let items = PyList::new(py, indexes.into_iter().filter_map(|i| objects.get(i)))?;
    Ok(PyPage {
        items: items.unbind(),
        total,
    })
}
