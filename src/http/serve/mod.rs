//! Serving over HTTP/1.1 with bounds on what any client can hold: [`serve`] and
//! [`serve_with`], tuned by [`ServeOptions`].

mod connection;
mod edge;
mod head;
mod room;
mod write_timeout;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::TokioTimer;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use connection::{Served, serve_connection};
use room::Room;

/// The longest request head (request line and headers) [`serve`] reads by default: 64 KiB.
///
/// Real clients send heads of a few KiB, and HTTP gateways commonly refuse heads of tens of
/// KiB. A longer head — an over-long query string included — is answered
/// `431 Request Header Fields Too Large` with SailPoint's error body (SPEC §6), however it
/// arrives (in one write or in pieces), and the connection is closed. Query strings that fit
/// reach the extractor, whose bounds ([`QueryOptions`](crate::QueryOptions)) answer with the
/// 400 body.
///
/// ```
/// use sailpoint_filters::http::{MAX_REQUEST_HEAD, ServeOptions};
/// assert_eq!(MAX_REQUEST_HEAD, 64 * 1024);
/// assert_eq!(ServeOptions::default().max_request_head, MAX_REQUEST_HEAD);
/// ```
pub const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// The smallest read buffer hyper accepts, and so the smallest head bound.
const MIN_REQUEST_HEAD: usize = 8 * 1024;

/// How often, at most, [`serve_with`] logs that it has reached its connection limit.
const LIMIT_WARNING_INTERVAL: Duration = Duration::from_secs(10);

/// How often a client waiting for a place looks again which connection should give way.
const ROOM_CHECK: Duration = Duration::from_millis(100);

/// How [`serve_with`] treats its connections: how many it keeps open, how long a silent or
/// non-reading client may hold one, how long a request head may be, and how long shutdown
/// waits for requests in flight.
///
/// ```
/// use std::time::Duration;
/// use sailpoint_filters::http::ServeOptions;
///
/// let options = ServeOptions::default()
///     .with_grace_period(Duration::from_secs(1))
///     .with_max_connections(16);
/// assert_eq!(options.grace_period, Duration::from_secs(1));
/// assert_eq!(options.max_connections, 16);
/// assert_eq!(options.write_timeout, Duration::from_secs(30));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServeOptions {
    /// How long shutdown waits for the requests in flight before it closes every connection
    /// that is still open. Default 5 s.
    pub grace_period: Duration,
    /// How long a connection has to send a complete request head, counted from when it opens
    /// or from the end of its previous response: a connection silent (or too slow) this long
    /// is closed, unanswered. Sending a byte at a time does not extend it. Default 30 s.
    pub idle_timeout: Duration,
    /// How long a response may wait for the client to read: a write that makes no progress
    /// this long closes the connection. Default 30 s.
    pub write_timeout: Duration,
    /// Most connections open at once. When they are all taken, a new connection waits while
    /// an open one gives way — one idle between requests, then one that has sent no complete
    /// request for a second, then a busy one after its response — and a warning is logged
    /// (see [`serve_with`]). Default 256.
    pub max_connections: usize,
    /// Longest request head read, in bytes (at least 8 KiB; smaller values count as 8 KiB).
    /// Default [`MAX_REQUEST_HEAD`].
    pub max_request_head: usize,
}

impl ServeOptions {
    /// The defaults: 5 s of grace, 30 s idle and write timeouts, 256 connections, heads of
    /// 64 KiB.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sailpoint_filters::http::ServeOptions;
    /// assert_eq!(ServeOptions::DEFAULT.grace_period, Duration::from_secs(5));
    /// assert_eq!(ServeOptions::DEFAULT.max_connections, 256);
    /// assert_eq!(ServeOptions::DEFAULT, ServeOptions::default());
    /// ```
    pub const DEFAULT: ServeOptions = ServeOptions {
        grace_period: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(30),
        write_timeout: Duration::from_secs(30),
        max_connections: 256,
        max_request_head: MAX_REQUEST_HEAD,
    };

    /// These options with another grace period.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sailpoint_filters::http::ServeOptions;
    /// let options = ServeOptions::default().with_grace_period(Duration::ZERO);
    /// assert_eq!(options.grace_period, Duration::ZERO);
    /// ```
    pub const fn with_grace_period(mut self, grace_period: Duration) -> ServeOptions {
        self.grace_period = grace_period;
        self
    }

    /// These options with another idle timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sailpoint_filters::http::ServeOptions;
    /// let options = ServeOptions::default().with_idle_timeout(Duration::from_secs(5));
    /// assert_eq!(options.idle_timeout, Duration::from_secs(5));
    /// ```
    pub const fn with_idle_timeout(mut self, idle_timeout: Duration) -> ServeOptions {
        self.idle_timeout = idle_timeout;
        self
    }

    /// These options with another write timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sailpoint_filters::http::ServeOptions;
    /// let options = ServeOptions::default().with_write_timeout(Duration::from_secs(5));
    /// assert_eq!(options.write_timeout, Duration::from_secs(5));
    /// ```
    pub const fn with_write_timeout(mut self, write_timeout: Duration) -> ServeOptions {
        self.write_timeout = write_timeout;
        self
    }

    /// These options with another connection limit (at least one connection).
    ///
    /// ```
    /// use sailpoint_filters::http::ServeOptions;
    /// assert_eq!(ServeOptions::default().with_max_connections(8).max_connections, 8);
    /// ```
    pub const fn with_max_connections(mut self, max_connections: usize) -> ServeOptions {
        self.max_connections = max_connections;
        self
    }

    /// These options with another bound on request heads.
    ///
    /// ```
    /// use sailpoint_filters::http::ServeOptions;
    /// assert_eq!(ServeOptions::default().with_max_request_head(16 * 1024).max_request_head, 16 * 1024);
    /// ```
    pub const fn with_max_request_head(mut self, bytes: usize) -> ServeOptions {
        self.max_request_head = bytes;
        self
    }
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions::DEFAULT
    }
}

/// Serves `app` on `listener` over HTTP/1.1 until `shutdown` resolves, with the default
/// [`ServeOptions`]: [`serve_with`].
///
/// ```no_run
/// use axum::{Router, routing::get};
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let app = Router::new().route("/", get(|| async { "[]" }));
///     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
///     println!("listening on http://{}", listener.local_addr()?);
///     sailpoint_filters::http::serve(listener, app, async {
///         let _ = tokio::signal::ctrl_c().await;
///     })
///     .await;
///     Ok(())
/// }
/// ```
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) {
    serve_with(listener, app, shutdown, ServeOptions::DEFAULT).await;
}

/// Serves `app` on `listener` over HTTP/1.1 until `shutdown` resolves, with header names
/// written in title case (`X-Total-Count`, `Content-Type`), and bounds on what any client can
/// hold:
///
/// - at most [`max_connections`](ServeOptions::max_connections) connections are open. When
///   they are all taken and a client waits, one of them gives way: a connection idle between
///   requests closes first (the longest idle), then one that has sent no complete request for
///   a second (silent, or sending its head slowly: the longest waiting), and else the busy
///   connection open longest closes after its response (`Connection: close`; one more each
///   second the client still waits). So neither slow clients nor busy keep-alive clients can
///   keep every place. A warning is logged (with `tracing`, at most every 10 s);
/// - a connection that sends no complete request head within
///   [`idle_timeout`](ServeOptions::idle_timeout) of opening or of its previous response is
///   closed, however it trickles its bytes;
/// - a response the client does not read for [`write_timeout`](ServeOptions::write_timeout)
///   closes the connection;
/// - a request head over [`max_request_head`](ServeOptions::max_request_head) bytes, or with
///   more than 100 header fields, is answered `431 Request Header Fields Too Large`, and a
///   request target over 65,534 bytes `414 URI Too Long` (hyper's bound), each with
///   SailPoint's error body (SPEC §6), however the head arrives. Heads are measured as they
///   are read, and reach hyper (and a handler) only whole: requests sent before a refused head
///   on the same connection are answered first, then the refusal, and the connection is read
///   for up to 2 s more, discarding what comes, so that a client still sending sees the
///   answer, and closed. So no client holds more than one head's worth of buffer, and all of
///   them together no more than `max_connections` heads.
///
/// When `shutdown` resolves, the listener is closed, every connection without a request in
/// progress is closed at once (idle ones, silent ones, and those in the middle of a head), and
/// the requests in progress get their answers (with `Connection: close`) until the
/// [`grace_period`](ServeOptions::grace_period) ends; then every connection still open is
/// closed, whatever its client does, and `serve_with` returns.
///
/// Header names are case-insensitive in HTTP, but not in every client: SailPoint's Python SDK
/// hands response headers over as a plain `dict`, so code written against SailPoint reads
/// `headers["X-Total-Count"]`, which finds nothing in the lowercase names hyper writes by
/// default.
///
/// Handlers run on the runtime's worker threads: one that computes for long (a query over many
/// records) should do so in `tokio::task::spawn_blocking`, so that other requests are answered
/// meanwhile.
///
/// ```no_run
/// use std::time::Duration;
/// use axum::{Router, routing::get};
/// use sailpoint_filters::http::{ServeOptions, serve_with};
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let app = Router::new().route("/", get(|| async { "[]" }));
///     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
///     let options = ServeOptions::default()
///         .with_grace_period(Duration::from_secs(2))
///         .with_max_connections(64);
///     serve_with(listener, app, async { let _ = tokio::signal::ctrl_c().await; }, options).await;
///     Ok(())
/// }
/// ```
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
    options: ServeOptions,
) {
    let max_head = options.max_request_head.max(MIN_REQUEST_HEAD);
    let mut http = hyper::server::conn::http1::Builder::new();
    // Heads reach hyper whole and within `max_head` (see `Edge`); hyper's own bound is a
    // backstop above it, for a stream hyper frames itself once it found it malformed.
    http.title_case_headers(true)
        .max_buf_size(max_head.saturating_add(MIN_REQUEST_HEAD))
        .timer(TokioTimer::new())
        .header_read_timeout(options.idle_timeout);
    let max_connections = options.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let places = Arc::new(Semaphore::new(max_connections));
    let mut room = Room::default();
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut last_limit_warning: Option<Instant> = None;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Finished connections leave the set here, so that it holds at most the open ones.
        while connections.try_join_next().is_some() {}
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(err) => {
                    // As axum::serve: a connection that failed is the client's business; other
                    // errors (out of file descriptors) pass with time.
                    if !matches!(
                        err.kind(),
                        std::io::ErrorKind::ConnectionRefused
                            | std::io::ErrorKind::ConnectionAborted
                            | std::io::ErrorKind::ConnectionReset
                    ) {
                        tokio::select! {
                            () = tokio::time::sleep(Duration::from_secs(1)) => {}
                            () = shutdown.as_mut() => break,
                        }
                    }
                    continue;
                }
            },
            () = shutdown.as_mut() => break,
        };
        let place = match Arc::clone(&places).try_acquire_owned() {
            Ok(place) => place,
            Err(_) => {
                // This client waits (and the next ones in the listener's backlog): one of the
                // open connections gives way.
                let place = loop {
                    room.make_room(Instant::now());
                    tokio::select! {
                        place = Arc::clone(&places).acquire_owned() => break place.ok(),
                        () = tokio::time::sleep(ROOM_CHECK) => {}
                        () = shutdown.as_mut() => break None,
                    }
                };
                // The semaphore is never closed: `None` is the shutdown.
                match place {
                    Some(place) => place,
                    None => break,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let served = Served {
            http: http.clone(),
            app: app.clone(),
            stopping: stopping.clone(),
            write_timeout: options.write_timeout,
            max_head,
        };
        connections.spawn(serve_connection(served, stream, room.open(), place));
        if places.available_permits() == 0
            && last_limit_warning.is_none_or(|at| at.elapsed() >= LIMIT_WARNING_INTERVAL)
        {
            tracing::warn!(
                "connection limit reached: {max_connections} connections are open; new \
                 connections wait until one closes or gives way"
            );
            last_limit_warning = Some(Instant::now());
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let finished = tokio::time::timeout(options.grace_period, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            "{} connections still open at the end of the {:?} grace period: closed",
            connections.len(),
            options.grace_period
        );
        connections.shutdown().await;
    }
}
