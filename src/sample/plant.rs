//! Values that make the operation's published example filter match a record, or fail it.
//!
//! Each condition of the example is compiled on its own; for a record, candidate values (the
//! condition's own value, moved as its operator needs, the field's enum values, values made
//! from the field's schema) are tried at the field's record path until one makes the condition
//! hold (or fail) and fits the schema.

use serde_json::{Map, Value};

use crate::catalog::Operation;
use crate::eval::{Matcher, compile};
use crate::filter::{CmpOp, Condition, Filter, FilterKind, ListOp, Value as FilterValue};
use crate::value::DateTime;

use super::values::{Generator, deref, is_uuid, types};

/// One condition of the example, ready to test.
struct Test {
    condition: Condition,
    matcher: Matcher<Value>,
    /// Where a record holds the field (`owner.id` for a filter field `ownerId`).
    path: Vec<String>,
}

/// The example filter of an operation, its conditions compiled.
pub(super) struct Planter<'a> {
    filter: Filter,
    tests: Vec<Test>,
    defs: &'a Map<String, Value>,
    item: &'a Value,
}

impl<'a> Planter<'a> {
    /// `None` when the operation has no example it accepts.
    pub(super) fn new(
        operation: &'static Operation,
        defs: &'a Map<String, Value>,
        item: &'a Value,
    ) -> Option<Planter<'a>> {
        let example = operation.example()?;
        let schema = operation.schema();
        schema.parse_filter(example, &Default::default()).ok()?;
        let filter = Filter::parse(example).ok()?;
        let mut tests = Vec::new();
        for step in conditions(&filter) {
            let text = Filter::condition(step.clone()).to_string();
            let Ok(checked) = schema.parse_filter(&text, &Default::default()) else {
                continue;
            };
            let Ok(matcher) = compile::<Value>(&checked) else {
                continue;
            };
            let field = step.field().as_str().to_owned();
            let read = operation
                .fields()
                .iter()
                .find(|f| f.path() == field)
                .and_then(|f| f.read_from())
                .unwrap_or(&field);
            tests.push(Test {
                condition: step,
                matcher,
                path: read.split('.').map(str::to_owned).collect(),
            });
        }
        Some(Planter {
            filter,
            tests,
            defs,
            item,
        })
    }

    /// Gives `record` values that make the example hold (`positive`) or fail.
    /// Only the `first` record takes the example's own value of the record's `id`, so that ids
    /// stay unique.
    pub(super) fn plant(
        &self,
        record: &mut Value,
        positive: bool,
        first: bool,
        generator: &mut Generator<'_>,
    ) {
        self.visit(&self.filter, (positive, first), record, generator);
    }

    fn visit(&self, filter: &Filter, how: (bool, bool), record: &mut Value, g: &mut Generator<'_>) {
        let (positive, first) = how;
        match (filter.kind(), positive) {
            (FilterKind::Condition(condition), _) => self.set(condition, how, record, g),
            (FilterKind::Not(inner), _) => self.visit(inner, (!positive, first), record, g),
            (FilterKind::And(parts), true) | (FilterKind::Or(parts), false) => {
                for part in parts {
                    self.visit(part, how, record, g);
                }
            }
            (FilterKind::And(parts), false) | (FilterKind::Or(parts), true) => {
                if let Some(part) = parts.first() {
                    self.visit(part, how, record, g);
                }
            }
        }
    }

    fn set(
        &self,
        condition: &Condition,
        (positive, first): (bool, bool),
        record: &mut Value,
        g: &mut Generator<'_>,
    ) {
        let Some(test) = self.tests.iter().find(|t| &t.condition == condition) else {
            return;
        };
        if test.path == ["id"] && !(positive && first) {
            // Generated ids are unique and fail the example's id anyway.
            return;
        }
        let node = node_at(self.defs, self.item, &test.path);
        let mut candidates = own_values(condition, positive);
        if let Some(node) = node {
            let node = deref(self.defs, node);
            if let Some(values) = node.get("enum").and_then(Value::as_array) {
                candidates.extend(values.iter().cloned());
            }
            for _ in 0..12 {
                candidates.push(g.value(node, "", 1));
            }
        }
        if !positive {
            candidates.push(Value::String("~none~".to_owned()));
        }
        if let Some(removed) = self.without(&test.path, record)
            && test.matcher.matches(&removed) == positive
        {
            // `isnull` (or a failing `pr`): an optional property left out.
            *record = removed;
            return;
        }
        let collection = node.is_some_and(|n| types(deref(self.defs, n)).contains(&"array"));
        for candidate in candidates {
            let candidate = match (collection, candidate) {
                (true, value @ Value::Array(_)) | (true, value @ Value::Null) => value,
                (true, value) => Value::Array(vec![value]),
                (false, value) => value,
            };
            if let Some(node) = node
                && !fits(self.defs, node, &candidate)
            {
                continue;
            }
            let mut trial = record.clone();
            put(
                &mut trial,
                &test.path,
                candidate.clone(),
                self.defs,
                self.item,
                g,
            );
            if test.matcher.matches(&trial) == positive {
                *record = trial;
                return;
            }
        }
    }
}

impl Planter<'_> {
    /// The record without the property at `path`, if the schema does not require it.
    fn without(&self, path: &[String], record: &Value) -> Option<Value> {
        let (last, parents) = path.split_last()?;
        let parent = node_at(self.defs, self.item, parents)?;
        // Required by the parent or by any of its variants: kept.
        let parent = deref(self.defs, parent);
        let variants = ["oneOf", "anyOf"]
            .into_iter()
            .filter_map(|key| parent.get(key).and_then(Value::as_array))
            .flatten()
            .map(|v| deref(self.defs, v));
        let required = std::iter::once(parent)
            .chain(variants)
            .filter_map(|node| node.get("required").and_then(Value::as_array))
            .flatten();
        if required.into_iter().any(|n| n.as_str() == Some(last)) {
            return None;
        }
        let mut trial = record.clone();
        let mut here = &mut trial;
        for name in parents {
            here = here.get_mut(name)?;
        }
        here.as_object_mut()?.remove(last)?;
        Some(trial)
    }
}

/// The conditions of a filter, in order.
fn conditions(filter: &Filter) -> Vec<Condition> {
    let mut out = Vec::new();
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        match f.kind() {
            FilterKind::Condition(c) => out.push(c.clone()),
            FilterKind::Not(inner) => stack.push(inner),
            FilterKind::And(parts) | FilterKind::Or(parts) => stack.extend(parts.iter().rev()),
        }
    }
    out
}

fn json(value: &FilterValue) -> Value {
    match value {
        FilterValue::String(s) => Value::String(s.clone()),
        FilterValue::Integer(i) => Value::from(*i),
        FilterValue::Float(x) => {
            serde_json::Number::from_f64(x.get()).map_or(Value::Null, Value::Number)
        }
        FilterValue::Boolean(b) => Value::Bool(*b),
        FilterValue::DateTime(t) => Value::String(t.to_string()),
    }
}

/// The value moved up (`up`) or down a little: a day for date-times, one for numbers, a
/// longer or shorter string.
fn moved(value: &FilterValue, up: bool) -> Option<Value> {
    Some(match value {
        FilterValue::String(s) if up => Value::String(format!("{s}z")),
        FilterValue::String(s) => {
            let mut shorter = s.clone();
            shorter.pop()?;
            Value::String(shorter)
        }
        FilterValue::Integer(i) => Value::from(if up {
            i.checked_add(1)?
        } else {
            i.checked_sub(1)?
        }),
        FilterValue::Float(x) => {
            serde_json::Number::from_f64(x.get() + if up { 1.0 } else { -1.0 })
                .map(Value::Number)?
        }
        FilterValue::Boolean(_) => return None,
        FilterValue::DateTime(t) => {
            let ts = t.to_timestamp()?;
            let second = ts.as_second() + if up { 86_400 } else { -86_400 };
            let moved = DateTime::from_unix(second, 0).ok()?;
            Value::String(moved.to_string())
        }
    })
}

/// Candidates from the condition itself.
fn own_values(condition: &Condition, positive: bool) -> Vec<Value> {
    let mut out = Vec::new();
    match condition {
        Condition::Compare { op, value, .. } => {
            let text = match value {
                FilterValue::String(s) => Some(s.as_str()),
                _ => None,
            };
            match (op, positive) {
                (CmpOp::Eq | CmpOp::Ge | CmpOp::Le, true) | (CmpOp::Ne, false) => {
                    out.push(json(value))
                }
                (CmpOp::Gt, true) | (CmpOp::Le | CmpOp::Lt, false) => {
                    out.extend(moved(value, true))
                }
                (CmpOp::Lt, true) | (CmpOp::Ge | CmpOp::Gt, false) => {
                    out.extend(moved(value, false))
                }
                (CmpOp::Co, true) => out.extend(text.map(|s| Value::String(format!("x {s} y")))),
                (CmpOp::Sw, true) => out.extend(text.map(|s| Value::String(format!("{s} 1")))),
                (CmpOp::Eq, false) | (CmpOp::Ne, true) => {
                    out.extend(moved(value, true));
                    if let FilterValue::Boolean(b) = value {
                        out.push(Value::Bool(!b));
                    }
                }
                _ => {}
            }
        }
        Condition::List { op, values, .. } => {
            if positive {
                match op {
                    ListOp::In => out.extend(values.iter().map(json)),
                    _ => out.push(Value::Array(values.iter().map(json).collect())),
                }
            }
        }
        Condition::Present { .. } => {
            if !positive {
                out.push(Value::Null);
            }
        }
        Condition::IsNull { .. } => {
            if positive {
                out.push(Value::Null);
            }
        }
    }
    out
}

/// The schema of the value at `path` under `item` (through objects, and into array items).
fn node_at<'a>(
    defs: &'a Map<String, Value>,
    item: &'a Value,
    path: &[String],
) -> Option<&'a Value> {
    let mut node = item;
    for name in path {
        let mut here = deref(defs, node);
        if let Some(items) = here.get("items") {
            here = deref(defs, items);
        }
        node = here.get("properties")?.get(name)?;
    }
    Some(node)
}

/// Whether a value fits the node well enough to plant: its enum, its type, a date-time format.
fn fits(defs: &Map<String, Value>, node: &Value, value: &Value) -> bool {
    let node = deref(defs, node);
    if let Some(values) = node.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        return false;
    }
    let allowed = types(node);
    match value {
        Value::Null => allowed.is_empty() || allowed.contains(&"null"),
        Value::Bool(_) => allowed.is_empty() || allowed.contains(&"boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            allowed.is_empty() || allowed.contains(&"integer") || allowed.contains(&"number")
        }
        Value::Number(_) => allowed.is_empty() || allowed.contains(&"number"),
        Value::String(s) => {
            (allowed.is_empty() || allowed.contains(&"string"))
                && (node.get("format").and_then(Value::as_str) != Some("date-time")
                    || s.parse::<jiff::Timestamp>().is_ok())
                && (node.get("format").and_then(Value::as_str) != Some("uuid") || is_uuid(s))
                && node.get("pattern").is_none()
                && node
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .is_none_or(|max| s.chars().count() as u64 <= max)
                && node
                    .get("minLength")
                    .and_then(Value::as_u64)
                    .is_none_or(|min| s.chars().count() as u64 >= min)
        }
        Value::Array(items) => {
            (allowed.is_empty() || allowed.contains(&"array"))
                && node
                    .get("items")
                    .is_none_or(|item| items.iter().all(|v| fits(defs, item, v)))
        }
        Value::Object(_) => allowed.is_empty() || allowed.contains(&"object"),
    }
}

/// Sets the value at `path` in `record`, making missing parents from their schemas.
fn put(
    record: &mut Value,
    path: &[String],
    value: Value,
    defs: &Map<String, Value>,
    item: &Value,
    g: &mut Generator<'_>,
) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = record;
    for (depth, name) in parents.iter().enumerate() {
        let Value::Object(object) = here else { return };
        let entry = object.entry(name.clone()).or_insert(Value::Null);
        if entry.is_null() {
            *entry = node_at(defs, item, &path[..=depth])
                .map(|node| g.value(node, "", 1))
                .filter(|v| !v.is_null())
                .unwrap_or_else(|| Value::Object(Map::new()));
        }
        if let Value::Array(elements) = entry {
            if elements.is_empty() {
                elements.push(Value::Object(Map::new()));
            }
            here = &mut elements[0];
        } else {
            here = entry;
        }
    }
    if let Value::Object(object) = here {
        object.insert(last.clone(), value);
    }
}
