//! `spfilter serve --fake OPERATION_ID=FILE [--fake …] [--api API]`: fakes of catalog
//! operations, each at its path(s) with its own rules, beside the role mining sessions list.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use sailpoint_filters::QueryOptions;
use sailpoint_filters::http::{
    Collection, Fake, Fakes, QueryRejection, authorize, method_not_allowed,
};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};

/// The role mining sessions list's paths, served unless a fake takes one.
const SESSIONS: [&str; 2] = ["/beta/role-mining-sessions", "/role-mining-sessions/v1"];

/// The fakes of `--fake ID=FILE` arguments, read now.
fn read_fakes(specs: &[String], api: Option<&str>) -> Result<Vec<Fake>, ExitCode> {
    let mut fakes = Vec::new();
    for spec in specs {
        let Some((id, file)) = spec.split_once('=') else {
            eprintln!("--fake {spec}: expected OPERATION_ID=FILE");
            return Err(ExitCode::from(2));
        };
        let operation = super::catalog_cmds::operation(api, id)?;
        let records = super::catalog_cmds::load_records(Path::new(file)).map_err(|message| {
            eprintln!("{message}");
            ExitCode::FAILURE
        })?;
        fakes.push(Fake::new(operation, records));
    }
    Ok(fakes)
}

struct Sessions {
    sessions: Vec<RoleMiningSession>,
    token: Option<String>,
}

/// Serves the fakes (and the role mining sessions at the paths no fake takes) until Ctrl-C or
/// SIGTERM. Prints `listening on http://ADDR` on stdout, one line per request on stderr.
pub(crate) fn run(
    addr: &str,
    specs: &[String],
    api: Option<&str>,
    sessions: Vec<RoleMiningSession>,
    token: Option<String>,
    options: QueryOptions,
) -> ExitCode {
    let fakes = match read_fakes(specs, api) {
        Ok(fakes) => Fakes::new(fakes),
        Err(code) => return code,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the server's runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
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
        let shutdown = match super::serve::shutdown_signal() {
            Ok(shutdown) => shutdown,
            Err(err) => {
                eprintln!("cannot listen for Ctrl-C and SIGTERM: {err}");
                return ExitCode::FAILURE;
            }
        };
        for fake in fakes.fakes() {
            super::serve::log(format_args!(
                "spfilter serve: {} records of {} at GET {}",
                fake.records().len(),
                fake.operation().operation_id(),
                fake.operation().path()
            ));
        }
        let app = router(fakes, sessions, token, options);
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on http://{local}").and_then(|()| stdout.flush());
        drop(stdout);
        sailpoint_filters::http::serve(listener, app, shutdown).await;
        super::serve::log(format_args!("spfilter serve: stopped"));
        ExitCode::SUCCESS
    })
}

fn router(
    fakes: Fakes,
    sessions: Vec<RoleMiningSession>,
    token: Option<String>,
    options: QueryOptions,
) -> Router {
    let mut app = Router::new();
    for path in SESSIONS {
        if fakes.find(path).is_none() {
            app = app.route(path, get(list_sessions).fallback(wrong_method));
        }
    }
    let state = Arc::new(Sessions {
        sessions,
        token: token.clone(),
    });
    app.with_state(state)
        .fallback_service(fakes.router(token, options))
        .layer(Extension(options))
        .layer(axum::middleware::from_fn(super::serve::log_request))
}

async fn list_sessions(
    State(state): State<Arc<Sessions>>,
    headers: HeaderMap,
    query: Result<Collection<RoleMiningSessions>, QueryRejection>,
) -> Response {
    if let Err(unauthorized) = authorize(&headers, state.token.as_deref()) {
        return unauthorized.into_response();
    }
    match query {
        Ok(query) => query.respond(&state.sessions),
        Err(rejection) => rejection.into_response(),
    }
}

async fn wrong_method(method: Method, uri: Uri) -> Response {
    method_not_allowed(&method, uri.path()).into_response()
}
