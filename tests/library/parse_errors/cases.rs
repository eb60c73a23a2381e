//! The table of invalid inputs and their messages.

use super::*;

pub(super) const CASES: &[Case] = &[
    // Strings.
    lenient(
        r#"name eq "RM Session"#,
        9,
        r#"
invalid filter at column 9: unterminated string: this quote is never closed
    name eq "RM Session
            ^"#,
    ),
    lenient(
        "name eq 'RM",
        9,
        r#"
invalid filter at column 9: unterminated string: this quote is never closed
    name eq 'RM
            ^"#,
    ),
    lenient(
        r#"a eq "x\n""#,
        8,
        r#"
invalid filter at column 8: invalid escape `\n` in a string: the only escapes are `\"` and `\\`
    a eq "x\n"
           ^^"#,
    ),
    lenient(
        r#"a eq 'x\"'"#,
        8,
        r#"
invalid filter at column 8: invalid escape `\"` in a string: the only escapes are `\'` and `\\`
    a eq 'x\"'
           ^^"#,
    ),
    // Keywords and operators are lowercase.
    lenient(
        r#"name EQ "x""#,
        6,
        r#"
invalid filter at column 6: `EQ` must be lowercase: write `eq`
    name EQ "x"
         ^^"#,
    ),
    lenient(
        "a eq 1 AND b eq 2",
        8,
        r#"
invalid filter at column 8: `AND` must be lowercase: write `and`
    a eq 1 AND b eq 2
           ^^^"#,
    ),
    lenient(
        "NOT a eq 1",
        1,
        r#"
invalid filter at column 1: `NOT` must be lowercase: write `not`
    NOT a eq 1
    ^^^"#,
    ),
    lenient(
        "a eq 1 Or b eq 2",
        8,
        r#"
invalid filter at column 8: `Or` must be lowercase: write `or`
    a eq 1 Or b eq 2
           ^^"#,
    ),
    lenient(
        "PR a",
        1,
        r#"
invalid filter at column 1: `PR` must be lowercase: write `pr`
    PR a
    ^^"#,
    ),
    // `pr` after the field, where the other operators go.
    lenient(
        "a pr",
        3,
        r#"
invalid filter at column 3: `pr` goes before the field: write `pr a`
    a pr
      ^^"#,
    ),
    lenient(
        "createdBy.id PR and b eq 1",
        14,
        r#"
invalid filter at column 14: `pr` goes before the field: write `pr createdBy.id`
    createdBy.id PR and b eq 1
                 ^^"#,
    ),
    lenient(
        "a IsNull",
        3,
        r#"
invalid filter at column 3: `IsNull` must be lowercase: write `isnull`
    a IsNull
      ^^^^^^"#,
    ),
    // Operators that are not V3 operators.
    lenient(
        r#"name ew "x""#,
        6,
        r#"
invalid filter at column 6: `ew` (ends with) is not a SailPoint filter operator; the operators are eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)
    name ew "x"
         ^^"#,
    ),
    lenient(
        r#"name like "x%""#,
        6,
        r#"
invalid filter at column 6: unknown operator `like`; the operators are eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)
    name like "x%"
         ^^^^"#,
    ),
    lenient(
        "a = 1",
        3,
        r#"
invalid filter at column 3: `=` is not an operator: write `eq`
    a = 1
      ^"#,
    ),
    lenient(
        "a != 1",
        3,
        r#"
invalid filter at column 3: `!=` is not an operator: write `ne`
    a != 1
      ^^"#,
    ),
    lenient(
        "a eq 1 && b eq 2",
        8,
        r#"
invalid filter at column 8: `&&` is not a keyword: write `and`
    a eq 1 && b eq 2
           ^^"#,
    ),
    lenient(
        "a eq 1 || b eq 2",
        8,
        r#"
invalid filter at column 8: `||` is not a keyword: write `or`
    a eq 1 || b eq 2
           ^^"#,
    ),
    lenient(
        "!a eq 1",
        1,
        r#"
invalid filter at column 1: `!` is not a keyword: write `not`
    !a eq 1
    ^"#,
    ),
    // Missing pieces.
    lenient(
        "name eq",
        8,
        r#"
invalid filter at column 8: expected a value after `eq`, found the end of the filter
    name eq
           ^"#,
    ),
    lenient(
        "name eq and saved eq true",
        9,
        r#"
invalid filter at column 9: expected a value after `eq`, found `and`
    name eq and saved eq true
            ^^^"#,
    ),
    lenient(
        r#"eq "x""#,
        1,
        r#"
invalid filter at column 1: expected a field name before `eq`
    eq "x"
    ^^"#,
    ),
    lenient(
        r#"saved eq true and sw "RM""#,
        19,
        r#"
invalid filter at column 19: expected a field name before `sw`
    saved eq true and sw "RM"
                      ^^"#,
    ),
    lenient(
        "name",
        5,
        r#"
invalid filter at column 5: expected an operator after field `name`, found the end of the filter
    name
        ^"#,
    ),
    lenient(
        "pr",
        3,
        r#"
invalid filter at column 3: expected a field after `pr`, found the end of the filter
    pr
      ^"#,
    ),
    lenient(
        "pr isnull",
        4,
        r#"
invalid filter at column 4: expected a field after `pr`, found `isnull`
    pr isnull
       ^^^^^^"#,
    ),
    lenient(
        "a eq 1 and",
        11,
        r#"
invalid filter at column 11: expected a condition after `and`, found the end of the filter
    a eq 1 and
              ^"#,
    ),
    lenient(
        "a eq 1 or",
        10,
        r#"
invalid filter at column 10: expected a condition after `or`, found the end of the filter
    a eq 1 or
             ^"#,
    ),
    lenient(
        "a eq 1 and not",
        15,
        r#"
invalid filter at column 15: expected a condition after `not`, found the end of the filter
    a eq 1 and not
                  ^"#,
    ),
    lenient(
        "a eq 1 and and b eq 2",
        12,
        r#"
invalid filter at column 12: expected a condition after `and`, found `and`
    a eq 1 and and b eq 2
               ^^^"#,
    ),
    lenient(
        "or a eq 1",
        1,
        r#"
invalid filter at column 1: expected a condition such as `name eq "x"`, found `or`
    or a eq 1
    ^^"#,
    ),
    lenient(
        "(and a eq 1)",
        2,
        r#"
invalid filter at column 2: expected a condition after `(`, found `and`
    (and a eq 1)
     ^^^"#,
    ),
    lenient(
        "a eq 1 and ()",
        13,
        r#"
invalid filter at column 13: empty parentheses: expected a condition inside
    a eq 1 and ()
                ^"#,
    ),
    // Lists.
    lenient(
        "name in ()",
        9,
        r#"
invalid filter at column 9: `in` needs at least one value in its list
    name in ()
            ^^"#,
    ),
    lenient(
        r#"name eq ("a", "b")"#,
        9,
        r#"
invalid filter at column 9: `eq` compares with one value, not a list; to match any of several values use `in`
    name eq ("a", "b")
            ^^^^^^^^^^"#,
    ),
    lenient(
        r#"groups ca "Venezia""#,
        11,
        r#"
invalid filter at column 11: `ca` takes a list of values in parentheses, as in `ca ("a", "b")`
    groups ca "Venezia"
              ^^^^^^^^^"#,
    ),
    lenient(
        r#"id in ("a" "b")"#,
        12,
        r#"
invalid filter at column 12: expected `,` or `)` in the list, found `"b"`
    id in ("a" "b")
               ^^^"#,
    ),
    lenient(
        r#"id in ("a",)"#,
        12,
        r#"
invalid filter at column 12: expected a value after `,`, found `)`
    id in ("a",)
               ^"#,
    ),
    lenient(
        r#"id in ("a", "b""#,
        7,
        r#"
invalid filter at column 7: the list's `(` is never closed
    id in ("a", "b"
          ^"#,
    ),
    // Parentheses.
    lenient(
        "(a eq 1 and b eq 2",
        1,
        r#"
invalid filter at column 1: `(` is never closed
    (a eq 1 and b eq 2
    ^"#,
    ),
    lenient(
        "a eq 1)",
        7,
        r#"
invalid filter at column 7: `)` has no matching `(`
    a eq 1)
          ^"#,
    ),
    // Trailing input and separators.
    lenient(
        "a eq 1 b eq 2",
        8,
        r#"
invalid filter at column 8: expected `and`, `or` or the end of the filter, found `b`
    a eq 1 b eq 2
           ^"#,
    ),
    lenient(
        "(a eq 1 b eq 2)",
        9,
        r#"
invalid filter at column 9: expected `and`, `or` or `)`, found `b`
    (a eq 1 b eq 2)
            ^"#,
    ),
    lenient(
        r#"saved eq true, name sw "RM""#,
        14,
        r#"
invalid filter at column 14: a comma does not join conditions: use `and` or `or`
    saved eq true, name sw "RM"
                 ^"#,
    ),
    lenient(
        "filters=saved eq true",
        1,
        r#"
invalid filter at column 1: `filters=` is the query parameter, not part of the filter: pass only `saved eq true`
    filters=saved eq true
    ^^^^^^^^"#,
    ),
    // Copied from a URL: the suggestion is the decoded filter, up to the next parameter.
    lenient(
        "filters=saved+eq+%22true%22&limit=5",
        1,
        r#"
invalid filter at column 1: `filters=` is the query parameter, not part of the filter: pass only `saved eq "true"`
    filters=saved+eq+%22true%22&limit=5
    ^^^^^^^^"#,
    ),
    // Spaces say it was not copied from a URL: a `+` in it is a plus sign.
    lenient(
        r#"filters=name eq "a+b""#,
        1,
        r#"
invalid filter at column 1: `filters=` is the query parameter, not part of the filter: pass only `name eq "a+b"`
    filters=name eq "a+b"
    ^^^^^^^^"#,
    ),
    lenient(
        "count=true",
        1,
        r#"
invalid filter at column 1: `count=` starts the `count` query parameter, not a filter: pass it as its own parameter, and only the filter in `filters`
    count=true
    ^^^^^^"#,
    ),
    // Values.
    lenient(
        "name sw “RM Session”",
        9,
        r#"
invalid filter at column 9: expected a value after `sw`, found the typographic quote `“` (strings take straight double quotes): write `"RM Session"`
    name sw “RM Session”
            ^"#,
    ),
    lenient(
        "name in (\"a\", ‘b’)",
        15,
        r#"
invalid filter at column 15: expected a value after `,`, found the typographic quote `‘` (strings take straight double quotes): write `"b"`
    name in ("a", ‘b’)
                  ^"#,
    ),
    // No closing quote: only the kind of quote to use.
    lenient(
        "name eq „x",
        9,
        r#"
invalid filter at column 9: expected a value after `eq`, found the typographic quote `„` (strings take straight double quotes): write `"`
    name eq „x
            ^"#,
    ),
    lenient(
        r#"name in ["a","b]"]"#,
        9,
        r#"
invalid filter at column 9: expected a value after `in`, found `[` (lists are written in parentheses): write `("a","b]")`
    name in ["a","b]"]
            ^"#,
    ),
    lenient(
        "id in [1, 2",
        7,
        r#"
invalid filter at column 7: expected a value after `in`, found `[` (lists are written in parentheses): write `("a", "b")`
    id in [1, 2
          ^"#,
    ),
    lenient(
        "name eq null",
        9,
        r#"
invalid filter at column 9: `null` is not a value: test for null with `field isnull`, or for a value with `pr field`
    name eq null
            ^^^^"#,
    ),
    lenient(
        "count eq 99999999999999999999",
        10,
        r#"
invalid filter at column 10: the number 99999999999999999999 is out of range (integers are 64-bit, floats must be finite)
    count eq 99999999999999999999
             ^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "lastUsed le 2023-02-30T10:59:27Z",
        13,
        r#"
invalid filter at column 13: invalid date-time `2023-02-30T10:59:27Z`: day 30 is not a day of 2023-02, which has 28 days
    lastUsed le 2023-02-30T10:59:27Z
                ^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 2021-09-08T16:11:05.1234567891Z",
        6,
        r#"
invalid filter at column 6: invalid date-time `2021-09-08T16:11:05.1234567891Z`: fractional seconds have 10 digits, at most 9 (nanoseconds) are allowed
    t eq 2021-09-08T16:11:05.1234567891Z
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 0000-01-01T00:00:00+01:00",
        6,
        r#"
invalid filter at column 6: invalid date-time `0000-01-01T00:00:00+01:00`: the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z
    t eq 0000-01-01T00:00:00+01:00
         ^^^^^^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 9999-12-31T23:59:59-00:01",
        6,
        r#"
invalid filter at column 6: invalid date-time `9999-12-31T23:59:59-00:01`: the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z
    t eq 9999-12-31T23:59:59-00:01
         ^^^^^^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 2024-01-01T00:00:00+25:00",
        6,
        r#"
invalid filter at column 6: invalid date-time `2024-01-01T00:00:00+25:00`: the offset +25:00 is not one: its hours are 00 to 23
    t eq 2024-01-01T00:00:00+25:00
         ^^^^^^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 2024-01-01T24:00:00Z",
        6,
        r#"
invalid filter at column 6: invalid date-time `2024-01-01T24:00:00Z`: the time 24:00:00 is not one: hours are 00 to 23, minutes 00 to 59, seconds 00 to 60
    t eq 2024-01-01T24:00:00Z
         ^^^^^^^^^^^^^^^^^^^^"#,
    ),
    lenient(
        "t eq 2024-13-01T00:00:00Z",
        6,
        r#"
invalid filter at column 6: invalid date-time `2024-13-01T00:00:00Z`: month 13 is not a month: months are 01 to 12
    t eq 2024-13-01T00:00:00Z
         ^^^^^^^^^^^^^^^^^^^^"#,
    ),
    // Fields.
    lenient(
        "created-by eq 1",
        1,
        r#"
invalid filter at column 1: `created-by` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a keyword), joined by `.`
    created-by eq 1
    ^^^^^^^^^^"#,
    ),
    lenient(
        "1a eq 1",
        1,
        r#"
invalid filter at column 1: expected a condition such as `name eq "x"`, found `1a`
    1a eq 1
    ^^"#,
    ),
    // The strict syntax.
    strict(
        "status eq PENDING",
        11,
        r#"
invalid filter at column 11: unquoted text `PENDING` (the strict syntax needs double quotes): write "PENDING"
    status eq PENDING
              ^^^^^^^"#,
    ),
    strict(
        "id eq 550e8400-e29b-41d4-a716-446655440000",
        7,
        r#"
invalid filter at column 7: unquoted text `550e8400-e29b-41d4-a716-446655440000` (the strict syntax needs double quotes): write "550e8400-e29b-41d4-a716-446655440000"
    id eq 550e8400-e29b-41d4-a716-446655440000
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#,
    ),
    strict(
        r#"name eq 'say "hi"'"#,
        9,
        r#"
invalid filter at column 9: single-quoted string (the strict syntax needs double quotes): write "say \"hi\""
    name eq 'say "hi"'
            ^^^^^^^^^^"#,
    ),
    strict(
        "t ge 2021-09-08T16:11:05",
        6,
        r#"
invalid filter at column 6: invalid date-time `2021-09-08T16:11:05`: expected the form 2018-12-18T23:05:55Z or 2023-02-05T10:59:27.214+02:00
    t ge 2021-09-08T16:11:05
         ^^^^^^^^^^^^^^^^^^^"#,
    ),
];
