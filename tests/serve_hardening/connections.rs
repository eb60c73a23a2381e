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
    let sent = Instant::now();
    // The server's writes stall after the requests were sent, and it gives up 1 s after they
    // do: not before (a server that closes at once fails here), and not much after. Its end
    // of the connection is watched in the kernel's table, which reading would disturb.
    #[cfg(target_os = "linux")]
    {
        let client = stuck
            .reader
            .get_ref()
            .local_addr()
            .expect("a local address");
        let closed_after = loop {
            match server_end_state(&server.addr, client) {
                Some(ESTABLISHED) if sent.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Some(ESTABLISHED) => panic!("still open 10 s after the requests"),
                _ => break sent.elapsed(),
            }
        };
        assert!(
            closed_after >= Duration::from_millis(950),
            "the server closed the connection {closed_after:?} after the requests, before the \
             1 s write timeout"
        );
    }
    #[cfg(not(target_os = "linux"))]
    std::thread::sleep(Duration::from_secs(4));
    // The server has given up on this client: what it wrote before is there, then the end.
    let read = stuck.read_until_closed().unwrap_or_else(|err| {
        panic!("the connection is still open after a 1 s write timeout: {err}")
    });
    assert!(
        read < 100 * one_page,
        "{read} bytes read: every page was sent"
    );
    // Others are still served.
    let (response, _) = timed_get(&server.addr, &target, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
}

/// `ESTABLISHED` in the kernel's table of TCP sockets.
#[cfg(target_os = "linux")]
const ESTABLISHED: u8 = 1;

/// The state of the server's end of the loopback connection from `client` to the server at
/// `server` (`127.0.0.1:PORT`), from `/proc/net/tcp`; `None` once it is gone from the table.
#[cfg(target_os = "linux")]
fn server_end_state(server: &str, client: std::net::SocketAddr) -> Option<u8> {
    let server: std::net::SocketAddr = server.parse().expect("an address");
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp is readable");
    let (local, remote) = (
        format!(":{:04X}", server.port()),
        format!(":{:04X}", client.port()),
    );
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [_, here, there, state, ..] = fields[..] else {
            return None;
        };
        (here.ends_with(&local) && there.ends_with(&remote))
            .then(|| u8::from_str_radix(state, 16).ok())
            .flatten()
    })
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
    // Reads on a thread of its own until the server closes the connection: what was read and
    // how long after `since` (a moment before the server's idle clock can have started).
    let watch = |name: &'static str, mut connection: Connection, since: Instant| {
        std::thread::spawn(move || {
            let read = connection.read_until_closed().unwrap_or_else(|err| {
                panic!("{name}: still open after {:?}: {err}", since.elapsed())
            });
            (name, read, since.elapsed())
        })
    };
    let since = Instant::now();
    let silent = watch("silent", Connection::open(&server.addr, timeout), since);
    let since = Instant::now();
    let mut unfinished = Connection::open(&server.addr, timeout);
    unfinished
        .send(format!("GET {BETA} HTTP/1.1\r\nHost: spfilter\r\n").as_bytes())
        .expect("sent");
    let unfinished = watch("unfinished head", unfinished, since);
    let mut kept_alive = Connection::open(&server.addr, timeout);
    let since = Instant::now();
    assert_eq!(kept_alive.get(BETA).expect("answered").status, 200);
    let kept_alive = watch("idle after a response", kept_alive, since);
    for watcher in [silent, unfinished, kept_alive] {
        let (name, read, open_for) = watcher.join().expect("a watcher failed");
        assert_eq!(read, 0, "{name}");
        // Closed once the 1 s idle timeout ran out: not before (but for timer slack), and not
        // much after.
        assert!(
            open_for >= Duration::from_millis(950),
            "{name}: closed after {open_for:?}, before the 1 s idle timeout"
        );
        assert!(open_for < Duration::from_secs(7), "{name}: {open_for:?}");
    }
}
