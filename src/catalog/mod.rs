//! Every collection endpoint of SailPoint's published APIs: a typed builder, a [`Schema`](crate::Schema) and
//! the spec's rules for each GET operation that takes `filters` or `sorters`, generated from
//! SailPoint's OpenAPI specs.
//!
//! The layout follows SailPoint's SDKs. The per-service API (in the default build) has one
//! module per service — the Python SDK's API class: `AccountsApi` → [`accounts`] — and in it
//! one module per operation, named as the SDK's method: `AccountsApi.list_accounts_v1` →
//! [`accounts::list_accounts_v1`]. The versioned APIs are features, each under its name:
//! `catalog::v3::accounts::list_accounts` (`v3`), `catalog::beta::…`, `catalog::v2024::…`,
//! `catalog::v2025::…`, `catalog::v2026::…`.
//!
//! Each operation module has the endpoint's marker type (implementing
//! [`Endpoint`](crate::builder::Endpoint), its records JSON values), its `OPERATION` data, and
//! one typed function per field with the compile-time guarantees of
//! [`role_mining_sessions`](crate::role_mining_sessions): only the operators the spec lists for
//! the field, only values of its type, `asc`/`desc` only on sortable fields, `and`/`or`/`not`
//! only where the endpoint allows them.
//!
//! ```
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::catalog::accounts::list_accounts_v1::{self as accounts, ListAccountsV1};
//! use sailpoint_filters::DateTime;
//!
//! let since: DateTime = "2024-01-01T00:00:00Z".parse()?;
//! let filter = accounts::source_id().eq("2c9180835d2e5168015d32f890ca1581")
//!     .and(accounts::uncorrelated().eq(true))
//!     .and(accounts::created().gt(since));
//! assert_eq!(
//!     filter.to_string(),
//!     r#"sourceId eq "2c9180835d2e5168015d32f890ca1581" and uncorrelated eq true and created gt 2024-01-01T00:00:00Z"#,
//! );
//! let sorters = accounts::name().asc().then(accounts::created().desc());
//! assert_eq!(sorters.to_string(), "name,-created");
//! assert!(ListAccountsV1::schema().parse_filter(&filter.to_string(), &Default::default()).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```compile_fail
//! use sailpoint_filters::catalog::accounts::list_accounts_v1 as accounts;
//! accounts::uncorrelated().sw("x"); // `sw` is not supported on field `uncorrelated` of `ListAccountsV1`
//! ```
//!
//! At run time, [`Catalog`] finds an operation by operationId or by method and path, and gives
//! its [`Schema`](crate::Schema): checking any endpoint's filter needs no spec file.
//!
//! # What the specs state, and how it is enforced
//!
//! * fields, operators, composite operators, sortable fields: the schema, checked by
//!   [`Filter::check`](crate::Filter::check) and [`Sorters::check`](crate::Sorters::check);
//! * `limit` bounds (`0..=50` for roles, `1..=100` default 10 for launchers, …):
//!   [`Schema::with_limit_range`](crate::Schema::with_limit_range), checked by [`Paging::check`](crate::Paging::check);
//! * case-sensitive fields ([`FieldSpec::case_sensitive`](crate::FieldSpec::case_sensitive)):
//!   compared exactly by the matcher;
//! * wildcard parents (`attributes`, whose sub-fields `attributes.displayName` take its
//!   operators): [`FieldSpec::wildcard`](crate::FieldSpec::wildcard), resolved by the check;
//! * fields read from another record path (`policyName` from `policy.name`):
//!   [`FieldSpec::read_from`](crate::FieldSpec::read_from);
//! * one `and`/`or` at most, joining different fields; `not` only before `in`; `filters`
//!   required: [`FilterRules`](crate::FilterRules), checked with the filter;
//! * a single condition only: no composite operators;
//! * the parameters some operations add to the five standard ones — `searchAfter`,
//!   `defaultFilter`, `add-core-filters`, the singular `filter` and `sort`, `count-only`
//!   ([`Operation::parameters`]): read and checked by [`Operation::read_query`], honoured by
//!   [`OperationQuery::run`] and the fakes of `http::Fakes` (feature
//!   `axum`).
//!
//! Rules a library cannot check (a tenant's features, the caller's scope, `filters` exclusive
//! with another query parameter) are stated in the operation's documentation only.
//! `catalog/README.md` in the repository lists every rule and every contradiction of the specs
//! with the decision taken.
//!
//! The specs are © SailPoint, published under the MIT licence in sailpoint-oss/api-specs; the
//! notice is in `catalog/LICENSE-sailpoint-api-specs`.

pub(crate) mod lookup;
mod operation;
mod params;
mod prelude;
mod response;

// Generated files: `cargo run --manifest-path xtask/Cargo.toml -- generate` writes them from
// catalog/*.json, one `prelude::operation!` call per operation; rustfmt leaves them as
// generated.
#[rustfmt::skip]
mod services;

pub use lookup::{Catalog, LookupError};
pub use operation::{Api, Operation, OperationField, UnknownApi};
pub use params::{CORE_FILTERS, CORRELATED_ONLY, OperationQuery};
pub use response::{HeaderRole, ResponseHeader, ResponseShape};
pub use services::*;

#[cfg(feature = "beta")]
#[rustfmt::skip]
pub mod beta;
#[cfg(feature = "v2024")]
#[rustfmt::skip]
pub mod v2024;
#[cfg(feature = "v2025")]
#[rustfmt::skip]
pub mod v2025;
#[cfg(feature = "v2026")]
#[rustfmt::skip]
pub mod v2026;
#[cfg(feature = "v3")]
#[rustfmt::skip]
pub mod v3;

#[cfg(test)]
mod tests {
    use super::{Api, Catalog};

    #[test]
    fn every_built_in_operation_has_a_consistent_schema() {
        let catalog = Catalog::new();
        let mut count = 0;
        for op in catalog.iter() {
            let schema = op.schema();
            let filterable = op.fields().iter().filter(|f| !f.operators().is_empty());
            assert_eq!(
                schema.fields().len(),
                filterable.count(),
                "{}",
                op.operation_id()
            );
            for field in op.fields().iter().filter(|f| f.is_sortable()) {
                assert!(schema.is_sortable(field.path()), "{}", op.operation_id());
            }
            count += 1;
        }
        assert!(count >= 146);
        assert_eq!(catalog.operations(Api::Services).len(), 146);
    }

    #[test]
    fn operations_are_sorted_for_lookup() {
        let catalog = Catalog::new();
        for api in catalog.apis() {
            let ids: Vec<&str> = catalog
                .operations(api)
                .iter()
                .map(|op| op.operation_id())
                .collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(ids, sorted, "{api}");
        }
    }
}
