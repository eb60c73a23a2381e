//! All five parameters checked together: [`CheckedQuery`].

use crate::paging::Paging;

use super::{CheckedFilter, CheckedSorters};

/// The five parameters of a request checked against an endpoint: what the endpoint runs.
///
/// Made by [`CollectionQuery::from_query_string_for`](crate::CollectionQuery::from_query_string_for)
/// (a server reading a request), [`CollectionQuery::from_params_for`](crate::CollectionQuery::from_params_for),
/// [`CollectionQuery::check`](crate::CollectionQuery::check) or a typed query's
/// [`checked`](crate::TypedQuery::checked). Its filter and sorters are checked, its `limit` is
/// the endpoint's default when the request gave none; running it
/// ([`CheckedQuery::run`](crate::CheckedQuery::run) in memory, or a SQL store) validates
/// nothing again.
///
/// ```
/// use sailpoint_filters::CollectionQuery;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::{self, RoleMiningSessions};
///
/// let sessions = role_mining_sessions::sample();
/// let query = CollectionQuery::from_query_string_for(
///     "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true",
///     RoleMiningSessions::schema(),
///     &Default::default(),
/// )?;
/// assert_eq!(query.limit(), 5);
/// let page = query.run(&sessions)?;
/// assert_eq!(page.items.len(), 5);
/// assert!(page.items.iter().all(|s| s.saved));
/// println!("X-Total-Count: {}", page.total);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CheckedQuery {
    filters: Option<CheckedFilter>,
    sorters: CheckedSorters,
    /// With the `limit` resolved.
    paging: Paging,
}

impl CheckedQuery {
    /// The query of these checked parts, with `paging`'s `limit` resolved to `default_limit`
    /// when it has none.
    pub(crate) fn new(
        filters: Option<CheckedFilter>,
        sorters: CheckedSorters,
        paging: Paging,
        default_limit: u32,
    ) -> CheckedQuery {
        CheckedQuery {
            filters,
            sorters,
            paging: paging.resolved(default_limit),
        }
    }

    /// The checked filter, if the request has one.
    pub fn filters(&self) -> Option<&CheckedFilter> {
        self.filters.as_ref()
    }

    /// The checked sorters (empty: stored order).
    pub fn sorters(&self) -> &CheckedSorters {
        &self.sorters
    }

    /// How many records to skip.
    pub fn offset(&self) -> u32 {
        self.paging.offset()
    }

    /// The most records to return: the request's `limit`, or the endpoint's default.
    pub fn limit(&self) -> u32 {
        self.paging.limit_or(Paging::MAX_LIMIT)
    }

    /// Whether to report the total number of matches (`X-Total-Count`).
    pub fn count(&self) -> bool {
        self.paging.count()
    }

    /// `offset`, `limit` (resolved) and `count`.
    pub fn paging(&self) -> Paging {
        self.paging
    }

    /// The same query, remembering the text its filter was parsed from.
    pub(crate) fn with_filter_source(mut self, text: Option<&str>) -> CheckedQuery {
        if let (Some(filter), Some(text)) = (self.filters.take(), text) {
            self.filters = Some(filter.with_source(text));
        }
        self
    }
}
