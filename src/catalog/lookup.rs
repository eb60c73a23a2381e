//! Finding catalog operations at run time: by operationId, by method and path, by a word.

use super::operation::{Api, Operation};

/// The built-in catalog: every collection GET of SailPoint's specs that this build holds (the
/// per-service API always; each versioned API with its feature).
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog};
///
/// let catalog = Catalog::new();
/// let accounts = catalog.get(Api::Services, "listAccountsV1").unwrap();
/// assert_eq!(accounts.path(), "/accounts/v1");
/// assert_eq!(catalog.by_path("GET", "/accounts/v1").unwrap().operation_id(), "listAccountsV1");
///
/// // Validating any endpoint's filter needs no spec file.
/// let checked = accounts.schema().parse_filter(r#"sourceId eq "2c91" and created gt 2024-01-01T00:00:00Z"#, &Default::default())?;
/// assert_eq!(checked.to_string(), r#"sourceId eq "2c91" and created gt 2024-01-01T00:00:00Z"#);
///
/// // A misspelt operationId gets a suggestion.
/// let err = catalog.lookup(Api::Services, "listAccountV1").unwrap_err();
/// assert_eq!(err.to_string(), "no operation `listAccountV1` in the services API; did you mean `listAccountsV1`? (`spfilter endpoints` lists them)");
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Catalog {
    _private: (),
}

impl Catalog {
    /// The built-in catalog.
    pub const fn new() -> Catalog {
        Catalog { _private: () }
    }

    /// The APIs this build holds.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// assert_eq!(Catalog::new().apis().next(), Some(Api::Services));
    /// ```
    pub fn apis(&self) -> impl Iterator<Item = Api> + use<> {
        Api::ALL.into_iter().filter(|api| api.is_built_in())
    }

    /// The operations of `api`, sorted by operationId; none when the build does not hold it.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// assert_eq!(Catalog::new().operations(Api::Services).len(), 146);
    /// ```
    pub fn operations(&self, api: Api) -> &'static [&'static Operation] {
        match api {
            Api::Services => &super::services::OPERATIONS,
            #[cfg(feature = "v3")]
            Api::V3 => &super::v3::OPERATIONS,
            #[cfg(feature = "beta")]
            Api::Beta => &super::beta::OPERATIONS,
            #[cfg(feature = "v2024")]
            Api::V2024 => &super::v2024::OPERATIONS,
            #[cfg(feature = "v2025")]
            Api::V2025 => &super::v2025::OPERATIONS,
            #[cfg(feature = "v2026")]
            Api::V2026 => &super::v2026::OPERATIONS,
            #[allow(unreachable_patterns)]
            _ => &[],
        }
    }

    /// Every operation of every API this build holds.
    pub fn iter(&self) -> impl Iterator<Item = &'static Operation> + use<> {
        let catalog = *self;
        self.apis()
            .flat_map(move |api| catalog.operations(api).iter().copied())
    }

    /// The operation of `api` with this operationId.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// assert!(Catalog::new().get(Api::Services, "listIdentitiesV1").is_some());
    /// assert!(Catalog::new().get(Api::Services, "listidentitiesv1").is_none());
    /// ```
    pub fn get(&self, api: Api, operation_id: &str) -> Option<&'static Operation> {
        let operations = self.operations(api);
        operations
            .binary_search_by(|op| op.operation_id().cmp(operation_id))
            .ok()
            .map(|i| operations[i])
    }

    /// [`Catalog::get`], or why there is no such operation: the closest operationId of the
    /// API as a suggestion, or that the build does not hold the API.
    pub fn lookup(&self, api: Api, operation_id: &str) -> Result<&'static Operation, LookupError> {
        if !api.is_built_in() {
            return Err(LookupError::ApiNotBuilt { api });
        }
        self.get(api, operation_id).ok_or_else(|| {
            let ids = self.operations(api).iter().map(|op| op.operation_id());
            LookupError::UnknownOperation {
                api,
                operation_id: operation_id.to_owned(),
                suggestion: crate::schema::closest(operation_id, ids).map(str::to_owned),
            }
        })
    }

    /// The operation answering `method` on `path`, over every API this build holds: `path` is
    /// a request path (`/v3/accounts`, `/access-profiles/v1/2c91…/entitlements`) or a path
    /// template (`/access-profiles/v1/{id}/entitlements`); a query string is ignored. An
    /// operation whose path has no parameter wins over one that matches through a parameter.
    ///
    /// ```
    /// use sailpoint_filters::catalog::Catalog;
    /// let catalog = Catalog::new();
    /// let op = catalog.by_path("GET", "/access-profiles/v1/2c9180835d2e5168015d32f890ca1581/entitlements?limit=5").unwrap();
    /// assert_eq!(op.operation_id(), "getAccessProfileEntitlementsV1");
    /// assert!(catalog.by_path("POST", "/accounts/v1").is_none());
    /// ```
    pub fn by_path(&self, method: &str, path: &str) -> Option<&'static Operation> {
        if !method.eq_ignore_ascii_case("GET") {
            return None;
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut best: Option<(usize, &'static Operation)> = None;
        for op in self.iter() {
            if let Some(parameters) = path_match(op.path(), path)
                && best.is_none_or(|(fewest, _)| parameters < fewest)
            {
                best = Some((parameters, op));
            }
        }
        best.map(|(_, op)| op)
    }

    /// The operations, over every API this build holds (or only `api`), whose operationId,
    /// path, summary, tag, SDK name or a field contains `word`, ignoring case.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// let found: Vec<_> = Catalog::new().search(Some(Api::Services), "role-mining-sessions").map(|op| op.operation_id()).collect();
    /// assert!(found.contains(&"getRoleMiningSessionsV1"));
    /// ```
    pub fn search<'w>(
        &self,
        api: Option<Api>,
        word: &'w str,
    ) -> impl Iterator<Item = &'static Operation> + use<'w> {
        let word = word.to_lowercase();
        let catalog = *self;
        let apis: Vec<Api> = match api {
            Some(api) => vec![api],
            None => self.apis().collect(),
        };
        apis.into_iter()
            .flat_map(move |api| catalog.operations(api).iter().copied())
            .filter(move |op| matches(op, &word))
    }
}

/// Whether `word` (lowercase) is in one of the operation's names.
fn matches(op: &Operation, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    let has = |text: &str| text.to_lowercase().contains(word);
    has(op.operation_id())
        || has(op.path())
        || has(op.summary())
        || has(op.tag())
        || has(op.sdk_class())
        || has(op.sdk_method())
        || op.fields().iter().any(|f| has(f.path()))
}

/// How many path parameters `template` matched `path` through, if it matches: each segment
/// equal, or a `{parameter}` of the template matching any non-empty segment.
pub(crate) fn path_match(template: &str, path: &str) -> Option<usize> {
    let mut parameters = 0;
    let mut wanted = path.trim_end_matches('/').split('/');
    for segment in template.split('/') {
        let given = wanted.next()?;
        if segment.starts_with('{') && segment.ends_with('}') {
            if given.is_empty() {
                return None;
            }
            if given != segment {
                parameters += 1;
            }
        } else if segment != given {
            return None;
        }
    }
    wanted.next().is_none().then_some(parameters)
}

/// Why [`Catalog::lookup`] found no operation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// The API has no operation with this operationId.
    #[error(
        "no operation `{operation_id}` in the {api} API; {}(`spfilter endpoints` lists them)",
        suggestion.as_ref().map_or(String::new(), |s| format!("did you mean `{s}`? "))
    )]
    #[non_exhaustive]
    UnknownOperation {
        /// The API.
        api: Api,
        /// The operationId asked for.
        operation_id: String,
        /// The closest operationId, if one is close.
        suggestion: Option<String>,
    },
    /// This build does not hold the API.
    #[error("the {api} API is not built in: enable the crate's `{api}` feature")]
    #[non_exhaustive]
    ApiNotBuilt {
        /// The API.
        api: Api,
    },
}

#[cfg(test)]
mod tests {
    use super::path_match;

    #[test]
    fn paths_match_segment_by_segment() {
        assert_eq!(path_match("/accounts/v1", "/accounts/v1"), Some(0));
        assert_eq!(path_match("/accounts/v1", "/accounts/v1/"), Some(0));
        assert_eq!(path_match("/a/{id}/b", "/a/x/b"), Some(1));
        assert_eq!(path_match("/a/{id}/b", "/a/{id}/b"), Some(0));
        assert_eq!(path_match("/a/{id}/b", "/a//b"), None);
        assert_eq!(path_match("/a/{id}/b", "/a/x"), None);
        assert_eq!(path_match("/a/{id}", "/a/x/b"), None);
        assert_eq!(path_match("/accounts/v1", "/accounts"), None);
    }
}
