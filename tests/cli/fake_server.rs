//! `spfilter serve --fake` as a test author meets it: operations of several APIs in one
//! server (`--fake v2025:listIdentities=FILE`), `405` with `Allow` and `HEAD` on fake paths,
//! an operation faked twice refused, and `check --endpoint` naming the APIs that have an
//! operation when the per-service API does not.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::serve_process::{Server, TempFile, run_briefly};

/// One request over a fresh connection that the server closes after answering: the status,
/// the lowercased head and the body as sent.
fn exchange(addr: &str, method: &str, target: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: spfilter\r\nAuthorization: Bearer t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
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
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// The `id`s of a page.
fn ids(body: &str) -> Vec<String> {
    let page: Value = serde_json::from_str(body).unwrap_or_else(|err| panic!("{err}: {body}"));
    page.as_array()
        .unwrap_or_else(|| panic!("not a page: {body}"))
        .iter()
        .map(|record| record["id"].as_str().expect("an id").to_owned())
        .collect()
}

fn file(name: &str, records: &Value) -> TempFile {
    TempFile::new(
        name,
        &serde_json::to_vec(records).expect("records serialize"),
    )
}

/// Two correlated identities, in a file of the test's own (tests run at once).
fn identities(test: &str) -> TempFile {
    file(
        &format!("fake-server-{test}-identities.json"),
        &json!([
            {"id": "i1", "name": "Alice", "correlated": true},
            {"id": "i2", "name": "Bob", "correlated": true},
        ]),
    )
}

/// Two accounts, in a file of the test's own.
fn accounts(test: &str) -> TempFile {
    file(
        &format!("fake-server-{test}-accounts.json"),
        &json!([{"id": "a1", "name": "alice.a"}, {"id": "a2", "name": "bob.b"}]),
    )
}

#[test]
fn one_server_fakes_operations_of_several_apis() {
    let (identities, accounts) = (identities("apis"), accounts("apis"));
    let v2025 = format!("v2025:listIdentities={}", identities.path());
    let services = format!("listAccountsV1={}", accounts.path());
    let server = Server::start(&["--fake", &v2025, "--fake", &services]);
    let (status, _, body) = exchange(
        &server.addr,
        "GET",
        "/v2025/identities?filters=name+sw+%22a%22",
    );
    assert_eq!((status, ids(&body)), (200, vec!["i1".to_owned()]), "{body}");
    let (status, _, body) = exchange(&server.addr, "GET", "/accounts/v1?sorters=-name");
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body), ["a2", "a1"]);
    // The operation's own rules: `limit` of v2025 identities is at most 250.
    let (status, _, body) = exchange(&server.addr, "GET", "/v2025/identities?limit=251");
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("limit must be an integer from 0 to 250"),
        "{body}"
    );
    drop(server);

    // `--api` still names the API of the fakes without a prefix; a prefix overrides it.
    let v2025 = format!("listIdentities={}", identities.path());
    let services = format!("services:listAccountsV1={}", accounts.path());
    let server = Server::start(&["--api", "v2025", "--fake", &v2025, "--fake", &services]);
    let (status, _, body) = exchange(&server.addr, "GET", "/v2025/identities");
    assert_eq!((status, ids(&body).len()), (200, 2), "{body}");
    let (status, _, body) = exchange(&server.addr, "GET", "/accounts/v1");
    assert_eq!((status, ids(&body).len()), (200, 2), "{body}");
    let (status, _, _) = exchange(&server.addr, "GET", "/identities/v1");
    assert_eq!(status, 404);
}

#[test]
fn other_methods_on_a_fake_path_get_405_with_allow_and_head_is_answered() {
    let accounts = accounts("methods");
    let fake = format!("listAccountsV1={}", accounts.path());
    let server = Server::start(&["--fake", &fake]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let (status, head, body) = exchange(&server.addr, method, "/accounts/v1");
        assert_eq!(status, 405, "{method}: {head}");
        assert!(head.contains("\r\nallow: get,head"), "{method}: {head}");
        let body: Value = serde_json::from_str(&body).expect("a JSON body");
        assert_eq!(body["detailCode"], "405 Method Not Allowed");
        assert_eq!(
            body["causes"][0]["text"],
            format!("{method} is not supported on /accounts/v1")
        );
    }
    // HEAD: the GET's status and headers, no body — on the fake as on the built-in path.
    for target in [
        "/accounts/v1?count=true",
        "/beta/role-mining-sessions?count=true",
    ] {
        let (status, head, body) = exchange(&server.addr, "HEAD", target);
        assert_eq!(status, 200, "{target}: {head}");
        assert!(head.contains("x-total-count:"), "{target}: {head}");
        assert!(
            head.contains("content-type: application/json"),
            "{target}: {head}"
        );
        assert_eq!(body, "", "{target}");
    }
    let (status, head, _) = exchange(&server.addr, "HEAD", "/accounts/v1?count=true");
    assert_eq!(status, 200);
    assert!(head.contains("x-total-count: 2"), "{head}");
    let (status, _, body) = exchange(&server.addr, "HEAD", "/accounts/v1?limit=x");
    assert_eq!((status, body.as_str()), (400, ""));
}

#[test]
fn the_same_operation_faked_twice_is_refused_naming_it() {
    let (identities, accounts) = (identities("twice"), accounts("twice"));
    let cases = [
        (
            vec![
                format!("listAccountsV1={}", accounts.path()),
                format!("services:listAccountsV1={}", accounts.path()),
            ],
            vec![],
            "--fake services:listAccountsV1=FILE: the services operation `listAccountsV1` is faked twice; give each operation once",
        ),
        (
            vec![
                format!("v2025:listIdentities={}", identities.path()),
                format!("listIdentities={}", identities.path()),
            ],
            vec!["--api", "v2025"],
            "--fake listIdentities=FILE: the v2025 operation `listIdentities` is faked twice; give each operation once",
        ),
    ];
    for (fakes, extra, message) in cases {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend(extra);
        for fake in &fakes {
            args.extend(["--fake", fake.as_str()]);
        }
        let (status, stdout, stderr) =
            run_briefly(&args, Duration::from_secs(20)).expect("refused, not served");
        assert_eq!(stdout, "");
        let stderr = stderr
            .replace(accounts.path(), "FILE")
            .replace(identities.path(), "FILE");
        assert_eq!((status.code(), stderr.trim()), (Some(2), message));
    }
    // Two operations of the same id in two APIs are two operations.
    let fakes = [
        format!("v2024:listIdentities={}", identities.path()),
        format!("v2025:listIdentities={}", identities.path()),
    ];
    let server = Server::start(&["--fake", &fakes[0], "--fake", &fakes[1]]);
    for path in ["/v2024/identities", "/v2025/identities"] {
        assert_eq!(exchange(&server.addr, "GET", path).0, 200, "{path}");
    }
}

#[test]
fn an_unknown_api_prefix_or_operation_is_refused_with_the_reason() {
    let accounts = accounts("unknown");
    let cases = [
        (
            format!("v4:listAccounts={}", accounts.path()),
            2,
            "unknown API `v4`: expected services, v3, beta, v2024, v2025 or v2026".to_owned(),
        ),
        (
            format!("listIdentities={}", accounts.path()),
            1,
            "no operation `listIdentities` in the services API; did you mean `listIdentitiesV1`? (`spfilter endpoints` lists them)\n\
             `listIdentities` is an operation of the beta, v2024, v2025 and v2026 APIs: use --api beta, --api v2024, --api v2025 or --api v2026"
                .to_owned(),
        ),
    ];
    for (fake, code, message) in cases {
        let (status, _, stderr) = run_briefly(
            &["serve", "--addr", "127.0.0.1:0", "--fake", &fake],
            Duration::from_secs(20),
        )
        .expect("refused, not served");
        assert_eq!(
            (status.code(), stderr.trim()),
            (Some(code), message.as_str())
        );
    }
}

#[test]
fn check_without_api_names_the_apis_that_have_the_operation() {
    let run =
        |args: &[&str]| run_briefly(args, Duration::from_secs(20)).expect("spfilter check ends");
    let (status, _, stderr) = run(&["check", "--endpoint", "listIdentities", "name eq \"a\""]);
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        stderr.trim(),
        "no operation `listIdentities` in the services API; did you mean `listIdentitiesV1`? (`spfilter endpoints` lists them)\n\
         `listIdentities` is an operation of the beta, v2024, v2025 and v2026 APIs: use --api beta, --api v2024, --api v2025 or --api v2026"
    );
    // An operation of one other API only; and a per-service id asked of a versioned API.
    let (status, _, stderr) = run(&[
        "check",
        "--endpoint",
        "listAccountsV1",
        "--api",
        "v3",
        "name eq \"a\"",
    ]);
    assert_eq!(status.code(), Some(1));
    assert!(
        stderr.ends_with(
            "`listAccountsV1` is an operation of the services API: use --api services\n"
        ),
        "{stderr}"
    );
    // No API has it: only the nearest name.
    let (status, _, stderr) = run(&["check", "--endpoint", "listIdentitie", "name eq \"a\""]);
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        stderr.trim(),
        "no operation `listIdentitie` in the services API; did you mean `listIdentitiesV1`? (`spfilter endpoints` lists them)"
    );
    let (status, stdout, _) = run(&[
        "check",
        "--endpoint",
        "listIdentities",
        "--api",
        "v2025",
        "name eq \"a\"",
    ]);
    assert_eq!((status.code(), stdout.trim()), (Some(0), "name eq \"a\""));
}
