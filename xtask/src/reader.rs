//! How the library's own reader of the descriptions (`Schema::from_sailpoint_docs`, and the
//! example typing of `Schema::from_openapi`) reads an operation, compared with the catalog.

use sailpoint_filters::{Composite, FieldType, Op, Schema};
use serde_json::Value;

use crate::docs::FiltersDoc;
use crate::model::Field;

/// Where the library's reader of the descriptions reads them otherwise than the catalog.
pub fn reader_notes(
    filters: Option<&str>,
    sorters: Option<&str>,
    example: Option<&Value>,
    filters_doc: &FiltersDoc,
    fields: &[Field],
) -> Vec<String> {
    let mut notes = Vec::new();
    // The library's reader needs a table; an operation that only sorts gets a stand-in one.
    let filters_text = filters
        .filter(|_| !filters_doc.entries.is_empty())
        .unwrap_or("**_**: *eq*");
    match Schema::from_sailpoint_docs(filters_text, sorters.unwrap_or_default()) {
        Err(e) => notes.push(format!("Schema::from_sailpoint_docs fails: {e}")),
        Ok(schema) => {
            if filters.is_some() && !filters_doc.entries.is_empty() {
                let theirs: Vec<(String, Vec<Op>)> = schema
                    .fields()
                    .iter()
                    .map(|f| (f.path().as_str().to_owned(), f.operators().iter().collect()))
                    .collect();
                let mut ours: Vec<(String, Vec<Op>)> = filters_doc
                    .entries
                    .iter()
                    .map(|e| {
                        let mut ops = e.ops.clone();
                        ops.sort_by_key(|op| Op::ALL.iter().position(|o| o == op));
                        ops.dedup();
                        (e.path.clone(), ops)
                    })
                    .collect();
                let mut theirs_sorted = theirs.clone();
                theirs_sorted.sort();
                ours.sort();
                if theirs_sorted != ours {
                    notes.push(format!(
                        "fields differ: the library reads {theirs_sorted:?}, the catalog {ours:?}"
                    ));
                }
                let stated: Vec<Composite> = filters_doc
                    .composites
                    .clone()
                    .unwrap_or_else(|| Composite::ALL.to_vec());
                let theirs: Vec<Composite> = schema.composites().iter().collect();
                let mut stated_sorted = stated;
                stated_sorted.sort();
                if theirs != stated_sorted {
                    notes.push(format!("composites differ: the library reads {theirs:?}, the description states {stated_sorted:?}"));
                }
            }
            let mut theirs: Vec<&str> = schema.sortable().iter().map(|p| p.as_str()).collect();
            let mut ours: Vec<&str> = fields
                .iter()
                .filter(|f| f.sortable)
                .map(|f| f.path.as_str())
                .collect();
            theirs.sort_unstable();
            ours.sort_unstable();
            if theirs != ours {
                notes.push(format!(
                    "sortable fields differ: the library reads {theirs:?}, the catalog {ours:?}"
                ));
            }
            if schema.fields().iter().any(|f| f.is_case_sensitive())
                != fields.iter().any(|f| f.case_sensitive)
            {
                notes.push(
                    "case sensitivity: the library reads none, the description states some"
                        .to_owned(),
                );
            }
        }
    }
    // Schema::from_openapi types untyped fields from the `example` filter's values.
    if let Some(Value::String(example)) = example
        && let Ok(filter) = sailpoint_filters::Filter::parse(example)
    {
        for (condition, _) in filter.conditions() {
            let Some(field) = fields.iter().find(|f| f.path == condition.field().as_str()) else {
                continue;
            };
            let Some(value) = condition.values().first() else {
                continue;
            };
            use sailpoint_filters::Value as V;
            let inferred = match value {
                V::String(s) if matches!(s.as_str(), "true" | "false") => FieldType::Boolean,
                V::String(s) if s.parse::<jiff::Timestamp>().is_ok() => FieldType::DateTime,
                V::String(_) => FieldType::String,
                V::Boolean(_) => FieldType::Boolean,
                V::Integer(_) => FieldType::Integer,
                V::Float(_) => FieldType::Number,
                V::DateTime(_) => FieldType::DateTime,
            };
            if field.field_type != FieldType::Any && inferred != field.field_type {
                notes.push(format!(
                    "Schema::from_openapi types `{}` as {inferred} from the example `{example}`; the response schema says {}",
                    field.path, field.field_type
                ));
            }
        }
    }
    notes
}
