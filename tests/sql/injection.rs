//! Hostile input over both engines (SPEC §10: nothing from the request becomes SQL text).
//!
//! Values that look like SQL, `LIKE` wildcards and escapes, quotes, U+0000, placeholders and
//! non-ASCII text are compared with every string operator: each query gives exactly the
//! in-memory page, and the tables are intact afterwards. Field names that are SQL keywords or
//! clash with the statement's own names, table names with quotes, and hostile filter text
//! (refused before any SQL is written) are tested too.

use sailpoint_filters::sql::{Store, Table};
use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
use serde_json::{Value as Json, json};

use crate::common::sql_fixture;

const HOSTILE: &[&str] = &[
    "'; DROP TABLE victims; --",
    "\"; DROP TABLE victims; --",
    "' OR '1'='1",
    "\" OR \"1\"=\"1",
    ") OR (1=1",
    "x' ESCAPE '",
    "%",
    "_",
    "%%",
    "\\",
    "\\\\",
    "\\%",
    "\\_",
    "a%b_c\\d",
    "100% sure",
    "snake_case",
    "'",
    "''",
    "\"",
    "`",
    "$1",
    "?",
    "?1",
    ":name",
    "@p",
    "E'\\\\'",
    "/* comment */",
    "--",
    ";",
    "\u{0}",
    "a\u{0}b",
    "\n\r\t",
    "ÜBER",
    "ǅ",
    "ﬁ",
    "🦀' --",
    "COLLATE \"C\"",
    "%' AND 1=0 --",
];

fn schema() -> Schema {
    use Op::*;
    Schema::new("targets")
        .with_field(
            "name",
            FieldType::String,
            [Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Pr, IsNull],
        )
        .with_field_spec(
            sailpoint_filters::FieldSpec::new(
                sailpoint_filters::FieldPath::from_static("code"),
                FieldType::String,
                sailpoint_filters::OperatorSet::of(&[Eq, Co, Sw, Gt, In]),
            )
            .expect("string operators")
            .case_sensitive(),
        )
        .with_field("tags", FieldType::StringCollection, [Eq, Co, Sw, Ca, In])
        .with_sortable(["name", "code"])
}

/// Records whose text is the hostile values themselves (those a text column can keep) and
/// their case variants.
fn records() -> Vec<Json> {
    let storable: Vec<&str> = HOSTILE
        .iter()
        .copied()
        .filter(|h| !h.contains('\0'))
        .collect();
    storable
        .iter()
        .enumerate()
        .map(|(i, h)| {
            json!({
                "id": i,
                "name": h,
                "code": h.to_uppercase(),
                "tags": [h, storable[(i + 1) % storable.len()]],
            })
        })
        .collect()
}

fn string(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Every string operator on every field with `value`.
fn filters(value: &str) -> Vec<String> {
    let v = string(value);
    let mut filters = Vec::new();
    for op in ["eq", "ne", "gt", "ge", "lt", "le", "co", "sw"] {
        filters.push(format!("name {op} {v}"));
    }
    for op in ["eq", "co", "sw", "gt"] {
        filters.push(format!("code {op} {v}"));
    }
    for op in ["eq", "co", "sw"] {
        filters.push(format!("tags {op} {v}"));
    }
    filters.push(format!("name in ({v}, \"x\")"));
    filters.push(format!("tags ca ({v})"));
    filters.push(format!("not (name co {v}) and tags in ({v})"));
    filters
}

/// Runs every hostile query on `store`, then checks that `store`'s table and `bystander` —
/// a table named `victims`, the name the hostile values aim at, in the same database — are
/// intact.
fn check_store(mut store: Store, mut bystander: Store) {
    let schema = schema();
    let records = records();
    store.load(&records).expect("hostile text is data");
    bystander.load(&records).expect("loaded");
    for value in HOSTILE {
        for filter in filters(value) {
            for sorters in ["", "name", "-code"] {
                let text = format!(
                    "filters={}&sorters={sorters}&count=true",
                    form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
                );
                let query =
                    CollectionQuery::from_query_string_for(&text, &schema, &Default::default())
                        .unwrap_or_else(|e| panic!("{filter}: {e}"));
                let expected = query.run(&records).expect("runs");
                let got = store
                    .run::<Json>(&query)
                    .unwrap_or_else(|e| panic!("{filter} on {}: {e}", store.dialect()));
                assert_eq!(got.total, expected.total, "{filter} on {}", store.dialect());
                assert_eq!(
                    got.items.iter().collect::<Vec<_>>(),
                    expected.items,
                    "{filter} on {}",
                    store.dialect()
                );
                let statement = store.statement(&query).expect("translates");
                for marker in ["DROP", "1=1", "'1'", "--", "/*", "ESCAPE '\''"] {
                    assert!(
                        !statement.sql.contains(marker),
                        "{marker} in {}",
                        statement.sql
                    );
                }
            }
        }
    }
    // Both tables are intact: every record is still there, as it was.
    let all = CollectionQuery::from_query_string_for("limit=250", &schema, &Default::default())
        .expect("valid");
    for (name, table) in [
        ("the store's", &mut store),
        ("the bystander", &mut bystander),
    ] {
        assert_eq!(table.len().expect("counts"), records.len() as u64, "{name}");
        let page = table
            .run::<Json>(&all)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(page.items, records, "{name}");
    }
}

/// The store's table (`targets`) and the bystander (`victims`) in the database at `url`,
/// both created.
fn two_tables(url: &str) -> (Store, Store) {
    let schema = schema();
    let open = |name: &str| {
        let mut store = Store::open(url, &schema)
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"))
            .with_table(Table::for_schema_as(&schema, name).expect("typed"));
        store.create().expect("created");
        store
    };
    (open("targets"), open("victims"))
}

#[test]
fn hostile_values_are_data_on_sqlite() {
    // A file, not `sqlite::memory:`: each in-memory connection is a database of its own, and
    // the bystander must share the store's.
    let path = std::env::temp_dir().join(format!("{}.db", sql_fixture::unique_table("injection")));
    let (store, bystander) = two_tables(&format!("sqlite:{}", path.display()));
    check_store(store, bystander);
    let _ = std::fs::remove_file(path);
}

#[test]
fn hostile_values_are_data_on_postgres() {
    // A database of its own, where `victims` is the only table by that name.
    let (store, bystander) = two_tables(&sql_fixture::fresh_database("injection"));
    check_store(store, bystander);
}

/// Filter text that tries to reach SQL is refused before any statement is written: the
/// grammar admits field names of letters, digits and `_` only, and the schema only its own.
#[test]
fn hostile_filter_text_is_refused() {
    let schema = schema();
    for text in [
        "name eq \"x\"; DROP TABLE victims",
        "name eq \"x\" or 1=1",
        "name; DROP TABLE victims eq \"x\"",
        "\"name\" eq \"x\"",
        "name) or (1 eq 1",
        "name eq x' or '1'='1",
        "pg_sleep eq 1",
        "name--comment eq \"x\"",
        "na/**/me eq \"x\"",
        "sqlite_master.name eq \"x\"",
    ] {
        let query = format!(
            "filters={}",
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
        );
        assert!(
            CollectionQuery::from_query_string_for(&query, &schema, &Default::default()).is_err(),
            "{text} was accepted"
        );
    }
    for sorters in ["name;drop", "name desc", "(select 1)", "record", "seq"] {
        let query = format!(
            "sorters={}",
            form_urlencoded::byte_serialize(sorters.as_bytes()).collect::<String>()
        );
        assert!(
            CollectionQuery::from_query_string_for(&query, &schema, &Default::default()).is_err(),
            "{sorters} was accepted"
        );
    }
}

/// Field names that are SQL keywords or the statement's own names (`t`, `e`, `c`, `p`, `seq`,
/// `record`, `total`), and a table name with quotes, are identifiers like any other.
fn keyword_schema() -> Schema {
    use Op::*;
    let mut schema = Schema::new("select");
    for name in [
        "select", "from", "where", "t", "e", "c", "p", "seq", "record", "total", "order.by",
    ] {
        schema = schema.with_field(name, FieldType::String, [Eq, Co, Sw, Gt]);
    }
    schema.with_sortable(["select", "seq", "order.by"])
}

fn check_keywords(mut store: Store) {
    let schema = keyword_schema();
    let records: Vec<Json> = (0..6)
        .map(|i| {
            json!({
                "id": i, "select": format!("s{}", i % 3), "from": "f", "where": null, "t": "T", "e": "e",
                "c": "c", "p": "p", "seq": format!("{}", 5 - i), "record": "r", "total": "9",
                "order": {"by": format!("o{}", i % 2)},
            })
        })
        .collect();
    store.load(&records).expect("loads");
    for text in [
        "filters=select+eq+%22s1%22+or+seq+gt+%223%22&sorters=-select,seq",
        "filters=t+eq+%22t%22+and+e+co+%22E%22+and+c+sw+%22c%22+and+p+gt+%22a%22&sorters=order.by",
        "filters=record+eq+%22r%22+and+total+eq+%229%22+and+from+eq+%22F%22&sorters=seq",
        "filters=order.by+eq+%22o1%22&sorters=-order.by,select",
    ] {
        let query =
            CollectionQuery::from_query_string_for(text, &schema, &Default::default()).expect(text);
        let expected = query.run(&records).expect("runs");
        let got = store.run::<Json>(&query).expect(text);
        assert_eq!(
            got.items.iter().collect::<Vec<_>>(),
            expected.items,
            "{text}"
        );
        assert_eq!(got.total, expected.total, "{text}");
    }
}

#[test]
fn keywords_and_quotes_in_names_on_sqlite() {
    let schema = keyword_schema();
    let table = Table::for_schema_as(&schema, "we\"ird; DROP TABLE x --").expect("typed");
    let mut store = Store::open("sqlite::memory:", &schema)
        .expect("opens")
        .with_table(table);
    store.create().expect("created");
    check_keywords(store);
}

#[test]
fn keywords_and_quotes_in_names_on_postgres() {
    let schema = keyword_schema();
    let name = format!("{}\"; DROP TABLE x --", sql_fixture::unique_table("q"));
    let table = Table::for_schema_as(&schema, &name).expect("typed");
    let mut store = Store::open(sql_fixture::postgres_url(), &schema)
        .expect("connects")
        .with_table(table);
    store.create().expect("created");
    check_keywords(store);
}
