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
//! use sailpoint_filters::QueryOptions;
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
//! With [`serve`], what a server answers before any handler runs has SailPoint's error body
//! too: a request head (request line and headers) over [`MAX_REQUEST_HEAD`] (64 KiB) — an
//! over-long query string included — gets `431 Request Header Fields Too Large`, however it
//! arrives. (With `axum::serve`, hyper answers without a body: a request target over 65,534
//! bytes gets `414 URI Too Long`, and a head over about 400 KiB `431`.) Query strings that fit
//! reach the extractor, whose bounds ([`QueryOptions`]) then answer with the 400 body.

mod fake;
mod serve;
mod shape;

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::builder::Endpoint;
use crate::check::CheckedQuery;
use crate::check::Error;
use crate::diag::ErrorBody;
use crate::eval::CompileError;
use crate::paging::Page;
use crate::query::{CollectionQuery, QueryOptions};
use crate::value::Record;

pub use fake::{Fake, Fakes};
pub use serve::{MAX_REQUEST_HEAD, ServeOptions, serve, serve_with};
pub use shape::operation_response;

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
/// use sailpoint_filters::QueryOptions;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let uri: Uri = "/beta/role-mining-sessions?filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true".parse()?;
/// let collection = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?;
/// assert_eq!(collection.query.to_query_string(), "filters=saved+eq+true&sorters=-createdDate&limit=5&count=true");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Collection<E: Endpoint> {
    /// The parameters, checked for `E`.
    pub query: CheckedQuery,
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
    /// use sailpoint_filters::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let options = QueryOptions::default();
    /// let plain = Collection::<RoleMiningSessions>::from_uri(&Uri::from_static("/x"), &options)?;
    /// assert_eq!(plain.query.limit(), 250);
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
    /// use sailpoint_filters::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
    ///
    /// let sessions: Vec<RoleMiningSession> = Vec::new();
    /// let uri = Uri::from_static("/x?filters=name+sw+%22RM%22");
    /// let page = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?.run(&sessions)?;
    /// assert_eq!(page.total, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<'r>(&self, records: &'r [E::Record]) -> Result<Page<&'r E::Record>, CompileError> {
        self.query.run(records)
    }

    /// Runs the query over `records` and answers: `200 OK` with the page as a JSON array (and
    /// `X-Total-Count` when `count=true` was asked), or `500` with SailPoint's body if the
    /// endpoint's declaration names a field its record type cannot read.
    ///
    /// ```
    /// use axum::http::{StatusCode, Uri};
    /// use sailpoint_filters::http::Collection;
    /// use sailpoint_filters::QueryOptions;
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
        query_response(&self.query, records)
    }

    /// [`respond`](Collection::respond) for a handler serving many records: a query that may
    /// take more than a moment — its records times the length of its query string (which bounds
    /// the work per record: conditions to test, sort keys, the page's end) in units of 16 bytes
    /// over 65,536 — runs on tokio's blocking pool, so that it holds up no other request. A
    /// smaller one runs where the request is served: a handoff would cost more than the query.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use axum::http::{StatusCode, Uri};
    /// use sailpoint_filters::http::Collection;
    /// use sailpoint_filters::QueryOptions;
    /// use sailpoint_filters::role_mining_sessions::{RoleMiningSessions, sample};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let sessions = Arc::new(sample());
    /// let uri = Uri::from_static("/x?limit=1");
    /// let collection = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())?;
    /// let response = collection.respond_shared(sessions).await;
    /// assert_eq!(response.status(), StatusCode::OK);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn respond_shared<R>(self, records: Arc<R>) -> Response
    where
        R: AsRef<[E::Record]> + Send + Sync + ?Sized + 'static,
        E::Record: Serialize,
    {
        let work = query_work(records.as_ref().as_ref().len(), &self.query);
        respond_sized(work, move || self.respond(records.as_ref().as_ref())).await
    }
}

/// The page of `query` over `records`, or `500` with SailPoint's body when the records cannot
/// be read as the query's schema says.
fn query_response<R: Record + Serialize>(query: &CheckedQuery, records: &[R]) -> Response {
    match query.run(records) {
        Ok(page) => page_response(&page, query.count()),
        Err(err) => ErrorBody::internal_fault(format!(
            "An internal fault occurred: the endpoint cannot run the query: {err}"
        ))
        .into_response(),
    }
}

/// The most work ([`query_work`]) a query may take to run where its request is served; more
/// runs on the blocking pool.
const INLINE_WORK: usize = 64 * 1024;

/// An upper bound on a query's work: its records times the conditions of its filter and the
/// keys of its sort order, counted on the checked query rather than on its rendered text.
fn query_work(records: usize, query: &CheckedQuery) -> usize {
    let conditions = query
        .filters()
        .map_or(0, |f| f.filter().conditions().count());
    records.saturating_mul(1 + conditions + query.sorters().keys().len())
}

/// Runs `respond` where the request is served when `work` is at most [`INLINE_WORK`], else on
/// tokio's blocking pool (`500` with SailPoint's body if it panics there).
async fn respond_sized(
    work: usize,
    respond: impl FnOnce() -> Response + Send + 'static,
) -> Response {
    if work <= INLINE_WORK {
        return respond();
    }
    match tokio::task::spawn_blocking(respond).await {
        Ok(response) => response,
        Err(err) => ErrorBody::internal_fault(format!(
            "An internal fault occurred: the query did not finish: {err}"
        ))
        .into_response(),
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
/// use sailpoint_filters::QueryOptions;
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
pub struct QueryRejection(Error);

impl QueryRejection {
    /// The problems.
    pub fn error(&self) -> &Error {
        &self.0
    }

    /// The problems, unwrapped.
    pub fn into_error(self) -> Error {
        self.0
    }
}

impl From<Error> for QueryRejection {
    /// The rejection of a request with these problems.
    fn from(err: Error) -> QueryRejection {
        QueryRejection(err)
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
/// use sailpoint_filters::Page;
///
/// let records = [serde_json::json!({"id": "a"}), serde_json::json!({"id": "b"})];
/// let page = Page { items: vec![&records[1]], total: 2 };
/// let response = page_response(&page, true);
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(response.headers()["x-total-count"], "2");
/// assert!(page_response(&page, false).headers().get("x-total-count").is_none());
/// ```
pub fn page_response<T: Serialize>(page: &Page<T>, count: bool) -> Response {
    // Room for a typical record, so that a page is written without copying it as it grows.
    let mut body = Vec::with_capacity(page.items.len().saturating_mul(BYTES_PER_RECORD) + 2);
    let body = match serde_json::to_writer(&mut body, &page.items) {
        Ok(()) => body,
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
/// use sailpoint_filters::diag::ErrorBody;
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

/// The bytes [`page_response`] reserves per record: a role mining session is 0.8 KB of JSON.
const BYTES_PER_RECORD: usize = 1024;

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
