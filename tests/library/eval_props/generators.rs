//! Generators of filters and records for the evaluation fixture's schema.

use super::*;
use crate::common::records::slot;

/// Texts chosen to collide: case variants, ß/SS, Greek sigmas, İ and its expansion, the
/// Kelvin sign, prefixes of each other, digits.
pub(super) const WORDS: &[&str] = &[
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
pub(super) const CORE: &[&str] = &[
    "a",
    "A",
    "ü",
    "Ü",
    "οδοσ",
    "ΟΔΟΣ",
    "rm session",
    "RM SESSION",
];

pub(super) fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(CORE).prop_map(String::from),
        3 => select(WORDS).prop_map(String::from),
        1 => "[aAbBüÜßsSΣσςİi ]{0,4}",
    ]
}

pub(super) const INTEGERS: &[i64] = &[
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

pub(super) const FLOATS: &[f64] = &[
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
pub(super) fn instant() -> impl Strategy<Value = DateTime> {
    (
        select(vec![0i64, 39, 39, 1800, 3600, 86_400]),
        select(vec![0u32, 0, 1, 500_000_000]),
    )
        .prop_map(|(s, ns)| DateTime::from_unix(1_700_000_000 + s, ns).unwrap())
}

/// An instant in any of the spellings SPEC §8 allows (offsets, `t` and `z`, 0–9 fraction
/// digits, `:60`): the same instant has many spellings.
pub(super) fn instant_text() -> impl Strategy<Value = String> {
    instant().prop_flat_map(date_text::spelled)
}

/// Values of another type than a field's, now and then in its place.
fn stray() -> Option<BoxedStrategy<Json>> {
    Some(
        prop_oneof![
            text().prop_map(Json::from),
            select(INTEGERS).prop_map(Json::from),
            any::<bool>().prop_map(Json::from),
            Just(json!({"x": 1})),
        ]
        .boxed(),
    )
}

pub(super) fn number_json() -> BoxedStrategy<Json> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(Json::from),
        2 => select(vec![-0.0, 1.0, 1.5, 2.0]).prop_map(Json::from),
        1 => select(INTEGERS).prop_map(Json::from),
        1 => select(FLOATS).prop_map(Json::from),
    ]
    .boxed()
}

/// A record of the test schema's fields, as JSON.
pub(super) fn record() -> impl Strategy<Value = Json> {
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
    records::record(records::Fields {
        name: slot(text().prop_map(Json::from).boxed(), stray()),
        code: slot(text().prop_map(Json::from).boxed(), stray()),
        saved: slot(any::<bool>().prop_map(Json::from).boxed(), stray()),
        count: slot(number_json(), stray()),
        score: slot(number_json(), stray()),
        created: slot(
            prop_oneof![
                8 => instant_text().prop_map(Json::from),
                1 => extreme_instant().prop_map(|t| Json::from(t.to_string())),
                1 => date_text::not_quite_date_time_text().prop_map(Json::from),
            ]
            .boxed(),
            stray(),
        ),
        tags: slot(tags.boxed(), stray()),
        owner: owner.boxed(),
    })
}

pub(super) fn path(name: &'static str) -> FieldPath {
    FieldPath::from_static(name)
}

pub(super) fn text_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        6 => text().prop_map(FValue::String),
        1 => select(vec![1i64, 9, 10, -2]).prop_map(FValue::Integer),
    ]
}

pub(super) fn bool_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        any::<bool>().prop_map(FValue::Boolean),
        select(vec!["true", "false"]).prop_map(FValue::from),
    ]
}

pub(super) fn integer_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(FValue::Integer),
        1 => select(INTEGERS).prop_map(FValue::Integer),
    ]
}

pub(super) fn number_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        2 => select(vec![0i64, 1, 2]).prop_map(FValue::Integer),
        2 => select(vec![0.0, 1.0, 1.5, 2.0]).prop_map(|f| FValue::float(f).unwrap()),
        1 => select(INTEGERS).prop_map(FValue::Integer),
        1 => select(FLOATS).prop_map(|f| FValue::float(f).unwrap()),
    ]
}

/// The ends of SPEC §8's range and "never" (9999-12-31T23:59:59Z), past what jiff holds.
pub(super) fn extreme_instant() -> impl Strategy<Value = DateTime> {
    select(vec![
        DateTime::MIN,
        DateTime::MAX,
        DateTime::MAX.truncated_to_second(),
    ])
}

pub(super) fn time_value() -> impl Strategy<Value = FValue> {
    prop_oneof![
        4 => instant().prop_map(FValue::DateTime),
        4 => instant_text().prop_map(FValue::String),
        1 => extreme_instant().prop_map(FValue::DateTime),
        1 => extreme_instant().prop_map(|t| FValue::String(t.to_string())),
    ]
}

/// A condition on `field` with one of `ops`, taking values from `values`.
pub(super) fn condition_on(
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
pub(super) fn cmp_op(op: Op) -> CmpOp {
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
pub(super) const STRING_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Pr, IsNull];
pub(super) const BOOL_OPS: &[Op] = &[Eq, Ne, In, Pr, IsNull];
pub(super) const ORDERED_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, In, Pr, IsNull];
pub(super) const TAGS_OPS: &[Op] = &[Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Ca, Ca, Pr, IsNull];
pub(super) const OWNER_OPS: &[Op] = &[Eq, Ne, Co, Sw, In, Pr, IsNull];

/// One condition valid for `eval_fixture::schema`.
pub(super) fn condition() -> impl Strategy<Value = Filter> {
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
pub(super) fn filter() -> impl Strategy<Value = Filter> {
    condition().prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            2 => prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            1 => inner.prop_map(Filter::not),
        ]
    })
}

pub(super) fn records() -> impl Strategy<Value = Vec<Json>> {
    prop::collection::vec(record(), 1..8)
}

/// `filter` checked against `schema` and compiled for `R`.
pub(super) fn matcher<R: Record>(filter: &Filter, schema: &Schema) -> Matcher<R> {
    let checked = filter
        .check(schema, Syntax::Lenient)
        .unwrap_or_else(|e| panic!("{filter} does not suit {}: {e}", schema.endpoint()));
    compile::<R>(&checked).unwrap_or_else(|e| panic!("{filter} does not compile: {e}"))
}
