//! A small record type with one field of every type, for the evaluation tests: its schema, a
//! typed form declared with `endpoint!` (so typed string collections are read as `&[String]`),
//! and the conversion from JSON records to the typed form.
//!
//! A module of `tests/common/`; the `eval_differential` fuzz target includes it by its path,
//! `#[path = "../../tests/common/eval_fixture.rs"]`.

#![allow(dead_code)] // each test crate uses a different part

use sailpoint_filters::{DateTime, FieldPath, FieldSpec, FieldType, Op, OperatorSet, Schema};
use serde_json::Value;

/// Every operator but `ca`: what the scalar string fields of [`schema`] allow.
pub const SCALAR_STRING_OPS: [Op; 11] = [
    Op::Eq,
    Op::Ne,
    Op::Gt,
    Op::Ge,
    Op::Lt,
    Op::Le,
    Op::Co,
    Op::Sw,
    Op::In,
    Op::Pr,
    Op::IsNull,
];

/// The fields of the test records:
///
/// | field | type | operators |
/// | --- | --- | --- |
/// | `name` | string | all but `ca` |
/// | `code` | string, **case-sensitive** | all but `ca` |
/// | `saved` | boolean | `eq ne in pr isnull` |
/// | `count` | integer | `eq ne gt ge lt le in pr isnull` |
/// | `score` | number | `eq ne gt ge lt le in pr isnull` |
/// | `created` | date-time | `eq ne gt ge lt le in pr isnull` |
/// | `tags` | string collection | all twelve |
/// | `owner.name` | string | `eq ne co sw in pr isnull` |
pub fn schema() -> Schema {
    use Op::*;
    let ordered = [Eq, Ne, Gt, Ge, Lt, Le, In, Pr, IsNull];
    Schema::new("docs")
        .with_field("name", FieldType::String, SCALAR_STRING_OPS)
        .with_field_spec(
            FieldSpec::new(
                FieldPath::from_static("code"),
                FieldType::String,
                OperatorSet::of(&SCALAR_STRING_OPS),
            )
            .expect("the operators apply to strings")
            .case_sensitive(),
        )
        .with_field("saved", FieldType::Boolean, [Eq, Ne, In, Pr, IsNull])
        .with_field("count", FieldType::Integer, ordered)
        .with_field("score", FieldType::Number, ordered)
        .with_field("created", FieldType::DateTime, ordered)
        .with_field("tags", FieldType::StringCollection, OperatorSet::ALL.iter())
        .with_field(
            "owner.name",
            FieldType::String,
            [Eq, Ne, Co, Sw, In, Pr, IsNull],
        )
}

/// The typed form of a test record. `None` is null (or missing in JSON).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub name: Option<String>,
    pub code: Option<String>,
    pub saved: Option<bool>,
    pub count: Option<i64>,
    pub score: Option<f64>,
    pub created: Option<DateTime>,
    pub tags: Option<Vec<String>>,
    pub owner_name: Option<String>,
}

pub mod docs {
    use super::Doc;

    sailpoint_filters::endpoint! {
        /// The test endpoint. Its own schema is not case-sensitive anywhere; the tests compile
        /// against [`super::schema`].
        pub struct Docs for Doc as "docs";
        composites: [and, or, not];
        fields: {
            fn name("name"): string [eq, ne, gt, ge, lt, le, co, sw, in, pr, isnull] = |d| d.name.as_deref();
            fn code("code"): string [eq, ne, gt, ge, lt, le, co, sw, in, pr, isnull] = |d| d.code.as_deref();
            fn saved("saved"): boolean [eq, ne, in, pr, isnull] = |d| d.saved;
            fn count("count"): integer [eq, ne, gt, ge, lt, le, in, pr, isnull] = |d| d.count;
            fn score("score"): number [eq, ne, gt, ge, lt, le, in, pr, isnull] = |d| d.score;
            fn created("created"): date_time [eq, ne, gt, ge, lt, le, in, pr, isnull] = |d| d.created;
            fn tags("tags"): string_collection [eq, ne, gt, ge, lt, le, co, sw, in, ca, pr, isnull] = |d| d.tags.as_ref();
            fn owner_name("owner.name"): string [eq, ne, co, sw, in, pr, isnull] = |d| d.owner_name.as_deref();
        }
    }
}

/// The typed form of a JSON test record, or `None` when a field holds a value its Rust type
/// cannot (text in `count`, say), or a JSON number that `i64`/`f64` would change.
pub fn doc_from_json(record: &Value) -> Option<Doc> {
    fn slot<T>(value: Option<&Value>, read: impl Fn(&Value) -> Option<T>) -> Option<Option<T>> {
        match value {
            None | Some(Value::Null) => Some(None),
            Some(v) => read(v).map(Some),
        }
    }
    let get = |key: &str| record.get(key);
    let owner_name = match get("owner") {
        None | Some(Value::Null) => None,
        Some(owner @ Value::Object(_)) => {
            slot(owner.get("name"), |v| v.as_str().map(String::from))?
        }
        Some(_) => return None,
    };
    Some(Doc {
        name: slot(get("name"), |v| v.as_str().map(String::from))?,
        code: slot(get("code"), |v| v.as_str().map(String::from))?,
        saved: slot(get("saved"), Value::as_bool)?,
        count: slot(get("count"), |v| v.as_i64().filter(|_| v.is_i64()))?,
        // An integer that `f64` cannot hold exactly would compare differently once typed.
        score: slot(get("score"), |v| match v.as_i64() {
            Some(i) => ((i as f64) as i64 == i && i.unsigned_abs() < (1 << 53)).then_some(i as f64),
            // An integer beyond `i64` is not an `f64` either, in general.
            None => v.as_f64().filter(|_| v.is_f64()),
        })?,
        created: slot(get("created"), |v| v.as_str()?.parse().ok())?,
        tags: slot(get("tags"), |v| {
            v.as_array()?
                .iter()
                .map(|t| t.as_str().map(String::from))
                .collect()
        })?,
        owner_name,
    })
}
