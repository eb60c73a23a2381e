//! SPEC §3, rule by rule: tables of filters, records and the result the SPEC calls for.
//!
//! Every expected boolean here is read off SPEC §3 (or, for the Greek final sigma and `co` at
//! character boundaries, off the crate's documented refinement of it), not off the crate's
//! output. Each table row is checked on the JSON record, on its typed form (when the record has
//! one, see `eval_fixture::doc_from_json`), and negated: `not (f)` must give the opposite.

#[path = "common/eval_fixture.rs"]
mod eval_fixture;

use std::cmp::Ordering;

use eval_fixture::{Doc, doc_from_json, schema};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::eval::{CompileError, Matcher, compile};
use sailpoint_filters::value::compare_for_sort;
use sailpoint_filters::{
    CheckedFilter, Composite, DateTime, FieldPath, FieldRef, FieldSpec, FieldType, Filter, Op,
    OperatorSet, Record, Schema, SchemaError, Syntax,
};
use serde_json::{Value, json};

const DATA: &str = include_str!("../data/role_mining_sessions.json");

fn parse(text: &str) -> Filter {
    Filter::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// `filter` checked against `schema` (in the lenient syntax, as it was parsed).
fn checked(filter: &Filter, schema: &Schema) -> CheckedFilter {
    filter
        .check(schema, Syntax::Lenient)
        .unwrap_or_else(|e| panic!("{filter} does not suit {}: {e}", schema.endpoint()))
}

/// `filter` checked against a schema that accepts any field ([`Schema::open`]), compiled for
/// records of type `R`: records nobody described.
fn compile_open<R: Record>(filter: &Filter) -> Matcher<R> {
    compile_for(filter, &Schema::open("records"))
}

/// `filter` checked against `schema`, compiled for records of type `R`.
fn compile_for<R: Record>(filter: &Filter, schema: &Schema) -> Matcher<R> {
    compile::<R>(&checked(filter, schema))
        .unwrap_or_else(|e| panic!("{filter} does not compile: {e}"))
}

/// Checks each `(filter, record, expected)` against [`schema`]: on the JSON record, on its typed
/// [`Doc`] form, and `not (filter)` on both. Reports every failing row at once.
fn check(rows: &[(&str, Value, bool)]) {
    let schema = schema();
    let mut failures = Vec::new();
    for (text, record, expected) in rows {
        let filter = parse(text);
        let negated = filter.clone().not();
        for (f, want, label) in [(&filter, *expected, ""), (&negated, !*expected, "not ")] {
            let json = compile_for::<Value>(f, &schema);
            if json.matches(record) != want {
                failures.push(format!("{label}({text}) on {record}: expected {want}"));
            }
            if let Some(doc) = doc_from_json(record) {
                let typed = compile_for::<Doc>(f, &schema);
                if typed.matches(&doc) != want {
                    failures.push(format!("{label}({text}) on typed {doc:?}: expected {want}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Like [`check`], with a one-field record `{field: value}` for each row.
fn check_field(field: &str, rows: &[(&str, Value, bool)]) {
    let rows: Vec<(&str, Value, bool)> = rows
        .iter()
        .map(|(f, v, e)| (*f, json!({ field: v }), *e))
        .collect();
    check(&rows);
}

// ---------------------------------------------------------------------------------------------
// Null and missing fields
// ---------------------------------------------------------------------------------------------

/// Every operator, on every field type, with its result on a null or missing field: comparisons
/// false, `ne` true (it is `not eq`), `isnull` true, `pr` false.
const ON_NULL: &[(&str, &str, bool)] = &[
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

// ---------------------------------------------------------------------------------------------
// Strings: case folding, ordering, sw and co
// ---------------------------------------------------------------------------------------------

#[test]
fn string_comparisons_ignore_case_by_unicode_lowercase_mapping() {
    check_field(
        "name",
        &[
            (r#"name eq "RM SESSION""#, json!("rm session"), true),
            (r#"name eq "rm session""#, json!("RM Session"), true),
            (r#"name eq "rm session""#, json!("RM Session "), false),
            (r#"name ne "RM SESSION""#, json!("rm session"), false),
            // Non-ASCII letters fold too.
            (r#"name eq "ü""#, json!("Ü"), true),
            (r#"name eq "Ü""#, json!("ü"), true),
            (r#"name eq "ÜBER""#, json!("über"), true),
            (r#"name eq "mÜller""#, json!("MüLLER"), true),
            (r#"name eq "É""#, json!("é"), true),
            (r#"name eq "ΣΊΣΥΦΟΣ""#, json!("σίσυφος"), true),
            (r#"name eq "ЖУК""#, json!("жук"), true),
            // Lowercase mapping, not accent stripping or full case folding.
            (r#"name eq "e""#, json!("é"), false),
            (r#"name eq "u""#, json!("Ü"), false),
            (r#"name eq "SS""#, json!("ß"), false),
            (r#"name eq "ss""#, json!("ß"), false),
            (r#"name eq "ß""#, json!("SS"), false),
            (r#"name eq "ß""#, json!("ss"), false),
            (r#"name eq "ß""#, json!("ß"), true),
            (r#"name ne "SS""#, json!("ß"), true),
            // Capital sharp s lowercases to ß.
            (r#"name eq "ẞ""#, json!("ß"), true),
            // The Kelvin sign lowercases to an ASCII k.
            (r#"name eq "k""#, json!("\u{212A}"), true),
            // İ lowercases to i + combining dot above; dotless ı is not i.
            (r#"name eq "i̇""#, json!("İ"), true),
            (r#"name eq "i""#, json!("İ"), false),
            (r#"name eq "ı""#, json!("I"), false),
            (r#"name eq "i""#, json!("I"), true),
            (r#"name eq "日本""#, json!("日本"), true),
            (r#"name in ("Ü", "x")"#, json!("ü"), true),
            (r#"name in ("SS", "x")"#, json!("ß"), false),
        ],
    );
}

#[test]
fn greek_final_sigma_matches_either_sigma() {
    // `str::to_lowercase` maps a word-final Σ to ς; the crate folds ς to σ (documented in
    // eval.rs), so ΟΔΟΣ, οδος and οδοσ are all equal.
    check_field(
        "name",
        &[
            (r#"name eq "οδος""#, json!("ΟΔΟΣ"), true),
            (r#"name eq "οδοσ""#, json!("ΟΔΟΣ"), true),
            (r#"name eq "ΟΔΟΣ""#, json!("οδος"), true),
            (r#"name eq "ΟΔΟΣ""#, json!("οδοσ"), true),
            (r#"name eq "οδος""#, json!("οδοσ"), true),
            (r#"name eq "ς""#, json!("Σ"), true),
            (r#"name sw "ς""#, json!("Σίσυφος"), true),
            (r#"name co "οσ""#, json!("ΟΔΟΣ"), true),
            (r#"name co "ος""#, json!("οδοσ"), true),
            (r#"name le "ΟΔΟΣ""#, json!("οδοσ"), true),
            (r#"name lt "ΟΔΟΣ""#, json!("οδοσ"), false),
            (r#"name gt "ΟΔΟΣ""#, json!("οδος"), false),
            (r#"name eq "οδο""#, json!("ΟΔΟΣ"), false),
        ],
    );
}

#[test]
fn case_sensitive_fields_compare_exactly() {
    check_field(
        "code",
        &[
            (r#"code eq "ABC""#, json!("ABC"), true),
            (r#"code eq "ABC""#, json!("abc"), false),
            (r#"code ne "ABC""#, json!("abc"), true),
            (r#"code eq "Ü""#, json!("ü"), false),
            (r#"code sw "AB""#, json!("ABc"), true),
            (r#"code sw "AB""#, json!("abc"), false),
            (r#"code co "bC""#, json!("AbC"), true),
            (r#"code co "bC""#, json!("ABC"), false),
            (r#"code in ("abc", "X")"#, json!("ABC"), false),
            (r#"code in ("abc", "X")"#, json!("X"), true),
            (r#"code ge "ABC""#, json!("ABC"), true),
            // Code point order: "B" < "a".
            (r#"code gt "a""#, json!("B"), false),
            (r#"code lt "a""#, json!("B"), true),
            (r#"code eq "οδος""#, json!("οδοσ"), false),
        ],
    );
    // The same rows on the case-insensitive field give the opposite where case matters.
    check_field(
        "name",
        &[
            (r#"name eq "ABC""#, json!("abc"), true),
            (r#"name sw "AB""#, json!("abc"), true),
            (r#"name co "bC""#, json!("ABC"), true),
            (r#"name in ("abc", "X")"#, json!("ABC"), true),
            (r#"name gt "a""#, json!("B"), true),
            (r#"name lt "a""#, json!("B"), false),
        ],
    );
}

#[test]
fn text_ordering_is_lexicographic_on_lowercased_text() {
    check_field(
        "name",
        &[
            (r#"name gt "apple""#, json!("Banana"), true),
            (r#"name lt "apple""#, json!("Banana"), false),
            (r#"name gt "Z""#, json!("a"), false),
            (r#"name lt "Z""#, json!("a"), true),
            (r#"name ge "abc""#, json!("ABC"), true),
            (r#"name le "abc""#, json!("ABC"), true),
            (r#"name gt "abc""#, json!("ABC"), false),
            (r#"name lt "abc""#, json!("ABC"), false),
            // Text, not numbers.
            (r#"name gt "9""#, json!("10"), false),
            (r#"name lt "9""#, json!("10"), true),
            (r#"name lt 9"#, json!("10"), true),
            // A prefix sorts first.
            (r#"name gt "ab""#, json!("abc"), true),
            (r#"name lt "ABC""#, json!("ab"), true),
            // By code point after lowercasing: é (U+E9) and ü (U+FC) come after z.
            (r#"name gt "f""#, json!("É"), true),
            (r#"name lt "f""#, json!("É"), false),
            (r#"name gt "Z""#, json!("Ü"), true),
            (r#"name gt "Ü""#, json!("z"), false),
            (r#"name gt """#, json!("a"), true),
            (r#"name gt """#, json!(""), false),
            (r#"name ge """#, json!(""), true),
            (
                r#"name le "RM Session - 07/10""#,
                json!("rm session - 07/09"),
                true,
            ),
        ],
    );
}

#[test]
fn sw_is_a_prefix_and_co_a_substring_ignoring_case() {
    check_field(
        "name",
        &[
            (r#"name sw "rm session""#, json!("RM Session - 07/10"), true),
            (r#"name sw "RM Session""#, json!("Saved RM Session"), false),
            (r#"name co "RM Session""#, json!("Saved RM Session"), true),
            (r#"name sw "Session""#, json!("RM Session"), false),
            (r#"name co "session""#, json!("RM Session"), true),
            (r#"name co "SION - 0""#, json!("RM Session - 07/10"), true),
            (r#"name co "07/10""#, json!("RM Session - 07/10"), true),
            (r#"name co "xyz""#, json!("RM Session"), false),
            (r#"name sw "abc""#, json!("ab"), false),
            (r#"name co "abc""#, json!("ab"), false),
            (r#"name sw "ab""#, json!("ab"), true),
            (r#"name co "ab""#, json!("ab"), true),
            // The empty string is a prefix and a substring of every string, even the empty one.
            (r#"name sw """#, json!("anything"), true),
            (r#"name sw """#, json!(""), true),
            (r#"name co """#, json!(""), true),
            (r#"name co """#, json!("x"), true),
            (r#"name eq """#, json!(""), true),
            (r#"name eq """#, json!("a"), false),
            // Non-ASCII text, both sides folded.
            (r#"name co "üll""#, json!("MÜLLER"), true),
            (r#"name sw "mü""#, json!("MÜLLER"), true),
            (r#"name co "LLER""#, json!("Müller"), true),
            (r#"name co "ÜLL""#, json!("sitzung müller"), true),
            (
                r#"name sw "sitzung m""#,
                json!("SITZUNG MÜLLER - Nachlauf"),
                true,
            ),
            (r#"name co "ß""#, json!("STRASSE"), false),
            (r#"name sw "straß""#, json!("STRASSE"), false),
            (r#"name sw "ÉVAL""#, json!("Évaluation des rôles"), true),
            (r#"name co "RÔLES""#, json!("Évaluation des rôles"), true),
            // İ lowercases to two chars; the needle may end inside that expansion.
            (r#"name sw "i""#, json!("İstanbul"), true),
            (r#"name sw "i̇s""#, json!("İSTANBUL"), true),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Date-times
// ---------------------------------------------------------------------------------------------

#[test]
fn date_times_compare_as_instants_whatever_their_offsets() {
    check_field(
        "created",
        &[
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T10:00:00+02:00"),
                true,
            ),
            (
                "created eq 2024-01-01T10:00:00+02:00",
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T03:00:00-05:00"),
                true,
            ),
            (
                "created ne 2024-01-01T08:00:00Z",
                json!("2024-01-01T10:00:00+02:00"),
                false,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00.000Z"),
                true,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00.001Z"),
                false,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00+00:00"),
                true,
            ),
            // 09:00+02:00 is 07:00Z: earlier than 08:30Z, though it reads later.
            (
                "created gt 2024-01-01T09:00:00+02:00",
                json!("2024-01-01T08:30:00Z"),
                true,
            ),
            (
                "created lt 2024-01-01T09:00:00+02:00",
                json!("2024-01-01T08:30:00Z"),
                false,
            ),
            // 05:00-02:00 is 07:00Z: later than 06:00Z, though it reads earlier.
            (
                "created lt 2024-01-01T06:00:00Z",
                json!("2024-01-01T05:00:00-02:00"),
                false,
            ),
            (
                "created gt 2024-01-01T06:00:00Z",
                json!("2024-01-01T05:00:00-02:00"),
                true,
            ),
            // The same instant on different calendar days.
            (
                "created ge 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                true,
            ),
            (
                "created le 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                true,
            ),
            (
                "created gt 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                false,
            ),
            (
                "created gt 2024-01-01T00:30:00+01:00",
                json!("2023-12-31T23:45:00Z"),
                true,
            ),
            (
                "created in (2020-01-01T00:00:00Z, 2024-01-01T12:00:00+04:00)",
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                "created in (2020-01-01T00:00:00Z, 2024-01-01T12:00:00+04:01)",
                json!("2024-01-01T08:00:00Z"),
                false,
            ),
            // Nanoseconds count.
            (
                "created gt 2022-02-07T20:13:29.356648026Z",
                json!("2022-02-07T20:13:29.356648027Z"),
                true,
            ),
            // The whole range of SPEC §8, to the last instant of 9999.
            (
                "created eq 9999-12-31T23:59:59Z",
                json!("9999-12-31T23:59:59Z"),
                true,
            ),
            (
                "created eq 9999-12-31T23:59:59Z",
                json!("9999-12-31T23:59:59.000000001Z"),
                false,
            ),
            (
                "created gt 2024-01-01T00:00:00Z",
                json!("9999-12-31T23:59:59.999999999Z"),
                true,
            ),
            (
                "created eq 0000-01-01T00:00:00Z",
                json!("0000-01-01T00:00:00Z"),
                true,
            ),
            (
                "created lt 0001-01-01T00:00:00Z",
                json!("0000-12-31T23:00:00-01:00"),
                false,
            ),
            (
                "created le 0001-01-01T00:00:00Z",
                json!("0000-12-31T23:00:00-01:00"),
                true,
            ),
        ],
    );
}

#[test]
fn quoted_date_times_on_a_date_time_field_are_date_times() {
    check_field(
        "created",
        &[
            (
                r#"created eq "2024-01-01T10:00:00+02:00""#,
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                r#"created lt "2024-01-01T09:00:00+02:00""#,
                json!("2024-01-01T08:30:00Z"),
                false,
            ),
            // SailPoint's published example, on both sides of it.
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T20:13:29.356648027Z"),
                true,
            ),
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T20:13:29.356648025Z"),
                false,
            ),
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T22:13:29.356648026+02:00"),
                true,
            ),
        ],
    );
}

#[test]
fn text_that_is_not_a_date_time_never_compares_on_a_date_time_field() {
    check_field(
        "created",
        &[
            ("created eq 2024-01-01T08:00:00Z", json!("yesterday"), false),
            ("created ne 2024-01-01T08:00:00Z", json!("yesterday"), true),
            ("created gt 0001-01-01T00:00:00Z", json!("yesterday"), false),
            ("created lt 9999-01-01T00:00:00Z", json!("yesterday"), false),
            // No offset: not an RFC 3339 date-time.
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00"),
                false,
            ),
            (
                "created gt 0001-01-01T00:00:00Z",
                json!("2024-01-01"),
                false,
            ),
            // A present value, though: not null.
            ("pr created", json!("yesterday"), true),
            ("created isnull", json!("yesterday"), false),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Numbers and booleans
// ---------------------------------------------------------------------------------------------

#[test]
fn integers_and_floats_compare_numerically_and_exactly() {
    let big = 9_007_199_254_740_993_i64; // 2^53 + 1: no f64 holds it
    check(&[
        ("count eq 1", json!({"count": 1}), true),
        ("count eq 1", json!({"count": 1.0}), true),
        ("count eq 1", json!({"count": 1.5}), false),
        ("count gt 1", json!({"count": 1.5}), true),
        ("count ne 2", json!({"count": 2.0}), false),
        ("count in (1, 2)", json!({"count": 2.0}), true),
        ("score eq 1.0", json!({"score": 1}), true),
        ("score eq 1", json!({"score": 1.0}), true),
        ("score gt 1.5", json!({"score": 2}), true),
        ("score lt 1.5", json!({"score": 2}), false),
        ("score ge 2", json!({"score": 2.0}), true),
        ("score lt 2", json!({"score": 1.5}), true),
        ("score gt 1.5", json!({"score": 1.5}), false),
        ("score ge 1.5", json!({"score": 1.5}), true),
        ("score gt -0.5", json!({"score": 0}), true),
        ("score eq 0", json!({"score": -0.0}), true),
        ("score in (1, 2.5)", json!({"score": 2.5}), true),
        ("score in (1, 2.5)", json!({"score": 2}), false),
        // Not text: 10 > 9.
        ("score gt 9", json!({"score": 10}), true),
        // i64::MAX is just below 2^63, which is what 9223372036854775807.0 rounds to.
        (
            "count eq 9223372036854775807",
            json!({"count": i64::MAX}),
            true,
        ),
        (
            "score eq 9223372036854775808.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score lt 9223372036854775808.0",
            json!({"score": i64::MAX}),
            true,
        ),
        (
            "score ge 9223372036854775808.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score eq 9223372036854775807",
            json!({"score": 9_223_372_036_854_775_808.0}),
            false,
        ),
        (
            "score gt 9223372036854775807",
            json!({"score": 9_223_372_036_854_775_808.0}),
            true,
        ),
        (
            "score lt 9300000000000000000.0",
            json!({"score": i64::MAX}),
            true,
        ),
        (
            "score gt 9300000000000000000.0",
            json!({"score": i64::MAX}),
            false,
        ),
        (
            "score gt 9223372036854775807",
            json!({"score": 9.3e18}),
            true,
        ),
        // -2^63 is exactly i64::MIN.
        (
            "score eq -9223372036854775808.0",
            json!({"score": i64::MIN}),
            true,
        ),
        (
            "score gt -9223372036854775808.0",
            json!({"score": i64::MIN}),
            false,
        ),
        (
            "count ge -9223372036854775808",
            json!({"count": i64::MIN}),
            true,
        ),
        // 2^53 + 1 against 2^53: a comparison through f64 would call them equal.
        ("score gt 9007199254740992.0", json!({"score": big}), true),
        ("score eq 9007199254740992.0", json!({"score": big}), false),
        (
            "score eq 9007199254740992",
            json!({"score": 9_007_199_254_740_992.0}),
            true,
        ),
        (
            "count lt 9007199254740993",
            json!({"count": 9_007_199_254_740_992.0}),
            true,
        ),
        (
            "count eq 9007199254740993",
            json!({"count": 9_007_199_254_740_992.0}),
            false,
        ),
    ]);
}

#[test]
fn booleans_support_equality_and_read_quoted_values() {
    check_field(
        "saved",
        &[
            ("saved eq true", json!(true), true),
            ("saved eq true", json!(false), false),
            ("saved eq false", json!(false), true),
            (r#"saved eq "true""#, json!(true), true),
            (r#"saved eq "true""#, json!(false), false),
            (r#"saved eq "false""#, json!(false), true),
            (r#"saved ne "true""#, json!(false), true),
            ("saved ne true", json!(true), false),
            ("saved in (true)", json!(true), true),
            ("saved in (false)", json!(true), false),
            (r#"saved in ("false", true)"#, json!(false), true),
        ],
    );
    // Only equality: ordering operators never hold on booleans, even untyped.
    for (text, record, expected) in [
        ("flag eq true", json!({"flag": true}), true),
        ("flag ne false", json!({"flag": true}), true),
        (r#"flag eq "true""#, json!({"flag": true}), true),
        ("flag gt false", json!({"flag": true}), false),
        ("flag ge true", json!({"flag": true}), false),
        ("flag le true", json!({"flag": true}), false),
        ("flag lt true", json!({"flag": false}), false),
    ] {
        let matcher = compile_open::<Value>(&parse(text));
        assert_eq!(matcher.matches(&record), expected, "{text} on {record}");
    }
    // And a schema cannot allow them: the field spec refuses an ordering operator on a
    // boolean, so no checked filter can hold one.
    for op in [Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Co, Op::Sw, Op::Ca] {
        let err = FieldSpec::new(
            FieldPath::from_static("saved"),
            FieldType::Boolean,
            OperatorSet::of(&[Op::Eq, op]),
        )
        .unwrap_err();
        assert_eq!(
            err,
            SchemaError::OperatorDoesNotApply {
                field: "saved".into(),
                op,
                field_type: FieldType::Boolean
            }
        );
        assert_eq!(
            err.to_string(),
            format!("field `saved` lists `{op}`, which does not apply to a boolean field")
        );
    }
    let built = std::panic::catch_unwind(|| {
        Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq, Op::Gt])
    });
    assert!(built.is_err(), "a schema in code with `gt` on a boolean");
}

// ---------------------------------------------------------------------------------------------
// in, ca and collections
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Role mining sessions, typed and as JSON
// ---------------------------------------------------------------------------------------------

fn sessions() -> Vec<RoleMiningSession> {
    serde_json::from_str(DATA).unwrap()
}

/// The ids of the sessions `filter` selects through the endpoint's own schema, typed and as
/// JSON (which must agree).
fn selected(text: &str) -> Vec<String> {
    let schema = RoleMiningSessions::schema();
    let filter = checked(&parse(text), schema);
    let typed = compile::<RoleMiningSession>(&filter).unwrap();
    let json = compile::<Value>(&filter).unwrap();
    let sessions = sessions();
    for session in &sessions {
        let value = serde_json::to_value(session).unwrap();
        assert_eq!(
            typed.matches(session),
            json.matches(&value),
            "{text} on {}",
            session.id
        );
    }
    sessions
        .iter()
        .filter(|s| typed.matches(s))
        .map(|s| s.id.clone())
        .collect()
}

fn ids_where(keep: impl Fn(&RoleMiningSession) -> bool) -> Vec<String> {
    sessions()
        .into_iter()
        .filter(|s| keep(s))
        .map(|s| s.id)
        .collect()
}

#[test]
fn role_mining_sessions_filter_by_saved_and_name() {
    let rm = |s: &RoleMiningSession| {
        s.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm session"))
    };
    let main_job = selected(r#"saved eq "true" and name sw "RM Session""#);
    assert_eq!(main_job, ids_where(|s| s.saved && rm(s)));
    assert_eq!(main_job.len(), 12);
    assert_eq!(
        selected(r#"saved eq true and name sw "rm session""#),
        main_job
    );

    assert_eq!(selected("saved eq false"), ids_where(|s| !s.saved));
    assert_eq!(selected(r#"saved eq "false""#), ids_where(|s| !s.saved));
    let muller = [
        "a6aacffbbb460f4bbf6916879e57bbf4",
        "b0848e2051e67ea9b6b7945523c26d19",
        "0a1efbcf8db9dee0ed86e18ed07bac39",
    ];
    assert_eq!(selected(r#"name eq "SITZUNG MÜLLER""#), muller);
    assert_eq!(selected(r#"name eq "sitzung müller""#), muller);
    assert_eq!(
        selected(r#"name sw "sitzung m""#),
        ids_where(|s| s
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("sitzung m")))
    );
    assert_eq!(selected(r#"name sw "sitzung m""#).len(), 4);
    // Sessions without a name are neither `eq` nor `sw` anything, so `not` selects them.
    let unnamed = ids_where(|s| s.name.is_none());
    assert_eq!(unnamed.len(), 4);
    let not_rm = selected(r#"not name sw "RM""#);
    assert!(unnamed.iter().all(|id| not_rm.contains(id)));
    assert_eq!(
        not_rm,
        ids_where(|s| !s
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("rm")))
    );
    assert_eq!(
        selected(r#"name eq "Évaluation des rôles" or name eq "ÉVALUATION DES RÔLES""#).len(),
        3
    );
}

#[test]
fn a_typed_session_without_a_name_is_null_for_every_operator() {
    let mut session = sessions().remove(0);
    session.name = None;
    session.created_by = None;
    let schema = Schema::new("sessions")
        .with_field("name", FieldType::String, eval_fixture::SCALAR_STRING_OPS)
        .with_field(
            "createdBy.displayName",
            FieldType::String,
            [Op::Eq, Op::Ne, Op::Pr, Op::IsNull],
        );
    let value = serde_json::to_value(&session).unwrap();
    for (text, expected) in ON_NULL
        .iter()
        .filter(|(f, _, _)| *f == "name")
        .map(|(_, t, e)| (*t, *e))
        .chain([
            (r#"createdBy.displayName eq "a""#, false),
            (r#"createdBy.displayName ne "a""#, true),
            ("pr createdBy.displayName", false),
            ("createdBy.displayName isnull", true),
        ])
    {
        let filter = parse(text);
        let typed = compile_for::<RoleMiningSession>(&filter, &schema);
        let json = compile_for::<Value>(&filter, &schema);
        assert_eq!(typed.matches(&session), expected, "typed: {text}");
        assert_eq!(json.matches(&value), expected, "json: {text}");
        let not = compile_for::<RoleMiningSession>(&filter.not(), &schema);
        assert_eq!(not.matches(&session), !expected, "typed: not ({text})");
    }
}

#[test]
fn typed_session_date_times_compare_as_instants() {
    let session = sessions().remove(0); // created 2024-07-27T12:50:35.348Z
    let schema = Schema::new("sessions").with_field(
        "createdDate",
        FieldType::DateTime,
        [Op::Eq, Op::Gt, Op::Lt],
    );
    for (text, expected) in [
        ("createdDate eq 2024-07-27T14:50:35.348+02:00", true),
        (r#"createdDate eq "2024-07-27T07:50:35.348-05:00""#, true),
        ("createdDate eq 2024-07-27T12:50:35.347Z", false),
        ("createdDate gt 2024-07-27T14:00:00+02:00", true),
        ("createdDate lt 2024-07-27T13:00:00+00:30", false),
    ] {
        let matcher = compile_for::<RoleMiningSession>(&parse(text), &schema);
        assert_eq!(matcher.matches(&session), expected, "{text}");
    }
}

#[test]
fn typed_session_dates_reach_the_end_of_year_9999() {
    // "Never", 9999-12-31T23:59:59Z, is a date-time of its own (past what `jiff::Timestamp`
    // holds), and compares with filter values like any other.
    let mut session = sessions().remove(0);
    session.modified_date = "9999-12-31T23:59:59Z".parse().unwrap();
    session.created_date = DateTime::MIN;
    let schema = Schema::new("sessions")
        .with_field("createdDate", FieldType::DateTime, [Op::Eq, Op::Gt, Op::Lt])
        .with_field(
            "modifiedDate",
            FieldType::DateTime,
            [Op::Eq, Op::Gt, Op::Le],
        );
    let value = serde_json::to_value(&session).unwrap();
    assert_eq!(value["modifiedDate"], "9999-12-31T23:59:59Z");
    for (text, expected) in [
        ("modifiedDate eq 9999-12-31T23:59:59Z", true),
        (r#"modifiedDate eq "9999-12-31T23:59:59.000Z""#, true),
        ("modifiedDate gt 9999-12-31T23:59:58.999999999Z", true),
        ("modifiedDate gt 9999-12-31T23:59:59Z", false),
        ("modifiedDate le 9999-12-31T23:59:59.999999999Z", true),
        ("modifiedDate eq 9999-12-31T22:59:59-01:00", true),
        ("createdDate eq 0000-01-01T00:00:00Z", true),
        ("createdDate eq 0000-01-01T01:00:00+01:00", true),
        ("createdDate lt 0000-01-01T00:00:00.000000001Z", true),
        ("createdDate gt 0000-01-01T00:00:00Z", false),
    ] {
        let filter = parse(text);
        let typed = compile_for::<RoleMiningSession>(&filter, &schema);
        assert_eq!(typed.matches(&session), expected, "typed: {text}");
        let json = compile_for::<Value>(&filter, &schema);
        assert_eq!(json.matches(&value), expected, "json: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Untyped evaluation
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// A filter is checked before it compiles
// ---------------------------------------------------------------------------------------------

/// The problems checking finds (a filter must be checked to be compiled with a schema).
fn invalid(text: &str, schema: &Schema) -> Vec<String> {
    match parse(text).check(schema, Syntax::Lenient) {
        Err(err) => err.messages(),
        Ok(checked) => panic!("{text}: checked as {checked}"),
    }
}

#[test]
fn check_errors_come_before_compiling() {
    let schema = schema();
    assert_eq!(
        invalid(r#"nmae eq "x""#, &schema),
        [
            "filters: unknown field `nmae` for docs; did you mean `name`? Filterable fields: name, code, saved, count, score, created, tags, owner.name"
        ]
    );
    assert_eq!(
        invalid(r#"saved co "x""#, &schema),
        [
            "filters: `co` is not supported on field `saved` of docs; `saved` supports: eq, ne, in, pr, isnull"
        ]
    );
    assert_eq!(invalid(r#"saved eq "yes""#, &schema).len(), 1,);
    assert_eq!(invalid("count eq 1.5", &schema).len(), 1);
    assert_eq!(invalid(r#"created eq "tomorrow""#, &schema).len(), 1);
    assert_eq!(invalid(r#"name ca ("a")"#, &schema).len(), 1);
    // Every problem, not only the first.
    assert_eq!(
        invalid(r#"nmae eq "x" or saved eq "yes" or count eq 1.5"#, &schema).len(),
        3
    );
    // `ca` on a scalar: no schema can list it (the field spec refuses it), so no checked
    // filter holds one.
    assert_eq!(
        FieldSpec::new(
            FieldPath::from_static("name"),
            FieldType::String,
            OperatorSet::of(&[Op::Ca])
        ),
        Err(SchemaError::OperatorDoesNotApply {
            field: "name".into(),
            op: Op::Ca,
            field_type: FieldType::String
        })
    );
    // A composite operator the endpoint does not allow.
    let no_not = schema
        .clone()
        .with_composites([Composite::And, Composite::Or]);
    assert_eq!(
        invalid(r#"not name eq "a""#, &no_not),
        ["filters: `not` is not supported by docs; composite operators: and, or"]
    );
    // Through the role-mining schema.
    let sessions = RoleMiningSessions::schema();
    for (text, problems) in [
        (r#"name co "x""#, 1),
        ("saved eq 1", 1),
        (r#"createdDate eq "x""#, 1),
        (r#"name sw "a" and nmae eq "b""#, 1),
    ] {
        let err = parse(text)
            .check(sessions, Syntax::Lenient)
            .expect_err(text);
        assert_eq!(err.problems().len(), problems, "{text}: {err}");
        assert!(
            matches!(
                err.kind(),
                CheckProblem::UnknownField { .. }
                    | CheckProblem::OperatorNotAllowed { .. }
                    | CheckProblem::WrongValueType { .. }
            ),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn a_schema_field_the_record_type_cannot_read_is_a_compile_error() {
    let schema = Schema::new("sessions").with_field("scope.criteria", FieldType::String, [Op::Eq]);
    let filter = checked(&parse(r#"scope.criteria eq "x""#), &schema);
    let err = compile::<RoleMiningSession>(&filter).unwrap_err();
    assert_eq!(
        err,
        CompileError::UnreadableField {
            field: "scope.criteria".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "records of this type have no field `scope.criteria`"
    );
    // JSON reads every path.
    assert!(compile::<Value>(&filter).is_ok());
}

#[test]
fn bare_integers_on_string_fields_are_text_in_the_lenient_syntax() {
    check_field(
        "name",
        &[
            ("name eq 12345", json!("12345"), true),
            ("name eq 12345", json!("012345"), false),
            ("name sw 12", json!("12345"), true),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// compare_for_sort
// ---------------------------------------------------------------------------------------------

/// 9999-12-31T23:59:59Z, the "never" date.
fn never() -> DateTime {
    "9999-12-31T23:59:59Z".parse().unwrap()
}

#[test]
fn compare_for_sort_uses_the_same_text_number_and_time_rules() {
    use FieldRef::*;
    for (a, b, case_sensitive, expected) in [
        (Str("alice"), Str("Bob"), false, Ordering::Less),
        (Str("alice"), Str("Bob"), true, Ordering::Greater),
        (Str("Ü"), Str("ü"), false, Ordering::Equal),
        (Str("ß"), Str("SS"), false, Ordering::Greater),
        (Str("ΟΔΟΣ"), Str("οδοσ"), false, Ordering::Equal),
        (Str("É"), Str("f"), false, Ordering::Greater),
        (Int(2), Float(1.5), false, Ordering::Greater),
        (Int(1), Float(1.0), false, Ordering::Equal),
        (
            Int(i64::MAX),
            Float(9_223_372_036_854_775_808.0),
            false,
            Ordering::Less,
        ),
        (
            Str("2024-01-01T10:00:00+05:00"),
            Str("2024-01-01T06:00:00Z"),
            false,
            Ordering::Less,
        ),
        (
            Str("2024-01-01T10:00:00+02:00"),
            Str("2024-01-01T08:00:00Z"),
            false,
            Ordering::Equal,
        ),
        (Bool(false), Bool(true), false, Ordering::Less),
        // Date-times over the whole range, also past what `jiff::Timestamp` holds.
        (
            Str("9999-12-31T23:59:59Z"),
            DateTime(never()),
            false,
            Ordering::Equal,
        ),
        (
            Str("9999-12-31T22:00:00Z"),
            DateTime(never()),
            false,
            Ordering::Less,
        ),
        (
            DateTime(sailpoint_filters::DateTime::MIN),
            Str("0000-01-01T01:00:00+01:00"),
            false,
            Ordering::Equal,
        ),
        (
            DateTime(sailpoint_filters::DateTime::MAX),
            DateTime(never()),
            false,
            Ordering::Greater,
        ),
    ] {
        assert_eq!(
            compare_for_sort(a, b, case_sensitive),
            expected,
            "{a:?} {b:?}"
        );
        assert_eq!(
            compare_for_sort(b, a, case_sensitive),
            expected.reverse(),
            "{b:?} {a:?}"
        );
    }
}

/// `and`/`or` nested deeper than the matcher evaluates is an error, not a stack overflow;
/// `not` chains fold away and do not count.
#[test]
fn deep_filters_are_refused_not_overflowed() {
    let leaf = || parse(r#"name eq "a""#);
    // `(… and x) or x) and x …`, alternating so that nothing flattens.
    let nested = |depth: usize| {
        (0..depth).fold(leaf(), |inner, i| {
            let other = parse(r#"name eq "b""#);
            if i % 2 == 0 {
                inner.and(other)
            } else {
                inner.or(other)
            }
        })
    };
    let schema = schema();
    let ok = compile_for::<Value>(&nested(200), &schema);
    assert!(ok.matches(&json!({"name": "b"})));
    // Checking refuses the deep filter, against any schema, so no engine is handed one.
    for schema in [schema.clone(), Schema::open("records")] {
        let err = nested(400).check(&schema, Syntax::Lenient).unwrap_err();
        assert_eq!(err.kind(), &CheckProblem::TooDeep { max: 256 });
    }
    // 256 levels check and run; 257 do not.
    assert!(compile_for::<Value>(&nested(256), &schema).matches(&json!({"name": "b"})));
    assert!(nested(257).check(&schema, Syntax::Lenient).is_err());
    let nots = (0..1001).fold(leaf(), |f, _| f.not());
    let matcher = compile_for::<Value>(&nots, &schema);
    assert!(matcher.matches(&json!({"name": "b"})));
    assert!(!matcher.matches(&json!({"name": "A"})));
}

/// SPEC §3: numbers compare numerically, exactly. JSON integers above `i64::MAX` keep their
/// value: 2^63 + 1 is above every `i64` and above the float 2^63, and not equal to it (a reading
/// through `f64` would round it to 2^63).
#[test]
fn json_integers_beyond_i64_compare_exactly() {
    let above = json!({ "score": 9_223_372_036_854_775_809_u64 }); // 2^63 + 1
    check(&[
        ("score gt 9223372036854775807", above.clone(), true),
        ("score eq 9223372036854775808.0", above.clone(), false),
        ("score gt 9223372036854775808.0", above, true),
    ]);
}
