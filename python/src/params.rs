//! The five collection parameters as Python gives them (`filters="…"`, `limit=50`,
//! `count=True`, a `Filter`, a list of sort keys), read and checked against an operation as a
//! server reads a request: every problem in one `FilterError`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};
use sailpoint_filters::{CheckedQuery, CollectionQuery, QueryOptions, Schema};

use crate::errors::{Texts, filter_error};
use crate::filter::{PyFilter, syntax};

/// The parameters' texts, as a query string would carry them.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pub(crate) filters: Option<String>,
    pub(crate) sorters: Option<String>,
    pub(crate) offset: Option<String>,
    pub(crate) limit: Option<String>,
    pub(crate) count: Option<String>,
    pub(crate) strict: bool,
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// `filters`: text, or a `Filter` (its canonical text).
fn filters_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    if let Ok(filter) = value.cast::<PyFilter>() {
        return Ok(filter.get().filter.to_string());
    }
    Err(PyTypeError::new_err(format!(
        "filters must be a str or a Filter, not {}",
        type_name(value)
    )))
}

/// `sorters`: text, or a list or tuple of keys (each a str, or anything whose `str()` is a
/// key), joined by commas.
fn sorters_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        let mut keys = Vec::new();
        for key in value.try_iter()? {
            keys.push(key?.str()?.to_str()?.to_owned());
        }
        return Ok(keys.join(","));
    }
    Err(PyTypeError::new_err(format!(
        "sorters must be a str or a list of sort keys, not {}",
        type_name(value)
    )))
}

/// `offset` or `limit`: an `int` (not a `bool`), or its text.
fn integer_text(name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.cast::<PyInt>().is_ok() && value.cast::<PyBool>().is_err() {
        return Ok(value.str()?.to_str()?.to_owned());
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be an int, not {}",
        type_name(value)
    )))
}

/// `count`: a `bool`, or its text.
fn count_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    Err(PyTypeError::new_err(format!(
        "count must be a bool, not {}",
        type_name(value)
    )))
}

impl Params {
    /// Reads the Python arguments (`None`: not given).
    pub(crate) fn read<'py>(
        filters: Option<&Bound<'py, PyAny>>,
        sorters: Option<&Bound<'py, PyAny>>,
        offset: Option<&Bound<'py, PyAny>>,
        limit: Option<&Bound<'py, PyAny>>,
        count: Option<&Bound<'py, PyAny>>,
        strict: bool,
    ) -> PyResult<Params> {
        let given = |value: Option<&Bound<'py, PyAny>>| value.filter(|v| !v.is_none()).cloned();
        Ok(Params {
            filters: given(filters).map(|v| filters_text(&v)).transpose()?,
            sorters: given(sorters).map(|v| sorters_text(&v)).transpose()?,
            offset: given(offset)
                .map(|v| integer_text("offset", &v))
                .transpose()?,
            limit: given(limit)
                .map(|v| integer_text("limit", &v))
                .transpose()?,
            count: given(count).map(|v| count_text(&v)).transpose()?,
            strict,
        })
    }

    /// The query `schema`'s endpoint reads from these parameters, or every problem.
    pub(crate) fn check(&self, py: Python<'_>, schema: &Schema) -> PyResult<CheckedQuery> {
        let pairs = [
            ("filters", &self.filters),
            ("sorters", &self.sorters),
            ("offset", &self.offset),
            ("limit", &self.limit),
            ("count", &self.count),
        ];
        let given = pairs
            .iter()
            .filter_map(|(name, value)| value.as_deref().map(|v| (*name, v)));
        let options = QueryOptions::default().with_syntax(syntax(self.strict));
        CollectionQuery::from_params_for(given, schema, &options).map_err(|err| {
            let texts = Texts {
                filters: self.filters.as_deref(),
                sorters: self.sorters.as_deref(),
            };
            filter_error(py, &err, texts)
        })
    }

    /// The canonical parameters of `query` to send, for those given: `filters` and `sorters`
    /// as text, `offset` and `limit` as `int`, `count` as `bool`.
    pub(crate) fn canonical<'py>(
        &self,
        py: Python<'py>,
        query: &CheckedQuery,
    ) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        if let Some(filter) = query.filters() {
            dict.set_item("filters", filter.to_string())?;
        }
        if self.sorters.is_some() && !query.sorters().is_empty() {
            dict.set_item("sorters", query.sorters().to_string())?;
        }
        if self.offset.is_some() {
            dict.set_item("offset", query.offset())?;
        }
        if self.limit.is_some() {
            dict.set_item("limit", query.limit())?;
        }
        if self.count.is_some() {
            dict.set_item("count", query.count())?;
        }
        Ok(dict)
    }
}
