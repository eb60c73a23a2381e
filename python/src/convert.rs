//! Python objects ⇄ JSON values.
//!
//! Records arrive as Python dicts (SailPoint's JSON as `json.loads` gives it, or as SailPoint's
//! SDK models give it with `to_dict()`, whose date-times are `datetime` objects). They become
//! [`serde_json::Value`]s by the rules of JSON: `None`, `bool`, `int`, `float` (finite), `str`,
//! `list`/`tuple`, `dict` with `str` keys — and an aware `datetime` (or a `date`) as its ISO 8601
//! text. Anything else is refused with a message naming where it is.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::cell::OnceCell;

use sailpoint_filters::{DateTime, FieldRef};
use serde_json::{Map, Number, Value};

/// How deep Python containers may nest in a value converted to JSON (serde_json reads 128
/// levels of JSON text by default; trees of filters serialize up to 256).
pub(crate) const MAX_DEPTH: usize = 512;

/// A JSON value as the Python object `json.loads` would give.
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            (None, None) => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Why a Python value is no JSON value, and where.
pub(crate) struct NotJson {
    /// The keys and indexes from the top value down to the bad one.
    path: Vec<String>,
    reason: String,
    /// A `TypeError` (the value's type) rather than a `ValueError` (its value).
    type_error: bool,
}

impl NotJson {
    fn of_type(value: &Bound<'_, PyAny>) -> NotJson {
        NotJson {
            path: Vec::new(),
            reason: format!("{} is not a JSON value", a_type(value)),
            type_error: true,
        }
    }

    fn of_key(key: &Bound<'_, PyAny>) -> NotJson {
        NotJson {
            path: Vec::new(),
            reason: format!("{} key: the keys of JSON objects are strings", a_type(key)),
            type_error: true,
        }
    }

    fn of_value(reason: impl Into<String>) -> NotJson {
        NotJson {
            path: Vec::new(),
            reason: reason.into(),
            type_error: false,
        }
    }

    fn python(err: PyErr) -> NotJson {
        NotJson::of_value(err.to_string())
    }

    fn at(mut self, step: String) -> NotJson {
        self.path.push(step);
        self
    }

    /// The Python exception, the value's place written after `whole` (`records[3]`).
    pub(crate) fn into_err(self, whole: &str) -> PyErr {
        let mut place = whole.to_owned();
        for step in self.path.iter().rev() {
            place.push_str(step);
        }
        let message = format!("{place}: {}", self.reason);
        if self.type_error {
            PyTypeError::new_err(message)
        } else {
            PyValueError::new_err(message)
        }
    }
}

/// The type of `value` with its article: "a `set`", "an `int`".
pub(crate) fn a_type(value: &Bound<'_, PyAny>) -> String {
    let name = value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string());
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{name}`")
}

/// A dict key as a step of a place, as Python writes it: `['name']`.
pub(crate) fn key_step(key: &str) -> String {
    if key
        .chars()
        .any(|c| c == '\'' || c == '\\' || c.is_control())
    {
        format!("[{key:?}]")
    } else {
        format!("['{key}']")
    }
}

/// A scalar Python value as JSON, or `None` when it is a container.
fn scalar(value: &Bound<'_, PyAny>) -> Result<Option<Value>, NotJson> {
    if value.is_none() {
        return Ok(Some(Value::Null));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(Value::Bool(b.is_true())));
    }
    if let Ok(int) = value.cast::<PyInt>() {
        if let Ok(i) = int.extract::<i64>() {
            return Ok(Some(Value::from(i)));
        }
        if let Ok(u) = int.extract::<u64>() {
            return Ok(Some(Value::from(u)));
        }
        // As serde_json reads an integer too large for 64 bits: a float.
        let float: f64 = int.extract().map_err(NotJson::python)?;
        return finite(float).map(Some);
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return finite(float.value()).map(Some);
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_str().map_err(NotJson::python)?;
        return Ok(Some(Value::String(text.to_owned())));
    }
    if value.cast::<PyDateTime>().is_ok() {
        if value.getattr("tzinfo").map_err(NotJson::python)?.is_none() {
            return Err(NotJson::of_value(
                "a naive `datetime` (without a time zone) is no instant; give it a tzinfo",
            ));
        }
        return iso(value).map(Some);
    }
    if value.cast::<PyDate>().is_ok() {
        return iso(value).map(Some);
    }
    Ok(None)
}

fn finite(float: f64) -> Result<Value, NotJson> {
    Number::from_f64(float).map(Value::Number).ok_or_else(|| {
        // As Python writes it.
        let shown = if float.is_nan() {
            "nan"
        } else if float > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        NotJson::of_value(format!("{shown} is not a JSON number"))
    })
}

fn iso(value: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    let text = value
        .call_method0("isoformat")
        .and_then(|t| t.extract::<String>())
        .map_err(NotJson::python)?;
    Ok(Value::String(text))
}

/// A Python value as JSON, whole.
pub(crate) fn py_to_json(value: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
    if let Some(scalar) = scalar(value)? {
        return Ok(scalar);
    }
    if depth >= MAX_DEPTH {
        return Err(NotJson::of_value(format!(
            "nested more than {MAX_DEPTH} levels deep"
        )));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(NotJson::of_key(&key));
            };
            let key = key.to_str().map_err(NotJson::python)?;
            let item = py_to_json(&item, depth + 1).map_err(|e| e.at(key_step(key)))?;
            map.insert(key.to_owned(), item);
        }
        return Ok(Value::Object(map));
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter().map_err(NotJson::python)?.enumerate() {
            let item = item.map_err(NotJson::python)?;
            items.push(py_to_json(&item, depth + 1).map_err(|e| e.at(format!("[{i}]")))?);
        }
        return Ok(Value::Array(items));
    }
    Err(NotJson::of_type(value))
}

/// The value at `segments` (a record path split at its dots) of `record`, or `None` when a step
/// is missing or is not a dict (null, as the crate reads a JSON record).
pub(crate) fn find_path<'py>(
    record: &Bound<'py, PyDict>,
    segments: &[Bound<'py, PyString>],
) -> Result<Option<Bound<'py, PyAny>>, NotJson> {
    let Some((first, rest)) = segments.split_first() else {
        return Ok(None);
    };
    let Some(mut value) = record.get_item(first).map_err(NotJson::python)? else {
        return Ok(None);
    };
    for segment in rest {
        let Ok(dict) = value.cast::<PyDict>() else {
            return Ok(None);
        };
        match dict.get_item(segment).map_err(NotJson::python)? {
            Some(inner) => value = inner,
            None => return Ok(None),
        }
    }
    Ok(Some(value))
}

/// A field's value as the evaluator reads it: text as a range of one buffer that holds the
/// text of every record (so that reading records allocates nothing per value), other scalars
/// and lists as JSON, an object as [`Cell::Opaque`] (present, equal to nothing: what the crate
/// makes of a JSON object).
#[derive(Clone, Debug)]
pub(crate) enum Cell {
    Text(usize, usize),
    /// Text of a field only sorted by, with the date-time it reads as, once read: sorting
    /// orders text that reads as a date-time as that date-time, and compares each record
    /// many times.
    SortText(usize, usize, OnceCell<Option<DateTime>>),
    Scalar(Value),
    Array(Vec<Value>),
    Opaque,
}

impl Cell {
    /// The value as the crate's evaluator reads a field; `text` is the buffer of the text.
    pub(crate) fn field_ref<'a>(&'a self, text: &'a str) -> FieldRef<'a> {
        let slice = |start: usize, end: usize| text.get(start..end).unwrap_or_default();
        match self {
            Cell::Text(start, end) => FieldRef::Str(slice(*start, *end)),
            Cell::SortText(start, end, time) => {
                let text = slice(*start, *end);
                match time.get_or_init(|| text.parse::<DateTime>().ok()) {
                    Some(time) => FieldRef::DateTime(*time),
                    None => FieldRef::Str(text),
                }
            }
            Cell::Scalar(value) => FieldRef::from_json(value),
            Cell::Array(items) => FieldRef::Json(items),
            Cell::Opaque => FieldRef::Opaque,
        }
    }
}

/// The cell of a field's value (`None`: missing), its text copied to the end of `text`;
/// `sort_only` for a field the query only sorts by.
pub(crate) fn cell(
    value: Option<&Bound<'_, PyAny>>,
    text: &mut String,
    sort_only: bool,
) -> Result<Cell, NotJson> {
    let Some(value) = value else {
        return Ok(Cell::Scalar(Value::Null));
    };
    if let Ok(string) = value.cast::<PyString>() {
        let start = text.len();
        text.push_str(string.to_str().map_err(NotJson::python)?);
        let end = text.len();
        return Ok(if sort_only {
            Cell::SortText(start, end, OnceCell::new())
        } else {
            Cell::Text(start, end)
        });
    }
    if let Some(scalar) = scalar(value)? {
        return Ok(Cell::Scalar(scalar));
    }
    if value.cast::<PyDict>().is_ok() {
        return Ok(Cell::Opaque);
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter().map_err(NotJson::python)?.enumerate() {
            let item = item.map_err(NotJson::python)?;
            items.push(py_to_json(&item, 1).map_err(|e| e.at(format!("[{i}]")))?);
        }
        return Ok(Cell::Array(items));
    }
    Err(NotJson::of_type(value))
}
