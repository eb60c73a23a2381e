//! The in-process fake: catalog operations served from Python records over HTTP on a loopback
//! port, by the crate's `http::Fakes` on a tokio runtime in a thread of its own.

use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyString};
use sailpoint_filters::QueryOptions;
use sailpoint_filters::http::{Fake, Fakes, ServeOptions, serve_with};
use tokio::sync::oneshot;

use crate::catalog::api;
use crate::convert::{a_type, json_to_py, key_step, py_to_json};

/// How long stopping waits for the requests in flight.
const GRACE_PERIOD: Duration = Duration::from_secs(1);

/// A running server and how to stop it.
struct Running {
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

/// A fake serving on a loopback port until stopped.
#[pyclass(frozen, module = "sailpoint_filters.fake", name = "FakeServer")]
pub(crate) struct PyServer {
    url: String,
    running: Mutex<Option<Running>>,
}

/// `token` as a client can send it after `Bearer `: printable ASCII without spaces.
fn check_token(token: &str) -> PyResult<()> {
    if token.is_empty() {
        return Err(PyValueError::new_err(
            "the token is empty; a client cannot send an empty bearer token",
        ));
    }
    if let Some(c) = token.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(PyValueError::new_err(format!(
            "the token contains {c:?}; a client sends `Authorization: Bearer <token>` with a \
             token of printable ASCII characters and no spaces"
        )));
    }
    Ok(())
}

/// The fakes of `fakes`, a dict from operationId (`API:ID` for another API than `api_name`'s)
/// to a list of records or to how many records to generate (`int`; bools are refused as
/// counts). The same operation twice is refused.
fn read_fakes(
    py: Python<'_>,
    fakes: &Bound<'_, PyDict>,
    api_name: Option<&str>,
) -> PyResult<Vec<Fake>> {
    // A wrong API name is refused even when there are no fakes.
    api(api_name)?;
    let mut read = Vec::with_capacity(fakes.len());
    for (id, records) in fakes.iter() {
        let Ok(id) = id.cast::<PyString>() else {
            return Err(PyTypeError::new_err(
                "fakes: the keys are operationIds (str), such as \"listAccountsV1\"",
            ));
        };
        let id = id.to_str()?;
        // `API:ID` names the operation's API (`v2025:listIdentities`), else `api=` does: one
        // server fakes operations of several APIs, as `spfilter serve --fake API:ID` does.
        let (operation_api, operation_id) = match id.split_once(':') {
            Some((api_part, id_part)) => (Some(api_part), id_part),
            None => (api_name, id),
        };
        let operation = crate::sample::lookup(py, operation_api, operation_id)?;
        if read
            .iter()
            .any(|fake: &Fake| std::ptr::eq(fake.operation(), operation))
        {
            return Err(PyValueError::new_err(format!(
                "fakes{}: the {} operation `{}` is faked twice; give each operation once",
                key_step(id),
                operation.api(),
                operation.operation_id()
            )));
        }
        if records.is_instance_of::<PyInt>() {
            let place = format!("fakes{}", key_step(id));
            let count = crate::sample::count(&records, &place)?;
            let values = crate::sample::generate(py, operation, count, crate::sample::FAKE_SEED)
                .map_err(|e| PyValueError::new_err(format!("{place}: {}", e.value(py))))?;
            read.push(Fake::new(operation, values));
            continue;
        }
        let Ok(iter) = records.try_iter() else {
            return Err(PyTypeError::new_err(format!(
                "fakes{}: an operation's fake is a list of records (dicts) or a count of records \
                 to generate (an `int`), not {}",
                key_step(id),
                a_type(&records)
            )));
        };
        let mut values = Vec::new();
        for (i, record) in iter.enumerate() {
            let record = record?;
            let place = format!("fakes{}[{i}]", key_step(id));
            if record.cast::<PyDict>().is_err() {
                return Err(PyTypeError::new_err(format!(
                    "{place}: a record is a dict, not {}",
                    a_type(&record)
                )));
            }
            values.push(py_to_json(&record, 0).map_err(|e| e.into_err(&place))?);
        }
        read.push(Fake::new(operation, values));
    }
    Ok(read)
}

#[pymethods]
impl PyServer {
    /// Starts serving `fakes` on a free port of 127.0.0.1.
    #[new]
    #[pyo3(signature = (fakes, token = None, api = None, strict = false))]
    fn start(
        py: Python<'_>,
        fakes: &Bound<'_, PyDict>,
        token: Option<String>,
        api: Option<&str>,
        strict: bool,
    ) -> PyResult<PyServer> {
        if let Some(token) = &token {
            check_token(token)?;
        }
        let fakes = Fakes::new(read_fakes(py, fakes, api)?);
        py.detach(move || start(fakes, token, strict))
    }

    /// The base URL: `http://127.0.0.1:PORT`.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// Whether it still serves.
    #[getter]
    fn running(&self) -> bool {
        self.running.lock().is_ok_and(|running| running.is_some())
    }

    /// Stops serving: requests in flight get their answers (for at most a second), then every
    /// connection is closed. Stopping a stopped server does nothing.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        let running = self
            .running
            .lock()
            .map_err(|_| PyRuntimeError::new_err("the server's state is poisoned"))?
            .take();
        if let Some(Running { stop, thread }) = running {
            let _ = stop.send(());
            let joined = py.detach(move || thread.join());
            if joined.is_err() {
                return Err(PyRuntimeError::new_err("the server's thread panicked"));
            }
        }
        Ok(())
    }

    fn __repr__(&self) -> String {
        let state = if self.running() { "running" } else { "stopped" };
        format!("<FakeServer {} ({state})>", self.url)
    }
}

impl Drop for PyServer {
    /// A server nobody stopped stops when it is dropped, without waiting for its thread.
    fn drop(&mut self) {
        if let Ok(mut running) = self.running.lock()
            && let Some(Running { stop, .. }) = running.take()
        {
            let _ = stop.send(());
        }
    }
}

/// `sample_role_mining_sessions()`: the crate's 72 sample role mining sessions, as SailPoint's
/// JSON records (the records `spfilter serve` serves by default).
#[pyfunction]
pub(crate) fn sample_role_mining_sessions(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let sessions = serde_json::to_value(sailpoint_filters::role_mining_sessions::sample())
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    json_to_py(py, &sessions)
}

/// Binds a free loopback port and serves `fakes` on it from a thread of its own.
fn start(fakes: Fakes, token: Option<String>, strict: bool) -> PyResult<PyServer> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| PyOSError::new_err(format!("cannot listen on 127.0.0.1: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| PyOSError::new_err(e.to_string()))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| PyOSError::new_err(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sailpoint-fake")
        .enable_all()
        .build()
        .map_err(|e| PyOSError::new_err(format!("cannot start the server's runtime: {e}")))?;
    let syntax = crate::filter::syntax(strict);
    let app = fakes.router(token, QueryOptions::default().with_syntax(syntax));
    let options = ServeOptions::default().with_grace_period(GRACE_PERIOD);
    let (stop, stopped) = oneshot::channel::<()>();
    let (ready, is_ready) = std::sync::mpsc::channel::<Result<(), String>>();
    let thread = std::thread::Builder::new()
        .name("sailpoint-fake".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(e) => {
                        let _ = ready.send(Err(e.to_string()));
                        return;
                    }
                };
                let _ = ready.send(Ok(()));
                let shutdown = async {
                    let _ = stopped.await;
                };
                serve_with(listener, app, shutdown, options).await;
            });
            // Handlers still running after the grace period are not waited for.
            runtime.shutdown_background();
        })
        .map_err(|e| PyOSError::new_err(format!("cannot start the server's thread: {e}")))?;
    match is_ready.recv() {
        Ok(Ok(())) => Ok(PyServer {
            url: format!("http://{address}"),
            running: Mutex::new(Some(Running { stop, thread })),
        }),
        Ok(Err(reason)) => Err(PyOSError::new_err(format!("cannot serve: {reason}"))),
        Err(_) => Err(PyRuntimeError::new_err(
            "the server's thread ended at start",
        )),
    }
}
