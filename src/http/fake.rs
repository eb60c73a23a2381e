//! Fakes of any catalog endpoint: JSON records served at the operation's path with its own
//! rules — its fields, operators, composite operators, sortable fields, `limit` bounds and
//! [`FilterRules`](crate::FilterRules).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};

use crate::catalog::lookup::path_match;
use crate::catalog::{Operation, OperationQuery};
use crate::diag::ErrorBody;
use crate::query::QueryOptions;
use crate::schema::RecordError;

use super::{
    QueryRejection, authorize, method_not_allowed, not_found, operation_response, query_work,
    respond_sized,
};

/// One faked operation: a catalog operation and the records it lists.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
/// use sailpoint_filters::http::Fake;
///
/// let fake = Fake::new(&OPERATION, vec![serde_json::json!({"id": "a", "name": "Alice"})]);
/// assert_eq!(fake.operation().path(), "/accounts/v1");
/// assert_eq!(fake.records().len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Fake {
    operation: &'static Operation,
    records: Arc<Vec<serde_json::Value>>,
}

impl Fake {
    /// A fake of `operation` listing `records`, in their stored order, taken as they are: a
    /// record whose typed fields hold values of another type is served, and filters compare
    /// those values as they can (`created gt …` never matches `"created": 1704067200`).
    /// [`Fake::try_new`] refuses such records.
    pub fn new(operation: &'static Operation, records: Vec<serde_json::Value>) -> Fake {
        Fake {
            operation,
            records: Arc::new(records),
        }
    }

    /// A fake of `operation` listing `records`, each checked first against the operation's
    /// typed fields ([`Schema::check_json_record`](crate::Schema::check_json_record)): the
    /// first record that does not fit is refused, naming its index and the field.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// use sailpoint_filters::http::Fake;
    /// use serde_json::json;
    ///
    /// let fake = Fake::try_new(&OPERATION, vec![json!({"id": "a", "created": "2024-01-01T00:00:00Z"})])?;
    /// assert_eq!(fake.records().len(), 1);
    /// let err = Fake::try_new(&OPERATION, vec![json!({"id": "a"}), json!(5)]).unwrap_err();
    /// assert_eq!(err.to_string(), "record 1: an integer (5), not a JSON object");
    /// # Ok::<(), sailpoint_filters::schema::RecordError>(())
    /// ```
    pub fn try_new(
        operation: &'static Operation,
        records: Vec<serde_json::Value>,
    ) -> Result<Fake, RecordError> {
        let schema = operation.schema();
        for (index, record) in records.iter().enumerate() {
            schema.check_json_record(index, record)?;
        }
        Ok(Fake::new(operation, records))
    }

    /// A fake of `operation` listing the records of a JSON array, read strictly and checked
    /// ([`Schema::read_json_records`](crate::Schema::read_json_records)): a key given twice
    /// in one object, an element that is not an object, or a typed field holding a value of
    /// another type is refused, naming the record's index (and the field, or the line and
    /// column).
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// use sailpoint_filters::http::Fake;
    ///
    /// let fake = Fake::from_json(&OPERATION, r#"[{"id": "a", "name": "Alice"}]"#)?;
    /// assert_eq!(fake.records()[0]["name"], "Alice");
    /// let err = Fake::from_json(&OPERATION, r#"[{"id": "a", "created": "2024-01-01T00:00:00+24:00"}]"#).unwrap_err();
    /// assert_eq!((err.index(), err.field()), (Some(0), Some("created")));
    /// # Ok::<(), sailpoint_filters::schema::RecordError>(())
    /// ```
    pub fn from_json(operation: &'static Operation, json: &str) -> Result<Fake, RecordError> {
        let records = operation.schema().read_json_records(json)?;
        Ok(Fake::new(operation, records))
    }

    /// The operation.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The records.
    pub fn records(&self) -> &[serde_json::Value] {
        &self.records
    }
}

/// Several fakes served together, each at its operation's path (path parameters such as
/// `{id}` match any segment): a bearer token first (`401`), then the parameters checked
/// against the operation's schema — with every parameter it documents, read by
/// [`Operation::read_query`] — (`400` with SailPoint's body), then the page (`200`, in the
/// response shape the operation's spec declares — a JSON array, a wrapping object, or one
/// object — with `X-Total-Count` when `count=true` and the headers the spec declares: see
/// [`operation_response`](super::operation_response)). `HEAD` is answered as `GET` without the body;
/// another method gets `405` with `Allow: GET,HEAD`, another path `404`.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION as ACCOUNTS;
/// use sailpoint_filters::catalog::identities::list_identities_v1::OPERATION as IDENTITIES;
/// use sailpoint_filters::http::{Fake, Fakes};
///
/// let accounts = vec![serde_json::json!({"id": "a", "name": "Alice"})];
/// let fakes = Fakes::new(vec![Fake::new(&ACCOUNTS, accounts), Fake::new(&IDENTITIES, vec![])]);
/// let app: axum::Router = fakes.router(Some("secret".into()), Default::default());
/// // axum::serve(listener, app) or sailpoint_filters::http::serve(listener, app, shutdown)
/// ```
#[derive(Clone, Debug, Default)]
pub struct Fakes {
    fakes: Vec<Fake>,
}

/// What every request reads.
struct Served {
    fakes: Fakes,
    token: Option<String>,
    options: QueryOptions,
}

impl Fakes {
    /// These fakes.
    pub fn new(fakes: Vec<Fake>) -> Fakes {
        Fakes { fakes }
    }

    /// The fakes.
    pub fn fakes(&self) -> &[Fake] {
        &self.fakes
    }

    /// The fake answering `path` (a request path, without its query string): the operation
    /// whose path matches it with the fewest path parameters.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// use sailpoint_filters::http::{Fake, Fakes};
    /// let fakes = Fakes::new(vec![Fake::new(&OPERATION, vec![])]);
    /// assert!(fakes.find("/accounts/v1").is_some());
    /// assert!(fakes.find("/accounts/v2").is_none());
    /// ```
    pub fn find(&self, path: &str) -> Option<&Fake> {
        self.fakes
            .iter()
            .filter_map(|fake| path_match(fake.operation.path(), path).map(|n| (n, fake)))
            .min_by_key(|(parameters, _)| *parameters)
            .map(|(_, fake)| fake)
    }

    /// An axum router answering every request with the fakes: `token` is the only bearer
    /// token accepted (any non-empty one when `None`), `options` how parameters are read.
    pub fn router(self, token: Option<String>, options: QueryOptions) -> Router {
        let served = Arc::new(Served {
            fakes: self,
            token,
            options,
        });
        Router::new().fallback(answer).with_state(served)
    }
}

async fn answer(State(served): State<Arc<Served>>, request: Request) -> Response {
    let path = request.uri().path();
    let Some(fake) = served.fakes.find(path) else {
        return not_found(path).into_response();
    };
    // HEAD is answered as GET without the body, as on every path axum routes.
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = method_not_allowed(request.method(), path).into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
        return response;
    }
    if let Err(unauthorized) = authorize(request.headers(), served.token.as_deref()) {
        return unauthorized.into_response();
    }
    let raw = request.uri().query().unwrap_or("");
    // Every parameter the operation documents (SPEC §11), not only the five standard ones.
    let query = match fake.operation.read_query(raw, &served.options) {
        Ok(query) => query,
        Err(err) => return QueryRejection(err).into_response(),
    };
    let records = Arc::clone(&fake.records);
    let work = query_work(records.len(), query.checked());
    let headers = request.headers().clone();
    respond_sized(work, move || answer_query(&query, &records, &headers)).await
}

/// The page of an operation's query in the operation's response shape, or `500` with
/// SailPoint's body when it cannot run.
fn answer_query(
    query: &OperationQuery,
    records: &[serde_json::Value],
    headers: &HeaderMap,
) -> Response {
    match query.run(records) {
        Ok(page) => operation_response(query, &page, headers),
        Err(err) => ErrorBody::internal_fault(format!(
            "An internal fault occurred: the endpoint cannot run the query: {err}"
        ))
        .into_response(),
    }
}
