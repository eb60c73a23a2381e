//! Validation of filters against endpoint schemas: the exact text of every kind of problem
//! (field, operator, value type, composite), several problems in one filter, problems inside
//! lists, the value coercions that succeed, and the one-line forms used in 400 bodies.
//!
//! Two schemas: the declared `GET /role-mining-sessions`, and a richer hand-built `accounts`
//! schema with a field of every type and only the `and`, `or` composites. (An operator a
//! field's type cannot take never reaches validation: the schema refuses it, see
//! `schemas_refuse_operators_a_type_cannot_take`.)

use sailpoint_filters::builder::{Endpoint, field};
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::diag::{ErrorMessage, Parameter};
use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
use sailpoint_filters::{
    CmpOp, Composite, DateTime, Error, FieldPath, FieldRef, FieldSpec, FieldType, Filter, Op,
    OperatorSet, ParseOptions, Problem, Schema, SchemaError, Span, Syntax,
};

fn role_mining() -> &'static Schema {
    RoleMiningSessions::schema()
}

/// A field of every type.
fn accounts() -> Schema {
    use Op::*;
    Schema::new("accounts")
        .with_field("id", FieldType::String, [Eq, In])
        .with_field("name", FieldType::String, [Eq, Ne, Co, Sw, Pr, IsNull])
        .with_field("disabled", FieldType::Boolean, [Eq, Ne, In])
        .with_field("logins", FieldType::Integer, [Eq, Gt, Ge, Lt, Le, In])
        .with_field("score", FieldType::Number, [Eq, Gt, Lt])
        .with_field("created", FieldType::DateTime, [Eq, Gt, Ge, Lt, Le])
        .with_field("tags", FieldType::StringCollection, [Eq, Co, Ca, In])
        .with_field(
            "attributes.department",
            FieldType::Any,
            OperatorSet::ALL.iter(),
        )
        .with_composites([Composite::And, Composite::Or])
        .with_sortable(["name", "created"])
}

fn lenient() -> ParseOptions {
    ParseOptions::default()
}

fn strict() -> ParseOptions {
    ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    }
}

/// The error `schema.check` gives for `text`; panics on success or a parse error.
fn validation_error(schema: &Schema, text: &str, options: &ParseOptions) -> Error {
    match schema.parse_filter(text, options) {
        Ok(filter) => panic!("`{text}` was accepted as `{filter}`"),
        Err(err) if matches!(err.kind(), Problem::Parse(_)) => {
            panic!("`{text}` did not parse: {err}")
        }
        Err(err) => {
            assert!(
                err.problems()
                    .iter()
                    .all(|p| matches!(p.kind(), Problem::Check(_))),
                "{err:?}"
            );
            err
        }
    }
}

/// Checks every `(filter, expected Display)` case and reports all that differ at once.
fn assert_rejections(schema: &Schema, options: &ParseOptions, cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, expected)| {
            let actual = validation_error(schema, text, options).to_string();
            (actual != *expected).then(|| {
                format!("filter: {text}\n--- expected:\n{expected}\n--- actual:\n{actual}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// `text` validates, and its checked form prints as `canonical`.
fn assert_accepted(schema: &Schema, options: &ParseOptions, text: &str, canonical: &str) {
    match schema.parse_filter(text, options) {
        Ok(filter) => {
            assert_eq!(filter.to_string(), canonical, "checked form of `{text}`");
            assert_eq!(
                filter.filter(),
                &Filter::parse(canonical).unwrap(),
                "`{text}` is the tree of `{canonical}`"
            );
        }
        Err(err) => panic!("`{text}` was rejected:\n{err}"),
    }
}

mod coercions;
mod error_data;
mod messages;
mod rejections;
