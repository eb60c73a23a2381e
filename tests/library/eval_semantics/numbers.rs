//! Numbers and booleans.

use super::*;

#[test]
fn integers_and_floats_compare_numerically_and_exactly() {
    let big = 9_007_199_254_740_993_i64; // 2^53 + 1: no f64 holds it
    check(&[
        ("count eq 1", json!({"count": 1}), true),
        ("count eq 1", json!({"count": 1.0}), true),
        ("count eq 1", json!({"count": 1.5}), false),
        ("count gt 1", json!({"count": 1.5}), true),
        ("count ne 2", json!({"count": 2.0}), false),
        ("count in (1, 2)", json!({"count": 2.0}), true),
        ("score eq 1.0", json!({"score": 1}), true),
        ("score eq 1", json!({"score": 1.0}), true),
        ("score gt 1.5", json!({"score": 2}), true),
        ("score lt 1.5", json!({"score": 2}), false),
        ("score ge 2", json!({"score": 2.0}), true),
        ("score lt 2", json!({"score": 1.5}), true),
        ("score gt 1.5", json!({"score": 1.5}), false),
        ("score ge 1.5", json!({"score": 1.5}), true),
        ("score gt -0.5", json!({"score": 0}), true),
        ("score eq 0", json!({"score": -0.0}), true),
        ("score in (1, 2.5)", json!({"score": 2.5}), true),
        ("score in (1, 2.5)", json!({"score": 2}), false),
        // Not text: 10 > 9.
        ("score gt 9", json!({"score": 10}), true),
        // i64::MAX is just below 2^63, which is what 9223372036854775807.0 rounds to.
        (
            "count eq 9223372036854775807",
            json!({"count": i64::MAX}),
            true,
        ),
        (
            "score eq 9223372036854775808.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score lt 9223372036854775808.0",
            json!({"score": i64::MAX}),
            true,
        ),
        (
            "score ge 9223372036854775808.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score eq 9223372036854775807",
            json!({"score": 9_223_372_036_854_775_808.0}),
            false,
        ),
        (
            "score gt 9223372036854775807",
            json!({"score": 9_223_372_036_854_775_808.0}),
            true,
        ),
        (
            "score lt 9300000000000000000.0",
            json!({"score": i64::MAX}),
            true,
        ),
        (
            "score gt 9300000000000000000.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score gt 9223372036854775807",
            json!({"score": 9.3e18}),
            true,
        ),
        // -2^63 is exactly i64::MIN.
        (
            "score eq -9223372036854775808.0",
            json!({"score": i64::MIN}),
            true,
        ),
        (
            "score gt -9223372036854775808.0",
            json!({"score": i64::MIN}),
            false,
        ),
        (
            "count ge -9223372036854775808",
            json!({"count": i64::MIN}),
            true,
        ),
        // 2^53 + 1 against 2^53: a comparison through f64 would call them equal.
        ("score gt 9007199254740992.0", json!({"score": big}), true),
        ("score eq 9007199254740992.0", json!({"score": big}), false),
        (
            "score eq 9007199254740992",
            json!({"score": 9_007_199_254_740_992.0}),
            true,
        ),
        (
            "count lt 9007199254740993",
            json!({"count": 9_007_199_254_740_992.0}),
            true,
        ),
        (
            "count eq 9007199254740993",
            json!({"count": 9_007_199_254_740_992.0}),
            false,
        ),
    ]);
}

#[test]
fn booleans_support_equality_and_read_quoted_values() {
    check_field(
        "saved",
        &[
            ("saved eq true", json!(true), true),
            ("saved eq true", json!(false), false),
            ("saved eq false", json!(false), true),
            (r#"saved eq "true""#, json!(true), true),
            (r#"saved eq "true""#, json!(false), false),
            (r#"saved eq "false""#, json!(false), true),
            (r#"saved ne "true""#, json!(false), true),
            ("saved ne true", json!(true), false),
            ("saved in (true)", json!(true), true),
            ("saved in (false)", json!(true), false),
            (r#"saved in ("false", true)"#, json!(false), true),
        ],
    );
    // Only equality: ordering operators never hold on booleans, even untyped.
    for (text, record, expected) in [
        ("flag eq true", json!({"flag": true}), true),
        ("flag ne false", json!({"flag": true}), true),
        (r#"flag eq "true""#, json!({"flag": true}), true),
        ("flag gt false", json!({"flag": true}), false),
        ("flag ge true", json!({"flag": true}), false),
        ("flag le true", json!({"flag": true}), false),
        ("flag lt true", json!({"flag": false}), false),
    ] {
        let matcher = compile_open::<Value>(&parse(text));
        assert_eq!(matcher.matches(&record), expected, "{text} on {record}");
    }
    // And a schema cannot allow them: the field spec refuses an ordering operator on a
    // boolean, so no checked filter can hold one.
    for op in [Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Co, Op::Sw, Op::Ca] {
        let err = FieldSpec::new(
            FieldPath::from_static("saved"),
            FieldType::Boolean,
            OperatorSet::of(&[Op::Eq, op]),
        )
        .unwrap_err();
        assert!(
            matches!(&err, SchemaError::OperatorDoesNotApply { field, op: got_op, field_type: FieldType::Boolean, .. } if *field == "saved" && *got_op == op),
            "{:?}",
            err
        );
        assert_eq!(
            err.to_string(),
            format!("field `saved` lists `{op}`, which does not apply to a boolean field")
        );
    }
    let built = std::panic::catch_unwind(|| {
        Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq, Op::Gt])
    });
    assert!(built.is_err(), "a schema in code with `gt` on a boolean");
}

/// SPEC §3: numbers compare numerically, exactly. JSON integers above `i64::MAX` keep their
/// value: 2^63 + 1 is above every `i64` and above the float 2^63, and not equal to it (a reading
/// through `f64` would round it to 2^63).
#[test]
fn json_integers_beyond_i64_compare_exactly() {
    let above = json!({ "score": 9_223_372_036_854_775_809_u64 }); // 2^63 + 1
    check(&[
        ("score gt 9223372036854775807", above.clone(), true),
        ("score eq 9223372036854775808.0", above.clone(), false),
        ("score gt 9223372036854775808.0", above, true),
    ]);
}
