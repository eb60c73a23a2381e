//! `searchAfter` from a database: `spfilter query --endpoint ID --db URL` prints, and
//! `spfilter serve --db URL --fake ID=FILE` answers, the page strictly after the cursor
//! exactly as the in-memory paths do — on a real SQLite file and a real PostgreSQL server.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{db_procs, sql_fixture};
use crate::db_catalog::{same_output, without_tracking_id};

use db_procs::{Server, temp_dir};

/// 40 entitlements whose names tie in groups (case aside), with dates written at different
/// offsets.
fn entitlements(dir: &Path) -> PathBuf {
    let names = ["Admin", "admin", "Billing", "zeta", "BILLING"];
    let created = [
        "2024-01-01T00:00:00Z",
        "2024-01-01T01:00:00+01:00",
        "2024-01-02T00:00:00Z",
    ];
    let records: Vec<Value> = (0..40)
        .map(|i| {
            json!({
                "id": format!("e{:03}", (i * 17) % 40),
                "name": names[i % names.len()],
                "created": created[i % created.len()],
                "requestable": i % 2 == 0,
            })
        })
        .collect();
    let path = dir.join("entitlements.json");
    std::fs::write(&path, serde_json::to_vec(&records).expect("JSON")).expect("written");
    path
}

const QUERIES: &[&[&str]] = &[
    &[
        "--sorters",
        "name,id",
        "--param",
        "searchAfter=ADMIN,e017",
        "--limit",
        "5",
        "--count",
    ],
    &[
        "--sorters",
        "-name,id",
        "--param",
        "searchAfter=billing,e010",
        "--offset",
        "2",
        "--limit",
        "4",
    ],
    &[
        "--sorters",
        "-created,-id",
        "--param",
        "searchAfter=2024-01-01T01:00:00+01:00,e020",
        "--count",
    ],
    &[
        "--sorters",
        "name",
        "--param",
        "searchAfter=admin",
        "--filters",
        "requestable eq true",
    ],
    // A refusal is refused alike.
    &["--sorters", "name,id", "--param", "searchAfter=a"],
];

/// The paths `serve` answers, with `searchAfter`.
const TARGETS: &[&str] = &[
    "/entitlements/v1?sorters=name,id&searchAfter=ADMIN,e017&limit=5&count=true",
    "/entitlements/v1?sorters=-created,-id&searchAfter=2024-01-01T01:00:00%2B01:00,e020&count=true",
    "/entitlements/v1?sorters=name,id&searchAfter=zeta,e039&offset=1&count=true",
    "/entitlements/v1?sorters=name&searchAfter=a,b",
];

fn query_prints_the_same(db: &str) {
    let dir = temp_dir("db-search-after");
    same_output(db, "listEntitlementsV1", &entitlements(&dir), QUERIES);
    let _ = std::fs::remove_dir_all(dir);
}

fn serve_answers_the_same(db: &str) {
    let dir = temp_dir("db-search-after-serve");
    let fake = format!("listEntitlementsV1={}", entitlements(&dir).display());
    let memory = Server::start(&["--fake", &fake]).expect("serve starts");
    let stored = Server::start(&["--db", db, "--replace", "--fake", &fake]).expect("serve --db");
    for target in TARGETS {
        assert_eq!(
            without_tracking_id(stored.get(target)),
            without_tracking_id(memory.get(target)),
            "{target}"
        );
    }
    // Not a vacuous comparison: pages with records, and a 400.
    let answers: Vec<(u16, Option<u64>)> = TARGETS
        .iter()
        .map(|t| {
            let (status, total, _) = memory.get(t);
            (status, total)
        })
        .collect();
    assert_eq!(
        answers,
        [
            (200, Some(40)),
            (200, Some(40)),
            (200, Some(40)),
            (400, None)
        ]
    );
    assert_ne!(memory.get(TARGETS[0]).2, "[]");
    drop((memory, stored));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn query_search_after_prints_the_same_from_sqlite() {
    let dir = temp_dir("db-search-after-sqlite");
    query_prints_the_same(&format!("sqlite:{}", dir.join("e.db").display()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn query_search_after_prints_the_same_from_postgres() {
    query_prints_the_same(&sql_fixture::fresh_database("db_search_after"));
}

#[test]
fn serve_search_after_answers_the_same_from_sqlite() {
    let dir = temp_dir("db-search-after-serve-sqlite");
    serve_answers_the_same(&format!("sqlite:{}", dir.join("e.db").display()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_search_after_answers_the_same_from_postgres() {
    serve_answers_the_same(&sql_fixture::fresh_database("db_search_after_serve"));
}
