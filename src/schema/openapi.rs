//! Schemas read from SailPoint's OpenAPI documents.

use crate::filter::{Filter, Value};
use crate::value::DateTime;

use super::{FieldType, Schema, SchemaError};

impl Schema {
    /// Reads the schema of one operation from a SailPoint OpenAPI document (JSON; YAML with the
    /// `yaml` feature).
    ///
    /// The operation is found by its `operationId` anywhere in the document, so a whole API
    /// description, one path item or a single operation object all work. Its `filters` and
    /// `sorters` parameter descriptions are read as in [`Schema::from_sailpoint_docs`]; where the
    /// `filters` parameter has an `example`, the values it uses type the fields the description
    /// left untyped (a string that is an RFC 3339 date-time types a date-time field). The schema
    /// is named after the operation's path (`role-mining-sessions` for `/role-mining-sessions`)
    /// when the document gives it, else after the operation id. Parameters given as local
    /// references (`{"$ref": "#/components/parameters/…"}`) are followed.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Schema};
    ///
    /// let document = r#"{"paths": {"/role-mining-sessions": {"get": {
    ///     "operationId": "getRoleMiningSessions",
    ///     "parameters": [
    ///         {"in": "query", "name": "filters",
    ///          "description": "Filtering is supported for the following fields and operators: **saved**: *eq* \"true\" or \"false\" **name**: *eq, sw*",
    ///          "example": "saved eq \"true\" and name sw \"RM Session\""},
    ///         {"in": "query", "name": "sorters",
    ///          "description": "Sorting is supported for the following fields: **createdBy, createdDate**"}
    ///     ]}}}}"#;
    /// let schema = Schema::from_openapi(document, "getRoleMiningSessions")?;
    /// assert_eq!(schema.endpoint(), "role-mining-sessions");
    /// assert_eq!(schema.field("name").unwrap().field_type(), FieldType::String);
    /// assert!(Schema::from_openapi(document, "listAccounts").is_err());
    /// # Ok::<(), sailpoint_filters::SchemaError>(())
    /// ```
    pub fn from_openapi(document: &str, operation_id: &str) -> Result<Schema, SchemaError> {
        let document = read_document(document)?;
        let mut found = None;
        let mut ids = Vec::new();
        find_operation(&document, operation_id, None, &mut found, &mut ids, 0);
        let Some((operation, path)) = found else {
            ids.sort();
            ids.dedup();
            return Err(SchemaError::UnknownOperation {
                operation_id: operation_id.to_owned(),
                known: ids,
            });
        };
        let path = path.or_else(|| operation.get("path").and_then(serde_json::Value::as_str));
        let parameter = |name: &str| {
            operation
                .get("parameters")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| resolve_reference(&document, p))
                .find(|p| p.get("name").and_then(serde_json::Value::as_str) == Some(name))
        };
        let text = |p: Option<&serde_json::Value>, key: &str| {
            p.and_then(|p| p.get(key))
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (filters, sorters) = (parameter("filters"), parameter("sorters"));
        if filters.is_none() && sorters.is_none() {
            return Err(SchemaError::NotACollection {
                operation_id: operation_id.to_owned(),
            });
        }
        let mut schema = Schema::new(endpoint_name(path, operation_id));
        if filters.is_some() {
            schema.read_filters_doc(&text(filters, "description"))?;
        }
        schema.read_sorters_doc(&text(sorters, "description"))?;
        if let Ok(example) = Filter::parse(&text(filters, "example")) {
            schema.type_from_example(&example);
        }
        Ok(schema)
    }

    /// Types the untyped fields from the values an example filter uses on them (a type the
    /// field's operators do not allow leaves it untyped).
    fn type_from_example(&mut self, example: &Filter) {
        for (condition, _) in example.conditions() {
            let Some(spec) = self
                .fields
                .iter_mut()
                .find(|f| &f.path == condition.field())
            else {
                continue;
            };
            let Some(value) = condition.values().first() else {
                continue;
            };
            if spec.field_type != FieldType::Any {
                continue;
            }
            let field_type = match value {
                // SailPoint quotes booleans in its examples: `saved eq "true"`.
                Value::String(s) if matches!(s.as_str(), "true" | "false") => FieldType::Boolean,
                Value::String(s) if s.parse::<DateTime>().is_ok() => FieldType::DateTime,
                Value::String(_) => FieldType::String,
                Value::Boolean(_) => FieldType::Boolean,
                Value::Integer(_) => FieldType::Integer,
                Value::Float(_) => FieldType::Number,
                Value::DateTime(_) => FieldType::DateTime,
            };
            *spec = spec.clone().typed(field_type);
        }
    }
}

/// The target of a local reference (`{"$ref": "#/components/parameters/filters"}`), or the
/// value itself.
fn resolve_reference<'d>(
    document: &'d serde_json::Value,
    value: &'d serde_json::Value,
) -> &'d serde_json::Value {
    let target = value
        .get("$ref")
        .and_then(serde_json::Value::as_str)
        .and_then(|r| r.strip_prefix('#'));
    target
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(value)
}

fn endpoint_name(path: Option<&str>, operation_id: &str) -> String {
    let segment = path.and_then(|p| {
        p.split('/')
            .rfind(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s) && *s != "beta")
    });
    segment.unwrap_or(operation_id).to_owned()
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn read_document(document: &str) -> Result<serde_json::Value, SchemaError> {
    let json = serde_json::from_str::<serde_json::Value>(document);
    if document.trim_start().starts_with(['{', '[']) {
        return json.map_err(|e| SchemaError::InvalidDocument {
            reason: e.to_string(),
        });
    }
    #[cfg(feature = "yaml")]
    {
        serde_norway::from_str(document).map_err(|e| SchemaError::InvalidDocument {
            reason: e.to_string(),
        })
    }
    #[cfg(not(feature = "yaml"))]
    {
        Err(SchemaError::InvalidDocument {
            reason: "the document is not JSON; enable the `yaml` feature to read YAML".to_owned(),
        })
    }
}

/// Depth-first search for the operation; `path` is the nearest enclosing key that looks like a
/// URL path. Recursion is bounded by `MAX_DEPTH` (OpenAPI operations sit a few levels down).
fn find_operation<'d>(
    node: &'d serde_json::Value,
    operation_id: &str,
    path: Option<&'d str>,
    found: &mut Option<(&'d serde_json::Value, Option<&'d str>)>,
    ids: &mut Vec<String>,
    depth: usize,
) {
    const MAX_DEPTH: usize = 32;
    if found.is_some() || depth > MAX_DEPTH {
        return;
    }
    match node {
        serde_json::Value::Object(map) => {
            if let Some(id) = map.get("operationId").and_then(serde_json::Value::as_str) {
                if id == operation_id {
                    *found = Some((node, path));
                    return;
                }
                ids.push(id.to_owned());
            }
            for (key, child) in map {
                let path = if key.starts_with('/') {
                    Some(key.as_str())
                } else {
                    path
                };
                find_operation(child, operation_id, path, found, ids, depth + 1);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                find_operation(child, operation_id, path, found, ids, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{FieldPath, Op};
    use crate::schema::{CompositeSet, OperatorSet};

    const SEED: &str = include_str!("../../tests/data/get-role-mining-sessions.json");

    #[test]
    fn reads_the_seed_operation() {
        let schema = Schema::from_openapi(SEED, "getRoleMiningSessions").unwrap();
        assert_eq!(schema.endpoint(), "role-mining-sessions");
        let saved = schema.field("saved").unwrap();
        assert_eq!(
            (saved.field_type(), saved.operators()),
            (FieldType::Boolean, OperatorSet::of(&[Op::Eq]))
        );
        let name = schema.field("name").unwrap();
        assert_eq!(
            (name.field_type(), name.operators()),
            (FieldType::String, OperatorSet::of(&[Op::Eq, Op::Sw]))
        );
        assert_eq!(schema.fields().len(), 2);
        assert_eq!(
            schema.sortable(),
            [
                FieldPath::from_static("createdBy"),
                FieldPath::from_static("createdDate")
            ]
        );
        assert_eq!(schema.composites(), CompositeSet::ALL);
    }

    #[test]
    fn names_unknown_operations_and_bad_documents() {
        let err = Schema::from_openapi(SEED, "getRoleMiningSession").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no operation `getRoleMiningSession` in the document; it has: getRoleMiningSessions"
        );
        assert!(matches!(
            Schema::from_openapi("{", "x"),
            Err(SchemaError::InvalidDocument { .. })
        ));
    }

    #[test]
    fn schema_round_trips_through_json() {
        let schema = Schema::from_openapi(SEED, "getRoleMiningSessions").unwrap();
        let json = serde_json::to_string(&schema).unwrap();
        assert_eq!(
            json,
            r#"{"endpoint":"role-mining-sessions","fields":[{"path":"saved","type":"boolean","operators":["eq"]},{"path":"name","type":"string","operators":["eq","sw"]}],"composites":["and","or","not"],"sortable":["createdBy","createdDate"]}"#
        );
        assert_eq!(serde_json::from_str::<Schema>(&json).unwrap(), schema);
    }
}
