//! Request heads: bounded, and answered.

use super::*;

#[cfg(target_os = "linux")]
#[test]
fn over_long_request_heads_are_answered_431_and_cost_bounded_memory() {
    let _turn = turn();
    let server = Server::start(&[]);
    let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
    let before = server.rss_kib();
    // 100 clients each send a 1 MiB request target and never finish the head.
    let mut head = format!("GET {BETA}?filters=name+eq+%22").into_bytes();
    head.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    let mut clients = Vec::new();
    for _ in 0..100 {
        let mut client = Connection::open(&server.addr, Duration::from_secs(10));
        // The server may stop reading (and close) once it has answered.
        let _ = client.send(&head);
        clients.push(client);
    }
    std::thread::sleep(Duration::from_secs(1));
    let after = server.rss_kib();
    let grown = after.saturating_sub(before);
    // Each head holds at most 64 KiB while it is read, and none is kept; unbounded, they
    // would take 100 MiB.
    assert!(
        grown < 16 * 1024,
        "the server grew by {grown} KiB for 100 unfinished heads ({before} → {after} KiB)"
    );
    // Each got a clear answer: 431 with SailPoint's error body, the connection closed.
    for (i, client) in clients.iter_mut().enumerate() {
        let response = client
            .read_response()
            .unwrap_or_else(|err| panic!("client {i}: {err}"));
        assert_eq!(response.status, 431, "client {i}: {}", response.headers);
        let body: Value = serde_json::from_slice(&response.body).expect("SailPoint's body");
        assert_eq!(body["detailCode"], "431 Request Header Fields Too Large");
    }
    // The server goes on.
    let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
    // A long query string that fits in the head reaches the extractor (400 with its body).
    let long = format!("{BETA}?filters=name+eq+%22{}%22", "a".repeat(60 * 1024));
    let (response, _) = timed_get(&server.addr, &long, Duration::from_secs(10));
    let response = response.expect("answered");
    assert_eq!(response.status, 400);
    let body: Value = serde_json::from_slice(&response.body).expect("SailPoint's 400 body");
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
}
