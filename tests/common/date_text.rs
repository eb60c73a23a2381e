//! Date-time text in every spelling SPEC §8 allows, and text that only looks like one: for
//! filters and records alike. The spellings are built from the instant's canonical text and
//! civil-time arithmetic, apart from the crate's reader that the tests check.

use proptest::prelude::*;
use sailpoint_filters::DateTime;

/// An RFC 3339 spelling of `t` in one of the forms SPEC §8 allows: UTC or an offset of up to
/// ±23:59 (when the local time stays within years 0000–9999), `T` or `t`, `Z` or `z`, the
/// fraction with 0 to 9 digits (trailing zeros added), and `:60` for a leap second that reads
/// as the second before it.
pub fn spelled(t: DateTime) -> impl Strategy<Value = String> {
    (
        prop_oneof![
            2 => Just(0),
            1 => prop::sample::select(vec![60, -120, 330, -(23 * 60 + 59), 23 * 60 + 59]),
            1 => -(23 * 60 + 59)..=(23 * 60 + 59),
        ],
        any::<bool>(),
        any::<bool>(),
        prop_oneof![3 => Just(0usize), 1 => 1usize..=9],
        any::<bool>(),
    )
        .prop_map(move |(minutes, lower_t, lower_z, extra_zeros, leap)| {
            spell(&t, minutes, lower_t, lower_z, extra_zeros, leap)
        })
}

/// `t` at `minutes` east of UTC (in UTC when that leaves years 0000–9999), with a lower-case
/// `t` and `z`, `extra_zeros` more fraction digits (up to nine in all), and `:60` for `:59`
/// when `leap` (only without a fraction, in UTC).
fn spell(
    t: &DateTime,
    minutes: i32,
    lower_t: bool,
    lower_z: bool,
    extra_zeros: usize,
    leap: bool,
) -> String {
    let canonical = t.to_string();
    // The canonical text, in UTC: `…T23:59:59[.fff]Z`.
    let mut text = canonical.trim_end_matches('Z').to_owned();
    let has_fraction = text.len() > 19;
    if has_fraction || extra_zeros > 0 {
        if !has_fraction {
            text.push('.');
        }
        let digits = text.len() - 20;
        text.push_str(&"0".repeat(extra_zeros.min(9 - digits)));
    }
    // A leap second: `…:59` (no fraction) may be written `…:60`.
    if leap && !has_fraction && extra_zeros == 0 && text.ends_with(":59") {
        text = format!("{}60", &text[..text.len() - 2]);
    }
    let utc = if lower_z { "z" } else { "Z" };
    let zone = if minutes == 0 || text.ends_with(":60") {
        utc.to_owned()
    } else {
        match shifted(t, minutes) {
            Some(local) => {
                let fraction = &text[19..];
                text = format!("{local}{fraction}");
                let sign = if minutes < 0 { '-' } else { '+' };
                let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
                format!("{sign}{h:02}:{m:02}")
            }
            None => utc.to_owned(),
        }
    };
    if lower_t {
        text.replace_range(10..11, "t");
    }
    format!("{text}{zone}")
}

/// `t`'s local date and time (to the second) at `minutes` east of UTC, if in years 0000–9999.
fn shifted(t: &DateTime, minutes: i32) -> Option<String> {
    let civil = jiff::civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0)
        .checked_add(jiff::SignedDuration::from_secs(
            t.as_second() + i64::from(minutes) * 60,
        ))
        .ok()?;
    (0..=9999)
        .contains(&civil.year())
        .then(|| civil.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Text a date-time field of a record may hold that is no date-time of SPEC §8, though it
/// starts like one: impossible days (2024-02-30, 2023-02-29, April 31), hour 24, minute or
/// second 60+, an offset of 24 hours, ten fraction digits, a space for `T`, no zone, a
/// two-digit year.
pub fn not_quite_date_time_text() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "2024-02-30T00:00:00Z",
        "2023-02-29T22:13:20Z",
        "2023-04-31T10:00:00+02:00",
        "2023-11-31t22:13:20z",
        "2023-11-14T24:00:00Z",
        "2023-11-14T22:60:00Z",
        "2023-11-14T22:13:61Z",
        "2023-11-14T22:13:20+24:00",
        "2023-11-14T22:13:20.1234567890Z",
        "2023-11-14 22:13:20Z",
        "2023-11-14T22:13:20",
        "23-11-14T22:13:20Z",
        "2023-11-14",
        "2023-13-01T00:00:00Z",
    ])
    .prop_map(str::to_owned)
}
