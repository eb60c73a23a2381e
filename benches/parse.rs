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

/// The least any pest parser of these two filters costs: a grammar that reads exactly their
/// spelling (single spaces, lowercase keywords, unescaped strings, letters-only paths) and
/// builds no tree, only walks its pairs. Not a parser of the language — a measure of pest's own
/// cost per parse, so that the README can say how much of our time is the machinery we must
/// use and how much is ours.
mod floor {
    #[derive(pest_derive::Parser)]
    #[grammar_inline = r#"
filter = { SOI ~ or ~ EOI }
or     = _{ and ~ (" or " ~ and)* }
and    = _{ atom ~ (" and " ~ atom)* }
atom   = _{ group | cond }
group  = { "(" ~ or ~ ")" }
cond   = { path ~ " " ~ op ~ " " ~ value }
path   = @{ ASCII_ALPHA+ }
op     = @{ "eq" | "sw" | "co" }
value  = @{ "true" | "\"" ~ (!"\"" ~ ANY)* ~ "\"" }
"#]
    pub struct Floor;

    /// Parses `text` and visits every pair, returning how many there were.
    pub fn parse(text: &str) -> usize {
        use pest::Parser as _;
        Floor::parse(Rule::filter, text)
            .expect("the floor grammar reads both benchmark filters")
            .flatten()
            .count()
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
        group.bench_function(BenchmarkId::new(name, "pest-floor"), |b| {
            b.iter(|| floor::parse(black_box(text)))
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
