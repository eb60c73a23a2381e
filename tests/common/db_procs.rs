//! The processes of the database tests: `spfilter query` and `spfilter serve` on a real
//! SQLite file or a real PostgreSQL server, files of generated sessions, a PostgreSQL server
//! of a test's own (to stop and start), and raw HTTP over loopback.
//!
//! Included with `#[path = "common/db_procs.rs"] mod db_procs;` (beside `sql_fixture`).

#![allow(dead_code)] // each test crate uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/role_mining_sessions.json"
);

/// The `spfilter` binary under test: this build's, or the one `SPFILTER_TEST_BIN` names (to
/// run these tests against another build, an older commit's say).
pub fn binary() -> String {
    std::env::var("SPFILTER_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_spfilter").to_owned())
}

/// `spfilter ARGS…`, run to the end.
pub fn spfilter(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .output()
        .expect("spfilter runs")
}

/// What a run printed on stderr.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A new directory of the temporary directory, for one test's files.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "spfilter-{name}-{}-{}",
        std::process::id(),
        super::sql_fixture::unique_table("d")
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// `n` role mining sessions made from the sample's, each with a new id and a name that
/// starts with `tag`: two files of different tags never share a record.
pub fn sessions(n: usize, tag: &str) -> Vec<Value> {
    let sample: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).expect("the sample")).expect("JSON");
    (0..n)
        .map(|i| {
            let mut session = sample[i % sample.len()].clone();
            session["id"] = Value::from(format!("{tag}-{i:08}"));
            session["name"] = Value::from(format!("{tag} session {i}"));
            session
        })
        .collect()
}

/// Writes sessions to `dir/name` as a JSON array; its path.
pub fn write_sessions(dir: &Path, name: &str, sessions: &[Value]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(sessions).expect("JSON")).expect("written");
    path
}

/// The `X-Total-Count` of `spfilter query --db URL --count --limit 0 [--filters F]`, or the
/// error it printed.
pub fn count(db: &str, filters: Option<&str>) -> Result<u64, String> {
    let mut args = vec!["query", "--db", db, "--count", "--limit", "0"];
    if let Some(filters) = filters {
        args.extend(["--filters", filters]);
    }
    let out = spfilter(&args);
    let text = stderr(&out);
    text.trim()
        .strip_prefix("X-Total-Count: ")
        .and_then(|n| n.parse().ok())
        .filter(|_| out.status.success())
        .ok_or(text)
}

/// Which data set a table holds: the tag all its records' names start with and how many
/// there are — or a description of a mix, or the error.
pub fn contents(db: &str, tags: &[&str]) -> String {
    let total = match count(db, None) {
        Ok(total) => total,
        Err(e) => return format!("an error: {e}"),
    };
    for tag in tags {
        match count(db, Some(&format!("name sw \"{tag} \""))) {
            Ok(n) if n == total && n > 0 => return format!("{n} of {tag}"),
            Ok(0) => {}
            Ok(n) => return format!("a mix: {n} of {tag} among {total}"),
            Err(e) => return format!("an error: {e}"),
        }
    }
    format!("{total} records of none of {tags:?}")
}

/// A running `spfilter serve`, killed when dropped; its stderr lines are collected.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `spfilter serve --addr 127.0.0.1:0 ARGS…`: the server, or what it printed on
    /// stderr when it stopped without listening.
    pub fn start(args: &[&str]) -> Result<Server, String> {
        let mut child = Command::new(binary())
            .args([&["serve", "--addr", "127.0.0.1:0"], args].concat())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spfilter serve starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        match line.trim().strip_prefix("listening on http://") {
            Some(addr) => Ok(Server {
                addr: addr.to_owned(),
                child,
                log,
            }),
            None => {
                let _ = child.wait();
                // The stderr thread ends with the process.
                std::thread::sleep(Duration::from_millis(200));
                let log = log.lock().unwrap_or_else(|e| e.into_inner()).join("\n");
                Err(format!("stdout {line:?}, stderr:\n{log}"))
            }
        }
    }

    /// The lines logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// `GET target`: the status, the `X-Total-Count`, the body.
    pub fn get(&self, target: &str) -> (u16, Option<u64>, String) {
        get(&self.addr, target)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET target` on a new connection (60 s at most): the status (0 when there was no
/// answer), the `X-Total-Count`, the body.
pub fn get(addr: &str, target: &str) -> (u16, Option<u64>, String) {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, None, "cannot connect".into());
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, None, "cannot send".into());
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let Some((head, body)) = response.split_once("\r\n\r\n") else {
        return (0, None, response);
    };
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let total = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("x-total-count")
            .then(|| value.trim().parse().ok())?
    });
    (status, total, body.to_owned())
}

/// A PostgreSQL server of a test's own (from `scripts/postgres.sh own-for`), to stop and
/// start; it stops by itself when the test process ends.
pub struct OwnPostgres {
    pub dir: String,
    pub url: String,
}

impl OwnPostgres {
    pub fn start() -> OwnPostgres {
        let out = Command::new("bash")
            .args([script(), "own-for", &std::process::id().to_string()])
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "cannot start a PostgreSQL server: {}",
            stderr(&out)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let dir = lines.next().expect("the directory").to_owned();
        let url = lines.next().expect("the URL").to_owned();
        OwnPostgres { dir, url }
    }

    /// `pg_ctl ARGS…` on this server.
    pub fn ctl(&self, args: &[&str]) {
        let out = Command::new("bash")
            .args([&[script(), "ctl", &self.dir], args].concat())
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "pg_ctl {args:?}: {}", stderr(&out));
    }
}

fn script() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres.sh")
}
