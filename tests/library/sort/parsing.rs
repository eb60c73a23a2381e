//! Parsing and printing.

use super::*;

#[test]
fn parses_and_prints_canonically() {
    for (text, canonical) in [
        ("", ""),
        ("   ", ""),
        ("\t\r\n", ""),
        ("createdBy", "createdBy"),
        ("-createdDate", "-createdDate"),
        ("createdBy,createdDate", "createdBy,createdDate"),
        (" -createdDate , createdBy ", "-createdDate,createdBy"),
        ("\t-createdDate,\ncreatedBy\r\n", "-createdDate,createdBy"),
        ("createdBy.displayName,-_x9", "createdBy.displayName,-_x9"),
        ("a,a", "a,a"),
        ("notes,-index,prefix", "notes,-index,prefix"),
    ] {
        let sorters = Sorters::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(sorters.to_string(), canonical, "{text:?}");
        assert_eq!(Sorters::parse(canonical).unwrap(), sorters, "{text:?}");
    }
}

#[test]
fn parsed_keys_have_fields_directions_and_spans() {
    let sorters = Sorters::parse(" -createdDate , createdBy").unwrap();
    assert_eq!(
        sorters.keys(),
        [key("createdDate", true), key("createdBy", false)]
    );
    assert_eq!(sorters.keys()[0].span(), Some(Span::new(2, 13)));
    assert_eq!(sorters.keys()[1].span(), Some(Span::new(16, 25)));
    // Spans do not take part in equality.
    assert_eq!(
        sorters,
        Sorters::new([key("createdDate", true), key("createdBy", false)])
    );
    assert!(key("createdDate", true).span().is_none());
    assert!(Sorters::parse("").unwrap().is_empty());
    assert!(!sorters.is_empty());
}

#[test]
fn syntax_errors_say_what_and_where() {
    let cases: &[(&str, &str)] = &[
        (
            "createdBy,,createdDate",
            "invalid sorters at column 11: empty sort key: expected a field name before this `,`; remove the extra comma\n    createdBy,,createdDate\n              ^",
        ),
        (
            ",createdBy",
            "invalid sorters at column 1: empty sort key: expected a field name before this `,`; remove the extra comma\n    ,createdBy\n    ^",
        ),
        (
            "createdBy, ",
            "invalid sorters at column 10: trailing `,` with no sort key after it: remove it\n    createdBy,\n             ^",
        ),
        (
            "--createdDate",
            "invalid sorters at column 1: `--` is not a sort direction: a single `-` sorts descending, as in `-createdDate`\n    --createdDate\n    ^^",
        ),
        (
            "---",
            "invalid sorters at column 1: `---` is not a sort direction: a single `-` sorts descending\n    ---\n    ^^^",
        ),
        (
            "+createdDate",
            "invalid sorters at column 1: `+` is not a sort direction (SailPoint has no `+`): drop it to sort ascending, as in `createdDate`\n    +createdDate\n    ^",
        ),
        (
            "createdBy,+",
            "invalid sorters at column 11: `+` is not a sort direction (SailPoint has no `+`): drop it to sort ascending\n    createdBy,+\n              ^",
        ),
        (
            "createdBy,-",
            "invalid sorters at column 11: expected a field name after `-`\n    createdBy,-\n              ^",
        ),
        (
            "- createdDate",
            "invalid sorters at column 1: no space is allowed after `-`: write `-createdDate`\n    - createdDate\n    ^",
        ),
        (
            "created-by",
            "invalid sorters at column 1: `created-by` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    created-by\n    ^^^^^^^^^^",
        ),
        (
            "-1st",
            "invalid sorters at column 2: `1st` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    -1st\n     ^^^",
        ),
        (
            "createdBy.",
            "invalid sorters at column 1: `createdBy.` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    createdBy.\n    ^^^^^^^^^^",
        ),
        (
            "a,naïve",
            "invalid sorters at column 3: `naïve` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    a,naïve\n      ^^^^^",
        ),
        (
            "-not",
            "invalid sorters at column 2: `not` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    -not\n     ^^^",
        ),
        (
            "created Date",
            "invalid sorters at column 1: space inside the sort key `created Date`: field names have no spaces (`createdDate`), and keys are separated by `,`\n    created Date\n    ^^^^^^^^^^^^",
        ),
        // A direction as a word, as SQL writes it: the key with SailPoint's direction instead
        // (not `createdDatedesc`, the key with its space taken out).
        (
            "createdDate desc",
            "invalid sorters at column 13: `desc` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `-createdDate`\n    createdDate desc\n                ^^^^",
        ),
        (
            "name,createdBy.displayName  ASCENDING",
            "invalid sorters at column 29: `ASCENDING` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `createdBy.displayName`\n    name,createdBy.displayName  ASCENDING\n                                ^^^^^^^^^",
        ),
        // `-key desc` is descending either way: the suggestion keeps one `-`.
        (
            "-createdDate Desc",
            "invalid sorters at column 14: `Desc` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `-createdDate`\n    -createdDate Desc\n                 ^^^^",
        ),
        (
            "x, -created Date!",
            "invalid sorters at column 4: space inside the sort key `-created Date!`: field names have no spaces, and keys are separated by `,`\n    x, -created Date!\n       ^^^^^^^^^^^^^^",
        ),
        (
            "createdBy -createdDate",
            "invalid sorters at column 11: expected `,` before `-createdDate`: sort keys are separated by commas\n    createdBy -createdDate\n              ^^^^^^^^^^^^",
        ),
        (
            "createdBy;createdDate",
            "invalid sorters at column 1: `createdBy;createdDate` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    createdBy;createdDate\n    ^^^^^^^^^^^^^^^^^^^^^",
        ),
    ];
    for (text, expected) in cases {
        let err = Sorters::parse(text).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{text:?}");
    }
}

#[test]
fn error_kinds_spans_and_columns() {
    let err = Sorters::parse("a,,b").unwrap_err();
    assert_eq!(err.kind(), &SortersParseProblem::EmptyKey);
    assert_eq!((err.span(), err.column()), (Some(Span::new(2, 3)), Some(3)));
    assert_eq!(
        (err.line(), err.first().parameter()),
        (Some(1), Parameter::Sorters)
    );

    let err = Sorters::parse("a ,").unwrap_err();
    assert_eq!(err.kind(), &SortersParseProblem::TrailingComma);
    assert_eq!(err.span(), Some(Span::new(2, 3)));

    let err = Sorters::parse("+name").unwrap_err();
    assert!(
        matches!(err.kind(), SortersParseProblem::PlusSign { suggestion, .. } if *suggestion == Some("name".into())),
        "{:?}",
        err.kind()
    );

    // Columns count characters, not bytes.
    let limits = SortersLimits::default().with_max_length(4);
    let err = Sorters::parse_with("ééé", &limits).unwrap_err();
    assert_eq!((err.span(), err.column()), (Some(Span::new(4, 6)), Some(3)));
    let err = Sorters::parse("a,  ,x").unwrap_err();
    assert_eq!(err.column(), Some(5));

    let err = Sorters::parse("a,,b").unwrap_err();
    assert_eq!(
        err.message(),
        "column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
    );
    // The 400 body's cause names the parameter.
    assert_eq!(
        err.messages(),
        [
            "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
        ]
    );
    assert_eq!(
        err.to_error_body().causes[0].text,
        "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
    );
}

#[test]
fn control_characters_are_escaped_in_messages() {
    let err = Sorters::parse("a\u{7}b").unwrap_err();
    assert!(
        matches!(err.kind(), SortersParseProblem::InvalidFieldPath { path, .. } if *path == "a\u{7}b"),
        "{:?}",
        err.kind()
    );
    assert!(
        err.message()
            .starts_with("column 1: `a\\u{7}b` is not a field path"),
        "{}",
        err.message()
    );
}

#[test]
fn limits_name_the_bound() {
    let sixteen: Vec<String> = (0..16).map(|i| format!("f{i}")).collect();
    assert_eq!(Sorters::parse(&sixteen.join(",")).unwrap().keys().len(), 16);

    let seventeen = format!("{},f16", sixteen.join(","));
    let err = Sorters::parse(&seventeen).unwrap_err();
    assert!(
        matches!(err.kind(), SortersParseProblem::TooManyKeys { max: 16, .. }),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.span().unwrap().start, seventeen.len() - 3);
    assert_eq!(
        err.message(),
        format!(
            "column {}: more than 16 sort keys, over the limit",
            seventeen.len() - 2
        )
    );

    let long = format!("a{}", "b".repeat(1023));
    assert!(Sorters::parse(&long).is_ok());
    let too_long = format!("{long}c");
    let err = Sorters::parse(&too_long).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            SortersParseProblem::TooLong {
                len: 1025,
                max: 1024,
                ..
            }
        ),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.span(), Some(Span::new(1024, 1025)));
    assert!(err
        .to_string()
        .starts_with("invalid sorters at column 1025: the sorters are 1025 bytes long, over the limit of 1024 bytes\n"));

    // A cut inside a multi-byte character moves back to the character's start.
    let limits = SortersLimits::default().with_max_length(2);
    let err = Sorters::parse_with("aé", &limits).unwrap_err();
    assert_eq!(err.span(), Some(Span::new(1, 3)));

    let limits = SortersLimits::default().with_max_keys(0);
    assert!(Sorters::parse_with("", &limits).is_ok());
    assert!(
        matches!(
            Sorters::parse_with("a", &limits).unwrap_err().kind(),
            SortersParseProblem::TooManyKeys { max: 0, .. }
        ),
        "{:?}",
        Sorters::parse_with("a", &limits).unwrap_err().kind()
    );
}

#[test]
fn from_str_and_serde_use_the_canonical_string() {
    let sorters: Sorters = "-createdDate, createdBy".parse().unwrap();
    assert_eq!(
        serde_json::to_string(&sorters).unwrap(),
        r#""-createdDate,createdBy""#
    );
    let back: Sorters = serde_json::from_str(r#""-createdDate,createdBy""#).unwrap();
    assert_eq!(back, sorters);
    let err = serde_json::from_str::<Sorters>(r#""a,,b""#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("column 3: empty sort key: expected a field name before this `,`"),
        "{err}"
    );
    assert!(serde_json::from_str::<Sorters>("[1]").is_err());
}

#[test]
fn built_sorters_print_like_parsed_ones() {
    let sorters: Sorters = [key("createdDate", true), key("createdBy", false)]
        .into_iter()
        .collect();
    assert_eq!(sorters.to_string(), "-createdDate,createdBy");
    assert_eq!(
        Sorters::from(vec![SortKey::asc(FieldPath::from_static("name"))]).to_string(),
        "name"
    );
    assert_eq!(Sorters::default().to_string(), "");
}

/// A filter keyword is no field path in `sorters` either: the sorters grammar reads keys with
/// the filter grammar's `path`, in one pass.
#[test]
fn keywords_are_not_sort_keys() {
    for (text, path, column) in [
        ("eq", "eq", 1),
        ("-isnull", "isnull", 2),
        ("name,pr", "pr", 6),
        ("created, -and", "and", 11),
    ] {
        let err = Sorters::parse(text).unwrap_err();
        assert!(
            matches!(err.kind(), SortersParseProblem::InvalidFieldPath { path: got_path, .. } if *got_path == path),
            "{:?}: {text}",
            err.kind()
        );
        assert_eq!(err.column(), Some(column), "{text}");
    }
    // Longer words that start with a keyword, and keywords after a dot, are paths.
    let sorters = Sorters::parse("-equal,isnullable,a.pr,orders").unwrap();
    assert_eq!(sorters.to_string(), "-equal,isnullable,a.pr,orders");
}
