//! The HTTP edge of `spfilter serve` (and of `serve_with`) against clients that misbehave at the
//! level of the connection: request heads over the bound however they arrive, the answers to
//! them, clients that hold places without sending requests or send nothing but requests, and
//! shutdown with half-received heads. Each test starts the built binary on loopback; every wait
//! has a deadline, with generous margins (the machine may be slow and busy).

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::serve_process::{BETA, Connection, Response, Server, request, timed_get};
use crate::turn;
use serde_json::Value;

/// Asserts SailPoint's error shape (SPEC §6) with this detail code, and returns the causes.
fn assert_error_body(response: &Response, status: u16, detail_code: &str) -> Vec<String> {
    assert_eq!(response.status, status, "{}", response.headers);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("connection"), Some("close"));
    let body = response.json();
    assert_eq!(body["detailCode"], detail_code, "{body}");
    let tracking = body["trackingId"].as_str().expect("a tracking id");
    assert!(
        tracking.len() == 32
            && tracking
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{tracking}"
    );
    let message = &body["messages"][0];
    assert_eq!(message["locale"], "en-US");
    assert_eq!(message["localeOrigin"], "DEFAULT");
    assert!(!message["text"].as_str().unwrap_or_default().is_empty());
    body["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .map(|cause| cause["text"].as_str().expect("a cause's text").to_owned())
        .collect()
}

/// A request head of about `size` bytes: `headers` headers of equal length, and a query
/// string making up the rest.
fn head_of(size: usize, headers: usize) -> Vec<u8> {
    let start = format!("GET {BETA}?limit=1&pad=");
    let end = "Host: spfilter\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n";
    let header_len = (size / 2).checked_div(headers).unwrap_or(0);
    let mut fields = String::new();
    for i in 0..headers {
        let name = format!("X-Pad-{i:03}: ");
        fields.push_str(&name);
        fields.push_str(&"h".repeat(header_len.saturating_sub(name.len() + 2)));
        fields.push_str("\r\n");
    }
    let taken = start.len() + " HTTP/1.1\r\n".len() + fields.len() + end.len();
    let pad = "q".repeat(size.saturating_sub(taken));
    format!("{start}{pad} HTTP/1.1\r\n{fields}{end}").into_bytes()
}

/// Sends `bytes` (in one write, or in pieces of `piece` bytes) on a connection of its own, and
/// reads the answer.
fn exchange(addr: &str, bytes: &[u8], piece: Option<usize>) -> std::io::Result<Response> {
    let mut connection = Connection::open(addr, Duration::from_secs(20));
    match piece {
        None => connection.send(bytes)?,
        Some(piece) => {
            for chunk in bytes.chunks(piece) {
                // The server may answer (and stop reading) before the head is all sent.
                if connection.send(chunk).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
    connection.read_response()
}

#[test]
fn a_head_over_the_limit_is_refused_with_431_however_it_arrives() {
    let _turn = turn();
    let server = Server::start(&[]);
    for (size, headers) in [(70_000, 35), (114_000, 0), (80_000, 60), (65_600, 1)] {
        let head = head_of(size, headers);
        assert!(head.len() > 64 * 1024, "{}", head.len());
        for piece in [None, Some(16 * 1024), Some(1000)] {
            let response = exchange(&server.addr, &head, piece)
                .unwrap_or_else(|err| panic!("{size} B in {piece:?}: {err}"));
            let causes = assert_error_body(&response, 431, "431 Request Header Fields Too Large");
            assert_eq!(
                causes,
                [
                    "the request line and headers are longer than 65536 bytes, the most this server reads"
                ],
                "{size} B, {headers} headers, in {piece:?}"
            );
        }
    }
    // A head within the bound is served, in one write or in pieces.
    let head = head_of(64_000, 30);
    assert!(head.len() <= 64 * 1024);
    for piece in [None, Some(1000)] {
        let response = exchange(&server.addr, &head, piece).expect("answered");
        assert_eq!(response.status, 200, "{piece:?}");
    }
}

#[test]
fn too_many_header_fields_are_refused_with_431_in_sailpoints_shape() {
    let _turn = turn();
    let server = Server::start(&[]);
    let with_fields = |n: usize| {
        let fields: String = (0..n - 3).map(|i| format!("X-F{i}: v\r\n")).collect();
        format!(
            "GET {BETA}?limit=1 HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer t\r\n{fields}Connection: close\r\n\r\n"
        )
        .into_bytes()
    };
    let response = exchange(&server.addr, &with_fields(100), None).expect("answered");
    assert_eq!(response.status, 200);
    let response = exchange(&server.addr, &with_fields(101), None).expect("answered");
    let causes = assert_error_body(&response, 431, "431 Request Header Fields Too Large");
    assert_eq!(
        causes,
        ["the request has more than 100 header fields, the most this server reads"]
    );
}

#[test]
fn a_target_over_hypers_bound_is_refused_with_414_in_sailpoints_shape() {
    let _turn = turn();
    // `spfilter serve` reads heads of 64 KiB, which no target over 65,534 bytes fits: the
    // library's `serve_with` with a larger bound.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("listens");
    let addr = listener.local_addr().expect("an address").to_string();
    let app = axum::Router::new().fallback(|| async { "[]" });
    let options = sailpoint_filters::http::ServeOptions::default()
        .with_max_request_head(256 * 1024)
        .with_grace_period(Duration::ZERO);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(sailpoint_filters::http::serve_with(
        listener,
        app,
        async {
            let _ = stopped.await;
        },
        options,
    ));
    let target = format!("/{}", "t".repeat(70_000));
    let head = format!("GET {target} HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n");
    for piece in [None, Some(8 * 1024)] {
        let response = exchange(&addr, head.as_bytes(), piece).expect("answered");
        let causes = assert_error_body(&response, 414, "414 URI Too Long");
        assert_eq!(
            causes,
            [
                "the request target (path and query string) is longer than 65534 bytes, the most this server reads"
            ]
        );
    }
    // A long target within it, and a long head, are served.
    let target = format!("/{}", "t".repeat(60_000));
    let head = format!(
        "GET {target} HTTP/1.1\r\nHost: s\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "h".repeat(100_000)
    );
    let response = exchange(&addr, head.as_bytes(), None).expect("answered");
    assert_eq!(
        (response.status, response.body.as_slice()),
        (200, &b"[]"[..])
    );
    let _ = stop.send(());
    runtime.block_on(server).expect("the server stops");
}

#[test]
fn requests_pipelined_before_a_refused_head_are_answered_first() {
    let _turn = turn();
    let server = Server::start(&[]);
    let mut bytes = request(&format!("{BETA}?limit=1")).repeat(2).into_bytes();
    bytes.extend(head_of(90_000, 0));
    let mut connection = Connection::open(&server.addr, Duration::from_secs(20));
    connection.send(&bytes).expect("sent");
    for i in 0..2 {
        let response = connection.read_response().expect("answered");
        assert_eq!(response.status, 200, "request {i}");
        assert_eq!(response.header("connection"), None, "request {i}");
        let page: Vec<Value> = serde_json::from_slice(&response.body).expect("a page");
        assert_eq!(page.len(), 1);
    }
    let response = connection.read_response().expect("answered");
    assert_error_body(&response, 431, "431 Request Header Fields Too Large");
    assert_eq!(connection.read_until_closed().expect("closed"), 0);
}

/// A client that sends the start of a head, then one byte every `every`, until finished or
/// dropped.
struct Trickler {
    connection: Connection,
    stop: Arc<AtomicBool>,
    sending: Option<std::thread::JoinHandle<()>>,
}

impl Trickler {
    fn start(addr: &str, every: Duration) -> Trickler {
        let mut connection = Connection::open(addr, Duration::from_secs(20));
        connection
            .send(format!("GET {BETA}?limit=1 HTTP/1.1\r\nHost: s\r\nX-Slow: ").as_bytes())
            .expect("the start of the head is sent");
        let stop = Arc::new(AtomicBool::new(false));
        let sending = {
            let stop = Arc::clone(&stop);
            let mut stream = connection.stream().try_clone().expect("a second handle");
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) && stream.write_all(b"x").is_ok() {
                    let ticked = Instant::now();
                    while !stop.load(Ordering::Relaxed) && ticked.elapsed() < every {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            })
        };
        Trickler {
            connection,
            stop,
            sending: Some(sending),
        }
    }

    fn stop_sending(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(sending) = self.sending.take() {
            let _ = sending.join();
        }
    }

    /// Sends the rest of the head, and reads the response.
    fn finish(mut self) -> std::io::Result<Response> {
        self.stop_sending();
        self.connection
            .send(b"\r\nAuthorization: Bearer t\r\n\r\n")?;
        self.connection.read_response()
    }

    /// Whether the server closed the connection, waiting at most `within` for it.
    fn closed_within(&mut self, within: Duration) -> bool {
        self.stop_sending();
        closed_within(&mut self.connection, within)
    }
}

impl Drop for Trickler {
    fn drop(&mut self) {
        self.stop_sending();
    }
}

/// Whether the server closed the connection (end of file or reset), waiting at most `within`;
/// what it sent before is discarded.
fn closed_within(connection: &mut Connection, within: Duration) -> bool {
    connection
        .stream()
        .set_read_timeout(Some(within))
        .expect("read timeout");
    connection.read_until_closed().is_ok()
}

#[test]
fn trickling_clients_at_the_connection_limit_give_way() {
    let _turn = turn();
    let server = Server::start(&["--max-connections", "8", "--idle-timeout", "60"]);
    let tricklers: Vec<Trickler> = (0..8)
        .map(|_| Trickler::start(&server.addr, Duration::from_millis(500)))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // Every place is taken by a client that never finishes its head; this one is answered
    // once one of them gives way, not at the idle timeout (60 s).
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    assert!(took < Duration::from_secs(8), "{took:?}");
    // And the next ones too.
    for _ in 0..4 {
        let (response, took) = timed_get(
            &server.addr,
            &format!("{BETA}?limit=1"),
            Duration::from_secs(20),
        );
        assert_eq!(response.expect("answered").status, 200);
        assert!(took < Duration::from_secs(8), "{took:?}");
    }
    drop(tricklers);
}

#[test]
fn idle_keep_alive_connections_are_closed_first_to_make_room() {
    let _turn = turn();
    let server = Server::start(&["--max-connections", "3", "--idle-timeout", "60"]);
    // One connection answered and idle since; two clients slow with their heads since before.
    let mut slow: Vec<Trickler> = (0..2)
        .map(|_| Trickler::start(&server.addr, Duration::from_millis(500)))
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let mut idle = Connection::open(&server.addr, Duration::from_secs(20));
    assert_eq!(idle.get(BETA).expect("answered").status, 200);
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    assert!(took < Duration::from_secs(8), "{took:?}");
    // The idle one gave way; the slow ones, which waited longer, still finish their requests.
    assert!(closed_within(&mut idle, Duration::from_secs(5)));
    for (i, slow) in slow.drain(..).enumerate() {
        let response = slow
            .finish()
            .unwrap_or_else(|err| panic!("slow client {i}: {err}"));
        assert_eq!(response.status, 200, "slow client {i}");
    }
}

#[test]
fn busy_keep_alive_clients_cannot_starve_a_waiting_one() {
    let _turn = turn();
    let server = Server::start(&["--max-connections", "2", "--idle-timeout", "60"]);
    let stop = Arc::new(AtomicBool::new(false));
    // Responses with `Connection: close`, connections closed between requests, answers.
    let told_to_close = Arc::new(AtomicUsize::new(0));
    let cut = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    // Two clients send request after request on keep-alive connections, reconnecting when one
    // closes, so that both places are always taken.
    let busy: Vec<_> = (0..2)
        .map(|_| {
            let (addr, stop) = (server.addr.clone(), Arc::clone(&stop));
            let (told_to_close, answered) = (Arc::clone(&told_to_close), Arc::clone(&answered));
            let cut = Arc::clone(&cut);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let mut connection = Connection::open(&addr, Duration::from_secs(20));
                    while !stop.load(Ordering::Relaxed) {
                        match connection.get(&format!("{BETA}?limit=5")) {
                            Ok(response) => {
                                assert_eq!(response.status, 200);
                                answered.fetch_add(1, Ordering::Relaxed);
                                if response.header("connection") == Some("close") {
                                    told_to_close.fetch_add(1, Ordering::Relaxed);
                                    break;
                                }
                            }
                            Err(_) => {
                                cut.fetch_add(1, Ordering::Relaxed);
                                break;
                            }
                        }
                    }
                }
            })
        })
        .collect();
    while answered.load(Ordering::Relaxed) < 20 {
        std::thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..3 {
        let (response, took) = timed_get(
            &server.addr,
            &format!("{BETA}?limit=1"),
            Duration::from_secs(20),
        );
        let response = response.unwrap_or_else(|err| panic!("after {took:?}: {err}"));
        assert_eq!(response.status, 200);
        assert!(took < Duration::from_secs(8), "{took:?}");
    }
    stop.store(true, Ordering::Relaxed);
    for client in busy {
        client.join().expect("a busy client ends");
    }
    // Busy connections gave way (told to close after a response, or closed between requests)
    // at least for the first: a place a waiting client leaves may go to the next one.
    let gave_way = told_to_close.load(Ordering::Relaxed) + cut.load(Ordering::Relaxed);
    assert!(gave_way >= 1, "{gave_way}");
}

#[test]
fn shutdown_does_not_wait_on_half_received_heads() {
    let _turn = turn();
    let mut server = Server::start(&["--grace-period", "20"]);
    let mut half: Vec<Connection> = (0..3)
        .map(|i| {
            let mut connection = Connection::open(&server.addr, Duration::from_secs(30));
            let start = format!("GET {BETA}?limit={i} HTTP/1.1\r\nHost: s\r\nX-Half: ");
            connection.send(start.as_bytes()).expect("sent");
            connection
        })
        .collect();
    let mut silent = Connection::open(&server.addr, Duration::from_secs(30));
    let mut idle = Connection::open(&server.addr, Duration::from_secs(30));
    assert_eq!(idle.get(BETA).expect("answered").status, 200);
    std::thread::sleep(Duration::from_millis(500));
    let signalled = Instant::now();
    server.terminate();
    let status = server
        .wait_exit(Duration::from_secs(30))
        .expect("the server exits");
    let took = signalled.elapsed();
    assert!(status.success(), "{status:?}");
    // Nothing was in progress: no grace period (20 s) to wait.
    assert!(took < Duration::from_secs(5), "{took:?}");
    for connection in half.iter_mut().chain([&mut silent, &mut idle]) {
        assert!(closed_within(connection, Duration::from_secs(5)));
    }
    assert!(
        !server.log().contains("grace period: closed"),
        "{}",
        server.log()
    );
}

#[test]
fn a_trickled_head_must_be_complete_within_the_idle_timeout() {
    let _turn = turn();
    let server = Server::start(&["--idle-timeout", "2"]);
    let start = Instant::now();
    let mut slow = Trickler::start(&server.addr, Duration::from_millis(200));
    // Trickling does not extend the deadline: closed, unanswered, 2 s after it opened.
    std::thread::sleep(Duration::from_millis(2500));
    slow.stop_sending();
    assert!(slow.closed_within(Duration::from_secs(5)));
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
}
