//! Property tests of `CollectionQuery` and `CheckedQuery` (SPEC §4–§5): pages, totals and
//! partial selection against a reference written here (plain closures and `slice::sort_by`,
//! which is stable), and query strings that read back as the query they were written from.

use std::cmp::Ordering;

use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::select;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{
    CheckedQuery, CollectionQuery, FieldType, Filter, Op, Page, Paging, QueryOptions, Schema,
    SortKey, Sorters,
};
use serde_json::{Value, json};

use crate::common::trees as common;

// =============================================================================================
// JSON records and their reference
// =============================================================================================

/// Records `{"id": i, "k": integer, "s": text, "d": date-time}`; `k`, `s` and `d` may be null
/// or missing. Values repeat a lot, so that sort keys tie.
fn records(max: usize) -> impl Strategy<Value = Vec<Value>> {
    let field = |values: BoxedStrategy<Value>| {
        prop_oneof![
            6 => values.prop_map(Some),
            1 => Just(Some(Value::Null)),
            1 => Just(None),
        ]
    };
    let k = select(vec![-1i64, 0, 1, 2, 3, 1000])
        .prop_map(Value::from)
        .boxed();
    let s = select(vec![
        "a", "A", "b", "B", "ab", "Ü", "ü", "z", "", "10", "9", "ΟΔΟΣ", "οδοσ",
    ])
    .prop_map(Value::from)
    .boxed();
    let d = (
        select(vec![0i64, 3600, 7200]),
        select(vec!["Z", "+01:00", "-02:00"]),
    )
        .prop_map(|(s, zone)| {
            let t = Timestamp::from_second(1_700_000_000 + s).unwrap();
            let offset = match zone {
                "+01:00" => 3600,
                "-02:00" => -7200,
                _ => 0,
            };
            let local = jiff::tz::Offset::from_seconds(offset)
                .unwrap()
                .to_datetime(t);
            Value::from(format!("{local}{zone}"))
        })
        .boxed();
    prop::collection::vec((field(k), field(s), field(d)), 0..max).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (k, s, d))| {
                let mut record = json!({ "id": i });
                for (name, value) in [("k", k), ("s", s), ("d", d)] {
                    if let Some(value) = value {
                        record[name] = value;
                    }
                }
                record
            })
            .collect()
    })
}

fn schema() -> Schema {
    Schema::new("items")
        .with_field("k", FieldType::Integer, [Op::Eq, Op::Gt, Op::IsNull])
        .with_field("s", FieldType::String, [Op::Eq, Op::Sw, Op::Co, Op::Pr])
        .with_sortable(["k", "s", "d", "id"])
}

fn fold(s: &str) -> String {
    s.to_lowercase().replace('ς', "σ")
}

type Keep = fn(&Value) -> bool;

/// Filters, each with the same test as a plain closure.
const FILTERS: &[(Option<&str>, Keep)] = &[
    (None, |_| true),
    (Some("k gt 1"), |r| r["k"].as_i64().is_some_and(|k| k > 1)),
    (Some(r#"s sw "a""#), |r| {
        r["s"].as_str().is_some_and(|s| fold(s).starts_with('a'))
    }),
    (Some("pr s"), |r| !r["s"].is_null()),
    (Some("not k eq 2"), |r| r["k"].as_i64() != Some(2)),
    (Some(r#"k isnull or s co "b""#), |r| {
        r["k"].is_null() || r["s"].as_str().is_some_and(|s| fold(s).contains('b'))
    }),
    (Some(r#"s eq "ü" and not k isnull"#), |r| {
        r["s"].as_str().is_some_and(|s| fold(s) == "ü") && !r["k"].is_null()
    }),
];

/// A sort key's value, as SPEC §4 compares it.
#[derive(PartialEq, PartialOrd)]
enum Key {
    Int(i64),
    Text(String),
    Time(Timestamp),
}

fn key(record: &Value, field: &str) -> Option<Key> {
    let value = &record[field];
    match field {
        "k" | "id" => value.as_i64().map(Key::Int),
        "s" => value.as_str().map(|s| Key::Text(fold(s))),
        "d" => value.as_str().map(|s| Key::Time(s.parse().unwrap())),
        _ => unreachable!(),
    }
}

/// SPEC §4: key by key; null after every value ascending, first descending.
fn reference_order(sorters: &[(&str, bool)], a: &Value, b: &Value) -> Ordering {
    for (field, descending) in sorters {
        let order = match (key(a, field), key(b, field)) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap(),
        };
        let order = if *descending { order.reverse() } else { order };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// The ids of the whole result, by the reference: filter, then stable sort.
fn reference(records: &[Value], keep: Keep, sorters: &[(&str, bool)]) -> Vec<i64> {
    let mut result: Vec<&Value> = records.iter().filter(|r| keep(r)).collect();
    result.sort_by(|a, b| reference_order(sorters, a, b));
    result.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

fn sorters() -> impl Strategy<Value = Vec<(&'static str, bool)>> {
    prop::sample::subsequence(vec!["k", "s", "d", "id"], 0..=3)
        .prop_shuffle()
        .prop_flat_map(|fields| {
            let n = fields.len();
            (Just(fields), prop::collection::vec(any::<bool>(), n))
        })
        .prop_map(|(fields, descending)| fields.into_iter().zip(descending).collect())
}

fn query_text(
    filter: Option<&str>,
    sorters: &[(&str, bool)],
    offset: usize,
    limit: usize,
) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(filter) = filter {
        out.append_pair("filters", filter);
    }
    let sorters: Vec<String> = sorters
        .iter()
        .map(|(f, d)| format!("{}{f}", if *d { "-" } else { "" }))
        .collect();
    out.append_pair("sorters", &sorters.join(","));
    out.append_pair("offset", &offset.to_string());
    out.append_pair("limit", &limit.to_string());
    out.finish()
}

/// The query read for the test schema.
fn checked(text: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(text, &schema(), &QueryOptions::default())
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn run<'r>(records: &'r [Value], text: &str) -> Page<&'r Value> {
    checked(text)
        .run(records)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn ids(page: &Page<&'_ Value>) -> Vec<i64> {
    page.items
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

// =============================================================================================
// Role mining sessions and their reference
// =============================================================================================

const DATA: &str = include_str!("../../data/role_mining_sessions.json");

type KeepSession = fn(&RoleMiningSession) -> bool;

const SESSION_FILTERS: &[(Option<&str>, KeepSession)] = &[
    (None, |_| true),
    (Some(r#"saved eq "true""#), |s| s.saved),
    (Some(r#"name sw "rm session""#), |s| {
        s.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm session"))
    }),
    (Some(r#"not (saved eq true and name sw "RM")"#), |s| {
        !(s.saved
            && s.name
                .as_deref()
                .is_some_and(|n| n.to_lowercase().starts_with("rm")))
    }),
];

const SESSION_SORTERS: &[&str] = &[
    "",
    "createdBy",
    "-createdBy",
    "createdDate",
    "-createdDate",
    "createdBy,-createdDate",
    "-createdDate,createdBy",
    "-createdBy,createdDate",
];

fn session_order(sorters: &str, a: &RoleMiningSession, b: &RoleMiningSession) -> Ordering {
    for key in sorters.split(',').filter(|k| !k.is_empty()) {
        let (field, descending) = match key.strip_prefix('-') {
            Some(field) => (field, true),
            None => (key, false),
        };
        let order = match field {
            "createdDate" => a.created_date.cmp(&b.created_date),
            "createdBy" => {
                let by = |s: &RoleMiningSession| {
                    s.created_by
                        .as_ref()
                        .map(|c| (c.display_name.to_lowercase(), c.id.to_lowercase()))
                };
                match (by(a), by(b)) {
                    (None, None) => Ordering::Equal,
                    (None, Some(_)) => Ordering::Greater,
                    (Some(_), None) => Ordering::Less,
                    (Some(x), Some(y)) => x.cmp(&y),
                }
            }
            other => unreachable!("{other}"),
        };
        let order = if descending { order.reverse() } else { order };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

// =============================================================================================
// Query strings
// =============================================================================================

fn sort_keys() -> impl Strategy<Value = Sorters> {
    prop::collection::vec((common::field_path(), any::<bool>()), 0..4).prop_map(|keys| {
        let mut seen = std::collections::HashSet::new();
        Sorters::new(
            keys.into_iter()
                .filter(|(field, _)| seen.insert(field.clone()))
                .map(|(field, descending)| SortKey::new(field, descending)),
        )
    })
}

/// Paging with or without a `limit` (none: the endpoint's default).
fn paging() -> impl Strategy<Value = Paging> {
    (
        prop_oneof![Just(0u32), 0..=100u32, 0..=Paging::MAX_OFFSET],
        prop::option::of(prop_oneof![Just(250u32), 0..=Paging::MAX_LIMIT]),
        any::<bool>(),
    )
        .prop_map(|(offset, limit, count)| match limit {
            Some(limit) => Paging::new(offset, limit, count).unwrap(),
            None => Paging::default()
                .with_offset(offset)
                .unwrap()
                .with_count(count),
        })
}

fn collection_query() -> impl Strategy<Value = CollectionQuery> {
    (prop::option::of(common::filter()), sort_keys(), paging())
        .prop_map(|(filters, sorters, paging)| CollectionQuery::new(filters, sorters, paging))
}

/// Every byte that is not an ASCII letter or digit percent-encoded: no `+` at all.
fn encode_everything(query: &CollectionQuery) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let mut pairs = Vec::new();
    if let Some(filter) = &query.filters {
        pairs.push(("filters", filter.to_string()));
    }
    pairs.push(("sorters", query.sorters.to_string()));
    pairs.push(("offset", query.paging.offset().to_string()));
    if let Some(limit) = query.paging.limit() {
        pairs.push(("limit", limit.to_string()));
    }
    pairs.push(("count", query.paging.count().to_string()));
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

// =============================================================================================
// Properties
// =============================================================================================

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Consecutive pages of any size, offset stepping by the limit, concatenate to the full
    /// result; every page reports the same total, the length of the unpaged result.
    #[test]
    fn pages_concatenate_to_the_full_result(
        records in records(60),
        filter in 0..FILTERS.len(),
        sorters in sorters(),
        size in prop_oneof![4 => 1usize..12, 1 => 1usize..=250],
    ) {
        let (text, keep) = FILTERS[filter];
        let full = run(&records, &query_text(text, &sorters, 0, 250));
        let expected = reference(&records, keep, &sorters);
        prop_assert_eq!(ids(&full), expected.clone());
        prop_assert_eq!(full.total, expected.len());

        let mut pages = Vec::new();
        let mut offset = 0;
        loop {
            let page = run(&records, &query_text(text, &sorters, offset, size));
            prop_assert_eq!(page.total, full.total);
            prop_assert!(page.items.len() <= size);
            if page.items.is_empty() {
                break;
            }
            pages.extend(ids(&page));
            offset += size;
        }
        prop_assert_eq!(pages, ids(&full));
        // The first empty page is the first one past the end.
        prop_assert_eq!(offset, full.total.div_ceil(size) * size);
    }

    /// Any page equals the same slice of the reference's full stable sort, whatever the
    /// paging; the total is the unpaged length.
    #[test]
    fn a_page_is_a_slice_of_the_full_sort(
        records in records(120),
        filter in 0..FILTERS.len(),
        sorters in sorters(),
        offset in prop_oneof![0usize..20, 0usize..130],
        limit in prop_oneof![0usize..10, 0usize..=250],
        count in any::<bool>(),
    ) {
        let (text, keep) = FILTERS[filter];
        let expected = reference(&records, keep, &sorters);
        let mut query = query_text(text, &sorters, offset, limit);
        if count {
            query.push_str("&count=true");
        }
        let page = run(&records, &query);
        let (start, end) = (offset.min(expected.len()), (offset + limit).min(expected.len()));
        prop_assert_eq!(ids(&page), &expected[start..end]);
        prop_assert_eq!(page.total, expected.len());
    }

    /// Partial selection: a page ending before the last match (so that `run` selects
    /// `offset + limit` records instead of sorting all) is the slice of the full sort.
    #[test]
    fn partial_selection_equals_full_sort_and_slice(
        records in records(120).prop_filter("two or more records", |r| r.len() >= 2),
        sorters in sorters().prop_filter("sorted", |s| !s.is_empty()),
        (offset_fraction, limit_fraction) in (0.0f64..0.5, 0.0f64..0.5),
    ) {
        let n = records.len();
        let offset = (n as f64 * offset_fraction) as usize;
        let limit = 1 + (n as f64 * limit_fraction) as usize;
        prop_assume!(offset + limit < n);
        let expected = reference(&records, |_| true, &sorters);
        let page = run(&records, &query_text(None, &sorters, offset, limit));
        prop_assert_eq!(ids(&page), &expected[offset..offset + limit]);
        prop_assert_eq!(page.total, n);
    }

    /// The same over the sample sessions (typed), with `createdBy` meaning display name, then
    /// id, on a shuffled subset so that stored order varies.
    #[test]
    fn sample_session_pages_match_the_reference(
        sessions in Just(serde_json::from_str::<Vec<RoleMiningSession>>(DATA).unwrap())
            .prop_flat_map(|all| {
                let n = all.len();
                prop::sample::subsequence(all, 0..=n).prop_shuffle()
            }),
        filter in 0..SESSION_FILTERS.len(),
        sorters in select(SESSION_SORTERS),
        offset in prop_oneof![0usize..10, 0usize..80],
        limit in prop_oneof![1usize..10, 0usize..=250],
    ) {
        let (text, keep) = SESSION_FILTERS[filter];
        let mut expected: Vec<&RoleMiningSession> = sessions.iter().filter(|s| keep(s)).collect();
        expected.sort_by(|a, b| session_order(sorters, a, b));
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(text) = text {
            out.append_pair("filters", text);
        }
        out.append_pair("sorters", sorters);
        out.append_pair("offset", &offset.to_string());
        out.append_pair("limit", &limit.to_string());
        let query = CollectionQuery::from_query_string_for(
            &out.finish(),
            RoleMiningSessions::schema(),
            &QueryOptions::default(),
        )
        .unwrap();
        let page = query.run(&sessions).unwrap();
        let (start, end) = (offset.min(expected.len()), (offset + limit).min(expected.len()));
        let want: Vec<&str> = expected[start..end].iter().map(|s| s.id.as_str()).collect();
        let got: Vec<&str> = page.items.iter().map(|s| s.id.as_str()).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(page.total, expected.len());
    }

    /// `from_query_string(to_query_string(q)) == q`, and writing the result again gives the
    /// same string; a query with every byte percent-encoded reads the same.
    #[test]
    fn query_strings_read_back_as_the_query(query in collection_query()) {
        let text = query.to_query_string();
        let read = CollectionQuery::from_query_string(&text)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        prop_assert_eq!(&read, &query, "{}", text);
        prop_assert_eq!(read.to_query_string(), text.clone());

        let encoded = encode_everything(&query);
        let read = CollectionQuery::from_query_string(&encoded)
            .unwrap_or_else(|e| panic!("{encoded}: {e}"));
        prop_assert_eq!(&read, &query, "{}", encoded);
    }

    /// A checked query's canonical string reads back, for the same endpoint, as the same
    /// checked query (the filter as the endpoint reads it, the limit resolved), and runs to the
    /// same page.
    #[test]
    fn checked_query_strings_read_back_as_the_checked_query(
        records in records(40),
        filter in 0..FILTERS.len(),
        sorters in sorters(),
        offset in 0usize..50,
        limit in prop::option::of(0usize..=250),
    ) {
        let (text, _) = FILTERS[filter];
        let mut query = query_text(text, &sorters, offset, limit.unwrap_or(0));
        if limit.is_none() {
            query = query.replace("&limit=0", "");
        }
        let first = checked(&query);
        prop_assert_eq!(first.limit() as usize, limit.unwrap_or(250));
        let canonical = first.to_query_string();
        let again = checked(&canonical);
        prop_assert_eq!(again.to_query(), first.to_query());
        prop_assert_eq!(again.to_query_string(), canonical.clone());
        prop_assert_eq!(ids(&again.run(&records).unwrap()), ids(&first.run(&records).unwrap()));
        // The schema-less reading of the canonical string checks to the same query.
        let plain = CollectionQuery::from_query_string(&canonical).unwrap();
        prop_assert_eq!(plain.clone(), first.to_query());
        let rechecked = plain.check(&schema(), sailpoint_filters::Syntax::Lenient).unwrap();
        prop_assert_eq!(rechecked.to_query_string(), canonical);
    }
}

/// Parameters at their defaults are left out; everything else is form-encoded.
#[test]
fn query_string_defaults_are_left_out() {
    let query = CollectionQuery::new(None, Sorters::default(), Paging::default());
    assert_eq!(query.to_query_string(), "");
    let query = CollectionQuery::new(
        Some(Filter::parse(r#"name eq "a&b=c+d#e%f" and n gt 1.5"#).unwrap()),
        Sorters::parse("-createdDate,name").unwrap(),
        Paging::new(5, 0, true).unwrap(),
    );
    let text = query.to_query_string();
    assert_eq!(
        text,
        "filters=name+eq+%22a%26b%3Dc%2Bd%23e%25f%22+and+n+gt+1.5&sorters=-createdDate%2Cname&offset=5&limit=0&count=true"
    );
    assert_eq!(CollectionQuery::from_query_string(&text).unwrap(), query);
}
