//! What the benches in `benches/` measure, checked as tests:
//!
//! * matching and sorting allocate nothing per record, on typed `RoleMiningSession`s and on the
//!   same sessions as JSON — proven by a global allocator that counts this thread's
//!   allocations;
//! * so does every row of the bench's operator matrix (`benches/matrix/mod.rs`: `eq`, `ne`,
//!   `sw`, `co`, `in`, `gt` on a date-time, `ge` on an integer, `isnull`, `not`, `ca`), record
//!   by record (`Matcher::matches`) and a block at a time (`Matcher::filter`), on typed and JSON
//!   records; and each row's hand-written closure selects the same records as its matcher, so
//!   that the bench compares equal work;
//! * a query allocates the same number of times over 1,000 records as over 20,000: its
//!   allocations are per query, not per record;
//! * `CheckedQuery::run` (one pass, partial selection) returns exactly what filtering, a full
//!   stable sort and slicing return, on the benches' generated sessions.
//!
//! The sessions come from the benches' own generator, so these are the records benched.

use crate::counting_alloc::allocations_during;
use crate::{matrix, sessions};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::eval::{SortPlan, compile};
use sailpoint_filters::{
    CheckedQuery, CollectionQuery, Filter, Page, QueryOptions, Record, Sorters, Syntax,
};

// =============================================================================================
// The benches' filter, sorters and query
// =============================================================================================

const FILTER: &str = r#"saved eq true and name sw "RM Session""#;

const QUERY: &str = "filters=saved%20eq%20true%20and%20name%20sw%20%22RM%20Session%22&sorters=-createdDate&offset=0&limit=250";

fn as_json(sessions: &[RoleMiningSession]) -> Vec<serde_json::Value> {
    sessions
        .iter()
        .map(|s| serde_json::to_value(s).expect("sessions serialise"))
        .collect()
}

/// Matching every record allocates nothing; returns how many matched.
fn assert_matching_allocates_nothing<R: Record>(records: &[R]) -> usize {
    let schema = RoleMiningSessions::schema();
    let filter = Filter::parse(FILTER)
        .unwrap()
        .check(schema, Syntax::Lenient)
        .unwrap();
    let matcher = compile::<R>(&filter).unwrap();
    let (allocations, matched) =
        allocations_during(|| records.iter().filter(|r| matcher.matches(r)).count());
    assert_eq!(
        allocations,
        0,
        "matching {} records allocated",
        records.len()
    );
    matched
}

/// Comparing every record with its neighbours by `-createdDate` (and by `createdBy`, which
/// reads two fields) allocates nothing.
fn assert_sorting_allocates_nothing<R: Record>(records: &[R]) {
    let schema = RoleMiningSessions::schema();
    for sorters in ["-createdDate", "createdBy,-createdDate"] {
        let checked = Sorters::parse(sorters).unwrap().check(schema).unwrap();
        let plan = SortPlan::<R>::new(&checked).unwrap();
        let (allocations, _) = allocations_during(|| {
            records
                .windows(2)
                .filter(|pair| plan.compare(&pair[0], &pair[1]).is_lt())
                .count()
        });
        assert_eq!(allocations, 0, "comparing by {sorters} allocated");
    }
}

#[test]
fn matching_typed_sessions_allocates_nothing() {
    let sessions = sessions::generate(20_000);
    let matched = assert_matching_allocates_nothing(&sessions);
    // The generator's mix: a good share matches, far from all.
    assert!((2_000..12_000).contains(&matched), "{matched}");
}

#[test]
fn matching_json_sessions_allocates_nothing() {
    let sessions = sessions::generate(5_000);
    let json = as_json(&sessions);
    assert_eq!(
        assert_matching_allocates_nothing(&json),
        assert_matching_allocates_nothing(&sessions)
    );
}

#[test]
fn sorting_typed_and_json_sessions_allocates_nothing() {
    let sessions = sessions::generate(5_000);
    assert_sorting_allocates_nothing(&sessions);
    assert_sorting_allocates_nothing(&as_json(&sessions));
}

/// Checks a row of the operator matrix: no allocation while matching, the same records as
/// the closure, and at least one record matched and one not.
struct CheckRow;

impl CheckRow {
    fn check<R: Record>(filter: &str, records: &[R], by_hand: impl Fn(&R) -> bool, what: &str) {
        let matcher = matrix::matcher::<R>(filter);
        let expected = records.iter().filter(|r| by_hand(r)).count();
        assert!(
            0 < expected && expected < records.len(),
            "{filter} ({what}): {expected} of {} match",
            records.len()
        );
        // Once first: lazily built statics are not the matcher's.
        assert_eq!(matcher.filter(records).count(), expected);
        let (allocations, matched) =
            allocations_during(|| records.iter().filter(|r| matcher.matches(r)).count());
        assert_eq!(allocations, 0, "{filter} ({what}): `matches` allocated");
        assert_eq!(
            matched, expected,
            "{filter} ({what}): `matches` and the closure disagree"
        );
        let (allocations, matched) = allocations_during(|| matcher.filter(records).count());
        assert_eq!(allocations, 0, "{filter} ({what}): `filter` allocated");
        assert_eq!(
            matched, expected,
            "{filter} ({what}): `filter` and the closure disagree"
        );
        let (allocations, visited) =
            allocations_during(|| matcher.filter(records).fold(0, |n, _| n + 1));
        assert_eq!(
            allocations, 0,
            "{filter} ({what}): iterating `filter` allocated"
        );
        assert_eq!(visited, expected, "{filter} ({what})");
    }
}

impl matrix::Visitor for CheckRow {
    fn row<R, T, J>(&mut self, row: matrix::Row<'_, R>, by_hand: T, by_hand_json: J)
    where
        R: Record,
        T: Fn(&R) -> bool,
        J: Fn(&serde_json::Value) -> bool,
    {
        CheckRow::check(row.filter, row.records, by_hand, "typed");
        CheckRow::check(row.filter, row.json, by_hand_json, "JSON");
    }
}

#[test]
fn every_operator_of_the_matrix_matches_without_allocating_and_as_its_closure() {
    let sessions = sessions::generate(20_000);
    let labelled = matrix::labelled(sessions::generate(20_000));
    let json = matrix::as_json(&labelled[..5_000]);
    let data = matrix::Data {
        sessions: &sessions,
        labelled: &labelled,
        json: &json,
    };
    let mut rows = Vec::new();
    struct Names<'a>(&'a mut Vec<&'static str>);
    impl matrix::Visitor for Names<'_> {
        fn row<R, T, J>(&mut self, row: matrix::Row<'_, R>, _: T, _: J)
        where
            R: Record,
            T: Fn(&R) -> bool,
            J: Fn(&serde_json::Value) -> bool,
        {
            self.0.push(row.op);
        }
    }
    matrix::visit(&data, &mut Names(&mut rows));
    assert_eq!(
        rows,
        [
            "eq", "ne", "sw", "co", "in5", "gt-date", "ge-int", "isnull", "not-co", "ca"
        ]
    );
    matrix::visit(&data, &mut CheckRow);
}

/// The query as the endpoint reads it.
fn checked(text: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(
        text,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_query_allocates_per_query_not_per_record() {
    let query = checked(QUERY);
    let sessions = sessions::generate(20_000);
    let json = as_json(&sessions[..5_000]);
    // Run once first: lazily built statics (the schema, jiff's tables) are not the query's.
    query.run(&sessions).unwrap();
    let (small, page) = allocations_during(|| query.run(&sessions[..1_000]).unwrap());
    assert_eq!(page.items.len(), 250);
    let (large, _) = allocations_during(|| query.run(&sessions).unwrap());
    assert_eq!(small, large, "allocations grew with the number of records");
    assert!(large < 100, "{large} allocations for one query");

    query.run(&json).unwrap();
    let (small, _) = allocations_during(|| query.run(&json[..1_000]).unwrap());
    let (large, _) = allocations_during(|| query.run(&json).unwrap());
    assert_eq!(
        small, large,
        "allocations grew with the number of JSON records"
    );
}

/// The query the way the bench's baseline does it: filter, full stable sort, slice.
fn filter_sort_slice<'r, R: Record>(query: &CheckedQuery, records: &'r [R]) -> Page<&'r R> {
    let matcher = query.filters().map(|filter| compile::<R>(filter).unwrap());
    let plan = SortPlan::<R>::new(query.sorters()).unwrap();
    let mut matches: Vec<&R> = records
        .iter()
        .filter(|r| matcher.as_ref().is_none_or(|m| m.matches(r)))
        .collect();
    plan.sort(&mut matches);
    Page {
        items: query.paging().apply(&matches).to_vec(),
        total: matches.len(),
    }
}

#[test]
fn run_equals_filter_then_full_stable_sort_then_slice() {
    let sessions = sessions::generate(50_000);
    let json = as_json(&sessions[..10_000]);
    let pages = [
        QUERY.to_owned(),
        QUERY.replace("offset=0", "offset=300"),
        QUERY.replace("-createdDate", "createdBy,-createdDate"),
        QUERY.replace("-createdDate", "createdDate"),
        "sorters=-createdDate&limit=250".to_owned(),
        "filters=saved%20eq%20true&offset=7&limit=3".to_owned(),
    ];
    for text in &pages {
        let query = checked(text);
        let page = query.run(&sessions).unwrap();
        assert!(!page.items.is_empty(), "{text}");
        assert_eq!(page, filter_sort_slice(&query, &sessions), "{text}");
        let page = query.run(&json).unwrap();
        assert_eq!(page, filter_sort_slice(&query, &json), "{text} (JSON)");
    }
    // The generated dates tie where the page begins: the order among equal dates is the
    // records' own order.
    let query = checked(QUERY);
    let page = query.run(&sessions).unwrap();
    let ties = page
        .items
        .windows(2)
        .filter(|w| w[0].created_date == w[1].created_date)
        .count();
    assert!(ties > 0, "no equal dates on the first page");
}
