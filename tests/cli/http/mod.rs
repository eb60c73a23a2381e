//! `spfilter serve` and the axum extractor, driven over loopback by a real HTTP client.
//!
//! Each test starts the built binary on `127.0.0.1:0` (it prints the port it got) and talks to
//! it with reqwest; pages are compared with `CheckedQuery::run` over the same sessions. The
//! extractor's own options are checked on an in-process server of a user-declared endpoint.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{CollectionQuery, QueryOptions};
use serde_json::Value;

const BETA: &str = "/beta/role-mining-sessions";
const V1: &str = "/role-mining-sessions/v1";
const SAMPLE: &str = include_str!("../../../data/role_mining_sessions.json");

/// A running `spfilter serve`, killed when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    base: String,
    /// `127.0.0.1:PORT`
    addr: String,
    /// Everything it wrote on stderr so far.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spfilter serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("log lock")
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("stdout is readable");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "expected `listening on http://…`, got {line:?}; stderr: {}",
                    log.lock().expect("log lock")
                )
            })
            .to_owned();
        let addr = base.trim_start_matches("http://").to_owned();
        Server {
            child,
            base,
            addr,
            log,
        }
    }

    fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client builds")
}

/// Status, headers and body of an authorized GET.
async fn get(
    server: &Server,
    path_and_query: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = client()
        .get(server.url(path_and_query))
        .bearer_auth("any-token")
        .send()
        .await
        .expect("request is answered");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body reads");
    (status, headers, body)
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn sample() -> Vec<RoleMiningSession> {
    serde_json::from_str(SAMPLE).expect("the sample sessions read")
}

/// The page `CheckedQuery::run` gives for this query string, as JSON, its total, and
/// whether a count was asked.
fn expected(sessions: &[RoleMiningSession], query: &str) -> (Value, usize, bool) {
    let schema = RoleMiningSessions::schema();
    let parsed = CollectionQuery::from_query_string_for(query, schema, &QueryOptions::default())
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let page = parsed.run(sessions).expect("the query runs");
    let items = serde_json::to_value(&page.items).expect("the page is JSON");
    (items, page.total, parsed.count())
}

/// The 400 body's shape per SPEC §6; returns its causes.
fn assert_bad_request_body(body: &str) -> Vec<String> {
    let body = json(body);
    assert_eq!(body["detailCode"], "400.1 Bad Request Content", "{body}");
    let tracking = body["trackingId"].as_str().expect("trackingId is a string");
    assert_eq!(tracking.len(), 32, "{tracking}");
    assert!(
        tracking
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{tracking}"
    );
    let messages = body["messages"].as_array().expect("messages is an array");
    assert_eq!(messages.len(), 1, "{body}");
    for message in messages
        .iter()
        .chain(body["causes"].as_array().expect("causes"))
    {
        assert_eq!(message["locale"], "en-US");
        assert_eq!(message["localeOrigin"], "DEFAULT");
        let text = message["text"].as_str().expect("text is a string");
        assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
    }
    body["causes"]
        .as_array()
        .expect("causes is an array")
        .iter()
        .map(|c| c["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

mod exchange;
mod extractor;
mod queries;
