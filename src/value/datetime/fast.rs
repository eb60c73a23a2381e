//! The usual spellings of a date-time read at fixed positions: `2023-04-12T08:31:05.250Z`,
//! `2023-04-12T08:31:05Z`, `2023-02-05T10:59:27.214+02:00`, with zero to nine fractional
//! digits.
//!
//! [`read`] answers only for text that is a date-time in range, and then with the instant the
//! general reader ([`DateTime::read_general`]) reads; for anything else it answers `None` and
//! the general reader decides, so that what is accepted, the instants read and the errors all
//! stay the general reader's. The property tests below hold the two readers to that.

use super::{DateTime, FIRST_SECOND, LAST_SECOND};

/// The date-time `bytes` spell, if they are one of the usual spellings of a date-time in
/// range; `None` for everything else (which the general reader then reads, or refuses).
#[inline]
pub(super) fn read(bytes: &[u8]) -> Option<DateTime> {
    let head = bytes.get(..19)?;
    // Three overlapping 8-byte words, `YYYY-MM-`, `DDTHH:MM` and `HH:MM:SS`, each tested for
    // its shape at once and its digits taken out of it.
    let date = shaped(word(head, 0), &DATE)?;
    let day_hour = shaped(word(head, 8), &DAY_HOUR)?;
    let time = shaped(word(head, 11), &TIME)?;
    let year = byte(date, 0) * 100 + byte(date, 2);
    let (month, day) = (byte(date, 5), byte(day_hour, 0));
    let (hour, minute, second) = (byte(time, 0), byte(time, 3), byte(time, 6));
    if hour > 23 || minute > 59 || second > 60 || day == 0 || day > days_in_month(year, month)? {
        return None;
    }

    let (nanosecond, zone) = fraction(&bytes[19..])?;
    let offset = match *zone {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let o = |b: u8| u32::from(b.wrapping_sub(b'0'));
            let (h0, h1, m0, m1) = (o(h0), o(h1), o(m0), o(m1));
            if h0 > 9 || h1 > 9 || m0 > 9 || m1 > 9 {
                return None;
            }
            let (hours, minutes) = (h0 * 10 + h1, m0 * 10 + m1);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };

    // A leap second is read as the second before it, as the general reader does.
    let time = i64::from(hour * 3600 + minute * 60 + second.min(59));
    let utc = days_since_epoch(year, month, day) * 86_400 + time - offset;
    (FIRST_SECOND..=LAST_SECOND)
        .contains(&utc)
        .then_some(DateTime {
            second: utc,
            nanosecond,
        })
}

/// The shape of an 8-byte word of the text: each byte's expected value (`0` for a digit), which
/// bits must match it (`0xF0` for a digit, `0xDF` for `T`, which folds `t` onto it), and what
/// takes a digit's value over `0x0F` when it is over 9.
struct Shape {
    expected: u64,
    mask: u64,
    over_nine: u64,
}

impl Shape {
    /// The shape spelled by `pattern`: `0` for a digit, `T` for `T` or `t`, anything else for
    /// itself.
    const fn new(pattern: &[u8; 8]) -> Shape {
        let (mut expected, mut mask, mut over_nine) = ([0u8; 8], [0u8; 8], [0u8; 8]);
        let mut i = 0;
        while i < 8 {
            expected[i] = pattern[i];
            (mask[i], over_nine[i]) = match pattern[i] {
                b'0' => (0xF0, 0x06),
                b'T' => (0xDF, 0),
                _ => (0xFF, 0),
            };
            i += 1;
        }
        Shape {
            expected: u64::from_le_bytes(expected),
            mask: u64::from_le_bytes(mask),
            over_nine: u64::from_le_bytes(over_nine),
        }
    }
}

const DATE: Shape = Shape::new(b"0000-00-");
const DAY_HOUR: Shape = Shape::new(b"00T00:00");
const TIME: Shape = Shape::new(b"00:00:00");

/// The 8 bytes of `head` from `at`, the first in the lowest byte.
#[inline]
fn word(head: &[u8], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&head[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// The word's digits paired, if it has the shape: byte `i` of the answer is the two-digit
/// number whose digits are bytes `i` and `i + 1` (for `i` where both are digits).
#[inline]
fn shaped(word: u64, shape: &Shape) -> Option<u64> {
    // Digits become 0–9 and matching separators 0; any other byte leaves bits in the mask,
    // either at once or (0x3A–0x3F) once `over_nine` is added, which cannot carry from one
    // byte into the next when the first test passes.
    let values = word ^ shape.expected;
    if (values | values.wrapping_add(shape.over_nine)) & shape.mask != 0 {
        return None;
    }
    // 10 × digit i + digit i + 1 is at most 99 (a folded `t` is 0x20, whose carry reaches
    // only the byte above it, which no caller reads).
    Some(values.wrapping_mul(10).wrapping_add(values >> 8))
}

/// Byte `i` of `word`.
#[inline]
fn byte(word: u64, i: u32) -> u32 {
    ((word >> (8 * i)) & 0xFF) as u32
}

/// The nanoseconds of an optional fraction (`.` and one to nine digits) at the start of
/// `rest`, and what follows it; `None` for a `.` without digits. (A tenth digit is left in
/// what follows, where no zone begins with a digit.)
#[inline]
fn fraction(rest: &[u8]) -> Option<(u32, &[u8])> {
    if rest.first() != Some(&b'.') {
        return Some((0, rest));
    }
    let mut nanosecond = 0;
    let mut end = 1;
    while end < rest.len().min(10) {
        let digit = rest[end].wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        nanosecond = nanosecond * 10 + u32::from(digit);
        end += 1;
    }
    if end == 1 {
        return None;
    }
    Some((nanosecond * SCALE[end - 1], &rest[end..]))
}

/// What `count` fractional digits are multiplied by to make nanoseconds.
const SCALE: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// Days in `month` (1–12) of `year` (proleptic Gregorian, as RFC 3339 and SPEC §8 count:
/// year 0000 is a leap year); `None` for another month.
#[inline]
fn days_in_month(year: u32, month: u32) -> Option<u32> {
    match month {
        2 => {
            let leap =
                year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
            Some(28 + u32::from(leap))
        }
        4 | 6 | 9 | 11 => Some(30),
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        _ => None,
    }
}

/// Days from 1970-01-01 to `year`-`month`-`day` (a valid date of years 0000–9999), counted
/// in years that begin in March so that the leap day ends its year.
#[inline]
fn days_since_epoch(year: u32, month: u32, day: u32) -> i64 {
    // Shifted by 400 years (146,097 days) so that January and February of year 0000, which
    // belong to the March year -1, stay non-negative.
    let (year, month) = if month <= 2 {
        (year + 399, month + 9)
    } else {
        (year + 400, month - 3)
    };
    let (cycles, year_of_cycle) = (year / 400, year % 400);
    let day_of_year = (153 * month + 2) / 5 + day - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 1970-03-01 is day 719,468 of the count from 0000-03-01; 146,097 undoes the shift.
    i64::from(cycles) * 146_097 + i64::from(day_of_cycle) - 719_468 - 146_097
}

#[cfg(test)]
mod tests;
