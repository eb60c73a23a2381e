//! Logging never blocks serving.

use super::*;

/// Enough one-line requests to fill a 64 KiB pipe and the log's buffer of 8,192 lines.
const MANY_REQUESTS: usize = 12_000;

/// Sends [`MANY_REQUESTS`] requests on one connection; each must be answered within 5 s.
fn many_requests(server: &Server) {
    let mut connection = Connection::open(&server.addr, Duration::from_secs(5));
    let start = Instant::now();
    for i in 0..MANY_REQUESTS {
        let response = connection
            .get(&format!("{BETA}?limit=0&offset={i}"))
            .unwrap_or_else(|err| {
                panic!(
                    "request {i} got no answer within 5 s ({:.1?} after the first): {err}",
                    start.elapsed()
                )
            });
        assert_eq!(response.status, 200, "request {i}");
    }
}

#[test]
fn a_stderr_nobody_reads_holds_up_no_request_and_sigterm_still_stops_the_server() {
    let _turn = turn();
    let mut server = Server::start_unread(&[], &[]);
    many_requests(&server);
    server.terminate();
    let status = server
        .wait_exit(Duration::from_secs(20))
        .expect("the server exits within 20 s of SIGTERM while nobody reads its stderr");
    assert!(status.success(), "{status:?}");
}

#[test]
fn dropped_log_lines_are_counted_and_reported_once_stderr_is_read() {
    let _turn = turn();
    let mut server = Server::start_unread(&[], &[]);
    many_requests(&server);
    server.read_log();
    let report = "log lines dropped so far: stderr was not read";
    let log = server.wait_for_log(report, Duration::from_secs(30));
    let line = log
        .lines()
        .find(|line| line.ends_with(report))
        .unwrap_or_else(|| panic!("no report of dropped lines in {} bytes of log", log.len()));
    let dropped: usize = line
        .strip_prefix("spfilter serve: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line:?}"));
    assert!(dropped > 0 && dropped < MANY_REQUESTS + 100, "{line:?}");
    // The lines that were kept are whole lines.
    let requests = log.lines().filter(|l| l.starts_with("GET ")).count();
    assert!(requests > 1000, "{requests} request lines kept");
    assert!(
        log.lines()
            .filter(|l| l.starts_with("GET "))
            .all(|l| l.ends_with("ms")),
        "a request line is cut"
    );
    server.terminate();
    let status = server.wait_exit(Duration::from_secs(20)).expect("exits");
    assert!(status.success(), "{status:?}");
    let log = server.final_log();
    assert!(
        log.contains(" log lines dropped: stderr was not read)"),
        "{}",
        &log[log.len().saturating_sub(500)..]
    );
}

#[test]
fn quiet_and_rust_log_leave_request_lines_out() {
    let _turn = turn();
    let requests_and_stop = |server: &mut Server| {
        for _ in 0..3 {
            let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
            assert_eq!(response.expect("answered").status, 200);
        }
        server.terminate();
        server.wait_exit(Duration::from_secs(20)).expect("exits");
        server.final_log()
    };
    let mut quiet = Server::start(&["--quiet"]);
    let log = requests_and_stop(&mut quiet);
    assert!(!log.lines().any(|l| l.starts_with("GET ")), "{log}");
    assert!(log.contains("spfilter serve: shutting down"), "{log}");
    assert!(log.contains("spfilter serve: stopped"), "{log}");

    let mut warnings_only = Server::start_unread(&[], &[("RUST_LOG", "warn")]);
    warnings_only.read_log();
    let log = requests_and_stop(&mut warnings_only);
    assert_eq!(log, "");

    let mut requests_only =
        Server::start_unread(&[], &[("RUST_LOG", "off,spfilter::request=info")]);
    requests_only.read_log();
    let log = requests_and_stop(&mut requests_only);
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.lines().all(|l| l.starts_with("GET ")), "{log}");
}
