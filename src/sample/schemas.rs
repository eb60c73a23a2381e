//! The response item schemas built in from `catalog/responses/<api>.json`, read once.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::catalog::{Api, Operation};

/// One API's file: the operations' entries and the shared components.
pub(super) struct File {
    pub(super) operations: Map<String, Value>,
    pub(super) defs: Map<String, Value>,
}

fn text(api: Api) -> Option<&'static str> {
    match api {
        Api::Services => Some(include_str!("../../catalog/responses/services.json")),
        #[cfg(feature = "v3")]
        Api::V3 => Some(include_str!("../../catalog/responses/v3.json")),
        #[cfg(feature = "beta")]
        Api::Beta => Some(include_str!("../../catalog/responses/beta.json")),
        #[cfg(feature = "v2024")]
        Api::V2024 => Some(include_str!("../../catalog/responses/v2024.json")),
        #[cfg(feature = "v2025")]
        Api::V2025 => Some(include_str!("../../catalog/responses/v2025.json")),
        #[cfg(feature = "v2026")]
        Api::V2026 => Some(include_str!("../../catalog/responses/v2026.json")),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

fn parse(text: &str) -> File {
    // The files are generated and checked by the library's tests; a broken one reads as empty.
    let mut root: Map<String, Value> = serde_json::from_str(text).unwrap_or_default();
    let mut take = |key: &str| match root.remove(key) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    File {
        operations: take("operations"),
        defs: take("$defs"),
    }
}

/// The API's file, parsed on first use; `None` when its feature is off.
pub(super) fn file(api: Api) -> Option<&'static File> {
    static FILES: [OnceLock<Option<File>>; 6] = [const { OnceLock::new() }; 6];
    let index = Api::ALL.iter().position(|a| *a == api)?;
    FILES[index].get_or_init(|| text(api).map(parse)).as_ref()
}

/// The JSON Schema (draft 2020-12) of one record of `operation`'s response, with the
/// components it refers to under `$defs`; `None` without a JSON response or when its API's
/// schemas are not built in.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
///
/// let schema = sailpoint_filters::sample::item_schema(&OPERATION).unwrap();
/// assert!(schema["$defs"].is_object());
/// assert!(schema.get("$ref").is_some() || schema.get("properties").is_some());
/// ```
pub fn item_schema(operation: &Operation) -> Option<Value> {
    let file = file(operation.api())?;
    let item = file.operations.get(operation.operation_id())?.get("item")?;
    let Value::Object(item) = item else {
        return None;
    };
    let mut schema = item.clone();
    schema.insert(
        "$schema".to_owned(),
        Value::String("https://json-schema.org/draft/2020-12/schema".to_owned()),
    );
    schema.insert("$defs".to_owned(), Value::Object(file.defs.clone()));
    Some(Value::Object(schema))
}
