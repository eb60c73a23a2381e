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
    let (a, b) = (SortValue::of(a), SortValue::of(b));
    a.rank().cmp(&b.rank()).then_with(|| match (a, b) {
        (SortValue::Bool(x), SortValue::Bool(y)) => x.cmp(&y),
        (SortValue::Number(x), SortValue::Number(y)) => {
            number::compare(x, y).unwrap_or_else(|| {
                // Only NaN is unordered: it goes after every number.
                let nan = |v: FieldRef<'_>| matches!(v, FieldRef::Float(f) if f.is_nan());
                nan(x).cmp(&nan(y))
            })
        }
        (SortValue::Time(x), SortValue::Time(y)) => x.cmp(&y),
        (SortValue::Text(x), SortValue::Text(y)) if case_sensitive => x.cmp(y),
        (SortValue::Text(x), SortValue::Text(y)) => fold::cmp_folded_both(x, y),
        _ => Ordering::Equal,
    })
}

/// A field value reduced to what sorting compares.
#[derive(Clone, Copy)]
enum SortValue<'a> {
    Bool(bool),
    Number(FieldRef<'a>),
    Time(DateTime),
    Text(&'a str),
    Other,
    Null,
}

impl<'a> SortValue<'a> {
    fn of(value: FieldRef<'a>) -> SortValue<'a> {
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
                    return DateTime::read(s).map_or(SortValue::Text(s), SortValue::Time);
                }
                FieldRef::Opaque => return SortValue::Other,
                FieldRef::Null => return SortValue::Null,
            };
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortValue::Bool(_) => 0,
            SortValue::Number(_) => 1,
            SortValue::Time(_) => 2,
            SortValue::Text(_) => 3,
            SortValue::Other => 4,
            SortValue::Null => 5,
        }
    }
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
}
