//! One filterable field of a schema: [`FieldSpec`].

use serde::{Deserialize, Serialize};

use super::{FieldType, OperatorSet, SchemaError};
use crate::filter::FieldPath;

/// One filterable field: its path, type and operators, and whether its text compares exactly.
///
/// ```
/// use sailpoint_filters::{FieldPath, FieldSpec, FieldType, Op, OperatorSet};
/// let spec = FieldSpec::new(FieldPath::new("name")?, FieldType::String, OperatorSet::of(&[Op::Eq, Op::Sw]))?
///     .case_sensitive();
/// assert!(spec.is_case_sensitive());
/// assert_eq!(spec.operators().to_string(), "eq, sw");
///
/// // An operator that cannot apply to the type is refused.
/// let err = FieldSpec::new(FieldPath::new("saved")?, FieldType::Boolean, OperatorSet::of(&[Op::Sw])).unwrap_err();
/// assert_eq!(err.to_string(), "field `saved` lists `sw`, which does not apply to a boolean field");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "FieldSpecRepr")]
pub struct FieldSpec {
    pub(super) path: FieldPath,
    #[serde(rename = "type")]
    pub(super) field_type: FieldType,
    pub(super) operators: OperatorSet,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) case_sensitive: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) wildcard: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) read_from: Option<FieldPath>,
}

/// The JSON shape of a field spec, checked as it is read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FieldSpecRepr {
    path: FieldPath,
    #[serde(rename = "type")]
    field_type: FieldType,
    operators: OperatorSet,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    wildcard: bool,
    #[serde(default)]
    read_from: Option<FieldPath>,
}

impl TryFrom<FieldSpecRepr> for FieldSpec {
    type Error = SchemaError;

    fn try_from(repr: FieldSpecRepr) -> Result<FieldSpec, SchemaError> {
        let spec = FieldSpec::new(repr.path, repr.field_type, repr.operators)?;
        Ok(FieldSpec {
            case_sensitive: repr.case_sensitive,
            wildcard: repr.wildcard,
            read_from: repr.read_from,
            ..spec
        })
    }
}

impl FieldSpec {
    /// A case-insensitive field, if every operator applies to its type
    /// ([`FieldType::supports`]).
    pub fn new(
        path: FieldPath,
        field_type: FieldType,
        operators: OperatorSet,
    ) -> Result<FieldSpec, SchemaError> {
        if let Some(op) = operators.iter().find(|op| !field_type.supports(*op)) {
            return Err(SchemaError::OperatorDoesNotApply {
                field: path.to_string(),
                op,
                field_type,
            });
        }
        Ok(FieldSpec {
            path,
            field_type,
            operators,
            case_sensitive: false,
            wildcard: false,
            read_from: None,
        })
    }

    /// A field of an endpoint declaration, whose operators the declaration checked against the
    /// type when it compiled. Used by [`endpoint!`](crate::endpoint!), through
    /// `builder::__private::declared_spec`.
    pub(crate) const fn declared(
        path: &'static str,
        field_type: FieldType,
        operators: OperatorSet,
    ) -> FieldSpec {
        FieldSpec {
            path: FieldPath::from_static(path),
            field_type,
            operators,
            case_sensitive: false,
            wildcard: false,
            read_from: None,
        }
    }

    /// The same field, with case-sensitive string comparisons.
    pub fn case_sensitive(mut self) -> FieldSpec {
        self.case_sensitive = true;
        self
    }

    /// The same field as a wildcard parent: a free-form object (SailPoint's `attributes`)
    /// whose sub-fields (`attributes.displayName`) filters may name, with this field's
    /// operators, untyped, and this field's case rule (see [`Schema::resolve_field`](super::Schema::resolve_field)).
    pub fn wildcard(mut self) -> FieldSpec {
        self.wildcard = true;
        self
    }

    /// The same field, read from another path of a record: SailPoint filters `policyName` on
    /// records that hold it as `policy.name`. Filters still name the field by its own path.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, FieldSpec, FieldType, Op, OperatorSet};
    /// let spec = FieldSpec::new(FieldPath::new("policyName")?, FieldType::String, OperatorSet::of(&[Op::Eq]))?
    ///     .read_from(FieldPath::new("policy.name")?);
    /// assert_eq!(spec.reads().as_str(), "policy.name");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_from(mut self, path: FieldPath) -> FieldSpec {
        self.read_from = (path != self.path).then_some(path);
        self
    }

    /// Whether filters may name its sub-fields (see [`FieldSpec::wildcard`]).
    pub fn is_wildcard(&self) -> bool {
        self.wildcard
    }

    /// Where a record holds the field's value: the path set with [`FieldSpec::read_from`], or
    /// the field's own path.
    pub fn reads(&self) -> &FieldPath {
        self.read_from.as_ref().unwrap_or(&self.path)
    }

    /// The field as filters name it.
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// Its type.
    pub fn field_type(&self) -> FieldType {
        self.field_type
    }

    /// The operators it allows.
    pub fn operators(&self) -> OperatorSet {
        self.operators
    }

    /// Whether string comparisons on it respect case (SailPoint's default: they do not).
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// The same field with another type: for readers that learn types after the operators.
    /// Refused (the field is returned unchanged) when an operator would not apply.
    pub(super) fn typed(self, field_type: FieldType) -> FieldSpec {
        if self.operators.iter().all(|op| field_type.supports(op)) {
            FieldSpec { field_type, ..self }
        } else {
            self
        }
    }
}
