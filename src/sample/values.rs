//! Values made from a JSON Schema node, deterministically from a seed.

use serde_json::{Map, Number, Value};

/// Components refer to each other (a node's `children`, a role's `owner`); deeper than this
/// only required properties are made, and past twice this nothing optional at all.
const DEEP: usize = 4;

/// Hard bound on nesting: past it an object is empty, an array has no elements.
const MAX_DEPTH: usize = 12;

/// Distinct values per field: small, so sortable fields have ties in a few dozen records.
const POOL: u64 = 7;

/// FNV-1a: a stable hash of a name (the seed of its values).
pub(super) fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64 of `x`.
pub(super) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The type names a node allows (`type` as a string or a list).
pub(super) fn types(node: &Value) -> Vec<&str> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The node, or the component its `$ref` names.
pub(super) fn deref<'a>(defs: &'a Map<String, Value>, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| defs.get(name))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// Makes the values of one record.
pub(super) struct Generator<'a> {
    defs: &'a Map<String, Value>,
    state: u64,
    base: u64,
    index: usize,
}

const WORDS: [&str; 7] = [
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
];

impl<'a> Generator<'a> {
    pub(super) fn new(defs: &'a Map<String, Value>, base: u64, index: usize) -> Generator<'a> {
        Generator {
            defs,
            state: mix(base ^ mix(index as u64)),
            base,
            index,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = mix(self.state);
        self.state
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A pool index for the field `path`: the same few values recur across records.
    fn pick(&mut self, path: &str) -> u64 {
        mix(hash(path) ^ self.base ^ (self.next() % POOL)) % 1_000_000
    }

    /// A value for `node` at `path` (the dotted property path from the record; empty for the
    /// record itself).
    pub(super) fn value(&mut self, node: &Value, path: &str, depth: usize) -> Value {
        let node = deref(self.defs, node);
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let allowed = types(node);
        let nullable = allowed.contains(&"null")
            || variants(node).any(|v| types(v) == ["null"] && v.get("properties").is_none());
        if nullable && !path.is_empty() && path != "id" && self.chance(10) {
            return Value::Null;
        }
        if path == "id" && allowed.contains(&"integer") {
            // An integer id, unique too.
            return Value::from(1000 + self.index as u64);
        }
        if path == "id" && (allowed.is_empty() || allowed.contains(&"string")) {
            // The record's own id: unique in the records (fakes refuse repeated ids).
            return Value::String(self.string(node, path));
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            let choices: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !choices.is_empty() {
                let at = (self.pick(path) as usize) % choices.len();
                return choices[at].clone();
            }
        }
        if let Some(example) = node.get("example").filter(|e| fits(node, e)) {
            // Examples of arrays and objects with a schema of their own are not taken: the
            // spec's examples break their own item schemas (a non-UUID in a `uuid` field).
            let always = node.get("pattern").is_some() || (allowed.is_empty() && !has_shape(node));
            let scalar = !example.is_array() && !example.is_object();
            if always || ((scalar || !has_shape(node)) && self.chance(30)) {
                return example.clone();
            }
        }
        let chosen = variants(node)
            .map(|v| deref(self.defs, v))
            .find(|v| v.get("properties").is_some())
            .or_else(|| variants(node).find(|v| types(v) != ["null"]));
        if let Some(variant) = chosen {
            // A variant with properties (the catalog types its sub-fields), else the first
            // that is not `null`.
            let variant = deref(self.defs, variant);
            if node.get("properties").is_none() {
                let mut value = self.value(variant, path, depth + 1);
                // `oneOf` wants exactly one variant to hold: a scalar that another variant also
                // takes (an integer 1 under `integer | number in [0, 1]`) is made again.
                if let Some(others) = node.get("oneOf").and_then(Value::as_array) {
                    for _ in 0..8 {
                        let held = others
                            .iter()
                            .filter(|o| scalar_fits(deref(self.defs, o), &value))
                            .count();
                        if held <= 1 || value.is_object() || value.is_array() {
                            break;
                        }
                        value = self.value(variant, path, depth + 1);
                    }
                }
                if let (Some(others), Value::Object(object)) =
                    (node.get("oneOf").and_then(Value::as_array), &mut value)
                {
                    self.single_variant(variant, others, object);
                }
                return value;
            }
        }
        let kind = allowed.iter().copied().find(|t| *t != "null").unwrap_or(
            if node.get("properties").is_some() || node.get("additionalProperties").is_some() {
                "object"
            } else if node.get("items").is_some() {
                "array"
            } else {
                "string"
            },
        );
        match kind {
            "object" => self.object(node, path, depth),
            "array" => self.array(node, path, depth),
            "integer" => self.integer(node, path),
            "number" => self.number(node, path),
            "boolean" => Value::Bool(self.chance(50)),
            _ => Value::String(self.string(node, path)),
        }
    }

    fn object(&mut self, node: &Value, path: &str, depth: usize) -> Value {
        let mut out = Map::new();
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            return match node.get("example") {
                Some(example @ Value::Object(_)) => self.vary(example, path),
                _ => Value::Object(out),
            };
        };
        for (name, schema) in properties {
            // The record's `id` is always there: fakes, sorters and pages key on it.
            let is_required =
                required.contains(&name.as_str()) || (path.is_empty() && name == "id");
            let wanted = if depth >= 2 * DEEP {
                false
            } else if depth >= DEEP {
                self.chance(20)
            } else {
                self.chance(88)
            };
            if !(is_required || wanted) {
                continue;
            }
            let child = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let value = self.value(schema, &child, depth + 1);
            out.insert(name.clone(), value);
        }
        for name in required {
            out.entry(name.to_owned()).or_insert(Value::Null);
        }
        Value::Object(out)
    }

    /// Under `oneOf`, an object should hold for its own variant only: a property that another
    /// variant requires and this one does not is left out, so that the other does not hold too.
    fn single_variant(&self, chosen: &Value, variants: &[Value], object: &mut Map<String, Value>) {
        let required = |node: &Value| -> Vec<String> {
            node.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let own = required(chosen);
        for other in variants {
            let other = deref(self.defs, other);
            if std::ptr::eq(other, chosen) {
                continue;
            }
            if let Some(name) = required(other).into_iter().find(|n| !own.contains(n)) {
                object.remove(&name);
            }
        }
    }

    /// An example of a free-form object, its date-times replaced by generated ones (so that
    /// they spread over years like the others).
    fn vary(&mut self, example: &Value, path: &str) -> Value {
        match example {
            Value::String(s) if s.len() >= 20 && s.parse::<jiff::Timestamp>().is_ok() => {
                Value::String(date_time(self.pick(path)))
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.vary(v, &format!("{path}.{k}"))))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn array(&mut self, node: &Value, path: &str, depth: usize) -> Value {
        let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = node
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(3)
            .max(min);
        let wanted = if depth >= DEEP { 0 } else { self.next() % 3 };
        let n = wanted.clamp(min, max).min(min.max(3));
        let Some(items) = node.get("items") else {
            return Value::Array(Vec::new());
        };
        let unique = node.get("uniqueItems") == Some(&Value::Bool(true));
        let mut out: Vec<Value> = Vec::new();
        for _ in 0..n * 3 {
            if out.len() as u64 >= n {
                break;
            }
            let value = self.value(items, path, depth + 1);
            if unique && out.contains(&value) {
                continue;
            }
            out.push(value);
        }
        Value::Array(out)
    }

    fn bounds(node: &Value, low: f64, high: f64) -> (f64, f64) {
        let min = node.get("minimum").and_then(Value::as_f64).unwrap_or(low);
        let max = node.get("maximum").and_then(Value::as_f64).unwrap_or(high);
        if max < min { (min, min) } else { (min, max) }
    }

    fn integer(&mut self, node: &Value, path: &str) -> Value {
        let (min, max) = Self::bounds(node, 0.0, 100.0);
        let (min, max) = (min.ceil() as i64, max.floor() as i64);
        let span = (max.saturating_sub(min)).clamp(0, 1000) as u64 + 1;
        Value::Number(Number::from(
            min.saturating_add((self.pick(path) % span) as i64),
        ))
    }

    fn number(&mut self, node: &Value, path: &str) -> Value {
        let (min, max) = Self::bounds(node, 0.0, 100.0);
        let step = (self.pick(path) % 1000) as f64 / 1000.0;
        let value = ((min + (max.min(min + 1000.0) - min) * step) * 4.0).round() / 4.0;
        Number::from_f64(value.clamp(min, max)).map_or(Value::Null, Value::Number)
    }

    fn string(&mut self, node: &Value, path: &str) -> String {
        let format = node.get("format").and_then(Value::as_str).unwrap_or("");
        let name = path.rsplit('.').next().unwrap_or(path);
        let k = self.pick(path);
        let text = match format.to_ascii_lowercase().as_str() {
            "date-time" | "datetime" => date_time(k),
            "date" => date_time(k)[..10].to_owned(),
            "uuid" if path == "id" => uuid(mix(self.base ^ self.index as u64)),
            "uuid" => uuid(k),
            "email" => format!("{}.{}@example.com", word(k).to_lowercase(), k % 5),
            "uri" | "url" => format!("https://example.com/{name}/{}", k % 5),
            _ if path == "id" => hex_id(mix(self.base ^ self.index as u64)),
            _ if name == "id" || name.ends_with("Id") || name.ends_with("ID") => hex_id(k % POOL),
            _ if name.contains("mail") => {
                format!("{}.{}@example.com", word(k).to_lowercase(), k % 5)
            }
            _ => format!("{}-{}", word(k), k % 3),
        };
        let min = node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = node
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let mut text = text;
        while text.chars().count() < min {
            text.push('x');
        }
        if let Some(max) = max
            && text.chars().count() > max
        {
            text = text.chars().take(max).collect();
        }
        text
    }
}

fn variants(node: &Value) -> impl Iterator<Item = &Value> {
    ["oneOf", "anyOf"]
        .into_iter()
        .filter_map(|key| node.get(key).and_then(Value::as_array))
        .flatten()
}

/// Whether a scalar value fits a scalar schema: its type (an integer is a number too), enum
/// and bounds.
fn scalar_fits(node: &Value, value: &Value) -> bool {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return values.contains(value);
    }
    let allowed = types(node);
    let number = value.as_f64();
    let integral = number.is_some_and(|n| n.fract() == 0.0);
    let type_ok = allowed.is_empty()
        || match value {
            Value::Null => allowed.contains(&"null"),
            Value::Bool(_) => allowed.contains(&"boolean"),
            Value::String(_) => allowed.contains(&"string"),
            Value::Number(_) => {
                allowed.contains(&"number") || (integral && allowed.contains(&"integer"))
            }
            _ => false,
        };
    let min = node.get("minimum").and_then(Value::as_f64);
    let max = node.get("maximum").and_then(Value::as_f64);
    type_ok && number.is_none_or(|n| min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m))
}

/// Whether a string has the form `8-4-4-4-12` of hex digits.
pub(super) fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn has_shape(node: &Value) -> bool {
    node.get("properties").is_some()
        || node.get("items").is_some()
        || node.get("oneOf").is_some()
        || node.get("anyOf").is_some()
}

/// Whether an example has a type the node allows.
fn fits(node: &Value, example: &Value) -> bool {
    let allowed = types(node);
    if allowed.is_empty() {
        return true;
    }
    let kind = match example {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let format = node.get("format").and_then(Value::as_str).unwrap_or("");
    if kind == "string" && format == "uuid" {
        return example.as_str().is_some_and(is_uuid);
    }
    if kind == "string" && node.get("format").and_then(Value::as_str) == Some("date-time") {
        return example
            .as_str()
            .is_some_and(|s| s.parse::<jiff::Timestamp>().is_ok());
    }
    allowed.contains(&kind) || (kind == "integer" && allowed.contains(&"number"))
}

fn word(k: u64) -> &'static str {
    WORDS[(k % WORDS.len() as u64) as usize]
}

/// A date-time in SailPoint's form, in 2019–2026: `2023-04-12T08:31:05.250Z`.
fn date_time(k: u64) -> String {
    let year = 2019 + k % 8;
    let month = 1 + (k / 8) % 12;
    let day = 1 + (k / 96) % 28;
    let hour = (k / 7) % 24;
    let minute = (k / 3) % 60;
    let second = (k / 11) % 60;
    let millis = (k * 37) % 1000;
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// A SailPoint-style id: 32 lowercase hex digits.
pub(super) fn hex_id(k: u64) -> String {
    format!("{:016x}{:016x}", mix(k), mix(k ^ 0x5a5a))
}

fn uuid(k: u64) -> String {
    let a = mix(k);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_rfc_3339_and_span_years() {
        let years: std::collections::BTreeSet<String> =
            (0..40).map(|k| date_time(k)[..4].to_owned()).collect();
        assert_eq!(years.len(), 8);
        for k in 0..200 {
            let text = date_time(k * 7919);
            assert!(text.parse::<jiff::Timestamp>().is_ok(), "{text}");
        }
    }

    #[test]
    fn ids_have_their_forms() {
        assert_eq!(hex_id(3).len(), 32);
        let u = uuid(9);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
