//! What an operation's 200 response looks like besides its records: where the records are in the
//! body, and the headers the spec declares. The fakes answer in that shape.

use super::Operation;

/// Where the records are in an operation's 200 body, as its spec declares it.
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog, ResponseShape};
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
///
/// assert_eq!(OPERATION.response(), ResponseShape::Array);
/// let forms = Catalog::new().get(Api::Services, "searchFormDefinitionsByTenantV1").unwrap();
/// assert_eq!(forms.response(), ResponseShape::Results);
/// assert_eq!(forms.response().records_key(), Some("results"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseShape {
    /// The body is a JSON array of records.
    Array,
    /// An object whose `results` array holds the records.
    Results,
    /// An object whose `items` array holds the records.
    Items,
    /// One object, not a list (a summary computed from the records the filter selects).
    Object,
    /// No JSON body (a CSV download, say).
    None,
}

impl ResponseShape {
    /// The name the catalog gives it: `array`, `results`, `items`, `object`, `none`.
    ///
    /// ```
    /// assert_eq!(sailpoint_filters::catalog::ResponseShape::Results.name(), "results");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ResponseShape::Array => "array",
            ResponseShape::Results => "results",
            ResponseShape::Items => "items",
            ResponseShape::Object => "object",
            ResponseShape::None => "none",
        }
    }

    /// The wrapper object's property that holds the records: `results`, `items`; `None` for
    /// the other shapes.
    ///
    /// ```
    /// use sailpoint_filters::catalog::ResponseShape;
    /// assert_eq!(ResponseShape::Items.records_key(), Some("items"));
    /// assert_eq!(ResponseShape::Array.records_key(), None);
    /// ```
    pub fn records_key(self) -> Option<&'static str> {
        match self {
            ResponseShape::Results => Some("results"),
            ResponseShape::Items => Some("items"),
            _ => None,
        }
    }
}

/// A header an operation's 200 response declares besides `X-Total-Count`, and what a fake
/// sends in it.
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog, HeaderRole};
///
/// let op = Catalog::new().get(Api::Services, "listEntitlementsByAccountV1").unwrap();
/// let header = &op.response_headers()[0];
/// assert_eq!((header.name(), header.role()), ("total-count", HeaderRole::Total));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResponseHeader {
    pub(crate) name: &'static str,
    pub(crate) role: HeaderRole,
}

impl ResponseHeader {
    /// A header named `name` carrying `role` (as the generated catalog writes them).
    pub(crate) const fn new(name: &'static str, role: HeaderRole) -> ResponseHeader {
        ResponseHeader { name, role }
    }

    /// The header's name as the spec writes it: `total-count`, `Cache-Control`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// What it carries.
    pub fn role(&self) -> HeaderRole {
        self.role
    }
}

/// What a declared response header carries.
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog, HeaderRole};
///
/// let op = Catalog::new().get(Api::Services, "listMachineIdentityLifecycleActionsV1").unwrap();
/// assert_eq!(op.response_headers()[0].role(), HeaderRole::Fixed("private, max-age=5"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderRole {
    /// The number of matching records, sent with `count=true` (a `total-count` the spec
    /// declares beside the standard `X-Total-Count`, which is sent too).
    Total,
    /// The locale of the response's text (`accept-language`): the request's `Accept-Language`,
    /// or `en-US` without one.
    Locale,
    /// Always this value: the spec's example (`Cache-Control: private, max-age=5`).
    Fixed(&'static str),
}

impl Operation {
    /// Where the records are in its 200 body.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog, ResponseShape};
    /// let launchers = Catalog::new().get(Api::Services, "getLaunchersV1").unwrap();
    /// assert_eq!(launchers.response(), ResponseShape::Items);
    /// ```
    pub fn response(&self) -> ResponseShape {
        self.response
    }

    /// The wrapper object's integer property that holds the number of matching records
    /// (`count` of `{"count": …, "results": […]}`), where a wrapped response declares one.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// let forms = Catalog::new().get(Api::Services, "searchFormDefinitionsByTenantV1").unwrap();
    /// assert_eq!(forms.response_total(), Some("count"));
    /// ```
    pub fn response_total(&self) -> Option<&'static str> {
        self.response_total
    }

    /// The headers its 200 response declares besides `X-Total-Count`.
    ///
    /// ```
    /// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
    /// assert!(OPERATION.response_headers().is_empty());
    /// ```
    pub fn response_headers(&self) -> &'static [ResponseHeader] {
        self.response_headers
    }
}
