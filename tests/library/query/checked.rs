//! Checked queries: what the endpoint reads.

use super::*;

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
    assert!(
        matches!(err.kind(), Problem::Paging(PagingProblem::Limit { found, max: 250, .. }) if *found == "1000"),
        "{:?}",
        err.kind()
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
    assert!(
        matches!(&(query.run(&sessions).unwrap_err()), sailpoint_filters::eval::CompileError::UnreadableField { field, .. } if *field == "owner"),
        "{:?}",
        query.run(&sessions).unwrap_err()
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
