//! `spfilter`: the command-line face of sailpoint-filters.
//!
//! ```text
//! spfilter parse [--strict] [--json] FILTER
//! spfilter check [--strict] [--openapi FILE --operation ID] FILTER
//! spfilter query [--data FILE] [--filters F] [--sorters S] [--offset N] [--limit N] [--count]
//! spfilter serve [--addr 127.0.0.1:8080] [--data FILE] [--token TOKEN] [--strict] [--quiet]
//!               [--grace-period 5] [--idle-timeout 30] [--write-timeout 30] [--max-connections 256]
//! ```
//!
//! Exit status: 0 on success, 1 when the input is rejected (the reason is on stderr), 2 for a
//! usage error.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::http::ServeOptions;
use sailpoint_filters::query::{CollectionQuery, QueryOptions};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{Filter, ParseOptions, Schema, Syntax};

/// The built-in role mining sessions: the default data of `query`.
const SAMPLE_SESSIONS: &str = include_str!("../../data/role_mining_sessions.json");

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
    /// request on stderr (RUST_LOG filters the log; --quiet leaves the request lines out).
    /// Logging never holds up a request: when stderr is not read, lines are dropped, and how
    /// many is logged once stderr is read again. Requests need `Authorization: Bearer <token>`.
    /// Stops on Ctrl-C or SIGTERM: requests in flight get their answers during the grace
    /// period, then every connection is closed.
    Serve {
        /// The address to listen on; port 0 picks a free port (the line on stdout tells which).
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
        addr: String,
        /// A JSON array of role mining sessions, read once at start (default: the built-in
        /// sample of 72 sessions). Each `id` must be unique.
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// Accept only this bearer token (default: any non-empty token). Printable ASCII
        /// without spaces, as a client can send it.
        #[arg(long, value_name = "TOKEN", value_parser = bearer_token)]
        token: Option<String>,
        /// Reject the lenient filter forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
        /// Leave the request lines out of the log (start, stop and warnings stay).
        #[arg(long)]
        quiet: bool,
        /// On Ctrl-C or SIGTERM, how long requests in flight may take to finish before every
        /// connection is closed.
        #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = seconds)]
        grace_period: std::time::Duration,
        /// Close a connection that sends no complete request this long after it opens or after
        /// its previous response.
        #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = positive_seconds)]
        idle_timeout: std::time::Duration,
        /// Close a connection whose client reads none of its response for this long.
        #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = positive_seconds)]
        write_timeout: std::time::Duration,
        /// Most connections open at once; more wait until one closes (a warning says when the
        /// limit is reached).
        #[arg(long, value_name = "N", default_value = "256", value_parser = clap::value_parser!(u32).range(1..=65_536))]
        max_connections: u32,
    },
}

/// `--token`: what a client can send after `Bearer `: printable ASCII, no spaces.
fn bearer_token(token: &str) -> Result<String, String> {
    if token.is_empty() {
        return Err("the token is empty; a client cannot send an empty bearer token".to_owned());
    }
    if let Some(c) = token.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "the token contains {c:?}; a client sends `Authorization: Bearer <token>` with a \
             token of printable ASCII characters and no spaces"
        ));
    }
    Ok(token.to_owned())
}

/// A duration in seconds, e.g. `5` or `0.5`.
fn seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .filter(|d| d.as_secs() <= 86_400)
        .ok_or_else(|| format!("expected a number of seconds from 0 to 86400, got `{text}`"))
}

/// A duration in seconds above zero.
fn positive_seconds(text: &str) -> Result<std::time::Duration, String> {
    seconds(text)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("expected a number of seconds above 0, up to 86400, got `{text}`"))
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
            query(data.as_deref(), &params, strict)
        }
        Command::Serve {
            addr,
            data,
            token,
            strict,
            quiet,
            grace_period,
            idle_timeout,
            write_timeout,
            max_connections,
        } => serve::run(serve::Settings {
            addr,
            data,
            token,
            strict,
            quiet,
            options: ServeOptions::default()
                .with_grace_period(grace_period)
                .with_idle_timeout(idle_timeout)
                .with_write_timeout(write_timeout)
                .with_max_connections(max_connections as usize),
        }),
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
        .and_then(|query| Ok((query.run(&sessions, schema)?, query.paging.count())));
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

/// The sessions of `path`, or the built-in sample: a JSON array (a UTF-8 byte order mark
/// before it is skipped) whose `id`s are all different.
fn load_sessions(path: Option<&std::path::Path>) -> Result<Vec<RoleMiningSession>, String> {
    let Some(path) = path else {
        return serde_json::from_str(SAMPLE_SESSIONS)
            .map_err(|e| format!("the built-in sample data is invalid: {e}"));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let sessions: Vec<RoleMiningSession> = serde_json::from_str(json).map_err(|e| {
        format!(
            "{} is not a JSON array of role mining sessions: {e}",
            path.display()
        )
    })?;
    let mut seen = std::collections::HashMap::with_capacity(sessions.len());
    for (index, session) in sessions.iter().enumerate() {
        if let Some(first) = seen.insert(session.id.as_str(), index) {
            return Err(format!(
                "{}: the sessions at indexes {first} and {index} of the array have the same id {:?}",
                path.display(),
                session.id
            ));
        }
    }
    Ok(sessions)
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
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use axum::extract::{Request, State};
    use axum::http::{HeaderMap, Method, Uri};
    use axum::middleware::{self, Next};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use axum::{Extension, Router};
    use sailpoint_filters::Syntax;
    use sailpoint_filters::error::ErrorBody;
    use sailpoint_filters::http::{
        Collection, QueryRejection, ServeOptions, authorize, method_not_allowed, not_found,
    };
    use sailpoint_filters::query::QueryOptions;
    use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
    use tracing::{info, warn};
    use tracing_appender::non_blocking::{ErrorCounter, NonBlockingBuilder, WorkerGuard};
    use tracing_subscriber::EnvFilter;
    use tracing_subscriber::filter::LevelFilter;

    /// The beta path of the list.
    const BETA: &str = "/beta/role-mining-sessions";
    /// The versioned path of the same list.
    const V1: &str = "/role-mining-sessions/v1";
    /// The longest request target a log line shows whole.
    const LOGGED_TARGET: usize = 300;
    /// The target of the request lines (`RUST_LOG=spfilter::request=off` is `--quiet`).
    const REQUEST_LOG: &str = "spfilter::request";
    /// Log lines waiting for stderr at most; past that, new lines are dropped (and counted).
    const LOG_BUFFER_LINES: usize = 8 * 1024;
    /// How often the number of dropped log lines is looked at (and logged when it grew).
    const DROPPED_LINES_CHECK: Duration = Duration::from_secs(1);
    /// The most work (records × query string length in 16-byte units) a query may take to run
    /// where its request is served; more runs on the blocking pool.
    const INLINE_WORK: usize = 64 * 1024;
    /// How long the log may take to write out its last lines at exit.
    const LOG_FLUSH_AT_EXIT: Duration = Duration::from_secs(2);

    /// What `spfilter serve` was asked for.
    pub(crate) struct Settings {
        pub(crate) addr: String,
        pub(crate) data: Option<std::path::PathBuf>,
        pub(crate) token: Option<String>,
        pub(crate) strict: bool,
        pub(crate) quiet: bool,
        pub(crate) options: ServeOptions,
    }

    /// What every request reads; never written after start.
    struct Fake {
        sessions: Vec<RoleMiningSession>,
        token: Option<String>,
    }

    pub(crate) fn run(settings: Settings) -> ExitCode {
        let sessions = match super::load_sessions(settings.data.as_deref()) {
            Ok(sessions) => sessions,
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
        let syntax = if settings.strict {
            Syntax::Strict
        } else {
            Syntax::Lenient
        };
        let fake = Fake {
            sessions,
            token: settings.token,
        };
        let code = runtime.block_on(serve(
            &settings.addr,
            fake,
            QueryOptions::default().with_syntax(syntax),
            settings.options,
            dropped,
        ));
        // Queries still running after the grace period are not waited for.
        runtime.shutdown_background();
        flush_log(guard);
        code
    }

    /// Logs to stderr through a buffer of [`LOG_BUFFER_LINES`] lines that a thread of its own
    /// writes out: a full buffer drops lines instead of holding up the caller. Returns the
    /// guard that writes out the last lines at exit, and the count of dropped lines.
    fn start_log(quiet: bool) -> Result<(WorkerGuard, ErrorCounter), String> {
        let mut filter = EnvFilter::builder()
            .with_default_directive(LevelFilter::INFO.into())
            .from_env()
            .map_err(|e| format!("RUST_LOG is not a valid log filter: {e}"))?;
        if quiet {
            filter = filter.add_directive(
                format!("{REQUEST_LOG}=off")
                    .parse()
                    .map_err(|e| format!("cannot leave the request lines out: {e}"))?,
            );
        }
        let (writer, guard) = NonBlockingBuilder::default()
            .lossy(true)
            .buffered_lines_limit(LOG_BUFFER_LINES)
            .thread_name("spfilter-log")
            .finish(std::io::stderr());
        let dropped = writer.error_counter();
        tracing_subscriber::fmt()
            .with_writer(writer)
            .with_env_filter(filter)
            .with_ansi(false)
            .without_time()
            .with_level(false)
            .with_target(false)
            .try_init()
            .map_err(|e| format!("cannot start the log: {e}"))?;
        Ok((guard, dropped))
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
        fake: Fake,
        query: QueryOptions,
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
        info!(
            "spfilter serve: {} sessions at GET {BETA} and GET {V1}",
            fake.sessions.len()
        );
        let reporter = tokio::spawn(report_dropped_lines(dropped.clone()));
        let app = router(fake, query);
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

    fn router(fake: Fake, options: QueryOptions) -> Router {
        Router::new()
            .route(BETA, get(list).fallback(wrong_method))
            .route(V1, get(list).fallback(wrong_method))
            .fallback(unknown_path)
            .layer(Extension(options))
            .layer(middleware::from_fn(log_request))
            .with_state(Arc::new(fake))
    }

    /// The list: the token first (401), then the parameters (400), then the page. A page that
    /// may take more than a moment to compute ([`inline`]) is computed on the blocking pool, so
    /// that a long query holds up no other request.
    async fn list(
        State(fake): State<Arc<Fake>>,
        headers: HeaderMap,
        uri: Uri,
        query: Result<Collection<RoleMiningSessions>, QueryRejection>,
    ) -> Response {
        if let Err(unauthorized) = authorize(&headers, fake.token.as_deref()) {
            return unauthorized.into_response();
        }
        let query = match query {
            Ok(query) => query,
            Err(rejection) => return rejection.into_response(),
        };
        if inline(fake.sessions.len(), uri.query().map_or(0, str::len)) {
            return query.respond(&fake.sessions);
        }
        match tokio::task::spawn_blocking(move || query.respond(&fake.sessions)).await {
            Ok(response) => response,
            Err(err) => ErrorBody::internal_fault(format!(
                "An internal fault occurred: the query did not finish: {err}"
            ))
            .into_response(),
        }
    }

    /// Whether a query is small enough to run where its request is served: its records times
    /// the length of its query string (which bounds the work per record: conditions to test,
    /// sort keys, the page's end) in units of 16 bytes, at most [`INLINE_WORK`]. The built-in
    /// sample with any query, or a few thousand records with a short one, take well under a
    /// millisecond; a handoff to another thread would cost more than the query.
    fn inline(records: usize, query_length: usize) -> bool {
        records.saturating_mul(1 + query_length / 16) <= INLINE_WORK
    }

    async fn wrong_method(method: Method, uri: Uri) -> Response {
        method_not_allowed(&method, uri.path()).into_response()
    }

    async fn unknown_path(uri: Uri) -> Response {
        not_found(uri.path()).into_response()
    }

    /// One line per request: method, path and query, status, duration.
    async fn log_request(request: Request, next: Next) -> Response {
        if !tracing::enabled!(target: REQUEST_LOG, tracing::Level::INFO) {
            return next.run(request).await;
        }
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
        info!(
            target: REQUEST_LOG,
            "{method} {target} {} {:.3}ms",
            response.status().as_u16(),
            elapsed.as_secs_f64() * 1000.0
        );
        response
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
}
