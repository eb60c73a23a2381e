//! Parsing speed for a short and a long filter, ours beside the `scim-filter` crate's, and
//! printing speed.
//!
//! `cargo bench --bench parse`; results, ratios and the machine they came from are in
//! benches/README.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sailpoint_filters::Filter;

/// The seed endpoint's documented example.
const SEED: &str = r#"saved eq true and name sw "RM Session""#;

/// A filter of more than 120 characters from SailPoint's published examples.
const LONG: &str = r#"(createdByName co "int") and (createdById sw "2c9180907") and (type eq "COMMON") and ((name co "entt") or (saved eq true))"#;

/// `scim-filter`'s whole parse: its `filter` combinator, then the check that nothing is left
/// over (what its own `scim_filter` does before matching).
fn scim_parse(text: &str) -> scim_filter::parser::Filter<'_> {
    match scim_filter::parser::filter(text) {
        Ok(("", filter)) => filter,
        other => panic!("scim-filter did not parse the whole benchmark filter: {other:?}"),
    }
}

fn parse(c: &mut Criterion) {
    assert_eq!(LONG.len(), 122);
    let mut group = c.benchmark_group("parse");
    for (name, text) in [("seed", SEED), ("long", LONG)] {
        // Both parsers read the whole filter the same way.
        assert_eq!(
            format!("{:?}", scim_parse(text)).matches("Compare").count(),
            { Filter::parse(text).unwrap().conditions().count() }
        );
        group.bench_function(BenchmarkId::new(name, "ours"), |b| {
            b.iter(|| Filter::parse(black_box(text)).expect("the benchmark filters are valid"))
        });
        group.bench_function(BenchmarkId::new(name, "scim-filter"), |b| {
            b.iter(|| scim_parse(black_box(text)))
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
