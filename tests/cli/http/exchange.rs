//! The HTTP exchange: sizes, headers, tokens, status codes, logs, shutdown.

use super::*;

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
