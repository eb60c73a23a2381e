//! A catalog operation's page in the shape its spec declares: a plain array, an object wrapping
//! the records (`{"count": 3, "results": […]}`, `{"items": […]}`), or one object; with the
//! headers the spec declares besides `X-Total-Count`.

use axum::http::header::{HeaderMap, HeaderName, HeaderValue};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::{HeaderRole, OperationQuery, ResponseShape};
use crate::diag::ErrorBody;
use crate::paging::Page;

use super::{X_TOTAL_COUNT, json_response, page_response};

/// The locale a fake answers in when the request names none.
const DEFAULT_LOCALE: &str = "en-US";

/// The `200` answer of `query` (a request read for its operation) with `page`, in the shape
/// the operation's spec declares ([`Operation::response`](crate::catalog::Operation::response)):
///
/// - a plain array: the records, as [`page_response`] writes them;
/// - a wrapped list: an object whose `results` or `items` holds the records, whose total
///   property ([`Operation::response_total`](crate::catalog::Operation::response_total),
///   `count`) holds the number of matching records, and whose `next` holds the marker of the
///   next page ([`OperationQuery::next_marker`]) while more records match, for an operation
///   that pages by one;
/// - one object: the first record of the page (the one the request's filter selects first),
///   or `404` in SailPoint's shape when the filter selects none.
///
/// `X-Total-Count` is sent when the request asks for the count
/// ([`OperationQuery::reports_count`]); the headers the operation declares besides it
/// ([`Operation::response_headers`](crate::catalog::Operation::response_headers)) carry the
/// total (with the count), the locale (the request's `Accept-Language` from `request`, else
/// `en-US`), or the spec's fixed value.
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog};
/// use sailpoint_filters::http::operation_response;
/// use sailpoint_filters::Page;
/// use serde_json::json;
///
/// let forms = Catalog::new().get(Api::Services, "searchFormDefinitionsByTenantV1").unwrap();
/// let records = [json!({"id": "a"}), json!({"id": "b"})];
/// let query = forms.read_query("limit=1", &Default::default())?;
/// let page = query.run(&records)?;
/// let response = operation_response(&query, &page, &Default::default());
/// # let body = futures_body(response);
/// # assert_eq!(body, json!({"count": 2, "results": [{"id": "a"}]}));
/// # fn futures_body(response: axum::response::Response) -> serde_json::Value {
/// #     let bytes = tokio::runtime::Builder::new_current_thread().build().unwrap()
/// #         .block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
/// #     serde_json::from_slice(&bytes).unwrap()
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn operation_response<T: Serialize>(
    query: &OperationQuery,
    page: &Page<T>,
    request: &HeaderMap,
) -> Response {
    let (operation, count) = (query.operation(), query.reports_count());
    let shape = operation.response();
    let mut response = match (shape, shape.records_key()) {
        (_, Some(key)) => {
            let mut body = Map::new();
            if let Some(total) = operation.response_total() {
                body.insert(total.to_owned(), Value::from(page.total));
            }
            if let Some(marker) = query.next_marker(page) {
                body.insert("next".to_owned(), Value::String(marker));
            }
            match serde_json::to_value(&page.items) {
                Ok(items) => body.insert(key.to_owned(), items),
                Err(err) => return unwritable(&err),
            };
            written(&Value::Object(body))
        }
        (ResponseShape::Object, None) => match page.items.first() {
            Some(record) => written(record),
            None => {
                return ErrorBody::new(
                    "404 Not found",
                    "The server did not find a current representation for the target resource.",
                    vec![format!(
                        "{} answers one object, and no record matches the request's filter",
                        operation.operation_id()
                    )],
                )
                .into_response();
            }
        },
        _ => page_response(page, count),
    };
    if count && shape != ResponseShape::Array {
        response
            .headers_mut()
            .insert(X_TOTAL_COUNT, HeaderValue::from(page.total));
    }
    for declared in operation.response_headers() {
        let Ok(name) = HeaderName::from_bytes(declared.name().to_ascii_lowercase().as_bytes())
        else {
            continue;
        };
        let value = match declared.role() {
            HeaderRole::Total if count => HeaderValue::from(page.total),
            HeaderRole::Total => continue,
            HeaderRole::Locale => request
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(first_locale)
                .and_then(|locale| HeaderValue::from_str(locale).ok())
                .unwrap_or(HeaderValue::from_static(DEFAULT_LOCALE)),
            HeaderRole::Fixed(value) => match HeaderValue::from_str(value) {
                Ok(value) => value,
                Err(_) => continue,
            },
        };
        response.headers_mut().insert(name, value);
    }
    response
}

/// The first language tag of an `Accept-Language` value (`de-CH` of `de-CH, fr;q=0.9`), when it
/// is one (`*` is not).
fn first_locale(accept: &str) -> Option<&str> {
    let tag = accept.split(',').next()?.split(';').next()?.trim();
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    valid.then_some(tag)
}

/// A `200` JSON response of `value`.
fn written<T: Serialize + ?Sized>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(err) => unwritable(&err),
    }
}

/// `500` with SailPoint's body: the records cannot be written as JSON.
fn unwritable(err: &serde_json::Error) -> Response {
    ErrorBody::internal_fault(format!(
        "An internal fault occurred: the records cannot be written as JSON: {err}"
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::first_locale;

    #[test]
    fn the_first_language_tag_is_the_locale() {
        assert_eq!(first_locale("de-CH, fr;q=0.9"), Some("de-CH"));
        assert_eq!(first_locale("fr;q=0.9"), Some("fr"));
        assert_eq!(first_locale("*"), None);
        assert_eq!(first_locale(""), None);
        assert_eq!(first_locale("en\r\nX: y"), None);
    }
}
