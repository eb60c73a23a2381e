//! The order of field values for sorting (SPEC §4): total, whatever the values' kinds.

use std::cmp::Ordering;

use super::{DateTime, FieldRef, fold, number};

/// Orders two field values for sorting. The order is total, whatever the values' kinds:
///
/// * values of different kinds order by kind: booleans, numbers, date-times (including text
///   that reads as an RFC 3339 date-time), other text, other values, null;
/// * booleans: `false` first; numbers numerically across integers and floats (NaN after every
///   number); date-times as instants; text by its lowercase mapping, or exactly when
///   `case_sensitive`;
/// * a collection orders as its first element (an empty one as null).
///
/// Callers put nulls last (ascending) or first (descending) themselves; here null is last.
///
/// ```
/// use std::cmp::Ordering;
/// use sailpoint_filters::FieldRef;
/// use sailpoint_filters::value::compare_for_sort;
/// assert_eq!(compare_for_sort(FieldRef::Str("alice"), FieldRef::Str("Bob"), false), Ordering::Less);
/// assert_eq!(compare_for_sort(FieldRef::Int(2), FieldRef::Float(1.5), false), Ordering::Greater);
/// // Text that reads as a date-time sorts as one, before other text.
/// let (early, late) = (FieldRef::Str("2024-01-01T10:00:00+05:00"), FieldRef::Str("2024-01-01T06:00:00Z"));
/// assert_eq!(compare_for_sort(early, late, false), Ordering::Less);
/// assert_eq!(compare_for_sort(late, FieldRef::Str("2024-01-01T08x"), false), Ordering::Less);
/// ```
pub fn compare_for_sort(a: FieldRef<'_>, b: FieldRef<'_>, case_sensitive: bool) -> Ordering {
    SortValue::of(a).compare(SortValue::of(b), case_sensitive)
}

/// A field value reduced to what sorting compares: its kind decided and a date-time read once,
/// so that a value compared many times (in the heap of [`SortPlan::top`]) is decoded once.
///
/// [`SortPlan::top`]: crate::eval::SortPlan::top
#[derive(Clone, Copy, Debug)]
pub(crate) enum SortValue<'a> {
    Bool(bool),
    Number(FieldRef<'a>),
    Time(DateTime),
    /// Text that is not a date-time, and whether it is ASCII.
    Text(&'a str, bool),
    Other,
    Null,
}

impl<'a> SortValue<'a> {
    /// What `value` sorts as.
    pub(crate) fn of(value: FieldRef<'a>) -> SortValue<'a> {
        // A collection sorts as its first element; nested collections as their first, too
        // (iteratively: arbitrarily nested JSON cannot exhaust the stack).
        let mut value = value;
        loop {
            value = match value {
                FieldRef::Strs(items) => items.first().map_or(FieldRef::Null, |s| FieldRef::Str(s)),
                FieldRef::Json(items) => items.first().map_or(FieldRef::Null, FieldRef::from_json),
                FieldRef::Bool(b) => return SortValue::Bool(b),
                FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => {
                    return SortValue::Number(value);
                }
                FieldRef::DateTime(t) => return SortValue::Time(t),
                FieldRef::Str(s) => {
                    return DateTime::read(s)
                        .map_or_else(|_| SortValue::Text(s, s.is_ascii()), SortValue::Time);
                }
                FieldRef::Opaque => return SortValue::Other,
                FieldRef::Null => return SortValue::Null,
            };
        }
    }

    /// Orders two values as [`compare_for_sort`] orders the field values they were made of.
    pub(crate) fn compare(self, other: SortValue<'_>, case_sensitive: bool) -> Ordering {
        self.rank()
            .cmp(&other.rank())
            .then_with(|| match (self, other) {
                (SortValue::Bool(x), SortValue::Bool(y)) => x.cmp(&y),
                (SortValue::Number(x), SortValue::Number(y)) => {
                    number::compare(x, y).unwrap_or_else(|| {
                        // Only NaN is unordered: it goes after every number.
                        let nan = |v: FieldRef<'_>| matches!(v, FieldRef::Float(f) if f.is_nan());
                        nan(x).cmp(&nan(y))
                    })
                }
                (SortValue::Time(x), SortValue::Time(y)) => x.cmp(&y),
                (SortValue::Text(x, _), SortValue::Text(y, _)) if case_sensitive => x.cmp(y),
                (SortValue::Text(x, true), SortValue::Text(y, true)) => cmp_ascii_folded(x, y),
                (SortValue::Text(x, _), SortValue::Text(y, _)) => fold::cmp_folded_both(x, y),
                _ => Ordering::Equal,
            })
    }

    fn rank(&self) -> u8 {
        match self {
            SortValue::Bool(_) => 0,
            SortValue::Number(_) => 1,
            SortValue::Time(_) => 2,
            SortValue::Text(..) => 3,
            SortValue::Other => 4,
            SortValue::Null => 5,
        }
    }
}

/// Orders two ASCII texts by their lowercase mappings (ASCII letters lowercased), eight bytes
/// at a time: words that are equal as they are are equal folded, and only words that differ
/// are lowercased (big-endian, so that comparing the words compares their bytes in order).
fn cmp_ascii_folded(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (u, v) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let (mut u, mut v) = (word(u), word(v));
        if u != v {
            (u, v) = (fold::lower_ascii_word(u), fold::lower_ascii_word(v));
            if u != v {
                return u.cmp(&v);
            }
        }
    }
    // The rest: from the first byte past the words both had.
    let done = a.len().min(b.len()) / 8 * 8;
    a[done..]
        .iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b[done..].iter().map(u8::to_ascii_lowercase))
}

/// Eight bytes as a big-endian word.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(bytes);
    u64::from_be_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_order_mixed_values_totally() {
        let values = [
            FieldRef::Str("2020-01-01T10:00:00+05:00"),
            FieldRef::Str("2020-01-01T06:00:00Z"),
            FieldRef::Str("2020-01-01T08x"),
            FieldRef::DateTime(DateTime::from_unix(0, 0).unwrap()),
            FieldRef::Float(f64::NAN),
            FieldRef::Float(1.5),
            FieldRef::Int(1),
            FieldRef::Bool(true),
            FieldRef::Opaque,
            FieldRef::Null,
        ];
        // Transitivity over every triple: a ≤ b and b ≤ c imply a ≤ c.
        for a in values {
            for b in values {
                for c in values {
                    let le = |x, y| compare_for_sort(x, y, false).is_le();
                    if le(a, b) && le(b, c) {
                        assert!(le(a, c), "{a:?} {b:?} {c:?}");
                    }
                }
                assert_eq!(
                    compare_for_sort(a, b, false),
                    compare_for_sort(b, a, false).reverse(),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn ascii_text_orders_as_its_lowercase_mapping() {
        // Lengths around the eight-byte words, case-only differences in and past the first
        // word, bytes between `Z` and `a` (`[`, `_`, `` ` ``), which lowercasing moves past.
        let texts = [
            "",
            "a",
            "A",
            "_",
            "[",
            "`",
            "z",
            "Z",
            "abcdefg",
            "ABCDEFGH",
            "abcdefgh",
            "abcdefgh_",
            "abcdefghI",
            "abcdefghi",
            "ABCDEFGHIJ",
            "abcdefgh[",
            "abcdefgZ",
            "abcdefg_",
            "RM Session 12",
            "rm session 1",
            "rm SESSION 12x",
            "ashley.pierce",
            "Ashley.Pierce",
            "ashley.pierce2",
            "0123456789abcdefX",
            "0123456789ABCDEFx",
        ];
        for a in texts {
            for b in texts {
                let by_bytes = a
                    .bytes()
                    .map(|c| c.to_ascii_lowercase())
                    .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
                assert_eq!(cmp_ascii_folded(a, b), by_bytes, "{a:?} {b:?}");
            }
        }
    }
}
