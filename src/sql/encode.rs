//! How values are kept in SQL columns so that both engines compare them exactly as the
//! in-memory evaluator does: date-times as fixed-width UTC text, numbers split into an integer
//! and a float column with bounds rewritten in Rust, and sort keys as bytes whose order is
//! [`compare_for_sort`](crate::value::compare_for_sort)'s.

use std::cmp::Ordering;

use jiff::SignedDuration;
use jiff::civil;

use crate::check::Comparison;
use crate::value::{DateTime, FieldRef, fold, number};

/// `1970-01-01T00:00:00`, the civil time of the Unix epoch in UTC.
const EPOCH: civil::DateTime = civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

/// 2^63 as a float: every float at or above it is beyond `i64`.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// 2^64 as a float.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// A date-time as stored: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC, always 30 bytes, so that
/// byte order (SQLite's binary collation, PostgreSQL's `COLLATE "C"`) is the order of instants
/// over the whole range of years 0000–9999, nanoseconds included. `None` outside that range.
pub(crate) fn date_time_text(t: DateTime) -> Option<String> {
    if !t.is_in_range() {
        return None;
    }
    let civil = EPOCH
        .checked_add(SignedDuration::new(
            t.as_second(),
            i32::try_from(t.subsec_nanosecond()).ok()?,
        ))
        .ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        civil.year(),
        civil.month(),
        civil.day(),
        civil.hour(),
        civil.minute(),
        civil.second(),
        t.subsec_nanosecond()
    ))
}

/// A number as stored: an integer in `i64` goes to the integer column (whatever its JSON
/// spelling: `2.0` is `2`), every other number to the float column. Each stored number has
/// one place, so equal numbers are stored alike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum StoredNumber {
    Int(i64),
    Float(f64),
}

/// Why a numeric value cannot be stored exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    /// NaN, which compares with nothing.
    NaN,
    /// An integer above `i64::MAX` that no float holds exactly.
    Inexact,
}

/// The stored form of a numeric field value; `None` for a value that is not a number.
pub(crate) fn stored_number(value: FieldRef<'_>) -> Option<Result<StoredNumber, NumberProblem>> {
    Some(match value {
        FieldRef::Int(i) => Ok(StoredNumber::Int(i)),
        FieldRef::Float(f) => float_number(f),
        FieldRef::UInt(u) => {
            let f = u as f64;
            // `u as f64` rounds; the float holds `u` only if converting back gives `u`.
            if f < TWO_64 && f as u64 == u {
                Ok(StoredNumber::Float(f))
            } else {
                Err(NumberProblem::Inexact)
            }
        }
        _ => return None,
    })
}

fn float_number(f: f64) -> Result<StoredNumber, NumberProblem> {
    if f.is_nan() {
        Err(NumberProblem::NaN)
    } else if f.fract() == 0.0 && (-TWO_63..TWO_63).contains(&f) {
        // In range and whole, so the cast is exact (and `-0.0` is `0`).
        Ok(StoredNumber::Int(f as i64))
    } else {
        Ok(StoredNumber::Float(f))
    }
}

/// A filter value's number: what a numeric condition compares with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Needle {
    Int(i64),
    Float(f64),
}

/// The predicate a numeric condition puts on one column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Bound<T> {
    /// Holds for no stored value.
    Never,
    /// Holds for every stored value.
    Always,
    /// `column op value`, with `op` one of `eq`, `gt`, `ge`, `lt`, `le`.
    Cmp(Comparison, T),
}

/// `column op needle` for the integer column, as a comparison of integers: the exact
/// comparison of an integer with a float, decided in Rust, so that no engine compares an
/// integer with a float (PostgreSQL would round the integer to a double).
pub(crate) fn int_bound(op: Comparison, needle: Needle) -> Bound<i64> {
    let f = match needle {
        Needle::Int(i) => return Bound::Cmp(op, i),
        Needle::Float(f) => f,
    };
    let (below_all, above_all) = (f < -TWO_63, f >= TWO_63);
    if above_all || below_all {
        // Every integer is on the same side of `f`.
        let holds = match op {
            Comparison::Gt | Comparison::Ge => below_all,
            Comparison::Lt | Comparison::Le => above_all,
            _ => false,
        };
        return if holds { Bound::Always } else { Bound::Never };
    }
    if f.fract() == 0.0 {
        // Whole and in range: exact.
        return Bound::Cmp(op, f as i64);
    }
    // Strictly between two integers: `i > f` is `i > floor(f)`, `i < f` is `i <= floor(f)`.
    let floor = f.floor() as i64;
    match op {
        Comparison::Gt | Comparison::Ge => Bound::Cmp(Comparison::Gt, floor),
        Comparison::Lt | Comparison::Le => Bound::Cmp(Comparison::Le, floor),
        _ => Bound::Never,
    }
}

/// `column op needle` for the float column, as a comparison of floats. An integer needle is
/// replaced by the nearest float and the operator adjusted, which is exact because no float
/// lies strictly between an integer and its nearest float.
pub(crate) fn float_bound(op: Comparison, needle: Needle) -> Bound<f64> {
    let i = match needle {
        Needle::Float(f) => return Bound::Cmp(op, f),
        Needle::Int(i) => i,
    };
    let f = i as f64;
    let op = match (number::int_float(i, f), op) {
        (Some(Ordering::Equal), op) => op,
        // The float is above the integer: `x > i` is `x >= f`.
        (Some(Ordering::Less), Comparison::Gt | Comparison::Ge) => Comparison::Ge,
        (Some(Ordering::Less), Comparison::Lt | Comparison::Le) => Comparison::Lt,
        // The float is below the integer: `x < i` is `x <= f`.
        (Some(Ordering::Greater), Comparison::Gt | Comparison::Ge) => Comparison::Gt,
        (Some(Ordering::Greater), Comparison::Lt | Comparison::Le) => Comparison::Le,
        // No float equals an integer it is not.
        _ => return Bound::Never,
    };
    Bound::Cmp(op, f)
}

/// Text as a case-insensitive column keeps it: the matcher's folding.
pub(crate) fn folded(text: &str) -> String {
    fold::fold(text)
}

/// A sort key: bytes whose order (SQLite's `memcmp` of blobs, PostgreSQL's of `bytea`) is
/// [`compare_for_sort`](crate::value::compare_for_sort)'s order of the values, kinds included:
/// booleans, numbers, date-times (and text that reads as one), other text, other values,
/// null. A collection sorts as its first element, an empty one as null.
pub(crate) fn sort_key(value: FieldRef<'_>, case_sensitive: bool) -> Vec<u8> {
    let mut value = value;
    loop {
        value = match value {
            FieldRef::Strs(items) => items.first().map_or(FieldRef::Null, |s| FieldRef::Str(s)),
            FieldRef::Json(items) => items.first().map_or(FieldRef::Null, FieldRef::from_json),
            FieldRef::Bool(b) => return vec![0, u8::from(b)],
            FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => {
                let mut key = vec![1];
                number_key(value, &mut key);
                return key;
            }
            FieldRef::DateTime(t) => return time_key(t),
            FieldRef::Str(s) => {
                if let Ok(t) = DateTime::read(s) {
                    return time_key(t);
                }
                let mut key = Vec::with_capacity(s.len() + 1);
                key.push(3);
                if case_sensitive {
                    key.extend_from_slice(s.as_bytes());
                } else {
                    key.extend_from_slice(fold::fold(s).as_bytes());
                }
                return key;
            }
            FieldRef::Opaque => return vec![4],
            FieldRef::Null => return vec![5],
        };
    }
}

/// An instant's key: rank 2, then its seconds (sign bit flipped, so that negative seconds
/// come first) and nanoseconds, big-endian.
fn time_key(t: DateTime) -> Vec<u8> {
    let mut key = Vec::with_capacity(13);
    key.push(2);
    key.extend_from_slice(&((t.as_second() as u64) ^ (1 << 63)).to_be_bytes());
    key.extend_from_slice(&t.subsec_nanosecond().to_be_bytes());
    key
}

/// A number's key, exact across integers and floats: a class (negative, zero, positive,
/// NaN), then for nonzero numbers the binary exponent and the bits after the leading one —
/// the magnitude's order — inverted for negative numbers.
fn number_key(value: FieldRef<'_>, key: &mut Vec<u8>) {
    // The magnitude as `mantissa * 2^exponent`, with its sign.
    let (negative, mantissa, exponent): (bool, u64, i32) = match value {
        FieldRef::Int(i) => (i < 0, i.unsigned_abs(), 0),
        FieldRef::UInt(u) => (false, u, 0),
        FieldRef::Float(f) if f.is_nan() => {
            key.push(3);
            return;
        }
        FieldRef::Float(f) if f.is_infinite() => {
            let class = if f < 0.0 { 0 } else { 2 };
            let magnitude = [0xFF; 10];
            key.push(class);
            key.extend(magnitude.iter().map(|b| if f < 0.0 { !b } else { *b }));
            return;
        }
        FieldRef::Float(f) => {
            let bits = f.to_bits();
            let biased = ((bits >> 52) & 0x7FF) as i32;
            let fraction = bits & ((1 << 52) - 1);
            let (mantissa, exponent) = if biased == 0 {
                (fraction, -1074)
            } else {
                (fraction | (1 << 52), biased - 1075)
            };
            (f < 0.0, mantissa, exponent)
        }
        _ => (false, 0, 0),
    };
    if mantissa == 0 {
        key.push(1);
        return;
    }
    let zeros = mantissa.leading_zeros();
    // The exponent of the leading one, and the bits after it, left-aligned.
    let top = exponent + 63 - zeros as i32;
    let rest = mantissa.checked_shl(zeros + 1).unwrap_or(0);
    let mut magnitude = [0u8; 10];
    // `top` is between -1074 and 1023 (floats) or 0 and 63 (integers): offset to positive.
    magnitude[..2].copy_from_slice(&((top + 2048) as u16).to_be_bytes());
    magnitude[2..].copy_from_slice(&rest.to_be_bytes());
    if negative {
        key.push(0);
        key.extend(magnitude.iter().map(|b| !b));
    } else {
        key.push(2);
        key.extend_from_slice(&magnitude);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::compare_for_sort;

    #[test]
    fn date_time_text_is_fixed_width_over_the_whole_range() {
        for (t, text) in [
            (DateTime::MIN, "0000-01-01T00:00:00.000000000Z"),
            (DateTime::MAX, "9999-12-31T23:59:59.999999999Z"),
            (
                "1969-12-31T23:59:59.5Z".parse().unwrap(),
                "1969-12-31T23:59:59.500000000Z",
            ),
            (
                "2023-02-05T10:59:27.214+02:00".parse().unwrap(),
                "2023-02-05T08:59:27.214000000Z",
            ),
        ] {
            assert_eq!(date_time_text(t).as_deref(), Some(text));
        }
    }

    #[test]
    fn numbers_are_stored_in_one_place() {
        assert_eq!(
            stored_number(FieldRef::Float(2.0)),
            Some(Ok(StoredNumber::Int(2)))
        );
        assert_eq!(
            stored_number(FieldRef::Float(-0.0)),
            Some(Ok(StoredNumber::Int(0)))
        );
        assert_eq!(
            stored_number(FieldRef::Float(TWO_63)),
            Some(Ok(StoredNumber::Float(TWO_63)))
        );
        assert_eq!(
            stored_number(FieldRef::Float(-TWO_63)),
            Some(Ok(StoredNumber::Int(i64::MIN)))
        );
        assert_eq!(
            stored_number(FieldRef::UInt(1 << 63)),
            Some(Ok(StoredNumber::Float(TWO_63)))
        );
        assert_eq!(
            stored_number(FieldRef::UInt(u64::MAX)),
            Some(Err(NumberProblem::Inexact))
        );
        assert_eq!(
            stored_number(FieldRef::Float(f64::NAN)),
            Some(Err(NumberProblem::NaN))
        );
        assert_eq!(stored_number(FieldRef::Str("1")), None);
    }

    /// Every bound agrees with the exact comparison, for integers and floats near the edges.
    #[test]
    fn bounds_agree_with_exact_comparison() {
        let ints = [
            i64::MIN,
            i64::MIN + 1,
            -3,
            -1,
            0,
            1,
            2,
            3,
            9_007_199_254_740_992,
            9_007_199_254_740_993,
            9_007_199_254_740_994,
            i64::MAX - 1,
            i64::MAX,
        ];
        let floats = [
            f64::NEG_INFINITY,
            -1e300,
            -TWO_63 * 2.0,
            -TWO_63,
            -2.5,
            -0.5,
            0.5,
            1.5,
            2.5,
            9_007_199_254_740_992.0,
            9_007_199_254_740_994.0,
            9.3e18,
            TWO_63,
            1e300,
            f64::INFINITY,
        ];
        let ops = [
            Comparison::Eq,
            Comparison::Gt,
            Comparison::Ge,
            Comparison::Lt,
            Comparison::Le,
        ];
        let holds = |op: Comparison, o: Ordering| match op {
            Comparison::Eq => o.is_eq(),
            Comparison::Gt => o.is_gt(),
            Comparison::Ge => o.is_ge(),
            Comparison::Lt => o.is_lt(),
            _ => o.is_le(),
        };
        let finite: Vec<Needle> = ints
            .iter()
            .map(|&i| Needle::Int(i))
            .chain(
                floats
                    .iter()
                    .filter(|f| f.is_finite())
                    .map(|&f| Needle::Float(f)),
            )
            .collect();
        for op in ops {
            for &needle in &finite {
                let needle_ref = match needle {
                    Needle::Int(i) => FieldRef::Int(i),
                    Needle::Float(f) => FieldRef::Float(f),
                };
                for &i in &ints {
                    let want = holds(op, number::compare(FieldRef::Int(i), needle_ref).unwrap());
                    let got = match int_bound(op, needle) {
                        Bound::Never => false,
                        Bound::Always => true,
                        Bound::Cmp(op, v) => holds(op, i.cmp(&v)),
                    };
                    assert_eq!(got, want, "{i} {op} {needle:?}");
                }
                for &x in &floats {
                    let want = holds(op, number::compare(FieldRef::Float(x), needle_ref).unwrap());
                    let got = match float_bound(op, needle) {
                        Bound::Never => false,
                        Bound::Always => true,
                        Bound::Cmp(op, v) => holds(op, x.partial_cmp(&v).unwrap()),
                    };
                    assert_eq!(got, want, "{x} {op} {needle:?}");
                }
            }
        }
    }

    #[test]
    fn sort_keys_order_as_compare_for_sort() {
        let strings = [
            vec!["b".to_owned()],
            vec![],
            vec!["A".to_owned(), "z".to_owned()],
        ];
        let json = [
            serde_json::json!([1, "x"]),
            serde_json::json!([]),
            serde_json::json!([[2]]),
        ];
        let mut values = vec![
            FieldRef::Null,
            FieldRef::Opaque,
            FieldRef::Bool(false),
            FieldRef::Bool(true),
            FieldRef::Str(""),
            FieldRef::Str("a"),
            FieldRef::Str("B"),
            FieldRef::Str("b"),
            FieldRef::Str("ÉMILE"),
            FieldRef::Str("émile"),
            FieldRef::Str("ΟΔΟΣ"),
            FieldRef::Str("οδος"),
            FieldRef::Str("2024-01-01T10:00:00+05:00"),
            FieldRef::Str("2024-01-01T06:00:00Z"),
            FieldRef::Str("2024-01-01T08x"),
            FieldRef::DateTime(DateTime::MIN),
            FieldRef::DateTime(DateTime::MAX),
            FieldRef::DateTime(DateTime::from_unix(-1, 999_999_999).unwrap()),
            FieldRef::DateTime(DateTime::from_unix(0, 0).unwrap()),
            FieldRef::Float(f64::NAN),
            FieldRef::Float(f64::INFINITY),
            FieldRef::Float(f64::NEG_INFINITY),
            FieldRef::Float(-0.0),
            FieldRef::Float(5e-324),
            FieldRef::Float(-5e-324),
            FieldRef::Float(f64::MAX),
            FieldRef::Float(f64::MIN),
            FieldRef::Float(1.5),
            FieldRef::Float(TWO_63),
            FieldRef::Float(9_007_199_254_740_992.0),
            FieldRef::UInt(u64::MAX),
            FieldRef::UInt(1 << 63),
        ];
        values.extend(
            [i64::MIN, -2, -1, 0, 1, 2, 9_007_199_254_740_993, i64::MAX].map(FieldRef::Int),
        );
        values.extend(strings.iter().map(|s| FieldRef::Strs(s)));
        values.extend(json.iter().map(FieldRef::from_json));
        for case_sensitive in [false, true] {
            for &a in &values {
                for &b in &values {
                    let want = compare_for_sort(a, b, case_sensitive);
                    let got = sort_key(a, case_sensitive).cmp(&sort_key(b, case_sensitive));
                    assert_eq!(got, want, "{a:?} {b:?} case_sensitive={case_sensitive}");
                }
            }
        }
    }
}
