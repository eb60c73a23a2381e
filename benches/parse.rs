//! Parsing speed, ours beside the `scim-filter` crate's: a short and a long filter, every example
//! filter of SailPoint's specs that both read, and malformed filters beside well-formed ones of
//! the same length; and printing speed.
//!
//! `cargo bench --bench parse`; results, ratios and the machine they came from are in
//! benches/README.md (`python3 benches/report.py` prints its tables).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sailpoint_filters::Filter;

/// The seed endpoint's documented example.
const SEED: &str = r#"saved eq true and name sw "RM Session""#;

/// A filter of more than 120 characters from SailPoint's published examples.
const LONG: &str = r#"(createdByName co "int") and (createdById sw "2c9180907") and (type eq "COMMON") and ((name co "entt") or (saved eq true))"#;

/// The example filters of SailPoint's specs, one a line after a count and a tab (see the file's
/// header and benches/extract_spec_filters.py).
const SPEC_FILTERS: &str = include_str!("spec_filters.txt");

/// How many of them both parsers read whole: the corpus of the `corpus` group.
const CORPUS_SIZE: usize = 93;

/// Malformed filters, each beside a well-formed one of the same length: what a person typing a
/// filter most often gets wrong.
const DIAGNOSTICS: [(&str, &str, &str); 5] = [
    (
        "unterminated-string",
        r#"name eq "RM Session"#,
        r#"name eq "RM Sessio""#,
    ),
    (
        "uppercase-operator",
        r#"name EQ "RM Session""#,
        r#"name eq "RM Session""#,
    ),
    (
        "symbol-operator",
        r#"saved == true and name sw "RM Session""#,
        r#"saved eq true and name sw "RM Session""#,
    ),
    (
        "missing-condition",
        r#"saved eq true and name sw "RM Session" and"#,
        r#"saved eq true and name sw "RM Session 123""#,
    ),
    (
        "unclosed-parenthesis",
        r#"(saved eq true and name sw "RM Session""#,
        r#"(saved eq true and name sw "RM Sessio")"#,
    ),
];

/// `scim-filter`'s whole parse: its `filter` combinator, then the check that nothing is left
/// over (what its own `scim_filter` does before matching).
fn scim_parse(text: &str) -> Option<scim_filter::parser::Filter<'_>> {
    match scim_filter::parser::filter(text) {
        Ok(("", filter)) => Some(filter),
        _ => None,
    }
}

/// The least any pest parser of the seed and long filters costs: a grammar that reads exactly
/// their spelling (single spaces, lowercase keywords, unescaped strings, letters-only paths) and
/// builds no tree, only walks its pairs. Not a parser of the language — a measure of pest's own
/// cost per parse, so that the README can say how much of our time is the machinery we must use
/// and how much is ours.
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
            format!("{:?}", scim_parse(text).expect("scim-filter reads it"))
                .matches("Compare")
                .count(),
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

/// The example filters of the specs that both parsers read whole, in the order of the file.
fn corpus() -> Vec<&'static str> {
    SPEC_FILTERS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split_once('\t').map_or(line, |(_, filter)| filter))
        .filter(|filter| Filter::parse(filter).is_ok() && scim_parse(filter).is_some())
        .collect()
}

/// Each filter of the corpus parsed by both, one after the other, so that each ratio compares
/// two measurements taken moments apart. Shorter runs than criterion's default: 93 pairs.
fn corpus_group(c: &mut Criterion) {
    let corpus = corpus();
    assert_eq!(
        corpus.len(),
        CORPUS_SIZE,
        "the corpus changed: update CORPUS_SIZE and the README"
    );
    // The filters by index, for benches/report.py (the benchmarks are named by index).
    let dir = std::path::Path::new(&std::env::var("CARGO_TARGET_DIR").unwrap_or("target".into()))
        .join("criterion/corpus");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("filters.txt"), corpus.join("\n") + "\n");
    }
    let mut group = c.benchmark_group("corpus");
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700))
        .sample_size(30);
    for (i, text) in corpus.into_iter().enumerate() {
        let id = format!("{i:02}");
        group.bench_function(BenchmarkId::new("ours", &id), |b| {
            b.iter(|| Filter::parse(black_box(text)).expect("the corpus filters are valid"))
        });
        group.bench_function(BenchmarkId::new("scim-filter", &id), |b| {
            b.iter(|| scim_parse(black_box(text)))
        });
    }
    group.finish();
}

/// A malformed filter's whole diagnosis (the language's grammar refusing it, the diagnostic
/// grammar, the error with its excerpt) beside a well-formed filter of the same length.
fn diagnostics(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnostic");
    for (name, malformed, well_formed) in DIAGNOSTICS {
        assert_eq!(malformed.len(), well_formed.len(), "{name}");
        assert!(Filter::parse(malformed).is_err(), "{name}");
        assert!(Filter::parse(well_formed).is_ok(), "{name}");
        group.bench_function(BenchmarkId::new(name, "malformed"), |b| {
            b.iter(|| Filter::parse(black_box(malformed)).expect_err("malformed"))
        });
        group.bench_function(BenchmarkId::new(name, "well-formed"), |b| {
            b.iter(|| Filter::parse(black_box(well_formed)).expect("well-formed"))
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

criterion_group!(benches, parse, corpus_group, diagnostics, render);
criterion_main!(benches);
