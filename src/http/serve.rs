//! Serving over HTTP/1.1 with bounds on what any client can hold: [`serve`] and
//! [`serve_with`], tuned by [`ServeOptions`].

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

/// The longest request head (request line and headers) [`serve`] reads by default: 64 KiB.
///
/// Real clients send heads of a few KiB, and HTTP gateways commonly refuse heads of tens of
/// KiB. A longer head — an over-long query string included — is answered
/// `431 Request Header Fields Too Large` without a body, and the connection is closed. Query
/// strings that fit reach the extractor, whose bounds
/// ([`QueryOptions`](crate::QueryOptions)) answer with the 400 body.
///
/// ```
/// use sailpoint_filters::http::{MAX_REQUEST_HEAD, ServeOptions};
/// assert_eq!(MAX_REQUEST_HEAD, 64 * 1024);
/// assert_eq!(ServeOptions::default().max_request_head, MAX_REQUEST_HEAD);
/// ```
pub const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// The smallest read buffer hyper accepts, and so the smallest head bound.
const MIN_REQUEST_HEAD: usize = 8 * 1024;

/// How long a connection whose request was refused before any handler ran (an over-long or
/// malformed head) is still read, and what it sends discarded, after the answer: a client still
/// sending its head then reads the answer instead of a reset connection.
const LINGER: Duration = Duration::from_secs(2);

/// How often, at most, [`serve_with`] logs that it has reached its connection limit.
const LIMIT_WARNING_INTERVAL: Duration = Duration::from_secs(10);

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
    /// is closed. Default 30 s.
    pub idle_timeout: Duration,
    /// How long a response may wait for the client to read: a write that makes no progress
    /// this long closes the connection. Default 30 s.
    pub write_timeout: Duration,
    /// Most connections open at once. When they are all taken, new connections wait (in the
    /// listener's backlog) until one closes, and a warning is logged. Default 256.
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
/// - at most [`max_connections`](ServeOptions::max_connections) connections are open; past
///   that, new connections wait in the listener's backlog, and a warning is logged (with
///   `tracing`, at most every 10 s);
/// - a connection that sends no complete request head within
///   [`idle_timeout`](ServeOptions::idle_timeout) of opening or of its previous response is
///   closed;
/// - a response the client does not read for [`write_timeout`](ServeOptions::write_timeout)
///   closes the connection;
/// - a request head over [`max_request_head`](ServeOptions::max_request_head) bytes is
///   answered `431 Request Header Fields Too Large` (no body: hyper refuses it before any
///   handler runs), and so is an over-long request target; the connection is then read for up
///   to 2 s more, discarding what comes, so that a client still sending sees the answer, and
///   closed. So no client holds more than one head's worth of buffer, and all of them together
///   no more than `max_connections` heads.
///
/// When `shutdown` resolves, the listener is closed, idle connections are closed, and the
/// requests in flight get their answers (with `Connection: close`) until the
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
    let mut http = hyper::server::conn::http1::Builder::new();
    http.title_case_headers(true)
        .max_buf_size(options.max_request_head.max(MIN_REQUEST_HEAD))
        .timer(TokioTimer::new())
        .header_read_timeout(options.idle_timeout);
    let max_connections = options.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut last_limit_warning: Option<Instant> = None;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Finished connections leave the set here, so that it holds at most the open ones.
        while connections.try_join_next().is_some() {}
        let permit = match Arc::clone(&slots).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if last_limit_warning.is_none_or(|at| at.elapsed() >= LIMIT_WARNING_INTERVAL) {
                    tracing::warn!(
                        "connection limit reached: {max_connections} connections are open; \
                         new connections wait until one closes"
                    );
                    last_limit_warning = Some(Instant::now());
                }
                tokio::select! {
                    permit = Arc::clone(&slots).acquire_owned() => match permit {
                        Ok(permit) => permit,
                        // The semaphore is never closed.
                        Err(_) => break,
                    },
                    () = shutdown.as_mut() => break,
                }
            }
        };
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
        let _ = stream.set_nodelay(true);
        connections.spawn(serve_connection(
            http.clone(),
            stream,
            app.clone(),
            stopping.clone(),
            permit,
            options.write_timeout,
        ));
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

/// One connection: HTTP/1.1 until the client or the server ends it, then a graceful close.
async fn serve_connection(
    http: hyper::server::conn::http1::Builder,
    stream: tokio::net::TcpStream,
    app: Router,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
    write_timeout: Duration,
) {
    let app = TowerToHyperService::new(app);
    // Boxed, so that the connection can be polled without being shut down, and its stream
    // taken back (`Connection::into_parts` needs an `Unpin` service future).
    let service = hyper::service::service_fn(move |request| {
        Box::pin(hyper::service::Service::call(&app, request))
    });
    let mut connection = http.serve_connection(
        TokioIo::new(WriteTimeout::new(stream, write_timeout)),
        service,
    );
    let mut closing = false;
    let result = loop {
        let stop = tokio::select! {
            result = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break result,
            _ = stopping.wait_for(|stop| *stop), if !closing => true,
        };
        if stop {
            // Idle connections close now; a request in flight gets its answer first.
            closing = true;
            std::pin::Pin::new(&mut connection).graceful_shutdown();
        }
    };
    let mut stream = connection.into_parts().io.into_inner().stream;
    match result {
        // hyper has answered a head it could not read (431, 414, 400): read on for a moment,
        // so that the client reads the answer rather than a reset.
        Err(err) if err.is_parse() => {
            let _ = tokio::time::timeout(LINGER, stream.shutdown()).await;
            let mut discard = [0u8; 4096];
            let drain = async { while let Ok(1..) = stream.read(&mut discard).await {} };
            tokio::select! {
                _ = tokio::time::timeout(LINGER, drain) => {}
                _ = stopping.wait_for(|stop| *stop) => {}
            }
        }
        _ => {
            let _ = tokio::time::timeout(LINGER, stream.shutdown()).await;
        }
    }
}

/// A TCP stream whose writes fail with `TimedOut` once they have made no progress for a while:
/// a client that does not read cannot hold its connection (and the response in its buffers)
/// for longer.
struct WriteTimeout {
    stream: tokio::net::TcpStream,
    timeout: Duration,
    /// Armed while a write is pending; reset at each write that goes through.
    deadline: Pin<Box<tokio::time::Sleep>>,
    armed: bool,
}

impl WriteTimeout {
    fn new(stream: tokio::net::TcpStream, timeout: Duration) -> WriteTimeout {
        WriteTimeout {
            stream,
            timeout,
            deadline: Box::pin(tokio::time::sleep(timeout)),
            armed: false,
        }
    }

    /// A write is pending: starts the clock if it is not running; `TimedOut` once it ran out.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        if !self.armed {
            self.armed = true;
            let deadline = tokio::time::Instant::now() + self.timeout;
            self.deadline.as_mut().reset(deadline);
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client read nothing within the write timeout",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// What a write returned, the deadline seen to.
    fn outcome<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<std::io::Result<T>>,
    ) -> Poll<std::io::Result<T>> {
        match poll {
            Poll::Pending => self.pending(cx),
            ready => {
                self.armed = false;
                ready
            }
        }
    }
}

impl AsyncRead for WriteTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.outcome(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.outcome(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.outcome(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
