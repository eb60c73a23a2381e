//! `parse` and `Filter`: a filter's text read into its tree, printed back canonically, combined
//! with `&`, `|` and `~`, and shown as plain data.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use sailpoint_filters::{Filter, ParseOptions, Syntax};

use crate::convert::{json_to_py, py_to_json};
use crate::errors::{Texts, filter_error, plain_filter_error};

/// The syntax `strict` asks for.
pub(crate) fn syntax(strict: bool) -> Syntax {
    if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    }
}

/// A filter: its `str()` is the canonical text.
#[pyclass(frozen, module = "sailpoint_filters", name = "Filter")]
pub(crate) struct PyFilter {
    pub(crate) filter: Filter,
}

/// Parses `text` (lenient syntax unless `strict`) with the default limits.
pub(crate) fn parse_text(py: Python<'_>, text: &str, strict: bool) -> PyResult<Filter> {
    let options = ParseOptions {
        syntax: syntax(strict),
        ..ParseOptions::default()
    };
    Filter::parse_with(text, &options).map_err(|err| {
        let texts = Texts {
            filters: Some(text),
            sorters: None,
        };
        filter_error(py, &err.into(), texts)
    })
}

/// `parse(text, strict=False)`: the filter `text` spells.
#[pyfunction]
#[pyo3(signature = (text, strict = false))]
pub(crate) fn parse(py: Python<'_>, text: &str, strict: bool) -> PyResult<PyFilter> {
    let filter = parse_text(py, text, strict)?;
    Ok(PyFilter { filter })
}

#[pymethods]
impl PyFilter {
    #[new]
    #[pyo3(signature = (text, *, strict = false))]
    fn new(py: Python<'_>, text: &str, strict: bool) -> PyResult<PyFilter> {
        parse(py, text, strict)
    }

    fn __str__(&self) -> String {
        self.filter.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.filter.to_string());
        Ok(format!("Filter({})", text.repr()?))
    }

    fn __eq__(&self, other: PyRef<'_, PyFilter>) -> bool {
        self.filter == other.filter
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.filter.hash(&mut hasher);
        hasher.finish()
    }

    /// `a & b`: both hold.
    fn __and__(&self, other: PyRef<'_, PyFilter>) -> PyFilter {
        PyFilter {
            filter: self.filter.clone().and(other.filter.clone()),
        }
    }

    /// `a | b`: either holds.
    fn __or__(&self, other: PyRef<'_, PyFilter>) -> PyFilter {
        PyFilter {
            filter: self.filter.clone().or(other.filter.clone()),
        }
    }

    /// `~a`: `a` does not hold.
    fn __invert__(&self) -> PyFilter {
        PyFilter {
            filter: self.filter.clone().not(),
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let text = slf.get().filter.to_string();
        PyTuple::new(
            py,
            [
                slf.get_type().into_any(),
                PyTuple::new(py, [text])?.into_any(),
            ],
        )
    }

    /// The tree as plain data: `{"and": [...]}`, `{"or": [...]}`, `{"not": ...}`, and
    /// conditions `{"field": "name", "op": "sw", "value": {"string": "RM"}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.filter).map_err(|e| {
            PyValueError::new_err(format!("the filter cannot be shown as data: {e}"))
        })?;
        json_to_py(py, &value)
    }

    /// The filter of a tree given as plain data (what `to_dict` gives).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyFilter> {
        let value = py_to_json(data, 0).map_err(|e| e.into_err("data"))?;
        serde_json::from_value::<Filter>(value)
            .map(|filter| PyFilter { filter })
            .map_err(|e| plain_filter_error(py, "invalid_tree", &format!("not a filter tree: {e}")))
    }
}
