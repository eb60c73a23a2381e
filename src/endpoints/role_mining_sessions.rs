//! `GET /role-mining-sessions`: the role mining sessions of SailPoint's IAI Role Mining API.
//!
//! The record SailPoint returns for each session is [`RoleMiningSession`]; it reads and writes
//! SailPoint's JSON.

use serde::{Deserialize, Serialize};

use crate::value::DateTime;

/// The built-in sample: 72 role mining sessions, the default data of `spfilter query` and
/// `spfilter serve`.
const SAMPLE: &str = include_str!("../../data/role_mining_sessions.json");

/// The 72 role mining sessions bundled with the crate (`data/role_mining_sessions.json`): a
/// few creators, saved and unsaved, most named "RM Session …" in varied case. The data of the
/// README's examples and of `spfilter`'s defaults.
///
/// ```
/// use sailpoint_filters::role_mining_sessions::{self, name, saved};
/// use sailpoint_filters::eval::compile;
///
/// let sessions = role_mining_sessions::sample();
/// assert_eq!(sessions.len(), 72);
/// let matcher = compile(&saved().eq(true).and(name().sw("RM Session")).checked()?)?;
/// assert!(matcher.filter(&sessions).count() > 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sample() -> Vec<RoleMiningSession> {
    // The file is part of the crate and read by this function's test; an unreadable sample
    // would be empty rather than a panic.
    serde_json::from_str(SAMPLE).unwrap_or_default()
}

// =============================================================================================
// The record
// =============================================================================================

/// One role mining session, as `GET /beta/role-mining-sessions` returns it.
///
/// JSON field names are camelCase. Fields SailPoint documents as nullable are `Option`s: they
/// read `null` or a missing key as `None` and write `None` as `null`. The others are required.
/// `id`, `createdDate` and `modifiedDate` are required although the example on SailPoint's
/// reference page leaves them out: SailPoint's SDKs declare all three non-nullable, and
/// sorting by `createdDate` needs every session to have one.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, SessionState, SessionType};
///
/// let session: RoleMiningSession = serde_json::from_str(r#"{
///     "id": "602ba738cf48498fb4ba1d7b3d6a7ad4",
///     "name": "Saved RM Session - 07/10",
///     "saved": true,
///     "scope": {"identityIds": [], "criteria": "source.name:DataScienceDataset", "attributeFilterCriteria": null},
///     "minNumIdentitiesInPotentialRole": 20,
///     "scopingMethod": null,
///     "prescribedPruneThreshold": 10,
///     "pruneThreshold": 5,
///     "potentialRoleCount": 0,
///     "potentialRolesReadyCount": 0,
///     "status": "CREATED",
///     "type": "SPECIALIZED",
///     "emailRecipientId": null,
///     "createdBy": {"id": "2c918090761a5aac0176215c46a62d58", "displayName": "Ashley.Pierce"},
///     "identityCount": 0,
///     "dataFilePath": null,
///     "createdDate": "2024-07-10T15:04:05.123Z",
///     "modifiedDate": "2024-07-10T15:09:41Z"
/// }"#)?;
/// assert_eq!(session.status.state, SessionState::Created);
/// assert_eq!(session.session_type, SessionType::Specialized);
/// assert_eq!(session.created_by.as_ref().map(|c| c.display_name.as_str()), Some("Ashley.Pierce"));
///
/// // The status is always written as an object.
/// let json = serde_json::to_value(&session)?;
/// assert_eq!(json["status"], serde_json::json!({"state": "CREATED"}));
/// assert_eq!(json["createdDate"], "2024-07-10T15:04:05.123Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleMiningSession {
    /// The session's id: 32 lowercase hex digits.
    pub id: String,
    /// The name the session was saved under; `None` for a session never named.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the session has been saved.
    pub saved: bool,
    /// The identities the session mines.
    pub scope: SessionScope,
    /// The fewest identities a potential role must have.
    #[serde(default)]
    pub min_num_identities_in_potential_role: Option<i32>,
    /// How the scope was chosen (`AUTO_RM`, `MANUAL`, …), as SailPoint writes it.
    #[serde(default)]
    pub scoping_method: Option<String>,
    /// The prune threshold SailPoint computed for the session.
    #[serde(default)]
    pub prescribed_prune_threshold: Option<i32>,
    /// The prune threshold to use; `None` to use the prescribed one.
    #[serde(default)]
    pub prune_threshold: Option<i32>,
    /// How many potential roles the session found.
    pub potential_role_count: i32,
    /// How many of those have finished processing.
    pub potential_roles_ready_count: i32,
    /// Where the session is in its processing; read from `"CREATED"` or `{"state": "CREATED"}`,
    /// written as the object.
    pub status: SessionStatus,
    /// What kind of roles the session mines (JSON `type`).
    #[serde(rename = "type")]
    pub session_type: SessionType,
    /// The id of the identity emailed about the session.
    #[serde(default)]
    pub email_recipient_id: Option<String>,
    /// Who created the session; `None` when SailPoint does not say.
    #[serde(default)]
    pub created_by: Option<CreatedBy>,
    /// How many identities the scope selects.
    pub identity_count: i32,
    /// Where the session's data file is stored.
    #[serde(default)]
    pub data_file_path: Option<String>,
    /// When the session was created.
    pub created_date: DateTime,
    /// When the session was last modified (SailPoint: "completed").
    pub modified_date: DateTime,
}

/// The identities a session mines: a list of ids, a search query, or attribute criteria.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::SessionScope;
/// let scope: SessionScope = serde_json::from_str(r#"{"identityIds": ["a"], "criteria": null}"#)?;
/// assert_eq!(scope.identity_ids, ["a"]);
/// assert!(scope.attribute_filter_criteria.is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionScope {
    /// The identities chosen by id (empty when the scope is a search). A missing list reads as
    /// empty.
    #[serde(default)]
    pub identity_ids: Vec<String>,
    /// The search query that selects the identities: `source.name:DataScienceDataset`.
    #[serde(default)]
    pub criteria: Option<String>,
    /// Attribute criteria, kept as JSON: SailPoint's schema calls it an array of objects, but
    /// its example is a single object.
    #[serde(default)]
    pub attribute_filter_criteria: Option<serde_json::Value>,
}

/// A session's processing status: `{"state": "CREATED"}`.
///
/// Reads either that object or a bare state string (SailPoint's own example writes
/// `"status": "CREATED"`); always writes the object.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::{SessionState, SessionStatus};
/// let bare: SessionStatus = serde_json::from_str(r#""UPDATED""#)?;
/// let object: SessionStatus = serde_json::from_str(r#"{"state": "UPDATED"}"#)?;
/// assert_eq!(bare, object);
/// assert_eq!(serde_json::to_string(&bare)?, r#"{"state":"UPDATED"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SessionStatus {
    /// The state.
    pub state: SessionState,
}

impl From<SessionState> for SessionStatus {
    fn from(state: SessionState) -> SessionStatus {
        SessionStatus { state }
    }
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SessionStatus, D::Error> {
        use serde::de::{self, IntoDeserializer as _};

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            state: SessionState,
        }

        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = SessionStatus;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a session state such as "CREATED", or {"state": "CREATED"}"#)
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<SessionStatus, E> {
                SessionState::deserialize(value.into_deserializer()).map(SessionStatus::from)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<SessionStatus, A::Error> {
                let object = Object::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(SessionStatus::from(object.state))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// Where a session is in its processing.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::SessionState;
/// assert_eq!(SessionState::PotentialRolesCreated.as_str(), "POTENTIAL_ROLES_CREATED");
/// assert_eq!(serde_json::to_string(&SessionState::IdentitiesObtained)?, r#""IDENTITIES_OBTAINED""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionState {
    /// Just created.
    Created,
    /// Its parameters were changed.
    Updated,
    /// The identities in scope are known.
    IdentitiesObtained,
    /// The prune threshold is known.
    PruneThresholdObtained,
    /// Potential roles are being computed.
    PotentialRolesProcessing,
    /// Potential roles are ready.
    PotentialRolesCreated,
}

impl SessionState {
    /// Every state, in processing order.
    pub const ALL: [SessionState; 6] = [
        SessionState::Created,
        SessionState::Updated,
        SessionState::IdentitiesObtained,
        SessionState::PruneThresholdObtained,
        SessionState::PotentialRolesProcessing,
        SessionState::PotentialRolesCreated,
    ];

    /// The state as SailPoint writes it.
    ///
    /// ```
    /// use sailpoint_filters::endpoints::role_mining_sessions::SessionState;
    /// assert_eq!(SessionState::Created.as_str(), "CREATED");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            SessionState::Created => "CREATED",
            SessionState::Updated => "UPDATED",
            SessionState::IdentitiesObtained => "IDENTITIES_OBTAINED",
            SessionState::PruneThresholdObtained => "PRUNE_THRESHOLD_OBTAINED",
            SessionState::PotentialRolesProcessing => "POTENTIAL_ROLES_PROCESSING",
            SessionState::PotentialRolesCreated => "POTENTIAL_ROLES_CREATED",
        }
    }
}

impl std::fmt::Display for SessionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of roles a session mines.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::SessionType;
/// assert_eq!(serde_json::from_str::<SessionType>(r#""COMMON""#)?, SessionType::Common);
/// assert_eq!(SessionType::Specialized.as_str(), "SPECIALIZED");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionType {
    /// Roles specific to a part of the organisation.
    Specialized,
    /// Roles common across the organisation.
    Common,
}

impl SessionType {
    /// The type as SailPoint writes it.
    ///
    /// ```
    /// use sailpoint_filters::endpoints::role_mining_sessions::SessionType;
    /// assert_eq!(SessionType::Common.as_str(), "COMMON");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            SessionType::Specialized => "SPECIALIZED",
            SessionType::Common => "COMMON",
        }
    }
}

impl std::fmt::Display for SessionType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who created a session.
///
/// ```
/// use sailpoint_filters::endpoints::role_mining_sessions::CreatedBy;
/// let by: CreatedBy = serde_json::from_str(r#"{"id": "2c91", "displayName": "Ashley.Pierce"}"#)?;
/// assert_eq!(by.display_name, "Ashley.Pierce");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedBy {
    /// The creator's identity id.
    pub id: String,
    /// The creator's display name: `Ashley.Pierce`.
    pub display_name: String,
}

// =============================================================================================
// End of the record
// =============================================================================================

// =============================================================================================
// The endpoint
// =============================================================================================

crate::endpoint! {
    /// `GET /role-mining-sessions` — `GET /beta/role-mining-sessions`, versioned as
    /// `GET /role-mining-sessions/v1`.
    ///
    /// Filters: `saved` (boolean: `eq`), `name` (string: `eq`, `sw`); composite operators
    /// `and`, `or`, `not`. Sorters: `createdBy` (by the creator's display name, then id) and
    /// `createdDate`.
    ///
    /// ```
    /// use sailpoint_filters::builder::Endpoint;
    /// use sailpoint_filters::role_mining_sessions::{RoleMiningSessions, name, saved};
    ///
    /// let schema = RoleMiningSessions::schema();
    /// assert_eq!(schema.field("name").unwrap().operators().to_string(), "eq, sw");
    /// assert_eq!(schema.sortable().len(), 2);
    /// let filter = saved().eq(true).and(name().sw("RM Session"));
    /// assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
    /// ```
    pub struct RoleMiningSessions for RoleMiningSession as "role-mining-sessions";
    composites: [and, or, not];
    fields: {
        /// Whether the session is saved: `saved eq true` (also `saved eq "true"`).
        fn saved("saved"): boolean [eq] = |s| s.saved;
        /// The session's name: `name eq "…"`, `name sw "RM Session"`.
        fn name("name"): string [eq, sw] = |s| s.name.as_deref();
        /// The creator: sortable, by display name, then id.
        fn created_by("createdBy"): string [] sort ["createdBy.displayName", "createdBy.id"] =
            |s| s.created_by.as_ref().map(|c| c.display_name.as_str());
        /// When the session was created: sortable.
        fn created_date("createdDate"): date_time [] sort [] = |s| s.created_date;
        /// The session id (readable, not filterable on this endpoint).
        fn id("id"): string [] = |s| s.id.as_str();
        /// The creator's id (readable).
        fn created_by_id("createdBy.id"): string [] = |s| s.created_by.as_ref().map(|c| c.id.as_str());
        /// The creator's display name (readable).
        fn created_by_display_name("createdBy.displayName"): string [] =
            |s| s.created_by.as_ref().map(|c| c.display_name.as_str());
        /// When the session was last modified (readable).
        fn modified_date("modifiedDate"): date_time [] = |s| s.modified_date;
        /// `SPECIALIZED` or `COMMON` (readable).
        fn session_type("type"): string [] = |s| s.session_type.as_str();
        /// The session's state, `CREATED` … `POTENTIAL_ROLES_CREATED` (readable).
        fn state("status.state"): string [] = |s| s.status.state.as_str();
        /// Identities in scope (readable).
        fn identity_count("identityCount"): integer [] = |s| s.identity_count;
        /// Potential roles found (readable).
        fn potential_role_count("potentialRoleCount"): integer [] = |s| s.potential_role_count;
        /// The session's e-mail recipient (readable).
        fn email_recipient_id("emailRecipientId"): string [] = |s| s.email_recipient_id.as_deref();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_reads_whole() {
        let sessions: Vec<super::RoleMiningSession> =
            serde_json::from_str(super::SAMPLE).expect("the bundled sample is valid");
        assert_eq!(sessions.len(), 72);
        assert_eq!(super::sample(), sessions);
    }
}
