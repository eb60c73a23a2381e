//! Query speed: `CheckedQuery::run` for
//! `filters=saved eq true and name sw "RM Session"&sorters=-createdDate&offset=0&limit=250`
//! over 10,000, 100,000 and 1,000,000 role mining sessions, beside the obvious way of doing the
//! same — filter, then a full stable sort of the matches, then slice the page — with the same
//! compiled filter and sort order. The two pages are asserted equal before timing.
//!
//! The group `query-sorted` runs the same filter and page sorted by a date-time
//! (`-createdDate`) and by text (`createdBy`: display name, then id), over 1,000,000 typed
//! sessions and over 10,000 and 100,000 of them as JSON, beside the same baseline.
//!
//! `cargo bench --bench query`; results and ratios are in benches/README.md.

mod sessions;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sailpoint_filters::Record;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::RoleMiningSessions;
use sailpoint_filters::eval::{SortPlan, compile};
use sailpoint_filters::{CheckedQuery, CollectionQuery, Page, QueryOptions};

const QUERY: &str = "filters=saved%20eq%20true%20and%20name%20sw%20%22RM%20Session%22&sorters=-createdDate&offset=0&limit=250";

/// The query the obvious way: every match collected, all of them sorted (stably), then the
/// page sliced off. Compiles the filter and sorters on every call, as `run` does.
fn filter_sort_slice<'r, R: Record>(query: &CheckedQuery, records: &'r [R]) -> Page<&'r R> {
    let filter = query.filters().expect("the query has a filter");
    let matcher = compile::<R>(filter).expect("valid");
    let plan = SortPlan::<R>::new(query.sorters()).expect("valid");
    let mut matches: Vec<&R> = records.iter().filter(|r| matcher.matches(r)).collect();
    plan.sort(&mut matches);
    Page {
        items: query.paging().apply(&matches).to_vec(),
        total: matches.len(),
    }
}

fn query(c: &mut Criterion) {
    let all = sessions::generate(1_000_000);
    let query = CollectionQuery::from_query_string_for(
        QUERY,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .expect("valid query");

    let mut group = c.benchmark_group("query");
    for n in sessions::SIZES {
        let records = &all[..n];
        let page = query.run(records).expect("valid query");
        assert_eq!(page.items.len(), 250);
        assert_eq!(
            page,
            filter_sort_slice(&query, records),
            "run and filter-sort-slice disagree"
        );
        if n == 1_000_000 {
            group.sample_size(20);
        }
        group.bench_function(BenchmarkId::new("run", sessions::label(n)), |b| {
            b.iter(|| query.run(black_box(records)).expect("valid query"))
        });
        group.bench_function(
            BenchmarkId::new("filter_sort_slice", sessions::label(n)),
            |b| b.iter(|| filter_sort_slice(&query, black_box(records))),
        );
    }
    group.finish();

    let json: Vec<serde_json::Value> = all[..100_000]
        .iter()
        .map(|s| serde_json::to_value(s).expect("sessions serialise"))
        .collect();
    let mut group = c.benchmark_group("query-sorted");
    group.sample_size(20);
    for (label, sorters) in [("date", "-createdDate"), ("text", "createdBy")] {
        let query = CollectionQuery::from_query_string_for(
            &QUERY.replace("-createdDate", sorters),
            RoleMiningSessions::schema(),
            &QueryOptions::default(),
        )
        .expect("valid query");
        compare(&mut group, &query, &format!("{label}-typed-1M"), &all);
        compare(
            &mut group,
            &query,
            &format!("{label}-json-10k"),
            &json[..10_000],
        );
        compare(&mut group, &query, &format!("{label}-json-100k"), &json);
    }
    group.finish();
}

/// `run` and the baseline of one query over `records`, after asserting their pages equal.
fn compare<R: Record>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    query: &CheckedQuery,
    case: &str,
    records: &[R],
) {
    let page = query.run(records).expect("valid query");
    let baseline = filter_sort_slice(query, records);
    assert_eq!(page.items.len(), 250);
    assert_eq!(
        page.total, baseline.total,
        "run and filter-sort-slice disagree"
    );
    assert!(
        page.items
            .iter()
            .zip(&baseline.items)
            .all(|(a, b)| std::ptr::eq(*a, *b)),
        "run and filter-sort-slice disagree on {case}"
    );
    group.bench_function(BenchmarkId::new("run", case), |b| {
        b.iter(|| query.run(black_box(records)).expect("valid query"))
    });
    group.bench_function(BenchmarkId::new("filter_sort_slice", case), |b| {
        b.iter(|| filter_sort_slice(query, black_box(records)))
    });
}

criterion_group!(benches, query);
criterion_main!(benches);
