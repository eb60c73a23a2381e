//! Heavy queries do not hold up light ones.

use super::*;

#[test]
fn a_cheap_request_is_answered_while_heavy_queries_run() {
    let _turn = turn();
    let data = sessions_file("heavy.json", 100_000);
    let server = Server::start(&["--data", data.path()]);
    let heavy = format!("{BETA}?sorters=createdBy,-createdDate&offset=99000&limit=250");
    let cheap = format!("{BETA}?limit=1");
    let (response, alone) = timed_get(&server.addr, &heavy, Duration::from_secs(120));
    assert_eq!(response.expect("answered").status, 200);
    // Twice as many heavy queries at once as there are cores, asked again and again.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stop = Arc::new(AtomicBool::new(false));
    for _ in 0..2 * cores {
        let (addr, heavy, stop) = (server.addr.clone(), heavy.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut connection = Connection::open(&addr, Duration::from_secs(120));
            for _ in 0..20 {
                if stop.load(Ordering::Relaxed) || connection.get(&heavy).is_err() {
                    break;
                }
            }
        });
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut latencies = Vec::new();
    for _ in 0..8 {
        let (response, took) = timed_get(&server.addr, &cheap, Duration::from_secs(120));
        assert_eq!(response.expect("answered").status, 200);
        latencies.push(took);
        std::thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::Relaxed);
    let slowest = latencies.iter().max().copied().unwrap_or_default();
    let bound = (alone / 6).max(Duration::from_millis(500));
    assert!(
        slowest < bound,
        "a limit=1 request took {slowest:?} (bound {bound:?}) while heavy queries ran; \
         one heavy query alone took {alone:?}; all: {latencies:?}"
    );
}
