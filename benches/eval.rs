//! Evaluation speed: the compiled matcher of `saved eq true and name sw "RM Session"` over
//! 10,000, 100,000 and 1,000,000 role mining sessions, beside
//!
//! * a hand-written closure doing the same case-insensitive test on the same records (the
//!   floor: what a programmer would write without this crate), and
//! * `scim_filter::scim_filter`, the `scim-filter` crate's filter function, on the same records
//!   and filter (it serialises each record to JSON itself, as its API requires), and its match
//!   function alone on records serialised beforehand.
//!
//! `cargo bench --bench eval`; results and ratios are in benches/README.md.

mod sessions;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::eval::compile;
use sailpoint_filters::{Filter, Syntax};

const FILTER: &str = r#"saved eq true and name sw "RM Session""#;

/// The filter written by hand: saved, and the name starts with `RM Session` ignoring case.
/// `eq_ignore_ascii_case` on the first ten bytes is exact for this ASCII prefix: no other
/// character folds to these letters in a way that keeps the same byte length and position.
fn by_hand(s: &RoleMiningSession) -> bool {
    const PREFIX: &[u8] = b"RM Session";
    s.saved
        && s.name.as_deref().is_some_and(|n| {
            n.as_bytes()
                .get(..PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
        })
}

fn eval(c: &mut Criterion) {
    let all = sessions::generate(1_000_000);
    let schema = RoleMiningSessions::schema();
    let filter = Filter::parse(FILTER)
        .expect("valid")
        .check(schema, Syntax::Lenient)
        .expect("valid for the endpoint");
    let matcher = compile::<RoleMiningSession>(&filter).expect("valid");

    let mut group = c.benchmark_group("eval");
    for n in sessions::SIZES {
        let records = &all[..n];
        let expected = records.iter().filter(|s| by_hand(s)).count();
        assert_eq!(
            records.iter().filter(|s| matcher.matches(s)).count(),
            expected,
            "the matcher and the closure disagree"
        );
        if n == 1_000_000 {
            group.sample_size(20);
        }
        group.bench_function(BenchmarkId::new("closure", sessions::label(n)), |b| {
            b.iter(|| black_box(records).iter().filter(|s| by_hand(s)).count())
        });
        group.bench_function(BenchmarkId::new("matcher", sessions::label(n)), |b| {
            b.iter(|| {
                black_box(records)
                    .iter()
                    .filter(|s| matcher.matches(s))
                    .count()
            })
        });
    }
    group.finish();

    // The peer is thousands of times slower: few, flat samples.
    let mut group = c.benchmark_group("eval-scim");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in sessions::SIZES {
        let records = &all[..n];
        group.bench_function(BenchmarkId::new("scim_filter", sessions::label(n)), |b| {
            b.iter(|| {
                scim_filter::scim_filter(black_box(FILTER), black_box(records).iter())
                    .expect("scim-filter reads the filter")
                    .len()
            })
        });
    }
    // Matching alone, on records serialised beforehand (100k: a million JSON trees would take
    // gigabytes), against our matcher on the same JSON.
    let records = &all[..100_000];
    let json: Vec<serde_json::Value> = records
        .iter()
        .map(|s| serde_json::to_value(s).expect("sessions serialise"))
        .collect();
    let (_, scim) = scim_filter::parser::filter(FILTER).expect("scim-filter reads the filter");
    let ours = compile::<serde_json::Value>(&filter).expect("valid");
    assert_eq!(
        json.iter().filter(|v| ours.matches(v)).count(),
        records.iter().filter(|s| by_hand(s)).count()
    );
    group.bench_function(BenchmarkId::new("scim_match_json", "100k"), |b| {
        b.iter(|| {
            black_box(&json)
                .iter()
                .filter(|v| scim.r#match(v).unwrap_or(false))
                .count()
        })
    });
    group.sampling_mode(SamplingMode::Auto).sample_size(20);
    group.bench_function(BenchmarkId::new("matcher_json", "100k"), |b| {
        b.iter(|| black_box(&json).iter().filter(|v| ours.matches(v)).count())
    });
    group.finish();
}

criterion_group!(benches, eval);
criterion_main!(benches);
