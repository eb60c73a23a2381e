//! Proptest strategies for filter trees and filter text, shared by the property tests of the
//! parser and of queries.
//!
//! Trees are built with the public constructors, so they are in the normal form the parser
//! produces (n-ary `and`/`or`, no one-operand junctions).

use proptest::prelude::*;
use sailpoint_filters::{CmpOp, DateTime, FieldPath, Filter, ListOp, Value};

use super::date_text::spelled;

/// The earliest and latest instants a filter can write: 0000-01-01T00:00:00Z and
/// 9999-12-31T23:59:59Z (SPEC §8).
const EARLIEST_SECOND: i64 = -62_167_219_200;
const LATEST_SECOND: i64 = 253_402_300_799;

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "pr", "isnull", "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca",
];

/// A name: a letter or `_`, then letters, digits or `_`; sometimes a keyword-like word that is
/// still a valid name (`notes`, `order`).
fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z_][A-Za-z0-9_]{0,8}",
        1 => prop::sample::select(KEYWORDS).prop_map(|k| format!("{k}x")),
        1 => prop::sample::select(KEYWORDS).prop_map(|k| format!("_{k}")),
    ]
}

/// A dotted field path of one to three names. Later segments may be keywords (`a.in`).
pub fn field_path() -> impl Strategy<Value = FieldPath> {
    (
        ident(),
        prop::collection::vec(
            prop_oneof![3 => ident(), 1 => prop::sample::select(KEYWORDS).prop_map(String::from)],
            0..3,
        ),
    )
        .prop_filter_map("a path may not start with a keyword", |(first, rest)| {
            let path = std::iter::once(first)
                .chain(rest)
                .collect::<Vec<_>>()
                .join(".");
            FieldPath::new(path).ok()
        })
}

/// Strings with the characters that need care: quotes, backslashes, parentheses, commas,
/// whitespace of every kind, keywords, and non-ASCII text.
pub fn string_value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => r#"[a-zA-Z0-9 "'\\(),.\t\r\n_-]{0,12}"#,
        1 => "(and|or|not| |\"|\\\\|é|ß|✓|日本|🦀|\u{0}|\u{7f}){0,6}",
        1 => any::<String>(),
    ]
}

pub fn integer() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        2 => -1000i64..1000,
        1 => prop::sample::select(vec![i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1, 0, -1]),
    ]
}

/// Finite floats, from subnormal to the largest.
pub fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<f64>().prop_filter("finite", |x| x.is_finite()),
        2 => (-1000i32..1000, 1u32..1000).prop_map(|(a, b)| f64::from(a) / f64::from(b)),
        1 => prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            -0.5,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            -5e-324,
            1e21,
            1e-7,
            9007199254740993.0,
        ]),
    ]
}

/// Instants from 0000-01-01 to the end of 9999, with nanoseconds, and the ends of the range.
pub fn date_time() -> impl Strategy<Value = DateTime> {
    prop_oneof![
        8 => (
            EARLIEST_SECOND..=LATEST_SECOND,
            prop_oneof![
                Just(0u32),
                0u32..1_000_000_000,
                (0u32..1000).prop_map(|ms| ms * 1_000_000)
            ],
        )
            .prop_filter_map("in range", |(s, ns)| DateTime::from_unix(s, ns).ok()),
        1 => prop::sample::select(vec![DateTime::MIN, DateTime::MAX, DateTime::MAX.truncated_to_second()]),
    ]
}

/// Instants of [`date_time`] in every RFC 3339 spelling SPEC §8 allows: [`spelled`].
pub fn date_time_text() -> impl Strategy<Value = (DateTime, String)> {
    date_time().prop_flat_map(|t| spelled(t).prop_map(move |text| (t, text)))
}

pub fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => string_value().prop_map(Value::String),
        2 => integer().prop_map(Value::Integer),
        2 => float().prop_filter_map("finite", Value::float),
        1 => any::<bool>().prop_map(Value::Boolean),
        2 => date_time().prop_map(Value::DateTime),
    ]
}

pub fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(CmpOp::ALL.to_vec())
}

/// One condition: a comparison, a list, `pr` or `isnull`.
pub fn condition() -> impl Strategy<Value = Filter> {
    prop_oneof![
        4 => (field_path(), cmp_op(), value()).prop_map(|(f, op, v)| Filter::compare(f, op, v)),
        2 => (
            field_path(),
            prop::sample::select(vec![ListOp::In, ListOp::Ca]),
            prop::collection::vec(value(), 1..5),
        )
            .prop_filter_map("a list is never empty", |(f, op, vs)| Filter::list(f, op, vs)),
        1 => field_path().prop_map(Filter::present),
        1 => field_path().prop_map(Filter::is_null),
    ]
}

/// Any normalised filter tree: conditions under `and`, `or` and `not`, a few levels deep.
pub fn filter() -> impl Strategy<Value = Filter> {
    condition().prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 2..5)
                .prop_filter_map("two or more", Filter::all),
            2 => prop::collection::vec(inner.clone(), 2..5)
                .prop_filter_map("two or more", Filter::any),
            1 => inner.prop_map(Filter::not),
        ]
    })
}

/// Pieces of filter text, right and wrong, for building inputs that get far into the parser.
pub fn filterish_text() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "a",
        "name",
        "saved",
        "identitySummary.id",
        "a.b.",
        "_x",
        "eq",
        "ne",
        "gt",
        "ge",
        "lt",
        "le",
        "co",
        "sw",
        "in",
        "ca",
        "pr",
        "isnull",
        "and",
        "or",
        "not",
        "EQ",
        "AND",
        "Not",
        "ew",
        "like",
        "=",
        "!=",
        "&&",
        "||",
        "!",
        "(",
        ")",
        "((",
        "))",
        ",",
        "\"",
        "'",
        "\\",
        "\"x\"",
        "\"RM Session\"",
        "'y'",
        "\"a\\\"b\"",
        "\"\\n\"",
        "1",
        "-3",
        "2.5",
        "-0.0",
        "007",
        "99999999999999999999",
        "1.",
        "true",
        "false",
        "TRUE",
        "null",
        "2018-12-18T23:05:55Z",
        "2023-02-05T10:59:27.214+02:00",
        "2021-13-01T00:00:00Z",
        "0000-01-01T00:00:00+01:00",
        "2025-08-01",
        "PENDING",
        "550e8400-e29b-41d4-a716-446655440000",
        "filters=",
        "count=",
        "é",
        "\u{1}",
        "…",
    ];
    const GAPS: &[&str] = &["", " ", " ", " ", "  ", "\t", "\n", "\r\n"];
    prop::collection::vec(
        (prop::sample::select(TOKENS), prop::sample::select(GAPS)),
        0..24,
    )
    .prop_map(|parts| parts.into_iter().flat_map(|(t, g)| [t, g]).collect())
}

/// A value as a person might type it in the lenient syntax: double or single quotes, a bare
/// word, numbers with leading zeros or trailing fraction zeros, date-times with offsets.
fn value_text() -> impl Strategy<Value = String> {
    let double = string_value()
        .prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")));
    let single =
        string_value().prop_map(|s| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")));
    let offset_date = date_time_text().prop_map(|(_, text)| text);
    prop_oneof![
        3 => double,
        1 => single,
        2 => "[A-Za-z0-9_.:@+-]{1,12}".prop_filter("keywords and `null` are not bare words", |w| {
            !KEYWORDS.contains(&w.as_str()) && w != "null"
        }),
        1 => "-?[0-9]{1,4}(\\.[0-9]{1,4})?",
        1 => integer().prop_map(|i| i.to_string()),
        1 => float().prop_filter_map("finite", Value::float).prop_map(|v| v.to_string()),
        1 => prop::sample::select(vec!["true", "false", "007", "2025-08-01", "-0", "1.50"])
            .prop_map(String::from),
        1 => date_time().prop_map(|t| t.to_string()),
        1 => offset_date,
    ]
}

fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", " ", " ", "  ", "\t", "\n", "\r\n", " \t "])
}

/// Text of a valid filter in the lenient syntax, spelled in the many ways the parser accepts:
/// any quoting, spacing and redundant parentheses.
pub fn lenient_text() -> impl Strategy<Value = String> {
    let op = prop::sample::select(vec!["eq", "ne", "gt", "ge", "lt", "le", "co", "sw"]);
    let list_op = prop::sample::select(vec!["in", "ca"]);
    let condition = prop_oneof![
        4 => (field_path(), gap(), op, gap(), value_text())
            .prop_map(|(f, g1, op, g2, v)| format!("{f}{g1}{op}{g2}{v}")),
        2 => (
            field_path(),
            gap(),
            list_op,
            prop::sample::select(vec!["", " "]),
            prop::collection::vec((value_text(), prop::sample::select(vec!["", " ", "\n"])), 1..4),
        )
            .prop_map(|(f, g, op, g2, vs)| {
                let items: Vec<String> = vs.into_iter().map(|(v, g)| format!("{g}{v}{g}")).collect();
                format!("{f}{g}{op}{g2}({})", items.join(","))
            }),
        1 => (gap(), field_path()).prop_map(|(g, f)| format!("pr{g}{f}")),
        1 => (field_path(), gap()).prop_map(|(f, g)| format!("{f}{g}isnull")),
    ];
    condition.prop_recursive(5, 32, 3, |inner| {
        prop_oneof![
            2 => (inner.clone(), gap(), prop::sample::select(vec!["and", "or"]), gap(), inner.clone())
                .prop_map(|(a, g1, k, g2, b)| format!("({a}){g1}{k}{g2}({b})")),
            2 => (inner.clone(), prop::sample::select(vec!["and", "or"]), inner.clone())
                .prop_map(|(a, k, b)| format!("{a} {k} {b}")),
            1 => (gap(), inner.clone()).prop_map(|(g, a)| format!("not{g}({a})")),
            1 => inner.clone().prop_map(|a| format!("not ({a})")),
            1 => inner.prop_map(|a| format!("( {a} )")),
        ]
    })
}

/// A valid lenient filter with one small edit: a piece cut out, a token put in, or a piece
/// upper-cased. Most are invalid in some interesting place; some still parse.
pub fn near_miss_text() -> impl Strategy<Value = String> {
    const INSERTS: &[&str] = &[
        "(", ")", ",", "\"", "'", "\\", " and ", " or ", "not ", " eq ", "EQ", "AND", "ew", "=",
        "&&", "null", "filters=", "()", "in ()", "\u{1}", "é", "1", ".", " ",
    ];
    (
        lenient_text(),
        0usize..3,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::sample::select(INSERTS),
    )
        .prop_map(|(text, edit, at, len, insert)| {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let start = bounds[at.index(bounds.len())];
            let end = bounds[(at.index(bounds.len()) + len.index(4)).min(bounds.len() - 1)];
            match edit {
                0 => format!("{}{}", &text[..start], &text[end..]),
                1 => format!("{}{insert}{}", &text[..start], &text[start..]),
                _ => format!(
                    "{}{}{}",
                    &text[..start],
                    text[start..end].to_uppercase(),
                    &text[end..]
                ),
            }
        })
}
