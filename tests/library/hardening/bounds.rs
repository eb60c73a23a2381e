//! One test per bound on input.

use super::*;

#[test]
fn filter_text_length_is_bounded() {
    let at_limit = format!("a eq \"{}\"", "x".repeat(16 * 1024 - 7));
    assert_eq!(at_limit.len(), 16 * 1024);
    assert!(Filter::parse(&at_limit).is_ok());
    let over = format!("a eq \"{}\"", "x".repeat(16 * 1024 - 6));
    assert!(
        matches!(Filter::parse(&over).unwrap_err().kind(), ParseProblem::TooLong { len, max, .. } if *len == 16 * 1024 + 1 && *max == 16 * 1024),
        "{:?}",
        Filter::parse(&over).unwrap_err().kind()
    );
    // Ten megabytes are refused after a look at the first 16 KiB.
    let huge = "(".repeat(10 << 20);
    assert!(matches!(
        Filter::parse(&huge).unwrap_err().kind(),
        ParseProblem::TooDeep { .. } | ParseProblem::TooLong { .. }
    ));
    let huge = "a eq 1 and ".repeat(1 << 20);
    assert!(matches!(
        Filter::parse(&huge).unwrap_err().kind(),
        ParseProblem::TooLong { .. }
    ));
}

#[test]
fn nesting_depth_is_bounded() {
    let nested = |n: usize| format!("{}a eq 1{}", "(".repeat(n), ")".repeat(n));
    assert!(Filter::parse(&nested(64)).is_ok());
    assert!(
        matches!(
            Filter::parse(&nested(65)).unwrap_err().kind(),
            ParseProblem::TooDeep { max: 64, .. }
        ),
        "{:?}",
        Filter::parse(&nested(65)).unwrap_err().kind()
    );
    let nots = |n: usize| format!("{}a eq 1", "not ".repeat(n));
    assert!(Filter::parse(&nots(64)).is_ok());
    assert!(
        matches!(
            Filter::parse(&nots(65)).unwrap_err().kind(),
            ParseProblem::TooDeep { max: 64, .. }
        ),
        "{:?}",
        Filter::parse(&nots(65)).unwrap_err().kind()
    );
}

#[test]
fn list_length_is_bounded() {
    let list = |n: usize| format!("a in ({})", vec!["1"; n].join(","));
    let FilterKind::Condition(c) = Filter::parse(&list(1000)).unwrap().into_kind() else {
        panic!("not a condition")
    };
    assert_eq!(c.values().len(), 1000);
    assert!(
        matches!(
            Filter::parse(&list(1001)).unwrap_err().kind(),
            ParseProblem::TooManyValues { max: 1000, .. }
        ),
        "{:?}",
        Filter::parse(&list(1001)).unwrap_err().kind()
    );
}

#[test]
fn number_magnitude_is_bounded() {
    let out_of_range = |text: &str| {
        let err = Filter::parse(&format!("a eq {text}")).unwrap_err();
        assert!(
            matches!(err.kind(), ParseProblem::NumberOutOfRange { text: got_text, .. } if *got_text == text),
            "{:?}: {text}",
            err.kind()
        );
    };
    assert!(Filter::parse("a eq 9223372036854775807 and b eq -9223372036854775808").is_ok());
    out_of_range("9223372036854775808");
    out_of_range("-9223372036854775809");
    // A float too large for f64 would be infinite.
    out_of_range(&format!("1{}.0", "0".repeat(309)));
    assert!(Filter::parse(&format!("a eq 1{}.0", "0".repeat(307))).is_ok());
    // Digit strings as long as the text limit allows are refused or read in linear time.
    let digits = "9".repeat(16 * 1024 - 10);
    out_of_range(&digits);
    out_of_range(&format!("{digits}.5"));
    // The message names such a number by its first digits and its length, not whole.
    let message = Filter::parse(&format!("a eq {digits}"))
        .unwrap_err()
        .kind()
        .to_string();
    assert!(
        message.starts_with(&format!(
            "the number {}… ({} characters) is out of range",
            "9".repeat(24),
            digits.len()
        )),
        "{message}"
    );
    assert!(message.len() < 200, "{message}");
    let tiny = format!("a eq 0.{}1", "0".repeat(16 * 1024 - 10));
    assert!(matches!(
        Filter::parse(&tiny).unwrap().kind(),
        FilterKind::Condition(_)
    ));
}

#[test]
fn query_string_size_is_bounded() {
    let over = format!("filters=a+eq+1&x={}", "y".repeat(64 * 1024));
    let err = CollectionQuery::from_query_string(&over).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert!(
        matches!(err.kind(), Problem::Request(RequestProblem::TooLong { len: got_len, max, .. }) if *got_len == over.len() && *max == 64 * 1024),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.first().parameter(), Parameter::QueryString);
    assert_eq!(
        err.messages(),
        [format!(
            "the query string is {} bytes long, over the limit of 65536 bytes",
            over.len()
        )]
    );
    let at_limit = format!("x={}", "y".repeat(64 * 1024 - 2));
    assert!(CollectionQuery::from_query_string(&at_limit).is_ok());
    // Ten megabytes of separators are refused before they are split.
    let huge = "&".repeat(10 << 20);
    let err = CollectionQuery::from_query_string(&huge).unwrap_err();
    assert!(
        matches!(err.kind(), Problem::Request(RequestProblem::TooLong { len, max, .. }) if *len == 10 << 20 && *max == 64 * 1024),
        "{:?}",
        err.kind()
    );
    // Within the bound, each parameter is bounded by its own parser.
    let options = QueryOptions::default();
    let long_filter = format!("filters={}", "a+eq+1+and+".repeat(2000));
    let err = CollectionQuery::from_query_string_with(&long_filter, &options).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert!(
        matches!(err.kind(), Problem::Parse(ParseProblem::TooLong { len, max, .. }) if *len == 2000 * 11 && *max == 16 * 1024),
        "{:?}",
        err.kind()
    );
}

#[test]
fn sorter_count_and_length_are_bounded() {
    let keys = |n: usize| {
        (0..n)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(Sorters::parse(&keys(16)).unwrap().keys().len(), 16);
    assert!(
        matches!(
            Sorters::parse(&keys(17)).unwrap_err().kind(),
            SortersParseProblem::TooManyKeys { max: 16, .. }
        ),
        "{:?}",
        Sorters::parse(&keys(17)).unwrap_err().kind()
    );
    let long = "a".repeat(1025);
    assert!(matches!(
        Sorters::parse(&long).unwrap_err().kind(),
        SortersParseProblem::TooLong { .. }
    ));
    assert!(Sorters::parse(&"a".repeat(1024)).is_ok());
    let huge = ",".repeat(10 << 20);
    assert!(
        matches!(Sorters::parse(&huge).unwrap_err().kind(), SortersParseProblem::TooLong { len, max: 1024, .. } if *len == 10 << 20),
        "{:?}",
        Sorters::parse(&huge).unwrap_err().kind()
    );
}

#[test]
fn paging_values_are_bounded() {
    let messages = |query: &str| {
        CollectionQuery::from_query_string(query)
            .unwrap_err()
            .messages()
    };
    let digits = "9".repeat(10_000);
    assert_eq!(
        messages(&format!("limit={digits}")),
        [format!(
            "limit must be an integer from 0 to 250, got `{}…`",
            "9".repeat(40)
        )]
    );
    assert_eq!(messages(&format!("offset={digits}")).len(), 1);
    assert_eq!(
        messages("offset=2147483648"),
        ["offset must be an integer from 0 to 2147483647, got `2147483648`"]
    );
    assert!(CollectionQuery::from_query_string("offset=2147483647&limit=250").is_ok());
}
