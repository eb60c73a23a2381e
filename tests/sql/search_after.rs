//! `searchAfter` over the store (SPEC §11): a catalog operation's request with a cursor gives,
//! page after page, exactly the in-memory pages — on SQLite and on a real PostgreSQL server —
//! with sorters ending in `id`, ties on the first sorter, descending keys, date-time keys and
//! case-folded text keys; every record comes once, `offset` counts from the cursor and the
//! total ignores it.

use std::collections::BTreeSet;

use sailpoint_filters::catalog::{Api, Catalog, Operation};
use sailpoint_filters::sql::Store;
use serde_json::{Value, json};

use crate::common::sql_fixture;

fn operation() -> &'static Operation {
    Catalog::new()
        .get(Api::Services, "listEntitlementsV1")
        .expect("listEntitlementsV1 is in the catalog")
}

/// 61 entitlements: names that tie in groups and differ in case only, equal instants written
/// at different offsets, and one record without a name or date (null keys).
fn entitlements() -> Vec<Value> {
    let names = [
        "Admin", "admin", "Billing", "zeta", "BILLING", "ADMIN", "ß", "SS",
    ];
    let created = [
        "2024-01-01T00:00:00Z",
        "2024-01-01T01:00:00+01:00",
        "2024-01-02T00:00:00.5Z",
        "2023-12-31T23:59:59Z",
    ];
    let mut records: Vec<Value> = (0..60)
        .map(|i| {
            json!({
                "id": format!("e{:03}", (i * 37) % 60),
                "name": names[i % names.len()],
                "created": created[i % created.len()],
                "requestable": i % 3 == 0,
            })
        })
        .collect();
    records.push(json!({"id": "e999"}));
    records
}

fn ids(items: &[&Value]) -> Vec<String> {
    items
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// `searchAfter`'s text for the last record of a page: its value of each key, in order, each
/// percent-encoded.
fn cursor_of(record: &Value, keys: &[&str]) -> String {
    keys.iter()
        .map(|key| {
            let text = match &record[*key] {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            text.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b':' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One request answered from memory and from the store: the same ids and total (the store's
/// page also read through the operation's query, as `--db` answers it).
fn same_page(store: &Store, records: &[Value], query: &str) -> (Vec<String>, usize) {
    let read = operation()
        .read_query(query, &Default::default())
        .unwrap_or_else(|err| panic!("{query}: {err}"));
    let memory = read.run(records).expect("memory runs");
    let stored = match read.cursor() {
        Some(cursor) => store.run_after::<Value>(read.checked(), read.added_filter(), cursor),
        None => match read.added_filter() {
            Some(filter) => store.run_and::<Value>(read.checked(), filter),
            None => store.run::<Value>(read.checked()),
        },
    }
    .unwrap_or_else(|err| panic!("{query}: {err}"));
    let stored_ids: Vec<String> = stored
        .items
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect();
    let want = (ids(&memory.items), memory.total);
    assert_eq!((stored_ids, stored.total), want, "{query}");
    want
}

/// Pages `sorters` to the end, each page's cursor the last record's keys: every page as memory
/// gives it; returns the ids seen.
fn page_to_the_end(store: &Store, records: &[Value], sorters: &str, limit: usize) -> Vec<String> {
    let keys: Vec<&str> = sorters
        .split(',')
        .map(|k| k.trim_start_matches('-'))
        .collect();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..records.len() + 2 {
        let mut query = format!("sorters={sorters}&limit={limit}&count=true&defaultFilter=NONE");
        if let Some(cursor) = &cursor {
            query.push_str(&format!("&searchAfter={cursor}"));
        }
        let (page, total) = same_page(store, records, &query);
        assert_eq!(
            total,
            records.len(),
            "the total ignores the cursor: {query}"
        );
        let Some(last) = page.last() else {
            return seen;
        };
        let last = records
            .iter()
            .find(|r| r["id"] == last.as_str())
            .expect("a record");
        seen.extend(page);
        cursor = Some(cursor_of(last, &keys));
    }
    panic!("paging {sorters} did not end: {seen:?}");
}

/// Every check, on stores made by `open` (a new table holding the records given).
fn check(open: &dyn Fn(&[Value]) -> Store) {
    let records = entitlements();
    // The records with every key: a cursor of a missing value would read as the text `null`.
    let complete: Vec<Value> = records
        .iter()
        .filter(|r| r.get("name").is_some())
        .cloned()
        .collect();
    let store = open(&complete);
    let all: BTreeSet<String> = complete
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    for (sorters, limits) in [
        ("name,id", &[1, 7, 60, 250][..]),
        ("-name,id", &[7][..]),
        ("name,-id", &[5][..]),
        ("created,id", &[9][..]),
        ("-created,-id", &[4][..]),
        ("requestable,-name,id", &[6][..]),
        ("id", &[8][..]),
    ] {
        for limit in limits {
            let seen = page_to_the_end(&store, &complete, sorters, *limit);
            assert_eq!(
                seen.len(),
                complete.len(),
                "{sorters} limit {limit}: {seen:?}"
            );
            assert_eq!(
                seen.iter().cloned().collect::<BTreeSet<_>>(),
                all,
                "{sorters} limit {limit}"
            );
        }
    }
    // Strictly after the cursor (ties on every key are passed over), offset counting from it,
    // a filter with it, a cursor past the end, count-only.
    for query in [
        "sorters=name,id&searchAfter=ADMIN,e020&limit=3",
        "sorters=name&searchAfter=admin&limit=5",
        "sorters=name,id&searchAfter=ADMIN,e020&limit=2&offset=1",
        "sorters=-created,id&searchAfter=2024-01-01T00:00:00Z,e010&limit=4",
        "sorters=created&searchAfter=2024-01-01T01:00:00%2B01:00",
        "sorters=name,id&searchAfter=ss,e000&filters=requestable+eq+true&count=true",
        "sorters=name,id&searchAfter=zzz,z&count=true",
        "sorters=requestable,id&searchAfter=false,e059&limit=1",
        "sorters=name,id&searchAfter=a,b&count-only=true",
    ] {
        same_page(&store, &complete, &format!("{query}&defaultFilter=NONE"));
    }
    // A record without a name or date: null keys sort last ascending, first descending.
    let store = open(&records);
    let (page, _) = same_page(
        &store,
        &records,
        "sorters=name,id&searchAfter=zeta,e000&defaultFilter=NONE",
    );
    assert_eq!(page.last().map(String::as_str), Some("e999"));
    let (page, _) = same_page(
        &store,
        &records,
        "sorters=-created,id&searchAfter=2024-01-02T00:00:00Z,e000&defaultFilter=NONE",
    );
    assert!(
        !page.is_empty() && !page.contains(&"e999".to_owned()),
        "{page:?}"
    );
}

#[test]
fn search_after_pages_as_memory_does_on_sqlite() {
    check(&|records| {
        let mut store = sql_fixture::sqlite_store(operation().schema());
        store.replace(records).expect("loads");
        store
    });
}

#[test]
fn search_after_pages_as_memory_does_on_postgres() {
    check(&|records| {
        let mut store = sql_fixture::postgres_store(operation().schema(), "after");
        store.replace(records).expect("loads");
        store
    });
}

/// A mapped table orders by columns of its own, which no cursor is encoded for: a clear error
/// naming the key, before any statement runs.
#[test]
fn a_cursor_over_mapped_sort_columns_is_refused() {
    use sailpoint_filters::sql::{SortColumn, SqlError, Table};
    use sailpoint_filters::{CollectionQuery, FieldPath, Schema};

    let schema = Schema::new("people").with_sortable(["name", "age"]);
    let path = |p: &'static str| FieldPath::new(p).expect("a path");
    let table = Table::new("people", "id", "doc")
        .with_sort(path("name"), vec![SortColumn::Text("name".into())])
        .with_sort(path("age"), vec![SortColumn::Value("age".into())]);
    let store = Store::open("sqlite::memory:", &schema)
        .expect("SQLite opens in memory")
        .with_table(table);
    let query = CollectionQuery::from_query_string_for("sorters=age", &schema, &Default::default())
        .expect("a query");
    let err = store
        .run_after::<Value>(&query, None, &json!({"age": 3}))
        .expect_err("refused");
    assert!(matches!(&err, SqlError::CursorOnMappedColumns { key, .. } if key == "age"));
    assert_eq!(
        err.to_string(),
        "searchAfter cannot continue after `age`: the table orders it by columns of its own, \
         not the library's sort keys"
    );
}
