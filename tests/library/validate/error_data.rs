//! The error as data: problems, one-line messages, 400 bodies.

use super::*;

#[test]
fn problems_carry_their_kind_and_span() {
    let err = validation_error(role_mining(), r#"nmae eq "x" and saved sw "y""#, &lenient());
    assert_eq!(err.endpoint(), Some("role-mining-sessions"));
    let problems = err.problems();
    assert_eq!(problems.len(), 2);
    assert!(
        matches!(problems[0].kind(), Problem::Check(CheckProblem::UnknownField { field, endpoint, suggestion, known, .. }) if *field == "nmae" && *endpoint == "role-mining-sessions" && *suggestion == Some("name".into()) && *known == ["saved", "name"]),
        "{:?}",
        problems[0].kind()
    );
    assert_eq!(problems[0].span(), Some(Span::new(0, 4)));
    assert_eq!(problems[0].parameter(), Parameter::Filters);
    assert!(
        matches!(problems[1].kind(), Problem::Check(CheckProblem::OperatorNotAllowed { field, op: Op::Sw, endpoint, allowed, .. }) if *field == "saved" && *endpoint == "role-mining-sessions" && *allowed == OperatorSet::of(&[Op::Eq])),
        "{:?}",
        problems[1].kind()
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
