//! Rejections: role mining sessions, and a schema with a field of every type.

use super::*;

#[test]
fn role_mining_rejections() {
    assert_rejections(
        role_mining(),
        &lenient(),
        &[
            // Unknown fields, with the closest known field suggested.
            (
                r#"nmae eq "x""#,
                r#"invalid filter for role-mining-sessions at column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x"
    ^^^^"#,
            ),
            (
                "Saved eq true",
                "invalid filter for role-mining-sessions at column 1: unknown field `Saved` for role-mining-sessions; did you mean `saved`? Filterable fields: saved, name
    Saved eq true
    ^^^^^",
            ),
            // Operators the field does not support, with those it does.
            (
                r#"saved sw "x""#,
                r#"invalid filter for role-mining-sessions at column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    saved sw "x"
          ^^"#,
            ),
            (
                r#"name co "x""#,
                r#"invalid filter for role-mining-sessions at column 6: `co` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name co "x"
         ^^"#,
            ),
            (
                "saved ne true",
                "invalid filter for role-mining-sessions at column 7: `ne` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    saved ne true
          ^^",
            ),
            (
                r#"name in ("a", "b")"#,
                r#"invalid filter for role-mining-sessions at column 6: `in` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name in ("a", "b")
         ^^"#,
            ),
            (
                "pr name",
                "invalid filter for role-mining-sessions at column 1: `pr` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    pr name
    ^^",
            ),
            (
                "name isnull",
                "invalid filter for role-mining-sessions at column 6: `isnull` is not supported on field `name` of role-mining-sessions; `name` supports: eq, sw
    name isnull
         ^^^^^^",
            ),
            // Values of the wrong type, the caret under the value.
            (
                r#"saved eq "yes""#,
                r#"invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not "yes"
    saved eq "yes"
             ^^^^^"#,
            ),
            (
                "saved eq 1",
                "invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not 1
    saved eq 1
             ^",
            ),
            (
                // Only the lowercase spellings are booleans, as in the language itself.
                r#"saved eq "TRUE""#,
                r#"invalid filter for role-mining-sessions at column 10: `saved` is a boolean field and takes true or false (quoted or not), not "TRUE"
    saved eq "TRUE"
             ^^^^^^"#,
            ),
            (
                "name eq true",
                "invalid filter for role-mining-sessions at column 9: `name` is a string field and takes a string, not true
    name eq true
            ^^^^",
            ),
            // Every problem is reported, in reading order, each under its own token. Excerpts
            // keep 40 characters either side of the token, so the first one is cut short.
            (
                r#"nmae eq "x" and saved sw "y" or name eq false"#,
                r#"invalid filter for role-mining-sessions (3 problems):
column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x" and saved sw "y" or name eq false
    ^^^^
column 23: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
    nmae eq "x" and saved sw "y" or name eq false
                          ^^
column 41: `name` is a string field and takes a string, not false
    nmae eq "x" and saved sw "y" or name eq false
                                            ^^^^^"#,
            ),
            (
                r#"not (saved eq "no" or nme sw "RM")"#,
                r#"invalid filter for role-mining-sessions (2 problems):
column 15: `saved` is a boolean field and takes true or false (quoted or not), not "no"
    not (saved eq "no" or nme sw "RM")
                  ^^^^
column 23: unknown field `nme` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    not (saved eq "no" or nme sw "RM")
                          ^^^"#,
            ),
            // A filter over several lines: positions name the line, the excerpt is that line.
            (
                "nmae eq \"x\" and\n saved eq 2",
                r#"invalid filter for role-mining-sessions (2 problems):
line 1, column 1: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
    nmae eq "x" and
    ^^^^
line 2, column 11: `saved` is a boolean field and takes true or false (quoted or not), not 2
     saved eq 2
              ^"#,
            ),
        ],
    );
}

#[test]
fn strict_syntax_rejects_a_bare_integer_for_a_string_field() {
    assert_rejections(
        role_mining(),
        &strict(),
        &[(
            "name eq 12345",
            r#"invalid filter for role-mining-sessions at column 9: `name` is a string field and takes a string, not 12345 (the strict syntax needs quotes: "12345")
    name eq 12345
            ^^^^^"#,
        )],
    );
}

// =============================================================================================
// Rejections, a schema with a field of every type
// =============================================================================================

#[test]
fn typed_field_rejections() {
    assert_rejections(
        &accounts(),
        &lenient(),
        &[
            (
                r#"created eq "yesterday""#,
                r#"invalid filter for accounts at column 12: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "yesterday"
    created eq "yesterday"
               ^^^^^^^^^^^"#,
            ),
            (
                // A date without a time is a bare word, not a date-time.
                "created gt 2025-08-01",
                r#"invalid filter for accounts at column 12: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "2025-08-01"
    created gt 2025-08-01
               ^^^^^^^^^^"#,
            ),
            (
                r#"score eq "2.5""#,
                r#"invalid filter for accounts at column 10: `score` is a number field and takes a number, not "2.5"
    score eq "2.5"
             ^^^^^"#,
            ),
            (
                "score gt true",
                "invalid filter for accounts at column 10: `score` is a number field and takes a number, not true
    score gt true
             ^^^^",
            ),
            (
                "tags eq true",
                "invalid filter for accounts at column 9: `tags` is a string collection field and takes a string, not true
    tags eq true
            ^^^^",
            ),
            (
                r#"id co "x""#,
                r#"invalid filter for accounts at column 4: `co` is not supported on field `id` of accounts; `id` supports: eq, in
    id co "x"
       ^^"#,
            ),
            // Composite operators the endpoint does not support: each `not` is reported.
            (
                r#"not name eq "a""#,
                r#"invalid filter for accounts at column 1: `not` is not supported by accounts; composite operators: and, or
    not name eq "a"
    ^^^"#,
            ),
            (
                r#"not not name eq "a""#,
                r#"invalid filter for accounts (2 problems):
column 1: `not` is not supported by accounts; composite operators: and, or
    not not name eq "a"
    ^^^
column 5: `not` is not supported by accounts; composite operators: and, or
    not not name eq "a"
        ^^^"#,
            ),
            // Inside a list, the caret is under the bad item (the bare 2 reads as "2").
            (
                r#"id in ("a", 2, true, "d")"#,
                r#"invalid filter for accounts at column 16: `id` is a string field and takes a string, not true
    id in ("a", 2, true, "d")
                   ^^^^"#,
            ),
            (
                r#"tags ca ("a", false, 3.5)"#,
                r#"invalid filter for accounts (2 problems):
column 15: `tags` is a string collection field and takes a string, not false
    tags ca ("a", false, 3.5)
                  ^^^^^
column 22: `tags` is a string collection field and takes a string, not 3.5
    tags ca ("a", false, 3.5)
                         ^^^"#,
            ),
            // Value, composite and list problems together, in reading order; the excerpts
            // are windowed around each token.
            (
                r#"disabled eq "yes" and not created lt "soon" or tags ca (1.5)"#,
                r#"invalid filter for accounts (4 problems):
column 13: `disabled` is a boolean field and takes true or false (quoted or not), not "yes"
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                ^^^^^
column 23: `not` is not supported by accounts; composite operators: and, or
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                          ^^^
column 38: `created` is a date-time field and takes an RFC 3339 date-time such as 2018-12-18T23:05:55Z (quoted or not), not "soon"
    disabled eq "yes" and not created lt "soon" or tags ca (1.5)
                                         ^^^^^^
column 57: `tags` is a string collection field and takes a string, not 1.5
    …" and not created lt "soon" or tags ca (1.5)
                                             ^^^"#,
            ),
        ],
    );
}

#[test]
fn strict_syntax_rejects_bare_integers_in_lists_too() {
    assert_rejections(
        &accounts(),
        &strict(),
        &[
            (
                "id eq 5",
                r#"invalid filter for accounts at column 7: `id` is a string field and takes a string, not 5 (the strict syntax needs quotes: "5")
    id eq 5
          ^"#,
            ),
            (
                r#"id in ("x", 12)"#,
                r#"invalid filter for accounts at column 13: `id` is a string field and takes a string, not 12 (the strict syntax needs quotes: "12")
    id in ("x", 12)
                ^^"#,
            ),
        ],
    );
}
