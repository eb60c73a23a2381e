//! Role mining sessions, typed and as JSON.

use super::nulls::ON_NULL;
use super::*;

fn sessions() -> Vec<RoleMiningSession> {
    serde_json::from_str(DATA).unwrap()
}

/// The ids of the sessions `filter` selects through the endpoint's own schema, typed and as
/// JSON (which must agree).
fn selected(text: &str) -> Vec<String> {
    let schema = RoleMiningSessions::schema();
    let filter = checked(&parse(text), schema);
    let typed = compile::<RoleMiningSession>(&filter).unwrap();
    let json = compile::<Value>(&filter).unwrap();
    let sessions = sessions();
    for session in &sessions {
        let value = serde_json::to_value(session).unwrap();
        assert_eq!(
            typed.matches(session),
            json.matches(&value),
            "{text} on {}",
            session.id
        );
    }
    sessions
        .iter()
        .filter(|s| typed.matches(s))
        .map(|s| s.id.clone())
        .collect()
}

fn ids_where(keep: impl Fn(&RoleMiningSession) -> bool) -> Vec<String> {
    sessions()
        .into_iter()
        .filter(|s| keep(s))
        .map(|s| s.id)
        .collect()
}

#[test]
fn role_mining_sessions_filter_by_saved_and_name() {
    let rm = |s: &RoleMiningSession| {
        s.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm session"))
    };
    let main_job = selected(r#"saved eq "true" and name sw "RM Session""#);
    assert_eq!(main_job, ids_where(|s| s.saved && rm(s)));
    assert_eq!(main_job.len(), 12);
    assert_eq!(
        selected(r#"saved eq true and name sw "rm session""#),
        main_job
    );

    assert_eq!(selected("saved eq false"), ids_where(|s| !s.saved));
    assert_eq!(selected(r#"saved eq "false""#), ids_where(|s| !s.saved));
    let muller = [
        "a6aacffbbb460f4bbf6916879e57bbf4",
        "b0848e2051e67ea9b6b7945523c26d19",
        "0a1efbcf8db9dee0ed86e18ed07bac39",
    ];
    assert_eq!(selected(r#"name eq "SITZUNG MÜLLER""#), muller);
    assert_eq!(selected(r#"name eq "sitzung müller""#), muller);
    assert_eq!(
        selected(r#"name sw "sitzung m""#),
        ids_where(|s| s
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("sitzung m")))
    );
    assert_eq!(selected(r#"name sw "sitzung m""#).len(), 4);
    // Sessions without a name are neither `eq` nor `sw` anything, so `not` selects them.
    let unnamed = ids_where(|s| s.name.is_none());
    assert_eq!(unnamed.len(), 4);
    let not_rm = selected(r#"not name sw "RM""#);
    assert!(unnamed.iter().all(|id| not_rm.contains(id)));
    assert_eq!(
        not_rm,
        ids_where(|s| !s
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm")))
    );
    assert_eq!(
        selected(r#"name eq "Évaluation des rôles" or name eq "ÉVALUATION DES RÔLES""#).len(),
        3
    );
}

#[test]
fn a_typed_session_without_a_name_is_null_for_every_operator() {
    let mut session = sessions().remove(0);
    session.name = None;
    session.created_by = None;
    let schema = Schema::new("sessions")
        .with_field("name", FieldType::String, eval_fixture::SCALAR_STRING_OPS)
        .with_field(
            "createdBy.displayName",
            FieldType::String,
            [Op::Eq, Op::Ne, Op::Pr, Op::IsNull],
        );
    let value = serde_json::to_value(&session).unwrap();
    for (text, expected) in ON_NULL
        .iter()
        .filter(|(f, _, _)| *f == "name")
        .map(|(_, t, e)| (*t, *e))
        .chain([
            (r#"createdBy.displayName eq "a""#, false),
            (r#"createdBy.displayName ne "a""#, true),
            ("pr createdBy.displayName", false),
            ("createdBy.displayName isnull", true),
        ])
    {
        let filter = parse(text);
        let typed = compile_for::<RoleMiningSession>(&filter, &schema);
        let json = compile_for::<Value>(&filter, &schema);
        assert_eq!(typed.matches(&session), expected, "typed: {text}");
        assert_eq!(json.matches(&value), expected, "json: {text}");
        let not = compile_for::<RoleMiningSession>(&filter.not(), &schema);
        assert_eq!(not.matches(&session), !expected, "typed: not ({text})");
    }
}

#[test]
fn typed_session_date_times_compare_as_instants() {
    let session = sessions().remove(0); // created 2024-07-27T12:50:35.348Z
    let schema = Schema::new("sessions").with_field(
        "createdDate",
        FieldType::DateTime,
        [Op::Eq, Op::Gt, Op::Lt],
    );
    for (text, expected) in [
        ("createdDate eq 2024-07-27T14:50:35.348+02:00", true),
        (r#"createdDate eq "2024-07-27T07:50:35.348-05:00""#, true),
        ("createdDate eq 2024-07-27T12:50:35.347Z", false),
        ("createdDate gt 2024-07-27T14:00:00+02:00", true),
        ("createdDate lt 2024-07-27T13:00:00+00:30", false),
    ] {
        let matcher = compile_for::<RoleMiningSession>(&parse(text), &schema);
        assert_eq!(matcher.matches(&session), expected, "{text}");
    }
}

#[test]
fn typed_session_dates_reach_the_end_of_year_9999() {
    // "Never", 9999-12-31T23:59:59Z, is a date-time of its own (past what `jiff::Timestamp`
    // holds), and compares with filter values like any other.
    let mut session = sessions().remove(0);
    session.modified_date = "9999-12-31T23:59:59Z".parse().unwrap();
    session.created_date = DateTime::MIN;
    let schema = Schema::new("sessions")
        .with_field("createdDate", FieldType::DateTime, [Op::Eq, Op::Gt, Op::Lt])
        .with_field(
            "modifiedDate",
            FieldType::DateTime,
            [Op::Eq, Op::Gt, Op::Le],
        );
    let value = serde_json::to_value(&session).unwrap();
    assert_eq!(value["modifiedDate"], "9999-12-31T23:59:59Z");
    for (text, expected) in [
        ("modifiedDate eq 9999-12-31T23:59:59Z", true),
        (r#"modifiedDate eq "9999-12-31T23:59:59.000Z""#, true),
        ("modifiedDate gt 9999-12-31T23:59:58.999999999Z", true),
        ("modifiedDate gt 9999-12-31T23:59:59Z", false),
        ("modifiedDate le 9999-12-31T23:59:59.999999999Z", true),
        ("modifiedDate eq 9999-12-31T22:59:59-01:00", true),
        ("createdDate eq 0000-01-01T00:00:00Z", true),
        ("createdDate eq 0000-01-01T01:00:00+01:00", true),
        ("createdDate lt 0000-01-01T00:00:00.000000001Z", true),
        ("createdDate gt 0000-01-01T00:00:00Z", false),
    ] {
        let filter = parse(text);
        let typed = compile_for::<RoleMiningSession>(&filter, &schema);
        assert_eq!(typed.matches(&session), expected, "typed: {text}");
        let json = compile_for::<Value>(&filter, &schema);
        assert_eq!(json.matches(&value), expected, "json: {text}");
    }
}
