//! Exact numeric comparison across integers and floats.

use std::cmp::Ordering;

use super::FieldRef;

/// Orders two numeric field values; `None` if either is not a number (or is NaN).
pub(crate) fn compare(a: FieldRef<'_>, b: FieldRef<'_>) -> Option<Ordering> {
    match (a, b) {
        (FieldRef::Int(x), FieldRef::Int(y)) => Some(x.cmp(&y)),
        (FieldRef::Float(x), FieldRef::Float(y)) => x.partial_cmp(&y),
        (FieldRef::Int(x), FieldRef::Float(y)) => int_float(x, y),
        (FieldRef::Float(x), FieldRef::Int(y)) => int_float(y, x).map(Ordering::reverse),
        (FieldRef::UInt(x), FieldRef::UInt(y)) => Some(x.cmp(&y)),
        // A `UInt` is above `i64::MAX`, so above every `Int`.
        (FieldRef::UInt(_), FieldRef::Int(_)) => Some(Ordering::Greater),
        (FieldRef::Int(_), FieldRef::UInt(_)) => Some(Ordering::Less),
        (FieldRef::UInt(x), FieldRef::Float(y)) => uint_float(x, y),
        (FieldRef::Float(x), FieldRef::UInt(y)) => uint_float(y, x).map(Ordering::reverse),
        _ => None,
    }
}

/// Orders a `u64` against a float exactly.
fn uint_float(u: u64, f: f64) -> Option<Ordering> {
    // 2^64 as a float; every finite float at or beyond it is outside u64.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    if f.is_nan() {
        return None;
    }
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f < 0.0 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // In range and not negative, so the cast is exact.
    let whole_int = whole as u64;
    Some(
        u.cmp(&whole_int)
            .then_with(|| 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal)),
    )
}

/// Orders an integer against a float exactly (no rounding of large integers).
pub(crate) fn int_float(i: i64, f: f64) -> Option<Ordering> {
    // 2^63 as a float; every finite float at or beyond it is outside i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() {
        return None;
    }
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f < -LIMIT {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // In range, so the cast is exact.
    let whole_int = whole as i64;
    // Equal whole parts: the float's fraction decides.
    Some(
        i.cmp(&whole_int)
            .then_with(|| 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal)),
    )
}
