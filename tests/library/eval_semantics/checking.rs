//! A filter is checked before it compiles.

use super::*;

/// The problems checking finds (a filter must be checked to be compiled with a schema).
fn invalid(text: &str, schema: &Schema) -> Vec<String> {
    match parse(text).check(schema, Syntax::Lenient) {
        Err(err) => err.messages(),
        Ok(checked) => panic!("{text}: checked as {checked}"),
    }
}

#[test]
fn check_errors_come_before_compiling() {
    let schema = schema();
    assert_eq!(
        invalid(r#"nmae eq "x""#, &schema),
        [
            "filters: unknown field `nmae` for docs; did you mean `name`? Filterable fields: name, code, saved, count, score, created, tags, owner.name"
        ]
    );
    assert_eq!(
        invalid(r#"saved co "x""#, &schema),
        [
            "filters: `co` is not supported on field `saved` of docs; `saved` supports: eq, ne, in, pr, isnull"
        ]
    );
    assert_eq!(invalid(r#"saved eq "yes""#, &schema).len(), 1,);
    assert_eq!(invalid("count eq 1.5", &schema).len(), 1);
    assert_eq!(invalid(r#"created eq "tomorrow""#, &schema).len(), 1);
    assert_eq!(invalid(r#"name ca ("a")"#, &schema).len(), 1);
    // Every problem, not only the first.
    assert_eq!(
        invalid(r#"nmae eq "x" or saved eq "yes" or count eq 1.5"#, &schema).len(),
        3
    );
    // `ca` on a scalar: no schema can list it (the field spec refuses it), so no checked
    // filter holds one.
    assert!(
        matches!(&(FieldSpec::new(
            FieldPath::from_static("name"),
            FieldType::String,
            OperatorSet::of(&[Op::Ca])
        )), Err(SchemaError::OperatorDoesNotApply { field, op: Op::Ca, field_type: FieldType::String, .. }) if *field == "name"),
        "{:?}",
        FieldSpec::new(
            FieldPath::from_static("name"),
            FieldType::String,
            OperatorSet::of(&[Op::Ca])
        )
    );
    // A composite operator the endpoint does not allow.
    let no_not = schema
        .clone()
        .with_composites([Composite::And, Composite::Or]);
    assert_eq!(
        invalid(r#"not name eq "a""#, &no_not),
        ["filters: `not` is not supported by docs; composite operators: and, or"]
    );
    // Through the role-mining schema.
    let sessions = RoleMiningSessions::schema();
    for (text, problems) in [
        (r#"name co "x""#, 1),
        ("saved eq 1", 1),
        (r#"createdDate eq "x""#, 1),
        (r#"name sw "a" and nmae eq "b""#, 1),
    ] {
        let err = parse(text)
            .check(sessions, Syntax::Lenient)
            .expect_err(text);
        assert_eq!(err.problems().len(), problems, "{text}: {err}");
        assert!(
            matches!(
                err.kind(),
                CheckProblem::UnknownField { .. }
                    | CheckProblem::OperatorNotAllowed { .. }
                    | CheckProblem::WrongValueType { .. }
            ),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn a_schema_field_the_record_type_cannot_read_is_a_compile_error() {
    let schema = Schema::new("sessions").with_field("scope.criteria", FieldType::String, [Op::Eq]);
    let filter = checked(&parse(r#"scope.criteria eq "x""#), &schema);
    let err = compile::<RoleMiningSession>(&filter).unwrap_err();
    assert!(
        matches!(&err, CompileError::UnreadableField { field, .. } if *field == "scope.criteria"),
        "{:?}",
        err
    );
    assert_eq!(
        err.to_string(),
        "records of this type have no field `scope.criteria`"
    );
    // JSON reads every path.
    assert!(compile::<Value>(&filter).is_ok());
}

#[test]
fn bare_integers_on_string_fields_are_text_in_the_lenient_syntax() {
    check_field(
        "name",
        &[
            ("name eq 12345", json!("12345"), true),
            ("name eq 12345", json!("012345"), false),
            ("name sw 12", json!("12345"), true),
        ],
    );
}
