//! The records of `spfilter serve --fake ID=FILE` (and `spfilter query --endpoint ID --data
//! FILE`) are checked against the operation's typed fields when they are loaded: a record that
//! does not fit is refused at start, naming its index and the field; what SailPoint's own
//! responses do loosely is served.

use std::time::Duration;

use crate::serve_process::{Connection, Server, TempFile, run_briefly};
use serde_json::{Value, json};

/// Runs `spfilter serve --fake ID=FILE` over these records: its exit status and stderr, or
/// `None` when it started serving instead (it is then stopped).
fn serve_refuses(operation: &str, name: &str, records: &str) -> Option<(i32, String)> {
    let file = TempFile::new(name, records.as_bytes());
    let fake = format!("{operation}={}", file.path());
    let (status, stdout, stderr) = run_briefly(
        &["serve", "--addr", "127.0.0.1:0", "--fake", &fake],
        Duration::from_secs(20),
    )?;
    assert!(stdout.is_empty(), "{stdout}");
    Some((
        status.code().unwrap_or(-1),
        stderr.replace(file.path(), "FILE"),
    ))
}

#[test]
fn records_that_do_not_fit_the_operation_are_refused_at_start_naming_index_and_field() {
    let cases = [
        (
            r#"{"id": "b", "created": 1704067200}"#,
            "FILE: record 1: `created` holds an integer (1704067200), not a date-time",
        ),
        (
            r#"{"id": "b", "created": "not a date"}"#,
            "FILE: record 1: `created` holds text that is not a date-time (`not a date`: expected the form 2018-12-18T23:05:55Z or 2023-02-05T10:59:27.214+02:00)",
        ),
        (
            r#"{"id": "b", "modified": "2024-02-30T10:00:00Z"}"#,
            "FILE: record 1: `modified` holds text that is not a date-time (`2024-02-30T10:00:00Z`: day 30 is not a day of 2024-02, which has 29 days)",
        ),
        (
            r#"{"id": "b", "created": "2024-01-01T00:00:00+24:00"}"#,
            "FILE: record 1: `created` holds text that is not a date-time (`2024-01-01T00:00:00+24:00`: the offset +24:00 is not one: its hours are 00 to 23)",
        ),
        (
            r#"{"id": "b", "created": "0000-01-01T00:00:00+01:00"}"#,
            "FILE: record 1: `created` holds text that is not a date-time (`0000-01-01T00:00:00+01:00`: the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)",
        ),
        ("5", "FILE: record 1: an integer (5), not a JSON object"),
        (
            r#"{"id": "b", "name": "x", "name": "y"}"#,
            "FILE: record 1: the key `name` appears twice in one object at line 1 column 62",
        ),
        (
            r#"{"id": "b", "hasEntitlements": "true"}"#,
            "FILE: record 1: `hasEntitlements` holds text (\"true\"), not a boolean",
        ),
        (
            r#"{"id": "b", "identity": {"name": 7}}"#,
            "FILE: record 1: `identity.name` holds an integer (7), not a string",
        ),
        (
            r#"{"id": "b", "identity": "Alice"}"#,
            "FILE: record 1: `identity.name` cannot be read: `identity` holds text (\"Alice\"), not an object",
        ),
    ];
    for (i, (record, message)) in cases.into_iter().enumerate() {
        let records = format!(r#"[{{"id": "a", "name": "Alice"}}, {record}]"#);
        let (code, stderr) = serve_refuses("listAccountsV1", &format!("bad{i}.json"), &records)
            .unwrap_or_else(|| panic!("{record}: the fake was served"));
        assert_eq!((code, stderr.trim()), (1, message), "{record}");
    }
    // `query --endpoint` reads its `--data` file the same way.
    let file = TempFile::new("query.json", br#"[{"id": "a"}, {"id": "b", "created": 5}]"#);
    let (status, _, stderr) = run_briefly(
        &[
            "query",
            "--endpoint",
            "listAccountsV1",
            "--data",
            file.path(),
        ],
        Duration::from_secs(20),
    )
    .expect("the query ends");
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        stderr.trim(),
        format!(
            "{}: record 1: `created` holds an integer (5), not a date-time",
            file.path()
        )
    );
}

/// One GET of `target` on its own connection: the status and the JSON body.
fn get(server: &Server, target: &str) -> (u16, Value) {
    let mut connection = Connection::open(&server.addr, Duration::from_secs(20));
    let response = connection.get(target).expect("answered");
    (response.status, response.json())
}

/// The `id`s of a page.
fn ids(page: &Value) -> Vec<&str> {
    page.as_array()
        .expect("a page")
        .iter()
        .map(|record| record["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn what_sailpoints_own_responses_do_loosely_is_served() {
    // listAccountsV1: null and missing fields, an enum value the spec does not list, a field
    // under a list (not read), and fields of unknown type holding anything.
    let accounts = json!([
        {"id": "a", "name": null, "created": "2024-01-01T00:00:00Z", "origin": "FUTURE_ORIGIN"},
        {"id": "b", "identity": [{"name": 5}], "entitlements": {"any": "thing"}},
        {"id": "c", "name": "Carol", "created": "2024-06-01T12:00:00.123456789+02:00", "hasEntitlements": true},
    ]);
    // getIdentityOutliersV1: `score` is a number, and an integer is one.
    let outliers = json!([{"id": "o1", "score": 5}, {"id": "o2", "score": 0.5}]);
    // getSchedulesV1: `applicationId` is an integer, and 7.0 is one.
    let schedules = json!([{"id": "s1", "applicationId": 7.0}, {"id": "s2", "applicationId": 8}]);
    // getIdentityCertificationItemPermissionsV1: `rights` is a list of strings, and a lone
    // string (as in SailPoint's own example) is a list of one.
    let rights =
        json!([{"id": "p1", "rights": "HereIsRight1"}, {"id": "p2", "rights": ["A", "B"]}]);
    let files: Vec<(&str, TempFile)> = [
        ("listAccountsV1", "accounts.json", accounts),
        ("getIdentityOutliersV1", "outliers.json", outliers),
        ("getSchedulesV1", "schedules.json", schedules),
        (
            "getIdentityCertificationItemPermissionsV1",
            "rights.json",
            rights,
        ),
    ]
    .into_iter()
    .map(|(operation, name, records)| {
        let json = serde_json::to_vec(&records).expect("records serialize");
        (operation, TempFile::new(name, &json))
    })
    .collect();
    let fakes: Vec<String> = files
        .iter()
        .map(|(operation, file)| format!("{operation}={}", file.path()))
        .collect();
    let mut args = Vec::new();
    for fake in &fakes {
        args.extend(["--fake", fake.as_str()]);
    }
    let server = Server::start(&args);
    let cases = [
        ("/accounts/v1?filters=name+eq+%22carol%22", vec!["c"]),
        (
            "/accounts/v1?filters=created+gt+2024-03-01T00:00:00Z",
            vec!["c"],
        ),
        (
            "/accounts/v1?filters=origin+eq+%22FUTURE_ORIGIN%22",
            vec!["a"],
        ),
        ("/outliers/v1?filters=score+ge+1", vec!["o1"]),
        (
            "/das/v1/tasks/schedules?filters=applicationId+eq+7",
            vec!["s1"],
        ),
        (
            "/certifications/v1/c/access-review-items/i/permissions?filters=rights+ca+(%22HereIsRight1%22)",
            vec!["p1"],
        ),
    ];
    for (target, expected) in cases {
        let (status, page) = get(&server, target);
        assert_eq!(status, 200, "{target}: {page}");
        assert_eq!(ids(&page), expected, "{target}");
    }
}
