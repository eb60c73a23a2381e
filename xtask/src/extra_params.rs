//! The parameters some collection operations add to the five standard ones (SPEC §11): which
//! an operation takes, as the catalog lists them, and as `operation!` names them.
//!
//! | parameter | operations | what the library does |
//! | --- | --- | --- |
//! | `searchAfter` | entitlements, entitlement connections, JIT activation history… | checked against the sorters (one value per key, each of its field's type); the page continues strictly after the cursor |
//! | `defaultFilter` | list identities | `CORRELATED_ONLY` (the default) adds `correlated eq true`; `NONE` adds nothing |
//! | `add-core-filters` | public identities | `true` adds the criteria its description lists |
//! | `filter` | discovered applications (no `filters`) | read exactly as `filters`, its table the operation's fields |
//! | `sort` | compensating controls (no `sorters`) | read exactly as `sorters`, its fields the sortable ones |
//! | `count-only` | approvals, SEDs | `true` answers an empty page with `X-Total-Count` |
//! | `next` | launchers (no `offset`) | the pagination marker the previous page's `next` gave: the page continues after the records listed so far |
//!
//! Other query parameters of collection operations narrow by the caller or by other objects
//! (`requested-for`, `for-subadmin`, `for-segment-ids`, `mine`…), search free text (`query`,
//! `term`) or choose a representation (`detail`, `locale`…): the catalog does not record them, and fakes ignore them as SailPoint ignores unknown
//! parameters.

use std::collections::BTreeMap;

/// The extra parameters, by their name in the specs, with the identifier `operation!` takes.
pub const EXTRA: [(&str, &str); 7] = [
    ("searchAfter", "search_after"),
    ("defaultFilter", "default_filter"),
    ("add-core-filters", "add_core_filters"),
    ("filter", "filter"),
    ("sort", "sort"),
    ("count-only", "count_only"),
    ("next", "next"),
];

/// The extra parameters an operation takes, in the order of [`EXTRA`]: the singular `filter`
/// only where the operation has no `filters`, and `sort` only where it has no `sorters` (they
/// are then the operation's own spelling of them).
pub fn extra_parameters<V>(parameters: &BTreeMap<String, V>) -> Vec<String> {
    EXTRA
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| parameters.contains_key(*name))
        .filter(|name| match *name {
            "filter" => !parameters.contains_key("filters"),
            "sort" => !parameters.contains_key("sorters"),
            _ => true,
        })
        .map(str::to_owned)
        .collect()
}

/// The query parameter that holds an operation's filter (`filters`, or the singular `filter`
/// where the operation spells it so), if it takes one.
pub fn filters_name<V>(parameters: &BTreeMap<String, V>) -> Option<&'static str> {
    ["filters", "filter"]
        .into_iter()
        .find(|name| parameters.contains_key(*name))
}

/// The query parameter that holds an operation's sorters (`sorters`, or `sort`).
pub fn sorters_name<V>(parameters: &BTreeMap<String, V>) -> Option<&'static str> {
    ["sorters", "sort"]
        .into_iter()
        .find(|name| parameters.contains_key(*name))
}

/// The identifier `operation!` takes for an extra parameter.
pub fn identifier(name: &str) -> Option<&'static str> {
    EXTRA
        .iter()
        .find(|(extra, _)| *extra == name)
        .map(|(_, ident)| *ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeMap<String, ()> {
        list.iter().map(|n| ((*n).to_owned(), ())).collect()
    }

    #[test]
    fn singular_spellings_count_only_without_the_plural() {
        let both = names(&["filters", "filter", "sorters", "sort", "searchAfter"]);
        assert_eq!(extra_parameters(&both), ["searchAfter"]);
        assert_eq!(filters_name(&both), Some("filters"));
        let singular = names(&["filter", "sort", "count-only", "next", "query"]);
        assert_eq!(
            extra_parameters(&singular),
            ["filter", "sort", "count-only", "next"]
        );
        assert_eq!(
            (filters_name(&singular), sorters_name(&singular)),
            (Some("filter"), Some("sort"))
        );
        assert_eq!(identifier("add-core-filters"), Some("add_core_filters"));
        assert_eq!(identifier("next"), Some("next"));
        assert_eq!(identifier("query"), None);
    }

    #[test]
    fn operation_takes_them_as_identifiers() {
        let parameters: Vec<String> = [
            "filters",
            "sorters",
            "searchAfter",
            "add-core-filters",
            "count-only",
        ]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
        assert_eq!(
            crate::render::parameters_list(&parameters).as_deref(),
            Ok("filters, sorters, search_after, add_core_filters, count_only")
        );
        let unknown = ["query".to_owned()];
        assert_eq!(
            crate::render::parameters_list(&unknown),
            Err("unknown collection parameter `query`".to_owned())
        );
    }
}
