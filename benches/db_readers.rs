//! Concurrent readers: the store on SQLite (a file in WAL mode, a pool of connections) and
//! on PostgreSQL (a pool), beside the in-memory evaluator and beside a store on one
//! connection (what every query went through before the pool: one at a time), over the same
//! 1,000,000 sessions (`benches/sessions`), in one run.
//!
//! * Throughput: 1, 4 and 32 clients (threads) each run a query in a loop for a few seconds;
//!   queries per second and the 50th and 99th percentile latency. Queries: `selective`
//!   (`name eq "RM Sessions backlog 123"`, about a hundred matches through an index) and
//!   `broad` (`saved eq true and name sw "RM Session"`, a page of 250 and the count of most
//!   of the table).
//! * A light query behind heavy ones: the selective query's median latency alone, and while
//!   two clients run the broad query without pause; the ratio says how much the light one is
//!   held up.
//!
//! Every store's answer is asserted equal to the in-memory one before timing. PostgreSQL is
//! the server `SPFILTER_TEST_POSTGRES` names, or one `scripts/postgres.sh start-for` starts.
//!
//! `cargo bench --features postgres --bench db_readers` (`SPFILTER_BENCH_RECORDS`,
//! `SPFILTER_BENCH_SECONDS` change the size and the time per measurement); results in
//! benches/README.md.

mod sessions;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::{Store, StoreOptions};
use sailpoint_filters::{CheckedQuery, CollectionQuery, QueryOptions};

const SELECTIVE: &str =
    "filters=name%20eq%20%22RM%20Sessions%20backlog%20123%22&sorters=-createdDate&count=true";
const BROAD: &str = "filters=saved%20eq%20true%20and%20name%20sw%20%22RM%20Session%22&sorters=-createdDate&limit=250&count=true";
const CLIENTS: [usize; 3] = [1, 4, 32];

/// What answers: the sessions in memory, or a store.
enum Backend {
    Memory(Arc<Vec<RoleMiningSession>>),
    Store(Arc<Store>),
}

impl Backend {
    /// The query's page: its records' ids and the total.
    fn answer(&self, query: &CheckedQuery) -> (Vec<String>, usize) {
        match self {
            Backend::Memory(all) => {
                let page = query.run(all).expect("runs");
                (
                    page.items.iter().map(|s| s.id.clone()).collect(),
                    page.total,
                )
            }
            Backend::Store(store) => {
                let page = store.run::<RoleMiningSession>(query).expect("answers");
                (page.items.into_iter().map(|s| s.id).collect(), page.total)
            }
        }
    }

    fn clone_handle(&self) -> Backend {
        match self {
            Backend::Memory(all) => Backend::Memory(Arc::clone(all)),
            Backend::Store(store) => Backend::Store(Arc::clone(store)),
        }
    }
}

fn checked(text: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(
        text,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .expect("a valid query")
}

/// `clients` threads run `query` in a loop for `time`: queries per second, and the 50th and
/// 99th percentile latency.
fn throughput(
    backend: &Backend,
    query: &CheckedQuery,
    clients: usize,
    time: Duration,
) -> (f64, Duration, Duration) {
    let start = Instant::now();
    let end = start + time;
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (backend, query) = (backend.clone_handle(), query.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                while Instant::now() < end {
                    let t = Instant::now();
                    std::hint::black_box(backend.answer(&query));
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a client"))
        .collect();
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    (
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5),
        at(0.99),
    )
}

/// The light query's median latency alone, and while two clients run the heavy one.
fn light_behind_heavy(
    backend: &Backend,
    light: &CheckedQuery,
    heavy: &CheckedQuery,
) -> (Duration, Duration) {
    let median = |backend: &Backend| {
        let mut times: Vec<Duration> = (0..21)
            .map(|_| {
                std::thread::sleep(Duration::from_millis(20));
                let t = Instant::now();
                std::hint::black_box(backend.answer(light));
                t.elapsed()
            })
            .collect();
        times.sort();
        times[times.len() / 2]
    };
    let alone = median(backend);
    let stop = Arc::new(AtomicBool::new(false));
    let heavies: Vec<_> = (0..2)
        .map(|_| {
            let (backend, query, stop) = (backend.clone_handle(), heavy.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::hint::black_box(backend.answer(&query));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let loaded = median(backend);
    stop.store(true, Ordering::SeqCst);
    for heavy in heavies {
        heavy.join().expect("a heavy client");
    }
    (alone, loaded)
}

/// The PostgreSQL server's URL, and a fresh database on it for the bench.
fn postgres_database() -> String {
    let url = std::env::var("SPFILTER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres.sh");
            let out = std::process::Command::new("bash")
                .args([script, "start-for", &std::process::id().to_string()])
                .output()
                .expect("bash runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        });
    let name = format!("spfilter_bench_{}", std::process::id());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("PostgreSQL");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a database");
    let (server, _) = url.rsplit_once('/').expect("a database in the URL");
    format!("{server}/{name}")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let records: usize = std::env::var("SPFILTER_BENCH_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let seconds: f64 = std::env::var("SPFILTER_BENCH_SECONDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3.0);
    let time = Duration::from_secs_f64(seconds);
    let all = sessions::generate(records);
    let schema = RoleMiningSessions::schema();
    // As many connections as clients, and no timeouts: the bench measures waiting.
    let options = StoreOptions::default()
        .with_statement_timeout(None)
        .with_connect_timeout(Duration::from_secs(600))
        .with_max_connections(32);

    let dir = std::env::temp_dir().join(format!("spfilter-db-readers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = dir.join("sessions.db");
    let mut sqlite =
        Store::open_with(&format!("sqlite:{}", path.display()), schema, &options).expect("SQLite");
    let start = Instant::now();
    sqlite.replace(&all).expect("loads");
    eprintln!(
        "SQLite: loaded {records} sessions in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let sqlite_one =
        Store::sqlite(rusqlite::Connection::open(&path).expect("opens"), schema).expect("a store");

    let url = postgres_database();
    let mut postgres = Store::open_with(&url, schema, &options).expect("PostgreSQL");
    let start = Instant::now();
    postgres.replace(&all).expect("loads");
    eprintln!(
        "PostgreSQL: loaded {records} sessions in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let postgres_one = Store::postgres(
        postgres::Client::connect(&url, postgres::NoTls).expect("connects"),
        schema,
    )
    .expect("a store");

    let backends = [
        ("memory", Backend::Memory(Arc::new(all))),
        ("SQLite, pool", Backend::Store(Arc::new(sqlite))),
        (
            "SQLite, one connection",
            Backend::Store(Arc::new(sqlite_one)),
        ),
        ("PostgreSQL, pool", Backend::Store(Arc::new(postgres))),
        (
            "PostgreSQL, one connection",
            Backend::Store(Arc::new(postgres_one)),
        ),
    ];
    let queries = [("selective", checked(SELECTIVE)), ("broad", checked(BROAD))];
    for (name, query) in &queries {
        let expected = backends[0].1.answer(query);
        for (backend, answers) in &backends[1..] {
            assert_eq!(answers.answer(query), expected, "{backend}, {name}");
        }
        eprintln!(
            "{name}: {} matches, a page of {}",
            expected.1,
            expected.0.len()
        );
    }

    println!("| query | clients | backend | queries/s | × its 1 client | × memory | p50 | p99 |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (name, query) in &queries {
        let mut single = vec![0.0; backends.len()];
        for clients in CLIENTS {
            let mut memory = 0.0;
            for (i, (backend, answers)) in backends.iter().enumerate() {
                let (rate, p50, p99) = throughput(answers, query, clients, time);
                if clients == 1 {
                    single[i] = rate;
                }
                if i == 0 {
                    memory = rate;
                }
                println!(
                    "| {name} | {clients} | {backend} | {rate:.1} | {:.2}× | {:.2}× | {} | {} |",
                    rate / single[i],
                    rate / memory,
                    ms(p50),
                    ms(p99)
                );
            }
        }
    }
    println!();
    println!("| backend | light query alone | behind two heavy | ratio |");
    println!("| --- | --- | --- | --- |");
    for (backend, answers) in &backends {
        let (alone, loaded) = light_behind_heavy(answers, &queries[0].1, &queries[1].1);
        println!(
            "| {backend} | {} | {} | {:.1}× |",
            ms(alone),
            ms(loaded),
            loaded.as_secs_f64() / alone.as_secs_f64()
        );
    }
    drop(backends);
    let _ = std::fs::remove_dir_all(dir);
}
