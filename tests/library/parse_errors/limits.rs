//! Limits: nesting, length, list size, and custom limits.

use super::*;

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let input = format!("{}a eq 1{}", "(".repeat(100_000), ")".repeat(100_000));
    let err = Filter::parse(&input).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
        "{:?}",
        err.kind()
    );
    // The 65th `(` is the one too many.
    assert_eq!(err.column(), Some(65));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column 65: parentheses and `not`s are nested more than 64 deep, over the nesting limit\n    \
             …{}…\n    {}^",
            "(".repeat(81),
            " ".repeat(41)
        )
    );
}

#[test]
fn nots_count_towards_the_nesting_limit() {
    // Sixty-four levels are allowed, however they are made up.
    let nots = format!("{}a eq 1", "not ".repeat(64));
    let filter = Filter::parse(&nots).unwrap();
    assert_eq!(filter.depth(), 65);
    assert_eq!(filter.to_string(), nots);
    let mixed = format!("{}a eq 1{}", "not (".repeat(32), ")".repeat(32));
    assert!(Filter::parse(&mixed).is_ok());

    // The 65th is one too many: a long `not` chain would otherwise make a tree thousands of
    // levels deep from 16 KiB of text.
    let err = Filter::parse(&format!("{}a eq 1", "not ".repeat(65))).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.column(), Some(64 * 4 + 1));
    let err = Filter::parse(&format!("not {mixed}")).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
        "{:?}",
        err.kind()
    );
    // The innermost `(`, after 33 `not`s and 31 groups.
    assert_eq!(err.column(), Some(4 + 31 * 5 + 5));

    // List parentheses count as well: `(a in (1))` is two deep.
    let options = ParseOptions {
        limits: Limits::default().with_max_depth(1),
        ..ParseOptions::default()
    };
    let err = Filter::parse_with("(a in (1))", &options).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooDeep { max: 1, .. }),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.column(), Some(7));
    let err = Filter::parse_with("not not a eq 1", &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 5: parentheses and `not`s are nested more than 1 deep, over the nesting limit\n    \
         not not a eq 1\n        ^^^"
    );
}

#[test]
fn a_mebibyte_is_too_long() {
    let input = format!("name eq \"{}\"", "x".repeat((1 << 20) - 10));
    assert_eq!(input.len(), 1 << 20);
    let err = Filter::parse(&input).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ParseProblem::TooLong {
                len: 1_048_576,
                max: 16_384,
                ..
            }
        ),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.column(), Some(16_385));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column 16385: the filter is 1048576 bytes long, over the limit of 16384 bytes\n    \
             …{}…\n    {}{}",
            "x".repeat(80),
            " ".repeat(41),
            "^".repeat(40)
        )
    );
}

#[test]
fn a_thousand_and_one_values_are_too_many() {
    let values: Vec<String> = (1..=1001).map(|i| i.to_string()).collect();
    let input = format!("id in ({})", values.join(", "));
    let err = Filter::parse(&input).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooManyValues { max: 1000, .. }),
        "{:?}",
        err.kind()
    );
    // The 1,001st value is the one too many.
    let at = input.find("1001").unwrap();
    assert_eq!(err.span().map(|s| s.start), Some(at));
    assert_eq!(err.column(), Some(at + 1));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column {}: the list holds more than 1000 values, over the limit for one list\n    \
             …93, 994, 995, 996, 997, 998, 999, 1000, 1001)\n    {}^^^^",
            at + 1,
            " ".repeat(41)
        )
    );
    // A thousand is fine.
    let input = format!("id in ({})", values[..1000].join(", "));
    assert!(Filter::parse(&input).is_ok());
}

#[test]
fn custom_limits_are_honoured() {
    let with = |limits: Limits| ParseOptions {
        limits,
        ..ParseOptions::default()
    };

    let err = Filter::parse_with(
        "a eq 1 and b eq 2",
        &with(Limits::default().with_max_length(10)),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 11: the filter is 17 bytes long, over the limit of 10 bytes\n    \
         a eq 1 and b eq 2\n              ^^^^^^^"
    );
    assert!(
        Filter::parse_with(
            "a eq 1 and b eq 2",
            &with(Limits::default().with_max_length(17))
        )
        .is_ok()
    );

    let err =
        Filter::parse_with("((a eq 1))", &with(Limits::default().with_max_depth(1))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 2: parentheses and `not`s are nested more than 1 deep, over the nesting limit\n    \
         ((a eq 1))\n     ^"
    );
    assert!(Filter::parse_with("((a eq 1))", &with(Limits::default().with_max_depth(2))).is_ok());

    let err = Filter::parse_with(
        "a in (1, 2, 3)",
        &with(Limits::default().with_max_list_values(2)),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 13: the list holds more than 2 values, over the limit for one list\n    \
         a in (1, 2, 3)\n                ^"
    );
    assert!(
        Filter::parse_with(
            "a in (1, 2)",
            &with(Limits::default().with_max_list_values(2))
        )
        .is_ok()
    );

    // Lenient or strict, the limits apply the same.
    let strict = ParseOptions {
        syntax: Syntax::Strict,
        limits: Limits::default().with_max_length(3),
    };
    assert!(matches!(
        Filter::parse_with("a eq 1", &strict).unwrap_err().kind(),
        ParseProblem::TooLong { len: 6, max: 3, .. }
    ));
}
