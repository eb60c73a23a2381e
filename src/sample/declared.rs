//! Records made from a [`Schema`] alone: for `endpoint!` declarations, schemas built in code or
//! read from JSON or OpenAPI text, and catalog operations' schemas.
//!
//! Each record path the schema reads (a filterable field's [`FieldSpec::reads`], each path a
//! sortable field orders by, and a top-level `id`) is a *slot*. A slot's values come from a
//! pool of seven made from the seed and the path, dealt to the records in a cycle whose start
//! and step (prime to seven) also come from the seed and the path: seven records in a row draw
//! on every value of the pool, bar those that lack the field or hold `null` (so filters find
//! matches and misses), and twenty records hold ties.

use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::builder::Endpoint;
use crate::schema::{FieldType, Schema};

use super::SampleError;
use super::values::{hash, hex_id, mix};

/// Distinct values per slot (a prime, so that every step of the cycle visits all of them).
const POOL: u64 = 7;

/// Of every ten records in a row, one lacks the field and one holds `null` (never the `id`).
const CYCLE: u64 = 10;

/// The words of text values; the first letters differ, so that a prefix of one value is a
/// prefix of that value's word only.
const WORDS: [&str; 7] = [
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
];

/// The keys of a wildcard parent's object (`attributes.department`).
pub(super) const WILDCARD_KEYS: [&str; 3] = ["department", "location", "title"];

/// What a slot holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Typed(FieldType),
    /// A wildcard parent of type `any`: an object of [`WILDCARD_KEYS`].
    Wildcard,
}

/// One record path and how its values are made.
struct Slot {
    path: Vec<String>,
    kind: Kind,
    /// The top-level `id`: unique, always present.
    id: bool,
    salt: u64,
    step: u64,
}

/// `count` JSON records for any [`Schema`], deterministic for `seed`.
///
/// - Every filterable field's record path ([`FieldSpec::reads`](crate::FieldSpec::reads),
///   dotted paths as nested objects) and every path a sortable field orders by
///   ([`Schema::sort_paths`]) holds a value of the field's type: text such as `Delta-2` (a
///   32-hex id where the last name ends in `id`/`Id`), booleans, integers from 0 to 699,
///   numbers (some negative, some with a fraction), date-times in SailPoint's form
///   `2023-04-12T08:31:05.250Z` across 2019–2026, lists of 0–4 strings drawn from six per
///   field, and for an untyped (`any`) field a mix of text, integers, booleans and numbers. A
///   sort path that is no filterable field has no type in the schema: it holds date-times
///   when its name ends in `Date`, `date`, `Time`, `time` or `At` (`createdDate`,
///   `modifiedAt`), text otherwise.
/// - A wildcard parent ([`FieldSpec::wildcard`](crate::FieldSpec::wildcard)) of type `any`
///   holds an object with the keys `department`, `location` and `title` (text), which filters
///   name as `attributes.department`.
/// - Every record has a top-level `id`, unique across the records: 32 hex digits, or
///   `1000 + index` when the schema declares `id` an integer or a number. It is never absent or
///   null. (Fakes, sorters and pages key on it; SailPoint's records all have one.)
/// - Every other field is absent from one record in ten and `null` in another.
/// - Values come from pools of seven per field, so twenty records hold ties in every sortable
///   field and every value recurs; other seeds give other pools and orders.
/// - A path under another field's path (`owner.id` under `owner`) makes the outer one an
///   object: the outer field gets no value of its own.
///
/// Schemas list no allowed values for a field, so text is never taken from an enum: a field
/// whose values are constrained (a `status`) gets arbitrary text. Use [`records`](super::records)
/// for a catalog operation: its OpenAPI item schema knows enums, formats and the rest of the
/// record.
///
/// Every record passes [`Schema::check_json_record`], and for every field and operator the
/// schema allows, some value of the records (a prefix or infix of one, for `sw` and `co`)
/// makes a filter that matches some of twenty records and not all — except `pr id` and
/// `id isnull` (the `id` is always there), and a field with another under it (see above).
///
/// ```
/// use sailpoint_filters::{FieldType, Op, Schema, sample};
/// use sailpoint_filters::eval::compile;
///
/// let schema = Schema::new("machines")
///     .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
///     .with_field("owner.displayName", FieldType::String, [Op::Eq])
///     .with_field("created", FieldType::DateTime, [Op::Gt])
///     .with_sortable(["name", "created"]);
/// let records = sample::records_for_schema(&schema, 20, 7)?;
/// assert_eq!(records.len(), 20);
/// assert_eq!(records, sample::records_for_schema(&schema, 20, 7)?);
/// assert_ne!(records, sample::records_for_schema(&schema, 20, 8)?);
/// for (index, record) in records.iter().enumerate() {
///     schema.check_json_record(index, record)?;
///     assert_eq!(record["id"].as_str().map(str::len), Some(32));
/// }
/// // Nested paths are objects; some records lack a field, or hold null.
/// assert!(records.iter().any(|r| r["owner"]["displayName"].is_string()));
/// assert!(records.iter().any(|r| r.get("name").is_none()));
///
/// let filter = schema.parse_filter(r#"created gt "2022-06-01T00:00:00Z""#, &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&filter)?;
/// let matching = records.iter().filter(|r| matcher.matches(r)).count();
/// assert!(matching > 0 && matching < records.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// More than [`MAX_COUNT`](super::MAX_COUNT) records are refused ([`SampleError::TooMany`]).
pub fn records_for_schema(
    schema: &Schema,
    count: usize,
    seed: u64,
) -> Result<Vec<Value>, SampleError> {
    super::check_count(count)?;
    let slots = slots(schema, seed);
    Ok((0..count)
        .map(|index| {
            let mut record = Map::new();
            for slot in &slots {
                if let Some(value) = slot.value(index as u64, seed) {
                    put(&mut record, &slot.path, value);
                }
            }
            Value::Object(record)
        })
        .collect())
}

/// [`records_for_schema`] of a declaration's schema ([`Endpoint::schema`]).
///
/// ```
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// use sailpoint_filters::sample;
///
/// let records = sample::json_records_of::<RoleMiningSessions>(24, 1)?;
/// assert_eq!(records.len(), 24);
/// // `createdBy` sorts by the creator's display name, then id: both are there.
/// assert!(records.iter().any(|r| r["createdBy"]["displayName"].is_string()));
/// assert!(records.iter().all(|r| r["id"].is_string()));
/// # Ok::<(), sailpoint_filters::sample::SampleError>(())
/// ```
pub fn json_records_of<E: Endpoint>(count: usize, seed: u64) -> Result<Vec<Value>, SampleError> {
    records_for_schema(E::schema(), count, seed)
}

/// A declaration's records as its record type: [`json_records_of`], each deserialised.
///
/// The records hold only what the schema declares (filterable fields, sort paths and `id`),
/// and most fields are absent or `null` in some records: the record type must read those as
/// missing (`Option` fields, `#[serde(default)]`). A type that requires more, or a type that
/// refuses a value, gives [`SampleError::Deserialize`] with the endpoint, the record's index
/// and serde's message; add what it needs to [`json_records_of`]'s records, then deserialise
/// them yourself.
///
/// ```
/// use serde::Deserialize;
/// use sailpoint_filters::sample::{self, SampleError};
///
/// #[derive(Deserialize)]
/// pub struct Machine { id: String, name: Option<String>, cores: Option<i64> }
///
/// pub mod machines {
///     use super::Machine;
///     sailpoint_filters::endpoint! {
///         /// `GET /machines`
///         pub struct Machines for Machine as "machines";
///         composites: [and];
///         fields: {
///             fn id("id"): string [eq] = |m| m.id.as_str();
///             fn name("name"): string [eq, sw] sort [] = |m| m.name.as_deref();
///             fn cores("cores"): integer [gt, lt] = |m| m.cores;
///         }
///     }
/// }
///
/// #[derive(Debug, Deserialize)]
/// pub struct Strict { id: String, name: String }
///
/// pub mod strict {
///     use super::Strict;
///     sailpoint_filters::endpoint! {
///         /// `GET /strict`
///         pub struct StrictRecords for Strict as "strict";
///         composites: [];
///         fields: {
///             fn name("name"): string [eq] = |s| s.name.as_str();
///         }
///     }
/// }
///
/// fn main() -> Result<(), SampleError> {
///     let machines = sample::records_of::<machines::Machines>(20, 3)?;
///     assert_eq!(machines.len(), 20);
///     assert!(machines.iter().any(|m| m.cores.is_some()));
///     assert!(machines.iter().all(|m| m.id.len() == 32));
///
///     // `name` is absent from some records, which `Strict` does not accept.
///     let err = sample::records_of::<strict::StrictRecords>(20, 3).unwrap_err();
///     assert!(matches!(err, SampleError::Deserialize { endpoint: "strict", .. }));
///     assert!(err.to_string().contains("`name`"), "{err}");
///     Ok(())
/// }
/// ```
pub fn records_of<E>(count: usize, seed: u64) -> Result<Vec<E::Record>, SampleError>
where
    E: Endpoint,
    E::Record: DeserializeOwned,
{
    json_records_of::<E>(count, seed)?
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            serde_json::from_value(record).map_err(|err| SampleError::Deserialize {
                endpoint: E::NAME,
                index,
                message: err.to_string(),
            })
        })
        .collect()
}

/// The slots of a schema: its fields' record paths, its sort paths, and `id`; a path that is
/// under another leaves the outer one out.
fn slots(schema: &Schema, seed: u64) -> Vec<Slot> {
    let mut found: Vec<(Vec<String>, Kind)> = Vec::new();
    let mut add = |path: &str, kind: Kind| {
        let path: Vec<String> = path.split('.').map(str::to_owned).collect();
        if !found.iter().any(|(p, _)| *p == path) {
            found.push((path, kind));
        }
    };
    for spec in schema.fields() {
        let kind = if spec.is_wildcard() && spec.field_type() == FieldType::Any {
            Kind::Wildcard
        } else {
            Kind::Typed(spec.field_type())
        };
        add(spec.reads().as_str(), kind);
    }
    for sortable in schema.sortable() {
        for path in schema.sort_paths(sortable.as_str()).iter() {
            let kind = match schema.field(path.as_str()) {
                Some(spec) => Kind::Typed(spec.field_type()),
                None => Kind::Typed(guess(path.as_str())),
            };
            add(path.as_str(), kind);
        }
    }
    add("id", Kind::Typed(FieldType::String));
    let outer = |path: &[String]| {
        found
            .iter()
            .any(|(other, _)| other.len() > path.len() && other.starts_with(path))
    };
    found
        .iter()
        .filter(|(path, _)| !outer(path))
        .map(|(path, kind)| {
            let salt = mix(hash(&path.join(".")) ^ mix(seed));
            Slot {
                id: path.len() == 1 && path[0] == "id",
                path: path.clone(),
                kind: *kind,
                salt,
                step: 1 + salt % (POOL - 1),
            }
        })
        .collect()
}

/// The type of a sort path the schema does not type: date-times for names such as
/// `createdDate` or `modifiedAt`, text otherwise.
fn guess(path: &str) -> FieldType {
    let name = path.rsplit('.').next().unwrap_or(path);
    if ["Date", "date", "Time", "time", "At"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        FieldType::DateTime
    } else {
        FieldType::String
    }
}

/// Sets `value` at `path` of `record`, making the objects on the way.
fn put(record: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = record;
    for name in parents {
        let entry = here
            .entry(name.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        match entry {
            Value::Object(inner) => here = inner,
            _ => return,
        }
    }
    here.insert(last.clone(), value);
}

impl Slot {
    /// The value of record `index`: `None` for a record that lacks the field.
    fn value(&self, index: u64, seed: u64) -> Option<Value> {
        if self.id {
            return Some(self.unique(index, seed));
        }
        match (index + self.salt) % CYCLE {
            0 => return None,
            5 => return Some(Value::Null),
            _ => {}
        }
        let j = (self.salt / CYCLE + index * self.step) % POOL;
        Some(self.pooled(j))
    }

    /// Value `j` of the pool.
    fn pooled(&self, j: u64) -> Value {
        let k = mix(self.salt ^ j);
        match self.kind {
            Kind::Typed(FieldType::String) => Value::String(self.text(j, k)),
            Kind::Typed(FieldType::Boolean) => Value::Bool(j.is_multiple_of(2)),
            Kind::Typed(FieldType::Integer) => Value::from(j * 100 + k % 100),
            Kind::Typed(FieldType::Number) => number(j, k),
            Kind::Typed(FieldType::DateTime) => {
                Value::String(date_time((self.salt / POOL + j) % 8, k))
            }
            Kind::Typed(FieldType::StringCollection) => {
                let items: Vec<Value> = (0..(j + self.salt) % 5)
                    .map(|t| Value::String(item(self.salt, (j + t) % 6)))
                    .collect();
                Value::Array(items)
            }
            Kind::Typed(FieldType::Any) => match j {
                0..=2 => Value::String(word_text(self.salt, j, k)),
                3 | 4 => Value::from(j * 10 + k % 10),
                5 => Value::Bool(k.is_multiple_of(2)),
                _ => number(j, k),
            },
            Kind::Wildcard => Value::Object(
                WILDCARD_KEYS
                    .iter()
                    .map(|key| {
                        let salt = mix(self.salt ^ hash(key));
                        let j = (j + salt) % POOL;
                        ((*key).to_owned(), Value::String(word_text(salt, j, k)))
                    })
                    .collect(),
            ),
        }
    }

    /// Text for value `j`: a 32-hex id for names ending in `id`/`Id`, `Delta-2` otherwise.
    fn text(&self, j: u64, k: u64) -> String {
        let name = self.path.last().map_or("", String::as_str);
        if name == "id" || name.ends_with("Id") || name.ends_with("ID") {
            hex_id(mix(self.salt ^ j))
        } else {
            word_text(self.salt, j, k)
        }
    }

    /// The unique `id` of record `index`.
    fn unique(&self, index: u64, seed: u64) -> Value {
        match self.kind {
            Kind::Typed(FieldType::Integer | FieldType::Number) => Value::from(1000 + index),
            // An id of these types cannot be unique in every way; the values still vary.
            Kind::Typed(FieldType::Boolean) => Value::Bool(index.is_multiple_of(2)),
            Kind::Typed(FieldType::DateTime) => {
                Value::String(date_time(index % 8, mix(seed ^ index)))
            }
            Kind::Typed(FieldType::StringCollection) => {
                Value::Array(vec![Value::String(hex_id(mix(seed) ^ index))])
            }
            _ => Value::String(hex_id(mix(seed) ^ index)),
        }
    }
}

/// `Delta-2`: the word of value `j` (each `j` its own word), and a digit.
fn word_text(salt: u64, j: u64, k: u64) -> String {
    format!("{}-{}", WORDS[((salt + j) % POOL) as usize], k % 3)
}

/// One of the six strings of a collection: `charlie`, `echo`…
fn item(salt: u64, t: u64) -> String {
    WORDS[((salt + t) % POOL) as usize].to_lowercase()
}

/// A number for value `j`: from -37.5 upwards in steps of 12.5, plus quarters below 10.
fn number(j: u64, k: u64) -> Value {
    let value = (j as f64 - 3.0) * 12.5 + (k % 40) as f64 * 0.25;
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// A date-time in year `2019 + year` (0–7), in SailPoint's form `2023-04-12T08:31:05.250Z`.
fn date_time(year: u64, k: u64) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        2019 + year,
        1 + k % 12,
        1 + (k / 12) % 28,
        (k / 336) % 24,
        (k / 8064) % 60,
        (k / 483_840) % 60,
        (k / 29_030_400) % 1000,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_read_back_and_cover_the_years() {
        let years: std::collections::BTreeSet<String> = (0..8)
            .map(|y| date_time(y, mix(y))[..4].to_owned())
            .collect();
        assert_eq!(years.len(), 8);
        assert!(years.contains("2019") && years.contains("2026"));
        for k in 0..500 {
            let text = date_time(k % 8, mix(k));
            assert_eq!(text.len(), 24, "{text}");
            assert!(text.parse::<crate::DateTime>().is_ok(), "{text}");
        }
    }

    #[test]
    fn sort_paths_without_a_type_are_guessed_by_name() {
        assert_eq!(guess("createdDate"), FieldType::DateTime);
        assert_eq!(guess("meta.modifiedAt"), FieldType::DateTime);
        assert_eq!(guess("createdBy.displayName"), FieldType::String);
        assert_eq!(guess("format"), FieldType::String);
    }
}
