//! The store: an endpoint's records in an SQL table, queried with translated statements.

mod rows;
mod sqlite;

#[cfg(feature = "postgres")]
mod postgres;

use serde::Serialize;
use serde::de::DeserializeOwned;

use sea_query::{
    Alias, Asterisk, ColumnDef, Expr, Func, Index, PostgresQueryBuilder, Query,
    QueryStatementWriter, SchemaStatementBuilder, SqliteQueryBuilder, Table as SqlTable,
    TableCreateStatement, Value as SqlValue,
};

use crate::check::CheckedQuery;
use crate::paging::Page;
use crate::schema::Schema;
use crate::value::Record;

use super::mapping::Table;
use super::{Dialect, SqlError, Statement, translate};

use rows::{Kind, Layout};

/// An endpoint's records in SQL: SQLite (embedded, bundled) or PostgreSQL (feature
/// `postgres`), queried with statements [`translate`](super::translate) writes, answering
/// exactly what [`CheckedQuery::run`] answers in memory.
///
/// [`Store::open`] takes a URL: `sqlite:PATH`, `sqlite::memory:`, or `postgres://…`.
/// [`Store::create`] makes the table and its indexes, [`Store::load`] adds records (typed, or
/// `serde_json::Value`), [`Store::run`] answers a query with the page's records read back
/// from their JSON as any type that deserializes (the record type, or `serde_json::Value`).
///
/// ```
/// use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
/// use sailpoint_filters::sql::Store;
/// use serde_json::{Value, json};
///
/// let schema = Schema::new("widgets")
///     .with_field("name", FieldType::String, [Op::Eq, Op::Sw, Op::Co])
///     .with_sortable(["name"]);
/// let mut store = Store::open("sqlite::memory:", &schema)?;
/// store.create()?;
/// store.load(&[json!({"name": "Gear 10%"}), json!({"name": "gear_2"}), json!({"name": null})])?;
///
/// let query = CollectionQuery::from_query_string_for("filters=name+co+%22r_%22&sorters=-name", &schema, &Default::default())?;
/// let page = store.run::<Value>(&query)?;
/// assert_eq!(page.items, [json!({"name": "gear_2"})]);
/// assert_eq!(page.total, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Store {
    db: Db,
    schema: Schema,
    table: Table,
}

enum Db {
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Postgres(Box<::postgres::Client>),
}

impl Store {
    /// Connects to a database by URL, for the records of `schema` in the library's own table
    /// ([`Table::for_schema`]): `sqlite:PATH` (a file, made if missing), `sqlite::memory:`,
    /// or `postgres://…` / `postgresql://…` (feature `postgres`; any libpq connection string
    /// the `postgres` crate reads).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// assert_eq!(store.table().name(), "x");
    /// assert!(Store::open("mysql://db", &Schema::new("x")).is_err());
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn open(url: &str, schema: &Schema) -> Result<Store, SqlError> {
        let table = Table::for_schema(schema)?;
        let db = if url == "sqlite::memory:" {
            Db::Sqlite(sqlite::setup(rusqlite::Connection::open_in_memory()?)?)
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(SqlError::Url {
                    url: url.to_owned(),
                    reason: "no file: write sqlite:PATH or sqlite::memory:".into(),
                });
            }
            Db::Sqlite(sqlite::setup(rusqlite::Connection::open(path)?)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            postgres_db(url)?
        } else {
            return Err(SqlError::Url {
                url: url.to_owned(),
                reason: "expected sqlite:PATH, sqlite::memory: or postgres://…".into(),
            });
        };
        Ok(Store {
            db,
            schema: schema.clone(),
            table,
        })
    }

    /// A store on an SQLite connection of your own.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::{Dialect, Store};
    /// let store = Store::sqlite(rusqlite::Connection::open_in_memory()?, &Schema::new("x"))?;
    /// assert_eq!(store.dialect(), Dialect::Sqlite);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sqlite(connection: rusqlite::Connection, schema: &Schema) -> Result<Store, SqlError> {
        Ok(Store {
            db: Db::Sqlite(sqlite::setup(connection)?),
            schema: schema.clone(),
            table: Table::for_schema(schema)?,
        })
    }

    /// A store on a PostgreSQL client of your own.
    ///
    /// ```no_run
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let client = postgres::Client::connect("host=/run/postgresql user=me", postgres::NoTls)?;
    /// let store = Store::postgres(client, &Schema::new("x"))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "postgres")]
    pub fn postgres(client: ::postgres::Client, schema: &Schema) -> Result<Store, SqlError> {
        Ok(Store {
            db: Db::Postgres(Box::new(client)),
            schema: schema.clone(),
            table: Table::for_schema(schema)?,
        })
    }

    /// The same store on another table: the library's own layout under another name
    /// ([`Table::for_schema_as`]), or a table of your own ([`Table::new`]; such a table can
    /// be queried but not created or loaded).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::{Store, Table};
    /// let schema = Schema::new("x");
    /// let store = Store::open("sqlite::memory:", &schema)?.with_table(Table::for_schema_as(&schema, "x_2")?);
    /// assert_eq!(store.table().name(), "x_2");
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn with_table(mut self, table: Table) -> Store {
        self.table = table;
        self
    }

    /// The table queried.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// assert_eq!(Store::open("sqlite::memory:", &Schema::new("a-b"))?.table().name(), "a_b");
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The dialect of the database.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::{Dialect, Store};
    /// assert_eq!(Store::open("sqlite::memory:", &Schema::new("x"))?.dialect(), Dialect::Sqlite);
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn dialect(&self) -> Dialect {
        match self.db {
            Db::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Creates the table, its child tables and indexes (an error if the table exists).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.create()?;
    /// assert!(store.create().is_err());
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn create(&mut self) -> Result<(), SqlError> {
        let layout = Layout::of(&self.table, &self.schema)?;
        let statements = create_statements(&self.table, &layout, self.dialect());
        match &mut self.db {
            Db::Sqlite(db) => sqlite::batch(db, &statements),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::batch(db, &statements),
        }
    }

    /// Drops the table and its child tables, if they exist.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.drop_table()?;
    /// store.create()?;
    /// store.drop_table()?;
    /// store.create()?;
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn drop_table(&mut self) -> Result<(), SqlError> {
        let layout = Layout::of(&self.table, &self.schema)?;
        let dialect = self.dialect();
        let statements: Vec<String> = layout
            .children
            .iter()
            .map(|(name, _)| name.as_str())
            .chain([layout.records.0.as_str(), self.table.name()])
            .map(|name| {
                let drop = SqlTable::drop()
                    .table(Alias::new(name))
                    .if_exists()
                    .to_owned();
                build(&drop, dialect)
            })
            .collect();
        match &mut self.db {
            Db::Sqlite(db) => sqlite::batch(db, &statements),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::batch(db, &statements),
        }
    }

    /// Deletes every record (the table stays; the next record loaded is number 0 again).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.create()?;
    /// store.load(&[serde_json::json!({})])?;
    /// store.clear()?;
    /// assert!(store.is_empty()?);
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn clear(&mut self) -> Result<(), SqlError> {
        let layout = Layout::of(&self.table, &self.schema)?;
        let dialect = self.dialect();
        let statements: Vec<String> = layout
            .children
            .iter()
            .map(|(name, _)| name.as_str())
            .chain([layout.records.0.as_str(), self.table.name()])
            .map(|name| {
                build_query(
                    &Query::delete().from_table(Alias::new(name)).to_owned(),
                    dialect,
                )
            })
            .collect();
        match &mut self.db {
            Db::Sqlite(db) => sqlite::batch(db, &statements),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::batch(db, &statements),
        }
    }

    /// Adds records after those stored, in one transaction: all or none. Returns how many
    /// were added. A record a column cannot hold exactly is refused ([`SqlError::Record`]).
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// use sailpoint_filters::sql::{SqlError, Store};
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Eq]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// store.create()?;
    /// assert_eq!(store.load(&[json!({"n": 1}), json!({"n": 2.0})])?, 2);
    /// let err = store.load(&[json!({"n": 3}), json!({"n": "four"})]).unwrap_err();
    /// assert_eq!(err.to_string(), "record 1: `n` holds text where the schema has a number");
    /// assert_eq!(store.len()?, 2);
    /// # Ok::<(), SqlError>(())
    /// ```
    pub fn load<R: Record + Serialize>(&mut self, records: &[R]) -> Result<usize, SqlError> {
        let layout = Layout::of(&self.table, &self.schema)?;
        let reader = layout.reader::<R>()?;
        let (table, seq) = (self.table.name(), self.table.seq());
        // Statistics for the planner afterwards: without them SQLite takes an index range for
        // `name sw "RM"` even when most records match, where a scan is many times faster.
        let analyze: Vec<String> = std::iter::once(table)
            .chain(layout.children.iter().map(|(name, _)| name.as_str()))
            .map(|name| format!("ANALYZE {}", quoted(name)))
            .collect();
        let loaded = match &mut self.db {
            Db::Sqlite(db) => sqlite::load(db, table, seq, &layout, &reader, records)?,
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::load(db, table, seq, &layout, &reader, records)?,
        };
        match &mut self.db {
            Db::Sqlite(db) => sqlite::batch(db, &analyze)?,
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::batch(db, &analyze)?,
        }
        Ok(loaded)
    }

    /// How many records the table holds.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.create()?;
    /// store.load(&[serde_json::json!({}), serde_json::json!({})])?;
    /// assert_eq!(store.len()?, 2);
    /// assert!(!store.is_empty()?);
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn len(&mut self) -> Result<u64, SqlError> {
        let mut select = Query::select();
        select
            .expr(Func::count(Expr::col(Asterisk)))
            .from(Alias::new(self.table.name()));
        let sql = build_query(&select, self.dialect());
        match &mut self.db {
            Db::Sqlite(db) => sqlite::count(db, &sql),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::count(db, &sql),
        }
    }

    /// Whether the table holds no records (see [`Store::len`]).
    pub fn is_empty(&mut self) -> Result<bool, SqlError> {
        Ok(self.len()? == 0)
    }

    /// The statement that answers `query` here ([`translate`](super::translate) for this
    /// store's table and dialect).
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Schema};
    /// use sailpoint_filters::sql::Store;
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let store = Store::open("sqlite::memory:", &schema)?;
    /// let query = CollectionQuery::from_query_string_for("sorters=-n&limit=3", &schema, &Default::default())?;
    /// assert!(store.statement(&query)?.sql.contains(r#"ORDER BY "t"."n__sort" DESC, "t"."seq" ASC LIMIT ?"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn statement(&self, query: &CheckedQuery) -> Result<Statement, SqlError> {
        translate(query, &self.table, self.dialect())
    }

    /// Answers a query: filter, sort, count, page, in one statement (one snapshot), with the
    /// page's records read from their JSON as `T`.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Schema};
    /// use sailpoint_filters::Page;
    /// use sailpoint_filters::sql::Store;
    /// use serde_json::{Value, json};
    ///
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// store.create()?;
    /// store.load(&[json!({"n": 2}), json!({"n": null}), json!({"n": 1.5})])?;
    /// let query = CollectionQuery::from_query_string_for("sorters=-n&offset=1&count=true", &schema, &Default::default())?;
    /// let page: Page<Value> = store.run(&query)?;
    /// assert_eq!(page, Page { items: vec![json!({"n": 2}), json!({"n": 1.5})], total: 3 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<T: DeserializeOwned>(&mut self, query: &CheckedQuery) -> Result<Page<T>, SqlError> {
        let statement = self.statement(query)?;
        let (total, records) = match &mut self.db {
            Db::Sqlite(db) => sqlite::run(db, &statement)?,
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => postgres::run(db, &statement)?,
        };
        let items = records
            .iter()
            .map(|json| serde_json::from_str(json))
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page {
            items,
            total: usize::try_from(total).unwrap_or(usize::MAX),
        })
    }
}

#[cfg(feature = "postgres")]
fn postgres_db(url: &str) -> Result<Db, SqlError> {
    Ok(Db::Postgres(Box::new(postgres::connect(url)?)))
}

#[cfg(not(feature = "postgres"))]
fn postgres_db(url: &str) -> Result<Db, SqlError> {
    Err(SqlError::Url {
        url: url.to_owned(),
        reason: "PostgreSQL needs the `postgres` feature of sailpoint-filters".into(),
    })
}

/// A table's name as an identifier, double-quoted (a `"` in it doubled): for `ANALYZE`, which
/// sea-query does not write.
fn quoted(name: &str) -> String {
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
fn last_seq_sql(table: &str, seq: &str, dialect: Dialect) -> String {
    let mut select = Query::select();
    select
        .expr(Func::max(Expr::col(Alias::new(seq))))
        .from(Alias::new(table));
    build_query(&select, dialect)
}

/// `INSERT INTO table (columns…) VALUES (…), …` for `rows` rows, every value a placeholder.
fn insert_sql(table: &str, columns: &[String], rows: usize, dialect: Dialect) -> String {
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

/// `CREATE TABLE` for the table and its child tables, and `CREATE INDEX` for the compared
/// columns, the sort keys and the children's sequence and element.
fn create_statements(table: &Table, layout: &Layout, dialect: Dialect) -> Vec<String> {
    let text = |def: &mut ColumnDef| {
        def.text();
        if dialect == Dialect::Postgres {
            // Code-point order, and `LIKE 'prefix%'` can use the index.
            def.extra("COLLATE \"C\"");
        }
    };
    let mut create = TableCreateStatement::new();
    create.table(Alias::new(table.name()));
    let mut indexes = Vec::new();
    for (i, (column, kind, indexed)) in layout.main.iter().enumerate() {
        let mut def = ColumnDef::new(Alias::new(column));
        match kind {
            Kind::Bool => def.boolean(),
            Kind::Int => def.big_integer(),
            Kind::Float => def.double(),
            Kind::Bytes => def.blob(),
            Kind::Text => {
                text(&mut def);
                &mut def
            }
        };
        if i == 0 {
            def.not_null().primary_key();
        }
        create.col(&mut def);
        if *indexed {
            indexes.push((table.name().to_owned(), vec![column.clone()]));
        }
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
    for (name, columns) in &layout.children {
        let mut child = TableCreateStatement::new();
        child.table(Alias::new(name));
        for (i, column) in columns.iter().enumerate() {
            let mut def = ColumnDef::new(Alias::new(column));
            if i == 0 {
                def.big_integer().not_null();
            } else {
                text(&mut def);
                def.not_null();
            }
            child.col(&mut def);
        }
        statements.push(build(&child, dialect));
        // The sequence (for `EXISTS`), and the compared element (folded if it is).
        for column in [columns.first(), columns.last()].into_iter().flatten() {
            indexes.push((name.clone(), vec![column.clone()]));
        }
    }
    // sea-query writes index names without escaping quotes: they are made of `[A-Za-z0-9_]`
    // only, the table's name reduced to those and a hash of it (index names are unique per
    // schema, not per table).
    let prefix = index_prefix(table.name());
    for (n, (on, columns)) in indexes.iter().enumerate() {
        let mut index = Index::create();
        index
            .name(format!("{prefix}__i{}", n + 1))
            .table(Alias::new(on));
        for column in columns {
            index.col(Alias::new(column));
        }
        statements.push(build(&index, dialect));
    }
    statements
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
