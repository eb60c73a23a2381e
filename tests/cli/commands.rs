//! The `spfilter` binary, run as a user runs it: `spfilter parse [--strict] [--json] FILTER`.
//!
//! Exit status 0 with the result on stdout; 1 with the caret message on stderr when the filter
//! is rejected; 2 for a usage error.

use std::process::{Command, Output};

use serde_json::json;

fn spfilter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .output()
        .expect("spfilter runs")
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("stderr is UTF-8")
}

#[test]
fn prints_the_canonical_form() {
    let cases = [
        (
            r#"saved eq "true" and name sw "RM Session""#,
            r#"saved eq "true" and name sw "RM Session""#,
        ),
        (
            "not prop1 eq val1 or prop2 eq val2 and prop3 eq val3",
            r#"not prop1 eq "val1" or prop2 eq "val2" and prop3 eq "val3""#,
        ),
        (
            r#"(createdByName co "int")and (createdById sw "2c9180907")and (type eq "COMMON")and ((name co "entt")or (saved eq true))"#,
            r#"createdByName co "int" and createdById sw "2c9180907" and type eq "COMMON" and (name co "entt" or saved eq true)"#,
        ),
        (
            "lastUsed le 2023-02-05T10:59:27.214+02:00",
            "lastUsed le 2023-02-05T08:59:27.214Z",
        ),
        (
            "id eq 550e8400-e29b-41d4-a716-446655440000",
            r#"id eq "550e8400-e29b-41d4-a716-446655440000""#,
        ),
    ];
    for (input, expected) in cases {
        let output = spfilter(&["parse", input]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{input:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), format!("{expected}\n"), "{input:?}");
        assert_eq!(stderr(&output), "", "{input:?}");
    }
}

#[test]
fn json_prints_the_tree() {
    let output = spfilter(&[
        "parse",
        "--json",
        r#"not saved eq true and name in ("a", 1) or pr createdBy"#,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let tree: serde_json::Value = serde_json::from_str(stdout(&output)).expect("stdout is JSON");
    assert_eq!(
        tree,
        json!({
            "or": [
                {
                    "and": [
                        {"not": {"field": "saved", "op": "eq", "value": {"boolean": true}}},
                        {"field": "name", "op": "in", "values": [{"string": "a"}, {"integer": 1}]},
                    ]
                },
                {"field": "createdBy", "op": "pr"},
            ]
        })
    );

    let output = spfilter(&["parse", "--json", "t ge 2021-09-08T18:11:05.500+02:00"]);
    let tree: serde_json::Value = serde_json::from_str(stdout(&output)).expect("stdout is JSON");
    assert_eq!(
        tree,
        json!({"field": "t", "op": "ge", "value": {"dateTime": "2021-09-08T16:11:05.5Z"}})
    );
}

#[test]
fn strict_rejects_the_lenient_forms() {
    let output = spfilter(&["parse", "--strict", "status eq PENDING"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        concat!(
            "invalid filter at column 11: unquoted text `PENDING` (the strict syntax needs double ",
            "quotes): write \"PENDING\"\n",
            "    status eq PENDING\n",
            "              ^^^^^^^\n",
        )
    );

    let output = spfilter(&["parse", "--strict", "id eq '2c91'"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(
            "invalid filter at column 7: single-quoted string (the strict syntax needs double quotes): write \"2c91\"\n"
        ),
        "{}",
        stderr(&output)
    );

    // The documented syntax passes, and `--strict` may come after the filter.
    let output = spfilter(&["parse", r#"name sw "RM" and saved eq true"#, "--strict"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "name sw \"RM\" and saved eq true\n");
}

#[test]
fn a_bad_filter_exits_1_with_the_caret_message() {
    let output = spfilter(&["parse", "saved EQ true"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "invalid filter at column 7: `EQ` must be lowercase: write `eq`\n    saved EQ true\n          ^^\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["parse"][..],
        &["parse", "--frobnicate", "a eq 1"][..],
        &["frobnicate", "a eq 1"][..],
        &["parse", "a eq 1", "b eq 2"][..],
    ] {
        let output = spfilter(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(
            stderr(&output).contains("Usage: spfilter"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn help_names_the_command() {
    let output = spfilter(&["parse", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(
        help.contains("Usage: spfilter parse [OPTIONS] <FILTER>"),
        "{help}"
    );
    assert!(
        help.contains("--strict") && help.contains("--json"),
        "{help}"
    );
}

#[test]
fn deep_nesting_exits_1_with_the_limit_message() {
    // 100,000 nested `(` (the closing ones would take the argument past Linux's 128 KiB limit
    // for one argument, and the error comes before them anyway).
    let input = format!("{}a eq 1", "(".repeat(100_000));
    let output = spfilter(&["parse", &input]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "invalid filter at column 65: parentheses and `not`s are nested more than 64 deep, over the nesting limit\n"
        ),
        "{message}"
    );
}

#[test]
fn a_long_filter_exits_1_with_the_limit_message() {
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so a 1 MiB filter cannot be passed
    // in argv at all; this is the longest one that can.
    let input = format!("name eq \"{}\"", "x".repeat(131_071 - 10));
    assert_eq!(input.len(), 131_071);
    let output = spfilter(&["parse", &input]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "invalid filter at column 16385: the filter is 131071 bytes long, over the limit of 16384 bytes\n"
        ),
        "{}",
        &message[..message.len().min(300)]
    );
}

/// Runs `spfilter` with `input` on stdin.
fn spfilter_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spfilter runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_owned();
    // Written from another thread so that a child that answers before reading all of stdin
    // cannot deadlock the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("spfilter finishes");
    writer.join().expect("the writer thread finishes");
    output
}

#[test]
fn a_one_mebibyte_filter_on_stdin_exits_1_with_the_limit_message() {
    let input = format!("name eq \"{}\"\n", "x".repeat(1 << 20));
    let output = spfilter_stdin(&["parse", "-"], &input);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "invalid filter at column 16385: the filter is 1048586 bytes long, over the limit of 16384 bytes\n"
        ),
        "{}",
        &message[..message.len().min(300)]
    );
}

#[test]
fn a_filter_on_stdin_is_read_without_the_final_newline() {
    let output = spfilter_stdin(&["check", "-"], "saved eq \"true\"\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "saved eq true\n");
}

#[test]
fn check_prints_the_filter_as_the_endpoint_reads_it() {
    // Values coerced to the field types: `"true"` is a boolean, a bare integer a string.
    let output = spfilter(&["check", r#"saved eq "true" and name sw 5"#]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "saved eq true and name sw \"5\"\n");
    assert_eq!(stderr(&output), "");
}

#[test]
fn check_reports_every_problem_in_place() {
    let output = spfilter(&["check", r#"saved sw "x" and nmae eq "y""#]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        concat!(
            "invalid filter for role-mining-sessions (2 problems):\n",
            "column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq\n",
            "    saved sw \"x\" and nmae eq \"y\"\n",
            "          ^^\n",
            "column 18: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name\n",
            "    saved sw \"x\" and nmae eq \"y\"\n",
            "                     ^^^^\n",
        )
    );
    // One problem: its position on the first line.
    let output = spfilter(&["check", "nmae eq 1"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        concat!(
            "invalid filter for role-mining-sessions at column 1: unknown field `nmae` for ",
            "role-mining-sessions; did you mean `name`? Filterable fields: saved, name\n",
            "    nmae eq 1\n",
            "    ^^^^\n",
        )
    );
}

#[test]
fn check_strict_holds_for_value_types_too() {
    let output = spfilter(&["check", "--strict", "name eq 5"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        concat!(
            "invalid filter for role-mining-sessions at column 9: `name` is a string field and ",
            "takes a string, not 5 (the strict syntax needs quotes: \"5\")\n",
            "    name eq 5\n",
            "            ^\n",
        )
    );
    let output = spfilter(&["check", "name eq 5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "name eq \"5\"\n");
}

#[test]
fn query_prints_the_page_and_the_total() {
    let output = spfilter(&[
        "query",
        "--filters",
        r#"saved eq "true""#,
        "--sorters=-createdDate",
        "--limit",
        "2",
        "--count",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page: serde_json::Value = serde_json::from_str(stdout(&output)).expect("stdout is JSON");
    let page = page.as_array().expect("a JSON array");
    assert_eq!(page.len(), 2);
    assert!(page.iter().all(|s| s["saved"] == true));
    let created = |i: usize| {
        page[i]["createdDate"]
            .as_str()
            .expect("a date-time")
            .parse::<sailpoint_filters::DateTime>()
            .expect("RFC 3339")
    };
    assert!(created(0) >= created(1));
    let sessions = sailpoint_filters::role_mining_sessions::sample();
    let saved = sessions.iter().filter(|s| s.saved).count();
    assert_eq!(stderr(&output), format!("X-Total-Count: {saved}\n"));
}

/// `query --strict` rejects exactly what `check --strict` rejects, with the same message; and
/// both accept the same filters (issue: the strict setting once stopped at the parser on the
/// query path, so `query --strict --filters 'name eq 5'` printed `[]`).
#[test]
fn query_strict_rejects_what_check_strict_rejects() {
    let mut refused = 0;
    for filter in [
        "name eq 5",
        "name eq 'RM Session'",
        "name sw RM",
        "saved eq \"true\" and name eq 5",
        "name eq \"RM Session\"",
        "saved eq true",
    ] {
        let check = spfilter(&["check", "--strict", filter]);
        let query = spfilter(&["query", "--strict", "--filters", filter]);
        assert_eq!(query.status.code(), check.status.code(), "{filter}");
        if check.status.code() == Some(1) {
            refused += 1;
            assert!(
                stderr(&check).contains("strict syntax"),
                "{}",
                stderr(&check)
            );
            assert_eq!(stderr(&query), stderr(&check), "{filter}");
            assert_eq!(stdout(&query), "", "{filter}");
        } else {
            assert_eq!(check.status.code(), Some(0), "{filter}: {}", stderr(&check));
            assert!(stdout(&query).starts_with('['), "{filter}");
        }
    }
    // The four with a number for a string, single quotes or a bare word are refused.
    assert_eq!(refused, 4);
}

/// `check --openapi FILE --operation ID` reads the endpoint's fields and operators from
/// SailPoint's document (the seed page's `getRoleMiningSessions`: `saved` with `eq`, `name` with
/// `eq` and `sw`, composite `and` and `or`): what it accepts is printed as the endpoint reads it,
/// what it refuses is explained in place.
#[test]
fn check_openapi_reads_the_operation_from_the_document() {
    let document = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/get-role-mining-sessions.json"
    );
    let check = |filter: &str| {
        spfilter(&[
            "check",
            "--openapi",
            document,
            "--operation",
            "getRoleMiningSessions",
            filter,
        ])
    };
    let output = check(r#"saved eq "true" and name sw 'RM'"#);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "saved eq true and name sw \"RM\"\n");
    assert_eq!(stderr(&output), "");

    let output = check(r#"saved eq true or createdBy eq "x""#);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        concat!(
            "invalid filter for role-mining-sessions at column 18: unknown field `createdBy` for ",
            "role-mining-sessions; filterable fields: saved, name\n",
            "    saved eq true or createdBy eq \"x\"\n",
            "                     ^^^^^^^^^\n",
        )
    );

    let output = spfilter(&[
        "check",
        "--openapi",
        document,
        "--operation",
        "listAccounts",
        "saved eq true",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "{document}: no operation `listAccounts` in the document; it has: getRoleMiningSessions\n"
        )
    );
}

/// The README's main command, word for word, and its whole output: the five newest of the 12
/// saved sessions whose name starts with "RM Session" in any case, as stored in the sample
/// file, and the total. The ids were picked from `data/role_mining_sessions.json` with Python
/// (`saved is True and name.lower().startswith("rm session")`, sorted by
/// `datetime.fromisoformat(createdDate)`, newest first), not with this crate.
#[test]
fn the_readme_main_command_prints_the_newest_five_and_the_total() {
    let readme = include_str!("../../README.md");
    let marker = readme
        .find("<!-- main-command -->")
        .expect("the README marks its main command");
    let command = readme[marker..]
        .lines()
        .find(|line| line.starts_with("cargo run"))
        .expect("the main command follows the marker");
    let args = "query --filters 'saved eq \"true\" and name sw \"RM Session\"' --sorters -createdDate --limit 5 --count";
    assert_eq!(
        command,
        format!("cargo run --features cli --bin spfilter -- {args}"),
        "the README's main command changed: update this test"
    );
    let output = spfilter(&[
        "query",
        "--filters",
        r#"saved eq "true" and name sw "RM Session""#,
        "--sorters",
        "-createdDate",
        "--limit",
        "5",
        "--count",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "X-Total-Count: 12\n");
    let page: Vec<serde_json::Value> =
        serde_json::from_str(stdout(&output)).expect("stdout is a JSON array");
    let ids: Vec<&str> = page.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "dfd6aefe320efffb71a3373c78fe7ea1", // RM Session - Engineering 8, 2025-05-01
            "0119d4f721efd38f5508bbe6bd7f0802", // RM Session - Sales 3, 2024-10-20
            "b2ace0a0c8110dbf267fe01ec6f7e54c", // RM SESSION - Sales, 2024-10-12
            "6aeb2891e4ea1822268279a35a04b94a", // RM Session - Legal, 2024-09-28
            "9bd1a007db0a8848b8d588cd388dff3f", // RM Session - Finance, 2024-07-28
        ]
    );
    // Each session is printed whole, as the sample file holds it.
    let stored: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../data/role_mining_sessions.json")).unwrap();
    for session in &page {
        let original = stored.iter().find(|s| s["id"] == session["id"]).unwrap();
        assert_eq!(session, original);
    }
}

#[test]
fn query_reports_every_bad_parameter() {
    let output = spfilter(&["query", "--limit", "300", "--sorters", "name"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        concat!(
            "limit must be an integer from 0 to 250, got `300`\n",
            "invalid sorters for role-mining-sessions at column 1: cannot sort ",
            "role-mining-sessions by `name`; sortable fields: createdBy, createdDate\n",
            "    name\n",
            "    ^^^^\n",
        )
    );
}
