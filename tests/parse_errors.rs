//! Invalid filters → the exact error a person sees: the message line, the excerpt and the
//! carets, and the 1-based column (SPEC §1.4).
//!
//! `ParseProblem::Unexpected` and `ParseProblem::Internal` have no row: the grammar's error
//! productions make every input reach the walker, so they are reached only through a defect
//! (the fuzz target and the property tests look for such inputs).

use sailpoint_filters::filter::Found;
use sailpoint_filters::{
    FieldPath, Filter, Limits, ParseError, ParseOptions, ParseProblem, Syntax,
};

struct Case {
    input: &'static str,
    strict: bool,
    line: usize,
    column: usize,
    /// The full `Display` text; a leading newline is dropped so the text can start on its own
    /// line in the table.
    display: &'static str,
}

const fn lenient(input: &'static str, column: usize, display: &'static str) -> Case {
    Case {
        input,
        strict: false,
        line: 1,
        column,
        display,
    }
}

const fn strict(input: &'static str, column: usize, display: &'static str) -> Case {
    Case {
        input,
        strict: true,
        line: 1,
        column,
        display,
    }
}

const OPERATORS: &str =
    "eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)";

const CASES: &[Case] = &[
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

fn check(case: &Case) -> Result<(), String> {
    let options = ParseOptions {
        syntax: if case.strict {
            Syntax::Strict
        } else {
            Syntax::Lenient
        },
        ..ParseOptions::default()
    };
    let expected = case.display.strip_prefix('\n').unwrap_or(case.display);
    let err = match Filter::parse_with(case.input, &options) {
        Ok(filter) => return Err(format!("{:?} parsed as {filter}", case.input)),
        Err(err) => err,
    };
    let shown = err.to_string();
    if shown != expected {
        return Err(format!(
            "{:?}\n--- got:\n{shown}\n--- expected:\n{expected}",
            case.input
        ));
    }
    if (err.line(), err.column()) != (Some(case.line), Some(case.column)) {
        return Err(format!(
            "{:?}: at line {:?} column {:?}, expected line {} column {}",
            case.input,
            err.line(),
            err.column(),
            case.line,
            case.column
        ));
    }
    // The message line is the one-line `message()` behind "invalid filter at ".
    let first_line = shown.lines().next().unwrap_or_default();
    if first_line != format!("invalid filter at {}", err.message()) {
        return Err(format!(
            "{:?}: message() disagrees: {}",
            case.input,
            err.message()
        ));
    }
    Ok(())
}

#[test]
fn each_invalid_input_gets_its_message() {
    let failures: Vec<String> = CASES.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_table_has_distinct_inputs() {
    let mut inputs: Vec<_> = CASES.iter().map(|c| (c.input, c.strict)).collect();
    inputs.sort();
    inputs.dedup();
    assert_eq!(inputs.len(), CASES.len());
    assert!(CASES.len() >= 30);
}

#[test]
fn the_strict_cases_parse_leniently() {
    for case in CASES.iter().filter(|c| c.strict) {
        let ok = Filter::parse(case.input).is_ok();
        // The broken date-time is a bare word in the lenient syntax.
        assert!(ok, "{:?} should parse in the lenient syntax", case.input);
    }
}

#[test]
fn operator_lists_agree() {
    let err = Filter::parse("a ew 1").unwrap_err();
    assert!(err.to_string().ends_with(&format!(
        "the operators are {OPERATORS}\n    a ew 1\n      ^^"
    )));
}

#[test]
fn an_empty_filter_says_so() {
    for (input, column, excerpt, carets) in [
        ("", 1, "", "^"),
        ("   ", 4, "", "   ^"),
        ("\t\n", 1, "", "^"),
    ] {
        let err = Filter::parse(input).unwrap_err();
        assert_eq!(err.kind(), &ParseProblem::Empty, "{input:?}");
        assert_eq!(err.column(), Some(column), "{input:?}");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.split('\n').collect();
        assert!(
            lines[0].ends_with("the filter is empty; write a condition such as `name eq \"x\"`"),
            "{shown}"
        );
        assert_eq!(lines[1], format!("    {excerpt}"), "{input:?}");
        assert_eq!(lines[2], format!("    {carets}"), "{input:?}");
    }
}

#[test]
fn multi_line_input_reports_line_and_column() {
    let err = Filter::parse("saved eq true and\n  name SW \"RM\"").unwrap_err();
    assert_eq!((err.line(), err.column()), (Some(2), Some(8)));
    assert_eq!(
        err.to_string(),
        concat!(
            "invalid filter at line 2, column 8: `SW` must be lowercase: write `sw`\n",
            "      name SW \"RM\"\n",
            "           ^^",
        )
    );

    // CR LF line ends; the excerpt is the offending line only, without its CR.
    let err = Filter::parse("a eq 1 and\r\nb eq 2 and\r\n(c eq 3").unwrap_err();
    assert_eq!((err.line(), err.column()), (Some(3), Some(1)));
    assert_eq!(
        err.to_string(),
        "invalid filter at line 3, column 1: `(` is never closed\n    (c eq 3\n    ^"
    );

    // The error is on the first line, but the position still names the line.
    let err = Filter::parse("a EQ 1\nand b eq 2").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at line 1, column 3: `EQ` must be lowercase: write `eq`\n    a EQ 1\n      ^^"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let err = Filter::parse("name eq \"Zürich\" AND x eq 1").unwrap_err();
    assert_eq!(err.column(), Some(18));
    assert_eq!(err.span().map(|s| s.start), Some(18));
    assert_eq!(
        err.to_string(),
        concat!(
            "invalid filter at column 18: `AND` must be lowercase: write `and`\n",
            "    name eq \"Zürich\" AND x eq 1\n",
            "                     ^^^",
        )
    );
}

#[test]
fn a_long_line_is_windowed_around_the_problem() {
    // 60 conditions before the mistake and 60 after: the excerpt keeps 40 characters each side.
    let before = "a eq 1 and ".repeat(60);
    let after = " 1 and b eq 2".to_owned() + &" and b eq 2".repeat(59);
    let input = format!("{before}c EQ{after}");
    let err = Filter::parse(&input).unwrap_err();
    assert_eq!(err.column(), Some(before.chars().count() + 3));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column 663: `EQ` must be lowercase: write `eq`\n    \
             … and a eq 1 and a eq 1 and a eq 1 and c EQ 1 and b eq 2 and b eq 2 and b eq 2 and …\n    \
             {}^^",
            " ".repeat(41)
        )
    );
}

#[test]
fn a_long_token_is_cut_in_the_message() {
    let word = "x".repeat(100);
    let err = Filter::parse(&format!("a eq 1 {word}")).unwrap_err();
    assert_eq!(
        err.kind(),
        &ParseProblem::ExpectedJunctionOrEnd {
            found: Found::Text(format!("{}…", "x".repeat(40)))
        }
    );
}

#[test]
fn a_control_character_is_shown_escaped() {
    let err = Filter::parse("a eq 1 \u{1}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 8: expected `and`, `or` or the end of the filter, found `\\u{1}`\n    \
         a eq 1\n           ^"
    );
}

// ------------------------------------------------------------------------------------------
// Limits
// ------------------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let input = format!("{}a eq 1{}", "(".repeat(100_000), ")".repeat(100_000));
    let err = Filter::parse(&input).unwrap_err();
    assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });
    // The 65th `(` is the one too many.
    assert_eq!(err.column(), Some(65));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column 65: parentheses and `not`s are nested more than 64 deep, over the nesting limit\n    \
             …{}…\n    {}^",
            "(".repeat(81),
            " ".repeat(41)
        )
    );
}

#[test]
fn nots_count_towards_the_nesting_limit() {
    // Sixty-four levels are allowed, however they are made up.
    let nots = format!("{}a eq 1", "not ".repeat(64));
    let filter = Filter::parse(&nots).unwrap();
    assert_eq!(filter.depth(), 65);
    assert_eq!(filter.to_string(), nots);
    let mixed = format!("{}a eq 1{}", "not (".repeat(32), ")".repeat(32));
    assert!(Filter::parse(&mixed).is_ok());

    // The 65th is one too many: a long `not` chain would otherwise make a tree thousands of
    // levels deep from 16 KiB of text.
    let err = Filter::parse(&format!("{}a eq 1", "not ".repeat(65))).unwrap_err();
    assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });
    assert_eq!(err.column(), Some(64 * 4 + 1));
    let err = Filter::parse(&format!("not {mixed}")).unwrap_err();
    assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 64 });
    // The innermost `(`, after 33 `not`s and 31 groups.
    assert_eq!(err.column(), Some(4 + 31 * 5 + 5));

    // List parentheses count as well: `(a in (1))` is two deep.
    let options = ParseOptions {
        limits: Limits::default().with_max_depth(1),
        ..ParseOptions::default()
    };
    let err = Filter::parse_with("(a in (1))", &options).unwrap_err();
    assert_eq!(err.kind(), &ParseProblem::TooDeep { max: 1 });
    assert_eq!(err.column(), Some(7));
    let err = Filter::parse_with("not not a eq 1", &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 5: parentheses and `not`s are nested more than 1 deep, over the nesting limit\n    \
         not not a eq 1\n        ^^^"
    );
}

#[test]
fn a_mebibyte_is_too_long() {
    let input = format!("name eq \"{}\"", "x".repeat((1 << 20) - 10));
    assert_eq!(input.len(), 1 << 20);
    let err = Filter::parse(&input).unwrap_err();
    assert_eq!(
        err.kind(),
        &ParseProblem::TooLong {
            len: 1_048_576,
            max: 16_384
        }
    );
    assert_eq!(err.column(), Some(16_385));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column 16385: the filter is 1048576 bytes long, over the limit of 16384 bytes\n    \
             …{}…\n    {}{}",
            "x".repeat(80),
            " ".repeat(41),
            "^".repeat(40)
        )
    );
}

#[test]
fn a_thousand_and_one_values_are_too_many() {
    let values: Vec<String> = (1..=1001).map(|i| i.to_string()).collect();
    let input = format!("id in ({})", values.join(", "));
    let err = Filter::parse(&input).unwrap_err();
    assert_eq!(err.kind(), &ParseProblem::TooManyValues { max: 1000 });
    // The 1,001st value is the one too many.
    let at = input.find("1001").unwrap();
    assert_eq!(err.span().map(|s| s.start), Some(at));
    assert_eq!(err.column(), Some(at + 1));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid filter at column {}: the list holds more than 1000 values, over the limit for one list\n    \
             …93, 994, 995, 996, 997, 998, 999, 1000, 1001)\n    {}^^^^",
            at + 1,
            " ".repeat(41)
        )
    );
    // A thousand is fine.
    let input = format!("id in ({})", values[..1000].join(", "));
    assert!(Filter::parse(&input).is_ok());
}

#[test]
fn custom_limits_are_honoured() {
    let with = |limits: Limits| ParseOptions {
        limits,
        ..ParseOptions::default()
    };

    let err = Filter::parse_with(
        "a eq 1 and b eq 2",
        &with(Limits::default().with_max_length(10)),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 11: the filter is 17 bytes long, over the limit of 10 bytes\n    \
         a eq 1 and b eq 2\n              ^^^^^^^"
    );
    assert!(
        Filter::parse_with(
            "a eq 1 and b eq 2",
            &with(Limits::default().with_max_length(17))
        )
        .is_ok()
    );

    let err =
        Filter::parse_with("((a eq 1))", &with(Limits::default().with_max_depth(1))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 2: parentheses and `not`s are nested more than 1 deep, over the nesting limit\n    \
         ((a eq 1))\n     ^"
    );
    assert!(Filter::parse_with("((a eq 1))", &with(Limits::default().with_max_depth(2))).is_ok());

    let err = Filter::parse_with(
        "a in (1, 2, 3)",
        &with(Limits::default().with_max_list_values(2)),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid filter at column 13: the list holds more than 2 values, over the limit for one list\n    \
         a in (1, 2, 3)\n                ^"
    );
    assert!(
        Filter::parse_with(
            "a in (1, 2)",
            &with(Limits::default().with_max_list_values(2))
        )
        .is_ok()
    );

    // Lenient or strict, the limits apply the same.
    let strict = ParseOptions {
        syntax: Syntax::Strict,
        limits: Limits::default().with_max_length(3),
    };
    assert!(matches!(
        Filter::parse_with("a eq 1", &strict).unwrap_err().kind(),
        ParseProblem::TooLong { len: 6, max: 3 }
    ));
}

// ------------------------------------------------------------------------------------------
// Field paths outside a filter
// ------------------------------------------------------------------------------------------

#[test]
fn field_paths_are_checked() {
    let err: ParseError = FieldPath::new("saved.").unwrap_err();
    // The dot with no name after it.
    assert_eq!(err.column(), Some(6));
    assert_eq!(
        err.to_string(),
        concat!(
            "invalid filter at column 6: `saved.` is not a field path: names of ASCII letters, ",
            "digits and `_` (not starting with a digit, not a keyword), joined by `.`\n",
            "    saved.\n",
            "         ^",
        )
    );
    for keyword in ["not", "pr", "isnull", "eq", "in", "and", "or", "not.x"] {
        assert!(
            matches!(
                FieldPath::new(keyword).unwrap_err().kind(),
                ParseProblem::InvalidFieldPath { .. }
            ),
            "{keyword}"
        );
    }
    for fine in ["notes", "prefix", "a.not", "in_x", "_"] {
        assert!(FieldPath::new(fine).is_ok(), "{fine}");
    }
}
