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
//! use sailpoint_filters::query::CollectionQuery;
//! use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
//! use sailpoint_filters::strategy;
//!
//! // Your server's handler: the ids of the page it answers for a query string.
//! fn my_server(sessions: &[RoleMiningSession], query: &str) -> Result<Vec<String>, String> {
//!     # let schema = RoleMiningSessions::schema();
//!     # let query = CollectionQuery::from_query_string_for(query, schema, &Default::default())
//!     #     .map_err(|e| e.to_string())?;
//!     # let page = query.run(sessions, schema).map_err(|e| e.to_string())?;
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
//!     let expected: Vec<String> = query.run(&sessions, schema).unwrap().items.iter().map(|s| s.id.clone()).collect();
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
//! use sailpoint_filters::strategy;
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

use std::ops::Range;

use proptest::prelude::*;
use proptest::sample::select;

use crate::ast::{CmpOp, Condition, FieldPath, Filter, FilterKind, ListOp, Op, Value};
use crate::endpoints::role_mining_sessions::{
    CreatedBy, RoleMiningSession, SessionScope, SessionState, SessionStatus, SessionType,
};
use crate::page::Paging;
use crate::query::CollectionQuery;
use crate::schema::{Composite, FieldSpec, FieldType, Schema};
use crate::sort::{SortKey, Sorters};

// =============================================================================================
// Shared pools
// =============================================================================================

/// How session names start: shared prefixes in several cases, and names of other kinds.
const NAME_PREFIXES: &[&str] = &[
    "RM Session",
    "RM Session",
    "RM Session",
    "Saved RM Session",
    "rm session",
    "RM SESSION",
    "Sitzung Müller",
    "Contractors cleanup",
    "Évaluation des rôles",
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

/// The earliest and latest instants a filter can write (years 0 to 9999).
const EARLIEST_SECOND: i64 = -62_167_219_200;
const LATEST_SECOND: i64 = 253_402_207_200;

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "pr", "isnull", "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca",
];

// =============================================================================================
// Building blocks
// =============================================================================================

/// Text for string values: mostly from a pool shared with [`role_mining_session`] (prefixes,
/// case variants, characters that need escaping), sometimes any string.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let text = sailpoint_filters::strategy::text().new_tree(&mut runner).unwrap().current();
/// # let _: String = text;
/// ```
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        12 => select(SESSION_TEXTS).prop_map(String::from),
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
/// let n: i64 = sailpoint_filters::strategy::integer().new_tree(&mut runner).unwrap().current();
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
/// let x = sailpoint_filters::strategy::float().new_tree(&mut runner).unwrap().current();
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

/// Instants: mostly the few days [`role_mining_session`] uses, sometimes any instant from year 0
/// to 9999, with or without fractions of a second.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let t: jiff::Timestamp = sailpoint_filters::strategy::instant().new_tree(&mut runner).unwrap().current();
/// # let _ = t;
/// ```
pub fn instant() -> BoxedStrategy<jiff::Timestamp> {
    prop_oneof![
        4 => (0i64..6, select(vec![0i64, 0, 3_600, 43_200]))
            .prop_map(|(day, s)| FIRST_SECOND + day * 86_400 + s)
            .prop_map(|s| jiff::Timestamp::from_second(s).unwrap_or(jiff::Timestamp::UNIX_EPOCH)),
        1 => (EARLIEST_SECOND..=LATEST_SECOND, 0i32..1_000_000_000)
            .prop_filter_map("in range", |(s, ns)| jiff::Timestamp::new(s, ns).ok()),
    ]
    .boxed()
}

/// A dotted field path of one to three names (later ones may be keywords: `a.in`).
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let path = sailpoint_filters::strategy::field_path().new_tree(&mut runner).unwrap().current();
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
/// let v = sailpoint_filters::strategy::value().new_tree(&mut runner).unwrap().current();
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
/// TestRunner::default().run(&sailpoint_filters::strategy::any_filter(), |filter| {
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
/// Conditions are on the schema's fields, with each operator the field allows (and its type
/// supports: validation refuses `sw` on a boolean even if a hand-written schema lists it), and
/// values of the field's type — booleans and date-times sometimes quoted (`saved eq "true"`),
/// as SailPoint reads them. They are joined only with the composite operators the schema
/// allows, up to six levels deep.
///
/// # Panics
///
/// When the schema has no field with an operator its type supports: there is no such filter.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::{FieldType, Op, Schema, Syntax, validate::validate};
///
/// let schema = Schema::new("widgets")
///     .with_field("enabled", FieldType::Boolean, [Op::Eq])
///     .with_field("created", FieldType::DateTime, [Op::Gt, Op::Lt, Op::IsNull])
///     .with_composites([sailpoint_filters::Composite::And]);
/// TestRunner::default().run(&sailpoint_filters::strategy::filters(&schema), |filter| {
///     assert!(validate(&filter, &schema, Syntax::Strict).is_ok(), "{filter}");
///     assert!(!filter.to_string().contains(" or "));
///     Ok(())
/// }).unwrap();
/// ```
pub fn filters(schema: &Schema) -> BoxedStrategy<Filter> {
    let conditions: Vec<BoxedStrategy<Filter>> = schema
        .fields
        .iter()
        .flat_map(|spec| {
            spec.operators
                .iter()
                .filter(|op| supports(spec.field_type, *op))
                .map(|op| condition_for(spec, op))
        })
        .collect();
    assert!(
        !conditions.is_empty(),
        "{} has no field with an operator its type supports, so no filter is valid for it",
        schema.endpoint
    );
    let composites =
        [Composite::And, Composite::Or, Composite::Not].map(|c| schema.composites.contains(c));
    tree(
        proptest::strategy::Union::new(conditions).boxed(),
        composites,
    )
}

/// Whether a field of this type can take `op` (what validation checks besides the schema).
fn supports(field_type: FieldType, op: Op) -> bool {
    match op {
        Op::Co | Op::Sw => field_type.is_textual(),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => field_type.is_ordered(),
        Op::Ca => field_type.is_collection(),
        _ => true,
    }
}

/// Conditions on `spec` with `op`.
fn condition_for(spec: &FieldSpec, op: Op) -> BoxedStrategy<Filter> {
    let field = spec.path.clone();
    let values = value_for(spec.field_type, op);
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
            1 => instant().prop_map(|t| Value::String(t.to_string())),
        ]
        .boxed(),
    }
}

// =============================================================================================
// Filter text in varied spellings
// =============================================================================================

/// The text of filters valid for `schema` ([`filters`]), spelled the many ways the lenient
/// syntax (the default) reads, so that a parser is exercised beyond the canonical form:
///
/// * spaces, tabs, newlines and `\r\n` between tokens, and `(a)and (b)` with none;
/// * redundant parentheses around any operand, with or without inner spaces;
/// * strings in double quotes, single quotes, or as bare words where they read back as the
///   same string (`status eq PENDING`), digits bare for string fields (`id eq 12345`);
/// * booleans and date-times quoted for fields of those types (`saved eq "true"`), date-times
///   with offsets (`2024-07-01T02:00:00+02:00`), floats with trailing zeros (`1.50`);
/// * lists as `("a","b")`, `( "a" , 'b' )` or across lines.
///
/// Each text parses, and validates to the same filter as the canonical text of its tree.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::strategy::filter_text(schema), |text| {
///     assert!(schema.check(&text, &Default::default()).is_ok(), "{text:?}");
///     Ok(())
/// }).unwrap();
/// ```
pub fn filter_text(schema: &Schema) -> BoxedStrategy<String> {
    spelled_filter(schema).prop_map(|(_, text)| text).boxed()
}

/// A filter valid for `schema` ([`filters`]) with one of its spellings ([`filter_text`]).
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// let options = Default::default();
/// TestRunner::default().run(&sailpoint_filters::strategy::spelled_filter(schema), |(filter, text)| {
///     assert_eq!(schema.check(&text, &options).unwrap(), schema.check(&filter.to_string(), &options).unwrap());
///     Ok(())
/// }).unwrap();
/// ```
pub fn spelled_filter(schema: &Schema) -> BoxedStrategy<(Filter, String)> {
    let schema = schema.clone();
    (filters(&schema), prop::collection::vec(any::<u8>(), 1..64))
        .prop_map(move |(filter, choices)| {
            let mut choices = Choices {
                bytes: choices,
                at: 0,
            };
            let text = spell(&filter, &schema, &mut choices, 0);
            (filter, text)
        })
        .boxed()
}

/// The fuzzer-like source of spelling choices: bytes used in turn, cyclically. Shrinking the
/// bytes towards zero shrinks the spelling towards the plainest.
struct Choices {
    bytes: Vec<u8>,
    at: usize,
}

impl Choices {
    /// A number below `n`.
    fn pick(&mut self, n: usize) -> usize {
        let byte = self.bytes.get(self.at % self.bytes.len().max(1)).copied();
        self.at = self.at.wrapping_add(1);
        usize::from(byte.unwrap_or(0)) % n.max(1)
    }

    fn one_of<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.pick(options.len())]
    }

    /// Whitespace where some is needed.
    fn gap(&mut self) -> &'static str {
        self.one_of(&[" ", " ", " ", "  ", "\t", "\n", "\r\n", " \t "])
    }

    /// Whitespace where none is needed.
    fn opt_gap(&mut self) -> &'static str {
        self.one_of(&["", "", " ", "\n"])
    }
}

/// How tightly a node binds (a child binding less tightly than its parent needs parentheses).
fn precedence(filter: &Filter) -> u8 {
    match filter.kind() {
        FilterKind::Or(_) => 1,
        FilterKind::And(_) => 2,
        FilterKind::Not(_) => 3,
        FilterKind::Condition(_) => 4,
    }
}

/// `filter` spelled with choices; `parens` redundant parentheses so far (they count towards
/// the parser's nesting limit, so at most a few are added).
fn spell(filter: &Filter, schema: &Schema, c: &mut Choices, parens: usize) -> String {
    let child = |node: &Filter, parent: u8, c: &mut Choices| -> String {
        let needed = precedence(node) < parent;
        let redundant = !needed && parens < 8 && c.pick(4) == 0;
        if needed || redundant {
            let (open, close) = (c.opt_gap(), c.opt_gap());
            let inner = spell(node, schema, c, parens + 1);
            format!("({open}{inner}{close})")
        } else {
            spell(node, schema, c, parens)
        }
    };
    match filter.kind() {
        FilterKind::Condition(condition) => spell_condition(condition, schema, c),
        FilterKind::Not(inner) => {
            let operand = child(inner, 3, c);
            let gap = if operand.starts_with('(') {
                c.opt_gap()
            } else {
                c.gap()
            };
            format!("not{gap}{operand}")
        }
        FilterKind::And(operands) | FilterKind::Or(operands) => {
            let (keyword, parent) = match filter.kind() {
                FilterKind::And(_) => ("and", 2),
                _ => ("or", 1),
            };
            let mut text = String::new();
            for (i, operand) in operands.iter().enumerate() {
                let spelled = child(operand, parent, c);
                if i > 0 {
                    // `(a)and (b)`: no space is needed after a parenthesis.
                    let before = if text.ends_with(')') {
                        c.opt_gap()
                    } else {
                        c.gap()
                    };
                    text.push_str(before);
                    text.push_str(keyword);
                    text.push_str(c.gap());
                }
                text.push_str(&spelled);
            }
            text
        }
    }
}

fn spell_condition(condition: &Condition, schema: &Schema, c: &mut Choices) -> String {
    let field = condition.field();
    let field_type = schema
        .field(field.as_str())
        .map_or(FieldType::Any, |spec| spec.field_type);
    match condition {
        Condition::Present { .. } => format!("pr{}{field}", c.gap()),
        Condition::IsNull { .. } => format!("{field}{}isnull", c.gap()),
        Condition::Compare { op, value, .. } => {
            let (g1, g2) = (c.gap(), c.gap());
            let value = spell_value(value, field_type, c);
            format!("{field}{g1}{op}{g2}{value}")
        }
        Condition::List { op, values, .. } => {
            let mut text = format!("{field}{}{op}{}(", c.gap(), c.opt_gap());
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(c.opt_gap());
                text.push_str(&spell_value(value, field_type, c));
                text.push_str(c.opt_gap());
            }
            text.push(')');
            text
        }
    }
}

/// One spelling of `value` that a field of `field_type` reads as the value itself.
fn spell_value(value: &Value, field_type: FieldType, c: &mut Choices) -> String {
    match value {
        Value::String(s) => {
            let mut options = vec![double_quoted(s), single_quoted(s)];
            if reads_as_bare_word(s) {
                options.push(s.clone());
            }
            // The lenient syntax reads an integer as text on text fields.
            let textual = matches!(field_type, FieldType::String | FieldType::StringCollection);
            if textual && s.parse::<i64>().is_ok_and(|i| i.to_string() == *s) {
                options.push(s.clone());
            }
            options.swap_remove(c.pick(options.len()))
        }
        Value::Boolean(b) if field_type == FieldType::Boolean => {
            let word = b.to_string();
            match c.pick(4) {
                0 => double_quoted(&word),
                1 => single_quoted(&word),
                _ => word,
            }
        }
        Value::DateTime(t) => {
            let offset = [0, 60, 120, -300, 330, -720][c.pick(6)];
            let spelled = match jiff::tz::Offset::from_seconds(offset * 60) {
                Ok(tz) if offset != 0 => {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let (h, m) = (offset.abs() / 60, offset.abs() % 60);
                    format!("{}{sign}{h:02}:{m:02}", tz.to_datetime(*t))
                }
                _ => t.to_string(),
            };
            // A year before 1 or after 9999 has no RFC 3339 spelling but the canonical one.
            if !spelled.starts_with(|ch: char| ch.is_ascii_digit()) || spelled.len() < 20 {
                return value.to_string();
            }
            match (field_type == FieldType::DateTime, c.pick(4)) {
                (true, 0) => double_quoted(&spelled),
                (true, 1) => single_quoted(&spelled),
                _ => spelled,
            }
        }
        Value::Float(f) => {
            let canonical = value.to_string();
            if f.get() != 0.0 && c.pick(3) == 0 && !canonical.contains('e') {
                canonical + "0"
            } else {
                canonical
            }
        }
        other => other.to_string(),
    }
}

fn double_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Whether `s` written bare reads back as the string `s` (not a keyword, number, boolean,
/// date-time or `null`): asked of the parser itself.
fn reads_as_bare_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() < 64
        && !s.contains(|c: char| c.is_whitespace() || "()\"',\\".contains(c))
        && Filter::parse(&format!("x eq {s}")).is_ok_and(|f| {
            matches!(f.kind(), FilterKind::Condition(Condition::Compare { value: Value::String(v), .. }) if v == s)
        })
}

// =============================================================================================
// Sorters and queries
// =============================================================================================

/// Sorters that validate against `schema`: each sortable field at most once, in any order and
/// direction; sometimes none.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::strategy::sorters(schema), |sorters| {
///     assert!(sorters.validate(schema).is_ok(), "{sorters}");
///     Ok(())
/// }).unwrap();
/// ```
pub fn sorters(schema: &Schema) -> BoxedStrategy<Sorters> {
    let fields = schema.sortable.clone();
    let n = fields.len();
    (
        Just(fields).prop_shuffle(),
        0..=n,
        prop::collection::vec(any::<bool>(), n),
    )
        .prop_map(|(fields, keep, descending)| {
            fields
                .into_iter()
                .zip(descending)
                .take(keep)
                .map(|(field, desc)| SortKey::new(field, desc))
                .collect()
        })
        .boxed()
}

/// `offset`, `limit` and `count`, within SailPoint's bounds; offsets mostly small.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let paging = sailpoint_filters::strategy::paging().new_tree(&mut runner).unwrap().current();
/// assert!(paging.limit() <= 250);
/// ```
pub fn paging() -> BoxedStrategy<Paging> {
    (
        prop_oneof![4 => 0u32..30, 1 => 0..=Paging::MAX_OFFSET],
        prop_oneof![2 => 1u32..20, 1 => 0..=Paging::MAX_LIMIT],
        any::<bool>(),
    )
        .prop_filter_map("within bounds", |(offset, limit, count)| {
            Paging::new(offset, limit, count).ok()
        })
        .boxed()
}

/// The five parameters of a request to an endpoint with `schema`: a filter valid for it (or
/// none), sorters valid for it, and paging.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::query::CollectionQuery;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::strategy::collection_query(schema), |query| {
///     let read = CollectionQuery::from_query_string_for(&query.to_query_string(), schema, &Default::default());
///     assert_eq!(read.unwrap(), query);
///     Ok(())
/// }).unwrap();
/// ```
pub fn collection_query(schema: &Schema) -> BoxedStrategy<CollectionQuery> {
    (
        prop::option::weighted(0.8, filters(schema)),
        sorters(schema),
        paging(),
    )
        .prop_map(|(filter, sorters, paging)| CollectionQuery::new(filter, sorters, paging))
        .boxed()
}

// =============================================================================================
// Role mining sessions
// =============================================================================================

/// A role mining session with realistic values: names sharing prefixes (`RM Session - Sales`,
/// `rm session`, `Saved RM Session - 07/10`…) or missing, saved or not, a few creators (one
/// spelled in two cases) or none, creation dates on a few days so that many are equal, and
/// every state and type.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let session = sailpoint_filters::strategy::role_mining_session().new_tree(&mut runner).unwrap().current();
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
        0..400,
    );
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
    )
        .prop_map(
            |(id, name, saved, scope, counts, (state, common), created_by, times, method)| {
                let (min_identities, prescribed, prune, roles, identities) = counts;
                let (created, later) = times;
                let modified = created
                    .checked_add(jiff::SignedDuration::from_secs(later))
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
                    email_recipient_id: None,
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
/// let sessions = sailpoint_filters::strategy::role_mining_sessions(5..10).new_tree(&mut runner).unwrap().current();
/// assert!((5..10).contains(&sessions.len()));
/// ```
pub fn role_mining_sessions(len: Range<usize>) -> BoxedStrategy<Vec<RoleMiningSession>> {
    prop::collection::vec(role_mining_session(), len).boxed()
}
