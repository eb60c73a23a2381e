//! The filter syntax tree and its canonical printer.
//!
//! A [`Filter`] is built by the parser ([`Filter::parse`]), by the typed builders of the endpoint
//! modules, or by hand through its constructors. Whatever built it, the tree is kept in one
//! normal form, so that two filters that mean the same thing structurally compare equal:
//!
//! * `and` and `or` are n-ary: `a and (b and c)` and `(a and b) and c` are both `And[a, b, c]`;
//! * an `and`/`or` always has at least two operands;
//! * source positions ([`Span`]s) are carried for error messages but never take part in
//!   equality or hashing.
//!
//! `Display` prints the one canonical spelling of SPEC §1.5: single spaces, lowercase keywords,
//! double-quoted strings, `("a", "b")` lists, floats with a decimal point, date-times in UTC, and
//! the fewest parentheses that keep the meaning.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! let filter: Filter = "(saved eq true)and (name sw 'RM Session')".parse()?;
//! assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! # JSON shape
//!
//! With serde, a filter is written as nested objects, one per node:
//!
//! | node | JSON |
//! | --- | --- |
//! | `a and b` | `{"and": [a, b]}` |
//! | `a or b` | `{"or": [a, b]}` |
//! | `not a` | `{"not": a}` |
//! | `name sw "RM"` | `{"field": "name", "op": "sw", "value": {"string": "RM"}}` |
//! | `groups ca ("a")` | `{"field": "groups", "op": "ca", "values": [{"string": "a"}]}` |
//! | `pr name`, `name isnull` | `{"field": "name", "op": "pr"}`, `{"field": "name", "op": "isnull"}` |
//!
//! Values are tagged with their kind: `{"string": "x"}`, `{"integer": 7}`, `{"float": 2.5}`,
//! `{"boolean": true}`, `{"dateTime": "2018-12-18T23:05:55Z"}`. Reading JSON normalises the tree
//! the same way the constructors do (nested `and`s are flattened, a one-operand `and` is its
//! operand), and rejects an empty `and`/`or`, an invalid field path or a non-finite float.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! let filter: Filter = r#"not saved eq true"#.parse()?;
//! let json = serde_json::to_string(&filter).unwrap();
//! assert_eq!(json, r#"{"not":{"field":"saved","op":"eq","value":{"boolean":true}}}"#);
//! assert_eq!(serde_json::from_str::<Filter>(&json).unwrap(), filter);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

/// A byte range in the filter text: `start..end`.
///
/// Spans point from a tree node (or an error) back into the text it was parsed from. Nodes built
/// in code have no span.
///
/// ```
/// use sailpoint_filters::{Filter, FilterKind};
///
/// let filter = Filter::parse(r#"name sw "RM" and saved eq true"#)?;
/// // An `and` remembers where its first keyword is.
/// let span = filter.span().unwrap();
/// assert_eq!((span.start, span.end), (13, 16));
/// assert!(matches!(filter.kind(), FilterKind::And(_)));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(2, 5).len(), 3);
    /// ```
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(4, 4).len(), 0);
    /// ```
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes (an end-of-input position, for example).
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert!(Span::new(4, 4).is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(2, 4).to(Span::new(7, 9)), Span::new(2, 9));
    /// ```
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for std::ops::Range<usize> {
    fn from(span: Span) -> std::ops::Range<usize> {
        span.start..span.end
    }
}

/// A dotted field path such as `name` or `identitySummary.id`.
///
/// Each segment is an identifier: a letter or `_`, then letters, digits or `_`. Paths compare by
/// their text.
///
/// ```
/// use sailpoint_filters::FieldPath;
///
/// let path = FieldPath::new("createdBy.displayName")?;
/// assert_eq!(path.segments().collect::<Vec<_>>(), ["createdBy", "displayName"]);
/// assert!(FieldPath::new("created by").is_err());
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Cow<'static, str>);

impl FieldPath {
    /// Checks `path` against the grammar and wraps it.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("saved")?.as_str(), "saved");
    /// let err = FieldPath::new("saved.").unwrap_err();
    /// assert_eq!(err.column(), 6);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn new(path: impl Into<Cow<'static, str>>) -> Result<FieldPath, crate::ParseError> {
        let path = path.into();
        crate::parse::check_field_path(&path)?;
        Ok(FieldPath(path))
    }

    /// Wraps a path already known to be valid (it came out of the grammar, or from an endpoint
    /// declaration whose tests check every name).
    pub(crate) const fn new_unchecked(path: Cow<'static, str>) -> FieldPath {
        FieldPath(path)
    }

    /// A path from a string literal, for endpoint declarations. The text is checked by
    /// `debug_assert!` only; prefer [`FieldPath::new`] for text from elsewhere.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// const NAME: FieldPath = FieldPath::from_static("name");
    /// assert_eq!(NAME.as_str(), "name");
    /// ```
    pub const fn from_static(path: &'static str) -> FieldPath {
        FieldPath(Cow::Borrowed(path))
    }

    /// The path as written, segments joined by `.`.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("a.b")?.as_str(), "a.b");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The segments between the dots.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("a.b.c")?.segments().count(), 3);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn segments(&self) -> std::str::Split<'_, char> {
        self.0.split('.')
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for FieldPath {
    type Err = crate::ParseError;

    fn from_str(s: &str) -> Result<FieldPath, crate::ParseError> {
        FieldPath::new(s.to_owned())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FieldPath, D::Error> {
        let text = String::deserialize(deserializer)?;
        FieldPath::new(text).map_err(|e| serde::de::Error::custom(e.kind()))
    }
}

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
/// let when: jiff::Timestamp = "2021-09-08T18:11:05.348+02:00".parse().unwrap();
/// assert_eq!(Value::from(when).to_string(), "2021-09-08T16:11:05.348Z");
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
    DateTime(jiff::Timestamp),
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

impl From<jiff::Timestamp> for Value {
    fn from(value: jiff::Timestamp) -> Value {
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
            // jiff prints UTC with `Z` and the fewest fractional digits (none when zero).
            Value::DateTime(t) => write!(f, "{t}"),
        }
    }
}

/// Writes `s` double-quoted, escaping only `"` and `\`.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
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

/// Every operator of the language, as a schema lists them.
///
/// ```
/// use sailpoint_filters::Op;
/// assert_eq!("sw".parse::<Op>(), Ok(Op::Sw));
/// assert_eq!(Op::IsNull.to_string(), "isnull");
/// assert_eq!(Op::ALL.len(), 12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// `eq`: equals.
    Eq,
    /// `ne`: not equals (exactly `not eq`).
    Ne,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal.
    Le,
    /// `co`: contains (substring).
    Co,
    /// `sw`: starts with (prefix).
    Sw,
    /// `in`: equals one of a list.
    In,
    /// `ca`: the collection contains all of a list.
    Ca,
    /// `pr`: present (not null), written before the field.
    Pr,
    /// `isnull`: null or missing, written after the field.
    IsNull,
}

impl Op {
    /// All operators, in the order SailPoint's documentation lists them.
    pub const ALL: [Op; 12] = [
        Op::Eq,
        Op::Ne,
        Op::Gt,
        Op::Ge,
        Op::Lt,
        Op::Le,
        Op::Co,
        Op::Sw,
        Op::In,
        Op::Ca,
        Op::Pr,
        Op::IsNull,
    ];

    /// The keyword as written in a filter.
    ///
    /// ```
    /// use sailpoint_filters::Op;
    /// assert_eq!(Op::Ca.as_str(), "ca");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Co => "co",
            Op::Sw => "sw",
            Op::In => "in",
            Op::Ca => "ca",
            Op::Pr => "pr",
            Op::IsNull => "isnull",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not the (lowercase) name of an operator.
///
/// ```
/// use sailpoint_filters::Op;
/// let err = "EQ".parse::<Op>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown operator `EQ`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown operator `{0}`")]
pub struct UnknownOp(pub String);

impl std::str::FromStr for Op {
    type Err = UnknownOp;

    fn from_str(s: &str) -> Result<Op, UnknownOp> {
        Op::ALL
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| UnknownOp(s.to_owned()))
    }
}

/// An operator that compares a field with one value.
///
/// ```
/// use sailpoint_filters::{CmpOp, Op};
/// assert_eq!(Op::from(CmpOp::Sw), Op::Sw);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CmpOp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
    /// `co`
    Co,
    /// `sw`
    Sw,
}

impl CmpOp {
    /// All comparison operators, in the order SailPoint's documentation lists them.
    ///
    /// ```
    /// use sailpoint_filters::{CmpOp, Op};
    /// assert!(CmpOp::ALL.iter().all(|&op| Op::ALL.contains(&Op::from(op))));
    /// assert_eq!(CmpOp::ALL.len(), 8);
    /// ```
    pub const ALL: [CmpOp; 8] = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Co,
        CmpOp::Sw,
    ];
}

impl From<CmpOp> for Op {
    fn from(op: CmpOp) -> Op {
        match op {
            CmpOp::Eq => Op::Eq,
            CmpOp::Ne => Op::Ne,
            CmpOp::Gt => Op::Gt,
            CmpOp::Ge => Op::Ge,
            CmpOp::Lt => Op::Lt,
            CmpOp::Le => Op::Le,
            CmpOp::Co => Op::Co,
            CmpOp::Sw => Op::Sw,
        }
    }
}

impl TryFrom<Op> for CmpOp {
    type Error = Op;

    /// The comparison operator, or the operator back if it is not one.
    fn try_from(op: Op) -> Result<CmpOp, Op> {
        Ok(match op {
            Op::Eq => CmpOp::Eq,
            Op::Ne => CmpOp::Ne,
            Op::Gt => CmpOp::Gt,
            Op::Ge => CmpOp::Ge,
            Op::Lt => CmpOp::Lt,
            Op::Le => CmpOp::Le,
            Op::Co => CmpOp::Co,
            Op::Sw => CmpOp::Sw,
            other => return Err(other),
        })
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Op::from(*self).fmt(f)
    }
}

/// An operator that compares a field with a parenthesized list of values.
///
/// ```
/// use sailpoint_filters::{ListOp, Op};
/// assert_eq!(Op::from(ListOp::Ca), Op::Ca);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListOp {
    /// `in`: the field equals at least one listed value.
    In,
    /// `ca`: the collection field contains every listed value.
    Ca,
}

impl From<ListOp> for Op {
    fn from(op: ListOp) -> Op {
        match op {
            ListOp::In => Op::In,
            ListOp::Ca => Op::Ca,
        }
    }
}

impl TryFrom<Op> for ListOp {
    type Error = Op;

    /// The list operator, or the operator back if it is not one.
    fn try_from(op: Op) -> Result<ListOp, Op> {
        match op {
            Op::In => Ok(ListOp::In),
            Op::Ca => Ok(ListOp::Ca),
            other => Err(other),
        }
    }
}

impl fmt::Display for ListOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Op::from(*self).fmt(f)
    }
}

/// One test on one field: the leaves of a filter.
///
/// ```
/// use sailpoint_filters::{CmpOp, Condition, FieldPath, Op, Value};
///
/// let c = Condition::Compare {
///     field: FieldPath::new("name")?,
///     op: CmpOp::Sw,
///     value: Value::from("RM"),
/// };
/// assert_eq!(c.op(), Op::Sw);
/// assert_eq!(c.to_string(), r#"name sw "RM""#);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ConditionRepr", into = "ConditionRepr")]
pub enum Condition {
    /// `field op value`, for `eq ne gt ge lt le co sw`.
    Compare {
        /// The field tested.
        field: FieldPath,
        /// The operator.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
    /// `field op (v1, v2, …)`, for `in` and `ca`; the list is never empty.
    List {
        /// The field tested.
        field: FieldPath,
        /// The operator.
        op: ListOp,
        /// The listed values, at least one.
        values: Vec<Value>,
    },
    /// `pr field`: the field is present (not null).
    Present {
        /// The field tested.
        field: FieldPath,
    },
    /// `field isnull`: the field is null or missing.
    IsNull {
        /// The field tested.
        field: FieldPath,
    },
}

impl Condition {
    /// The field the condition tests.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath};
    /// let c = Condition::Present { field: FieldPath::new("name")? };
    /// assert_eq!(c.field().as_str(), "name");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn field(&self) -> &FieldPath {
        match self {
            Condition::Compare { field, .. }
            | Condition::List { field, .. }
            | Condition::Present { field }
            | Condition::IsNull { field } => field,
        }
    }

    /// The operator of the condition.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath, Op};
    /// let c = Condition::IsNull { field: FieldPath::new("name")? };
    /// assert_eq!(c.op(), Op::IsNull);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn op(&self) -> Op {
        match self {
            Condition::Compare { op, .. } => (*op).into(),
            Condition::List { op, .. } => (*op).into(),
            Condition::Present { .. } => Op::Pr,
            Condition::IsNull { .. } => Op::IsNull,
        }
    }

    /// The values the condition compares with: one, a list, or none (`pr`, `isnull`).
    ///
    /// ```
    /// let f = sailpoint_filters::Filter::parse(r#"id in ("a", "b")"#)?;
    /// let sailpoint_filters::FilterKind::Condition(c) = f.kind() else { unreachable!() };
    /// assert_eq!(c.values().len(), 2);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn values(&self) -> &[Value] {
        match self {
            Condition::Compare { value, .. } => std::slice::from_ref(value),
            Condition::List { values, .. } => values,
            Condition::Present { .. } | Condition::IsNull { .. } => &[],
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Compare { field, op, value } => write!(f, "{field} {op} {value}"),
            Condition::List { field, op, values } => {
                write!(f, "{field} {op} (")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{value}")?;
                }
                f.write_char(')')
            }
            Condition::Present { field } => write!(f, "pr {field}"),
            Condition::IsNull { field } => write!(f, "{field} isnull"),
        }
    }
}

/// The flat JSON shape of a condition: `{"field", "op", "value"?, "values"?}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionRepr {
    field: FieldPath,
    op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<Value>>,
}

impl From<Condition> for ConditionRepr {
    fn from(c: Condition) -> ConditionRepr {
        let op = c.op();
        let (field, value, values) = match c {
            Condition::Compare { field, value, .. } => (field, Some(value), None),
            Condition::List { field, values, .. } => (field, None, Some(values)),
            Condition::Present { field } | Condition::IsNull { field } => (field, None, None),
        };
        ConditionRepr {
            field,
            op,
            value,
            values,
        }
    }
}

impl TryFrom<ConditionRepr> for Condition {
    type Error = String;

    fn try_from(repr: ConditionRepr) -> Result<Condition, String> {
        let ConditionRepr {
            field,
            op,
            value,
            values,
        } = repr;
        match (CmpOp::try_from(op), ListOp::try_from(op), value, values) {
            (Ok(op), _, Some(value), None) => Ok(Condition::Compare { field, op, value }),
            (_, Ok(op), None, Some(values)) if !values.is_empty() => {
                Ok(Condition::List { field, op, values })
            }
            (_, Ok(op), None, Some(_)) => {
                Err(format!("`{op}` needs at least one value in \"values\""))
            }
            (Err(Op::Pr), _, None, None) => Ok(Condition::Present { field }),
            (Err(Op::IsNull), _, None, None) => Ok(Condition::IsNull { field }),
            (Ok(op), ..) => Err(format!("`{op}` takes exactly one \"value\"")),
            (_, Ok(op), ..) => Err(format!("`{op}` takes a \"values\" list")),
            (Err(op), ..) => Err(format!("`{op}` takes no value")),
        }
    }
}

/// Where the parts of a condition are in the text it was parsed from.
///
/// Validation uses these to point at the offending field, operator or value.
///
/// ```
/// use sailpoint_filters::{Filter, Span};
///
/// let filter = Filter::parse(r#"id in ("a", "b")"#)?;
/// let spans = filter.condition_spans().unwrap();
/// assert_eq!(spans.field, Span::new(0, 2));
/// assert_eq!(spans.op, Span::new(3, 5));
/// assert_eq!(spans.values, [Span::new(7, 10), Span::new(12, 15)]);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConditionSpans {
    /// The field path.
    pub field: Span,
    /// The operator keyword.
    pub op: Span,
    /// The operand: the value, or the whole parenthesized list; empty for `pr` and `isnull`.
    pub operand: Span,
    /// Each value, in order: one for a comparison, one per list item, none otherwise.
    pub values: Vec<Span>,
}

/// The shape of a filter node. Obtain it with [`Filter::kind`]; build nodes with the
/// constructors on [`Filter`].
///
/// ```
/// use sailpoint_filters::{Filter, FilterKind};
///
/// let filter = Filter::parse("a eq 1 or b eq 2 or not c eq 3")?;
/// let FilterKind::Or(operands) = filter.kind() else { panic!("expected or") };
/// assert_eq!(operands.len(), 3);
/// assert!(matches!(operands[2].kind(), FilterKind::Not(_)));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterKind {
    /// All operands hold. At least two, none of them an `And`.
    And(Vec<Filter>),
    /// At least one operand holds. At least two, none of them an `Or`.
    Or(Vec<Filter>),
    /// The operand does not hold.
    Not(Box<Filter>),
    /// A test on one field.
    #[serde(untagged)]
    Condition(Condition),
}

/// A filter: the parsed, built or deserialized value of a `filters` parameter.
///
/// See the [module documentation](self) for the normal form, the printer and the JSON shape.
///
/// ```
/// use sailpoint_filters::{CmpOp, Filter, FieldPath};
///
/// let saved = Filter::compare(FieldPath::new("saved")?, CmpOp::Eq, true);
/// let name = Filter::compare(FieldPath::new("name")?, CmpOp::Sw, "RM Session");
/// let filter = saved.and(name);
/// assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
/// assert_eq!(filter, Filter::parse(r#"saved eq true and name sw "RM Session""#)?);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
///
/// # Deep trees
///
/// Trees built in code or read from JSON can be far deeper than the parser allows (a chain of
/// 100,000 `not`s, say). Everything on `Filter` — `Clone`, `==`, `Hash`, `Debug`, `Display`,
/// dropping — walks the tree with a heap-allocated stack, never with recursion, so no tree is
/// too deep for them. Serializing is the exception: serde's data model nests, so `Serialize`
/// refuses a tree deeper than [`Filter::MAX_SERIALIZE_DEPTH`] with a serde error.
pub struct Filter {
    kind: FilterKind,
    /// For `and`/`or`: the first keyword; `not`: the keyword; a condition: all of it.
    span: Option<Span>,
    /// For a parsed condition: where its parts are.
    condition_spans: Option<Box<ConditionSpans>>,
}

impl Filter {
    /// A condition node.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath, Filter};
    /// let f = Filter::condition(Condition::Present { field: FieldPath::new("name")? });
    /// assert_eq!(f.to_string(), "pr name");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn condition(condition: Condition) -> Filter {
        Filter::leaf(condition)
    }

    /// `field op value`.
    ///
    /// ```
    /// use sailpoint_filters::{CmpOp, FieldPath, Filter};
    /// let f = Filter::compare(FieldPath::new("count")?, CmpOp::Ge, 3);
    /// assert_eq!(f.to_string(), "count ge 3");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn compare(field: FieldPath, op: CmpOp, value: impl Into<Value>) -> Filter {
        Filter::leaf(Condition::Compare {
            field,
            op,
            value: value.into(),
        })
    }

    /// `field op (values…)`, or `None` when `values` is empty (the language has no empty list).
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter, ListOp, Value};
    /// let f = Filter::list(FieldPath::new("id")?, ListOp::In, ["a", "b"]).unwrap();
    /// assert_eq!(f.to_string(), r#"id in ("a", "b")"#);
    /// assert!(Filter::list(FieldPath::new("id")?, ListOp::In, Vec::<Value>::new()).is_none());
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn list<V: Into<Value>>(
        field: FieldPath,
        op: ListOp,
        values: impl IntoIterator<Item = V>,
    ) -> Option<Filter> {
        let values: Vec<Value> = values.into_iter().map(Into::into).collect();
        (!values.is_empty()).then(|| Filter::leaf(Condition::List { field, op, values }))
    }

    /// `pr field`.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter};
    /// assert_eq!(Filter::present(FieldPath::new("x")?).to_string(), "pr x");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn present(field: FieldPath) -> Filter {
        Filter::leaf(Condition::Present { field })
    }

    /// `field isnull`.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter};
    /// assert_eq!(Filter::is_null(FieldPath::new("x")?).to_string(), "x isnull");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn is_null(field: FieldPath) -> Filter {
        Filter::leaf(Condition::IsNull { field })
    }

    /// `self and other`, flattening nested `and`s.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let a = Filter::parse("a eq 1")?;
    /// let bc = Filter::parse("b eq 2 and c eq 3")?;
    /// assert_eq!(a.and(bc), Filter::parse("a eq 1 and b eq 2 and c eq 3")?);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn and(self, other: Filter) -> Filter {
        Filter::junction(Junction::And, self, other)
    }

    /// `self or other`, flattening nested `or`s.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 and b eq 2")?.or(Filter::parse("c eq 3")?);
    /// assert_eq!(f.to_string(), "a eq 1 and b eq 2 or c eq 3");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn or(self, other: Filter) -> Filter {
        Filter::junction(Junction::Or, self, other)
    }

    /// `not self`. Also available as the `!` operator.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 or b eq 2")?.not();
    /// assert_eq!(f.to_string(), "not (a eq 1 or b eq 2)");
    /// assert_eq!(!Filter::parse("a eq 1")?, Filter::parse("not a eq 1")?);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    #[allow(clippy::should_implement_trait)] // it is implemented too; this needs no import
    pub fn not(self) -> Filter {
        Filter::node(FilterKind::Not(Box::new(self)), None)
    }

    /// All of `filters` joined with `and`; `None` when there are none, the filter itself when
    /// there is one.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let parts = ["a eq 1", "b eq 2", "c eq 3"].map(|s| Filter::parse(s).unwrap());
    /// assert_eq!(Filter::all(parts).unwrap().to_string(), "a eq 1 and b eq 2 and c eq 3");
    /// assert!(Filter::all([]).is_none());
    /// ```
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Option<Filter> {
        filters.into_iter().reduce(Filter::and)
    }

    /// Any of `filters` joined with `or`; `None` when there are none, the filter itself when
    /// there is one.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let parts = ["a eq 1", "b eq 2"].map(|s| Filter::parse(s).unwrap());
    /// assert_eq!(Filter::any(parts).unwrap().to_string(), "a eq 1 or b eq 2");
    /// ```
    pub fn any(filters: impl IntoIterator<Item = Filter>) -> Option<Filter> {
        filters.into_iter().reduce(Filter::or)
    }

    /// The shape of this node.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, FilterKind};
    /// assert!(matches!(Filter::parse("not a eq 1")?.kind(), FilterKind::Not(_)));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn kind(&self) -> &FilterKind {
        &self.kind
    }

    /// The node's shape, for changes that keep the tree normalised (coercing values, say).
    pub(crate) fn kind_mut(&mut self) -> &mut FilterKind {
        &mut self.kind
    }

    /// Takes the node apart.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, FilterKind};
    /// let FilterKind::Not(inner) = Filter::parse("not a eq 1")?.into_kind() else { panic!() };
    /// assert_eq!(inner.to_string(), "a eq 1");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn into_kind(mut self) -> FilterKind {
        std::mem::replace(&mut self.kind, placeholder_kind())
    }

    /// Where this node is in the text it was parsed from: the first keyword of an `and`/`or`,
    /// the `not` keyword, or the whole condition. `None` for nodes built in code.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// assert_eq!(Filter::parse("  a eq 1")?.span(), Some(Span::new(2, 8)));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// For a condition parsed from text: where its field, operator and values are.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// let f = Filter::parse("a eq 1")?;
    /// assert_eq!(f.condition_spans().unwrap().op, Span::new(2, 4));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn condition_spans(&self) -> Option<&ConditionSpans> {
        self.condition_spans.as_deref()
    }

    /// The same filter without any source positions, as if built in code.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1")?.without_spans();
    /// assert!(f.span().is_none());
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn without_spans(mut self) -> Filter {
        let mut stack: Vec<&mut Filter> = vec![&mut self];
        while let Some(node) = stack.pop() {
            node.span = None;
            node.condition_spans = None;
            match &mut node.kind {
                FilterKind::And(children) | FilterKind::Or(children) => {
                    stack.extend(children.iter_mut())
                }
                FilterKind::Not(child) => stack.push(child),
                FilterKind::Condition(_) => {}
            }
        }
        self
    }

    /// How deep the tree is: 1 for a condition, one more for each enclosing `and`, `or` or `not`.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// assert_eq!(Filter::parse("a eq 1")?.depth(), 1);
    /// assert_eq!(Filter::parse("not (a eq 1 or b eq 2) and c eq 3")?.depth(), 4);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((node, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            match &node.kind {
                FilterKind::And(children) | FilterKind::Or(children) => {
                    stack.extend(children.iter().map(|c| (c, depth + 1)));
                }
                FilterKind::Not(child) => stack.push((child, depth + 1)),
                FilterKind::Condition(_) => {}
            }
        }
        deepest
    }

    /// Every condition in the tree, left to right.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 and (b eq 2 or not c eq 3)")?;
    /// let fields: Vec<_> = f.conditions().map(|(c, _)| c.field().as_str()).collect();
    /// assert_eq!(fields, ["a", "b", "c"]);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn conditions(&self) -> impl Iterator<Item = (&Condition, &Filter)> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            while let Some(node) = stack.pop() {
                match &node.kind {
                    FilterKind::And(children) | FilterKind::Or(children) => {
                        stack.extend(children.iter().rev());
                    }
                    FilterKind::Not(child) => stack.push(child),
                    FilterKind::Condition(c) => return Some((c, node)),
                }
            }
            None
        })
    }

    pub(crate) fn leaf(condition: Condition) -> Filter {
        Filter::node(FilterKind::Condition(condition), None)
    }

    pub(crate) fn node(kind: FilterKind, span: Option<Span>) -> Filter {
        Filter {
            kind,
            span,
            condition_spans: None,
        }
    }

    pub(crate) fn with_condition_spans(mut self, span: Span, spans: ConditionSpans) -> Filter {
        self.span = Some(span);
        self.condition_spans = Some(Box::new(spans));
        self
    }

    pub(crate) fn with_span(mut self, span: Option<Span>) -> Filter {
        self.span = span;
        self
    }

    /// Joins `first` and `rest` with `and`/`or`, flattening operands of the same junction. The
    /// span is the earliest first keyword among `keyword` and the flattened operands'.
    pub(crate) fn join(
        junction: Junction,
        first: Filter,
        rest: impl IntoIterator<Item = Filter>,
        keyword: Option<Span>,
    ) -> Filter {
        let mut flat = Vec::new();
        let mut span = keyword;
        for mut operand in std::iter::once(first).chain(rest) {
            match (junction, &mut operand.kind) {
                (Junction::And, FilterKind::And(children))
                | (Junction::Or, FilterKind::Or(children)) => {
                    span = earliest(span, operand.span);
                    // Leaves `operand` an empty junction, which drops trivially. The first
                    // operands are taken over rather than copied, so that `Filter::all` (a
                    // left fold of `and`) takes linear time, not quadratic.
                    if flat.is_empty() {
                        flat = std::mem::take(children);
                    } else {
                        flat.append(children);
                    }
                }
                _ => flat.push(operand),
            }
        }
        if flat.len() == 1
            && let Some(only) = flat.pop()
        {
            return only;
        }
        Filter::node(junction.kind(flat), span)
    }

    fn junction(junction: Junction, left: Filter, right: Filter) -> Filter {
        Filter::join(junction, left, [right], None)
    }
}

fn earliest(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.start < a.start { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// `and` or `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Junction {
    And,
    Or,
}

impl Junction {
    fn kind(self, operands: Vec<Filter>) -> FilterKind {
        match self {
            Junction::And => FilterKind::And(operands),
            Junction::Or => FilterKind::Or(operands),
        }
    }
}

/// A cheap node to leave behind when moving a kind out of a `Filter` (which has a `Drop`).
fn placeholder_kind() -> FilterKind {
    FilterKind::Condition(Condition::Present {
        field: FieldPath(Cow::Borrowed("_")),
    })
}

impl PartialEq for Filter {
    /// Structural equality; source positions are ignored. Compared without recursion.
    fn eq(&self, other: &Filter) -> bool {
        let mut stack = vec![(self, other)];
        while let Some((a, b)) = stack.pop() {
            match (&a.kind, &b.kind) {
                (FilterKind::And(xs), FilterKind::And(ys))
                | (FilterKind::Or(xs), FilterKind::Or(ys)) => {
                    if xs.len() != ys.len() {
                        return false;
                    }
                    stack.extend(xs.iter().zip(ys));
                }
                (FilterKind::Not(x), FilterKind::Not(y)) => stack.push((x, y)),
                (FilterKind::Condition(x), FilterKind::Condition(y)) => {
                    if x != y {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }
}

impl Eq for Filter {}

impl Hash for Filter {
    /// Hashes the structure (not the spans), without recursion.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            std::mem::discriminant(&node.kind).hash(state);
            match &node.kind {
                FilterKind::And(children) | FilterKind::Or(children) => {
                    children.len().hash(state);
                    stack.extend(children.iter().rev());
                }
                FilterKind::Not(child) => stack.push(child),
                FilterKind::Condition(condition) => condition.hash(state),
            }
        }
    }
}

impl Clone for Filter {
    /// Copies the tree, spans included, without recursion.
    fn clone(&self) -> Filter {
        enum Step<'a> {
            /// Copy this node's operands, then the node.
            Visit(&'a Filter),
            /// The node's operands are copied (the last ones in `done`): assemble it.
            Assemble(&'a Filter),
        }
        let copy = |node: &Filter, kind: FilterKind| Filter {
            kind,
            span: node.span,
            condition_spans: node.condition_spans.clone(),
        };
        let mut steps = vec![Step::Visit(self)];
        let mut done: Vec<Filter> = Vec::new();
        while let Some(step) = steps.pop() {
            match step {
                Step::Visit(node) => match &node.kind {
                    FilterKind::Condition(c) => {
                        done.push(copy(node, FilterKind::Condition(c.clone())));
                    }
                    FilterKind::Not(child) => {
                        steps.push(Step::Assemble(node));
                        steps.push(Step::Visit(child));
                    }
                    FilterKind::And(children) | FilterKind::Or(children) => {
                        steps.push(Step::Assemble(node));
                        steps.extend(children.iter().rev().map(Step::Visit));
                    }
                },
                Step::Assemble(node) => {
                    let kind = match &node.kind {
                        FilterKind::Not(_) => {
                            FilterKind::Not(Box::new(done.pop().unwrap_or_else(placeholder)))
                        }
                        FilterKind::And(children) => {
                            FilterKind::And(done.split_off(done.len() - children.len()))
                        }
                        FilterKind::Or(children) => {
                            FilterKind::Or(done.split_off(done.len() - children.len()))
                        }
                        FilterKind::Condition(c) => FilterKind::Condition(c.clone()),
                    };
                    done.push(copy(node, kind));
                }
            }
        }
        done.pop().unwrap_or_else(placeholder)
    }
}

/// A placeholder filter (never reached: every visited node leaves one copy in `Clone`).
fn placeholder() -> Filter {
    Filter::node(placeholder_kind(), None)
}

impl fmt::Debug for Filter {
    /// The text `#[derive(Debug)]` would print — `Filter { kind: Not(Filter { .. }), span:
    /// None, condition_spans: None }`, indented with `{:#?}` — written without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        enum Step<'a> {
            /// A filter whose first line is indented this many levels.
            Filter(&'a Filter, usize),
            Text(&'static str),
            /// Alternate form only: a line break, then this many levels of indentation.
            Line(usize),
            /// `", "`; alternate form: `","`, a line break and this many levels.
            Comma(usize),
            /// Alternate form only: `","`.
            TrailingComma,
            /// A field printed by its own `Debug`, at this many levels.
            Leaf(&'a dyn fmt::Debug, usize),
        }
        let pretty = f.alternate();
        let indent = |f: &mut fmt::Formatter<'_>, levels: usize| -> fmt::Result {
            f.write_str("\n")?;
            (0..levels).try_for_each(|_| f.write_str("    "))
        };
        let mut stack = vec![Step::Filter(self, 0)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Text(text) => f.write_str(text)?,
                Step::Line(levels) if pretty => indent(f, levels)?,
                Step::Line(_) => {}
                Step::Comma(levels) if pretty => {
                    f.write_str(",")?;
                    indent(f, levels)?;
                }
                Step::Comma(_) => f.write_str(", ")?,
                Step::TrailingComma if pretty => f.write_str(",")?,
                Step::TrailingComma => {}
                Step::Leaf(leaf, levels) if pretty => {
                    let text = format!("{leaf:#?}");
                    let mut lines = text.split('\n');
                    f.write_str(lines.next().unwrap_or_default())?;
                    for line in lines {
                        indent(f, levels)?;
                        f.write_str(line)?;
                    }
                }
                Step::Leaf(leaf, _) => leaf.fmt(f)?,
                Step::Filter(node, level) => {
                    let (l1, l2, l3) = (level + 1, level + 2, level + 3);
                    // Written in order, then pushed in reverse.
                    let mut out: Vec<Step<'_>> = Vec::with_capacity(16);
                    out.push(Step::Text(if pretty { "Filter {" } else { "Filter { " }));
                    out.push(Step::Line(l1));
                    out.push(Step::Text("kind: "));
                    match &node.kind {
                        FilterKind::Condition(c) => {
                            out.extend([Step::Text("Condition("), Step::Line(l2)]);
                            out.push(Step::Leaf(c, l2));
                        }
                        FilterKind::Not(child) => {
                            out.extend([Step::Text("Not("), Step::Line(l2)]);
                            out.push(Step::Filter(child, l2));
                        }
                        FilterKind::And(children) | FilterKind::Or(children) => {
                            out.push(Step::Text(match node.kind {
                                FilterKind::And(_) => "And(",
                                _ => "Or(",
                            }));
                            out.extend([Step::Line(l2), Step::Text("[")]);
                            if !children.is_empty() {
                                out.push(Step::Line(l3));
                                for (i, child) in children.iter().enumerate() {
                                    if i > 0 {
                                        out.push(Step::Comma(l3));
                                    }
                                    out.push(Step::Filter(child, l3));
                                }
                                out.extend([Step::TrailingComma, Step::Line(l2)]);
                            }
                            out.push(Step::Text("]"));
                        }
                    }
                    out.extend([Step::TrailingComma, Step::Line(l1), Step::Text(")")]);
                    out.extend([Step::Comma(l1), Step::Text("span: ")]);
                    out.push(Step::Leaf(&node.span, l1));
                    out.extend([Step::Comma(l1), Step::Text("condition_spans: ")]);
                    out.push(Step::Leaf(&node.condition_spans, l1));
                    out.push(if pretty {
                        Step::TrailingComma
                    } else {
                        Step::Text(" ")
                    });
                    out.extend([Step::Line(level), Step::Text("}")]);
                    stack.extend(out.into_iter().rev());
                }
            }
        }
        Ok(())
    }
}

impl Drop for Filter {
    /// Drops the tree without recursion, so that no tree is too deep to drop.
    fn drop(&mut self) {
        let has_grandchildren = match &self.kind {
            FilterKind::And(children) | FilterKind::Or(children) => children
                .iter()
                .any(|c| !matches!(c.kind, FilterKind::Condition(_))),
            FilterKind::Not(child) => !matches!(child.kind, FilterKind::Condition(_)),
            FilterKind::Condition(_) => false,
        };
        if !has_grandchildren {
            return;
        }
        let mut stack = vec![std::mem::replace(&mut self.kind, placeholder_kind())];
        while let Some(kind) = stack.pop() {
            match kind {
                FilterKind::And(children) | FilterKind::Or(children) => {
                    stack.extend(children.into_iter().map(Filter::into_kind));
                }
                FilterKind::Not(child) => stack.push(child.into_kind()),
                FilterKind::Condition(_) => {}
            }
        }
    }
}

impl std::ops::Not for Filter {
    type Output = Filter;

    fn not(self) -> Filter {
        Filter::not(self)
    }
}

impl std::ops::BitAnd for Filter {
    type Output = Filter;

    /// `a & b` is `a.and(b)`.
    fn bitand(self, rhs: Filter) -> Filter {
        self.and(rhs)
    }
}

impl std::ops::BitOr for Filter {
    type Output = Filter;

    /// `a | b` is `a.or(b)`.
    fn bitor(self, rhs: Filter) -> Filter {
        self.or(rhs)
    }
}

impl From<Condition> for Filter {
    fn from(condition: Condition) -> Filter {
        Filter::leaf(condition)
    }
}

/// How tightly a node binds: a child binding less tightly than its parent needs parentheses.
fn precedence(kind: &FilterKind) -> u8 {
    match kind {
        FilterKind::Or(_) => 1,
        FilterKind::And(_) => 2,
        FilterKind::Not(_) => 3,
        FilterKind::Condition(_) => 4,
    }
}

impl fmt::Display for Filter {
    /// The canonical spelling (SPEC §1.5), printed without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        enum Step<'a> {
            Node(&'a Filter),
            Text(&'static str),
        }
        let mut stack = vec![Step::Node(self)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Text(text) => {
                    f.write_str(text)?;
                    continue;
                }
                Step::Node(node) => node,
            };
            let parent = precedence(&node.kind);
            match &node.kind {
                FilterKind::Condition(c) => write!(f, "{c}")?,
                FilterKind::Not(child) => {
                    f.write_str("not ")?;
                    push_child(&mut stack, child, parent);
                }
                FilterKind::And(children) | FilterKind::Or(children) => {
                    let keyword = if matches!(node.kind, FilterKind::And(_)) {
                        " and "
                    } else {
                        " or "
                    };
                    for (i, child) in children.iter().enumerate().rev() {
                        push_child(&mut stack, child, parent);
                        if i > 0 {
                            stack.push(Step::Text(keyword));
                        }
                    }
                }
            }
        }
        return Ok(());

        fn push_child<'a>(stack: &mut Vec<Step<'a>>, child: &'a Filter, parent: u8) {
            if precedence(&child.kind) < parent {
                stack.push(Step::Text(")"));
                stack.push(Step::Node(child));
                stack.push(Step::Text("("));
            } else {
                stack.push(Step::Node(child));
            }
        }
    }
}

impl std::str::FromStr for Filter {
    type Err = crate::ParseError;

    /// The lenient parse with the default limits; see [`Filter::parse_with`].
    fn from_str(s: &str) -> Result<Filter, crate::ParseError> {
        Filter::parse(s)
    }
}

impl Filter {
    /// The deepest tree (by [`Filter::depth`]) that `Serialize` writes; deeper trees are refused
    /// with a serde error, since serializing nests one call per level.
    ///
    /// 256 levels is four times the parser's default nesting limit and serializes in well
    /// under a megabyte of stack.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let mut deep = Filter::parse("saved eq true")?;
    /// for _ in 0..Filter::MAX_SERIALIZE_DEPTH {
    ///     deep = deep.not();
    /// }
    /// let err = serde_json::to_string(&deep).unwrap_err();
    /// assert_eq!(err.to_string(), "the filter is 257 levels deep; at most 256 can be serialized");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub const MAX_SERIALIZE_DEPTH: usize = 256;
}

impl Serialize for Filter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let depth = self.depth();
        if depth > Filter::MAX_SERIALIZE_DEPTH {
            return Err(serde::ser::Error::custom(format_args!(
                "the filter is {depth} levels deep; at most {} can be serialized",
                Filter::MAX_SERIALIZE_DEPTH
            )));
        }
        Checked(self).serialize(serializer)
    }
}

/// A filter whose depth has been checked: serialized in `FilterKind`'s shape without checking
/// again at each level.
struct Checked<'a>(&'a Filter);

impl Serialize for Checked<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Operands of an `and`/`or`.
        struct Operands<'a>(&'a [Filter]);

        impl Serialize for Operands<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(Checked))
            }
        }

        match &self.0.kind {
            FilterKind::And(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 0, "and", &Operands(operands))
            }
            FilterKind::Or(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 1, "or", &Operands(operands))
            }
            FilterKind::Not(operand) => {
                serializer.serialize_newtype_variant("FilterKind", 2, "not", &Checked(operand))
            }
            FilterKind::Condition(condition) => condition.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Filter {
    /// Reads one node per JSON object. Each level of nesting is one level of the
    /// deserializer's recursion, which its own limit bounds (`serde_json` refuses more than 128
    /// levels unless told otherwise).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Filter, D::Error> {
        deserializer.deserialize_map(FilterVisitor)
    }
}

impl<'de> Deserialize<'de> for FilterKind {
    /// The JSON shape of [`Filter`], read as a filter (so in normal form) and taken apart.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FilterKind, D::Error> {
        Filter::deserialize(deserializer).map(Filter::into_kind)
    }
}

/// The keys a filter object may have.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Key {
    And,
    Or,
    Not,
    Field,
    Op,
    Value,
    Values,
}

struct FilterVisitor;

impl<'de> serde::de::Visitor<'de> for FilterVisitor {
    type Value = Filter;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            r#"a filter: {"and": [..]}, {"or": [..]}, {"not": ..} or {"field": .., "op": .., "value"/"values": ..}"#,
        )
    }

    // Each level of nesting passes through here once: the work of a level is split into
    // small functions so that the frame on the deserializer's recursion stays small.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Filter, A::Error> {
        use serde::de::Error;
        let filter = match map.next_key::<Key>()? {
            None => return Err(A::Error::custom("an empty object is not a filter")),
            Some(Key::And) => junction(Junction::And, map.next_value()?),
            Some(Key::Or) => junction(Junction::Or, map.next_value()?),
            Some(Key::Not) => Ok(map.next_value::<Filter>()?.not()),
            Some(key) => return condition(key, map),
        };
        only_key(filter?, map)
    }
}

/// `and`/`or` of `operands`, normalised.
fn junction<E: serde::de::Error>(junction: Junction, operands: Vec<Filter>) -> Result<Filter, E> {
    let mut operands = operands.into_iter();
    match operands.next() {
        Some(first) => Ok(Filter::join(junction, first, operands, None)),
        None => Err(E::custom("an `and`/`or` needs at least one operand")),
    }
}

/// `filter`, if the object holds nothing more.
fn only_key<'de, A: serde::de::MapAccess<'de>>(
    filter: Filter,
    mut map: A,
) -> Result<Filter, A::Error> {
    match map.next_key::<Key>()? {
        None => Ok(filter),
        Some(_) => Err(serde::de::Error::custom(
            "an `and`, `or` or `not` object has exactly one key",
        )),
    }
}

/// The rest of a condition object whose first key is `first`.
fn condition<'de, A: serde::de::MapAccess<'de>>(
    first: Key,
    mut map: A,
) -> Result<Filter, A::Error> {
    use serde::de::Error;
    let (mut field, mut op, mut value, mut values) = (None, None, None, None);
    let mut key = Some(first);
    while let Some(k) = key {
        let duplicate = match k {
            Key::Field => field.replace(map.next_value::<FieldPath>()?).is_some(),
            Key::Op => op.replace(map.next_value::<Op>()?).is_some(),
            Key::Value => value.replace(map.next_value::<Value>()?).is_some(),
            Key::Values => values.replace(map.next_value::<Vec<Value>>()?).is_some(),
            Key::And | Key::Or | Key::Not => {
                return Err(A::Error::custom(
                    "a condition object has only `field`, `op`, `value` and `values`",
                ));
            }
        };
        if duplicate {
            return Err(A::Error::custom("a key of a condition is given twice"));
        }
        key = map.next_key::<Key>()?;
    }
    let repr = ConditionRepr {
        field: field.ok_or_else(|| A::Error::missing_field("field"))?,
        op: op.ok_or_else(|| A::Error::missing_field("op"))?,
        value,
        values,
    };
    Condition::try_from(repr)
        .map(Filter::leaf)
        .map_err(A::Error::custom)
}
