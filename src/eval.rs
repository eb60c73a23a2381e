//! Evaluation: reading fields from records, and compiled matchers that test filters on them.
//!
//! A [`Record`] says how to read a field. Endpoint declarations implement it for their record
//! types; it is implemented for [`serde_json::Value`] too, so any JSON object can be filtered by
//! dotted paths, with arrays as collections.
//!
//! [`compile`] does the per-query work once — validation, value coercion, case folding, date-time
//! parsing, field resolution — and gives a [`Matcher`] whose [`Matcher::matches`] allocates nothing.
//!
//! ```
//! use sailpoint_filters::{Filter, FieldType, Op, Schema, eval};
//! use serde_json::json;
//!
//! let schema = Schema::new("sessions")
//!     .with_field("saved", FieldType::Boolean, [Op::Eq])
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw]);
//! let filter = Filter::parse(r#"saved eq "true" and name sw "rm session""#)?;
//! let matcher = eval::compile::<serde_json::Value>(&filter, &schema)?;
//!
//! assert!(matcher.matches(&json!({"saved": true, "name": "RM Session - 07/10"})));
//! assert!(!matcher.matches(&json!({"saved": false, "name": "RM Session - 07/10"})));
//! assert!(!matcher.matches(&json!({"saved": true, "name": null})));
//! # Ok::<(), sailpoint_filters::Error>(())
//! ```
//!
//! # Semantics
//!
//! * String comparisons — `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `co`, `sw`, `in`, `ca` — ignore case
//!   by comparing both sides after Unicode lowercase mapping (`str::to_lowercase`), unless the
//!   schema marks the field case-sensitive. `gt`/`lt` order lowercased text by code point.
//! * A comparison on a null or missing field is false, except `ne`, which is exactly `not eq`
//!   and so true. `isnull` holds for null or missing; `pr` is its negation. `not` always flips.
//! * Numbers compare exactly across integers and floats; date-times compare as instants,
//!   whatever their offsets; booleans support equality only.
//! * `in` holds if the field equals one of the values; `ca` if the collection field contains
//!   every value. A scalar comparison on a collection holds if it holds for some element.
//! * `co` finds the text at a character boundary of the field's value.

use std::cmp::Ordering;

use crate::ast::FieldPath;

/// A field's value as a record exposes it, borrowed from the record.
///
/// Record accessors return anything that converts into a `FieldRef`: `bool`, integers, `f64`,
/// `&str`, `&String`, `jiff::Timestamp`, `&[String]`, `&Vec<String>`, and `Option`s of those
/// (`None` is null).
///
/// ```
/// use sailpoint_filters::eval::FieldRef;
/// assert_eq!(FieldRef::from(Some("RM")), FieldRef::Str("RM"));
/// assert_eq!(FieldRef::from(None::<&str>), FieldRef::Null);
/// assert_eq!(FieldRef::from(7), FieldRef::Int(7));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum FieldRef<'a> {
    /// Null, or no such field.
    Null,
    /// Text.
    Str(&'a str),
    /// A whole number.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An instant.
    DateTime(jiff::Timestamp),
    /// A collection of strings.
    Strs(&'a [String]),
    /// A JSON array: a collection of JSON values.
    Json(&'a [serde_json::Value]),
    /// A value no filter can compare with (a JSON object, say); it is present but never equal.
    Opaque,
}

impl<'a> FieldRef<'a> {
    /// Whether this is [`FieldRef::Null`].
    ///
    /// ```
    /// use sailpoint_filters::eval::FieldRef;
    /// assert!(FieldRef::Null.is_null() && !FieldRef::Bool(false).is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, FieldRef::Null)
    }

    /// The field's value from a JSON value: objects are [`FieldRef::Opaque`], arrays
    /// [`FieldRef::Json`], numbers integers when they fit `i64`.
    ///
    /// ```
    /// use sailpoint_filters::eval::FieldRef;
    /// let v = serde_json::json!(2.5);
    /// assert_eq!(FieldRef::from_json(&v), FieldRef::Float(2.5));
    /// ```
    pub fn from_json(value: &'a serde_json::Value) -> FieldRef<'a> {
        match value {
            serde_json::Value::Null => FieldRef::Null,
            serde_json::Value::Bool(b) => FieldRef::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => FieldRef::Int(i),
                None => n.as_f64().map_or(FieldRef::Opaque, FieldRef::Float),
            },
            serde_json::Value::String(s) => FieldRef::Str(s),
            serde_json::Value::Array(items) => FieldRef::Json(items),
            serde_json::Value::Object(_) => FieldRef::Opaque,
        }
    }
}

impl From<bool> for FieldRef<'_> {
    fn from(value: bool) -> Self {
        FieldRef::Bool(value)
    }
}

impl From<i64> for FieldRef<'_> {
    fn from(value: i64) -> Self {
        FieldRef::Int(value)
    }
}

impl From<i32> for FieldRef<'_> {
    fn from(value: i32) -> Self {
        FieldRef::Int(value.into())
    }
}

impl From<u32> for FieldRef<'_> {
    fn from(value: u32) -> Self {
        FieldRef::Int(value.into())
    }
}

impl From<f64> for FieldRef<'_> {
    fn from(value: f64) -> Self {
        FieldRef::Float(value)
    }
}

impl<'a> From<&'a str> for FieldRef<'a> {
    fn from(value: &'a str) -> Self {
        FieldRef::Str(value)
    }
}

impl<'a> From<&'a String> for FieldRef<'a> {
    fn from(value: &'a String) -> Self {
        FieldRef::Str(value)
    }
}

impl From<jiff::Timestamp> for FieldRef<'_> {
    fn from(value: jiff::Timestamp) -> Self {
        FieldRef::DateTime(value)
    }
}

impl<'a> From<&'a [String]> for FieldRef<'a> {
    fn from(value: &'a [String]) -> Self {
        FieldRef::Strs(value)
    }
}

impl<'a> From<&'a Vec<String>> for FieldRef<'a> {
    fn from(value: &'a Vec<String>) -> Self {
        FieldRef::Strs(value)
    }
}

impl<'a, T: Into<FieldRef<'a>>> From<Option<T>> for FieldRef<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(FieldRef::Null, Into::into)
    }
}

/// A record type filters can be evaluated on and sorted by.
///
/// Fields are resolved once per query ([`Record::resolve`]) into a handle that
/// [`Record::get`] then reads cheaply from each record. Endpoint declarations implement this
/// for their record types; it is implemented for [`serde_json::Value`] by dotted paths.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::eval::{FieldRef, Record};
///
/// let record = serde_json::json!({"createdBy": {"displayName": "Ashley.Pierce"}});
/// let field = <serde_json::Value as Record>::resolve(&FieldPath::new("createdBy.displayName")?).unwrap();
/// assert_eq!(record.get(&field), FieldRef::Str("Ashley.Pierce"));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub trait Record {
    /// A resolved field: whatever makes [`Record::get`] fast.
    type Field: Clone + std::fmt::Debug + Send + Sync + 'static;

    /// The handle for a field path, or `None` if records of this type have no such field.
    fn resolve(path: &FieldPath) -> Option<Self::Field>;

    /// Reads a resolved field.
    fn get(&self, field: &Self::Field) -> FieldRef<'_>;

    /// The fields a sortable name orders by, compared in turn. By default, the field itself;
    /// an endpoint may order by more than one (role mining sessions sort `createdBy` by the
    /// creator's display name, then id).
    fn resolve_sort(path: &FieldPath) -> Option<Vec<Self::Field>> {
        Self::resolve(path).map(|field| vec![field])
    }
}

impl Record for serde_json::Value {
    type Field = FieldPath;

    /// Every path resolves; a missing one reads as null.
    fn resolve(path: &FieldPath) -> Option<FieldPath> {
        Some(path.clone())
    }

    fn get(&self, field: &FieldPath) -> FieldRef<'_> {
        let mut value = self;
        for segment in field.segments() {
            match value.get(segment) {
                Some(inner) => value = inner,
                None => return FieldRef::Null,
            }
        }
        FieldRef::from_json(value)
    }
}

/// Orders two field values for sorting: text by lowercased content (or exactly, when
/// `case_sensitive`), numbers numerically across integers and floats, date-times as instants
/// (a string that reads as an RFC 3339 date-time compares as one), `false` before `true`.
/// Values of different kinds order by kind; collections order by their first element.
///
/// Null is not handled here: callers put nulls last (ascending) themselves.
///
/// ```
/// use std::cmp::Ordering;
/// use sailpoint_filters::eval::{FieldRef, compare_for_sort};
/// assert_eq!(compare_for_sort(FieldRef::Str("alice"), FieldRef::Str("Bob"), false), Ordering::Less);
/// assert_eq!(compare_for_sort(FieldRef::Int(2), FieldRef::Float(1.5), false), Ordering::Greater);
/// ```
pub fn compare_for_sort(a: FieldRef<'_>, b: FieldRef<'_>, case_sensitive: bool) -> Ordering {
    use FieldRef::*;
    match (a, b) {
        (Str(x), Str(y)) => match (as_timestamp(x), as_timestamp(y)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ if case_sensitive => x.cmp(y),
            _ => text::cmp_folded_both(x, y),
        },
        (Int(_) | Float(_), Int(_) | Float(_)) => num::compare(a, b).unwrap_or(Ordering::Equal),
        (Bool(x), Bool(y)) => x.cmp(&y),
        (DateTime(x), DateTime(y)) => x.cmp(&y),
        (DateTime(x), Str(y)) => as_timestamp(y).map_or(Ordering::Less, |y| x.cmp(&y)),
        (Str(x), DateTime(y)) => as_timestamp(x).map_or(Ordering::Greater, |x| x.cmp(&y)),
        (Strs(x), _) => compare_for_sort(x.first().map_or(Null, |s| Str(s)), b, case_sensitive),
        (_, Strs(y)) => compare_for_sort(a, y.first().map_or(Null, |s| Str(s)), case_sensitive),
        (Json(x), _) => compare_for_sort(x.first().map_or(Null, FieldRef::from_json), b, case_sensitive),
        (_, Json(y)) => compare_for_sort(a, y.first().map_or(Null, FieldRef::from_json), case_sensitive),
        _ => a.kind_rank().cmp(&b.kind_rank()),
    }
}

/// The instant a string stands for, if it is an RFC 3339 date-time (checked cheaply first: it
/// must start with a digit).
pub(crate) fn as_timestamp(s: &str) -> Option<jiff::Timestamp> {
    if s.starts_with(|c: char| c.is_ascii_digit()) { s.parse().ok() } else { None }
}

impl FieldRef<'_> {
    /// Orders values of different kinds for sorting.
    fn kind_rank(&self) -> u8 {
        match self {
            FieldRef::Bool(_) => 0,
            FieldRef::Int(_) | FieldRef::Float(_) => 1,
            FieldRef::DateTime(_) => 2,
            FieldRef::Str(_) => 3,
            FieldRef::Strs(_) | FieldRef::Json(_) => 4,
            FieldRef::Opaque => 5,
            FieldRef::Null => 6,
        }
    }
}

/// Case-folded text comparison without allocation.
pub(crate) mod text {
    use std::cmp::Ordering;

    /// The Unicode lowercase mapping of `s`, as a stream of chars.
    pub(crate) fn folded(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
        s.chars().flat_map(char::to_lowercase)
    }

    /// Orders two texts by their lowercase mappings.
    pub(crate) fn cmp_folded_both(a: &str, b: &str) -> Ordering {
        if a.is_ascii() && b.is_ascii() {
            a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        } else {
            folded(a).cmp(folded(b))
        }
    }
}

/// Exact comparison across integers and floats.
pub(crate) mod num {
    use std::cmp::Ordering;

    use super::FieldRef;

    /// Orders two numeric field values; `None` if either is not a number (or is NaN).
    pub(crate) fn compare(a: FieldRef<'_>, b: FieldRef<'_>) -> Option<Ordering> {
        match (a, b) {
            (FieldRef::Int(x), FieldRef::Int(y)) => Some(x.cmp(&y)),
            (FieldRef::Float(x), FieldRef::Float(y)) => x.partial_cmp(&y),
            (FieldRef::Int(x), FieldRef::Float(y)) => int_float(x, y),
            (FieldRef::Float(x), FieldRef::Int(y)) => int_float(y, x).map(Ordering::reverse),
            _ => None,
        }
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
        Some(i.cmp(&whole_int).then_with(|| 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal)))
    }
}
