//! The fast path against the general reader: on text near the usual spellings (valid
//! date-times mutated in their digits, separators, lengths, offsets and fractions) the fast
//! path answers exactly when the general reader accepts, with the same instant, so that
//! `DateTime::read` accepts, refuses and reads as the general reader does.

use proptest::prelude::*;

use super::super::{DateTime, DateTimeError};
use super::read as fast;

/// The instant a read should give, written out (seconds worked out apart from this code).
fn at(second: i64, nanosecond: u32) -> Option<DateTime> {
    Some(DateTime { second, nanosecond })
}

#[test]
fn reads_the_usual_spellings() {
    assert_eq!(
        fast(b"2023-04-12T08:31:05.250Z"),
        at(1_681_288_265, 250_000_000)
    );
    assert_eq!(fast(b"2023-04-12T08:31:05Z"), at(1_681_288_265, 0));
    assert_eq!(fast(b"2023-04-12t08:31:05z"), at(1_681_288_265, 0));
    assert_eq!(
        fast(b"2023-02-05T10:59:27.214+02:00"),
        at(1_675_587_567, 214_000_000)
    );
    assert_eq!(fast(b"2023-02-05T03:29:27-05:30"), at(1_675_587_567, 0));
    assert_eq!(
        fast(b"2024-02-29T12:00:00.5Z"),
        at(1_709_208_000, 500_000_000)
    );
    assert_eq!(fast(b"1969-12-31T23:59:59.000000001Z"), at(-1, 1));
    assert_eq!(fast(b"1969-12-31T23:59:60Z"), at(-1, 0));
    assert_eq!(fast(b"0000-01-01T00:00:00Z"), Some(DateTime::MIN));
    assert_eq!(fast(b"0000-03-01T00:00:00Z"), at(-62_162_035_200, 0));
    assert_eq!(fast(b"9999-12-31T23:59:59.999999999Z"), Some(DateTime::MAX));
    assert_eq!(fast(b"9999-12-31T00:59:59-23:00"), at(253_402_300_799, 0));
}

#[test]
fn leaves_the_rest_to_the_general_reader() {
    for text in [
        "",
        "2023-04-12",
        "2023-04-12T08:31:05",
        "2023-04-12T08:31:05.Z",
        "2023-04-12T08:31:05.1234567891Z",
        "2023-04-12T24:00:00Z",
        "2023-02-29T00:00:00Z",
        "2023-00-01T00:00:00Z",
        "2023-04-12T08:31:05+24:00",
        "2023-04-12T08:31:05+0200",
        "0000-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
        "2023-04-12 08:31:05Z",
    ] {
        assert_eq!(fast(text.as_bytes()), None, "{text}");
    }
}

/// A number of `width` digits, mostly in `valid` and sometimes just outside it.
fn number(
    valid: std::ops::RangeInclusive<u32>,
    near: std::ops::RangeInclusive<u32>,
    width: usize,
) -> impl Strategy<Value = String> {
    prop_oneof![6 => valid, 1 => near].prop_map(move |n| format!("{n:0width$}"))
}

/// `2023-04-12T08:31:05.250Z` and its relatives: every field in or just beyond its range,
/// leap days and year ends likely, any fraction length 0–11, `Z` or an offset (or a broken one).
fn near_valid() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        4 => 0u32..=9999,
        1 => prop::sample::select(vec![0u32, 1, 100, 400, 1900, 1969, 1970, 2000, 2023, 2024, 9999]),
    ]
    .prop_map(|y| format!("{y:04}"));
    let date = (
        year,
        number(1..=12, 0..=19, 2),
        prop_oneof![3 => number(1..=28, 0..=0, 2), 2 => number(28..=31, 29..=39, 2)],
    );
    let time = (
        prop::sample::select(vec!["T", "T", "T", "t", " ", "TT"]),
        number(0..=23, 20..=29, 2),
        number(0..=59, 55..=69, 2),
        prop_oneof![4 => number(0..=59, 0..=0, 2), 1 => number(58..=61, 55..=99, 2)],
    );
    let fraction = prop_oneof![
        2 => Just(String::new()),
        4 => "[0-9]{1,9}".prop_map(|d| format!(".{d}")),
        1 => "[0-9]{0,11}".prop_map(|d| format!(".{d}")),
    ];
    let zone = prop_oneof![
        3 => prop::sample::select(vec!["Z", "z"]).prop_map(String::from),
        3 => (
            prop::sample::select(vec!["+", "-"]),
            number(0..=23, 20..=29, 2),
            number(0..=59, 55..=69, 2),
        )
            .prop_map(|(s, h, m)| format!("{s}{h}:{m}")),
        1 => prop::sample::select(vec!["", "ZZ", "+02", "+0200", "-02:0", "Z[UTC]", "+02:00Z", "\u{e9}"])
            .prop_map(String::from),
    ];
    ((date, time), fraction, zone).prop_map(|((date, time), fraction, zone)| {
        let ((y, mo, d), (t, h, mi, s)) = (date, time);
        format!("{y}-{mo}-{d}{t}{h}:{mi}:{s}{fraction}{zone}")
    })
}

/// One change to the text: a byte replaced, inserted or removed, or the text cut short.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, char),
    Insert(usize, char),
    Remove(usize),
    Cut(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop::sample::select(vec![
        '0', '1', '2', '5', '9', '-', ':', '.', 'T', 't', 'Z', 'z', '+', ' ', '/', '\u{e9}',
    ]);
    prop_oneof![
        (0..40usize, byte.clone()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (0..40usize, byte).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (0..40usize).prop_map(Mutation::Remove),
        (0..40usize).prop_map(Mutation::Cut),
    ]
}

/// The text with the mutations applied, at character positions (it stays UTF-8).
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len();
        match *m {
            Mutation::Replace(i, c) if i < len => chars[i] = c,
            Mutation::Insert(i, c) => chars.insert(i.min(len), c),
            Mutation::Remove(i) if i < len => {
                chars.remove(i);
            }
            Mutation::Cut(i) => chars.truncate(i),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// The fast path answers `Some` exactly for what the general reader accepts, with its instant;
/// and `DateTime::read` answers as the general reader does (same value or same error).
fn agree(text: &str) -> Result<(), TestCaseError> {
    let general: Result<DateTime, DateTimeError> = DateTime::read_general(text);
    prop_assert_eq!(
        fast(text.as_bytes()),
        general.ok(),
        "fast path on {:?}",
        text
    );
    prop_assert_eq!(DateTime::read(text), general, "read on {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn the_fast_path_agrees_near_the_valid_forms(text in near_valid()) {
        agree(&text)?;
    }

    #[test]
    fn the_fast_path_agrees_on_mutated_date_times(
        text in near_valid(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        agree(&mutate(&text, &mutations))?;
    }

    #[test]
    fn the_fast_path_agrees_with_any_one_character_changed(
        text in near_valid(),
        at in 0..32usize,
        c in prop_oneof![3 => prop::char::range('\0', '\u{7f}'), 1 => any::<char>()],
    ) {
        agree(&mutate(&text, &[Mutation::Replace(at, c)]))?;
    }

    #[test]
    fn the_fast_path_agrees_on_any_text(text in "[-0-9:.TtZz+ ]{0,32}|\\PC{0,32}") {
        agree(&text)?;
    }
}
