//! Evaluation over Python records: a checked query run over a list of dicts, giving the page
//! (the same dict objects, in order) and the total.
//!
//! Only the fields the query reads are taken from each dict, while the GIL is held; the
//! query then runs in Rust with the GIL released.

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use sailpoint_filters::{CheckedQuery, FieldRef, Record};

use crate::convert::{Cell, a_type, cell, find_path};

/// One Python record as the evaluator sees it: its position, and the value of each field the
/// query reads (in the order of `paths`), borrowed from arrays shared by all records.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    index: usize,
    paths: &'a [Box<str>],
    cells: &'a [Cell],
    text: &'a str,
}

impl Record for Row<'_> {
    type Field = Box<str>;

    /// Every path resolves: a path the row does not hold reads as null.
    fn resolve(path: &str) -> Option<Box<str>> {
        Some(path.into())
    }

    fn read(&self, field: &Box<str>) -> FieldRef<'_> {
        let slot = self.paths.iter().position(|path| path == field);
        slot.and_then(|i| self.cells.get(i))
            .map_or(FieldRef::Null, |cell| cell.field_ref(self.text))
    }
}

/// The record paths `query` reads, each once: its filter's fields, then its sort keys; and for
/// each whether only the sorters read it.
fn paths_read(query: &CheckedQuery) -> Vec<(Box<str>, bool)> {
    let mut paths: Vec<(Box<str>, bool)> = Vec::new();
    let filter_paths = query
        .filters()
        .into_iter()
        .flat_map(|filter| filter.fields().iter().map(|spec| spec.reads().as_str()));
    for path in filter_paths {
        if !paths.iter().any(|(p, _)| &**p == path) {
            paths.push((path.into(), false));
        }
    }
    let sort_paths = query.sorters().keys().iter().flat_map(|key| key.by());
    for path in sort_paths.map(|path| path.as_str()) {
        if !paths.iter().any(|(p, _)| &**p == path) {
            paths.push((path.into(), true));
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

    /// `Page[dict[str, Any]]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, PyType>,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let generic_alias = cls.py().import("types")?.getattr("GenericAlias")?;
        generic_alias.call1((cls, item))
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
    let (paths, sort_only): (Vec<Box<str>>, Vec<bool>) = paths_read(&query).into_iter().unzip();
    let segments: Vec<Vec<Bound<'_, PyString>>> = paths
        .iter()
        .map(|path| path.split('.').map(|s| PyString::intern(py, s)).collect())
        .collect();
    let hint = records.len().unwrap_or(0);
    let mut objects = Vec::with_capacity(hint);
    let mut cells = Vec::with_capacity(hint * paths.len());
    let mut text = String::new();
    for (index, record) in records.try_iter()?.enumerate() {
        let record = record?;
        let Ok(dict) = record.cast::<PyDict>() else {
            return Err(PyTypeError::new_err(format!(
                "records[{index}]: a record is a dict, not {}",
                a_type(&record)
            )));
        };
        for ((segments, path), &sort_only) in segments.iter().zip(&paths).zip(&sort_only) {
            let value = find_path(dict, segments)
                .and_then(|value| cell(value.as_ref(), &mut text, sort_only))
                .map_err(|e| e.into_err(&format!("records[{index}], field `{path}`")))?;
            cells.push(value);
        }
        objects.push(record);
    }
    let width = paths.len();
    let count = objects.len();
    let found = py.detach(move || {
        let rows: Vec<Row<'_>> = (0..count)
            .map(|index| Row {
                index,
                paths: &paths,
                cells: cells.get(index * width..(index + 1) * width).unwrap_or(&[]),
                text: &text,
            })
            .collect();
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
