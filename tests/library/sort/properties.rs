//! Properties: the order against a reference written apart from `src/`, over text and
//! date-times chosen to be hard.

use super::*;
use crate::common::reference;

const FIELDS: [&str; 4] = ["n", "s", "d", "f"];

/// Pieces of text that need care when folded and compared: case pairs, `ß` and `ss`, Greek
/// sigmas (`ς` folds to `σ`), the Kelvin sign (folds to `k`), `İ` (folds to `i` and a
/// combining dot) and dotless `ı`, a combining acute accent beside the precomposed `é`,
/// digits, spaces.
const TEXT_PIECES: &[&str] = &[
    "a", "A", "b", "é", "É", "e\u{301}", "\u{301}", "ß", "ss", "SS", "z", "Ü", "ü", " ", "σ", "ς",
    "Σ", "ΟΔΟΣ", "\u{212A}", "k", "K", "İ", "i", "I", "ı", "9", "10",
];

/// Date-time text in the spellings SPEC §8 allows (offsets, `t` and `z`, fractions of up to
/// nine digits, the leap second `:60` read as `:59`, the ends of the range), some of them the
/// same instant; and text that only looks like a date-time.
const DATE_TIMES: &[&str] = &[
    "2024-01-01T10:00:00+05:00",
    "2024-01-01T05:00:00Z",
    "2024-01-01t05:00:00z",
    "2024-01-01T06:00:00Z",
    "2023-12-31T23:30:00-06:00",
    "2024-01-01T05:00:00.5Z",
    "2024-01-01T05:00:00.500000000+00:00",
    "2024-01-01T05:00:00.000000001Z",
    "2024-01-01T04:59:60Z",
    "2024-01-02T04:59:00+23:59",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999999Z",
];

/// Text that looks like a date-time and is none: it sorts as text, after every date-time.
const NOT_DATE_TIMES: &[&str] = &[
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01 05:00:00Z",
    "2024-01-01T05:00:00+24:00",
    "2024-01-01T05:00Z",
    "2024-01-01",
];

fn record_strategy() -> impl Strategy<Value = Value> {
    let n = prop::option::of(-3i64..3);
    let s = prop::option::of(prop_oneof![
        6 => prop::collection::vec(prop::sample::select(TEXT_PIECES), 0..3).prop_map(|p| p.concat()),
        1 => prop::sample::select(DATE_TIMES).prop_map(String::from),
        1 => prop::sample::select(NOT_DATE_TIMES).prop_map(String::from),
    ]);
    let d = prop::option::of(prop_oneof![
        6 => prop::sample::select(DATE_TIMES),
        1 => prop::sample::select(NOT_DATE_TIMES),
    ]);
    let f = prop::option::of(prop_oneof![
        (-2i64..2).prop_map(|i| json!(i)),
        (-4i32..4).prop_map(|i| json!(f64::from(i) / 2.0)),
    ]);
    (n, s, d, f, any::<bool>()).prop_map(|(n, s, d, f, present)| {
        let mut record = serde_json::Map::new();
        record.insert("n".into(), n.map_or(Value::Null, |n| json!(n)));
        if let Some(s) = s {
            record.insert("s".into(), json!(s));
        }
        record.insert("d".into(), d.map_or(Value::Null, |d| json!(d)));
        if present {
            record.insert("f".into(), f.unwrap_or(Value::Null));
        }
        Value::Object(record)
    })
}

fn sorters_strategy() -> impl Strategy<Value = Sorters> {
    (
        Just(FIELDS.to_vec()).prop_shuffle(),
        0..=FIELDS.len(),
        prop::collection::vec(any::<bool>(), FIELDS.len()),
    )
        .prop_map(|(fields, len, descending)| {
            fields
                .into_iter()
                .take(len)
                .zip(descending)
                .map(|(field, descending)| key(field, descending))
                .collect()
        })
}

/// SPEC §4's order, written from the specification rather than from the crate: per key, null
/// last (ascending); numbers numerically; text that reads as a date-time before other text,
/// date-times as instants; other text by its lowercase mapping. The folding and the
/// date-time reader are `tests/common/reference.rs`'s, written apart from `src/` (and from
/// the date-time crate `src/` uses).
fn reference_compare(sorters: &Sorters, a: &Value, b: &Value) -> Ordering {
    /// What a value sorts as, in the order of kinds.
    #[derive(PartialEq, PartialOrd)]
    enum Kind {
        Number(f64),
        Time(i128),
        Text(String),
    }
    let kind = |v: &Value| match v {
        Value::Number(n) => Kind::Number(n.as_f64().unwrap()),
        Value::String(s) => {
            reference::instant(s).map_or_else(|| Kind::Text(reference::fold(s)), Kind::Time)
        }
        other => panic!("no such value in the records: {other}"),
    };
    for key in sorters.keys() {
        let field = key.field.as_str();
        let (x, y) = (&a[field], &b[field]);
        let order = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            // Numbers here are small integers and halves: `f64` holds them exactly.
            (false, false) => kind(x).partial_cmp(&kind(y)).expect("no NaN"),
        };
        let order = if key.descending {
            order.reverse()
        } else {
            order
        };
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// The stable order by the reference comparison: input position breaks ties.
fn reference_sort(sorters: &Sorters, records: &[Value]) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..records.len()).collect();
    // An insertion sort, independent of the standard library's sort.
    for i in 1..indices.len() {
        let mut j = i;
        while j > 0
            && reference_compare(sorters, &records[indices[j - 1]], &records[indices[j]])
                == Ordering::Greater
        {
            indices.swap(j - 1, j);
            j -= 1;
        }
    }
    indices
}

fn positions(records: &[Value], sorted: &[&Value]) -> Vec<usize> {
    sorted
        .iter()
        .map(|r| records.iter().position(|x| std::ptr::eq(x, *r)).unwrap())
        .collect()
}

fn compile(sorters: &Sorters) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(FIELDS);
    plan_for(sorters, &schema)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sort_is_the_stable_reference_order(
        records in prop::collection::vec(record_strategy(), 0..40),
        sorters in sorters_strategy(),
    ) {
        let plan = compile(&sorters);
        let mut refs: Vec<&Value> = records.iter().collect();
        plan.sort(&mut refs);
        prop_assert_eq!(positions(&records, &refs), reference_sort(&sorters, &records));
    }

    #[test]
    fn top_k_is_the_prefix_of_the_full_sort(
        records in prop::collection::vec(record_strategy(), 0..60),
        sorters in sorters_strategy(),
        k in 0usize..70,
    ) {
        let plan = compile(&sorters);
        let mut full: Vec<&Value> = records.iter().collect();
        plan.sort(&mut full);
        full.truncate(k);
        let top = plan.top(records.iter(), k);
        prop_assert_eq!(positions(&records, &top), positions(&records, &full));
    }

    #[test]
    fn compare_is_antisymmetric_and_agrees_with_the_reference(
        a in record_strategy(),
        b in record_strategy(),
        sorters in sorters_strategy(),
    ) {
        let plan = compile(&sorters);
        prop_assert_eq!(plan.compare(&a, &b), reference_compare(&sorters, &a, &b));
        prop_assert_eq!(plan.compare(&a, &b), plan.compare(&b, &a).reverse());
    }

    #[test]
    fn sorters_print_and_parse_back(sorters in sorters_strategy()) {
        let text = sorters.to_string();
        prop_assert!(!text.contains(' '));
        prop_assert_eq!(Sorters::parse(&text).unwrap(), sorters);
    }

    #[test]
    fn parsing_never_panics(text in "[-+, a-zA-Z0-9_.é\t\u{0}]{0,40}") {
        match Sorters::parse(&text) {
            Ok(sorters) => {
                let reparsed = Sorters::parse(&sorters.to_string()).unwrap();
                prop_assert_eq!(reparsed, sorters);
            }
            Err(err) => {
                let span = err.span().expect("a parse error has a position");
                prop_assert!(span.end <= text.len());
                prop_assert!(err.column().is_some());
                prop_assert!(!matches!(err.kind(), SortersParseProblem::Internal | SortersParseProblem::Unexpected { .. }), "{}", err);
            }
        }
    }

    #[test]
    fn mixed_values_never_break_the_order(
        values in prop::collection::vec(prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-3i64..3).prop_map(Value::from),
            (-3.0f64..3.0).prop_map(Value::from),
            prop::sample::select(vec![
                "2024-01-01T10:00:00+05:00", "2024-01-01T06:00:00Z", "2024-01-01T08x",
                "2024-01-01T05:00:00Z", "abc", "ABC", "9", "",
            ]).prop_map(Value::from),
            Just(json!(["x"])),
            Just(json!([])),
            Just(json!({"a": 1})),
        ], 0..60),
        descending in any::<bool>(),
        k in 0usize..70,
    ) {
        let records: Vec<Value> = values.into_iter().map(|v| json!({"v": v})).collect();
        let plan = compile_v(descending);
        let mut full: Vec<&Value> = records.iter().collect();
        plan.sort(&mut full);
        // The order is consistent: each record is ≤ the next, and the result is a permutation.
        for pair in full.windows(2) {
            prop_assert_ne!(plan.compare(pair[0], pair[1]), Ordering::Greater);
        }
        let mut seen = positions(&records, &full);
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..records.len()).collect::<Vec<_>>());
        full.truncate(k);
        let top = plan.top(records.iter(), k);
        prop_assert_eq!(positions(&records, &top), positions(&records, &full));
    }
}

/// ASCII pieces whose concatenations are long enough to be compared in words of eight bytes,
/// with case-only differences and the bytes between `Z` and `a` (which lowercasing moves).
const ASCII_PIECES: &[&str] = &[
    "RM Session",
    "rm session",
    "RM SESSION",
    " backlog",
    " Backlog",
    "_",
    "[",
    "`",
    "z",
    "Z",
    "ashley.pierce",
    "Ashley.Pierce",
    "1",
    "12",
    "a",
    "A",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `top` over long ASCII text, some of it equal but for case: the first `k` of the
    /// reference's stable order.
    #[test]
    fn top_orders_long_ascii_text_as_the_reference(
        texts in prop::collection::vec(
            prop::option::of(prop::collection::vec(prop::sample::select(ASCII_PIECES), 0..6)),
            0..60,
        ),
        descending in any::<bool>(),
        k in 0usize..70,
    ) {
        let records: Vec<Value> = texts
            .into_iter()
            .map(|t| t.map_or_else(|| json!({}), |pieces| json!({"s": pieces.concat()})))
            .collect();
        let sorters = Sorters::new([key("s", descending)]);
        let top = compile(&sorters).top(records.iter(), k);
        let mut expected = reference_sort(&sorters, &records);
        expected.truncate(k);
        prop_assert_eq!(positions(&records, &top), expected);
    }
}

fn compile_v(descending: bool) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(["v"]);
    plan_for(&Sorters::new([key("v", descending)]), &schema)
}
