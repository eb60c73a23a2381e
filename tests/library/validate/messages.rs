//! Message details once wrong in the check stage.

use super::*;

/// Each type takes its own article: "an integer field", not "a integer field".
#[test]
fn integer_fields_are_called_an_integer_field() {
    assert_rejections(
        &accounts(),
        &lenient(),
        &[
            (
                "logins eq 2.5",
                "invalid filter for accounts at column 11: `logins` is an integer field and takes an integer, not 2.5
    logins eq 2.5
              ^^^",
            ),
            (
                r#"logins eq "7""#,
                r#"invalid filter for accounts at column 11: `logins` is an integer field and takes an integer, not "7"
    logins eq "7"
              ^^^"#,
            ),
        ],
    );
    // The article where the schema refuses an operator, too.
    let err = FieldSpec::new(
        FieldPath::from_static("logins"),
        FieldType::Integer,
        OperatorSet::of(&[Op::Co]),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "field `logins` lists `co`, which does not apply to an integer field"
    );
}

/// What validation once refused per condition — `sw` on a boolean, `gt` on a boolean, `ca` on
/// a single string, `co` on an integer — the schema now refuses when it is built, so no filter
/// can reach it: `FieldType::supports` is the one statement of the rule.
#[test]
fn schemas_refuse_operators_a_type_cannot_take() {
    let cases = [
        (
            "disabled",
            FieldType::Boolean,
            Op::Sw,
            "`sw`, which does not apply to a boolean field",
        ),
        (
            "created",
            FieldType::DateTime,
            Op::Sw,
            "`sw`, which does not apply to a date-time field",
        ),
        (
            "disabled",
            FieldType::Boolean,
            Op::Gt,
            "`gt`, which does not apply to a boolean field",
        ),
        (
            "name",
            FieldType::String,
            Op::Ca,
            "`ca`, which does not apply to a string field",
        ),
        (
            "logins",
            FieldType::Integer,
            Op::Co,
            "`co`, which does not apply to an integer field",
        ),
    ];
    for (field, field_type, op, reason) in cases {
        let path = FieldPath::new(field).unwrap();
        let err = FieldSpec::new(path, field_type, OperatorSet::of(&[Op::Eq, op])).unwrap_err();
        assert!(
            matches!(&err, SchemaError::OperatorDoesNotApply { field: got_field, op: got_op, field_type: got_field_type, .. } if *got_field == field && *got_op == op && *got_field_type == field_type),
            "{:?}",
            err
        );
        assert_eq!(err.to_string(), format!("field `{field}` lists {reason}"));
        assert!(!field_type.supports(op));
    }
    // Untyped fields take every operator; collections `ca`; strings `co` and `sw`.
    assert!(Op::ALL.iter().all(|op| FieldType::Any.supports(*op)));
    assert!(FieldType::StringCollection.supports(Op::Ca));
    assert!(FieldType::String.supports(Op::Co) && FieldType::String.supports(Op::Sw));
    // Schemas written in code refuse them loudly.
    let written = std::panic::catch_unwind(|| {
        Schema::new("x").with_field("disabled", FieldType::Boolean, [Op::Sw])
    });
    let panic = written.expect_err("a boolean field cannot take `sw`");
    assert_eq!(
        panic.downcast_ref::<String>().map(String::as_str),
        Some(
            "invalid field in a schema: field `disabled` lists `sw`, which does not apply to a \
             boolean field"
        )
    );
}

/// A junction is checked before its operands, but its keyword comes after the first operand
/// in the text: the problems are still listed in reading order. Schemas read from SailPoint's
/// documentation often allow only `and`, so refused `or`s are common.
#[test]
fn a_refused_or_is_listed_after_the_problems_before_it() {
    let schema = Schema::new("entitlements")
        .with_field("name", FieldType::String, [Op::Eq])
        .with_composites([Composite::And]);
    assert_rejections(
        &schema,
        &lenient(),
        &[(
            r#"nmae eq "a" or name eq "b""#,
            r#"invalid filter for entitlements (2 problems):
column 1: unknown field `nmae` for entitlements; did you mean `name`? Filterable fields: name
    nmae eq "a" or name eq "b"
    ^^^^
column 13: `or` is not supported by entitlements; composite operators: and
    nmae eq "a" or name eq "b"
                ^^"#,
        )],
    );
}

/// Without a suggestion the field list follows a semicolon, in lowercase, as the sorters'
/// "; sortable fields: …" does; after "did you mean `name`?" it starts a sentence.
#[test]
fn the_field_list_after_a_semicolon_is_lowercase() {
    assert_rejections(
        role_mining(),
        &lenient(),
        &[
            (
                r#"status eq "CREATED""#,
                r#"invalid filter for role-mining-sessions at column 1: unknown field `status` for role-mining-sessions; filterable fields: saved, name
    status eq "CREATED"
    ^^^^^^"#,
            ),
            (
                "created gt 2020-01-01T00:00:00Z",
                "invalid filter for role-mining-sessions at column 1: unknown field `created` for role-mining-sessions; filterable fields: saved, name
    created gt 2020-01-01T00:00:00Z
    ^^^^^^^",
            ),
        ],
    );
    assert_rejections(
        &Schema::new("tasks"),
        &lenient(),
        &[(
            "id eq 1",
            "invalid filter for tasks at column 1: unknown field `id` for tasks; filterable fields: none
    id eq 1
    ^^",
        )],
    );
}
