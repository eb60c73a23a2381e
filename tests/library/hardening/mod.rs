//! Every input path is bounded, and nothing recurses without a bound (DESIGN principle 6).
//!
//! * Deep and wide trees — a chain of 100,000 `not`s, an `and` of 100,000 operands — built
//!   through `Filter::not`/`Filter::all`, through the typed builder and through serde, are
//!   printed, validated, compiled, evaluated, cloned, compared, hashed, `Debug`-formatted and
//!   dropped on a thread with a 256 KiB stack: none of it may recurse per level.
//! * Each bound on input — filter text length, nesting depth, list length, number magnitude,
//!   query-string size, sorter count and length, paging values — has a test of its own at and
//!   past the bound.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::diag::{Parameter, RequestProblem};
use sailpoint_filters::endpoints::role_mining_sessions::{
    RoleMiningSession, RoleMiningSessions, name, saved,
};
use sailpoint_filters::eval::compile;
use sailpoint_filters::{
    CmpOp, CollectionQuery, FieldPath, Filter, FilterKind, Limits, ParseOptions, ParseProblem,
    Problem, QueryOptions, Sorters, SortersParseProblem, Syntax,
};

/// How deep and how wide the big trees are.
const N: usize = 100_000;

/// The stack the big-tree tests run on: far too small for one frame per level.
const SMALL_STACK: usize = 256 * 1024;

/// Runs `f` on a thread with a 256 KiB stack; a stack overflow there aborts the test binary.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("a thread starts");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

fn hash_of(filter: &Filter) -> u64 {
    let mut hasher = DefaultHasher::new();
    filter.hash(&mut hasher);
    hasher.finish()
}

fn sessions() -> Vec<RoleMiningSession> {
    sailpoint_filters::role_mining_sessions::sample()
}

/// Everything a big tree goes through: print, validate, compile for typed and JSON records,
/// evaluate, clone, compare, hash, `Debug`, drop. `expected` says which sample sessions match.
fn exercise(filter: Filter, expected: impl Fn(&RoleMiningSession) -> bool) {
    let schema = RoleMiningSessions::schema();

    let text = filter.to_string();
    assert!(text.len() > N, "{} bytes", text.len());

    let checked = filter.check(schema, Syntax::Lenient).expect("valid");
    assert_eq!(checked.filter(), &filter);

    let typed = compile::<RoleMiningSession>(&checked).expect("compiles");
    let json = compile::<serde_json::Value>(&checked).expect("compiles");
    let sessions = sessions();
    let mut matched = 0;
    for session in &sessions {
        let want = expected(session);
        assert_eq!(typed.matches(session), want, "{session:?}");
        let value = serde_json::to_value(session).expect("a session writes");
        assert_eq!(json.matches(&value), want, "{value}");
        matched += usize::from(want);
    }
    assert!(matched > 0 && matched < sessions.len(), "matched {matched}");

    let copy = filter.clone();
    assert_eq!(copy, filter);
    assert_eq!(hash_of(&copy), hash_of(&filter));
    let debug = format!("{filter:?}");
    assert!(debug.starts_with("Filter { kind: "), "{}", &debug[..40]);
    assert!(debug.len() > text.len());
    drop(copy);
    drop(checked);
    drop(filter);
}

fn saved_true() -> Filter {
    Filter::compare(FieldPath::from_static("saved"), CmpOp::Eq, true)
}

fn is_saved(session: &RoleMiningSession) -> bool {
    session.saved
}

/// `"RM Session - Sales 0"` … `"RM Session - Sales 99999"`, compared ignoring case: a few
/// sample sessions are named like one of them.
fn names_in_use(session: &RoleMiningSession) -> bool {
    session.name.as_deref().is_some_and(|n| {
        let lower = n.to_lowercase();
        lower
            .strip_prefix("rm session - sales ")
            .and_then(|rest| rest.parse::<usize>().ok())
            .is_some_and(|i| i < N && lower == format!("rm session - sales {i}"))
    })
}

mod bounds;
mod debug;
mod deep_trees;
