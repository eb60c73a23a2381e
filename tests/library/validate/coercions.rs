//! Coercions that succeed.

use super::*;

#[test]
fn booleans_may_be_quoted() {
    let schema = role_mining();
    assert_accepted(schema, &lenient(), r#"saved eq "true""#, "saved eq true");
    assert_accepted(schema, &lenient(), r#"saved eq "false""#, "saved eq false");
    assert_accepted(schema, &strict(), r#"saved eq "true""#, "saved eq true");
    assert_accepted(
        schema,
        &lenient(),
        r#"saved eq "true" and name sw "RM Session""#,
        r#"saved eq true and name sw "RM Session""#,
    );
}

#[test]
fn date_times_may_be_quoted_and_print_in_utc() {
    let schema = accounts();
    assert_accepted(
        &schema,
        &lenient(),
        r#"created ge "2022-02-07T20:13:29.356648026Z""#,
        "created ge 2022-02-07T20:13:29.356648026Z",
    );
    assert_accepted(
        &schema,
        &strict(),
        r#"created lt "2023-02-05T10:59:27.214+02:00""#,
        "created lt 2023-02-05T08:59:27.214Z",
    );
    assert_accepted(
        &schema,
        &lenient(),
        "created gt 2020-01-01T00:00:00Z",
        "created gt 2020-01-01T00:00:00Z",
    );
}

#[test]
fn lenient_spellings_become_strings_on_string_fields() {
    let schema = accounts();
    let cases = [
        ("id eq 12345", r#"id eq "12345""#),
        ("id eq -7", r#"id eq "-7""#),
        ("id in (2c91, 42)", r#"id in ("2c91", "42")"#),
        ("tags ca (1, 'b')", r#"tags ca ("1", "b")"#),
        ("name sw RM", r#"name sw "RM""#),
    ];
    for (text, canonical) in cases {
        assert_accepted(&schema, &lenient(), text, canonical);
    }
    // Role mining's `name` takes the same spellings.
    assert_accepted(
        role_mining(),
        &lenient(),
        "name eq 2024",
        r#"name eq "2024""#,
    );
}

#[test]
fn numbers_keep_their_kind() {
    let schema = accounts();
    assert_accepted(&schema, &strict(), "score gt 1", "score gt 1");
    assert_accepted(&schema, &strict(), "score lt 2.5", "score lt 2.5");
    assert_accepted(&schema, &strict(), "logins in (1, -2)", "logins in (1, -2)");
}

#[test]
fn untyped_fields_accept_any_value_as_written() {
    let schema = accounts();
    let cases = [
        r#"attributes.department eq "true""#,
        "attributes.department eq true",
        "attributes.department eq 5",
        "attributes.department gt 2.5",
        "attributes.department sw 2020-01-01T00:00:00Z",
        r#"attributes.department ca ("a", 1, false)"#,
        "pr attributes.department",
        "attributes.department isnull",
    ];
    for text in cases {
        assert_accepted(&schema, &strict(), text, text);
    }
    // Nothing is coerced: the quoted "true" stays a string.
    let checked = schema
        .parse_filter(r#"attributes.department eq "true""#, &lenient())
        .unwrap();
    assert_ne!(
        checked.filter(),
        &Filter::parse("attributes.department eq true").unwrap()
    );
}

#[test]
fn composites_the_endpoint_allows_pass() {
    assert_accepted(
        &accounts(),
        &lenient(),
        r#"(name sw "a" or name sw "b") and disabled eq false"#,
        r#"(name sw "a" or name sw "b") and disabled eq false"#,
    );
    assert_accepted(
        role_mining(),
        &lenient(),
        r#"not (saved eq "false" or name sw "RM")"#,
        r#"not (saved eq false or name sw "RM")"#,
    );
}
