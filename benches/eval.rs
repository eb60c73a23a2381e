//! Evaluation speed: the compiled matcher of `saved eq true and name sw "RM Session"` over
//! 10,000, 100,000 and 1,000,000 role mining sessions, beside
//!
//! * a hand-written closure doing the same case-insensitive test on the same records (the
//!   floor: what a programmer would write without this crate), and
//! * `scim_filter::scim_filter`, the `scim-filter` crate's filter function, on the same records
//!   and filter (it serialises each record to JSON itself, as its API requires), and its match
//!   function alone on records serialised beforehand.
//!
//! And the operator matrix (`benches/matrix/mod.rs`): `eq`, `ne`, `sw`, `co`, `in` with five
//! values, `gt` on a date-time, `ge` on an integer, `isnull`, `not` over `co`, and `ca` on a
//! string collection, each over 1,000,000 typed records and 100,000 JSON records, beside the
//! closure written by hand for that one filter, in the same run.
//!
//! `cargo bench --bench eval`; results and ratios are in benches/README.md.

mod matrix;
mod sessions;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main,
};
use sailpoint_filters::Record;
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

/// The operator matrix: each row's closure and matcher, typed and JSON, one after the other.
fn eval_matrix(c: &mut Criterion) {
    let sessions = sessions::generate(1_000_000);
    let labelled = matrix::labelled(sessions::generate(1_000_000));
    let json = matrix::as_json(&labelled[..100_000]);
    let data = matrix::Data {
        sessions: &sessions,
        labelled: &labelled,
        json: &json,
    };
    let mut group = c.benchmark_group("eval-matrix");
    // 1M records take tens of milliseconds a pass: one pass a sample.
    group.sampling_mode(SamplingMode::Flat).sample_size(20);
    matrix::visit(&data, &mut Timing { group: &mut group });
    group.finish();
}

/// Times a row: its closure, then its matcher, on typed records, then on JSON records; first
/// asserts that the closure and the matcher select the same records.
struct Timing<'g, 'c> {
    group: &'g mut BenchmarkGroup<'c, WallTime>,
}

impl matrix::Visitor for Timing<'_, '_> {
    fn row<R, T, J>(&mut self, row: matrix::Row<'_, R>, by_hand: T, by_hand_json: J)
    where
        R: Record,
        T: Fn(&R) -> bool,
        J: Fn(&serde_json::Value) -> bool,
    {
        let matcher = matrix::matcher::<R>(row.filter);
        let json_matcher = matrix::matcher::<serde_json::Value>(row.filter);
        let (records, json) = (row.records, row.json);
        let expected = records.iter().filter(|r| by_hand(r)).count();
        assert_eq!(
            records.iter().filter(|r| matcher.matches(r)).count(),
            expected,
            "{}: the matcher and the closure disagree",
            row.filter
        );
        assert_eq!(matcher.filter(records).count(), expected, "{}", row.filter);
        assert!(0 < expected && expected < records.len(), "{}", row.filter);
        let expected = json.iter().filter(|v| by_hand_json(v)).count();
        assert_eq!(
            json.iter().filter(|v| json_matcher.matches(v)).count(),
            expected,
            "{}: the matcher and the closure disagree on JSON",
            row.filter
        );
        assert_eq!(
            json_matcher.filter(json).count(),
            expected,
            "{}",
            row.filter
        );
        let typed = format!("{}-typed", row.op);
        self.group
            .bench_function(BenchmarkId::new(&typed, "closure"), |b| {
                b.iter(|| black_box(records).iter().filter(|r| by_hand(r)).count())
            })
            .bench_function(BenchmarkId::new(&typed, "matcher"), |b| {
                b.iter(|| matcher.filter(black_box(records)).count())
            })
            .bench_function(BenchmarkId::new(&typed, "matches"), |b| {
                b.iter(|| {
                    black_box(records)
                        .iter()
                        .filter(|r| matcher.matches(r))
                        .count()
                })
            });
        let name = format!("{}-json", row.op);
        self.group
            .bench_function(BenchmarkId::new(&name, "closure"), |b| {
                b.iter(|| black_box(json).iter().filter(|v| by_hand_json(v)).count())
            })
            .bench_function(BenchmarkId::new(&name, "matcher"), |b| {
                b.iter(|| json_matcher.filter(black_box(json)).count())
            })
            .bench_function(BenchmarkId::new(&name, "matches"), |b| {
                b.iter(|| {
                    black_box(json)
                        .iter()
                        .filter(|v| json_matcher.matches(v))
                        .count()
                })
            });
    }
}

criterion_group!(benches, eval, eval_matrix);
criterion_main!(benches);
