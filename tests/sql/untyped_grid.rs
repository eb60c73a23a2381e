//! Fields of unknown type (SPEC §10, last rule) on a fixed grid, on SQLite and on a real
//! PostgreSQL server: records holding a value of every JSON kind — strings (ones that read as
//! date-times, numbers and booleans among them), integers, floats, booleans, null, a missing
//! field, arrays of mixed kinds, objects — in untyped fields of every shape (case-insensitive,
//! case-sensitive, read from another path, a sub-field of a wildcard parent), filtered with
//! every operator and values of every kind, sorted by each field both ways, paged and
//! counted. Every page and count must be the in-memory one. The cases the property tests of
//! `untyped` recorded are replayed here too.

use sailpoint_filters::catalog::custom_forms::export_form_definitions_by_tenant_v1::OPERATION as FORMS;
use sailpoint_filters::sql::Store;
use sailpoint_filters::{
    CollectionQuery, FieldPath, FieldSpec, FieldType, OperatorSet, QueryOptions, Schema,
};
use serde_json::{Value as Json, json};

use crate::common::sql_fixture;

/// Untyped fields of every shape, all operators, all sortable.
fn schema() -> Schema {
    let path = |p: &str| FieldPath::new(p.to_owned()).expect("a path");
    let any =
        |p: &str| FieldSpec::new(path(p), FieldType::Any, OperatorSet::ALL).expect("ops apply");
    Schema::new("untyped_grid")
        .with_field_spec(any("value"))
        .with_field_spec(any("exact").case_sensitive())
        .with_field_spec(any("alias").read_from(path("meta.alias")))
        .with_field_spec(any("attributes").wildcard())
        .with_sortable(["value", "exact", "attributes"])
        .with_sort_by("alias", ["meta.alias"])
}

/// The stored values, one record each (and one record without the fields).
fn stored() -> Vec<Json> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(2),
        json!(-1),
        json!(2.5),
        json!(5.0),
        json!(-0.0),
        json!(9_007_199_254_740_993_i64),
        json!(9_007_199_254_740_992.0_f64),
        json!(i64::MIN),
        json!(1e300),
        json!(""),
        json!("a"),
        json!("A"),
        json!("ab"),
        json!("Ü"),
        json!("ß"),
        json!("SS"),
        json!("a%"),
        json!("a_b"),
        json!("5"),
        json!("2.5"),
        json!("true"),
        json!("TRUE"),
        json!("2024-01-01T00:00:00Z"),
        json!("2024-01-01T01:00:00+01:00"),
        json!("2024-01-01T00:00:00.000000001Z"),
        json!("2024-01-01"),
        json!("2024-01-01T00:00:00"),
        json!("9999-12-31T23:59:59Z"),
        json!([]),
        json!(["a", 2, true, null, {"x": 1}, ["A"]]),
        json!(["2024-01-01T00:00:00Z", "b", 2.5]),
        json!([[5]]),
        json!({}),
        json!({"a": 1}),
    ]
}

/// A record per stored value, in each untyped field; the first has none of the fields.
fn records() -> Vec<Json> {
    let mut records = vec![json!({"id": "missing"})];
    for (i, value) in stored().into_iter().enumerate() {
        records.push(json!({
            "id": format!("r{i}"),
            "value": value,
            "exact": value,
            "meta": {"alias": value},
            "attributes": {"a": value, "b": {"c": value}},
        }));
    }
    records
}

/// Filter values of every kind, as filters write them.
const VALUES: &[&str] = &[
    "\"a\"",
    "\"A\"",
    "\"ü\"",
    "\"ss\"",
    "\"\"",
    "\"a%\"",
    "\"a_\"",
    "\"5\"",
    "\"2.5\"",
    "\"true\"",
    "\"TRUE\"",
    "true",
    "false",
    "0",
    "2",
    "2.0",
    "5",
    "2.5",
    "-1",
    "9007199254740993",
    "9007199254740992.0",
    "\"2024-01-01T00:00:00Z\"",
    "\"2024-01-01\"",
    "\"2024\"",
    "2024-01-01T00:00:00Z",
    "2024-01-01T01:00:00+01:00",
    "2023-12-31T23:59:59.999999999Z",
    "9999-12-31T23:59:59Z",
];

/// Lists for `in` and `ca`: values of one kind and of mixed kinds.
const LISTS: &[&str] = &[
    "(\"a\")",
    "(\"a\", 2)",
    "(2, true)",
    "(\"A\", \"b\")",
    "(2.5, \"2024-01-01T00:00:00Z\")",
    "(2024-01-01T00:00:00Z, \"b\")",
    "(5, \"ü\", false)",
];

/// Every condition on `field`: each comparison with each value, `in` and `ca` with each
/// list, `pr`, `isnull`, and negations.
fn conditions(field: &str) -> Vec<String> {
    let mut conditions = Vec::new();
    for op in ["eq", "ne", "gt", "ge", "lt", "le", "co", "sw"] {
        for value in VALUES {
            conditions.push(format!("{field} {op} {value}"));
        }
    }
    for op in ["in", "ca"] {
        for list in LISTS {
            conditions.push(format!("{field} {op} {list}"));
            conditions.push(format!("not {field} {op} {list}"));
        }
    }
    conditions.push(format!("pr {field}"));
    conditions.push(format!("{field} isnull"));
    conditions.push(format!("not {field} isnull"));
    conditions
}

/// How many queries [`same_pages`] ran, and how many the check refused (never run).
#[derive(Default, Debug)]
struct Ran {
    queries: usize,
    refused: usize,
}

/// Each query (pairs of parameters) over `records` gives the in-memory page and count on
/// both engines; a query the check refuses is counted and skipped.
fn same_pages(schema: &Schema, records: &[Json], queries: &[Vec<(&str, String)>]) -> Ran {
    let stores: [Store; 2] = [
        sql_fixture::sqlite_store(schema),
        sql_fixture::postgres_store(schema, "untyped_grid"),
    ];
    let mut ran = Ran::default();
    for (engine, mut store) in stores.into_iter().enumerate() {
        store.load(records).expect("loads");
        for pairs in queries {
            let query = match CollectionQuery::from_params_for(
                pairs.iter().map(|(k, v)| (*k, v.as_str())),
                schema,
                &QueryOptions::default(),
            ) {
                Ok(query) => query,
                Err(e) => {
                    eprintln!("refused: {pairs:?}: {e}");
                    ran.refused += usize::from(engine == 0);
                    continue;
                }
            };
            let expected = query.run(records).expect("runs in memory");
            let got = store
                .run::<Json>(&query)
                .unwrap_or_else(|e| panic!("{pairs:?} on {}: {e}", store.dialect()));
            let ids = |items: &mut dyn Iterator<Item = &Json>| -> Vec<String> {
                items
                    .map(|r| r["id"].as_str().unwrap_or("?").to_owned())
                    .collect()
            };
            assert_eq!(
                (ids(&mut got.items.iter()), got.total),
                (ids(&mut expected.items.iter().copied()), expected.total),
                "{pairs:?} on {}",
                store.dialect()
            );
            ran.queries += 1;
        }
    }
    ran
}

fn filters(text: &str) -> Vec<(&'static str, String)> {
    vec![("filters", text.to_owned()), ("count", "true".into())]
}

#[test]
fn every_operator_on_every_kind() {
    let schema = schema();
    let mut queries = Vec::new();
    for field in ["value", "exact", "alias", "attributes.a", "attributes.b.c"] {
        queries.extend(conditions(field).iter().map(|c| filters(c)));
    }
    let ran = same_pages(&schema, &records(), &queries);
    // Each engine ran every query the check accepts; most are accepted.
    assert_eq!(ran.queries, 2 * (queries.len() - ran.refused), "{ran:?}");
    assert!(ran.refused * 10 < queries.len(), "{ran:?}");
    eprintln!("{} queries of every operator, {ran:?}", queries.len());
}

#[test]
fn sorted_and_paged_by_every_kind() {
    let schema = schema();
    let mut queries = Vec::new();
    for key in [
        "value",
        "exact",
        "alias",
        "attributes",
        "attributes.a",
        "attributes.b.c",
    ] {
        let second = if key == "value" { "exact" } else { "value" };
        for sorters in [
            key.to_owned(),
            format!("-{key}"),
            format!("{key},-{second}"),
        ] {
            for (offset, limit) in [(0, 250), (3, 7), (35, 10)] {
                queries.push(vec![
                    ("sorters", sorters.clone()),
                    ("offset", offset.to_string()),
                    ("limit", limit.to_string()),
                    ("count", "true".into()),
                ]);
            }
            queries.push(vec![
                (
                    "filters",
                    "value gt 0 or value sw \"a\" or value isnull".into(),
                ),
                ("sorters", sorters.clone()),
            ]);
        }
    }
    let ran = same_pages(&schema, &records(), &queries);
    assert_eq!((ran.queries, ran.refused), (2 * queries.len(), 0));
}

/// The cases the property tests of `untyped` recorded (tests/proptest-regressions/
/// untyped.txt): `sw` with a string that reads as a date-time, on a stored string that reads
/// as one too — false in memory (such a pair compares by instant, and `sw` orders nothing) —
/// beside other conditions, sorted by untyped keys.
#[test]
fn recorded_cases() {
    let forms = FORMS.schema();
    let records = vec![
        json!({"id": "r0", "name": "2024-01-01T00:00:00.000000001Z",
               "object": {"created": {"a": true}, "modified": "ΟΔΟΣ"}}),
        json!({"id": "r1", "name": true,
               "object": {"created": null, "description": "2024-01-01t00:00:00z",
                          "modified": "2024-01-01T00:00:00"}}),
    ];
    let ran = same_pages(
        forms,
        &records,
        &[
            filters("name sw \"2024-01-01T00:00:00.000000001Z\" or name eq \"\""),
            filters("name sw \"2024-01-01T00:00:00\""),
            filters("name eq \"2024-01-01T00:00:00.000000001Z\""),
        ],
    );
    assert_eq!((ran.queries, ran.refused), (6, 0));

    let schema = schema();
    let records = vec![
        json!({"id": "r0", "meta": {"alias": null}, "value": true}),
        json!({"id": "r1", "attributes": {"b": []}, "exact": "9999-12-31T23:59:59Z",
               "meta": {"alias": -1}}),
        json!({"id": "r2", "attributes": {"a": [], "displayName": ""},
               "exact": i64::MIN, "meta": {"alias": ["it's"]}}),
        json!({"id": "r3", "attributes": {"a": {"c": "a_b"}, "displayName": "Ü"},
               "exact": null, "meta": {"alias": []}}),
    ];
    let ran = same_pages(
        &schema,
        &records,
        &[vec![
            (
                "filters",
                "not (not (exact sw \"9999-12-31T23:59:59Z\"))".into(),
            ),
            ("sorters", "-alias,attributes.a,exact".into()),
            ("limit", "5".into()),
            ("count", "true".into()),
        ]],
    );
    assert_eq!((ran.queries, ran.refused), (2, 0));
}

/// Each value of a wildcard parent's sub-field is stored with its whole path, so a record
/// whose sub-fields' paths would take more than 1 MiB (a deep chain of long keys, many
/// members at its end) is refused, naming the record and the parent, instead of being
/// multiplied many times over; one just under is stored and found.
#[test]
fn sub_field_paths_are_bounded() {
    let schema = schema();
    // A chain of 50 keys of 100 letters (paths of up to 5 KB, about 130 KB in all), `n`
    // members at its end (5 KB each).
    let nested = |n: usize| {
        let mut value = Json::Object((0..n).map(|i| (format!("m{i}"), json!(i))).collect());
        for depth in 0..50 {
            value = json!({ format!("k{depth:03}{}", "x".repeat(96)): value });
        }
        json!({"id": "deep", "attributes": value})
    };
    let mut store = sql_fixture::sqlite_store(&schema);
    let err = store
        .load(&[json!({"id": "flat"}), nested(200)])
        .expect_err("over 1 MiB of paths");
    assert_eq!(
        err.to_string(),
        "record 1: `attributes` holds sub-fields whose paths take more than 1048576 bytes, more \
         than the table of untyped values keeps for one record"
    );
    // Nothing of the refused load was kept; a record under the bound loads and is found.
    assert_eq!(store.len().expect("counts"), 0);
    let records = [nested(150)];
    store.load(&records).expect("under 1 MiB of paths");
    let path: String = (0..50)
        .rev()
        .map(|depth| format!("k{depth:03}{}", "x".repeat(96)))
        .collect::<Vec<_>>()
        .join(".");
    let query = CollectionQuery::from_params_for(
        [("filters", format!("attributes.{path}.m149 eq 149").as_str())],
        &schema,
        &QueryOptions::default(),
    )
    .expect("checks");
    assert_eq!(store.run::<Json>(&query).expect("runs").total, 1);
    assert_eq!(query.run(&records).expect("runs").total, 1);
}
