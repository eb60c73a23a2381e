//! `--db URL`: `spfilter query` and `spfilter serve` answered by an SQL store
//! (`sqlite:PATH`, `sqlite::memory:`, `postgres://…`) instead of sessions in memory.
//!
//! With `--data FILE` the sessions are loaded first, in one transaction that swaps the new
//! table in: into a missing or empty table, or with `--replace` over one that holds records.
//! Without it, the table already in the database is checked and queried; a database without
//! it, or a missing SQLite file, is refused before anything is served. Either way the output
//! is what the in-memory path prints for the same sessions and query.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::{SqlError, Store, StoreOptions};
use sailpoint_filters::{CheckedQuery, CollectionQuery, Page, QueryOptions};

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

/// The store of `settings.url` for role mining sessions, ready to answer: with `data`, the
/// sessions of that file loaded into it; without, its table checked.
pub(crate) fn open(settings: &DbSettings, data: Option<&Path>) -> Result<Store, String> {
    let url = redacted(&settings.url);
    // A missing SQLite file is made only to load sessions into.
    let options = settings.options.clone().with_create_file(data.is_some());
    let mut store = Store::open_with(&settings.url, RoleMiningSessions::schema(), &options)
        .map_err(|e| match e {
            SqlError::Url { .. } => e.to_string(),
            SqlError::NoFile { .. } => format!(
                "cannot open `{url}`: {e}: give --data FILE to make one with the sessions of FILE"
            ),
            e => format!("cannot open `{url}`: {e}"),
        })?;
    match data {
        Some(path) => {
            let sessions = commands::load_sessions(Some(path))?;
            let loaded = if settings.replace {
                store.replace(&sessions)
            } else {
                store.fill(&sessions)
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
            SqlError::NoTable { .. } => format!(
                "cannot use `{url}`: {e}: load role mining sessions into it first, with \
                 --data FILE (spfilter query --db URL --data sessions.json)"
            ),
            e => format!("cannot use `{url}`: {e}"),
        })?,
    }
    Ok(store)
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
            let page = run(&store, &query)
                .map_err(|e| format!("the database cannot answer the query: {e}"))?;
            Ok((page, query.count()))
        });
    match page {
        Ok((page, count)) => commands::print_page(&page, count),
        Err(message) => commands::print_or_fail(Err::<&str, _>(message)),
    }
}

fn run(store: &Store, query: &CheckedQuery) -> Result<Page<RoleMiningSession>, SqlError> {
    store.run::<RoleMiningSession>(query)
}

/// The store `spfilter serve` answers from, and whether the database is reachable — so
/// that an outage is logged once when it begins and once when it ends.
pub(crate) struct Database {
    store: Store,
    down: AtomicBool,
    since: Mutex<Option<Instant>>,
}

impl Database {
    pub(crate) fn new(store: Store) -> Database {
        Database {
            store,
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
                "spfilter serve: {cause}; requests for the sessions get 503 until it answers again"
            );
        }
    }
}

/// `spfilter serve --db URL`: the page of a request, answered by the store on a blocking
/// thread (the store's connections are synchronous; queries run in parallel, one per
/// connection of its pool), as the in-memory fake answers it. A database that cannot answer
/// now gets `503` in SailPoint's error shape.
pub(crate) async fn respond(db: Arc<Database>, query: CheckedQuery) -> axum::response::Response {
    use axum::response::IntoResponse;
    use sailpoint_filters::diag::ErrorBody;
    use sailpoint_filters::http::page_response;

    let database = Arc::clone(&db);
    let answer = tokio::task::spawn_blocking(move || {
        let page = run(&database.store, &query);
        (page, query.count())
    })
    .await;
    match answer {
        Ok((Ok(page), count)) => {
            db.up();
            page_response(&page, count)
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
