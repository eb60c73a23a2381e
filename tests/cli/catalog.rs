//! The real `spfilter` binary on catalog operations: `endpoints`, `check --endpoint` (every
//! field × operator of a sample of operations), `query --endpoint`, `serve --fake`, and
//! `check --openapi` on YAML.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};

use sailpoint_filters::FieldType;
use sailpoint_filters::catalog::{Api, Catalog};

use crate::common::published;

fn spfilter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .output()
        .expect("spfilter runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn value(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::Boolean => "true",
        FieldType::Integer => "1",
        FieldType::Number => "1.5",
        FieldType::DateTime => "2024-01-01T00:00:00Z",
        _ => "\"x\"",
    }
}

/// `field op value` in the language's spelling.
fn condition(path: &str, op: &str, v: &str) -> String {
    match op {
        "pr" => format!("pr {path}"),
        "isnull" => format!("{path} isnull"),
        "in" | "ca" => format!("{path} {op} ({v})"),
        _ => format!("{path} {op} {v}"),
    }
}

/// The operations whose operator tables were copied by hand from SailPoint's published text
/// (`tests/common/published.rs`): `check --endpoint` accepts each listed operator of each
/// field, and refuses every other, naming the ones the field supports.
#[test]
fn check_endpoint_accepts_each_published_field_and_operator() {
    for table in published::TABLES {
        let id = table.operation_id;
        let op = Catalog::new().get(Api::Services, id).unwrap();
        for (path, listed) in table.fields {
            let field_type = op
                .fields()
                .iter()
                .find(|f| f.path() == *path)
                .unwrap_or_else(|| panic!("{id}: no field {path}"))
                .field_type();
            let v = value(field_type);
            for name in *listed {
                let text = condition(path, name, v);
                let out = spfilter(&["check", "--endpoint", id, "--strict", &text]);
                assert!(out.status.success(), "{id}: {text}: {}", stderr(&out));
                assert_eq!(stdout(&out).trim_end(), text);
            }
            // Every other operator at once: one problem each.
            let others: Vec<&str> = published::OPERATORS
                .iter()
                .copied()
                .filter(|o| !listed.contains(o))
                .collect();
            let text = others
                .iter()
                .map(|o| condition(path, o, v))
                .collect::<Vec<_>>()
                .join(" and ");
            let out = spfilter(&["check", "--endpoint", id, &text]);
            assert_eq!(out.status.code(), Some(1), "{id}: {text}");
            let err = stderr(&out);
            assert!(
                err.starts_with(&format!(
                    "invalid filter for {id} ({} problems):",
                    others.len()
                )),
                "{id}: {text}: {err}"
            );
            let supports: BTreeSet<&str> = listed.iter().copied().collect();
            for other in &others {
                let line = err
                    .lines()
                    .find(|l| {
                        l.contains(&format!(
                            "`{other}` is not supported on field `{path}` of {id};"
                        ))
                    })
                    .unwrap_or_else(|| panic!("{id}: no problem for `{other}` on {path}: {err}"));
                let named: BTreeSet<&str> = line
                    .split_once("supports: ")
                    .map(|(_, ops)| ops.split(", ").collect())
                    .unwrap_or_default();
                assert_eq!(named, supports, "{line}");
            }
        }
    }
    let out = spfilter(&[
        "check",
        "--endpoint",
        "listAccountsV1",
        r#"nativeIdentty eq "x""#,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "unknown field `nativeIdentty` for listAccountsV1; did you mean `nativeIdentity`?"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn endpoints_lists_one_line_per_operation() {
    let out = spfilter(&["endpoints"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 146);
    let out = spfilter(&["endpoints", "list_accounts"]);
    let line = stdout(&out).lines().next().unwrap_or_default().to_owned();
    assert!(
        line.starts_with(
            "listAccountsV1 GET /accounts/v1 filters: id (eq, sw, in), identityId (eq, sw, in),"
        ),
        "{line}"
    );
    assert!(line.contains(" sorters: id, identityId, name,"), "{line}");
    let out = spfilter(&["endpoints", "--api", "v3", "accounts"]);
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("listAccounts GET /v3/accounts ")),
        "{}",
        stdout(&out)
    );
    let out = spfilter(&["endpoints", "--api", "v4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown API `v4`"));
}

#[test]
fn check_endpoint_in_a_versioned_api_and_errors() {
    let out = spfilter(&[
        "check",
        "--endpoint",
        "listAccounts",
        "--api",
        "beta",
        r#"name sw "a""#,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = spfilter(&["check", "--endpoint", "listAccount", r#"name sw "a""#]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        "no operation `listAccount` in the services API; did you mean `listAccountsV1`? (`spfilter endpoints` lists them)"
    );
}

#[test]
fn check_openapi_reads_yaml() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/xtask/tests/fixtures/specs/sailpoint-api.v3.yaml"
    );
    let text = std::fs::read_to_string(spec).unwrap();
    let id = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("operationId: "))
        .expect("an operationId in the fixture")
        .to_owned();
    let out = spfilter(&[
        "check",
        "--openapi",
        spec,
        "--operation",
        &id,
        "nosuchfield eq 1",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown field `nosuchfield`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn query_endpoint_runs_over_json_records() {
    let dir = std::env::temp_dir().join(format!("spfilter-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("accounts.json");
    std::fs::write(
        &data,
        r#"[{"id":"1","name":"Alice"},{"id":"2","name":"bob"},{"id":"3","name":"alan"}]"#,
    )
    .unwrap();
    let data = data.to_str().unwrap();
    let out = spfilter(&[
        "query",
        "--endpoint",
        "listAccountsV1",
        "--data",
        data,
        "--filters",
        r#"name sw "A""#,
        "--sorters",
        "-name",
        "--count",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        page.iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert!(stderr(&out).contains("X-Total-Count: 2"));
    let out = spfilter(&[
        "query",
        "--endpoint",
        "listRolesV1",
        "--data",
        data,
        "--limit",
        "51",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("limit must be an integer from 0 to 50, got `51`"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// One GET over a fresh connection: the status line, headers and body.
fn get(addr: &str, target: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.to_ascii_lowercase(), body.to_owned())
}

#[test]
fn serve_fakes_two_endpoints_with_their_rules() {
    let dir = std::env::temp_dir().join(format!("spfilter-fakes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let accounts = dir.join("accounts.json");
    std::fs::write(
        &accounts,
        r#"[{"id":"1","name":"Alice"},{"id":"2","name":"bob"}]"#,
    )
    .unwrap();
    let roles = dir.join("roles.json");
    let many: Vec<serde_json::Value> = (0..60)
        .map(|i| serde_json::json!({"id": i.to_string(), "name": format!("r{i}")}))
        .collect();
    std::fs::write(&roles, serde_json::to_string(&many).unwrap()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .arg("--fake")
        .arg(format!("listAccountsV1={}", accounts.display()))
        .arg("--fake")
        .arg(format!("listRolesV1={}", roles.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_default()
        .to_owned();
    let result = std::panic::catch_unwind(|| {
        let (head, body) = get(&addr, "/accounts/v1?filters=name+sw+%22a%22&count=true");
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("x-total-count: 1"), "{head}");
        assert!(body.contains("Alice"), "{body}");
        let (head, _) = get(&addr, "/roles/v1");
        assert!(
            head.starts_with("http/1.1 200") && head.contains("content-length"),
            "{head}"
        );
        let (_, body) = get(&addr, "/roles/v1");
        assert_eq!(
            serde_json::from_str::<Vec<serde_json::Value>>(&body)
                .unwrap()
                .len(),
            50
        );
        let (head, body) = get(&addr, "/roles/v1?limit=51");
        assert!(head.starts_with("http/1.1 400"), "{head}");
        assert!(
            body.contains("limit must be an integer from 0 to 50"),
            "{body}"
        );
        // Role mining sessions are still served.
        let (head, _) = get(&addr, "/beta/role-mining-sessions?limit=1");
        assert!(head.starts_with("http/1.1 200"), "{head}");
        let (head, _) = get(&addr, "/identities/v1");
        assert!(head.starts_with("http/1.1 404"), "{head}");
    });
    child.kill().ok();
    child.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
