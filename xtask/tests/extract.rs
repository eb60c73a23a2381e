//! The generator on the fixture specs in `tests/fixtures/specs/`: what it writes, what it
//! reports, and how it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use sailpoint_filters::{Composite, FieldType, Op};
use serde_json::Value;
use xtask::model::{Acceptance, CatalogFile, Decision, Operation, ResponseShape, Rule};
use xtask::run::{self, ExtractOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs")
}

/// A fresh directory for one test's output.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn options(out: &Path) -> ExtractOptions {
    ExtractOptions {
        specs: fixtures(),
        out: out.to_path_buf(),
        apis: vec!["services".to_owned(), "v3".to_owned()],
        check: false,
        verbose: false,
    }
}

/// Runs `extract` on the fixtures; returns the report and the two catalog files.
fn extract(name: &str) -> (String, CatalogFile, CatalogFile) {
    let out = out_dir(name);
    let mut report = Vec::new();
    run::extract(&options(&out), &mut report).unwrap();
    let services = run::read_catalog(&out.join("services.json")).unwrap();
    let v3 = run::read_catalog(&out.join("v3.json")).unwrap();
    (String::from_utf8(report).unwrap(), services, v3)
}

fn operation<'a>(file: &'a CatalogFile, id: &str) -> &'a Operation {
    file.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn quirk_kinds(operation: &Operation) -> Vec<(String, Option<String>, Decision)> {
    operation
        .quirks
        .iter()
        .map(|q| (q.kind.clone(), q.field.clone(), q.decision))
        .collect()
}

fn has_quirk(operation: &Operation, kind: &str, field: Option<&str>, decision: Decision) -> bool {
    quirk_kinds(operation)
        .iter()
        .any(|(k, f, d)| k == kind && f.as_deref() == field && *d == decision)
}

#[test]
fn counts_operations_and_leaves_out_other_methods() {
    let (report, services, v3) = extract("counts");
    assert!(
        report.contains("services    5 operations (5 with filters, 1 with sorters); 1 operations of other methods take filters or sorters and are left out (POST /things/v1 (searchThingsV1))"),
        "{report}"
    );
    assert!(
        report.contains("v3          1 operations (1 with filters, 1 with sorters)"),
        "{report}"
    );
    assert_eq!(services.counts.operations, 5);
    assert_eq!(services.counts.other_methods, 1);
    // Sorted by operationId; the operation without filters or sorters is not there.
    let ids: Vec<&str> = services
        .operations
        .iter()
        .map(|o| o.operation_id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "getOneV1",
            "getPermissionsV1",
            "listOwnersV1",
            "listThingsV1",
            "listWidgetValuesV1"
        ]
    );
    assert_eq!(services.base_path, "");
    assert_eq!(v3.base_path, "/v3");
    assert_eq!(v3.source.title, "Fixture V3 API");
    assert!(
        services
            .generated
            .contains("cargo run --manifest-path xtask/Cargo.toml -- extract")
    );
}

#[test]
fn reads_the_table_composites_sorters_limit_and_types() {
    let (_, services, _) = extract("table");
    let things = operation(&services, "listThingsV1");
    assert_eq!(things.path, "/things/v1");
    assert_eq!(things.sdk.class, "ThingsApi");
    assert_eq!(things.sdk.method, "list_things_v1");
    assert_eq!(things.sdk.module, "sailpoint");
    assert_eq!(
        things.parameters,
        ["filters", "sorters", "offset", "limit", "count"]
    );
    let limit = things.limit.unwrap();
    assert_eq!(
        (limit.minimum, limit.maximum, limit.default),
        (Some(0), Some(50), Some(50))
    );
    assert_eq!(things.composites, [Composite::And, Composite::Or]);
    assert!(things.composites_stated);
    assert_eq!(things.response, ResponseShape::Array);
    let field = |path: &str| {
        things
            .fields
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path}"))
    };
    // `**name:** *eq, sw*` with the colon inside the bold, trailing spaces.
    assert_eq!(field("name").ops, [Op::Eq, Op::Sw]);
    assert_eq!(field("name").field_type, FieldType::String);
    assert!(field("name").sortable);
    // From the allOf part behind a $ref.
    assert_eq!(field("id").field_type, FieldType::String);
    assert_eq!(field("enabled").field_type, FieldType::Boolean);
    assert_eq!(field("created").field_type, FieldType::DateTime);
    // Operators in the language's order, not the table's.
    assert_eq!(field("tags").ops, [Op::Eq, Op::Ca]);
    assert_eq!(field("tags").field_type, FieldType::StringCollection);
    assert_eq!(field("tags").enum_values, ["A", "B"]);
    assert_eq!(field("owner.id").field_type, FieldType::String);
    // A sortable field the table does not list comes after the table's fields.
    let last = things.fields.last().unwrap();
    assert_eq!(
        (last.path.as_str(), last.ops.is_empty(), last.sortable),
        ("score", true, true)
    );
    assert_eq!(last.field_type, FieldType::Number);
    // "All filter values are case-sensitive for this API": the textual filter fields.
    assert!(
        field("name").case_sensitive && field("id").case_sensitive && field("tags").case_sensitive
    );
    assert!(!field("enabled").case_sensitive && !field("score").case_sensitive);
    assert_eq!(things.default_sort.as_deref(), Some("-created"));
    assert!(has_quirk(
        things,
        "tableEntryWithoutColon",
        Some("enabled"),
        Decision::Accept
    ));
}

#[test]
fn reads_restricted_composites_and_their_examples() {
    let (_, services, _) = extract("composites");
    let widgets = operation(&services, "listWidgetValuesV1");
    assert_eq!(widgets.composites, [Composite::Not]);
    assert!(matches!(
        widgets.rules.as_slice(),
        [Rule::NotOnlyBeforeIn { max: 1, .. }]
    ));
    assert_eq!(widgets.response, ResponseShape::Results);
    assert_eq!(widgets.fields[0].field_type, FieldType::String);
    let limit = widgets.limit.unwrap();
    assert_eq!(limit.maximum, Some(250));
    assert!(has_quirk(
        widgets,
        "limitBoundsAsLength",
        Some("limit"),
        Decision::Accept
    ));
    let valid = widgets
        .examples
        .iter()
        .find(|e| e.from == "description")
        .unwrap();
    assert_eq!(valid.text, r#"not value in ("ID01")"#);
    assert_eq!(valid.accepted, Acceptance::Strict);

    let permissions = operation(&services, "getPermissionsV1");
    let kinds: Vec<&str> = permissions.rules.iter().map(Rule::kind).collect();
    assert_eq!(
        kinds,
        [
            "caseInsensitive",
            "maxComposites",
            "compositeJoinsDistinctFields",
            "filtersRequired"
        ]
    );
    let [good, bad] = permissions.examples.as_slice() else {
        panic!("{:?}", permissions.examples)
    };
    assert_eq!(
        good.canonical.as_deref(),
        Some(r#"rights ca ("CREATE") and target eq "SYS.OBJAUTH2""#)
    );
    assert_eq!(good.accepted, Acceptance::Strict);
    // The refused example, wrapped in `1…1` instead of code quotes, is refused by the rule
    // (two `rights` conditions joined), not by its spelling.
    assert!(bad.negative);
    assert_eq!(bad.accepted, Acceptance::Refused);
    assert!(has_quirk(
        permissions,
        "malformedMarkdown",
        None,
        Decision::Info
    ));
    assert!(!has_quirk(
        permissions,
        "negativeExampleAccepted",
        None,
        Decision::Info
    ));
    assert!(!has_quirk(
        permissions,
        "negativeExampleMalformed",
        None,
        Decision::Info
    ));

    let one = operation(&services, "getOneV1");
    assert!(one.composites.is_empty());
    assert!(matches!(
        one.rules.as_slice(),
        [Rule::SingleCondition { .. }]
    ));
    assert_eq!(one.response, ResponseShape::Object);
    // Typed from the example the schema gives for an untyped parent.
    assert_eq!(one.fields[0].field_type, FieldType::String);
    assert!(has_quirk(
        one,
        "typedFromSchemaExample",
        Some("source.id"),
        Decision::FromExample
    ));
}

#[test]
fn records_contradictions_with_decisions() {
    let (_, services, v3) = extract("quirks");
    let owners = operation(&services, "listOwnersV1");
    let field = |path: &str| {
        owners
            .fields
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path}"))
    };
    // Not in the response, but `policy.name` is: read from it.
    assert_eq!(
        field("policyName").read_from.as_deref(),
        Some("policy.name")
    );
    assert_eq!(field("policyName").field_type, FieldType::String);
    assert!(has_quirk(
        owners,
        "fieldNotInResponse",
        Some("policyName"),
        Decision::ReadFrom
    ));
    // `sw` on a date-time: untyped, so that every listed operator stays accepted.
    assert_eq!(field("created").field_type, FieldType::Any);
    assert_eq!(field("created").response_type.as_deref(), Some("date-time"));
    assert!(has_quirk(
        owners,
        "operatorTypeMismatch",
        Some("created"),
        Decision::Untyped
    ));
    // A free-form object: a wildcard parent.
    assert!(field("attributes").wildcard);
    assert!(has_quirk(
        owners,
        "wildcardSubField",
        Some("attributes.city"),
        Decision::Accept
    ));
    assert_eq!(field("endTime").field_type, FieldType::Any);
    assert!(has_quirk(
        owners,
        "fieldNotInResponse",
        Some("endTime"),
        Decision::Untyped
    ));
    // `ew` is dropped, `eq` kept.
    assert_eq!(field("kind").ops, [Op::Eq]);
    assert!(has_quirk(
        owners,
        "unknownOperator",
        Some("kind"),
        Decision::Reject
    ));
    // Possible values without a `type` field go to the entry before them.
    assert_eq!(field("policy.flags").enum_values, ["ONE", "TWO"]);
    // Rules from the operation description.
    assert!(
        owners
            .rules
            .iter()
            .any(|r| matches!(r, Rule::FiltersRequired { from } if from == &["description"]))
    );
    // The examples.
    assert!(has_quirk(owners, "pastedParameter", None, Decision::Reject));
    assert!(has_quirk(owners, "commaAsAnd", None, Decision::Reject));
    assert!(has_quirk(
        owners,
        "dateOnly",
        Some("created"),
        Decision::Accept
    ));
    assert!(has_quirk(owners, "unparsable", None, Decision::Reject));
    assert!(has_quirk(
        owners,
        "fieldCase",
        Some("Policyname"),
        Decision::Reject
    ));
    assert!(has_quirk(
        owners,
        "epochSeconds",
        Some("endTime"),
        Decision::Accept
    ));
    assert!(has_quirk(owners, "unrecognisedText", None, Decision::Info));
    let accepted: Vec<(&str, Acceptance)> = owners
        .examples
        .iter()
        .map(|e| (e.from.as_str(), e.accepted))
        .collect();
    assert_eq!(
        accepted,
        [
            ("example", Acceptance::Refused),
            ("examples.broken", Acceptance::Refused),
            ("examples.epoch", Acceptance::Refused),
            ("schema.example", Acceptance::Strict),
            ("operation description", Acceptance::Strict),
        ]
    );

    let things = operation(&services, "listThingsV1");
    let quoted = things
        .examples
        .iter()
        .find(|e| e.parameter == "filters")
        .unwrap();
    assert_eq!(
        quoted.canonical.as_deref(),
        Some(r#"enabled eq true and name sw "Th""#)
    );
    assert!(has_quirk(
        things,
        "quotedBoolean",
        Some("enabled"),
        Decision::Accept
    ));
    assert!(has_quirk(
        things,
        "unknownSortField",
        Some("nmae"),
        Decision::Reject
    ));

    let listed = operation(&v3, "listThings");
    assert_eq!(listed.examples[0].accepted, Acceptance::Lenient);
    assert_eq!(
        listed.examples[0].canonical.as_deref(),
        Some(r#"id eq "2c91""#)
    );
    assert_eq!(listed.fields[0].field_type, FieldType::Any);
    assert!(has_quirk(
        listed,
        "conflictingTypes",
        Some("id"),
        Decision::Untyped
    ));
    assert!(has_quirk(
        listed,
        "duplicateSortableField",
        Some("id"),
        Decision::Accept
    ));
    assert!(has_quirk(listed, "pastedParameter", None, Decision::Reject));
    assert_eq!(listed.sdk.module, "sailpoint.v3");
}

#[test]
fn output_is_deterministic_one_operation_per_line_and_checkable() {
    let out = out_dir("determinism");
    run::extract(&options(&out), &mut Vec::new()).unwrap();
    let first = std::fs::read_to_string(out.join("services.json")).unwrap();
    run::extract(&options(&out), &mut Vec::new()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("services.json")).unwrap(),
        first
    );
    let operation_lines = first
        .lines()
        .filter(|l| l.starts_with("    {\"operationId\""))
        .count();
    assert_eq!(operation_lines, 5);
    assert!(first.ends_with("\n  ]\n}\n"));
    let json: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["operations"].as_array().unwrap().len(), 5);

    // --check passes on fresh files and fails, naming the file, on a stale one.
    let check = ExtractOptions {
        check: true,
        ..options(&out)
    };
    run::extract(&check, &mut Vec::new()).unwrap();
    std::fs::write(out.join("v3.json"), "{}").unwrap();
    let err = run::extract(&check, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("v3.json") && err.contains("out of date"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("v3.json")).unwrap(),
        "{}",
        "--check writes nothing"
    );
}

#[test]
fn bad_input_gets_a_clear_error() {
    let out = out_dir("errors");
    let mut opts = options(&out);
    opts.apis = vec!["v4".to_owned()];
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown API `v4`") && err.contains("services, v3, beta"),
        "{err}"
    );

    // The fixtures have no beta spec.
    opts.apis = vec!["beta".to_owned()];
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("sailpoint-api.beta.yaml is missing"), "{err}");

    opts.apis = vec![];
    opts.specs = fixtures().join("nowhere");
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a directory"), "{err}");

    let broken = out_dir("broken-specs");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("sailpoint-api.yaml"), "paths: [unclosed").unwrap();
    opts.specs = broken.clone();
    opts.apis = vec!["services".to_owned()];
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("sailpoint-api.yaml"), "{err}");

    std::fs::write(
        broken.join("sailpoint-api.yaml"),
        "paths:\n  /x:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/missing'\n",
    )
    .unwrap();
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("points to nothing"), "{err}");

    std::fs::write(
        broken.join("sailpoint-api.yaml"),
        "paths:\n  /x:\n    get:\n      parameters:\n        - {in: query, name: filters}\n",
    )
    .unwrap();
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no operationId"), "{err}");

    std::fs::write(
        broken.join("sailpoint-api.yaml"),
        "paths:\n  /x:\n    get: {operationId: same, parameters: [{in: query, name: sorters}]}\n  /y:\n    get: {operationId: same, parameters: [{in: query, name: sorters}]}\n",
    )
    .unwrap();
    let err = run::extract(&opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("operationId `same` is used twice"), "{err}");
}

#[test]
fn the_command_line_prints_the_counts() {
    let out = out_dir("cli");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["extract", "--specs"])
        .arg(fixtures())
        .arg("--out")
        .arg(&out)
        .args(["--api", "services", "--api", "v3", "--verbose"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("services    5 operations (5 with filters"),
        "{stdout}"
    );
    assert!(stdout.contains("listOwnersV1 unrecognisedText [info]: not understood, ignored: A brand new rule nobody has seen."), "{stdout}");
    // The library's reader refuses the table with `ew` and misses case sensitivity.
    assert!(stdout.contains("listOwnersV1: Schema::from_sailpoint_docs fails: field `kind` lists unknown operator `ew`"), "{stdout}");
    assert!(
        stdout.contains("listThingsV1: case sensitivity: the library reads none"),
        "{stdout}"
    );
    assert!(out.join("services.json").is_file());

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["extract", "--out", "x"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--specs"));
}

#[test]
fn sdk_names_are_checked_against_an_unpacked_sdk() {
    let out = out_dir("sdk");
    run::extract(&options(&out), &mut Vec::new()).unwrap();
    let sdk = out_dir("sdk-package");
    let write = |rel: &str, text: &str| {
        let path = sdk.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let method = |name: &str, path: &str| {
        format!(
            "    def {name}(self):\n        pass\n    def _{name}_serialize(self):\n        return self.api_client.param_serialize(\n            method='GET',\n            resource_path='{path}',\n        )\n"
        )
    };
    write(
        "things/api/things_api.py",
        &format!(
            "class ThingsApi:\n{}",
            method("list_things_v1", "/things/v1")
        ),
    );
    write(
        "certifications/api/certifications_api.py",
        &format!(
            "class CertificationsApi:\n{}",
            method("get_permissions_v2", "/permissions/v1")
        ),
    );
    let mut report = Vec::new();
    let err = run::check_sdk(&out, &sdk, &["services".to_owned()], &mut report).unwrap_err();
    let report = String::from_utf8(report).unwrap();
    assert!(
        report.contains("services 1 of 5 names found in the SDK; 3 not in it; 1 named differently"),
        "{report}"
    );
    assert!(
        report.contains("getPermissionsV1: catalog sailpoint.CertificationsApi.get_permissions_v1, SDK sailpoint.certifications.CertificationsApi.get_permissions_v2"),
        "{report}"
    );
    assert!(err.to_string().contains("1 SDK names differ"));

    let empty = out_dir("sdk-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = run::check_sdk(&out, &empty, &[], &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no `*_api.py` files"), "{err}");
}
