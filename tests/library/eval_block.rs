//! `Matcher::filter` tests records 64 at a time (a loop per field and test, `and`/`or` operands
//! only on the records still undecided); `Matcher::matches` tests one record at a time. These
//! properties check that the two select the same records, in the same order, for generated
//! filters over every operator, on typed sessions and on the same sessions as JSON, in runs of
//! records that end inside a block, on one, and across several.

use proptest::prelude::*;
use sailpoint_filters::endpoints::role_mining_sessions::RoleMiningSession;
use sailpoint_filters::eval::compile;
use sailpoint_filters::testing::strategy;
use sailpoint_filters::{FieldType, Filter, Op, Record, Schema, Syntax};

/// The role mining sessions' readable fields, each with every operator its type takes.
fn schema() -> Schema {
    // Every operator each type takes.
    let all = |t: FieldType| Op::ALL.into_iter().filter(move |op| t.supports(*op));
    let (text, integer, date) = (
        all(FieldType::String),
        all(FieldType::Integer),
        all(FieldType::DateTime),
    );
    Schema::new("sessions")
        .with_field("name", FieldType::String, text.clone())
        .with_field("createdBy.displayName", FieldType::String, text)
        .with_field("status.state", FieldType::String, [Op::Eq, Op::In, Op::Co])
        .with_field("saved", FieldType::Boolean, [Op::Eq, Op::Ne, Op::IsNull])
        .with_field("identityCount", FieldType::Integer, integer)
        .with_field("createdDate", FieldType::DateTime, date)
        .with_field("emailRecipientId", FieldType::String, [Op::Eq, Op::Pr])
}

/// The records `filter` selects record by record, and a block at a time, as addresses.
fn both_ways<R: Record>(filter: &Filter, records: &[R]) -> (Vec<*const R>, Vec<*const R>) {
    let checked = filter
        .check(&schema(), Syntax::Lenient)
        .expect("generated for the schema");
    let matcher = compile::<R>(&checked).expect("every field is readable");
    let one_by_one = records
        .iter()
        .filter(|r| matcher.matches(r))
        .map(|r| r as *const R)
        .collect();
    let blocks: Vec<*const R> = matcher.filter(records).map(|r| r as *const R).collect();
    // `count` counts the blocks' bits without visiting each match.
    assert_eq!(matcher.filter(records).count(), blocks.len());
    (one_by_one, blocks)
}

fn sessions() -> impl Strategy<Value = Vec<RoleMiningSession>> {
    prop_oneof![
        strategy::role_mining_sessions(0..70),
        strategy::role_mining_sessions(120..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn filter_selects_what_matches_selects(
        filter in strategy::filters(&schema()),
        records in sessions(),
    ) {
        let (one_by_one, blocks) = both_ways(&filter, &records);
        prop_assert_eq!(one_by_one, blocks, "{}", filter);
        let json: Vec<serde_json::Value> = records
            .iter()
            .map(|s| serde_json::to_value(s).expect("sessions serialise"))
            .collect();
        let (one_by_one, blocks) = both_ways(&filter, &json);
        prop_assert_eq!(one_by_one, blocks, "{} (JSON)", filter);
    }
}

/// A filter that holds for some records and not others, over three blocks and a part: the
/// count and the records agree, and neither way selects everything or nothing.
#[test]
fn a_mixed_filter_over_several_blocks() {
    let filter = Filter::parse(
        r#"(identityCount ge 2500 and not name co "session") or createdDate lt 2024-01-01T00:00:00Z"#,
    )
    .unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let records = strategy::role_mining_sessions(200..201)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let (one_by_one, blocks) = both_ways(&filter, &records);
    assert_eq!(one_by_one, blocks);
    assert!(
        !blocks.is_empty() && blocks.len() < records.len(),
        "{}",
        blocks.len()
    );
}

/// The generators reach every case of the schema: for each field and operator, the
/// conditions `strategy::filters` writes hold for some generated sessions and fail for others
/// (at least 1 in 200 each way), on typed sessions and on JSON alike — but for `pr` and
/// `isnull` on the fields every session has, which always and never hold.
#[test]
fn generated_cases_are_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let sessions = strategy::role_mining_sessions(300..301)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let json: Vec<serde_json::Value> = sessions
        .iter()
        .map(|s| serde_json::to_value(s).expect("sessions serialise"))
        .collect();
    let mut wrong = Vec::new();
    for spec in schema().fields() {
        for op in spec.operators().iter() {
            // This field with this operator alone, and no composites: single conditions.
            let operators = sailpoint_filters::OperatorSet::of(&[op]);
            let single = Schema::new("sessions")
                .with_field_spec(
                    sailpoint_filters::FieldSpec::new(
                        spec.path().clone(),
                        spec.field_type(),
                        operators,
                    )
                    .expect("an operator the type takes"),
                )
                .with_composites([]);
            let conditions = strategy::filters(&single);
            let (mut held, mut total) = (0usize, 0usize);
            for _ in 0..100 {
                let condition = conditions.new_tree(&mut runner).unwrap().current();
                let (typed, _) = both_ways(&condition, &sessions);
                assert_eq!(
                    both_ways(&condition, &json).0.len(),
                    typed.len(),
                    "{condition}"
                );
                held += typed.len();
                total += sessions.len();
            }
            let failed = total - held;
            let always_there = ["saved", "identityCount", "createdDate"]
                .contains(&spec.path().as_str())
                && matches!(op, Op::Pr | Op::IsNull);
            let as_expected = if always_there {
                held == if op == Op::Pr { total } else { 0 }
            } else {
                held * 200 >= total && failed * 200 >= total
            };
            if !as_expected {
                wrong.push(format!("{} {op}: held {held} of {total}", spec.path()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "conditions that do not vary as they should:\n{}",
        wrong.join("\n")
    );
}
