//! Values on the right of an operator.

use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::value::DateTime;

/// A finite 64-bit float: the float values a filter can hold.
///
/// Filters have no spelling for NaN or infinity, so they cannot be values. Equality and hashing
/// follow [`f64::total_cmp`], which makes them consistent (`-0.0` and `0.0` are different trees,
/// as their spellings differ); numeric comparison during evaluation still treats them as equal.
///
/// ```
/// use sailpoint_filters::FiniteF64;
/// assert_eq!(FiniteF64::new(2.5).unwrap().get(), 2.5);
/// assert!(FiniteF64::new(f64::NAN).is_none());
/// ```
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct FiniteF64(f64);

impl FiniteF64 {
    /// `Some` if `value` is finite.
    ///
    /// ```
    /// use sailpoint_filters::FiniteF64;
    /// assert!(FiniteF64::new(f64::INFINITY).is_none());
    /// ```
    pub fn new(value: f64) -> Option<FiniteF64> {
        value.is_finite().then_some(FiniteF64(value))
    }

    /// The float.
    ///
    /// ```
    /// use sailpoint_filters::FiniteF64;
    /// assert_eq!(FiniteF64::new(-1.0).unwrap().get(), -1.0);
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }
}

impl PartialEq for FiniteF64 {
    fn eq(&self, other: &FiniteF64) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}

impl Eq for FiniteF64 {}

impl Hash for FiniteF64 {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl TryFrom<f64> for FiniteF64 {
    type Error = &'static str;

    fn try_from(value: f64) -> Result<FiniteF64, &'static str> {
        FiniteF64::new(value).ok_or("a filter float must be finite")
    }
}

impl From<FiniteF64> for f64 {
    fn from(value: FiniteF64) -> f64 {
        value.0
    }
}

impl fmt::Display for FiniteF64 {
    /// Always with a decimal point and never with an exponent: `1.0`, `0.0001`, `-2.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `f64`'s `Display` prints the shortest digits that read back to the same float, and
        // never uses an exponent; only the decimal point may be missing.
        let start = f.write_fmt(format_args!("{}", self.0));
        if self.0.fract() == 0.0 {
            f.write_str(".0")?;
        }
        start
    }
}

/// A value on the right of an operator.
///
/// ```
/// use sailpoint_filters::Value;
///
/// assert_eq!(Value::from("RM Session").to_string(), r#""RM Session""#);
/// assert_eq!(Value::from(7).to_string(), "7");
/// assert_eq!(Value::from(true).to_string(), "true");
/// assert_eq!(Value::float(1.0).unwrap().to_string(), "1.0");
/// let when: sailpoint_filters::DateTime = "2021-09-08T18:11:05.348+02:00".parse()?;
/// assert_eq!(Value::from(when).to_string(), "2021-09-08T16:11:05.348Z");
/// # Ok::<(), sailpoint_filters::DateTimeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Value {
    /// Text: `"RM Session"` (and, in the lenient syntax, `'RM Session'` or a bare word).
    String(String),
    /// A whole number in the 64-bit range: `7`, `-3`.
    Integer(i64),
    /// A number written with a fraction: `2.5`, `1.0`.
    Float(FiniteF64),
    /// `true` or `false`.
    Boolean(bool),
    /// An RFC 3339 date-time with a zone, kept as an instant: `2018-12-18T23:05:55Z`.
    DateTime(DateTime),
}

impl Value {
    /// A float value, or `None` for NaN and infinities.
    ///
    /// ```
    /// use sailpoint_filters::Value;
    /// assert!(Value::float(2.5).is_some());
    /// assert!(Value::float(f64::NAN).is_none());
    /// ```
    pub fn float(value: f64) -> Option<Value> {
        FiniteF64::new(value).map(Value::Float)
    }

    /// The kind of value, for messages: `string`, `integer`, `float`, `boolean`, `date-time`.
    ///
    /// ```
    /// use sailpoint_filters::Value;
    /// assert_eq!(Value::from(false).kind_name(), "boolean");
    /// ```
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Integer(_) => "integer",
            Value::Float(_) => "float",
            Value::Boolean(_) => "boolean",
            Value::DateTime(_) => "date-time",
        }
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::String(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::String(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Integer(value)
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Value {
        Value::Integer(value.into())
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Boolean(value)
    }
}

impl From<FiniteF64> for Value {
    fn from(value: FiniteF64) -> Value {
        Value::Float(value)
    }
}

impl From<DateTime> for Value {
    fn from(value: DateTime) -> Value {
        Value::DateTime(value)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => write_quoted(f, s),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Boolean(b) => write!(f, "{b}"),
            // In UTC with `Z` and the fewest fractional digits (none when zero).
            Value::DateTime(t) => write!(f, "{t}"),
        }
    }
}

/// Writes `s` double-quoted, escaping only `"` and `\`.
pub(crate) fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut rest = s;
    while let Some(i) = rest.find(['"', '\\']) {
        f.write_str(&rest[..i])?;
        f.write_char('\\')?;
        // `i` is the index of a one-byte ASCII character.
        f.write_str(&rest[i..=i])?;
        rest = &rest[i + 1..];
    }
    f.write_str(rest)?;
    f.write_char('"')
}
