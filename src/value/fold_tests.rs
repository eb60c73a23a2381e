//! Tests of [`FoldedText`]'s shortcuts against plain references built on `str::to_lowercase`:
//! random ASCII text, random text of any characters, and text built from pieces chosen to
//! collide (case variants, the Kelvin sign, `İ`, `ß`, Greek sigmas).

use proptest::prelude::*;

use super::{FoldedText, folded};

/// SPEC §3's lowercase mapping as the standard library gives it, with the crate's documented
/// refinement (final sigma folds to `σ`).
fn lower(s: &str) -> String {
    s.to_lowercase().replace('ς', "σ")
}

/// `co` by the definition: some suffix of `hay` starting at a character boundary, lowercased,
/// starts with the lowercased needle.
fn reference_contains(hay: &str, needle: &str) -> bool {
    let needle = lower(needle);
    needle.is_empty()
        || hay
            .char_indices()
            .any(|(i, _)| lower(&hay[i..]).starts_with(&needle))
}

fn reference_eq(hay: &str, needle: &str) -> bool {
    lower(hay) == lower(needle)
}

fn reference_starts_with(hay: &str, needle: &str) -> bool {
    lower(hay).starts_with(&lower(needle))
}

/// Pieces that fold into each other, or into ASCII, or across lengths.
const PIECES: &[&str] = &[
    "a", "A", "b", "K", "k", "\u{212A}", "i", "I", "İ", "i\u{307}", "ß", "SS", "ss", "σ", "Σ", "ς",
    "é", "É", "Ⱥ", "ⱥ", "session", "SESSION", "Session", " ", "-", "0", "\0",
];

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
}

/// Text of any kind: ASCII, pieces that collide, or any characters.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::char::range(' ', '~'), 0..max * 3)
            .prop_map(|c| c.into_iter().collect::<String>()),
        prop::collection::vec(prop::sample::select(b"aAbBkKsS -".as_slice()), 0..max * 3)
            .prop_map(|b| String::from_utf8(b).expect("ASCII")),
        pieces(max),
        prop::collection::vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn contains_agrees_with_to_lowercase(hay in text(12), needle in text(4)) {
        let folded = FoldedText::new(&needle);
        prop_assert_eq!(folded.is_in(&hay), reference_contains(&hay, &needle), "{:?} co {:?}", hay, needle);
    }

    #[test]
    fn a_needle_cut_from_the_text_is_found(
        hay in text(16),
        cut in (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
        upper in any::<bool>(),
    ) {
        // A slice of the text between two character boundaries, maybe uppercased.
        let bounds: Vec<usize> = hay.char_indices().map(|(i, _)| i).chain([hay.len()]).collect();
        let (a, b) = (cut.0.get(&bounds), cut.1.get(&bounds));
        let piece = &hay[*a.min(b)..*a.max(b)];
        let needle = if upper { piece.to_uppercase() } else { piece.to_owned() };
        let expected = reference_contains(&hay, &needle);
        prop_assert_eq!(FoldedText::new(&needle).is_in(&hay), expected, "{:?} co {:?}", hay, needle);
        if !upper {
            prop_assert!(expected, "{:?} does not contain its own piece {:?}", hay, needle);
        }
    }

    #[test]
    fn eq_agrees_with_to_lowercase(hay in text(6), needle in text(6)) {
        let folded = FoldedText::new(&needle);
        prop_assert_eq!(folded.eq(&hay), reference_eq(&hay, &needle), "{:?} eq {:?}", hay, needle);
        // Equal to itself in any case.
        prop_assert!(folded.eq(&needle));
        prop_assert_eq!(folded.eq(&needle.to_uppercase()), reference_eq(&needle.to_uppercase(), &needle));
    }

    #[test]
    fn starts_with_agrees_with_to_lowercase(hay in text(8), needle in text(3)) {
        let folded = FoldedText::new(&needle);
        prop_assert_eq!(
            folded.is_prefix_of(&hay),
            reference_starts_with(&hay, &needle),
            "{:?} sw {:?}", hay, needle
        );
    }

    #[test]
    fn cmp_agrees_with_to_lowercase(hay in text(6), needle in text(6)) {
        let folded = FoldedText::new(&needle);
        prop_assert_eq!(folded.cmp_with(&hay), lower(&hay).cmp(&lower(&needle)));
    }
}

/// The fact the ASCII shortcuts rest on, over every character: only the Kelvin sign and `İ`
/// map to lowercase text holding ASCII; only `İ` maps to more than one character.
#[test]
fn only_two_non_ascii_characters_fold_into_ascii() {
    let into_ascii: Vec<char> = ('\u{80}'..=char::MAX)
        .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
        .collect();
    assert_eq!(into_ascii, ['\u{130}', '\u{212A}']);
    let expanding: Vec<char> = ('\0'..=char::MAX)
        .filter(|c| c.to_lowercase().count() > 1)
        .collect();
    assert_eq!(expanding, ['\u{130}']);
}

#[test]
fn contains_examples() {
    let cases: &[(&str, &str, bool)] = &[
        ("RM Sessions backlog 12", "BACKLOG", true),
        ("RM Sessions backlo", "backlog", false),
        ("backlog", "backlog", true),
        ("x backlog", "backlog", true),
        ("", "a", false),
        ("abc", "", true),
        // The Kelvin sign folds to k: found only by the search char by char.
        ("bac\u{212A}log", "backlog", true),
        ("bac\u{212A}lo", "backlog", false),
        // İ folds to i and a combining dot: `i` is found at its start, the dot not alone.
        ("İs", "is", false),
        ("İs", "i\u{307}s", true),
        ("xİ", "xi", true),
        ("İ", "\u{307}", false),
        // Non-ASCII needles.
        ("RM SÉSSION", "séssion", true),
        ("RM SESSION", "séssion", false),
        ("STRASSE", "ß", false),
        ("ΟΔΟΣ", "οδοσ", true),
        ("ΟΔΟΣ", "οδος", true),
        // Bytes around the eight-byte words of the search.
        ("0123456789abcdefgh", "h", true),
        ("0123456789abcdefgh", "GH", true),
        ("0123456789abcdefgH", "fgh", true),
        ("0123456", "6", true),
        ("01234567", "7", true),
        ("012345678", "78", true),
        ("a\0b", "\0", true),
        ("ab", "\0", false),
    ];
    for &(hay, needle, expected) in cases {
        assert_eq!(
            FoldedText::new(needle).is_in(hay),
            expected,
            "{hay:?} co {needle:?}"
        );
        assert_eq!(
            reference_contains(hay, needle),
            expected,
            "{hay:?} co {needle:?} (reference)"
        );
    }
}

#[test]
fn eq_examples() {
    let cases: &[(&str, &str, bool)] = &[
        ("Finance Roles 2024", "finance roles 2024", true),
        ("Finance Roles 2025", "finance roles 2024", false),
        ("\u{212A}", "k", true),
        ("\u{212A}\u{212A}", "KK", true),
        ("\u{212A}x", "kk", false),
        ("İ", "i", false),
        ("İ", "i\u{307}", true),
        ("ÉLODIE", "élodie", true),
        ("ELODIE", "élodie", false),
        ("STRASSE", "straße", false),
        ("οδος", "ΟΔΟΣ", true),
    ];
    for &(hay, needle, expected) in cases {
        assert_eq!(
            FoldedText::new(needle).eq(hay),
            expected,
            "{hay:?} eq {needle:?}"
        );
        assert_eq!(
            reference_eq(hay, needle),
            expected,
            "{hay:?} eq {needle:?} (reference)"
        );
    }
}

#[test]
fn folding_maps_final_sigma_to_sigma() {
    assert_eq!(folded("ΟΔΟΣ ς").collect::<String>(), "οδοσ σ");
}

/// Every byte value, at every position of a word, beside other bytes: the word's lowercasing
/// is the standard library's ASCII lowercasing of each byte (non-ASCII bytes unchanged).
#[test]
fn lowering_a_word_lowercases_each_ascii_byte() {
    for b in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = *b"Az[@`{\x80Z";
            bytes[at] = b;
            let want = bytes.map(|x| x.to_ascii_lowercase());
            let got = super::lower_ascii_word(u64::from_le_bytes(bytes)).to_le_bytes();
            assert_eq!(got, want, "byte {b:#04x} at {at}");
        }
    }
}
