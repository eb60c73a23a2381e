//! What an endpoint supports: filterable fields with their types and operators, composite
//! operators, sortable fields, and its `limit` bounds.
//!
//! A [`Schema`] comes from an endpoint declaration (see [`crate::endpoints`] and the
//! [`endpoint!`](crate::endpoint!) macro), is built in code, is read from JSON, or is read from
//! the text SailPoint publishes in its API descriptions ([`Schema::from_sailpoint_docs`],
//! [`Schema::from_openapi`]). Its fields are private: every schema is consistent (each
//! operator applies to its field's type, each sortable field is a field path, the default
//! `limit` is within the maximum).
//!
//! ```
//! use sailpoint_filters::{FieldType, Op, Schema};
//!
//! let schema = Schema::new("role-mining-sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
//!     .with_sortable(["createdBy", "createdDate"]);
//!
//! assert_eq!(schema.field("name").unwrap().operators().to_string(), "eq, sw");
//! assert!(schema.is_sortable("createdDate"));
//! assert_eq!(schema.closest_field("nmae"), Some("name"));
//! ```

mod docs;
mod field;
mod openapi;
mod records;
mod rules;
mod types;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::filter::{FieldPath, Op};
use crate::paging::Paging;

pub use field::FieldSpec;
pub use records::RecordError;
pub use rules::FilterRules;
pub use types::{Composite, CompositeSet, FieldType, OperatorSet};

/// What one collection endpoint supports.
///
/// See the [module documentation](self) for an example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "SchemaRepr")]
pub struct Schema {
    endpoint: String,
    fields: Vec<FieldSpec>,
    composites: CompositeSet,
    sortable: Vec<FieldPath>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sort_by: BTreeMap<FieldPath, Vec<FieldPath>>,
    #[serde(skip_serializing_if = "is_standard_limit")]
    max_limit: u32,
    #[serde(skip_serializing_if = "is_standard_limit")]
    default_limit: u32,
    #[serde(skip_serializing_if = "is_zero")]
    min_limit: u32,
    #[serde(skip_serializing_if = "FilterRules::is_none")]
    rules: FilterRules,
    /// Whether any field not listed is filterable (untyped, every operator) and sortable.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    open: bool,
}

fn is_zero(limit: &u32) -> bool {
    *limit == 0
}

fn is_standard_limit(limit: &u32) -> bool {
    *limit == Paging::MAX_LIMIT
}

/// The JSON shape of a schema, checked as it is read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SchemaRepr {
    endpoint: String,
    fields: Vec<FieldSpec>,
    #[serde(default)]
    composites: CompositeSet,
    #[serde(default)]
    sortable: Vec<FieldPath>,
    #[serde(default)]
    sort_by: BTreeMap<FieldPath, Vec<FieldPath>>,
    #[serde(default = "standard_limit")]
    max_limit: u32,
    #[serde(default = "standard_limit")]
    default_limit: u32,
    #[serde(default)]
    min_limit: u32,
    #[serde(default)]
    rules: FilterRules,
    #[serde(default)]
    open: bool,
}

fn standard_limit() -> u32 {
    Paging::MAX_LIMIT
}

impl TryFrom<SchemaRepr> for Schema {
    type Error = SchemaError;

    fn try_from(repr: SchemaRepr) -> Result<Schema, SchemaError> {
        let mut schema = Schema::new(repr.endpoint).with_composites(repr.composites.iter());
        for field in repr.fields {
            schema = schema.with_field_spec(field);
        }
        for field in repr.sortable {
            schema.add_sortable(field);
        }
        for (field, by) in repr.sort_by {
            if !schema.is_sortable(field.as_str()) {
                schema.add_sortable(field.clone());
            }
            schema.sort_by.insert(field, by);
        }
        schema.rules = repr.rules;
        schema.open = repr.open;
        schema.try_with_limit_range(repr.min_limit, repr.max_limit, repr.default_limit)
    }
}

impl Schema {
    /// The name of a schema read from description text, which does not name its endpoint.
    /// Name it with [`Schema::named`].
    pub const UNNAMED: &'static str = "this endpoint";

    /// An endpoint with no filterable or sortable fields yet, allowing `and`, `or` and `not`,
    /// with the standard `limit` (at most 250, 250 by default).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(Schema::new("accounts").fields().is_empty());
    /// ```
    pub fn new(endpoint: impl Into<String>) -> Schema {
        Schema {
            endpoint: endpoint.into(),
            fields: Vec::new(),
            composites: CompositeSet::ALL,
            sortable: Vec::new(),
            sort_by: BTreeMap::new(),
            max_limit: Paging::MAX_LIMIT,
            default_limit: Paging::MAX_LIMIT,
            min_limit: 0,
            rules: FilterRules::NONE,
            open: false,
        }
    }

    /// A schema for records nobody described: every field is filterable — untyped
    /// ([`FieldType::Any`]), with every operator, compared case-insensitively — and sortable by
    /// its own value. Fields added with [`Schema::with_field`] keep their own type and
    /// operators.
    ///
    /// Filters over JSON from elsewhere are checked against it like any other, so that every
    /// engine receives a checked filter.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Schema, eval::compile};
    /// use serde_json::json;
    ///
    /// let schema = Schema::open("records");
    /// let checked = schema.parse_filter(r#"anything co "x" and count gt 2"#, &Default::default())?;
    /// assert_eq!(checked.field("anything").unwrap().field_type(), FieldType::Any);
    /// assert!(schema.is_sortable("whatever.nested"));
    /// assert!(compile::<serde_json::Value>(&checked)?.matches(&json!({"anything": "aXb", "count": 3})));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(endpoint: impl Into<String>) -> Schema {
        Schema {
            open: true,
            ..Schema::new(endpoint)
        }
    }

    /// Whether fields not listed are filterable and sortable ([`Schema::open`]).
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The same schema under another name (the name messages give the endpoint).
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert_eq!(Schema::new("x").named("accounts").endpoint(), "accounts");
    /// ```
    pub fn named(mut self, endpoint: impl Into<String>) -> Schema {
        self.endpoint = endpoint.into();
        self
    }

    /// Adds a case-insensitive filterable field (replacing one of the same path).
    ///
    /// # Panics
    ///
    /// If `path` is not a field path, or an operator does not apply to the type: this is for
    /// schemas written in code. Use [`FieldSpec::new`] and [`Schema::with_field_spec`] for
    /// fields from elsewhere.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("id", FieldType::String, [Op::Eq, Op::In]);
    /// assert_eq!(schema.fields().len(), 1);
    /// ```
    pub fn with_field(
        self,
        path: &'static str,
        field_type: FieldType,
        operators: impl IntoIterator<Item = Op>,
    ) -> Schema {
        let path = FieldPath::new(path)
            .unwrap_or_else(|e| panic!("invalid field path in a schema: {}", e.message()));
        let spec = FieldSpec::new(path, field_type, operators.into_iter().collect())
            .unwrap_or_else(|e| panic!("invalid field in a schema: {e}"));
        self.with_field_spec(spec)
    }

    /// Adds a field spec (replacing one of the same path).
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, FieldSpec, FieldType, OperatorSet, Schema};
    /// let spec = FieldSpec::new(FieldPath::new("id")?, FieldType::String, OperatorSet::of(&[sailpoint_filters::Op::Eq]))?;
    /// let schema = Schema::new("x").with_field_spec(spec.case_sensitive());
    /// assert!(schema.field("id").unwrap().is_case_sensitive());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_field_spec(mut self, spec: FieldSpec) -> Schema {
        match self.fields.iter_mut().find(|f| f.path == spec.path) {
            Some(existing) => *existing = spec,
            None => self.fields.push(spec),
        }
        self
    }

    /// Sets the allowed composite operators.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, Schema};
    /// let schema = Schema::new("x").with_composites([Composite::And, Composite::Or]);
    /// assert!(!schema.composites().contains(Composite::Not));
    /// ```
    pub fn with_composites(mut self, composites: impl IntoIterator<Item = Composite>) -> Schema {
        self.composites = CompositeSet::of(&composites.into_iter().collect::<Vec<_>>());
        self
    }

    /// Adds sortable fields.
    ///
    /// # Panics
    ///
    /// If a name is not a field path.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(Schema::new("x").with_sortable(["name"]).is_sortable("name"));
    /// ```
    pub fn with_sortable(mut self, fields: impl IntoIterator<Item = &'static str>) -> Schema {
        for field in fields {
            self.add_sortable(static_path(field));
        }
        self
    }

    fn add_sortable(&mut self, field: FieldPath) {
        if !self.sortable.contains(&field) {
            self.sortable.push(field);
        }
    }

    /// Makes a sortable field order by other fields, in turn (adding it to the sortable fields
    /// if it is not there yet): role mining sessions sort `createdBy` by
    /// `createdBy.displayName`, then `createdBy.id`.
    ///
    /// # Panics
    ///
    /// If a name is not a field path.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// let schema = Schema::new("x").with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"]);
    /// assert!(schema.is_sortable("createdBy"));
    /// let paths: Vec<_> = schema.sort_paths("createdBy").iter().map(|p| p.to_string()).collect();
    /// assert_eq!(paths, ["createdBy.displayName", "createdBy.id"]);
    /// ```
    pub fn with_sort_by(
        mut self,
        field: &'static str,
        by: impl IntoIterator<Item = &'static str>,
    ) -> Schema {
        let field = static_path(field);
        self.add_sortable(field.clone());
        let by: Vec<FieldPath> = by.into_iter().map(static_path).collect();
        if by.is_empty() {
            self.sort_by.remove(&field);
        } else {
            self.sort_by.insert(field, by);
        }
        self
    }

    /// The `limit` bounds, checked: `min_limit ≤ default_limit ≤ max_limit ≤` an int32.
    pub(crate) fn try_with_limit_range(
        mut self,
        min_limit: u32,
        max_limit: u32,
        default_limit: u32,
    ) -> Result<Schema, SchemaError> {
        if default_limit > max_limit
            || max_limit > Paging::MAX_ANY_LIMIT
            || min_limit > default_limit
        {
            return Err(SchemaError::InvalidLimits {
                max_limit,
                default_limit,
            });
        }
        self.min_limit = min_limit;
        self.max_limit = max_limit;
        self.default_limit = default_limit;
        Ok(self)
    }

    /// The endpoint, for messages: `role-mining-sessions`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The filterable fields.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    /// The allowed composite operators.
    pub fn composites(&self) -> CompositeSet {
        self.composites
    }

    /// The sortable fields.
    pub fn sortable(&self) -> &[FieldPath] {
        &self.sortable
    }

    /// The largest `limit` a request may ask for.
    pub fn max_limit(&self) -> u32 {
        self.max_limit
    }

    /// The `limit` of a request that gives none.
    pub fn default_limit(&self) -> u32 {
        self.default_limit
    }

    /// The fields a sortable field orders by, in turn: those set with [`Schema::with_sort_by`],
    /// or the field itself; none for a field that is not sortable.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// let schema = Schema::new("x").with_sortable(["name"]);
    /// assert_eq!(schema.sort_paths("name")[0].as_str(), "name");
    /// assert!(schema.sort_paths("id").is_empty());
    /// ```
    pub fn sort_paths(&self, field: &str) -> Cow<'_, [FieldPath]> {
        match self.sort_by.iter().find(|(path, _)| path.as_str() == field) {
            Some((_, by)) => Cow::Borrowed(by),
            None => match self.sortable.iter().find(|p| p.as_str() == field) {
                Some(path) => Cow::Owned(vec![path.clone()]),
                None => Cow::Owned(
                    self.sortable_sub_field(field)
                        .or_else(|| self.open_field(field))
                        .into_iter()
                        .collect(),
                ),
            },
        }
    }

    /// The spec of a filterable field.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("id", FieldType::String, [Op::Eq]);
    /// assert!(schema.field("id").is_some() && schema.field("ID").is_none());
    /// ```
    pub fn field(&self, path: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.path.as_str() == path)
    }

    /// Whether `path` is a sortable field.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(!Schema::new("x").is_sortable("id"));
    /// ```
    pub fn is_sortable(&self, path: &str) -> bool {
        self.sortable.iter().any(|f| f.as_str() == path)
            || self.sortable_sub_field(path).is_some()
            || self.open_field(path).is_some()
    }

    /// The filterable field whose name is closest to `name`, if one is close enough to be a
    /// likely typo.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq]);
    /// assert_eq!(schema.closest_field("Saved"), Some("saved"));
    /// assert_eq!(schema.closest_field("status"), None);
    /// ```
    pub fn closest_field(&self, name: &str) -> Option<&str> {
        closest(name, self.fields.iter().map(|f| f.path.as_str()))
    }

    /// The sortable field whose name is closest to `name`, if one is close enough.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert_eq!(Schema::new("x").with_sortable(["createdDate"]).closest_sortable("createDate"), Some("createdDate"));
    /// ```
    pub fn closest_sortable(&self, name: &str) -> Option<&str> {
        closest(name, self.sortable.iter().map(FieldPath::as_str))
    }
}

/// A field path from a literal in code.
fn static_path(path: &'static str) -> FieldPath {
    FieldPath::new(path)
        .unwrap_or_else(|e| panic!("invalid field path in a schema: {}", e.message()))
}

/// The closest candidate to `name`: the same name in another case, or one within a small edit
/// distance (about a third of its length).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(same) = candidates.clone().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let lower = name.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| {
            *distance <= (c.chars().count().max(name.chars().count()) / 3).max(1)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// A schema could not be built or read.
///
/// ```
/// use sailpoint_filters::{Schema, SchemaError};
/// let err = Schema::from_sailpoint_docs("Filter results using the standard syntax.", "").unwrap_err();
/// assert_eq!(err, SchemaError::NoFilterFields);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The filters text has no `**field**: *op, …*` entry.
    #[error(
        "the filters description lists no fields: expected entries such as `**name**: *eq, sw*`"
    )]
    NoFilterFields,
    /// The sorters text has no sortable-fields sentence.
    #[error(
        "the sorters description lists no fields: expected `Sorting is supported for the following fields: **a, b**`"
    )]
    NoSortableFields,
    /// A documented operator is not one of the language's.
    #[error("field `{field}` lists unknown operator `{found}`")]
    #[non_exhaustive]
    UnknownOperator {
        /// The field.
        field: String,
        /// The word.
        found: String,
    },
    /// An operator listed for a field of a type it does not apply to.
    #[error(
        "field `{field}` lists `{op}`, which does not apply to {} field",
        field_type.with_article()
    )]
    #[non_exhaustive]
    OperatorDoesNotApply {
        /// The field.
        field: String,
        /// The operator.
        op: Op,
        /// The field's type.
        field_type: FieldType,
    },
    /// A documented composite operator is not `and`, `or` or `not`.
    #[error("unknown composite operator `{found}`: expected and, or, not")]
    #[non_exhaustive]
    UnknownComposite {
        /// The word.
        found: String,
    },
    /// A documented field name is not a field path.
    #[error("`{field}` is not a field path")]
    #[non_exhaustive]
    InvalidField {
        /// The name.
        field: String,
    },
    /// A default `limit` over the maximum, or a maximum over an int32.
    #[error(
        "the default limit {default_limit} must be at most the maximum {max_limit}, which must be an int32"
    )]
    #[non_exhaustive]
    InvalidLimits {
        /// The maximum.
        max_limit: u32,
        /// The default.
        default_limit: u32,
    },
    /// The document is not valid JSON (or YAML).
    #[error("cannot read the OpenAPI document: {reason}")]
    #[non_exhaustive]
    InvalidDocument {
        /// The parser's message.
        reason: String,
    },
    /// No operation has this id.
    #[error(
        "no operation `{operation_id}` in the document; {}",
        if known.is_empty() { "it defines no operations".to_owned() } else { format!("it has: {}", known.join(", ")) }
    )]
    #[non_exhaustive]
    UnknownOperation {
        /// The id asked for.
        operation_id: String,
        /// The ids the document has.
        known: Vec<String>,
    },
    /// The operation has neither a `filters` nor a `sorters` parameter.
    #[error("operation `{operation_id}` takes no `filters` or `sorters` parameter")]
    #[non_exhaustive]
    NotACollection {
        /// The id.
        operation_id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["createdBy", "createdDate", "name"];
        assert_eq!(
            closest("createdby", names.iter().copied()),
            Some("createdBy")
        );
        assert_eq!(
            closest("createDate", names.iter().copied()),
            Some("createdDate")
        );
        assert_eq!(closest("nam", names.iter().copied()), Some("name"));
        assert_eq!(closest("id", names.iter().copied()), None);
        assert_eq!(closest("modifiedDate", names.iter().copied()), None);
    }

    #[test]
    fn refuses_inconsistent_json() {
        let bad_op =
            r#"{"endpoint":"x","fields":[{"path":"saved","type":"boolean","operators":["sw"]}]}"#;
        let err = serde_json::from_str::<Schema>(bad_op).unwrap_err();
        assert!(
            err.to_string()
                .contains("field `saved` lists `sw`, which does not apply to a boolean field"),
            "{err}"
        );
        let bad_limits = r#"{"endpoint":"x","fields":[],"maxLimit":10,"defaultLimit":20}"#;
        assert!(serde_json::from_str::<Schema>(bad_limits).is_err());
        let good = r#"{"endpoint":"x","fields":[],"maxLimit":1000,"defaultLimit":20}"#;
        let schema = serde_json::from_str::<Schema>(good).unwrap();
        assert_eq!((schema.max_limit(), schema.default_limit()), (1000, 20));
        assert_eq!(
            serde_json::to_string(&schema).unwrap(),
            r#"{"endpoint":"x","fields":[],"composites":["and","or","not"],"sortable":[],"maxLimit":1000,"defaultLimit":20}"#
        );
    }
}
