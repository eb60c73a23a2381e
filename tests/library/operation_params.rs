//! The parameters some catalog operations add (SPEC §11), read and run in process by
//! `Operation::read_query`: `searchAfter`, `defaultFilter`, `add-core-filters`, the singular
//! `filter` and `sort`, `count-only`, `next`.

use std::collections::BTreeMap;

use sailpoint_filters::catalog::{Api, Catalog, Operation};
use serde_json::{Value, json};

fn operation(id: &str) -> &'static Operation {
    Catalog::new()
        .get(Api::Services, id)
        .unwrap_or_else(|| panic!("{id} is in the catalog"))
}

fn ids(items: &[&Value]) -> Vec<String> {
    items
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The page of `query` over `records`, as ids, with the total.
fn page(id: &str, query: &str, records: &[Value]) -> (Vec<String>, usize) {
    let query = operation(id)
        .read_query(query, &Default::default())
        .unwrap_or_else(|err| panic!("{query}: {err}"));
    let page = query.run(records).expect("runs");
    (ids(&page.items), page.total)
}

fn messages(id: &str, query: &str) -> Vec<String> {
    operation(id)
        .read_query(query, &Default::default())
        .map(|_| ())
        .expect_err("refused")
        .messages()
}

/// 60 entitlements whose names tie in groups (case aside), with dates and ids.
fn entitlements() -> Vec<Value> {
    let names = ["Admin", "admin", "Billing", "zeta", "Billing", "Admin"];
    (0..60)
        .map(|i| {
            json!({
                "id": format!("e{:03}", (i * 37) % 60),
                "name": names[i % names.len()],
                "created": format!("2024-01-{:02}T00:00:00Z", 1 + i % 3),
                "requestable": i % 2 == 0,
            })
        })
        .collect()
}

/// Pages `sorters` to the end with `searchAfter` made of each page's last record: every id
/// seen, in order.
fn page_to_the_end(sorters: &str, keys: &[&str], limit: usize, records: &[Value]) -> Vec<String> {
    let op = operation("listEntitlementsV1");
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..records.len() + 2 {
        let mut query = format!("sorters={sorters}&limit={limit}&count=true");
        if let Some(cursor) = &cursor {
            query.push_str(&format!("&searchAfter={cursor}"));
        }
        let read = op
            .read_query(&query, &Default::default())
            .unwrap_or_else(|err| panic!("{query}: {err}"));
        let page = read.run(records).expect("runs");
        assert_eq!(page.total, records.len(), "the count ignores the cursor");
        let Some(last) = page.items.last() else {
            return seen;
        };
        seen.extend(ids(&page.items));
        let values: Vec<String> = keys
            .iter()
            .map(|key| match &last[*key] {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
        cursor = Some(values.join(","));
    }
    panic!("paging did not end: {seen:?}");
}

#[test]
fn search_after_pages_to_the_end_returning_every_record_once_in_order() {
    let records = entitlements();
    // What the order must be, worked out here: names ignoring case, then ids.
    let mut by_name: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_lowercase(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    by_name.sort();
    let expected: Vec<String> = by_name.iter().map(|(_, id)| id.clone()).collect();
    for limit in [1, 7, 10, 60, 250] {
        assert_eq!(
            page_to_the_end("name,id", &["name", "id"], limit, &records),
            expected,
            "limit {limit}"
        );
    }
    // Descending on the tied key, and a date-time key with ties.
    let mut reversed = by_name.clone();
    reversed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = reversed.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(
        page_to_the_end("-name,id", &["name", "id"], 7, &records),
        expected
    );
    let seen = page_to_the_end("-created,-id", &["created", "id"], 9, &records);
    let mut by_created: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r["created"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    by_created.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        seen,
        by_created.iter().map(|(_, id)| *id).collect::<Vec<_>>()
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &seen {
        *counts.entry(id).or_default() += 1;
    }
    assert!(counts.values().all(|n| *n == 1) && counts.len() == 60);
}

#[test]
fn search_after_is_strictly_after_the_cursor_and_offset_counts_from_it() {
    let records = entitlements();
    // Every `admin` (any case) of an id up to e020 is at or before the cursor.
    let (after, total) = page(
        "listEntitlementsV1",
        "sorters=name,id&searchAfter=ADMIN,e020&limit=3",
        &records,
    );
    assert_eq!(total, 60);
    let admins: Vec<&str> = records
        .iter()
        .filter(|r| r["name"].as_str().unwrap().eq_ignore_ascii_case("admin"))
        .map(|r| r["id"].as_str().unwrap())
        .filter(|id| *id > "e020")
        .collect();
    let mut admins = admins;
    admins.sort_unstable();
    assert_eq!(after, admins[..3]);
    let (skipped, _) = page(
        "listEntitlementsV1",
        "sorters=name,id&searchAfter=ADMIN,e020&limit=2&offset=1",
        &records,
    );
    assert_eq!(skipped, admins[1..3]);
    // A cursor past everything: an empty page, the count of every match.
    let (none, total) = page(
        "listEntitlementsV1",
        "sorters=name,id&searchAfter=zzz,z&filters=requestable+eq+true",
        &records,
    );
    assert_eq!((none.len(), total), (0, 30));
    // A boolean key.
    let (after, _) = page(
        "listEntitlementsV1",
        "sorters=requestable,id&searchAfter=false,e059&limit=1",
        &records,
    );
    let first_requestable = records
        .iter()
        .filter(|r| r["requestable"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .min()
        .unwrap();
    assert_eq!(after, [first_requestable]);
}

#[test]
fn bad_search_after_values_are_refused_naming_the_parameter() {
    let op = "listEntitlementsV1";
    assert_eq!(
        messages(op, "searchAfter=a"),
        ["searchAfter needs sorters: one value per sort key, in order"]
    );
    assert_eq!(
        messages(op, "sorters=name,id&searchAfter=a"),
        [
            "searchAfter has 1 value for 2 sort keys (`name`, `id`): give one value per key of sorters, in order"
        ]
    );
    assert_eq!(
        messages(
            op,
            "sorters=created,requestable&searchAfter=yesterday,maybe&limit=x"
        ),
        [
            "limit must be an integer from 0 to 250, got `x`",
            "searchAfter value 1 (`yesterday`) is for sort key `created` and must be an RFC 3339 date-time (2024-01-01T00:00:00Z)",
            "searchAfter value 2 (`maybe`) is for sort key `requestable` and must be true or false",
        ]
    );
    assert_eq!(
        messages(op, "sorters=name&searchAfter=a&searchAfter=b"),
        ["searchAfter: the parameter is given more than once"]
    );
    let err = operation(op)
        .read_query("searchAfter=a", &Default::default())
        .map(|_| ())
        .unwrap_err();
    let body = err.to_error_body();
    assert_eq!(body.detail_code, "400.1 Bad Request Content");
    assert_eq!(
        body.messages[0].text,
        "Invalid query parameter: searchAfter needs sorters: one value per sort key, in order"
    );
    // An operation without `searchAfter` ignores it, as any unknown parameter.
    let (accounts, _) = page(
        "listAccountsV1",
        "searchAfter=whatever",
        &[json!({"id": "a"})],
    );
    assert_eq!(accounts, ["a"]);
}

fn identities() -> Vec<Value> {
    vec![
        json!({"id": "1", "name": "Ann", "correlated": true}),
        json!({"id": "2", "name": "Bob", "correlated": false}),
        json!({"id": "3", "name": "Ada"}),
        json!({"id": "4", "name": "Amy", "correlated": true}),
    ]
}

#[test]
fn default_filter_adds_correlated_eq_true_unless_none() {
    let records = identities();
    let list = "listIdentitiesV1";
    assert_eq!(page(list, "", &records), (vec!["1".into(), "4".into()], 2));
    assert_eq!(
        page(
            list,
            "defaultFilter=CORRELATED_ONLY&filters=name+sw+%22a%22",
            &records
        ),
        (vec!["1".into(), "4".into()], 2)
    );
    assert_eq!(
        page(list, "defaultFilter=NONE&filters=name+sw+%22a%22", &records),
        (vec!["1".into(), "3".into(), "4".into()], 3)
    );
    assert_eq!(page(list, "defaultFilter=NONE", &records).1, 4);
    assert_eq!(
        messages(list, "defaultFilter=none"),
        ["defaultFilter must be CORRELATED_ONLY or NONE, got `none`"]
    );
}

#[test]
fn add_core_filters_adds_the_criteria_its_description_lists() {
    let person = |id: &str, extra: Value| {
        let mut record = json!({
            "id": id, "alias": format!("user{id}"), "lastname": "Doe",
            "email": format!("{id}@example.com"), "correlated": true,
        });
        for (key, value) in extra.as_object().unwrap() {
            record[key] = value.clone();
        }
        record
    };
    let records = vec![
        person("1", json!({})),
        person("2", json!({"correlated": false, "protected": true})),
        person("3", json!({"correlated": false})),
        person("4", json!({"alias": "SPADMIN"})),
        person("5", json!({"alias": "cloudadmin"})),
        person("6", json!({"alias": null})),
        person("7", json!({"lastname": null})),
        person("8", json!({"email": null})),
    ];
    let public = "getPublicIdentitiesV1";
    assert_eq!(
        page(public, "add-core-filters=true", &records),
        (vec!["1".into(), "2".into()], 2)
    );
    assert_eq!(page(public, "add-core-filters=false", &records).1, 8);
    assert_eq!(page(public, "", &records).1, 8);
    assert_eq!(
        page(
            public,
            "add-core-filters=true&filters=id+eq+%222%22",
            &records
        )
        .0,
        ["2"]
    );
    assert_eq!(
        messages(public, "add-core-filters=yes"),
        ["add-core-filters must be true or false, got `yes`"]
    );
}

#[test]
fn singular_filter_and_sort_are_read_as_filters_and_sorters() {
    let apps = vec![
        json!({"id": "a", "name": "Okta", "description": "SSO"}),
        json!({"id": "b", "name": "Slack", "description": "chat"}),
    ];
    let discovered = "getDiscoveredApplicationsV1";
    assert_eq!(
        page(discovered, "filter=name+eq+%22okta%22", &apps).0,
        ["a"]
    );
    // `filters` is not a parameter of this operation: ignored.
    assert_eq!(page(discovered, "filters=name+eq+%22okta%22", &apps).1, 2);
    assert_eq!(
        messages(discovered, "filter=nme+eq+1"),
        [
            "filter: column 1: unknown field `nme` for getDiscoveredApplicationsV1; did you mean `name`? Filterable fields: name, description, createdAtStart, createdAtEnd, discoveredAtStart, discoveredAtEnd, discoverySource, discoverySourceName, discoverySourceCategory"
        ]
    );
    let controls = vec![
        json!({"id": "1", "name": "b"}),
        json!({"id": "2", "name": "c"}),
        json!({"id": "3", "name": "a"}),
    ];
    assert_eq!(
        page("listControlsV1", "sort=-name", &controls).0,
        ["2", "1", "3"]
    );
    assert_eq!(
        page("listControlsV1", "sorters=-name", &controls).0,
        ["1", "2", "3"]
    );
}

#[test]
fn count_only_answers_the_count_without_records() {
    let seds = vec![
        json!({"id": "1", "status": "approved"}),
        json!({"id": "2", "status": "pending"}),
    ];
    let query = operation("listSedsV1")
        .read_query(
            "count-only=true&filters=status+eq+%22pending%22",
            &Default::default(),
        )
        .expect("read");
    assert!(query.reports_count() && query.is_count_only());
    let page = query.run(&seds).expect("runs");
    assert_eq!((page.items.len(), page.total), (0, 1));
    assert_eq!(
        messages("listSedsV1", "count-only=1"),
        ["count-only must be true or false, got `1`"]
    );
}

/// Launchers take no `offset`: a client pages with the `next` marker each page gives, to the
/// end, every record once, in stored order (and with a filter, only the matching ones).
#[test]
fn launchers_page_by_their_next_marker() {
    let launchers = operation("getLaunchersV1");
    let records: Vec<Value> = (0..23)
        .map(|i| json!({"id": format!("l{i:02}"), "disabled": i % 3 == 0}))
        .collect();
    for (filter, expected) in [
        ("", (0..23).map(|i| format!("l{i:02}")).collect::<Vec<_>>()),
        (
            "filters=disabled+eq+true&",
            (0..23).step_by(3).map(|i| format!("l{i:02}")).collect(),
        ),
    ] {
        for limit in [1, 4, 7, 23, 100] {
            let mut seen = Vec::new();
            let mut marker: Option<String> = None;
            let mut pages = 0;
            loop {
                let next = marker
                    .as_deref()
                    .map(|m| format!("&next={m}"))
                    .unwrap_or_default();
                let query = launchers
                    .read_query(&format!("{filter}limit={limit}{next}"), &Default::default())
                    .expect("read");
                let page = query.run(&records).expect("runs");
                seen.extend(ids(&page.items));
                pages += 1;
                assert!(pages <= 30, "{filter} {limit}: does not end");
                marker = query.next_marker(&page);
                if marker.is_none() {
                    break;
                }
            }
            assert_eq!(seen, expected, "{filter} limit {limit}");
            assert_eq!(
                pages,
                expected.len().div_ceil(limit),
                "{filter} limit {limit}"
            );
        }
    }
    // An operation that does not page by a marker gives none, and ignores `next`.
    let accounts = operation("listAccountsV1");
    let query = accounts
        .read_query("limit=1&next=abc", &Default::default())
        .expect("ignored");
    assert_eq!(query.next_marker(&query.run(&records).expect("runs")), None);
}

#[test]
fn a_next_marker_no_page_gave_is_refused() {
    for marker in ["abc", "-1", "1.5", "99999999999", "%FF"] {
        let messages = messages("getLaunchersV1", &format!("next={marker}"));
        assert_eq!(messages.len(), 1, "{marker}: {messages:?}");
        assert!(messages[0].starts_with("next"), "{marker}: {messages:?}");
    }
    assert_eq!(
        messages("getLaunchersV1", "next=abc"),
        ["next must be the marker a previous page gave (`next` of its body), got `abc`"]
    );
    // An empty marker is the first page.
    assert_eq!(
        page(
            "getLaunchersV1",
            "next=&limit=2",
            &[json!({"id": "a"}), json!({"id": "b"}), json!({"id": "c"})]
        )
        .0,
        ["a", "b"]
    );
}
