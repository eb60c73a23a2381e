//! `spfilter`: the command-line face of sailpoint-filters.
//!
//! ```text
//! spfilter parse [--strict] [--json] FILTER
//! spfilter check [--strict] [--openapi FILE --operation ID] FILTER
//! spfilter query [--db URL] [--data FILE] [--filters F] [--sorters S] [--offset N] [--limit N] [--count]
//! spfilter serve [--addr 127.0.0.1:8080] [--db URL] [--data FILE] [--token TOKEN] [--strict]
//! ```
//!
//! Exit status: 0 on success, 1 when the input is rejected (the reason is on stderr), 2 for a
//! usage error.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{CollectionQuery, QueryOptions};
use sailpoint_filters::{Filter, ParseOptions, Schema, Syntax};

#[path = "spfilter/db.rs"]
mod db;

/// Parse, check and print the filters of SailPoint's V3 collection endpoints.
#[derive(Parser)]
#[command(name = "spfilter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a filter and print its canonical form (or its syntax tree as JSON).
    Parse {
        /// Reject the lenient forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
        /// Print the syntax tree as JSON instead of the canonical filter.
        #[arg(long)]
        json: bool,
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'; `-` reads it from stdin.
        filter: String,
    },
    /// Check a filter against an endpoint (GET /role-mining-sessions unless --openapi is given)
    /// and print it as the endpoint reads it.
    Check {
        /// Reject the lenient forms (single-quoted strings, bare words, bare integers for strings).
        #[arg(long)]
        strict: bool,
        /// A SailPoint OpenAPI document (JSON, or YAML) to read the endpoint's schema from.
        #[arg(long, value_name = "FILE", requires = "operation")]
        openapi: Option<std::path::PathBuf>,
        /// The operationId of the endpoint in the --openapi document, e.g. getRoleMiningSessions.
        #[arg(long, value_name = "ID", requires = "openapi")]
        operation: Option<String>,
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'; `-` reads it from stdin.
        filter: String,
    },
    /// Run a GET /role-mining-sessions query over sessions: filter, sort, count, page.
    ///
    /// Prints the page as a JSON array; with --count, `X-Total-Count: N` on stderr.
    Query {
        /// A JSON array of role mining sessions (default: the built-in sample of 72 sessions).
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// Answer from a database: sqlite:PATH, sqlite::memory: or postgres://… (with --data,
        /// the sessions are loaded into a fresh table first; without, its table is queried).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        /// The `filters` parameter, e.g. 'saved eq "true" and name sw "RM Session"'.
        #[arg(long, value_name = "F", allow_hyphen_values = true)]
        filters: Option<String>,
        /// The `sorters` parameter, e.g. -createdDate,createdBy.
        #[arg(long, value_name = "S", allow_hyphen_values = true)]
        sorters: Option<String>,
        /// Records to skip (0 to 2147483647).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        offset: Option<String>,
        /// Most records to return (0 to 250; default 250).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        limit: Option<String>,
        /// Also print the number of matches before paging, as `X-Total-Count: N` on stderr.
        #[arg(long)]
        count: bool,
        /// Reject the lenient filter forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
    },
    /// Serve a fake of GET /beta/role-mining-sessions and GET /role-mining-sessions/v1.
    ///
    /// Prints `listening on http://ADDR` on stdout once it accepts requests, and one line per
    /// request on stderr. Requests need `Authorization: Bearer <token>`. Stops cleanly on
    /// Ctrl-C or SIGTERM.
    Serve {
        /// The address to listen on; port 0 picks a free port (the line on stdout tells which).
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
        addr: String,
        /// A JSON array of role mining sessions, read once at start (default: the built-in
        /// sample of 72 sessions).
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// Answer from a database: sqlite:PATH, sqlite::memory: or postgres://… (with --data,
        /// the sessions are loaded into a fresh table first; without, its table is queried).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        /// Accept only this bearer token (default: any non-empty token).
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        /// Reject the lenient filter forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            strict,
            json,
            filter,
        } => match filter_text(filter) {
            Ok(filter) => parse(&filter, strict, json),
            Err(code) => code,
        },
        Command::Check {
            strict,
            openapi,
            operation,
            filter,
        } => match filter_text(filter) {
            Ok(filter) => check(
                &filter,
                strict,
                openapi.as_deref().zip(operation.as_deref()),
            ),
            Err(code) => code,
        },
        Command::Query {
            data,
            db,
            filters,
            sorters,
            offset,
            limit,
            count,
            strict,
        } => {
            let params = [
                ("filters", filters),
                ("sorters", sorters),
                ("offset", offset),
                ("limit", limit),
                ("count", count.then(|| "true".to_owned())),
            ];
            match db {
                Some(url) => db::query(&url, data.as_deref(), &params, strict),
                None => query(data.as_deref(), &params, strict),
            }
        }
        Command::Serve {
            addr,
            data,
            db,
            token,
            strict,
        } => serve::run(&addr, data.as_deref(), db.as_deref(), token, strict),
    }
}

fn query(
    data: Option<&std::path::Path>,
    params: &[(&str, Option<String>)],
    strict: bool,
) -> ExitCode {
    let sessions = match load_sessions(data) {
        Ok(sessions) => sessions,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    let options = QueryOptions::default().with_syntax(syntax);
    let pairs = params
        .iter()
        .filter_map(|(name, value)| Some((*name, value.as_deref()?)));
    let schema = RoleMiningSessions::schema();
    let page = CollectionQuery::from_params_for(pairs, schema, &options)
        .map_err(|err| err.to_string())
        .and_then(|query| {
            let page = query.run(&sessions).map_err(|err| err.to_string())?;
            Ok((page, query.count()))
        });
    match page {
        Ok((page, count)) => {
            if count {
                eprintln!("X-Total-Count: {}", page.total);
            }
            match serde_json::to_string_pretty(&page.items) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("cannot print the page as JSON: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn check(text: &str, strict: bool, openapi: Option<(&std::path::Path, &str)>) -> ExitCode {
    let schema = match openapi {
        None => RoleMiningSessions::schema().clone(),
        Some((path, operation)) => {
            let document = match std::fs::read_to_string(path) {
                Ok(document) => document,
                Err(err) => {
                    eprintln!("cannot read {}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            match Schema::from_openapi(&document, operation) {
                Ok(schema) => schema,
                Err(err) => {
                    eprintln!("{}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    match schema.check(
        text,
        &ParseOptions {
            syntax,
            ..ParseOptions::default()
        },
    ) {
        Ok(filter) => {
            println!("{filter}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// The sessions of `path`, or the built-in sample.
fn load_sessions(path: Option<&std::path::Path>) -> Result<Vec<RoleMiningSession>, String> {
    let Some(path) = path else {
        return Ok(sailpoint_filters::role_mining_sessions::sample());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a JSON array of role mining sessions: {e}",
            path.display()
        )
    })
}

/// The filter argument, or stdin when it is `-` (for filters longer than an argument may be).
fn filter_text(argument: String) -> Result<String, ExitCode> {
    if argument != "-" {
        return Ok(argument);
    }
    let mut text = String::new();
    match std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
        // A final newline is the shell's, not the filter's.
        Ok(_) => Ok(text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)),
        Err(err) => {
            eprintln!("cannot read the filter from stdin: {err}");
            Err(ExitCode::FAILURE)
        }
    }
}

fn parse(text: &str, strict: bool, json: bool) -> ExitCode {
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    let options = ParseOptions {
        syntax,
        ..ParseOptions::default()
    };
    match Filter::parse_with(text, &options) {
        Ok(filter) if json => match serde_json::to_string_pretty(&filter) {
            Ok(tree) => {
                println!("{tree}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("cannot print the tree as JSON: {err}");
                ExitCode::FAILURE
            }
        },
        Ok(filter) => {
            println!("{filter}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// `spfilter serve`: a fake of SailPoint's role mining sessions list.
mod serve {
    use std::io::Write as _;
    use std::process::ExitCode;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    use axum::extract::{Request, State};
    use axum::http::{HeaderMap, Method, Uri};
    use axum::middleware::{self, Next};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use axum::{Extension, Router};
    use sailpoint_filters::QueryOptions;
    use sailpoint_filters::Syntax;
    use sailpoint_filters::http::{
        Collection, QueryRejection, authorize, method_not_allowed, not_found,
    };
    use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
    use sailpoint_filters::sql::Store;

    /// The beta path of the list.
    const BETA: &str = "/beta/role-mining-sessions";
    /// The versioned path of the same list.
    const V1: &str = "/role-mining-sessions/v1";
    /// The longest request target a log line shows whole.
    const LOGGED_TARGET: usize = 300;

    /// What every request reads; never written after start.
    struct Fake {
        sessions: Vec<RoleMiningSession>,
        /// With `--db`, the store that answers instead of `sessions`.
        store: Option<Arc<Mutex<Store>>>,
        token: Option<String>,
    }

    pub(crate) fn run(
        addr: &str,
        data: Option<&std::path::Path>,
        db: Option<&str>,
        token: Option<String>,
        strict: bool,
    ) -> ExitCode {
        let (sessions, store) = match db {
            None => match super::load_sessions(data) {
                Ok(sessions) => (sessions, None),
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::FAILURE;
                }
            },
            Some(url) => match super::db::open(url, data) {
                Ok(store) => (Vec::new(), Some(Arc::new(Mutex::new(store)))),
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::FAILURE;
                }
            },
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
        let syntax = if strict {
            Syntax::Strict
        } else {
            Syntax::Lenient
        };
        let fake = Fake {
            sessions,
            store: store.clone(),
            token,
        };
        let status = runtime.block_on(serve(
            addr,
            fake,
            QueryOptions::default().with_syntax(syntax),
        ));
        // A PostgreSQL client closes on a runtime of its own: not inside the server's.
        drop(runtime);
        drop(store);
        status
    }

    async fn serve(addr: &str, fake: Fake, options: QueryOptions) -> ExitCode {
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
        match &fake.store {
            Some(_) => log(format_args!(
                "spfilter serve: sessions from the database at GET {BETA} and GET {V1}"
            )),
            None => log(format_args!(
                "spfilter serve: {} sessions at GET {BETA} and GET {V1}",
                fake.sessions.len()
            )),
        }
        let app = router(fake, options);
        // The one line on stdout: what a script waits for, and the port when 0 was asked.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on http://{local}").and_then(|()| stdout.flush());
        drop(stdout);
        sailpoint_filters::http::serve(listener, app, shutdown).await;
        log(format_args!("spfilter serve: stopped"));
        ExitCode::SUCCESS
    }

    fn router(fake: Fake, options: QueryOptions) -> Router {
        Router::new()
            .route(BETA, get(list).fallback(wrong_method))
            .route(V1, get(list).fallback(wrong_method))
            .fallback(unknown_path)
            .layer(Extension(options))
            .layer(middleware::from_fn(log_request))
            .with_state(Arc::new(fake))
    }

    /// The list: the token first (401), then the parameters (400), then the page.
    async fn list(
        State(fake): State<Arc<Fake>>,
        headers: HeaderMap,
        query: Result<Collection<RoleMiningSessions>, QueryRejection>,
    ) -> Response {
        if let Err(unauthorized) = authorize(&headers, fake.token.as_deref()) {
            return unauthorized.into_response();
        }
        match (query, &fake.store) {
            (Ok(query), Some(store)) => super::db::respond(store.clone(), query.query).await,
            (Ok(query), None) => query.respond(&fake.sessions),
            (Err(rejection), _) => rejection.into_response(),
        }
    }

    async fn wrong_method(method: Method, uri: Uri) -> Response {
        method_not_allowed(&method, uri.path()).into_response()
    }

    async fn unknown_path(uri: Uri) -> Response {
        not_found(uri.path()).into_response()
    }

    /// One line per request on stderr: method, path and query, status, duration.
    async fn log_request(request: Request, next: Next) -> Response {
        let start = Instant::now();
        let method = request.method().clone();
        let target = request
            .uri()
            .path_and_query()
            .map_or("/", |target| target.as_str());
        let target = if target.len() > LOGGED_TARGET {
            let mut end = LOGGED_TARGET;
            while !target.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}… ({} bytes)", &target[..end], target.len())
        } else {
            target.to_owned()
        };
        let response = next.run(request).await;
        let elapsed = start.elapsed();
        log(format_args!(
            "{method} {target} {} {:.3}ms",
            response.status().as_u16(),
            elapsed.as_secs_f64() * 1000.0
        ));
        response
    }

    /// A line on stderr; a closed stderr is no reason to fail a request.
    fn log(line: std::fmt::Arguments<'_>) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
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
            log(format_args!("spfilter serve: shutting down"));
        })
    }

    /// Resolves on Ctrl-C.
    #[cfg(not(unix))]
    fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
        Ok(async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            log(format_args!("spfilter serve: shutting down"));
        })
    }
}
