//! What an endpoint supports: filterable fields with their types and operators, composite
//! operators, sortable fields.
//!
//! A [`Schema`] is plain data. It comes from an endpoint declaration (see
//! [`crate::endpoints`]), is built in code, is read from JSON, or is read from the text SailPoint
//! publishes in its API descriptions ([`Schema::from_sailpoint_docs`], [`Schema::from_openapi`]).
//!
//! ```
//! use sailpoint_filters::{FieldType, Op, Schema};
//!
//! let schema = Schema::new("role-mining-sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
//!     .with_sortable(["createdBy", "createdDate"]);
//!
//! assert_eq!(schema.field("name").unwrap().operators.to_string(), "eq, sw");
//! assert!(schema.is_sortable("createdDate"));
//! assert_eq!(schema.closest_field("nmae"), Some("name"));
//! ```

use std::fmt;

use pest::Parser as _;
use serde::{Deserialize, Serialize};

use crate::ast::{FieldPath, Filter, Op, Value};

/// The type of a filterable field, which decides the values and operators it takes.
///
/// ```
/// use sailpoint_filters::FieldType;
/// assert_eq!(FieldType::DateTime.to_string(), "date-time");
/// assert!(FieldType::StringCollection.is_textual());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldType {
    /// Text. Takes strings (and, in the lenient syntax, integers written bare).
    String,
    /// `true`/`false`, also written `"true"`/`"false"`.
    Boolean,
    /// A whole number.
    Integer,
    /// Any number, whole or not.
    Number,
    /// An RFC 3339 instant, also written as a quoted string.
    DateTime,
    /// A list of strings: scalar operators hold if any element matches; `ca` needs all listed.
    StringCollection,
    /// Unknown type (a schema read from documentation that does not state it): any scalar value.
    Any,
}

impl FieldType {
    /// The name used in messages.
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert_eq!(FieldType::StringCollection.name(), "string collection");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Boolean => "boolean",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::DateTime => "date-time",
            FieldType::StringCollection => "string collection",
            FieldType::Any => "any",
        }
    }

    /// Whether `co` and `sw` make sense: strings, string collections, and untyped fields.
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(!FieldType::Boolean.is_textual());
    /// ```
    pub const fn is_textual(self) -> bool {
        matches!(
            self,
            FieldType::String | FieldType::StringCollection | FieldType::Any
        )
    }

    /// Whether the field holds several values (so `ca` applies).
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(FieldType::StringCollection.is_collection());
    /// ```
    pub const fn is_collection(self) -> bool {
        matches!(self, FieldType::StringCollection | FieldType::Any)
    }

    /// Whether values of this type have an order (`gt`, `ge`, `lt`, `le`).
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(!FieldType::Boolean.is_ordered());
    /// assert!(FieldType::DateTime.is_ordered());
    /// ```
    pub const fn is_ordered(self) -> bool {
        !matches!(self, FieldType::Boolean)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of operators, printed as SailPoint's documentation lists them: `eq, sw`.
///
/// ```
/// use sailpoint_filters::{Op, OperatorSet};
/// let ops: OperatorSet = [Op::Sw, Op::Eq].into_iter().collect();
/// assert!(ops.contains(Op::Eq) && !ops.contains(Op::Co));
/// assert_eq!(ops.to_string(), "eq, sw");
/// assert_eq!(serde_json::to_string(&ops).unwrap(), r#"["eq","sw"]"#);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Op>", into = "Vec<Op>")]
pub struct OperatorSet(u16);

impl fmt::Debug for OperatorSet {
    /// `{eq, sw}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl OperatorSet {
    /// No operators.
    pub const EMPTY: OperatorSet = OperatorSet(0);

    /// Every operator.
    pub const ALL: OperatorSet = OperatorSet((1 << Op::ALL.len()) - 1);

    const fn bit(op: Op) -> u16 {
        1 << op as u16
    }

    /// The set of the given operators.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// const EQ_SW: OperatorSet = OperatorSet::of(&[Op::Eq, Op::Sw]);
    /// assert_eq!(EQ_SW.len(), 2);
    /// ```
    pub const fn of(ops: &[Op]) -> OperatorSet {
        let mut bits = 0;
        let mut i = 0;
        while i < ops.len() {
            bits |= OperatorSet::bit(ops[i]);
            i += 1;
        }
        OperatorSet(bits)
    }

    /// Whether `op` is in the set.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// assert!(OperatorSet::ALL.contains(Op::IsNull));
    /// ```
    pub const fn contains(self, op: Op) -> bool {
        self.0 & OperatorSet::bit(op) != 0
    }

    /// The set with `op` added.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// assert!(OperatorSet::EMPTY.with(Op::Pr).contains(Op::Pr));
    /// ```
    pub const fn with(self, op: Op) -> OperatorSet {
        OperatorSet(self.0 | OperatorSet::bit(op))
    }

    /// How many operators.
    ///
    /// ```
    /// use sailpoint_filters::OperatorSet;
    /// assert_eq!(OperatorSet::ALL.len(), 12);
    /// ```
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// use sailpoint_filters::OperatorSet;
    /// assert!(OperatorSet::EMPTY.is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The operators, in documentation order.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// let ops = OperatorSet::of(&[Op::Sw, Op::Eq]);
    /// assert_eq!(ops.iter().collect::<Vec<_>>(), [Op::Eq, Op::Sw]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Op> {
        Op::ALL.into_iter().filter(move |op| self.contains(*op))
    }
}

impl FromIterator<Op> for OperatorSet {
    fn from_iter<I: IntoIterator<Item = Op>>(iter: I) -> OperatorSet {
        iter.into_iter().fold(OperatorSet::EMPTY, OperatorSet::with)
    }
}

impl From<Vec<Op>> for OperatorSet {
    fn from(ops: Vec<Op>) -> OperatorSet {
        ops.into_iter().collect()
    }
}

impl From<OperatorSet> for Vec<Op> {
    fn from(ops: OperatorSet) -> Vec<Op> {
        ops.iter().collect()
    }
}

impl fmt::Display for OperatorSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, self.iter())
    }
}

/// A composite operator: `and`, `or`, `not`.
///
/// ```
/// use sailpoint_filters::Composite;
/// assert_eq!(Composite::Not.to_string(), "not");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Composite {
    /// `and`
    And,
    /// `or`
    Or,
    /// `not`
    Not,
}

impl Composite {
    /// All three, in documentation order.
    pub const ALL: [Composite; 3] = [Composite::And, Composite::Or, Composite::Not];

    /// The keyword.
    ///
    /// ```
    /// use sailpoint_filters::Composite;
    /// assert_eq!(Composite::And.as_str(), "and");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Composite::And => "and",
            Composite::Or => "or",
            Composite::Not => "not",
        }
    }
}

impl fmt::Display for Composite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of composite operators.
///
/// ```
/// use sailpoint_filters::{Composite, CompositeSet};
/// let set = CompositeSet::of(&[Composite::And, Composite::Or]);
/// assert!(!set.contains(Composite::Not));
/// assert_eq!(set.to_string(), "and, or");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Composite>", into = "Vec<Composite>")]
pub struct CompositeSet(u8);

impl fmt::Debug for CompositeSet {
    /// `{And, Or}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl CompositeSet {
    /// `and`, `or` and `not`: what an endpoint allows unless its documentation says otherwise.
    pub const ALL: CompositeSet = CompositeSet(0b111);

    /// The set of the given composite operators.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert_eq!(CompositeSet::of(&Composite::ALL), CompositeSet::ALL);
    /// ```
    pub const fn of(composites: &[Composite]) -> CompositeSet {
        let mut bits = 0;
        let mut i = 0;
        while i < composites.len() {
            bits |= 1 << composites[i] as u8;
            i += 1;
        }
        CompositeSet(bits)
    }

    /// Whether `composite` is in the set.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert!(CompositeSet::ALL.contains(Composite::Not));
    /// ```
    pub const fn contains(self, composite: Composite) -> bool {
        self.0 & (1 << composite as u8) != 0
    }

    /// The members, in documentation order.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert_eq!(CompositeSet::ALL.iter().count(), 3);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Composite> {
        Composite::ALL
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

impl Default for CompositeSet {
    fn default() -> CompositeSet {
        CompositeSet::ALL
    }
}

impl From<Vec<Composite>> for CompositeSet {
    fn from(composites: Vec<Composite>) -> CompositeSet {
        CompositeSet::of(&composites)
    }
}

impl From<CompositeSet> for Vec<Composite> {
    fn from(set: CompositeSet) -> Vec<Composite> {
        set.iter().collect()
    }
}

impl fmt::Display for CompositeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, self.iter())
    }
}

fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// One filterable field.
///
/// ```
/// use sailpoint_filters::{FieldSpec, FieldType, Op, OperatorSet};
/// let spec = FieldSpec::new("name", FieldType::String, OperatorSet::of(&[Op::Eq, Op::Sw])).case_sensitive();
/// assert!(spec.case_sensitive);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
    /// The field as filters name it.
    pub path: FieldPath,
    /// Its type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The operators it allows.
    pub operators: OperatorSet,
    /// Whether string comparisons on it respect case (SailPoint's default: they do not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub case_sensitive: bool,
}

impl FieldSpec {
    /// A case-insensitive field.
    ///
    /// # Panics
    ///
    /// If `path` is not a dotted field path; use [`FieldPath::new`] for text from elsewhere.
    ///
    /// ```
    /// use sailpoint_filters::{FieldSpec, FieldType, OperatorSet};
    /// let spec = FieldSpec::new("createdBy.id", FieldType::String, OperatorSet::ALL);
    /// assert_eq!(spec.path.as_str(), "createdBy.id");
    /// ```
    pub fn new(path: &'static str, field_type: FieldType, operators: OperatorSet) -> FieldSpec {
        let path =
            FieldPath::new(path).unwrap_or_else(|e| panic!("invalid field path in a schema: {e}"));
        FieldSpec {
            path,
            field_type,
            operators,
            case_sensitive: false,
        }
    }

    /// The same field, with case-sensitive string comparisons.
    ///
    /// ```
    /// use sailpoint_filters::{FieldSpec, FieldType, OperatorSet};
    /// assert!(FieldSpec::new("id", FieldType::String, OperatorSet::ALL).case_sensitive().case_sensitive);
    /// ```
    pub fn case_sensitive(mut self) -> FieldSpec {
        self.case_sensitive = true;
        self
    }
}

/// What one collection endpoint supports.
///
/// See the [module documentation](self) for an example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The endpoint, for messages: `role-mining-sessions`.
    pub endpoint: String,
    /// Filterable fields.
    pub fields: Vec<FieldSpec>,
    /// Allowed composite operators.
    #[serde(default)]
    pub composites: CompositeSet,
    /// Sortable fields.
    #[serde(default)]
    pub sortable: Vec<FieldPath>,
    /// Sortable fields that order by other fields, compared in turn: role mining sessions sort
    /// `createdBy` by `createdBy.displayName`, then `createdBy.id`. A sortable field not listed
    /// here orders by its own value.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sort_by: std::collections::BTreeMap<FieldPath, Vec<FieldPath>>,
}

impl Schema {
    /// The name of a schema read from description text, which does not name its endpoint.
    /// Set [`Schema::endpoint`] to name it in messages.
    pub const UNNAMED: &'static str = "this endpoint";

    /// An endpoint with no filterable or sortable fields yet, allowing `and`, `or` and `not`.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(Schema::new("accounts").fields.is_empty());
    /// ```
    pub fn new(endpoint: impl Into<String>) -> Schema {
        Schema {
            endpoint: endpoint.into(),
            fields: Vec::new(),
            composites: CompositeSet::ALL,
            sortable: Vec::new(),
            sort_by: std::collections::BTreeMap::new(),
        }
    }

    /// Adds a case-insensitive filterable field.
    ///
    /// # Panics
    ///
    /// If `path` is not a dotted field path.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// let schema = Schema::new("x").with_field("id", FieldType::String, [Op::Eq, Op::In]);
    /// assert_eq!(schema.fields.len(), 1);
    /// ```
    pub fn with_field(
        mut self,
        path: &'static str,
        field_type: FieldType,
        operators: impl IntoIterator<Item = Op>,
    ) -> Schema {
        self.fields.push(FieldSpec::new(
            path,
            field_type,
            operators.into_iter().collect(),
        ));
        self
    }

    /// Adds a field spec as is.
    ///
    /// ```
    /// use sailpoint_filters::{FieldSpec, FieldType, OperatorSet, Schema};
    /// let schema = Schema::new("x").with_field_spec(FieldSpec::new("id", FieldType::String, OperatorSet::ALL).case_sensitive());
    /// assert!(schema.field("id").unwrap().case_sensitive);
    /// ```
    pub fn with_field_spec(mut self, spec: FieldSpec) -> Schema {
        self.fields.push(spec);
        self
    }

    /// Sets the allowed composite operators.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, Schema};
    /// let schema = Schema::new("x").with_composites([Composite::And, Composite::Or]);
    /// assert!(!schema.composites.contains(Composite::Not));
    /// ```
    pub fn with_composites(mut self, composites: impl IntoIterator<Item = Composite>) -> Schema {
        self.composites = CompositeSet::of(&composites.into_iter().collect::<Vec<_>>());
        self
    }

    /// Adds sortable fields.
    ///
    /// # Panics
    ///
    /// If a name is not a dotted field path.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(Schema::new("x").with_sortable(["name"]).is_sortable("name"));
    /// ```
    pub fn with_sortable(mut self, fields: impl IntoIterator<Item = &'static str>) -> Schema {
        for field in fields {
            let path = FieldPath::new(field)
                .unwrap_or_else(|e| panic!("invalid sortable field in a schema: {e}"));
            self.sortable.push(path);
        }
        self
    }

    /// Makes a sortable field order by other fields, in turn (adding it to the sortable fields
    /// if it is not there yet).
    ///
    /// # Panics
    ///
    /// If a name is not a dotted field path.
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
        let path = |p: &'static str| {
            FieldPath::new(p).unwrap_or_else(|e| panic!("invalid sort field in a schema: {e}"))
        };
        if !self.is_sortable(field) {
            self.sortable.push(path(field));
        }
        self.sort_by
            .insert(path(field), by.into_iter().map(path).collect());
        self
    }

    /// The fields a sortable field orders by, in turn: those of [`Schema::sort_by`], or the
    /// field itself.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert_eq!(Schema::new("x").sort_paths("name")[0].as_str(), "name");
    /// ```
    pub fn sort_paths(&self, field: &str) -> std::borrow::Cow<'_, [FieldPath]> {
        match self.sort_by.iter().find(|(path, _)| path.as_str() == field) {
            Some((_, by)) if !by.is_empty() => std::borrow::Cow::Borrowed(by),
            _ => std::borrow::Cow::Owned(vec![FieldPath::new_unchecked(field.to_owned().into())]),
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
    /// assert_eq!(schema.field("saved").unwrap().field_type, FieldType::Boolean);
    /// assert_eq!(schema.field("name").unwrap().operators.to_string(), "eq, sw");
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

    fn read_filters_doc(&mut self, text: &str) -> Result<(), SchemaError> {
        use docs::Rule;
        let doc = docs::Grammar::parse(Rule::filters_doc, text)
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
                    self.fields.retain(|f| f.path != path);
                    self.fields.push(FieldSpec {
                        path,
                        field_type,
                        operators,
                        case_sensitive: false,
                    });
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

    fn read_sorters_doc(&mut self, text: &str) -> Result<(), SchemaError> {
        use docs::Rule;
        if text.trim().is_empty() {
            return Ok(());
        }
        let doc = docs::Grammar::parse(Rule::sorters_doc, text)
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
                if !self.sortable.contains(&path) {
                    self.sortable.push(path);
                }
            }
        }
        if self.sortable.is_empty() {
            return Err(SchemaError::NoSortableFields);
        }
        Ok(())
    }

    /// Reads the schema of one operation from a SailPoint OpenAPI document (JSON; YAML with the
    /// `yaml` feature).
    ///
    /// The operation is found by its `operationId` anywhere in the document, so a whole API
    /// description, one path item or a single operation object all work. Its `filters` and
    /// `sorters` parameter descriptions are read as in [`Schema::from_sailpoint_docs`]; where the
    /// `filters` parameter has an `example`, the values it uses type the fields the description
    /// left untyped (a string that is an RFC 3339 date-time types a date-time field). The schema
    /// is named after the operation's path (`role-mining-sessions` for `/role-mining-sessions`)
    /// when the document gives it, else after the operation id. Parameters given as local
    /// references (`{"$ref": "#/components/parameters/…"}`) are followed.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Schema};
    ///
    /// let document = r#"{"paths": {"/role-mining-sessions": {"get": {
    ///     "operationId": "getRoleMiningSessions",
    ///     "parameters": [
    ///         {"in": "query", "name": "filters",
    ///          "description": "Filtering is supported for the following fields and operators: **saved**: *eq* \"true\" or \"false\" **name**: *eq, sw*",
    ///          "example": "saved eq \"true\" and name sw \"RM Session\""},
    ///         {"in": "query", "name": "sorters",
    ///          "description": "Sorting is supported for the following fields: **createdBy, createdDate**"}
    ///     ]}}}}"#;
    /// let schema = Schema::from_openapi(document, "getRoleMiningSessions")?;
    /// assert_eq!(schema.endpoint, "role-mining-sessions");
    /// assert_eq!(schema.field("name").unwrap().field_type, FieldType::String);
    /// assert!(Schema::from_openapi(document, "listAccounts").is_err());
    /// # Ok::<(), sailpoint_filters::SchemaError>(())
    /// ```
    pub fn from_openapi(document: &str, operation_id: &str) -> Result<Schema, SchemaError> {
        let document = read_document(document)?;
        let mut found = None;
        let mut ids = Vec::new();
        find_operation(&document, operation_id, None, &mut found, &mut ids, 0);
        let Some((operation, path)) = found else {
            ids.sort();
            ids.dedup();
            return Err(SchemaError::UnknownOperation {
                operation_id: operation_id.to_owned(),
                known: ids,
            });
        };
        let path = path.or_else(|| operation.get("path").and_then(serde_json::Value::as_str));
        let parameter = |name: &str| {
            operation
                .get("parameters")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| resolve_reference(&document, p))
                .find(|p| p.get("name").and_then(serde_json::Value::as_str) == Some(name))
        };
        let text = |p: Option<&serde_json::Value>, key: &str| {
            p.and_then(|p| p.get(key))
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (filters, sorters) = (parameter("filters"), parameter("sorters"));
        if filters.is_none() && sorters.is_none() {
            return Err(SchemaError::NotACollection {
                operation_id: operation_id.to_owned(),
            });
        }
        let mut schema = Schema::new(endpoint_name(path, operation_id));
        if filters.is_some() {
            schema.read_filters_doc(&text(filters, "description"))?;
        }
        schema.read_sorters_doc(&text(sorters, "description"))?;
        if let Ok(example) = Filter::parse(&text(filters, "example")) {
            schema.type_from_example(&example);
        }
        Ok(schema)
    }

    /// Types the untyped fields from the values an example filter uses on them.
    fn type_from_example(&mut self, example: &Filter) {
        for (condition, _) in example.conditions() {
            let Some(spec) = self
                .fields
                .iter_mut()
                .find(|f| &f.path == condition.field())
            else {
                continue;
            };
            let Some(value) = condition.values().first() else {
                continue;
            };
            if spec.field_type != FieldType::Any {
                continue;
            }
            spec.field_type = match value {
                // SailPoint quotes booleans in its examples: `saved eq "true"`.
                Value::String(s) if matches!(s.as_str(), "true" | "false") => FieldType::Boolean,
                Value::String(s) if s.parse::<jiff::Timestamp>().is_ok() => FieldType::DateTime,
                Value::String(_) => FieldType::String,
                Value::Boolean(_) => FieldType::Boolean,
                Value::Integer(_) => FieldType::Integer,
                Value::Float(_) => FieldType::Number,
                Value::DateTime(_) => FieldType::DateTime,
            };
        }
    }
}

fn read_ops(
    pair: pest::iterators::Pair<'_, docs::Rule>,
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

/// The target of a local reference (`{"$ref": "#/components/parameters/filters"}`), or the
/// value itself.
fn resolve_reference<'d>(
    document: &'d serde_json::Value,
    value: &'d serde_json::Value,
) -> &'d serde_json::Value {
    let target = value
        .get("$ref")
        .and_then(serde_json::Value::as_str)
        .and_then(|r| r.strip_prefix('#'));
    target
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(value)
}

fn endpoint_name(path: Option<&str>, operation_id: &str) -> String {
    let segment = path.and_then(|p| {
        p.split('/')
            .rfind(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s) && *s != "beta")
    });
    segment.unwrap_or(operation_id).to_owned()
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn read_document(document: &str) -> Result<serde_json::Value, SchemaError> {
    let json = serde_json::from_str::<serde_json::Value>(document);
    if document.trim_start().starts_with(['{', '[']) {
        return json.map_err(|e| SchemaError::InvalidDocument {
            reason: e.to_string(),
        });
    }
    #[cfg(feature = "yaml")]
    {
        serde_norway::from_str(document).map_err(|e| SchemaError::InvalidDocument {
            reason: e.to_string(),
        })
    }
    #[cfg(not(feature = "yaml"))]
    {
        Err(SchemaError::InvalidDocument {
            reason: "the document is not JSON; enable the `yaml` feature to read YAML".to_owned(),
        })
    }
}

/// Depth-first search for the operation; `path` is the nearest enclosing key that looks like a
/// URL path. Recursion is bounded by `MAX_DEPTH` (OpenAPI operations sit a few levels down).
fn find_operation<'d>(
    node: &'d serde_json::Value,
    operation_id: &str,
    path: Option<&'d str>,
    found: &mut Option<(&'d serde_json::Value, Option<&'d str>)>,
    ids: &mut Vec<String>,
    depth: usize,
) {
    const MAX_DEPTH: usize = 32;
    if found.is_some() || depth > MAX_DEPTH {
        return;
    }
    match node {
        serde_json::Value::Object(map) => {
            if let Some(id) = map.get("operationId").and_then(serde_json::Value::as_str) {
                if id == operation_id {
                    *found = Some((node, path));
                    return;
                }
                ids.push(id.to_owned());
            }
            for (key, child) in map {
                let path = if key.starts_with('/') {
                    Some(key.as_str())
                } else {
                    path
                };
                find_operation(child, operation_id, path, found, ids, depth + 1);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                find_operation(child, operation_id, path, found, ids, depth + 1);
            }
        }
        _ => {}
    }
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

/// A schema could not be read.
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
    UnknownOperator {
        /// The field.
        field: String,
        /// The word.
        found: String,
    },
    /// A documented composite operator is not `and`, `or` or `not`.
    #[error("unknown composite operator `{found}`: expected and, or, not")]
    UnknownComposite {
        /// The word.
        found: String,
    },
    /// A documented field name is not a field path.
    #[error("`{field}` is not a field path")]
    InvalidField {
        /// The name.
        field: String,
    },
    /// The document is not valid JSON (or YAML).
    #[error("cannot read the OpenAPI document: {reason}")]
    InvalidDocument {
        /// The parser's message.
        reason: String,
    },
    /// No operation has this id.
    #[error(
        "no operation `{operation_id}` in the document; {}",
        if known.is_empty() { "it defines no operations".to_owned() } else { format!("it has: {}", known.join(", ")) }
    )]
    UnknownOperation {
        /// The id asked for.
        operation_id: String,
        /// The ids the document has.
        known: Vec<String>,
    },
    /// The operation has neither a `filters` nor a `sorters` parameter.
    #[error("operation `{operation_id}` takes no `filters` or `sorters` parameter")]
    NotACollection {
        /// The id.
        operation_id: String,
    },
}

/// The parser pest derives from `grammar/docs.pest`.
mod docs {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/docs.pest"]
    pub(super) struct Grammar;
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../tests/data/get-role-mining-sessions.json");

    #[test]
    fn reads_the_seed_operation() {
        let schema = Schema::from_openapi(SEED, "getRoleMiningSessions").unwrap();
        assert_eq!(schema.endpoint, "role-mining-sessions");
        let saved = schema.field("saved").unwrap();
        assert_eq!(
            (saved.field_type, saved.operators),
            (FieldType::Boolean, OperatorSet::of(&[Op::Eq]))
        );
        let name = schema.field("name").unwrap();
        assert_eq!(
            (name.field_type, name.operators),
            (FieldType::String, OperatorSet::of(&[Op::Eq, Op::Sw]))
        );
        assert_eq!(schema.fields.len(), 2);
        assert_eq!(
            schema.sortable,
            [
                FieldPath::from_static("createdBy"),
                FieldPath::from_static("createdDate")
            ]
        );
        assert_eq!(schema.composites, CompositeSet::ALL);
    }

    #[test]
    fn reads_composites_and_multiline_entries() {
        let text = "Filtering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**created**: *gt, lt, ge, le*\n\nSupported composite operators are *and, or*";
        let schema = Schema::from_sailpoint_docs(text, "").unwrap();
        assert_eq!(schema.field("id").unwrap().operators.to_string(), "eq, in");
        assert_eq!(
            schema.field("created").unwrap().operators.to_string(),
            "gt, ge, lt, le"
        );
        assert_eq!(schema.composites.to_string(), "and, or");
        assert!(schema.sortable.is_empty());
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
        let err = Schema::from_openapi(SEED, "getRoleMiningSession").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no operation `getRoleMiningSession` in the document; it has: getRoleMiningSessions"
        );
        assert!(matches!(
            Schema::from_openapi("{", "x"),
            Err(SchemaError::InvalidDocument { .. })
        ));
    }

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
    fn schema_round_trips_through_json() {
        let schema = Schema::from_openapi(SEED, "getRoleMiningSessions").unwrap();
        let json = serde_json::to_string(&schema).unwrap();
        assert_eq!(
            json,
            r#"{"endpoint":"role-mining-sessions","fields":[{"path":"saved","type":"boolean","operators":["eq"]},{"path":"name","type":"string","operators":["eq","sw"]}],"composites":["and","or","not"],"sortable":["createdBy","createdDate"]}"#
        );
        assert_eq!(serde_json::from_str::<Schema>(&json).unwrap(), schema);
    }
}
