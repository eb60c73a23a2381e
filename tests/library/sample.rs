//! `sample::records` over every collection operation of the built-in APIs: the records load
//! as the operation's fake records, are the same for a seed, vary across seeds, and the
//! operation's published example filter matches some of them and not all.

use std::collections::{BTreeMap, BTreeSet};

use sailpoint_filters::FieldType;
use sailpoint_filters::catalog::{Catalog, Operation, ResponseShape};
use sailpoint_filters::eval::compile;
use sailpoint_filters::sample::{self, SampleError};
use serde_json::Value;

const COUNT: usize = 30;

/// Examples no valid record can match, by API and operation, with the reason.
const UNMATCHABLE: &[(&str, &str)] = &[
    ("services getTaskStatusListV1", TASK_TYPE),
    ("v2026 getTaskStatusList", TASK_TYPE),
];

const TASK_TYPE: &str = "`type eq \"CLOUD_ACCOUNT_AGGREGATION\"`: the response schema's enum of \
                         `type` is QUARTZ, QPOC, QUEUED_TASK";

fn read<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(record, |v, name| v.get(name))
}

fn name(op: &Operation) -> String {
    format!("{} {}", op.api(), op.operation_id())
}

fn unmatchable(op: &Operation) -> bool {
    UNMATCHABLE.iter().any(|(key, _)| *key == name(op))
}

#[test]
fn every_operation_gets_records_that_load_and_repeat_for_a_seed() {
    let mut covered = 0;
    let mut without_json = Vec::new();
    let mut problems = Vec::new();
    for op in Catalog::new().iter() {
        let records = match sample::records(op, COUNT, 11) {
            Ok(records) => records,
            Err(SampleError::NoSchema { .. }) => {
                assert_eq!(op.response(), ResponseShape::None, "{}", name(op));
                without_json.push(name(op));
                continue;
            }
            Err(err) => panic!("{}: {err}", name(op)),
        };
        covered += 1;
        assert_eq!(records.len(), COUNT);
        for (index, record) in records.iter().enumerate() {
            if let Err(err) = op.schema().check_json_record(index, record) {
                problems.push(format!("{}: {err}", name(op)));
            }
        }
        let ids: Vec<&str> = records.iter().filter_map(|r| r["id"].as_str()).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        if unique.len() != ids.len() {
            problems.push(format!("{}: repeated ids", name(op)));
        }
        assert_eq!(
            records,
            sample::records(op, COUNT, 11).unwrap(),
            "{}",
            name(op)
        );
        // Records of a free-form object without an example are all `{}`.
        if records
            .iter()
            .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
        {
            assert_ne!(
                records,
                sample::records(op, COUNT, 12).unwrap(),
                "{}",
                name(op)
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The per-service API alone (default features) has 146 operations, one a CSV download.
    assert!(covered >= 145, "{covered} operations covered");
    eprintln!("{covered} operations covered; no JSON response: {without_json:?}");
}

#[test]
fn the_published_example_matches_some_records_and_not_all() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for op in Catalog::new().iter() {
        let Some(example) = op.example() else {
            continue;
        };
        let Ok(records) = sample::records(op, COUNT, 3) else {
            continue;
        };
        let filter = op
            .schema()
            .parse_filter(example, &Default::default())
            .unwrap_or_else(|e| panic!("{}: the catalog's example `{example}`: {e}", name(op)));
        let matcher = compile::<Value>(&filter).unwrap();
        let matching = records.iter().filter(|r| matcher.matches(r)).count();
        tried += 1;
        if unmatchable(op) {
            assert_eq!(
                matching,
                0,
                "{}: matches now; take it off UNMATCHABLE",
                name(op)
            );
            continue;
        }
        if matching == 0 || matching == records.len() {
            failures.push(format!(
                "{}: `{example}` matches {matching} of {COUNT}",
                name(op)
            ));
        }
    }
    assert!(tried >= 100, "{tried} examples tried");
    assert!(
        failures.is_empty(),
        "{} of {tried}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn sortable_fields_have_ties_and_date_times_span_years() {
    let mut untied = Vec::new();
    let mut narrow = Vec::new();
    for op in Catalog::new().iter() {
        let Ok(records) = sample::records(op, COUNT, 5) else {
            continue;
        };
        for field in op.fields() {
            let path = field.read_from().unwrap_or(field.path());
            let values: Vec<String> = records
                .iter()
                .filter_map(|r| read(r, path))
                .filter(|v| !v.is_null() && !v.is_object() && !v.is_array())
                .map(Value::to_string)
                .collect();
            if values.len() < 2 {
                continue;
            }
            let distinct: BTreeSet<&String> = values.iter().collect();
            if field.is_sortable() && path != "id" && distinct.len() == values.len() {
                untied.push(format!("{} {path}", name(op)));
            }
            if field.field_type() == FieldType::DateTime && values.len() >= 10 {
                let years: BTreeSet<&str> = values.iter().map(|v| &v[1..5]).collect();
                if years.len() < 3 {
                    narrow.push(format!("{} {path}: {years:?}", name(op)));
                }
            }
        }
    }
    assert!(
        untied.is_empty(),
        "sortable fields without ties:\n{}",
        untied.join("\n")
    );
    assert!(
        narrow.is_empty(),
        "date-times within two years:\n{}",
        narrow.join("\n")
    );
}

#[test]
fn nullable_properties_are_sometimes_null() {
    // Over all operations' records, the nulls counted per API: the schemas mark hundreds of
    // properties nullable, so every API's records hold some.
    let mut nulls: BTreeMap<String, usize> = BTreeMap::new();
    fn count(value: &Value) -> usize {
        match value {
            Value::Null => 1,
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    for op in Catalog::new().iter() {
        if let Ok(records) = sample::records(op, COUNT, 9) {
            *nulls.entry(op.api().to_string()).or_default() +=
                records.iter().map(count).sum::<usize>();
        }
    }
    assert!(!nulls.is_empty());
    for (api, n) in &nulls {
        assert!(*n >= 50, "{api}: {n} nulls");
    }
}

#[test]
fn the_response_files_cover_exactly_the_catalog() {
    // catalog/responses/<api>.json and catalog/<api>.json come from the same `extract` run: an
    // operation in one and not the other means one of them is stale.
    for api in Catalog::new().apis() {
        let text = std::fs::read_to_string(format!(
            "{}/catalog/responses/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            api.name()
        ))
        .unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        let entries = file["operations"].as_object().unwrap();
        assert_eq!(entries.len(), Catalog::new().operations(api).len(), "{api}");
        for op in Catalog::new().operations(api) {
            // The shape the generated catalog holds is the one the response file gives.
            let entry = entries.get(op.operation_id());
            let shape = entry.and_then(|e| e["response"].as_str());
            assert_eq!(
                shape,
                Some(op.response().name()),
                "{}: rerun extract",
                name(op)
            );
        }
    }
}
