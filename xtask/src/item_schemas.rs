//! The response item schema of every catalog operation, as JSON Schema (draft 2020-12):
//! `catalog/responses/<api>.json`, which the library's record generator (`sample` feature)
//! embeds and a JSON Schema validator can read as it is.
//!
//! From the OpenAPI 3.0 schema of the operation's 200 response: the item of the array (or of the
//! `results` / `items` array of a wrapping object; the object itself when the body is one
//! object). Component `$ref`s become `#/$defs/<Name>` (one entry per component, shared by the
//! API's operations), `allOf` parts are merged into one object, `oneOf`/`anyOf` are kept,
//! `nullable: true` becomes a `null` type (and a `null` enum value), and only the keywords that
//! constrain or describe values are kept (`type`, `format`, `enum`, `properties`, `required`,
//! `items`, `additionalProperties`, bounds, `pattern`, and `example` on leaves).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::{CatalogFile, ResponseShape};
use crate::spec::{Api, Spec};

/// The command that writes these files, recorded at their top.
pub const GENERATED_BY: &str =
    "cargo run --manifest-path xtask/Cargo.toml -- extract --specs DIR --out catalog/";

/// Keywords copied as they are.
const KEPT: &[&str] = &[
    "type",
    "format",
    "enum",
    "required",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "pattern",
];

/// Components nest no deeper than this while merging `allOf` parts.
const MAX_DEPTH: usize = 64;

struct Normalizer<'a> {
    spec: &'a Spec,
    /// Finished (or in-progress: `Value::Null`) components by name.
    defs: BTreeMap<String, Value>,
}

impl Normalizer<'_> {
    fn component(&mut self, name: &str, depth: usize) -> Value {
        if !self.defs.contains_key(name) {
            self.defs.insert(name.to_owned(), Value::Null);
            let reference = format!("#/components/schemas/{name}");
            let normalized = match self.spec.target(&reference) {
                Ok(target) => self.normalize(target, depth + 1),
                Err(_) => json!({}),
            };
            self.defs.insert(name.to_owned(), normalized);
        }
        json!({ "$ref": format!("#/$defs/{name}") })
    }

    /// The schema, normalized; `$ref`s to components become `$defs` references.
    fn normalize(&mut self, node: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json!({});
        }
        let Some(object) = node.as_object() else {
            return json!({});
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                return self.component(name, depth);
            }
            return match self.spec.resolve(node) {
                Ok(target) => self.normalize(target, depth + 1),
                Err(_) => json!({}),
            };
        }
        let mut out = Map::new();
        let mut is_nullable = object.get("nullable") == Some(&Value::Bool(true));
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            for part in parts {
                let part = self.normalize(part, depth + 1);
                let mut part = self.inline(part);
                // A part that only adds `nullable: true` makes the whole nullable.
                if let Some(inner) = unwrap_nullable(&part) {
                    is_nullable = true;
                    part = inner;
                }
                merge(&mut out, part);
            }
        }
        for key in KEPT {
            if let Some(value) = object.get(*key) {
                if *key == "required" {
                    merge(&mut out, json!({ "required": value }));
                } else {
                    out.insert((*key).to_owned(), value.clone());
                }
            }
        }
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            let mut normalized = Map::new();
            for (name, schema) in properties {
                normalized.insert(name.clone(), self.normalize(schema, depth + 1));
            }
            merge(&mut out, json!({ "properties": normalized }));
        }
        if let Some(items) = object.get("items") {
            out.insert("items".to_owned(), self.normalize(items, depth + 1));
        }
        match object.get("additionalProperties") {
            Some(Value::Bool(b)) => {
                out.insert("additionalProperties".to_owned(), Value::Bool(*b));
            }
            Some(schema @ Value::Object(_)) => {
                let normalized = self.normalize(schema, depth + 1);
                out.insert("additionalProperties".to_owned(), normalized);
            }
            _ => {}
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(key).and_then(Value::as_array) {
                let normalized: Vec<Value> = variants
                    .iter()
                    .map(|v| self.normalize(v, depth + 1))
                    .collect();
                out.insert(key.to_owned(), Value::Array(normalized));
            }
        }
        // Examples are kept where the generator reads them: on values without properties.
        if let Some(example) = object.get("example")
            && !out.contains_key("properties")
        {
            out.insert("example".to_owned(), example.clone());
        }
        fix_pattern_example(&mut out);
        if out.contains_key("properties") && !out.contains_key("type") && !has_variants(&out) {
            out.insert("type".to_owned(), json!("object"));
        }
        if is_nullable {
            return nullable(out);
        }
        Value::Object(out)
    }

    /// A normalized schema with a top-level `$defs` reference replaced by the component's
    /// content (for merging `allOf` parts); a component still being built stays a reference.
    fn inline(&self, part: Value) -> Value {
        if let Some(name) = part
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            && let Some(content) = self.defs.get(name)
            && !content.is_null()
        {
            return content.clone();
        }
        part
    }
}

/// `X` of `{"anyOf": [X, {"type": "null"}]}`, the form `nullable` gives a schema without a type.
fn unwrap_nullable(part: &Value) -> Option<Value> {
    let variants = part.get("anyOf")?.as_array()?;
    if part.as_object()?.len() != 1 || variants.len() != 2 || variants[1] != json!({"type": "null"})
    {
        return None;
    }
    Some(variants[0].clone())
}

/// An example its own `pattern` refuses is replaced by the pattern's text when the pattern is
/// a literal (`^\{\}$` gives `{}`), else dropped: the generator takes a string's example
/// whenever it has a pattern.
fn fix_pattern_example(out: &mut Map<String, Value>) {
    let (Some(Value::String(pattern)), Some(Value::String(example))) =
        (out.get("pattern"), out.get("example"))
    else {
        return;
    };
    if regex::Regex::new(pattern).is_ok_and(|re| re.is_match(example)) {
        return;
    }
    let body = pattern.trim_start_matches('^').trim_end_matches('$');
    let mut literal = String::new();
    let mut chars = body.chars();
    let mut plain = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if !next.is_ascii_alphanumeric() => literal.push(next),
                _ => plain = false,
            },
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => plain = false,
            other => literal.push(other),
        }
    }
    if plain {
        out.insert("example".to_owned(), Value::String(literal));
    } else {
        out.remove("example");
    }
}

fn has_variants(object: &Map<String, Value>) -> bool {
    object.contains_key("oneOf") || object.contains_key("anyOf") || object.contains_key("$ref")
}

/// Merges one `allOf` part into the object built so far: properties and `required` are joined,
/// other keywords taken from the part when the object lacks them.
fn merge(out: &mut Map<String, Value>, part: Value) {
    let Value::Object(part) = part else { return };
    for (key, value) in part {
        match (key.as_str(), out.get_mut(&key)) {
            ("properties", Some(Value::Object(existing))) => {
                if let Value::Object(more) = value {
                    existing.extend(more);
                }
            }
            ("required", Some(Value::Array(existing))) => {
                for name in value.as_array().into_iter().flatten() {
                    if !existing.contains(name) {
                        existing.push(name.clone());
                    }
                }
            }
            ("$ref", _) => {
                // A component that refers to itself through `allOf`: kept as a further part.
                let all_of = out
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(parts) = all_of {
                    parts.push(json!({ "$ref": value }));
                }
            }
            (_, Some(_)) => {}
            (_, None) => {
                out.insert(key, value);
            }
        }
    }
}

/// `nullable: true` as JSON Schema: `null` joins the type (and the enum).
fn nullable(mut out: Map<String, Value>) -> Value {
    match out.get("type").cloned() {
        Some(Value::String(t)) => {
            out.insert("type".to_owned(), json!([t, "null"]));
        }
        Some(Value::Array(mut types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            out.insert("type".to_owned(), Value::Array(types));
        }
        _ => {
            return json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
        }
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Object(out)
}

/// The raw item schema of an operation's 200 response, and where the records are.
fn raw_item<'a>(spec: &'a Spec, operation: &'a Value) -> Option<&'a Value> {
    let responses = operation.get("responses")?.as_object()?;
    let ok = responses.get("200").or_else(|| {
        responses
            .iter()
            .find(|(code, _)| code.starts_with('2'))
            .map(|(_, v)| v)
    })?;
    let content = spec.resolve(ok).ok()?.get("content")?.as_object()?;
    let media = content.get("application/json").or_else(|| {
        content
            .iter()
            .find(|(media, _)| media.contains("json"))
            .map(|(_, v)| v)
    })?;
    let schema = spec.resolve(media.get("schema")?).ok()?;
    if let Some(items) = schema.get("items") {
        return Some(items);
    }
    for name in ["results", "items"] {
        if let Some(list) = schema.get("properties").and_then(|p| p.get(name))
            && let Ok(list) = spec.resolve(list)
            && let Some(items) = list.get("items")
        {
            return Some(items);
        }
    }
    media.get("schema")
}

/// The name the response shape has in the catalog.
fn shape_name(shape: &ResponseShape) -> &'static str {
    match shape {
        ResponseShape::Array => "array",
        ResponseShape::Results => "results",
        ResponseShape::Items => "items",
        ResponseShape::Object => "object",
        ResponseShape::None => "none",
    }
}

/// The text of `catalog/responses/<api>.json` for the operations of one catalog file: one
/// operation per line, then one component per line.
pub fn responses_text(api: Api, spec: &Spec, file: &CatalogFile) -> String {
    let mut normalizer = Normalizer {
        spec,
        defs: BTreeMap::new(),
    };
    let mut lines = Vec::new();
    for operation in &file.operations {
        let raw = spec
            .root
            .get("paths")
            .and_then(|paths| paths.get(&operation.path))
            .and_then(|item| spec.resolve(item).ok())
            .and_then(|item| item.get(operation.method.to_lowercase()));
        let item = match (&operation.response, raw.and_then(|op| raw_item(spec, op))) {
            (ResponseShape::None, _) | (_, None) => Value::Null,
            (_, Some(schema)) => normalizer.normalize(schema, 0),
        };
        let entry = json!({
            "response": shape_name(&operation.response),
            "item": item,
        });
        lines.push(format!(
            "    {}: {}",
            Value::String(operation.operation_id.clone()),
            entry
        ));
    }
    let defs: Vec<String> = normalizer
        .defs
        .iter()
        .map(|(name, schema)| format!("    {}: {}", Value::String(name.clone()), schema))
        .collect();
    let generated = format!(
        "generated by `{GENERATED_BY}` from SailPoint's OpenAPI specs ({}); do not edit",
        api.spec_file()
    );
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"generated\": {},\n", Value::String(generated)));
    out.push_str(&format!(
        "  \"api\": {},\n",
        Value::String(api.name().into())
    ));
    out.push_str(&block("operations", &lines));
    out.push_str(",\n");
    out.push_str(&block("$defs", &defs));
    out.push_str("\n}\n");
    out
}

fn block(key: &str, lines: &[String]) -> String {
    if lines.is_empty() {
        return format!("  \"{key}\": {{}}");
    }
    format!("  \"{key}\": {{\n{}\n  }}", lines.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(yaml: &str, schema: &str) -> (Value, BTreeMap<String, Value>) {
        let spec = Spec::parse(yaml).unwrap();
        let mut n = Normalizer {
            spec: &spec,
            defs: BTreeMap::new(),
        };
        let node: Value = serde_json::from_str(schema).unwrap();
        let out = n.normalize(&node, 0);
        (out, n.defs)
    }

    const SPEC: &str = r#"
openapi: 3.0.1
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string, description: "dropped"}
        created: {type: string, format: date-time, nullable: true}
    Node:
      type: object
      properties:
        child: {$ref: '#/components/schemas/Node'}
        kind: {type: string, enum: [A, B], nullable: true}
    Owner:
      nullable: true
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: {type: string, example: Alice}
"#;

    #[test]
    fn refs_become_defs_allof_merges_and_nullable_becomes_null() {
        let (out, defs) = normalize(SPEC, r##"{"$ref": "#/components/schemas/Owner"}"##);
        assert_eq!(out, json!({"$ref": "#/$defs/Owner"}));
        assert_eq!(
            defs["Owner"],
            json!({
                "type": ["object", "null"],
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "created": {"type": ["string", "null"], "format": "date-time"},
                    "name": {"type": "string", "example": "Alice"},
                },
            })
        );
        // Base was read as a component too (for the merge), once.
        assert!(defs.contains_key("Base"));
    }

    #[test]
    fn a_nullable_allof_part_makes_the_whole_nullable() {
        let (out, _) = normalize(
            SPEC,
            r##"{"allOf": [{"$ref": "#/components/schemas/Base"}, {"nullable": true}]}"##,
        );
        assert_eq!(out["type"], json!(["object", "null"]));
        assert!(out.get("anyOf").is_none(), "{out}");
    }

    #[test]
    fn an_example_its_pattern_refuses_becomes_the_literal() {
        let (out, _) = normalize(
            SPEC,
            r#"{"type": "string", "pattern": "^\\{\\}$", "example": "{\"a\": 1}"}"#,
        );
        assert_eq!(out["example"], json!("{}"));
        let (out, _) = normalize(
            SPEC,
            r#"{"type": "string", "pattern": "^[a-z]+$", "example": "A1"}"#,
        );
        assert!(out.get("example").is_none(), "{out}");
    }

    #[test]
    fn cycles_stay_references_and_enums_take_null() {
        let (out, defs) = normalize(SPEC, r##"{"$ref": "#/components/schemas/Node"}"##);
        assert_eq!(out, json!({"$ref": "#/$defs/Node"}));
        assert_eq!(
            defs["Node"]["properties"]["child"],
            json!({"$ref": "#/$defs/Node"})
        );
        assert_eq!(
            defs["Node"]["properties"]["kind"],
            json!({"type": ["string", "null"], "enum": ["A", "B", null]})
        );
    }
}
