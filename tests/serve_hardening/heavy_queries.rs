//! Heavy queries do not hold up light ones.

use super::*;

/// When a request was sent and when its answer was read.
type Span = (Instant, Instant);

#[test]
fn a_cheap_request_is_answered_while_heavy_queries_run() {
    let _turn = turn();
    let data = sessions_file("heavy.json", 100_000);
    let server = Server::start(&["--data", data.path()]);
    let heavy = format!("{BETA}?sorters=createdBy,-createdDate&offset=99000&limit=250");
    let cheap = format!("{BETA}?limit=1");
    let (response, _) = timed_get(&server.addr, &cheap, Duration::from_secs(120));
    assert_eq!(response.expect("answered").status, 200);
    // Twice as many clients as there are cores ask for heavy queries again and again until
    // the cheap requests are done and the server is stopped; each keeps when it sent each
    // request and read its answer (for the one the stop cut off: when the stop came).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stop = Arc::new(Mutex::new(None::<Instant>));
    let heavy_clients: Vec<std::thread::JoinHandle<Vec<Span>>> = (0..2 * cores)
        .map(|_| {
            let (addr, heavy, stop) = (server.addr.clone(), heavy.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut connection = Connection::open(&addr, Duration::from_secs(300));
                let mut answers = Vec::new();
                loop {
                    let sent = Instant::now();
                    let response = connection.get(&heavy);
                    let stopped = *stop.lock().expect("stop lock");
                    match (response, stopped) {
                        (Ok(response), None) => {
                            assert_eq!(response.status, 200, "a heavy query");
                            answers.push((sent, Instant::now()));
                        }
                        // Answered between the stop and the kill: it ran until now.
                        (Ok(_), Some(_)) => {
                            answers.push((sent, Instant::now()));
                            break;
                        }
                        (Err(_), Some(at)) => {
                            answers.push((sent, at));
                            break;
                        }
                        (Err(err), None) => panic!("a heavy query failed: {err}"),
                    }
                }
                answers
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut cheap_answers: Vec<Span> = Vec::new();
    for _ in 0..8 {
        let sent = Instant::now();
        let (response, _) = timed_get(&server.addr, &cheap, Duration::from_secs(120));
        assert_eq!(response.expect("answered").status, 200);
        cheap_answers.push((sent, Instant::now()));
        std::thread::sleep(Duration::from_millis(250));
    }
    // The server stops; every heavy client ends, each query it sent before answered.
    *stop.lock().expect("stop lock") = Some(Instant::now());
    drop(server);
    let heavy_answers: Vec<Span> = heavy_clients
        .into_iter()
        .flat_map(|client| client.join().expect("a heavy client failed"))
        .collect();
    // The server was busy with heavy queries all along: each cheap request was sent after a
    // heavy one was and answered before it was, and every heavy client had a query in flight
    // while the cheap ones were asked.
    let covering = |&(sent, read): &Span| {
        heavy_answers
            .iter()
            .filter(|&&(heavy_sent, heavy_read)| heavy_sent <= sent && read <= heavy_read)
            .count()
    };
    for (i, cheap) in cheap_answers.iter().enumerate() {
        assert!(
            covering(cheap) >= 1,
            "cheap request {i} was not answered within any heavy query's time: it waited \
             for them, or none was running"
        );
    }
    let (first, last) = (cheap_answers[0].0, cheap_answers[cheap_answers.len() - 1].1);
    let overlapping: Vec<Duration> = heavy_answers
        .iter()
        .filter(|&&(sent, read)| sent < last && read > first)
        .map(|&(sent, read)| read - sent)
        .collect();
    assert!(
        overlapping.len() >= 2 * cores,
        "{} heavy queries overlap the cheap requests, from {} clients",
        overlapping.len(),
        2 * cores
    );
    // And a cheap request does not wait for them: the slowest takes under a quarter of the
    // median heavy query that ran at the same time (a server that queued it behind the heavy
    // ones would take about as long as one; a query the stop cut off counts as long as it ran
    // until then, which is less than it would have).
    let mut heavy_times = overlapping;
    heavy_times.sort_unstable();
    let median_heavy = heavy_times[heavy_times.len() / 2];
    let latencies: Vec<Duration> = cheap_answers
        .iter()
        .map(|&(sent, read)| read - sent)
        .collect();
    let slowest = latencies.iter().max().copied().unwrap_or_default();
    assert!(
        slowest * 4 < median_heavy,
        "a limit=1 request took {slowest:?} while heavy queries ran, the median of which took \
         {median_heavy:?}; all: {latencies:?}"
    );
}
