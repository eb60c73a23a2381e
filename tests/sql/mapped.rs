//! Tables of one's own on PostgreSQL, their text columns in the database's default collation
//! (ICU's en-US on the server `scripts/postgres.sh` starts; not byte order): the translation's
//! own `COLLATE "C"` makes comparisons and sort keys order by code point, as in memory, and
//! without a folded column SQL's `lower()` folds by the collation (Unicode, unlike SQLite's
//! ASCII-only `lower()`, see `store::folding_by_sql_is_not_unicode_folding`).
//!
//! Every expected page is read off SPEC §3–§4 (code-point order of the lowercase mapping),
//! not off the crate: in ICU's order `é` sorts before `z` and `a` before `B`; by code point
//! after `z`, and after `B`.

use postgres::{Client, NoTls};
use sailpoint_filters::sql::{Columns, SortColumn, Store, Table};
use sailpoint_filters::{CollectionQuery, FieldPath, FieldType, Op, Schema};
use serde_json::Value as Json;

use crate::common::sql_fixture;

fn connect() -> Client {
    Client::connect(sql_fixture::postgres_url(), NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", sql_fixture::postgres_url()))
}

/// Fails, saying why, unless the database's default collation orders text otherwise than by
/// code point: these tests show the translation's `COLLATE "C"` at work only then.
fn assert_default_collation_is_not_byte_order(client: &mut Client) {
    let row = client
        .query_one(
            "SELECT 'a' < 'B', 'é' < 'z', \
             (SELECT CASE datlocprovider WHEN 'i' THEN 'ICU locale ' || daticulocale \
                                         ELSE 'libc locale ' || datcollate END \
              FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .expect("the server answers");
    let (a_before_b, e_before_z, collation): (bool, bool, String) =
        (row.get(0), row.get(1), row.get(2));
    assert!(
        a_before_b && e_before_z,
        "the PostgreSQL server's default collation ({collation}) orders \
         text by code point, so these tests cannot show the translation's COLLATE \"C\" at \
         work. scripts/postgres.sh starts a server whose default is ICU's en-US, and warns when \
         PostgreSQL cannot make one; with SPFILTER_TEST_POSTGRES, name a server (or database) \
         with an ICU or non-C default collation."
    );
}

fn query(text: &str, schema: &Schema) -> sailpoint_filters::CheckedQuery {
    CollectionQuery::from_query_string_for(text, schema, &Default::default())
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn ids(items: &[Json]) -> Vec<i64> {
    items
        .iter()
        .map(|r| r["id"].as_i64().unwrap_or(-1))
        .collect()
}

fn path(p: &'static str) -> FieldPath {
    FieldPath::new(p).unwrap()
}

/// The PostgreSQL twin of `store::a_table_of_ones_own`: text, folded text, numbers and a
/// collection in tables created without any collation, compared and sorted by code point.
#[test]
fn a_table_of_ones_own_in_the_default_collation() {
    let mut client = connect();
    assert_default_collation_is_not_byte_order(&mut client);
    let (people, memberships) = (
        sql_fixture::unique_table("people"),
        sql_fixture::unique_table("memberships"),
    );
    client
        .batch_execute(&format!(
            "CREATE TABLE {people} (id BIGINT PRIMARY KEY, doc TEXT, name TEXT, name_folded TEXT, age BIGINT);
             CREATE TABLE {memberships} (person BIGINT, grp TEXT);
             INSERT INTO {people} VALUES
               (1, '{{\"id\":1}}', 'Émile', 'émile', 40),
               (2, '{{\"id\":2}}', 'adam', 'adam', NULL),
               (3, '{{\"id\":3}}', 'ÉMILE', 'émile', 31),
               (4, '{{\"id\":4}}', NULL, NULL, 25),
               (5, '{{\"id\":5}}', 'Zoë', 'zoë', 33),
               (6, '{{\"id\":6}}', 'Bob', 'bob', 52);
             INSERT INTO {memberships} VALUES (1, 'a'), (1, 'B'), (3, 'a'), (4, 'b'), (5, 'É'), (6, 'é');"
        ))
        .expect("the tables are made");
    let schema = Schema::new("people")
        .with_field("name", FieldType::String, [Op::Eq, Op::Gt, Op::Lt, Op::Sw])
        .with_field("age", FieldType::Integer, [Op::Gt])
        .with_field("groups", FieldType::StringCollection, [Op::Ca, Op::Gt])
        .with_sortable(["name", "age", "raw"]);
    let table = Table::new(&people, "id", "doc")
        .with_field(
            path("name"),
            Columns::Text {
                column: "name".into(),
                folded: Some("name_folded".into()),
            },
        )
        .with_field(
            path("age"),
            Columns::Number {
                integer: Some("age".into()),
                float: None,
            },
        )
        .with_field(
            path("groups"),
            Columns::Collection {
                column: "id".into(),
                table: memberships.clone(),
                seq: "person".into(),
                value: "grp".into(),
                folded: None,
            },
        )
        .with_sort(path("name"), vec![SortColumn::Text("name_folded".into())])
        .with_sort(path("age"), vec![SortColumn::Value("age".into())])
        // A sort key on the text as stored: by code point, capitals first.
        .with_sort(path("raw"), vec![SortColumn::Text("name".into())]);
    let store = Store::postgres(connect(), &schema)
        .expect("a store")
        .with_table(table);
    for (text, want, total) in [
        // By code point `é` (U+00E9) is after `z`: ICU would put the Émiles before Zoë.
        ("sorters=name", vec![2, 6, 5, 1, 3, 4], 6),
        ("sorters=-name", vec![4, 1, 3, 5, 6, 2], 6),
        // Raw text by code point: `B`, `Z`, then `a`, then `É` (ICU: adam, Bob, Émile…).
        ("sorters=raw", vec![6, 5, 2, 3, 1, 4], 6),
        // `gt "f"`: `zoë` and `émile` by code point (ICU: `zoë` alone).
        ("filters=name+gt+%22f%22&sorters=-age", vec![1, 5, 3], 3),
        ("filters=name+lt+%22c%22&sorters=name", vec![2, 6], 2),
        (
            "filters=name+eq+%22%C3%A9MILE%22&sorters=-age",
            vec![1, 3],
            2,
        ),
        ("filters=name+sw+%22%C3%89m%22&sorters=age", vec![3, 1], 2),
        ("filters=age+gt+30&sorters=age", vec![3, 5, 1, 6], 4),
        // The collection without a folded column: `lower()` folds `B` and `É` as memory does.
        ("filters=groups+ca+(%22A%22,%22b%22)", vec![1], 1),
        (
            "filters=groups+ca+(%22%C3%A9%22)&sorters=name",
            vec![6, 5],
            2,
        ),
        // `gt "f"` on the elements: `é`, in 5 and 6, by code point (ICU: none).
        ("filters=groups+gt+%22f%22&sorters=name", vec![6, 5], 2),
    ] {
        let page = store
            .run::<Json>(&query(text, &schema))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!((ids(&page.items), page.total), (want, total), "{text}");
    }
    client
        .batch_execute(&format!("DROP TABLE {people}; DROP TABLE {memberships};"))
        .expect("dropped");
}

/// Without a folded column, SQL's `lower()` folds by the column's collation: in ICU's,
/// Unicode's lowercase mapping, as memory does (`ÜBER` is `über`, the Kelvin sign is `k`,
/// `İ` is `i̇`; `ß` stays `ß`, not `ss`), and the comparison itself is by code point.
#[test]
fn folding_by_sql_follows_the_default_collation() {
    let mut client = connect();
    assert_default_collation_is_not_byte_order(&mut client);
    let words = sql_fixture::unique_table("words");
    client
        .batch_execute(&format!(
            "CREATE TABLE {words} (id BIGINT PRIMARY KEY, doc TEXT, name TEXT);
             INSERT INTO {words} VALUES
               (1, '{{\"id\":1}}', 'ÜBER'),
               (2, '{{\"id\":2}}', 'Uber'),
               (3, '{{\"id\":3}}', 'İSTANBUL'),
               (4, '{{\"id\":4}}', '\u{212A}ELVIN'),
               (5, '{{\"id\":5}}', 'STRASSE'),
               (6, '{{\"id\":6}}', 'Zebra');"
        ))
        .expect("the table is made");
    let schema = Schema::new("words")
        .with_field("name", FieldType::String, [Op::Eq, Op::Gt, Op::Sw])
        .with_sortable(["name"]);
    let table = Table::new(&words, "id", "doc")
        .with_field(
            path("name"),
            Columns::Text {
                column: "name".into(),
                folded: None,
            },
        )
        .with_sort(path("name"), vec![SortColumn::Text("name".into())]);
    let store = Store::postgres(connect(), &schema)
        .expect("a store")
        .with_table(table);
    for (text, want) in [
        ("filters=name+eq+%22uber%22", vec![2]),
        ("filters=name+eq+%22%C3%BCber%22", vec![1]),
        ("filters=name+sw+%22%C3%BCb%22", vec![1]),
        // `İSTANBUL` folds to `i̇stanbul` (with U+0307), as the filter's `İstanbul` does.
        ("filters=name+eq+%22%C4%B0stanbul%22", vec![3]),
        ("filters=name+eq+%22istanbul%22", vec![]),
        ("filters=name+eq+%22kelvin%22", vec![4]),
        ("filters=name+eq+%22strasse%22", vec![5]),
        ("filters=name+eq+%22stra%C3%9Fe%22", vec![]),
        // Folded, by code point: `über` (ü is U+00FC) and `zebra` are after `uber`; sorted
        // by the text as stored, by code point: `Zebra` before `ÜBER` (ICU: after).
        ("filters=name+gt+%22uber%22&sorters=name", vec![6, 1]),
    ] {
        let page = store
            .run::<Json>(&query(text, &schema))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(ids(&page.items), want, "{text}");
    }
    client
        .batch_execute(&format!("DROP TABLE {words};"))
        .expect("dropped");
}
