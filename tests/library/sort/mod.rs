//! The `sorters` parameter: parsing, printing, checking, and the order it puts records in
//! (SPEC §4).

use std::cmp::Ordering;

use proptest::prelude::*;
use sailpoint_filters::check::SortersCheckProblem;
use sailpoint_filters::diag::Parameter;
use sailpoint_filters::eval::{CompileError, SortPlan};
use sailpoint_filters::{
    FieldPath, FieldRef, FieldSpec, FieldType, Op, OperatorSet, Record, Schema, SortKey, Sorters,
    SortersLimits, SortersParseProblem, Span,
};
use serde_json::{Value, json};

fn sessions_schema() -> Schema {
    Schema::new("role-mining-sessions")
        .with_field("saved", FieldType::Boolean, [Op::Eq])
        .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
        .with_sortable(["createdBy", "createdDate"])
}

fn key(field: &'static str, descending: bool) -> SortKey {
    SortKey::new(FieldPath::from_static(field), descending)
}

/// The plan of sorters checked against `schema`.
fn plan_for<R: Record>(sorters: &Sorters, schema: &Schema) -> SortPlan<R> {
    SortPlan::<R>::new(&sorters.check(schema).unwrap()).unwrap()
}

fn plan(text: &str, sortable: &[&'static str]) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(sortable.iter().copied());
    plan_for(&Sorters::parse(text).unwrap(), &schema)
}

/// Sorts `records` and returns the `id` of each, in order.
fn sorted_ids(plan: &SortPlan<Value>, records: &[Value]) -> Vec<i64> {
    let mut refs: Vec<&Value> = records.iter().collect();
    plan.sort(&mut refs);
    refs.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

mod checking;
mod ordering;
mod parsing;
mod properties;
