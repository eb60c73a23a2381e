//! `spfilter query --db URL` and `spfilter serve --db URL` print and answer byte for byte what
//! the in-memory paths do, on SQLite and PostgreSQL, with `--data` (a fresh table) and without
//! (the table already there).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};

use crate::common::sql_fixture;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/role_mining_sessions.json"
);

fn spfilter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .output()
        .expect("spfilter runs")
}

/// What a query is meant to give.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// Exit status 0 and a page with records.
    Page,
    /// Exit status 0, an empty page (`[]`), and as the count none of the records or all of
    /// them (`all`).
    EmptyPage { all: bool },
    /// Exit status 1 and a message on stderr.
    Refused,
}

/// Queries of every kind: filters, sorters (both keys, both directions), pages past the end,
/// counts, and refusals, each with what it is meant to give.
const QUERIES: &[(&[&str], Outcome)] = &[
    (
        &[
            "--filters",
            "saved eq \"true\" and name sw \"RM Session\"",
            "--sorters",
            "-createdDate",
            "--limit",
            "5",
            "--count",
        ],
        Outcome::Page,
    ),
    (
        &[
            "--sorters",
            "createdBy,-createdDate",
            "--offset",
            "3",
            "--limit",
            "7",
        ],
        Outcome::Page,
    ),
    (&["--sorters", "-createdBy", "--count"], Outcome::Page),
    (
        &[
            "--filters",
            "not (name sw 'rm') or saved eq false",
            "--sorters",
            "createdDate",
            "--count",
        ],
        Outcome::Page,
    ),
    (
        &["--filters", "name eq \"nothing like this\"", "--count"],
        Outcome::EmptyPage { all: false },
    ),
    (
        &["--offset", "1000", "--count"],
        Outcome::EmptyPage { all: true },
    ),
    (&["--filters", "name ew \"x\""], Outcome::Refused),
    (&["--sorters", "name"], Outcome::Refused),
    (&["--limit", "251"], Outcome::Refused),
];

/// The records of a page printed on stdout.
fn page(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON page ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The `X-Total-Count` printed last on stderr by a query with `--count`.
fn total(output: &Output) -> Option<usize> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .strip_prefix("X-Total-Count: ")?
        .parse()
        .ok()
}

fn same_output(db: &str) {
    for (i, (query, outcome)) in QUERIES.iter().enumerate() {
        let memory = spfilter(&[&["query", "--data", DATA], *query].concat());
        // The first query loads a fresh table; the others query the table already there.
        let with_db: Vec<&str> = if i == 0 {
            [&["query", "--db", db, "--data", DATA], *query].concat()
        } else {
            [&["query", "--db", db], *query].concat()
        };
        let stored = spfilter(&with_db);
        assert_eq!(
            String::from_utf8_lossy(&stored.stderr),
            String::from_utf8_lossy(&memory.stderr),
            "{query:?}"
        );
        assert_eq!(stored.stdout, memory.stdout, "{query:?}");
        assert_eq!(stored.status.code(), memory.status.code(), "{query:?}");
        // Equal is not enough: both could be wrong alike. Each does what it is meant to.
        let counted = query.contains(&"--count");
        match outcome {
            Outcome::Page => {
                assert_eq!(stored.status.code(), Some(0), "{query:?}: {stored:?}");
                let records = page(&stored);
                assert!(!records.is_empty(), "{query:?}: an empty page");
                if counted {
                    let total = total(&stored).expect("X-Total-Count on stderr");
                    assert!(total >= records.len(), "{query:?}: {total}");
                }
            }
            Outcome::EmptyPage { all } => {
                assert_eq!(stored.status.code(), Some(0), "{query:?}: {stored:?}");
                assert!(page(&stored).is_empty(), "{query:?}");
                let sessions: Vec<serde_json::Value> =
                    serde_json::from_str(&std::fs::read_to_string(DATA).expect("the sample"))
                        .expect("a JSON array");
                let want = if *all { sessions.len() } else { 0 };
                assert!(want > 0 || !all, "the sample has sessions");
                assert_eq!(total(&stored), Some(want), "{query:?}");
            }
            Outcome::Refused => {
                assert_eq!(stored.status.code(), Some(1), "{query:?}: {stored:?}");
                assert!(stored.stdout.is_empty(), "{query:?}");
                assert!(!stored.stderr.is_empty(), "{query:?}");
            }
        }
    }
}

#[test]
fn query_prints_the_same_from_sqlite() {
    let path = std::env::temp_dir().join(format!("{}.db", sql_fixture::unique_table("cli")));
    let db = format!("sqlite:{}", path.display());
    same_output(&db);
    // --data again: a fresh table, not the sessions twice.
    let again = spfilter(&[
        "query",
        "--db",
        &db,
        "--data",
        DATA,
        "--replace",
        "--count",
        "--limit",
        "0",
    ]);
    let memory = spfilter(&["query", "--data", DATA, "--count", "--limit", "0"]);
    assert_eq!(again.stderr, memory.stderr);
    let _ = std::fs::remove_file(path);
}

#[test]
fn query_prints_the_same_from_postgres() {
    same_output(&sql_fixture::fresh_database("cli"));
}

#[test]
fn a_missing_table_is_an_error() {
    let out = spfilter(&["query", "--db", "sqlite::memory:", "--count"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cannot use `sqlite::memory:`: the database has no table `role_mining_sessions`: load \
         role mining sessions into it first, with --data FILE (spfilter query --db URL --data \
         sessions.json)\n"
    );
    let out = spfilter(&["query", "--db", "mysql://x"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cannot open `mysql://x`: expected sqlite:PATH, sqlite::memory: or postgres://…\n"
    );
}

/// A running `spfilter serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
            .args([&["serve", "--addr", "127.0.0.1:0", "--data", DATA], extra].concat())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spfilter serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    /// The status line, the `X-Total-Count` header and the body of `GET target`.
    fn get(&self, target: &str) -> (String, Option<String>, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
        let status = head.lines().next().unwrap_or_default().to_owned();
        let total = head
            .lines()
            .find_map(|l| {
                l.strip_prefix("X-Total-Count: ")
                    .or(l.strip_prefix("x-total-count: "))
            })
            .map(str::to_owned);
        // Errors carry a random tracking id: compare what stays the same.
        let body = match serde_json::from_str::<serde_json::Value>(body) {
            Ok(mut json) => {
                if let Some(obj) = json.as_object_mut() {
                    obj.remove("trackingId");
                }
                json.to_string()
            }
            Err(_) => body.to_owned(),
        };
        (status, total, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn same_answers(db: &str) {
    let memory = Server::start(&[]);
    let stored = Server::start(&["--db", db]);
    // Each target with what it is meant to give: a page with records, an empty page, or a 400.
    for (target, outcome) in [
        (
            "/beta/role-mining-sessions?filters=saved+eq+%22true%22+and+name+sw+%22RM+Session%22&sorters=-createdDate&limit=5&count=true",
            Outcome::Page,
        ),
        (
            "/role-mining-sessions/v1?sorters=createdBy&offset=2&limit=9&count=true",
            Outcome::Page,
        ),
        (
            "/beta/role-mining-sessions?filters=name+eq+%22nothing%22&count=true",
            Outcome::EmptyPage { all: false },
        ),
        (
            "/beta/role-mining-sessions?offset=500&count=true",
            Outcome::EmptyPage { all: true },
        ),
        (
            "/beta/role-mining-sessions?filters=name+ew+%22x%22",
            Outcome::Refused,
        ),
    ] {
        let answer = memory.get(target);
        assert_eq!(stored.get(target), answer, "{target}");
        let (status, total, body) = &answer;
        let total = total
            .as_deref()
            .map(|t| t.parse::<usize>().expect("a count"));
        match outcome {
            Outcome::Page => {
                assert!(status.contains(" 200 "), "{target}: {answer:?}");
                let page: Vec<serde_json::Value> = serde_json::from_str(body).expect("a page");
                assert!(!page.is_empty(), "{target}: an empty page");
                assert!(
                    total.is_some_and(|t| t >= page.len()),
                    "{target}: {total:?}"
                );
            }
            Outcome::EmptyPage { all } => {
                assert!(status.contains(" 200 "), "{target}: {answer:?}");
                assert_eq!(body, "[]", "{target}");
                assert_eq!(total.is_some_and(|t| t > 0), all, "{target}: {total:?}");
            }
            Outcome::Refused => assert!(status.contains(" 400 "), "{target}: {answer:?}"),
        }
    }
}

#[test]
fn serve_answers_the_same_from_sqlite() {
    let path = std::env::temp_dir().join(format!("{}.db", sql_fixture::unique_table("serve")));
    same_answers(&format!("sqlite:{}", path.display()));
    let _ = std::fs::remove_file(path);
}

#[test]
fn serve_answers_the_same_from_postgres() {
    same_answers(&sql_fixture::fresh_database("serve"));
}
