//! Deep and wide trees.

use super::*;

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
        assert!(
            matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
            "{:?}",
            err.kind()
        );

        let parens = format!("{}saved eq true{}", "(".repeat(N), ")".repeat(N));
        let err = Filter::parse_with(&parens, &roomy).unwrap_err();
        assert!(
            matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
            "{:?}",
            err.kind()
        );

        let lists = format!("a in {}", "(".repeat(N));
        let err = Filter::parse_with(&lists, &roomy).unwrap_err();
        assert!(
            matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
            "{:?}",
            err.kind()
        );
    });
}

// =============================================================================================
