//! Proptest strategies (feature `proptest`): filters, filter text, sorters, queries and role
//! mining sessions, for property tests of your own SailPoint clients, servers and fakes.
//!
//! | strategy | generates |
//! | --- | --- |
//! | [`filters`]`(&schema)` | filters that validate against the schema: its fields, the operators each allows and its type supports, values of the field's type, only its composite operators |
//! | [`filter_text`]`(&schema)` | the text of such filters, spelled the many ways the lenient syntax reads: extra spaces, tabs and newlines, redundant parentheses, `(a)and (b)`, single quotes, bare words, quoted booleans and date-times, offsets |
//! | [`any_filter`]`()` | any tree, valid for an endpoint or not |
//! | [`sorters`]`(&schema)` | sorters that validate against the schema |
//! | [`collection_query`]`(&schema)` | the five parameters together: filter (or none), sorters, paging |
//! | [`role_mining_session`]`()` | [`RoleMiningSession`] records with realistic values |
//!
//! Every strategy that takes a [`Schema`] covers every field, every operator and every
//! composite the schema allows, with every value type; values come from small shared pools
//! (names with common prefixes such as `RM Session`, case variants, a few creators, equal
//! dates), so that generated filters match a useful share of generated records rather than
//! none or all.
//!
//! # Testing your own server or client
//!
//! Say you wrote a server for `GET /role-mining-sessions` (or a fake of it) and want to know
//! that it accepts every filter SailPoint documents, however a client spells it, and that it
//! answers with the right sessions. Generate the filters, the records and the queries, and
//! compare your server with this crate:
//!
//! ```
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, TestRunner};
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::CollectionQuery;
//! use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
//! use sailpoint_filters::testing::strategy;
//! use sailpoint_filters::Syntax;
//!
//! // Your server's handler: the ids of the page it answers for a query string.
//! fn my_server(sessions: &[RoleMiningSession], query: &str) -> Result<Vec<String>, String> {
//!     # let schema = RoleMiningSessions::schema();
//!     # let query = CollectionQuery::from_query_string_for(query, schema, &Default::default())
//!     #     .map_err(|e| e.to_string())?;
//!     # let page = query.run(sessions).map_err(|e| e.to_string())?;
//!     # Ok(page.items.iter().map(|s| s.id.clone()).collect())
//!     // …
//! }
//!
//! let schema = RoleMiningSessions::schema();
//! let mut runner = TestRunner::new(Config { cases: 32, ..Config::default() });
//!
//! // 1. Every valid filter, in any spelling, is accepted.
//! runner.run(&strategy::filter_text(schema), |text| {
//!     let query = format!("filters={}", form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>());
//!     prop_assert!(my_server(&[], &query).is_ok(), "refused {:?}", text);
//!     Ok(())
//! }).unwrap();
//!
//! // 2. Every query answers the page the reference implementation answers.
//! let cases = (strategy::role_mining_sessions(0..30), strategy::collection_query(schema));
//! runner.run(&cases, |(sessions, query)| {
//!     let checked = query.check(schema, Syntax::Lenient).unwrap();
//!     let expected: Vec<String> = checked.run(&sessions).unwrap().items.iter().map(|s| s.id.clone()).collect();
//!     prop_assert_eq!(my_server(&sessions, &query.to_query_string()), Ok(expected));
//!     Ok(())
//! }).unwrap();
//! ```
//!
//! With proptest's macro, in your own tests:
//!
//! ```no_run
//! use proptest::prelude::*;
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
//! use sailpoint_filters::testing::strategy;
//!
//! # fn my_client_request(_: &sailpoint_filters::Filter) -> String { String::new() }
//! proptest! {
//!     #[test]
//!     fn my_client_sends_filters_sailpoint_reads(filter in strategy::filters(RoleMiningSessions::schema())) {
//!         let sent = my_client_request(&filter);
//!         prop_assert_eq!(sent, filter.to_string());
//!     }
//! }
//! ```

use proptest::prelude::*;
use proptest::sample::select;

use crate::filter::{CmpOp, FieldPath, Filter, ListOp, Op, Value};
use crate::schema::{Composite, FieldSpec, FieldType, Schema};
use crate::value::DateTime;

mod queries;
mod records;
mod spelling;

pub use queries::{collection_query, paging, sorters};
pub use records::{role_mining_session, role_mining_sessions};
pub use spelling::{filter_text, spelled_filter};

#[cfg(doc)]
use crate::endpoints::role_mining_sessions::RoleMiningSession;

// =============================================================================================
// Shared pools
// =============================================================================================

/// How session names start: shared prefixes in several cases, and names of other kinds,
/// among them the characters whose lowercase mapping needs care: `ß` (not `ss`), the Kelvin
/// sign (lowercase `k`), `İ` (lowercase `i` and a combining dot).
const NAME_PREFIXES: &[&str] = &[
    "RM Session",
    "RM Session",
    "RM Session",
    "RM Session",
    "Saved RM Session",
    "rm session",
    "RM SESSION",
    "Sitzung Müller",
    "Contractors cleanup",
    "Évaluation des rôles",
    "Straße Nord",
    "\u{212A}elvin labs",
    "İstanbul office",
];

/// How session names end.
const NAME_SUFFIXES: &[&str] = &["", " - Sales", " - Finance", " - 07/10", " - Legal", " 2"];

/// Texts filters compare with that sessions' names start with or equal (ignoring case).
const SESSION_TEXTS: &[&str] = &[
    "RM Session",
    "rm session",
    "RM",
    "RM Session - Sales",
    "rm session - finance",
    "RM SESSION - Legal",
    "Saved RM Session - 07/10",
    "Saved",
    "Sitzung Müller",
    "SITZUNG MÜLLER",
    "Contractors cleanup",
    "évaluation",
    "STRASSE NORD",
    "straße",
    "kelvin labs",
    "\u{212A}ELVIN",
    "istanbul office",
    "i\u{307}stanbul",
    "İSTANBUL",
];

/// Other texts sessions hold: their creators' names and ids (an id is also an email
/// recipient's) and the names of states, in some case.
const SESSION_VALUES: &[&str] = &[
    "Ashley.Pierce",
    "jordan.lee",
    "ÉMILIE.DURAND",
    "2c918090761a5aac0176215c46a62d58",
    "2c9180867624cbd7017642d8c8c81f67",
    "CREATED",
    "potential_roles_created",
    "IDENTITIES_OBTAINED",
];

/// Texts that need care: empty, quotes, backslashes, keywords, parentheses, digits,
/// non-ASCII.
const TRICKY_TEXTS: &[&str] = &[
    "", "a\"b", "c:\\path", "it's", "and", "null", "(x)", "PENDING", "12345", "ΟΔΟΣ",
];

/// The creators of generated sessions: a few, one of them in two cases.
const CREATORS: &[(&str, &str)] = &[
    ("2c918090761a5aac0176215c46a62d58", "Ashley.Pierce"),
    ("2c9180867624cbd7017642d8c8c81f67", "Jordan.Lee"),
    ("2c9180867624cbd7017642d8c8c81f67", "jordan.lee"),
    ("2c91808a7813090a017814121e121518", "Émilie.Durand"),
];

/// The first instant of generated sessions (2024-07-01T00:00:00Z); others are a few hours or
/// days later, so that many are equal.
const FIRST_SECOND: i64 = 1_719_792_000;

/// UTC offsets, in minutes, at which date-time text is spelled: UTC (`+00:00`), whole and
/// half hours, and the largest SPEC §8 allows.
const OFFSET_MINUTES: &[i32] = &[0, 60, -300, 330, 23 * 60 + 59, -(23 * 60 + 59)];

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "pr", "isnull", "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca",
];

// =============================================================================================
// Building blocks
// =============================================================================================

/// Text for string values: mostly from a pool shared with [`role_mining_session`] (prefixes,
/// case variants, creators, ids and states, characters that need escaping), sometimes any
/// string.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let text = sailpoint_filters::testing::strategy::text().new_tree(&mut runner).unwrap().current();
/// # let _: String = text;
/// ```
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        12 => select(SESSION_TEXTS).prop_map(String::from),
        3 => select(SESSION_VALUES).prop_map(String::from),
        4 => select(TRICKY_TEXTS).prop_map(String::from),
        1 => r#"[a-zA-Z0-9 "'\\(),.\t\n_-]{0,12}"#,
        1 => any::<String>(),
    ]
    .boxed()
}

/// Integers: mostly small, sometimes at the ends of the 64-bit range.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let n: i64 = sailpoint_filters::testing::strategy::integer().new_tree(&mut runner).unwrap().current();
/// # let _ = n;
/// ```
pub fn integer() -> BoxedStrategy<i64> {
    prop_oneof![
        4 => -3i64..30,
        1 => select(vec![i64::MIN, i64::MAX, 0, -1, 9_007_199_254_740_993]),
        1 => any::<i64>(),
    ]
    .boxed()
}

/// Finite floats: simple fractions, and now and then extreme ones.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let x = sailpoint_filters::testing::strategy::float().new_tree(&mut runner).unwrap().current();
/// assert!(x.is_finite());
/// ```
pub fn float() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => (-80i32..80).prop_map(|n| f64::from(n) / 4.0),
        1 => select(vec![0.0, -0.0, 1e21, 1e-7, f64::MAX, f64::MIN_POSITIVE, 9.3e18]),
        1 => any::<f64>().prop_filter("finite", |x| x.is_finite()),
    ]
    .boxed()
}

/// Instants: mostly the few days [`role_mining_session`] uses, sometimes any instant of the
/// whole range (years 0000 to 9999, SPEC §8), with or without fractions of a second, and the
/// ends of the range.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let t = sailpoint_filters::testing::strategy::instant().new_tree(&mut runner).unwrap().current();
/// assert!(t.is_in_range());
/// ```
pub fn instant() -> BoxedStrategy<DateTime> {
    let (first, last) = (DateTime::MIN.as_second(), DateTime::MAX.as_second());
    prop_oneof![
        8 => (0i64..6, select(vec![0i64, 0, 3_600, 43_200]))
            .prop_filter_map("in range", |(day, s)| DateTime::from_unix(FIRST_SECOND + day * 86_400 + s, 0).ok()),
        2 => (first..=last, 0u32..1_000_000_000)
            .prop_filter_map("in range", |(s, ns)| DateTime::from_unix(s, ns).ok()),
        1 => select(vec![DateTime::MIN, DateTime::MAX, DateTime::MAX.truncated_to_second()]),
    ]
    .boxed()
}

/// A dotted field path of one to three names (later ones may be keywords: `a.in`).
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let path = sailpoint_filters::testing::strategy::field_path().new_tree(&mut runner).unwrap().current();
/// assert!(sailpoint_filters::FieldPath::new(path.to_string()).is_ok());
/// ```
pub fn field_path() -> BoxedStrategy<FieldPath> {
    let ident = prop_oneof![
        4 => "[A-Za-z_][A-Za-z0-9_]{0,8}",
        1 => select(KEYWORDS).prop_map(|k| format!("{k}x")),
        1 => select(KEYWORDS).prop_map(|k| format!("_{k}")),
    ];
    let later = prop_oneof![3 => ident.clone(), 1 => select(KEYWORDS).prop_map(String::from)];
    (ident, prop::collection::vec(later, 0..3))
        .prop_filter_map("a path may not start with a keyword", |(first, rest)| {
            let path = std::iter::once(first)
                .chain(rest)
                .collect::<Vec<_>>()
                .join(".");
            FieldPath::new(path).ok()
        })
        .boxed()
}

/// Any value: a string, integer, float, boolean or date-time.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let v = sailpoint_filters::testing::strategy::value().new_tree(&mut runner).unwrap().current();
/// # let _: sailpoint_filters::Value = v;
/// ```
pub fn value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => text().prop_map(Value::String),
        2 => integer().prop_map(Value::Integer),
        2 => float().prop_filter_map("finite", Value::float),
        1 => any::<bool>().prop_map(Value::Boolean),
        2 => instant().prop_map(Value::DateTime),
    ]
    .boxed()
}

// =============================================================================================
// Filters
// =============================================================================================

/// Any normalised filter tree, valid for an endpoint or not: conditions on any field with any
/// operator and value, under `and`, `or` and `not`, up to six levels deep.
///
/// Its canonical text parses back to the same tree:
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::{Filter, Limits, ParseOptions};
///
/// let options = ParseOptions { limits: Limits::default().with_max_length(usize::MAX), ..Default::default() };
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::any_filter(), |filter| {
///     assert_eq!(Filter::parse_with(&filter.to_string(), &options).unwrap(), filter);
///     Ok(())
/// }).unwrap();
/// ```
pub fn any_filter() -> BoxedStrategy<Filter> {
    let condition = prop_oneof![
        4 => (field_path(), cmp_op(), value()).prop_map(|(f, op, v)| Filter::compare(f, op, v)),
        2 => (field_path(), select(vec![ListOp::In, ListOp::Ca]), prop::collection::vec(value(), 1..5))
            .prop_filter_map("a list is never empty", |(f, op, vs)| Filter::list(f, op, vs)),
        1 => field_path().prop_map(Filter::present),
        1 => field_path().prop_map(Filter::is_null),
    ];
    tree(condition.boxed(), [true; 3])
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    select(CmpOp::ALL.to_vec())
}

/// Conditions under the allowed composites (`[and, or, not]`), up to six levels deep.
fn tree(condition: BoxedStrategy<Filter>, [and, or, not]: [bool; 3]) -> BoxedStrategy<Filter> {
    if !(and || or || not) {
        return condition;
    }
    condition
        .prop_recursive(5, 32, 4, move |inner| {
            let mut options: Vec<(u32, BoxedStrategy<Filter>)> = Vec::new();
            if and {
                let all = prop::collection::vec(inner.clone(), 2..4)
                    .prop_filter_map("two or more", Filter::all);
                options.push((2, all.boxed()));
            }
            if or {
                let any = prop::collection::vec(inner.clone(), 2..4)
                    .prop_filter_map("two or more", Filter::any);
                options.push((2, any.boxed()));
            }
            if not {
                options.push((1, inner.prop_map(Filter::not).boxed()));
            }
            proptest::strategy::Union::new_weighted(options)
        })
        .boxed()
}

/// Filters that validate against `schema`, in the strict and the lenient syntax alike.
///
/// Conditions are on the schema's fields, with each operator the field allows, and values of
/// the field's type — booleans and date-times sometimes quoted (`saved eq "true"`),
/// as SailPoint reads them. They are joined only with the composite operators the schema
/// allows, up to six levels deep.
///
/// # Panics
///
/// When the schema has no field with an operator: there is no such filter.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::{FieldType, Op, Schema, Syntax};
///
/// let schema = Schema::new("widgets")
///     .with_field("enabled", FieldType::Boolean, [Op::Eq])
///     .with_field("created", FieldType::DateTime, [Op::Gt, Op::Lt, Op::IsNull])
///     .with_composites([sailpoint_filters::Composite::And]);
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::filters(&schema), |filter| {
///     assert!(filter.check(&schema, Syntax::Strict).is_ok(), "{filter}");
///     assert!(!filter.to_string().contains(" or "));
///     Ok(())
/// }).unwrap();
/// ```
pub fn filters(schema: &Schema) -> BoxedStrategy<Filter> {
    let conditions: Vec<BoxedStrategy<Filter>> = schema
        .fields()
        .iter()
        .flat_map(|spec| spec.operators().iter().map(|op| condition_for(spec, op)))
        .collect();
    assert!(
        !conditions.is_empty(),
        "{} has no field with an operator, so no filter is valid for it",
        schema.endpoint()
    );
    let composites =
        [Composite::And, Composite::Or, Composite::Not].map(|c| schema.composites().contains(c));
    tree(
        proptest::strategy::Union::new(conditions).boxed(),
        composites,
    )
}

/// Conditions on `spec` with `op`.
fn condition_for(spec: &FieldSpec, op: Op) -> BoxedStrategy<Filter> {
    let field = spec.path().clone();
    let values = value_for(spec.field_type(), op);
    match (CmpOp::try_from(op), ListOp::try_from(op)) {
        (Ok(cmp), _) => values
            .prop_map(move |v| Filter::compare(field.clone(), cmp, v))
            .boxed(),
        (_, Ok(list)) => prop::collection::vec(values, 1..4)
            .prop_filter_map("a list is never empty", move |vs| {
                Filter::list(field.clone(), list, vs)
            })
            .boxed(),
        _ if op == Op::Pr => Just(Filter::present(field)).boxed(),
        _ => Just(Filter::is_null(field)).boxed(),
    }
}

/// Values a field of `field_type` takes with `op`, valid in either syntax.
fn value_for(field_type: FieldType, op: Op) -> BoxedStrategy<Value> {
    match field_type {
        FieldType::String | FieldType::StringCollection => text().prop_map(Value::String).boxed(),
        FieldType::Any if matches!(op, Op::Co | Op::Sw) => text().prop_map(Value::String).boxed(),
        FieldType::Any => value(),
        FieldType::Boolean => prop_oneof![
            3 => any::<bool>().prop_map(Value::Boolean),
            1 => any::<bool>().prop_map(|b| Value::String(b.to_string())),
        ]
        .boxed(),
        FieldType::Integer => integer().prop_map(Value::Integer).boxed(),
        FieldType::Number => prop_oneof![
            integer().prop_map(Value::Integer),
            float().prop_filter_map("finite", Value::float),
        ]
        .boxed(),
        FieldType::DateTime => prop_oneof![
            3 => instant().prop_map(Value::DateTime),
            1 => (instant(), select(OFFSET_MINUTES)).prop_map(|(t, minutes)| {
                // Quoted, in UTC or at an offset (in UTC when the local time would leave
                // years 0000–9999).
                Value::String(t.local_text(minutes * 60).unwrap_or_else(|| t.to_string()))
            }),
        ]
        .boxed(),
    }
}
