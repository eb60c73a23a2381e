//! Sorters, paging and whole queries.

use proptest::prelude::*;

use crate::paging::Paging;
use crate::query::CollectionQuery;
use crate::schema::Schema;
use crate::sorters::{SortKey, Sorters};

use super::filters;

// =============================================================================================
// Sorters and queries
// =============================================================================================

/// Sorters that validate against `schema`: each sortable field at most once, in any order and
/// direction; sometimes none.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::sorters(schema), |sorters| {
///     assert!(sorters.check(schema).is_ok(), "{sorters}");
///     Ok(())
/// }).unwrap();
/// ```
pub fn sorters(schema: &Schema) -> BoxedStrategy<Sorters> {
    let fields = schema.sortable().to_vec();
    let n = fields.len();
    (
        Just(fields).prop_shuffle(),
        0..=n,
        prop::collection::vec(any::<bool>(), n),
    )
        .prop_map(|(fields, keep, descending)| {
            fields
                .into_iter()
                .zip(descending)
                .take(keep)
                .map(|(field, desc)| SortKey::new(field, desc))
                .collect()
        })
        .boxed()
}

/// `offset`, `limit` and `count`, within the standard bounds (a `limit` of at most 250, or
/// none); offsets mostly small.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let paging = sailpoint_filters::testing::strategy::paging().new_tree(&mut runner).unwrap().current();
/// assert!(paging.limit().unwrap_or(0) <= 250);
/// ```
pub fn paging() -> BoxedStrategy<Paging> {
    (
        prop_oneof![4 => 0u32..30, 1 => 0..=Paging::MAX_OFFSET],
        prop_oneof![1 => Just(None), 4 => (1u32..20).prop_map(Some), 2 => (0..=Paging::MAX_LIMIT).prop_map(Some)],
        any::<bool>(),
    )
        .prop_filter_map("within bounds", |(offset, limit, count)| {
            let paging = Paging::DEFAULT.with_offset(offset).ok()?.with_count(count);
            match limit {
                Some(limit) => paging.with_limit(limit).ok(),
                None => Some(paging),
            }
        })
        .boxed()
}

/// The five parameters of a request to an endpoint with `schema`: a filter valid for it (or
/// none), sorters valid for it, and paging.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::{CollectionQuery, Syntax};
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::collection_query(schema), |query| {
///     assert_eq!(CollectionQuery::from_query_string(&query.to_query_string()).unwrap(), query);
///     assert!(query.check(schema, Syntax::Strict).is_ok());
///     Ok(())
/// }).unwrap();
/// ```
pub fn collection_query(schema: &Schema) -> BoxedStrategy<CollectionQuery> {
    (
        prop::option::weighted(0.8, filters(schema)),
        sorters(schema),
        paging(),
    )
        .prop_map(|(filter, sorters, paging)| CollectionQuery::new(filter, sorters, paging))
        .boxed()
}
