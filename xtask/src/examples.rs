//! The published examples, checked against the schema the catalog gives their operation.
//!
//! Each example is parsed with the library (lenient and strict syntax) and validated against a
//! [`Schema`] built from the catalog's fields, then against the per-endpoint rules. What fails,
//! and what passes only thanks to a lenient reading, becomes a quirk of the operation with the
//! decision the catalog takes.

use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::{
    Composite, FieldPath, FieldSpec, FieldType, Filter, FilterKind, Op, OperatorSet, ParseOptions,
    Schema, Sorters, Syntax, Value,
};

use crate::model::{Acceptance, Decision, Example, Field, Quirk, Rule};

/// What an example is checked against.
pub struct Target<'a> {
    /// The operation, for messages.
    pub operation_id: &'a str,
    /// Its fields.
    pub fields: &'a [Field],
    /// Its composite operators.
    pub composites: &'a [Composite],
    /// Its rules.
    pub rules: &'a [Rule],
}

/// Where an example was found and what it is.
pub struct Published<'a> {
    /// `filters` or `sorters`.
    pub parameter: &'a str,
    /// Where.
    pub from: &'a str,
    /// As published.
    pub text: &'a str,
    /// Published as refused.
    pub negative: bool,
    /// Part of a URL (`?filters=…`), so percent-encoding is expected.
    pub in_url: bool,
}

fn quirk(
    kind: &str,
    field: Option<&str>,
    example: &str,
    detail: String,
    decision: Decision,
) -> Quirk {
    Quirk {
        kind: kind.to_owned(),
        field: field.map(str::to_owned),
        example: Some(example.to_owned()),
        detail,
        decision,
    }
}

/// The library schema the catalog's fields describe: fields with their types, operators,
/// case rule and wildcard flag, the composite operators and the sortable fields. (The
/// per-endpoint rules are checked apart, by [`rule_violations`], so that each broken rule
/// becomes its own quirk.)
pub fn library_schema(target: &Target<'_>) -> Schema {
    let mut schema =
        Schema::new(target.operation_id).with_composites(target.composites.iter().copied());
    for field in target.fields.iter().filter(|f| !f.ops.is_empty()) {
        let Ok(path) = FieldPath::new(field.path.clone()) else {
            continue;
        };
        let operators = field.ops.iter().copied().collect::<OperatorSet>();
        let Ok(mut spec) = FieldSpec::new(path, field.field_type, operators) else {
            continue;
        };
        if field.case_sensitive {
            spec = spec.case_sensitive();
        }
        if field.wildcard {
            spec = spec.wildcard();
        }
        schema = schema.with_field_spec(spec);
    }
    for field in target.fields.iter().filter(|f| f.sortable) {
        if let Ok(path) = FieldPath::new(field.path.clone()) {
            schema = schema.with_sortable_path(path);
        }
    }
    schema
}

/// The wildcard field `path` is a sub-field of, if any.
pub fn wildcard_parent<'f>(fields: &'f [Field], path: &str) -> Option<&'f Field> {
    fields.iter().filter(|f| f.wildcard).find(|f| {
        path.strip_prefix(f.path.as_str())
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Checks one published example.
pub fn check(target: &Target<'_>, published: &Published<'_>) -> (Example, Vec<Quirk>) {
    let mut quirks = Vec::new();
    let raw = published.text;
    let (accepted, canonical) = if published.parameter == "sorters" {
        check_sorters(target, raw, &mut quirks)
    } else {
        check_filters(target, published, &mut quirks)
    };
    let example = Example {
        parameter: published.parameter.to_owned(),
        from: published.from.to_owned(),
        text: raw.to_owned(),
        negative: published.negative,
        accepted,
        canonical,
    };
    (example, quirks)
}

fn check_sorters(
    target: &Target<'_>,
    raw: &str,
    quirks: &mut Vec<Quirk>,
) -> (Acceptance, Option<String>) {
    let mut text = raw.trim();
    let mut refused = false;
    if let Some(rest) = text.strip_prefix("sorters=") {
        quirks.push(quirk(
            "pastedParameter",
            None,
            raw,
            "the example includes the parameter name `sorters=`; refused as written".to_owned(),
            Decision::Reject,
        ));
        refused = true;
        text = rest;
    }
    let sorters = match Sorters::parse(text) {
        Ok(sorters) => sorters,
        Err(e) => {
            quirks.push(quirk(
                "unparsable",
                None,
                raw,
                e.message(),
                Decision::Reject,
            ));
            return (Acceptance::Refused, None);
        }
    };
    for key in sorters.keys() {
        let field = key.field.as_str();
        let sortable = target.fields.iter().any(|f| f.sortable && f.path == field);
        if sortable {
            continue;
        }
        if let Some(parent) = wildcard_parent(target.fields, field).filter(|p| p.sortable) {
            quirks.push(quirk(
                "wildcardSubField",
                Some(field),
                raw,
                format!(
                    "`{field}` is a sub-field of the free-form sortable field `{}`",
                    parent.path
                ),
                Decision::Accept,
            ));
            continue;
        }
        let known: Vec<&str> = target
            .fields
            .iter()
            .filter(|f| f.sortable)
            .map(|f| f.path.as_str())
            .collect();
        let close = sailpoint_filters_closest(field, &known);
        quirks.push(quirk(
            "unknownSortField",
            Some(field),
            raw,
            match close {
                Some(c) => format!("`{field}` is not sortable (did you mean `{c}`?)"),
                None => format!("`{field}` is not among the sortable fields"),
            },
            Decision::Reject,
        ));
        refused = true;
    }
    if refused {
        (Acceptance::Refused, None)
    } else {
        (Acceptance::Strict, Some(sorters.to_string()))
    }
}

/// The closest name, as the library's suggestions pick it: another case, else a small edit.
fn sailpoint_filters_closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let schema = known
        .iter()
        .filter_map(|k| FieldPath::new((*k).to_owned()).ok())
        .fold(Schema::new("x"), Schema::with_sortable_path);
    let found = schema.closest_sortable(name)?;
    known.iter().copied().find(|k| *k == found)
}

fn check_filters(
    target: &Target<'_>,
    published: &Published<'_>,
    quirks: &mut Vec<Quirk>,
) -> (Acceptance, Option<String>) {
    let raw = published.text;
    let mut refused = false;
    let mut text = raw.trim().to_owned();
    if let Some(rest) = text.strip_prefix('?') {
        text = rest.to_owned();
    }
    if let Some(rest) = text.strip_prefix("filters=") {
        if !published.in_url && !raw.trim_start().starts_with('?') {
            quirks.push(quirk(
                "pastedParameter",
                None,
                raw,
                "the example includes the parameter name `filters=`; refused as written, analysed without it".to_owned(),
                Decision::Reject,
            ));
            refused = true;
        }
        text = rest.to_owned();
    }
    if published.in_url || raw.trim_start().starts_with('?') {
        let decoded: String = form_urlencoded::parse(format!("f={text}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if decoded != text {
            quirks.push(quirk(
                "urlEncoded",
                None,
                raw,
                format!("given URL-encoded; read as `{decoded}`"),
                Decision::Info,
            ));
            text = decoded;
        }
    }
    let lenient = ParseOptions::default();
    let filter = match Filter::parse_with(&text, &lenient) {
        Ok(filter) => filter,
        Err(error) => {
            let parts = split_top_level_commas(&text);
            let repaired = (parts.len() > 1)
                .then(|| parts.join(" and "))
                .and_then(|joined| Filter::parse_with(&joined, &lenient).ok());
            let closed =
                close_string(&text, error.span().map_or(0, |s| s.start)).and_then(|closed| {
                    Filter::parse_with(&closed, &lenient)
                        .ok()
                        .map(|f| (closed, f))
                });
            if repaired.is_none()
                && let Some((closed, filter)) = closed
            {
                quirks.push(quirk(
                    "unparsable",
                    None,
                    raw,
                    format!("{}; refused (analysed as `{closed}`)", error.message()),
                    Decision::Reject,
                ));
                return finish(target, published, quirks, filter, &text, true);
            }
            match repaired {
                Some(filter) => {
                    quirks.push(quirk(
                        "commaAsAnd",
                        None,
                        raw,
                        "conditions are separated by commas; the language has no comma operator, so refused (analysed as `and`)".to_owned(),
                        Decision::Reject,
                    ));
                    refused = true;
                    filter
                }
                None => {
                    if published.negative {
                        quirks.push(quirk(
                            "negativeExampleMalformed",
                            None,
                            raw,
                            format!(
                                "the example of a refused filter does not even parse: {}",
                                error.message()
                            ),
                            Decision::Info,
                        ));
                    } else {
                        quirks.push(quirk(
                            "unparsable",
                            None,
                            raw,
                            error.message(),
                            Decision::Reject,
                        ));
                    }
                    return (Acceptance::Refused, None);
                }
            }
        }
    };
    finish(target, published, quirks, filter, &text, refused)
}

/// Checks a parsed example against the schema and the rules.
fn finish(
    target: &Target<'_>,
    published: &Published<'_>,
    quirks: &mut Vec<Quirk>,
    filter: Filter,
    text: &str,
    refused: bool,
) -> (Acceptance, Option<String>) {
    let raw = published.text;
    let strict = ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    };
    let mut lenient_only = false;
    if let Err(error) = Filter::parse_with(text, &strict)
        && !refused
    {
        lenient_only = true;
        quirks.push(quirk(
            "lenientSyntax",
            None,
            raw,
            error.message(),
            Decision::Lenient,
        ));
    }
    // Sub-fields of wildcard parents.
    let mut extra = Vec::new();
    for (condition, _) in filter.conditions() {
        let field = condition.field().as_str();
        if !target
            .fields
            .iter()
            .any(|f| f.path == field && !f.ops.is_empty())
            && let Some(parent) = wildcard_parent(target.fields, field)
            && !extra.iter().any(|e| e == field)
        {
            extra.push(field.to_owned());
            quirks.push(quirk(
                "wildcardSubField",
                Some(field),
                raw,
                format!("`{field}` is a sub-field of the free-form field `{}`; accepted with its operators", parent.path),
                Decision::Accept,
            ));
        }
    }
    let schema = library_schema(target);
    value_notes(target, &filter, raw, quirks);
    let checked = match filter.check(&schema, Syntax::Lenient) {
        Ok(checked) => Some(checked),
        Err(error) => {
            for problem in error.problems() {
                let (kind, field) = match problem.kind() {
                    CheckProblem::UnknownField {
                        field, suggestion, ..
                    } => {
                        let case = suggestion
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(field));
                        (
                            if case { "fieldCase" } else { "unknownField" },
                            Some(field.clone()),
                        )
                    }
                    CheckProblem::OperatorNotAllowed { field, .. } => {
                        ("operatorNotInTable", Some(field.clone()))
                    }
                    CheckProblem::WrongValueType { field, .. } => {
                        ("wrongValueType", Some(field.clone()))
                    }
                    CheckProblem::CompositeNotAllowed { .. } => ("compositeNotAllowed", None),
                    _ => ("invalid", None),
                };
                if !published.negative {
                    quirks.push(quirk(
                        kind,
                        field.as_deref(),
                        raw,
                        problem.kind().to_string(),
                        Decision::Reject,
                    ));
                }
            }
            None
        }
    };
    let violations = rule_violations(&filter, target.rules);
    match (
        published.negative,
        checked.is_some() && violations.is_empty(),
    ) {
        (false, _) => {
            for violation in &violations {
                quirks.push(quirk(
                    "ruleViolated",
                    None,
                    raw,
                    violation.clone(),
                    Decision::Reject,
                ));
            }
        }
        (true, true) => quirks.push(quirk(
            "negativeExampleAccepted",
            None,
            raw,
            "published as refused, but the catalog's schema and rules accept it".to_owned(),
            Decision::Info,
        )),
        (true, false) => {}
    }
    match checked {
        Some(checked) if violations.is_empty() && !refused => (
            if lenient_only {
                Acceptance::Lenient
            } else {
                Acceptance::Strict
            },
            Some(checked.to_string()),
        ),
        _ => (Acceptance::Refused, None),
    }
}

/// Notes on values that pass only because the library reads them leniently, or that look like
/// something other than what they are.
fn value_notes(target: &Target<'_>, filter: &Filter, raw: &str, quirks: &mut Vec<Quirk>) {
    for (condition, _) in filter.conditions() {
        let path = condition.field().as_str();
        let Some(field) = target.fields.iter().find(|f| f.path == path) else {
            continue;
        };
        let date_like = {
            let lower = path.to_ascii_lowercase();
            ["time", "date", "created", "modified"]
                .iter()
                .any(|w| lower.contains(w))
                || field
                    .response_type
                    .as_deref()
                    .is_some_and(|t| t.contains("date-time"))
        };
        for value in condition.values() {
            match value {
                Value::String(s)
                    if field.field_type == FieldType::Boolean
                        && matches!(s.as_str(), "true" | "false") =>
                {
                    quirks.push(quirk(
                        "quotedBoolean",
                        Some(path),
                        raw,
                        format!("boolean written as the string \"{s}\"; read as {s}"),
                        Decision::Accept,
                    ));
                }
                Value::String(s)
                    if field.field_type == FieldType::DateTime
                        && s.parse::<jiff::Timestamp>().is_ok() =>
                {
                    quirks.push(quirk(
                        "quotedDateTime",
                        Some(path),
                        raw,
                        format!("date-time written as a string \"{s}\"; read as a date-time"),
                        Decision::Accept,
                    ));
                }
                Value::String(s) if is_date_only(s) => {
                    quirks.push(quirk(
                        "dateOnly",
                        Some(path),
                        raw,
                        format!(
                            "\"{s}\" is a date without a time; {}",
                            if field.field_type == FieldType::DateTime {
                                "a date-time field refuses it"
                            } else {
                                "the field is untyped, so it is compared as a string"
                            }
                        ),
                        if field.field_type == FieldType::DateTime {
                            Decision::Reject
                        } else {
                            Decision::Accept
                        },
                    ));
                }
                Value::Integer(n) if date_like && (1_000_000_000..100_000_000_000).contains(n) => {
                    quirks.push(quirk(
                        "epochSeconds",
                        Some(path),
                        raw,
                        format!(
                            "{n} is a time in seconds since 1970; {}",
                            if field.field_type == FieldType::DateTime {
                                "a date-time field refuses it"
                            } else {
                                "the field is untyped, so it is compared as a number"
                            }
                        ),
                        if field.field_type == FieldType::DateTime {
                            Decision::Reject
                        } else {
                            Decision::Accept
                        },
                    ));
                }
                Value::String(s) if s.is_empty() => {
                    quirks.push(quirk(
                        "emptyString",
                        Some(path),
                        raw,
                        "compares with the empty string".to_owned(),
                        Decision::Accept,
                    ));
                }
                _ => {}
            }
            if let Value::String(s) = value
                && !field.enum_values.is_empty()
                && !field.enum_values.iter().any(|v| v == s)
            {
                let case = field.enum_values.iter().find(|v| v.eq_ignore_ascii_case(s));
                quirks.push(quirk(
                    "valueNotInEnum",
                    Some(path),
                    raw,
                    match case {
                        Some(v) => format!("\"{s}\" is `{v}` of the response's enum in another case (comparisons ignore case)"),
                        None => format!("\"{s}\" is none of the response's values: {}", field.enum_values.join(", ")),
                    },
                    Decision::Info,
                ));
            }
        }
    }
}

/// The text with the string opened at `quote` closed before the next `and`/`or`, if there is one.
fn close_string(text: &str, quote: usize) -> Option<String> {
    let rest = text.get(quote + 1..)?;
    let end = [" and ", " or "]
        .iter()
        .filter_map(|k| rest.find(k))
        .min()?;
    let at = quote + 1 + end;
    Some(format!("{}\"{}", &text[..at], &text[at..]))
}

fn is_date_only(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Splits at commas outside quotes and parentheses.
fn split_top_level_commas(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(current.trim().to_owned());
                    current.clear();
                    continue;
                }
                _ => {}
            },
        }
        current.push(c);
    }
    parts.push(current.trim().to_owned());
    parts
}

/// How a filter breaks the operation's rules (one message per broken rule).
pub fn rule_violations(filter: &Filter, rules: &[Rule]) -> Vec<String> {
    let mut junctions = 0usize;
    let mut nots = Vec::new();
    let mut repeated = Vec::new();
    let mut stack = vec![filter];
    while let Some(node) = stack.pop() {
        match node.kind() {
            FilterKind::And(children) | FilterKind::Or(children) => {
                junctions += children.len().saturating_sub(1);
                let mut seen: Vec<&str> = Vec::new();
                for child in children {
                    if let FilterKind::Condition(c) = child.kind() {
                        let field = c.field().as_str();
                        if seen.contains(&field) {
                            repeated.push(field.to_owned());
                        }
                        seen.push(field);
                    }
                }
                stack.extend(children.iter());
            }
            FilterKind::Not(child) => {
                nots.push(matches!(child.kind(), FilterKind::Condition(c) if c.op() == Op::In));
                stack.push(child);
            }
            FilterKind::Condition(_) => {}
        }
    }
    let mut out = Vec::new();
    for rule in rules {
        match rule {
            Rule::MaxComposites { max, .. } if junctions > *max as usize => {
                out.push(format!(
                    "{junctions} `and`/`or` operators; at most {max} allowed"
                ));
            }
            Rule::CompositeJoinsDistinctFields { .. } if !repeated.is_empty() => {
                out.push(format!(
                    "`and`/`or` joins two conditions on `{}`",
                    repeated.join("`, `")
                ));
            }
            Rule::NotOnlyBeforeIn { max, .. } => {
                if nots.len() > *max as usize {
                    out.push(format!("{} `not`s; at most {max} allowed", nots.len()));
                }
                if nots.iter().any(|before_in| !before_in) {
                    out.push(
                        "`not` stands before something other than an `in` condition".to_owned(),
                    );
                }
            }
            Rule::SingleCondition { .. } if !matches!(filter.kind(), FilterKind::Condition(_)) => {
                out.push("only a single condition is allowed".to_owned());
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
#[path = "examples_tests.rs"]
mod tests;
