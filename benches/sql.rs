//! The SQL store beside the in-memory evaluator, over the same 1,000,000 role mining sessions
//! (`benches/sessions`), in one run:
//!
//! * `page`: `filters=saved eq true and name sw "RM Session"&sorters=-createdDate&limit=250&count=true`
//!   — most sessions match, so the count reads most of the table;
//! * `selective`: `filters=name eq "RM Sessions backlog 123"&sorters=-createdDate&count=true`
//!   — about a hundred match, found through the index of the folded name;
//! * `load`: loading 100,000 sessions into a fresh table (with its indexes), to give the load
//!   time per million records.
//!
//! The store is SQLite (bundled) in a file in the temporary directory. Each query's page from
//! the store is asserted equal to the in-memory one before timing.
//!
//! `cargo bench --bench sql`; results and ratios are in benches/README.md.

mod sessions;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::Store;
use sailpoint_filters::{CheckedQuery, CollectionQuery, QueryOptions};

const PAGE: &str = "filters=saved%20eq%20true%20and%20name%20sw%20%22RM%20Session%22&sorters=-createdDate&limit=250&count=true";
const SELECTIVE: &str =
    "filters=name%20eq%20%22RM%20Sessions%20backlog%20123%22&sorters=-createdDate&count=true";

fn checked(text: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(
        text,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .expect("a valid query")
}

/// A store in a new file of the temporary directory, its table created.
fn new_store(name: &str) -> (Store, std::path::PathBuf) {
    let path =
        std::env::temp_dir().join(format!("spfilter-bench-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite:{}", path.display());
    let mut store = Store::open(&url, RoleMiningSessions::schema()).expect("SQLite opens");
    store.create().expect("the table is created");
    (store, path)
}

fn sql(c: &mut Criterion) {
    let all = sessions::generate(1_000_000);
    let (mut store, path) = new_store("1m");
    let start = Instant::now();
    store.load(&all).expect("the sessions load");
    eprintln!(
        "loaded 1,000,000 sessions in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let mut group = c.benchmark_group("sql");
    group.sample_size(10);
    for (name, text) in [("page", PAGE), ("selective", SELECTIVE)] {
        let query = checked(text);
        let expected = query.run(&all).expect("runs");
        let stored = store
            .run::<RoleMiningSession>(&query)
            .expect("the store answers");
        assert_eq!(stored.total, expected.total, "{name}");
        assert_eq!(
            stored.items.iter().collect::<Vec<_>>(),
            expected.items,
            "{name}"
        );
        eprintln!(
            "{name}: {} matches, a page of {}",
            expected.total,
            expected.items.len()
        );
        group.bench_function(BenchmarkId::new("memory", name), |b| {
            b.iter(|| query.run(black_box(&all)).expect("runs"))
        });
        group.bench_function(BenchmarkId::new("sqlite", name), |b| {
            b.iter(|| {
                store
                    .run::<RoleMiningSession>(black_box(&query))
                    .expect("answers")
            })
        });
    }

    let hundred_k = &all[..100_000];
    group.bench_function(BenchmarkId::new("sqlite_load", "100k"), |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for i in 0..iterations {
                let (mut fresh, fresh_path) = new_store(&format!("load{i}"));
                let start = Instant::now();
                fresh.load(black_box(hundred_k)).expect("loads");
                total += start.elapsed();
                drop(fresh);
                let _ = std::fs::remove_file(fresh_path);
            }
            total
        })
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_file(path);
}

criterion_group!(benches, sql);
criterion_main!(benches);
