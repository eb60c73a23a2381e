//! The whole catalog, generated from SailPoint's specs: every field × operator of every
//! operation's published table is accepted, an operator the field does not list is refused, an
//! unknown field is refused with a suggestion; and each per-endpoint rule is enforced.
//! (`cargo test --all-features` covers every API; the default build the per-service one.)

use std::collections::{BTreeMap, BTreeSet};

use sailpoint_filters::catalog::{Api, Catalog, Operation, OperationField};
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::{
    CollectionQuery, FieldType, Filter, Op, ParseOptions, Problem, Syntax, eval,
};
use serde_json::json;

use crate::common::published;

/// A value the field's type takes, as filter text.
fn value(field: &OperationField) -> &'static str {
    match field.field_type() {
        FieldType::Boolean => "true",
        FieldType::Integer => "1",
        FieldType::Number => "1.5",
        FieldType::DateTime => "2024-01-01T00:00:00Z",
        _ => "\"x\"",
    }
}

/// `field op value` in the language's spelling.
pub fn condition(field: &OperationField, op: Op) -> String {
    let (path, v) = (field.path(), value(field));
    match op {
        Op::Pr => format!("pr {path}"),
        Op::IsNull => format!("{path} isnull"),
        Op::In | Op::Ca => format!("{path} {op} ({v})"),
        _ => format!("{path} {op} {v}"),
    }
}

fn strict() -> ParseOptions {
    ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    }
}

#[test]
fn every_published_field_and_operator_is_accepted_and_no_other() {
    let catalog = Catalog::new();
    let (mut accepted, mut refused, mut unknown) = (0, 0, 0);
    for op in catalog.iter() {
        let schema = op.schema();
        let id = op.operation_id();
        for field in op.fields().iter().filter(|f| !f.operators().is_empty()) {
            for listed in field.operators().iter() {
                let text = condition(field, listed);
                let checked = schema.parse_filter(&text, &strict());
                assert!(
                    checked.is_ok(),
                    "{id}: `{text}` refused: {}",
                    checked.unwrap_err()
                );
                accepted += 1;
            }
            for other in Op::ALL
                .into_iter()
                .filter(|o| !field.operators().contains(*o))
            {
                refuses(schema, id, &condition(field, other));
                refused += 1;
            }
        }
        if let Some(field) = op.fields().iter().find(|f| !f.operators().is_empty()) {
            let wrong = format!(
                "{}{}",
                field.path(),
                field.path().chars().last().unwrap_or('x')
            );
            if schema.resolve_field(&wrong).is_none() {
                let text = format!("{wrong} eq {}", value(field));
                let err = schema.parse_filter(&text, &strict()).unwrap_err();
                let Problem::Check(CheckProblem::UnknownField { suggestion, .. }) = err.kind()
                else {
                    panic!("{id}: `{text}`: {err}");
                };
                assert!(
                    suggestion.is_some(),
                    "{id}: no suggestion for `{wrong}`: {err}"
                );
                assert!(err.to_string().contains("did you mean"), "{err}");
                unknown += 1;
            }
        }
    }
    // Every operation with a filter table contributed (and the numbers are not zero).
    assert!(accepted > 1500, "{accepted}");
    let with_filters = catalog
        .iter()
        .filter(|op| op.fields().iter().any(|f| !f.operators().is_empty()))
        .count();
    assert_eq!(unknown, with_filters);
    assert!(refused >= 5000 && unknown >= 130, "{refused} {unknown}");
}

/// `text` is refused for `schema`: its operator is not one the field allows.
fn refuses(schema: &sailpoint_filters::Schema, id: &str, text: &str) {
    let Err(err) = schema.parse_filter(text, &strict()) else {
        panic!("{id}: `{text}` is accepted, though the field does not list its operator");
    };
    assert!(
        matches!(
            err.kind(),
            Problem::Check(CheckProblem::OperatorNotAllowed { .. })
        ),
        "{id}: `{text}`: {err}"
    );
}

/// A handful of operations' operator tables, copied by hand from SailPoint's published text
/// (`tests/common/published.rs`), not from the catalog: the catalog has exactly these tables,
/// and checking accepts each listed operator and refuses every other.
#[test]
fn operator_tables_agree_with_the_published_text() {
    let catalog = Catalog::new();
    for table in published::TABLES {
        let id = table.operation_id;
        let op = catalog
            .get(Api::Services, id)
            .unwrap_or_else(|| panic!("{id} is not in the catalog"));
        let in_catalog: BTreeMap<String, BTreeSet<String>> = op
            .fields()
            .iter()
            .filter(|f| !f.operators().is_empty())
            .map(|f| {
                let ops = f.operators().iter().map(|o| o.to_string()).collect();
                (f.path().to_string(), ops)
            })
            .collect();
        let published_table: BTreeMap<String, BTreeSet<String>> = table
            .fields
            .iter()
            .map(|(field, ops)| {
                (
                    field.to_string(),
                    ops.iter().map(|o| o.to_string()).collect(),
                )
            })
            .collect();
        assert_eq!(in_catalog, published_table, "{id}");
        let schema = op.schema();
        for (path, listed) in table.fields {
            let field = op
                .fields()
                .iter()
                .find(|f| f.path() == *path)
                .unwrap_or_else(|| panic!("{id}: no field {path}"));
            for name in published::OPERATORS {
                let text = condition(field, name.parse().expect("an operator"));
                if listed.contains(name) {
                    let checked = schema.parse_filter(&text, &strict());
                    assert!(checked.is_ok(), "{id}: `{text}`: {}", checked.unwrap_err());
                } else {
                    refuses(schema, id, &text);
                }
            }
        }
    }
}

#[test]
fn every_sortable_field_sorts_and_others_do_not() {
    for op in Catalog::new().iter() {
        let schema = op.schema();
        for field in op.fields() {
            let sorters: sailpoint_filters::Sorters = format!("-{}", field.path()).parse().unwrap();
            assert_eq!(
                sorters.check(schema).is_ok(),
                field.is_sortable(),
                "{} {}",
                op.operation_id(),
                field.path()
            );
        }
    }
}

#[test]
fn every_accepted_published_example_checks() {
    for op in Catalog::new().iter() {
        if let Some(example) = op.example() {
            let checked = op.schema().parse_filter(example, &ParseOptions::default());
            assert!(
                checked.is_ok(),
                "{}: {example}: {}",
                op.operation_id(),
                checked.unwrap_err()
            );
            assert_eq!(checked.unwrap().to_string(), example);
        }
    }
}

#[test]
fn catalog_counts_per_api() {
    let catalog = Catalog::new();
    let expected = [
        (Api::Services, 146),
        (Api::V3, 49),
        (Api::Beta, 95),
        (Api::V2024, 113),
        (Api::V2025, 127),
        (Api::V2026, 134),
    ];
    for (api, count) in expected {
        let found = catalog.operations(api).len();
        assert_eq!(found, if api.is_built_in() { count } else { 0 }, "{api}");
    }
}

fn op(api: Api, id: &str) -> &'static Operation {
    Catalog::new()
        .get(api, id)
        .unwrap_or_else(|| panic!("{id}"))
}

fn messages(op: &'static Operation, query: &str) -> Vec<String> {
    match CollectionQuery::from_query_string_for(query, op.schema(), &Default::default()) {
        Ok(_) => Vec::new(),
        Err(err) => err.messages(),
    }
}

#[test]
fn case_sensitive_endpoints_compare_exactly() {
    let criteria = op(Api::Services, "listPrivilegeCriteriaV1");
    let field = criteria
        .schema()
        .fields()
        .iter()
        .find(|f| f.field_type() == FieldType::String);
    let field = field.expect("a string field");
    assert!(field.is_case_sensitive());
    let path = field.path().as_str();
    let checked = criteria
        .schema()
        .parse_filter(&format!("{path} eq \"Abc\""), &Default::default())
        .unwrap();
    let matcher = eval::compile::<serde_json::Value>(&checked).unwrap();
    let mut record = json!({});
    let mut exact = json!({});
    // Build `{a: {b: "abc"}}` for a dotted path.
    for (target, text) in [(&mut record, "abc"), (&mut exact, "Abc")] {
        let mut at = target;
        for segment in path.split('.') {
            at = &mut at[segment];
        }
        *at = json!(text);
    }
    assert!(matcher.matches(&exact));
    assert!(
        !matcher.matches(&record),
        "a case-sensitive field ignored case"
    );
    // Elsewhere, case is ignored.
    let accounts = op(Api::Services, "listAccountsV1");
    let checked = accounts
        .schema()
        .parse_filter("name eq \"ALICE\"", &Default::default())
        .unwrap();
    assert!(
        eval::compile::<serde_json::Value>(&checked)
            .unwrap()
            .matches(&json!({"name": "alice"}))
    );
}

#[test]
fn limit_caps_and_defaults() {
    let roles = op(Api::Services, "listRolesV1");
    assert_eq!(
        (roles.schema().max_limit(), roles.schema().default_limit()),
        (50, 50)
    );
    assert_eq!(
        messages(roles, "limit=51"),
        ["limit must be an integer from 0 to 50, got `51`"]
    );
    let query =
        CollectionQuery::from_query_string_for("", roles.schema(), &Default::default()).unwrap();
    assert_eq!(query.limit(), 50);
    let launchers = op(Api::Services, "getLaunchersV1");
    assert_eq!(
        messages(launchers, "limit=0"),
        ["limit must be an integer from 1 to 100, got `0`"]
    );
    let query = CollectionQuery::from_query_string_for("", launchers.schema(), &Default::default())
        .unwrap();
    assert_eq!(query.limit(), 10);
    let recommendations = op(Api::Services, "getAccessRequestRecommendationsV1");
    assert_eq!(
        messages(recommendations, "limit=16"),
        ["limit must be an integer from 0 to 15, got `16`"]
    );
    // A records page stops at the default.
    let records: Vec<_> = (0..60).map(|i| json!({"id": i.to_string()})).collect();
    let page = CollectionQuery::from_query_string_for("", roles.schema(), &Default::default())
        .unwrap()
        .run(&records)
        .unwrap();
    assert_eq!((page.items.len(), page.total), (50, 60));
}

#[test]
fn restricted_composites() {
    let permissions = op(Api::Services, "getIdentityCertificationItemPermissionsV1");
    let ok = r#"filters=rights+ca+("CREATE")+and+target+eq+"SYS.OBJAUTH2""#;
    assert!(
        messages(permissions, ok).is_empty(),
        "{:?}",
        messages(permissions, ok)
    );
    assert_eq!(
        messages(
            permissions,
            r#"filters=rights+ca+("CREATE")+and+rights+ca+("SELECT")"#
        ),
        [
            "filters: column 26: `and` joins two conditions on `rights`; getIdentityCertificationItemPermissionsV1 joins only conditions on different fields"
        ]
    );
    assert_eq!(
        messages(
            permissions,
            r#"filters=target+eq+"a"+or+rights+ca+("X")+or+target+eq+"b""#
        ),
        [
            "filters: column 15: getIdentityCertificationItemPermissionsV1 allows at most 1 `and`/`or` operator in a filter; this one has 2",
            "filters: column 37: `or` joins two conditions on `target`; getIdentityCertificationItemPermissionsV1 joins only conditions on different fields",
        ]
    );
    let form = op(Api::Services, "searchFormElementDataByElementIDV1");
    assert!(messages(form, r#"filters=not+value+in+("ID01")"#).is_empty());
    assert_eq!(
        messages(form, r#"filters=not+value+eq+"ID01""#),
        [
            "filters: column 1: searchFormElementDataByElementIDV1 allows `not` only right before an `in` condition: `not field in (…)`"
        ]
    );
    assert!(
        messages(form, r#"filters=not+value+in+("a")+and+value+in+("b")"#)
            .iter()
            .any(|m| m.contains("`and` is not supported"))
    );
    let intelligence = op(Api::Services, "getIdentityIntelligenceV1");
    let field = intelligence
        .fields()
        .iter()
        .find(|f| f.operators().contains(Op::Eq))
        .unwrap();
    let one = condition(field, Op::Eq);
    assert!(
        intelligence
            .schema()
            .parse_filter(&one, &Default::default())
            .is_ok()
    );
    let err = intelligence
        .schema()
        .parse_filter(&format!("{one} and {one}"), &Default::default())
        .unwrap_err();
    assert!(err.to_string().contains("`and` is not supported by getIdentityIntelligenceV1; a filter there is a single condition"), "{err}");
}

#[test]
fn wildcard_sub_fields_take_the_parents_operators() {
    let outliers = op(Api::Services, "getIdentityOutliersV1");
    let schema = outliers.schema();
    let checked = schema
        .parse_filter(r#"attributes.displayName sw "John""#, &Default::default())
        .unwrap();
    let matcher = eval::compile::<serde_json::Value>(&checked).unwrap();
    assert!(matcher.matches(&json!({"attributes": {"displayName": "john smith"}})));
    assert!(!matcher.matches(&json!({"attributes": {"displayName": "Jane"}})));
    assert!(
        schema
            .parse_filter(r#"attributes.displayName gt "x""#, &Default::default())
            .is_err()
    );
    let sorters: sailpoint_filters::Sorters =
        "attributes.displayName,-attributes.title".parse().unwrap();
    assert!(sorters.check(schema).is_ok());
    // Not under a field that is no wildcard parent.
    let accounts = op(Api::Services, "listAccountsV1");
    assert!(
        accounts
            .schema()
            .parse_filter(r#"name.first eq "x""#, &Default::default())
            .is_err()
    );
}

#[test]
fn required_filters() {
    let apps = op(Api::Services, "listAllUserAppsV1");
    assert_eq!(
        messages(apps, "limit=5"),
        ["filters: the parameter is required by listAllUserAppsV1"]
    );
    let field = apps
        .fields()
        .iter()
        .find(|f| f.operators().contains(Op::Eq))
        .unwrap();
    let query = format!(
        "filters={}",
        condition(field, Op::Eq)
            .replace(' ', "+")
            .replace('"', "%22")
    );
    assert!(
        messages(apps, &query).is_empty(),
        "{:?}",
        messages(apps, &query)
    );
}

#[test]
fn fields_read_from_another_record_path() {
    let catalog = Catalog::new();
    let (op, field) = catalog
        .iter()
        .find_map(|op| {
            let field = op.fields().iter().find(|f| {
                f.read_from().is_some()
                    && f.operators().contains(Op::Eq)
                    && f.field_type() == FieldType::String
            })?;
            Some((op, field))
        })
        .expect("an operation with a field read from elsewhere");
    let from = field.read_from().unwrap();
    let checked = op
        .schema()
        .parse_filter(&format!("{} eq \"abc\"", field.path()), &Default::default())
        .unwrap();
    let matcher = eval::compile::<serde_json::Value>(&checked).unwrap();
    let mut record = json!({});
    let mut at = &mut record;
    for segment in from.split('.') {
        at = &mut at[segment];
    }
    *at = json!("ABC");
    assert!(
        matcher.matches(&record),
        "{}: {} from {from}",
        op.operation_id(),
        field.path()
    );
    let filter = Filter::parse(&format!("{} eq \"abc\"", field.path())).unwrap();
    assert!(filter.check(op.schema(), Syntax::Strict).is_ok());
}

#[test]
fn lookups() {
    let catalog = Catalog::new();
    assert_eq!(
        catalog
            .by_path("GET", "/identities/v1")
            .unwrap()
            .operation_id(),
        "listIdentitiesV1"
    );
    assert_eq!(
        catalog
            .by_path("GET", "/access-profiles/v1")
            .unwrap()
            .sdk_name(),
        "AccessProfilesApi.list_access_profiles_v1"
    );
    assert!(catalog.search(None, "identities").count() > 3);
    assert!(
        catalog
            .search(None, "no such operation anywhere")
            .next()
            .is_none()
    );
    let err = catalog
        .lookup(Api::Services, "listIdentitiesV2")
        .unwrap_err();
    assert!(
        err.to_string().contains("did you mean `listIdentitiesV1`?"),
        "{err}"
    );
    if Api::V3.is_built_in() {
        assert_eq!(
            catalog.by_path("GET", "/v3/accounts").unwrap().api(),
            Api::V3
        );
    } else {
        assert!(catalog.lookup(Api::V3, "listAccounts").is_err());
    }
}
