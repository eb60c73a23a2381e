//! The typed builder of role mining sessions, driven by an arbitrary sequence of operations.
//!
//! The steps run on a stack: a condition pushes a filter (`saved().eq(..)`, `name().eq(..)`,
//! `name().sw(..)`), `and`/`or` combine the top two, `not` negates the top, and sort steps add
//! keys (`created_date().desc()`, `created_by().asc()`). At the end the stack is joined with
//! `and`. What the builder built must print to text that parses back equal (both syntaxes),
//! check against the endpoint's schema unchanged, read back through a query string, and
//! match the sample sessions the same way typed and as JSON; the sorters must print, parse
//! back equal and check.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sailpoint_filters::builder::{Endpoint, TypedFilter, TypedSorters};
use sailpoint_filters::endpoints::role_mining_sessions::{
    RoleMiningSession, RoleMiningSessions, created_by, created_date, name, saved,
};
use sailpoint_filters::check::{CheckError, CheckProblem, MAX_DEPTH};
use sailpoint_filters::eval::compile;
use sailpoint_filters::{
    CollectionQuery, Filter, Limits, ParseOptions, QueryOptions, Sorters, Syntax,
};

#[derive(Arbitrary, Debug)]
enum Step {
    Saved(bool),
    NameEq(String),
    NameSw(String),
    /// One of the names the sample uses, or a prefix of them.
    KnownName(u8, bool),
    And,
    Or,
    Not,
    /// Sort by the creation date (`true`) or the creator, descending or not.
    SortBy(bool, bool),
}

const NAMES: &[&str] = &[
    "RM Session",
    "rm session - sales",
    "Sitzung Müller",
    "Contractors",
    "",
];

/// At most this many steps, so that trees stay within what the parser is asked to read.
const MAX_STEPS: usize = 128;

/// The sample sessions, typed and as JSON, read once.
fn sessions() -> &'static [(RoleMiningSession, serde_json::Value)] {
    static SESSIONS: OnceLock<Vec<(RoleMiningSession, serde_json::Value)>> = OnceLock::new();
    SESSIONS.get_or_init(|| {
        let text = include_str!("../../data/role_mining_sessions.json");
        let sessions: Vec<RoleMiningSession> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("the sample: {e}"));
        sessions
            .into_iter()
            .map(|s| {
                let json = serde_json::to_value(&s).unwrap_or_else(|e| panic!("{e}"));
                (s, json)
            })
            .collect()
    })
}

type Built = TypedFilter<RoleMiningSessions>;

fuzz_target!(|steps: Vec<Step>| {
    let mut stack: Vec<Built> = Vec::new();
    let mut sorters: Option<TypedSorters<RoleMiningSessions>> = None;
    for step in steps.into_iter().take(MAX_STEPS) {
        match step {
            Step::Saved(b) => stack.push(saved().eq(b)),
            Step::NameEq(s) => stack.push(name().eq(s)),
            Step::NameSw(s) => stack.push(name().sw(s)),
            Step::KnownName(i, sw) => {
                let n = NAMES[usize::from(i) % NAMES.len()];
                stack.push(if sw { name().sw(n) } else { name().eq(n) });
            }
            Step::And | Step::Or => {
                if let (Some(b), Some(a)) = (stack.pop(), stack.pop()) {
                    stack.push(if matches!(step, Step::And) {
                        a & b
                    } else {
                        a | b
                    });
                }
            }
            Step::Not => {
                if let Some(a) = stack.pop() {
                    stack.push(!a);
                }
            }
            Step::SortBy(date, desc) => {
                let key = match (date, desc) {
                    (true, true) => created_date().desc(),
                    (true, false) => created_date().asc(),
                    (false, true) => created_by().desc(),
                    (false, false) => created_by().asc(),
                };
                sorters = Some(match sorters {
                    Some(s) => s.then(key),
                    None => key,
                });
            }
        }
    }
    let schema = RoleMiningSessions::schema();

    if let Some(sorters) = sorters {
        let text = sorters.to_string();
        let parsed = Sorters::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed, Sorters::from(sorters.clone()), "{text}");
        let checked = parsed
            .check(schema)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(checked.sorters(), parsed, "{text}");
    }

    let Some(built) = stack.into_iter().reduce(|a, b| a & b) else {
        return;
    };
    let filter: Filter = built.clone().into();
    let text = built.to_string();
    assert_eq!(filter.to_string(), text);

    // The builder may nest deeper (and write more) than the default limits accept.
    let limits = Limits::default()
        .with_max_length(usize::MAX)
        .with_max_depth(1000);
    // Deeper `and`/`or` nesting than a checked filter takes (`check::MAX_DEPTH`) is refused by
    // checking, the same for the builder's own checked form and for the text; any other
    // refusal is a failure.
    let too_deep = |err: &CheckError| {
        err.problems()
            .iter()
            .all(|p| matches!(p.kind(), CheckProblem::TooDeep { max: MAX_DEPTH, .. }))
    };
    let trusted = match built.checked() {
        Ok(trusted) => Some(trusted),
        Err(err) if too_deep(&err) && filter.depth() > MAX_DEPTH => None,
        Err(err) => panic!("{text}: the builder's filter does not check:\n{err}"),
    };
    for syntax in [Syntax::Lenient, Syntax::Strict] {
        let options = ParseOptions { syntax, limits };
        let parsed = Filter::parse_with(&text, &options)
            .unwrap_or_else(|e| panic!("{syntax:?}: {text:?} does not parse:\n{e}"));
        assert_eq!(parsed, filter, "{syntax:?}: {text}");
        assert!(built == parsed, "{text}");
        match parsed.check(schema, syntax) {
            Ok(checked) => {
                assert!(trusted.is_some(), "{text} checks as text but not built");
                assert_eq!(checked.filter(), &filter, "{text}");
                assert_eq!(checked.to_string(), text, "{text}");
            }
            Err(err) if trusted.is_none() && too_deep(&err) => {}
            Err(err) => panic!("{syntax:?}: {text} does not check:\n{err}"),
        }
    }
    let Some(trusted) = trusted else {
        return;
    };
    // The builder's own checked form is the same filter.
    assert_eq!(trusted.filter(), &filter, "{text}");

    let mut options = QueryOptions::default().with_max_length(usize::MAX);
    options.filters.limits = limits;
    let query = CollectionQuery::from_params_for([("filters", text.as_str())], schema, &options)
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(query.filters().map(|f| f.filter()), Some(&filter));
    assert_eq!(
        query.filters().and_then(|f| f.source()),
        Some(text.as_str())
    );

    let typed = compile::<RoleMiningSession>(&trusted)
        .unwrap_or_else(|e| panic!("{text} does not compile: {e}"));
    let json = compile::<serde_json::Value>(query.filters().expect("a filter"))
        .unwrap_or_else(|e| panic!("{text} compiles typed but not for JSON: {e}"));
    for (session, value) in sessions() {
        assert_eq!(
            typed.matches(session),
            json.matches(value),
            "{text} on {}",
            session.id
        );
    }
});
