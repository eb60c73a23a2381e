//! The operator matrix of `benches/eval.rs` (issue 16): one filter per operator, each beside
//! the closure a competent programmer would write for that one filter, over typed records and
//! over the same records as JSON. The test
//! `every_operator_of_the_matrix_matches_without_allocating_and_as_its_closure` in
//! `tests/library/alloc.rs` walks the same rows, so that what the bench times is also what the
//! tests check: the closure and the matcher select the same records, record by record and a
//! block at a time, and matching allocates nothing per record.
//!
//! Nine rows run over `RoleMiningSession` with a schema that allows each operator on the field
//! it tests (the library's endpoint allows only `eq`/`sw`). `ca` needs a string collection,
//! which sessions do not have: its row runs over [`Labelled`] records, a session with labels,
//! declared with `endpoint!` below. The JSON records are the sessions serialised, each with its
//! labels, so that every row also runs over JSON.
//!
//! The closures implement SPEC §3 the way one would by hand: ASCII text compared with the
//! standard library's ASCII case-insensitive functions, any other text through Unicode's
//! lowercase mapping (`char::to_lowercase`, `str::to_lowercase`); numbers across integers and
//! floats; date-times as instants.

#![allow(dead_code)] // each bench and test uses part of it

use sailpoint_filters::endpoints::role_mining_sessions::RoleMiningSession;
use sailpoint_filters::eval::{Matcher, compile};
use sailpoint_filters::{DateTime, FieldType, Filter, Op, Record, Schema, Syntax};
use serde_json::Value;

use crate::sessions::Rng;

// =============================================================================================
// Records
// =============================================================================================

/// A session with labels: the string collection `ca` needs.
#[derive(Clone, Debug)]
pub struct Labelled {
    pub session: RoleMiningSession,
    pub labels: Vec<String>,
}

sailpoint_filters::endpoint! {
    /// Sessions with labels, for the `ca` row.
    pub struct LabelledSessions for Labelled as "labelled-sessions";
    composites: [and, or, not];
    fields: {
        fn name("name"): string [eq, ne, co, sw] = |l| l.session.name.as_deref();
        fn labels("labels"): string_collection [ca] = |l| &l.labels;
    }
}

/// Labels in several cases, one not ASCII; most sessions have one to three.
const LABELS: [&str; 10] = [
    "finance",
    "Finance",
    "FINANCE",
    "critical",
    "Critical",
    "pii",
    "engineering",
    "HR",
    "Sécurité",
    "quarterly-review",
];

/// The same labels for the same sessions every time.
pub fn labelled(sessions: Vec<RoleMiningSession>) -> Vec<Labelled> {
    let mut rng = Rng::new(0x1AB_E115);
    sessions
        .into_iter()
        .map(|session| {
            let count = rng.below(4) as usize;
            let labels = (0..count)
                .map(|_| LABELS[rng.below(LABELS.len() as u64) as usize].to_owned())
                .collect();
            Labelled { session, labels }
        })
        .collect()
}

/// The labelled sessions as SailPoint would send them: each session's JSON with its labels.
pub fn as_json(records: &[Labelled]) -> Vec<Value> {
    records
        .iter()
        .map(|r| {
            let mut json = serde_json::to_value(&r.session).expect("sessions serialise");
            json["labels"] = Value::from(r.labels.clone());
            json
        })
        .collect()
}

/// The records a row runs over: sessions, labelled sessions, and the labelled sessions as
/// JSON.
pub struct Data<'d> {
    pub sessions: &'d [RoleMiningSession],
    pub labelled: &'d [Labelled],
    pub json: &'d [Value],
}

// =============================================================================================
// The schema and the rows
// =============================================================================================

/// Every field a row filters on, with the operator it tests.
pub fn schema() -> Schema {
    Schema::new("matrix")
        .with_field(
            "name",
            FieldType::String,
            [Op::Eq, Op::Ne, Op::Sw, Op::Co, Op::IsNull],
        )
        .with_field("createdBy.displayName", FieldType::String, [Op::In])
        .with_field("createdDate", FieldType::DateTime, [Op::Gt])
        .with_field("identityCount", FieldType::Integer, [Op::Ge])
        .with_field("labels", FieldType::StringCollection, [Op::Ca])
}

/// The matcher of `filter` for records of type `R`, checked against [`schema`].
pub fn matcher<R: Record>(filter: &str) -> Matcher<R> {
    let checked = Filter::parse(filter)
        .expect("a row's filter parses")
        .check(&schema(), Syntax::Lenient)
        .expect("a row's filter is valid for the matrix schema");
    compile::<R>(&checked).expect("a row's filter compiles")
}

/// One row: an operator, its filter, and the records it runs over.
pub struct Row<'d, R> {
    /// The operator, as the bench names the row: `eq`, `in5`, `gt-date`….
    pub op: &'static str,
    pub filter: &'static str,
    pub records: &'d [R],
    pub json: &'d [Value],
}

/// What is done with each row: the bench times it, the tests check it. `by_hand` and
/// `by_hand_json` are the closures for the row's one filter, on typed and JSON records.
pub trait Visitor {
    fn row<R, T, J>(&mut self, row: Row<'_, R>, by_hand: T, by_hand_json: J)
    where
        R: Record,
        T: Fn(&R) -> bool,
        J: Fn(&Value) -> bool;
}

pub const EQ: &str = r#"name eq "Finance roles 2024""#;
pub const NE: &str = r#"name ne "Finance roles 2024""#;
pub const SW: &str = r#"name sw "RM Session""#;
pub const CO: &str = r#"name co "backlog""#;
pub const IN: &str = r#"createdBy.displayName in ("ashley.pierce", "BRIAN.NGUYEN", "Carla.Ortiz", "dave.kim", "élodie.martin")"#;
pub const GT: &str = "createdDate gt 2024-06-01T00:00:00Z";
pub const GE: &str = "identityCount ge 2500";
pub const ISNULL: &str = "name isnull";
pub const NOT: &str = r#"not name co "session""#;
pub const CA: &str = r#"labels ca ("Finance", "critical")"#;

/// The values of [`IN`], lowercase.
const IN_VALUES: [&str; 5] = [
    "ashley.pierce",
    "brian.nguyen",
    "carla.ortiz",
    "dave.kim",
    "élodie.martin",
];
/// The values of [`CA`], lowercase.
const CA_VALUES: [&str; 2] = ["finance", "critical"];
/// The instant of [`GT`]: 2024-06-01T00:00:00Z.
const GT_SECOND: i64 = 1_717_200_000;

/// Visits every row, in the order of the README's table.
pub fn visit(data: &Data<'_>, visitor: &mut impl Visitor) {
    let sessions = |op, filter| Row {
        op,
        filter,
        records: data.sessions,
        json: data.json,
    };
    fn name(s: &RoleMiningSession) -> Option<&str> {
        s.name.as_deref()
    }
    fn json_name(v: &Value) -> Option<&str> {
        v.get("name").and_then(Value::as_str)
    }

    visitor.row(
        sessions("eq", EQ),
        |s| name(s).is_some_and(|n| eq_ci(n, "finance roles 2024")),
        |v| json_name(v).is_some_and(|n| eq_ci(n, "finance roles 2024")),
    );
    visitor.row(
        sessions("ne", NE),
        |s| !name(s).is_some_and(|n| eq_ci(n, "finance roles 2024")),
        |v| !json_name(v).is_some_and(|n| eq_ci(n, "finance roles 2024")),
    );
    visitor.row(
        sessions("sw", SW),
        |s| name(s).is_some_and(|n| starts_with_ci(n, "rm session")),
        |v| json_name(v).is_some_and(|n| starts_with_ci(n, "rm session")),
    );
    visitor.row(
        sessions("co", CO),
        |s| name(s).is_some_and(|n| contains_ci(n, "backlog")),
        |v| json_name(v).is_some_and(|n| contains_ci(n, "backlog")),
    );
    visitor.row(
        sessions("in5", IN),
        |s| {
            s.created_by
                .as_ref()
                .is_some_and(|c| eq_ci_any(&c.display_name, &IN_VALUES))
        },
        |v| {
            v.get("createdBy")
                .and_then(|c| c.get("displayName"))
                .and_then(Value::as_str)
                .is_some_and(|n| eq_ci_any(n, &IN_VALUES))
        },
    );
    let after = DateTime::from_unix(GT_SECOND, 0).expect("in range");
    let after_json = jiff::Timestamp::from_second(GT_SECOND).expect("in range");
    visitor.row(
        sessions("gt-date", GT),
        |s| s.created_date > after,
        |v| {
            v.get("createdDate")
                .and_then(Value::as_str)
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .is_some_and(|t| t > after_json)
        },
    );
    visitor.row(
        sessions("ge-int", GE),
        |s| s.identity_count >= 2500,
        |v| v.get("identityCount").is_some_and(|n| number_ge(n, 2500)),
    );
    visitor.row(
        sessions("isnull", ISNULL),
        |s| s.name.is_none(),
        |v| v.get("name").is_none_or(Value::is_null),
    );
    visitor.row(
        sessions("not-co", NOT),
        |s| !name(s).is_some_and(|n| contains_ci(n, "session")),
        |v| !json_name(v).is_some_and(|n| contains_ci(n, "session")),
    );
    visitor.row(
        Row {
            op: "ca",
            filter: CA,
            records: data.labelled,
            json: data.json,
        },
        |l: &Labelled| {
            CA_VALUES
                .iter()
                .all(|want| l.labels.iter().any(|label| eq_ci(label, want)))
        },
        |v| {
            v.get("labels")
                .and_then(Value::as_array)
                .is_some_and(|labels| {
                    CA_VALUES.iter().all(|want| {
                        labels
                            .iter()
                            .any(|label| label.as_str().is_some_and(|l| eq_ci(l, want)))
                    })
                })
        },
    );
}

// =============================================================================================
// By hand: SPEC §3's case-insensitive comparisons as one would write them for one filter
// =============================================================================================

/// `text` equals `lower` (lowercase) after Unicode lowercase mapping.
#[inline]
fn eq_ci(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(lower)
    } else {
        text.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

/// `text` equals one of `lowers` after Unicode lowercase mapping; the text is looked at once
/// for non-ASCII.
#[inline]
fn eq_ci_any(text: &str, lowers: &[&str]) -> bool {
    if text.is_ascii() {
        lowers.iter().any(|lower| text.eq_ignore_ascii_case(lower))
    } else {
        lowers
            .iter()
            .any(|lower| text.chars().flat_map(char::to_lowercase).eq(lower.chars()))
    }
}

/// `text` starts with `lower` after Unicode lowercase mapping.
#[inline]
fn starts_with_ci(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.len() >= lower.len()
            && text.as_bytes()[..lower.len()].eq_ignore_ascii_case(lower.as_bytes())
    } else {
        let mut folded = text.chars().flat_map(char::to_lowercase);
        lower.chars().all(|c| folded.next() == Some(c))
    }
}

/// `text` contains `lower` (not empty) after Unicode lowercase mapping.
#[inline]
fn contains_ci(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.as_bytes()
            .windows(lower.len())
            .any(|window| window.eq_ignore_ascii_case(lower.as_bytes()))
    } else {
        text.to_lowercase().contains(lower)
    }
}

/// A JSON number at least `min`, integers compared exactly, floats as floats.
#[inline]
fn number_ge(value: &Value, min: i64) -> bool {
    match value.as_i64() {
        Some(n) => n >= min,
        None => value.as_f64().is_some_and(|x| x >= min as f64),
    }
}
