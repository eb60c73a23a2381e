//! The `sorters` parameter: parsing, printing, checking, and the order it puts records in
//! (SPEC §4).

use std::cmp::Ordering;

use proptest::prelude::*;
use sailpoint_filters::check::SortersCheckProblem;
use sailpoint_filters::diag::Parameter;
use sailpoint_filters::eval::{CompileError, SortPlan};
use sailpoint_filters::{
    FieldPath, FieldRef, FieldSpec, FieldType, Op, OperatorSet, Record, Schema, SortKey, Sorters,
    SortersLimits, SortersParseProblem, Span,
};
use serde_json::{Value, json};

fn sessions_schema() -> Schema {
    Schema::new("role-mining-sessions")
        .with_field("saved", FieldType::Boolean, [Op::Eq])
        .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
        .with_sortable(["createdBy", "createdDate"])
}

fn key(field: &'static str, descending: bool) -> SortKey {
    SortKey::new(FieldPath::from_static(field), descending)
}

// ---------------------------------------------------------------------------------------------
// Parsing and printing
// ---------------------------------------------------------------------------------------------

#[test]
fn parses_and_prints_canonically() {
    for (text, canonical) in [
        ("", ""),
        ("   ", ""),
        ("\t\r\n", ""),
        ("createdBy", "createdBy"),
        ("-createdDate", "-createdDate"),
        ("createdBy,createdDate", "createdBy,createdDate"),
        (" -createdDate , createdBy ", "-createdDate,createdBy"),
        ("\t-createdDate,\ncreatedBy\r\n", "-createdDate,createdBy"),
        ("createdBy.displayName,-_x9", "createdBy.displayName,-_x9"),
        ("a,a", "a,a"),
        ("notes,-index,prefix", "notes,-index,prefix"),
    ] {
        let sorters = Sorters::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(sorters.to_string(), canonical, "{text:?}");
        assert_eq!(Sorters::parse(canonical).unwrap(), sorters, "{text:?}");
    }
}

#[test]
fn parsed_keys_have_fields_directions_and_spans() {
    let sorters = Sorters::parse(" -createdDate , createdBy").unwrap();
    assert_eq!(
        sorters.keys(),
        [key("createdDate", true), key("createdBy", false)]
    );
    assert_eq!(sorters.keys()[0].span(), Some(Span::new(2, 13)));
    assert_eq!(sorters.keys()[1].span(), Some(Span::new(16, 25)));
    // Spans do not take part in equality.
    assert_eq!(
        sorters,
        Sorters::new([key("createdDate", true), key("createdBy", false)])
    );
    assert!(key("createdDate", true).span().is_none());
    assert!(Sorters::parse("").unwrap().is_empty());
    assert!(!sorters.is_empty());
}

#[test]
fn syntax_errors_say_what_and_where() {
    let cases: &[(&str, &str)] = &[
        (
            "createdBy,,createdDate",
            "invalid sorters at column 11: empty sort key: expected a field name before this `,`; remove the extra comma\n    createdBy,,createdDate\n              ^",
        ),
        (
            ",createdBy",
            "invalid sorters at column 1: empty sort key: expected a field name before this `,`; remove the extra comma\n    ,createdBy\n    ^",
        ),
        (
            "createdBy, ",
            "invalid sorters at column 10: trailing `,` with no sort key after it: remove it\n    createdBy,\n             ^",
        ),
        (
            "--createdDate",
            "invalid sorters at column 1: `--` is not a sort direction: a single `-` sorts descending, as in `-createdDate`\n    --createdDate\n    ^^",
        ),
        (
            "---",
            "invalid sorters at column 1: `---` is not a sort direction: a single `-` sorts descending\n    ---\n    ^^^",
        ),
        (
            "+createdDate",
            "invalid sorters at column 1: `+` is not a sort direction (SailPoint has no `+`): drop it to sort ascending, as in `createdDate`\n    +createdDate\n    ^",
        ),
        (
            "createdBy,+",
            "invalid sorters at column 11: `+` is not a sort direction (SailPoint has no `+`): drop it to sort ascending\n    createdBy,+\n              ^",
        ),
        (
            "createdBy,-",
            "invalid sorters at column 11: expected a field name after `-`\n    createdBy,-\n              ^",
        ),
        (
            "- createdDate",
            "invalid sorters at column 1: no space is allowed after `-`: write `-createdDate`\n    - createdDate\n    ^",
        ),
        (
            "created-by",
            "invalid sorters at column 1: `created-by` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    created-by\n    ^^^^^^^^^^",
        ),
        (
            "-1st",
            "invalid sorters at column 2: `1st` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    -1st\n     ^^^",
        ),
        (
            "createdBy.",
            "invalid sorters at column 1: `createdBy.` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    createdBy.\n    ^^^^^^^^^^",
        ),
        (
            "a,naïve",
            "invalid sorters at column 3: `naïve` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    a,naïve\n      ^^^^^",
        ),
        (
            "-not",
            "invalid sorters at column 2: `not` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    -not\n     ^^^",
        ),
        (
            "created Date",
            "invalid sorters at column 1: space inside the sort key `created Date`: field names have no spaces (`createdDate`), and keys are separated by `,`\n    created Date\n    ^^^^^^^^^^^^",
        ),
        // A direction as a word, as SQL writes it: the key with SailPoint's direction instead
        // (not `createdDatedesc`, the key with its space taken out).
        (
            "createdDate desc",
            "invalid sorters at column 13: `desc` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `-createdDate`\n    createdDate desc\n                ^^^^",
        ),
        (
            "name,createdBy.displayName  ASCENDING",
            "invalid sorters at column 29: `ASCENDING` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `createdBy.displayName`\n    name,createdBy.displayName  ASCENDING\n                                ^^^^^^^^^",
        ),
        // `-key desc` is descending either way: the suggestion keeps one `-`.
        (
            "-createdDate Desc",
            "invalid sorters at column 14: `Desc` is not a sort direction: SailPoint sorts descending with a leading `-` and ascending without one; write `-createdDate`\n    -createdDate Desc\n                 ^^^^",
        ),
        (
            "x, -created Date!",
            "invalid sorters at column 4: space inside the sort key `-created Date!`: field names have no spaces, and keys are separated by `,`\n    x, -created Date!\n       ^^^^^^^^^^^^^^",
        ),
        (
            "createdBy -createdDate",
            "invalid sorters at column 11: expected `,` before `-createdDate`: sort keys are separated by commas\n    createdBy -createdDate\n              ^^^^^^^^^^^^",
        ),
        (
            "createdBy;createdDate",
            "invalid sorters at column 1: `createdBy;createdDate` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a filter keyword), joined by `.`\n    createdBy;createdDate\n    ^^^^^^^^^^^^^^^^^^^^^",
        ),
    ];
    for (text, expected) in cases {
        let err = Sorters::parse(text).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{text:?}");
    }
}

#[test]
fn error_kinds_spans_and_columns() {
    let err = Sorters::parse("a,,b").unwrap_err();
    assert_eq!(err.kind(), &SortersParseProblem::EmptyKey);
    assert_eq!((err.span(), err.column()), (Some(Span::new(2, 3)), Some(3)));
    assert_eq!(
        (err.line(), err.first().parameter()),
        (Some(1), Parameter::Sorters)
    );

    let err = Sorters::parse("a ,").unwrap_err();
    assert_eq!(err.kind(), &SortersParseProblem::TrailingComma);
    assert_eq!(err.span(), Some(Span::new(2, 3)));

    let err = Sorters::parse("+name").unwrap_err();
    assert_eq!(
        err.kind(),
        &SortersParseProblem::PlusSign {
            suggestion: Some("name".into())
        }
    );

    // Columns count characters, not bytes.
    let limits = SortersLimits::default().with_max_length(4);
    let err = Sorters::parse_with("ééé", &limits).unwrap_err();
    assert_eq!((err.span(), err.column()), (Some(Span::new(4, 6)), Some(3)));
    let err = Sorters::parse("a,  ,x").unwrap_err();
    assert_eq!(err.column(), Some(5));

    let err = Sorters::parse("a,,b").unwrap_err();
    assert_eq!(
        err.message(),
        "column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
    );
    // The 400 body's cause names the parameter.
    assert_eq!(
        err.messages(),
        [
            "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
        ]
    );
    assert_eq!(
        err.to_error_body().causes[0].text,
        "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma"
    );
}

#[test]
fn control_characters_are_escaped_in_messages() {
    let err = Sorters::parse("a\u{7}b").unwrap_err();
    assert_eq!(
        err.kind(),
        &SortersParseProblem::InvalidFieldPath {
            path: "a\u{7}b".into()
        }
    );
    assert!(
        err.message()
            .starts_with("column 1: `a\\u{7}b` is not a field path"),
        "{}",
        err.message()
    );
}

#[test]
fn limits_name_the_bound() {
    let sixteen: Vec<String> = (0..16).map(|i| format!("f{i}")).collect();
    assert_eq!(Sorters::parse(&sixteen.join(",")).unwrap().keys().len(), 16);

    let seventeen = format!("{},f16", sixteen.join(","));
    let err = Sorters::parse(&seventeen).unwrap_err();
    assert_eq!(err.kind(), &SortersParseProblem::TooManyKeys { max: 16 });
    assert_eq!(err.span().unwrap().start, seventeen.len() - 3);
    assert_eq!(
        err.message(),
        format!(
            "column {}: more than 16 sort keys, over the limit",
            seventeen.len() - 2
        )
    );

    let long = format!("a{}", "b".repeat(1023));
    assert!(Sorters::parse(&long).is_ok());
    let too_long = format!("{long}c");
    let err = Sorters::parse(&too_long).unwrap_err();
    assert_eq!(
        err.kind(),
        &SortersParseProblem::TooLong {
            len: 1025,
            max: 1024
        }
    );
    assert_eq!(err.span(), Some(Span::new(1024, 1025)));
    assert!(err
        .to_string()
        .starts_with("invalid sorters at column 1025: the sorters are 1025 bytes long, over the limit of 1024 bytes\n"));

    // A cut inside a multi-byte character moves back to the character's start.
    let limits = SortersLimits::default().with_max_length(2);
    let err = Sorters::parse_with("aé", &limits).unwrap_err();
    assert_eq!(err.span(), Some(Span::new(1, 3)));

    let limits = SortersLimits::default().with_max_keys(0);
    assert!(Sorters::parse_with("", &limits).is_ok());
    assert_eq!(
        Sorters::parse_with("a", &limits).unwrap_err().kind(),
        &SortersParseProblem::TooManyKeys { max: 0 }
    );
}

#[test]
fn from_str_and_serde_use_the_canonical_string() {
    let sorters: Sorters = "-createdDate, createdBy".parse().unwrap();
    assert_eq!(
        serde_json::to_string(&sorters).unwrap(),
        r#""-createdDate,createdBy""#
    );
    let back: Sorters = serde_json::from_str(r#""-createdDate,createdBy""#).unwrap();
    assert_eq!(back, sorters);
    let err = serde_json::from_str::<Sorters>(r#""a,,b""#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("column 3: empty sort key: expected a field name before this `,`"),
        "{err}"
    );
    assert!(serde_json::from_str::<Sorters>("[1]").is_err());
}

#[test]
fn built_sorters_print_like_parsed_ones() {
    let sorters: Sorters = [key("createdDate", true), key("createdBy", false)]
        .into_iter()
        .collect();
    assert_eq!(sorters.to_string(), "-createdDate,createdBy");
    assert_eq!(
        Sorters::from(vec![SortKey::asc(FieldPath::from_static("name"))]).to_string(),
        "name"
    );
    assert_eq!(Sorters::default().to_string(), "");
}

// ---------------------------------------------------------------------------------------------
// Checking against an endpoint
// ---------------------------------------------------------------------------------------------

#[test]
fn checking_accepts_sortable_fields() {
    let schema = sessions_schema();
    for text in [
        "",
        "createdBy",
        "-createdDate",
        "createdBy,-createdDate",
        "-createdDate,createdBy",
    ] {
        let checked = Sorters::parse(text)
            .unwrap()
            .check(&schema)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(checked.sorters(), Sorters::parse(text).unwrap(), "{text}");
        assert_eq!(
            checked.to_string(),
            Sorters::parse(text).unwrap().to_string()
        );
        assert_eq!(checked.is_empty(), text.is_empty());
    }
}

#[test]
fn checked_keys_know_their_fields_direction_and_case_rule() {
    let schema = Schema::new("t")
        .with_field_spec(
            FieldSpec::new(
                FieldPath::from_static("code"),
                FieldType::String,
                OperatorSet::of(&[Op::Eq]),
            )
            .unwrap()
            .case_sensitive(),
        )
        .with_field("name", FieldType::String, [Op::Eq])
        .with_sortable(["code", "name"])
        .with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"]);
    let checked = Sorters::parse("-code,name,createdBy")
        .unwrap()
        .check(&schema)
        .unwrap();
    let keys = checked.keys();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].key(), &key("code", true));
    assert!(keys[0].is_descending() && keys[0].is_case_sensitive());
    assert_eq!(keys[0].by(), [FieldPath::from_static("code")]);
    assert!(!keys[1].is_descending() && !keys[1].is_case_sensitive());
    assert_eq!(
        keys[2].by(),
        [
            FieldPath::from_static("createdBy.displayName"),
            FieldPath::from_static("createdBy.id")
        ]
    );
}

#[test]
fn checking_reports_every_problem() {
    let schema = sessions_schema();
    let cases: &[(&str, &[&str])] = &[
        (
            "name",
            &[
                "sorters: column 1: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate",
            ],
        ),
        (
            "-createDate",
            &[
                "sorters: column 2: cannot sort role-mining-sessions by `createDate`; did you mean `createdDate`? Sortable fields: createdBy, createdDate",
            ],
        ),
        (
            "CreatedBy",
            &[
                "sorters: column 1: cannot sort role-mining-sessions by `CreatedBy`; did you mean `createdBy`? Sortable fields: createdBy, createdDate",
            ],
        ),
        (
            "createdBy,-createdBy",
            &["sorters: column 12: `createdBy` is repeated: sort by each field once"],
        ),
        (
            "saved,createdDate,name,createdDate",
            &[
                "sorters: column 1: cannot sort role-mining-sessions by `saved`; sortable fields: createdBy, createdDate",
                "sorters: column 19: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate",
                "sorters: column 24: `createdDate` is repeated: sort by each field once",
            ],
        ),
        (
            "name,name",
            &[
                "sorters: column 1: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate",
                "sorters: column 6: `name` is repeated: sort by each field once",
            ],
        ),
    ];
    for (text, expected) in cases {
        let err = Sorters::parse(text)
            .unwrap()
            .check(&schema)
            .unwrap_err()
            .with_source(Parameter::Sorters, text);
        assert_eq!(err.messages(), *expected, "{text}");
        assert_eq!(err.endpoint(), Some("role-mining-sessions"));
        assert!(
            err.problems()
                .iter()
                .all(|p| p.parameter() == Parameter::Sorters)
        );
    }
}

#[test]
fn check_display_shows_each_problem_in_place() {
    let schema = sessions_schema();
    let text = "name, -createdBy, createdBy";
    let err = Sorters::parse(text).unwrap().check(&schema).unwrap_err();
    // Without the text: no columns.
    assert_eq!(
        err.to_string(),
        "invalid sorters for role-mining-sessions (2 problems):\n\
         cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate\n\
         `createdBy` is repeated: sort by each field once"
    );
    assert_eq!(err.column(), None);
    let err = err.with_source(Parameter::Sorters, text);
    assert_eq!(err.column(), Some(1));
    assert_eq!(
        err.to_string(),
        "invalid sorters for role-mining-sessions (2 problems):\n\
         column 1: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate\n    \
         name, -createdBy, createdBy\n    \
         ^^^^\n\
         column 19: `createdBy` is repeated: sort by each field once\n    \
         name, -createdBy, createdBy\n                      \
         ^^^^^^^^^"
    );

    let one = Sorters::parse("id").unwrap().check(&schema).unwrap_err();
    assert_eq!(
        one.to_string(),
        "invalid sorters for role-mining-sessions: cannot sort role-mining-sessions by `id`; sortable fields: createdBy, createdDate"
    );
    // With the text: the position and an excerpt.
    assert_eq!(
        one.with_source(Parameter::Sorters, "id").to_string(),
        "invalid sorters for role-mining-sessions at column 1: cannot sort role-mining-sessions by `id`; sortable fields: createdBy, createdDate\n    id\n    ^^"
    );
}

#[test]
fn check_messages_for_unnamed_and_unsortable_endpoints() {
    let unnamed = Schema::new("").with_sortable(["created"]);
    let err = Sorters::parse("modified")
        .unwrap()
        .check(&unnamed)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid sorters: cannot sort by `modified`; sortable fields: created"
    );

    let none = Schema::new("accounts");
    let err = Sorters::parse("name").unwrap().check(&none).unwrap_err();
    assert_eq!(
        err.messages(),
        ["sorters: cannot sort accounts by `name`; the endpoint sorts by no field"]
    );
    assert_eq!(
        *err.problems()[0].kind(),
        SortersCheckProblem::Unsortable {
            field: "name".into(),
            endpoint: "accounts".into(),
            suggestion: None,
            sortable: vec![],
        }
    );
}

#[test]
fn built_sorters_check_without_positions() {
    let sorters = Sorters::new([key("createdDate", false), key("createdDate", true)]);
    let err = sorters.check(&sessions_schema()).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert_eq!(err.problems()[0].span(), None);
    assert_eq!(
        *err.kind(),
        SortersCheckProblem::Repeated {
            field: "createdDate".into()
        }
    );
    assert_eq!(
        err.messages(),
        ["sorters: `createdDate` is repeated: sort by each field once"]
    );
    // Attaching text changes nothing for a problem without a position.
    let err = err.with_source(Parameter::Sorters, "createdDate,-createdDate");
    assert_eq!(err.column(), None);
}

// ---------------------------------------------------------------------------------------------
// Ordering records
// ---------------------------------------------------------------------------------------------

/// The plan of sorters checked against `schema`.
fn plan_for<R: Record>(sorters: &Sorters, schema: &Schema) -> SortPlan<R> {
    SortPlan::<R>::new(&sorters.check(schema).unwrap()).unwrap()
}

fn plan(text: &str, sortable: &[&'static str]) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(sortable.iter().copied());
    plan_for(&Sorters::parse(text).unwrap(), &schema)
}

/// Sorts `records` and returns the `id` of each, in order.
fn sorted_ids(plan: &SortPlan<Value>, records: &[Value]) -> Vec<i64> {
    let mut refs: Vec<&Value> = records.iter().collect();
    plan.sort(&mut refs);
    refs.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn no_sorters_keep_stored_order() {
    let records: Vec<Value> = [3, 1, 2].iter().map(|i| json!({"id": i})).collect();
    let plan = plan("", &[]);
    assert!(plan.is_empty());
    assert_eq!(sorted_ids(&plan, &records), [3, 1, 2]);
    let top: Vec<i64> = plan
        .top(records.iter(), 2)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(top, [3, 1]);
    assert_eq!(plan.compare(&records[0], &records[1]), Ordering::Equal);
    assert!(SortPlan::<Value>::default().is_empty());
}

#[test]
fn nulls_sort_last_ascending_and_first_descending() {
    let records = vec![
        json!({"id": 1, "n": null}),
        json!({"id": 2, "n": 5}),
        json!({"id": 3}),
        json!({"id": 4, "n": -1}),
        json!({"id": 5, "n": 5}),
    ];
    assert_eq!(sorted_ids(&plan("n", &["n"]), &records), [4, 2, 5, 1, 3]);
    assert_eq!(sorted_ids(&plan("-n", &["n"]), &records), [1, 3, 2, 5, 4]);
}

#[test]
fn strings_ignore_case_including_non_ascii() {
    let records = vec![
        json!({"id": 1, "s": "Zoe"}),
        json!({"id": 2, "s": "émile"}),
        json!({"id": 3, "s": "adam"}),
        json!({"id": 4, "s": "ÉMILE"}),
        json!({"id": 5, "s": "Adam"}),
        json!({"id": 6, "s": "über"}),
        json!({"id": 7, "s": "Bob"}),
        json!({"id": 8, "s": "ÜBER"}),
    ];
    // Lowercased, then by code point: a < b < z < é (U+00E9) < ü (U+00FC). Ties keep input order.
    assert_eq!(
        sorted_ids(&plan("s", &["s"]), &records),
        [3, 5, 7, 1, 2, 4, 6, 8]
    );
    assert_eq!(
        sorted_ids(&plan("-s", &["s"]), &records),
        [6, 8, 2, 4, 1, 7, 3, 5]
    );
}

#[test]
fn case_sensitive_fields_compare_exactly() {
    let schema = Schema::new("t")
        .with_field_spec(
            FieldSpec::new(
                FieldPath::from_static("s"),
                FieldType::String,
                OperatorSet::of(&[Op::Eq]),
            )
            .unwrap()
            .case_sensitive(),
        )
        .with_sortable(["s"]);
    let plan = plan_for::<Value>(&Sorters::parse("s").unwrap(), &schema);
    let records = vec![
        json!({"id": 1, "s": "b"}),
        json!({"id": 2, "s": "B"}),
        json!({"id": 3, "s": "a"}),
        json!({"id": 4, "s": "A"}),
    ];
    assert_eq!(sorted_ids(&plan, &records), [4, 2, 3, 1]);
}

#[test]
fn multiple_keys_break_ties_in_turn() {
    let records = vec![
        json!({"id": 1, "team": "b", "n": 1}),
        json!({"id": 2, "team": "a", "n": 1}),
        json!({"id": 3, "team": "B", "n": 2}),
        json!({"id": 4, "team": "a", "n": 3}),
        json!({"id": 5, "team": null, "n": 9}),
        json!({"id": 6, "team": "b", "n": 2}),
    ];
    assert_eq!(
        sorted_ids(&plan("team,-n", &["team", "n"]), &records),
        [4, 2, 3, 6, 1, 5]
    );
    assert_eq!(
        sorted_ids(&plan("-n,team", &["team", "n"]), &records),
        [5, 4, 3, 6, 2, 1]
    );
}

#[test]
fn date_times_compare_as_instants_and_numbers_across_kinds() {
    let records = vec![
        json!({"id": 1, "d": "2024-01-01T10:00:00+05:00"}), // 05:00Z
        json!({"id": 2, "d": "2024-01-01T06:00:00Z"}),
        json!({"id": 3, "d": "2024-01-01T04:59:59.999Z"}),
    ];
    assert_eq!(sorted_ids(&plan("d", &["d"]), &records), [3, 1, 2]);

    let numbers = vec![
        json!({"id": 1, "x": 2}),
        json!({"id": 2, "x": 1.5}),
        json!({"id": 3, "x": -7}),
        json!({"id": 4, "x": 2.0}),
    ];
    assert_eq!(sorted_ids(&plan("x", &["x"]), &numbers), [3, 2, 1, 4]);
}

#[test]
fn mixed_kinds_order_by_kind() {
    let records = vec![
        json!({"id": 1, "v": "text"}),
        json!({"id": 2, "v": 3}),
        json!({"id": 3, "v": "2024-01-01T00:00:00Z"}),
        json!({"id": 4, "v": true}),
        json!({"id": 5, "v": {"a": 1}}),
        json!({"id": 6, "v": null}),
        json!({"id": 7, "v": ["b", "a"]}),
        json!({"id": 8, "v": []}),
    ];
    // booleans, numbers, date-times, text (an array by its first element), other; then nulls
    // (an empty array counts as null).
    assert_eq!(
        sorted_ids(&plan("v", &["v"]), &records),
        [4, 2, 3, 7, 1, 5, 6, 8]
    );
}

/// A record type that sorts `createdBy` by display name, then id, as role mining sessions do.
#[derive(Debug)]
struct Session {
    id: u32,
    created_by: Option<(&'static str, &'static str)>,
}

#[derive(Clone, Copy, Debug)]
enum SessionField {
    CreatorName,
    CreatorId,
}

impl Record for Session {
    type Field = SessionField;

    fn resolve(path: &str) -> Option<SessionField> {
        match path {
            "createdBy.displayName" => Some(SessionField::CreatorName),
            "createdBy.id" => Some(SessionField::CreatorId),
            _ => None,
        }
    }

    fn read(&self, field: &SessionField) -> FieldRef<'_> {
        match field {
            SessionField::CreatorName => self.created_by.map(|c| c.0).into(),
            SessionField::CreatorId => self.created_by.map(|c| c.1).into(),
        }
    }
}

#[test]
fn a_key_can_expand_to_several_fields() {
    let sessions = [
        Session {
            id: 1,
            created_by: Some(("Jordan.Lee", "2c91807c")),
        },
        Session {
            id: 2,
            created_by: None,
        },
        Session {
            id: 3,
            created_by: Some(("ashley.pierce", "2c9180ff")),
        },
        Session {
            id: 4,
            created_by: Some(("Jordan.Lee", "2c91802c")),
        },
        Session {
            id: 5,
            created_by: Some(("JORDAN.LEE", "2c91807c")),
        },
    ];
    let schema = Schema::new("role-mining-sessions")
        .with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"])
        .with_sortable(["createdDate"]);
    let ids = |text: &str| {
        let plan = plan_for::<Session>(&Sorters::parse(text).unwrap(), &schema);
        let mut refs: Vec<&Session> = sessions.iter().collect();
        plan.sort(&mut refs);
        refs.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    // Display name ignoring case, then id; null last.
    assert_eq!(ids("createdBy"), [3, 4, 1, 5, 2]);
    // Descending reverses both fields of the key; 1 and 5 tie and keep input order.
    assert_eq!(ids("-createdBy"), [2, 1, 5, 4, 3]);

    // A field the endpoint cannot sort by is the request's problem: checking reports it.
    let err = Sorters::parse("createdBy, createdDate, nope")
        .unwrap()
        .check(&schema)
        .unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "sorters: cannot sort role-mining-sessions by `nope`; sortable fields: createdBy, createdDate"
        ]
    );
    // `createdDate` is sortable, but this record type cannot read it: a defect of the
    // declaration, found when the plan is made for the record type.
    let checked = Sorters::parse("createdBy, createdDate")
        .unwrap()
        .check(&schema)
        .unwrap();
    let err = SortPlan::<Session>::new(&checked).unwrap_err();
    assert_eq!(
        err,
        CompileError::UnreadableField {
            field: "createdDate".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "records of this type have no field `createdDate`"
    );
    // So is a field a key expands to.
    let schema =
        Schema::new("x").with_sort_by("createdBy", ["createdBy.displayName", "createdBy.email"]);
    let checked = Sorters::parse("createdBy").unwrap().check(&schema).unwrap();
    assert_eq!(
        SortPlan::<Session>::new(&checked).unwrap_err(),
        CompileError::UnreadableField {
            field: "createdBy.email".into()
        }
    );
}

#[test]
fn top_selects_the_first_records_of_the_stable_order() {
    let records: Vec<Value> = (0..50)
        .map(|i| json!({"id": i, "n": (i * 7) % 5}))
        .collect();
    let plan = plan("-n", &["n"]);
    let top: Vec<i64> = plan
        .top(records.iter(), 4)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    // n = 4 for i ≡ 2 (mod 5): 2, 7, 12, 17, ...
    assert_eq!(top, [2, 7, 12, 17]);
    assert!(plan.top(records.iter(), 0).is_empty());
    assert_eq!(plan.top(records.iter(), 500).len(), 50);
    assert!(plan.top(std::iter::empty(), 3).is_empty());
    // Any iterator of records: a filtered one, say.
    let even: Vec<i64> = plan
        .top(
            records
                .iter()
                .filter(|r| r["id"].as_i64().unwrap() % 2 == 0),
            3,
        )
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(even, [2, 12, 22]);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const FIELDS: [&str; 4] = ["n", "s", "d", "f"];

fn record_strategy() -> impl Strategy<Value = Value> {
    let n = prop::option::of(-3i64..3);
    let s = prop::option::of(prop::collection::vec(
        prop::sample::select(vec!["a", "A", "b", "é", "É", "ß", "z", "Ü", "ü", " "]),
        0..3,
    ));
    let d = prop::option::of(prop::sample::select(vec![
        "2024-01-01T10:00:00+05:00",
        "2024-01-01T05:00:00Z",
        "2024-01-01T06:00:00Z",
        "2023-12-31T23:30:00-06:00",
        "2024-01-01T05:00:00.5Z",
    ]));
    let f = prop::option::of(prop_oneof![
        (-2i64..2).prop_map(|i| json!(i)),
        (-4i32..4).prop_map(|i| json!(f64::from(i) / 2.0)),
    ]);
    (n, s, d, f, any::<bool>()).prop_map(|(n, s, d, f, present)| {
        let mut record = serde_json::Map::new();
        record.insert("n".into(), n.map_or(Value::Null, |n| json!(n)));
        if let Some(s) = s {
            record.insert("s".into(), json!(s.concat()));
        }
        record.insert("d".into(), d.map_or(Value::Null, |d| json!(d)));
        if present {
            record.insert("f".into(), f.unwrap_or(Value::Null));
        }
        Value::Object(record)
    })
}

fn sorters_strategy() -> impl Strategy<Value = Sorters> {
    (
        Just(FIELDS.to_vec()).prop_shuffle(),
        0..=FIELDS.len(),
        prop::collection::vec(any::<bool>(), FIELDS.len()),
    )
        .prop_map(|(fields, len, descending)| {
            fields
                .into_iter()
                .take(len)
                .zip(descending)
                .map(|(field, descending)| key(field, descending))
                .collect()
        })
}

/// SPEC §4's order, written from the specification rather than from the crate: per key, null
/// last (ascending), numbers numerically, text by `to_lowercase`, date-times as instants.
fn reference_compare(sorters: &Sorters, a: &Value, b: &Value) -> Ordering {
    for key in sorters.keys() {
        let field = key.field.as_str();
        let (x, y) = (&a[field], &b[field]);
        let order = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => match field {
                "n" | "f" => x.as_f64().unwrap().total_cmp(&y.as_f64().unwrap()),
                "s" => x
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .cmp(&y.as_str().unwrap().to_lowercase()),
                _ => {
                    let instant =
                        |v: &Value| v.as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
                    instant(x).cmp(&instant(y))
                }
            },
        };
        let order = if key.descending {
            order.reverse()
        } else {
            order
        };
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// The stable order by the reference comparison: input position breaks ties.
fn reference_sort(sorters: &Sorters, records: &[Value]) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..records.len()).collect();
    // An insertion sort, independent of the standard library's sort.
    for i in 1..indices.len() {
        let mut j = i;
        while j > 0
            && reference_compare(sorters, &records[indices[j - 1]], &records[indices[j]])
                == Ordering::Greater
        {
            indices.swap(j - 1, j);
            j -= 1;
        }
    }
    indices
}

fn positions(records: &[Value], sorted: &[&Value]) -> Vec<usize> {
    sorted
        .iter()
        .map(|r| records.iter().position(|x| std::ptr::eq(x, *r)).unwrap())
        .collect()
}

fn compile(sorters: &Sorters) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(FIELDS);
    plan_for(sorters, &schema)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sort_is_the_stable_reference_order(
        records in prop::collection::vec(record_strategy(), 0..40),
        sorters in sorters_strategy(),
    ) {
        let plan = compile(&sorters);
        let mut refs: Vec<&Value> = records.iter().collect();
        plan.sort(&mut refs);
        prop_assert_eq!(positions(&records, &refs), reference_sort(&sorters, &records));
    }

    #[test]
    fn top_k_is_the_prefix_of_the_full_sort(
        records in prop::collection::vec(record_strategy(), 0..60),
        sorters in sorters_strategy(),
        k in 0usize..70,
    ) {
        let plan = compile(&sorters);
        let mut full: Vec<&Value> = records.iter().collect();
        plan.sort(&mut full);
        full.truncate(k);
        let top = plan.top(records.iter(), k);
        prop_assert_eq!(positions(&records, &top), positions(&records, &full));
    }

    #[test]
    fn compare_is_antisymmetric_and_agrees_with_the_reference(
        a in record_strategy(),
        b in record_strategy(),
        sorters in sorters_strategy(),
    ) {
        let plan = compile(&sorters);
        prop_assert_eq!(plan.compare(&a, &b), reference_compare(&sorters, &a, &b));
        prop_assert_eq!(plan.compare(&a, &b), plan.compare(&b, &a).reverse());
    }

    #[test]
    fn sorters_print_and_parse_back(sorters in sorters_strategy()) {
        let text = sorters.to_string();
        prop_assert!(!text.contains(' '));
        prop_assert_eq!(Sorters::parse(&text).unwrap(), sorters);
    }

    #[test]
    fn parsing_never_panics(text in "[-+, a-zA-Z0-9_.é\t\u{0}]{0,40}") {
        match Sorters::parse(&text) {
            Ok(sorters) => {
                let reparsed = Sorters::parse(&sorters.to_string()).unwrap();
                prop_assert_eq!(reparsed, sorters);
            }
            Err(err) => {
                let span = err.span().expect("a parse error has a position");
                prop_assert!(span.end <= text.len());
                prop_assert!(err.column().is_some());
                prop_assert!(!matches!(err.kind(), SortersParseProblem::Internal | SortersParseProblem::Unexpected { .. }), "{}", err);
            }
        }
    }

    #[test]
    fn mixed_values_never_break_the_order(
        values in prop::collection::vec(prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-3i64..3).prop_map(Value::from),
            (-3.0f64..3.0).prop_map(Value::from),
            prop::sample::select(vec![
                "2024-01-01T10:00:00+05:00", "2024-01-01T06:00:00Z", "2024-01-01T08x",
                "2024-01-01T05:00:00Z", "abc", "ABC", "9", "",
            ]).prop_map(Value::from),
            Just(json!(["x"])),
            Just(json!([])),
            Just(json!({"a": 1})),
        ], 0..60),
        descending in any::<bool>(),
        k in 0usize..70,
    ) {
        let records: Vec<Value> = values.into_iter().map(|v| json!({"v": v})).collect();
        let plan = compile_v(descending);
        let mut full: Vec<&Value> = records.iter().collect();
        plan.sort(&mut full);
        // The order is consistent: each record is ≤ the next, and the result is a permutation.
        for pair in full.windows(2) {
            prop_assert_ne!(plan.compare(pair[0], pair[1]), Ordering::Greater);
        }
        let mut seen = positions(&records, &full);
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..records.len()).collect::<Vec<_>>());
        full.truncate(k);
        let top = plan.top(records.iter(), k);
        prop_assert_eq!(positions(&records, &top), positions(&records, &full));
    }
}

fn compile_v(descending: bool) -> SortPlan<Value> {
    let schema = Schema::new("t").with_sortable(["v"]);
    plan_for(&Sorters::new([key("v", descending)]), &schema)
}

/// A filter keyword is no field path in `sorters` either: the sorters grammar reads keys with
/// the filter grammar's `path`, in one pass.
#[test]
fn keywords_are_not_sort_keys() {
    for (text, path, column) in [
        ("eq", "eq", 1),
        ("-isnull", "isnull", 2),
        ("name,pr", "pr", 6),
        ("created, -and", "and", 11),
    ] {
        let err = Sorters::parse(text).unwrap_err();
        assert_eq!(
            err.kind(),
            &SortersParseProblem::InvalidFieldPath { path: path.into() },
            "{text}"
        );
        assert_eq!(err.column(), Some(column), "{text}");
    }
    // Longer words that start with a keyword, and keywords after a dot, are paths.
    let sorters = Sorters::parse("-equal,isnullable,a.pr,orders").unwrap();
    assert_eq!(sorters.to_string(), "-equal,isnullable,a.pr,orders");
}
