//! Records: how a field's value is read from one, for filtering and sorting.

use super::DateTime;

/// A field's value as a record exposes it, borrowed from the record.
///
/// Record accessors return anything that converts into a `FieldRef`: `bool`, integers, `f64`,
/// `&str`, `&String`, `jiff::Timestamp`, `&[String]`, `&Vec<String>`, and `Option`s of those
/// (`None` is null).
///
/// ```
/// use sailpoint_filters::FieldRef;
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
    /// A whole number above `i64::MAX` (JSON can hold one).
    UInt(u64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An instant.
    DateTime(DateTime),
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
    /// use sailpoint_filters::FieldRef;
    /// assert!(FieldRef::Null.is_null() && !FieldRef::Bool(false).is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, FieldRef::Null)
    }

    /// The field's value from a JSON value: objects are [`FieldRef::Opaque`], arrays
    /// [`FieldRef::Json`], numbers integers when they fit `i64`.
    ///
    /// ```
    /// use sailpoint_filters::FieldRef;
    /// let v = serde_json::json!(2.5);
    /// assert_eq!(FieldRef::from_json(&v), FieldRef::Float(2.5));
    /// ```
    pub fn from_json(value: &'a serde_json::Value) -> FieldRef<'a> {
        match value {
            serde_json::Value::Null => FieldRef::Null,
            serde_json::Value::Bool(b) => FieldRef::Bool(*b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => FieldRef::Int(i),
                (None, Some(u)) => FieldRef::UInt(u),
                (None, None) => n.as_f64().map_or(FieldRef::Opaque, FieldRef::Float),
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

impl From<u64> for FieldRef<'_> {
    fn from(value: u64) -> Self {
        i64::try_from(value).map_or(FieldRef::UInt(value), FieldRef::Int)
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

impl From<DateTime> for FieldRef<'_> {
    fn from(value: DateTime) -> Self {
        FieldRef::DateTime(value)
    }
}

impl From<jiff::Timestamp> for FieldRef<'_> {
    /// The instant, compared as any other (a record's timestamp before year 0000 still
    /// compares correctly; it only has no filter spelling).
    fn from(value: jiff::Timestamp) -> Self {
        FieldRef::DateTime(DateTime::from_timestamp_unchecked(value))
    }
}

#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for FieldRef<'_> {
    /// The instant (feature `chrono`), compared as any other.
    fn from(value: chrono::DateTime<Tz>) -> Self {
        // An instant outside the date-time range still compares correctly (as jiff's do).
        FieldRef::DateTime(DateTime::from_unix_unchecked(
            value.timestamp(),
            value.timestamp_subsec_nanos(),
        ))
    }
}

#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for FieldRef<'_> {
    /// The instant (feature `time`), compared as any other.
    fn from(value: time::OffsetDateTime) -> Self {
        FieldRef::DateTime(DateTime::from_unix_unchecked(
            value.unix_timestamp(),
            value.nanosecond(),
        ))
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
/// [`Record::read`] then reads cheaply from each record. Endpoint declarations implement this
/// for their record types; it is implemented for [`serde_json::Value`] by dotted paths.
///
/// ```
/// use sailpoint_filters::{FieldRef, Record};
///
/// let record = serde_json::json!({"createdBy": {"displayName": "Ashley.Pierce"}});
/// let field = <serde_json::Value as Record>::resolve("createdBy.displayName").unwrap();
/// assert_eq!(record.read(&field), FieldRef::Str("Ashley.Pierce"));
/// ```
pub trait Record {
    /// A resolved field: whatever makes [`Record::read`] fast.
    type Field: Clone + std::fmt::Debug + Send + Sync + 'static;

    /// The handle for a field path (`createdBy.displayName`), or `None` if records of this
    /// type have no such field.
    fn resolve(path: &str) -> Option<Self::Field>;

    /// Reads a resolved field.
    fn read(&self, field: &Self::Field) -> FieldRef<'_>;

    /// Calls `each` with the position and the value of `field` of each of `records`, in order.
    ///
    /// [`Matcher::filter`](crate::eval::Matcher::filter) tests records a block at a time
    /// through this. The provided method reads each record with [`Record::read`]; the
    /// `endpoint!` declaration implements it with the choice of field made once, outside the
    /// loop, so that the loop reads one field of each record directly. An implementation must
    /// give the values `read` gives.
    ///
    /// ```
    /// use sailpoint_filters::{FieldRef, Record};
    /// use serde_json::json;
    ///
    /// let records = [json!({"n": 1}), json!({}), json!({"n": "x"})];
    /// let field = <serde_json::Value as Record>::resolve("n").unwrap();
    /// let mut values = Vec::new();
    /// serde_json::Value::read_each(&records, &field, |i, v| values.push((i, v)));
    /// assert_eq!(values, [(0, FieldRef::Int(1)), (1, FieldRef::Null), (2, FieldRef::Str("x"))]);
    /// ```
    #[inline]
    fn read_each<'r>(
        records: &'r [Self],
        field: &Self::Field,
        mut each: impl FnMut(usize, FieldRef<'r>),
    ) where
        Self: Sized,
    {
        for (i, record) in records.iter().enumerate() {
            each(i, record.read(field));
        }
    }
}

/// A field of JSON records: the keys to follow, one per segment of the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonPath(Box<[Box<str>]>);

impl Record for serde_json::Value {
    type Field = JsonPath;

    /// Every path resolves; a missing one reads as null.
    fn resolve(path: &str) -> Option<JsonPath> {
        Some(JsonPath(path.split('.').map(Box::from).collect()))
    }

    fn read(&self, field: &JsonPath) -> FieldRef<'_> {
        let mut value = self;
        for segment in &field.0 {
            match value.get(&**segment) {
                Some(inner) => value = inner,
                None => return FieldRef::Null,
            }
        }
        FieldRef::from_json(value)
    }
}
