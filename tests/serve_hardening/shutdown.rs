//! Shutdown within the grace period.

use super::*;

#[test]
fn sigterm_stops_the_server_within_the_grace_period_though_a_client_reads_nothing() {
    let _turn = turn();
    // Heavy enough that a sorted query deep into the sessions takes a while.
    let data = sessions_file("grace.json", 50_000);
    let mut server = Server::start(&["--data", data.path()]);
    // One client asks for 100 full pages (about 20 MB, more than loopback's socket buffers
    // hold) and reads none of them: wait until its answers stop, its connection stalled on a
    // write.
    let _stuck = never_reading_client(&server.addr, &format!("{BETA}?limit=250"), 100);
    let answered = || server.log().matches("?limit=250 200").count();
    let (mut seen, mut since) = (answered(), Instant::now());
    let waited = Instant::now();
    while since.elapsed() < Duration::from_secs(1) && waited.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
        if answered() != seen {
            (seen, since) = (answered(), Instant::now());
        }
    }
    assert!(
        seen < 100,
        "every page fit in the socket buffers: {seen} answered"
    );
    // Another client's request is in flight when SIGTERM comes: read before the signal, and
    // answered after it. The client sends two requests at once on one connection, a cheap one
    // and a heavy one: once the first is answered, the server has read the second (from the
    // same bytes) and is at work on it. Then the signal.
    let heavy = format!("{BETA}?sorters=createdBy,-createdDate&offset=1000&limit=250");
    let mut client = Connection::open(&server.addr, Duration::from_secs(60));
    client
        .send(format!("{}{}", request(&format!("{BETA}?limit=1")), request(&heavy)).as_bytes())
        .expect("both requests are sent");
    let first = client
        .read_response()
        .expect("the first request is answered");
    assert_eq!(first.status, 200);
    // hyper reads a pipelined request's head on its next turn, not in the turn that wrote the
    // answer before it: until then the connection is idle and a shutdown closes it, as it may.
    // The server burns CPU time only on the heavy query (the stuck client's writes are
    // stalled), so once its CPU time grows, that query has begun.
    // (Where /proc is missing, a short sleep does the same most of the time.)
    match server.cpu_ticks() {
        Some(at_first) => {
            let waited = Instant::now();
            while server.cpu_ticks().unwrap_or(u64::MAX) < at_first + 2
                && waited.elapsed() < Duration::from_secs(10)
            {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        None => std::thread::sleep(Duration::from_millis(50)),
    }
    let signalled = Instant::now();
    server.terminate();
    let response = client.read_response();
    let answered_after = signalled.elapsed();
    let status = server.wait_exit(Duration::from_secs(25));
    let stopped_after = signalled.elapsed();
    let status = status.expect("the server exits within 25 s of SIGTERM (grace period 5 s)");
    assert!(status.success(), "{status:?}");
    // 5 s of grace, and a generous margin.
    assert!(stopped_after < Duration::from_secs(15), "{stopped_after:?}");
    let response = response.unwrap_or_else(|err| {
        panic!(
            "the request in flight is not answered ({err}), {answered_after:?} after the signal; \
             the server's log: {}",
            server.final_log()
        )
    });
    assert_eq!(response.status, 200);
    let page: Vec<Value> = serde_json::from_slice(&response.body).expect("a whole JSON page");
    assert_eq!(page.len(), 250);
    assert!(
        answered_after <= stopped_after,
        "{answered_after:?} {stopped_after:?}"
    );
    // In the server's own order: the signal came, then the heavy request was answered.
    let log = server.final_log();
    let shutting_down = log
        .find("spfilter serve: shutting down")
        .unwrap_or_else(|| panic!("no shutdown in the log: {log}"));
    let answered = log
        .find(&format!("GET {heavy} 200"))
        .unwrap_or_else(|| panic!("the heavy request is not in the log: {log}"));
    assert!(
        shutting_down < answered,
        "the heavy request was answered before the server took the signal, so it was not in flight: {log}"
    );
    assert!(log.contains("grace period: closed"), "{log}");
}

#[test]
fn a_slow_client_does_not_delay_shutdown_beyond_the_grace_period() {
    let _turn = turn();
    for (args, grace) in [(&[][..], 5.0), (&["--grace-period", "0.5"][..], 0.5)] {
        let mut server = Server::start(args);
        // A client that sends its head a byte at a time and never finishes it.
        let mut slow = Connection::open(&server.addr, Duration::from_secs(5));
        slow.send(format!("GET {BETA} HTTP/1.1\r\nHost: spfilter\r\n").as_bytes())
            .expect("the start of the head is sent");
        let stop = Arc::new(AtomicBool::new(false));
        let trickle = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for _ in 0..300 {
                    if stop.load(Ordering::Relaxed) || slow.send(b"x").is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        };
        std::thread::sleep(Duration::from_secs(1));
        let signalled = Instant::now();
        server.terminate();
        let status = server.wait_exit(Duration::from_secs(25));
        let stopped_after = signalled.elapsed();
        stop.store(true, Ordering::Relaxed);
        let _ = trickle.join();
        let status = status.unwrap_or_else(|| {
            panic!("{args:?}: the server still runs 25 s after SIGTERM (grace period {grace} s)")
        });
        assert!(status.success(), "{status:?}");
        assert!(
            stopped_after < Duration::from_secs_f64(grace + 7.0),
            "{args:?}: {stopped_after:?}"
        );
    }
}
