//! Field types from an operation's 200 response: the record schema flattened to dotted paths.
//!
//! References are followed, `allOf` parts merged, and the properties of `oneOf`/`anyOf`
//! variants all kept (a path the variants type differently is a conflict). Objects inside arrays
//! are flattened too: their string leaves are string collections (a condition holds when any
//! element matches).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::ResponseShape;
use crate::spec::Spec;

/// A scalar type of the response schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scalar {
    /// `type: string`.
    String,
    /// `type: string, format: date-time`.
    DateTime,
    /// `type: boolean`.
    Boolean,
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
}

impl Scalar {
    fn name(self) -> &'static str {
        match self {
            Scalar::String => "string",
            Scalar::DateTime => "date-time",
            Scalar::Boolean => "boolean",
            Scalar::Integer => "integer",
            Scalar::Number => "number",
        }
    }
}

/// What the response schema says a path holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Scalar(Scalar),
    /// Several values (an array of them, or a leaf inside an array of objects).
    Collection(Scalar),
    /// An object with properties (flattened further).
    Object,
    /// An array of objects with properties (flattened further).
    ObjectCollection,
    /// An object without declared properties (`additionalProperties`, a bare `type: object`).
    Map,
    /// Nothing about its type.
    Untyped,
    /// Variants or repeated declarations that disagree.
    Conflict(BTreeSet<String>),
}

impl Shape {
    /// How messages and the catalog's `responseType` name it.
    pub fn describe(&self) -> String {
        match self {
            Shape::Scalar(s) => s.name().to_owned(),
            Shape::Collection(s) => format!("{} collection", s.name()),
            Shape::Object => "object".to_owned(),
            Shape::ObjectCollection => "object collection".to_owned(),
            Shape::Map => "free-form object".to_owned(),
            Shape::Untyped => "untyped".to_owned(),
            Shape::Conflict(names) => {
                format!(
                    "conflicting: {}",
                    names.iter().cloned().collect::<Vec<_>>().join(" | ")
                )
            }
        }
    }
}

/// One path of the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it holds.
    pub shape: Shape,
    /// The values its enum lists (strings only).
    pub enum_values: Vec<String>,
    /// The schema's `example`, kept for objects without declared properties (their examples
    /// are the only hint at the sub-fields).
    pub example: Option<Value>,
}

/// The record schema of one operation, flattened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Where the records are in the body.
    pub shape: ResponseShape,
    /// The wrapper's integer property holding the number of matching records (`count`,
    /// `total`, `totalCount`), for a wrapped list.
    pub total: Option<String>,
    /// Every path (`id`, `owner`, `owner.id`, …).
    pub paths: BTreeMap<String, Found>,
    /// Malformed schema parts met on the way.
    pub problems: Vec<String>,
}

/// Objects nest no deeper than this in a record (deeper parts are not flattened).
const MAX_NESTING: usize = 10;

/// What one schema node (with its `allOf` parts and `oneOf`/`anyOf` variants) declares.
#[derive(Default)]
struct Summary<'a> {
    types: BTreeSet<String>,
    date_time: bool,
    enum_values: Vec<String>,
    properties: BTreeMap<String, Vec<&'a Value>>,
    items: Vec<&'a Value>,
    free_form: bool,
    variant_scalars: BTreeSet<Scalar>,
    example: Option<&'a Value>,
}

struct Walker<'a> {
    spec: &'a Spec,
    refs: Vec<&'a str>,
    problems: Vec<String>,
}

impl<'a> Walker<'a> {
    /// Follows a node's reference; `None` on a cycle (already being expanded) or a bad reference.
    fn enter(&mut self, node: &'a Value) -> Option<(&'a Value, bool)> {
        match node.get("$ref").and_then(Value::as_str) {
            None => Some((node, false)),
            Some(reference) => {
                if self.refs.contains(&reference) {
                    return None;
                }
                match self.spec.resolve(node) {
                    Ok(target) => {
                        self.refs.push(reference);
                        Some((target, true))
                    }
                    Err(problem) => {
                        self.problems.push(problem);
                        None
                    }
                }
            }
        }
    }

    fn leave(&mut self, pushed: bool) {
        if pushed {
            self.refs.pop();
        }
    }

    fn gather(&mut self, node: &'a Value, acc: &mut Summary<'a>, depth: usize) {
        if depth > MAX_NESTING * 4 {
            return;
        }
        let Some((node, pushed)) = self.enter(node) else {
            return;
        };
        if let Some(t) = node.get("type").and_then(Value::as_str) {
            acc.types.insert(t.to_owned());
        }
        if acc.example.is_none() {
            acc.example = node.get("example");
        }
        if node.get("format").and_then(Value::as_str) == Some("date-time") {
            acc.date_time = true;
        }
        for value in node
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(text) = value.as_str()
                && !acc.enum_values.iter().any(|v| v == text)
            {
                acc.enum_values.push(text.to_owned());
            }
        }
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            for (name, schema) in properties {
                acc.properties.entry(name.clone()).or_default().push(schema);
            }
        }
        if let Some(items) = node.get("items") {
            acc.items.push(items);
        }
        if node
            .get("additionalProperties")
            .is_some_and(|a| a.is_object() || a.as_bool() == Some(true))
        {
            acc.free_form = true;
        }
        for part in node
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.gather(part, acc, depth + 1);
        }
        for key in ["oneOf", "anyOf"] {
            for variant in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let mut one = Summary::default();
                self.gather(variant, &mut one, depth + 1);
                if let Some(scalar) = scalar_of(&one) {
                    acc.variant_scalars.insert(scalar);
                } else if one.types.contains("array") {
                    acc.types.insert("array".to_owned());
                }
                for (name, schemas) in one.properties {
                    acc.properties.entry(name).or_default().extend(schemas);
                }
                acc.items.extend(one.items);
                acc.free_form |= one.free_form;
                for value in one.enum_values {
                    if !acc.enum_values.contains(&value) {
                        acc.enum_values.push(value);
                    }
                }
            }
        }
        self.leave(pushed);
    }

    /// Records `node` at `path` and flattens what is under it.
    fn walk(
        &mut self,
        node: &'a Value,
        path: &str,
        in_array: bool,
        nesting: usize,
        out: &mut BTreeMap<String, Found>,
    ) {
        let Some((node, pushed)) = self.enter(node) else {
            return;
        };
        let mut summary = Summary::default();
        self.gather(node, &mut summary, 0);
        let is_array = summary.types.contains("array") && summary.properties.is_empty();
        if is_array {
            let items = summary.items.clone();
            if items.is_empty() && !path.is_empty() {
                record(out, path, Shape::Untyped, vec![], None);
            }
            for item in items {
                self.walk(item, path, true, nesting, out);
            }
        } else if !summary.properties.is_empty() {
            if !path.is_empty() {
                let shape = if in_array {
                    Shape::ObjectCollection
                } else {
                    Shape::Object
                };
                record(out, path, shape, vec![], None);
            }
            if nesting < MAX_NESTING {
                for (name, schemas) in &summary.properties {
                    let child = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    for schema in schemas {
                        self.walk(schema, &child, in_array, nesting + 1, out);
                    }
                }
            }
        } else if !path.is_empty() {
            let enums = summary.enum_values.clone();
            let shape = match scalar_of(&summary) {
                Some(scalar) if in_array => Shape::Collection(scalar),
                Some(scalar) => Shape::Scalar(scalar),
                None if summary.variant_scalars.len() > 1 => Shape::Conflict(
                    summary
                        .variant_scalars
                        .iter()
                        .map(|s| s.name().to_owned())
                        .collect(),
                ),
                None if summary.free_form || summary.types.contains("object") => Shape::Map,
                None => Shape::Untyped,
            };
            let example = matches!(shape, Shape::Map | Shape::Untyped)
                .then(|| summary.example.cloned())
                .flatten();
            record(out, path, shape, enums, example);
        }
        self.leave(pushed);
    }
}

/// The one scalar type a summary declares, if it declares exactly one.
fn scalar_of(summary: &Summary<'_>) -> Option<Scalar> {
    let mut scalars: BTreeSet<Scalar> = summary
        .types
        .iter()
        .filter_map(|t| match t.as_str() {
            "string" if summary.date_time => Some(Scalar::DateTime),
            "string" => Some(Scalar::String),
            "boolean" => Some(Scalar::Boolean),
            "integer" => Some(Scalar::Integer),
            "number" => Some(Scalar::Number),
            _ => None,
        })
        .collect();
    if summary.types.iter().any(|t| t == "object" || t == "array") {
        return None;
    }
    scalars.extend(summary.variant_scalars.iter().copied());
    // `integer` and `number` variants together are a number.
    if scalars.len() == 2 && scalars.contains(&Scalar::Integer) && scalars.contains(&Scalar::Number)
    {
        return Some(Scalar::Number);
    }
    match scalars.len() {
        1 => scalars.into_iter().next(),
        _ => None,
    }
}

fn record(
    out: &mut BTreeMap<String, Found>,
    path: &str,
    shape: Shape,
    enums: Vec<String>,
    example: Option<Value>,
) {
    match out.get_mut(path) {
        None => {
            out.insert(
                path.to_owned(),
                Found {
                    shape,
                    enum_values: enums,
                    example,
                },
            );
        }
        Some(found) => {
            if found.example.is_none() {
                found.example = example;
            }
            if found.shape == shape {
                for value in enums {
                    if !found.enum_values.contains(&value) {
                        found.enum_values.push(value);
                    }
                }
                return;
            }
            // An untyped declaration adds nothing to a typed one.
            if shape == Shape::Untyped {
                return;
            }
            if found.shape == Shape::Untyped {
                found.shape = shape;
                return;
            }
            let mut names = match &found.shape {
                Shape::Conflict(names) => names.clone(),
                other => BTreeSet::from([other.describe()]),
            };
            match &shape {
                Shape::Conflict(more) => names.extend(more.iter().cloned()),
                other => {
                    names.insert(other.describe());
                }
            }
            found.shape = Shape::Conflict(names);
        }
    }
}

/// The records of an operation's 200 response.
pub fn record_of(spec: &Spec, operation: &Value) -> Record {
    let mut walker = Walker {
        spec,
        refs: Vec::new(),
        problems: Vec::new(),
    };
    let mut paths = BTreeMap::new();
    let responses = operation.get("responses").and_then(Value::as_object);
    let ok = responses.and_then(|r| {
        r.get("200").or_else(|| {
            r.iter()
                .find(|(code, _)| code.starts_with('2'))
                .map(|(_, v)| v)
        })
    });
    let schema = ok
        .and_then(|r| spec.resolve(r).ok())
        .and_then(|r| r.get("content"))
        .and_then(Value::as_object)
        .and_then(|content| {
            content.get("application/json").or_else(|| {
                content
                    .iter()
                    .find(|(media, _)| media.contains("json"))
                    .map(|(_, v)| v)
            })
        })
        .and_then(|media| media.get("schema"));
    let Some(schema) = schema else {
        return Record {
            shape: ResponseShape::None,
            total: None,
            paths,
            problems: walker.problems,
        };
    };
    let mut top = Summary::default();
    walker.gather(schema, &mut top, 0);
    let mut total = None;
    let shape =
        if top.types.contains("array") || (!top.items.is_empty() && top.properties.is_empty()) {
            if !top.types.contains("array") {
                walker.problems.push(
                    "the response schema has `items` but is not `type: array`; read as an array"
                        .to_owned(),
                );
            }
            for item in &top.items {
                walker.walk(item, "", false, 0, &mut paths);
            }
            ResponseShape::Array
        } else {
            let list = ["results", "items"].into_iter().find_map(|name| {
                let schemas = top.properties.get(name)?;
                let mut summary = Summary::default();
                for schema in schemas {
                    walker.gather(schema, &mut summary, 0);
                }
                summary
                    .types
                    .contains("array")
                    .then_some((name, summary.items))
            });
            match list {
                Some((name, items)) => {
                    for item in items {
                        walker.walk(item, "", false, 0, &mut paths);
                    }
                    total = ["count", "total", "totalCount"]
                        .into_iter()
                        .find_map(|key| {
                            let mut summary = Summary::default();
                            for schema in top.properties.get(key)? {
                                walker.gather(schema, &mut summary, 0);
                            }
                            summary.types.contains("integer").then(|| key.to_owned())
                        });
                    if name == "results" {
                        ResponseShape::Results
                    } else {
                        ResponseShape::Items
                    }
                }
                None => {
                    walker.walk(schema, "", false, 0, &mut paths);
                    ResponseShape::Object
                }
            }
        };
    Record {
        shape,
        total,
        paths,
        problems: walker.problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(yaml: &str) -> Record {
        let spec = Spec::parse(yaml).unwrap();
        let operation = spec.root.pointer("/paths/~1x/get").unwrap().clone();
        record_of(&spec, &operation)
    }

    #[test]
    fn wrapped_lists_name_their_total() {
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
        let r = record(yaml);
        assert_eq!(r.shape, ResponseShape::Results);
        assert_eq!(r.total.as_deref(), Some("count"));
        // `items` with no integer beside it: no total.
        let r = record(
            r#"
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  next: {type: string}
                  items: {type: array, items: {type: object}}
"#,
        );
        assert_eq!((r.shape, r.total), (ResponseShape::Items, None));
    }

    fn shape(record: &Record, path: &str) -> String {
        record
            .paths
            .get(path)
            .map_or("missing".to_owned(), |f| f.shape.describe())
    }

    #[test]
    fn flattens_refs_allof_arrays_and_maps() {
        let r = record(
            r#"
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
components:
  schemas:
    Ref: {type: object, properties: {id: {type: string}, name: {type: string}}}
    Item:
      allOf:
        - $ref: '#/components/schemas/Ref'
        - type: object
          properties:
            created: {type: string, format: date-time}
            count: {type: integer, format: int32}
            score: {type: number}
            enabled: {type: boolean}
            tags: {type: array, items: {type: string}}
            owner: {$ref: '#/components/schemas/Ref'}
            members: {type: array, items: {$ref: '#/components/schemas/Ref'}}
            attributes: {type: object, additionalProperties: true}
            loose: {description: no type}
            status: {type: string, enum: [A, B]}
            self: {$ref: '#/components/schemas/Item'}
"#,
        );
        assert_eq!(r.shape, ResponseShape::Array);
        assert_eq!(shape(&r, "id"), "string");
        assert_eq!(shape(&r, "created"), "date-time");
        assert_eq!(shape(&r, "count"), "integer");
        assert_eq!(shape(&r, "score"), "number");
        assert_eq!(shape(&r, "enabled"), "boolean");
        assert_eq!(shape(&r, "tags"), "string collection");
        assert_eq!(shape(&r, "owner"), "object");
        assert_eq!(shape(&r, "owner.id"), "string");
        assert_eq!(shape(&r, "members"), "object collection");
        assert_eq!(shape(&r, "members.name"), "string collection");
        assert_eq!(shape(&r, "attributes"), "free-form object");
        assert_eq!(shape(&r, "loose"), "untyped");
        assert_eq!(r.paths["status"].enum_values, ["A", "B"]);
        // The recursive reference is not expanded again.
        assert_eq!(shape(&r, "self"), "missing");
    }

    #[test]
    fn wrapped_lists_variants_and_conflicts() {
        let r = record(
            r#"
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer}
                  results:
                    type: array
                    items:
                      oneOf:
                        - {type: object, properties: {a: {type: string}, c: {type: string}}}
                        - {type: object, properties: {b: {type: boolean}, c: {type: integer}}}
"#,
        );
        assert_eq!(r.shape, ResponseShape::Results);
        assert_eq!(shape(&r, "a"), "string");
        assert_eq!(shape(&r, "b"), "boolean");
        assert_eq!(shape(&r, "c"), "conflicting: integer | string");
        assert_eq!(shape(&r, "count"), "missing");
    }

    #[test]
    fn bodies_that_are_not_lists() {
        let csv = record(
            "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          content:\n            text/csv:\n              schema: {type: string}\n",
        );
        assert_eq!(csv.shape, ResponseShape::None);
        assert!(csv.paths.is_empty());
        let object = record(
            "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, properties: {total: {type: integer}}}\n",
        );
        assert_eq!(object.shape, ResponseShape::Object);
        assert_eq!(shape(&object, "total"), "integer");
        let odd = record(
            "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, items: {type: object, properties: {n: {type: string}}}}\n",
        );
        assert_eq!(odd.shape, ResponseShape::Array);
        assert_eq!(shape(&odd, "n"), "string");
        assert_eq!(odd.problems.len(), 1);
    }
}
