//! Reading query strings.

use super::*;

#[test]
fn values_are_percent_decoded_with_plus_for_space() {
    for (text, expected) in [
        ("filters=name%20eq%20%22a%22", r#"name eq "a""#),
        ("filters=name+eq+%22a%22", r#"name eq "a""#),
        ("filters=name+eq+%22a+b%22", r#"name eq "a b""#),
        ("filters=name+eq+%22a%20b%22", r#"name eq "a b""#),
        ("filters=name+eq+%22a%23b%22", r##"name eq "a#b""##),
        ("filters=name+eq+%22a%2Bb%22", r#"name eq "a+b""#),
        ("filters=name+eq+%22a%2bb%22", r#"name eq "a+b""#),
        ("filters=name+eq+%22a%26b%3Dc%22", r#"name eq "a&b=c""#),
        ("filters=name+eq+%22%C3%BC%22", r#"name eq "ü""#),
        ("filters=name+eq+%22%25%22", r#"name eq "%""#),
        // Unencoded text that needs no encoding is taken as is.
        (r#"filters=name+eq+"ü""#, r#"name eq "ü""#),
        (r#"filters=saved eq "true""#, r#"saved eq "true""#),
        // Parameter names are decoded too.
        ("%66ilters=name+eq+%22a%22", r#"name eq "a""#),
        (
            "filters=name+eq+%22a%22+and+saved+eq+true",
            r#"name eq "a" and saved eq true"#,
        ),
    ] {
        assert_eq!(read(text).filters, filter(expected), "{text}");
    }
    // `%2B` is a plus sign, not a space: this filter has no spaces between its tokens.
    let err = CollectionQuery::from_query_string("filters=name%2Beq%2B%22a%22").unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "filters: column 1: `name+eq+` is not a field path: names of ASCII letters, digits \
             and `_` (not starting with a digit, not a keyword), joined by `.`"
        ]
    );

    assert_eq!(
        read("sorters=-createdDate,+name").sorters,
        sorters("-createdDate,name")
    );
    assert_eq!(
        read("sorters=%2DcreatedDate").sorters,
        sorters("-createdDate")
    );
    assert_eq!(
        read("sorters=+-createdDate+").sorters,
        sorters("-createdDate")
    );
    assert_eq!(read("offset=%31%30&limit=%30").paging, paging(10, 0, false));
    // No `limit`: none is read (the endpoint's default applies when it is checked).
    assert_eq!(
        read("offset=%2B5").paging,
        Paging::default().with_offset(5).unwrap()
    );
}

#[test]
fn every_parameter_and_its_defaults() {
    for (text, expected) in [
        ("", query(None, Sorters::default(), Paging::default())),
        ("&&", query(None, Sorters::default(), Paging::default())),
        (
            "sorters=",
            query(None, Sorters::default(), Paging::default()),
        ),
        (
            "filters=saved+eq+true&sorters=-createdDate,createdBy&offset=10&limit=0&count=true",
            query(
                filter("saved eq true"),
                sorters("-createdDate,createdBy"),
                paging(10, 0, true),
            ),
        ),
        // Defaults spelled out. A `limit` given is kept, even at the default: the request
        // said it.
        (
            "count=false&offset=0",
            query(None, Sorters::default(), Paging::default()),
        ),
        (
            "count=false&limit=250&offset=0",
            query(None, Sorters::default(), paging(0, 250, false)),
        ),
        (
            "offset=2147483647&limit=1",
            query(None, Sorters::default(), paging(2_147_483_647, 1, false)),
        ),
        // Order does not matter.
        (
            "count=true&filters=a+eq+1&limit=3",
            query(filter("a eq 1"), Sorters::default(), paging(0, 3, true)),
        ),
    ] {
        assert_eq!(read(text), expected, "{text}");
    }
}

#[test]
fn unknown_parameters_are_ignored() {
    let expected = read("filters=name+eq+%22a%22");
    for text in [
        "foo=bar&filters=name+eq+%22a%22",
        "filters=name+eq+%22a%22&Filters=x&LIMIT=1000&filter=1&sorter=&page=2",
        "filters=name+eq+%22a%22&x",
        "filters=name+eq+%22a%22&x=%zz&y=%ff&=&==",
        "filters=name+eq+%22a%22&foo=1&foo=2",
    ] {
        assert_eq!(read(text), expected, "{text}");
    }
}

#[test]
fn bad_parameters_have_exact_messages() {
    let rows: &[(&str, &[&str])] = &[
        (
            "limit=251",
            &["limit must be an integer from 0 to 250, got `251`"],
        ),
        (
            "limit=-1",
            &["limit must be an integer from 0 to 250, got `-1`"],
        ),
        (
            "limit=1.5",
            &["limit must be an integer from 0 to 250, got `1.5`"],
        ),
        (
            "limit=",
            &["limit must be an integer from 0 to 250, got an empty value"],
        ),
        (
            "limit",
            &["limit must be an integer from 0 to 250, got an empty value"],
        ),
        (
            "offset=-1",
            &["offset must be an integer from 0 to 2147483647, got `-1`"],
        ),
        (
            "offset=2147483648",
            &["offset must be an integer from 0 to 2147483647, got `2147483648`"],
        ),
        // `+` is a space, so this is ` 5`.
        (
            "offset=+5",
            &["offset must be an integer from 0 to 2147483647, got ` 5`"],
        ),
        ("count=yes", &["count must be `true` or `false`, got `yes`"]),
        (
            "count=TRUE",
            &["count must be `true` or `false`, got `TRUE`"],
        ),
        ("count=1", &["count must be `true` or `false`, got `1`"]),
        (
            "limit=5&limit=5",
            &["limit: the parameter is given more than once"],
        ),
        (
            "count=true&count=true&count=true",
            &["count: the parameter is given more than once"],
        ),
        (
            "filters=a+eq+1&%66ilters=a+eq+1",
            &["filters: the parameter is given more than once"],
        ),
        (
            "sorters=a&offset=1&sorters=b&offset=1",
            &[
                "sorters: the parameter is given more than once",
                "offset: the parameter is given more than once",
            ],
        ),
        (
            "filters=%zz",
            &["filters: `%zz` is not a percent-encoded byte (expected % and two hex digits)"],
        ),
        (
            "filters=abc%2",
            &["filters: `%2` is not a percent-encoded byte (expected % and two hex digits)"],
        ),
        (
            // A raw control character after `%` (found by fuzzing): escaped in the message, so
            // that the 400 body's text stays on one line.
            "filters=hd+eq+%\n\0x",
            &["filters: `%\\n\\0` is not a percent-encoded byte (expected % and two hex digits)"],
        ),
        (
            // A filter pasted with its parameter name, holding a control character (found by
            // fuzzing): the suggestion shows it escaped, on one line.
            "filters=filters=a%0Ab+eq+1",
            &[
                "filters: line 1, column 1: `filters=` is the query parameter, not part of the filter: \
               pass only `a\\nb eq 1`",
            ],
        ),
        (
            "limit=%",
            &["limit: `%` is not a percent-encoded byte (expected % and two hex digits)"],
        ),
        (
            "filters=%ff",
            &["filters: the percent-decoded bytes are not UTF-8"],
        ),
        (
            "sorters=%C3",
            &["sorters: the percent-decoded bytes are not UTF-8"],
        ),
        (
            "filters=a+EQ+1",
            &["filters: column 3: `EQ` must be lowercase: write `eq`"],
        ),
        (
            "filters=name+eq",
            &["filters: column 8: expected a value after `eq`, found the end of the filter"],
        ),
        // Every problem at once.
        (
            "limit=251&offset=-1&count=yes",
            &[
                "offset must be an integer from 0 to 2147483647, got `-1`",
                "limit must be an integer from 0 to 250, got `251`",
                "count must be `true` or `false`, got `yes`",
            ],
        ),
        (
            "limit=251&offset=-1&limit=5&filters=a+EQ+1",
            &[
                "limit: the parameter is given more than once",
                "filters: column 3: `EQ` must be lowercase: write `eq`",
                "offset must be an integer from 0 to 2147483647, got `-1`",
                "limit must be an integer from 0 to 250, got `251`",
            ],
        ),
    ];
    for (text, expected) in rows {
        assert_eq!(messages(text), *expected, "{text}");
    }
    // Sorters syntax errors name the parameter and the column.
    let sorters_error = messages("sorters=a,,b");
    assert_eq!(sorters_error.len(), 1);
    assert!(
        sorters_error[0].starts_with("sorters: column 3: "),
        "{sorters_error:?}"
    );
}

#[test]
fn an_over_long_query_string_is_refused_before_decoding() {
    let max = QueryOptions::default().max_length;
    assert_eq!(max, 64 * 1024);
    // Padded with an unknown parameter, so that only the length can be wrong.
    let padded = |len: usize| format!("count=true&x={}", "a".repeat(len - "count=true&x=".len()));
    assert!(read(&padded(max)).paging.count());
    assert_eq!(
        messages(&padded(max + 1)),
        [format!(
            "the query string is {} bytes long, over the limit of {max} bytes",
            max + 1
        )]
    );
    // Bytes, not characters; and a smaller bound when asked.
    let options = QueryOptions::default().with_max_length(16);
    let ok = "filters=a+eq+1"; // 14 bytes
    assert!(CollectionQuery::from_query_string_with(ok, &options).is_ok());
    let err =
        CollectionQuery::from_query_string_with("filters=a+eq+%22%C3%BC%22", &options).unwrap_err();
    assert_eq!(
        err.messages(),
        ["the query string is 25 bytes long, over the limit of 16 bytes"]
    );
    assert!(
        matches!(
            err.kind(),
            Problem::Request(RequestProblem::TooLong {
                len: 25,
                max: 16,
                ..
            })
        ),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.problems().len(), 1);
    assert_eq!(err.first().parameter(), Parameter::QueryString);
    assert_eq!(
        err.summary(),
        "Invalid query parameter: the query string is 25 bytes long, over the limit of 16 bytes"
    );
}

#[test]
fn problem_kinds_and_parameters() {
    let err = CollectionQuery::from_query_string(
        "filters=a+EQ+1&sorters=a,,b&limit=300&count=true&count=true",
    )
    .unwrap_err();
    let found: Vec<(Parameter, &Problem)> = err
        .problems()
        .iter()
        .map(|p| (p.parameter(), p.kind()))
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(
        found[0],
        (
            Parameter::Count,
            &Problem::Request(RequestProblem::Repeated)
        )
    );
    assert!(matches!(found[1], (Parameter::Filters, Problem::Parse(_))));
    assert!(matches!(
        found[2],
        (Parameter::Sorters, Problem::SortersParse(_))
    ));
    assert!(
        matches!(&(found[3]), (
            Parameter::Limit,
            Problem::Paging(PagingProblem::Limit { found: got_found, max: 250, .. })
        ) if *got_found == "300"),
        "{:?}",
        found[3]
    );
    assert_eq!(
        err.parameters(),
        [
            Parameter::Count,
            Parameter::Filters,
            Parameter::Sorters,
            Parameter::Limit
        ]
    );
    // Text parameters' problems have positions; the others do not.
    assert_eq!(err.problems()[1].column(), Some(3));
    assert_eq!(err.problems()[2].column(), Some(3));
    assert_eq!(err.problems()[3].column(), None);
    assert_eq!(
        err.summary(),
        "Invalid query parameters count, filters, sorters, limit: 4 problems"
    );
    // Display: each text parameter under a line naming it, with its excerpt; the others one
    // line each.
    assert_eq!(
        err.to_string(),
        "count: the parameter is given more than once\n\
         invalid filter at column 3: `EQ` must be lowercase: write `eq`\n    \
         a EQ 1\n      \
         ^^\n\
         invalid sorters at column 3: empty sort key: expected a field name before this `,`; remove the extra comma\n    \
         a,,b\n      \
         ^\n\
         limit must be an integer from 0 to 250, got `300`"
    );
}

#[test]
fn the_filter_syntax_can_be_strict() {
    let strict = QueryOptions::default().with_syntax(Syntax::Strict);
    let lenient = read("filters=status+eq+PENDING");
    assert_eq!(lenient.filters, filter(r#"status eq "PENDING""#));
    let err =
        CollectionQuery::from_query_string_with("filters=status+eq+PENDING", &strict).unwrap_err();
    assert_eq!(err.messages().len(), 1);
    assert!(
        err.messages()[0].starts_with("filters: column 11: "),
        "{:?}",
        err.messages()
    );
    // The syntax holds for checking against an endpoint too: in the strict syntax a bare
    // integer is no string.
    let schema = RoleMiningSessions::schema();
    let lenient = CollectionQuery::from_query_string_for(
        "filters=name+eq+5",
        schema,
        &QueryOptions::default(),
    )
    .unwrap();
    assert_eq!(lenient.filters().unwrap().to_string(), r#"name eq "5""#);
    let err =
        CollectionQuery::from_query_string_for("filters=name+eq+5", schema, &strict).unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "filters: column 9: `name` is a string field and takes a string, not 5 (the strict syntax needs quotes: \"5\")"
        ]
    );
    assert!(matches!(err.kind(), Problem::Check(_)));
    let err =
        CollectionQuery::from_params_for([("filters", "name eq 5")], schema, &strict).unwrap_err();
    assert_eq!(err.messages().len(), 1);
    let query = read("filters=name+eq+5");
    assert!(query.check(schema, Syntax::Lenient).is_ok());
    assert_eq!(
        query.check(schema, Syntax::Strict).unwrap_err().to_string(),
        "invalid filter for role-mining-sessions: `name` is a string field and takes a string, \
         not 5 (the strict syntax needs quotes: \"5\")"
    );
}
