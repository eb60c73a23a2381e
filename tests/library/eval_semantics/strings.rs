//! Strings: case folding, ordering, `sw` and `co`.

use super::*;

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
