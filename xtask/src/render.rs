//! The pieces of generated code `generate` writes: the parts of an `operation!` call (a
//! field's line, the parameters, composites, limits and rules) and the text of the generated
//! docs.

use std::fmt::Write as _;

use sailpoint_filters::{Composite, FieldType, Op};

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

/// A field type as declarations write it (`endpoint!`'s type names).
pub(crate) fn declared_type(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::String => "string",
        FieldType::Boolean => "boolean",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::DateTime => "date_time",
        FieldType::StringCollection => "string_collection",
        _ => "any",
    }
}

/// A field's line in an `operation!` call: `fn name("path"): type [operators]`, then
/// `sort []`, `flags [case_sensitive, wildcard]`, `reads "path"` and `values [..]` where they
/// apply.
pub(crate) fn field_line(field: &Field, name: &str) -> Result<String, String> {
    let ops: Vec<String> = field.ops.iter().map(Op::to_string).collect();
    let mut line = format!(
        "fn {name}({}): {} [{}]",
        lit(&field.path),
        declared_type(field.field_type),
        ops.join(", ")
    );
    if field.sortable {
        line.push_str(" sort []");
    }
    let flags: Vec<&str> = [
        (field.case_sensitive, "case_sensitive"),
        (field.wildcard, "wildcard"),
    ]
    .into_iter()
    .filter_map(|(on, flag)| on.then_some(flag))
    .collect();
    if !flags.is_empty() {
        let _ = write!(line, " flags [{}]", flags.join(", "));
    }
    if let Some(from) = &field.read_from {
        let _ = write!(line, " reads {}", lit(from));
    }
    if !field.enum_values.is_empty() {
        // The field's documentation shows the values as code spans.
        if let Some(value) = field.enum_values.iter().find(|v| v.contains('`')) {
            return Err(format!(
                "a value of `{}` contains a backtick: {value:?}",
                field.path
            ));
        }
        let values: Vec<String> = field.enum_values.iter().map(|v| lit(v)).collect();
        let _ = write!(line, " values [{}]", values.join(", "));
    }
    Ok(line)
}

/// The collection parameters by name, as `operation!` takes them (the extra ones by the
/// identifiers of `extra_params`).
pub(crate) fn parameters_list(parameters: &[String]) -> Result<String, String> {
    const KNOWN: [&str; 5] = ["filters", "sorters", "offset", "limit", "count"];
    let mut idents = Vec::with_capacity(parameters.len());
    for parameter in parameters {
        match KNOWN.iter().find(|known| **known == parameter.as_str()) {
            Some(known) => idents.push(*known),
            None => idents.push(
                crate::extra_params::identifier(parameter)
                    .ok_or_else(|| format!("unknown collection parameter `{parameter}`"))?,
            ),
        }
    }
    Ok(idents.join(", "))
}

pub(crate) fn composites_list(composites: &[Composite]) -> String {
    composites
        .iter()
        .map(Composite::to_string)
        .collect::<Vec<_>>()
        .join(", ")
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

/// The `limit` bounds as `operation!` takes them: `min, max, default`, or nothing.
pub(crate) fn limit_list(limit: Option<Limit>) -> String {
    match limit_bounds(limit) {
        Some((min, max, default)) => format!("{min}, {max}, {default}"),
        None => String::new(),
    }
}

pub(crate) fn limit_text(limit: Option<Limit>) -> String {
    match limit_bounds(limit) {
        Some((min, max, default)) => format!("{min} to {max}, default {default}"),
        None => "no `limit` parameter (the standard 0 to 250 applies)".to_owned(),
    }
}

/// The library's [`FilterRules`](sailpoint_filters::FilterRules) the rules give, as the
/// builder calls `operation!` takes: `with_max_junctions(1), with_distinct_fields()`.
pub(crate) fn rules_list(rules: &[Rule]) -> String {
    let mut calls = Vec::new();
    for rule in rules {
        match rule {
            Rule::MaxComposites { max, .. } => calls.push(format!("with_max_junctions({max})")),
            Rule::CompositeJoinsDistinctFields { .. } => {
                calls.push("with_distinct_fields()".to_owned());
            }
            Rule::NotOnlyBeforeIn { max, .. } => {
                calls.push(format!("with_not_only_before_in({max})"));
            }
            Rule::FiltersRequired { .. } => calls.push("with_filters_required()".to_owned()),
            _ => {}
        }
    }
    calls.join(", ")
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
