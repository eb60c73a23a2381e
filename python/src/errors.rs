//! Problems with a filter or a parameter, as Python exceptions: `FilterError` (a `ValueError`)
//! carrying one `Problem` per problem, and `OperationNotFound` (a `LookupError`).
//!
//! The exception classes are Python classes (`sailpoint_filters/_errors.py`); this module builds
//! their instances from the crate's [`Error`]. Spans become Python string indices here: the crate
//! counts UTF-8 bytes, Python indexes code points.

use std::fmt;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use sailpoint_filters::diag::{ErrorBody, ErrorMessage, Parameter};
use sailpoint_filters::{Error, Problem};

/// The stage that found a problem, as `Problem.stage` names it in Python, and its kind (the
/// crate's variant name in snake_case) as `Problem.kind` names it.
///
/// The one place where the crate's names of its problem kinds meet the binding.
fn stage_and_kind(problem: &Problem) -> (&'static str, String) {
    match problem {
        Problem::Parse(kind) => ("parse", variant_name(kind)),
        Problem::Check(kind) => ("check", variant_name(kind)),
        Problem::SortersParse(kind) => ("sorters_parse", variant_name(kind)),
        Problem::SortersCheck(kind) => ("sorters_check", variant_name(kind)),
        Problem::Paging(kind) => ("paging", variant_name(kind)),
        Problem::Request(kind) => ("request", variant_name(kind)),
        other => ("other", variant_name(other)),
    }
}

/// The name of an enum value's variant in snake_case, read from its derived `Debug`
/// (`UnknownField { .. }` → `unknown_field`, `Empty` → `empty`).
fn variant_name(kind: &dyn fmt::Debug) -> String {
    let debug = format!("{kind:?}");
    let name = debug
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    let mut snake = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

/// The texts the problems' spans point into: what the caller gave for `filters` and `sorters`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Texts<'a> {
    pub(crate) filters: Option<&'a str>,
    pub(crate) sorters: Option<&'a str>,
}

impl Texts<'_> {
    fn of(&self, parameter: Parameter) -> Option<&str> {
        match parameter {
            Parameter::Filters => self.filters,
            Parameter::Sorters => self.sorters,
            _ => None,
        }
    }
}

/// The Python string index of the UTF-8 byte offset `byte` of `text`: how many characters
/// start before it.
pub(crate) fn char_index(text: &str, byte: usize) -> usize {
    match text.get(..byte) {
        Some(head) => head.chars().count(),
        None => text.char_indices().take_while(|(i, _)| *i < byte).count(),
    }
}

/// A parameter's name in Python: `filters`, …, `count`; `None` for the query string as a whole.
fn parameter_name(parameter: Parameter) -> Option<&'static str> {
    (parameter != Parameter::QueryString).then(|| parameter.name())
}

static FILTER_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static PROBLEM: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static OPERATION_NOT_FOUND: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &'static str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, "sailpoint_filters._errors", name)
}

/// SailPoint's error body as the dict `json.loads` gives, its keys in SailPoint's order.
fn body_to_py<'py>(py: Python<'py>, body: &ErrorBody) -> PyResult<Bound<'py, PyDict>> {
    let texts = |messages: &[ErrorMessage]| -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for message in messages {
            let entry = PyDict::new(py);
            entry.set_item("locale", &message.locale)?;
            entry.set_item("localeOrigin", &message.locale_origin)?;
            entry.set_item("text", &message.text)?;
            list.append(entry)?;
        }
        Ok(list)
    };
    let dict = PyDict::new(py);
    dict.set_item("detailCode", &body.detail_code)?;
    dict.set_item("trackingId", &body.tracking_id)?;
    dict.set_item("messages", texts(&body.messages)?)?;
    dict.set_item("causes", texts(&body.causes)?)?;
    Ok(dict)
}

/// The `FilterError` for `err`, whose spans point into `texts`.
pub(crate) fn filter_error(py: Python<'_>, err: &Error, texts: Texts<'_>) -> PyErr {
    match build_filter_error(py, err, texts) {
        Ok(exception) => PyErr::from_value(exception),
        Err(failed) => failed,
    }
}

fn build_filter_error<'py>(
    py: Python<'py>,
    err: &Error,
    texts: Texts<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem_class = class(py, &PROBLEM, "Problem")?;
    let problems = PyList::empty(py);
    for problem in err.problems() {
        let (stage, kind) = stage_and_kind(problem.kind());
        let span = match (problem.span(), texts.of(problem.parameter())) {
            (Some(span), Some(text)) => {
                Some((char_index(text, span.start), char_index(text, span.end)))
            }
            _ => None,
        };
        let instance = problem_class.call1((
            stage,
            kind,
            parameter_name(problem.parameter()),
            problem.message(),
            problem.cause(),
            span,
            problem.line(),
            problem.column(),
        ))?;
        problems.append(instance)?;
    }
    class(py, &FILTER_ERROR, "FilterError")?.call1((
        err.to_string(),
        problems,
        body_to_py(py, &err.to_error_body())?,
        err.endpoint(),
    ))
}

/// A `FilterError` of one problem without a position, found by the binding itself (a tree given
/// as data that is no filter): `stage` `data`, kind `kind`, in `filters`.
pub(crate) fn plain_filter_error(py: Python<'_>, kind: &str, message: &str) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyAny>> {
        let cause = format!("filters: {message}");
        let problem = class(py, &PROBLEM, "Problem")?.call1((
            "data",
            kind,
            "filters",
            message,
            cause.as_str(),
            None::<(usize, usize)>,
            None::<usize>,
            None::<usize>,
        ))?;
        let body = ErrorBody::bad_request(format!("Invalid query parameter: {cause}"), vec![cause]);
        class(py, &FILTER_ERROR, "FilterError")?.call1((
            format!("invalid filter: {message}"),
            PyList::new(py, [problem])?,
            body_to_py(py, &body)?,
            None::<&str>,
        ))
    };
    match build() {
        Ok(exception) => PyErr::from_value(exception),
        Err(failed) => failed,
    }
}

/// The `OperationNotFound` (a `LookupError`) with this message.
pub(crate) fn operation_not_found(py: Python<'_>, message: String) -> PyErr {
    match class(py, &OPERATION_NOT_FOUND, "OperationNotFound").and_then(|c| c.call1((message,))) {
        Ok(exception) => PyErr::from_value(exception),
        Err(failed) => failed,
    }
}
