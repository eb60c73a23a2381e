//! Field entries: the filter table and the sortable list, typed from the response's record
//! schema, then changed by the rules that concern fields.

use sailpoint_filters::{FieldType, Op};
use serde_json::Value;

use crate::docs::{FiltersDoc, SortersDoc};
use crate::model::{Decision, Field, Quirk, ResponseShape, Rule};
use crate::response::{Record, Scalar, Shape};

fn quirk(kind: &str, field: Option<&str>, detail: String, decision: Decision) -> Quirk {
    Quirk {
        kind: kind.to_owned(),
        field: field.map(str::to_owned),
        example: None,
        detail,
        decision,
    }
}

fn field_type_of(scalar: Scalar) -> FieldType {
    match scalar {
        Scalar::String => FieldType::String,
        Scalar::DateTime => FieldType::DateTime,
        Scalar::Boolean => FieldType::Boolean,
        Scalar::Integer => FieldType::Integer,
        Scalar::Number => FieldType::Number,
    }
}

/// Finds the response path a filter field stands for: itself; else, when exactly one path
/// matches, the same name in another case, the same name without dots (`policyName` ~
/// `policy.name`), or a path ending in `.name` (`access.type` ~ `accessSummary.access.type`).
/// Guessed paths never lead through an array of objects (a filter field is one value).
fn locate<'r>(record: &'r Record, path: &str) -> Option<(&'r str, &'static str)> {
    if let Some((found, _)) = record.paths.get_key_value(path) {
        return Some((found.as_str(), "exact"));
    }
    let single = |candidate: &&String| {
        let mut end = candidate.len();
        while let Some(dot) = candidate[..end].rfind('.') {
            end = dot;
            if record
                .paths
                .get(&candidate[..end])
                .is_some_and(|f| f.shape == Shape::ObjectCollection)
            {
                return false;
            }
        }
        true
    };
    let unique = |matches: Vec<&'r String>| match matches.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    let lower = path.to_ascii_lowercase();
    if let Some(found) = unique(
        record
            .paths
            .keys()
            .filter(|p| p.to_ascii_lowercase() == lower)
            .filter(single)
            .collect(),
    ) {
        return Some((found, "in another case"));
    }
    let squashed = lower.replace('.', "");
    if let Some(found) = unique(
        record
            .paths
            .keys()
            .filter(|p| p.to_ascii_lowercase().replace('.', "") == squashed)
            .filter(single)
            .collect(),
    ) {
        return Some((found, "by name without dots"));
    }
    let suffix = format!(".{path}");
    if let Some(found) = unique(
        record
            .paths
            .keys()
            .filter(|p| p.ends_with(&suffix))
            .filter(single)
            .collect(),
    ) {
        return Some((found, "as the end of a longer path"));
    }
    None
}

/// The nearest ancestor of an unknown path that the response declares without properties (a
/// free-form or untyped object), with what its example holds at the rest of the path.
fn undeclared_ancestor<'r>(
    record: &'r Record,
    path: &str,
) -> Option<(&'r str, &'r Shape, Option<&'r Value>)> {
    let mut end = path.len();
    while let Some(dot) = path[..end].rfind('.') {
        end = dot;
        if let Some((key, found)) = record.paths.get_key_value(&path[..end])
            && matches!(found.shape, Shape::Map | Shape::Untyped)
        {
            let rest = &path[end + 1..];
            let value = found
                .example
                .as_ref()
                .and_then(|example| rest.split('.').try_fold(example, |node, key| node.get(key)));
            return Some((key.as_str(), &found.shape, value));
        }
    }
    None
}

/// The type an example value shows.
fn type_of_example(value: &Value) -> Option<FieldType> {
    match value {
        Value::String(s) if s.parse::<jiff::Timestamp>().is_ok() => Some(FieldType::DateTime),
        Value::String(_) => Some(FieldType::String),
        Value::Bool(_) => Some(FieldType::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(FieldType::Integer),
        Value::Number(_) => Some(FieldType::Number),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
            Some(FieldType::StringCollection)
        }
        _ => None,
    }
}

/// Whether a field of this type can take the operator.
pub fn fits(field_type: FieldType, op: Op) -> bool {
    match op {
        Op::Co | Op::Sw => field_type.is_textual(),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => field_type.is_ordered(),
        Op::Ca => field_type.is_collection(),
        _ => true,
    }
}

/// The fields of an operation: the table's, then the sortable ones it does not list, each typed.
pub fn build_fields(
    filters_doc: &FiltersDoc,
    sorters_doc: &SortersDoc,
    record: &Record,
    quirks: &mut Vec<Quirk>,
) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    let mut listed: Vec<(String, Vec<Op>)> = filters_doc
        .entries
        .iter()
        .map(|e| (e.path.clone(), e.ops.clone()))
        .collect();
    for name in &sorters_doc.sortable {
        if !listed.iter().any(|(p, _)| p == name) {
            listed.push((name.clone(), Vec::new()));
        }
    }
    for (path, mut ops) in listed {
        if sailpoint_filters::FieldPath::new(path.clone()).is_err() {
            quirks.push(quirk(
                "invalidFieldName",
                Some(&path),
                format!("`{path}` is not a field path of the filter language; skipped"),
                Decision::Reject,
            ));
            continue;
        }
        let sortable = sorters_doc.sortable.contains(&path);
        ops.sort_by_key(|op| Op::ALL.iter().position(|o| o == op));
        let mut field = Field {
            path: path.clone(),
            ops,
            sortable,
            field_type: FieldType::Any,
            response_type: None,
            read_from: None,
            enum_values: Vec::new(),
            case_sensitive: false,
            wildcard: false,
        };
        type_field(&mut field, record, quirks);
        fields.push(field);
    }
    fields
}

/// Types a field from the record schema, recording how.
fn type_field(field: &mut Field, record: &Record, quirks: &mut Vec<Quirk>) {
    if record.shape == ResponseShape::None {
        return;
    }
    let path = field.path.clone();
    let role = if field.ops.is_empty() {
        "sortable field"
    } else {
        "filter field"
    };
    let Some((found_path, how)) = locate(record, &path) else {
        match undeclared_ancestor(record, &path) {
            Some((parent, shape, Some(value)))
                if type_of_example(value)
                    .is_some_and(|t| field.ops.iter().all(|op| fits(t, *op))) =>
            {
                let typed = type_of_example(value).unwrap_or(FieldType::Any);
                field.field_type = typed;
                quirks.push(quirk(
                    "typedFromSchemaExample",
                    Some(&path),
                    format!(
                        "`{parent}` is {} in the response schema; its example holds `{path}` as {value}, so the field is {typed}",
                        if *shape == Shape::Map { "a free-form object" } else { "untyped" }
                    ),
                    Decision::FromExample,
                ));
            }
            Some((parent, shape, _)) => quirks.push(quirk(
                if *shape == Shape::Map {
                    "underFreeFormObject"
                } else {
                    "underUntypedField"
                },
                Some(&path),
                format!(
                    "`{parent}` is {} in the response schema, so `{path}` has no declared type",
                    if *shape == Shape::Map {
                        "a free-form object"
                    } else {
                        "untyped"
                    }
                ),
                Decision::Untyped,
            )),
            None => quirks.push(quirk(
                "fieldNotInResponse",
                Some(&path),
                format!("the {role} `{path}` is not in the response schema"),
                Decision::Untyped,
            )),
        }
        return;
    };
    if found_path != path {
        field.read_from = Some(found_path.to_owned());
        quirks.push(quirk(
            "fieldNotInResponse",
            Some(&path),
            format!("the {role} `{path}` is not in the response schema; read from `{found_path}` (matched {how})"),
            Decision::ReadFrom,
        ));
    }
    let Some(found) = record.paths.get(found_path) else {
        return;
    };
    let mut response_type = None;
    field.field_type = match &found.shape {
        Shape::Scalar(s) => field_type_of(*s),
        Shape::Collection(Scalar::String) => FieldType::StringCollection,
        Shape::Map => {
            field.wildcard = !field.ops.is_empty();
            quirks.push(quirk(
                "freeFormField",
                Some(&path),
                format!(
                    "`{path}` is a free-form object in the response{}",
                    if field.wildcard {
                        "; its sub-fields are accepted with its operators"
                    } else {
                        ""
                    }
                ),
                if field.wildcard {
                    Decision::Accept
                } else {
                    Decision::Untyped
                },
            ));
            FieldType::Any
        }
        other => {
            let kind = match other {
                Shape::Untyped => "untypedInResponse",
                Shape::Conflict(_) => "conflictingTypes",
                Shape::Object | Shape::ObjectCollection => "objectField",
                _ => "collectionOfNonStrings",
            };
            response_type = Some(other.describe());
            quirks.push(quirk(
                kind,
                Some(&path),
                format!(
                    "the response schema has `{found_path}` as {}; the field is untyped",
                    other.describe()
                ),
                Decision::Untyped,
            ));
            FieldType::Any
        }
    };
    if matches!(
        found.shape,
        Shape::Scalar(Scalar::String) | Shape::Collection(Scalar::String)
    ) {
        field.enum_values = found.enum_values.clone();
    }
    let misfits: Vec<Op> = field
        .ops
        .iter()
        .copied()
        .filter(|op| !fits(field.field_type, *op))
        .collect();
    if !misfits.is_empty() {
        response_type = Some(found.shape.describe());
        quirks.push(quirk(
            "operatorTypeMismatch",
            Some(&path),
            format!(
                "the table lists {} for `{path}`, which the response types {}; the field is untyped so every listed operator is accepted",
                misfits.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(", "),
                found.shape.describe()
            ),
            Decision::Untyped,
        ));
        field.field_type = FieldType::Any;
        field.enum_values.clear();
    }
    if field.sortable && field.field_type == FieldType::StringCollection {
        quirks.push(quirk(
            "sortOnCollection",
            Some(&path),
            format!("`{path}` is sortable but holds several values"),
            Decision::Info,
        ));
    }
    field.response_type = response_type;
}

/// Applies the rules that change fields: case sensitivity and aliases.
pub fn apply_rules(rules: &[Rule], fields: &mut [Field], record: &Record, quirks: &mut Vec<Quirk>) {
    for rule in rules {
        match rule {
            Rule::CaseSensitive { fields: names, .. } => {
                for field in fields.iter_mut().filter(|f| !f.ops.is_empty() && f.field_type.is_textual()) {
                    if names.is_empty() || names.contains(&field.path) {
                        field.case_sensitive = true;
                    }
                }
            }
            Rule::Alias { field: name, to, .. } => {
                if let Some(field) = fields.iter_mut().find(|f| &f.path == name) {
                    field.read_from = Some(to.clone());
                    if let Some(found) = record.paths.get(to)
                        && let Shape::Scalar(s) = found.shape
                        && field.ops.iter().all(|op| fits(field_type_of(s), *op))
                    {
                        // Typed as the field it stands for; the untyped reading is superseded.
                        field.field_type = field_type_of(s);
                        field.response_type = None;
                        quirks.retain(|q| !(q.field.as_deref() == Some(name.as_str()) && q.decision == Decision::Untyped));
                    }
                }
            }
            Rule::TenantFeature { fields: names, sortable, .. } => {
                for name in names {
                    if !fields.iter().any(|f| &f.path == name && !f.ops.is_empty()) {
                        quirks.push(quirk(
                            "ruleNamesUnknownField",
                            Some(name),
                            format!("a tenant-feature sentence names `{name}`, which the filter table does not list"),
                            Decision::Info,
                        ));
                    }
                }
                for name in sortable {
                    if !fields.iter().any(|f| &f.path == name && f.sortable) {
                        quirks.push(quirk(
                            "ruleNamesUnknownField",
                            Some(name),
                            format!("a tenant-feature sentence names `{name}`, which the sorters description does not list"),
                            Decision::Info,
                        ));
                    }
                }
            }
            Rule::PossibleValues { field: name, values, .. } => match fields.iter_mut().find(|f| &f.path == name) {
                Some(field) => {
                    if !field.enum_values.is_empty() && field.enum_values != *values {
                        quirks.push(quirk(
                            "possibleValuesNotInResponse",
                            Some(name),
                            format!(
                                "the description lists values of `{name}` ({} of them) that the response's enum ({}) does not have; the description's are kept",
                                values.len(),
                                field.enum_values.join(", ")
                            ),
                            Decision::Info,
                        ));
                    }
                    field.enum_values = values.clone();
                }
                None => quirks.push(quirk(
                    "ruleNamesUnknownField",
                    Some(name),
                    format!("possible values are given for `{name}`, which the filter table does not list"),
                    Decision::Info,
                )),
            },
            _ => {}
        }
    }
}
