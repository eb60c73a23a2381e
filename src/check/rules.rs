//! The endpoint's [`FilterRules`](crate::FilterRules) × a filter: how many `and`/`or`/`not`
//! it uses and where, and whether a request without `filters` is allowed.

use crate::diag::{Diagnostic, Diagnostics, Parameter};
use crate::filter::{Filter, FilterKind, Op, Step};
use crate::schema::{Composite, Schema};

use super::{CheckError, CheckProblem};

/// Adds a problem for each of the endpoint's rules the filter breaks.
pub(super) fn check_rules(
    filter: &Filter,
    schema: &Schema,
    problems: &mut Vec<Diagnostic<CheckProblem>>,
) {
    let rules = schema.rules();
    if rules.is_none() {
        return;
    }
    let endpoint = || schema.endpoint().to_owned();
    let problem = |kind, span| Diagnostic::new(kind, Parameter::Filters, span);
    let mut junctions = 0u32;
    let mut first_over: Option<&Filter> = None;
    let mut nots = 0u32;
    let mut first_extra_not: Option<&Filter> = None;
    for step in filter.walk() {
        let Step::Enter(node) = step else { continue };
        match node.kind() {
            FilterKind::And(children) | FilterKind::Or(children) => {
                let composite = match node.kind() {
                    FilterKind::And(_) => Composite::And,
                    _ => Composite::Or,
                };
                junctions = junctions.saturating_add((children.len() as u32).saturating_sub(1));
                if rules.max_junctions().is_some_and(|max| junctions > max) && first_over.is_none()
                {
                    first_over = Some(node);
                }
                if rules.distinct_fields() {
                    let mut seen: Vec<&str> = Vec::new();
                    for child in children {
                        let FilterKind::Condition(condition) = child.kind() else {
                            continue;
                        };
                        let field = condition.field().as_str();
                        if seen.contains(&field) {
                            let kind = CheckProblem::SameFieldJoined {
                                composite,
                                field: field.to_owned(),
                                endpoint: endpoint(),
                            };
                            problems.push(problem(kind, child.span()));
                        } else {
                            seen.push(field);
                        }
                    }
                }
            }
            FilterKind::Not(inner) => {
                nots = nots.saturating_add(1);
                if rules.max_nots().is_some_and(|max| nots > max) && first_extra_not.is_none() {
                    first_extra_not = Some(node);
                }
                let before_in =
                    matches!(inner.kind(), FilterKind::Condition(c) if c.op() == Op::In);
                if rules.not_only_before_in() && !before_in {
                    let kind = CheckProblem::NotOnlyBeforeIn {
                        endpoint: endpoint(),
                    };
                    problems.push(problem(kind, node.span()));
                }
            }
            FilterKind::Condition(_) => {}
        }
    }
    if let (Some(max), Some(node)) = (rules.max_junctions(), first_over) {
        let kind = CheckProblem::TooManyJunctions {
            endpoint: endpoint(),
            max,
            found: junctions,
        };
        problems.push(problem(kind, node.span()));
    }
    if let (Some(max), Some(node)) = (rules.max_nots(), first_extra_not) {
        let kind = CheckProblem::TooManyNots {
            endpoint: endpoint(),
            max,
            found: nots,
        };
        problems.push(problem(kind, node.span()));
    }
}

/// The problem of a request without `filters` to an endpoint that requires them.
///
/// ```
/// use sailpoint_filters::{CollectionQuery, FilterRules, Schema, Syntax};
/// let schema = Schema::new("user-apps").with_rules(FilterRules::NONE.with_filters_required());
/// let err = CollectionQuery::default().check(&schema, Syntax::Lenient).unwrap_err();
/// assert_eq!(err.messages(), ["filters: the parameter is required by user-apps"]);
/// assert!(CollectionQuery::default().check(&Schema::new("x"), Syntax::Lenient).is_ok());
/// ```
pub(crate) fn missing_filters(schema: &Schema) -> Option<CheckError> {
    if !schema.rules().filters_required() {
        return None;
    }
    let kind = CheckProblem::FiltersRequired {
        endpoint: schema.endpoint().to_owned(),
    };
    Some(
        Diagnostics::from(Diagnostic::new(kind, Parameter::Filters, None))
            .with_endpoint(schema.endpoint()),
    )
}
