//! The SQL text the store writes itself (no request value is ever part of it): creating,
//! dropping, emptying and renaming the tables of a layout, inserting rows, counting.

use sea_query::{
    Alias, Asterisk, ColumnDef, Expr, ExprTrait, Func, Index, PostgresQueryBuilder, Query,
    QueryStatementWriter, SchemaStatementBuilder, SqliteQueryBuilder, Table as SqlTable,
    TableCreateStatement, Value as SqlValue,
};

use super::super::Dialect;
use super::super::mapping::Table;
use super::rows::{Kind, Layout};

/// The tables of a layout: each child table, the records' table, the main table.
pub(super) fn family<'a>(table: &'a Table, layout: &'a Layout) -> impl Iterator<Item = &'a str> {
    layout
        .children
        .iter()
        .map(|child| child.name.as_str())
        .chain([layout.records.0.as_str(), table.name()])
}

/// `DROP TABLE IF EXISTS` for each table of the layout, the main table first: a query locks
/// it before the others, so that a drop waits for the queries under way instead of
/// deadlocking with them (PostgreSQL).
pub(super) fn drop_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    let mut names: Vec<&str> = family(table, layout).collect();
    names.reverse();
    names
        .into_iter()
        .map(|name| {
            let drop = SqlTable::drop()
                .table(Alias::new(name))
                .if_exists()
                .to_owned();
            build(&drop, dialect)
        })
        .collect()
}

/// `DELETE FROM` each table of the layout.
pub(super) fn delete_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    family(table, layout)
        .map(|name| {
            build_query(
                &Query::delete().from_table(Alias::new(name)).to_owned(),
                dialect,
            )
        })
        .collect()
}

/// `ALTER TABLE … RENAME TO …` from each table of `from` to the same table of `to` (two
/// layouts of one schema), and `ALTER INDEX … RENAME TO …` for each of their indexes
/// (PostgreSQL only: SQLite cannot rename an index).
pub(super) fn rename_statements(
    (from, from_layout): (&Table, &Layout),
    (to, to_layout): (&Table, &Layout),
) -> Vec<String> {
    let tables = family(from, from_layout).zip(family(to, to_layout));
    let indexes = index_names(from, from_layout)
        .into_iter()
        .zip(index_names(to, to_layout));
    tables
        .map(|(old, new)| format!("ALTER TABLE {} RENAME TO {}", quoted(old), quoted(new)))
        .chain(
            indexes.map(|(old, new)| {
                format!("ALTER INDEX {} RENAME TO {}", quoted(&old), quoted(&new))
            }),
        )
        .collect()
}

/// `ANALYZE` for the main table and each child table: statistics for the planner. Without
/// them SQLite takes an index range for `name sw "RM"` even when most records match, where a
/// scan is many times faster.
pub(super) fn analyze_statements(table: &Table, layout: &Layout) -> Vec<String> {
    std::iter::once(table.name())
        .chain(layout.children.iter().map(|child| child.name.as_str()))
        .map(|name| format!("ANALYZE {}", quoted(name)))
        .collect()
}

/// `SELECT` of every column of every table of the layout, matching no row: it fails when a
/// table or column the store reads is missing. (The columns are named with their table:
/// SQLite reads an unknown column named alone in double quotes as a string.)
pub(super) fn probe_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    let mut tables: Vec<(&str, Vec<&str>)> = vec![(
        table.name(),
        layout.main.iter().map(|(c, _, _)| c.as_str()).collect(),
    )];
    tables.push((
        &layout.records.0,
        layout.records.1.iter().map(String::as_str).collect(),
    ));
    for child in &layout.children {
        tables.push((
            &child.name,
            child.columns.iter().map(|(c, _, _)| c.as_str()).collect(),
        ));
    }
    tables
        .into_iter()
        .map(|(name, columns)| {
            let mut select = Query::select();
            select
                .columns(
                    columns
                        .into_iter()
                        .map(|column| (Alias::new(name), Alias::new(column))),
                )
                .from(Alias::new(name))
                .and_where(Expr::val(1).eq(0));
            build_query(&select, dialect)
        })
        .collect()
}

/// `SELECT COUNT(*) FROM table`.
pub(super) fn count_sql(table: &str, dialect: Dialect) -> String {
    let mut select = Query::select();
    select
        .expr(Func::count(Expr::col(Asterisk)))
        .from(Alias::new(table));
    build_query(&select, dialect)
}

/// A table's name as an identifier, double-quoted (a `"` in it doubled): for the statements
/// sea-query does not write.
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A query's SQL text (it has no parameters).
fn build_query(statement: &impl QueryStatementWriter, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => statement.to_string(SqliteQueryBuilder),
        Dialect::Postgres => statement.to_string(PostgresQueryBuilder),
    }
}

/// `SELECT MAX(seq) FROM table`.
pub(super) fn last_seq_sql(table: &str, seq: &str, dialect: Dialect) -> String {
    let mut select = Query::select();
    select
        .expr(Func::max(Expr::col(Alias::new(seq))))
        .from(Alias::new(table));
    build_query(&select, dialect)
}

/// `INSERT INTO table (columns…) VALUES (…), …` for `rows` rows, every value a placeholder.
pub(super) fn insert_sql(table: &str, columns: &[String], rows: usize, dialect: Dialect) -> String {
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new(table))
        .columns(columns.iter().map(Alias::new));
    for _ in 0..rows {
        let placeholders = columns.iter().map(|_| Expr::val(SqlValue::BigInt(None)));
        // As many values as columns: never an error.
        let _ = insert.values(placeholders);
    }
    let (sql, _) = match dialect {
        Dialect::Sqlite => insert.build(SqliteQueryBuilder),
        Dialect::Postgres => insert.build(PostgresQueryBuilder),
    };
    sql
}

fn build(statement: &impl SchemaStatementBuilder, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => statement.build(SqliteQueryBuilder),
        Dialect::Postgres => statement.build(PostgresQueryBuilder),
    }
}

/// The indexes of a layout: the table each is on, and its columns.
fn indexes(table: &Table, layout: &Layout) -> Vec<(String, Vec<String>)> {
    let main = layout
        .main
        .iter()
        .filter(|(_, _, indexed)| *indexed)
        .map(|(column, _, _)| (table.name().to_owned(), vec![column.clone()]));
    // Each child table's: a collection's sequence (for `EXISTS`) and compared element
    // (folded if it is); the untyped values' sequence and path.
    let children = layout.children.iter().flat_map(|child| {
        child
            .indexes
            .iter()
            .map(|columns| (child.name.clone(), columns.clone()))
    });
    main.chain(children).collect()
}

/// The names of a layout's indexes, in the order [`create_statements`] creates them.
///
/// sea-query writes index names without escaping quotes: they are made of `[A-Za-z0-9_]`
/// only, the table's name reduced to those and a hash of it (index names are unique per
/// schema, not per table).
fn index_names(table: &Table, layout: &Layout) -> Vec<String> {
    let prefix = index_prefix(table.name());
    (1..=indexes(table, layout).len())
        .map(|n| format!("{prefix}__i{n}"))
        .collect()
}

/// `CREATE TABLE` for the table and its child tables, and `CREATE INDEX` for the compared
/// columns, the sort keys and the children's sequence and element.
pub(super) fn create_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    let mut statements = table_statements(table, layout, dialect);
    statements.extend(index_statements(table, layout, dialect));
    statements
}

/// `CREATE TABLE` for the table and its child tables.
pub(super) fn table_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    let mut create = TableCreateStatement::new();
    create.table(Alias::new(table.name()));
    for (i, (column, kind, _)) in layout.main.iter().enumerate() {
        let mut def = ColumnDef::new(Alias::new(column));
        column_type(&mut def, *kind, dialect);
        if i == 0 {
            def.not_null().primary_key();
        }
        create.col(&mut def);
    }
    let mut statements = vec![build(&create, dialect)];
    let (records_table, [records_seq, records_json]) = &layout.records;
    let mut records = TableCreateStatement::new();
    records
        .table(Alias::new(records_table))
        .col(
            ColumnDef::new(Alias::new(records_seq))
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Alias::new(records_json)).text().not_null());
    statements.push(build(&records, dialect));
    for table in &layout.children {
        let mut child = TableCreateStatement::new();
        child.table(Alias::new(&table.name));
        for (column, kind, nullable) in &table.columns {
            let mut def = ColumnDef::new(Alias::new(column));
            column_type(&mut def, *kind, dialect);
            if !nullable {
                def.not_null();
            }
            child.col(&mut def);
        }
        statements.push(build(&child, dialect));
    }
    statements
}

/// A column's SQL type; text compares by code point (PostgreSQL: `COLLATE "C"`, so that
/// `LIKE 'prefix%'` can use the index too).
fn column_type(def: &mut ColumnDef, kind: Kind, dialect: Dialect) {
    match kind {
        Kind::Bool => def.boolean(),
        Kind::Int => def.big_integer(),
        Kind::Float => def.double(),
        Kind::Bytes => def.blob(),
        Kind::Text => {
            def.text();
            if dialect == Dialect::Postgres {
                def.extra("COLLATE \"C\"");
            }
            def
        }
    };
}

/// `CREATE INDEX` for the compared columns, the sort keys and the children's sequence and
/// element (after a bulk load, building each index once is faster than keeping it up to date
/// row by row).
pub(super) fn index_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    indexes(table, layout)
        .into_iter()
        .zip(index_names(table, layout))
        .map(|((on, columns), name)| {
            let mut index = Index::create();
            index.name(name).table(Alias::new(on));
            for column in columns {
                index.col(Alias::new(column));
            }
            build(&index, dialect)
        })
        .collect()
}

/// The start of the names of a table's indexes: its name reduced to `[A-Za-z0-9_]` (24 bytes
/// at most) and an FNV-1a hash of the whole name.
fn index_prefix(table: &str) -> String {
    let hash = table.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let plain: String = table
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(24)
        .collect();
    format!("{plain}_{hash:08x}")
}

/// The key of the PostgreSQL advisory lock that writers of `table` take: an FNV-1a hash of
/// the library's name and the table's.
pub(super) fn lock_key(table: &str) -> i64 {
    let hash = "sailpoint-filters\0"
        .bytes()
        .chain(table.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    i64::from_ne_bytes(hash.to_ne_bytes())
}
