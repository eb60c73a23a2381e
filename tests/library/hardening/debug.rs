//! `Debug` prints what `#[derive(Debug)]` printed; cloning, hashing and reading JSON keep
//! the tree's shape.

use super::*;

/// The shapes `#[derive(Debug)]` gave `Filter` and `FilterKind`, to compare with.
mod derived {
    use sailpoint_filters::filter::ConditionSpans;
    use sailpoint_filters::{Condition, Span};

    #[allow(dead_code)] // read by `Debug` only
    #[derive(Debug)]
    pub struct Filter {
        pub kind: FilterKind,
        pub span: Option<Span>,
        pub condition_spans: Option<Box<ConditionSpans>>,
    }

    #[allow(dead_code)] // read by `Debug` only
    #[derive(Debug)]
    pub enum FilterKind {
        And(Vec<Filter>),
        Or(Vec<Filter>),
        Not(Box<Filter>),
        Condition(Condition),
    }

    pub fn mirror(filter: &sailpoint_filters::Filter) -> Filter {
        use sailpoint_filters::FilterKind as K;
        Filter {
            kind: match filter.kind() {
                K::And(xs) => FilterKind::And(xs.iter().map(mirror).collect()),
                K::Or(xs) => FilterKind::Or(xs.iter().map(mirror).collect()),
                K::Not(x) => FilterKind::Not(Box::new(mirror(x))),
                K::Condition(c) => FilterKind::Condition(c.clone()),
            },
            span: filter.span(),
            condition_spans: filter.condition_spans().cloned().map(Box::new),
        }
    }
}

#[test]
fn debug_prints_what_the_derived_debug_printed() {
    for text in [
        "saved eq true",
        "not saved eq true",
        "not not (a eq 1 or b in (\"x\", 2.5)) and pr c and d isnull",
        "a eq \"q\\\"uote\" or (b sw 'x' and not (c gt 2024-01-01T00:00:00+01:00))",
    ] {
        let parsed = Filter::parse(text).unwrap();
        for filter in [parsed.clone(), parsed.without_spans()] {
            let mirror = derived::mirror(&filter);
            assert_eq!(format!("{filter:?}"), format!("{mirror:?}"), "{text}");
            assert_eq!(format!("{filter:#?}"), format!("{mirror:#?}"), "{text}");
            // Through `FilterKind`'s own (derived) Debug too.
            assert_eq!(
                format!("{:?}", filter.kind()),
                format!("{:?}", mirror.kind),
                "{text}"
            );
        }
    }
}

#[test]
fn clone_keeps_spans_and_hash_ignores_them() {
    let parsed = Filter::parse("not (a eq 1 or b eq 2) and c eq 3").unwrap();
    let copy = parsed.clone();
    assert_eq!(format!("{copy:?}"), format!("{parsed:?}"));
    let bare = parsed.clone().without_spans();
    assert_eq!(bare, parsed);
    assert_eq!(hash_of(&bare), hash_of(&parsed));
    assert_ne!(
        hash_of(&parsed),
        hash_of(&Filter::parse("not (a eq 1 or b eq 2) or c eq 3").unwrap())
    );
    assert_ne!(
        Filter::parse("a eq 1 and b eq 2").unwrap(),
        Filter::parse("a eq 1 and b eq 2 and c eq 3").unwrap()
    );
}

#[test]
fn json_reading_checks_the_shape() {
    let read = |json: &str| serde_json::from_str::<Filter>(json).map_err(|e| e.to_string());
    assert_eq!(
        read(r#"{"and": [{"field": "a", "op": "pr"}]}"#),
        Ok(Filter::parse("pr a").unwrap())
    );
    assert_eq!(
        read(
            r#"{"and": [{"and": [{"field": "a", "op": "pr"}, {"field": "b", "op": "pr"}]}, {"field": "c", "op": "pr"}]}"#
        ),
        Ok(Filter::parse("pr a and pr b and pr c").unwrap())
    );
    for (json, message) in [
        (r#"{"and": []}"#, "an `and`/`or` needs at least one operand"),
        (r#"{}"#, "an empty object is not a filter"),
        (
            r#"{"not": {"field": "a", "op": "pr"}, "and": []}"#,
            "an `and`, `or` or `not` object has exactly one key",
        ),
        (
            r#"{"field": "a", "op": "pr", "not": {"field": "a", "op": "pr"}}"#,
            "a condition object has only `field`, `op`, `value` and `values`",
        ),
        (
            r#"{"field": "a", "field": "b", "op": "pr"}"#,
            "a key of a condition is given twice",
        ),
        (r#"{"op": "pr"}"#, "missing field `field`"),
        (r#"{"field": "a"}"#, "missing field `op`"),
        (
            r#"{"field": "a", "op": "eq"}"#,
            "`eq` takes exactly one \"value\"",
        ),
        (
            r#"{"field": "a", "op": "in", "values": []}"#,
            "`in` needs at least one value in \"values\"",
        ),
        (
            r#"{"field": "a b", "op": "pr"}"#,
            "`a b` is not a field path",
        ),
        (
            r#"{"field": "a", "op": "pr", "x": 1}"#,
            "unknown variant `x`",
        ),
        (r#"[1]"#, "invalid type: sequence, expected a filter"),
    ] {
        let err = read(json).unwrap_err();
        assert!(err.starts_with(message), "{json}: {err}");
    }
}

#[test]
fn a_filter_kind_reads_like_a_filter_in_normal_form() {
    let read = |json: &str| serde_json::from_str::<FilterKind>(json).map_err(|e| e.to_string());
    // A one-operand `and` is its operand; nested `and`s are flattened.
    assert_eq!(
        read(r#"{"and": [{"field": "a", "op": "pr"}]}"#),
        Ok(Filter::parse("pr a").unwrap().into_kind())
    );
    assert_eq!(
        read(
            r#"{"and": [{"and": [{"field": "a", "op": "pr"}, {"field": "b", "op": "pr"}]}, {"field": "c", "op": "pr"}]}"#
        ),
        Ok(Filter::parse("pr a and pr b and pr c").unwrap().into_kind())
    );
    assert!(
        read(r#"{"and": []}"#)
            .unwrap_err()
            .starts_with("an `and`/`or` needs at least one operand")
    );
}

// =============================================================================================
