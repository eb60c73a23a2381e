//! `CollectionQuery`: the five parameters read from a query string (SPEC §5), SailPoint's 400
//! body (SPEC §6); `CheckedQuery`: read for an endpoint, and run over the built-in role mining
//! sessions (SPEC §3–§5).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::diag::{Parameter, RequestProblem};
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{
    CheckedQuery, CollectionQuery, FieldType, Filter, Op, Paging, PagingProblem, Problem,
    QueryOptions, Schema, Sorters, Syntax,
};
use serde_json::Value;

const DATA: &str = include_str!("../../../data/role_mining_sessions.json");

fn sessions() -> Vec<RoleMiningSession> {
    serde_json::from_str(DATA).unwrap()
}

fn read(query: &str) -> CollectionQuery {
    CollectionQuery::from_query_string(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// The query read for role mining sessions, with the default options.
fn checked(query: &str) -> CheckedQuery {
    CollectionQuery::from_query_string_for(
        query,
        RoleMiningSessions::schema(),
        &QueryOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn messages(query: &str) -> Vec<String> {
    match CollectionQuery::from_query_string(query) {
        Ok(q) => panic!("{query}: read as {q:?}"),
        Err(err) => err.messages(),
    }
}

fn filter(text: &str) -> Option<Filter> {
    Some(Filter::parse(text).unwrap())
}

fn sorters(text: &str) -> Sorters {
    Sorters::parse(text).unwrap()
}

fn paging(offset: u32, limit: u32, count: bool) -> Paging {
    Paging::new(offset, limit, count).unwrap()
}

fn query(filters: Option<Filter>, sorters: Sorters, paging: Paging) -> CollectionQuery {
    CollectionQuery::new(filters, sorters, paging)
}

mod checked;
mod error_body;
mod reading;
mod running;
