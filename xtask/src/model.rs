//! The catalog's data: what one API's JSON file holds, and how it is written.
//!
//! The shape is documented field by field in `catalog/README.md`; the next stage of the
//! generator (Rust source for typed builders) reads these files back with the same types.

use sailpoint_filters::{Composite, FieldType, Op};
use serde::{Deserialize, Serialize};

/// The command that writes the catalog, recorded in every file.
pub const GENERATED_BY: &str =
    "cargo run --manifest-path xtask/Cargo.toml -- extract --specs DIR --out catalog/";

/// One API's catalog file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogFile {
    /// Says the file is generated, and by which command.
    pub generated: String,
    /// `services`, `v3`, `beta`, `v2024`, `v2025` or `v2026`.
    pub api: String,
    /// Where the data comes from.
    pub source: Source,
    /// What every request path of this API starts with (`/v3`; empty for the per-service API).
    pub base_path: String,
    /// How many operations, and how many of them take `filters` / `sorters`.
    pub counts: Counts,
    /// One entry per GET operation with a `filters` or `sorters` parameter, by operationId.
    pub operations: Vec<Operation>,
}

/// The spec a catalog file was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// The spec's file name in sailpoint-oss/api-specs.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The licence the specs are published under.
    pub license: String,
}

/// Operation counts of one API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Counts {
    /// GET operations with `filters` or `sorters`.
    pub operations: usize,
    /// Of those, the ones with `filters`.
    pub with_filters: usize,
    /// Of those, the ones with `sorters`.
    pub with_sorters: usize,
    /// Operations of other methods with `filters` or `sorters` (not in the catalog).
    pub other_methods: usize,
}

/// One collection operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operation {
    /// The spec's operationId (unique within the API).
    pub operation_id: String,
    /// Always `GET`.
    pub method: String,
    /// The path as the spec writes it (after the API's base path).
    pub path: String,
    /// The operation's first tag (the SDK's API class comes from it).
    pub tag: String,
    /// The spec's one-line summary.
    pub summary: String,
    /// The spec marks the operation deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The name of the operation in SailPoint's Python SDK.
    pub sdk: SdkName,
    /// Which of the standard collection parameters the operation takes, in the order
    /// `filters`, `sorters`, `offset`, `limit`, `count`; then the extra ones it takes
    /// (`searchAfter`, `defaultFilter`, `add-core-filters`, the singular `filter` and `sort`,
    /// `count-only`: see `extra_params`).
    pub parameters: Vec<String>,
    /// The `limit` parameter's bounds, when the operation takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// Where the records are in a 200 response.
    pub response: ResponseShape,
    /// The wrapper object's integer property that holds the number of matching records
    /// (`count` of `{count, results}`), when a wrapped response declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_total: Option<String>,
    /// The 200 response's declared headers besides `X-Total-Count`, with what a fake sends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<ResponseHeader>,
    /// The composite operators allowed (`and`, `or`, `not`; empty when none are).
    pub composites: Vec<Composite>,
    /// The description states the composite operators (otherwise all three are allowed).
    #[serde(default, skip_serializing_if = "is_false")]
    pub composites_stated: bool,
    /// Filterable and sortable fields: the filter table's fields in its order, then the
    /// sortable fields it does not list.
    pub fields: Vec<Field>,
    /// The order without `sorters`, in sorters syntax (`-created,-id`), where it is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_sort: Option<String>,
    /// Per-endpoint rules stated in the descriptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// The published example filters and sorters, with how the catalog's schema takes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// Where the spec contradicts itself or is malformed, with the decision taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quirks: Vec<Quirk>,
}

/// A Python SDK name: `from sailpoint import AccountsApi`, `AccountsApi.list_accounts_v1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SdkName {
    /// The package the class is imported from: `sailpoint` (SDK 2.x, the per-service API),
    /// `sailpoint.v3` (SDK 1.x, the versioned APIs).
    pub module: String,
    /// `AccountsApi`.
    pub class: String,
    /// `list_accounts_v1`.
    pub method: String,
}

/// Bounds of the `limit` parameter, as its schema states them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Limit {
    /// The smallest value (`0`; `1` for a few).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest value (`250` for most; absent when the spec states none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The value without `limit` (absent when the spec states none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<i64>,
}

/// Where the records are in a 200 response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ResponseShape {
    /// The body is a JSON array of records.
    Array,
    /// The body is an object whose `results` array holds the records.
    Results,
    /// The body is an object whose `items` array holds the records.
    Items,
    /// The body is one object (the fields are read from it).
    Object,
    /// No JSON body is described (a CSV download, say): every field is untyped.
    None,
}

/// A header the 200 response declares (other than `X-Total-Count`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResponseHeader {
    /// The header's name as the spec writes it.
    pub name: String,
    /// What it carries.
    pub role: HeaderRole,
    /// The value sent, for [`HeaderRole::Fixed`]: the spec's example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What a declared response header carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HeaderRole {
    /// The number of matching records (a `total-count` besides `X-Total-Count`), sent with
    /// `count=true`.
    Total,
    /// The locale of the response's text (`accept-language`): the request's, or `en-US`.
    Locale,
    /// A fixed value: the spec's example (`Cache-Control: private, max-age=5`).
    Fixed,
}

/// A filterable or sortable field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Field {
    /// The field as filters and sorters name it: `name`, `owner.id`.
    pub path: String,
    /// The operators the filter table lists for it, in the language's order (empty: sort only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<Op>,
    /// The sorters description lists it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sortable: bool,
    /// Its type: from the response item schema, `any` where that says nothing usable.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// What the response schema says when `type` is not that (a type the listed operators do
    /// not fit, an object, a collection of non-strings, conflicting variants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<String>,
    /// Where a record holds the value, when that is not `path` (`policy.name` for a filter
    /// field `policyName`, `owner.id` for `owner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_from: Option<String>,
    /// The values the response schema allows, when it lists them.
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// String comparisons on it respect case.
    #[serde(default, skip_serializing_if = "is_false")]
    pub case_sensitive: bool,
    /// A free-form object: its sub-fields (`attributes.displayName`) take the same operators.
    #[serde(default, skip_serializing_if = "is_false")]
    pub wildcard: bool,
}

/// A per-endpoint rule stated in a description, with the sentence that states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Rule {
    /// String comparisons respect case: on the listed fields, or on every field when the list is
    /// empty.
    CaseSensitive {
        /// The fields it covers (empty: all).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
        /// The sentence.
        text: String,
    },
    /// The description confirms comparisons ignore case (the default).
    CaseInsensitive {
        /// The sentence.
        text: String,
    },
    /// At most this many `and`/`or` operators in one filter.
    MaxComposites {
        /// The bound.
        max: u32,
        /// The sentence.
        text: String,
    },
    /// An `and`/`or` must join conditions on different fields.
    CompositeJoinsDistinctFields {
        /// The sentence.
        text: String,
    },
    /// At most this many `not`s, each directly in front of an `in` condition.
    NotOnlyBeforeIn {
        /// The bound.
        max: u32,
        /// The sentence.
        text: String,
    },
    /// A filter is a single condition: no `and`, `or` or `not`.
    SingleCondition {
        /// The sentence.
        text: String,
    },
    /// The operation needs a `filters` parameter.
    FiltersRequired {
        /// `schema` (the parameter is `required: true`) and/or `description`.
        from: Vec<String>,
    },
    /// `filters` cannot be combined with another query parameter.
    FiltersExclusiveWith {
        /// The other parameter.
        parameter: String,
        /// The sentence.
        text: String,
    },
    /// Some fields work only on tenants with a feature enabled (otherwise 400).
    TenantFeature {
        /// The filter fields concerned.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
        /// The sortable fields concerned.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sortable: Vec<String>,
        /// The sentence.
        text: String,
    },
    /// A filter field is read as another one.
    Alias {
        /// The field as written.
        field: String,
        /// The field it stands for.
        to: String,
        /// The sentence.
        text: String,
    },
    /// The values a field takes, listed in the description.
    PossibleValues {
        /// The field.
        field: String,
        /// The values.
        values: Vec<String>,
        /// The sentence.
        text: String,
    },
    /// Values containing `+` are not supported (the response is empty).
    PlusInValues {
        /// The sentence.
        text: String,
    },
    /// The service narrows results to the caller whatever the filter says.
    CallerScope {
        /// The sentence.
        text: String,
    },
    /// A filter field that is no field of the record but searches several.
    VirtualField {
        /// The field.
        field: String,
        /// The sentence.
        text: String,
    },
    /// The service adds a condition on this field itself; filters should not name it.
    ImplicitFilter {
        /// The field.
        field: String,
        /// The sentence.
        text: String,
    },
    /// The order without `sorters`.
    DefaultSort {
        /// In sorters syntax, when the sentence names sortable keys.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sorters: Option<String>,
        /// The sentence (or `schema default` when it is the parameter's schema default).
        text: String,
    },
    /// The operation refuses `sorters`.
    SortingUnsupported {
        /// The sentence.
        text: String,
    },
}

impl Rule {
    /// The rule's kind as the JSON names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::CaseSensitive { .. } => "caseSensitive",
            Rule::CaseInsensitive { .. } => "caseInsensitive",
            Rule::MaxComposites { .. } => "maxComposites",
            Rule::CompositeJoinsDistinctFields { .. } => "compositeJoinsDistinctFields",
            Rule::NotOnlyBeforeIn { .. } => "notOnlyBeforeIn",
            Rule::SingleCondition { .. } => "singleCondition",
            Rule::FiltersRequired { .. } => "filtersRequired",
            Rule::FiltersExclusiveWith { .. } => "filtersExclusiveWith",
            Rule::TenantFeature { .. } => "tenantFeature",
            Rule::Alias { .. } => "alias",
            Rule::PossibleValues { .. } => "possibleValues",
            Rule::PlusInValues { .. } => "plusInValues",
            Rule::CallerScope { .. } => "callerScope",
            Rule::VirtualField { .. } => "virtualField",
            Rule::ImplicitFilter { .. } => "implicitFilter",
            Rule::DefaultSort { .. } => "defaultSort",
            Rule::SortingUnsupported { .. } => "sortingUnsupported",
        }
    }
}

/// A published example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Example {
    /// `filters` or `sorters`.
    pub parameter: String,
    /// Where it is published: `example`, `examples.byId`, `schema.example`, `description`,
    /// `operation description`.
    pub from: String,
    /// As published.
    pub text: String,
    /// The description gives it as an example of what is refused.
    #[serde(default, skip_serializing_if = "is_false")]
    pub negative: bool,
    /// How the catalog's schema takes it: `strict` (accepted in both syntaxes), `lenient`
    /// (accepted only in the lenient syntax) or `refused`.
    pub accepted: Acceptance,
    /// The canonical spelling, when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

/// How a schema takes an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Acceptance {
    /// Valid in the strict syntax (so in the lenient one too).
    Strict,
    /// Valid only in the lenient syntax.
    Lenient,
    /// Refused.
    Refused,
}

/// A contradiction or malformation in the spec, and what the catalog does about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quirk {
    /// What kind of problem (the list is in `catalog/README.md`).
    pub kind: String,
    /// The field concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The example concerned, if one (as published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// What exactly.
    pub detail: String,
    /// What the catalog does: `accept`, `lenient`, `reject`, `untyped`, `readFrom`,
    /// `fromExample`, `info`.
    pub decision: Decision,
}

/// What the catalog does about a quirk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// Accepted in both syntaxes.
    Accept,
    /// Accepted in the lenient syntax only.
    Lenient,
    /// Refused in both syntaxes.
    Reject,
    /// The field is typed `any`.
    Untyped,
    /// The field is read from (and typed by) another response path; see `readFrom`.
    ReadFrom,
    /// The field is typed from the example the response schema gives for its parent object.
    FromExample,
    /// Recorded only; nothing changes.
    Info,
}

impl Decision {
    /// The decision as the JSON names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Lenient => "lenient",
            Decision::Reject => "reject",
            Decision::Untyped => "untyped",
            Decision::ReadFrom => "readFrom",
            Decision::FromExample => "fromExample",
            Decision::Info => "info",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The file's text: stable key order, one operation per line, a newline at the end.
pub fn to_json_text(file: &CatalogFile) -> Result<String, serde_json::Error> {
    let mut out = String::from("{\n");
    let mut head = |key: &str, value: String| {
        out.push_str(&format!(
            "  {}: {value},\n",
            serde_json::to_string(key).unwrap_or_default()
        ));
    };
    head("generated", serde_json::to_string(&file.generated)?);
    head("api", serde_json::to_string(&file.api)?);
    head("source", serde_json::to_string(&file.source)?);
    head("basePath", serde_json::to_string(&file.base_path)?);
    head("counts", serde_json::to_string(&file.counts)?);
    out.push_str("  \"operations\": [");
    for (i, operation) in file.operations.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&serde_json::to_string(operation)?);
    }
    out.push_str(if file.operations.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> CatalogFile {
        CatalogFile {
            generated: GENERATED_BY.to_owned(),
            api: "v3".to_owned(),
            source: Source {
                file: "sailpoint-api.v3.yaml".to_owned(),
                title: "T".to_owned(),
                version: "3.0.0".to_owned(),
                license: "MIT".to_owned(),
            },
            base_path: "/v3".to_owned(),
            counts: Counts::default(),
            operations: vec![Operation {
                operation_id: "listThings".to_owned(),
                method: "GET".to_owned(),
                path: "/things".to_owned(),
                tag: "Things".to_owned(),
                summary: "List things".to_owned(),
                deprecated: false,
                sdk: SdkName {
                    module: "sailpoint.v3".to_owned(),
                    class: "ThingsApi".to_owned(),
                    method: "list_things".to_owned(),
                },
                parameters: vec!["filters".to_owned()],
                limit: Some(Limit {
                    minimum: Some(0),
                    maximum: Some(250),
                    default: Some(250),
                }),
                response: ResponseShape::Array,
                response_total: None,
                response_headers: Vec::new(),
                composites: Composite::ALL.to_vec(),
                composites_stated: false,
                fields: vec![Field {
                    path: "name".to_owned(),
                    ops: vec![Op::Eq, Op::Sw],
                    sortable: true,
                    field_type: FieldType::String,
                    response_type: None,
                    read_from: None,
                    enum_values: vec![],
                    case_sensitive: false,
                    wildcard: false,
                }],
                default_sort: None,
                rules: vec![Rule::MaxComposites {
                    max: 1,
                    text: "Only one.".to_owned(),
                }],
                examples: vec![],
                quirks: vec![],
            }],
        }
    }

    #[test]
    fn one_operation_per_line_and_reads_back() {
        let file = file();
        let text = to_json_text(&file).unwrap();
        assert_eq!(text.lines().count(), 10, "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("    {\"operationId\":\"listThings\""))
        );
        assert!(text.contains(r#""rules":[{"kind":"maxComposites","max":1,"text":"Only one."}]"#));
        assert!(text.contains(r#""ops":["eq","sw"],"sortable":true,"type":"string""#));
        let back: CatalogFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back, file);
    }

    #[test]
    fn rule_kinds_match_their_json_tags() {
        let rule = Rule::CallerScope {
            text: String::new(),
        };
        let json = serde_json::to_value(&rule).unwrap();
        assert_eq!(json["kind"], rule.kind());
        let rule = Rule::CompositeJoinsDistinctFields {
            text: String::new(),
        };
        assert_eq!(serde_json::to_value(&rule).unwrap()["kind"], rule.kind());
    }
}
