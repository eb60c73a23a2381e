//! Checked queries pushed down to SQL (feature `sql`): one statement with bound parameters for
//! SQLite or PostgreSQL, whose rows and count are exactly what [`CheckedQuery::run`] gives in
//! memory (SPEC §10), and a [`Store`] that keeps an endpoint's records in a table of its own.
//!
//! ```
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::role_mining_sessions::{self, RoleMiningSession, RoleMiningSessions};
//! use sailpoint_filters::sql::Store;
//! use sailpoint_filters::CollectionQuery;
//!
//! let schema = RoleMiningSessions::schema();
//! let mut store = Store::open("sqlite::memory:", schema)?;
//! store.create()?;
//! store.load(&role_mining_sessions::sample())?;
//!
//! let query = CollectionQuery::from_query_string_for(
//!     "filters=saved+eq+true+and+name+sw+%22RM+Session%22&sorters=-createdDate&limit=5&count=true",
//!     schema,
//!     &Default::default(),
//! )?;
//! let page = store.run::<RoleMiningSession>(&query)?;
//!
//! // Exactly the page the in-memory evaluator gives.
//! let sessions = role_mining_sessions::sample();
//! let expected = query.run(&sessions)?;
//! assert_eq!(page.total, expected.total);
//! assert_eq!(page.items.iter().collect::<Vec<_>>(), expected.items);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The table
//!
//! [`Table::for_schema`] lays out an endpoint's table (SPEC §10): the insertion sequence
//! (`seq`, the order records keep when sorting ties or no sorters are given), the whole record
//! as JSON (`record`, what a query returns, in a table of its own so that a scan reads only
//! what is compared; a query reads the JSON of its page alone), and for each filterable field
//! columns of its type — a string, and its folding computed in Rust when the field is case-insensitive; a
//! boolean; a number as an integer column and a float column; a date-time as fixed-width UTC
//! text with nanoseconds; a string collection as a child table with a row per element — and a
//! sort key per field each sortable field orders by. A field of unknown type
//! ([`FieldType::Any`](crate::FieldType::Any), `any` in the catalog) and every sub-field a
//! record holds under a wildcard parent have rows in the table of untyped values
//! ([`UntypedColumns`], `{table}__values`): per record and path, a row for the value with its
//! kind beside it and the scalar in the column of its kind, and for an array a row per
//! element. Indexes: the sequence, each filterable field's compared column, each sort key,
//! each child table's sequence and element (the untyped values': sequence and path).
//! [`Store`] creates it, loads records into it (and has the engine `ANALYZE` it, so that a
//! prefix most records share is scanned rather than looked up in an index) and runs queries
//! over it.
//!
//! # How each rule of SPEC §3–§5 stays exact
//!
//! * **Two-valued logic.** Every condition is false, never SQL's unknown, on a null or missing
//!   field (`column IS NOT NULL AND …`, or `EXISTS` over a child table); `ne` is `NOT` of `eq`,
//!   `pr` of `isnull`; so `not`, `and` and `or` behave as in memory.
//! * **Strings** compare on the folded column against the value folded by the same Rust
//!   function the matcher uses (never SQL's `lower()`), by code point (SQLite's binary
//!   collation, PostgreSQL's `COLLATE "C"`). `sw` and `co` are `LIKE` with `%`, `_` and `\`
//!   escaped in the bound pattern and `ESCAPE '\'`; on SQLite a case-sensitive field also
//!   needs `instr` (SQLite's `LIKE` ignores the case of ASCII letters). Text with U+0000 is not
//!   stored (PostgreSQL's text cannot hold it); a filter value with one equals nothing and
//!   orders as the text before it.
//! * **Numbers**: a whole number that fits `i64` is stored in the integer column, any other in
//!   the float column, so equal numbers are stored alike. A comparison is rewritten in Rust
//!   into an integer comparison for the one and a float comparison for the other, exactly
//!   (`count gt 2.5` is `count > 2` on integers; `score lt 9007199254740993` is
//!   `score <= 9007199254740992.0` on floats), so no engine ever compares an integer with a
//!   float (PostgreSQL would round a `bigint` to a `double`).
//! * **Date-times** are `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC: byte order is the order of
//!   instants over all of years 0000–9999 with nanoseconds, in both engines (PostgreSQL's
//!   `timestamptz` keeps only microseconds).
//! * **Booleans** by equality; **`in`** as a list of bound values (no cap but the engines'
//!   own on parameters); **`ca`** and scalar tests on collections as `EXISTS` over the
//!   elements, one per listed value for `ca`.
//! * **Order**: each sort key column holds bytes whose order is
//!   [`compare_for_sort`](crate::value::compare_for_sort)'s — booleans, then numbers, date-times (and
//!   text that reads as one), other text folded, other values, null; a collection as its first
//!   element — so mixed kinds, nulls last ascending and first descending, all come out as in
//!   memory; then the sequence, so ties keep stored order.
//! * **Fields of unknown type** compare as the matcher compares whatever JSON value each
//!   record holds: the filter value is read in every way it can be (text, number, boolean,
//!   instant), and each stored row is tested in the reading of its kind only — text against
//!   the text (folded unless the field is case-sensitive), a number exactly as above, a
//!   boolean by `eq`, and a string that reads as a date-time against a value that does by
//!   instant alone (so `sw` and `co` never hold for such a pair); null, objects and nested
//!   arrays match nothing, an array matches through its elements. `isnull` is the absence of
//!   the value's row. A sub-field of a sortable wildcard parent sorts by its row's key.
//! * **Paging and count** in one statement, so one snapshot: the count of all matches, joined
//!   with the page by `LIMIT`/`OFFSET`.
//! * **Nothing from the request becomes SQL text**: values are bound parameters; table and
//!   column names come only from the [`Table`], quoted.
//!
//! Records whose fields do not fit their columns are refused when loaded (a
//! [`SqlError::Record`] naming the record and field): a value of another type than the
//! schema's (text in an integer field, say, which memory would compare by its own kind), text
//! with U+0000, NaN, an integer above `i64::MAX` no float holds, a date-time outside years
//! 0000–9999, or text that is not a date-time in a date-time field. Sort keys take any value;
//! an untyped field takes any value but text with U+0000 and an integer above `i64::MAX` no
//! float holds; a record's sub-fields of wildcard parents may take up to 1 MiB of path text
//! (each stored value repeats its path, so a deep chain of long keys would otherwise multiply
//! the record's size).
//!
//! # A table of your own
//!
//! [`Table::new`] maps an existing table: a sequence column (the stored order), a record
//! column (JSON text, or PostgreSQL `json`/`jsonb`), and [`Columns`] per field and
//! [`SortColumn`]s per sort key. [`translate`] then gives the statement, and
//! [`Store::with_table`] runs it. What stays exact depends on the columns:
//!
//! * without a folded column, a case-insensitive field is folded by SQL's `lower()`, which
//!   differs from Unicode lowercase mapping (SQLite folds ASCII only; PostgreSQL by the
//!   database's locale): keep a folded column filled with the same folding where you can;
//! * numbers are exact with an integer column, a float column or both, as above; a `numeric`
//!   column is not supported;
//! * date-times must be the text above (a generated column can make it from a timestamp);
//! * [`SortColumn::Text`] and [`SortColumn::Value`] order by the column's SQL order (nulls last
//!   ascending), not by the kinds of [`compare_for_sort`](crate::value::compare_for_sort): text that
//!   reads as a date-time sorts as text;
//! * stored text with U+0000 (SQLite allows it) is not matched by `co`/`sw` past the U+0000.
//!
//! ```
//! use sailpoint_filters::{CollectionQuery, FieldPath, FieldType, Op, Schema};
//! use sailpoint_filters::sql::{Columns, Dialect, SortColumn, Table, translate};
//!
//! let schema = Schema::new("accounts").with_field("name", FieldType::String, [Op::Eq, Op::Sw]).with_sortable(["name"]);
//! let table = Table::new("accounts", "id", "doc")
//!     .with_field(FieldPath::new("name")?, Columns::Text { column: "name".into(), folded: None })
//!     .with_sort(FieldPath::new("name")?, vec![SortColumn::Text("name".into())]);
//! let query = CollectionQuery::from_query_string_for("filters=name+sw+%22a_b%22&sorters=name", &schema, &Default::default())?;
//! let statement = translate(&query, &table, Dialect::Postgres)?;
//! assert!(statement.sql.contains(r#"(LOWER("t"."name") COLLATE "C") LIKE $1 ESCAPE E'\\'"#), "{}", statement.sql);
//! assert_eq!(statement.params[0], sailpoint_filters::sql::Param::Text(r"a\_b%".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod encode;
mod mapping;
mod store;
mod translate;

use std::fmt;

use crate::check::CheckedQuery;

pub use mapping::{Columns, SortColumn, Table, UntypedColumns};
pub use store::{Store, StoreOptions};

/// The SQL dialect a statement is written in.
///
/// ```
/// use sailpoint_filters::sql::Dialect;
/// assert_eq!(Dialect::Postgres.to_string(), "PostgreSQL");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// SQLite (3.35 or later).
    Sqlite,
    /// PostgreSQL (12 or later).
    Postgres,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        })
    }
}

/// One SQL statement and its bound parameters.
///
/// Its rows have two columns: `total`, the number of records that match (the same in every
/// row), and `record`, the JSON of a record of the page, in order; a page with no records is
/// one row whose `record` is null.
///
/// ```
/// use sailpoint_filters::sql::{Dialect, Param, Table, translate};
/// use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
///
/// let schema = Schema::new("x").with_field("n", FieldType::Number, [Op::Gt]);
/// let query = CollectionQuery::from_query_string_for("filters=n+gt+2.5&limit=10", &schema, &Default::default())?;
/// let statement = translate(&query, &Table::for_schema(&schema)?, Dialect::Sqlite)?;
/// // `n gt 2.5` on whole numbers is `n > 2`; on other numbers `n__float > 2.5`.
/// assert_eq!(&statement.params[..2], [Param::Int(2), Param::Float(2.5)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The SQL text: `?` placeholders for SQLite, `$1`… for PostgreSQL.
    pub sql: String,
    /// The values of the placeholders, in order.
    pub params: Vec<Param>,
}

/// A bound parameter's value.
///
/// ```
/// use sailpoint_filters::sql::Param;
/// assert_eq!(Param::from("x"), Param::Text("x".into()));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Param {
    /// A boolean (SQLite: 0 or 1).
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes (sort keys).
    Bytes(Vec<u8>),
}

impl From<&str> for Param {
    fn from(text: &str) -> Param {
        Param::Text(text.to_owned())
    }
}

/// Translates a checked query into one statement over `table` in `dialect` (SPEC §10): the
/// filter as a two-valued `WHERE`, the sorters as `ORDER BY` with the sequence last, the page
/// as `LIMIT`/`OFFSET`, joined with the count of all matches.
///
/// Fails when the table has no columns for a field or sort key the query names, when columns
/// do not fit a field's values, or for an untyped field mapped to columns of a type
/// ([`SqlError::UntypedField`]).
///
/// ```
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// use sailpoint_filters::sql::{Dialect, Param, Table, translate};
/// use sailpoint_filters::CollectionQuery;
///
/// let schema = RoleMiningSessions::schema();
/// let query = CollectionQuery::from_query_string_for(
///     "filters=name+sw+%22100%25+sure%22&sorters=-createdDate",
///     schema,
///     &Default::default(),
/// )?;
/// let statement = translate(&query, &Table::for_schema(schema)?, Dialect::Sqlite)?;
/// assert!(statement.sql.contains(r#""t"."name__fold" LIKE ? ESCAPE '\'"#));
/// assert!(statement.sql.contains(r#"ORDER BY "t"."createdDate__sort" DESC, "t"."seq" ASC"#));
/// assert_eq!(statement.params[0], Param::Text(r"100\% sure%".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A query that was not checked is no input:
///
/// ```compile_fail
/// use sailpoint_filters::CollectionQuery;
/// use sailpoint_filters::sql::{Dialect, Table, translate};
/// let query = CollectionQuery::from_query_string("filters=a+eq+1").unwrap();
/// let table = Table::for_schema(&sailpoint_filters::Schema::new("x")).unwrap();
/// let _ = translate(&query, &table, Dialect::Sqlite); // expected `&CheckedQuery`
/// ```
pub fn translate(
    query: &CheckedQuery,
    table: &Table,
    dialect: Dialect,
) -> Result<Statement, SqlError> {
    translate::translate(query, None, table, dialect)
}

/// What can go wrong translating a query, or storing and querying records.
///
/// ```
/// use sailpoint_filters::sql::{Dialect, SqlError, Table, translate};
/// use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
///
/// // A table made for one schema, asked a query of another that filters on `owner`.
/// let table = Table::for_schema(&Schema::new("x"))?;
/// let other = Schema::new("x").with_field("owner", FieldType::String, [Op::Eq]);
/// let query = CollectionQuery::from_query_string_for("filters=owner+eq+%22a%22", &other, &Default::default())?;
/// let err = translate(&query, &table, Dialect::Sqlite).unwrap_err();
/// assert!(matches!(&err, SqlError::UnmappedField { field, .. } if field == "owner"));
/// assert_eq!(err.to_string(), "the table has no columns for the field `owner`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SqlError {
    /// The query names a field the table maps no columns for.
    #[error("the table has no columns for the field `{field}`")]
    #[non_exhaustive]
    UnmappedField {
        /// The field.
        field: String,
    },
    /// The query sorts by a key the table maps no columns for.
    #[error("the table has no sort columns for `{key}`")]
    #[non_exhaustive]
    UnmappedSortKey {
        /// The sort key.
        key: String,
    },
    /// A sort key orders by more or fewer fields than the table has columns for it.
    #[error("`{key}` sorts by {fields} fields but the table has {columns} sort columns for it")]
    #[non_exhaustive]
    SortColumnsDoNotFit {
        /// The sort key.
        key: String,
        /// The fields it sorts by.
        fields: usize,
        /// The columns the table has.
        columns: usize,
    },
    /// A field's columns cannot hold the values the query compares it with.
    #[error("the {columns} columns of `{field}` cannot be compared with {value}")]
    #[non_exhaustive]
    ColumnsDoNotFit {
        /// The field.
        field: String,
        /// What the columns hold.
        columns: &'static str,
        /// The value.
        value: String,
    },
    /// A field of unknown type mapped to typed columns: only untyped columns
    /// ([`Columns::Untyped`]) compare its values, whatever their kinds, as memory does.
    #[error(
        "the field `{field}` has no type: only untyped columns (Columns::Untyped) hold its values"
    )]
    #[non_exhaustive]
    UntypedField {
        /// The field.
        field: String,
    },
    /// A schema that takes any field ([`Schema::open`](crate::Schema::open)): no table has
    /// columns for fields nobody listed.
    #[error(
        "the schema of `{endpoint}` takes fields nobody listed, which no table has columns for: list the fields"
    )]
    #[non_exhaustive]
    OpenSchema {
        /// The schema's endpoint.
        endpoint: String,
    },
    /// A record cannot be stored exactly.
    #[error("record {index}: `{field}` {reason}")]
    #[non_exhaustive]
    Record {
        /// The record's position in what was loaded.
        index: usize,
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// The record type cannot read a field of the table.
    #[error("records of this type have no field `{field}`")]
    #[non_exhaustive]
    UnreadableField {
        /// The field.
        field: String,
    },
    /// Only the library's own table can be created and loaded.
    #[error("the table `{table}` is not the library's own layout: it cannot be created or loaded")]
    #[non_exhaustive]
    NotOwnTable {
        /// The table.
        table: String,
    },
    /// A database URL the store cannot open.
    #[error("cannot open `{url}`: {reason}")]
    #[non_exhaustive]
    Url {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A load that must not replace records found the table holding some
    /// ([`Store::fill`]).
    #[error("the table `{table}` already holds {rows} records")]
    NotEmpty {
        /// The table.
        table: String,
        /// How many records it holds.
        rows: u64,
    },
    /// Another writer was changing the table and did not finish within the connect timeout.
    #[error("another load or change of the table `{table}` is under way")]
    Busy {
        /// The table.
        table: String,
    },
    /// The table the store queries is not in the database.
    #[error("the database has no table `{table}`")]
    NoTable {
        /// The table.
        table: String,
    },
    /// The table lacks a table or column of the library's layout.
    #[error(
        "the table `{table}` is not laid out as this version of the library reads it: {reason}"
    )]
    TableLayout {
        /// The table.
        table: String,
        /// What the database said.
        reason: String,
    },
    /// `sqlite:PATH` names no file, and the store was not to make one.
    #[error("there is no SQLite database at `{path}`")]
    NoFile {
        /// The path.
        path: String,
    },
    /// No connection to the database could be made (within the connect timeout).
    #[error("the database is unavailable: {reason}")]
    Unavailable {
        /// Why the last attempt failed.
        reason: String,
    },
    /// Every connection of the pool stayed busy for the connect timeout.
    #[error("no connection to the database came free within {}", seconds(.waited))]
    PoolTimeout {
        /// How long the query waited.
        waited: std::time::Duration,
    },
    /// A statement ran longer than the statement timeout, and was stopped.
    #[error("the statement took longer than {} and was stopped", seconds(.after))]
    Timeout {
        /// The timeout.
        after: std::time::Duration,
    },
    /// A record could not be written or read as JSON.
    #[error("a record's JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// SQLite refused.
    #[error("SQLite: {}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused.
    #[cfg(feature = "postgres")]
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    /// Something the library did not expect of the database.
    #[error("{reason}")]
    #[non_exhaustive]
    Unexpected {
        /// What.
        reason: String,
    },
}

impl SqlError {
    /// Whether the database could not answer now, though it may later: no connection
    /// ([`SqlError::is_disconnected`]), every connection busy, a statement timeout, a
    /// server starting up or with too many clients. An HTTP server answers `503` for these.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sailpoint_filters::sql::SqlError;
    /// assert!(SqlError::Timeout { after: Duration::from_secs(30) }.is_unavailable());
    /// assert!(!SqlError::NoTable { table: "x".into() }.is_unavailable());
    /// ```
    pub fn is_unavailable(&self) -> bool {
        match self {
            SqlError::PoolTimeout { .. } | SqlError::Timeout { .. } => true,
            #[cfg(feature = "postgres")]
            SqlError::Postgres(e) => {
                self.is_disconnected()
                    || e.code().is_some_and(|code| {
                        [
                            &postgres::error::SqlState::TOO_MANY_CONNECTIONS,
                            &postgres::error::SqlState::QUERY_CANCELED,
                        ]
                        .contains(&code)
                    })
            }
            _ => self.is_disconnected(),
        }
    }

    /// Whether there is no connection to the database: none could be made, or the one a
    /// statement ran on was lost (the server shut down or restarted, the network failed).
    ///
    /// ```
    /// use sailpoint_filters::sql::SqlError;
    /// assert!(SqlError::Unavailable { reason: "connection refused".into() }.is_disconnected());
    /// ```
    pub fn is_disconnected(&self) -> bool {
        match self {
            SqlError::Unavailable { .. } => true,
            #[cfg(feature = "postgres")]
            SqlError::Postgres(e) => postgres_lost(e),
            _ => false,
        }
    }

    /// Whether a statement failed because its connection was lost (so another connection
    /// may run it).
    #[cfg(feature = "postgres")]
    pub(crate) fn is_connection_lost(&self) -> bool {
        matches!(self, SqlError::Postgres(e) if postgres_lost(e))
    }
}

/// Whether a PostgreSQL error means the connection is gone: closed, an I/O error, a
/// connection exception, or the server shutting down or starting up.
#[cfg(feature = "postgres")]
fn postgres_lost(err: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    if err.is_closed() {
        return true;
    }
    if let Some(code) = err.code() {
        return code.code().starts_with("08")
            || [
                &SqlState::ADMIN_SHUTDOWN,
                &SqlState::CRASH_SHUTDOWN,
                &SqlState::CANNOT_CONNECT_NOW,
            ]
            .contains(&code);
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// PostgreSQL's message: for an error of the server, its severity, code, message, detail
/// and hint (and what to do for a missing database or a refused login); for others, the
/// client's message and its causes.
#[cfg(feature = "postgres")]
pub(crate) fn postgres_message(err: &postgres::Error) -> String {
    use postgres::error::SqlState;
    if let Some(db) = err.as_db_error() {
        let code = db.code();
        let mut text = format!("{} {}: {}", db.severity(), code.code(), db.message());
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = db.hint() {
            text.push_str(&format!(" (hint: {hint})"));
        }
        if *code == SqlState::INVALID_CATALOG_NAME {
            text.push_str(" (create it with CREATE DATABASE, or name another database in the URL)");
        } else if [
            &SqlState::INVALID_PASSWORD,
            &SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
        ]
        .contains(&code)
        {
            text.push_str(" (check the user and password of the URL)");
        }
        return text;
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// A duration in seconds, as the messages show it: `5 s`, `0.25 s`.
fn seconds(duration: &std::time::Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// SQLite's message, without the statement's text (which can be long).
fn sqlite_message(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqlInputError { msg, offset, .. } => {
            format!("{msg} (at byte {offset} of the statement)")
        }
        other => other.to_string(),
    }
}
