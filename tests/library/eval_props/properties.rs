//! The properties, and checks of the generators.

use super::*;

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
