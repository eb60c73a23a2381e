//! The operator tables of a few operations, copied by hand from the description of their
//! `filters` parameter in SailPoint's published OpenAPI text (`sailpoint-api.yaml`, the
//! per-service API: "Filtering is supported for the following fields and operators: **id**:
//! *eq, in, sw* …"), not from the generated catalog, which the tests check against them.
//!
//! Operators are written as SailPoint writes them, in its order.

/// One operation's published operator table: each filterable field and its operators.
pub struct Published {
    pub operation_id: &'static str,
    pub fields: &'static [(&'static str, &'static [&'static str])],
}

pub const TABLES: &[Published] = &[
    Published {
        operation_id: "listAccountsV1",
        fields: &[
            ("id", &["eq", "in", "sw"]),
            ("identityId", &["eq", "in", "sw"]),
            ("name", &["eq", "in", "sw"]),
            ("nativeIdentity", &["eq", "in", "sw"]),
            ("hasEntitlements", &["eq"]),
            ("sourceId", &["eq", "in", "sw"]),
            ("uncorrelated", &["eq"]),
            ("entitlements", &["eq"]),
            ("origin", &["eq", "in"]),
            ("manuallyCorrelated", &["eq"]),
            ("identity.name", &["eq", "in", "sw"]),
            ("identity.correlated", &["eq"]),
            ("identity.identityState", &["eq", "in"]),
            ("source.displayableName", &["eq", "in"]),
            ("source.authoritative", &["eq"]),
            ("source.connectionType", &["eq", "in"]),
            ("recommendation.method", &["eq", "in", "isnull"]),
            ("created", &["eq", "ge", "gt", "le", "lt"]),
            ("modified", &["eq", "ge", "gt", "le", "lt"]),
        ],
    },
    Published {
        operation_id: "listAccessProfilesV1",
        fields: &[
            ("id", &["eq", "in"]),
            ("name", &["eq", "sw"]),
            ("created", &["gt", "ge", "le"]),
            ("modified", &["gt", "lt", "ge", "le"]),
            ("owner.id", &["eq", "in"]),
            ("requestable", &["eq"]),
            ("source.id", &["eq", "in"]),
        ],
    },
    Published {
        operation_id: "listIdentitiesV1",
        fields: &[
            ("id", &["eq", "in"]),
            ("name", &["eq", "sw"]),
            ("alias", &["eq", "sw"]),
            ("firstname", &["eq", "sw"]),
            ("lastname", &["eq", "sw"]),
            ("email", &["eq", "sw"]),
            ("cloudStatus", &["eq"]),
            ("processingState", &["eq"]),
            ("correlated", &["eq"]),
            ("protected", &["eq"]),
        ],
    },
    Published {
        operation_id: "getConnectorListV1",
        fields: &[
            ("name", &["sw", "co"]),
            ("type", &["sw", "co", "eq"]),
            ("directConnect", &["eq"]),
            ("category", &["eq"]),
            ("features", &["ca"]),
            ("labels", &["ca"]),
        ],
    },
    Published {
        operation_id: "listSodPoliciesV1",
        fields: &[
            ("id", &["eq", "in"]),
            ("name", &["eq", "in", "sw", "co"]),
            ("state", &["eq", "in"]),
            ("level", &["eq", "in"]),
            ("type", &["eq"]),
            ("description", &["eq", "co", "sw"]),
            ("ownerRef.name", &["eq", "sw"]),
        ],
    },
];

/// Every operator of the language, as SailPoint writes them.
pub const OPERATORS: &[&str] = &[
    "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "pr", "isnull",
];
