//! `CollectionQuery`: the five parameters read from a query string (SPEC §5), SailPoint's 400
//! body (SPEC §6); `CheckedQuery`: read for an endpoint, and run over the built-in role mining
//! sessions (SPEC §3–§5).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::diag::{Parameter, RequestProblem};
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{
    CheckedQuery, CollectionQuery, FieldType, Filter, Op, Paging, PagingProblem, Problem,
    QueryOptions, Schema, Sorters, Syntax,
};
use serde_json::Value;

const DATA: &str = include_str!("../data/role_mining_sessions.json");

fn read(query: &str) -> CollectionQuery {
    CollectionQuery::from_query_string(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// The query read for role mining sessions, with the default options.
fn checked(query: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(
        query,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn messages(query: &str) -> Vec<String> {
    match CollectionQuery::from_query_string(query) {
        Ok(q) => panic!("{query}: read as {q:?}"),
        Err(err) => err.messages(),
    }
}

fn filter(text: &str) -> Option<Filter> {
    Some(Filter::parse(text).unwrap())
}

fn sorters(text: &str) -> Sorters {
    Sorters::parse(text).unwrap()
}

fn paging(offset: u32, limit: u32, count: bool) -> Paging {
    Paging::new(offset, limit, count).unwrap()
}

fn query(filters: Option<Filter>, sorters: Sorters, paging: Paging) -> CollectionQuery {
    CollectionQuery::new(filters, sorters, paging)
}

// ---------------------------------------------------------------------------------------------
// Reading query strings
// ---------------------------------------------------------------------------------------------

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
    assert_eq!(
        err.kind(),
        &Problem::Request(RequestProblem::TooLong { len: 25, max: 16 })
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
    assert_eq!(
        found[3],
        (
            Parameter::Limit,
            &Problem::Paging(PagingProblem::Limit {
                found: "300".into(),
                max: 250
            })
        )
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

// ---------------------------------------------------------------------------------------------
// The 400 body
// ---------------------------------------------------------------------------------------------

fn is_tracking_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn the_error_body_has_sailpoints_shape() {
    let err = CollectionQuery::from_query_string("limit=251&offset=-1&count=yes").unwrap_err();
    let body = serde_json::to_value(err.to_error_body()).unwrap();
    let keys: BTreeSet<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["detailCode", "trackingId", "messages", "causes"])
    );
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
    assert!(
        is_tracking_id(body["trackingId"].as_str().unwrap()),
        "{body}"
    );

    let texts = |key: &str| -> Vec<String> {
        body[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                assert_eq!(m["locale"], "en-US", "{m}");
                assert_eq!(m["localeOrigin"], "DEFAULT", "{m}");
                assert_eq!(m.as_object().unwrap().len(), 3, "{m}");
                m["text"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let messages = texts("messages");
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0],
        "Invalid query parameters offset, limit, count: 3 problems"
    );
    assert_eq!(
        texts("causes"),
        [
            "offset must be an integer from 0 to 2147483647, got `-1`",
            "limit must be an integer from 0 to 250, got `251`",
            "count must be `true` or `false`, got `yes`",
        ]
    );
}

#[test]
fn error_bodies_have_a_one_line_message_and_a_cause_per_problem() {
    for (text, causes) in [
        ("limit=251", 1),
        ("filters=name+eq", 1),
        ("filters=name+eq+%22a%0Ab", 1),
        ("filters=%0A%0D%09", 1),
        ("filters=((a+eq+1)&sorters=a,,b", 2),
        ("limit=x&count=1&offset=%zz", 3),
        ("filters=%ff&filters=1", 2),
    ] {
        let err = CollectionQuery::from_query_string(text).unwrap_err();
        let body = err.to_error_body();
        assert_eq!(body.messages.len(), 1, "{text}");
        let message = &body.messages[0].text;
        assert!(!message.contains(['\n', '\r']), "{text}: {message:?}");
        assert!(
            message.starts_with("Invalid query parameter"),
            "{text}: {message}"
        );
        assert_eq!(body.causes.len(), causes, "{text}: {:?}", body.causes);
        let causes: Vec<&str> = body.causes.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(causes, err.messages(), "{text}");
        for cause in causes {
            assert!(!cause.contains(['\n', '\r']), "{text}: {cause:?}");
        }
        assert!(is_tracking_id(&body.tracking_id), "{}", body.tracking_id);
    }
    // A single problem is the message itself, naming its parameter.
    let body = CollectionQuery::from_query_string("count=yes")
        .unwrap_err()
        .to_error_body();
    assert!(
        body.messages[0]
            .text
            .contains("count must be `true` or `false`, got `yes`")
    );
    // Each body has its own tracking id.
    let err = CollectionQuery::from_query_string("limit=251").unwrap_err();
    assert_ne!(
        err.to_error_body().tracking_id,
        err.to_error_body().tracking_id
    );
}

// ---------------------------------------------------------------------------------------------
// Running queries over the sample sessions
// ---------------------------------------------------------------------------------------------

fn sessions() -> Vec<RoleMiningSession> {
    serde_json::from_str(DATA).unwrap()
}

fn run(text: &str, records: &[RoleMiningSession]) -> (Vec<String>, usize) {
    let page = checked(text)
        .run(records)
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    (
        page.items.iter().map(|s| s.id.clone()).collect(),
        page.total,
    )
}

fn ids<'a>(sessions: impl IntoIterator<Item = &'a RoleMiningSession>) -> Vec<String> {
    sessions.into_iter().map(|s| s.id.clone()).collect()
}

const MAIN_JOB: &str =
    "filters=saved+eq+%22true%22+and+name+sw+%22RM+Session%22&sorters=-createdDate&limit=5";

#[test]
fn the_main_job_query_on_the_sample_data() {
    let sessions = sessions();
    let (items, total) = run(MAIN_JOB, &sessions);

    // Independently: plain closures, a stable sort, the first five.
    let mut expected: Vec<&RoleMiningSession> = sessions
        .iter()
        .filter(|s| s.saved)
        .filter(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.to_lowercase().starts_with("rm session"))
        })
        .collect();
    let matching = expected.len();
    expected.sort_by_key(|s| std::cmp::Reverse(s.created_date));
    let expected = ids(expected);
    assert_eq!(items, expected[..5]);
    assert_eq!(total, matching);

    // And by hand from data/role_mining_sessions.json.
    assert_eq!(total, 12);
    assert_eq!(
        items,
        [
            "dfd6aefe320efffb71a3373c78fe7ea1", // RM Session - Engineering 8, 2025-05-01
            "0119d4f721efd38f5508bbe6bd7f0802", // RM Session - Sales 3, 2024-10-20
            "b2ace0a0c8110dbf267fe01ec6f7e54c", // RM SESSION - Sales, 2024-10-12
            "6aeb2891e4ea1822268279a35a04b94a", // RM Session - Legal, 2024-09-28
            "9bd1a007db0a8848b8d588cd388dff3f", // RM Session - Finance, 2024-07-28
        ]
    );

    // The same query, spelled otherwise, gives the same page; count changes nothing.
    let spelled = r#"filters=saved eq "true" and name sw "RM Session"&sorters=-createdDate&limit=5&count=true"#;
    assert_eq!(run(spelled, &sessions), (items.clone(), 12));
    // Later pages, up to and past the end.
    for (offset, range) in [(5, 5..10), (10, 10..12), (12, 12..12), (100, 12..12)] {
        let page = run(&format!("{MAIN_JOB}&offset={offset}"), &sessions);
        assert_eq!(page, (expected[range].to_vec(), 12), "offset {offset}");
    }
}

/// The order SPEC §4 gives `createdBy`: the creator's display name ignoring case, then the id;
/// sessions without a creator last ascending (so first descending). Stable.
fn by_creator(sessions: &[RoleMiningSession], descending: bool) -> Vec<String> {
    let key = |s: &RoleMiningSession| {
        s.created_by
            .as_ref()
            .map(|c| (c.display_name.to_lowercase(), c.id.to_lowercase()))
    };
    let mut sorted: Vec<&RoleMiningSession> = sessions.iter().collect();
    sorted.sort_by(|a, b| {
        let order = match (key(a), key(b)) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => x.cmp(&y),
        };
        if descending { order.reverse() } else { order }
    });
    ids(sorted)
}

#[test]
fn created_by_orders_by_display_name_then_id() {
    let sessions = sessions();
    let (ascending, total) = run("sorters=createdBy", &sessions);
    assert_eq!(total, 72);
    assert_eq!(ascending, by_creator(&sessions, false));
    let (descending, _) = run("sorters=-createdBy", &sessions);
    assert_eq!(descending, by_creator(&sessions, true));

    // By hand: the two creators named Jordan.Lee are ordered by id, …08444c before …71dda7,
    // and each one's sessions keep their stored order.
    let creator_of = |id: &str| {
        let s = sessions.iter().find(|s| s.id == id).unwrap();
        s.created_by
            .as_ref()
            .map(|c| (c.display_name.clone(), c.id.clone()))
    };
    let jordan: Vec<String> = ascending
        .iter()
        .filter_map(|id| creator_of(id))
        .filter(|(name, _)| name == "Jordan.Lee")
        .map(|(_, id)| id)
        .collect();
    let first = "2c91802c988e186cd5e9fa5c1708444c";
    let second = "2c91807c898ba6987c25d4431871dda7";
    let split = jordan.iter().position(|id| id == second).unwrap();
    assert!(
        split > 0 && jordan[..split].iter().all(|id| id == first),
        "{jordan:?}"
    );
    assert!(jordan[split..].iter().all(|id| id == second), "{jordan:?}");
    // Display names ignore case: marco.rossi sorts between Jordan.Lee and Priya.Natarajan, and
    // Émilie.Durand (é after every ASCII letter) last of all named creators; no creator, last.
    let names: Vec<Option<String>> = ascending
        .iter()
        .map(|id| creator_of(id).map(|(name, _)| name))
        .collect();
    let mut distinct = names.clone();
    distinct.dedup();
    assert_eq!(
        distinct,
        [
            Some("Ashley.Pierce"),
            Some("Jordan.Lee"),
            Some("marco.rossi"),
            Some("Priya.Natarajan"),
            Some("Émilie.Durand"),
            None,
        ]
        .map(|n| n.map(String::from))
    );
    // Descending: no creator first.
    assert_eq!(creator_of(&descending[0]), None);
}

#[test]
fn several_sorters_ties_and_paging_over_the_sample_data() {
    let sessions = sessions();
    // createdBy, then newest first: the reference sorts by creator, then stably by date desc.
    let mut expected: Vec<&RoleMiningSession> = sessions.iter().collect();
    expected.sort_by_key(|s| std::cmp::Reverse(s.created_date));
    let order: Vec<String> = by_creator(
        &expected.iter().map(|s| (*s).clone()).collect::<Vec<_>>(),
        false,
    );
    let (items, total) = run("sorters=createdBy,-createdDate", &sessions);
    assert_eq!((items.clone(), total), (order.clone(), 72));
    // Ascending dates keep stored order among equal instants (three sessions share one).
    let mut by_date: Vec<&RoleMiningSession> = sessions.iter().collect();
    by_date.sort_by_key(|s| s.created_date);
    assert_eq!(
        run("sorters=createdDate", &sessions).0,
        ids(by_date.iter().copied())
    );
    // Pages of the same query.
    for (offset, limit) in [
        (0, 5),
        (5, 5),
        (70, 5),
        (72, 5),
        (1000, 5),
        (3, 0),
        (0, 250),
    ] {
        let (page, total) = run(
            &format!("sorters=createdBy,-createdDate&offset={offset}&limit={limit}"),
            &sessions,
        );
        let end = (offset + limit).min(72);
        let start = offset.min(72);
        assert_eq!(page, order[start..end], "offset {offset} limit {limit}");
        assert_eq!(total, 72);
    }
    // No sorters: stored order.
    assert_eq!(run("limit=250", &sessions).0, ids(&sessions));
    assert_eq!(run("offset=70", &sessions).0, ids(&sessions[70..]));
}

#[test]
fn json_records_run_like_typed_ones() {
    let sessions = sessions();
    let values: Vec<Value> = serde_json::from_str(DATA).unwrap();
    for text in [
        MAIN_JOB,
        "sorters=createdDate&offset=3&limit=7",
        r#"filters=not (name sw "rm" or saved eq false)&sorters=-createdDate"#,
        "filters=saved+eq+false&count=true&offset=2&limit=4",
    ] {
        let q = checked(text);
        let typed = q.run(&sessions).unwrap();
        let json = q.run(&values).unwrap();
        let json_ids: Vec<&str> = json
            .items
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        let typed_ids: Vec<&str> = typed.items.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(json_ids, typed_ids, "{text}");
        assert_eq!(json.total, typed.total, "{text}");
    }
}

#[test]
fn reading_for_an_endpoint_reports_what_it_does_not_support() {
    let schema = RoleMiningSessions::schema();
    for (text, expected) in [
        (
            "filters=nmae+eq+%22x%22",
            vec![
                "filters: column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name",
            ],
        ),
        (
            "filters=name+co+%22x%22",
            vec![
                "filters: column 6: `co` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw",
            ],
        ),
        (
            "sorters=createDate",
            vec![
                "sorters: column 1: cannot sort role-mining-sessions by `createDate`; did you mean `createdDate`? Sortable fields: createdBy, createdDate",
            ],
        ),
        (
            "sorters=createdDate,-createdDate",
            vec!["sorters: column 14: `createdDate` is repeated: sort by each field once"],
        ),
    ] {
        let err = CollectionQuery::from_query_string_for(text, schema, &QueryOptions::default())
            .unwrap_err();
        assert_eq!(err.messages(), expected, "{text}");
        assert_eq!(err.to_error_body().causes.len(), expected.len());
        assert_eq!(err.endpoint(), Some("role-mining-sessions"));
        // Read without an endpoint, the query is fine; checking it finds the same problems,
        // without positions (the texts are not kept).
        let err = read(text).check(schema, Syntax::Lenient).unwrap_err();
        let without_columns: Vec<String> = expected
            .iter()
            .map(|m| {
                let (parameter, rest) = m.split_once(": column ").unwrap();
                format!("{parameter}: {}", rest.split_once(": ").unwrap().1)
            })
            .collect();
        assert_eq!(err.messages(), without_columns, "{text}");
    }
    // Both at once.
    let err = CollectionQuery::from_query_string_for(
        "filters=saved+eq+%22yes%22&sorters=name",
        schema,
        &QueryOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.messages().len(), 2, "{:?}", err.messages());
    assert!(
        err.messages()[0].starts_with("filters: column 10: "),
        "{:?}",
        err.messages()
    );
    assert!(
        err.messages()[1].starts_with("sorters: column 1: "),
        "{:?}",
        err.messages()
    );
    assert_eq!(
        err.summary(),
        "Invalid query parameters filters, sorters: 2 problems"
    );
    // Reading's and checking's problems come in one error.
    let err = CollectionQuery::from_query_string_for(
        "filters=nmae+eq+1&sorters=a,,b&limit=251",
        schema,
        &QueryOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma",
            "limit must be an integer from 0 to 250, got `251`",
            "filters: column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name",
        ]
    );
    assert_eq!(
        err.to_string(),
        "invalid sorters for role-mining-sessions at column 3: empty sort key: expected a field name before this `,`; remove the extra comma\n    \
         a,,b\n      \
         ^\n\
         limit must be an integer from 0 to 250, got `251`\n\
         invalid filter for role-mining-sessions at column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name\n    \
         nmae eq 1\n    \
         ^^^^"
    );
    // Several problems in one parameter.
    let err = CollectionQuery::from_query_string_for(
        "filters=saved+sw+%22x%22+and+nmae+eq+%22y%22",
        schema,
        &QueryOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter for role-mining-sessions (2 problems):\n\
         column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq\n    \
         saved sw \"x\" and nmae eq \"y\"\n          \
         ^^\n\
         column 18: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name\n    \
         saved sw \"x\" and nmae eq \"y\"\n                     \
         ^^^^"
    );
    assert_eq!(err.summary(), "Invalid query parameter filters: 2 problems");
}

/// SPEC §4: role mining sessions sort `createdBy` by the creator's display name, then id. The
/// sort key comes from the schema (`createdBy` expands to `createdBy.displayName`,
/// `createdBy.id`), not from the record type, so the same sessions as JSON records sort the
/// same way as the typed ones: a fake serving JSON returns the same page.
#[test]
fn json_sessions_sort_by_creator_like_typed_ones() {
    let sessions = sessions();
    let values: Vec<Value> = serde_json::from_str(DATA).unwrap();
    for text in [
        "sorters=createdBy",
        "sorters=-createdBy,createdDate&limit=10",
    ] {
        let q = checked(text);
        let typed = q.run(&sessions).unwrap();
        let json = q.run(&values).unwrap();
        let json_ids: Vec<&str> = json
            .items
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        let typed_ids: Vec<&str> = typed.items.iter().map(|s| s.id.as_str()).collect();
        let first_difference = json_ids.iter().zip(&typed_ids).position(|(j, t)| j != t);
        assert_eq!(
            first_difference,
            None,
            "{text}: as JSON {:?}…, typed {:?}…",
            &json_ids[..3],
            &typed_ids[..3]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Checked queries: what the endpoint reads
// ---------------------------------------------------------------------------------------------

#[test]
fn a_checked_query_reads_as_the_endpoint_does() {
    let query = checked(
        "filters=saved+eq+%22true%22+and+name+sw+%27RM%27&sorters=-createdDate&offset=2&limit=5&count=true",
    );
    // Values coerced to the field types: `"true"` is the boolean the field holds.
    let checked_filter = query.filters().unwrap();
    assert_eq!(
        checked_filter.to_string(),
        r#"saved eq true and name sw "RM""#
    );
    assert_eq!(
        checked_filter.source(),
        Some(r#"saved eq "true" and name sw 'RM'"#)
    );
    assert_eq!(
        checked_filter.field("saved").unwrap().field_type(),
        FieldType::Boolean
    );
    assert_eq!(query.sorters().to_string(), "-createdDate");
    assert_eq!((query.offset(), query.limit(), query.count()), (2, 5, true));
    assert_eq!(query.paging(), paging(2, 5, true));
    // Written back canonically, with the coerced values.
    assert_eq!(
        query.to_query_string(),
        "filters=saved+eq+true+and+name+sw+%22RM%22&sorters=-createdDate&offset=2&limit=5&count=true"
    );
    let plain = query.to_query();
    assert_eq!(plain.filters, filter(r#"saved eq true and name sw "RM""#));
    assert_eq!(plain.sorters, sorters("-createdDate"));
    // The query string reads back as the same query.
    let again = checked(&query.to_query_string());
    assert_eq!(again.to_query(), plain);
    assert_eq!(again.to_query_string(), query.to_query_string());
    // The schema-less reading keeps the values as written.
    let read = read("filters=saved+eq+%22true%22");
    assert_eq!(read.to_query_string(), "filters=saved+eq+%22true%22");
    assert_eq!(
        read.check(RoleMiningSessions::schema(), Syntax::Lenient)
            .unwrap()
            .to_query_string(),
        "filters=saved+eq+true&limit=250"
    );
}

#[test]
fn a_checked_query_has_the_endpoints_limits() {
    // No limit given: the endpoint's default, written out in the canonical query string.
    let query = checked("sorters=createdBy");
    assert_eq!(query.limit(), 250);
    assert_eq!(query.paging().limit(), Some(250));
    assert!(query.filters().is_none());
    assert_eq!(query.to_query_string(), "sorters=createdBy&limit=250");

    let schema = Schema::new("big")
        .with_field("n", FieldType::Integer, [Op::Eq, Op::Gt])
        .with_sortable(["n"])
        .with_limit_range(0, 1000, 50)
        .unwrap();
    let options = QueryOptions::default();
    let query = CollectionQuery::from_query_string_for("sorters=-n", &schema, &options).unwrap();
    assert_eq!(query.limit(), 50);
    let query = CollectionQuery::from_query_string_for("limit=1000", &schema, &options).unwrap();
    assert_eq!(query.limit(), 1000);
    let err = CollectionQuery::from_query_string_for("limit=1001", &schema, &options).unwrap_err();
    assert_eq!(
        err.messages(),
        ["limit must be an integer from 0 to 1000, got `1001`"]
    );
    let err = CollectionQuery::from_params_for([("limit", "1001")], &schema, &options).unwrap_err();
    assert_eq!(
        err.messages(),
        ["limit must be an integer from 0 to 1000, got `1001`"]
    );
    // Read without the endpoint, the standard maximum of 250 holds; checking against it takes
    // the endpoint's.
    assert_eq!(
        CollectionQuery::from_query_string("limit=1000")
            .unwrap_err()
            .messages(),
        ["limit must be an integer from 0 to 250, got `1000`"]
    );
    let built = CollectionQuery::new(None, Sorters::default(), paging(0, 1000, false));
    assert_eq!(built.check(&schema, Syntax::Lenient).unwrap().limit(), 1000);
    let err = built
        .check(RoleMiningSessions::schema(), Syntax::Lenient)
        .unwrap_err();
    assert_eq!(
        err.kind(),
        &Problem::Paging(PagingProblem::Limit {
            found: "1000".into(),
            max: 250
        })
    );

    // The default limit pages the result.
    let records: Vec<Value> = (0..80).map(|i| serde_json::json!({"n": i})).collect();
    let query =
        CollectionQuery::from_query_string_for("sorters=-n&count=true", &schema, &options).unwrap();
    let page = query.run(&records).unwrap();
    assert_eq!((page.items.len(), page.total), (50, 80));
    assert_eq!(page.items[0]["n"], 79);
}

#[test]
fn params_read_like_query_strings() {
    let schema = RoleMiningSessions::schema();
    let options = QueryOptions::default();
    let pairs = [
        ("filters", r#"saved eq "true""#),
        ("sorters", "-createdDate"),
        ("limit", "5"),
        ("other", "ignored"),
    ];
    let from_pairs = CollectionQuery::from_params_with(pairs, &options).unwrap();
    assert_eq!(
        from_pairs,
        read("filters=saved+eq+%22true%22&sorters=-createdDate&limit=5")
    );
    let checked_pairs = CollectionQuery::from_params_for(pairs, schema, &options).unwrap();
    assert_eq!(
        checked_pairs.to_query_string(),
        checked("filters=saved+eq+%22true%22&sorters=-createdDate&limit=5").to_query_string()
    );
    let err =
        CollectionQuery::from_params_with([("count", "x"), ("count", "y")], &options).unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "count: the parameter is given more than once",
            "count must be `true` or `false`, got `x`"
        ]
    );
}

#[test]
fn a_checked_query_runs_without_checking_again() {
    let sessions = sessions();
    let query = checked("filters=saved+eq+%22true%22&sorters=-createdDate&count=true");
    let page = query.run(&sessions).unwrap();
    assert!(page.items.iter().all(|s| s.saved));
    assert_eq!(page.total, sessions.iter().filter(|s| s.saved).count());
    // The same checked query over JSON records.
    let values: Vec<Value> = serde_json::from_str(DATA).unwrap();
    let json = query.run(&values).unwrap();
    assert_eq!(json.total, page.total);
    // A record type that cannot read a field the schema names: a defect of the declaration,
    // reported by `run`, not a problem of the request.
    let schema = Schema::new("x").with_field("owner", FieldType::String, [Op::Eq]);
    let query = CollectionQuery::from_query_string_for(
        "filters=owner+eq+%22a%22",
        &schema,
        &QueryOptions::default(),
    )
    .unwrap();
    assert_eq!(
        query.run(&sessions).unwrap_err(),
        sailpoint_filters::eval::CompileError::UnreadableField {
            field: "owner".into()
        }
    );
    assert_eq!(query.run(&values).unwrap().total, 0);
}

/// Text holding a control character where a message shows it (each found by fuzzing): shown
/// with the character escaped, so that the message and the 400 body's text stay on one line.
#[test]
fn messages_show_control_characters_escaped() {
    let strict = QueryOptions::default().with_syntax(Syntax::Strict);
    for (text, options, expected) in [
        (
            "filters=saved+eq+%22a%0Ab%22",
            QueryOptions::default(),
            "filters: line 1, column 10: `saved` is a boolean field and takes true or false \
             (quoted or not), not \"a\\nb\"",
        ),
        (
            "filters=id+eq+%22%5C%0A%22",
            QueryOptions::default(),
            "filters: line 1, column 8: invalid escape `\\\\n` in a string: the only escapes \
             are `\\\"` and `\\\\`",
        ),
        (
            "filters=id+eq+%27x%0Ay%27",
            strict,
            "filters: line 1, column 7: single-quoted string (the strict syntax needs double \
             quotes): write \"x\\ny\"",
        ),
    ] {
        let err =
            CollectionQuery::from_query_string_for(text, RoleMiningSessions::schema(), &options)
                .unwrap_err();
        assert_eq!(err.messages(), [expected], "{text}");
        assert!(
            !err.to_error_body().messages[0].text.contains('\n'),
            "{text}"
        );
    }
}
