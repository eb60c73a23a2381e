//! SPEC §3, rule by rule: tables of filters, records and the result the SPEC calls for.
//!
//! Every expected boolean here is read off SPEC §3 (or, for the Greek final sigma and `co` at
//! character boundaries, off the crate's documented refinement of it), not off the crate's
//! output. Each table row is checked on the JSON record, on its typed form (when the record has
//! one, see `eval_fixture::doc_from_json`), and negated: `not (f)` must give the opposite.

use std::cmp::Ordering;

use crate::common::eval_fixture::{self, Doc, doc_from_json, schema};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::eval::{CompileError, Matcher, compile};
use sailpoint_filters::value::compare_for_sort;
use sailpoint_filters::{
    CheckedFilter, Composite, DateTime, FieldPath, FieldRef, FieldSpec, FieldType, Filter, Op,
    OperatorSet, Record, Schema, SchemaError, Syntax,
};
use serde_json::{Value, json};

const DATA: &str = include_str!("../../../data/role_mining_sessions.json");

fn parse(text: &str) -> Filter {
    Filter::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// `filter` checked against `schema` (in the lenient syntax, as it was parsed).
fn checked(filter: &Filter, schema: &Schema) -> CheckedFilter {
    filter
        .check(schema, Syntax::Lenient)
        .unwrap_or_else(|e| panic!("{filter} does not suit {}: {e}", schema.endpoint()))
}

/// `filter` checked against a schema that accepts any field ([`Schema::open`]), compiled for
/// records of type `R`: records nobody described.
fn compile_open<R: Record>(filter: &Filter) -> Matcher<R> {
    compile_for(filter, &Schema::open("records"))
}

/// `filter` checked against `schema`, compiled for records of type `R`.
fn compile_for<R: Record>(filter: &Filter, schema: &Schema) -> Matcher<R> {
    compile::<R>(&checked(filter, schema))
        .unwrap_or_else(|e| panic!("{filter} does not compile: {e}"))
}

/// Checks each `(filter, record, expected)` against [`schema`]: on the JSON record, on its typed
/// [`Doc`] form, and `not (filter)` on both. Reports every failing row at once.
fn check(rows: &[(&str, Value, bool)]) {
    let schema = schema();
    let mut failures = Vec::new();
    for (text, record, expected) in rows {
        let filter = parse(text);
        let negated = filter.clone().not();
        for (f, want, label) in [(&filter, *expected, ""), (&negated, !*expected, "not ")] {
            let json = compile_for::<Value>(f, &schema);
            if json.matches(record) != want {
                failures.push(format!("{label}({text}) on {record}: expected {want}"));
            }
            if let Some(doc) = doc_from_json(record) {
                let typed = compile_for::<Doc>(f, &schema);
                if typed.matches(&doc) != want {
                    failures.push(format!("{label}({text}) on typed {doc:?}: expected {want}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Like [`check`], with a one-field record `{field: value}` for each row.
fn check_field(field: &str, rows: &[(&str, Value, bool)]) {
    let rows: Vec<(&str, Value, bool)> = rows
        .iter()
        .map(|(f, v, e)| (*f, json!({ field: v }), *e))
        .collect();
    check(&rows);
}

mod checking;
mod collections;
mod compare_for_sort;
mod date_times;
mod limits;
mod nulls;
mod numbers;
mod sessions;
mod strings;
mod untyped;
