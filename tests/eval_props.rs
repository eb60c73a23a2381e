//! Property tests of evaluation (SPEC §3).
//!
//! * The compiled matcher agrees with [`reference`], a plain recursive interpretation of SPEC §3
//!   (`tests/common/reference.rs`), on generated filters over a fixed schema
//!   (`eval_fixture::schema`) and generated JSON records — and with the typed form of those
//!   records.
//! * A typed `RoleMiningSession` evaluates like its `serde_json` serialization.
//! * `not f` is the complement of `f`; De Morgan's laws hold.
//! * Matching allocates nothing.
//!
//! Filters and records draw from small shared pools (equal values in different case, shared
//! prefixes, equal instants at different offsets, integers next to floats, nulls), so that a
//! good part of the conditions hold. `generated_cases_are_not_trivial` checks that they do.
//!
//! The whole file runs in a few seconds in debug builds: 256 cases per property, at most 8
//! records and 4 levels of `and`/`or`/`not` per case.

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
#[path = "common/date_text.rs"]
mod date_text;
#[path = "common/eval_fixture.rs"]
mod eval_fixture;
#[path = "common/reference.rs"]
mod reference;

use std::cmp::Ordering;

use counting_alloc::allocations_during;
use eval_fixture::{Doc, doc_from_json, schema};
use proptest::prelude::*;
use proptest::sample::select;
use reference::reference;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{
    CreatedBy, RoleMiningSession, RoleMiningSessions, SessionState, SessionStatus, SessionType,
};
use sailpoint_filters::eval::{Matcher, compile};
use sailpoint_filters::{
    CmpOp, DateTime, FieldPath, FieldType, Filter, FilterKind, ListOp, Op, Record, Schema, Syntax,
    Value as FValue,
};
use serde_json::{Value as Json, json};

// =============================================================================================
// Generators
// =============================================================================================

/// Texts chosen to collide: case variants, ß/SS, Greek sigmas, İ and its expansion, the
/// Kelvin sign, prefixes of each other, digits.
const WORDS: &[&str] = &[
    "",
    "a",
    "A",
    "ab",
    "Ab",
    "abc",
    "b",
    "B",
    "rm",
    "rm session",
    "RM Session - 1",
    "RM SESSION",
    "Ü",
    "ü",
    "über",
    "ÜBER",
    "ß",
    "SS",
    "ss",
    "ΟΔΟΣ",
    "οδος",
    "οδοσ",
    "Σ",
    "ς",
    "İ",
    "i",
    "i̇",
    "İs",
    "\u{212A}",
    "k",
    "é",
    "É",
    "z",
    "10",
    "9",
    "2024-01-01T00:00:00Z",
];

/// Four pairs of texts equal up to case: most generated texts come from here, so that `eq`,
/// `in` and `ca` often hold.
const CORE: &[&str] = &[
    "a",
    "A",
    "ü",
    "Ü",
    "οδοσ",
    "ΟΔΟΣ",
    "rm session",
    "RM SESSION",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(CORE).prop_map(String::from),
        3 => select(WORDS).prop_map(String::from),
        1 => "[aAbBüÜßsSΣσςİi ]{0,4}",
    ]
}

const INTEGERS: &[i64] = &[
    -2,
    -1,
    0,
    1,
    2,
    3,
    i64::MAX,
    i64::MIN,
    9_007_199_254_740_993,
    9_007_199_254_740_992,
];

const FLOATS: &[f64] = &[
    -1.5,
    -0.0,
    0.0,
    0.5,
    1.0,
    1.5,
    2.0,
    2.5,
    9.3e18,
    9_223_372_036_854_775_808.0,
    -9_223_372_036_854_775_808.0,
    9_007_199_254_740_992.0,
];

/// A few instants, close to each other or equal. `+39` is at second 59, which may be spelled
/// `:60`, and is drawn more often, as are whole seconds, so that leap-second spellings are not
/// rare.
fn instant() -> impl Strategy<Value = DateTime> {
    (
        select(vec![0i64, 39, 39, 1800, 3600, 86_400]),
        select(vec![0u32, 0, 1, 500_000_000]),
    )
        .prop_map(|(s, ns)| DateTime::from_unix(1_700_000_000 + s, ns).unwrap())
}

/// An instant in any of the spellings SPEC §8 allows (offsets, `t` and `z`, 0–9 fraction
/// digits, `:60`): the same instant has many spellings.
fn instant_text() -> impl Strategy<Value = String> {
    instant().prop_flat_map(date_text::spelled)
}

/// A field's JSON value: usually of its type, sometimes null, sometimes missing (`None`),
/// now and then of another type.
fn slot(typed: BoxedStrategy<Json>) -> impl Strategy<Value = Option<Json>> {
    prop_oneof![
        6 => typed.prop_map(Some),
        1 => Just(Some(Json::Null)),
        2 => Just(None),
        1 => prop_oneof![
            text().prop_map(Json::from),
            select(INTEGERS).prop_map(Json::from),
            any::<bool>().prop_map(Json::from),
            Just(json!({"x": 1})),
        ]
        .prop_map(Some),
    ]
}

fn number_json() -> BoxedStrategy<Json> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(Json::from),
        2 => select(vec![-0.0, 1.0, 1.5, 2.0]).prop_map(Json::from),
        1 => select(INTEGERS).prop_map(Json::from),
        1 => select(FLOATS).prop_map(Json::from),
    ]
    .boxed()
}

/// A record of the test schema's fields, as JSON.
fn record() -> impl Strategy<Value = Json> {
    let tags = prop::collection::vec(
        prop_oneof![8 => text().prop_map(Json::from), 1 => Just(Json::Null)],
        0..6,
    )
    .prop_map(Json::Array);
    let owner = prop_oneof![
        Just(None),
        Just(Some(Json::Null)),
        Just(Some(json!({}))),
        Just(Some(json!({"name": null}))),
        text().prop_map(|t| Some(json!({ "name": t }))),
        text().prop_map(|t| Some(json!({ "name": t }))),
    ];
    (
        slot(text().prop_map(Json::from).boxed()),
        slot(text().prop_map(Json::from).boxed()),
        slot(any::<bool>().prop_map(Json::from).boxed()),
        slot(number_json()),
        slot(number_json()),
        slot(
            prop_oneof![
                8 => instant_text().prop_map(Json::from),
                1 => extreme_instant().prop_map(|t| Json::from(t.to_string())),
                1 => date_text::not_quite_date_time_text().prop_map(Json::from),
            ]
            .boxed(),
        ),
        slot(tags.boxed()),
        owner,
    )
        .prop_map(|(name, code, saved, count, score, created, tags, owner)| {
            let mut record = serde_json::Map::new();
            for (key, value) in [
                ("name", name),
                ("code", code),
                ("saved", saved),
                ("count", count),
                ("score", score),
                ("created", created),
                ("tags", tags),
                ("owner", owner),
            ] {
                if let Some(value) = value {
                    record.insert(key.to_owned(), value);
                }
            }
            Json::Object(record)
        })
}

fn path(name: &'static str) -> FieldPath {
    FieldPath::from_static(name)
}

fn text_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        6 => text().prop_map(FValue::String),
        1 => select(vec![1i64, 9, 10, -2]).prop_map(FValue::Integer),
    ]
}

fn bool_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        any::<bool>().prop_map(FValue::Boolean),
        select(vec!["true", "false"]).prop_map(FValue::from),
    ]
}

fn integer_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(FValue::Integer),
        1 => select(INTEGERS).prop_map(FValue::Integer),
    ]
}

fn number_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(FValue::Integer),
        2 => select(vec![0.0, 1.0, 1.5, 2.0]).prop_map(|f| FValue::float(f).unwrap()),
        1 => select(INTEGERS).prop_map(FValue::Integer),
        1 => select(FLOATS).prop_map(|f| FValue::float(f).unwrap()),
    ]
}

/// The ends of SPEC §8's range and "never" (9999-12-31T23:59:59Z), past what jiff holds.
fn extreme_instant() -> impl Strategy<Value = DateTime> {
    select(vec![
        DateTime::MIN,
        DateTime::MAX,
        DateTime::MAX.truncated_to_second(),
    ])
}

fn time_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        4 => instant().prop_map(FValue::DateTime),
        4 => instant_text().prop_map(FValue::String),
        1 => extreme_instant().prop_map(FValue::DateTime),
        1 => extreme_instant().prop_map(|t| FValue::String(t.to_string())),
    ]
}

/// A condition on `field` with one of `ops`, taking values from `values`.
fn condition_on(
    field: &'static str,
    ops: &'static [Op],
    values: BoxedStrategy<FValue>,
) -> BoxedStrategy<Filter> {
    (
        select(ops),
        values.clone(),
        prop::collection::vec(values, 1..3),
    )
        .prop_map(move |(op, value, list)| {
            let field = path(field);
            match op {
                Op::Pr => Filter::present(field),
                Op::IsNull => Filter::is_null(field),
                Op::In => Filter::list(field, ListOp::In, list).unwrap(),
                Op::Ca => Filter::list(field, ListOp::Ca, list).unwrap(),
                op => Filter::compare(field, cmp_op(op), value),
            }
        })
        .boxed()
}

/// The comparison operator an [`Op`] stands for.
fn cmp_op(op: Op) -> CmpOp {
    match op {
        Op::Eq => CmpOp::Eq,
        Op::Ne => CmpOp::Ne,
        Op::Gt => CmpOp::Gt,
        Op::Ge => CmpOp::Ge,
        Op::Lt => CmpOp::Lt,
        Op::Le => CmpOp::Le,
        Op::Co => CmpOp::Co,
        Op::Sw => CmpOp::Sw,
        other => panic!("{other} is not a comparison"),
    }
}

use Op::*;
const STRING_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Pr, IsNull];
const BOOL_OPS: &[Op] = &[Eq, Ne, In, Pr, IsNull];
const ORDERED_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, In, Pr, IsNull];
const TAGS_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Ca, Ca, Pr, IsNull];
const OWNER_OPS: &[Op] = &[Eq, Ne, Co, Sw, In, Pr, IsNull];

/// One condition valid for `eval_fixture::schema`.
fn condition() -> impl Strategy<Value = Filter> {
    prop_oneof![
        3 => condition_on("name", STRING_OPS, text_value().boxed()),
        2 => condition_on("code", STRING_OPS, text_value().boxed()),
        1 => condition_on("saved", BOOL_OPS, bool_value().boxed()),
        1 => condition_on("count", ORDERED_OPS, integer_value().boxed()),
        2 => condition_on("score", ORDERED_OPS, number_value().boxed()),
        2 => condition_on("created", ORDERED_OPS, time_value().boxed()),
        3 => condition_on("tags", TAGS_OPS, text_value().boxed()),
        1 => condition_on("owner.name", OWNER_OPS, text_value().boxed()),
    ]
}

/// A filter of such conditions under `and`, `or` and `not`.
fn filter() -> impl Strategy<Value = Filter> {
    condition().prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            1 => inner.prop_map(Filter::not),
        ]
    })
}

fn records() -> impl Strategy<Value = Vec<Json>> {
    prop::collection::vec(record(), 1..8)
}

/// `filter` checked against `schema` and compiled for `R`.
fn matcher<R: Record>(filter: &Filter, schema: &Schema) -> Matcher<R> {
    let checked = filter
        .check(schema, Syntax::Lenient)
        .unwrap_or_else(|e| panic!("{filter} does not suit {}: {e}", schema.endpoint()));
    compile::<R>(&checked).unwrap_or_else(|e| panic!("{filter} does not compile: {e}"))
}

// =============================================================================================
// Role mining sessions
// =============================================================================================

const DATA: &str = include_str!("../data/role_mining_sessions.json");

const SESSION_NAMES: &[&str] = &[
    "RM Session - Finance",
    "rm session - sales",
    "RM SESSION",
    "Saved RM Session - 07/10",
    "RM",
    "Sitzung Müller",
    "SITZUNG MÜLLER",
    "ΟΔΟΣ",
    "",
];

fn session() -> impl Strategy<Value = RoleMiningSession> {
    let template: RoleMiningSession = serde_json::from_str::<Vec<RoleMiningSession>>(DATA)
        .unwrap()
        .remove(0);
    let creator = prop_oneof![
        1 => Just(None),
        4 => (select(vec!["Jordan.Lee", "jordan.lee", "Émilie.Durand"]), select(vec!["2c91a", "2c91b"]))
            .prop_map(|(name, id)| Some(CreatedBy { id: id.to_owned(), display_name: name.to_owned() })),
    ];
    (
        prop_oneof![1 => Just(None), 5 => select(SESSION_NAMES).prop_map(|n| Some(n.to_owned()))],
        any::<bool>(),
        creator,
        instant(),
        select(SessionState::ALL.to_vec()),
        prop_oneof![Just(SessionType::Common), Just(SessionType::Specialized)],
        select(vec![0i32, 7, 20]),
    )
        .prop_map(
            move |(name, saved, created_by, created, state, kind, identities)| {
                let mut session = template.clone();
                session.name = name;
                session.saved = saved;
                session.created_by = created_by;
                session.created_date = created;
                session.status = SessionStatus::from(state);
                session.session_type = kind;
                session.identity_count = identities;
                session
            },
        )
}

/// Filters the role-mining endpoint accepts: `saved eq`, `name eq|sw`, `and`, `or`, `not`.
fn session_filter() -> impl Strategy<Value = Filter> {
    let name = prop_oneof![
        select(SESSION_NAMES).prop_map(String::from),
        select(vec![
            "rm",
            "RM S",
            "rm session -",
            "sitzung m",
            "saved",
            "οδοσ"
        ])
        .prop_map(String::from),
    ];
    let condition = prop_oneof![
        bool_value().prop_map(|v| Filter::compare(path("saved"), CmpOp::Eq, v)),
        (select(vec![CmpOp::Eq, CmpOp::Sw]), name).prop_map(|(op, n)| Filter::compare(
            path("name"),
            op,
            n
        )),
    ];
    condition.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            inner.prop_map(Filter::not),
        ]
    })
}

/// The readable, non-filterable fields of the declaration, as a schema that filters them.
fn wide_session_schema() -> Schema {
    Schema::new("sessions")
        .with_field(
            "createdBy.displayName",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field(
            "createdBy.id",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field(
            "createdDate",
            FieldType::DateTime,
            ORDERED_OPS.iter().copied(),
        )
        .with_field(
            "status.state",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field("type", FieldType::String, STRING_OPS.iter().copied())
        .with_field(
            "identityCount",
            FieldType::Integer,
            ORDERED_OPS.iter().copied(),
        )
        .with_field("name", FieldType::String, STRING_OPS.iter().copied())
}

fn wide_session_filter() -> impl Strategy<Value = Filter> {
    let words = || {
        prop_oneof![
            select(vec![
                "jordan.lee",
                "Jordan",
                "émilie.durand",
                "2c91a",
                "2c91",
                "created",
                "IDENTITIES",
                "common",
                "Specialized",
                "rm session"
            ])
            .prop_map(FValue::from),
            text().prop_map(FValue::String),
        ]
        .boxed()
    };
    let condition = prop_oneof![
        condition_on("createdBy.displayName", STRING_OPS, words()),
        condition_on("createdBy.id", STRING_OPS, words()),
        condition_on("createdDate", ORDERED_OPS, time_value().boxed()),
        condition_on("status.state", STRING_OPS, words()),
        condition_on("type", STRING_OPS, words()),
        condition_on(
            "identityCount",
            ORDERED_OPS,
            select(vec![0i64, 7, 8, 20])
                .prop_map(FValue::Integer)
                .boxed()
        ),
        condition_on("name", STRING_OPS, words()),
    ];
    condition.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            inner.prop_map(Filter::not),
        ]
    })
}

// =============================================================================================
// Properties
// =============================================================================================

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// (a) The compiled matcher agrees with the reference on JSON records, on their typed form,
    /// and after the filter is printed and parsed back.
    #[test]
    fn matcher_agrees_with_the_reference(filter in filter(), records in records()) {
        let schema = schema();
        let json = matcher::<Json>(&filter, &schema);
        let typed = matcher::<Doc>(&filter, &schema);
        let reparsed = Filter::parse(&filter.to_string()).unwrap();
        let reparsed = matcher::<Json>(&reparsed, &schema);
        // The filter as the endpoint reads it (values coerced) means the same.
        let coerced = filter.check(&schema, Syntax::Lenient).unwrap().into_filter();
        for record in &records {
            let expected = reference(&filter, &schema, record);
            prop_assert_eq!(reference(&coerced, &schema, record), expected, "{} read as {}", filter, coerced);
            prop_assert_eq!(json.matches(record), expected, "{} on {}", filter, record);
            prop_assert_eq!(reparsed.matches(record), expected, "reparsed {} on {}", filter, record);
            if let Some(doc) = doc_from_json(record) {
                prop_assert_eq!(typed.matches(&doc), expected, "{} on typed {:?}", filter, doc);
            }
        }
    }

    /// Each generated condition alone, over many records: the finest-grained comparison.
    #[test]
    fn conditions_agree_with_the_reference(
        condition in condition(),
        records in prop::collection::vec(record(), 1..16),
    ) {
        let schema = schema();
        let json = matcher::<Json>(&condition, &schema);
        for record in &records {
            prop_assert_eq!(
                json.matches(record),
                reference(&condition, &schema, record),
                "{} on {}", condition, record
            );
        }
    }

    /// (b) A typed session evaluates like its JSON serialization, through the endpoint's schema
    /// and through one that filters every readable field; both agree with the reference.
    #[test]
    fn typed_sessions_agree_with_their_json(
        sessions in prop::collection::vec(session(), 1..8),
        filter in session_filter(),
        wide in wide_session_filter(),
    ) {
        let endpoint = RoleMiningSessions::schema();
        let wide_schema = wide_session_schema();
        for (filter, schema) in [(&filter, endpoint), (&wide, &wide_schema)] {
            let typed = matcher::<RoleMiningSession>(filter, schema);
            let json = matcher::<Json>(filter, schema);
            for session in &sessions {
                let value = serde_json::to_value(session).unwrap();
                let expected = reference(filter, schema, &value);
                prop_assert_eq!(typed.matches(session), expected, "{} on typed {:?}", filter, session);
                prop_assert_eq!(json.matches(&value), expected, "{} on {}", filter, value);
            }
        }
    }

    /// (c) `not f` is the exact complement of `f`, and `not not f` is `f`.
    #[test]
    fn not_is_the_complement(filter in filter(), records in records()) {
        let schema = schema();
        let plain = matcher::<Json>(&filter, &schema);
        let not = matcher::<Json>(&filter.clone().not(), &schema);
        let not_not = matcher::<Json>(&filter.clone().not().not(), &schema);
        for record in &records {
            prop_assert_eq!(not.matches(record), !plain.matches(record), "{} on {}", filter, record);
            prop_assert_eq!(not_not.matches(record), plain.matches(record), "{} on {}", filter, record);
        }
    }

    /// (d) De Morgan: `not (a and b)` ≡ `not a or not b`, `not (a or b)` ≡ `not a and not b`.
    #[test]
    fn de_morgan_holds(a in filter(), b in filter(), records in records()) {
        let schema = schema();
        let m = |f: Filter| matcher::<Json>(&f, &schema);
        let not_and = m(a.clone().and(b.clone()).not());
        let or_nots = m(a.clone().not().or(b.clone().not()));
        let not_or = m(a.clone().or(b.clone()).not());
        let and_nots = m(a.clone().not().and(b.clone().not()));
        for record in &records {
            prop_assert_eq!(not_and.matches(record), or_nots.matches(record), "{} / {} on {}", a, b, record);
            prop_assert_eq!(not_or.matches(record), and_nots.matches(record), "{} / {} on {}", a, b, record);
        }
    }

    /// Matching allocates nothing: the per-query work was done by `compile`.
    #[test]
    fn matching_allocates_nothing(filter in filter(), records in records()) {
        let schema = schema();
        let json = matcher::<Json>(&filter, &schema);
        let typed = matcher::<Doc>(&filter, &schema);
        // Text that starts with a digit but is no date-time, in the date-time field, included:
        // reading it as a date-time fails without allocating (the deterministic test below,
        // `matching_text_that_only_starts_like_a_date_time_allocates_nothing`, has examples).
        let docs: Vec<Doc> = records.iter().filter_map(doc_from_json).collect();
        let mut results = Vec::with_capacity(2 * records.len());
        let (allocations, ()) = allocations_during(|| {
            for record in &records {
                results.push(json.matches(record));
            }
            for doc in &docs {
                results.push(typed.matches(doc));
            }
        });
        prop_assert_eq!(allocations, 0, "{}", filter);
    }
}

/// Matching must allocate nothing (issue 4), whatever the record holds: a date-time field
/// holding `10`, or an id like `2c91…` compared with a date-time under an open schema, is
/// text that starts like a date-time and is none. (The old evaluator passed such text to
/// jiff, whose parse error allocated; `value::DateTime`'s reader does not.)
#[test]
fn matching_text_that_only_starts_like_a_date_time_allocates_nothing() {
    let schema = schema();
    let untyped = |text: &str| {
        let open = sailpoint_filters::Schema::open("records");
        let checked = open.parse_filter(text, &Default::default()).unwrap();
        sailpoint_filters::eval::compile::<Json>(&checked).unwrap()
    };
    let cases: Vec<(Matcher<Json>, Json)> = vec![
        (
            matcher(
                &Filter::parse("created eq 2024-01-01T00:00:00Z").unwrap(),
                &schema,
            ),
            json!({"created": "10"}),
        ),
        (
            matcher(
                &Filter::parse("created gt 2024-01-01T00:00:00Z").unwrap(),
                &schema,
            ),
            json!({"created": "2024-13-01T00:00:00Z"}),
        ),
        (
            untyped("id lt 2024-01-01T00:00:00Z"),
            json!({"id": "2c9180835d2e5168015d32f890ca1581"}),
        ),
    ];
    let mut allocating = Vec::new();
    for (matcher, record) in &cases {
        let (n, result) = allocations_during(|| matcher.matches(record));
        assert!(!result, "{record}");
        if n > 0 {
            allocating.push(format!("{record}: {n} allocations"));
        }
    }
    assert!(allocating.is_empty(), "matching allocated: {allocating:?}");
}

/// Sorting compares text with `compare_for_sort`, which asks whether the text is a date-time:
/// for text starting with a digit (SailPoint ids are 32 hex digits, most start with one) that
/// must not allocate a parse error on every comparison.
#[test]
fn compare_for_sort_allocates_nothing() {
    use sailpoint_filters::FieldRef;
    use sailpoint_filters::value::compare_for_sort;
    let (a, b) = (
        FieldRef::Str("2c9180835d2e5168015d32f890ca1581"),
        FieldRef::Str("2c91808568c529c60168cca6f90c1313"),
    );
    let (n, order) = allocations_during(|| compare_for_sort(a, b, false));
    assert_eq!(order, Ordering::Less);
    assert_eq!(n, 0, "compare_for_sort allocated {n} times");
}

/// The generators are worth something only if conditions often hold and often do not, for
/// every field and every operator.
#[test]
fn generated_cases_are_not_trivial() {
    use std::collections::BTreeMap;

    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let schema = schema();
    let mut runner = TestRunner::deterministic();
    let mut by_field: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_op: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for _ in 0..4000 {
        let condition = condition().new_tree(&mut runner).unwrap().current();
        let record = record().new_tree(&mut runner).unwrap().current();
        let FilterKind::Condition(c) = condition.kind() else {
            unreachable!()
        };
        let held = reference(&condition, &schema, &record);
        for (map, key) in [
            (&mut by_field, c.field().to_string()),
            (&mut by_op, c.op().to_string()),
        ] {
            let entry = map.entry(key).or_default();
            if held {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    for (key, (held, failed)) in by_field.iter().chain(&by_op) {
        let total = held + failed;
        // At least 4% each way.
        assert!(
            held * 25 >= total && failed * 25 >= total,
            "{key}: held {held} of {total}"
        );
    }
    assert_eq!(by_field.len(), 8, "{by_field:?}");
    assert_eq!(by_op.len(), 12, "{by_op:?}");
}
