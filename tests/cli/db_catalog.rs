//! Catalog operations in a database: `spfilter query --endpoint ID --db URL` prints, and
//! `spfilter serve --db URL --fake ID=FILE` (or `--fake ID`, the table already there) answers,
//! exactly what the in-memory paths do for the same records — on a real SQLite file and a real
//! PostgreSQL server. The records' untyped (`any`) fields hold values of every JSON kind.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{db_procs, sql_fixture};

use db_procs::{Server, spfilter, stderr, temp_dir};

const ACCOUNTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/catalog/accounts.json"
);

/// Values of every JSON kind, for the untyped fields.
fn kinds() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!("true"),
        json!(2),
        json!(2.0),
        json!(2.5),
        json!("Workday"),
        json!("WORKDAY"),
        json!("2024-01-01T00:00:00Z"),
        json!("2024-01-01T01:00:00+01:00"),
        json!(["Workday", 2, null, {"x": 1}]),
        json!([]),
        json!({"a": "Workday"}),
    ]
}

/// The sample accounts, then one per kind with that value in every untyped field (and one
/// with none of them).
fn accounts(dir: &Path) -> PathBuf {
    let sample: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(ACCOUNTS).expect("the sample"))
            .expect("JSON");
    let mut records = sample.clone();
    for (i, value) in kinds().into_iter().enumerate() {
        let mut record = sample[i % sample.len()].clone();
        record["id"] = json!(format!("k{i:02}"));
        record["entitlements"] = value.clone();
        record["identity"]["correlated"] = value.clone();
        record["identity"]["identityState"] = value.clone();
        record["source"]["displayableName"] = value.clone();
        record["source"]["connectionType"] = value;
        records.push(record);
    }
    let path = dir.join("accounts.json");
    std::fs::write(&path, serde_json::to_vec(&records).expect("JSON")).expect("written");
    path
}

/// Identity outliers whose `attributes` (a sortable wildcard parent) and `certStatus` hold
/// values of every kind.
fn outliers(dir: &Path) -> PathBuf {
    let records: Vec<Value> = kinds()
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let department = ["Sales", "sales", "Ops"][i % 3];
            json!({
                "id": format!("o{i:02}"),
                "score": (i % 4) as f64 / 2.0,
                "ignored": i % 3 == 0,
                "firstDetectionDate": format!("2024-01-{:02}T00:00:00Z", i + 1),
                "certStatus": value,
                "attributes": {
                    "displayName": value,
                    "department": department,
                    "manager": {"name": value},
                },
            })
        })
        .collect();
    let path = dir.join("outliers.json");
    std::fs::write(&path, serde_json::to_vec(&records).expect("JSON")).expect("written");
    path
}

/// `query` arguments for listAccountsV1: every operator of its untyped fields with values
/// of every kind, sorted by them, paged and counted; and refusals.
const ACCOUNT_QUERIES: &[&[&str]] = &[
    &["--filters", "entitlements eq \"workday\"", "--count"],
    &[
        "--filters",
        "entitlements eq 2",
        "--sorters",
        "-entitlements",
        "--count",
    ],
    &[
        "--filters",
        "identity.correlated eq true",
        "--sorters",
        "identity.correlated,id",
    ],
    &[
        "--filters",
        "identity.correlated eq \"true\" or entitlements eq 2.5",
        "--count",
    ],
    &[
        "--filters",
        "identity.identityState in (\"WORKDAY\", 2, 2024-01-01T00:00:00Z)",
        "--count",
    ],
    &[
        "--filters",
        "source.displayableName eq \"2024-01-01T01:00:00+01:00\"",
        "--count",
    ],
    &[
        "--filters",
        "source.connectionType in (true, \"x\")",
        "--sorters",
        "-source.connectionType",
    ],
    &[
        "--filters",
        "not (source.authoritative eq true) and name sw \"a\"",
        "--count",
    ],
    &[
        "--sorters",
        "source.displayableName,-created",
        "--offset",
        "3",
        "--limit",
        "9",
        "--count",
    ],
    &["--sorters", "-identity.identityState", "--limit", "5"],
    &["--offset", "100", "--count"],
    &["--filters", "entitlements co \"x\""],
    &["--filters", "entitlements eq"],
];

/// `query` arguments for getIdentityOutliersV1.
const OUTLIER_QUERIES: &[&[&str]] = &[
    &[
        "--filters",
        "attributes.displayName eq \"workday\"",
        "--count",
    ],
    &[
        "--filters",
        "attributes.displayName co \"ork\"",
        "--sorters",
        "-attributes.displayName",
    ],
    &[
        "--filters",
        "attributes.department sw \"SA\"",
        "--sorters",
        "attributes.department,-score",
    ],
    &[
        "--filters",
        "attributes.manager.name in (2, true, \"2024-01-01T00:00:00Z\")",
        "--count",
    ],
    &[
        "--filters",
        "attributes.missing eq \"x\" or certStatus eq 2",
        "--count",
    ],
    &[
        "--filters",
        "attributes eq \"x\" or score ge 1",
        "--sorters",
        "-attributes,score",
    ],
    &[
        "--sorters",
        "attributes.manager.name",
        "--offset",
        "2",
        "--limit",
        "4",
        "--count",
    ],
    &["--filters", "attributes.displayName gt \"a\""],
];

/// Each query of `queries` on `id`'s records: `query --endpoint ID --db DB` prints what
/// `query --endpoint ID --data FILE` prints. The first loads the table (with `--data`); the
/// others query the table already there.
pub(crate) fn same_output(db: &str, id: &str, data: &Path, queries: &[&[&str]]) {
    let data = data.to_str().expect("a UTF-8 path");
    for (i, query) in queries.iter().enumerate() {
        let memory = spfilter(&[&["query", "--endpoint", id, "--data", data], *query].concat());
        let mut args = vec!["query", "--endpoint", id, "--db", db];
        if i == 0 {
            args.extend(["--data", data]);
        }
        let stored = spfilter(&[&args, *query].concat());
        assert_eq!(stderr(&stored), stderr(&memory), "{id} {query:?}");
        assert_eq!(
            String::from_utf8_lossy(&stored.stdout),
            String::from_utf8_lossy(&memory.stdout),
            "{id} {query:?}"
        );
        assert_eq!(stored.status.code(), memory.status.code(), "{id} {query:?}");
    }
    // Not a vacuous comparison: the queries found records, and a refusal was refused.
    let first = spfilter(&[&["query", "--endpoint", id, "--db", db], queries[0]].concat());
    assert!(first.status.success(), "{}", stderr(&first));
    assert_ne!(stderr(&first), "X-Total-Count: 0\n");
}

/// Identities (the sample, then one per kind in the untyped `correlated` and `email`): the
/// filter `defaultFilter` adds (`correlated eq true`, by default) on values of every kind.
fn identities(dir: &Path) -> PathBuf {
    let sample: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(IDENTITIES).expect("the sample"))
            .expect("JSON");
    let mut records = sample.clone();
    for (i, value) in kinds().into_iter().enumerate() {
        let mut record = sample[i % sample.len()].clone();
        record["id"] = json!(format!("k{i:02}"));
        record["correlated"] = value.clone();
        record["email"] = value;
        records.push(record);
    }
    let path = dir.join("identities.json");
    std::fs::write(&path, serde_json::to_vec(&records).expect("JSON")).expect("written");
    path
}

const IDENTITIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/catalog/identities.json"
);

/// `query` arguments for listIdentitiesV1: its `defaultFilter`.
const IDENTITY_QUERIES: &[&[&str]] = &[
    &["--count"],
    &[
        "--param",
        "defaultFilter=NONE",
        "--count",
        "--sorters",
        "-name",
    ],
    &["--filters", "email sw \"w\" or correlated eq 2", "--count"],
    &[
        "--param",
        "defaultFilter=NONE",
        "--filters",
        "correlated eq \"true\"",
        "--count",
    ],
    &["--param", "defaultFilter=SOME"],
];

/// Approvals (untyped `name`, `status`): `count-only`.
fn approvals(dir: &Path) -> PathBuf {
    let records: Vec<Value> = kinds()
        .into_iter()
        .enumerate()
        .map(|(i, value)| json!({"id": format!("p{i:02}"), "name": value, "status": value}))
        .collect();
    let path = dir.join("approvals.json");
    std::fs::write(&path, serde_json::to_vec(&records).expect("JSON")).expect("written");
    path
}

/// `query` arguments for getApprovalsV1: `count-only`.
const APPROVAL_QUERIES: &[&[&str]] = &[
    &["--filters", "name co \"ork\" or status eq 2", "--count"],
    &[
        "--param",
        "count-only=true",
        "--filters",
        "name ne \"workday\"",
    ],
    &["--param", "count-only=true", "--count", "--limit", "1"],
];

fn query_prints_the_same(db: &str) {
    let dir = temp_dir("db-catalog");
    same_output(db, "listAccountsV1", &accounts(&dir), ACCOUNT_QUERIES);
    same_output(
        db,
        "getIdentityOutliersV1",
        &outliers(&dir),
        OUTLIER_QUERIES,
    );
    same_output(db, "listIdentitiesV1", &identities(&dir), IDENTITY_QUERIES);
    same_output(db, "getApprovalsV1", &approvals(&dir), APPROVAL_QUERIES);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn query_endpoint_prints_the_same_from_sqlite() {
    let dir = temp_dir("db-catalog-sqlite");
    query_prints_the_same(&format!("sqlite:{}", dir.join("catalog.db").display()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn query_endpoint_prints_the_same_from_postgres() {
    query_prints_the_same(&sql_fixture::fresh_database("db_catalog"));
}

/// HTTP targets for the two fakes: pages, counts, refusals, a wrong path.
const TARGETS: &[&str] = &[
    "/accounts/v1?filters=entitlements+eq+%22workday%22&count=true",
    "/accounts/v1?filters=identity.identityState+in+(2,true)&sorters=-identity.identityState&count=true",
    "/accounts/v1?sorters=source.displayableName,-created&offset=3&limit=9&count=true",
    "/accounts/v1?filters=entitlements+co+%22x%22",
    "/outliers/v1?filters=attributes.displayName+co+%22ork%22&sorters=-attributes.displayName&count=true",
    "/outliers/v1?sorters=attributes.manager.name&offset=2&limit=4&count=true",
    "/outliers/v2",
];

/// `serve --db DB --fake ID=FILE` answers what `serve --fake ID=FILE` answers; then, the
/// tables there, `serve --db DB --fake ID` does too.
fn serve_answers_the_same(db: &str) {
    let dir = temp_dir("db-catalog-serve");
    let fakes = [
        format!("listAccountsV1={}", accounts(&dir).display()),
        format!("getIdentityOutliersV1={}", outliers(&dir).display()),
    ];
    let fake_args = |fakes: &[&str]| -> Vec<String> {
        fakes
            .iter()
            .flat_map(|f| ["--fake".to_owned(), (*f).to_owned()])
            .collect()
    };
    let loads = fake_args(&[&fakes[0], &fakes[1]]);
    let memory =
        Server::start(&loads.iter().map(String::as_str).collect::<Vec<_>>()).expect("serve starts");
    let mut args = vec!["--db", db];
    args.extend(loads.iter().map(String::as_str));
    let loaded = Server::start(&args).expect("serve --db starts");
    let found_args = fake_args(&["listAccountsV1", "getIdentityOutliersV1"]);
    let mut args = vec!["--db", db];
    args.extend(found_args.iter().map(String::as_str));
    let found = Server::start(&args).expect("serve --db --fake ID starts");
    for target in TARGETS {
        let answer = without_tracking_id(memory.get(target));
        assert_eq!(without_tracking_id(loaded.get(target)), answer, "{target}");
        assert_eq!(without_tracking_id(found.get(target)), answer, "{target}");
    }
    // Not a vacuous comparison: pages with records, a 400, a 404.
    let statuses: Vec<u16> = TARGETS.iter().map(|t| memory.get(t).0).collect();
    assert_eq!(statuses, [200, 200, 200, 400, 200, 200, 404]);
    assert_ne!(memory.get(TARGETS[0]).1, Some(0));
    assert!(
        loaded
            .log()
            .iter()
            .any(|l| l.ends_with("records of listAccountsV1 from the database at GET /accounts/v1")),
        "{:?}",
        loaded.log()
    );
    drop((memory, loaded, found));
    let _ = std::fs::remove_dir_all(dir);
}

/// An answer with its error body's random `trackingId` removed.
pub(crate) fn without_tracking_id(
    (status, total, body): (u16, Option<u64>, String),
) -> (u16, Option<u64>, String) {
    let body = match serde_json::from_str::<Value>(&body) {
        Ok(Value::Object(mut object)) => {
            object.remove("trackingId");
            Value::Object(object).to_string()
        }
        _ => body,
    };
    (status, total, body)
}

#[test]
fn serve_fake_answers_the_same_from_sqlite() {
    let dir = temp_dir("db-catalog-serve-sqlite");
    serve_answers_the_same(&format!("sqlite:{}", dir.join("fakes.db").display()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_fake_answers_the_same_from_postgres() {
    serve_answers_the_same(&sql_fixture::fresh_database("db_catalog_serve"));
}

#[test]
fn catalog_tables_are_refused_as_sessions_tables_are() {
    let dir = temp_dir("db-catalog-refusals");
    let data = accounts(&dir);
    let data = data.to_str().expect("a UTF-8 path");
    let db = format!("sqlite:{}", dir.join("accounts.db").display());
    // No file: not made without records to load.
    let out = spfilter(&["query", "--endpoint", "listAccountsV1", "--db", &db]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .ends_with("give --data FILE to make one with the listAccountsV1 records of FILE\n"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("accounts.db").exists());
    // Loaded once; a second load needs --replace.
    let load = [
        "query",
        "--endpoint",
        "listAccountsV1",
        "--db",
        &db,
        "--data",
        data,
        "--limit",
        "0",
        "--count",
    ];
    assert_eq!(stderr(&spfilter(&load)), "X-Total-Count: 25\n");
    let again = spfilter(&load);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).ends_with(
            "the table `listAccountsV1` already holds 25 records: pass --replace to replace them\n"
        ),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        stderr(&spfilter(&[&load[..], &["--replace"]].concat())),
        "X-Total-Count: 25\n"
    );
    // Another operation's table is not there.
    let out = spfilter(&["query", "--endpoint", "getIdentityOutliersV1", "--db", &db]);
    assert_eq!(
        stderr(&out),
        format!(
            "cannot use `{db}`: the database has no table `getIdentityOutliersV1`: load the \
             getIdentityOutliersV1 records into it first, with --data FILE (spfilter query \
             --endpoint getIdentityOutliersV1 --db URL --data records.json)\n"
        )
    );
    // The same operationId in two APIs names two tables.
    let v3 = spfilter(&[
        "query",
        "--api",
        "v3",
        "--endpoint",
        "listAccounts",
        "--db",
        &db,
        "--data",
        data,
        "--limit",
        "0",
        "--count",
    ]);
    assert_eq!(stderr(&v3), "X-Total-Count: 25\n");
    let beta = spfilter(&[
        "query",
        "--api",
        "beta",
        "--endpoint",
        "listAccounts",
        "--db",
        &db,
        "--count",
    ]);
    assert!(
        stderr(&beta).starts_with(&format!(
            "cannot use `{db}`: the database has no table `beta_listAccounts`: load the \
             listAccounts records into it first"
        )),
        "{}",
        stderr(&beta)
    );
    let _ = std::fs::remove_dir_all(dir);
}
