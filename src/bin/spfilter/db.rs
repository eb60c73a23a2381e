//! `--db URL`: `spfilter query` and `spfilter serve` answered by an SQL store
//! (`sqlite:PATH`, `sqlite::memory:`, `postgres://…`) instead of sessions in memory.
//!
//! With `--data FILE` the sessions are loaded into a fresh table first (an existing one is
//! dropped); without it, the table already in the database is queried. Either way the output
//! is what the in-memory path prints for the same sessions and query.

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::sql::Store;
use sailpoint_filters::{CheckedQuery, CollectionQuery, Page, QueryOptions};

use crate::commands;

/// The store at `url` for role mining sessions; with `data`, a fresh table holding its
/// sessions.
pub(crate) fn open(url: &str, data: Option<&Path>) -> Result<Store, String> {
    let mut store = Store::open(url, RoleMiningSessions::schema()).map_err(|e| e.to_string())?;
    if let Some(path) = data {
        let sessions = commands::load_sessions(Some(path))?;
        let fresh = store
            .drop_table()
            .and_then(|()| store.create())
            .and_then(|()| store.load(&sessions));
        fresh.map_err(|e| format!("cannot load {} into {url}: {e}", path.display()))?;
    }
    Ok(store)
}

/// `spfilter query --db URL …`: prints what the in-memory `query` prints.
pub(crate) fn query(
    url: &str,
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    options: &QueryOptions,
) -> ExitCode {
    let pairs = params
        .iter()
        .filter_map(|(name, value)| Some((*name, value.as_deref()?)));
    let page = CollectionQuery::from_params_for(pairs, RoleMiningSessions::schema(), options)
        .map_err(|err| err.to_string())
        .and_then(|query| {
            let mut store = open(url, data)?;
            let page = run(&mut store, &query)?;
            Ok((page, query.count()))
        });
    match page {
        Ok((page, count)) => commands::print_page(&page, count),
        Err(message) => commands::print_or_fail(Err::<&str, _>(message)),
    }
}

fn run(store: &mut Store, query: &CheckedQuery) -> Result<Page<RoleMiningSession>, String> {
    store
        .run::<RoleMiningSession>(query)
        .map_err(|e| format!("the database cannot answer the query: {e}"))
}

/// `spfilter serve --db URL`: the page of a request, answered by the store (on a blocking
/// thread: the store's clients are synchronous), as the in-memory fake answers it.
pub(crate) async fn respond(
    store: Arc<Mutex<Store>>,
    query: CheckedQuery,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use sailpoint_filters::diag::ErrorBody;
    use sailpoint_filters::http::page_response;

    let answer = tokio::task::spawn_blocking(move || {
        let mut store = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        run(&mut store, &query).map(|page| (page, query.count()))
    })
    .await;
    match answer {
        Ok(Ok((page, count))) => page_response(&page, count),
        Ok(Err(err)) => {
            ErrorBody::internal_fault(format!("An internal fault occurred: {err}")).into_response()
        }
        Err(err) => {
            ErrorBody::internal_fault(format!("An internal fault occurred: {err}")).into_response()
        }
    }
}
