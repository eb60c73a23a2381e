//! Role mining sessions with realistic values.

use std::ops::Range;

use proptest::prelude::*;
use proptest::sample::select;

use crate::endpoints::role_mining_sessions::{
    CreatedBy, RoleMiningSession, SessionScope, SessionState, SessionStatus, SessionType,
};
use crate::value::DateTime;

use super::{CREATORS, NAME_PREFIXES, NAME_SUFFIXES, instant};

// =============================================================================================
// Role mining sessions
// =============================================================================================

/// A role mining session with realistic values: names sharing prefixes (`RM Session - Sales`,
/// `rm session`, `Saved RM Session - 07/10`, `Straße Nord`…) or missing, saved or not, a few
/// creators (one spelled in two cases) or none, an email recipient (one of the creators' ids)
/// or none, identity counts mostly small, creation dates on a few days so that many are
/// equal, and every state and type.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let session = sailpoint_filters::testing::strategy::role_mining_session().new_tree(&mut runner).unwrap().current();
/// assert_eq!(session.id.len(), 32);
/// assert!(session.modified_date >= session.created_date);
/// ```
pub fn role_mining_session() -> BoxedStrategy<RoleMiningSession> {
    let name = prop_oneof![
        1 => Just(None),
        8 => (select(NAME_PREFIXES), select(NAME_SUFFIXES)).prop_map(|(p, s)| Some(format!("{p}{s}"))),
    ];
    let creator = prop_oneof![
        1 => Just(None),
        6 => select(CREATORS).prop_map(|(id, name)| Some(CreatedBy {
            id: id.to_owned(),
            display_name: name.to_owned(),
        })),
    ];
    let scope = (
        prop::collection::vec("[0-9a-f]{32}", 0..3),
        prop::option::of(select(vec![
            "source.name:DataScienceDataset",
            "department:Finance",
        ])),
    )
        .prop_map(|(identity_ids, criteria)| SessionScope {
            identity_ids,
            criteria: criteria.map(String::from),
            attribute_filter_criteria: None,
        });
    let counts = (
        prop::option::of(select(vec![5, 10, 20])),
        prop::option::of(0..20),
        prop::option::of(0..20),
        0..12,
        prop_oneof![3 => 0..30, 1 => 0..400],
    );
    let recipient = prop_oneof![
        1 => Just(None),
        2 => select(CREATORS).prop_map(|(id, _)| Some(id.to_owned())),
    ];
    (
        "[0-9a-f]{32}",
        name,
        any::<bool>(),
        scope,
        counts,
        (select(SessionState::ALL.to_vec()), any::<bool>()),
        creator,
        (instant(), select(vec![0i64, 0, 60, 3_600, 86_400])),
        prop::option::of(select(vec!["AUTO_RM", "MANUAL"])),
        recipient,
    )
        .prop_map(
            |(
                id,
                name,
                saved,
                scope,
                counts,
                (state, common),
                created_by,
                times,
                method,
                recipient,
            )| {
                let (min_identities, prescribed, prune, roles, identities) = counts;
                let (created, later) = times;
                let modified = DateTime::from_unix(created.as_second().saturating_add(later), 0)
                    .unwrap_or(created);
                RoleMiningSession {
                    id,
                    name,
                    saved,
                    scope,
                    min_num_identities_in_potential_role: min_identities,
                    scoping_method: method.map(String::from),
                    prescribed_prune_threshold: prescribed,
                    prune_threshold: prune,
                    potential_role_count: roles,
                    potential_roles_ready_count: roles / 2,
                    status: SessionStatus::from(state),
                    session_type: if common {
                        SessionType::Common
                    } else {
                        SessionType::Specialized
                    },
                    email_recipient_id: recipient,
                    created_by,
                    identity_count: identities,
                    data_file_path: None,
                    created_date: created,
                    modified_date: modified,
                }
            },
        )
        .boxed()
}

/// A list of [`role_mining_session`]s with a length in `len`.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let sessions = sailpoint_filters::testing::strategy::role_mining_sessions(5..10).new_tree(&mut runner).unwrap().current();
/// assert!((5..10).contains(&sessions.len()));
/// ```
pub fn role_mining_sessions(len: Range<usize>) -> BoxedStrategy<Vec<RoleMiningSession>> {
    prop::collection::vec(role_mining_session(), len).boxed()
}
