//! The pieces of generated code `generate` writes: Rust expressions for the catalog's data
//! (types, operators, composites, limits, rules) and the text of the generated docs.

use std::fmt::Write as _;

use sailpoint_filters::{Composite, FieldType, Op};

use crate::generate::SUPPORT;
use crate::model::{Field, Limit, Operation, Rule};

pub(crate) fn api_variant(api: &str) -> Option<&'static str> {
    Some(match api {
        "services" => "Services",
        "v3" => "V3",
        "beta" => "Beta",
        "v2024" => "V2024",
        "v2025" => "V2025",
        "v2026" => "V2026",
        _ => return None,
    })
}

pub(crate) fn marker(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String => "text",
        FieldType::Boolean => "boolean",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::DateTime => "date_time",
        FieldType::StringCollection => "string_collection",
        _ => "any",
    }
}

pub(crate) fn type_variant(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String => "String",
        FieldType::Boolean => "Boolean",
        FieldType::Integer => "Integer",
        FieldType::Number => "Number",
        FieldType::DateTime => "DateTime",
        FieldType::StringCollection => "StringCollection",
        _ => "Any",
    }
}

pub(crate) fn supports_trait(op: Op) -> &'static str {
    match op {
        Op::Eq => "SupportsEq",
        Op::Ne => "SupportsNe",
        Op::Gt => "SupportsGt",
        Op::Ge => "SupportsGe",
        Op::Lt => "SupportsLt",
        Op::Le => "SupportsLe",
        Op::Co => "SupportsCo",
        Op::Sw => "SupportsSw",
        Op::In => "SupportsIn",
        Op::Ca => "SupportsCa",
        Op::Pr => "SupportsPr",
        _ => "SupportsIsNull",
    }
}

pub(crate) fn op_variant(op: Op) -> &'static str {
    match op {
        Op::Eq => "Eq",
        Op::Ne => "Ne",
        Op::Gt => "Gt",
        Op::Ge => "Ge",
        Op::Lt => "Lt",
        Op::Le => "Le",
        Op::Co => "Co",
        Op::Sw => "Sw",
        Op::In => "In",
        Op::Ca => "Ca",
        Op::Pr => "Pr",
        _ => "IsNull",
    }
}

pub(crate) fn field_expr(field: &Field) -> String {
    let ops: Vec<String> = field
        .ops
        .iter()
        .map(|op| format!("{SUPPORT}::Op::{}", op_variant(*op)))
        .collect();
    let mut expr = format!(
        "{SUPPORT}::OperationField::new({}, {SUPPORT}::FieldType::{}, &[{}])",
        lit(&field.path),
        type_variant(field.field_type),
        ops.join(", ")
    );
    if field.sortable {
        expr.push_str(".sortable()");
    }
    if field.case_sensitive {
        expr.push_str(".case_sensitive()");
    }
    if field.wildcard {
        expr.push_str(".wildcard()");
    }
    if let Some(from) = &field.read_from {
        let _ = write!(expr, ".reads({})", lit(from));
    }
    if !field.enum_values.is_empty() {
        let values: Vec<String> = field.enum_values.iter().map(|v| lit(v)).collect();
        let _ = write!(expr, ".with_values(&[{}])", values.join(", "));
    }
    expr
}

pub(crate) fn parameters_expr(parameters: &[String]) -> String {
    let names: Vec<String> = parameters
        .iter()
        .map(|p| format!("{SUPPORT}::{}", p.to_ascii_uppercase()))
        .collect();
    if names.is_empty() {
        "0".to_owned()
    } else {
        names.join(" | ")
    }
}

pub(crate) fn composites_expr(composites: &[Composite]) -> String {
    let names: Vec<String> = composites
        .iter()
        .map(|c| {
            format!(
                "{SUPPORT}::Composite::{}",
                match c {
                    Composite::And => "And",
                    Composite::Or => "Or",
                    Composite::Not => "Not",
                }
            )
        })
        .collect();
    format!("{SUPPORT}::CompositeSet::of(&[{}])", names.join(", "))
}

/// The operation's `limit` bounds as generated: the schema's numbers, 0 and 250 where it
/// states none, and a default of the maximum where it states none.
pub fn limit_bounds(limit: Option<Limit>) -> Option<(u32, u32, u32)> {
    let limit = limit?;
    let clamp = |n: i64| u32::try_from(n.clamp(0, i64::from(i32::MAX))).unwrap_or(0);
    let max = limit.maximum.map_or(250, clamp);
    let min = limit.minimum.map_or(0, clamp).min(max);
    let default = limit.default.map_or(max.min(250), clamp).clamp(min, max);
    Some((min, max, default))
}

pub(crate) fn limit_expr(limit: Option<Limit>) -> String {
    match limit_bounds(limit) {
        Some((min, max, default)) => format!("Some(({min}, {max}, {default}))"),
        None => "None".to_owned(),
    }
}

pub(crate) fn limit_text(limit: Option<Limit>) -> String {
    match limit_bounds(limit) {
        Some((min, max, default)) => format!("{min} to {max}, default {default}"),
        None => "no `limit` parameter (the standard 0 to 250 applies)".to_owned(),
    }
}

/// The library's [`FilterRules`](sailpoint_filters::FilterRules) the rules give.
pub(crate) fn rules_expr(rules: &[Rule]) -> String {
    let mut expr = format!("{SUPPORT}::FilterRules::NONE");
    for rule in rules {
        match rule {
            Rule::MaxComposites { max, .. } => {
                let _ = write!(expr, ".with_max_junctions({max})");
            }
            Rule::CompositeJoinsDistinctFields { .. } => expr.push_str(".with_distinct_fields()"),
            Rule::NotOnlyBeforeIn { max, .. } => {
                let _ = write!(expr, ".with_not_only_before_in({max})");
            }
            Rule::FiltersRequired { .. } => expr.push_str(".with_filters_required()"),
            _ => {}
        }
    }
    expr
}

/// A rule as the operation's documentation states it; `None` for the default sort (stated
/// apart) and the confirmation of the default case rule.
pub(crate) fn rule_text(rule: &Rule) -> Option<String> {
    Some(match rule {
        Rule::CaseSensitive { fields, .. } if fields.is_empty() => {
            "string comparisons respect case (enforced)".to_owned()
        }
        Rule::CaseSensitive { fields, .. } => format!(
            "string comparisons on {} respect case (enforced)",
            fields
                .iter()
                .map(|f| code(f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::MaxComposites { max, .. } => {
            format!("at most {max} `and`/`or` in a filter (enforced)")
        }
        Rule::CompositeJoinsDistinctFields { .. } => {
            "`and`/`or` join conditions on different fields only (enforced)".to_owned()
        }
        Rule::NotOnlyBeforeIn { max, .. } => {
            format!("at most {max} `not`, only right before an `in` condition (enforced)")
        }
        Rule::SingleCondition { .. } => {
            "a filter is a single condition: no `and`, `or`, `not` (enforced)".to_owned()
        }
        Rule::FiltersRequired { .. } => "`filters` is required (enforced)".to_owned(),
        Rule::FiltersExclusiveWith { parameter, .. } => format!(
            "`filters` cannot be combined with `{parameter}` (documented, not enforced: the library reads only the collection parameters)"
        ),
        Rule::TenantFeature {
            fields, sortable, ..
        } => format!(
            "some fields need a tenant feature ({}; documented only)",
            fields
                .iter()
                .chain(sortable)
                .map(|f| code(f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::Alias { field, to, .. } => {
            format!(
                "{} is read as {} (its records are read there)",
                code(field),
                code(to)
            )
        }
        Rule::PossibleValues { field, values, .. } => format!(
            "{} takes {} (documented only)",
            code(field),
            values.join(", ")
        ),
        Rule::PlusInValues { .. } => {
            "values containing `+` are not supported by SailPoint (documented only)".to_owned()
        }
        Rule::CallerScope { .. } => {
            "SailPoint narrows results to the caller (documented only)".to_owned()
        }
        Rule::VirtualField { field, .. } => format!(
            "{} searches several text fields (documented only)",
            code(field)
        ),
        Rule::ImplicitFilter { field, .. } => {
            format!("SailPoint filters {} itself (documented only)", code(field))
        }
        Rule::SortingUnsupported { .. } => "sorting is not supported".to_owned(),
        Rule::CaseInsensitive { .. } | Rule::DefaultSort { .. } => return None,
    })
}

/// The first published `filters` example the catalog accepts, in canonical form.
pub(crate) fn first_example(operation: &Operation) -> Option<&str> {
    operation
        .examples
        .iter()
        .filter(|e| e.parameter == "filters" && !e.negative)
        .find_map(|e| e.canonical.as_deref())
}

pub(crate) fn field_doc(field: &Field) -> String {
    let mut parts = Vec::new();
    let type_name = match field.field_type {
        FieldType::Any => "untyped (any value)".to_owned(),
        other => other.to_string(),
    };
    if field.ops.is_empty() {
        parts.push(format!("`{}` — {type_name}; not filterable", field.path));
    } else {
        parts.push(format!(
            "`{}` — {type_name}: {}",
            field.path,
            ops_text(&field.ops)
        ));
    }
    if field.sortable {
        parts.push("sortable".to_owned());
    }
    if field.case_sensitive {
        parts.push("case-sensitive".to_owned());
    }
    if field.wildcard {
        parts.push(format!(
            "a wildcard parent: its sub-fields (`{}.name`) take the same operators",
            field.path
        ));
    }
    if let Some(from) = &field.read_from {
        parts.push(format!("read from `{from}` in records"));
    }
    if !field.enum_values.is_empty() {
        let values: Vec<String> = field.enum_values.iter().map(|v| escape_doc(v)).collect();
        parts.push(format!("values: {}", values.join(", ")));
    }
    parts.join("; ") + "."
}

pub(crate) fn ops_text(ops: &[Op]) -> String {
    ops.iter()
        .map(|op| format!("`{op}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn composites_text(composites: &[Composite]) -> String {
    if composites.is_empty() {
        "none (a filter is a single condition)".to_owned()
    } else {
        composites
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Text in code quotes, safe in rustdoc.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// Text from the specs, safe in rustdoc: markdown and HTML characters escaped.
pub fn escape_doc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '[' | ']' | '*' | '_' | '`' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Rust string literal.
pub(crate) fn lit(text: &str) -> String {
    format!("{text:?}")
}

pub(crate) fn option_lit(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({})", lit(t)))
}
