//! `sample::records_for_schema`, `json_records_of` and `records_of`: records made from a
//! schema alone pass its record check, repeat for a seed, vary across seeds, keep `id` unique,
//! leave fields absent or null in some records, tie in every sortable field, and give every
//! field and operator a filter that matches some records and not all — over the role mining
//! sessions declaration, a declaration with every field type, and catalog operations.

use std::collections::BTreeSet;

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::catalog::Catalog;
use sailpoint_filters::endpoints::role_mining_sessions::RoleMiningSessions;
use sailpoint_filters::eval::compile;
use sailpoint_filters::sample::{self, SampleError};
use sailpoint_filters::{DateTime, FieldType, Op, Schema};
use serde::Deserialize;
use serde_json::Value;

const COUNT: usize = 20;

/// A record of the declaration below: every field may be missing.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gadget {
    id: String,
    name: Option<String>,
    enabled: Option<bool>,
    cores: Option<i64>,
    weight: Option<f64>,
    created: Option<DateTime>,
    tags: Option<Vec<String>>,
    extra: Option<Value>,
    owner: Option<Owner>,
    modified_date: Option<DateTime>,
}

/// The owner of a gadget.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    id: Option<String>,
    display_name: Option<String>,
}

pub mod gadgets {
    use super::Gadget;

    sailpoint_filters::endpoint! {
        /// `GET /gadgets`: a field of every type.
        pub struct Gadgets for Gadget as "gadgets";
        composites: [and, or, not];
        fields: {
            fn id("id"): string [eq, in, gt, sw] sort [] = |g| g.id.as_str();
            fn name("name"): string [eq, ne, gt, ge, lt, le, co, sw, in, pr, isnull] sort [] =
                |g| g.name.as_deref();
            fn enabled("enabled"): boolean [eq, ne, pr, isnull] = |g| g.enabled;
            fn cores("cores"): integer [eq, ne, gt, ge, lt, le, in, pr, isnull] sort [] =
                |g| g.cores;
            fn weight("weight"): number [eq, ne, gt, ge, lt, le, in, isnull] sort [] = |g| g.weight;
            fn created("created"): date_time [eq, ne, gt, ge, lt, le, in, pr, isnull] sort [] =
                |g| g.created;
            fn tags("tags"): string_collection [eq, ne, co, sw, in, ca, pr, isnull] =
                |g| g.tags.as_deref();
            fn extra("extra"): any [eq, ne, gt, lt, co, sw, in, ca, pr, isnull] sort [] =
                |g| g.extra.as_ref().and_then(|v| v.as_str());
            fn owner_name("owner.displayName"): string [eq, sw] = |g| g.owner.as_ref()
                .and_then(|o| o.display_name.as_deref());
            fn owner("owner"): string [] sort ["owner.displayName", "owner.id"] =
                |g| g.owner.as_ref().and_then(|o| o.display_name.as_deref());
            fn modified_date("modifiedDate"): date_time [] sort [] = |g| g.modified_date;
        }
    }
}

use gadgets::Gadgets;

/// The value at a dotted path.
fn read<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(record, |v, name| v.get(name))
}

/// A value as the filter language writes it.
fn literal(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(format!("\"{text}\"")),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        _ => None,
    }
}

/// The filters to try for `field` with `op`, one per value the records hold there.
fn candidates(field: &str, op: Op, values: &[Value]) -> Vec<String> {
    match op {
        Op::Pr => return vec![format!("pr {field}")],
        Op::IsNull => return vec![format!("{field} isnull")],
        _ => {}
    }
    let mut out = Vec::new();
    for value in values {
        let text = value.as_str().unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let filter = match op {
            Op::Sw if chars.len() >= 2 => {
                let prefix: String = chars[..chars.len().div_ceil(2)].iter().collect();
                format!("{field} sw \"{prefix}\"")
            }
            Op::Co if chars.len() >= 3 => {
                let infix: String = chars[1..chars.len() - 1].iter().collect();
                format!("{field} co \"{infix}\"")
            }
            Op::Sw | Op::Co => continue,
            Op::In | Op::Ca => match literal(value) {
                Some(lit) => format!("{field} {op} ({lit})"),
                None => continue,
            },
            _ => match literal(value) {
                Some(lit) => format!("{field} {op} {lit}"),
                None => continue,
            },
        };
        out.push(filter);
    }
    out
}

/// Whether another field or sort path of `schema` lies under `path` (`ownerIdentity.id` under
/// `ownerIdentity`): the generator makes `path` an object for it, with no value of its own.
fn is_outer(schema: &Schema, path: &str) -> bool {
    let under = |other: &str| other.len() > path.len() && other.starts_with(&format!("{path}."));
    schema.fields().iter().any(|f| under(f.reads().as_str()))
        || schema.sortable().iter().any(|s| {
            schema
                .sort_paths(s.as_str())
                .iter()
                .any(|p| under(p.as_str()))
        })
}

/// For every field of `schema` and every operator it allows: whether some filter comparing it
/// with a value from the records matches at least one record and not all. The problems found.
///
/// Two exceptions, as documented: `id` is never null or absent, so `pr id` matches every
/// record and `id isnull` none; a field with another under it holds only that other field.
fn every_operator_splits(schema: &Schema, records: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    for spec in schema.fields() {
        if is_outer(schema, spec.reads().as_str()) {
            let scalars = records
                .iter()
                .filter_map(|r| read(r, spec.reads().as_str()))
                .filter(|v| !v.is_object() && !v.is_null())
                .count();
            if scalars > 0 {
                problems.push(format!(
                    "{}: `{}` holds values and sub-fields",
                    schema.endpoint(),
                    spec.path()
                ));
            }
            continue;
        }
        let (field, reads) = if spec.is_wildcard() {
            (
                format!("{}.department", spec.path()),
                format!("{}.department", spec.reads()),
            )
        } else {
            (spec.path().to_string(), spec.reads().to_string())
        };
        // The values the records hold there (each element of a list).
        let mut values: Vec<Value> = Vec::new();
        for record in records {
            match read(record, &reads) {
                Some(Value::Array(items)) => values.extend(items.iter().cloned()),
                Some(Value::Null) | None => {}
                Some(value) => values.push(value.clone()),
            }
        }
        values.dedup();
        for op in spec.operators().iter() {
            if reads == "id" && matches!(op, Op::Pr | Op::IsNull) {
                continue;
            }
            let mut split = false;
            let mut seen = Vec::new();
            for text in candidates(&field, op, &values) {
                let filter = match schema.parse_filter(&text, &Default::default()) {
                    Ok(filter) => filter,
                    Err(err) => {
                        seen.push(format!("`{text}` refused: {err}"));
                        continue;
                    }
                };
                let matcher = compile::<Value>(&filter).expect("a checked filter compiles");
                let matching = records.iter().filter(|r| matcher.matches(r)).count();
                if matching > 0 && matching < records.len() {
                    split = true;
                    break;
                }
                seen.push(format!("`{text}` matches {matching}"));
            }
            if !split {
                seen.truncate(3);
                problems.push(format!(
                    "{}: `{field}` {op}: no value from the records matches some and not all ({})",
                    schema.endpoint(),
                    seen.join("; ")
                ));
            }
        }
    }
    problems
}

/// What every set of records must hold, whatever its schema; the problems found.
fn basic_properties(schema: &Schema, records: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    let name = schema.endpoint();
    for (index, record) in records.iter().enumerate() {
        if let Err(err) = schema.check_json_record(index, record) {
            problems.push(format!("{name}: {err}"));
        }
    }
    let ids: BTreeSet<String> = records.iter().map(|r| r["id"].to_string()).collect();
    if ids.len() != records.len() || records.iter().any(|r| r["id"].is_null()) {
        problems.push(format!("{name}: ids are missing or repeated"));
    }
    // Each field is absent or null somewhere, and there somewhere.
    for spec in schema.fields() {
        let path = spec.reads().as_str();
        if path == "id" {
            continue;
        }
        let held = records
            .iter()
            .filter(|r| read(r, path).is_some_and(|v| !v.is_null()))
            .count();
        if held == 0 || held == records.len() {
            problems.push(format!("{name}: `{path}` is held by {held} records"));
        }
        // Values vary: at least three of them (two for a boolean), or a list's elements.
        let held_at = if spec.is_wildcard() {
            format!("{path}.department")
        } else {
            path.to_owned()
        };
        let distinct: BTreeSet<String> = records
            .iter()
            .filter_map(|r| read(r, &held_at))
            .filter(|v| !v.is_null() && !v.is_object())
            .map(Value::to_string)
            .collect();
        let least = if spec.field_type() == FieldType::Boolean {
            2
        } else {
            3
        };
        if !is_outer(schema, path) && distinct.len() < least {
            problems.push(format!("{name}: `{path}` holds {distinct:?} only"));
        }
    }
    // Every sortable field ties: some value of its first sort path recurs.
    for sortable in schema.sortable() {
        let paths = schema.sort_paths(sortable.as_str());
        let Some(first) = paths.first() else {
            continue;
        };
        let values: Vec<String> = records
            .iter()
            .filter_map(|r| read(r, first.as_str()))
            .filter(|v| !v.is_null())
            .map(Value::to_string)
            .collect();
        let distinct: BTreeSet<&String> = values.iter().collect();
        if first.as_str() != "id" && distinct.len() == values.len() {
            problems.push(format!("{name}: sortable `{sortable}` has no ties"));
        }
    }
    problems
}

#[test]
fn role_mining_session_records_hold_the_declared_fields() {
    let schema = RoleMiningSessions::schema();
    for seed in [0, 1, 99] {
        let records =
            sample::json_records_of::<RoleMiningSessions>(COUNT, seed).expect("generated");
        assert_eq!(records.len(), COUNT);
        let mut problems = basic_properties(schema, &records);
        problems.extend(every_operator_splits(schema, &records));
        assert!(problems.is_empty(), "seed {seed}:\n{}", problems.join("\n"));
        assert_eq!(
            records,
            sample::json_records_of::<RoleMiningSessions>(COUNT, seed).expect("generated")
        );
        assert_ne!(
            records,
            sample::json_records_of::<RoleMiningSessions>(COUNT, seed + 1).expect("generated")
        );
        // The sort paths are there, `createdDate` (untyped in the schema) as a date-time.
        let dates: Vec<&str> = records
            .iter()
            .filter_map(|r| r["createdDate"].as_str())
            .collect();
        assert!(dates.len() >= COUNT / 2, "{dates:?}");
        for date in &dates {
            assert_eq!(date.len(), 24, "{date}");
            assert!(date.parse::<DateTime>().is_ok(), "{date}");
        }
        assert!(
            records
                .iter()
                .any(|r| r["createdBy"]["displayName"].is_string()
                    && r["createdBy"]["id"].is_string())
        );
    }
}

#[test]
fn the_library_s_session_type_needs_more_than_its_schema_declares() {
    // `RoleMiningSession` requires `scope`, `status`, `type` and counts that its declaration
    // does not make filterable or sortable: the records cannot hold them.
    let err = sample::records_of::<RoleMiningSessions>(COUNT, 5).unwrap_err();
    let SampleError::Deserialize {
        endpoint,
        index,
        message,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*endpoint, "role-mining-sessions");
    assert!(*index < COUNT);
    assert!(
        message.contains("missing field") || message.contains("invalid type"),
        "{message}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("record {index} made for `role-mining-sessions` does not deserialise into its record type: ")),
        "{err}"
    );
}

#[test]
fn a_declaration_with_every_field_type_gets_varied_records() {
    let schema = Gadgets::schema();
    let mut all_years = BTreeSet::new();
    for seed in [3, 4, 1234] {
        let records = sample::json_records_of::<Gadgets>(COUNT, seed).expect("generated");
        let mut problems = basic_properties(schema, &records);
        problems.extend(every_operator_splits(schema, &records));
        assert!(problems.is_empty(), "seed {seed}:\n{}", problems.join("\n"));
        assert_ne!(
            records,
            sample::json_records_of::<Gadgets>(COUNT, seed + 1).expect("generated")
        );
        // Absent and null both occur.
        assert!(records.iter().any(|r| r.get("name").is_none()));
        assert!(records.iter().any(|r| r.get("name") == Some(&Value::Null)));
        // Numbers: some negative, some with a fraction; integers whole.
        let weights: Vec<f64> = records
            .iter()
            .filter_map(|r| r["weight"].as_f64())
            .collect();
        assert!(weights.iter().any(|w| *w < 0.0), "{weights:?}");
        assert!(weights.iter().any(|w| w.fract() != 0.0), "{weights:?}");
        assert!(
            records
                .iter()
                .all(|r| r["cores"].is_null() || r["cores"].is_i64())
        );
        // Lists of 0–4 strings, elements shared between records.
        let lists: Vec<&Vec<Value>> = records
            .iter()
            .filter_map(|r| r["tags"].as_array())
            .collect();
        assert!(
            lists
                .iter()
                .all(|l| l.len() <= 4 && l.iter().all(Value::is_string))
        );
        assert!(lists.iter().any(|l| l.is_empty()) && lists.iter().any(|l| l.len() >= 2));
        let elements: Vec<&Value> = lists.iter().flat_map(|l| l.iter()).collect();
        let distinct: BTreeSet<String> = elements.iter().map(|v| v.to_string()).collect();
        assert!(
            distinct.len() < elements.len(),
            "no element is shared: {elements:?}"
        );
        // `any`: a mix of scalar kinds.
        let kinds: BTreeSet<&str> = records
            .iter()
            .filter_map(|r| match &r["extra"] {
                Value::String(_) => Some("string"),
                Value::Number(_) => Some("number"),
                Value::Bool(_) => Some("boolean"),
                _ => None,
            })
            .collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        for record in &records {
            for path in ["created", "modifiedDate"] {
                if let Some(text) = record[path].as_str() {
                    // SailPoint's form: milliseconds and `Z`.
                    assert!(text.len() == 24 && text.ends_with('Z'), "{text}");
                    all_years.insert(text[..4].to_owned());
                }
            }
        }
    }
    assert!(all_years.len() >= 6, "{all_years:?}");
    assert!(
        all_years
            .iter()
            .all(|y| ("2019".."2027").contains(&y.as_str())),
        "{all_years:?}"
    );
}

#[test]
fn records_of_a_declaration_deserialise_and_match_as_their_json() {
    let json = sample::json_records_of::<Gadgets>(COUNT, 8).expect("generated");
    let typed = sample::records_of::<Gadgets>(COUNT, 8).unwrap();
    assert_eq!(typed.len(), COUNT);
    for (record, json) in typed.iter().zip(&json) {
        assert_eq!(Some(record.id.as_str()), json["id"].as_str());
        assert_eq!(record.name.as_deref(), json["name"].as_str());
        assert_eq!(record.cores, json["cores"].as_i64());
        let owner = record.owner.as_ref().and_then(|o| o.id.as_deref());
        assert_eq!(owner, json["owner"]["id"].as_str());
    }
    // The same filters select the same records in both forms.
    let schema = Gadgets::schema();
    for text in [
        r#"created gt "2022-07-01T00:00:00Z""#,
        r#"name sw "a" or name sw "d""#,
        "cores ge 300 and enabled eq true",
        "tags isnull",
    ] {
        let filter = schema.parse_filter(text, &Default::default()).unwrap();
        let on_json: Vec<usize> = (0..COUNT)
            .filter(|&i| compile::<Value>(&filter).unwrap().matches(&json[i]))
            .collect();
        let on_typed: Vec<usize> = (0..COUNT)
            .filter(|&i| compile::<Gadget>(&filter).unwrap().matches(&typed[i]))
            .collect();
        assert_eq!(on_json, on_typed, "{text}");
    }
}

#[test]
fn schemas_made_in_code_or_read_from_json_get_records_too() {
    let schema = Schema::new("machines")
        .with_field("id", FieldType::Integer, [Op::Eq, Op::Gt])
        .with_field("name", FieldType::String, [Op::Eq, Op::Co])
        .with_field("owner.id", FieldType::String, [Op::Eq])
        .with_sort_by("owner", ["owner.id"]);
    let records = sample::records_for_schema(&schema, COUNT, 2).expect("generated");
    let mut problems = basic_properties(&schema, &records);
    problems.extend(every_operator_splits(&schema, &records));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ids: Vec<i64> = records.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(ids, (1000..1000 + COUNT as i64).collect::<Vec<_>>());

    let read: Schema = serde_json::from_str(
        r#"{"endpoint": "reports", "fields": [
            {"path": "attributes", "type": "any", "operators": ["eq", "sw"], "wildcard": true},
            {"path": "policyName", "type": "string", "operators": ["eq", "co"], "readFrom": "policy.name"}
        ], "sortable": ["attributes"]}"#,
    )
    .unwrap();
    let records = sample::records_for_schema(&read, COUNT, 2).expect("generated");
    let mut problems = basic_properties(&read, &records);
    problems.extend(every_operator_splits(&read, &records));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(records.iter().any(|r| r["policy"]["name"].is_string()));
    assert!(records.iter().all(|r| r.get("policyName").is_none()));
    assert!(
        records
            .iter()
            .any(|r| r["attributes"]["department"].is_string())
    );
}

#[test]
fn catalog_operations_schemas_get_records_too() {
    let mut tried = 0;
    let mut problems = Vec::new();
    for op in Catalog::new().iter() {
        let schema = op.schema();
        let records = sample::records_for_schema(schema, COUNT, 21).expect("generated");
        problems.extend(basic_properties(schema, &records));
        problems.extend(every_operator_splits(schema, &records));
        tried += 1;
    }
    assert!(tried >= 100, "{tried}");
    eprintln!("{tried} catalog operations' schemas");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
