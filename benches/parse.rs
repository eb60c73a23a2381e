//! Parsing and printing speed for a short and a long filter.
//!
//! `cargo bench --bench parse`; results and the machine they came from are in
//! benches/README.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sailpoint_filters::Filter;

/// The seed endpoint's documented example.
const SEED: &str = r#"saved eq true and name sw "RM Session""#;

/// A filter of more than 120 characters from SailPoint's published examples.
const LONG: &str = r#"(createdByName co "int") and (createdById sw "2c9180907") and (type eq "COMMON") and ((name co "entt") or (saved eq true))"#;

fn parse(c: &mut Criterion) {
    assert!(LONG.len() >= 120);
    let mut group = c.benchmark_group("parse");
    for (name, text) in [("seed", SEED), ("long", LONG)] {
        group.bench_function(name, |b| {
            b.iter(|| Filter::parse(black_box(text)).expect("the benchmark filters are valid"))
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    for (name, text) in [("seed", SEED), ("long", LONG)] {
        let filter = Filter::parse(text).expect("the benchmark filters are valid");
        group.bench_function(name, |b| b.iter(|| black_box(&filter).to_string()));
    }
    group.finish();
}

criterion_group!(benches, parse, render);
criterion_main!(benches);
