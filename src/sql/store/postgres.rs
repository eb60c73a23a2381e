//! The store on PostgreSQL: a pool of connections of the store's own (tokio-postgres on a
//! runtime of each connection's, so that connecting and every statement have a deadline),
//! or one synchronous `postgres` client of your own.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use postgres::types::ToSql;
use serde::Serialize;
use tokio_postgres::config::Host;
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use crate::value::Record;

use super::super::{Param, SqlError, Statement};
use super::rows::{Cell, Kind, Reader};
use super::{Dialect, Existing, StoreOptions, Target, ddl};

/// Most parameters in one `INSERT` (PostgreSQL's limit is 65,535).
const MAX_PARAMS: usize = 30_000;
/// A pooled connection unused for this long is pinged before it is handed out: after a
/// server restart, idle connections are closed without the client noticing.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// What the store runs statements on: its own connections, or a client of yours.
pub(super) trait Exec {
    /// Runs statements without parameters.
    fn batch(&mut self, sql: &str) -> Result<(), SqlError>;
    /// Runs a statement with parameters; its rows.
    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, SqlError>;
    /// Whether statements have the statement timeout's deadline (loads have none).
    fn limit_statements(&mut self, _limited: bool) {}
}

impl Exec for postgres::Client {
    fn batch(&mut self, sql: &str) -> Result<(), SqlError> {
        Ok(self.batch_execute(sql)?)
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, SqlError> {
        Ok(postgres::Client::query(self, sql, params)?)
    }
}

/// A connection of the pool: a tokio-postgres client driven by a runtime of its own.
pub(super) struct Conn {
    runtime: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
    /// How long a statement may take before the connection gives up on it (and is dropped):
    /// the statement timeout, plus the connect timeout for the network.
    deadline: Option<Duration>,
    /// The deadline of queries (`deadline` is `None` during a load).
    query_deadline: Option<Duration>,
    connect_timeout: Duration,
    broken: bool,
    used: Instant,
}

impl Conn {
    fn connect(server: &Server) -> Result<Conn, SqlError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SqlError::Unexpected {
                reason: format!("cannot start the PostgreSQL client's runtime: {e}"),
            })?;
        let timeout = server.connect_timeout;
        // Timers are made inside the runtime.
        let connecting =
            async { tokio::time::timeout(timeout, server.config.connect(NoTls)).await };
        let (client, connection) = match runtime.block_on(connecting) {
            Ok(connected) => connected?,
            Err(_) => {
                return Err(SqlError::Unavailable {
                    reason: format!(
                        "PostgreSQL at {} did not answer within {}: is a PostgreSQL server listening there?",
                        server.address,
                        seconds(timeout)
                    ),
                });
            }
        };
        runtime.spawn(connection);
        let mut conn = Conn {
            runtime,
            client,
            deadline: None,
            query_deadline: None,
            connect_timeout: timeout,
            broken: false,
            used: Instant::now(),
        };
        if let Some(statement_timeout) = server.statement_timeout {
            conn.deadline = Some(timeout);
            conn.batch(&format!(
                "SET statement_timeout = {}",
                statement_timeout.as_millis().max(1)
            ))?;
            conn.deadline = Some(statement_timeout + timeout);
            conn.query_deadline = conn.deadline;
        }
        Ok(conn)
    }

    /// Notes the use of the connection: one that missed its deadline, or was lost, is
    /// broken.
    fn note<T>(&mut self, result: Result<T, SqlError>) -> Result<T, SqlError> {
        self.used = Instant::now();
        if let Err(e) = &result
            && (matches!(e, SqlError::Timeout { .. }) || e.is_connection_lost())
        {
            self.broken = true;
        }
        result
    }

    fn is_usable(&self) -> bool {
        !self.broken && !self.client.is_closed()
    }
}

/// Waits for `f` on `runtime`, until the deadline if there is one.
fn block<T>(
    runtime: &tokio::runtime::Runtime,
    deadline: Option<Duration>,
    f: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, SqlError> {
    match deadline {
        None => runtime.block_on(f).map_err(SqlError::from),
        Some(after) => match runtime.block_on(async { tokio::time::timeout(after, f).await }) {
            Ok(result) => result.map_err(SqlError::from),
            Err(_) => Err(SqlError::Timeout { after }),
        },
    }
}

impl Exec for Conn {
    fn batch(&mut self, sql: &str) -> Result<(), SqlError> {
        let result = block(&self.runtime, self.deadline, self.client.batch_execute(sql));
        self.note(result)
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, SqlError> {
        let result = block(&self.runtime, self.deadline, self.client.query(sql, params));
        self.note(result)
    }

    fn limit_statements(&mut self, limited: bool) {
        self.deadline = if limited { self.query_deadline } else { None };
    }
}

/// The pool's connection manager.
pub(super) struct Server {
    config: tokio_postgres::Config,
    /// Where the server is, for messages: `host:port`, or the socket's directory.
    address: String,
    connect_timeout: Duration,
    statement_timeout: Option<Duration>,
    /// Why the last attempt to connect failed, until one succeeds.
    failure: Arc<Mutex<Option<String>>>,
}

impl r2d2::ManageConnection for Server {
    type Connection = Conn;
    type Error = SqlError;

    fn connect(&self) -> Result<Conn, SqlError> {
        let connected = Conn::connect(self);
        *self.failure.lock().unwrap_or_else(|e| e.into_inner()) =
            connected.as_ref().err().map(ToString::to_string);
        connected
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), SqlError> {
        if !conn.is_usable() {
            return Err(SqlError::Unavailable {
                reason: "the connection was closed".into(),
            });
        }
        if conn.used.elapsed() >= PING_AFTER_IDLE {
            let ping = block(
                &conn.runtime,
                Some(conn.connect_timeout),
                conn.client.batch_execute(""),
            );
            conn.note(ping)?;
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        !conn.is_usable()
    }
}

/// PostgreSQL connections: a pool, or one client of yours behind a lock.
pub(super) enum Postgres {
    One(Box<Mutex<postgres::Client>>),
    Pool {
        pool: r2d2::Pool<Server>,
        failure: Arc<Mutex<Option<String>>>,
        wait: Duration,
        size: u32,
    },
}

impl Postgres {
    /// A client of your own.
    pub(super) fn client(client: postgres::Client) -> Postgres {
        Postgres::One(Box::new(Mutex::new(client)))
    }

    /// A pool of connections to the server of `url` (a libpq URL or key=value string). One
    /// connection is made now, so that what is wrong — no server, no such database, the
    /// password — is said at once.
    pub(super) fn open(url: &str, options: &StoreOptions) -> Result<Postgres, SqlError> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| SqlError::Url {
            url: url.to_owned(),
            reason: super::super::postgres_message(&e),
        })?;
        let connect_timeout = config
            .get_connect_timeout()
            .copied()
            .unwrap_or(options.connect_timeout);
        config.connect_timeout(connect_timeout);
        let failure = Arc::new(Mutex::new(None));
        let server = Server {
            address: address(&config),
            config,
            connect_timeout,
            statement_timeout: options.statement_timeout,
            failure: Arc::clone(&failure),
        };
        drop(Conn::connect(&server)?);
        let size = options.max_connections.max(1);
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(connect_timeout)
            .test_on_check_out(true)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(server);
        Ok(Postgres::Pool {
            pool,
            failure,
            wait: connect_timeout,
            size,
        })
    }

    /// Runs `f` on a connection.
    fn with<T>(&self, f: impl FnOnce(&mut dyn Exec) -> Result<T, SqlError>) -> Result<T, SqlError> {
        match self {
            Postgres::One(client) => {
                let mut client = client.lock().unwrap_or_else(|e| e.into_inner());
                f(&mut *client)
            }
            Postgres::Pool {
                pool,
                failure,
                wait,
                ..
            } => {
                let mut conn = pool.get_timeout(*wait).map_err(|_| {
                    match failure.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                        Some(reason) => SqlError::Unavailable { reason },
                        None => SqlError::PoolTimeout { waited: *wait },
                    }
                })?;
                f(&mut *conn)
            }
        }
    }

    /// Runs `f`, which only reads, again on another connection while the one it had was
    /// lost (after a server restart every pooled connection is): once per pooled connection.
    fn read<T>(&self, f: impl Fn(&mut dyn Exec) -> Result<T, SqlError>) -> Result<T, SqlError> {
        let tries = match self {
            Postgres::One(_) => 1,
            Postgres::Pool { size, .. } => size + 1,
        };
        let mut result = self.with(&f);
        for _ in 1..tries {
            match &result {
                Err(e) if e.is_connection_lost() => result = self.with(&f),
                _ => break,
            }
        }
        result
    }

    /// Runs `f` in a transaction that holds the table's advisory lock: a second writer waits
    /// for the first up to the connect timeout, then gets [`SqlError::Busy`].
    fn write<T>(
        &self,
        table: &str,
        f: impl FnOnce(&mut dyn Exec) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        let wait = match self {
            Postgres::One(_) => None,
            Postgres::Pool { wait, .. } => Some(*wait),
        };
        self.with(|db| {
            db.limit_statements(false);
            let result = db.batch("BEGIN").and_then(|()| {
                match locked(db, table, wait).and_then(|()| f(db)) {
                    Ok(value) => db.batch("COMMIT").map(|()| value),
                    Err(e) => {
                        // A lost connection rolls back by itself.
                        let _ = db.batch("ROLLBACK");
                        Err(e)
                    }
                }
            });
            db.limit_statements(true);
            result
        })
    }

    /// Runs statements in one write transaction.
    pub(super) fn batch(&self, table: &str, statements: &[String]) -> Result<(), SqlError> {
        self.write(table, |db| batch(db, statements))
    }

    /// The number a `SELECT COUNT(*)` gives.
    pub(super) fn count(&self, sql: &str) -> Result<u64, SqlError> {
        self.read(|db| count(db, sql))
    }

    /// Whether a table (or view) of that name is on the search path.
    pub(super) fn exists(&self, name: &str) -> Result<bool, SqlError> {
        self.read(|db| exists(db, name))
    }

    /// Runs statements that read nothing, to see that they can run.
    pub(super) fn probe(&self, statements: &[String]) -> Result<(), SqlError> {
        self.read(|db| {
            for statement in statements {
                db.query(statement, &[])?;
            }
            Ok(())
        })
    }

    /// Adds records after those stored, in one transaction.
    pub(super) fn append<R: Record + Serialize>(
        &self,
        target: &Target<'_>,
        reader: &Reader<'_, R>,
        records: &[R],
    ) -> Result<usize, SqlError> {
        let (table, seq) = (target.table.name(), target.table.seq());
        self.write(table, |db| {
            let last: Option<i64> = db
                .query(&ddl::last_seq_sql(table, seq, Dialect::Postgres), &[])?
                .first()
                .and_then(|row| row.get(0));
            insert(db, target, reader, records, last.map_or(0, |n| n + 1))?;
            batch(db, &ddl::analyze_statements(target.table, target.layout))?;
            Ok(records.len())
        })
    }

    /// Makes the table hold exactly `records`, in one transaction: the new tables are built
    /// beside the old ones under the `staged` names, then the old ones dropped and the new
    /// ones renamed. Readers see the old table until the transaction commits (they wait only
    /// for the drop and renames), and a failure or a kill at any point leaves it whole.
    pub(super) fn replace<R: Record + Serialize>(
        &self,
        target: &Target<'_>,
        staged: &Target<'_>,
        reader: &Reader<'_, R>,
        records: &[R],
        existing: Existing,
    ) -> Result<usize, SqlError> {
        let table = target.table.name();
        self.write(table, |db| {
            if existing == Existing::Refuse && exists(db, table)? {
                let rows = count(db, &ddl::count_sql(table, Dialect::Postgres))?;
                if rows > 0 {
                    return Err(SqlError::NotEmpty {
                        table: table.to_owned(),
                        rows,
                    });
                }
            }
            let (new, layout) = (staged.table, staged.layout);
            batch(db, &ddl::drop_statements(new, layout, Dialect::Postgres))?;
            batch(db, &ddl::table_statements(new, layout, Dialect::Postgres))?;
            insert(db, staged, reader, records, 0)?;
            batch(db, &ddl::index_statements(new, layout, Dialect::Postgres))?;
            // Statistics follow a table when it is renamed.
            batch(db, &ddl::analyze_statements(new, layout))?;
            let old = target.layout;
            batch(
                db,
                &ddl::drop_statements(target.table, old, Dialect::Postgres),
            )?;
            batch(
                db,
                &ddl::rename_statements((new, layout), (target.table, old)),
            )?;
            Ok(records.len())
        })
    }

    /// Runs a translated statement: the total, and the page's records' JSON.
    pub(super) fn run(&self, statement: &Statement) -> Result<(i64, Vec<String>), SqlError> {
        let bound: Vec<Bound> = statement.params.iter().map(param).collect();
        self.read(|db| {
            let rows = db.query(&statement.sql, &refs(&bound))?;
            let (mut total, mut records) = (0, Vec::new());
            for row in rows {
                total = row.try_get(0)?;
                if let Some(record) = row.try_get::<_, Option<String>>(1)? {
                    records.push(record);
                }
            }
            Ok((total, records))
        })
    }
}

/// Takes the advisory lock of `table` for the transaction, waiting up to `wait` (or for
/// ever); the transaction's statements have no statement timeout (building the indexes of a
/// large table takes a while).
fn locked(db: &mut dyn Exec, table: &str, wait: Option<Duration>) -> Result<(), SqlError> {
    db.batch("SET LOCAL statement_timeout = 0")?;
    if let Some(wait) = wait {
        db.batch(&format!(
            "SET LOCAL lock_timeout = {}",
            wait.as_millis().max(1)
        ))?;
    }
    let key = ddl::lock_key(table);
    match db.query("SELECT pg_advisory_xact_lock($1)", &[&key]) {
        Err(SqlError::Postgres(e)) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
            Err(SqlError::Busy {
                table: table.to_owned(),
            })
        }
        Err(e) => Err(e),
        Ok(_) => db.batch("SET LOCAL lock_timeout = DEFAULT"),
    }
}

fn batch(db: &mut dyn Exec, statements: &[String]) -> Result<(), SqlError> {
    for statement in statements {
        db.batch(statement)?;
    }
    Ok(())
}

fn count(db: &mut dyn Exec, sql: &str) -> Result<u64, SqlError> {
    let rows = db.query(sql, &[])?;
    let n: i64 = rows.first().map_or(Ok(0), |row| row.try_get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn exists(db: &mut dyn Exec, name: &str) -> Result<bool, SqlError> {
    let quoted = ddl::quoted(name);
    let rows = db.query("SELECT to_regclass($1::text) IS NOT NULL", &[&quoted])?;
    Ok(rows.first().map_or(Ok(false), |row| row.try_get(0))?)
}

/// Where the server of `config` is: `host:port`, or the directory of its socket.
fn address(config: &tokio_postgres::Config) -> String {
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_hosts().first() {
        Some(Host::Tcp(host)) => format!("{host}:{port}"),
        #[cfg(unix)]
        Some(Host::Unix(dir)) => format!("the socket in {} (port {port})", dir.display()),
        None => format!("localhost:{port}"),
    }
}

/// A duration as a number of seconds: `5 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// A value to bind, typed as its column.
type Bound = Box<dyn ToSql + Sync>;

fn cell(cell: Cell) -> Bound {
    match cell {
        Cell::Null(Kind::Bool) => Box::new(None::<bool>),
        Cell::Null(Kind::Int) => Box::new(None::<i64>),
        Cell::Null(Kind::Float) => Box::new(None::<f64>),
        Cell::Null(Kind::Text) => Box::new(None::<String>),
        Cell::Null(Kind::Bytes) => Box::new(None::<Vec<u8>>),
        Cell::Bool(b) => Box::new(b),
        Cell::Int(i) => Box::new(i),
        Cell::Float(f) => Box::new(f),
        Cell::Text(s) => Box::new(s),
        Cell::Bytes(b) => Box::new(b),
    }
}

fn param(param: &Param) -> Bound {
    match param {
        Param::Bool(b) => Box::new(*b),
        Param::Int(i) => Box::new(*i),
        Param::Float(f) => Box::new(*f),
        Param::Text(s) => Box::new(s.clone()),
        Param::Bytes(b) => Box::new(b.clone()),
    }
}

fn refs(bound: &[Bound]) -> Vec<&(dyn ToSql + Sync)> {
    bound
        .iter()
        .map(|b| b.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// Rows waiting to be inserted into one table, in statements of many rows each.
struct Pending {
    table: String,
    columns: Vec<String>,
    cells: Vec<Bound>,
}

impl Pending {
    fn new(table: &str, columns: &[String]) -> Pending {
        Pending {
            table: table.to_owned(),
            columns: columns.to_vec(),
            cells: Vec::new(),
        }
    }

    fn push(&mut self, db: &mut dyn Exec, row: Vec<Cell>) -> Result<(), SqlError> {
        self.cells.extend(row.into_iter().map(cell));
        if self.cells.len() + self.columns.len() > MAX_PARAMS {
            self.flush(db)?;
        }
        Ok(())
    }

    fn flush(&mut self, db: &mut dyn Exec) -> Result<(), SqlError> {
        let rows = self.cells.len() / self.columns.len().max(1);
        if rows > 0 {
            let sql = ddl::insert_sql(&self.table, &self.columns, rows, Dialect::Postgres);
            db.query(&sql, &refs(&self.cells))?;
        }
        self.cells.clear();
        Ok(())
    }
}

/// Inserts the rows of `records`, numbered from `first`.
fn insert<R: Record + Serialize>(
    db: &mut dyn Exec,
    target: &Target<'_>,
    reader: &Reader<'_, R>,
    records: &[R],
    first: i64,
) -> Result<(), SqlError> {
    let layout = target.layout;
    let main_columns: Vec<String> = layout.main.iter().map(|(c, _, _)| c.clone()).collect();
    let mut main = Pending::new(target.table.name(), &main_columns);
    let mut json = Pending::new(&layout.records.0, &layout.records.1);
    let mut children: Vec<Pending> = layout
        .children
        .iter()
        .map(|child| Pending::new(&child.name, &child.column_names()))
        .collect();
    for (index, record) in records.iter().enumerate() {
        let seq = first.saturating_add(index as i64);
        let rows = reader.rows(record, index, seq)?;
        main.push(db, rows.main)?;
        json.push(db, rows.record)?;
        for (child, row) in rows.children {
            if let Some(pending) = children.get_mut(child) {
                pending.push(db, row)?;
            }
        }
    }
    main.flush(db)?;
    json.flush(db)?;
    for pending in &mut children {
        pending.flush(db)?;
    }
    Ok(())
}
