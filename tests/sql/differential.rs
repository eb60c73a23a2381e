//! Differential tests of the SQL backend (SPEC §10): generated records, filters, sorters and
//! pages give exactly the in-memory page — the same records in the same order, and the same
//! count — on SQLite and on a real PostgreSQL server.
//!
//! * `json_records_on_both_engines`: the evaluation fixture's schema (a field of every type,
//!   one case-sensitive, a nested one; every field sortable, and a key sorting by two fields)
//!   over JSON records drawn from pools that collide — case pairs (`ß`/`SS`, `Σ`/`σ`/`ς`, `İ`,
//!   the Kelvin sign), `%`, `_`, `\` and quotes, text that reads as a date-time, integers
//!   above 2^53 next to floats, equal instants at different offsets with nanoseconds, nulls
//!   and missing fields — and filters whose values come from the same pools, or from
//!   `testing::strategy::filters`.
//! * `typed_sessions_on_both_engines`: role mining sessions (`testing::strategy`) and queries
//!   (`strategy::collection_query`), typed records read back typed.
//!
//! Each case loads its records once and runs several queries. Cases per property:
//! `SPFILTER_SQL_CASES` (default 1000 and 300; a long local run: `SPFILTER_SQL_CASES=50000`).
//! Failures found on the way are kept as tests in `regressions`.

use std::sync::{Mutex, MutexGuard};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::Store;
use sailpoint_filters::testing::strategy;
use sailpoint_filters::{
    CmpOp, CollectionQuery, FieldType, Filter, ListOp, Op, Schema, Syntax, Value,
};
use serde_json::{Value as Json, json};

use crate::common::records::{self, slot};
use crate::common::{eval_fixture, sql_fixture};

/// Cases per property: `SPFILTER_SQL_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("SPFILTER_SQL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The fixture's schema, every field sortable, and `owner` sorting by two fields.
fn schema() -> Schema {
    eval_fixture::schema()
        .with_sortable([
            "name",
            "code",
            "saved",
            "count",
            "score",
            "created",
            "tags",
            "owner.name",
        ])
        .with_sort_by("owner", ["owner.name", "code"])
}

// =============================================================================================
// Pools and records
// =============================================================================================

/// Texts that collide: case pairs, escapes, quotes, prefixes, date-time text.
const TEXTS: &[&str] = &[
    "",
    "a",
    "A",
    "ab",
    "aB",
    "a%",
    "%",
    "_",
    "a_b",
    "a%b",
    "a\\b",
    "\\",
    "\\%",
    "it's",
    "say \"hi\"",
    "'; drop table x; --",
    "ü",
    "Ü",
    "über",
    "ÜBER",
    "ß",
    "SS",
    "ss",
    "ΟΔΟΣ",
    "οδος",
    "οδοσ",
    "ς",
    "İ",
    "i",
    "i̇",
    "\u{212A}",
    "k",
    "K",
    "é",
    "É",
    "rm session",
    "RM Session - 1",
    "RM SESSION",
    "10",
    "9",
    "2024-01-01T00:00:00Z",
    "2024-01-01T01:00:00+01:00",
    "2023-12-31T23:59:59.999999999-00:30",
    "9999-12-31T23:59:59Z",
    "🦀",
];

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(TEXTS).prop_map(String::from),
        1 => "[aAbB%_\\\\'ßsSΣσς ]{0,4}",
    ]
    .boxed()
}

/// Integers next to the floats of [`FLOATS`]: equal, just below or above, beyond 2^53.
const INTEGERS: &[i64] = &[
    -1,
    0,
    2,
    9_007_199_254_740_993,
    9_007_199_254_740_995,
    i64::MAX,
    i64::MIN,
];

/// Floats next to the integers of [`INTEGERS`]: 2^53 and 2^53 + 2 are the floats on either
/// side of 2^53 + 1, which rounds to the first; 2^53 + 4 is nearest 2^53 + 3 and above it; 2^63
/// is nearest `i64::MAX`; `2.0`, `-0.0` and `-2^63` are stored as integers.
const FLOATS: &[f64] = &[
    -0.0,
    2.0,
    2.5,
    9_007_199_254_740_992.0,
    9_007_199_254_740_994.0,
    9_007_199_254_740_996.0,
    9_223_372_036_854_775_808.0,
    -9_223_372_036_854_775_808.0,
    1e300,
];

/// A few instants, equal or close, with and without nanoseconds, and the ends of the range.
fn instant() -> BoxedStrategy<(i64, u32)> {
    prop_oneof![
        6 => (
            select(vec![1_700_000_000i64, 1_700_001_800, 1_700_003_600]),
            select(vec![0u32, 1, 500_000_000, 999_999_999]),
        ),
        1 => Just((-62_167_219_200, 0)),
        1 => Just((253_402_300_799, 999_999_999)),
    ]
    .boxed()
}

/// An instant spelled in UTC or at an offset, with its fraction written out or not.
fn instant_text() -> BoxedStrategy<String> {
    (
        instant(),
        select(vec![0i32, 0, 60, -90, 330, -23 * 60 - 59]),
    )
        .prop_map(|((s, ns), minutes)| {
            let t = sailpoint_filters::DateTime::from_unix(s, ns).expect("in range");
            match minutes {
                0 => t.to_string(),
                m => {
                    let local = jiff::civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0)
                        .checked_add(jiff::SignedDuration::new(s + i64::from(m) * 60, ns as i32))
                        .ok()
                        .filter(|c| (0..=9999).contains(&c.year()));
                    match local {
                        Some(local) => {
                            let sign = if m < 0 { '-' } else { '+' };
                            let fraction = if ns == 0 {
                                String::new()
                            } else {
                                format!(".{ns:09}")
                            };
                            format!(
                                "{}{fraction}{sign}{:02}:{:02}",
                                local.strftime("%Y-%m-%dT%H:%M:%S"),
                                m.abs() / 60,
                                m.abs() % 60
                            )
                        }
                        None => t.to_string(),
                    }
                }
            }
        })
        .boxed()
}

fn number_json(integers_only: bool) -> BoxedStrategy<Json> {
    let integers = select(INTEGERS).prop_map(Json::from);
    if integers_only {
        prop_oneof![
            3 => integers,
            1 => select(vec![2.0, -0.0, -9_223_372_036_854_775_808.0]).prop_map(Json::from),
        ]
        .boxed()
    } else {
        prop_oneof![integers, select(FLOATS).prop_map(Json::from)].boxed()
    }
}

/// A record of the schema's fields, as JSON.
fn record() -> impl Strategy<Value = Json> {
    let tags = prop_oneof![
        8 => prop::collection::vec(
            prop_oneof![8 => text().prop_map(Json::from), 1 => Just(Json::Null), 1 => Just(json!(7))],
            0..5,
        )
        .prop_map(Json::Array),
        // A collection field holding a scalar: the matcher tests it as one element.
        1 => text().prop_map(Json::from),
        1 => Just(json!(3)),
    ];
    let owner = prop_oneof![
        Just(None),
        Just(Some(Json::Null)),
        Just(Some(json!({}))),
        Just(Some(json!({"name": null}))),
        text().prop_map(|t| Some(json!({ "name": t }))),
    ];
    records::record(records::Fields {
        name: slot(text().prop_map(Json::from).boxed(), None),
        code: slot(text().prop_map(Json::from).boxed(), None),
        saved: slot(any::<bool>().prop_map(Json::from).boxed(), None),
        count: slot(number_json(true), None),
        score: slot(number_json(false), None),
        created: slot(instant_text().prop_map(Json::from).boxed(), None),
        tags: slot(tags.boxed(), None),
        owner: owner.boxed(),
    })
}

fn records() -> impl Strategy<Value = Vec<Json>> {
    prop::collection::vec(record(), 0..14).prop_map(|records| {
        records
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r["id"] = json!(i);
                r
            })
            .collect()
    })
}

// =============================================================================================
// Filters and queries
// =============================================================================================

/// A value for a field of `field_type`, from the pools records draw from.
fn pooled_value(field_type: FieldType) -> BoxedStrategy<Value> {
    match field_type {
        FieldType::Boolean => any::<bool>().prop_map(Value::Boolean).boxed(),
        FieldType::Integer => select(INTEGERS).prop_map(Value::Integer).boxed(),
        FieldType::Number => prop_oneof![
            select(INTEGERS).prop_map(Value::Integer),
            select(FLOATS).prop_filter_map("finite", Value::float),
        ]
        .boxed(),
        FieldType::DateTime => instant_text()
            .prop_map(|t| Value::DateTime(t.parse().expect("a date-time")))
            .boxed(),
        _ => prop_oneof![
            8 => text().prop_map(Value::String),
            1 => Just(Value::String("a\u{0}b".into())),
        ]
        .boxed(),
    }
}

/// Conditions valid for the schema, with values from the records' pools: a field, then one of
/// its operators.
fn pooled_condition(schema: &Schema) -> BoxedStrategy<Filter> {
    let fields: Vec<BoxedStrategy<Filter>> = schema
        .fields()
        .iter()
        .map(|spec| {
            let conditions: Vec<BoxedStrategy<Filter>> = spec
                .operators()
                .iter()
                .map(move |op| {
                    let field = spec.path().clone();
                    let values = pooled_value(spec.field_type());
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
                .collect();
            proptest::strategy::Union::new(conditions).boxed()
        })
        .collect();
    proptest::strategy::Union::new(fields).boxed()
}

/// Filters of such conditions under `and`, `or` and `not`.
fn pooled_filter(schema: &Schema) -> BoxedStrategy<Filter> {
    pooled_condition(schema)
        .prop_recursive(4, 16, 3, |inner| {
            prop_oneof![
                2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).expect("two")),
                2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).expect("two")),
                1 => inner.prop_map(Filter::not),
            ]
        })
        .boxed()
}

/// Queries for the schema: filters from the pools (or the library's strategy), sorters,
/// pages.
fn queries(schema: &Schema) -> BoxedStrategy<Vec<CollectionQuery>> {
    let filter = prop_oneof![
        1 => Just(None),
        6 => pooled_filter(schema).prop_map(Some),
        2 => strategy::filters(schema).prop_map(Some),
    ];
    let paging = prop_oneof![
        3 => (0u32..6, 0u32..8, any::<bool>())
            .prop_map(|(o, l, c)| sailpoint_filters::Paging::new(o, l, c).expect("in range")),
        1 => strategy::paging(),
    ];
    prop::collection::vec(
        (filter, strategy::sorters(schema), paging)
            .prop_map(|(f, s, p)| CollectionQuery::new(f, s, p)),
        1..5,
    )
    .boxed()
}

// =============================================================================================
// The properties
// =============================================================================================

/// Loads `records` into `store` (emptied first) and checks each query's page against memory.
pub(crate) fn same_pages(
    store: &mut Store,
    schema: &Schema,
    records: &[Json],
    queries: &[CollectionQuery],
) -> Result<(), TestCaseError> {
    store
        .clear()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    store
        .load(records)
        .map_err(|e| TestCaseError::fail(format!("load: {e}")))?;
    for query in queries {
        let checked = query
            .check(schema, Syntax::Lenient)
            .map_err(|e| TestCaseError::fail(format!("{query:?} does not check: {e}")))?;
        let expected = checked.run(records).expect("the fixture reads every field");
        let got = store
            .run::<Json>(&checked)
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", query.to_query_string())))?;
        let ids = |items: &mut dyn Iterator<Item = &Json>| -> Vec<Json> {
            items.map(|r| r["id"].clone()).collect()
        };
        prop_assert_eq!(
            (ids(&mut got.items.iter()), got.total),
            (ids(&mut expected.items.iter().copied()), expected.total),
            "{} on {:?}\n{}",
            query.to_query_string(),
            store.dialect(),
            store.statement(&checked).map(|s| s.sql).unwrap_or_default()
        );
        prop_assert_eq!(
            got.items,
            expected.items.into_iter().cloned().collect::<Vec<_>>()
        );
    }
    Ok(())
}

/// The stores of each property, made by its first case and kept for the others (in statics,
/// which are never dropped: a PostgreSQL client cannot close once the runtime is gone).
static JSON_STORES: Mutex<Option<(Store, Store)>> = Mutex::new(None);
static SESSION_STORES: Mutex<Option<(Store, Store)>> = Mutex::new(None);
static CONDITION_STORES: Mutex<Option<(Store, Store)>> = Mutex::new(None);
static NUMBER_STORES: Mutex<Option<(Store, Store)>> = Mutex::new(None);

fn stores<'a>(
    stores: &'a Mutex<Option<(Store, Store)>>,
    schema: &Schema,
    prefix: &str,
) -> MutexGuard<'a, Option<(Store, Store)>> {
    let mut guard = stores
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if guard.is_none() {
        *guard = Some((
            sql_fixture::sqlite_store(schema),
            sql_fixture::postgres_store(schema, prefix),
        ));
    }
    guard
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1000)))]

    #[test]
    fn json_records_on_both_engines(records in records(), queries in queries(&schema())) {
        let schema = schema();
        let mut guard = stores(&JSON_STORES, &schema, "diff_json");
        let (sqlite, postgres) = guard.as_mut().expect("made above");
        same_pages(sqlite, &schema, &records, &queries)?;
        same_pages(postgres, &schema, &records, &queries)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1000)))]

    /// One condition (or its negation) at a time, for every field and operator: each case
    /// puts one translation of SPEC §3 to the test.
    #[test]
    fn conditions_on_both_engines(
        records in records(),
        condition in pooled_condition(&schema()),
        negate in any::<bool>(),
        sorters in strategy::sorters(&schema()),
    ) {
        let schema = schema();
        let filter = if negate { condition.clone().not() } else { condition.clone() };
        let queries = [
            CollectionQuery::new(Some(filter), sorters, sailpoint_filters::Paging::default()),
            CollectionQuery::new(Some(condition), Default::default(), sailpoint_filters::Paging::default()),
        ];
        let mut guard = stores(&CONDITION_STORES, &schema, "diff_conditions");
        let (sqlite, postgres) = guard.as_mut().expect("made above");
        same_pages(sqlite, &schema, &records, &queries)?;
        same_pages(postgres, &schema, &records, &queries)?;
    }
}

/// A number from both pools: what the numeric records and needles draw from.
fn edge_number() -> BoxedStrategy<Value> {
    prop_oneof![
        select(INTEGERS).prop_map(Value::Integer),
        select(FLOATS).prop_filter_map("finite", Value::float),
    ]
    .boxed()
}

/// Records with only `count` and `score`, from the same pools as the needles.
fn number_records() -> impl Strategy<Value = Vec<Json>> {
    let number = prop_oneof![
        8 => edge_number().prop_map(|v| Some(match v {
            Value::Integer(i) => json!(i),
            Value::Float(f) => json!(f.get()),
            _ => Json::Null,
        })),
        1 => Just(Some(Json::Null)),
        1 => Just(None),
    ];
    prop::collection::vec((number.clone(), number), 0..24).prop_map(|pairs| {
        pairs
            .into_iter()
            .enumerate()
            .map(|(i, (count, score))| {
                let mut record = json!({ "id": i });
                // `count` is an integer field: it keeps whole numbers.
                if let Some(count) = count.filter(|c| c.is_null() || c.is_i64()) {
                    record["count"] = count;
                }
                if let Some(score) = score {
                    record["score"] = score;
                }
                record
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1000)))]

    /// Numeric conditions where needles and stored numbers are each other's neighbours:
    /// integers beyond 2^53 and the floats nearest them, 2^63 and `i64::MAX`.
    #[test]
    fn numbers_on_both_engines(
        records in number_records(),
        field in select(vec!["count", "score"]),
        op in select(vec![CmpOp::Eq, CmpOp::Ne, CmpOp::Gt, CmpOp::Ge, CmpOp::Lt, CmpOp::Le]),
        needle in edge_number(),
        list in prop::collection::vec(edge_number(), 1..4),
        descending in any::<bool>(),
    ) {
        let schema = schema();
        let is_count = field == "count";
        let keep = |v: &Value| !is_count || matches!(v, Value::Integer(_));
        let path = sailpoint_filters::FieldPath::new(field).expect("a path");
        let mut filters = Vec::new();
        if keep(&needle) {
            filters.push(Filter::compare(path.clone(), op, needle));
        }
        let list: Vec<Value> = list.into_iter().filter(keep).collect();
        if let Some(in_list) = Filter::list(path.clone(), ListOp::In, list) {
            filters.push(in_list);
        }
        let sorters = sailpoint_filters::Sorters::new([sailpoint_filters::SortKey::new(path, descending)]);
        let queries: Vec<CollectionQuery> = filters
            .into_iter()
            .map(|f| CollectionQuery::new(Some(f), sorters.clone(), sailpoint_filters::Paging::default()))
            .collect();
        let mut guard = stores(&NUMBER_STORES, &schema, "diff_numbers");
        let (sqlite, postgres) = guard.as_mut().expect("made above");
        same_pages(sqlite, &schema, &records, &queries)?;
        same_pages(postgres, &schema, &records, &queries)?;
    }
}

/// Loads typed sessions into `store` and checks each query's page against memory, the
/// sessions read back typed.
fn same_session_pages(
    store: &mut Store,
    sessions: &[RoleMiningSession],
    queries: &[CollectionQuery],
) -> Result<(), TestCaseError> {
    let schema = RoleMiningSessions::schema();
    store
        .clear()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    store
        .load(sessions)
        .map_err(|e| TestCaseError::fail(format!("load: {e}")))?;
    for query in queries {
        let checked = query
            .check(schema, Syntax::Lenient)
            .expect("generated for the schema");
        let expected = checked.run(sessions).expect("sessions read every field");
        let got = store
            .run::<RoleMiningSession>(&checked)
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", query.to_query_string())))?;
        prop_assert_eq!(got.total, expected.total, "{}", query.to_query_string());
        prop_assert_eq!(
            got.items.iter().collect::<Vec<_>>(),
            expected.items,
            "{} on {:?}",
            query.to_query_string(),
            store.dialect()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn typed_sessions_on_both_engines(
        sessions in strategy::role_mining_sessions(0..40),
        queries in prop::collection::vec(strategy::collection_query(RoleMiningSessions::schema()), 1..5),
    ) {
        let schema = RoleMiningSessions::schema();
        let mut guard = stores(&SESSION_STORES, schema, "diff_sessions");
        let (sqlite, postgres) = guard.as_mut().expect("made above");
        same_session_pages(sqlite, &sessions, &queries)?;
        same_session_pages(postgres, &sessions, &queries)?;
    }
}

/// The generated cases are not trivial: many queries match some records but not all, and
/// pages are often partial.
#[test]
fn generated_cases_are_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let schema = schema();
    let mut runner = TestRunner::deterministic();
    let (mut some, mut all_or_none) = (0, 0);
    for _ in 0..300 {
        let records = records().new_tree(&mut runner).expect("records").current();
        let queries = queries(&schema)
            .new_tree(&mut runner)
            .expect("queries")
            .current();
        for query in queries {
            let Some(filter) = query.filters else {
                continue;
            };
            let checked = filter.check(&schema, Syntax::Lenient).expect("valid");
            let matcher = sailpoint_filters::eval::compile::<Json>(&checked).expect("compiles");
            let n = records.iter().filter(|r| matcher.matches(r)).count();
            if n == 0 || n == records.len() {
                all_or_none += 1;
            } else {
                some += 1;
            }
        }
    }
    assert!(
        some * 2 > all_or_none,
        "{some} partial matches, {all_or_none} all or none"
    );
    // The typed sessions stored and read back hold what needs care: an email recipient or
    // none, names with `ß`, the Kelvin sign and `İ`.
    let mut seen = Vec::new();
    for _ in 0..100 {
        let sessions = strategy::role_mining_sessions(0..40)
            .new_tree(&mut runner)
            .expect("sessions")
            .current();
        seen.extend(sessions);
    }
    let count = |keep: &dyn Fn(&RoleMiningSession) -> bool| seen.iter().filter(|s| keep(s)).count();
    let recipients = count(&|s| s.email_recipient_id.is_some());
    assert!(
        recipients * 5 > seen.len() && (seen.len() - recipients) * 5 > seen.len(),
        "{recipients} of {} sessions have an email recipient",
        seen.len()
    );
    for c in ['ß', '\u{212A}', 'İ'] {
        let with = count(&|s| s.name.as_deref().is_some_and(|n| n.contains(c)));
        assert!(with * 100 > seen.len(), "{c}: {with} names");
    }
}
