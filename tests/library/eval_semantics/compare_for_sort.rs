//! `compare_for_sort`: the order of text, numbers and date-times.

use super::*;

/// 9999-12-31T23:59:59Z, the "never" date.
fn never() -> DateTime {
    "9999-12-31T23:59:59Z".parse().unwrap()
}

#[test]
fn compare_for_sort_uses_the_same_text_number_and_time_rules() {
    use FieldRef::*;
    for (a, b, case_sensitive, expected) in [
        (Str("alice"), Str("Bob"), false, Ordering::Less),
        (Str("alice"), Str("Bob"), true, Ordering::Greater),
        (Str("Ü"), Str("ü"), false, Ordering::Equal),
        (Str("ß"), Str("SS"), false, Ordering::Greater),
        (Str("ΟΔΟΣ"), Str("οδοσ"), false, Ordering::Equal),
        (Str("É"), Str("f"), false, Ordering::Greater),
        (Int(2), Float(1.5), false, Ordering::Greater),
        (Int(1), Float(1.0), false, Ordering::Equal),
        (
            Int(i64::MAX),
            Float(9_223_372_036_854_775_808.0),
            false,
            Ordering::Less,
        ),
        (
            Str("2024-01-01T10:00:00+05:00"),
            Str("2024-01-01T06:00:00Z"),
            false,
            Ordering::Less,
        ),
        (
            Str("2024-01-01T10:00:00+02:00"),
            Str("2024-01-01T08:00:00Z"),
            false,
            Ordering::Equal,
        ),
        (Bool(false), Bool(true), false, Ordering::Less),
        // Date-times over the whole range, also past what `jiff::Timestamp` holds.
        (
            Str("9999-12-31T23:59:59Z"),
            DateTime(never()),
            false,
            Ordering::Equal,
        ),
        (
            Str("9999-12-31T22:00:00Z"),
            DateTime(never()),
            false,
            Ordering::Less,
        ),
        (
            DateTime(sailpoint_filters::DateTime::MIN),
            Str("0000-01-01T01:00:00+01:00"),
            false,
            Ordering::Equal,
        ),
        (
            DateTime(sailpoint_filters::DateTime::MAX),
            DateTime(never()),
            false,
            Ordering::Greater,
        ),
    ] {
        assert_eq!(
            compare_for_sort(a, b, case_sensitive),
            expected,
            "{a:?} {b:?}"
        );
        assert_eq!(
            compare_for_sort(b, a, case_sensitive),
            expected.reverse(),
            "{b:?} {a:?}"
        );
    }
}
