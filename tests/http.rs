//! `spfilter serve` and the axum extractor, driven over loopback by a real HTTP client.
//!
//! Each test starts the built binary on `127.0.0.1:0` (it prints the port it got) and talks to
//! it with reqwest; pages are compared with `CheckedQuery::run` over the same sessions. The
//! extractor's own options are checked on an in-process server of a user-declared endpoint.

#![cfg(all(feature = "axum", feature = "cli"))]

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
const SAMPLE: &str = include_str!("../data/role_mining_sessions.json");

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

#[tokio::test]
async fn pages_equal_collection_query_run_on_both_paths() {
    let server = Server::start(&[]);
    let sessions = sample();
    let queries = [
        "",
        "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true",
        "filters=saved%20eq%20%22true%22%20and%20name%20sw%20%22RM%20Session%22&count=true",
        "filters=name+sw+%22rm+session%22&sorters=createdBy,-createdDate&offset=3&limit=4&count=true",
        "filters=not+saved+eq+true+or+name+eq+%22SITZUNG+M%C3%9CLLER%22&sorters=-createdBy",
        "filters=(name+eq+'Helpdesk+tier+2')or+(saved+eq+false)&count=false",
        "sorters=createdDate&offset=70&limit=10&count=true",
        "sorters=+-createdDate+,+createdBy+&offset=10&limit=10",
        "offset=1000&count=true",
        "limit=0&count=true",
        "filters=saved+eq+false&unknown=1&x",
        "count=true&limit=250&offset=0",
    ];
    for path in [BETA, V1] {
        for query in queries {
            let target = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            let (status, headers, body) = get(&server, &target).await;
            assert_eq!(status, StatusCode::OK, "{target}: {body}");
            assert_eq!(headers["content-type"], "application/json", "{target}");
            let (items, total, count) = expected(&sessions, query);
            assert_eq!(json(&body), items, "{target}");
            match headers.get("x-total-count") {
                Some(value) => {
                    assert!(count, "{target}: X-Total-Count without count=true");
                    assert_eq!(
                        value.to_str().ok(),
                        Some(total.to_string().as_str()),
                        "{target}"
                    );
                }
                None => assert!(!count, "{target}: count=true without X-Total-Count"),
            }
        }
    }
    // The sample's shape: the main job's filter matches, paging cuts.
    let (_, headers, body) = get(
        &server,
        &format!("{BETA}?filters=saved+eq+%22true%22&limit=3&count=true"),
    )
    .await;
    assert_eq!(json(&body).as_array().map(Vec::len), Some(3));
    let total: usize = headers["x-total-count"]
        .to_str()
        .ok()
        .and_then(|t| t.parse().ok())
        .expect("X-Total-Count is a number");
    assert!(total > 3, "{total}");
}

#[tokio::test]
async fn serves_a_data_file_read_once_and_never_written() {
    let mut sessions = sample();
    sessions.truncate(3);
    sessions[0].name = Some("Zeta".to_owned());
    sessions[1].name = Some("alpha".to_owned());
    sessions[2].name = None;
    let dir = std::env::temp_dir().join(format!("spfilter-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("sessions.json");
    let text = serde_json::to_string_pretty(&sessions).expect("JSON");
    std::fs::write(&file, &text).expect("data file written");
    let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok();

    let server = Server::start(&["--data", file.to_str().expect("UTF-8 path")]);
    // Removing the file does not matter: it was read at start.
    std::fs::remove_file(&file).expect("data file removed");
    for query in [
        "",
        "filters=name+sw+%22a%22&count=true",
        "sorters=-createdDate&limit=2",
    ] {
        let (status, _, body) = get(&server, &format!("{V1}?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(json(&body), expected(&sessions, query).0, "{query}");
    }
    assert!(modified.is_some());
    assert!(!file.exists(), "the server wrote the data file back");
    let _ = std::fs::remove_dir(&dir);

    // A file that is not sessions: a message and exit status 1, nothing served.
    let bad = std::env::temp_dir().join(format!("spfilter-http-bad-{}.json", std::process::id()));
    std::fs::write(&bad, "{\"not\": \"a list\"}").expect("bad file written");
    let output = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&bad)
        .output()
        .expect("spfilter runs");
    let _ = std::fs::remove_file(&bad);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is not a JSON array of role mining sessions"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn a_bad_filter_gets_sailpoints_400_body() {
    let server = Server::start(&[]);
    let cases = [
        (
            "filters=saved+sw+%22x%22",
            "filters: column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
        ),
        (
            "filters=name+EQ+%22x%22",
            "filters: column 6: `EQ` must be lowercase: write `eq`",
        ),
        ("filters=nmae+eq+%22x%22", "filters: column 1: "),
        ("filters=saved+eq+%22yes%22", "filters: column 10: "),
        ("filters=name+eq+null", "filters: column 9: "),
        ("sorters=name", "sorters: "),
        ("filters=", "filters: "),
    ];
    for (query, cause) in cases {
        let target = format!("{BETA}?{query}");
        let (status, headers, body) = get(&server, &target).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{target}: {body}");
        assert_eq!(headers["content-type"], "application/json");
        let causes = assert_bad_request_body(&body);
        assert!(
            causes.iter().any(|c| c.starts_with(cause)),
            "{target}: no cause starting with {cause:?} in {causes:?}"
        );
        // Exactly what the library reports for the same query string.
        let err = CollectionQuery::from_query_string_for(
            query,
            RoleMiningSessions::schema(),
            &QueryOptions::default(),
        )
        .expect_err("the library refuses it too");
        assert_eq!(causes, err.messages(), "{target}");
        assert_eq!(
            json(&body)["messages"][0]["text"],
            err.summary(),
            "{target}"
        );
    }
}

#[tokio::test]
async fn malformed_query_strings_get_a_400_naming_the_problem() {
    let server = Server::start(&[]);
    let long_filter = format!("filters=name+eq+%22{}%22", "a".repeat(60 * 1024));
    let cases: [(&str, &str); 9] = [
        (
            "filters=name+eq+%zz",
            "filters: `%zz` is not a percent-encoded byte (expected % and two hex digits)",
        ),
        (
            "filters=name+eq+%22a%2",
            "filters: `%2` is not a percent-encoded byte",
        ),
        (
            "filters=%FF%FE",
            "filters: the percent-decoded bytes are not UTF-8",
        ),
        (
            "limit=5&limit=6",
            "limit: the parameter is given more than once",
        ),
        (
            "filters=saved+eq+true&sorters=createdBy&filters=saved+eq+false",
            "filters: the parameter is given more than once",
        ),
        (
            "limit=251",
            "limit must be an integer from 0 to 250, got `251`",
        ),
        (
            "offset=-1",
            "offset must be an integer from 0 to 2147483647, got `-1`",
        ),
        ("count=yes", "count must be `true` or `false`, got `yes`"),
        (
            &long_filter,
            "filters: column 16385: the filter is 61450 bytes long, over the limit of 16384 bytes",
        ),
    ];
    for (query, cause) in cases {
        let target = format!("{BETA}?{query}");
        let shown = &target[..target.len().min(80)];
        let (status, _, body) = get(&server, &target).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{shown}: {body}");
        let causes = assert_bad_request_body(&body);
        assert!(
            causes.iter().any(|c| c.starts_with(cause)),
            "{shown}: no cause starting with {cause:?} in {causes:?}"
        );
    }
    // Several problems at once: every one named, in one body.
    let (status, _, body) = get(
        &server,
        &format!("{V1}?limit=251&offset=-1&count=yes&filters=%zz"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&body);
    assert_eq!(causes.len(), 4, "{causes:?}");
    assert!(
        json(&body)["messages"][0]["text"]
            .as_str()
            .is_some_and(
                |m| m.starts_with("Invalid query parameters ") && m.ends_with(": 4 problems")
            ),
        "{body}"
    );
}

/// Sends raw bytes and reads what comes back until the server closes or 5 s pass; errors
/// (the server may reset a connection it stopped reading) end the reading.
fn raw_exchange(addr: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("read timeout");
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .expect("write timeout");
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_one_mebibyte_parameter_is_refused_with_431_and_the_server_goes_on() {
    let server = Server::start(&[]);
    let addr = server.addr.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let mut request = format!("GET {BETA}?filters=name+eq+%22").into_bytes();
        request.extend(std::iter::repeat_n(b'a', 1024 * 1024));
        request.extend_from_slice(
            format!("%22 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        raw_exchange(&addr, &request)
    })
    .await
    .expect("the exchange ran");
    // A request head over 64 KiB is refused before any handler runs: no body.
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    // The server is still there.
    let (status, _, _) = get(&server, &format!("{BETA}?limit=1")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn header_names_are_written_in_title_case() {
    // SailPoint's Python SDK hands headers over as a case-sensitive dict: users read
    // `headers["X-Total-Count"]`.
    let server = Server::start(&[]);
    let addr = server.addr.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let request = format!(
            "GET {BETA}?limit=1&count=true HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n"
        );
        raw_exchange(&addr, request.as_bytes())
    })
    .await
    .expect("the exchange ran");
    let head = answer.split("\r\n\r\n").next().unwrap_or_default();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(
        head.contains("\r\nContent-Type: application/json\r\n"),
        "{head}"
    );
    let total = format!("\r\nX-Total-Count: {}\r\n", sample().len());
    assert!(head.contains(&total), "{head}");
}

#[tokio::test]
async fn tokens_are_required() {
    let server = Server::start(&[]);
    let client = client();
    let expect_401 = |response: reqwest::Response, reason: &'static str| async move {
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = json(&response.text().await.expect("body"));
        assert_eq!(
            body,
            serde_json::json!({ "error": format!("JWT validation failed: {reason}") })
        );
    };
    let none = "no bearer token in the Authorization header";
    for path in [BETA, V1] {
        let url = server.url(path);
        expect_401(client.get(&url).send().await.expect("answered"), none).await;
        for header in ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "token abc", ""] {
            let response = client
                .get(&url)
                .header("authorization", header)
                .send()
                .await
                .expect("answered");
            expect_401(response, none).await;
        }
        // The token is checked before the parameters.
        let bad_query = server.url(&format!("{path}?limit=999"));
        expect_401(client.get(&bad_query).send().await.expect("answered"), none).await;
        // Any token will do without --token; the scheme is case-insensitive.
        for header in ["Bearer x", "bearer some.jwt.value"] {
            let response = client
                .get(&url)
                .header("authorization", header)
                .send()
                .await
                .expect("answered");
            assert_eq!(response.status(), StatusCode::OK, "{header}");
        }
    }

    let strict = Server::start(&["--token", "s3cret"]);
    let url = strict.url(BETA);
    let wrong = client
        .get(&url)
        .bearer_auth("other")
        .send()
        .await
        .expect("answered");
    expect_401(wrong, "the token is not valid").await;
    let right = client
        .get(&url)
        .bearer_auth("s3cret")
        .send()
        .await
        .expect("answered");
    assert_eq!(right.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_paths_are_404_and_other_methods_405() {
    let server = Server::start(&[]);
    let client = client();
    for path in [
        "/",
        "/role-mining-sessions",
        "/beta/role-mining-sessions/",
        "/beta/role-mining-sessions/x",
        "/v3/role-mining-sessions?limit=1",
    ] {
        let response = client
            .get(server.url(path))
            .bearer_auth("t")
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = json(&response.text().await.expect("body"));
        assert_eq!(body["detailCode"], "404 Not found", "{path}");
        let bare = path.split('?').next().unwrap_or(path);
        assert_eq!(
            body["causes"][0]["text"],
            format!("there is no endpoint at {bare}")
        );
    }
    for path in [BETA, V1] {
        for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            let response = client
                .request(method.clone(), server.url(path))
                .bearer_auth("t")
                .send()
                .await
                .expect("answered");
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            let allow = response
                .headers()
                .get("allow")
                .and_then(|a| a.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert!(
                allow.split(',').any(|m| m.trim() == "GET"),
                "{method} {path}: Allow {allow:?}"
            );
            let body = json(&response.text().await.expect("body"));
            assert_eq!(body["detailCode"], "405 Method Not Allowed");
            assert_eq!(
                body["causes"][0]["text"],
                format!("{method} is not supported on {path}")
            );
        }
        let head = client
            .head(server.url(path))
            .bearer_auth("t")
            .send()
            .await
            .expect("answered");
        assert_eq!(head.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn no_client_input_gets_a_5xx() {
    let server = Server::start(&[]);
    let fragments = [
        "filters=",
        "sorters=",
        "offset=",
        "limit=",
        "count=",
        "%",
        "%2",
        "%zz",
        "%00",
        "%FF",
        "%C3",
        "+",
        "&",
        "=",
        "(",
        ")",
        "%22",
        "'",
        "not",
        "saved",
        "name",
        "eq",
        "sw",
        "in",
        "(%22a%22,",
        "-",
        "createdBy",
        ",",
        "9999999999999999999999",
        "-0",
        "1e3",
        "true",
        "tRUE",
        "%0A",
        "%5C",
        "%E2%80%AE",
    ];
    let client = client();
    let mut asked = 0;
    // Every pair and a walk through triples: a bounded, deterministic sample of odd strings.
    for (i, a) in fragments.iter().enumerate() {
        for (j, b) in fragments.iter().enumerate() {
            let c = fragments[(i * 7 + j * 3) % fragments.len()];
            let query = format!("{a}{b}{c}");
            let response = client
                .get(server.url(&format!("{BETA}?{query}")))
                .bearer_auth("t")
                .send()
                .await
                .expect("answered");
            let status = response.status();
            assert!(
                status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
                "{query}: {status}"
            );
            let body = response.text().await.expect("body");
            if status == StatusCode::BAD_REQUEST {
                assert_eq!(
                    json(&body)["detailCode"],
                    "400.1 Bad Request Content",
                    "{query}"
                );
            } else {
                // Pages are compared in full elsewhere; here only their shape.
                assert!(body.starts_with('[') && body.ends_with(']'), "{query}");
            }
            asked += 1;
        }
    }
    assert_eq!(asked, fragments.len() * fragments.len());
}

#[tokio::test]
async fn one_log_line_per_request() {
    let server = Server::start(&[]);
    let _ = get(&server, &format!("{BETA}?limit=1&count=true")).await;
    let _ = get(&server, &format!("{V1}?limit=999")).await;
    let _ = get(&server, "/nowhere").await;
    // The log is written after the response: wait for it, boundedly.
    let mut log = String::new();
    for _ in 0..100 {
        log = server.log();
        if log.lines().filter(|l| l.starts_with("GET ")).count() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let requests: Vec<&str> = log.lines().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(requests.len(), 3, "{log}");
    let shapes = [
        (format!("GET {BETA}?limit=1&count=true 200 "), "200"),
        (format!("GET {V1}?limit=999 400 "), "400"),
        ("GET /nowhere 404 ".to_owned(), "404"),
    ];
    for (line, (prefix, _)) in requests.iter().zip(&shapes) {
        assert!(line.starts_with(prefix.as_str()), "{line:?} vs {prefix:?}");
        assert!(line.ends_with("ms"), "{line:?}");
    }
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_sigterm() {
    let mut server = Server::start(&[]);
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = server.child.wait().expect("the server exits");
    assert!(exit.success(), "{exit:?}");
    // The log thread has read everything once the pipe closes; give it a moment to finish.
    let mut log = String::new();
    for _ in 0..100 {
        log = server.log();
        if log.contains("spfilter serve: stopped") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(log.contains("spfilter serve: shutting down"), "{log}");
    assert!(log.contains("spfilter serve: stopped"), "{log}");
}

#[test]
fn refuses_an_address_it_cannot_listen_on() {
    let output = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(["serve", "--addr", "not-an-address"])
        .output()
        .expect("spfilter runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with("cannot listen on not-an-address: ")
    );
}

// ---------------------------------------------------------------------------------------------
// The extractor in a server of one's own
// ---------------------------------------------------------------------------------------------

mod own_endpoint {
    use std::sync::Arc;

    use axum::extract::State;
    use axum::response::Response;
    use axum::routing::get;
    use axum::{Extension, Router};
    use sailpoint_filters::Syntax;
    use sailpoint_filters::http::Collection;
    use sailpoint_filters::query::QueryOptions;
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Gadget {
        pub id: String,
        pub rank: i64,
    }

    sailpoint_filters::endpoint! {
        pub struct Gadgets for Gadget as "gadgets";
        composites: [and];
        fields: {
            fn id("id"): string [eq, in] = |g| g.id.as_str();
            fn rank("rank"): integer [eq, gt, lt] sort [] = |g| g.rank;
        }
    }

    async fn list(State(gadgets): State<Arc<Vec<Gadget>>>, query: Collection<Gadgets>) -> Response {
        query.respond(&gadgets)
    }

    /// Serves the gadgets with these options on a free port; returns the base URL.
    pub async fn serve(options: Option<QueryOptions>) -> String {
        let gadgets: Vec<Gadget> = (0..10)
            .map(|i| Gadget {
                id: format!("g{i}"),
                rank: (i * 7) % 10,
            })
            .collect();
        let mut app = Router::new()
            .route("/gadgets", get(list))
            .with_state(Arc::new(gadgets));
        if let Some(options) = options {
            app = app.layer(Extension(options));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}/gadgets")
    }

    pub fn strict() -> QueryOptions {
        QueryOptions::default()
            .with_syntax(Syntax::Strict)
            .with_max_length(1024)
    }
}

#[tokio::test]
async fn the_extractor_serves_a_declared_endpoint_of_ones_own() {
    let base = own_endpoint::serve(None).await;
    let client = client();
    let response = client
        .get(format!(
            "{base}?filters=rank+gt+2+and+rank+lt+8&sorters=-rank&limit=3&count=true"
        ))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-total-count"], "5");
    let body = json(&response.text().await.expect("body"));
    let ranks: Vec<i64> = body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|g| g["rank"].as_i64())
        .collect();
    assert_eq!(ranks, [7, 6, 5]);

    // The declaration is the schema: `or` is not allowed, `id` is not sortable.
    let response = client
        .get(format!("{base}?filters=rank+eq+1+or+rank+eq+2&sorters=id"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert!(
        causes[0].starts_with("filters: ") && causes[0].contains("`or`"),
        "{causes:?}"
    );
    assert!(
        causes[1].starts_with("sorters: ") && causes[1].contains("`id`"),
        "{causes:?}"
    );
}

#[tokio::test]
async fn the_extractor_takes_its_options_from_an_extension() {
    let base = own_endpoint::serve(Some(own_endpoint::strict())).await;
    let client = client();
    // The bound on the query string.
    let long = format!("{base}?filters=id+eq+%22{}%22", "x".repeat(2000));
    let response = client.get(&long).send().await.expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(
        causes,
        ["the query string is 2020 bytes long, over the limit of 1024 bytes"]
    );
    // The strict syntax.
    let response = client
        .get(format!("{base}?filters=id+eq+g1"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert!(causes[0].contains("write \"g1\""), "{causes:?}");
    let response = client
        .get(format!("{base}?filters=id+eq+%22g1%22"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    // The syntax holds for checking against the endpoint too: a bare integer parses in either
    // syntax, but the strict one does not read it as a string.
    let response = client
        .get(format!("{base}?filters=id+eq+5"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(
        causes,
        [
            "filters: column 7: `id` is a string field and takes a string, not 5 (the strict syntax needs quotes: \"5\")"
        ]
    );
    let lenient = own_endpoint::serve(None).await;
    let response = client
        .get(format!("{lenient}?filters=id+eq+5"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("body"), "[]");
}

/// `serve --strict` refuses exactly the filters `check --strict` refuses, with the same
/// message as the 400 body's cause; the lenient server takes them all.
#[tokio::test]
async fn serve_strict_refuses_what_check_strict_refuses() {
    let strict = Server::start(&["--strict"]);
    let lenient = Server::start(&[]);
    let mut refused = 0;
    for filter in [
        "name eq 5",
        "name eq 'RM Session'",
        "name sw RM",
        "saved eq \"true\" and name eq 5",
        "name eq \"RM Session\"",
        "saved eq true",
    ] {
        let check = Command::new(env!("CARGO_BIN_EXE_spfilter"))
            .args(["check", "--strict", filter])
            .output()
            .expect("spfilter check runs");
        let query = serde_urlencoded::to_string([("filters", filter)]).unwrap();
        let (status, _, body) = get(&strict, &format!("{BETA}?{query}")).await;
        let (lenient_status, _, _) = get(&lenient, &format!("{BETA}?{query}")).await;
        assert_eq!(lenient_status, StatusCode::OK, "{filter}");
        if check.status.success() {
            assert_eq!(status, StatusCode::OK, "{filter}: {body}");
            continue;
        }
        refused += 1;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{filter}");
        // `invalid filter for role-mining-sessions at column 9: …` on the command line is
        // `filters: column 9: …` in the body.
        let message = String::from_utf8(check.stderr).unwrap();
        let first_line = message.lines().next().unwrap();
        let problem = first_line
            .strip_prefix("invalid filter for role-mining-sessions at column ")
            .unwrap_or_else(|| panic!("{first_line}"));
        let body = json(&body);
        assert_eq!(
            body["causes"][0]["text"],
            format!("filters: column {problem}")
        );
        assert_eq!(body["causes"].as_array().unwrap().len(), 1);
    }
    assert_eq!(refused, 4);
}
