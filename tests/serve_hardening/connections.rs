//! Connections: write and idle timeouts, a limit.

use super::*;

#[test]
fn a_client_that_reads_nothing_is_disconnected_after_the_write_timeout() {
    let _turn = turn();
    let data = sessions_file("write-timeout.json", 2_000);
    let server = Server::start(&["--data", data.path(), "--write-timeout", "1"]);
    let target = format!("{BETA}?limit=250");
    let one_page = timed_get(&server.addr, &target, Duration::from_secs(10))
        .0
        .expect("a page")
        .body
        .len();
    // 100 pages of about 200 KB: far more than the socket buffers hold.
    let mut stuck = never_reading_client(&server.addr, &target, 100);
    std::thread::sleep(Duration::from_secs(4));
    // The server has given up on this client: what it wrote before is there, then the end.
    let read = stuck.read_until_closed().unwrap_or_else(|err| {
        panic!("the connection is still open 4 s after a 1 s write timeout: {err}")
    });
    assert!(
        read < 100 * one_page,
        "{read} bytes read: every page was sent"
    );
    // Others are still served.
    let (response, _) = timed_get(&server.addr, &target, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
}

#[test]
fn never_reading_clients_at_the_connection_limit_give_way_to_others() {
    let _turn = turn();
    let data = sessions_file("limit.json", 2_000);
    let server = Server::start(&[
        "--data",
        data.path(),
        "--max-connections",
        "4",
        "--write-timeout",
        "1",
    ]);
    let target = format!("{BETA}?limit=250");
    let stuck: Vec<Connection> = (0..4)
        .map(|_| never_reading_client(&server.addr, &target, 100))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // Every connection is taken; this one waits until a stuck one is dropped.
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let log = server.wait_for_log("connection limit reached", Duration::from_secs(5));
    assert!(
        log.contains(
            "connection limit reached: 4 connections are open; new connections wait until one closes"
        ),
        "{log}"
    );
    drop(stuck);
}

#[test]
fn connections_past_the_limit_wait_for_one_to_close() {
    let _turn = turn();
    let server = Server::start(&["--max-connections", "2", "--idle-timeout", "2"]);
    // Two silent connections take both places.
    let _silent: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&server.addr).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    // Answered once a silent one gave way, after the second it has to send a request: not at
    // once, and not much after.
    assert!(took > Duration::from_millis(500), "{took:?}");
    assert!(took < Duration::from_secs(12), "{took:?}");
}

#[test]
fn idle_and_unfinished_connections_are_closed_after_the_idle_timeout() {
    let _turn = turn();
    let server = Server::start(&["--idle-timeout", "1"]);
    let timeout = Duration::from_secs(8);
    let mut silent = Connection::open(&server.addr, timeout);
    let mut unfinished = Connection::open(&server.addr, timeout);
    unfinished
        .send(format!("GET {BETA} HTTP/1.1\r\nHost: spfilter\r\n").as_bytes())
        .expect("sent");
    let mut kept_alive = Connection::open(&server.addr, timeout);
    assert_eq!(kept_alive.get(BETA).expect("answered").status, 200);
    let start = Instant::now();
    for (name, connection) in [
        ("silent", &mut silent),
        ("unfinished head", &mut unfinished),
        ("idle after a response", &mut kept_alive),
    ] {
        let read = connection
            .read_until_closed()
            .unwrap_or_else(|err| panic!("{name}: still open after {:?}: {err}", start.elapsed()));
        assert_eq!(read, 0, "{name}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(7),
        "{:?}",
        start.elapsed()
    );
}
