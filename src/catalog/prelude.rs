//! The generated catalog modules' prelude: the [`operation!`] macro each generated operation is
//! written as, and the helpers it expands to.
//!
//! One call of `operation!` per operation: the generator writes the operation's data once, and
//! the macro makes from it the operation module — the endpoint's marker type, its `OPERATION`
//! (from which the run-time [`Schema`](crate::Schema) is built), and, through the expansion it
//! shares with [`endpoint!`](crate::endpoint!), the typed field functions with their marker
//! types, documentation and operator, sort and composite impls:
//!
//! ```text
//! crate::catalog::prelude::operation! {
//!     /// `GET /accounts/v1` — List Accounts (the operation's documentation)
//!     pub mod list_accounts_v1: ListAccountsV1 = Services "listAccountsV1" "/accounts/v1" {
//!         tag: "Accounts", summary: "List Accounts", sdk: "AccountsApi" "list_accounts_v1",
//!         deprecated: false, parameters: [filters, sorters, offset, limit, count],
//!         composites: [and, or], limit: [0, 250, 250], rules: [with_max_junctions(1)],
//!         default_sort: None, example: Some("identityId eq \"2c9180858082150f0180893dbaf44201\""),
//!         headers: [total "total-count"],
//!     }
//!     fn source_id("sourceId"): string [eq, in] sort [];
//!     fn policy_name("policyName"): string [eq] flags [case_sensitive] reads "policy.name" values ["A", "B"];
//! }
//! ```
//!
//! A field is written as in [`endpoint!`](crate::endpoint!) (without an accessor: records are
//! JSON), then what only the catalog states: `flags [case_sensitive, wildcard]`, the record
//! path it is `reads` from, the `values` the spec lists. A response that is not a plain array
//! of records says where they are (`response: results("count"),` — the wrapper and its total
//! property — `items`, `object`, `none`), and the headers its spec declares besides
//! `X-Total-Count` are listed (`headers: [total "total-count", locale "accept-language",
//! fixed "Cache-Control" "private, max-age=5"],`).

/// The collection parameters by name, for `operation!`'s `parameters: [...]` (the extra
/// ones of SPEC §11 in snake case: `search_after`, `add_core_filters`, `count_only`, …).
#[allow(non_upper_case_globals)]
pub(crate) mod param {
    use super::super::operation::{
        ADD_CORE_FILTERS, COUNT, COUNT_ONLY, DEFAULT_FILTER, FILTER, FILTERS, LIMIT, NEXT, OFFSET,
        SEARCH_AFTER, SORT, SORTERS,
    };

    pub(crate) const filters: u16 = FILTERS;
    pub(crate) const sorters: u16 = SORTERS;
    pub(crate) const offset: u16 = OFFSET;
    pub(crate) const limit: u16 = LIMIT;
    pub(crate) const count: u16 = COUNT;
    pub(crate) const search_after: u16 = SEARCH_AFTER;
    pub(crate) const default_filter: u16 = DEFAULT_FILTER;
    pub(crate) const add_core_filters: u16 = ADD_CORE_FILTERS;
    pub(crate) const filter: u16 = FILTER;
    pub(crate) const sort: u16 = SORT;
    pub(crate) const count_only: u16 = COUNT_ONLY;
    pub(crate) const next: u16 = NEXT;
}

/// One catalog operation: its module, marker type, `OPERATION` and typed fields (see the
/// module's documentation for the form).
macro_rules! operation {
    (
        $(#[$doc:meta])*
        pub mod $module:ident: $endpoint:ident = $api:ident $id:literal $path:literal {
            tag: $tag:literal, summary: $summary:literal, sdk: $class:literal $method:literal,
            deprecated: $deprecated:literal, parameters: [$($param:ident),*],
            composites: [$($composite:ident),*],
            limit: [$($min:literal, $max:literal, $default:literal)?],
            rules: [$($rule:ident($($rule_arg:literal)?)),*],
            default_sort: $default_sort:expr, example: $example:expr,
            $(response: $response:ident $(($total:literal))?,)?
            $(headers: [$($role:ident $header:literal $($header_value:literal)?),*],)?
        }
        $(
            fn $field:ident($fpath:literal): $ty:ident [$($op:tt),*]
                $(sort $sort:tt)? $(flags [$($flag:ident),*])? $(reads $reads:literal)?
                $(values [$($value:literal),*])?;
        )*
    ) => {
        $(#[$doc])*
        pub mod $module {
            #[doc = concat!("The endpoint `GET ", $path, "` (", $id, "): its records are JSON values.")]
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            pub struct $endpoint;

            /// What the catalog holds of the operation; its `schema()` is the endpoint's.
            pub static OPERATION: $crate::catalog::Operation = $crate::catalog::Operation {
                api: $crate::catalog::Api::$api,
                id: $id,
                path: $path,
                tag: $tag,
                summary: $summary,
                sdk_class: $class,
                sdk_method: $method,
                deprecated: $deprecated,
                parameters: 0 $(| $crate::catalog::prelude::param::$param)*,
                fields: &[$(
                    $crate::catalog::OperationField::new(
                        $fpath,
                        $crate::builder::__private::field_types::$ty,
                        &[$($crate::__op!($op)),*],
                        $crate::catalog::prelude::present!($($sort)?),
                    )
                    $($(.$flag())*)?
                    $(.reads($reads))?
                    $(.with_values(&[$($value),*]))?
                ),*],
                composites: $crate::schema::CompositeSet::of(&[$($crate::__composite!($composite)),*]),
                limit: $crate::catalog::prelude::limit!($($min, $max, $default)?),
                rules: $crate::schema::FilterRules::NONE $(.$rule($($rule_arg)?))*,
                default_sort: $default_sort,
                example: $example,
                response: $crate::catalog::prelude::response!($($response)?),
                response_total: $crate::catalog::prelude::total!($($($total)?)?),
                response_headers: &[$($(
                    $crate::catalog::ResponseHeader::new(
                        $header,
                        $crate::catalog::prelude::header_role!($role $($header_value)?),
                    )
                ),*)?],
                schema: ::std::sync::OnceLock::new(),
            };

            impl $crate::builder::Endpoint for $endpoint {
                type Record = ::serde_json::Value;
                const NAME: &'static str = $id;
                $(
                    const MIN_LIMIT: u32 = $min;
                    const MAX_LIMIT: u32 = $max;
                )?

                fn schema() -> &'static $crate::schema::Schema {
                    OPERATION.schema()
                }
            }

            $crate::__endpoint_fields! {
                $endpoint, [pub], [$($composite),*];
                $(
                    [] $field $fpath $ty [$($op),*] [$(sort $sort)?] [
                        $($($crate::catalog::prelude::flag_doc!($flag, $fpath);)*)?
                        $(concat!("; read from `", $reads, "` in records");)?
                        $(concat!("; values: ", $crate::catalog::prelude::code_list!($($value),*));)?
                    ];
                )*
            }
        }
    };
}

/// An operation's response shape: `array` when not written.
macro_rules! response {
    () => {
        $crate::catalog::ResponseShape::Array
    };
    (results) => {
        $crate::catalog::ResponseShape::Results
    };
    (items) => {
        $crate::catalog::ResponseShape::Items
    };
    (object) => {
        $crate::catalog::ResponseShape::Object
    };
    (none) => {
        $crate::catalog::ResponseShape::None
    };
}

/// A wrapped response's total property, if written.
macro_rules! total {
    () => {
        None
    };
    ($total:literal) => {
        Some($total)
    };
}

/// A declared response header's role: `total`, `locale` or `fixed "value"`.
macro_rules! header_role {
    (total) => {
        $crate::catalog::HeaderRole::Total
    };
    (locale) => {
        $crate::catalog::HeaderRole::Locale
    };
    (fixed $value:literal) => {
        $crate::catalog::HeaderRole::Fixed($value)
    };
}

/// `true` when given anything (a field's `sort []`).
macro_rules! present {
    () => {
        false
    };
    ($($any:tt)+) => {
        true
    };
}

/// An operation's `limit` bounds, `(minimum, maximum, default)`, if it takes a `limit`.
macro_rules! limit {
    () => {
        None
    };
    ($min:literal, $max:literal, $default:literal) => {
        Some(($min, $max, $default))
    };
}

/// A field's flag, for its documentation.
macro_rules! flag_doc {
    (case_sensitive, $path:literal) => {
        "; case-sensitive"
    };
    (wildcard, $path:literal) => {
        concat!(
            "; a wildcard parent: its sub-fields (`",
            $path,
            ".name`) take the same operators"
        )
    };
}

/// Text literals as a list of code spans: `` `A`, `B` ``.
macro_rules! code_list {
    ($first:literal $(, $more:literal)*) => {
        concat!("`", $first, "`" $(, ", `", $more, "`")*)
    };
}

pub(crate) use {code_list, flag_doc, header_role, limit, operation, present, response, total};
