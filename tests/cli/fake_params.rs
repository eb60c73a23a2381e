//! The parameters some catalog operations add (SPEC §11) at the command line (`spfilter query
//! --endpoint … --param NAME=VALUE`) and over HTTP (`spfilter serve --fake`): `searchAfter`,
//! `defaultFilter`, `add-core-filters`, the singular `filter`, `count-only`.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::serve_process::{Connection, Server, TempFile, run_briefly};

fn file(name: &str, records: &Value) -> TempFile {
    TempFile::new(
        &format!("fake-params-{name}"),
        &serde_json::to_vec(records).expect("records serialize"),
    )
}

/// 45 entitlements whose names tie in threes, ids unique.
fn entitlements() -> Value {
    let names = ["Admin", "billing", "ADMIN"];
    Value::Array(
        (0..45)
            .map(|i| json!({"id": format!("e{:02}", (i * 7) % 45), "name": names[i % 3]}))
            .collect(),
    )
}

fn identities() -> Value {
    json!([
        {"id": "1", "name": "Ann", "alias": "ann", "lastname": "A", "email": "a@x", "correlated": true},
        {"id": "2", "name": "Bob", "alias": "bob", "lastname": "B", "email": "b@x", "correlated": false},
        {"id": "3", "name": "Sam", "alias": "spadmin", "lastname": "S", "email": "s@x", "correlated": true},
    ])
}

/// `spfilter query ARGS`: exit code, stdout as ids (when it is a page), stderr.
fn query(args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec!["query"];
    all.extend(args);
    let (status, stdout, stderr) =
        run_briefly(&all, Duration::from_secs(20)).expect("the query ends");
    let ids = serde_json::from_str::<Value>(&stdout)
        .ok()
        .and_then(|page| {
            page.as_array().map(|items| {
                items
                    .iter()
                    .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
        })
        .unwrap_or_default();
    (status.code().unwrap_or(-1), ids, stderr)
}

#[test]
fn query_endpoint_takes_the_operations_own_parameters() {
    let identities = file("cli-identities.json", &identities());
    let data = identities.path();
    let list = ["--endpoint", "listIdentitiesV1", "--data", data];
    // defaultFilter's default: correlated identities only.
    let (code, ids, _) = query(&list);
    assert_eq!((code, ids), (0, vec!["1".to_owned(), "3".to_owned()]));
    let (code, ids, _) = query(&[&list[..], &["--param", "defaultFilter=NONE"]].concat());
    assert_eq!((code, ids.len()), (0, 3));
    let (code, _, stderr) = query(&[&list[..], &["--param", "defaultFilter=ALL"]].concat());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("defaultFilter must be CORRELATED_ONLY or NONE, got `ALL`"),
        "{stderr}"
    );
    // add-core-filters on public identities.
    let public = ["--endpoint", "getPublicIdentitiesV1", "--data", data];
    let (code, ids, _) = query(&[&public[..], &["--param", "add-core-filters=true"]].concat());
    assert_eq!((code, ids), (0, vec!["1".to_owned()]));
    let (_, ids, _) = query(&public);
    assert_eq!(ids.len(), 3);

    // searchAfter with the sorters.
    let entitlements = file("cli-entitlements.json", &entitlements());
    let list = [
        "--endpoint",
        "listEntitlementsV1",
        "--data",
        entitlements.path(),
        "--sorters",
        "name,id",
        "--count",
    ];
    let (code, ids, stderr) = query(&[&list[..], &["--param", "searchAfter=admin,e40"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.trim(), "X-Total-Count: 45");
    // 30 admins (either case); those after e40 are e41..e44 of them, then 15 billing.
    let admins_after: Vec<String> = (0..45)
        .filter(|i| i % 3 != 1)
        .map(|i| format!("e{:02}", (i * 7) % 45))
        .filter(|id| id.as_str() > "e40")
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(ids[..admins_after.len()], admins_after[..]);
    assert_eq!(ids.len(), admins_after.len() + 15);
    let (code, _, stderr) = query(&[&list[..], &["--param", "searchAfter=admin"]].concat());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("searchAfter has 1 value for 2 sort keys (`name`, `id`)"),
        "{stderr}"
    );
    // `--filters` and `--sorters` for an operation that spells them `filter` and `sort`.
    let apps = file(
        "cli-apps.json",
        &json!([{"id": "a", "name": "Okta"}, {"id": "b", "name": "Slack"}]),
    );
    let discovered = [
        "--endpoint",
        "getDiscoveredApplicationsV1",
        "--data",
        apps.path(),
    ];
    let (code, ids, _) = query(&[&discovered[..], &["--filters", "name sw \"s\""]].concat());
    assert_eq!((code, ids), (0, vec!["b".to_owned()]));
    let (code, ids, _) =
        query(&[&discovered[..], &["--param", "filter=name eq \"okta\""]].concat());
    assert_eq!((code, ids), (0, vec!["a".to_owned()]));
    let (code, _, stderr) = query(&[&discovered[..], &["--filters", "nme eq 1"]].concat());
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown field `nme`"), "{stderr}");
    let controls = file(
        "cli-controls.json",
        &json!([{"id": "1", "name": "b"}, {"id": "2", "name": "a"}]),
    );
    let list_controls = ["--endpoint", "listControlsV1", "--data", controls.path()];
    let (code, ids, _) = query(&[&list_controls[..], &["--sorters", "name"]].concat());
    assert_eq!((code, ids), (0, vec!["2".to_owned(), "1".to_owned()]));

    let (code, _, stderr) = query(&[&list[..], &["--param", "nonsense"]].concat());
    assert_eq!(
        (code, stderr.trim()),
        (2, "--param nonsense: expected NAME=VALUE")
    );
}

/// One GET on its own connection: status, `X-Total-Count`, body.
fn get(server: &Server, target: &str) -> (u16, Option<String>, Value) {
    let mut connection = Connection::open(&server.addr, Duration::from_secs(20));
    let response = connection.get(target).expect("answered");
    let count = response.header("x-total-count").map(str::to_owned);
    (response.status, count, response.json())
}

fn page_ids(page: &Value) -> Vec<String> {
    page.as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn fakes_honour_the_operations_own_parameters_over_http() {
    let entitlements_file = file("http-entitlements.json", &entitlements());
    let identities = file("http-identities.json", &identities());
    let apps = file(
        "http-apps.json",
        &json!([{"id": "a", "name": "Okta"}, {"id": "b", "name": "Slack"}]),
    );
    let seds = file(
        "http-seds.json",
        &json!([{"id": "s1", "status": "approved"}, {"id": "s2", "status": "pending"}]),
    );
    let fakes = [
        format!("listEntitlementsV1={}", entitlements_file.path()),
        format!("listIdentitiesV1={}", identities.path()),
        format!("getPublicIdentitiesV1={}", identities.path()),
        format!("getDiscoveredApplicationsV1={}", apps.path()),
        format!("listSedsV1={}", seds.path()),
    ];
    let mut args = Vec::new();
    for fake in &fakes {
        args.extend(["--fake", fake.as_str()]);
    }
    let server = Server::start(&args);

    // Paging to the end with searchAfter, the first sorter full of ties: every record once.
    let mut seen = Vec::new();
    let mut target = "/entitlements/v1?sorters=-name,id&limit=4&count=true".to_owned();
    for _ in 0..50 {
        let (status, count, page) = get(&server, &target);
        assert_eq!(
            (status, count.as_deref()),
            (200, Some("45")),
            "{target}: {page}"
        );
        let items = page.as_array().expect("a page");
        let Some(last) = items.last() else { break };
        seen.extend(page_ids(&page));
        target = format!(
            "/entitlements/v1?sorters=-name,id&limit=4&count=true&searchAfter={},{}",
            last["name"].as_str().unwrap(),
            last["id"].as_str().unwrap()
        );
    }
    let mut expected: Vec<(String, String)> = entitlements()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_lowercase(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    assert_eq!(seen, expected);

    // A bad searchAfter: 400 in SailPoint's shape, naming the parameter.
    let (status, _, body) = get(&server, "/entitlements/v1?sorters=name&searchAfter=a,b");
    assert_eq!(status, 400);
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
    assert_eq!(
        body["causes"][0]["text"],
        "searchAfter has 2 values for 1 sort key (`name`): give one value per key of sorters, in order"
    );
    assert_eq!(body["trackingId"].as_str().map(str::len), Some(32));

    // defaultFilter and add-core-filters.
    let (_, _, page) = get(&server, "/identities/v1");
    assert_eq!(page_ids(&page), ["1", "3"]);
    let (_, _, page) = get(&server, "/identities/v1?defaultFilter=NONE");
    assert_eq!(page_ids(&page).len(), 3);
    let (status, _, body) = get(&server, "/identities/v1?defaultFilter=");
    assert_eq!(status, 400, "{body}");
    let (_, _, page) = get(&server, "/public-identities/v1?add-core-filters=true");
    assert_eq!(page_ids(&page), ["1"]);

    // The singular `filter`, and count-only.
    let (status, _, page) = get(
        &server,
        "/discovered-applications/v1?filter=name+eq+%22slack%22",
    );
    assert_eq!((status, page_ids(&page)), (200, vec!["b".to_owned()]));
    let (status, count, page) = get(
        &server,
        "/suggested-entitlement-descriptions/v1?count-only=true&filters=status+eq+%22pending%22",
    );
    assert_eq!(
        (status, count.as_deref(), page),
        (200, Some("1"), json!([]))
    );
}
