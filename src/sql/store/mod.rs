//! The store: an endpoint's records in an SQL table, queried with translated statements.

mod ddl;
mod options;
mod rows;
mod sqlite;

#[cfg(feature = "postgres")]
mod postgres;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::check::{CheckedFilter, CheckedQuery};
use crate::paging::Page;
use crate::schema::Schema;
use crate::value::Record;

use super::mapping::Table;
use super::{Dialect, SqlError, Statement, translate};

pub use options::StoreOptions;
use rows::Layout;

/// An endpoint's records in SQL: SQLite (embedded, bundled) or PostgreSQL (feature
/// `postgres`), queried with statements [`translate`](super::translate) writes, answering
/// exactly what [`CheckedQuery::run`] answers in memory.
///
/// [`Store::open`] takes a URL: `sqlite:PATH`, `sqlite::memory:`, or `postgres://…`.
/// [`Store::replace`] (or [`Store::fill`], which keeps a table that holds records) makes the
/// table hold a set of records, atomically; [`Store::run`] answers a query with the page's
/// records read back from their JSON as any type that deserializes (the record type, or
/// `serde_json::Value`).
///
/// A store is `Send + Sync`: share it (in an `Arc`) between threads, and queries run in
/// parallel, each on a connection of the store's pool (a file or a PostgreSQL server; one
/// connection in memory). Its calls block: from async code, call them on a blocking thread
/// (`tokio::task::spawn_blocking`).
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
/// store.replace(&[json!({"name": "Gear 10%"}), json!({"name": "gear_2"}), json!({"name": null})])?;
///
/// let query = CollectionQuery::from_query_string_for("filters=name+co+%22r_%22&sorters=-name", &schema, &Default::default())?;
/// let page = store.run::<Value>(&query)?;
/// assert_eq!(page.items, [json!({"name": "gear_2"})]);
/// assert_eq!(page.total, 1);
///
/// // Shared between threads, queries run in parallel.
/// let store = std::sync::Arc::new(store);
/// let answers: Vec<_> = (0..2)
///     .map(|_| {
///         let (store, query) = (store.clone(), query.clone());
///         std::thread::spawn(move || store.run::<Value>(&query).map(|page| page.total))
///     })
///     .collect();
/// for answer in answers {
///     assert_eq!(answer.join().unwrap()?, 1);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Store {
    db: Db,
    schema: Schema,
    table: Table,
    options: StoreOptions,
}

enum Db {
    Sqlite(sqlite::Sqlite),
    #[cfg(feature = "postgres")]
    Postgres(postgres::Postgres),
}

/// `$body` with `$db` bound to the store's connections, whichever the database.
macro_rules! on_db {
    ($store:expr, $db:ident => $body:expr) => {
        match &$store.db {
            Db::Sqlite($db) => $body,
            #[cfg(feature = "postgres")]
            Db::Postgres($db) => $body,
        }
    };
}

/// A table and its layout, for the backends.
struct Target<'a> {
    table: &'a Table,
    layout: &'a Layout,
}

/// What a load does with a table that already holds records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Existing {
    Refuse,
    Replace,
}

impl Store {
    /// Connects to a database by URL, for the records of `schema` in the library's own table
    /// ([`Table::for_schema`]), with the default [`StoreOptions`]: `sqlite:PATH` (a file, made
    /// if missing), `sqlite::memory:`, or `postgres://…` / `postgresql://…` (feature
    /// `postgres`; any libpq connection string the `postgres` crate reads).
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
        Store::open_with(url, schema, &StoreOptions::default())
    }

    /// [`Store::open`] with options: timeouts, the pool's size, whether a missing SQLite file
    /// is made.
    ///
    /// A file or a PostgreSQL server is reached through a pool of connections; PostgreSQL is
    /// connected to once at once, so that what is wrong (no server, no such database, the
    /// user or password refused, a port that does not answer within the connect timeout) is
    /// an error here. An SQLite file is put in WAL mode (readers go on while a load writes);
    /// a file that is not a database is an error here.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::{SqlError, Store, StoreOptions};
    /// let options = StoreOptions::default().with_create_file(false);
    /// let err = Store::open_with("sqlite:no/such.db", &Schema::new("x"), &options).err().unwrap();
    /// assert!(matches!(err, SqlError::NoFile { .. }));
    /// assert_eq!(err.to_string(), "there is no SQLite database at `no/such.db`");
    /// ```
    pub fn open_with(
        url: &str,
        schema: &Schema,
        options: &StoreOptions,
    ) -> Result<Store, SqlError> {
        let table = Table::for_schema(schema)?;
        let db = if url == "sqlite::memory:" {
            Db::Sqlite(sqlite::Sqlite::memory()?)
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(SqlError::Url {
                    url: url.to_owned(),
                    reason: "no file: write sqlite:PATH or sqlite::memory:".into(),
                });
            }
            Db::Sqlite(sqlite::Sqlite::file(path, options)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            postgres_db(url, options)?
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
            options: options.clone(),
        })
    }

    /// A store on an SQLite connection of your own (one connection: queries take turns).
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
            db: Db::Sqlite(sqlite::Sqlite::connection(connection)?),
            schema: schema.clone(),
            table: Table::for_schema(schema)?,
            options: StoreOptions::default(),
        })
    }

    /// A store on a PostgreSQL client of your own (one connection: queries take turns, and
    /// a lost connection is not made again).
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
            db: Db::Postgres(postgres::Postgres::client(client)),
            schema: schema.clone(),
            table: Table::for_schema(schema)?,
            options: StoreOptions::default(),
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

    fn layout(&self) -> Result<Layout, SqlError> {
        Layout::of(&self.table, &self.schema)
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
        let statements = ddl::create_statements(&self.table, &self.layout()?, self.dialect());
        on_db!(self, db => db.batch(self.table.name(), &statements))
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
        let statements = ddl::drop_statements(&self.table, &self.layout()?, self.dialect());
        on_db!(self, db => db.batch(self.table.name(), &statements))
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
        let statements = ddl::delete_statements(&self.table, &self.layout()?, self.dialect());
        on_db!(self, db => db.batch(self.table.name(), &statements))
    }

    /// Adds records after those stored in the existing table, in one transaction: all or
    /// none. Returns how many were added. A record a column cannot hold exactly is refused
    /// ([`SqlError::Record`]).
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
        let layout = self.layout()?;
        let reader = layout.reader::<R>()?;
        let target = Target {
            table: &self.table,
            layout: &layout,
        };
        on_db!(self, db => db.append(&target, &reader, records))
    }

    /// Makes the table hold exactly `records`, whatever it held (creating it if missing), in
    /// one transaction: the new table is built beside the old one and swapped in as it
    /// commits. Queries see the old records or the new ones, never a mix; a failure, or the
    /// process killed at any point, leaves the old table whole. Returns how many records
    /// were loaded.
    ///
    /// One writer at a time changes a table: a second one waits up to the connect timeout
    /// ([`StoreOptions::with_connect_timeout`]) for the first to finish, then fails with
    /// [`SqlError::Busy`].
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// use sailpoint_filters::sql::{SqlError, Store};
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Eq]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// store.replace(&[json!({"n": 1}), json!({"n": 2})])?;
    /// // A record that cannot be stored: nothing changes.
    /// let err = store.replace(&[json!({"n": 3}), json!({"n": "four"})]).unwrap_err();
    /// assert_eq!(err.to_string(), "record 1: `n` holds text where the schema has a number");
    /// assert_eq!(store.len()?, 2);
    /// assert_eq!(store.replace(&[json!({"n": 5})])?, 1);
    /// assert_eq!(store.len()?, 1);
    /// # Ok::<(), SqlError>(())
    /// ```
    pub fn replace<R: Record + Serialize>(&mut self, records: &[R]) -> Result<usize, SqlError> {
        self.swap_in(records, Existing::Replace)
    }

    /// [`Store::replace`], for a table that is missing or holds no records: a table that
    /// holds records is left as it is, and the error ([`SqlError::NotEmpty`]) says how many
    /// it holds. The check is made in the load's own transaction.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::{SqlError, Store};
    /// use serde_json::json;
    ///
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.fill(&[json!({}), json!({})])?;
    /// let err = store.fill(&[json!({})]).unwrap_err();
    /// assert!(matches!(err, SqlError::NotEmpty { rows: 2, .. }));
    /// assert_eq!(err.to_string(), "the table `x` already holds 2 records");
    /// store.clear()?;
    /// assert_eq!(store.fill(&[json!({})])?, 1);
    /// # Ok::<(), SqlError>(())
    /// ```
    pub fn fill<R: Record + Serialize>(&mut self, records: &[R]) -> Result<usize, SqlError> {
        self.swap_in(records, Existing::Refuse)
    }

    fn swap_in<R: Record + Serialize>(
        &mut self,
        records: &[R],
        existing: Existing,
    ) -> Result<usize, SqlError> {
        let layout = self.layout()?;
        let reader = layout.reader::<R>()?;
        let target = Target {
            table: &self.table,
            layout: &layout,
        };
        match &self.db {
            Db::Sqlite(db) => db.replace(&target, &reader, records, existing),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => {
                let staged =
                    Table::for_schema_as(&self.schema, &format!("{}__staged", self.table.name()))?;
                let staged_layout = Layout::of(&staged, &self.schema)?;
                let staged = Target {
                    table: &staged,
                    layout: &staged_layout,
                };
                db.replace(&target, &staged, &reader, records, existing)
            }
        }
    }

    /// How many records the table holds.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// store.replace(&[serde_json::json!({}), serde_json::json!({})])?;
    /// assert_eq!(store.len()?, 2);
    /// assert!(!store.is_empty()?);
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn len(&self) -> Result<u64, SqlError> {
        let sql = ddl::count_sql(self.table.name(), self.dialect());
        on_db!(self, db => db.count(&sql))
    }

    /// Whether the table holds no records (see [`Store::len`]).
    pub fn is_empty(&self) -> Result<bool, SqlError> {
        Ok(self.len()? == 0)
    }

    /// Whether the table exists.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Store;
    /// let mut store = Store::open("sqlite::memory:", &Schema::new("x"))?;
    /// assert!(!store.exists()?);
    /// store.create()?;
    /// assert!(store.exists()?);
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn exists(&self) -> Result<bool, SqlError> {
        on_db!(self, db => db.exists(self.table.name()))
    }

    /// Checks that the store can answer queries: the table exists
    /// ([`SqlError::NoTable`] otherwise) and, for the library's own layout, has every table
    /// and column a query reads ([`SqlError::TableLayout`] otherwise).
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// use sailpoint_filters::sql::{SqlError, Store};
    /// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Eq]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// assert_eq!(store.verify().unwrap_err().to_string(), "the database has no table `x`");
    /// store.create()?;
    /// store.verify()?;
    /// # Ok::<(), SqlError>(())
    /// ```
    pub fn verify(&self) -> Result<(), SqlError> {
        let table = self.table.name();
        if !self.exists()? {
            return Err(SqlError::NoTable {
                table: table.to_owned(),
            });
        }
        let layout = match self.layout() {
            Ok(layout) => layout,
            Err(SqlError::NotOwnTable { .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        let probes = ddl::probe_statements(&self.table, &layout, self.dialect());
        on_db!(self, db => db.probe(&probes)).map_err(|e| match e {
            e if e.is_unavailable() => e,
            e => SqlError::TableLayout {
                table: table.to_owned(),
                reason: e.to_string(),
            },
        })
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
    /// page's records read from their JSON as `T`. A statement that runs longer than the
    /// statement timeout is stopped ([`SqlError::Timeout`]); with no connection to the
    /// database within the connect timeout, [`SqlError::Unavailable`].
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Schema};
    /// use sailpoint_filters::Page;
    /// use sailpoint_filters::sql::Store;
    /// use serde_json::{Value, json};
    ///
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// store.replace(&[json!({"n": 2}), json!({"n": null}), json!({"n": 1.5})])?;
    /// let query = CollectionQuery::from_query_string_for("sorters=-n&offset=1&count=true", &schema, &Default::default())?;
    /// let page: Page<Value> = store.run(&query)?;
    /// assert_eq!(page, Page { items: vec![json!({"n": 2}), json!({"n": 1.5})], total: 3 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<T: DeserializeOwned>(&self, query: &CheckedQuery) -> Result<Page<T>, SqlError> {
        self.run_statement(self.statement(query)?)
    }

    /// [`Store::run`] with a filter of the endpoint's own added to the query's with `and`:
    /// what a catalog operation adds to every request (its `defaultFilter`,
    /// [`OperationQuery::added_filter`](crate::catalog::OperationQuery::added_filter)).
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
    /// use sailpoint_filters::sql::Store;
    /// use serde_json::{Value, json};
    ///
    /// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Gt]);
    /// let mut store = Store::open("sqlite::memory:", &schema)?;
    /// store.replace(&[json!({"n": 1}), json!({"n": 2}), json!({"n": 3})])?;
    /// let query = CollectionQuery::from_query_string_for("filters=n+gt+1&count=true", &schema, &Default::default())?;
    /// let added = schema.parse_filter("n gt 2", &Default::default())?;
    /// assert_eq!(store.run_and::<Value>(&query, &added)?.total, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_and<T: DeserializeOwned>(
        &self,
        query: &CheckedQuery,
        filter: &CheckedFilter,
    ) -> Result<Page<T>, SqlError> {
        let statement =
            super::translate::translate(query, Some(filter), &self.table, self.dialect())?;
        self.run_statement(statement)
    }

    fn run_statement<T: DeserializeOwned>(
        &self,
        statement: Statement,
    ) -> Result<Page<T>, SqlError> {
        let (total, records) = match &self.db {
            Db::Sqlite(db) => db.run(&statement, self.options.statement_timeout)?,
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => db.run(&statement)?,
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
fn postgres_db(url: &str, options: &StoreOptions) -> Result<Db, SqlError> {
    Ok(Db::Postgres(postgres::Postgres::open(url, options)?))
}

#[cfg(not(feature = "postgres"))]
fn postgres_db(url: &str, _: &StoreOptions) -> Result<Db, SqlError> {
    Err(SqlError::Url {
        url: url.to_owned(),
        reason: "PostgreSQL needs the `postgres` feature of sailpoint-filters".into(),
    })
}
