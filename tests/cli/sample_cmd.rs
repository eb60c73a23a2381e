//! `spfilter sample` and `spfilter serve --fake ID` / `--fake ID=N` (generated records), and
//! `spfilter endpoints` naming responses that are not a plain array.

use std::process::{Command, Output};
use std::time::Duration;

use crate::serve_process::{Connection, Server, run_briefly};
use serde_json::Value;

fn spfilter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .output()
        .expect("spfilter runs")
}

fn sample(args: &[&str]) -> Vec<Value> {
    let out = spfilter(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON array")
}

#[test]
fn sample_prints_count_records_the_same_for_a_seed() {
    let records = sample(&["sample", "listAccountsV1", "--count", "7", "--seed", "3"]);
    assert_eq!(records.len(), 7);
    let ids: std::collections::BTreeSet<&str> =
        records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 7, "unique ids");
    assert_eq!(
        records,
        sample(&["sample", "listAccountsV1", "--count", "7", "--seed", "3"])
    );
    assert_ne!(
        records,
        sample(&["sample", "listAccountsV1", "--count", "7", "--seed", "4"])
    );
    // Another API's operation, by --api.
    let v2025 = sample(&["sample", "listIdentities", "--api", "v2025", "--count", "2"]);
    assert_eq!(v2025.len(), 2);
}

#[test]
fn sample_of_an_unknown_operation_or_a_csv_download_is_refused() {
    let out = spfilter(&["sample", "listAcounts"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `listAccountsV1`?"));
    let out = spfilter(&["sample", "downloadRoleInsightsEntitlementsChangesV1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has no JSON response schema"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A count past what one call generates is refused with a message, not an aborted allocation
/// (before, `--count 100000000000` reserved 3.2 TB up front and the process aborted).
#[test]
fn a_count_too_large_is_refused_not_aborted() {
    for args in [
        &["sample", "listAccountsV1", "--count", "100000000000"][..],
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--fake",
            "listAccountsV1=100001",
        ],
    ] {
        // Bounded: a server that started after all would be killed, and the test fail.
        let (status, _, stderr) =
            run_briefly(args, Duration::from_secs(60)).expect("exits at once");
        assert_eq!(status.code(), Some(1), "{args:?}");
        assert!(
            stderr.contains("records asked for; at most 100000 are generated at once"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn serve_fakes_two_operations_of_two_apis_with_generated_records() {
    let server = Server::start(&[
        "--token",
        "t",
        "--fake",
        "listAccountsV1=12",
        "--fake",
        "v2025:listIdentities",
    ]);
    let mut connection = Connection::open(&server.addr, std::time::Duration::from_secs(10));
    let accounts = connection.get("/accounts/v1?count=true&limit=250").unwrap();
    assert_eq!(accounts.status, 200, "{}", server.log());
    assert_eq!(accounts.header("X-Total-Count"), Some("12"));
    // The records are `spfilter sample`'s with seed 1.
    let printed = sample(&["sample", "listAccountsV1", "--count", "12", "--seed", "1"]);
    assert_eq!(accounts.json(), Value::Array(printed));
    let identities = connection.get("/v2025/identities?count=true").unwrap();
    assert_eq!(identities.status, 200, "{}", server.log());
    // 50 by default; `defaultFilter`'s default keeps correlated identities only.
    let total: usize = identities.header("X-Total-Count").unwrap().parse().unwrap();
    assert!(total > 0 && total <= 50, "{total}");
    server.terminate();
}

#[test]
fn endpoints_says_when_a_response_is_not_a_plain_array() {
    let out = spfilter(&["endpoints", "getLaunchersV1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("(response: object, records in `items`)"),
        "{text}"
    );
    let out = spfilter(&["endpoints", "listAccountsV1"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("response:"));
}
