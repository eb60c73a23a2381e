//! Serving collection endpoints with [axum] (feature `axum`): an extractor that reads and
//! checks the five collection parameters of a declared endpoint, the page response with
//! `X-Total-Count`, and the error bodies SailPoint sends (SPEC §6).
//!
//! A fake of an endpoint is its [`endpoint!`](crate::endpoint!) declaration, a handler taking
//! [`Collection<E>`], and the records:
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use axum::{Router, extract::State, response::Response, routing::get};
//! use sailpoint_filters::http::{Collection, serve};
//! use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
//!
//! async fn list(
//!     State(sessions): State<Arc<Vec<RoleMiningSession>>>,
//!     query: Collection<RoleMiningSessions>,
//! ) -> Response {
//!     // Filter, sort, count, page; `200` with the JSON array (and `X-Total-Count` when
//!     // `count=true` was asked). A bad parameter never gets here: the extractor answers 400.
//!     query.respond(&sessions)
//! }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     let sessions: Vec<RoleMiningSession> = Vec::new();
//!     let app = Router::new()
//!         .route("/beta/role-mining-sessions", get(list))
//!         .with_state(Arc::new(sessions));
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//!     // Or `axum::serve(listener, app)`: this one writes `X-Total-Count` in title case.
//!     serve(listener, app, async { let _ = tokio::signal::ctrl_c().await; }).await;
//!     Ok(())
//! }
//! ```
//!
//! The extractor reads the raw query string, so that what a framework's query decoding would
//! hide is caught: a repeated parameter, bad percent-encoding, text that is not UTF-8, an
//! over-long query string. Every problem of a request is answered at once, in SailPoint's 400
//! body:
//!
//! ```
//! use axum::http::Uri;
//! use sailpoint_filters::http::Collection;
//! use sailpoint_filters::query::QueryOptions;
//! use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
//!
//! let uri: Uri = "/beta/role-mining-sessions?limit=251&filters=saved+sw+%22x%22".parse()?;
//! let rejection = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default()).unwrap_err();
//! let body = rejection.error().to_error_body();
//! assert_eq!(body.detail_code, "400.1 Bad Request Content");
//! assert_eq!(body.causes.len(), 2);
//! assert_eq!(body.causes[0].text, "limit must be an integer from 0 to 250, got `251`");
//! # Ok::<(), axum::http::uri::InvalidUri>(())
//! ```
//!
//! What a server answers before any handler runs is hyper's, without a body: with [`serve`], a
//! request head (request line and headers) over [`MAX_REQUEST_HEAD`] (64 KiB) — an over-long
//! query string included — gets `431 Request Header Fields Too Large`. (With `axum::serve`, a
//! request target over 65,534 bytes gets `414 URI Too Long`, and a head over about 400 KiB
//! `431`.) Query strings that fit reach the extractor, whose bounds ([`QueryOptions`]) then
//! answer with the 400 body.

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

use crate::builder::Endpoint;
use crate::error::ErrorBody;
use crate::query::{CollectionQuery, Page, QueryError, QueryOptions};

/// The header that carries the number of matches when `count=true` is asked.
pub const X_TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// The five collection parameters of a request to endpoint `E`, read and validated against
/// `E`'s schema: an axum extractor.
///
/// Extraction reads the raw query string with the [`QueryOptions`] found in the request's
/// extensions (add them with `axum::Extension(options)` as a layer), or the defaults. A
/// request with anything wrong is rejected with [`QueryRejection`]: `400 Bad Request` and
/// SailPoint's error body naming every problem.
///
/// ```
/// use axum::http::Uri;
/// use sailpoint_filters::http::Collection;
/// use sailpoint_filters::query::QueryOptions;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let uri: Uri = "/beta/role-mining-sessions?filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true".parse()?;
/// let collection = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?;
/// assert_eq!(collection.query.to_query_string(), "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Collection<E: Endpoint> {
    /// The parameters, valid for `E`.
    pub query: CollectionQuery,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> Clone for Collection<E> {
    fn clone(&self) -> Self {
        Collection {
            query: self.query.clone(),
            endpoint: PhantomData,
        }
    }
}

impl<E: Endpoint> std::fmt::Debug for Collection<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("endpoint", &E::NAME)
            .field("query", &self.query)
            .finish()
    }
}

impl<E: Endpoint> Collection<E> {
    /// Reads and validates the parameters of a request URI's query string (none: the
    /// defaults).
    ///
    /// ```
    /// use axum::http::Uri;
    /// use sailpoint_filters::http::Collection;
    /// use sailpoint_filters::query::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let options = QueryOptions::default();
    /// let plain = Collection::<RoleMiningSessions>::from_uri(&Uri::from_static("/x"), &options)?;
    /// assert_eq!(plain.query.paging.limit(), 250);
    /// let repeated = Collection::<RoleMiningSessions>::from_uri(&Uri::from_static("/x?count=true&count=false"), &options);
    /// assert_eq!(repeated.unwrap_err().error().messages(), ["count: the parameter is given more than once"]);
    /// # Ok::<(), sailpoint_filters::http::QueryRejection>(())
    /// ```
    pub fn from_uri(uri: &Uri, options: &QueryOptions) -> Result<Collection<E>, QueryRejection> {
        let raw = uri.query().unwrap_or("");
        CollectionQuery::from_query_string_for(raw, E::schema(), options)
            .map(|query| Collection {
                query,
                endpoint: PhantomData,
            })
            .map_err(QueryRejection)
    }

    /// Runs the query over `records`: filter, sort, count, page.
    ///
    /// ```
    /// use axum::http::Uri;
    /// use sailpoint_filters::http::Collection;
    /// use sailpoint_filters::query::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
    ///
    /// let sessions: Vec<RoleMiningSession> = Vec::new();
    /// let uri = Uri::from_static("/x?filters=name+sw+%22RM%22");
    /// let page = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?.run(&sessions)?;
    /// assert_eq!(page.total, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<'r>(&self, records: &'r [E::Record]) -> Result<Page<'r, E::Record>, QueryError> {
        self.query.run(records, E::schema())
    }

    /// Runs the query over `records` and answers: `200 OK` with the page as a JSON array (and
    /// `X-Total-Count` when `count=true` was asked), or `400` with SailPoint's body if the
    /// query cannot run over this record type.
    ///
    /// ```
    /// use axum::http::{StatusCode, Uri};
    /// use sailpoint_filters::http::Collection;
    /// use sailpoint_filters::query::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
    ///
    /// let sessions: Vec<RoleMiningSession> = Vec::new();
    /// let uri = Uri::from_static("/x?count=true");
    /// let response = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?.respond(&sessions);
    /// assert_eq!(response.status(), StatusCode::OK);
    /// assert_eq!(response.headers()["x-total-count"], "0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn respond(&self, records: &[E::Record]) -> Response
    where
        E::Record: Serialize,
    {
        match self.run(records) {
            Ok(page) => page_response(&page, self.query.paging.count()),
            Err(err) => QueryRejection(err).into_response(),
        }
    }
}

impl<E: Endpoint, S: Send + Sync> FromRequestParts<S> for Collection<E> {
    type Rejection = QueryRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let options = parts
            .extensions
            .get::<QueryOptions>()
            .copied()
            .unwrap_or_default();
        Collection::from_uri(&parts.uri, &options)
    }
}

/// Why a request's collection parameters were refused: answers `400 Bad Request` with
/// SailPoint's body, one cause per problem.
///
/// ```
/// use axum::http::{StatusCode, Uri};
/// use axum::response::IntoResponse;
/// use sailpoint_filters::http::Collection;
/// use sailpoint_filters::query::QueryOptions;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let uri = Uri::from_static("/x?offset=-1&filters=name%zz");
/// let rejection = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default()).unwrap_err();
/// assert_eq!(rejection.error().messages(), [
///     "filters: `%zz` is not a percent-encoded byte (expected % and two hex digits)",
///     "offset must be an integer from 0 to 2147483647, got `-1`",
/// ]);
/// let response = rejection.into_response();
/// assert_eq!(response.status(), StatusCode::BAD_REQUEST);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryRejection(pub QueryError);

impl QueryRejection {
    /// The problems.
    pub fn error(&self) -> &QueryError {
        &self.0
    }
}

impl std::fmt::Display for QueryRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for QueryRejection {}

impl IntoResponse for QueryRejection {
    fn into_response(self) -> Response {
        self.0.to_error_body().into_response()
    }
}

/// The answer for one page: `200 OK`, the page's records as a JSON array, and — when `count`
/// is true — `X-Total-Count` with the number of matches before `offset`/`limit`.
///
/// A record type whose `Serialize` fails gets `500` with SailPoint's internal-fault body.
///
/// ```
/// use sailpoint_filters::http::page_response;
/// use sailpoint_filters::query::Page;
///
/// let records = [serde_json::json!({"id": "a"}), serde_json::json!({"id": "b"})];
/// let page = Page { items: vec![&records[1]], total: 2 };
/// let response = page_response(&page, true);
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(response.headers()["x-total-count"], "2");
/// assert!(page_response(&page, false).headers().get("x-total-count").is_none());
/// ```
pub fn page_response<R: Serialize>(page: &Page<'_, R>, count: bool) -> Response {
    let body = match serde_json::to_vec(&page.items) {
        Ok(body) => body,
        Err(err) => {
            return ErrorBody::internal_fault(format!(
                "An internal fault occurred: the records cannot be written as JSON: {err}"
            ))
            .into_response();
        }
    };
    let mut response = json_response(StatusCode::OK, body);
    if count {
        response
            .headers_mut()
            .insert(X_TOTAL_COUNT, HeaderValue::from(page.total));
    }
    response
}

/// Answers with the status its detail code starts with — `400` for
/// `400.1 Bad Request Content`, `500` for `500.0 Internal Fault`, `404` for `404 Not found` —
/// (`500` when it starts with no status) and the body as JSON.
///
/// ```
/// use axum::response::IntoResponse;
/// use sailpoint_filters::error::ErrorBody;
///
/// let response = ErrorBody::bad_request("Invalid query parameter limit", vec![]).into_response();
/// assert_eq!(response.status(), 400);
/// assert_eq!(ErrorBody::internal_fault("An internal fault occurred.").into_response().status(), 500);
/// ```
impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        let status = self
            .detail_code
            .get(..3)
            .and_then(|digits| digits.parse::<u16>().ok())
            .and_then(|code| StatusCode::from_u16(code).ok())
            .filter(|status| status.is_client_error() || status.is_server_error())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        json_body(status, &self)
    }
}

/// SailPoint's `404 Not found` body, naming the path that was asked for.
///
/// ```
/// use axum::response::IntoResponse;
/// use sailpoint_filters::http::not_found;
///
/// let body = not_found("/beta/nothing");
/// assert_eq!(body.detail_code, "404 Not found");
/// assert_eq!(body.causes[0].text, "there is no endpoint at /beta/nothing");
/// assert_eq!(body.into_response().status(), 404);
/// ```
pub fn not_found(path: &str) -> ErrorBody {
    ErrorBody::new(
        "404 Not found",
        "The server did not find a current representation for the target resource.",
        vec![format!("there is no endpoint at {path}")],
    )
}

/// The `405 Method Not Allowed` body, naming the method and the path. (axum's method router
/// adds the `Allow` header to what a method fallback answers.)
///
/// ```
/// use axum::http::Method;
/// use axum::response::IntoResponse;
/// use sailpoint_filters::http::method_not_allowed;
///
/// let body = method_not_allowed(&Method::POST, "/beta/role-mining-sessions");
/// assert_eq!(body.causes[0].text, "POST is not supported on /beta/role-mining-sessions");
/// assert_eq!(body.into_response().status(), 405);
/// ```
pub fn method_not_allowed(method: &Method, path: &str) -> ErrorBody {
    ErrorBody::new(
        "405 Method Not Allowed",
        "The request method is not supported by the target resource.",
        vec![format!("{method} is not supported on {path}")],
    )
}

/// SailPoint's `401 Unauthorized` body: `{"error": "JWT validation failed: …"}`.
///
/// ```
/// use axum::response::IntoResponse;
/// use sailpoint_filters::http::Unauthorized;
///
/// let body = Unauthorized::new("JWT is expired");
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"error":"JWT validation failed: JWT is expired"}"#);
/// let response = body.into_response();
/// assert_eq!(response.status(), 401);
/// assert_eq!(response.headers()["www-authenticate"], "Bearer");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unauthorized {
    /// `JWT validation failed: ` and the reason.
    pub error: String,
}

impl Unauthorized {
    /// The body for a token refused for `reason`.
    pub fn new(reason: impl std::fmt::Display) -> Unauthorized {
        Unauthorized {
            error: format!("JWT validation failed: {reason}"),
        }
    }
}

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let mut response = json_body(StatusCode::UNAUTHORIZED, &self);
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        response
    }
}

/// Checks a request's `Authorization: Bearer <token>` header: any non-empty token when
/// `expected` is `None`, only that token otherwise.
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
/// use sailpoint_filters::http::authorize;
///
/// let mut headers = HeaderMap::new();
/// assert_eq!(authorize(&headers, None).unwrap_err().error, "JWT validation failed: no bearer token in the Authorization header");
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
/// assert!(authorize(&headers, None).is_ok());
/// assert!(authorize(&headers, Some("abc")).is_ok());
/// assert_eq!(authorize(&headers, Some("xyz")).unwrap_err().error, "JWT validation failed: the token is not valid");
/// ```
pub fn authorize(headers: &HeaderMap, expected: Option<&str>) -> Result<(), Unauthorized> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| Unauthorized::new("no bearer token in the Authorization header"))?;
    match expected {
        Some(expected) if expected != token => Err(Unauthorized::new("the token is not valid")),
        _ => Ok(()),
    }
}

/// SailPoint's `429 Too Many Requests` body, `{"message": " Rate Limit Exceeded "}` (spaces and
/// all), for a fake configured to limit; with `Retry-After` when `retry_after` is set.
///
/// ```
/// use axum::response::IntoResponse;
/// use sailpoint_filters::http::RateLimited;
///
/// let limited = RateLimited::new().with_retry_after(2);
/// assert_eq!(serde_json::to_string(&limited).unwrap(), r#"{"message":" Rate Limit Exceeded "}"#);
/// let response = limited.into_response();
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers()["retry-after"], "2");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimited {
    /// `" Rate Limit Exceeded "`.
    pub message: String,
    /// Seconds to wait, sent as `Retry-After`.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl RateLimited {
    /// SailPoint's body, without `Retry-After`.
    pub fn new() -> RateLimited {
        RateLimited {
            message: " Rate Limit Exceeded ".to_owned(),
            retry_after: None,
        }
    }

    /// The same body, telling the client to wait this many seconds.
    pub fn with_retry_after(mut self, seconds: u64) -> RateLimited {
        self.retry_after = Some(seconds);
        self
    }
}

impl Default for RateLimited {
    fn default() -> RateLimited {
        RateLimited::new()
    }
}

impl IntoResponse for RateLimited {
    fn into_response(self) -> Response {
        let mut response = json_body(StatusCode::TOO_MANY_REQUESTS, &self);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON response of this value.
fn json_body<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_response(status, body),
        // The error bodies are strings and lists of strings: they always serialize.
        Err(_) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            br#"{"detailCode":"500.0 Internal Fault","trackingId":"00000000000000000000000000000000","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"An internal fault occurred."}],"causes":[]}"#.to_vec(),
        ),
    }
}

/// A response with this status and JSON body.
fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The longest request head (request line and headers) [`serve`] reads by default: 64 KiB.
///
/// Real clients send heads of a few KiB, and HTTP gateways commonly refuse heads of tens of
/// KiB. A longer head — an over-long query string included — is answered
/// `431 Request Header Fields Too Large` without a body, and the connection is closed. Query
/// strings that fit reach the extractor, whose bounds ([`QueryOptions`]) answer with the 400
/// body.
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
