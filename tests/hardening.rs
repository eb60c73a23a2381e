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

// =============================================================================================
// Deep and wide trees
// =============================================================================================

#[test]
fn a_100k_deep_not_chain_from_filter_not() {
    on_small_stack(|| {
        // An even number of `not`s: the chain means `saved eq true`.
        let mut filter = saved_true();
        for _ in 0..N {
            filter = filter.not();
        }
        assert_eq!(filter.depth(), N + 1);
        exercise(filter, is_saved);
    });
}

#[test]
fn a_100k_deep_not_chain_from_the_typed_builder() {
    on_small_stack(|| {
        let mut filter = saved().eq(true);
        for _ in 0..N + 1 {
            filter = !filter;
        }
        // An odd number: the chain means `not saved eq true`.
        exercise(filter.into_filter(), |s| !is_saved(s));
    });
}

#[test]
fn a_100k_wide_and_from_filter_all() {
    on_small_stack(|| {
        let filter = Filter::all((0..N).map(|_| saved_true())).expect("operands");
        let FilterKind::And(operands) = filter.kind() else {
            panic!("not an and")
        };
        assert_eq!(operands.len(), N);
        exercise(filter, is_saved);
    });
}

#[test]
fn a_100k_wide_or_from_the_typed_builder() {
    on_small_stack(|| {
        let filter = (0..N)
            .map(|i| name().eq(format!("RM Session - Sales {i}")))
            .reduce(|a, b| a.or(b))
            .expect("operands");
        let FilterKind::Or(operands) = filter.as_filter().kind() else {
            panic!("not an or")
        };
        assert_eq!(operands.len(), N);
        exercise(filter.into_filter(), names_in_use);
    });
}

#[test]
fn a_100k_wide_and_from_the_typed_builder_pretty_debug() {
    on_small_stack(|| {
        let filter = (0..N)
            .map(|_| saved().eq(true))
            .reduce(|a, b| a & b)
            .expect("operands")
            .into_filter();
        // The pretty form of a wide tree is linear in its size.
        let pretty = format!("{filter:#?}");
        assert!(pretty.starts_with("Filter {\n    kind: And(\n        [\n            Filter {"));
        assert_eq!(pretty.matches("kind: Condition(").count(), N);
    });
}

/// `{"not": {"not": … {"field": "saved", "op": "eq", "value": {"boolean": true}} … }}`.
fn deep_not_json(depth: usize) -> String {
    let leaf = r#"{"field":"saved","op":"eq","value":{"boolean":true}}"#;
    let mut json = String::with_capacity(depth * 9 + leaf.len());
    json.push_str(&r#"{"not":"#.repeat(depth));
    json.push_str(leaf);
    json.push_str(&"}".repeat(depth));
    json
}

#[test]
fn a_100k_deep_not_chain_from_json() {
    on_small_stack(|| {
        let json = deep_not_json(N);

        // Without serde_json's recursion limit, serde_stacker grows the deserializer's stack on the heap.
        let mut deserializer = serde_json::Deserializer::from_str(&json);
        deserializer.disable_recursion_limit();
        let deserializer = serde_stacker::Deserializer::new(&mut deserializer);
        let filter = <Filter as serde::Deserialize>::deserialize(deserializer).expect("reads");

        let mut built = saved_true();
        for _ in 0..N {
            built = built.not();
        }
        assert_eq!(filter, built);

        // Serializing nests one call per level, so it refuses a tree this deep.
        let err = serde_json::to_string(&filter).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the filter is 100001 levels deep; at most 256 can be serialized"
        );
        exercise(filter, is_saved);
    });
}

#[test]
fn plain_serde_json_refuses_a_deep_chain_with_an_error() {
    // serde_json stops at 128 levels of nesting. Its own frames take about 2 KiB a level in a
    // debug build, so this runs on a 1 MiB stack rather than the 256 KiB of the others.
    let thread = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            for depth in [N, 128] {
                let err = serde_json::from_str::<Filter>(&deep_not_json(depth)).unwrap_err();
                assert!(
                    err.to_string().starts_with("recursion limit exceeded"),
                    "{err}"
                );
            }
            let filter: Filter = serde_json::from_str(&deep_not_json(120)).expect("reads");
            assert_eq!(filter.depth(), 121);
        })
        .unwrap();
    thread.join().unwrap();
}

#[test]
fn a_100k_wide_and_from_json() {
    on_small_stack(|| {
        let leaf = r#"{"field":"saved","op":"eq","value":{"boolean":"#;
        let operands: Vec<String> = (0..N).map(|_| format!("{leaf}true}}}}")).collect();
        let json = format!(r#"{{"and":[{}]}}"#, operands.join(","));
        let filter: Filter = serde_json::from_str(&json).expect("reads");
        assert_eq!(filter, Filter::all((0..N).map(|_| saved_true())).unwrap());
        // A wide tree is shallow: it serializes, and reads back.
        let written = serde_json::to_string(&filter).expect("writes");
        assert_eq!(written, json);
        exercise(filter, is_saved);
    });
}

#[test]
fn serializing_stops_at_the_documented_depth() {
    // At the limit, the tree serializes on an ordinary thread's stack and reads back (past
    // serde_json's default recursion limit, so through serde_stacker).
    let thread = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let mut filter = saved_true();
            for i in 1..Filter::MAX_SERIALIZE_DEPTH {
                // Alternate `and`, `or` and `not`: every kind of level.
                filter = match i % 3 {
                    0 => filter.not(),
                    1 => saved_true().and(filter),
                    _ => saved_true().or(filter),
                };
            }
            assert_eq!(filter.depth(), Filter::MAX_SERIALIZE_DEPTH);
            let json = serde_json::to_string(&filter).expect("at the limit");
            let mut de = serde_json::Deserializer::from_str(&json);
            de.disable_recursion_limit();
            let back = <Filter as serde::Deserialize>::deserialize(
                serde_stacker::Deserializer::new(&mut de),
            )
            .expect("reads back");
            assert_eq!(back, filter);

            let deeper = filter.not();
            let err = serde_json::to_value(&deeper).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the filter is 257 levels deep; at most 256 can be serialized"
            );
        })
        .unwrap();
    thread.join().unwrap();
}

#[test]
fn deep_and_or_nesting_is_refused_by_checking_not_by_the_stack() {
    on_small_stack(|| {
        // `saved eq true and (saved eq true or (saved eq true and (…)))`, 100,000 levels.
        let mut filter = saved_true();
        for i in 0..N {
            filter = if i % 2 == 0 {
                saved_true().or(filter)
            } else {
                saved_true().and(filter)
            };
        }
        assert_eq!(filter.depth(), N + 1);
        let schema = RoleMiningSessions::schema();
        // Checking walks the whole tree (every problem is reported) and lowers it for the
        // engines, refusing more than 256 levels of `and`/`or` — all on the small stack.
        let err = filter.check(schema, Syntax::Lenient).unwrap_err();
        assert_eq!(
            err.messages(),
            ["filters: `and`/`or` nest more than 256 deep"]
        );
        assert!(filter.to_string().len() > N);
        assert_eq!(filter.clone(), filter);
        assert_eq!(hash_of(&filter.clone()), hash_of(&filter));
        assert_eq!(
            serde_json::to_string(&filter).unwrap_err().to_string(),
            format!(
                "the filter is {} levels deep; at most 256 can be serialized",
                N + 1
            )
        );
        assert!(format!("{filter:?}").len() > N);
    });
}

#[test]
fn parsing_a_deep_text_is_refused_by_the_nesting_limit_not_by_the_stack() {
    on_small_stack(|| {
        let roomy = ParseOptions {
            limits: Limits::default().with_max_length(usize::MAX),
            ..ParseOptions::default()
        };
        let nots = format!("{}saved eq true", "not ".repeat(N));
        let err = Filter::parse_with(&nots, &roomy).unwrap_err();
        assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });

        let parens = format!("{}saved eq true{}", "(".repeat(N), ")".repeat(N));
        let err = Filter::parse_with(&parens, &roomy).unwrap_err();
        assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });

        let lists = format!("a in {}", "(".repeat(N));
        let err = Filter::parse_with(&lists, &roomy).unwrap_err();
        assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });
    });
}

// =============================================================================================
// Debug prints what `#[derive(Debug)]` printed
// =============================================================================================

/// The shapes `#[derive(Debug)]` gave `Filter` and `FilterKind`, to compare with.
mod derived {
    use sailpoint_filters::filter::ConditionSpans;
    use sailpoint_filters::{Condition, Span};

    #[allow(dead_code)] // read by `Debug` only
    #[derive(Debug)]
    pub struct Filter {
        pub kind: FilterKind,
        pub span: Option<Span>,
        pub condition_spans: Option<Box<ConditionSpans>>,
    }

    #[allow(dead_code)] // read by `Debug` only
    #[derive(Debug)]
    pub enum FilterKind {
        And(Vec<Filter>),
        Or(Vec<Filter>),
        Not(Box<Filter>),
        Condition(Condition),
    }

    pub fn mirror(filter: &sailpoint_filters::Filter) -> Filter {
        use sailpoint_filters::FilterKind as K;
        Filter {
            kind: match filter.kind() {
                K::And(xs) => FilterKind::And(xs.iter().map(mirror).collect()),
                K::Or(xs) => FilterKind::Or(xs.iter().map(mirror).collect()),
                K::Not(x) => FilterKind::Not(Box::new(mirror(x))),
                K::Condition(c) => FilterKind::Condition(c.clone()),
            },
            span: filter.span(),
            condition_spans: filter.condition_spans().cloned().map(Box::new),
        }
    }
}

#[test]
fn debug_prints_what_the_derived_debug_printed() {
    for text in [
        "saved eq true",
        "not saved eq true",
        "not not (a eq 1 or b in (\"x\", 2.5)) and pr c and d isnull",
        "a eq \"q\\\"uote\" or (b sw 'x' and not (c gt 2024-01-01T00:00:00+01:00))",
    ] {
        let parsed = Filter::parse(text).unwrap();
        for filter in [parsed.clone(), parsed.without_spans()] {
            let mirror = derived::mirror(&filter);
            assert_eq!(format!("{filter:?}"), format!("{mirror:?}"), "{text}");
            assert_eq!(format!("{filter:#?}"), format!("{mirror:#?}"), "{text}");
            // Through `FilterKind`'s own (derived) Debug too.
            assert_eq!(
                format!("{:?}", filter.kind()),
                format!("{:?}", mirror.kind),
                "{text}"
            );
        }
    }
}

#[test]
fn clone_keeps_spans_and_hash_ignores_them() {
    let parsed = Filter::parse("not (a eq 1 or b eq 2) and c eq 3").unwrap();
    let copy = parsed.clone();
    assert_eq!(format!("{copy:?}"), format!("{parsed:?}"));
    let bare = parsed.clone().without_spans();
    assert_eq!(bare, parsed);
    assert_eq!(hash_of(&bare), hash_of(&parsed));
    assert_ne!(
        hash_of(&parsed),
        hash_of(&Filter::parse("not (a eq 1 or b eq 2) or c eq 3").unwrap())
    );
    assert_ne!(
        Filter::parse("a eq 1 and b eq 2").unwrap(),
        Filter::parse("a eq 1 and b eq 2 and c eq 3").unwrap()
    );
}

#[test]
fn json_reading_checks_the_shape() {
    let read = |json: &str| serde_json::from_str::<Filter>(json).map_err(|e| e.to_string());
    assert_eq!(
        read(r#"{"and": [{"field": "a", "op": "pr"}]}"#),
        Ok(Filter::parse("pr a").unwrap())
    );
    assert_eq!(
        read(
            r#"{"and": [{"and": [{"field": "a", "op": "pr"}, {"field": "b", "op": "pr"}]}, {"field": "c", "op": "pr"}]}"#
        ),
        Ok(Filter::parse("pr a and pr b and pr c").unwrap())
    );
    for (json, message) in [
        (r#"{"and": []}"#, "an `and`/`or` needs at least one operand"),
        (r#"{}"#, "an empty object is not a filter"),
        (
            r#"{"not": {"field": "a", "op": "pr"}, "and": []}"#,
            "an `and`, `or` or `not` object has exactly one key",
        ),
        (
            r#"{"field": "a", "op": "pr", "not": {"field": "a", "op": "pr"}}"#,
            "a condition object has only `field`, `op`, `value` and `values`",
        ),
        (
            r#"{"field": "a", "field": "b", "op": "pr"}"#,
            "a key of a condition is given twice",
        ),
        (r#"{"op": "pr"}"#, "missing field `field`"),
        (r#"{"field": "a"}"#, "missing field `op`"),
        (
            r#"{"field": "a", "op": "eq"}"#,
            "`eq` takes exactly one \"value\"",
        ),
        (
            r#"{"field": "a", "op": "in", "values": []}"#,
            "`in` needs at least one value in \"values\"",
        ),
        (
            r#"{"field": "a b", "op": "pr"}"#,
            "`a b` is not a field path",
        ),
        (
            r#"{"field": "a", "op": "pr", "x": 1}"#,
            "unknown variant `x`",
        ),
        (r#"[1]"#, "invalid type: sequence, expected a filter"),
    ] {
        let err = read(json).unwrap_err();
        assert!(err.starts_with(message), "{json}: {err}");
    }
}

#[test]
fn a_filter_kind_reads_like_a_filter_in_normal_form() {
    let read = |json: &str| serde_json::from_str::<FilterKind>(json).map_err(|e| e.to_string());
    // A one-operand `and` is its operand; nested `and`s are flattened.
    assert_eq!(
        read(r#"{"and": [{"field": "a", "op": "pr"}]}"#),
        Ok(Filter::parse("pr a").unwrap().into_kind())
    );
    assert_eq!(
        read(
            r#"{"and": [{"and": [{"field": "a", "op": "pr"}, {"field": "b", "op": "pr"}]}, {"field": "c", "op": "pr"}]}"#
        ),
        Ok(Filter::parse("pr a and pr b and pr c").unwrap().into_kind())
    );
    assert!(
        read(r#"{"and": []}"#)
            .unwrap_err()
            .starts_with("an `and`/`or` needs at least one operand")
    );
}

// =============================================================================================
// One test per bound on input
// =============================================================================================

#[test]
fn filter_text_length_is_bounded() {
    let at_limit = format!("a eq \"{}\"", "x".repeat(16 * 1024 - 7));
    assert_eq!(at_limit.len(), 16 * 1024);
    assert!(Filter::parse(&at_limit).is_ok());
    let over = format!("a eq \"{}\"", "x".repeat(16 * 1024 - 6));
    assert_eq!(
        Filter::parse(&over).unwrap_err().kind(),
        &ParseProblem::TooLong {
            len: 16 * 1024 + 1,
            max: 16 * 1024
        }
    );
    // Ten megabytes are refused after a look at the first 16 KiB.
    let huge = "(".repeat(10 << 20);
    assert!(matches!(
        Filter::parse(&huge).unwrap_err().kind(),
        ParseProblem::TooDeep { .. } | ParseProblem::TooLong { .. }
    ));
    let huge = "a eq 1 and ".repeat(1 << 20);
    assert!(matches!(
        Filter::parse(&huge).unwrap_err().kind(),
        ParseProblem::TooLong { .. }
    ));
}

#[test]
fn nesting_depth_is_bounded() {
    let nested = |n: usize| format!("{}a eq 1{}", "(".repeat(n), ")".repeat(n));
    assert!(Filter::parse(&nested(64)).is_ok());
    assert_eq!(
        Filter::parse(&nested(65)).unwrap_err().kind(),
        &ParseProblem::TooDeep { max: 64 }
    );
    let nots = |n: usize| format!("{}a eq 1", "not ".repeat(n));
    assert!(Filter::parse(&nots(64)).is_ok());
    assert_eq!(
        Filter::parse(&nots(65)).unwrap_err().kind(),
        &ParseProblem::TooDeep { max: 64 }
    );
}

#[test]
fn list_length_is_bounded() {
    let list = |n: usize| format!("a in ({})", vec!["1"; n].join(","));
    let FilterKind::Condition(c) = Filter::parse(&list(1000)).unwrap().into_kind() else {
        panic!("not a condition")
    };
    assert_eq!(c.values().len(), 1000);
    assert_eq!(
        Filter::parse(&list(1001)).unwrap_err().kind(),
        &ParseProblem::TooManyValues { max: 1000 }
    );
}

#[test]
fn number_magnitude_is_bounded() {
    let out_of_range = |text: &str| {
        let err = Filter::parse(&format!("a eq {text}")).unwrap_err();
        assert_eq!(
            err.kind(),
            &ParseProblem::NumberOutOfRange {
                text: text.to_owned()
            },
            "{text}"
        );
    };
    assert!(Filter::parse("a eq 9223372036854775807 and b eq -9223372036854775808").is_ok());
    out_of_range("9223372036854775808");
    out_of_range("-9223372036854775809");
    // A float too large for f64 would be infinite.
    out_of_range(&format!("1{}.0", "0".repeat(309)));
    assert!(Filter::parse(&format!("a eq 1{}.0", "0".repeat(307))).is_ok());
    // Digit strings as long as the text limit allows are refused or read in linear time.
    let digits = "9".repeat(16 * 1024 - 10);
    out_of_range(&digits);
    out_of_range(&format!("{digits}.5"));
    // The message names such a number by its first digits and its length, not whole.
    let message = Filter::parse(&format!("a eq {digits}"))
        .unwrap_err()
        .kind()
        .to_string();
    assert!(
        message.starts_with(&format!(
            "the number {}… ({} characters) is out of range",
            "9".repeat(24),
            digits.len()
        )),
        "{message}"
    );
    assert!(message.len() < 200, "{message}");
    let tiny = format!("a eq 0.{}1", "0".repeat(16 * 1024 - 10));
    assert!(matches!(
        Filter::parse(&tiny).unwrap().kind(),
        FilterKind::Condition(_)
    ));
}

#[test]
fn query_string_size_is_bounded() {
    let over = format!("filters=a+eq+1&x={}", "y".repeat(64 * 1024));
    let err = CollectionQuery::from_query_string(&over).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert_eq!(
        err.kind(),
        &Problem::Request(RequestProblem::TooLong {
            len: over.len(),
            max: 64 * 1024
        })
    );
    assert_eq!(err.first().parameter(), Parameter::QueryString);
    assert_eq!(
        err.messages(),
        [format!(
            "the query string is {} bytes long, over the limit of 65536 bytes",
            over.len()
        )]
    );
    let at_limit = format!("x={}", "y".repeat(64 * 1024 - 2));
    assert!(CollectionQuery::from_query_string(&at_limit).is_ok());
    // Ten megabytes of separators are refused before they are split.
    let huge = "&".repeat(10 << 20);
    let err = CollectionQuery::from_query_string(&huge).unwrap_err();
    assert_eq!(
        err.kind(),
        &Problem::Request(RequestProblem::TooLong {
            len: 10 << 20,
            max: 64 * 1024
        })
    );
    // Within the bound, each parameter is bounded by its own parser.
    let options = QueryOptions::default();
    let long_filter = format!("filters={}", "a+eq+1+and+".repeat(2000));
    let err = CollectionQuery::from_query_string_with(&long_filter, &options).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert_eq!(
        err.kind(),
        &Problem::Parse(ParseProblem::TooLong {
            len: 2000 * 11,
            max: 16 * 1024
        })
    );
}

#[test]
fn sorter_count_and_length_are_bounded() {
    let keys = |n: usize| {
        (0..n)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(Sorters::parse(&keys(16)).unwrap().keys().len(), 16);
    assert_eq!(
        Sorters::parse(&keys(17)).unwrap_err().kind(),
        &SortersParseProblem::TooManyKeys { max: 16 }
    );
    let long = "a".repeat(1025);
    assert!(matches!(
        Sorters::parse(&long).unwrap_err().kind(),
        SortersParseProblem::TooLong { .. }
    ));
    assert!(Sorters::parse(&"a".repeat(1024)).is_ok());
    let huge = ",".repeat(10 << 20);
    assert_eq!(
        Sorters::parse(&huge).unwrap_err().kind(),
        &SortersParseProblem::TooLong {
            len: 10 << 20,
            max: 1024
        }
    );
}

#[test]
fn paging_values_are_bounded() {
    let messages = |query: &str| {
        CollectionQuery::from_query_string(query)
            .unwrap_err()
            .messages()
    };
    let digits = "9".repeat(10_000);
    assert_eq!(
        messages(&format!("limit={digits}")),
        [format!(
            "limit must be an integer from 0 to 250, got `{}…`",
            "9".repeat(40)
        )]
    );
    assert_eq!(messages(&format!("offset={digits}")).len(), 1);
    assert_eq!(
        messages("offset=2147483648"),
        ["offset must be an integer from 0 to 2147483647, got `2147483648`"]
    );
    assert!(CollectionQuery::from_query_string("offset=2147483647&limit=250").is_ok());
}
