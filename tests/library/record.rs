//! The role mining session record (SPEC §7) and the built-in sample data.

use std::collections::{HashMap, HashSet};

use sailpoint_filters::DateTime;
use sailpoint_filters::endpoints::role_mining_sessions::{
    self, CreatedBy, RoleMiningSession, SessionScope, SessionState, SessionStatus, SessionType,
};
use serde_json::{Value, json};

/// SailPoint's documented example response item, with the `id`, `createdDate` and
/// `modifiedDate` the example leaves out but every session has.
const DOCUMENTED_EXAMPLE: &str = r#"{
  "id": "8c190e6787aa4ed9a90bd9d5344523fb",
  "scope": {
    "identityIds": [],
    "criteria": "source.name:DataScienceDataset",
    "attributeFilterCriteria": {
      "displayName": {
        "untranslated": "Location: Miami"
      },
      "ariaLabel": {
        "untranslated": "Location: Miami"
      },
      "data": {
        "displayName": {
          "translateKey": "IDN.IDENTITY_ATTRIBUTES.LOCATION"
        },
        "name": "location",
        "operator": "EQUALS",
        "values": [
          "Miami"
        ]
      }
    }
  },
  "pruneThreshold": 5,
  "prescribedPruneThreshold": 10,
  "minNumIdentitiesInPotentialRole": 20,
  "potentialRoleCount": 0,
  "potentialRolesReadyCount": 0,
  "status": "CREATED",
  "type": "SPECIALIZED",
  "emailRecipientId": "2c918090761a5aac0176215c46a62d58",
  "createdBy": {
    "id": "2c918090761a5aac0176215c46a62d58",
    "displayName": "Ashley.Pierce"
  },
  "identityCount": 0,
  "saved": true,
  "name": "Saved RM Session - 07/10",
  "createdDate": "2024-07-10T14:02:11.348Z",
  "modifiedDate": "2024-07-10T14:05:55+02:00"
}"#;

const DATA: &str = include_str!("../../data/role_mining_sessions.json");

fn documented() -> RoleMiningSession {
    serde_json::from_str(DOCUMENTED_EXAMPLE).unwrap()
}

#[test]
fn reads_the_documented_example() {
    let session = documented();
    let miami = json!({
        "displayName": {"untranslated": "Location: Miami"},
        "ariaLabel": {"untranslated": "Location: Miami"},
        "data": {
            "displayName": {"translateKey": "IDN.IDENTITY_ATTRIBUTES.LOCATION"},
            "name": "location",
            "operator": "EQUALS",
            "values": ["Miami"]
        }
    });
    let expected = RoleMiningSession {
        id: "8c190e6787aa4ed9a90bd9d5344523fb".into(),
        name: Some("Saved RM Session - 07/10".into()),
        saved: true,
        scope: SessionScope {
            identity_ids: vec![],
            criteria: Some("source.name:DataScienceDataset".into()),
            attribute_filter_criteria: Some(miami),
        },
        min_num_identities_in_potential_role: Some(20),
        scoping_method: None,
        prescribed_prune_threshold: Some(10),
        prune_threshold: Some(5),
        potential_role_count: 0,
        potential_roles_ready_count: 0,
        status: SessionStatus {
            state: SessionState::Created,
        },
        session_type: SessionType::Specialized,
        email_recipient_id: Some("2c918090761a5aac0176215c46a62d58".into()),
        created_by: Some(CreatedBy {
            id: "2c918090761a5aac0176215c46a62d58".into(),
            display_name: "Ashley.Pierce".into(),
        }),
        identity_count: 0,
        data_file_path: None,
        created_date: "2024-07-10T14:02:11.348Z".parse().unwrap(),
        // 14:05:55+02:00 is 12:05:55 UTC.
        modified_date: "2024-07-10T12:05:55Z".parse().unwrap(),
    };
    assert_eq!(session, expected);
}

#[test]
fn writes_sailpoint_json_with_status_as_an_object() {
    let written = serde_json::to_value(documented()).unwrap();
    let mut expected: Value = serde_json::from_str(DOCUMENTED_EXAMPLE).unwrap();
    // What changes on the way through: the status becomes an object, the nullable fields the
    // example left out are written as null, and date-times are written in UTC.
    expected["status"] = json!({"state": "CREATED"});
    expected["scopingMethod"] = Value::Null;
    expected["dataFilePath"] = Value::Null;
    expected["modifiedDate"] = json!("2024-07-10T12:05:55Z");
    assert_eq!(written, expected);
    assert_eq!(written["status"], json!({"state": "CREATED"}));
}

#[test]
fn round_trips_value_equal() {
    let session = documented();
    let text = serde_json::to_string(&session).unwrap();
    let back: RoleMiningSession = serde_json::from_str(&text).unwrap();
    assert_eq!(back, session);
    // The written form is stable: writing what was read gives the same JSON.
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
}

#[test]
fn status_reads_a_bare_string_or_an_object() {
    for (json, state) in [
        (r#""CREATED""#, SessionState::Created),
        (r#"{"state": "CREATED"}"#, SessionState::Created),
        (r#""UPDATED""#, SessionState::Updated),
        (r#""IDENTITIES_OBTAINED""#, SessionState::IdentitiesObtained),
        (
            r#"{"state": "PRUNE_THRESHOLD_OBTAINED"}"#,
            SessionState::PruneThresholdObtained,
        ),
        (
            r#""POTENTIAL_ROLES_PROCESSING""#,
            SessionState::PotentialRolesProcessing,
        ),
        (
            r#"{"state": "POTENTIAL_ROLES_CREATED"}"#,
            SessionState::PotentialRolesCreated,
        ),
    ] {
        let status: SessionStatus = serde_json::from_str(json).unwrap();
        assert_eq!(status.state, state, "{json}");
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            json!({"state": state.as_str()})
        );
    }
    let states = "`CREATED`, `UPDATED`, `IDENTITIES_OBTAINED`, `PRUNE_THRESHOLD_OBTAINED`, \
                  `POTENTIAL_ROLES_PROCESSING`, `POTENTIAL_ROLES_CREATED`";
    let shape = r#"a session state such as "CREATED", or {"state": "CREATED"}"#;
    for (bad, expected) in [
        // States are upper case, as SailPoint writes them.
        (
            r#""created""#,
            format!("unknown variant `created`, expected one of {states} at line 1 column 9"),
        ),
        (
            r#""DONE""#,
            format!("unknown variant `DONE`, expected one of {states} at line 1 column 6"),
        ),
        (
            r#"{"state": "DONE"}"#,
            format!("unknown variant `DONE`, expected one of {states} at line 1 column 16"),
        ),
        (
            r#"{}"#,
            "missing field `state` at line 1 column 2".to_owned(),
        ),
        (
            r#"{"state": "CREATED", "extra": 1}"#,
            "unknown field `extra`, expected `state` at line 1 column 28".to_owned(),
        ),
        (
            "1",
            format!("invalid type: integer `1`, expected {shape} at line 1 column 1"),
        ),
        (
            "null",
            format!("invalid type: null, expected {shape} at line 1 column 4"),
        ),
        (
            r#"["CREATED"]"#,
            format!("invalid type: sequence, expected {shape} at line 1 column 1"),
        ),
    ] {
        let err = serde_json::from_str::<SessionStatus>(bad).unwrap_err();
        assert_eq!(err.to_string(), expected, "{bad}");
    }
}

#[test]
fn every_state_and_type_has_its_sailpoint_spelling() {
    let names: Vec<&str> = SessionState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "CREATED",
            "UPDATED",
            "IDENTITIES_OBTAINED",
            "PRUNE_THRESHOLD_OBTAINED",
            "POTENTIAL_ROLES_PROCESSING",
            "POTENTIAL_ROLES_CREATED"
        ]
    );
    for state in SessionState::ALL {
        assert_eq!(
            serde_json::to_value(state).unwrap(),
            json!(state.to_string())
        );
    }
    assert_eq!(
        serde_json::to_value(SessionType::Common).unwrap(),
        json!("COMMON")
    );
    assert_eq!(SessionType::Specialized.to_string(), "SPECIALIZED");
}

#[test]
fn required_fields_are_required_and_nullable_ones_are_not() {
    let mut full: Value = serde_json::from_str(DOCUMENTED_EXAMPLE).unwrap();
    for required in [
        "id",
        "saved",
        "scope",
        "potentialRoleCount",
        "potentialRolesReadyCount",
        "status",
        "type",
        "identityCount",
        "createdDate",
        "modifiedDate",
    ] {
        let mut without = full.clone();
        without.as_object_mut().unwrap().remove(required);
        let err = serde_json::from_value::<RoleMiningSession>(without).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("missing field `{required}`")),
            "{required}: {err}"
        );
    }
    for nullable in [
        "name",
        "minNumIdentitiesInPotentialRole",
        "scopingMethod",
        "prescribedPruneThreshold",
        "pruneThreshold",
        "emailRecipientId",
        "createdBy",
        "dataFilePath",
    ] {
        full[nullable] = Value::Null;
    }
    full["scope"] =
        json!({"identityIds": ["2c9180"], "criteria": null, "attributeFilterCriteria": null});
    let session: RoleMiningSession = serde_json::from_value(full).unwrap();
    assert_eq!(session.name, None);
    assert_eq!(session.created_by, None);
    assert_eq!(session.prune_threshold, None);
    assert_eq!(session.scope.identity_ids, ["2c9180"]);
    assert_eq!(session.scope.criteria, None);
    assert_eq!(session.scope.attribute_filter_criteria, None);

    let bad_date = DOCUMENTED_EXAMPLE.replace("2024-07-10T14:02:11.348Z", "2024-07-10 14:02");
    // The value, what it should look like, and where: `createdDate` is line 40 of the example.
    assert_eq!(
        serde_json::from_str::<RoleMiningSession>(&bad_date)
            .unwrap_err()
            .to_string(),
        "invalid date-time `2024-07-10 14:02`: expected the form 2018-12-18T23:05:55Z or \
         2023-02-05T10:59:27.214+02:00 at line 40 column 35"
    );
}

#[test]
fn dates_cover_sailpoints_whole_range() {
    // "Never" (9999-12-31T23:59:59Z) and the first instant of year 0000 are date-times too
    // (SPEC §8), and are written back as they were read.
    for date in [
        "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
    ] {
        let text = DOCUMENTED_EXAMPLE.replace("2024-07-10T14:02:11.348Z", date);
        let session: RoleMiningSession = serde_json::from_str(&text).unwrap();
        assert_eq!(session.created_date, date.parse::<DateTime>().unwrap());
        assert_eq!(
            serde_json::to_value(&session).unwrap()["createdDate"],
            json!(date)
        );
    }
    assert_eq!(
        "9999-12-31T23:59:59.999999999Z"
            .parse::<DateTime>()
            .unwrap(),
        DateTime::MAX
    );
    // Outside the range, or not a date that exists: refused, with the reason.
    for (date, reason) in [
        (
            "9999-12-31T23:59:59-00:01",
            "the instant is outside the range of date-times",
        ),
        (
            "2023-02-29T00:00:00Z",
            "day 29 is not a day of 2023-02, which has 28 days",
        ),
        ("2024-01-01T00:00:00+24:00", "the offset +24:00 is not one"),
    ] {
        let text = DOCUMENTED_EXAMPLE.replace("2024-07-10T14:02:11.348Z", date);
        let err = serde_json::from_str::<RoleMiningSession>(&text).unwrap_err();
        assert!(err.to_string().contains(reason), "{date}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// The built-in sample data
// ---------------------------------------------------------------------------------------------

fn sample() -> Vec<RoleMiningSession> {
    serde_json::from_str(DATA).unwrap()
}

#[test]
fn the_bundled_sample_is_the_data_file() {
    let bundled = role_mining_sessions::sample();
    assert_eq!(bundled.len(), 72);
    assert_eq!(bundled, sample());
}

#[test]
fn sample_data_is_varied() {
    let sessions = sample();
    assert!(sessions.len() >= 60, "{} sessions", sessions.len());

    let states: HashSet<SessionState> = sessions.iter().map(|s| s.status.state).collect();
    assert_eq!(states.len(), SessionState::ALL.len());
    let types: HashSet<SessionType> = sessions.iter().map(|s| s.session_type).collect();
    assert_eq!(types.len(), 2);

    assert!(sessions.iter().any(|s| s.name.is_none()));
    assert!(sessions.iter().any(|s| s.created_by.is_none()));
    assert!(sessions.iter().any(|s| s.saved) && sessions.iter().any(|s| !s.saved));

    let names: Vec<&str> = sessions.iter().filter_map(|s| s.name.as_deref()).collect();
    let rm = names.iter().filter(|n| n.starts_with("RM Session")).count();
    assert!(rm >= 10, "{rm} names start with `RM Session`");
    assert!(names.iter().any(|n| n.starts_with("Saved RM Session - ")));
    assert!(
        names
            .iter()
            .any(|n| !n.to_lowercase().contains("rm session"))
    );
    assert!(names.iter().any(|n| !n.is_ascii()));
    // Names that differ only in case.
    let mut by_folded: HashMap<String, HashSet<&str>> = HashMap::new();
    for name in &names {
        by_folded
            .entry(name.to_lowercase())
            .or_default()
            .insert(name);
    }
    assert!(by_folded.values().any(|spellings| spellings.len() >= 2));
    assert!(
        by_folded
            .iter()
            .any(|(folded, spellings)| !folded.is_ascii() && spellings.len() >= 2)
    );
}

#[test]
fn sample_data_exercises_sorting() {
    let sessions = sample();
    // Several creators, two of them with the same display name but different ids.
    let creators: HashSet<(&str, &str)> = sessions
        .iter()
        .filter_map(|s| s.created_by.as_ref())
        .map(|c| (c.display_name.as_str(), c.id.as_str()))
        .collect();
    assert!(creators.len() >= 5, "{creators:?}");
    let names: Vec<&str> = creators.iter().map(|c| c.0).collect();
    let distinct: HashSet<&str> = names.iter().copied().collect();
    assert!(distinct.len() < names.len(), "no shared display name");

    // Equal creation dates, to show that sorting is stable.
    let mut dates = HashMap::new();
    for s in &sessions {
        *dates.entry(s.created_date).or_insert(0) += 1;
    }
    assert!(dates.values().filter(|&&n| n >= 2).count() >= 2);

    // About two years of history, and no session modified before it was created.
    let first = sessions.iter().map(|s| s.created_date).min().unwrap();
    let last = sessions.iter().map(|s| s.created_date).max().unwrap();
    let span = last.as_second() - first.as_second();
    assert!(span >= 365 * 24 * 3600, "{first} to {last}");
    assert!(sessions.iter().all(|s| s.modified_date >= s.created_date));
}

#[test]
fn sample_data_is_well_formed() {
    let sessions = sample();
    let hex32 =
        |id: &str| id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let ids: HashSet<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), sessions.len(), "ids are unique");
    assert!(sessions.iter().all(|s| hex32(&s.id)));
    assert!(
        sessions
            .iter()
            .filter_map(|s| s.created_by.as_ref())
            .all(|c| hex32(&c.id))
    );
    assert!(
        sessions
            .iter()
            .all(|s| s.potential_roles_ready_count <= s.potential_role_count)
    );
    assert!(
        sessions
            .iter()
            .any(|s| s.prune_threshold.is_none() || s.prescribed_prune_threshold.is_none())
    );

    // The file is in the form the record writes: reading and writing changes nothing.
    let file: Value = serde_json::from_str(DATA).unwrap();
    assert_eq!(serde_json::to_value(&sessions).unwrap(), file);
}
