//! Date-times over SailPoint's whole range (SPEC §8), end to end: filter values, typed and JSON
//! records, sorting, and the records a fake reads from a file — `9999-12-31T23:59:59Z`, the
//! "never" date of many tenants, included.

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{self, RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{CollectionQuery, DateTime, FieldType, Op, ParseProblem, Schema};
use serde_json::json;

const NEVER: &str = "9999-12-31T23:59:59Z";

/// A sample session, created at `created`.
fn session(id: &str, created: &str) -> RoleMiningSession {
    let mut session = role_mining_sessions::sample().remove(0);
    session.id = id.to_owned();
    session.created_date = created.parse().unwrap();
    session
}

#[test]
fn a_record_holding_the_never_date_reads_and_writes() {
    let mut json = serde_json::to_value(session("a", "2024-01-01T00:00:00Z")).unwrap();
    json["createdDate"] = json!(NEVER);
    json["modifiedDate"] = json!("9999-12-31T23:59:59.999999999Z");
    let read: RoleMiningSession = serde_json::from_value(json).unwrap();
    assert_eq!(read.created_date.to_string(), NEVER);
    assert!(
        read.created_date.to_timestamp().is_none(),
        "past jiff's range"
    );
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(written["createdDate"], NEVER);
    assert_eq!(written["modifiedDate"], "9999-12-31T23:59:59.999999999Z");

    // Past the range, or with an offset of 24 hours or more, it is refused with the reason.
    for (bad, reason) in [
        (
            "9999-12-31T23:59:59-01:00",
            "the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z",
        ),
        (
            "2024-01-01T00:00:00+25:00",
            "the offset +25:00 is not one: its hours are 00 to 23",
        ),
    ] {
        let mut json = serde_json::to_value(session("b", "2024-01-01T00:00:00Z")).unwrap();
        json["createdDate"] = json!(bad);
        let err = serde_json::from_value::<RoleMiningSession>(json).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid date-time `{bad}`: {reason}")
        );
    }
}

#[test]
fn the_never_date_sorts_last_and_compares_in_queries() {
    let sessions = vec![
        session("old", "2020-01-01T00:00:00Z"),
        session("never", NEVER),
        session("new", "2024-06-01T00:00:00+02:00"),
        session("last-of-jiff", "9999-12-30T22:00:00.999999999Z"),
    ];
    let schema = RoleMiningSessions::schema();
    let ids = |query: &str| -> Vec<String> {
        CollectionQuery::from_query_string_for(query, schema, &Default::default())
            .unwrap()
            .run(&sessions)
            .unwrap()
            .items
            .iter()
            .map(|s| s.id.clone())
            .collect()
    };
    assert_eq!(
        ids("sorters=createdDate"),
        ["old", "new", "last-of-jiff", "never"]
    );
    assert_eq!(
        ids("sorters=-createdDate"),
        ["never", "last-of-jiff", "new", "old"]
    );

    // The same as JSON records, filtered by date on a schema that allows it.
    let records: Vec<serde_json::Value> = sessions
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect();
    let dated = Schema::new("sessions")
        .with_field("createdDate", FieldType::DateTime, [Op::Gt, Op::Eq])
        .with_sortable(["createdDate"]);
    let json_ids = |query: &str| -> Vec<String> {
        CollectionQuery::from_query_string_for(query, &dated, &Default::default())
            .unwrap()
            .run(&records)
            .unwrap()
            .items
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        json_ids("filters=createdDate+gt+9999-12-30T22:00:00.999999999Z"),
        ["never"]
    );
    assert_eq!(
        json_ids("filters=createdDate+eq+%229999-12-31T23:59:59Z%22"),
        ["never"]
    );
    assert_eq!(
        json_ids("filters=createdDate+gt+2020-01-01T00:00:00Z&sorters=-createdDate"),
        ["never", "last-of-jiff", "new"]
    );
}

#[test]
fn filter_values_take_the_whole_range_and_nothing_past_it() {
    let schema = Schema::new("x").with_field("t", FieldType::DateTime, [Op::Lt]);
    let checked = schema
        .parse_filter(&format!("t lt {NEVER}"), &Default::default())
        .unwrap();
    assert_eq!(checked.to_string(), format!("t lt {NEVER}"));
    let checked = schema
        .parse_filter("t lt \"0000-01-01T00:00:00Z\"", &Default::default())
        .unwrap();
    assert_eq!(checked.to_string(), "t lt 0000-01-01T00:00:00Z");
    let err = schema
        .parse_filter("t lt 10000-01-01T00:00:00Z", &Default::default())
        .unwrap_err();
    // Five year digits are no date-time: a bare word, which the field refuses.
    assert!(
        err.to_string().contains("`t` is a date-time field"),
        "{err}"
    );
    let err = sailpoint_filters::Filter::parse("t lt 2024-01-01T00:00:00+24:00").unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::InvalidDateTime { .. }),
        "{err}"
    );
    assert_eq!(DateTime::MAX.to_string(), "9999-12-31T23:59:59.999999999Z");
}
