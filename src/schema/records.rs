//! JSON records checked against a schema's typed fields: [`Schema::read_json_records`] and
//! [`Schema::check_json_record`], with [`RecordError`] naming the record and the field.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, Deserializer as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{FieldType, Schema};
use crate::value::{DateTime, FieldRef};

/// Why JSON records do not fit a schema: which record (its index in the array), which field,
/// and what is wrong.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
///
/// let err = OPERATION.schema().read_json_records(r#"[{"id": "a"}, {"created": 1704067200}]"#).unwrap_err();
/// assert_eq!(err.index(), Some(1));
/// assert_eq!(err.field(), Some("created"));
/// assert_eq!(err.to_string(), "record 1: `created` holds an integer (1704067200), not a date-time");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct RecordError {
    index: Option<usize>,
    field: Option<String>,
    problem: String,
}

impl RecordError {
    /// The index of the record in the array, when the problem is in one.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The field as filters name it, when the problem is a field's value.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// What is wrong.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    ///
    /// let err = OPERATION.schema().check_json_record(0, &serde_json::json!({"hasEntitlements": "yes"})).unwrap_err();
    /// assert_eq!(err.problem(), r#"holds text ("yes"), not a boolean"#);
    /// ```
    pub fn problem(&self) -> &str {
        &self.problem
    }

    fn describe(&self) -> String {
        match (self.index, &self.field) {
            (Some(index), Some(field)) => format!("record {index}: `{field}` {}", self.problem),
            (Some(index), None) => format!("record {index}: {}", self.problem),
            (None, _) => self.problem.clone(),
        }
    }
}

impl Schema {
    /// Reads a JSON array of records and checks each with
    /// [`check_json_record`](Schema::check_json_record). The text is read strictly: a key
    /// given twice in one object is refused (a JSON reader would keep one of the two values
    /// silently), with the record's index and the line and column.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    ///
    /// let schema = OPERATION.schema();
    /// let records = schema.read_json_records(r#"[{"id": "a", "created": "2024-01-01T00:00:00Z"}]"#)?;
    /// assert_eq!(records.len(), 1);
    /// let err = schema.read_json_records(r#"[{"id": "a"}, {"id": "b", "id": "c"}]"#).unwrap_err();
    /// assert_eq!(err.to_string(), "record 1: the key `id` appears twice in one object at line 1 column 30");
    /// let err = schema.read_json_records(r#"{"id": "a"}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "not a JSON array of records: invalid type: map, expected a JSON array of records at line 1 column 0");
    /// # Ok::<(), sailpoint_filters::schema::RecordError>(())
    /// ```
    pub fn read_json_records(&self, json: &str) -> Result<Vec<Value>, RecordError> {
        let records = read_array(json)?;
        for (index, record) in records.iter().enumerate() {
            self.check_json_record(index, record)?;
        }
        Ok(records)
    }

    /// Checks one JSON record (number `index` of its array): it must be an object, and each
    /// typed field of the schema must hold a value of its type where the field is read, as the
    /// in-memory matcher compares it — a date-time as RFC 3339 text within SPEC §8's range,
    /// an integer as a whole number, a string collection as an array of strings, and so on.
    ///
    /// Where SailPoint's own responses are loose, so is the check: a field may be missing or
    /// null; an integer is a number; a whole number written `5.0` is an integer (JSON has one
    /// number type); a lone string is a string collection of one (as the matcher reads it,
    /// and as SailPoint's own examples write some lists); a field of unknown type
    /// ([`FieldType::Any`]) holds anything; a field under an array (`items.name` where `items` is a list) is not looked at; a field's
    /// listed values (an enum) are not enforced, as SailPoint adds values over time.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// use serde_json::json;
    ///
    /// let schema = OPERATION.schema();
    /// assert!(schema.check_json_record(0, &json!({"created": "2024-01-01T00:00:00Z", "name": null})).is_ok());
    /// let err = schema.check_json_record(3, &json!({"created": "2024-02-30T00:00:00Z"})).unwrap_err();
    /// assert_eq!(err.to_string(), "record 3: `created` holds text that is not a date-time (`2024-02-30T00:00:00Z`: day 30 is not a day of 2024-02, which has 29 days)");
    /// assert_eq!(schema.check_json_record(4, &json!(5)).unwrap_err().to_string(), "record 4: an integer (5), not a JSON object");
    /// ```
    pub fn check_json_record(&self, index: usize, record: &Value) -> Result<(), RecordError> {
        if !record.is_object() {
            return Err(RecordError {
                index: Some(index),
                field: None,
                problem: format!("{}, not a JSON object", kind(FieldRef::from_json(record))),
            });
        }
        for spec in self.fields() {
            let refuse = |problem: String| RecordError {
                index: Some(index),
                field: Some(spec.path().as_str().to_owned()),
                problem,
            };
            let reads = spec.reads().as_str();
            let read_from = if reads == spec.path().as_str() {
                String::new()
            } else {
                format!(" (read from `{reads}`)")
            };
            match at_path(record, reads) {
                Ok(Some(value)) => admits(spec.field_type(), FieldRef::from_json(value))
                    .map_err(|problem| refuse(format!("{problem}{read_from}")))?,
                Ok(None) => {}
                Err((parent, value)) => {
                    return Err(refuse(format!(
                        "cannot be read{read_from}: `{parent}` holds {}, not an object",
                        kind(FieldRef::from_json(value))
                    )));
                }
            }
        }
        Ok(())
    }
}

/// The value at a dotted path of a record; `None` when a segment is missing or null, or is a
/// list (not looked into); the parent path and its value when it is a scalar.
fn at_path<'r>(
    record: &'r Value,
    path: &'r str,
) -> Result<Option<&'r Value>, (&'r str, &'r Value)> {
    let mut value = record;
    let mut walked = 0;
    for segment in path.split('.') {
        match value {
            Value::Object(object) => match object.get(segment) {
                Some(inner) => value = inner,
                None => return Ok(None),
            },
            Value::Null | Value::Array(_) => return Ok(None),
            scalar => return Err((&path[..walked.max(1) - 1], scalar)),
        }
        walked += segment.len() + 1;
    }
    Ok(Some(value))
}

/// Whether a field of type `field_type` admits `value`, as the matcher reads it; what is wrong
/// otherwise ("holds …, not a date-time").
pub(crate) fn admits(field_type: FieldType, value: FieldRef<'_>) -> Result<(), String> {
    let fits = match (field_type, value) {
        (FieldType::Any, _) | (_, FieldRef::Null) => true,
        (FieldType::String, FieldRef::Str(_)) => true,
        (FieldType::Boolean, FieldRef::Bool(_)) => true,
        (FieldType::Number, FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_)) => true,
        (FieldType::Integer, FieldRef::Int(_) | FieldRef::UInt(_)) => true,
        (FieldType::Integer, FieldRef::Float(f)) => f.fract() == 0.0,
        (FieldType::DateTime, FieldRef::DateTime(_)) => true,
        (FieldType::DateTime, FieldRef::Str(text)) => {
            return text.parse::<DateTime>().map(drop).map_err(|err| {
                format!(
                    "holds text that is not a date-time (`{}`: {err})",
                    shortened(text)
                )
            });
        }
        // A lone string is a list of one, as the matcher reads it: SailPoint's own examples
        // write some lists so (`rights: HereIsRight1`).
        (FieldType::StringCollection, FieldRef::Strs(_) | FieldRef::Str(_)) => true,
        (FieldType::StringCollection, FieldRef::Json(items)) => {
            return match items.iter().position(|item| !item.is_string()) {
                None => Ok(()),
                Some(at) => Err(format!(
                    "holds a list whose element {at} is {}, not a string",
                    kind(FieldRef::from_json(&items[at]))
                )),
            };
        }
        _ => false,
    };
    if fits {
        return Ok(());
    }
    let wanted = match field_type {
        FieldType::String => "a string",
        FieldType::Boolean => "a boolean",
        FieldType::Integer => "an integer",
        FieldType::Number => "a number",
        FieldType::DateTime => "a date-time",
        FieldType::StringCollection => "a list of strings",
        FieldType::Any => "a value",
    };
    Err(format!("holds {}, not {wanted}", kind(value)))
}

/// What a value is, for messages: `an integer (5)`, `text ("abc")`, `a list`.
fn kind(value: FieldRef<'_>) -> String {
    match value {
        FieldRef::Null => "null".to_owned(),
        FieldRef::Str(text) => format!("text ({:?})", shortened(text)),
        FieldRef::Int(n) => format!("an integer ({n})"),
        FieldRef::UInt(n) => format!("an integer ({n})"),
        FieldRef::Float(f) if f.fract() == 0.0 => format!("a number ({f:?})"),
        FieldRef::Float(f) => format!("a number with a fraction ({f})"),
        FieldRef::Bool(b) => format!("a boolean ({b})"),
        FieldRef::DateTime(t) => format!("a date-time ({t})"),
        FieldRef::Strs(_) | FieldRef::Json(_) => "a list".to_owned(),
        _ => "an object".to_owned(),
    }
}

/// Text as a message shows it: at most 60 characters.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The JSON array of `json`, read with duplicate keys refused; the error names the record
/// being read when it is in one.
fn read_array(json: &str) -> Result<Vec<Value>, RecordError> {
    let in_record = Cell::new(None);
    let mut reader = serde_json::Deserializer::from_str(json);
    let records = reader
        .deserialize_seq(Records {
            in_record: &in_record,
        })
        .and_then(|records| reader.end().map(|()| records));
    records.map_err(|err| match in_record.get() {
        Some(index) => RecordError {
            index: Some(index),
            field: None,
            problem: err.to_string(),
        },
        None => RecordError {
            index: None,
            field: None,
            problem: format!("not a JSON array of records: {err}"),
        },
    })
}

/// The array of records; `in_record` says which one is being read.
struct Records<'a> {
    in_record: &'a Cell<Option<usize>>,
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut records = Vec::new();
        loop {
            self.in_record.set(Some(records.len()));
            match seq.next_element_seed(Strict)? {
                Some(record) => records.push(record),
                None => break,
            }
        }
        self.in_record.set(None);
        Ok(records)
    }
}

/// Any JSON value, with duplicate keys refused.
#[derive(Clone, Copy)]
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::from(f))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "the key `{}` appears twice in one object",
                    shortened(&key)
                )));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> Schema {
        Schema::new("t")
            .with_field("s", FieldType::String, [])
            .with_field("b", FieldType::Boolean, [])
            .with_field("i", FieldType::Integer, [])
            .with_field("n", FieldType::Number, [])
            .with_field("d", FieldType::DateTime, [])
            .with_field("c", FieldType::StringCollection, [])
            .with_field("a", FieldType::Any, [])
            .with_field("o.s", FieldType::String, [])
    }

    fn problem(record: Value) -> String {
        schema()
            .check_json_record(7, &record)
            .map_or_else(|err| err.to_string(), |()| "ok".to_owned())
    }

    #[test]
    fn each_type_admits_its_values_and_null() {
        let fitting = json!({
            "s": "x", "b": false, "i": 5, "n": 2.5, "d": "9999-12-31T23:59:59Z",
            "c": ["x", "y"], "a": {"any": [1]}, "o": {"s": "x"},
        });
        assert_eq!(problem(fitting), "ok");
        let nulls =
            json!({"s": null, "b": null, "i": null, "n": null, "d": null, "c": null, "o": null});
        assert_eq!(problem(nulls), "ok");
        for lenient in [
            json!({"i": 5.0}),
            json!({"n": 5}),
            json!({"n": 18446744073709551615u64}),
            json!({"o": [{"s": 1}]}),
            json!({"c": "x"}),
            json!({}),
        ] {
            assert_eq!(problem(lenient.clone()), "ok", "{lenient}");
        }
    }

    #[test]
    fn wrong_types_are_refused_naming_the_record_and_the_field() {
        let cases = [
            (
                json!({"s": 5}),
                "record 7: `s` holds an integer (5), not a string",
            ),
            (
                json!({"b": "true"}),
                "record 7: `b` holds text (\"true\"), not a boolean",
            ),
            (
                json!({"i": 1.5}),
                "record 7: `i` holds a number with a fraction (1.5), not an integer",
            ),
            (
                json!({"n": "1"}),
                "record 7: `n` holds text (\"1\"), not a number",
            ),
            (
                json!({"d": 1704067200}),
                "record 7: `d` holds an integer (1704067200), not a date-time",
            ),
            (
                json!({"d": "not a date"}),
                "record 7: `d` holds text that is not a date-time (`not a date`: expected the form 2018-12-18T23:05:55Z or 2023-02-05T10:59:27.214+02:00)",
            ),
            (
                json!({"c": {"x": 1}}),
                "record 7: `c` holds an object, not a list of strings",
            ),
            (
                json!({"c": ["x", 2]}),
                "record 7: `c` holds a list whose element 1 is an integer (2), not a string",
            ),
            (
                json!({"s": ["x"]}),
                "record 7: `s` holds a list, not a string",
            ),
            (
                json!({"s": {"x": 1}}),
                "record 7: `s` holds an object, not a string",
            ),
            (
                json!({"o": "x"}),
                "record 7: `o.s` cannot be read: `o` holds text (\"x\"), not an object",
            ),
            (json!([1]), "record 7: a list, not a JSON object"),
        ];
        for (record, message) in cases {
            assert_eq!(problem(record), message);
        }
    }

    #[test]
    fn the_array_is_read_strictly() {
        let read = |text: &str| schema().read_json_records(text).map_err(|e| e.to_string());
        assert_eq!(read("[]"), Ok(vec![]));
        assert_eq!(
            read(r#"[{"o": {"s": "x"}}, 5]"#).unwrap_err(),
            "record 1: an integer (5), not a JSON object"
        );
        assert_eq!(
            read(r#"[{}, {"o": {"s": "x", "s": "y"}}]"#).unwrap_err(),
            "record 1: the key `s` appears twice in one object at line 1 column 25"
        );
        assert_eq!(
            read(r#"[{}, {"a": ]"#).unwrap_err(),
            "record 1: expected value at line 1 column 12"
        );
        assert_eq!(
            read("[{}] x").unwrap_err(),
            "not a JSON array of records: trailing characters at line 1 column 6"
        );
        assert_eq!(
            read("5").unwrap_err(),
            "not a JSON array of records: invalid type: integer `5`, expected a JSON array of records at line 1 column 1"
        );
        // Deep nesting is refused, not a stack overflow.
        let deep = format!("[{}{}]", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            read(&deep)
                .unwrap_err()
                .contains("recursion limit exceeded")
        );
    }
}
