//! Schemas read from the text SailPoint publishes in its API descriptions.

use pest::Parser as _;

use crate::filter::{FieldPath, Op};

use super::{Composite, CompositeSet, FieldSpec, FieldType, OperatorSet, Schema, SchemaError};

/// The parser pest derives from `grammar/docs.pest`.
mod grammar {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/docs.pest"]
    pub(super) struct Grammar;
}

use grammar::Grammar;

impl Schema {
    /// Reads a schema from the descriptions SailPoint publishes for the `filters` and `sorters`
    /// parameters of an endpoint.
    ///
    /// The filters text lists `**field**: *op, op*` entries and may state
    /// `Supported composite operators are *and, or*` (otherwise `and`, `or` and `not` are
    /// allowed). The sorters text says `Sorting is supported for the following fields:
    /// **a, b**`; pass `""` for an endpoint that does not sort.
    ///
    /// The texts do not state field types. A field whose documented values are `"true"` or
    /// `"false"` is boolean; every other field is [`FieldType::Any`] and takes any scalar value.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Schema};
    ///
    /// let schema = Schema::from_sailpoint_docs(
    ///     r#"Filtering is supported for the following fields and operators: **saved**: *eq* "true" or "false" **name**: *eq, sw*"#,
    ///     "Sorting is supported for the following fields: **createdBy, createdDate**",
    /// )?;
    /// assert_eq!(schema.field("saved").unwrap().field_type(), FieldType::Boolean);
    /// assert_eq!(schema.field("name").unwrap().operators().to_string(), "eq, sw");
    /// assert!(schema.is_sortable("createdBy"));
    /// # Ok::<(), sailpoint_filters::SchemaError>(())
    /// ```
    pub fn from_sailpoint_docs(
        filters_text: &str,
        sorters_text: &str,
    ) -> Result<Schema, SchemaError> {
        let mut schema = Schema::new(Schema::UNNAMED);
        schema.read_filters_doc(filters_text)?;
        schema.read_sorters_doc(sorters_text)?;
        Ok(schema)
    }

    pub(super) fn read_filters_doc(&mut self, text: &str) -> Result<(), SchemaError> {
        use grammar::Rule;
        let doc = Grammar::parse(Rule::filters_doc, text)
            .map_err(|_| SchemaError::NoFilterFields)?
            .next()
            .ok_or(SchemaError::NoFilterFields)?;
        for item in doc.into_inner() {
            match item.as_rule() {
                Rule::field_entry => {
                    let mut path = None;
                    let mut operators = OperatorSet::EMPTY;
                    let mut hints = Vec::new();
                    for part in item.into_inner() {
                        match part.as_rule() {
                            Rule::doc_path => path = Some(part.as_str()),
                            Rule::doc_ops => operators = read_ops(part, path.unwrap_or_default())?,
                            Rule::value_hints => {
                                hints = part
                                    .into_inner()
                                    .map(|h| h.as_str().trim_matches('"'))
                                    .collect()
                            }
                            _ => {}
                        }
                    }
                    let text = path.unwrap_or_default();
                    let path =
                        FieldPath::new(text.to_owned()).map_err(|_| SchemaError::InvalidField {
                            field: text.to_owned(),
                        })?;
                    let is_boolean =
                        !hints.is_empty() && hints.iter().all(|h| matches!(*h, "true" | "false"));
                    let field_type = if is_boolean {
                        FieldType::Boolean
                    } else {
                        FieldType::Any
                    };
                    let spec = FieldSpec::new(path, FieldType::Any, operators)?.typed(field_type);
                    self.fields.retain(|f| f.path != spec.path);
                    self.fields.push(spec);
                }
                Rule::composites => {
                    let mut set = Vec::new();
                    for op in item.into_inner().flat_map(|ops| ops.into_inner()) {
                        set.push(match op.as_str() {
                            "and" => Composite::And,
                            "or" => Composite::Or,
                            "not" => Composite::Not,
                            other => {
                                return Err(SchemaError::UnknownComposite {
                                    found: other.to_owned(),
                                });
                            }
                        });
                    }
                    self.composites = CompositeSet::of(&set);
                }
                _ => {}
            }
        }
        if self.fields.is_empty() {
            return Err(SchemaError::NoFilterFields);
        }
        Ok(())
    }

    pub(super) fn read_sorters_doc(&mut self, text: &str) -> Result<(), SchemaError> {
        use grammar::Rule;
        if text.trim().is_empty() {
            return Ok(());
        }
        let doc = Grammar::parse(Rule::sorters_doc, text)
            .map_err(|_| SchemaError::NoSortableFields)?
            .next()
            .ok_or(SchemaError::NoSortableFields)?;
        for sentence in doc.into_inner().filter(|p| p.as_rule() == Rule::sortable) {
            for path in sentence.into_inner().flat_map(|paths| paths.into_inner()) {
                let field = path.as_str();
                let path =
                    FieldPath::new(field.to_owned()).map_err(|_| SchemaError::InvalidField {
                        field: field.to_owned(),
                    })?;
                self.add_sortable(path);
            }
        }
        if self.sortable.is_empty() {
            return Err(SchemaError::NoSortableFields);
        }
        Ok(())
    }
}

fn read_ops(
    pair: pest::iterators::Pair<'_, grammar::Rule>,
    field: &str,
) -> Result<OperatorSet, SchemaError> {
    pair.into_inner()
        .map(|op| {
            op.as_str()
                .parse::<Op>()
                .map_err(|_| SchemaError::UnknownOperator {
                    field: field.to_owned(),
                    found: op.as_str().to_owned(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_composites_and_multiline_entries() {
        let text = "Filtering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**created**: *gt, lt, ge, le*\n\nSupported composite operators are *and, or*";
        let schema = Schema::from_sailpoint_docs(text, "").unwrap();
        assert_eq!(
            schema.field("id").unwrap().operators().to_string(),
            "eq, in"
        );
        assert_eq!(
            schema.field("created").unwrap().operators().to_string(),
            "gt, ge, lt, le"
        );
        assert_eq!(schema.composites().to_string(), "and, or");
        assert!(schema.sortable().is_empty());
    }

    #[test]
    fn rejects_unreadable_text() {
        assert_eq!(
            Schema::from_sailpoint_docs("no fields here", "").unwrap_err(),
            SchemaError::NoFilterFields
        );
        assert_eq!(
            Schema::from_sailpoint_docs("**a**: *eq, like*", "").unwrap_err(),
            SchemaError::UnknownOperator {
                field: "a".into(),
                found: "like".into()
            }
        );
        assert_eq!(
            Schema::from_sailpoint_docs("**a**: *eq*", "sorted by name").unwrap_err(),
            SchemaError::NoSortableFields
        );
    }

    #[test]
    fn a_boolean_hint_types_only_a_field_whose_operators_allow_it() {
        let schema = Schema::from_sailpoint_docs(
            r#"**a**: *eq* "true" or "false" **b**: *eq, sw* "true""#,
            "",
        )
        .unwrap();
        assert_eq!(schema.field("a").unwrap().field_type(), FieldType::Boolean);
        // `sw` does not apply to booleans: the field stays untyped.
        assert_eq!(schema.field("b").unwrap().field_type(), FieldType::Any);
        assert!(schema.field("b").unwrap().operators().contains(Op::Sw));
    }
}
