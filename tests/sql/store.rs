//! The SQL store and translation beyond the differential tests: what loading refuses, a table
//! reused by a later connection, tables of one's own (and the documented caveat of folding
//! by SQL), statements run without the store's connection settings, nesting and width, and
//! the translation's errors.

use sailpoint_filters::sql::{Columns, Dialect, SortColumn, SqlError, Store, Table, translate};
use sailpoint_filters::{CollectionQuery, FieldPath, FieldType, Filter, Op, Schema, Syntax};
use serde_json::{Value as Json, json};

use crate::common::sql_fixture;

fn schema() -> Schema {
    use Op::*;
    Schema::new("docs")
        .with_field("name", FieldType::String, [Eq, Co, Sw, Gt, In, IsNull])
        .with_field("n", FieldType::Number, [Eq, Gt, Lt])
        .with_field("when", FieldType::DateTime, [Eq, Gt])
        .with_field("on", FieldType::Boolean, [Eq])
        .with_field("tags", FieldType::StringCollection, [Eq, Ca, Co])
        .with_sortable(["name", "n", "when"])
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

fn load_error(record: Json) -> String {
    let mut store = sql_fixture::sqlite_store(&schema());
    store
        .load(&[json!({"id": 0}), record])
        .unwrap_err()
        .to_string()
}

#[test]
fn loading_refuses_what_a_column_cannot_keep_exactly() {
    let cases = [
        (
            json!({"name": 5}),
            "record 1: `name` holds a number where the schema has a string",
        ),
        (
            json!({"name": ["a"]}),
            "record 1: `name` holds a list where the schema has a string",
        ),
        (
            json!({"name": "a\u{0}b"}),
            "record 1: `name` holds text with U+0000, which a database text column cannot keep",
        ),
        (
            json!({"n": "1"}),
            "record 1: `n` holds text where the schema has a number",
        ),
        (
            json!({"n": 18_446_744_073_709_551_615u64}),
            "record 1: `n` holds an integer above 2^63 that no float holds exactly",
        ),
        (
            json!({"on": "true"}),
            "record 1: `on` holds text where the schema has a boolean",
        ),
        (
            json!({"when": "2024-02-30T00:00:00Z"}),
            "record 1: `when` holds text that is not a date-time (day 30 is not a day of 2024-02, which has 29 days)",
        ),
        (
            json!({"when": {"at": 1}}),
            "record 1: `when` holds an object where the schema has a date-time",
        ),
        (
            json!({"tags": ["a", "b\u{0}"]}),
            "record 1: `tags` holds text with U+0000, which a database text column cannot keep",
        ),
    ];
    for (record, message) in cases {
        assert_eq!(load_error(record.clone()), message, "{record}");
    }
}

#[test]
fn loading_is_all_or_nothing_and_appends_in_order() {
    let schema = schema();
    let mut store = sql_fixture::sqlite_store(&schema);
    store
        .load(&[json!({"id": 0, "n": 2}), json!({"id": 1, "n": 1})])
        .unwrap();
    assert!(
        store
            .load(&[json!({"id": 2}), json!({"id": 3, "n": "x"})])
            .is_err()
    );
    store.load(&[json!({"id": 4, "n": 2})]).unwrap();
    assert_eq!(store.len().unwrap(), 3);
    let page = store.run::<Json>(&query("sorters=n", &schema)).unwrap();
    // Ties keep the order of loading, across loads.
    assert_eq!(ids(&page.items), [1, 0, 4]);
}

#[test]
fn an_existing_table_is_queried_by_a_later_connection() {
    let dir = std::env::temp_dir().join(sql_fixture::unique_table("spfilter_sql_store"));
    let path = format!("{}.db", dir.display());
    let url = format!("sqlite:{path}");
    let schema = schema();
    let records: Vec<Json> = (0..20)
        .map(|i| json!({"id": i, "name": format!("Item {}", i % 7), "n": i % 5}))
        .collect();
    {
        let mut store = Store::open(&url, &schema).unwrap();
        store.create().unwrap();
        store.load(&records).unwrap();
    }
    let text = "filters=name+sw+%22item+1%22+or+n+gt+3&sorters=-name,n&offset=1&limit=4&count=true";
    let q = query(text, &schema);
    let expected = q.run(&records).unwrap();
    let store = Store::open(&url, &schema).unwrap();
    let got = store.run::<Json>(&q).unwrap();
    assert_eq!(got.items.iter().collect::<Vec<_>>(), expected.items);
    assert_eq!(got.total, expected.total);

    // A connection of one's own, without the store's `case_sensitive_like`: the statement
    // is exact all the same (folded text has no ASCII capitals; case-sensitive tests use
    // `instr`).
    let connection = rusqlite::Connection::open(&path).unwrap();
    let statement = store.statement(&q).unwrap();
    let mut prepared = connection.prepare(&statement.sql).unwrap();
    let params: Vec<rusqlite::types::Value> = statement
        .params
        .iter()
        .map(|p| match p {
            sailpoint_filters::sql::Param::Int(i) => rusqlite::types::Value::Integer(*i),
            sailpoint_filters::sql::Param::Text(s) => rusqlite::types::Value::Text(s.clone()),
            sailpoint_filters::sql::Param::Float(f) => rusqlite::types::Value::Real(*f),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    let rows: Vec<(i64, Option<String>)> = prepared
        .query_map(rusqlite::params_from_iter(params), |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let items: Vec<Json> = rows
        .iter()
        .filter_map(|(_, r)| r.as_deref().map(|r| serde_json::from_str(r).unwrap()))
        .collect();
    assert_eq!(items.iter().collect::<Vec<_>>(), expected.items);
    assert_eq!(rows[0].0 as usize, expected.total);
    drop(prepared);
    drop(connection);
    drop(store);
    let _ = std::fs::remove_file(&path);
}

/// A table of one's own, on SQLite: mapped column by column.
#[test]
fn a_table_of_ones_own() {
    let schema = Schema::new("people")
        .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
        .with_field("age", FieldType::Integer, [Op::Gt])
        .with_field("groups", FieldType::StringCollection, [Op::Ca])
        .with_sortable(["name", "age"]);
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    connection
        .execute_batch(
            "CREATE TABLE people (id INTEGER PRIMARY KEY, doc TEXT, name TEXT, name_folded TEXT, age INTEGER);
             CREATE TABLE memberships (person INTEGER, grp TEXT);
             INSERT INTO people VALUES
               (1, '{\"id\":1}', 'Émile', 'émile', 40),
               (2, '{\"id\":2}', 'adam', 'adam', NULL),
               (3, '{\"id\":3}', 'ÉMILE', 'émile', 31),
               (4, '{\"id\":4}', NULL, NULL, 25);
             INSERT INTO memberships VALUES (1, 'a'), (1, 'b'), (3, 'a'), (4, 'b');",
        )
        .unwrap();
    let path = |p: &'static str| FieldPath::new(p).unwrap();
    let table = Table::new("people", "id", "doc")
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
                table: "memberships".into(),
                seq: "person".into(),
                value: "grp".into(),
                folded: None,
            },
        )
        .with_sort(path("name"), vec![SortColumn::Text("name_folded".into())])
        .with_sort(path("age"), vec![SortColumn::Value("age".into())]);
    let mut store = Store::sqlite(connection, &schema)
        .unwrap()
        .with_table(table);
    for (text, want, total) in [
        (
            "filters=name+eq+%22%C3%A9MILE%22&sorters=-age",
            vec![1, 3],
            2,
        ),
        ("filters=age+gt+30&sorters=age", vec![3, 1], 2),
        ("filters=groups+ca+(%22A%22)&sorters=-name", vec![1, 3], 2),
        ("sorters=-age&limit=3", vec![2, 1, 3], 4),
        ("sorters=name", vec![2, 1, 3, 4], 4),
    ] {
        let page = store.run::<Json>(&query(text, &schema)).unwrap();
        assert_eq!((ids(&page.items), page.total), (want, total), "{text}");
    }
    // A user's table cannot be created or loaded by the store.
    assert!(matches!(store.create(), Err(SqlError::NotOwnTable { .. })));
}

/// Without a folded column, SQL's `lower()` folds: on SQLite, ASCII only — the caveat the
/// docs state.
#[test]
fn folding_by_sql_is_not_unicode_folding() {
    let schema = Schema::new("x").with_field("name", FieldType::String, [Op::Eq]);
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    connection
        .execute_batch(
            "CREATE TABLE x (id INTEGER PRIMARY KEY, doc TEXT, name TEXT);
             INSERT INTO x VALUES (1, '{\"id\":1}', 'ÜBER'), (2, '{\"id\":2}', 'Uber');",
        )
        .unwrap();
    let table = Table::new("x", "id", "doc").with_field(
        FieldPath::new("name").unwrap(),
        Columns::Text {
            column: "name".into(),
            folded: None,
        },
    );
    let store = Store::sqlite(connection, &schema)
        .unwrap()
        .with_table(table);
    let ascii = store
        .run::<Json>(&query("filters=name+eq+%22uber%22", &schema))
        .unwrap();
    assert_eq!(ids(&ascii.items), [2]);
    // In memory `name eq "über"` matches `ÜBER`; SQLite's lower() leaves `Ü` as it is.
    let accented = store
        .run::<Json>(&query("filters=name+eq+%22%C3%BCber%22", &schema))
        .unwrap();
    assert_eq!(ids(&accented.items), Vec::<i64>::new());
}

#[test]
fn translation_errors_name_what_is_missing() {
    let schema = schema();
    let table = Table::new("docs", "seq", "record");
    let err = translate(
        &query("filters=name+eq+%22a%22", &schema),
        &table,
        Dialect::Sqlite,
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "the table has no columns for the field `name`"
    );
    let err = translate(&query("sorters=n", &schema), &table, Dialect::Postgres);
    assert_eq!(
        err.unwrap_err().to_string(),
        "the table has no sort columns for `n`"
    );
    let wrong = table.with_field(
        FieldPath::new("name").unwrap(),
        Columns::Boolean {
            column: "name".into(),
        },
    );
    let err = translate(
        &query("filters=name+eq+%22a%22", &schema),
        &wrong,
        Dialect::Sqlite,
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "the boolean columns of `name` cannot be compared with \"a\""
    );
    // An untyped field has rows of untyped values; mapped to columns of a type, it is refused.
    let untyped = Schema::new("x").with_field("a", FieldType::Any, [Op::Eq]);
    assert!(matches!(
        Table::for_schema(&untyped).unwrap().columns("a"),
        Some(Columns::Untyped { .. })
    ));
    let typed = Table::new("x", "seq", "record").with_field(
        FieldPath::new("a").unwrap(),
        Columns::Text {
            column: "a".into(),
            folded: None,
        },
    );
    let err = translate(
        &query("filters=a+eq+%22x%22", &untyped),
        &typed,
        Dialect::Sqlite,
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "the field `a` has no type: only untyped columns (Columns::Untyped) hold its values"
    );
    assert_eq!(
        Table::for_schema(&Schema::open("x"))
            .unwrap_err()
            .to_string(),
        "the schema of `x` takes fields nobody listed, which no table has columns for: list \
         the fields"
    );
}

/// `not` chains of any length fold away; `and`/`or` nest 256 deep at most; a wide `and` nests
/// only logarithmically, so SQLite's limit of 1,000 on expression depth is not reached.
#[test]
fn nesting_and_width() {
    let schema = schema();
    let records: Vec<Json> = (0..10).map(|i| json!({"id": i, "n": i})).collect();
    let leaf = |i: i64| Filter::parse(&format!("n gt {i}")).unwrap();
    let mut not_chain = leaf(4);
    for _ in 0..100_001 {
        not_chain = not_chain.not();
    }
    let mut deep = leaf(0);
    for i in 0..256 {
        deep = if i % 2 == 0 {
            deep.and(leaf(1))
        } else {
            deep.or(leaf(2))
        }
        .not();
    }
    let wide = Filter::all((0..3000).map(|i| leaf(-i))).unwrap();
    let wide_or = Filter::any((0..3000).map(|i| leaf(100 + i)).chain([leaf(7)])).unwrap();
    for (name, filter) in [
        ("not chain", not_chain),
        ("deep", deep.clone()),
        ("wide and", wide),
        ("wide or", wide_or),
    ] {
        let checked = filter.check(&schema, Syntax::Lenient).unwrap();
        let q = CollectionQuery::new(
            Some(checked.into_filter()),
            Default::default(),
            Default::default(),
        )
        .check(&schema, Syntax::Lenient)
        .unwrap();
        let expected = q.run(&records).unwrap();
        for mut store in [
            sql_fixture::sqlite_store(&schema),
            sql_fixture::postgres_store(&schema, "nesting"),
        ] {
            store.load(&records).unwrap();
            let got = store
                .run::<Json>(&q)
                .unwrap_or_else(|e| panic!("{name} on {}: {e}", store.dialect()));
            assert_eq!(
                got.items.iter().collect::<Vec<_>>(),
                expected.items,
                "{name}"
            );
        }
    }
    // One level deeper is refused by checking, so the translation is never handed it.
    let too_deep = deep.and(leaf(3)).or(leaf(4));
    let err = CollectionQuery::new(Some(too_deep), Default::default(), Default::default())
        .check(&schema, Syntax::Lenient)
        .unwrap_err();
    assert_eq!(
        err.messages(),
        ["filters: `and`/`or` nest more than 256 deep"]
    );
}

#[test]
fn urls() {
    let schema = schema();
    for (url, message) in [
        (
            "sqlite:",
            "cannot open `sqlite:`: no file: write sqlite:PATH or sqlite::memory:",
        ),
        (
            "mysql://x",
            "cannot open `mysql://x`: expected sqlite:PATH, sqlite::memory: or postgres://…",
        ),
    ] {
        assert_eq!(
            Store::open(url, &schema)
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some(message)
        );
    }
    assert!(Store::open("postgres://nobody@%2Fnonexistent%2Fdir/x", &schema).is_err());
}
