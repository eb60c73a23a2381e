//! The promises of `sailpoint_filters::testing::strategy` (feature `proptest`), each checked on
//! the strategy's output:
//!
//! * `filters(&schema)` checks against the schema in both syntaxes, and covers every
//!   (field, operator) pair and composite the schema allows — and only those;
//! * `filter_text(&schema)` parses and checks to the same filter as the canonical text of
//!   its tree, and uses the spellings it promises;
//! * `any_filter()` round-trips through its canonical text, and is often invalid for an
//!   endpoint;
//! * `sorters(&schema)` and `collection_query(&schema)` check and read back;
//! * `role_mining_session()` has the promised distributions, and generated filters match
//!   between 5% and 95% of generated sessions on average.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::eval::{Matcher, compile};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::testing::strategy;
use sailpoint_filters::{
    CollectionQuery, Composite, FieldPath, FieldSpec, FieldType, Filter, FilterKind, Limits, Op,
    OperatorSet, ParseOptions, Record, Schema, SchemaError, Syntax,
};

/// Every operator a field of `field_type` can list.
fn all_supported(field_type: FieldType) -> impl Iterator<Item = Op> {
    OperatorSet::ALL
        .iter()
        .filter(move |op| field_type.supports(*op))
}

/// A schema with a field of every type, and an untyped one, each with every operator its type
/// supports. (An operator a type cannot support — `sw` or `gt` on a boolean, `ca` on a
/// string — cannot be in a schema: `FieldSpec::new` refuses it.)
fn every_type() -> Schema {
    use Op::*;
    Schema::new("everything")
        .with_field("name", FieldType::String, all_supported(FieldType::String))
        .with_field_spec(
            FieldSpec::new(
                FieldPath::from_static("code"),
                FieldType::String,
                OperatorSet::of(&[Eq, Sw]),
            )
            .unwrap()
            .case_sensitive(),
        )
        .with_field(
            "saved",
            FieldType::Boolean,
            all_supported(FieldType::Boolean),
        )
        .with_field(
            "count",
            FieldType::Integer,
            all_supported(FieldType::Integer),
        )
        .with_field("score", FieldType::Number, all_supported(FieldType::Number))
        .with_field(
            "created",
            FieldType::DateTime,
            all_supported(FieldType::DateTime),
        )
        .with_field(
            "tags",
            FieldType::StringCollection,
            all_supported(FieldType::StringCollection),
        )
        .with_field("extra.any", FieldType::Any, all_supported(FieldType::Any))
        .with_sortable(["name", "created", "count"])
}

/// `filter` checked against `schema` and compiled for `R`.
fn matcher<R: Record>(filter: &Filter, schema: &Schema) -> Matcher<R> {
    let checked = filter.check(schema, Syntax::Lenient).unwrap();
    compile::<R>(&checked).unwrap()
}

/// `and` only, and one field.
fn and_only() -> Schema {
    Schema::new("accounts")
        .with_field("id", FieldType::String, [Op::Eq, Op::In])
        .with_composites([Composite::And])
}

/// No composite operators at all.
fn single_conditions() -> Schema {
    Schema::new("single")
        .with_field("created", FieldType::DateTime, [Op::Gt, Op::Le])
        .with_composites([])
}

fn schemas() -> Vec<Schema> {
    vec![
        RoleMiningSessions::schema().clone(),
        every_type(),
        and_only(),
        single_conditions(),
    ]
}

/// `n` values of `strategy`, from a fixed seed.
fn sample<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>, n: usize) -> Vec<T> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The operators a field of this type can take, by SPEC §2 read plainly.
fn supports(field_type: FieldType, op: Op) -> bool {
    match op {
        Op::Co | Op::Sw => matches!(
            field_type,
            FieldType::String | FieldType::StringCollection | FieldType::Any
        ),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => field_type != FieldType::Boolean,
        Op::Ca => matches!(field_type, FieldType::StringCollection | FieldType::Any),
        _ => true,
    }
}

#[test]
fn schemas_refuse_operators_their_types_do_not_support() {
    let types = [
        FieldType::String,
        FieldType::Boolean,
        FieldType::Integer,
        FieldType::Number,
        FieldType::DateTime,
        FieldType::StringCollection,
        FieldType::Any,
    ];
    for field_type in types {
        for op in OperatorSet::ALL.iter() {
            assert_eq!(
                field_type.supports(op),
                supports(field_type, op),
                "{field_type} {op}"
            );
            let spec = FieldSpec::new(
                FieldPath::from_static("f"),
                field_type,
                OperatorSet::of(&[op]),
            );
            if supports(field_type, op) {
                assert!(spec.is_ok(), "{field_type} {op}");
            } else {
                assert!(
                    matches!(&spec, Err(SchemaError::OperatorDoesNotApply { field, op: got_op, field_type: got_field_type, .. }) if *field == "f" && *got_op == op && *got_field_type == field_type),
                    "{:?}: {field_type} {op}",
                    spec
                );
            }
        }
    }
}

fn composites_of(filter: &Filter, seen: &mut BTreeSet<&'static str>) {
    let mut stack = vec![filter];
    while let Some(node) = stack.pop() {
        match node.kind() {
            FilterKind::And(xs) => {
                seen.insert("and");
                stack.extend(xs);
            }
            FilterKind::Or(xs) => {
                seen.insert("or");
                stack.extend(xs);
            }
            FilterKind::Not(x) => {
                seen.insert("not");
                stack.push(x);
            }
            FilterKind::Condition(_) => {}
        }
    }
}

// =============================================================================================
// filters
// =============================================================================================

#[test]
fn filters_check_in_both_syntaxes() {
    for schema in schemas() {
        let mut runner = TestRunner::default();
        runner
            .run(&strategy::filters(&schema), |filter| {
                for syntax in [Syntax::Lenient, Syntax::Strict] {
                    let checked = filter.check(&schema, syntax);
                    prop_assert!(checked.is_ok(), "{}: {}", filter, checked.unwrap_err());
                }
                // And compile for JSON records (so `and`/`or` nest within a matcher's depth).
                let checked = filter.check(&schema, Syntax::Strict).unwrap();
                prop_assert!(compile::<serde_json::Value>(&checked).is_ok());
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", schema.endpoint()));
    }
}

#[test]
fn filters_cover_every_field_operator_and_composite_the_schema_allows() {
    for schema in schemas() {
        let mut pairs = BTreeSet::new();
        let mut composites = BTreeSet::new();
        let mut value_kinds = BTreeSet::new();
        let mut date_time_strings = Vec::new();
        for filter in sample(strategy::filters(&schema), 3000) {
            composites_of(&filter, &mut composites);
            for (condition, _) in filter.conditions() {
                pairs.insert((condition.field().to_string(), condition.op()));
                for value in condition.values() {
                    value_kinds.insert((condition.field().to_string(), value.kind_name()));
                    if let (Some(spec), sailpoint_filters::Value::String(text)) =
                        (schema.field(condition.field().as_str()), value)
                        && spec.field_type() == FieldType::DateTime
                    {
                        date_time_strings.push(text.clone());
                    }
                }
            }
        }
        let expected: BTreeSet<(String, Op)> = schema
            .fields()
            .iter()
            .flat_map(|spec| {
                spec.operators().iter().map(|op| {
                    // A schema holds only operators its fields' types support.
                    assert!(supports(spec.field_type(), op), "{} {op}", spec.path());
                    (spec.path().to_string(), op)
                })
            })
            .collect();
        assert_eq!(pairs, expected, "{}", schema.endpoint());
        let allowed: BTreeSet<&str> = schema.composites().iter().map(|c| c.as_str()).collect();
        assert_eq!(composites, allowed, "{}", schema.endpoint());
        // Date-time text is spelled in UTC and at other offsets.
        let date_time_text: Vec<&String> = date_time_strings.iter().collect();
        if schema
            .fields()
            .iter()
            .any(|f| f.field_type() == FieldType::DateTime)
        {
            let utc = date_time_text
                .iter()
                .filter(|t| t.ends_with("+00:00") || t.ends_with('Z'))
                .count();
            let elsewhere = date_time_text.len() - utc;
            assert!(
                utc > 0 && elsewhere > 0,
                "{}: {utc} in UTC, {elsewhere} elsewhere",
                schema.endpoint()
            );
        }
        // Each field gets every kind of value its type takes.
        for spec in schema.fields() {
            let kinds: BTreeSet<&str> = value_kinds
                .iter()
                .filter(|(f, _)| *f == spec.path().as_str())
                .map(|(_, k)| *k)
                .collect();
            let want: &[&str] = match spec.field_type() {
                FieldType::String | FieldType::StringCollection => &["string"],
                FieldType::Boolean => &["boolean", "string"],
                FieldType::Integer => &["integer"],
                FieldType::Number => &["integer", "float"],
                FieldType::DateTime => &["date-time", "string"],
                FieldType::Any => &["string", "integer", "float", "boolean", "date-time"],
            };
            if spec
                .operators()
                .iter()
                .any(|op| !matches!(op, Op::Pr | Op::IsNull))
            {
                assert_eq!(kinds, want.iter().copied().collect(), "{}", spec.path());
            }
        }
    }
}

#[test]
#[should_panic(expected = "nothing has no field with an operator, so no filter is valid for it")]
fn filters_need_a_usable_field() {
    // A field without operators is no use (and one with an operator its type does not
    // support cannot be in a schema at all).
    let schema = Schema::new("nothing").with_field("saved", FieldType::Boolean, []);
    let _ = strategy::filters(&schema);
}

#[test]
#[should_panic(expected = "nothing has no field with an operator, so no filter is valid for it")]
fn filters_need_a_field() {
    let _ = strategy::filters(&Schema::new("nothing"));
}

// =============================================================================================
// filter_text
// =============================================================================================

#[test]
fn filter_text_checks_to_the_canonical_filter() {
    for schema in schemas() {
        let options = ParseOptions::default();
        let mut runner = TestRunner::new(proptest::test_runner::Config {
            cases: 512,
            ..Default::default()
        });
        runner
            .run(&strategy::spelled_filter(&schema), |(filter, text)| {
                let canonical = schema.parse_filter(&filter.to_string(), &options);
                prop_assert!(canonical.is_ok(), "{}", filter);
                let spelled = schema.parse_filter(&text, &options);
                prop_assert!(spelled.is_ok(), "{:?}: {}", text, spelled.unwrap_err());
                let (spelled, canonical) = (spelled.unwrap(), canonical.unwrap());
                prop_assert_eq!(spelled.filter(), canonical.filter(), "{:?}", text);
                prop_assert_eq!(spelled.to_string(), canonical.to_string(), "{:?}", text);
                prop_assert_eq!(spelled.source(), Some(text.as_str()));
                // Checking the tree gives the same filter as checking its text.
                let tree = filter.check(&schema, Syntax::Lenient).unwrap();
                prop_assert_eq!(tree.filter(), canonical.filter(), "{}", filter);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", schema.endpoint()));
    }
}

#[test]
fn filter_text_uses_every_promised_spelling() {
    let texts = sample(strategy::filter_text(&every_type()), 2000);
    let role_mining = sample(strategy::filter_text(RoleMiningSessions::schema()), 1000);
    let all = texts.iter().chain(&role_mining);
    let mut seen = BTreeMap::<&str, usize>::new();
    let bare_word = regex_like_bare_word();
    for text in all {
        let checks: [(&str, bool); 13] = [
            ("tab", text.contains('\t')),
            ("newline", text.contains('\n')),
            ("crlf", text.contains("\r\n")),
            ("double space", text.contains("  ")),
            ("single quotes", text.contains('\'')),
            (
                "redundant parentheses",
                text.starts_with('(') && text.ends_with(')'),
            ),
            (")and", text.contains(")and") || text.contains(")or")),
            (
                "quoted boolean",
                text.contains("\"true\"")
                    || text.contains("'false'")
                    || text.contains("\"false\"")
                    || text.contains("'true'"),
            ),
            (
                "offset",
                text.contains("+02:00") || text.contains("-05:00") || text.contains("+05:30"),
            ),
            (
                "quoted date-time",
                text.contains("\"2024-") || text.contains("'2024-"),
            ),
            ("bare word", bare_word(text)),
            (
                "list without spaces",
                text.contains("\",\"") || text.contains("',"),
            ),
            ("not(", text.contains("not(")),
        ];
        for (name, hit) in checks {
            *seen.entry(name).or_default() += usize::from(hit);
        }
    }
    for (name, count) in &seen {
        assert!(*count >= 5, "{name}: {count} of 3000 ({seen:?})");
    }
}

/// Whether `text` holds `eq PENDING`-style bare words: a value after an operator that starts
/// with a letter.
fn regex_like_bare_word() -> impl Fn(&str) -> bool {
    |text: &str| {
        let words: Vec<&str> = text.split_whitespace().collect();
        words.windows(2).any(|w| {
            matches!(w[0], "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "co" | "sw")
                && w[1].starts_with(|c: char| c.is_ascii_alphabetic())
                && !matches!(w[1].trim_end_matches(')'), "true" | "false")
        })
    }
}

// =============================================================================================
// any_filter
// =============================================================================================

proptest! {
    #[test]
    fn any_filter_round_trips(filter in strategy::any_filter()) {
        let options = ParseOptions {
            syntax: Syntax::Strict,
            limits: Limits::default().with_max_length(usize::MAX),
        };
        let text = filter.to_string();
        prop_assert_eq!(Filter::parse_with(&text, &options), Ok(filter), "{}", text);
    }
}

#[test]
fn any_filter_is_valid_or_not() {
    let schema = every_type();
    let filters = sample(strategy::any_filter(), 500);
    let valid = filters
        .iter()
        .filter(|f| f.check(&schema, Syntax::Lenient).is_ok())
        .count();
    assert!(
        valid < filters.len() / 2,
        "{valid} of {} valid",
        filters.len()
    );
    let mut composites = BTreeSet::new();
    for filter in &filters {
        composites_of(filter, &mut composites);
    }
    assert_eq!(composites.len(), 3);
}

// =============================================================================================
// sorters and collection_query
// =============================================================================================

proptest! {
    #[test]
    fn sorters_check(sorters in strategy::sorters(&every_type())) {
        let checked = sorters.check(&every_type());
        prop_assert!(checked.is_ok(), "{}", sorters);
        prop_assert_eq!(checked.unwrap().sorters(), sorters.clone());
        let fields: BTreeSet<_> = sorters.keys().iter().map(|k| k.field.as_str()).collect();
        prop_assert_eq!(fields.len(), sorters.keys().len());
    }

    #[test]
    fn collection_queries_check_and_read_back(
        query in strategy::collection_query(RoleMiningSessions::schema()),
    ) {
        let schema = RoleMiningSessions::schema();
        prop_assert!(query.check(schema, Syntax::Strict).is_ok(), "{:?}", query);
        let checked = query.check(schema, Syntax::Lenient).unwrap();
        let text = query.to_query_string();
        // Read without the endpoint: the same query.
        let read = CollectionQuery::from_query_string(&text);
        prop_assert_eq!(read, Ok(query.clone()), "{}", text);
        // Read for the endpoint: the same checked query.
        let read = CollectionQuery::from_query_string_for(&text, schema, &Default::default());
        prop_assert!(read.is_ok(), "{}: {}", text, read.unwrap_err());
        let read = read.unwrap();
        prop_assert_eq!(read.to_query(), checked.to_query(), "{}", text);
        prop_assert_eq!(read.to_query_string(), checked.to_query_string(), "{}", text);
        prop_assert_eq!(read.limit(), query.paging.limit().unwrap_or(schema.default_limit()));
    }
}

#[test]
fn sorters_cover_every_sortable_field_both_ways() {
    let mut keys = BTreeSet::new();
    let mut empty = 0;
    for sorters in sample(strategy::sorters(&every_type()), 500) {
        empty += usize::from(sorters.is_empty());
        keys.extend(sorters.keys().iter().map(|k| k.to_string()));
    }
    assert!(empty > 0);
    assert_eq!(
        keys,
        ["name", "-name", "created", "-created", "count", "-count"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}

// =============================================================================================
// Role mining sessions
// =============================================================================================

#[test]
fn sessions_have_realistic_distributions() {
    let sessions = sample(strategy::role_mining_session(), 2000);
    let count =
        |pred: &dyn Fn(&RoleMiningSession) -> bool| sessions.iter().filter(|s| pred(s)).count();
    let share = |n: usize| n * 100 / sessions.len();
    let prefixed = count(&|s| {
        s.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm session"))
    });
    assert!(
        (30..80).contains(&share(prefixed)),
        "RM Session…: {prefixed}"
    );
    assert!((3..25).contains(&share(count(&|s| s.name.is_none()))));
    assert!((3..30).contains(&share(count(&|s| s.created_by.is_none()))));
    assert!((35..65).contains(&share(count(&|s| s.saved))));
    let creators: BTreeSet<_> = sessions
        .iter()
        .filter_map(|s| s.created_by.as_ref().map(|c| c.display_name.clone()))
        .collect();
    assert_eq!(creators.len(), 4, "{creators:?}");
    // An email recipient now and then, one of the creators.
    let recipients = count(&|s| s.email_recipient_id.is_some());
    assert!(
        (30..90).contains(&share(recipients)),
        "recipients: {recipients}"
    );
    assert!(sessions.iter().all(|s| {
        s.email_recipient_id.as_ref().is_none_or(|id| {
            sessions
                .iter()
                .any(|o| o.created_by.as_ref().is_some_and(|c| &c.id == id))
        })
    }));
    // Names with the characters whose lowercase mapping needs care: `ß`, the Kelvin sign, `İ`.
    for c in ['ß', '\u{212A}', 'İ'] {
        let with = count(&|s| s.name.as_deref().is_some_and(|n| n.contains(c)));
        assert!(with * 100 >= sessions.len(), "{c}: {with} names");
    }
    // In a page of 20, some creation dates are equal.
    let pages_with_ties = sessions
        .chunks(20)
        .filter(|page| {
            let dates: BTreeSet<_> = page.iter().map(|s| s.created_date).collect();
            dates.len() < page.len()
        })
        .count();
    assert!(
        pages_with_ties * 10 >= sessions.len() / 20 * 9,
        "{pages_with_ties}"
    );
    // Every session reads back from the JSON it writes.
    for session in &sessions[..100] {
        let json = serde_json::to_string(session).unwrap();
        assert_eq!(
            &serde_json::from_str::<RoleMiningSession>(&json).unwrap(),
            session
        );
    }
}

#[test]
fn generated_filters_match_a_useful_share_of_generated_sessions() {
    let schema = RoleMiningSessions::schema();
    let filters = sample(strategy::filters(schema), 400);
    let pages = sample(strategy::role_mining_sessions(20..40), 400);
    let mut shares = Vec::new();
    for (filter, sessions) in filters.iter().zip(&pages) {
        let matcher = matcher::<RoleMiningSession>(filter, schema);
        let matched = sessions.iter().filter(|s| matcher.matches(s)).count();
        shares.push(matched as f64 / sessions.len() as f64);
    }
    let mean = shares.iter().sum::<f64>() / shares.len() as f64;
    assert!((0.05..=0.95).contains(&mean), "mean share {mean}");
    // And most filters neither match everything nor nothing.
    let informative = shares.iter().filter(|s| **s > 0.0 && **s < 1.0).count();
    assert!(
        informative * 3 > shares.len(),
        "{informative} of {} (mean {mean})",
        shares.len()
    );
    // Conditions on `name` alone hold for some sessions of a page often (shared prefixes, equal
    // names), and not always.
    let (mut held, mut total) = (0, 0);
    for (filter, sessions) in filters.iter().zip(&pages) {
        for (condition, node) in filter.conditions() {
            if condition.field().as_str() == "name" {
                let matcher = matcher::<RoleMiningSession>(node, schema);
                total += 1;
                held += usize::from(sessions.iter().any(|s| matcher.matches(s)));
            }
        }
    }
    assert!(held * 4 > total && held < total, "{held} of {total}");
}
