//! Running queries over the sample sessions.

use super::*;

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
