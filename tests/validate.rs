//! Validation of filters against endpoint schemas: the exact text of every kind of problem
//! (field, operator, value type, composite), several problems in one filter, problems inside
//! lists, the value coercions that succeed, and the one-line forms used in 400 bodies.
//!
//! Two schemas: the declared `GET /role-mining-sessions`, and a richer hand-built `accounts`
//! schema with a field of every type and only the `and`, `or` composites. (An operator a
//! field's type cannot take never reaches validation: the schema refuses it, see
//! `schemas_refuse_operators_a_type_cannot_take`.)

use sailpoint_filters::builder::{Endpoint, field};
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::diag::{ErrorMessage, Parameter};
use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
use sailpoint_filters::{
    CmpOp, Composite, DateTime, Error, FieldPath, FieldRef, FieldSpec, FieldType, Filter, Op,
    OperatorSet, ParseOptions, Problem, Schema, SchemaError, Span, Syntax,
};

fn role_mining() -> &'static Schema {
    RoleMiningSessions::schema()
}

/// A field of every type.
fn accounts() -> Schema {
    use Op::*;
    Schema::new("accounts")
        .with_field("id", FieldType::String, [Eq, In])
        .with_field("name", FieldType::String, [Eq, Ne, Co, Sw, Pr, IsNull])
        .with_field("disabled", FieldType::Boolean, [Eq, Ne, In])
        .with_field("logins", FieldType::Integer, [Eq, Gt, Ge, Lt, Le, In])
        .with_field("score", FieldType::Number, [Eq, Gt, Lt])
        .with_field("created", FieldType::DateTime, [Eq, Gt, Ge, Lt, Le])
        .with_field("tags", FieldType::StringCollection, [Eq, Co, Ca, In])
        .with_field(
            "attributes.department",
            FieldType::Any,
            OperatorSet::ALL.iter(),
        )
        .with_composites([Composite::And, Composite::Or])
        .with_sortable(["name", "created"])
}

fn lenient() -> ParseOptions {
    ParseOptions::default()
}

fn strict() -> ParseOptions {
    ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    }
}

/// The error `schema.check` gives for `text`; panics on success or a parse error.
fn validation_error(schema: &Schema, text: &str, options: &ParseOptions) -> Error {
    match schema.parse_filter(text, options) {
        Ok(filter) => panic!("`{text}` was accepted as `{filter}`"),
        Err(err) if matches!(err.kind(), Problem::Parse(_)) => {
            panic!("`{text}` did not parse: {err}")
        }
        Err(err) => {
            assert!(
                err.problems()
                    .iter()
                    .all(|p| matches!(p.kind(), Problem::Check(_))),
                "{err:?}"
            );
            err
        }
    }
}

/// Checks every `(filter, expected Display)` case and reports all that differ at once.
fn assert_rejections(schema: &Schema, options: &ParseOptions, cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, expected)| {
            let actual = validation_error(schema, text, options).to_string();
            (actual != *expected).then(|| {
                format!("filter: {text}\n--- expected:\n{expected}\n--- actual:\n{actual}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// `text` validates, and its checked form prints as `canonical`.
fn assert_accepted(schema: &Schema, options: &ParseOptions, text: &str, canonical: &str) {
    match schema.parse_filter(text, options) {
        Ok(filter) => {
            assert_eq!(filter.to_string(), canonical, "checked form of `{text}`");
            assert_eq!(
                filter.filter(),
                &Filter::parse(canonical).unwrap(),
                "`{text}` is the tree of `{canonical}`"
            );
        }
        Err(err) => panic!("`{text}` was rejected:\n{err}"),
    }
}

// =============================================================================================
// Rejections, role mining sessions
// =============================================================================================

#[test]
fn role_mining_rejections() {
    assert_rejections(
        role_mining(),
        &lenient(),
        &[
            // Unknown fields, with the closest known field suggested.
            (
                r#"nmae eq "x""#,
                r#"invalid filter for role-mining-sessions at column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x"
    ^^^^"#,
            ),
            (
                "Saved eq true",
                "invalid filter for role-mining-sessions at column 1: unknown field `Saved` for role-mining-sessions; did you mean `saved`? Filterable fields: saved, name
    Saved eq true
    ^^^^^",
            ),
            // Operators the field does not support, with those it does.
            (
                r#"saved sw "x""#,
                r#"invalid filter for role-mining-sessions at column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    saved sw "x"
          ^^"#,
            ),
            (
                r#"name co "x""#,
                r#"invalid filter for role-mining-sessions at column 6: `co` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name co "x"
         ^^"#,
            ),
            (
                "saved ne true",
                "invalid filter for role-mining-sessions at column 7: `ne` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    saved ne true
          ^^",
            ),
            (
                r#"name in ("a", "b")"#,
                r#"invalid filter for role-mining-sessions at column 6: `in` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name in ("a", "b")
         ^^"#,
            ),
            (
                "pr name",
                "invalid filter for role-mining-sessions at column 1: `pr` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    pr name
    ^^",
            ),
            (
                "name isnull",
                "invalid filter for role-mining-sessions at column 6: `isnull` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name isnull
         ^^^^^^",
            ),
            // Values of the wrong type, the caret under the value.
            (
                r#"saved eq "yes""#,
                r#"invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not "yes"
    saved eq "yes"
             ^^^^^"#,
            ),
            (
                "saved eq 1",
                "invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not 1
    saved eq 1
             ^",
            ),
            (
                // Only the lowercase spellings are booleans, as in the language itself.
                r#"saved eq "TRUE""#,
                r#"invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not "TRUE"
    saved eq "TRUE"
             ^^^^^^"#,
            ),
            (
                "name eq true",
                "invalid filter for role-mining-sessions at column 9: `name` is a string field and takes a string, not true
    name eq true
            ^^^^",
            ),
            // Every problem is reported, in reading order, each under its own token. Excerpts
            // keep 40 characters either side of the token, so the first one is cut short.
            (
                r#"nmae eq "x" and saved sw "y" or name eq false"#,
                r#"invalid filter for role-mining-sessions (3 problems):
column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x" and saved sw "y" or name eq false
    ^^^^
column 23: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    nmae eq "x" and saved sw "y" or name eq false
                          ^^
column 41: `name` is a string field and takes a string, not false
    nmae eq "x" and saved sw "y" or name eq false
                                            ^^^^^"#,
            ),
            (
                r#"not (saved eq "no" or nme sw "RM")"#,
                r#"invalid filter for role-mining-sessions (2 problems):
column 15: `saved` is a boolean field and takes true or false (quoted or not), not "no"
    not (saved eq "no" or nme sw "RM")
                  ^^^^
column 23: unknown field `nme` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    not (saved eq "no" or nme sw "RM")
                          ^^^"#,
            ),
            // A filter over several lines: positions name the line, the excerpt is that line.
            (
                "nmae eq \"x\" and\n saved eq 2",
                r#"invalid filter for role-mining-sessions (2 problems):
line 1, column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x" and
    ^^^^
line 2, column 11: `saved` is a boolean field and takes true or false (quoted or not), not 2
     saved eq 2
              ^"#,
            ),
        ],
    );
}

#[test]
fn strict_syntax_rejects_a_bare_integer_for_a_string_field() {
    assert_rejections(
        role_mining(),
        &strict(),
        &[(
            "name eq 12345",
            r#"invalid filter for role-mining-sessions at column 9: `name` is a string field and takes a string, not 12345 (the strict syntax needs quotes: "12345")
    name eq 12345
            ^^^^^"#,
        )],
    );
}

// =============================================================================================
// Rejections, a schema with a field of every type
// =============================================================================================

#[test]
fn typed_field_rejections() {
    assert_rejections(
        &accounts(),
        &lenient(),
        &[
            (
                r#"created eq "yesterday""#,
                r#"invalid filter for accounts at column 12: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "yesterday"
    created eq "yesterday"
               ^^^^^^^^^^^"#,
            ),
            (
                // A date without a time is a bare word, not a date-time.
                "created gt 2025-08-01",
                r#"invalid filter for accounts at column 12: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "2025-08-01"
    created gt 2025-08-01
               ^^^^^^^^^^"#,
            ),
            (
                r#"score eq "2.5""#,
                r#"invalid filter for accounts at column 10: `score` is a number field and takes a number, not "2.5"
    score eq "2.5"
             ^^^^^"#,
            ),
            (
                "score gt true",
                "invalid filter for accounts at column 10: `score` is a number field and takes a number, not true
    score gt true
             ^^^^",
            ),
            (
                "tags eq true",
                "invalid filter for accounts at column 9: `tags` is a string collection field and takes a string, not true
    tags eq true
            ^^^^",
            ),
            (
                r#"id co "x""#,
                r#"invalid filter for accounts at column 4: `co` is not supported on field `id` of accounts; `id` supports: eq, in
    id co "x"
       ^^"#,
            ),
            // Composite operators the endpoint does not support: each `not` is reported.
            (
                r#"not name eq "a""#,
                r#"invalid filter for accounts at column 1: `not` is not supported by accounts; composite operators: and, or
    not name eq "a"
    ^^^"#,
            ),
            (
                r#"not not name eq "a""#,
                r#"invalid filter for accounts (2 problems):
column 1: `not` is not supported by accounts; composite operators: and, or
    not not name eq "a"
    ^^^
column 5: `not` is not supported by accounts; composite operators: and, or
    not not name eq "a"
        ^^^"#,
            ),
            // Inside a list, the caret is under the bad item (the bare 2 reads as "2").
            (
                r#"id in ("a", 2, true, "d")"#,
                r#"invalid filter for accounts at column 16: `id` is a string field and takes a string, not true
    id in ("a", 2, true, "d")
                   ^^^^"#,
            ),
            (
                r#"tags ca ("a", false, 3.5)"#,
                r#"invalid filter for accounts (2 problems):
column 15: `tags` is a string collection field and takes a string, not false
    tags ca ("a", false, 3.5)
                  ^^^^^
column 22: `tags` is a string collection field and takes a string, not 3.5
    tags ca ("a", false, 3.5)
                         ^^^"#,
            ),
            // Value, composite and list problems together, in reading order; the excerpts
            // are windowed around each token.
            (
                r#"disabled eq "yes" and not created lt "soon" or tags ca (1.5)"#,
                r#"invalid filter for accounts (4 problems):
column 13: `disabled` is a boolean field and takes true or false (quoted or not), not "yes"
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                ^^^^^
column 23: `not` is not supported by accounts; composite operators: and, or
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                          ^^^
column 38: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "soon"
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                                         ^^^^^^
column 57: `tags` is a string collection field and takes a string, not 1.5
    …" and not created lt "soon" or tags ca (1.5)
                                             ^^^"#,
            ),
        ],
    );
}

#[test]
fn strict_syntax_rejects_bare_integers_in_lists_too() {
    assert_rejections(
        &accounts(),
        &strict(),
        &[
            (
                "id eq 5",
                r#"invalid filter for accounts at column 7: `id` is a string field and takes a string, not 5 (the strict syntax needs quotes: "5")
    id eq 5
          ^"#,
            ),
            (
                r#"id in ("x", 12)"#,
                r#"invalid filter for accounts at column 13: `id` is a string field and takes a string, not 12 (the strict syntax needs quotes: "12")
    id in ("x", 12)
                ^^"#,
            ),
        ],
    );
}

// =============================================================================================
// Message details once wrong in src/validate.rs
// =============================================================================================

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
        assert_eq!(
            err,
            SchemaError::OperatorDoesNotApply {
                field: field.into(),
                op,
                field_type
            }
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

// =============================================================================================
// Coercions that succeed
// =============================================================================================

#[test]
fn booleans_may_be_quoted() {
    let schema = role_mining();
    assert_accepted(schema, &lenient(), r#"saved eq "true""#, "saved eq true");
    assert_accepted(schema, &lenient(), r#"saved eq "false""#, "saved eq false");
    assert_accepted(schema, &strict(), r#"saved eq "true""#, "saved eq true");
    assert_accepted(
        schema,
        &lenient(),
        r#"saved eq "true" and name sw "RM Session""#,
        r#"saved eq true and name sw "RM Session""#,
    );
}

#[test]
fn date_times_may_be_quoted_and_print_in_utc() {
    let schema = accounts();
    assert_accepted(
        &schema,
        &lenient(),
        r#"created ge "2022-02-07T20:13:29.356648026Z""#,
        "created ge 2022-02-07T20:13:29.356648026Z",
    );
    assert_accepted(
        &schema,
        &strict(),
        r#"created lt "2023-02-05T10:59:27.214+02:00""#,
        "created lt 2023-02-05T08:59:27.214Z",
    );
    assert_accepted(
        &schema,
        &lenient(),
        "created gt 2020-01-01T00:00:00Z",
        "created gt 2020-01-01T00:00:00Z",
    );
}

#[test]
fn lenient_spellings_become_strings_on_string_fields() {
    let schema = accounts();
    let cases = [
        ("id eq 12345", r#"id eq "12345""#),
        ("id eq -7", r#"id eq "-7""#),
        ("id in (2c91, 42)", r#"id in ("2c91", "42")"#),
        ("tags ca (1, 'b')", r#"tags ca ("1", "b")"#),
        ("name sw RM", r#"name sw "RM""#),
    ];
    for (text, canonical) in cases {
        assert_accepted(&schema, &lenient(), text, canonical);
    }
    // Role mining's `name` takes the same spellings.
    assert_accepted(
        role_mining(),
        &lenient(),
        "name eq 2024",
        r#"name eq "2024""#,
    );
}

#[test]
fn numbers_keep_their_kind() {
    let schema = accounts();
    assert_accepted(&schema, &strict(), "score gt 1", "score gt 1");
    assert_accepted(&schema, &strict(), "score lt 2.5", "score lt 2.5");
    assert_accepted(&schema, &strict(), "logins in (1, -2)", "logins in (1, -2)");
}

#[test]
fn untyped_fields_accept_any_value_as_written() {
    let schema = accounts();
    let cases = [
        r#"attributes.department eq "true""#,
        "attributes.department eq true",
        "attributes.department eq 5",
        "attributes.department gt 2.5",
        "attributes.department sw 2020-01-01T00:00:00Z",
        r#"attributes.department ca ("a", 1, false)"#,
        "pr attributes.department",
        "attributes.department isnull",
    ];
    for text in cases {
        assert_accepted(&schema, &strict(), text, text);
    }
    // Nothing is coerced: the quoted "true" stays a string.
    let checked = schema
        .parse_filter(r#"attributes.department eq "true""#, &lenient())
        .unwrap();
    assert_ne!(
        checked.filter(),
        &Filter::parse("attributes.department eq true").unwrap()
    );
}

#[test]
fn composites_the_endpoint_allows_pass() {
    assert_accepted(
        &accounts(),
        &lenient(),
        r#"(name sw "a" or name sw "b") and disabled eq false"#,
        r#"(name sw "a" or name sw "b") and disabled eq false"#,
    );
    assert_accepted(
        role_mining(),
        &lenient(),
        r#"not (saved eq "false" or name sw "RM")"#,
        r#"not (saved eq false or name sw "RM")"#,
    );
}

// =============================================================================================
// The error as data: problems, one-line messages, 400 bodies
// =============================================================================================

#[test]
fn problems_carry_their_kind_and_span() {
    let err = validation_error(role_mining(), r#"nmae eq "x" and saved sw "y""#, &lenient());
    assert_eq!(err.endpoint(), Some("role-mining-sessions"));
    let problems = err.problems();
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[0].kind(),
        &Problem::Check(CheckProblem::UnknownField {
            field: "nmae".into(),
            endpoint: "role-mining-sessions".into(),
            suggestion: Some("name".into()),
            known: vec!["saved".into(), "name".into()],
        })
    );
    assert_eq!(problems[0].span(), Some(Span::new(0, 4)));
    assert_eq!(problems[0].parameter(), Parameter::Filters);
    assert_eq!(
        problems[1].kind(),
        &Problem::Check(CheckProblem::OperatorNotAllowed {
            field: "saved".into(),
            op: Op::Sw,
            endpoint: "role-mining-sessions".into(),
            allowed: OperatorSet::of(&[Op::Eq]),
        })
    );
    assert_eq!(problems[1].span(), Some(Span::new(22, 24)));
}

#[test]
fn messages_are_one_line_each_with_the_column() {
    let err = validation_error(
        role_mining(),
        r#"nmae eq "x" and saved sw "y" or name eq false"#,
        &lenient(),
    );
    assert_eq!(
        err.messages(),
        [
            "filters: column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name",
            "filters: column 23: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
            "filters: column 41: `name` is a string field and takes a string, not false",
        ]
    );
    let err = validation_error(role_mining(), "name eq 1 or\n  saved eq 1", &lenient());
    assert_eq!(
        err.messages(),
        [
            "filters: line 2, column 12: `saved` is a boolean field and takes true or false (quoted or not), not 1"
        ]
    );
}

#[test]
fn a_filter_built_in_code_has_no_positions() {
    let filter = field("saved")
        .unwrap()
        .sw("x")
        .and(field("nmae").unwrap().eq("y"));
    let err = filter.check(role_mining(), Syntax::Lenient).unwrap_err();
    assert!(err.problems().iter().all(|p| p.span().is_none()));
    assert_eq!(
        err.messages(),
        [
            "filters: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
            "filters: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name",
        ]
    );
    assert_eq!(
        err.to_string(),
        "invalid filter for role-mining-sessions (2 problems):
`sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name"
    );
    // Attaching the text later gives the carets, if the spans come from that text.
    let text = "saved sw \"x\"";
    let err = Filter::parse(text)
        .unwrap()
        .check(role_mining(), Syntax::Lenient)
        .unwrap_err()
        .with_source(Parameter::Filters, text);
    assert_eq!(
        err.to_string(),
        r#"invalid filter for role-mining-sessions at column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    saved sw "x"
          ^^"#
    );
}

#[test]
fn check_reports_a_parse_error_as_such() {
    let err = role_mining()
        .parse_filter("saved eq", &lenient())
        .unwrap_err();
    assert!(matches!(err.kind(), Problem::Parse(_)), "{err:?}");
    assert_eq!(
        err.messages(),
        ["filters: column 9: expected a value after `eq`, found the end of the filter"]
    );
}

fn is_tracking_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn one_problem_makes_a_400_body_with_one_cause() {
    let err = role_mining()
        .parse_filter(r#"saved eq "yes""#, &lenient())
        .unwrap_err();
    let body = serde_json::to_value(err.to_error_body()).unwrap();
    let tracking_id = body["trackingId"].as_str().unwrap().to_owned();
    assert!(is_tracking_id(&tracking_id), "{tracking_id}");
    assert_eq!(
        body,
        serde_json::json!({
            "detailCode": "400.1 Bad Request Content",
            "trackingId": tracking_id,
            "messages": [{
                "locale": "en-US",
                "localeOrigin": "DEFAULT",
                "text": "Invalid query parameter: filters: column 10: `saved` is a boolean field and takes true or false (quoted or not), not \"yes\"",
            }],
            "causes": [{
                "locale": "en-US",
                "localeOrigin": "DEFAULT",
                "text": "filters: column 10: `saved` is a boolean field and takes true or false (quoted or not), not \"yes\"",
            }],
        })
    );
}

#[test]
fn several_problems_make_a_400_body_with_a_cause_each() {
    let err = accounts()
        .parse_filter(r#"not id co "x" and tags eq true"#, &lenient())
        .unwrap_err();
    let body = err.to_error_body();
    assert_eq!(body.detail_code, "400.1 Bad Request Content");
    assert!(is_tracking_id(&body.tracking_id), "{}", body.tracking_id);
    let texts =
        |messages: &[ErrorMessage]| messages.iter().map(|m| m.text.clone()).collect::<Vec<_>>();
    assert_eq!(
        texts(&body.messages),
        ["Invalid query parameter filters: 3 problems"]
    );
    assert_eq!(
        texts(&body.causes),
        [
            "filters: column 1: `not` is not supported by accounts; composite operators: and, or",
            "filters: column 8: `co` is not supported on field `id` of accounts; `id` supports: eq, in",
            "filters: column 27: `tags` is a string collection field and takes a string, not true",
        ]
    );
    assert!(
        body.messages
            .iter()
            .chain(&body.causes)
            .all(|m| m.locale == "en-US" && m.locale_origin == "DEFAULT")
    );
    // Each body gets its own tracking id.
    assert_ne!(err.to_error_body().tracking_id, body.tracking_id);
}

#[test]
fn a_date_time_without_an_rfc_3339_spelling_is_refused() {
    let schema = Schema::new("x").with_field("created", FieldType::DateTime, [Op::Gt]);
    let created = || FieldPath::from_static("created");
    // Year -1 (1 BCE): jiff holds it, but no filter text can carry it, so no `DateTime` is made
    // of it…
    let before_year_zero: jiff::Timestamp = "-000001-06-01T00:00:00Z".parse().unwrap();
    // SPEC §8: the message names the range.
    let range = "the instant is outside the range of date-times, 0000-01-01T00:00:00Z to \
                 9999-12-31T23:59:59.999999999Z";
    assert_eq!(
        DateTime::try_from(before_year_zero)
            .unwrap_err()
            .to_string(),
        range
    );
    assert_eq!(
        DateTime::try_from(jiff::Timestamp::MIN)
            .unwrap_err()
            .to_string(),
        range
    );
    // …but a record's field may hold it (records are only compared), and code can take that
    // value into a filter: the check stage refuses it.
    let FieldRef::DateTime(from_record) = FieldRef::from(before_year_zero) else {
        panic!("a timestamp reads as a date-time")
    };
    assert!(!from_record.is_in_range());
    let filter = Filter::compare(created(), CmpOp::Gt, from_record);
    let err = filter.check(&schema, Syntax::Lenient).unwrap_err();
    assert!(
        matches!(err.kind(), CheckProblem::WrongValueType { .. }),
        "{err}"
    );
    // The ends of the range are fine, jiff's last instant and SPEC §8's "never" date too.
    for t in [
        DateTime::MIN,
        DateTime::MAX,
        DateTime::try_from(jiff::Timestamp::MAX).unwrap(),
        "9999-12-31T23:59:59Z".parse().unwrap(),
    ] {
        let filter = Filter::compare(created(), CmpOp::Gt, t);
        assert!(filter.check(&schema, Syntax::Lenient).is_ok(), "{t}");
    }
}
