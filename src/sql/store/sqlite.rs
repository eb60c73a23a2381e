//! The store on SQLite (rusqlite, bundled): a file through a pool of connections in WAL mode
//! (readers never wait for each other or for a writer), or one connection (in memory, or a
//! connection of your own).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::types::Value as SqliteValue;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params_from_iter};
use serde::Serialize;

use crate::value::Record;

use super::super::{Param, SqlError, Statement};
use super::rows::{Cell, Reader};
use super::{Dialect, Existing, StoreOptions, Target, ddl};

/// The page cache of a connection while it writes (`PRAGMA cache_size`, negative: KiB).
const WRITE_CACHE_KIB: i64 = -65_536;
/// How many virtual machine steps SQLite takes between two looks at a statement's deadline.
const STEPS_BETWEEN_CHECKS: i32 = 10_000;

/// SQLite connections: one behind a lock, or a pool over a file.
pub(super) enum Sqlite {
    One(Mutex<Connection>),
    Pool {
        pool: r2d2::Pool<File>,
        /// How long to wait for a connection of the pool.
        wait: Duration,
    },
}

/// The pool's connection manager: connections to an existing database file.
pub(super) struct File {
    path: PathBuf,
    busy: Duration,
}

impl r2d2::ManageConnection for File {
    type Connection = Connection;
    type Error = SqlError;

    fn connect(&self) -> Result<Connection, SqlError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags)?;
        connection.busy_timeout(self.busy)?;
        setup(connection)
    }

    fn is_valid(&self, _: &mut Connection) -> Result<(), SqlError> {
        Ok(())
    }

    fn has_broken(&self, _: &mut Connection) -> bool {
        false
    }
}

/// Prepares a connection: `case_sensitive_like` on, so that `LIKE 'prefix%'` can use the
/// (binary) indexes of the folded columns. Exactness does not depend on it: folded text has
/// no ASCII capitals, and case-sensitive tests add `instr`.
fn setup(connection: Connection) -> Result<Connection, SqlError> {
    connection.pragma_update(None, "case_sensitive_like", true)?;
    Ok(connection)
}

impl Sqlite {
    /// A database in memory: one connection (each connection to `:memory:` is a database of
    /// its own).
    pub(super) fn memory() -> Result<Sqlite, SqlError> {
        Sqlite::connection(Connection::open_in_memory()?)
    }

    /// A connection of your own.
    pub(super) fn connection(connection: Connection) -> Result<Sqlite, SqlError> {
        Ok(Sqlite::One(Mutex::new(setup(connection)?)))
    }

    /// The database file at `path` (made when missing only if `options.create_file`), put in
    /// WAL mode, through a pool of connections.
    pub(super) fn file(path: &str, options: &StoreOptions) -> Result<Sqlite, SqlError> {
        let path = Path::new(path);
        if !options.create_file && !path.exists() {
            return Err(SqlError::NoFile {
                path: path.display().to_string(),
            });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.create_file {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let first = Connection::open_with_flags(path, flags)?;
        first.busy_timeout(options.connect_timeout)?;
        // The first read of the file: a file that is not a database fails here. WAL lets
        // readers go on while a load writes, each seeing the table before or after it.
        let _mode: String =
            first.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
        let manager = File {
            path: path.to_owned(),
            busy: options.connect_timeout,
        };
        let pool = r2d2::Pool::builder()
            .max_size(options.max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(options.connect_timeout)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        Ok(Sqlite::Pool {
            pool,
            wait: options.connect_timeout,
        })
    }

    /// Runs `f` on a connection.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        match self {
            Sqlite::One(connection) => {
                let mut connection = connection.lock().unwrap_or_else(|e| e.into_inner());
                f(&mut connection)
            }
            Sqlite::Pool { pool, wait } => {
                let mut connection =
                    pool.get_timeout(*wait)
                        .map_err(|e| match e.to_string().split_once(": ") {
                            Some((_, cause)) => SqlError::Unavailable {
                                reason: cause.to_owned(),
                            },
                            None => SqlError::PoolTimeout { waited: *wait },
                        })?;
                f(&mut connection)
            }
        }
    }

    /// Runs `f` in a write transaction, begun at once (`BEGIN IMMEDIATE`): a second writer
    /// waits for the first up to the busy timeout, then gets [`SqlError::Busy`].
    fn write<T>(
        &self,
        table: &str,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        self.with(|db| {
            // A load writes more pages than the default cache (2 MB) holds; in WAL mode each
            // spill goes to the log.
            let cache: i64 = db.pragma_query_value(None, "cache_size", |row| row.get(0))?;
            db.pragma_update(None, "cache_size", WRITE_CACHE_KIB.min(cache))?;
            let written = write(db, table, f);
            db.pragma_update(None, "cache_size", cache)?;
            written
        })
    }

    /// Runs statements in one write transaction.
    pub(super) fn batch(&self, table: &str, statements: &[String]) -> Result<(), SqlError> {
        self.write(table, |transaction| batch(transaction, statements))
    }

    /// The number a `SELECT COUNT(*)` gives.
    pub(super) fn count(&self, sql: &str) -> Result<u64, SqlError> {
        self.with(|db| count(db, sql))
    }

    /// Whether a table of that name exists.
    pub(super) fn exists(&self, name: &str) -> Result<bool, SqlError> {
        self.with(|db| exists(db, name))
    }

    /// Runs statements that read nothing, to see that they can run.
    pub(super) fn probe(&self, statements: &[String]) -> Result<(), SqlError> {
        self.with(|db| {
            for statement in statements {
                db.prepare(statement)?.query([])?.next()?;
            }
            Ok(())
        })
    }

    /// Adds records after those stored, in one write transaction.
    pub(super) fn append<R: Record + Serialize>(
        &self,
        target: &Target<'_>,
        reader: &Reader<'_, R>,
        records: &[R],
    ) -> Result<usize, SqlError> {
        let (table, seq) = (target.table.name(), target.table.seq());
        self.write(table, |transaction| {
            let last_seq = ddl::last_seq_sql(table, seq, Dialect::Sqlite);
            let last: Option<i64> = transaction.query_row(&last_seq, [], |row| row.get(0))?;
            insert(
                transaction,
                target,
                reader,
                records,
                last.map_or(0, |n| n + 1),
            )?;
            batch(
                transaction,
                &ddl::analyze_statements(target.table, target.layout),
            )?;
            Ok(records.len())
        })
    }

    /// Makes the table hold exactly `records`, in one write transaction: the old tables are
    /// dropped and the new ones made and filled in it, so that readers (in WAL mode) see the
    /// old table until it commits and the new one after, and a failure or a kill at any point
    /// leaves the old table whole.
    pub(super) fn replace<R: Record + Serialize>(
        &self,
        target: &Target<'_>,
        reader: &Reader<'_, R>,
        records: &[R],
        existing: Existing,
    ) -> Result<usize, SqlError> {
        let table = target.table.name();
        self.write(table, |transaction| {
            if existing == Existing::Refuse && exists(transaction, table)? {
                let rows = count(transaction, &ddl::count_sql(table, Dialect::Sqlite))?;
                if rows > 0 {
                    return Err(SqlError::NotEmpty {
                        table: table.to_owned(),
                        rows,
                    });
                }
            }
            let (table, layout) = (target.table, target.layout);
            batch(
                transaction,
                &ddl::drop_statements(table, layout, Dialect::Sqlite),
            )?;
            batch(
                transaction,
                &ddl::table_statements(table, layout, Dialect::Sqlite),
            )?;
            insert(transaction, target, reader, records, 0)?;
            batch(
                transaction,
                &ddl::index_statements(table, layout, Dialect::Sqlite),
            )?;
            batch(transaction, &ddl::analyze_statements(table, layout))?;
            Ok(records.len())
        })
    }

    /// Runs a translated statement: the total, and the page's records' JSON. With a
    /// `timeout`, a statement still running then is interrupted ([`SqlError::Timeout`]).
    pub(super) fn run(
        &self,
        statement: &Statement,
        timeout: Option<Duration>,
    ) -> Result<(i64, Vec<String>), SqlError> {
        self.with(|db| {
            if let Some(timeout) = timeout {
                let deadline = Instant::now() + timeout;
                db.progress_handler(
                    STEPS_BETWEEN_CHECKS,
                    Some(move || Instant::now() >= deadline),
                )?;
            }
            let result = run(db, statement);
            if let Some(after) = timeout {
                db.progress_handler(0, None::<fn() -> bool>)?;
                if let Err(SqlError::Sqlite(e)) = &result
                    && e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted)
                {
                    return Err(SqlError::Timeout { after });
                }
            }
            result
        })
    }
}

/// Runs `f` in a transaction begun at once (`BEGIN IMMEDIATE`).
fn write<T>(
    db: &mut Connection,
    table: &str,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, SqlError>,
) -> Result<T, SqlError> {
    let transaction = db
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => SqlError::Busy {
                table: table.to_owned(),
            },
            _ => SqlError::from(e),
        })?;
    let value = f(&transaction)?;
    transaction.commit()?;
    Ok(value)
}

fn batch(db: &Connection, statements: &[String]) -> Result<(), SqlError> {
    for statement in statements {
        db.execute_batch(statement)?;
    }
    Ok(())
}

fn count(db: &Connection, sql: &str) -> Result<u64, SqlError> {
    let n: i64 = db.query_row(sql, [], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn exists(db: &Connection, name: &str) -> Result<bool, SqlError> {
    let n: i64 = db.query_row(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1",
        [name],
        |row| row.get(0),
    )?;
    Ok(n > 0)
}

fn cell(cell: Cell) -> SqliteValue {
    match cell {
        Cell::Null(_) => SqliteValue::Null,
        Cell::Bool(b) => SqliteValue::Integer(i64::from(b)),
        Cell::Int(i) => SqliteValue::Integer(i),
        Cell::Float(f) => SqliteValue::Real(f),
        Cell::Text(s) => SqliteValue::Text(s),
        Cell::Bytes(b) => SqliteValue::Blob(b),
    }
}

fn param(param: &Param) -> SqliteValue {
    match param {
        Param::Bool(b) => SqliteValue::Integer(i64::from(*b)),
        Param::Int(i) => SqliteValue::Integer(*i),
        Param::Float(f) => SqliteValue::Real(*f),
        Param::Text(s) => SqliteValue::Text(s.clone()),
        Param::Bytes(b) => SqliteValue::Blob(b.clone()),
    }
}

/// Inserts the rows of `records`, numbered from `first`.
fn insert<R: Record + Serialize>(
    db: &Connection,
    target: &Target<'_>,
    reader: &Reader<'_, R>,
    records: &[R],
    first: i64,
) -> Result<(), SqlError> {
    let (table, layout) = (target.table.name(), target.layout);
    let main_columns: Vec<String> = layout.main.iter().map(|(c, _, _)| c.clone()).collect();
    let mut main = db.prepare(&ddl::insert_sql(table, &main_columns, 1, Dialect::Sqlite))?;
    let (records_table, records_columns) = &layout.records;
    let mut json = db.prepare(&ddl::insert_sql(
        records_table,
        records_columns,
        1,
        Dialect::Sqlite,
    ))?;
    let mut children = layout
        .children
        .iter()
        .map(|child| {
            db.prepare(&ddl::insert_sql(
                &child.name,
                &child.column_names(),
                1,
                Dialect::Sqlite,
            ))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (index, record) in records.iter().enumerate() {
        let seq = first.saturating_add(index as i64);
        let rows = reader.rows(record, index, seq)?;
        main.execute(params_from_iter(rows.main.into_iter().map(cell)))?;
        json.execute(params_from_iter(rows.record.into_iter().map(cell)))?;
        for (child, row) in rows.children {
            if let Some(statement) = children.get_mut(child) {
                statement.execute(params_from_iter(row.into_iter().map(cell)))?;
            }
        }
    }
    Ok(())
}

/// Runs a translated statement: the total, and the page's records' JSON.
fn run(db: &Connection, statement: &Statement) -> Result<(i64, Vec<String>), SqlError> {
    let mut prepared = db.prepare_cached(&statement.sql)?;
    let mut rows = prepared.query(params_from_iter(statement.params.iter().map(param)))?;
    let (mut total, mut records) = (0, Vec::new());
    while let Some(row) = rows.next()? {
        total = row.get(0)?;
        if let Some(record) = row.get::<_, Option<String>>(1)? {
            records.push(record);
        }
    }
    Ok((total, records))
}
