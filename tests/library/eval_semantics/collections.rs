//! `in`, `ca` and collections.

use super::*;

#[test]
fn in_holds_when_the_field_equals_one_of_the_values() {
    check(&[
        (r#"name in ("a", "B")"#, json!({"name": "b"}), true),
        (r#"name in ("a", "B")"#, json!({"name": "A"}), true),
        (r#"name in ("a", "B")"#, json!({"name": "c"}), false),
        (r#"name in ("a", "B")"#, json!({"name": ""}), false),
        (r#"name in ("a", "B")"#, json!({"name": "ab"}), false),
        (r#"name in ("")"#, json!({"name": ""}), true),
        (
            r#"owner.name in ("ann", "bob")"#,
            json!({"owner": {"name": "ANN"}}),
            true,
        ),
        ("count in (3, 4)", json!({"count": 4}), true),
        ("count in (3, 4)", json!({"count": 5}), false),
        (
            r#"created in ("2024-01-01T10:00:00+02:00")"#,
            json!({"created": "2024-01-01T08:00:00Z"}),
            true,
        ),
        // On a collection: some element equals some value.
        (r#"tags in ("x", "y")"#, json!({"tags": ["a", "Y"]}), true),
        (r#"tags in ("x", "y")"#, json!({"tags": ["a"]}), false),
        (r#"tags in ("x", "y")"#, json!({"tags": []}), false),
    ]);
}

#[test]
fn ca_holds_when_the_collection_contains_every_value() {
    check_field(
        "tags",
        &[
            (r#"tags ca ("a", "b")"#, json!(["B", "c", "A"]), true),
            (r#"tags ca ("a", "b")"#, json!(["b", "a"]), true),
            (r#"tags ca ("a", "b")"#, json!(["a", "c"]), false),
            (r#"tags ca ("a", "b")"#, json!(["a"]), false),
            (r#"tags ca ("a", "b")"#, json!(["ab"]), false),
            (r#"tags ca ("a", "b")"#, json!([]), false),
            (r#"tags ca ("a")"#, json!(["A"]), true),
            (r#"tags ca ("a", "a")"#, json!(["a"]), true),
            (r#"tags ca ("ü", "SS")"#, json!(["Ü", "ss"]), true),
            (r#"tags ca ("ü", "SS")"#, json!(["Ü", "ß"]), false),
            (r#"tags ca ("")"#, json!([""]), true),
            (r#"tags ca ("")"#, json!(["a"]), false),
        ],
    );
}

#[test]
fn a_scalar_comparison_on_a_collection_holds_if_it_holds_for_some_element() {
    check_field(
        "tags",
        &[
            (r#"tags eq "b""#, json!(["a", "B"]), true),
            (r#"tags eq "c""#, json!(["a", "B"]), false),
            // `ne` is `not eq`: false as soon as one element is equal.
            (r#"tags ne "b""#, json!(["a", "B"]), false),
            (r#"tags ne "b""#, json!(["a"]), true),
            (r#"tags ne "b""#, json!([]), true),
            (r#"tags eq "a""#, json!([]), false),
            (r#"tags sw "pro""#, json!(["dev", "Production"]), true),
            (r#"tags sw "x""#, json!(["dev", "Production"]), false),
            (r#"tags co "DUCT""#, json!(["dev", "Production"]), true),
            (r#"tags co """#, json!([]), false),
            (r#"tags co """#, json!(["x"]), true),
            (r#"tags gt "m""#, json!(["a", "z"]), true),
            (r#"tags gt "m""#, json!(["a", "b"]), false),
            (r#"tags lt "b""#, json!(["c", "A"]), true),
            (r#"tags le "a""#, json!(["c", "A"]), true),
            (r#"tags ge "d""#, json!(["c", "A"]), false),
            // An empty collection is present: neither null nor missing.
            ("tags isnull", json!([]), false),
            ("pr tags", json!([]), true),
            ("tags isnull", json!(["a"]), false),
        ],
    );
    // JSON arrays anywhere are collections; null elements never match.
    check(&[
        (r#"tags eq "a""#, json!({"tags": [null, "A"]}), true),
        (r#"tags eq "a""#, json!({"tags": [null]}), false),
        ("tags isnull", json!({"tags": [null]}), false),
        (r#"name eq "b""#, json!({"name": ["a", "b"]}), true),
        (r#"name sw "b""#, json!({"name": ["a", "bc"]}), true),
        ("count gt 5", json!({"count": [1, 7]}), true),
        ("count gt 5", json!({"count": [1, 2]}), false),
        (
            "created gt 2024-01-01T00:00:00Z",
            json!({"created": ["2023-01-01T00:00:00Z", "2025-01-01T00:00:00+09:00"]}),
            true,
        ),
    ]);
}

#[test]
fn typed_string_collections_match_like_json_arrays() {
    let schema = schema();
    let doc = |tags: &[&str]| Doc {
        tags: Some(tags.iter().map(|s| s.to_string()).collect()),
        ..Doc::default()
    };
    for (text, tags, expected) in [
        (r#"tags ca ("a", "b")"#, &["B", "c", "A"][..], true),
        (r#"tags ca ("a", "b")"#, &["a", "c"][..], false),
        (r#"tags ca ("a")"#, &[][..], false),
        (r#"tags eq "b""#, &["a", "B"][..], true),
        (r#"tags ne "b""#, &["a", "B"][..], false),
        (r#"tags in ("x", "ü")"#, &["a", "Ü"][..], true),
        (r#"tags sw "PRO""#, &["dev", "production"][..], true),
        (r#"tags gt "m""#, &["a", "b"][..], false),
        ("tags isnull", &[][..], false),
    ] {
        let matcher = compile_for::<Doc>(&parse(text), &schema);
        assert_eq!(matcher.matches(&doc(tags)), expected, "{text} on {tags:?}");
        // No tags at all is null: only `ne` and `isnull` hold.
        let on_null = text.contains(" ne ") || text.contains("isnull");
        assert_eq!(
            matcher.matches(&Doc::default()),
            on_null,
            "{text} on no tags"
        );
    }
}
