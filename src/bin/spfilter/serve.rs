//! `spfilter serve`: a fake of SailPoint's role mining sessions list, and with
//! `--fake [API:]OPERATION_ID=FILE` fakes of catalog operations, each at its path with its own
//! rules; with `--db URL`, each answered from its table in the database.

mod request_log;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use sailpoint_filters::catalog::Operation;
use sailpoint_filters::diag::ErrorBody;
use sailpoint_filters::http::{
    Collection, Fake, Fakes, QueryRejection, ServeOptions, authorize, method_not_allowed,
    not_found, operation_response, page_response,
};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{Page, QueryOptions};
use tracing::{info, warn};
use tracing_appender::non_blocking::{ErrorCounter, WorkerGuard};

use super::catalog_cmds::load_records;
use super::commands::load_sessions;
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
    pub(crate) db: Option<super::db::DbSettings>,
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
    store: Option<Arc<super::db::Database>>,
    /// Whether the sessions are served (with `--db` and `--fake`, only if the database has
    /// their table).
    served: bool,
    token: Option<String>,
}

/// The fakes of `--fake`: records in memory, or tables of the `--db` database.
enum FakeLists {
    Memory(Fakes),
    Database {
        /// The operations, for finding the one a path is for (their records are in `stores`).
        lookup: Fakes,
        /// Each operation's store, in the order of `lookup`.
        stores: Vec<Arc<super::db::Database>>,
    },
}

pub(crate) fn run(settings: Settings) -> ExitCode {
    // The fakes first: with `--db`, they may make the database the sessions are then read from.
    let fakes = match read_fakes(&settings) {
        Ok(fakes) => fakes,
        Err(code) => return code,
    };
    // Kept until the runtime is gone, as `store` is.
    let fake_stores = match &fakes {
        FakeLists::Database { stores, .. } => stores.clone(),
        FakeLists::Memory(_) => Vec::new(),
    };
    let loaded = match &settings.db {
        None => load_sessions(settings.data.as_deref()).map(|sessions| (sessions, None, true)),
        Some(db) => open_sessions(db, &settings).map(|store| {
            let served = store.is_some();
            let store = store.map(|s| Arc::new(super::db::Database::new(s, "sessions".into())));
            (Vec::new(), store, served)
        }),
    };
    let (sessions, store, served) = match loaded {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
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
        served,
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
    drop(fake_stores);
    flush_log(guard);
    code
}

/// With `--db`, the store of the sessions: loaded from `--data`, or the table in the
/// database. When fakes are served and neither is there, the sessions are not served (`None`).
fn open_sessions(
    db: &super::db::DbSettings,
    settings: &Settings,
) -> Result<Option<sailpoint_filters::sql::Store>, String> {
    if settings.data.is_none() && !settings.fakes.is_empty() && !super::db::has_sessions(db)? {
        return Ok(None);
    }
    super::db::open(db, settings.data.as_deref()).map(Some)
}

/// The fakes of `--fake [API:]ID[=FILE|=N]` arguments, read now: in memory, or with `--db` loaded
/// into (or, for `--fake [API:]ID` alone, found in) the database. `API:` names the operation's
/// API (`v2025:listIdentities=…`), else `--api` does (the per-service API without it). The
/// same operation faked twice is refused, naming it.
fn read_fakes(settings: &Settings) -> Result<FakeLists, ExitCode> {
    let api = settings.api.as_deref();
    let fail = |message: String| {
        eprintln!("{message}");
        ExitCode::FAILURE
    };
    let mut fakes = Vec::with_capacity(settings.fakes.len());
    let mut stores = Vec::new();
    for spec in &settings.fakes {
        // `ID=FILE`: the records of a file; `ID=N` (digits only): N records generated from the
        // operation's response schema (`./50` names a file); `ID` alone: the table of a --db
        // database, or without --db 50 generated records.
        let (name, file) = spec
            .split_once('=')
            .map_or((spec.as_str(), None), |(name, file)| (name, Some(file)));
        if name.is_empty() {
            eprintln!("--fake {spec}: expected [API:]OPERATION_ID[=FILE|=N]");
            return Err(ExitCode::from(2));
        }
        let count = match (file, &settings.db) {
            (None, None) => Some(super::sample_cmd::DEFAULT_FAKE_COUNT),
            (Some(n), _) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                Some(n.parse::<usize>().map_err(|_| {
                    eprintln!("--fake {spec}: the count {n} is too large");
                    ExitCode::from(2)
                })?)
            }
            _ => None,
        };
        let (api_name, id) = match name.split_once(':') {
            Some((api_name, id)) => (Some(api_name), id),
            None => (api, name),
        };
        let operation = super::catalog_cmds::operation(api_name, id)?;
        if fakes
            .iter()
            .any(|fake: &Fake| std::ptr::eq(fake.operation(), operation))
        {
            eprintln!(
                "--fake {spec}: the {} operation `{}` is faked twice; give each operation once",
                operation.api(),
                operation.operation_id()
            );
            return Err(ExitCode::from(2));
        }
        let records = match count {
            Some(count) => Some(
                super::sample_cmd::generated(operation, count, super::sample_cmd::DEFAULT_SEED)
                    .map_err(|message| fail(format!("--fake {spec}: {message}")))?,
            ),
            None => file
                .map(|file| load_records(Path::new(file), operation.schema()))
                .transpose()
                .map_err(fail)?,
        };
        let file = file.map(Path::new);
        match &settings.db {
            None => fakes.push(Fake::new(operation, records.unwrap_or_default())),
            Some(db) => {
                stores.push(
                    open_fake(db, operation, file.zip(records.as_deref()), settings)
                        .map_err(fail)?,
                );
                fakes.push(Fake::new(operation, Vec::new()));
            }
        }
    }
    Ok(match settings.db {
        None => FakeLists::Memory(Fakes::new(fakes)),
        Some(_) => FakeLists::Database {
            lookup: Fakes::new(fakes),
            stores,
        },
    })
}

/// The store of a fake of `operation` in the `--db` database: `data` loaded into its table,
/// or the table already there.
fn open_fake(
    db: &super::db::DbSettings,
    operation: &'static Operation,
    data: Option<(&Path, &[serde_json::Value])>,
    settings: &Settings,
) -> Result<Arc<super::db::Database>, String> {
    let id = operation.operation_id();
    let load = format!("--fake {id}=FILE");
    let example = format!("spfilter serve --db URL --fake {id}=records.json");
    let holds = super::db::Holds::operation(operation, &load, &example);
    // A missing SQLite file is made when anything is loaded into it.
    let create = settings.data.is_some() || settings.fakes.iter().any(|f| f.contains('='));
    let store = super::db::open_for(db, &holds, data, create)?;
    Ok(Arc::new(super::db::Database::new(store, holds.records)))
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
fn router(sessions: Sessions, fakes: FakeLists, query: QueryOptions) -> (Router, Vec<String>) {
    let mut served = Vec::new();
    let mut app = Router::new();
    let lookup = match &fakes {
        FakeLists::Memory(fakes) | FakeLists::Database { lookup: fakes, .. } => fakes,
    };
    let paths: Vec<&str> = SESSIONS
        .into_iter()
        .filter(|path| lookup.find(path).is_none())
        .collect();
    if !sessions.served {
        if !paths.is_empty() {
            served.push(format!(
                "no role mining sessions in the database (no table `role_mining_sessions`): \
                 404 at GET {}",
                paths.join(" and GET ")
            ));
        }
    } else {
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
    }
    for fake in lookup.fakes() {
        let (id, path) = (fake.operation().operation_id(), fake.operation().path());
        served.push(match &fakes {
            FakeLists::Memory(_) => {
                format!("{} records of {id} at GET {path}", fake.records().len())
            }
            FakeLists::Database { .. } => {
                format!("records of {id} from the database at GET {path}")
            }
        });
    }
    let token = sessions.token.clone();
    let app = app.with_state(Arc::new(sessions));
    let app = match fakes {
        FakeLists::Memory(fakes) if fakes.fakes().is_empty() => app.fallback(unknown_path),
        FakeLists::Memory(fakes) => app.fallback_service(fakes.router(token, query)),
        FakeLists::Database { lookup, stores } => {
            let fakes = DbFakes {
                lookup,
                stores,
                token,
                options: query,
            };
            app.fallback_service(Router::new().fallback(db_fake).with_state(Arc::new(fakes)))
        }
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
        (Ok(query), Some(store)) => {
            let query = super::db::DbQuery::plain(query.query);
            super::db::respond::<RoleMiningSession>(Arc::clone(store), query, page_response).await
        }
        (Ok(query), None) => query.respond_shared(Arc::clone(&state.sessions)).await,
        (Err(rejection), _) => rejection.into_response(),
    }
}

/// What every request for a fake answered from the database reads.
struct DbFakes {
    lookup: Fakes,
    stores: Vec<Arc<super::db::Database>>,
    token: Option<String>,
    options: QueryOptions,
}

/// A request for a fake answered from the database, as the in-memory fake answers it: `404`
/// for another path, `405` for another method, the token (`401`), the parameters (`400`),
/// then the page.
async fn db_fake(State(fakes): State<Arc<DbFakes>>, request: Request) -> Response {
    let path = request.uri().path();
    let found = fakes.lookup.find(path).and_then(|fake| {
        let at = fakes
            .lookup
            .fakes()
            .iter()
            .position(|f| std::ptr::eq(f, fake))?;
        Some((fake, fakes.stores.get(at)?))
    });
    let Some((fake, store)) = found else {
        return not_found(path).into_response();
    };
    // HEAD is answered as GET without the body, as the in-memory fakes answer it.
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = method_not_allowed(request.method(), path).into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
        return response;
    }
    if let Err(unauthorized) = authorize(request.headers(), fakes.token.as_deref()) {
        return unauthorized.into_response();
    }
    let raw = request.uri().query().unwrap_or("");
    // Every parameter the operation documents (SPEC §11), as the in-memory fakes read them.
    let query = match fake.operation().read_query(raw, &fakes.options) {
        Ok(query) => query,
        Err(err) => return QueryRejection::from(err).into_response(),
    };
    match super::db::DbQuery::operation(&query) {
        Ok(db_query) => {
            let headers = request.headers();
            let answer =
                |page: &Page<serde_json::Value>, _count| operation_response(&query, page, headers);
            super::db::respond(Arc::clone(store), db_query, answer).await
        }
        Err(message) => ErrorBody::bad_request(message.clone(), vec![message]).into_response(),
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
