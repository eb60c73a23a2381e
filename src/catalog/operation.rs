//! One catalog operation: what SailPoint's spec says of a collection GET, and the [`Schema`]
//! built from it.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::filter::{FieldPath, Op};
use crate::schema::{CompositeSet, FieldSpec, FieldType, FilterRules, OperatorSet, Schema};

/// One of SailPoint's APIs: the per-service API or a versioned one.
///
/// ```
/// use sailpoint_filters::catalog::Api;
/// assert_eq!("v3".parse::<Api>(), Ok(Api::V3));
/// assert_eq!(Api::V3.base_path(), "/v3");
/// assert_eq!(Api::Services.to_string(), "services");
/// assert!(Api::Services.is_built_in());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Api {
    /// The per-service API (`/accounts/v1`, …), in the default build.
    Services,
    /// `/v3/…` (feature `v3`).
    V3,
    /// `/beta/…` (feature `beta`).
    Beta,
    /// `/v2024/…` (feature `v2024`).
    V2024,
    /// `/v2025/…` (feature `v2025`).
    V2025,
    /// `/v2026/…` (feature `v2026`).
    V2026,
}

impl Api {
    /// Every API, whether built in or not.
    pub const ALL: [Api; 6] = [
        Api::Services,
        Api::V3,
        Api::Beta,
        Api::V2024,
        Api::V2025,
        Api::V2026,
    ];

    /// The name on the command line (`--api v3`) and of the feature: `services` for the
    /// per-service API.
    pub const fn name(self) -> &'static str {
        match self {
            Api::Services => "services",
            Api::V3 => "v3",
            Api::Beta => "beta",
            Api::V2024 => "v2024",
            Api::V2025 => "v2025",
            Api::V2026 => "v2026",
        }
    }

    /// What every request path of the API starts with: empty for the per-service API.
    pub const fn base_path(self) -> &'static str {
        match self {
            Api::Services => "",
            Api::V3 => "/v3",
            Api::Beta => "/beta",
            Api::V2024 => "/v2024",
            Api::V2025 => "/v2025",
            Api::V2026 => "/v2026",
        }
    }

    /// Whether this build holds the API's operations (its feature is on).
    pub const fn is_built_in(self) -> bool {
        match self {
            Api::Services => true,
            Api::V3 => cfg!(feature = "v3"),
            Api::Beta => cfg!(feature = "beta"),
            Api::V2024 => cfg!(feature = "v2024"),
            Api::V2025 => cfg!(feature = "v2025"),
            Api::V2026 => cfg!(feature = "v2026"),
        }
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no API.
///
/// ```
/// use sailpoint_filters::catalog::Api;
/// let err = "v4".parse::<Api>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown API `v4`: expected services, v3, beta, v2024, v2025 or v2026");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown API `{0}`: expected services, v3, beta, v2024, v2025 or v2026")]
pub struct UnknownApi(pub String);

impl FromStr for Api {
    type Err = UnknownApi;

    fn from_str(name: &str) -> Result<Api, UnknownApi> {
        Api::ALL
            .into_iter()
            .find(|api| api.name() == name)
            .ok_or_else(|| UnknownApi(name.to_owned()))
    }
}

/// Flags of the collection parameters an operation takes.
pub(crate) const FILTERS: u16 = 1;
pub(crate) const SORTERS: u16 = 2;
pub(crate) const OFFSET: u16 = 4;
pub(crate) const LIMIT: u16 = 8;
pub(crate) const COUNT: u16 = 16;
/// The extra parameters of SPEC §11.
pub(crate) const SEARCH_AFTER: u16 = 32;
pub(crate) const DEFAULT_FILTER: u16 = 64;
pub(crate) const ADD_CORE_FILTERS: u16 = 128;
pub(crate) const FILTER: u16 = 256;
pub(crate) const SORT: u16 = 512;
pub(crate) const COUNT_ONLY: u16 = 1024;
pub(crate) const NEXT: u16 = 2048;

/// Every parameter flag with its name, in the catalog's order.
const PARAMETERS: [(u16, &str); 12] = [
    (FILTERS, "filters"),
    (SORTERS, "sorters"),
    (OFFSET, "offset"),
    (LIMIT, "limit"),
    (COUNT, "count"),
    (SEARCH_AFTER, "searchAfter"),
    (DEFAULT_FILTER, "defaultFilter"),
    (ADD_CORE_FILTERS, "add-core-filters"),
    (FILTER, "filter"),
    (SORT, "sort"),
    (COUNT_ONLY, "count-only"),
    (NEXT, "next"),
];

/// A collection GET of SailPoint's specs, as the catalog holds it: where it is, what the SDK
/// calls it, its fields, and the [`Schema`] they give.
///
/// Each generated operation module has one (`OPERATION`); [`Catalog`](super::Catalog) finds
/// them at run time.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
/// assert_eq!((OPERATION.operation_id(), OPERATION.method(), OPERATION.path()), ("listAccountsV1", "GET", "/accounts/v1"));
/// assert_eq!(OPERATION.sdk_name(), "AccountsApi.list_accounts_v1");
/// let schema = OPERATION.schema();
/// assert_eq!(schema.field("name").unwrap().operators().to_string(), "eq, sw, in");
/// ```
#[derive(Debug)]
pub struct Operation {
    pub(crate) api: Api,
    pub(crate) id: &'static str,
    pub(crate) path: &'static str,
    pub(crate) tag: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) sdk_class: &'static str,
    pub(crate) sdk_method: &'static str,
    pub(crate) deprecated: bool,
    pub(crate) parameters: u16,
    pub(crate) fields: &'static [OperationField],
    pub(crate) composites: CompositeSet,
    /// `(minimum, maximum, default)`.
    pub(crate) limit: Option<(u32, u32, u32)>,
    pub(crate) rules: FilterRules,
    pub(crate) default_sort: Option<&'static str>,
    pub(crate) example: Option<&'static str>,
    pub(crate) response: super::ResponseShape,
    pub(crate) response_total: Option<&'static str>,
    pub(crate) response_headers: &'static [super::ResponseHeader],
    pub(crate) schema: OnceLock<Schema>,
}

impl Operation {
    /// The API it belongs to.
    pub fn api(&self) -> Api {
        self.api
    }

    /// Its operationId: `listAccountsV1` (per-service API), `listAccounts` (v3).
    pub fn operation_id(&self) -> &'static str {
        self.id
    }

    /// The HTTP method: always `GET`.
    pub fn method(&self) -> &'static str {
        "GET"
    }

    /// The request path, with the API's base path: `/accounts/v1`, `/v3/accounts`; path
    /// parameters as the spec writes them (`/access-profiles/v1/{id}/entitlements`).
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The spec's tag (the SDK's API class comes from it): `Accounts`.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The spec's one-line summary.
    pub fn summary(&self) -> &'static str {
        self.summary
    }

    /// The class of SailPoint's Python SDK that has the operation: `AccountsApi`.
    pub fn sdk_class(&self) -> &'static str {
        self.sdk_class
    }

    /// The SDK's method: `list_accounts_v1`.
    pub fn sdk_method(&self) -> &'static str {
        self.sdk_method
    }

    /// `AccountsApi.list_accounts_v1`.
    pub fn sdk_name(&self) -> String {
        format!("{}.{}", self.sdk_class, self.sdk_method)
    }

    /// Whether the spec marks it deprecated.
    pub fn is_deprecated(&self) -> bool {
        self.deprecated
    }

    /// Which collection parameters it takes: of `filters`, `sorters`, `offset`, `limit`,
    /// `count`, then of the extra ones some operations document (SPEC §11): `searchAfter`,
    /// `defaultFilter`, `add-core-filters`, the singular `filter` and `sort` (where the
    /// operation spells `filters`/`sorters` so), `count-only`, `next`. Reading a request for the
    /// operation ([`Operation::read_query`]) honours each.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// assert_eq!(OPERATION.parameters().collect::<Vec<_>>(), ["filters", "sorters", "offset", "limit", "count"]);
    /// let identities = Catalog::new().get(Api::Services, "listIdentitiesV1").unwrap();
    /// assert!(identities.parameters().any(|p| p == "defaultFilter"));
    /// ```
    pub fn parameters(&self) -> impl Iterator<Item = &'static str> + use<> {
        let flags = self.parameters;
        PARAMETERS
            .into_iter()
            .filter(move |(flag, _)| flags & flag != 0)
            .map(|(_, name)| name)
    }

    /// Whether it takes the parameter of this flag.
    pub(crate) fn takes(&self, flag: u16) -> bool {
        self.parameters & flag != 0
    }

    /// Its fields: the filter table's, then the sortable fields the table does not list.
    pub fn fields(&self) -> &'static [OperationField] {
        self.fields
    }

    /// The `limit` bounds its spec states, `(minimum, maximum, default)`; `None` when it takes
    /// no `limit` (the standard `0..=250`, default 250, then applies).
    pub fn limit(&self) -> Option<(u32, u32, u32)> {
        self.limit
    }

    /// The order its description documents for requests without `sorters` (`-created,-id`).
    /// Fakes keep the records' stored order instead, as SPEC §4 says of every endpoint.
    pub fn default_sort(&self) -> Option<&'static str> {
        self.default_sort
    }

    /// The first published example filter it accepts, in canonical form.
    pub fn example(&self) -> Option<&'static str> {
        self.example
    }

    /// Its schema: fields with types and operators (case rule, wildcard parents, the record
    /// path each is read from), composite operators, sortable fields, `limit` bounds and
    /// [`FilterRules`]. Built once, on first use.
    pub fn schema(&'static self) -> &'static Schema {
        self.schema.get_or_init(|| self.build_schema())
    }

    fn build_schema(&self) -> Schema {
        let mut schema = Schema::new(self.id).with_composites(self.composites.iter());
        let path_of = |text: &'static str| FieldPath::new(text).ok();
        for field in self.fields {
            // The generator writes only field paths and operators that fit their types; anything
            // else is left out rather than panicking.
            let Some(path) = path_of(field.path) else {
                continue;
            };
            if !field.operators.is_empty()
                && let Ok(mut spec) =
                    FieldSpec::new(path.clone(), field.field_type, field.operators)
            {
                if field.case_sensitive {
                    spec = spec.case_sensitive();
                }
                if field.wildcard {
                    spec = spec.wildcard();
                }
                if let Some(reads) = field.reads.and_then(path_of) {
                    spec = spec.read_from(reads);
                }
                schema = schema.with_field_spec(spec);
            }
            if field.sortable {
                let by = field.reads.and_then(path_of).into_iter().collect();
                schema = schema.with_sort_by_paths(path, by);
            }
        }
        if let Some((min, max, default)) = self.limit {
            schema = match schema.clone().with_limit_range(min, max, default) {
                Ok(limited) => limited,
                Err(_) => schema,
            };
        }
        schema.with_rules(self.rules)
    }
}

/// A field of a catalog operation.
///
/// ```
/// use sailpoint_filters::FieldType;
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
/// let created = OPERATION.fields().iter().find(|f| f.path() == "created").unwrap();
/// assert_eq!(created.field_type(), FieldType::DateTime);
/// assert_eq!(created.operators().to_string(), "eq, gt, ge, lt, le");
/// assert!(created.is_sortable());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct OperationField {
    path: &'static str,
    field_type: FieldType,
    operators: OperatorSet,
    sortable: bool,
    case_sensitive: bool,
    wildcard: bool,
    reads: Option<&'static str>,
    values: &'static [&'static str],
}

impl OperationField {
    /// A field: filterable with `operators` (not when they are none), sortable or not.
    pub(crate) const fn new(
        path: &'static str,
        field_type: FieldType,
        operators: &[Op],
        sortable: bool,
    ) -> OperationField {
        OperationField {
            path,
            field_type,
            operators: OperatorSet::of(operators),
            sortable,
            case_sensitive: false,
            wildcard: false,
            reads: None,
            values: &[],
        }
    }

    pub(crate) const fn case_sensitive(mut self) -> OperationField {
        self.case_sensitive = true;
        self
    }

    pub(crate) const fn wildcard(mut self) -> OperationField {
        self.wildcard = true;
        self
    }

    pub(crate) const fn reads(mut self, path: &'static str) -> OperationField {
        self.reads = Some(path);
        self
    }

    pub(crate) const fn with_values(mut self, values: &'static [&'static str]) -> OperationField {
        self.values = values;
        self
    }

    /// The field as filters and sorters name it.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// Its type ([`FieldType::Any`] where the spec does not say).
    pub fn field_type(&self) -> FieldType {
        self.field_type
    }

    /// The operators the filter table lists (empty: only sortable).
    pub fn operators(&self) -> OperatorSet {
        self.operators
    }

    /// Whether sorters may name it.
    pub fn is_sortable(&self) -> bool {
        self.sortable
    }

    /// Whether its text compares exactly.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Whether filters may name its sub-fields (`attributes.displayName`).
    pub fn is_wildcard(&self) -> bool {
        self.wildcard
    }

    /// Where records hold it, when not at its own path (`policy.name` for `policyName`).
    pub fn read_from(&self) -> Option<&'static str> {
        self.reads
    }

    /// The values the spec lists for it, if any.
    pub fn values(&self) -> &'static [&'static str] {
        self.values
    }
}
