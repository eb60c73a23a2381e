//! Generators of role mining sessions and their filters.

use super::*;

pub(super) const DATA: &str = include_str!("../../../data/role_mining_sessions.json");

pub(super) const SESSION_NAMES: &[&str] = &[
    "RM Session - Finance",
    "rm session - sales",
    "RM SESSION",
    "Saved RM Session - 07/10",
    "RM",
    "Sitzung Müller",
    "SITZUNG MÜLLER",
    "ΟΔΟΣ",
    "",
];

pub(super) fn session() -> impl Strategy<Value = RoleMiningSession> {
    let template: RoleMiningSession = serde_json::from_str::<Vec<RoleMiningSession>>(DATA)
        .unwrap()
        .remove(0);
    let creator = prop_oneof![
        1 => Just(None),
        4 => (select(vec!["Jordan.Lee", "jordan.lee", "Émilie.Durand"]), select(vec!["2c91a", "2c91b"]))
            .prop_map(|(name, id)| Some(CreatedBy { id: id.to_owned(), display_name: name.to_owned() })),
    ];
    (
        prop_oneof![1 => Just(None), 5 => select(SESSION_NAMES).prop_map(|n| Some(n.to_owned()))],
        any::<bool>(),
        creator,
        instant(),
        select(SessionState::ALL.to_vec()),
        prop_oneof![Just(SessionType::Common), Just(SessionType::Specialized)],
        select(vec![0i32, 7, 20]),
    )
        .prop_map(
            move |(name, saved, created_by, created, state, kind, identities)| {
                let mut session = template.clone();
                session.name = name;
                session.saved = saved;
                session.created_by = created_by;
                session.created_date = created;
                session.status = SessionStatus::from(state);
                session.session_type = kind;
                session.identity_count = identities;
                session
            },
        )
}

/// Filters the role-mining endpoint accepts: `saved eq`, `name eq|sw`, `and`, `or`, `not`.
pub(super) fn session_filter() -> impl Strategy<Value = Filter> {
    let name = prop_oneof![
        select(SESSION_NAMES).prop_map(String::from),
        select(vec![
            "rm",
            "RM S",
            "rm session -",
            "sitzung m",
            "saved",
            "οδοσ"
        ])
        .prop_map(String::from),
    ];
    let condition = prop_oneof![
        bool_value().prop_map(|v| Filter::compare(path("saved"), CmpOp::Eq, v)),
        (select(vec![CmpOp::Eq, CmpOp::Sw]), name).prop_map(|(op, n)| Filter::compare(
            path("name"),
            op,
            n
        )),
    ];
    condition.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            inner.prop_map(Filter::not),
        ]
    })
}

/// The readable, non-filterable fields of the declaration, as a schema that filters them.
pub(super) fn wide_session_schema() -> Schema {
    Schema::new("sessions")
        .with_field(
            "createdBy.displayName",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field(
            "createdBy.id",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field(
            "createdDate",
            FieldType::DateTime,
            ORDERED_OPS.iter().copied(),
        )
        .with_field(
            "status.state",
            FieldType::String,
            STRING_OPS.iter().copied(),
        )
        .with_field("type", FieldType::String, STRING_OPS.iter().copied())
        .with_field(
            "identityCount",
            FieldType::Integer,
            ORDERED_OPS.iter().copied(),
        )
        .with_field("name", FieldType::String, STRING_OPS.iter().copied())
}

pub(super) fn wide_session_filter() -> impl Strategy<Value = Filter> {
    let words = || {
        prop_oneof![
            select(vec![
                "jordan.lee",
                "Jordan",
                "émilie.durand",
                "2c91a",
                "2c91",
                "created",
                "IDENTITIES",
                "common",
                "Specialized",
                "rm session"
            ])
            .prop_map(FValue::from),
            text().prop_map(FValue::String),
        ]
        .boxed()
    };
    let condition = prop_oneof![
        condition_on("createdBy.displayName", STRING_OPS, words()),
        condition_on("createdBy.id", STRING_OPS, words()),
        condition_on("createdDate", ORDERED_OPS, time_value().boxed()),
        condition_on("status.state", STRING_OPS, words()),
        condition_on("type", STRING_OPS, words()),
        condition_on(
            "identityCount",
            ORDERED_OPS,
            select(vec![0i64, 7, 8, 20])
                .prop_map(FValue::Integer)
                .boxed()
        ),
        condition_on("name", STRING_OPS, words()),
    ];
    condition.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::all(fs).unwrap()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|fs| Filter::any(fs).unwrap()),
            inner.prop_map(Filter::not),
        ]
    })
}
