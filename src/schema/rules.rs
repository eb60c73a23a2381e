//! What some endpoints restrict beyond fields, operators and composite operators: how many
//! `and`/`or`/`not` a filter may use and where, whether `filters` is required, the smallest
//! `limit`, and the sub-fields of wildcard parents.

use serde::{Deserialize, Serialize};

use crate::filter::FieldPath;

use super::{FieldSpec, FieldType, OperatorSet, Schema, SchemaError};

/// Restrictions an endpoint puts on its filters beyond their fields, operators and composite
/// operators, as SailPoint's descriptions state them. The check stage enforces each
/// ([`Filter::check`](crate::Filter::check), [`CollectionQuery::check`](crate::CollectionQuery::check)).
///
/// ```
/// use sailpoint_filters::{FieldType, FilterRules, Op, Schema};
///
/// // "Only a single *and* or *or* composite filter operator may be used", "… not between
/// // 2 filters for the same field".
/// let schema = Schema::new("permissions")
///     .with_field("target", FieldType::String, [Op::Eq])
///     .with_field("rights", FieldType::StringCollection, [Op::Ca])
///     .with_rules(FilterRules::NONE.with_max_junctions(1).with_distinct_fields());
/// assert!(schema.parse_filter(r#"rights ca ("CREATE") and target eq "SYS""#, &Default::default()).is_ok());
/// let err = schema.parse_filter(r#"rights ca ("CREATE") and rights ca ("SELECT")"#, &Default::default()).unwrap_err();
/// assert!(err.to_string().contains("`and` joins two conditions on `rights`"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilterRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_junctions: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    distinct_fields: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    not_only_before_in: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_nots: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    filters_required: bool,
}

impl FilterRules {
    /// No restriction: what most endpoints have.
    pub const NONE: FilterRules = FilterRules {
        max_junctions: None,
        distinct_fields: false,
        not_only_before_in: false,
        max_nots: None,
        filters_required: false,
    };

    /// At most `max` `and`/`or` operators in a filter (`a and b and c` has two).
    pub const fn with_max_junctions(mut self, max: u32) -> FilterRules {
        self.max_junctions = Some(max);
        self
    }

    /// `and`/`or` join conditions on different fields only.
    pub const fn with_distinct_fields(mut self) -> FilterRules {
        self.distinct_fields = true;
        self
    }

    /// `not` stands only right before an `in` condition (`not value in ("ID01")`), at most
    /// `max` times.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, FilterRules, Op, Schema, Composite};
    /// let schema = Schema::new("form-data")
    ///     .with_field("value", FieldType::String, [Op::Eq, Op::In])
    ///     .with_composites([Composite::Not])
    ///     .with_rules(FilterRules::NONE.with_not_only_before_in(1));
    /// assert!(schema.parse_filter(r#"not value in ("ID01")"#, &Default::default()).is_ok());
    /// assert!(schema.parse_filter(r#"not value eq "ID01""#, &Default::default()).is_err());
    /// ```
    pub const fn with_not_only_before_in(mut self, max: u32) -> FilterRules {
        self.not_only_before_in = true;
        self.max_nots = Some(max);
        self
    }

    /// A request must give `filters` (its OpenAPI parameter is `required: true`).
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, FilterRules, Schema};
    /// let schema = Schema::new("user-apps").with_rules(FilterRules::NONE.with_filters_required());
    /// let err = CollectionQuery::from_query_string_for("limit=5", &schema, &Default::default()).unwrap_err();
    /// assert_eq!(err.messages(), ["filters: the parameter is required by user-apps"]);
    /// ```
    pub const fn with_filters_required(mut self) -> FilterRules {
        self.filters_required = true;
        self
    }

    /// The most `and`/`or` operators a filter may use, if limited.
    pub const fn max_junctions(&self) -> Option<u32> {
        self.max_junctions
    }

    /// Whether `and`/`or` must join conditions on different fields.
    pub const fn distinct_fields(&self) -> bool {
        self.distinct_fields
    }

    /// Whether `not` may stand only before an `in` condition.
    pub const fn not_only_before_in(&self) -> bool {
        self.not_only_before_in
    }

    /// The most `not`s a filter may use, if limited.
    pub const fn max_nots(&self) -> Option<u32> {
        self.max_nots
    }

    /// Whether a request must give `filters`.
    pub const fn filters_required(&self) -> bool {
        self.filters_required
    }

    /// Whether there is no restriction.
    ///
    /// ```
    /// use sailpoint_filters::FilterRules;
    /// assert!(FilterRules::NONE.is_none() && !FilterRules::NONE.with_distinct_fields().is_none());
    /// ```
    pub fn is_none(&self) -> bool {
        *self == FilterRules::NONE
    }
}

impl Schema {
    /// Sets the endpoint's [`FilterRules`].
    ///
    /// See [`FilterRules`] for an example.
    pub fn with_rules(mut self, rules: FilterRules) -> Schema {
        self.rules = rules;
        self
    }

    /// The endpoint's [`FilterRules`].
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// assert!(Schema::new("x").rules().is_none());
    /// ```
    pub fn rules(&self) -> &FilterRules {
        &self.rules
    }

    /// Sets the smallest, largest and default `limit`: SailPoint's launchers take `1..=100`,
    /// 10 by default.
    ///
    /// ```
    /// use sailpoint_filters::{Paging, Schema};
    /// let schema = Schema::new("launchers").with_limit_range(1, 100, 10)?;
    /// assert_eq!(schema.min_limit(), 1);
    /// let err = Paging::new(0, 0, false)?.check(&schema).unwrap_err();
    /// assert_eq!(err.to_string(), "limit must be an integer from 1 to 100, got `0`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_limit_range(
        self,
        min_limit: u32,
        max_limit: u32,
        default_limit: u32,
    ) -> Result<Schema, SchemaError> {
        self.try_with_limit_range(min_limit, max_limit, default_limit)
    }

    /// The smallest `limit` a request may ask for (0 unless set).
    pub fn min_limit(&self) -> u32 {
        self.min_limit
    }

    /// Adds a sortable field named at run time.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Schema};
    /// let schema = Schema::new("x").with_sortable_path(FieldPath::new(String::from("name"))?);
    /// assert!(schema.is_sortable("name"));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn with_sortable_path(mut self, path: FieldPath) -> Schema {
        self.add_sortable(path);
        self
    }

    /// Makes a sortable field order by other fields, named at run time (see
    /// [`Schema::with_sort_by`]).
    pub fn with_sort_by_paths(mut self, field: FieldPath, by: Vec<FieldPath>) -> Schema {
        self.add_sortable(field.clone());
        if by.is_empty() {
            self.sort_by.remove(&field);
        } else {
            self.sort_by.insert(field, by);
        }
        self
    }

    /// The spec of a field a filter names: a filterable field, or a sub-field of a wildcard
    /// parent ([`FieldSpec::wildcard`]) — untyped, with the parent's operators and case rule,
    /// read from under the parent's record path.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, FieldSpec, FieldType, Op, OperatorSet, Schema};
    /// let attributes = FieldSpec::new(FieldPath::new("attributes")?, FieldType::Any, OperatorSet::of(&[Op::Eq, Op::Sw]))?;
    /// let schema = Schema::new("outliers").with_field_spec(attributes.wildcard());
    /// let sub = schema.resolve_field("attributes.displayName").unwrap();
    /// assert_eq!((sub.field_type(), sub.operators().to_string()), (FieldType::Any, "eq, sw".to_owned()));
    /// assert!(schema.resolve_field("attributesX").is_none());
    /// assert!(schema.field("attributes.displayName").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve_field(&self, path: &str) -> Option<std::borrow::Cow<'_, FieldSpec>> {
        if let Some(spec) = self.field(path) {
            return Some(std::borrow::Cow::Borrowed(spec));
        }
        let Some((parent, rest)) = self.wildcard_parent(path) else {
            let path = self.open_field(path)?;
            return FieldSpec::new(path, FieldType::Any, OperatorSet::ALL)
                .ok()
                .map(std::borrow::Cow::Owned);
        };
        let sub = FieldPath::new(path.to_owned()).ok()?;
        let reads = FieldPath::new(format!("{}.{rest}", parent.reads())).ok()?;
        let spec = FieldSpec {
            path: sub,
            field_type: FieldType::Any,
            operators: parent.operators,
            case_sensitive: parent.case_sensitive,
            wildcard: false,
            read_from: None,
        }
        .read_from(reads);
        Some(std::borrow::Cow::Owned(spec))
    }

    /// The wildcard field `path` is under, and the rest of the path.
    fn wildcard_parent<'p>(&self, path: &'p str) -> Option<(&FieldSpec, &'p str)> {
        self.fields.iter().filter(|f| f.wildcard).find_map(|f| {
            let rest = path.strip_prefix(f.path.as_str())?.strip_prefix('.')?;
            (!rest.is_empty()).then_some((f, rest))
        })
    }

    /// `path` as a field of an open schema ([`Schema::open`]), if it is one.
    pub(super) fn open_field(&self, path: &str) -> Option<FieldPath> {
        if !self.open {
            return None;
        }
        FieldPath::new(path.to_owned()).ok()
    }

    /// `path` as the record path it sorts by, when it is a sub-field of a sortable wildcard
    /// parent.
    pub(super) fn sortable_sub_field(&self, path: &str) -> Option<FieldPath> {
        let (parent, rest) = self.wildcard_parent(path)?;
        if !self.sortable.contains(&parent.path) {
            return None;
        }
        FieldPath::new(format!("{}.{rest}", parent.reads())).ok()
    }
}
