//! The headers an operation's 200 response declares besides `X-Total-Count`, and what a fake
//! sends in each.

use serde_json::Value;

use crate::model::{HeaderRole, ResponseHeader};
use crate::spec::Spec;

/// The headers `operation`'s 200 response declares, besides the standard `X-Total-Count`, with
/// what a fake sends in each: a `…total-count` the number of matching records, `accept-language`
/// the locale, another header its example (one without an example is left out).
pub fn response_headers(spec: &Spec, operation: &Value) -> Vec<ResponseHeader> {
    let ok = operation
        .get("responses")
        .and_then(|r| r.get("200"))
        .and_then(|r| spec.resolve(r).ok());
    let Some(headers) = ok.and_then(|r| r.get("headers")).and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, header) in headers {
        let lower = name.to_ascii_lowercase();
        if lower == "x-total-count" {
            continue;
        }
        let header = spec.resolve(header).unwrap_or(header);
        let example = header
            .get("example")
            .or_else(|| header.get("schema").and_then(|s| s.get("example")))
            .and_then(Value::as_str);
        let (role, value) = if lower.ends_with("total-count") {
            (HeaderRole::Total, None)
        } else if lower == "accept-language" || lower == "content-language" {
            (HeaderRole::Locale, None)
        } else if let Some(example) = example {
            (HeaderRole::Fixed, Some(example.to_owned()))
        } else {
            continue;
        };
        out.push(ResponseHeader {
            name: name.clone(),
            role,
            value,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_headers_get_their_role() {
        let yaml = r#"
paths:
  /x:
    get:
      responses:
        '200':
          headers:
            X-Total-Count: {schema: {type: integer}}
            total-count: {schema: {type: integer}}
            accept-language: {schema: {type: string}}
            Cache-Control: {schema: {type: string, example: 'private, max-age=5'}}
            X-Unknown: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer}
                  results: {type: array, items: {type: object, properties: {id: {type: string}}}}
"#;
        let spec = Spec::parse(yaml).unwrap();
        let operation = spec.root.pointer("/paths/~1x/get").unwrap().clone();
        let headers: Vec<(String, HeaderRole, Option<String>)> =
            response_headers(&spec, &operation)
                .into_iter()
                .map(|h| (h.name, h.role, h.value))
                .collect();
        assert_eq!(
            headers,
            [
                (
                    "Cache-Control".to_owned(),
                    HeaderRole::Fixed,
                    Some("private, max-age=5".to_owned())
                ),
                ("accept-language".to_owned(), HeaderRole::Locale, None),
                ("total-count".to_owned(), HeaderRole::Total, None),
            ]
        );
    }
}
