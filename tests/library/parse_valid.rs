//! Valid filters → their exact canonical spelling (SPEC §1.5).
//!
//! Every row is also checked for idempotence: the canonical text parses to the same tree and
//! prints the same text again.

use sailpoint_filters::{
    CmpOp, Condition, DateTime, FieldPath, Filter, FilterKind, Limits, ParseOptions, ParseProblem,
    Syntax, Value,
};

/// Input → canonical output, in the default (lenient) syntax.
const CANONICAL: &[(&str, &str)] = &[
    // The seed endpoint's documented example (shared/seeds, SPEC §1.2).
    (
        r#"saved eq "true" and name sw "RM Session""#,
        r#"saved eq "true" and name sw "RM Session""#,
    ),
    // SPEC §1.1: precedence.
    (
        "not a eq 1 or b eq 2 and c eq 3",
        "not a eq 1 or b eq 2 and c eq 3",
    ),
    // Issue 2, item 6.
    (
        "not prop1 eq val1 or prop2 eq val2 and prop3 eq val3",
        r#"not prop1 eq "val1" or prop2 eq "val2" and prop3 eq "val3""#,
    ),
    (
        "not (prop1 eq val1 or prop2 eq val2) and prop3 eq val3",
        r#"not (prop1 eq "val1" or prop2 eq "val2") and prop3 eq "val3""#,
    ),
    (
        r#"(createdByName co "int")and (createdById sw "2c9180907")and (type eq "COMMON")and ((name co "entt")or (saved eq true))"#,
        r#"createdByName co "int" and createdById sw "2c9180907" and type eq "COMMON" and (name co "entt" or saved eq true)"#,
    ),
    (
        "lastUsed le 2023-02-05T10:59:27.214Z",
        "lastUsed le 2023-02-05T10:59:27.214Z",
    ),
    (
        r#"groups ca ("Venezia","Firenze")"#,
        r#"groups ca ("Venezia", "Firenze")"#,
    ),
    (
        r#"accountActivityItemId in ("2c91…","2c92…")"#,
        r#"accountActivityItemId in ("2c91…", "2c92…")"#,
    ),
    ("pr accountRequestInfo", "pr accountRequestInfo"),
    ("lastUsed isnull", "lastUsed isnull"),
    (r#"name eq "\"Employees\"""#, r#"name eq "\"Employees\"""#),
    (
        r#"startDate gt 2018 and name sw "Genaro""#,
        r#"startDate gt 2018 and name sw "Genaro""#,
    ),
    (
        "id eq 550e8400-e29b-41d4-a716-446655440000",
        r#"id eq "550e8400-e29b-41d4-a716-446655440000""#,
    ),
    ("status eq PENDING", r#"status eq "PENDING""#),
    // SPEC §1.2–1.3: the other published spellings.
    (
        "id eq '2c9180835d2e5168015d32f890ca1581'",
        r#"id eq "2c9180835d2e5168015d32f890ca1581""#,
    ),
    (
        "id eq 8c190e6787aa4ed9a90bd9d5344523fb",
        r#"id eq "8c190e6787aa4ed9a90bd9d5344523fb""#,
    ),
    (
        r#"snapshotDate ge "2022-02-07T20:13:29.356648026Z""#,
        r#"snapshotDate ge "2022-02-07T20:13:29.356648026Z""#,
    ),
    (
        "created le 2018-12-18T23:05:55Z",
        "created le 2018-12-18T23:05:55Z",
    ),
    (
        "modified gt 2023-02-05T10:59:27.214+02:00",
        "modified gt 2023-02-05T08:59:27.214Z",
    ),
    ("identitySummary.id eq 7", "identitySummary.id eq 7"),
    ("count eq -3", "count eq -3"),
    ("score ge 2.5", "score ge 2.5"),
    ("saved eq false", "saved eq false"),
    // Every operator.
    (
        r#"a ne "x" and b gt 1 and c ge 2 and d lt 3 and e le 4 and f co "y" and g sw "z""#,
        r#"a ne "x" and b gt 1 and c ge 2 and d lt 3 and e le 4 and f co "y" and g sw "z""#,
    ),
    // Lenient forms: single quotes and bare words become double-quoted strings.
    ("name eq 'RM Session'", r#"name eq "RM Session""#),
    (r"name eq 'it\'s'", r#"name eq "it's""#),
    (r#"name eq 'say "hi"'"#, r#"name eq "say \"hi\"""#),
    (r"name eq 'back\\slash'", r#"name eq "back\\slash""#),
    (
        "email eq jane.doe@example.com",
        r#"email eq "jane.doe@example.com""#,
    ),
    ("code eq 007", r#"code eq "007""#),
    ("day eq 2025-08-01", r#"day eq "2025-08-01""#),
    ("id eq 2c9180907", r#"id eq "2c9180907""#),
    ("flag eq TRUE", r#"flag eq "TRUE""#),
    ("city eq Zürich", r#"city eq "Zürich""#),
    ("a in (x, 'y', \"z\", 1)", r#"a in ("x", "y", "z", 1)"#),
    // Date-times: UTC with `Z`, fraction trimmed, none when zero.
    (
        "t eq 2021-09-08T16:11:05.348Z",
        "t eq 2021-09-08T16:11:05.348Z",
    ),
    (
        "t eq 2021-09-08T18:11:05.348+02:00",
        "t eq 2021-09-08T16:11:05.348Z",
    ),
    ("t eq 2021-09-08T16:11:05.000Z", "t eq 2021-09-08T16:11:05Z"),
    (
        "t eq 2021-09-08T16:11:05.340000Z",
        "t eq 2021-09-08T16:11:05.34Z",
    ),
    (
        "t eq 2021-09-08T12:11:05-04:00",
        "t eq 2021-09-08T16:11:05Z",
    ),
    (
        "t eq 2021-09-08T00:30:00+01:00",
        "t eq 2021-09-07T23:30:00Z",
    ),
    ("t eq 2021-09-08t16:11:05z", "t eq 2021-09-08T16:11:05Z"),
    (
        "t eq 2022-02-07T20:13:29.356648026Z",
        "t eq 2022-02-07T20:13:29.356648026Z",
    ),
    // SPEC §8: the whole range, `never` included; offsets up to ±23:59; a leap second read as
    // the second before it.
    ("t eq 9999-12-31T23:59:59Z", "t eq 9999-12-31T23:59:59Z"),
    (
        "t eq 9999-12-31T23:59:59.999999999Z",
        "t eq 9999-12-31T23:59:59.999999999Z",
    ),
    (
        "t eq 9999-12-31T00:59:59-23:00",
        "t eq 9999-12-31T23:59:59Z",
    ),
    ("t eq 0000-01-01T00:00:00Z", "t eq 0000-01-01T00:00:00Z"),
    (
        "t eq 0000-01-01T23:59:00+23:59",
        "t eq 0000-01-01T00:00:00Z",
    ),
    ("t eq 2016-12-31T23:59:60Z", "t eq 2016-12-31T23:59:59Z"),
    ("t eq 2024-02-29T00:00:00Z", "t eq 2024-02-29T00:00:00Z"),
    // Numbers: floats always with a decimal point, shortest digits, no exponent.
    ("x eq 1.0", "x eq 1.0"),
    ("x eq -0.5", "x eq -0.5"),
    ("x eq 1.50", "x eq 1.5"),
    ("x eq 0", "x eq 0"),
    ("x eq -0", "x eq 0"),
    ("x eq 0.000001", "x eq 0.000001"),
    ("x eq 9223372036854775807", "x eq 9223372036854775807"),
    ("x eq -9223372036854775808", "x eq -9223372036854775808"),
    // Escapes: only `\"` and `\\`; everything else is kept as written.
    (r#"s eq "a\\b""#, r#"s eq "a\\b""#),
    ("s eq \"tab\tand ü\"", "s eq \"tab\tand ü\""),
    (r#"s eq "(not) and \"or\"""#, r#"s eq "(not) and \"or\"""#),
    (r#"s eq """#, r#"s eq """#),
    // Parentheses separate tokens.
    ("(a eq 1)and (b eq 2)", "a eq 1 and b eq 2"),
    ("not(a eq 1)", "not a eq 1"),
    ("a in(1,2)", "a in (1, 2)"),
    ("((a eq 1))", "a eq 1"),
    // Fewest parentheses that keep the meaning.
    ("not (a eq 1 or b eq 2)", "not (a eq 1 or b eq 2)"),
    ("not (a eq 1 and b eq 2)", "not (a eq 1 and b eq 2)"),
    (
        "(a eq 1 or b eq 2) and c eq 3",
        "(a eq 1 or b eq 2) and c eq 3",
    ),
    (
        "a eq 1 or (b eq 2 and c eq 3)",
        "a eq 1 or b eq 2 and c eq 3",
    ),
    ("a eq 1 or b eq 2 and c eq 3", "a eq 1 or b eq 2 and c eq 3"),
    ("(not a eq 1) and b eq 2", "not a eq 1 and b eq 2"),
    ("not not a eq 1", "not not a eq 1"),
    ("not (not (a eq 1))", "not not a eq 1"),
    // n-ary chains.
    (
        "a eq 1 and (b eq 2 and c eq 3)",
        "a eq 1 and b eq 2 and c eq 3",
    ),
    ("(a eq 1 or b eq 2) or c eq 3", "a eq 1 or b eq 2 or c eq 3"),
    // Whitespace: spaces, tabs, CR and LF, anywhere between tokens.
    ("  a   eq\t1\r\n and\nb eq 2  ", "a eq 1 and b eq 2"),
    ("\ta in ( 1 ,\n2 )\r", "a in (1, 2)"),
    // Keywords are whole words: these are fields and bare words, not keywords.
    ("notes eq order", r#"notes eq "order""#),
    ("prefix sw andy", r#"prefix sw "andy""#),
    ("a.in eq 1", "a.in eq 1"),
    ("_x isnull", "_x isnull"),
];

fn shape(filter: &Filter) -> String {
    match filter.kind() {
        FilterKind::And(operands) => {
            format!(
                "And[{}]",
                operands.iter().map(shape).collect::<Vec<_>>().join(", ")
            )
        }
        FilterKind::Or(operands) => {
            format!(
                "Or[{}]",
                operands.iter().map(shape).collect::<Vec<_>>().join(", ")
            )
        }
        FilterKind::Not(operand) => format!("Not({})", shape(operand)),
        FilterKind::Condition(c) => format!("{}", c.field()),
    }
}

#[test]
fn each_input_prints_its_canonical_form() {
    let mut failures = Vec::new();
    for &(input, expected) in CANONICAL {
        match Filter::parse(input) {
            Ok(filter) if filter.to_string() == expected => {}
            Ok(filter) => failures.push(format!(
                "{input:?}\n  got      {filter}\n  expected {expected}"
            )),
            Err(err) => failures.push(format!("{input:?}\n  error: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn canonical_form_is_a_fixpoint() {
    for &(input, expected) in CANONICAL {
        let first = Filter::parse(input).unwrap();
        let again = Filter::parse(expected)
            .unwrap_or_else(|e| panic!("canonical text of {input:?} does not parse:\n{e}"));
        assert_eq!(again, first, "{input:?}");
        assert_eq!(again.to_string(), expected, "{input:?}");
    }
}

#[test]
fn from_str_is_the_lenient_parse() {
    for &(input, _) in CANONICAL {
        let parsed: Filter = input.parse().unwrap();
        assert_eq!(parsed, Filter::parse(input).unwrap(), "{input:?}");
    }
}

#[test]
fn not_binds_tighter_than_and_tighter_than_or() {
    let filter = Filter::parse("not prop1 eq val1 or prop2 eq val2 and prop3 eq val3").unwrap();
    // Or[Not(prop1 eq val1), And[prop2 eq val2, prop3 eq val3]]
    let FilterKind::Or(operands) = filter.kind() else {
        panic!("expected an `or` at the top, got {}", shape(&filter));
    };
    let [left, right] = operands.as_slice() else {
        panic!("expected two operands, got {}", shape(&filter));
    };
    let FilterKind::Not(negated) = left.kind() else {
        panic!("expected `not` on the left, got {}", shape(left));
    };
    let FilterKind::Condition(Condition::Compare { field, op, value }) = negated.kind() else {
        panic!("expected a comparison under `not`, got {}", shape(negated));
    };
    assert_eq!(
        (field.as_str(), *op, value),
        ("prop1", CmpOp::Eq, &Value::from("val1"))
    );
    let FilterKind::And(conjuncts) = right.kind() else {
        panic!("expected `and` on the right, got {}", shape(right));
    };
    let fields: Vec<_> = conjuncts
        .iter()
        .map(|c| match c.kind() {
            FilterKind::Condition(c) => c.field().as_str(),
            _ => panic!("expected conditions under `and`, got {}", shape(c)),
        })
        .collect();
    assert_eq!(fields, ["prop2", "prop3"]);
}

#[test]
fn parentheses_override_precedence() {
    let cases = [
        ("not (a eq 1 or b eq 2) and c eq 3", "And[Not(Or[a, b]), c]"),
        ("(a eq 1 or b eq 2) and c eq 3", "And[Or[a, b], c]"),
        ("a eq 1 or b eq 2 and c eq 3", "Or[a, And[b, c]]"),
        ("not a eq 1 and b eq 2", "And[Not(a), b]"),
        ("not not a eq 1", "Not(Not(a))"),
    ];
    for (input, expected) in cases {
        assert_eq!(shape(&Filter::parse(input).unwrap()), expected, "{input:?}");
    }
}

#[test]
fn and_and_or_chains_are_flat() {
    let left = Filter::parse("(a eq 1 and b eq 2) and c eq 3").unwrap();
    let right = Filter::parse("a eq 1 and (b eq 2 and c eq 3)").unwrap();
    let plain = Filter::parse("a eq 1 and b eq 2 and c eq 3").unwrap();
    assert_eq!(left, right);
    assert_eq!(left, plain);
    assert_eq!(shape(&left), "And[a, b, c]");

    let or = Filter::parse("a eq 1 or (b eq 2 or (c eq 3 or d eq 4))").unwrap();
    assert_eq!(shape(&or), "Or[a, b, c, d]");
    // A different grouping of different junctions is a different tree.
    assert_ne!(
        Filter::parse("(a eq 1 or b eq 2) and c eq 3").unwrap(),
        Filter::parse("a eq 1 or b eq 2 and c eq 3").unwrap()
    );
}

#[test]
fn values_have_their_kinds() {
    let value = |text: &str| -> Value {
        let filter = Filter::parse(&format!("x eq {text}")).unwrap();
        let FilterKind::Condition(c) = filter.kind() else {
            panic!("{text}")
        };
        c.values()[0].clone()
    };
    assert_eq!(value("7"), Value::Integer(7));
    assert_eq!(value("-3"), Value::Integer(-3));
    assert_eq!(value("1.0"), Value::float(1.0).unwrap());
    assert_eq!(value("-0.5"), Value::float(-0.5).unwrap());
    assert_eq!(value("true"), Value::Boolean(true));
    assert_eq!(value("\"true\""), Value::from("true"));
    assert_eq!(value("007"), Value::from("007"));
    assert_eq!(value("2025-08-01"), Value::from("2025-08-01"));
    let when: DateTime = "2021-09-08T16:11:05.348Z".parse().unwrap();
    assert_eq!(
        value("2021-09-08T18:11:05.348+02:00"),
        Value::DateTime(when)
    );
    assert_eq!(value(r#""a\"b\\c""#), Value::from(r#"a"b\c"#));
}

#[test]
fn strict_syntax_accepts_the_documented_syntax() {
    let strict = ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    };
    let documented = [
        r#"saved eq "true" and name sw "RM Session""#,
        r#"saved eq true and (name sw "RM" or not name co "x\"y\\z")"#,
        "lastUsed le 2023-02-05T10:59:27.214Z",
        "modified gt 2023-02-05T10:59:27.214+02:00",
        r#"groups ca ("Venezia","Firenze")"#,
        r#"id in ("a", 1, 2.5, false, 2018-12-18T23:05:55Z)"#,
        "pr accountRequestInfo and lastUsed isnull",
        "count ge -3 and score lt 2.5",
        "not (a eq 1 or b eq 2) and c eq 3",
        "(a eq 1)and (b eq 2)",
    ];
    for input in documented {
        let strict_tree = Filter::parse_with(input, &strict)
            .unwrap_or_else(|e| panic!("strict rejected {input:?}:\n{e}"));
        assert_eq!(strict_tree, Filter::parse(input).unwrap(), "{input:?}");
    }
    // The canonical form of every table row is strict syntax, whatever the input's spelling.
    for &(input, expected) in CANONICAL {
        let tree = Filter::parse_with(expected, &strict)
            .unwrap_or_else(|e| panic!("strict rejected the canonical form of {input:?}:\n{e}"));
        assert_eq!(tree, Filter::parse(input).unwrap(), "{input:?}");
    }
}

#[test]
fn constructors_build_the_parsed_tree() {
    let path = |p: &str| FieldPath::new(p.to_owned()).unwrap();
    let built = Filter::compare(path("saved"), CmpOp::Eq, "true").and(Filter::compare(
        path("name"),
        CmpOp::Sw,
        "RM Session",
    ));
    assert_eq!(
        built,
        Filter::parse(r#"saved eq "true" and name sw "RM Session""#).unwrap()
    );
}

#[test]
fn limits_can_be_raised() {
    let deep = format!("{}a eq 1{}", "(".repeat(100), ")".repeat(100));
    let err = Filter::parse(&deep).unwrap_err();
    assert!(
        matches!(err.kind(), ParseProblem::TooDeep { max: 64, .. }),
        "{:?}",
        err.kind()
    );
    assert_eq!(err.column(), Some(65));
    let options = ParseOptions {
        limits: Limits::default().with_max_depth(100),
        ..ParseOptions::default()
    };
    assert_eq!(
        Filter::parse_with(&deep, &options).unwrap().to_string(),
        "a eq 1"
    );

    let long = format!("a in ({})", vec!["1"; 2000].join(", "));
    let options = ParseOptions {
        limits: Limits::default()
            .with_max_list_values(2000)
            .with_max_length(long.len()),
        ..ParseOptions::default()
    };
    let FilterKind::Condition(c) = Filter::parse_with(&long, &options).unwrap().into_kind() else {
        panic!("expected a condition")
    };
    assert_eq!(c.values().len(), 2000);
}
