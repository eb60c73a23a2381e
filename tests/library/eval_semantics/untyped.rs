//! Untyped evaluation.

use super::*;

#[test]
fn an_open_schema_reads_any_field_and_refuses_no_operator() {
    for (text, record, expected) in [
        (
            r#"tags ca ("a", "B") and not pr deleted"#,
            json!({"tags": ["b", "c", "A"]}),
            true,
        ),
        (
            r#"tags ca ("a", "B") and not pr deleted"#,
            json!({"tags": ["b", "A"], "deleted": false}),
            false,
        ),
        (r#"anything eq "X""#, json!({"anything": "x"}), true),
        (r#"anything co "ß""#, json!({"anything": "STRASSE"}), false),
        ("a.b.c eq 1", json!({"a": {"b": {"c": 1}}}), true),
        ("a.b.c eq 1", json!({"a": {"b": {"c": 1.0}}}), true),
        ("a.b.c ne 1", json!({"a": {"b": null}}), true),
        ("n gt 1.5", json!({"n": 2}), true),
        ("n lt 1.5", json!({"n": 2}), false),
        (
            "t gt 2024-01-01T00:00:00Z",
            json!({"t": "2024-01-01T01:00:00+00:30"}),
            true,
        ),
        (
            "t lt 2024-01-01T00:00:00Z",
            json!({"t": "2024-01-01T01:00:00+01:30"}),
            true,
        ),
        (
            r#"t eq "2024-01-01T00:00:00Z""#,
            json!({"t": "2024-01-01T01:00:00+01:00"}),
            true,
        ),
        ("x ne 1", json!({}), true),
        ("x isnull", json!({"x": null}), true),
        // An object is present, and equal to nothing.
        ("x isnull", json!({"x": {}}), false),
        ("pr x", json!({"x": {}}), true),
        (r#"x eq "a""#, json!({"x": {"y": "a"}}), false),
        (r#"x ne "a""#, json!({"x": {"y": "a"}}), true),
        (r#"x in ("a", "b")"#, json!({"x": ["c", "B"]}), true),
        (r#"x sw "" and x co """#, json!({"x": "a"}), true),
        (r#"x sw """#, json!({"x": null}), false),
    ] {
        let matcher = compile_open::<Value>(&parse(text));
        assert_eq!(matcher.matches(&record), expected, "{text} on {record}");
        let not = compile_open::<Value>(&parse(text).not());
        assert_eq!(not.matches(&record), !expected, "not ({text}) on {record}");
    }
}
