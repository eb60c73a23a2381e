//! One `check` of a request's parameters for a catalog operation, as the Python binding's
//! `Operation.check` makes it: `listAccountsV1`, with
//! `filters=sourceId eq "2c9180835d2e5168015d32f890ca1581" and uncorrelated eq true and created gt 2024-01-01T00:00:00Z`,
//! `sorters=name,-created`, `limit=100`, `count=true` read and checked, and the canonical
//! filter and sorters printed. `python/benches/bench.py` times the same call from Python.
//!
//! `cargo bench --bench check`; the figures are in benches/README.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
use sailpoint_filters::{CollectionQuery, QueryOptions};

const PARAMS: [(&str, &str); 4] = [
    (
        "filters",
        r#"sourceId eq "2c9180835d2e5168015d32f890ca1581" and uncorrelated eq true and created gt 2024-01-01T00:00:00Z"#,
    ),
    ("sorters", "name,-created"),
    ("limit", "100"),
    ("count", "true"),
];

/// The canonical filter and sorters of the parameters, as `Operation.check` returns them.
fn check() -> (String, String, u32, bool) {
    let query =
        CollectionQuery::from_params_for(PARAMS, OPERATION.schema(), &QueryOptions::default())
            .expect("a valid query");
    let filters = query.filters().map(ToString::to_string).unwrap_or_default();
    (
        filters,
        query.sorters().to_string(),
        query.limit(),
        query.count(),
    )
}

fn bench(c: &mut Criterion) {
    let (filters, sorters, ..) = check();
    assert_eq!(sorters, "name,-created");
    assert!(filters.starts_with("sourceId eq "));
    c.bench_function("check/listAccountsV1", |b| b.iter(|| black_box(check())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
