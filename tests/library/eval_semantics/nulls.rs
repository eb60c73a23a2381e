//! Null and missing fields.

use super::*;

/// Every operator, on every field type, with its result on a null or missing field: comparisons
/// false, `ne` true (it is `not eq`), `isnull` true, `pr` false.
pub(super) const ON_NULL: &[(&str, &str, bool)] = &[
    ("name", r#"name eq "a""#, false),
    ("name", r#"name ne "a""#, true),
    ("name", r#"name gt "a""#, false),
    ("name", r#"name ge "a""#, false),
    ("name", r#"name lt "a""#, false),
    ("name", r#"name le "a""#, false),
    ("name", r#"name co "a""#, false),
    ("name", r#"name co """#, false),
    ("name", r#"name sw "a""#, false),
    ("name", r#"name sw """#, false),
    ("name", r#"name in ("a", "")"#, false),
    ("name", "pr name", false),
    ("name", "name isnull", true),
    ("code", r#"code eq "A""#, false),
    ("code", r#"code ne "A""#, true),
    ("code", r#"code gt "A""#, false),
    ("code", r#"code ge "A""#, false),
    ("code", r#"code lt "A""#, false),
    ("code", r#"code le "A""#, false),
    ("code", r#"code co "A""#, false),
    ("code", r#"code sw "A""#, false),
    ("code", r#"code in ("A")"#, false),
    ("code", "pr code", false),
    ("code", "code isnull", true),
    ("saved", "saved eq true", false),
    ("saved", "saved eq false", false),
    ("saved", r#"saved eq "false""#, false),
    ("saved", "saved ne true", true),
    ("saved", "saved ne false", true),
    ("saved", "saved in (true, false)", false),
    ("saved", "pr saved", false),
    ("saved", "saved isnull", true),
    ("count", "count eq 0", false),
    ("count", "count ne 0", true),
    ("count", "count gt -1", false),
    ("count", "count ge 0", false),
    ("count", "count lt 1", false),
    ("count", "count le 0", false),
    ("count", "count in (0, 1)", false),
    ("count", "pr count", false),
    ("count", "count isnull", true),
    ("score", "score eq 0.0", false),
    ("score", "score ne 0", true),
    ("score", "score gt -1.5", false),
    ("score", "score ge 0", false),
    ("score", "score lt 1.5", false),
    ("score", "score le 0.0", false),
    ("score", "score in (0, 0.5)", false),
    ("score", "pr score", false),
    ("score", "score isnull", true),
    ("created", "created eq 2024-01-01T00:00:00Z", false),
    ("created", "created ne 2024-01-01T00:00:00Z", true),
    ("created", "created gt 0001-01-01T00:00:00Z", false),
    ("created", r#"created ge "0001-01-01T00:00:00Z""#, false),
    ("created", "created lt 9999-01-01T00:00:00Z", false),
    ("created", "created le 9999-01-01T00:00:00+05:00", false),
    ("created", "created in (2024-01-01T00:00:00Z)", false),
    ("created", "pr created", false),
    ("created", "created isnull", true),
    ("tags", r#"tags eq "a""#, false),
    ("tags", r#"tags ne "a""#, true),
    ("tags", r#"tags gt "a""#, false),
    ("tags", r#"tags ge "a""#, false),
    ("tags", r#"tags lt "a""#, false),
    ("tags", r#"tags le "a""#, false),
    ("tags", r#"tags co """#, false),
    ("tags", r#"tags sw """#, false),
    ("tags", r#"tags in ("a")"#, false),
    ("tags", r#"tags ca ("a")"#, false),
    ("tags", "pr tags", false),
    ("tags", "tags isnull", true),
    ("owner.name", r#"owner.name eq "a""#, false),
    ("owner.name", r#"owner.name ne "a""#, true),
    ("owner.name", r#"owner.name co "a""#, false),
    ("owner.name", r#"owner.name sw "a""#, false),
    ("owner.name", r#"owner.name in ("a")"#, false),
    ("owner.name", "pr owner.name", false),
    ("owner.name", "owner.name isnull", true),
];

#[test]
fn every_operator_on_a_null_or_missing_field() {
    // Every field of the schema is in the table, with all the operators it allows.
    for spec in schema().fields() {
        let field = spec.path().as_str();
        for op in spec.operators().iter() {
            let covered = ON_NULL.iter().any(|(f, text, _)| {
                *f == field && parse(text).conditions().any(|(c, _)| c.op() == op)
            });
            assert!(covered, "no null row for `{field} {op}`");
        }
    }
    let mut rows = Vec::new();
    for (field, text, expected) in ON_NULL {
        // Missing, then null.
        rows.push((*text, json!({}), *expected));
        if let Some((outer, _)) = field.split_once('.') {
            // A dotted path is null when any object on the way is null or missing.
            rows.push((*text, json!({ outer: null }), *expected));
            rows.push((*text, json!({ outer: {} }), *expected));
            rows.push((*text, json!({ outer: {"name": null} }), *expected));
            rows.push((*text, json!({ outer: "not an object" }), *expected));
        } else {
            rows.push((*text, json!({ *field: null }), *expected));
        }
        // Another field being set changes nothing.
        rows.push((*text, json!({"other": "a", "name2": 0}), *expected));
    }
    check(&rows);
}

#[test]
fn not_flips_null_results_however_deep() {
    let record = json!({"name": null});
    let schema = schema();
    for (text, expected) in [
        (r#"name eq "a""#, false),
        (r#"not name eq "a""#, true),
        (r#"not not name eq "a""#, false),
        (r#"not not not name eq "a""#, true),
        (r#"not name ne "a""#, false),
        ("not name isnull", false),
        ("not pr name", true),
        (r#"not (name eq "a" or name ne "a")"#, false),
        (r#"not (name eq "a" and name ne "a")"#, true),
        // `not` binds tighter than `and`, which binds tighter than `or`.
        (r#"not name eq "a" or name eq "b" and name eq "c""#, true),
        (r#"not (name eq "a" or name eq "b") and name isnull"#, true),
        (r#"name isnull and not pr name and name ne """#, true),
    ] {
        let matcher = compile_for::<Value>(&parse(text), &schema);
        assert_eq!(matcher.matches(&record), expected, "{text}");
    }
}
