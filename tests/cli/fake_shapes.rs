//! `spfilter serve --fake` answers each operation in the response shape its spec declares: a
//! wrapped list (`{"count": …, "results": […]}`, `{"items": […]}`), one object, and the headers
//! the spec declares besides `X-Total-Count` — from memory and from a database alike.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::serve_process::{Server, TempFile};

/// One request with `headers` over a fresh connection the server closes after answering: the
/// status, the lowercased head and the body as JSON (`Null` when empty).
fn exchange(addr: &str, target: &str, headers: &str) -> (u16, String, Value) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: spfilter\r\nAuthorization: Bearer t\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("the response is read to its end");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or_else(|err| panic!("{err}: {body}"))
    };
    (status, head.to_ascii_lowercase(), body)
}

fn get(addr: &str, target: &str) -> (u16, String, Value) {
    exchange(addr, target, "")
}

/// The value of a header in a lowercased head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim())
}

fn file(name: &str, records: &Value) -> TempFile {
    TempFile::new(
        name,
        &serde_json::to_vec(records).expect("records serialize"),
    )
}

/// Form definitions: answered as `{"count": N, "results": [...]}`.
fn forms(test: &str) -> TempFile {
    file(
        &format!("fake-shapes-{test}-forms.json"),
        &json!([
            {"id": "f1", "name": "Onboarding", "description": "new hires"},
            {"id": "f2", "name": "Offboarding", "description": "leavers"},
            {"id": "f3", "name": "Access review", "description": "quarterly"},
            {"id": "f4", "name": "Onsite badge", "description": "visitors"},
        ]),
    )
}

/// Launchers: answered as `{"items": [...]}`.
fn launchers(test: &str) -> TempFile {
    file(
        &format!("fake-shapes-{test}-launchers.json"),
        &json!([
            {"id": "l1", "name": "Reset", "disabled": false, "description": "x"},
            {"id": "l2", "name": "Unlock", "disabled": true, "description": "y"},
            {"id": "l3", "name": "Request", "disabled": true, "description": "z"},
        ]),
    )
}

/// Decision summaries, candidates of a one-object answer.
fn summaries(test: &str) -> TempFile {
    file(
        &format!("fake-shapes-{test}-summaries.json"),
        &json!([
            {"identitySummary": {"id": "s1"}, "entitlementDecisionsMade": 3},
            {"identitySummary": {"id": "s2"}, "entitlementDecisionsMade": 7},
        ]),
    )
}

/// Entitlements of an account: their response declares a `total-count` header.
fn entitlements(test: &str) -> TempFile {
    file(
        &format!("fake-shapes-{test}-entitlements.json"),
        &json!([
            {"id": "e1", "name": "Admins"},
            {"id": "e2", "name": "Users"},
            {"id": "e3", "name": "Guests"},
        ]),
    )
}

/// The ids of a list of records.
fn ids(records: &Value) -> Vec<&str> {
    records
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {records}"))
        .iter()
        .map(|record| record["id"].as_str().expect("an id"))
        .collect()
}

/// The `--fake` arguments of the four files above.
fn fake_args(files: &[(&str, &TempFile)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(id, file)| ["--fake".to_owned(), format!("{id}={}", file.path())])
        .collect()
}

/// Every answer these tests check, from one server.
fn answers(server: &Server) -> Vec<(u16, String, Value)> {
    let addr = &server.addr;
    [
        "/form-definitions/v1?filters=name+sw+%22On%22&sorters=-name&limit=1",
        "/form-definitions/v1?sorters=name&offset=1&limit=2",
        "/launchers/v1?filters=disabled+eq+true&limit=1",
        "/certifications/v1/c1/decision-summary?filters=identitySummary.id+eq+%22s2%22",
        "/certifications/v1/c1/decision-summary?filters=identitySummary.id+eq+%22none%22",
        "/entitlements/v1/account/a1/entitlements?sorters=name&limit=2&count=true",
    ]
    .iter()
    .map(|target| get(addr, target))
    .collect()
}

fn check_answers(answers: &[(u16, String, Value)]) {
    // A wrapped list: the page under `results`, and `count` the number of matches before paging.
    let (status, _, body) = &answers[0];
    assert_eq!(*status, 200);
    assert_eq!(body["count"], 2, "{body}");
    assert_eq!(ids(&body["results"]), ["f4"], "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(2), "{body}");
    let (_, _, body) = &answers[1];
    assert_eq!(body["count"], 4, "{body}");
    assert_eq!(ids(&body["results"]), ["f2", "f1"], "{body}");
    // `{"items": [...]}` with no total property, and the marker of the next page while more
    // records match (two launchers are disabled).
    let (status, _, body) = &answers[2];
    assert_eq!(*status, 200);
    assert_eq!(
        body,
        &json!({"next": "1", "items": [{"id": "l2", "name": "Unlock", "disabled": true, "description": "y"}]})
    );
    // One object: the record the filter selects, not a list; none selected is a 404.
    let (status, _, body) = &answers[3];
    assert_eq!(*status, 200);
    assert_eq!(
        body,
        &json!({"identitySummary": {"id": "s2"}, "entitlementDecisionsMade": 7})
    );
    let (status, _, body) = &answers[4];
    assert_eq!(*status, 404, "{body}");
    assert_eq!(body["detailCode"], "404 Not found");
    // A declared `total-count` beside `X-Total-Count`.
    let (status, head, body) = &answers[5];
    assert_eq!(*status, 200);
    assert_eq!(ids(body), ["e1", "e3"]);
    assert_eq!(header(head, "x-total-count"), Some("3"), "{head}");
    assert_eq!(header(head, "total-count"), Some("3"), "{head}");
}

#[test]
fn fakes_answer_in_the_response_shape_of_their_spec() {
    let (forms, launchers, summaries, entitlements) = (
        forms("memory"),
        launchers("memory"),
        summaries("memory"),
        entitlements("memory"),
    );
    let args = fake_args(&[
        ("searchFormDefinitionsByTenantV1", &forms),
        ("getLaunchersV1", &launchers),
        ("getIdentityDecisionSummaryV1", &summaries),
        ("listEntitlementsByAccountV1", &entitlements),
    ]);
    let server = Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    check_answers(&answers(&server));
    // Without count=true, neither count header.
    let (_, head, _) = get(&server.addr, "/entitlements/v1/account/a1/entitlements");
    assert_eq!(header(&head, "total-count"), None, "{head}");
    assert_eq!(header(&head, "x-total-count"), None, "{head}");
}

#[test]
fn a_database_answers_in_the_same_shapes() {
    let (forms, launchers, summaries, entitlements) = (
        forms("db"),
        launchers("db"),
        summaries("db"),
        entitlements("db"),
    );
    let db = std::env::temp_dir().join(format!("spfilter-fake-shapes-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let url = format!("sqlite://{}", db.display());
    let mut args = vec!["--db".to_owned(), url];
    args.extend(fake_args(&[
        ("searchFormDefinitionsByTenantV1", &forms),
        ("getLaunchersV1", &launchers),
        ("getIdentityDecisionSummaryV1", &summaries),
        ("listEntitlementsByAccountV1", &entitlements),
    ]));
    let server = Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    check_answers(&answers(&server));
    drop(server);
    let _ = std::fs::remove_file(&db);
}

#[test]
fn declared_headers_are_sent() {
    let server = Server::start(&[
        "--fake",
        "listUserLevelsV1=3",
        "--fake",
        "listMachineIdentityLifecycleActionsV1=3",
        "--fake",
        "listAccountsV1=3",
    ]);
    let levels = "/authorization/v1/custom-user-levels?limit=1";
    // The locale: the request's first language tag, else en-US.
    let (status, head, _) = exchange(&server.addr, levels, "Accept-Language: de-CH, fr;q=0.5\r\n");
    assert_eq!(status, 200);
    assert_eq!(header(&head, "accept-language"), Some("de-ch"), "{head}");
    let (_, head, _) = get(&server.addr, levels);
    assert_eq!(header(&head, "accept-language"), Some("en-us"), "{head}");
    // A fixed value: the spec's example.
    let (status, head, _) = get(&server.addr, "/machine-identities/v1/lifecycle-actions");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "cache-control"),
        Some("private, max-age=5"),
        "{head}"
    );
    // An operation that declares none sends none of them.
    let (status, head, body) = get(&server.addr, "/accounts/v1?count=true");
    assert_eq!(status, 200);
    assert!(body.is_array(), "{body}");
    for name in ["accept-language", "cache-control", "total-count"] {
        assert_eq!(header(&head, name), None, "{head}");
    }
}

#[test]
fn generated_fakes_of_every_shape_start_and_answer() {
    let server = Server::start(&[
        "--fake",
        "searchFormElementDataByElementIDV1=5",
        "--fake",
        "getIdentityIntelligenceV1",
        "--fake",
        "getTotalCountV1=2",
    ]);
    let (status, _, body) = get(&server.addr, "/form-instances/v1/i/data-source/e?limit=3");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"].as_array().map(Vec::len), Some(3), "{body}");
    let (status, _, body) = get(
        &server.addr,
        "/intelligence/v1/identities?filters=email+eq+%22user@example.com%22",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "user@example.com", "{body}");
    let (status, _, body) = get(&server.addr, "/api-usage/v1/count");
    assert_eq!(status, 200, "{body}");
    assert!(body.is_object(), "{body}");
}

/// Launchers, which take no `offset`, page by the `next` marker each page's body gives — from
/// memory and from a database alike; a marker no page gave is a 400 naming `next`.
#[test]
fn launchers_page_by_the_next_marker_of_each_body() {
    let launchers = launchers("next");
    let db = std::env::temp_dir().join(format!("spfilter-fake-next-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let url = format!("sqlite://{}", db.display());
    let fake = fake_args(&[("getLaunchersV1", &launchers)]);
    let memory = Server::start(&fake.iter().map(String::as_str).collect::<Vec<_>>());
    let mut args = vec!["--db".to_owned(), url];
    args.extend(fake.iter().cloned());
    let stored = Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for server in [&memory, &stored] {
        let mut seen = Vec::new();
        let mut target = "/launchers/v1?limit=1".to_owned();
        let mut markers = Vec::new();
        loop {
            let (status, _, body) = get(&server.addr, &target);
            assert_eq!(status, 200, "{target}: {body}");
            seen.extend(ids(&body["items"]).into_iter().map(str::to_owned));
            match body.get("next").and_then(Value::as_str) {
                Some(marker) => {
                    markers.push(marker.to_owned());
                    target = format!("/launchers/v1?limit=1&next={marker}");
                }
                None => break,
            }
            assert!(seen.len() <= 3, "does not end: {seen:?}");
        }
        assert_eq!(seen, ["l1", "l2", "l3"]);
        assert_eq!(markers.len(), 2, "{markers:?}");
        let (_, _, body) = get(
            &server.addr,
            "/launchers/v1?filters=disabled+eq+true&limit=1",
        );
        assert_eq!(ids(&body["items"]), ["l2"]);
        let marker = body["next"].as_str().expect("one more matches").to_owned();
        let (_, _, body) = get(
            &server.addr,
            &format!("/launchers/v1?filters=disabled+eq+true&limit=1&next={marker}"),
        );
        assert_eq!(ids(&body["items"]), ["l3"]);
        assert_eq!(body.get("next"), None, "{body}");
        let (status, _, body) = get(&server.addr, "/launchers/v1?next=abc");
        assert_eq!(status, 400, "{body}");
        assert!(
            body["messages"][0]["text"]
                .as_str()
                .unwrap_or("")
                .contains("next"),
            "{body}"
        );
    }
    drop((memory, stored));
    let _ = std::fs::remove_file(&db);
}
