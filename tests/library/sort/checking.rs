//! Checking against an endpoint.

use super::*;

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
    assert!(
        matches!(err.problems()[0].kind(), SortersCheckProblem::Unsortable { field, endpoint, suggestion, sortable, .. } if *field == "name" && *endpoint == "accounts" && suggestion.is_none() && sortable.is_empty()),
        "{:?}",
        *err.problems()[0].kind()
    );
}

#[test]
fn built_sorters_check_without_positions() {
    let sorters = Sorters::new([key("createdDate", false), key("createdDate", true)]);
    let err = sorters.check(&sessions_schema()).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert_eq!(err.problems()[0].span(), None);
    assert!(
        matches!(err.kind(), SortersCheckProblem::Repeated { field, .. } if *field == "createdDate"),
        "{:?}",
        *err.kind()
    );
    assert_eq!(
        err.messages(),
        ["sorters: `createdDate` is repeated: sort by each field once"]
    );
    // Attaching text changes nothing for a problem without a position.
    let err = err.with_source(Parameter::Sorters, "createdDate,-createdDate");
    assert_eq!(err.column(), None);
}
