//! The log of `spfilter serve`: lines to stderr through a lossy buffer, and one line per
//! request. `examples/baseline_server.rs` includes this file, so that its log costs what this
//! one costs.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tracing::info;
use tracing_appender::non_blocking::{ErrorCounter, NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// The target of the request lines (`RUST_LOG=spfilter::request=off` is `--quiet`).
pub(crate) const REQUEST_LOG: &str = "spfilter::request";
/// The longest request target a log line shows whole.
const LOGGED_TARGET: usize = 300;
/// Log lines waiting for stderr at most; past that, new lines are dropped (and counted).
const LOG_BUFFER_LINES: usize = 8 * 1024;

/// Logs to stderr through a buffer of [`LOG_BUFFER_LINES`] lines that a thread of its own
/// writes out: a full buffer drops lines instead of holding up the caller. Returns the
/// guard that writes out the last lines at exit, and the count of dropped lines.
pub(crate) fn start_log(quiet: bool) -> Result<(WorkerGuard, ErrorCounter), String> {
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

/// One line per request: method, path and query, status, duration.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
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
