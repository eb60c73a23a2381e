//! `--db URL`: `spfilter query` and `spfilter serve` answered by an SQL store
//! (`sqlite:PATH`, `sqlite::memory:`, `postgres://…`) instead of records in memory: role mining
//! sessions (table `role_mining_sessions`), and the records of catalog operations
//! (`query --endpoint ID`, `serve --fake ID=FILE`: a table named after the operation).
//!
//! With `--data FILE` (or `--fake ID=FILE`) the records are loaded first, in one transaction
//! that swaps the new table in: into a missing or empty table, or with `--replace` over one
//! that holds records. Without it, the table already in the database is checked and queried;
//! a database without it, or a missing SQLite file, is refused before anything is served.
//! Either way the output is what the in-memory path prints for the same records and query.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::catalog::{Api, Operation, OperationQuery};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::{SqlError, Store, StoreOptions, Table};
use sailpoint_filters::{
    CheckedFilter, CheckedQuery, CollectionQuery, Page, QueryOptions, Record, Schema,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::commands;

/// What `--db` and the options beside it ask for.
pub(crate) struct DbSettings {
    /// `--db URL`.
    pub(crate) url: String,
    /// `--replace`: a load may replace the records of a table that holds some.
    pub(crate) replace: bool,
    /// `--db-connect-timeout`, `--db-statement-timeout`, `--db-connections`.
    pub(crate) options: StoreOptions,
}

/// What a store holds, for the messages about it.
pub(crate) struct Holds<'a> {
    /// The records' schema.
    pub(crate) schema: &'a Schema,
    /// What its records are: `sessions`, `listAccountsV1 records`.
    pub(crate) records: String,
    /// The option that loads them: `--data FILE`, `--fake listAccountsV1=FILE`.
    pub(crate) load: String,
    /// How to load them into a database, when its table is missing.
    pub(crate) how_to_load: String,
    /// Their table's name, when it is not the schema's (`Table::for_schema`).
    pub(crate) table: Option<String>,
}

impl Holds<'static> {
    /// Role mining sessions.
    pub(crate) fn sessions() -> Holds<'static> {
        Holds {
            schema: RoleMiningSessions::schema(),
            records: "sessions".into(),
            load: "--data FILE".into(),
            how_to_load: "load role mining sessions into it first, with --data FILE \
                          (spfilter query --db URL --data sessions.json)"
                .into(),
            table: None,
        }
    }

    /// The records of a catalog operation, loaded by `load` (`--data FILE`, `--fake ID=FILE`),
    /// as `example` shows. Their table is named after the operationId, with the API before it
    /// for a versioned API (`listAccountsV1`, `v3_listAccounts`, `beta_listAccounts`): the
    /// same operationId in two APIs names two tables.
    pub(crate) fn operation(
        operation: &'static Operation,
        load: &str,
        example: &str,
    ) -> Holds<'static> {
        let id = operation.operation_id();
        Holds {
            schema: operation.schema(),
            records: format!("{id} records"),
            load: load.to_owned(),
            how_to_load: format!("load the {id} records into it first, with {load} ({example})"),
            table: match operation.api() {
                Api::Services => None,
                api => Some(Table::name_for(&format!("{api}_{id}"))),
            },
        }
    }
}

/// The store of `settings.url` for role mining sessions, ready to answer: with `data`, the
/// sessions of that file loaded into it; without, its table checked.
pub(crate) fn open(settings: &DbSettings, data: Option<&Path>) -> Result<Store, String> {
    let sessions = data
        .map(|path| commands::load_sessions(Some(path)).map(|s| (path, s)))
        .transpose()?;
    let data = sessions.as_ref().map(|(path, s)| (*path, s.as_slice()));
    open_for(settings, &Holds::sessions(), data, data.is_some())
}

/// The store of `settings.url` for the records `holds` says, ready to answer: with `data`,
/// the records of that file loaded into it (all or none); without, its table checked. A
/// missing SQLite file is made only when `create` (something is to be loaded into it).
pub(crate) fn open_for<R: Record + Serialize>(
    settings: &DbSettings,
    holds: &Holds<'_>,
    data: Option<(&Path, &[R])>,
    create: bool,
) -> Result<Store, String> {
    let url = redacted(&settings.url);
    let options = settings.options.clone().with_create_file(create);
    let records = &holds.records;
    let mut store =
        Store::open_with(&settings.url, holds.schema, &options).map_err(|e| match e {
            SqlError::Url { .. } => e.to_string(),
            SqlError::NoFile { .. } => format!(
                "cannot open `{url}`: {e}: give {} to make one with the {records} of FILE",
                holds.load
            ),
            e => format!("cannot open `{url}`: {e}"),
        })?;
    if let Some(name) = &holds.table {
        let table = Table::for_schema_as(holds.schema, name)
            .map_err(|e| format!("cannot use `{url}`: {e}"))?;
        store = store.with_table(table);
    }
    match data {
        Some((path, rows)) => {
            let loaded = if settings.replace {
                store.replace(rows)
            } else {
                store.fill(rows)
            };
            loaded.map_err(|e| match e {
                SqlError::NotEmpty { .. } => format!(
                    "cannot load {} into `{url}`: {e}: pass --replace to replace them",
                    path.display()
                ),
                e => format!("cannot load {} into `{url}`: {e}", path.display()),
            })?;
        }
        None => store.verify().map_err(|e| match e {
            SqlError::NoTable { .. } => {
                format!("cannot use `{url}`: {e}: {}", holds.how_to_load)
            }
            e => format!("cannot use `{url}`: {e}"),
        })?,
    }
    Ok(store)
}

/// Whether the database of `settings.url` has a table of role mining sessions (a missing
/// SQLite file has none).
pub(crate) fn has_sessions(settings: &DbSettings) -> Result<bool, String> {
    let url = redacted(&settings.url);
    let options = settings.options.clone().with_create_file(false);
    match Store::open_with(&settings.url, RoleMiningSessions::schema(), &options) {
        Ok(store) => store
            .exists()
            .map_err(|e| format!("cannot use `{url}`: {e}")),
        Err(SqlError::NoFile { .. }) => Ok(false),
        Err(e @ SqlError::Url { .. }) => Err(e.to_string()),
        Err(e) => Err(format!("cannot open `{url}`: {e}")),
    }
}

/// A URL as messages show it: its password, if any, as `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        _ => url.to_owned(),
    }
}

/// `spfilter query --db URL …`: prints what the in-memory `query` prints.
pub(crate) fn query(
    settings: &DbSettings,
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    options: &QueryOptions,
) -> ExitCode {
    let pairs = commands::param_pairs(params);
    let page = CollectionQuery::from_params_for(pairs, RoleMiningSessions::schema(), options)
        .map_err(|err| err.to_string())
        .and_then(|query| {
            let store = open(settings, data)?;
            let page = store
                .run::<RoleMiningSession>(&query)
                .map_err(|e| format!("the database cannot answer the query: {e}"))?;
            Ok((page, query.count()))
        });
    match page {
        Ok((page, count)) => commands::print_page(&page, count),
        Err(message) => commands::print_or_fail(Err::<&str, _>(message)),
    }
}

/// `spfilter query --endpoint ID --db URL …`: prints what the in-memory `query --endpoint`
/// prints for the same records. With `--data FILE`, its records (checked as the in-memory
/// path checks them) are loaded into the operation's table first.
pub(crate) fn query_endpoint(
    settings: &DbSettings,
    operation: &'static Operation,
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    extra: &[String],
    options: &QueryOptions,
) -> ExitCode {
    let text = match super::catalog_cmds::query_string(operation, params, extra) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let schema = operation.schema();
    let answer = (|| {
        let records = data
            .map(|path| super::catalog_cmds::load_records(path, schema).map(|r| (path, r)))
            .transpose()?;
        // The command line has no URL to keep short.
        let options = options.with_max_length(usize::MAX);
        let query = operation
            .read_query(&text, &options)
            .map_err(|err| err.to_string())?;
        let query = DbQuery::operation(&query)?;
        let data = records.as_ref().map(|(path, r)| (*path, r.as_slice()));
        let id = operation.operation_id();
        let example = format!("spfilter query --endpoint {id} --db URL --data records.json");
        let holds = Holds::operation(operation, "--data FILE", &example);
        let store = open_for(settings, &holds, data, data.is_some())?;
        let page = query
            .run::<serde_json::Value>(&store)
            .map_err(|e| format!("the database cannot answer the query: {e}"))?;
        Ok::<_, String>((page, query.count))
    })();
    match answer {
        Ok((page, count)) => commands::print_page(&page, count),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// What a store answers: a checked query, and what a catalog operation's own parameters add
/// (SPEC §11).
pub(crate) struct DbQuery {
    query: CheckedQuery,
    /// A filter the operation adds with `and` (`defaultFilter`, `add-core-filters`).
    also: Option<CheckedFilter>,
    /// `searchAfter`: the page continues strictly after this record in the sort order.
    after: Option<serde_json::Value>,
    /// `count-only=true`: an empty page, with the count.
    count_only: bool,
    /// Whether the answer reports the count.
    pub(crate) count: bool,
}

impl DbQuery {
    /// The five standard parameters.
    pub(crate) fn plain(query: CheckedQuery) -> DbQuery {
        let count = query.count();
        DbQuery {
            query,
            also: None,
            after: None,
            count_only: false,
            count,
        }
    }

    /// A catalog operation's query, `searchAfter` included.
    pub(crate) fn operation(query: &OperationQuery) -> Result<DbQuery, String> {
        Ok(DbQuery {
            query: query.checked().clone(),
            also: query.added_filter().cloned(),
            after: query.cursor().cloned(),
            count_only: query.is_count_only(),
            count: query.reports_count(),
        })
    }

    /// The page from `store`, records read as `T`.
    pub(crate) fn run<T: DeserializeOwned>(&self, store: &Store) -> Result<Page<T>, SqlError> {
        let mut page = match (&self.after, &self.also) {
            (Some(cursor), also) => store.run_after(&self.query, also.as_ref(), cursor)?,
            (None, Some(filter)) => store.run_and(&self.query, filter)?,
            (None, None) => store.run(&self.query)?,
        };
        if self.count_only {
            page.items.clear();
        }
        Ok(page)
    }
}

/// The store `spfilter serve` answers from, and whether the database is reachable — so
/// that an outage is logged once when it begins and once when it ends.
pub(crate) struct Database {
    store: Store,
    /// What its records are, for the log: `sessions`, `records of listAccountsV1`.
    records: String,
    down: AtomicBool,
    since: Mutex<Option<Instant>>,
}

impl Database {
    pub(crate) fn new(store: Store, records: String) -> Database {
        Database {
            store,
            records,
            down: AtomicBool::new(false),
            since: Mutex::new(None),
        }
    }

    /// Notes an answer: the end of an outage, if there was one.
    fn up(&self) {
        if self.down.swap(false, Ordering::SeqCst) {
            let since = self.since.lock().unwrap_or_else(|e| e.into_inner()).take();
            let seconds = since.map_or(0.0, |since| since.elapsed().as_secs_f64());
            tracing::info!("spfilter serve: the database answers again (after {seconds:.1} s)");
        }
    }

    /// Notes a lost database: the start of an outage, if it is one.
    fn down(&self, cause: &SqlError) {
        if !self.down.swap(true, Ordering::SeqCst) {
            *self.since.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
            tracing::warn!(
                "spfilter serve: {cause}; requests for the {} get 503 until it answers again",
                self.records
            );
        }
    }
}

/// `spfilter serve --db URL`: the page of a request, answered by the store on a blocking
/// thread (the store's connections are synchronous; queries run in parallel, one per
/// connection of its pool) with its records read as `T`, as the in-memory fake answers it. A
/// database that cannot answer now gets `503` in SailPoint's error shape.
pub(crate) async fn respond<T>(
    db: Arc<Database>,
    query: DbQuery,
    respond_with: impl FnOnce(&Page<T>, bool) -> axum::response::Response,
) -> axum::response::Response
where
    T: DeserializeOwned + Serialize + Send + 'static,
{
    use axum::response::IntoResponse;
    use sailpoint_filters::diag::ErrorBody;

    let database = Arc::clone(&db);
    let answer = tokio::task::spawn_blocking(move || {
        let page = query.run::<T>(&database.store);
        (page, query.count)
    })
    .await;
    match answer {
        Ok((Ok(page), count)) => {
            db.up();
            respond_with(&page, count)
        }
        Ok((Err(err), _)) if err.is_unavailable() => {
            if err.is_disconnected() {
                db.down(&err);
            }
            let body = ErrorBody::new(
                "503 Service Unavailable",
                "The service is temporarily unavailable.",
                vec![err.to_string()],
            );
            let mut response = body.into_response();
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
            response
        }
        Ok((Err(err), _)) => {
            db.up();
            ErrorBody::internal_fault(format!("An internal fault occurred: {err}")).into_response()
        }
        Err(err) => {
            ErrorBody::internal_fault(format!("An internal fault occurred: {err}")).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn passwords_are_left_out_of_messages() {
        assert_eq!(
            redacted("postgres://me:s3cret@db:5432/x?sslmode=disable"),
            "postgres://me:***@db:5432/x?sslmode=disable"
        );
        assert_eq!(redacted("postgres://me@db/x"), "postgres://me@db/x");
        assert_eq!(redacted("sqlite:a:b@c.db"), "sqlite:a:b@c.db");
    }
}
