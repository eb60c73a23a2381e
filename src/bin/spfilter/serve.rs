//! `spfilter serve`: a fake of SailPoint's role mining sessions list, and with
//! `--fake [API:]OPERATION_ID=FILE` fakes of catalog operations, each at its path with its own rules.

mod request_log;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use sailpoint_filters::QueryOptions;
use sailpoint_filters::http::{
    Collection, Fake, Fakes, QueryRejection, ServeOptions, authorize, method_not_allowed, not_found,
};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use tracing::{info, warn};
use tracing_appender::non_blocking::{ErrorCounter, WorkerGuard};

use crate::catalog_cmds::load_records;
use crate::commands::load_sessions;
use request_log::{log_request, start_log};

/// The role mining sessions list's paths (beta, and versioned), served unless a fake takes
/// one.
const SESSIONS: [&str; 2] = ["/beta/role-mining-sessions", "/role-mining-sessions/v1"];
/// How often the number of dropped log lines is looked at (and logged when it grew).
const DROPPED_LINES_CHECK: Duration = Duration::from_secs(1);
/// How long the log may take to write out its last lines at exit.
const LOG_FLUSH_AT_EXIT: Duration = Duration::from_secs(2);

/// What `spfilter serve` was asked for.
pub(crate) struct Settings {
    pub(crate) addr: String,
    pub(crate) data: Option<std::path::PathBuf>,
    /// `--db URL` and its options: the store that answers for the sessions.
    pub(crate) db: Option<crate::db::DbSettings>,
    pub(crate) token: Option<String>,
    pub(crate) query: QueryOptions,
    pub(crate) quiet: bool,
    pub(crate) options: ServeOptions,
    /// `--fake [API:]OPERATION_ID=FILE` arguments.
    pub(crate) fakes: Vec<String>,
    pub(crate) api: Option<String>,
}

/// What every request for the sessions reads; never written after start.
struct Sessions {
    sessions: Arc<Vec<RoleMiningSession>>,
    /// With `--db`, the store that answers instead of `sessions`.
    store: Option<Arc<crate::db::Database>>,
    token: Option<String>,
}

pub(crate) fn run(settings: Settings) -> ExitCode {
    let loaded = match &settings.db {
        None => load_sessions(settings.data.as_deref()).map(|sessions| (sessions, None)),
        Some(db) => crate::db::open(db, settings.data.as_deref())
            .map(|store| (Vec::new(), Some(Arc::new(crate::db::Database::new(store))))),
    };
    let (sessions, store) = match loaded {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let fakes = match read_fakes(&settings.fakes, settings.api.as_deref()) {
        Ok(fakes) => Fakes::new(fakes),
        Err(code) => return code,
    };
    let (guard, dropped) = match start_log(settings.quiet) {
        Ok(log) => log,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Queries run on the blocking pool; a connection runs one at a time.
        .max_blocking_threads(settings.options.max_connections.max(1))
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the server's runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let sessions = Sessions {
        sessions: Arc::new(sessions),
        store: store.clone(),
        token: settings.token,
    };
    let code = runtime.block_on(serve(
        &settings.addr,
        router(sessions, fakes, settings.query),
        settings.options,
        dropped,
    ));
    // Queries still running after the grace period are not waited for.
    runtime.shutdown_background();
    // PostgreSQL connections close on runtimes of their own: not on the server's threads.
    drop(store);
    flush_log(guard);
    code
}

/// The fakes of `--fake [API:]ID=FILE` arguments, read now: `API:` names the operation's API
/// (`v2025:listIdentities=…`), else `--api` does (the per-service API without it). The same
/// operation faked twice is refused, naming it.
fn read_fakes(specs: &[String], api: Option<&str>) -> Result<Vec<Fake>, ExitCode> {
    let mut fakes: Vec<Fake> = Vec::with_capacity(specs.len());
    for spec in specs {
        // `ID` alone, or `ID=N` with N all digits, serves generated records (of the
        // operation's response schema); `ID=FILE` the records of a file (`./50` for a file
        // named like a number).
        let (name, file) = spec.split_once('=').unwrap_or((spec.as_str(), ""));
        if name.is_empty() {
            eprintln!("--fake {spec}: expected [API:]OPERATION_ID[=FILE|=COUNT]");
            return Err(ExitCode::from(2));
        }
        let (api_name, id) = match name.split_once(':') {
            Some((api_name, id)) => (Some(api_name), id),
            None => (api, name),
        };
        let operation = crate::catalog_cmds::operation(api_name, id)?;
        if fakes
            .iter()
            .any(|fake| std::ptr::eq(fake.operation(), operation))
        {
            eprintln!(
                "--fake {spec}: the {} operation `{}` is faked twice; give each operation once",
                operation.api(),
                operation.operation_id()
            );
            return Err(ExitCode::from(2));
        }
        let count = if file.is_empty() {
            Some(crate::sample_cmd::DEFAULT_FAKE_COUNT)
        } else if file.bytes().all(|b| b.is_ascii_digit()) {
            Some(file.parse::<usize>().map_err(|_| {
                eprintln!("--fake {spec}: the count {file} is too large");
                ExitCode::from(2)
            })?)
        } else {
            None
        };
        let records = match count {
            Some(count) => {
                crate::sample_cmd::generated(operation, count, crate::sample_cmd::DEFAULT_SEED)
                    .map_err(|message| format!("--fake {spec}: {message}"))
            }
            None => load_records(Path::new(file), operation.schema()),
        }
        .map_err(|message| {
            eprintln!("{message}");
            ExitCode::FAILURE
        })?;
        fakes.push(Fake::new(operation, records));
    }
    Ok(fakes)
}

/// Lets the log write out its last lines, for at most [`LOG_FLUSH_AT_EXIT`]: a stderr
/// nobody reads does not keep the process from exiting.
fn flush_log(guard: WorkerGuard) {
    let (done, flushed) = std::sync::mpsc::channel();
    let flusher = std::thread::Builder::new().spawn(move || {
        drop(guard);
        let _ = done.send(());
    });
    if flusher.is_ok() {
        let _ = flushed.recv_timeout(LOG_FLUSH_AT_EXIT);
    }
}

async fn serve(
    addr: &str,
    (app, served): (Router, Vec<String>),
    options: ServeOptions,
    dropped: ErrorCounter,
) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("cannot listen on {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let local = match listener.local_addr() {
        Ok(local) => local,
        Err(err) => {
            eprintln!("cannot read the address listened on: {err}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = match shutdown_signal() {
        Ok(shutdown) => shutdown,
        Err(err) => {
            eprintln!("cannot listen for Ctrl-C and SIGTERM: {err}");
            return ExitCode::FAILURE;
        }
    };
    for line in served {
        info!("spfilter serve: {line}");
    }
    let reporter = tokio::spawn(report_dropped_lines(dropped.clone()));
    // The one line on stdout: what a script waits for, and the port when 0 was asked.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "listening on http://{local}").and_then(|()| stdout.flush());
    drop(stdout);
    sailpoint_filters::http::serve_with(listener, app, shutdown, options).await;
    reporter.abort();
    match dropped.dropped_lines() {
        0 => info!("spfilter serve: stopped"),
        n => info!("spfilter serve: stopped ({n} log lines dropped: stderr was not read)"),
    }
    ExitCode::SUCCESS
}

/// Logs the number of dropped log lines whenever it grew. A report dropped in its turn
/// makes the number grow again, so it is tried again until stderr takes it.
async fn report_dropped_lines(dropped: ErrorCounter) {
    let mut reported = 0;
    let mut ticks = tokio::time::interval(DROPPED_LINES_CHECK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = dropped.dropped_lines();
        if now > reported {
            warn!("spfilter serve: {now} log lines dropped so far: stderr was not read");
            reported = now;
        }
    }
}

/// The app, and what it serves (one line per list for the log): the sessions at the paths no
/// fake takes, each fake at its operation's path; `404` elsewhere.
fn router(sessions: Sessions, fakes: Fakes, query: QueryOptions) -> (Router, Vec<String>) {
    let mut served = Vec::new();
    let mut app = Router::new();
    let paths: Vec<&str> = SESSIONS
        .into_iter()
        .filter(|path| fakes.find(path).is_none())
        .collect();
    for path in &paths {
        app = app.route(path, get(list).fallback(wrong_method));
    }
    if !paths.is_empty() {
        let what = match sessions.store {
            Some(_) => "sessions from the database".to_owned(),
            None => format!("{} sessions", sessions.sessions.len()),
        };
        served.push(format!("{what} at GET {}", paths.join(" and GET ")));
    }
    for fake in fakes.fakes() {
        served.push(format!(
            "{} records of {} at GET {}",
            fake.records().len(),
            fake.operation().operation_id(),
            fake.operation().path()
        ));
    }
    let token = sessions.token.clone();
    let app = app.with_state(Arc::new(sessions));
    let app = if fakes.fakes().is_empty() {
        app.fallback(unknown_path)
    } else {
        app.fallback_service(fakes.router(token, query))
    };
    let app = app
        .layer(Extension(query))
        .layer(middleware::from_fn(log_request));
    (app, served)
}

/// The list: the token first (401), then the parameters (400), then the page; a long query
/// runs on the blocking pool, so that it holds up no other request.
async fn list(
    State(state): State<Arc<Sessions>>,
    headers: HeaderMap,
    query: Result<Collection<RoleMiningSessions>, QueryRejection>,
) -> Response {
    if let Err(unauthorized) = authorize(&headers, state.token.as_deref()) {
        return unauthorized.into_response();
    }
    match (query, &state.store) {
        (Ok(query), Some(store)) => crate::db::respond(Arc::clone(store), query.query).await,
        (Ok(query), None) => query.respond_shared(Arc::clone(&state.sessions)).await,
        (Err(rejection), _) => rejection.into_response(),
    }
}

async fn wrong_method(method: Method, uri: Uri) -> Response {
    method_not_allowed(&method, uri.path()).into_response()
}

async fn unknown_path(uri: Uri) -> Response {
    not_found(uri.path()).into_response()
}

/// Listens for Ctrl-C and SIGTERM now (so that a signal sent once the address is printed
/// is not missed); the future resolves on the first of them.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        info!("spfilter serve: shutting down");
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        info!("spfilter serve: shutting down");
    })
}
