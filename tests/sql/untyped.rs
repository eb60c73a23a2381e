//! Differential tests of fields of unknown type (SPEC §10, last rule): catalog operations
//! whose fields are untyped (`any`), over JSON records whose untyped fields hold every kind of
//! JSON value, give exactly the in-memory page — the same records in the same order, and the
//! same count — on SQLite and on a real PostgreSQL server.
//!
//! * `untyped_fields_on_both_engines`: a schema with an untyped field of every shape — every
//!   operator, case-insensitive and case-sensitive, nested, read from another path, and a
//!   wildcard parent whose sub-fields filters name — beside typed ones, every field sortable.
//! * `catalog_operations_on_both_engines`: catalog operations with untyped fields
//!   (`listAccountsV1`; `getIdentityOutliersV1`, whose `attributes` is a sortable wildcard
//!   parent; `exportFormDefinitionsByTenantV1`, whose untyped fields take `gt` and `sw` and
//!   are read from other paths), with their own schemas.
//!
//! Records draw untyped values from pools that collide: strings that read as date-times (at
//! other offsets, with nanoseconds) and as numbers or booleans, non-ASCII case pairs, `%` and
//! `_`, integers beside the floats nearest them, booleans, nulls, missing fields, arrays of
//! mixed kinds (with nulls, objects and nested arrays), objects. Filter values are strings,
//! integers, floats, booleans and date-times from the same pools, with every operator each
//! field allows; sorters take any sortable key (sub-fields of a sortable wildcard parent
//! too); pages are small. Cases per property: `SPFILTER_SQL_CASES` (default 400).

use std::collections::HashMap;
use std::sync::Mutex;

use proptest::prelude::*;
use proptest::sample::select;
use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION as ACCOUNTS;
use sailpoint_filters::catalog::custom_forms::export_form_definitions_by_tenant_v1::OPERATION as FORMS;
use sailpoint_filters::catalog::iai_outliers::get_identity_outliers_v1::OPERATION as OUTLIERS;
use sailpoint_filters::sql::Store;
use sailpoint_filters::{
    CmpOp, CollectionQuery, FieldPath, FieldSpec, FieldType, Filter, ListOp, Op, OperatorSet,
    Paging, Schema, SortKey, Sorters, Value,
};
use serde_json::{Value as Json, json};

use crate::common::sql_fixture;
use crate::differential::same_pages;

fn cases() -> u32 {
    std::env::var("SPFILTER_SQL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400)
}

/// Untyped fields of every shape beside typed ones, every field sortable.
pub fn synthetic_schema() -> Schema {
    let path = |p: &str| FieldPath::new(p.to_owned()).expect("a path");
    let any = |p: &str, ops: OperatorSet| {
        FieldSpec::new(path(p), FieldType::Any, ops).expect("ops apply")
    };
    Schema::new("untyped")
        .with_field_spec(any("value", OperatorSet::ALL))
        .with_field_spec(any("exact", OperatorSet::ALL).case_sensitive())
        .with_field_spec(any(
            "source.kind",
            OperatorSet::of(&[Op::Eq, Op::Ne, Op::In, Op::Pr, Op::IsNull]),
        ))
        .with_field_spec(
            any(
                "alias",
                OperatorSet::of(&[Op::Eq, Op::Sw, Op::Gt, Op::Le, Op::In]),
            )
            .read_from(path("meta.alias")),
        )
        .with_field_spec(any("attributes", OperatorSet::ALL).wildcard())
        .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
        .with_field("count", FieldType::Integer, [Op::Eq, Op::Gt])
        .with_sortable(["value", "exact", "source.kind", "attributes", "name"])
        .with_sort_by("alias", ["meta.alias"])
}

// =============================================================================================
// Pools and records
// =============================================================================================

/// Strings that collide with each other and with the other kinds' readings.
const TEXTS: &[&str] = &[
    "",
    "a",
    "A",
    "ab",
    "aB",
    "a%",
    "_",
    "a_b",
    "\\",
    "it's",
    "ü",
    "Ü",
    "über",
    "ÜBER",
    "ß",
    "SS",
    "ΟΔΟΣ",
    "οδος",
    "ς",
    "İ",
    "i",
    "\u{212A}",
    "k",
    "é",
    "É",
    "🦀",
    "5",
    "05",
    "5.0",
    "-1",
    "2.5",
    "true",
    "false",
    "TRUE",
    "null",
    "2024-01-01T00:00:00Z",
    "2024-01-01T01:00:00+01:00",
    "2024-01-01T00:00:00.000000001Z",
    "2023-12-31T23:59:59.999999999-00:30",
    "2024-01-01",
    "2024-01-01T00:00:00",
    "9999-12-31T23:59:59Z",
    "2024-01-01t00:00:00z",
];

const INTEGERS: &[i64] = &[-1, 0, 2, 5, 9_007_199_254_740_993, i64::MAX, i64::MIN];

const FLOATS: &[f64] = &[
    -0.0,
    2.0,
    2.5,
    5.0,
    9_007_199_254_740_992.0,
    9_223_372_036_854_775_808.0,
    1e300,
];

/// Instants as filters write them (canonical) and as pooled text reads them.
const TIMES: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00.000000001Z",
    "2023-12-31T23:59:59Z",
    "2024-01-01T00:30:00Z",
    "9999-12-31T23:59:59Z",
];

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(TEXTS).prop_map(String::from),
        1 => "[aAbB%_ßsSΣσς5 ]{0,3}",
    ]
    .boxed()
}

/// A JSON scalar of any kind (null too).
fn scalar() -> BoxedStrategy<Json> {
    prop_oneof![
        6 => text().prop_map(Json::from),
        2 => select(INTEGERS).prop_map(Json::from),
        2 => select(FLOATS).prop_map(Json::from),
        1 => any::<bool>().prop_map(Json::from),
        1 => Just(Json::Null),
    ]
    .boxed()
}

/// Any JSON value: scalars, arrays of mixed kinds (nulls, objects and nested arrays among
/// their elements), objects.
fn any_json() -> BoxedStrategy<Json> {
    let element = prop_oneof![
        8 => scalar(),
        1 => Just(json!({"a": 1})),
        1 => prop::collection::vec(scalar(), 0..3).prop_map(Json::Array),
    ];
    prop_oneof![
        8 => scalar(),
        3 => prop::collection::vec(element, 0..4).prop_map(Json::Array),
        1 => scalar().prop_map(|v| json!({ "a": v })),
    ]
    .boxed()
}

/// The members of a wildcard parent: keys filters name (and some they cannot), values of any
/// kind, nested objects.
fn members() -> BoxedStrategy<Json> {
    let key = select(vec![
        "a",
        "a",
        "displayName",
        "displayName",
        "b",
        "b",
        "odd-key",
        "x.y",
    ]);
    let value = prop_oneof![
        3 => any_json(),
        2 => any_json().prop_map(|v| json!({ "c": v })),
    ];
    prop_oneof![
        8 => prop::collection::btree_map(key, value, 1..5)
            .prop_map(|m| Json::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        1 => any_json(),
    ]
    .boxed()
}

/// A value of a field of `field_type`, as records of the endpoint hold it.
fn typed_json(field_type: FieldType) -> BoxedStrategy<Json> {
    match field_type {
        FieldType::String => text().prop_map(Json::from).boxed(),
        FieldType::Boolean => any::<bool>().prop_map(Json::from).boxed(),
        FieldType::Integer => select(INTEGERS).prop_map(Json::from).boxed(),
        FieldType::Number => prop_oneof![
            select(INTEGERS).prop_map(Json::from),
            select(FLOATS).prop_map(Json::from)
        ]
        .boxed(),
        FieldType::DateTime => select(TEXTS)
            .prop_filter("a date-time", |t| {
                t.parse::<sailpoint_filters::DateTime>().is_ok()
            })
            .prop_map(Json::from)
            .boxed(),
        FieldType::StringCollection => prop::collection::vec(text().prop_map(Json::from), 0..3)
            .prop_map(Json::Array)
            .boxed(),
        _ => any_json(),
    }
}

/// `value` at the dotted `path` of `record`, making objects on the way (a path through a
/// value that is not an object is left as it is).
fn set_path(record: &mut Json, path: &str, value: Json) {
    let mut at = record;
    let segments: Vec<&str> = path.split('.').collect();
    for segment in &segments[..segments.len() - 1] {
        let Some(object) = at.as_object_mut() else {
            return;
        };
        at = object
            .entry(segment.to_owned())
            .or_insert_with(|| json!({}));
    }
    if let Some(object) = at.as_object_mut() {
        object.insert(segments[segments.len() - 1].to_owned(), value);
    }
}

/// Records of `schema`: each field it filters or sorts by (at the record path it is read
/// from) present with a value of its type, null, or missing; deeper paths first, so that a
/// field's own value is not replaced by an object made for a path under it.
pub fn records(schema: &Schema) -> BoxedStrategy<Vec<Json>> {
    let mut slots: Vec<(String, BoxedStrategy<Json>)> = Vec::new();
    for spec in schema.fields() {
        let value = if spec.is_wildcard() {
            members()
        } else {
            typed_json(spec.field_type())
        };
        slots.push((spec.reads().to_string(), value));
    }
    for key in schema.sortable() {
        for path in schema.sort_paths(key.as_str()).iter() {
            if !slots.iter().any(|(p, _)| p == path.as_str()) {
                slots.push((path.to_string(), text().prop_map(Json::from).boxed()));
            }
        }
    }
    slots.sort_by_key(|(path, _)| std::cmp::Reverse(path.matches('.').count()));
    let (paths, values): (Vec<String>, Vec<BoxedStrategy<Json>>) = slots.into_iter().unzip();
    let values: Vec<BoxedStrategy<Option<Json>>> = values
        .into_iter()
        .map(|v| {
            prop_oneof![6 => v.prop_map(Some), 1 => Just(Some(Json::Null)), 2 => Just(None)].boxed()
        })
        .collect();
    prop::collection::vec(values, 0..12)
        .prop_map(move |records| {
            records
                .into_iter()
                .enumerate()
                .map(|(i, values)| {
                    let mut record = json!({ "id": format!("r{i}") });
                    for (path, value) in paths.iter().zip(values) {
                        if let Some(value) = value {
                            set_path(&mut record, path, value);
                        }
                    }
                    record
                })
                .collect()
        })
        .boxed()
}

// =============================================================================================
// Filters and queries
// =============================================================================================

/// The scalars the records hold at `path` (an array's elements too), as filter values.
fn values_at(records: &[Json], path: &str) -> Vec<Value> {
    let mut found = Vec::new();
    let mut pending: Vec<&Json> = records
        .iter()
        .filter_map(|r| path.split('.').try_fold(r, |at, segment| at.get(segment)))
        .collect();
    while let Some(value) = pending.pop() {
        match value {
            Json::String(s) => found.push(Value::String(s.clone())),
            Json::Bool(b) => found.push(Value::Boolean(*b)),
            Json::Number(n) => found.extend(match n.as_i64() {
                Some(i) => Some(Value::Integer(i)),
                None => n.as_f64().and_then(Value::float),
            }),
            Json::Array(items) => pending.extend(items),
            Json::Object(_) | Json::Null => {}
        }
    }
    found
}

/// A filter value for a field of `field_type`: for an untyped field, any kind, often one the
/// records hold in the field (`seen`).
fn value_for(field_type: FieldType, seen: &[Value]) -> BoxedStrategy<Value> {
    let time = || select(TIMES).prop_map(|t| Value::DateTime(t.parse().expect("a date-time")));
    match field_type {
        FieldType::Any if !seen.is_empty() => prop_oneof![
            2 => value_for(field_type, &[]),
            1 => select(seen.to_vec()),
        ]
        .boxed(),
        FieldType::Any => prop_oneof![
            6 => text().prop_map(Value::String),
            2 => select(INTEGERS).prop_map(Value::Integer),
            2 => select(FLOATS).prop_filter_map("finite", Value::float),
            1 => any::<bool>().prop_map(Value::Boolean),
            2 => time(),
            1 => Just(Value::String("a\u{0}b".into())),
        ]
        .boxed(),
        FieldType::Boolean => any::<bool>().prop_map(Value::Boolean).boxed(),
        FieldType::Integer => select(INTEGERS).prop_map(Value::Integer).boxed(),
        FieldType::Number => prop_oneof![
            select(INTEGERS).prop_map(Value::Integer),
            select(FLOATS).prop_filter_map("finite", Value::float),
        ]
        .boxed(),
        FieldType::DateTime => time().boxed(),
        _ => text().prop_map(Value::String).boxed(),
    }
}

/// A field filters may name: its path, type and operators, and the record path it is read
/// from.
type FilterField = (FieldPath, FieldType, OperatorSet, String);

/// The fields filters may name: each field of the schema, and for a wildcard parent some of
/// its sub-fields (untyped, with the parent's operators).
fn filter_fields(schema: &Schema) -> Vec<FilterField> {
    let mut fields = Vec::new();
    for spec in schema.fields() {
        let reads = spec.reads().to_string();
        fields.push((
            spec.path().clone(),
            spec.field_type(),
            spec.operators(),
            reads,
        ));
        if spec.is_wildcard() {
            for rest in ["a", "displayName", "b.c", "missing"] {
                let sub = FieldPath::new(format!("{}.{rest}", spec.path())).expect("a path");
                let reads = format!("{}.{rest}", spec.reads());
                fields.push((sub, FieldType::Any, spec.operators(), reads));
            }
        }
    }
    fields.retain(|(_, _, ops, _)| !ops.is_empty());
    fields
}

/// A condition on one field, with one of the operators it allows.
fn condition(schema: &Schema, records: &[Json]) -> BoxedStrategy<Filter> {
    let conditions: Vec<BoxedStrategy<Filter>> = filter_fields(schema)
        .into_iter()
        .flat_map(|(field, field_type, ops, reads)| {
            let seen = values_at(records, &reads);
            ops.iter().map(move |op| {
                let field = field.clone();
                let values = value_for(field_type, &seen);
                match op {
                    Op::Pr => Just(Filter::present(field)).boxed(),
                    Op::IsNull => Just(Filter::is_null(field)).boxed(),
                    Op::In | Op::Ca => {
                        let list = if op == Op::In { ListOp::In } else { ListOp::Ca };
                        prop::collection::vec(values, 1..4)
                            .prop_map(move |vs| {
                                Filter::list(field.clone(), list, vs).expect("a value")
                            })
                            .boxed()
                    }
                    op => {
                        let cmp = CmpOp::try_from(op).expect("a comparison");
                        values
                            .prop_map(move |v| Filter::compare(field.clone(), cmp, v))
                            .boxed()
                    }
                }
            })
        })
        .collect();
    proptest::strategy::Union::new(conditions).boxed()
}

fn filter(schema: &Schema, records: &[Json]) -> BoxedStrategy<Filter> {
    condition(schema, records)
        .prop_recursive(3, 8, 3, |inner| {
            prop_oneof![
                2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).expect("two")),
                2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).expect("two")),
                1 => inner.prop_map(Filter::not),
            ]
        })
        .boxed()
}

/// Sorters over the schema's sortable keys and the sub-fields of sortable wildcard parents.
fn sorters(schema: &Schema) -> BoxedStrategy<Sorters> {
    let mut keys: Vec<FieldPath> = schema.sortable().to_vec();
    for spec in schema.fields().iter().filter(|s| s.is_wildcard()) {
        if schema.is_sortable(spec.path().as_str()) {
            for rest in ["a", "displayName", "b.c"] {
                keys.push(FieldPath::new(format!("{}.{rest}", spec.path())).expect("a path"));
            }
        }
    }
    let n = keys.len();
    (
        Just(keys).prop_shuffle(),
        0..=n.min(3),
        prop::collection::vec(any::<bool>(), n),
    )
        .prop_map(|(keys, take, descending)| {
            Sorters::new(
                keys.into_iter()
                    .take(take)
                    .zip(descending)
                    .map(|(k, d)| SortKey::new(k, d)),
            )
        })
        .boxed()
}

fn queries(schema: &Schema, records: &[Json]) -> BoxedStrategy<Vec<CollectionQuery>> {
    let filter = prop_oneof![1 => Just(None), 6 => filter(schema, records).prop_map(Some)];
    let paging = (0u32..5, prop_oneof![Just(250u32), 0u32..6], any::<bool>())
        .prop_map(|(o, l, c)| Paging::new(o, l, c).expect("in range"));
    prop::collection::vec(
        (filter, sorters(schema), paging).prop_map(|(f, s, p)| CollectionQuery::new(f, s, p)),
        1..5,
    )
    .boxed()
}

// =============================================================================================
// The properties
// =============================================================================================

/// The stores of each schema (by endpoint), made once and kept (in a static, never dropped: a
/// PostgreSQL client cannot close once the runtime is gone).
static STORES: Mutex<Option<HashMap<String, (Store, Store)>>> = Mutex::new(None);

fn check(
    schema: &Schema,
    records: &[Json],
    queries: &[CollectionQuery],
) -> Result<(), TestCaseError> {
    let mut guard = STORES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let stores = guard.get_or_insert_with(HashMap::new);
    let (sqlite, postgres) = stores
        .entry(schema.endpoint().to_owned())
        .or_insert_with(|| {
            (
                sql_fixture::sqlite_store(schema),
                sql_fixture::postgres_store(schema, "diff_untyped"),
            )
        });
    same_pages(sqlite, schema, records, queries)?;
    same_pages(postgres, schema, records, queries)
}

/// A schema and a case of it: records, and queries whose values are often the records'.
fn case(schema: Schema) -> impl Strategy<Value = (Schema, Vec<Json>, Vec<CollectionQuery>)> {
    records(&schema).prop_flat_map(move |records| {
        let queries = queries(&schema, &records);
        (Just(schema.clone()), Just(records), queries)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn untyped_fields_on_both_engines((schema, records, queries) in case(synthetic_schema())) {
        check(&schema, &records, &queries)?;
    }

    #[test]
    fn catalog_operations_on_both_engines(
        (schema, records, queries) in prop_oneof![
            case(ACCOUNTS.schema().clone()),
            case(OUTLIERS.schema().clone()),
            case(FORMS.schema().clone()),
        ]
    ) {
        check(&schema, &records, &queries)?;
    }
}

/// The generated cases are not trivial: many filters match some records but not all (most
/// of the others match none: a missing sub-field, a value of a kind the field never holds).
#[test]
fn generated_cases_are_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for schema in [
        synthetic_schema(),
        OUTLIERS.schema().clone(),
        FORMS.schema().clone(),
    ] {
        let (mut some, mut all_or_none) = (0, 0);
        for _ in 0..200 {
            let records = records(&schema)
                .new_tree(&mut runner)
                .expect("records")
                .current();
            let filter = condition(&schema, &records)
                .new_tree(&mut runner)
                .expect("a filter")
                .current();
            let checked = filter
                .check(&schema, sailpoint_filters::Syntax::Lenient)
                .expect("valid");
            let matcher = sailpoint_filters::eval::compile::<Json>(&checked).expect("compiles");
            let n = records.iter().filter(|r| matcher.matches(r)).count();
            if records.is_empty() {
                continue;
            }
            if n == 0 || n == records.len() {
                all_or_none += 1;
            } else {
                some += 1;
            }
        }
        // At least one filter in six splits the records.
        assert!(
            some * 5 > all_or_none,
            "{}: {some} partial matches, {all_or_none} all or none",
            schema.endpoint()
        );
    }
}
