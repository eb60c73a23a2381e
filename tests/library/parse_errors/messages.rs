//! Each input of the table gets its message; and messages beyond the table: empty and
//! multi-line input, columns, long lines and tokens, control characters.

use super::cases::CASES;
use super::*;

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
    assert!(
        matches!(err.kind(), ParseProblem::ExpectedJunctionOrEnd { found, .. } if *found == Found::Text(format!("{}…", "x".repeat(40)))),
        "{:?}",
        err.kind()
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
