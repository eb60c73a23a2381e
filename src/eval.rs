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
//!   by comparing both sides after Unicode lowercase mapping (`str::to_lowercase`, except that
//!   Greek final sigma `ς` folds to `σ` so that it matches either way), unless the
//!   schema marks the field case-sensitive. `gt`/`lt` order lowercased text by code point.
//! * A comparison on a null or missing field is false, except `ne`, which is exactly `not eq`
//!   and so true. `isnull` holds for null or missing; `pr` is its negation. `not` always flips.
//! * Numbers compare exactly across integers and floats; date-times compare as instants,
//!   whatever their offsets; booleans support equality only.
//! * `in` holds if the field equals one of the values; `ca` if the collection field contains
//!   every value. A scalar comparison on a collection holds if it holds for some element.
//! * `co` finds the text at a character boundary of the field's value.

use std::cmp::Ordering;
use std::fmt;

use crate::ast::{CmpOp, Condition, FieldPath, Filter, FilterKind, ListOp, Value};
use crate::parse::Syntax;
use crate::schema::{FieldSpec, FieldType, Schema};
use crate::validate::{ValidationError, validate};

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
    /// A whole number above `i64::MAX` (JSON can hold one).
    UInt(u64),
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
/// [`Record::read`] then reads cheaply from each record. Endpoint declarations implement this
/// for their record types; it is implemented for [`serde_json::Value`] by dotted paths.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::eval::{FieldRef, Record};
///
/// let record = serde_json::json!({"createdBy": {"displayName": "Ashley.Pierce"}});
/// let field = <serde_json::Value as Record>::resolve(&FieldPath::new("createdBy.displayName")?).unwrap();
/// assert_eq!(record.read(&field), FieldRef::Str("Ashley.Pierce"));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub trait Record {
    /// A resolved field: whatever makes [`Record::read`] fast.
    type Field: Clone + std::fmt::Debug + Send + Sync + 'static;

    /// The handle for a field path, or `None` if records of this type have no such field.
    fn resolve(path: &FieldPath) -> Option<Self::Field>;

    /// Reads a resolved field.
    fn read(&self, field: &Self::Field) -> FieldRef<'_>;
}

impl Record for serde_json::Value {
    type Field = FieldPath;

    /// Every path resolves; a missing one reads as null.
    fn resolve(path: &FieldPath) -> Option<FieldPath> {
        Some(path.clone())
    }

    fn read(&self, field: &FieldPath) -> FieldRef<'_> {
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

/// Validates `filter` against `schema` and compiles it for records of type `R`.
///
/// All per-query work happens here: values are coerced to the field types, strings are case
/// folded, date-times parsed, and fields resolved through [`Record::resolve`]. `not` chains are
/// folded into their operand, so a chain of any length costs nothing at match time.
///
/// ```
/// use sailpoint_filters::{Filter, FieldType, Op, Schema, eval::compile};
/// use serde_json::json;
///
/// let schema = Schema::new("x").with_field("created", FieldType::DateTime, [Op::Gt]);
/// let matcher = compile::<serde_json::Value>(&Filter::parse("created gt 2023-01-01T00:00:00+01:00")?, &schema)?;
/// assert!(matcher.matches(&json!({"created": "2022-12-31T23:30:00Z"})));
/// assert!(!matcher.matches(&json!({"created": "2022-12-31T22:30:00Z"})));
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
pub fn compile<R: Record>(filter: &Filter, schema: &Schema) -> Result<Matcher<R>, CompileError> {
    let checked = validate(filter, schema, Syntax::Lenient)?;
    let spec = |path: &FieldPath| schema.field(path.as_str());
    Ok(Matcher {
        root: Compiler::<R>::new(&spec).node(&checked, false, 0)?,
    })
}

/// Compiles `filter` for records of type `R` without a schema: every field is untyped
/// ([`FieldType::Any`]) and compared case-insensitively, and no operator is refused.
///
/// For records nobody described — JSON from elsewhere, say.
///
/// ```
/// use sailpoint_filters::{Filter, eval::compile_untyped};
/// use serde_json::json;
///
/// let matcher = compile_untyped::<serde_json::Value>(&Filter::parse(r#"tags ca ("a", "B") and not pr deleted"#)?)?;
/// assert!(matcher.matches(&json!({"tags": ["b", "c", "A"]})));
/// assert!(!matcher.matches(&json!({"tags": ["b"], "deleted": false})));
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
pub fn compile_untyped<R: Record>(filter: &Filter) -> Result<Matcher<R>, CompileError> {
    Ok(Matcher {
        root: Compiler::<R>::new(&|_: &FieldPath| None).node(filter, false, 0)?,
    })
}

/// A filter could not be compiled.
///
/// ```
/// use sailpoint_filters::{Filter, Schema, eval::{CompileError, compile}};
/// let err = compile::<serde_json::Value>(&Filter::parse("a eq 1")?, &Schema::new("x")).unwrap_err();
/// assert!(matches!(err, CompileError::Invalid(_)));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompileError {
    /// The filter does not suit the schema.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The schema names a field the record type cannot read.
    #[error("records of this type have no field `{field}`")]
    UnreadableField {
        /// The field.
        field: String,
    },
    /// `and`/`or` nest deeper than a matcher evaluates (not counting `not`, which folds away).
    #[error("the filter nests `and`/`or` more than {max} deep")]
    TooDeep {
        /// The limit.
        max: usize,
    },
}

impl From<CompileError> for crate::Error {
    fn from(err: CompileError) -> crate::Error {
        match err {
            CompileError::Invalid(err) => crate::Error::Validation(err),
            other => crate::Error::Compile(other),
        }
    }
}

/// A compiled filter: tests records of type `R`.
///
/// ```
/// use sailpoint_filters::{Filter, eval::compile_untyped};
/// use serde_json::json;
///
/// let matcher = compile_untyped::<serde_json::Value>(&Filter::parse("name sw 'rm'")?)?;
/// let records = [json!({"name": "RM 1"}), json!({"name": "x"}), json!({"name": "rm 2"})];
/// assert_eq!(matcher.filter(&records).count(), 2);
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
pub struct Matcher<R: Record> {
    root: Node<R::Field>,
}

impl<R: Record> Matcher<R> {
    /// Whether `record` matches.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, eval::compile_untyped};
    /// let m = compile_untyped::<serde_json::Value>(&Filter::parse("a ne 1")?)?;
    /// assert!(m.matches(&serde_json::json!({})));
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    #[inline]
    pub fn matches(&self, record: &R) -> bool {
        self.root.eval(record)
    }

    /// The records that match, in order.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, eval::compile_untyped};
    /// let m = compile_untyped::<serde_json::Value>(&Filter::parse("a eq 1")?)?;
    /// let records = vec![serde_json::json!({"a": 1}), serde_json::json!({"a": 2})];
    /// assert_eq!(m.filter(&records).collect::<Vec<_>>(), [&records[0]]);
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn filter<'r, I>(&'r self, records: I) -> impl Iterator<Item = &'r R> + 'r
    where
        I: IntoIterator<Item = &'r R>,
        I::IntoIter: 'r,
    {
        records.into_iter().filter(move |r| self.matches(r))
    }
}

impl<R: Record> fmt::Debug for Matcher<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher").field("root", &self.root).finish()
    }
}

impl<R: Record> Clone for Matcher<R> {
    fn clone(&self) -> Self {
        Matcher {
            root: self.root.clone(),
        }
    }
}

/// `and`/`or` nesting a matcher accepts. Parsed filters nest at most 64 parentheses deep, which
/// stays far below this.
const MAX_DEPTH: usize = 256;

/// A compiled node. `negate` on a test folds any `not`s above it.
#[derive(Clone, Debug)]
enum Node<F> {
    All(Box<[Node<F>]>, bool),
    Any(Box<[Node<F>]>, bool),
    Test { field: F, test: Test, negate: bool },
}

impl<F> Node<F> {
    /// Whether the record matches. Inlined into [`Matcher::matches`], so that a flat `and`/`or`
    /// of conditions (or one condition) costs no call beyond reading the fields; deeper levels
    /// go through [`Node::eval_nested`].
    #[inline(always)]
    fn eval<R: Record<Field = F>>(&self, record: &R) -> bool {
        match self {
            Node::All(children, negate) => all_of(children, record) != *negate,
            Node::Any(children, negate) => any_of(children, record) != *negate,
            Node::Test {
                field,
                test,
                negate,
            } => test.eval(record.read(field)) != *negate,
        }
    }

    /// [`Node::eval`] for an operand of `and`/`or`: a test is evaluated in place.
    #[inline(always)]
    fn eval_child<R: Record<Field = F>>(&self, record: &R) -> bool {
        match self {
            Node::Test {
                field,
                test,
                negate,
            } => test.eval(record.read(field)) != *negate,
            _ => self.eval_nested(record),
        }
    }

    #[inline(never)]
    fn eval_nested<R: Record<Field = F>>(&self, record: &R) -> bool {
        self.eval(record)
    }
}

/// Whether every operand holds. The last operand's result is returned rather than branched on,
/// so that nothing waits for it: matching a run of records then overlaps their memory reads.
#[inline(always)]
fn all_of<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    match operands.split_last() {
        Some((last, rest)) => rest.iter().all(|c| c.eval_child(record)) && last.eval_child(record),
        None => true,
    }
}

/// Whether some operand holds; see [`all_of`].
#[inline(always)]
fn any_of<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    match operands.split_last() {
        Some((last, rest)) => rest.iter().any(|c| c.eval_child(record)) || last.eval_child(record),
        None => false,
    }
}

struct Compiler<'s, R> {
    spec: &'s dyn Fn(&FieldPath) -> Option<&'s FieldSpec>,
    record: std::marker::PhantomData<fn() -> R>,
}

impl<'s, R: Record> Compiler<'s, R> {
    fn new(spec: &'s dyn Fn(&FieldPath) -> Option<&'s FieldSpec>) -> Self {
        Compiler {
            spec,
            record: std::marker::PhantomData,
        }
    }

    fn node(
        &self,
        filter: &Filter,
        negate: bool,
        depth: usize,
    ) -> Result<Node<R::Field>, CompileError> {
        let (mut filter, mut negate) = (filter, negate);
        loop {
            let children = match filter.kind() {
                FilterKind::Not(inner) => {
                    (filter, negate) = (inner, !negate);
                    continue;
                }
                FilterKind::Condition(condition) => return self.condition(condition, negate),
                FilterKind::And(children) | FilterKind::Or(children) => children,
            };
            if depth >= MAX_DEPTH {
                return Err(CompileError::TooDeep { max: MAX_DEPTH });
            }
            let compiled = children
                .iter()
                .map(|c| self.node(c, false, depth + 1))
                .collect::<Result<_, _>>()?;
            return Ok(match filter.kind() {
                FilterKind::And(_) => Node::All(compiled, negate),
                _ => Node::Any(compiled, negate),
            });
        }
    }

    fn condition(
        &self,
        condition: &Condition,
        negate: bool,
    ) -> Result<Node<R::Field>, CompileError> {
        let path = condition.field();
        let field = R::resolve(path).ok_or_else(|| CompileError::UnreadableField {
            field: path.to_string(),
        })?;
        let (field_type, case_sensitive) = (self.spec)(path)
            .map_or((FieldType::Any, false), |spec| {
                (spec.field_type, spec.case_sensitive)
            });
        let needle = |value: &Value| Needle::new(value, field_type, case_sensitive);
        let needles = |values: &[Value]| values.iter().map(needle).collect();
        let (test, negate) = match condition {
            // `ne` is exactly `not eq`.
            Condition::Compare {
                op: CmpOp::Ne,
                value,
                ..
            } => (Test::compare(CmpOp::Eq, needle(value)), !negate),
            Condition::Compare { op, value, .. } => (Test::compare(*op, needle(value)), negate),
            Condition::List {
                op: ListOp::In,
                values,
                ..
            } => (Test::In(needles(values)), negate),
            Condition::List {
                op: ListOp::Ca,
                values,
                ..
            } => (Test::ContainsAll(needles(values)), negate),
            // `pr` is exactly `not isnull`.
            Condition::Present { .. } => (Test::IsNull, !negate),
            Condition::IsNull { .. } => (Test::IsNull, negate),
        };
        Ok(Node::Test {
            field,
            test,
            negate,
        })
    }
}

/// The test of one condition, on the field's value.
///
/// `Bool` and `Text` are the common cases with their checks decided at compile time: the value
/// has one reading only (a boolean, or text), so matching skips the readings the field's type
/// rules out. They hold exactly when `Compare` with the same needle would.
#[derive(Clone, Debug)]
enum Test {
    IsNull,
    /// `eq` with a value whose only reading is this boolean.
    Bool(bool),
    /// A comparison with a value whose only reading is text.
    Text(CmpOp, TextNeedle),
    Compare(CmpOp, Needle),
    In(Box<[Needle]>),
    ContainsAll(Box<[Needle]>),
}

impl Test {
    /// The test for `field op value`, specialised when the needle has a single reading.
    fn compare(op: CmpOp, needle: Needle) -> Test {
        match needle {
            Needle {
                text: None,
                boolean: Some(b),
                number: None,
                time: None,
                ..
            } if op == CmpOp::Eq => Test::Bool(b),
            Needle {
                text: Some(text),
                case_sensitive,
                boolean: None,
                number: None,
                time: None,
            } => Test::Text(
                op,
                TextNeedle {
                    text,
                    case_sensitive,
                },
            ),
            needle => Test::Compare(op, needle),
        }
    }

    /// Whether the test holds for the value. The common cases are decided here, inline in
    /// the caller's loop; the rest in [`Test::eval_general`].
    #[inline(always)]
    fn eval(&self, value: FieldRef<'_>) -> bool {
        match (self, value) {
            (Test::Bool(want), FieldRef::Bool(b)) => b == *want,
            (Test::Text(CmpOp::Sw, needle), FieldRef::Str(s)) if !needle.case_sensitive => {
                text::starts_with_folded(s, &needle.text)
            }
            _ => self.eval_general(value),
        }
    }

    #[inline(never)]
    fn eval_general(&self, value: FieldRef<'_>) -> bool {
        match self {
            Test::IsNull => value.is_null(),
            Test::Bool(want) => match value {
                FieldRef::Bool(b) => b == *want,
                FieldRef::Strs(_) | FieldRef::Json(_) => {
                    any_element(value, |v| matches!(v, FieldRef::Bool(b) if b == *want))
                }
                _ => false,
            },
            Test::Text(op, needle) => match value {
                FieldRef::Str(s) => needle.holds(*op, s),
                FieldRef::Strs(_) | FieldRef::Json(_) => any_element(
                    value,
                    |v| matches!(v, FieldRef::Str(s) if needle.holds(*op, s)),
                ),
                _ => false,
            },
            Test::Compare(op, needle) => any_element(value, |v| needle.holds(*op, v)),
            Test::In(needles) => {
                any_element(value, |v| needles.iter().any(|n| n.holds(CmpOp::Eq, v)))
            }
            Test::ContainsAll(needles) => {
                !value.is_null()
                    && needles
                        .iter()
                        .all(|n| any_element(value, |v| n.holds(CmpOp::Eq, v)))
            }
        }
    }
}

/// A value whose only reading is text: folded unless the field is case-sensitive.
#[derive(Clone, Debug)]
struct TextNeedle {
    text: Box<str>,
    case_sensitive: bool,
}

impl TextNeedle {
    #[inline]
    fn holds(&self, op: CmpOp, s: &str) -> bool {
        text_holds(op, s, &self.text, self.case_sensitive)
    }
}

/// Whether `test` holds for the value, or for some element of a collection. Elements that are
/// themselves collections never match (collections of collections are not filterable).
fn any_element(value: FieldRef<'_>, test: impl Fn(FieldRef<'_>) -> bool) -> bool {
    match value {
        FieldRef::Null => false,
        FieldRef::Strs(items) => items.iter().any(|s| test(FieldRef::Str(s))),
        FieldRef::Json(items) => items
            .iter()
            .map(FieldRef::from_json)
            .any(|v| !matches!(v, FieldRef::Json(_)) && test(v)),
        scalar => test(scalar),
    }
}

/// A value compared with, prepared once per query in every reading the field's type allows:
/// folded text, boolean, number, instant.
#[derive(Clone, Debug)]
struct Needle {
    text: Option<Box<str>>,
    case_sensitive: bool,
    boolean: Option<bool>,
    number: Option<Number>,
    time: Option<jiff::Timestamp>,
}

#[derive(Clone, Copy, Debug)]
enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    fn field_ref(self) -> FieldRef<'static> {
        match self {
            Number::Int(i) => FieldRef::Int(i),
            Number::Float(f) => FieldRef::Float(f),
        }
    }
}

impl Needle {
    fn new(value: &Value, field_type: FieldType, case_sensitive: bool) -> Needle {
        let mut needle = Needle {
            text: None,
            case_sensitive,
            boolean: None,
            number: None,
            time: None,
        };
        let text = |s: &str| {
            Some(if case_sensitive {
                s.into()
            } else {
                text::fold(s).into()
            })
        };
        match value {
            Value::String(s) => {
                needle.text = text(s);
                needle.boolean = match s.as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                };
                needle.time = as_timestamp(s);
            }
            Value::Integer(i) => {
                (needle.text, needle.number) = (text(&i.to_string()), Some(Number::Int(*i)))
            }
            Value::Float(x) => {
                (needle.text, needle.number) = (text(&x.to_string()), Some(Number::Float(x.get())))
            }
            Value::Boolean(b) => (needle.text, needle.boolean) = (text(&b.to_string()), Some(*b)),
            Value::DateTime(t) => (needle.text, needle.time) = (text(&t.to_string()), Some(*t)),
        }
        // Keep only the readings the field's type allows.
        let keep = |wanted: bool| wanted || field_type == FieldType::Any;
        if !keep(field_type.is_textual()) {
            needle.text = None;
        }
        if !keep(field_type == FieldType::Boolean) {
            needle.boolean = None;
        }
        if !keep(matches!(field_type, FieldType::Integer | FieldType::Number)) {
            needle.number = None;
        }
        if !keep(field_type == FieldType::DateTime) {
            needle.time = None;
        }
        needle
    }

    /// Whether `value` (a scalar) `op` this needle holds.
    fn holds(&self, op: CmpOp, value: FieldRef<'_>) -> bool {
        match value {
            FieldRef::Str(s) => {
                if let Some(time) = self.time
                    && let Some(t) = as_timestamp(s)
                {
                    return ordering_holds(op, t.cmp(&time));
                }
                self.text
                    .as_deref()
                    .is_some_and(|text| text_holds(op, s, text, self.case_sensitive))
            }
            FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => self
                .number
                .and_then(|n| num::compare(value, n.field_ref()))
                .is_some_and(|o| ordering_holds(op, o)),
            FieldRef::Bool(b) => op == CmpOp::Eq && self.boolean == Some(b),
            FieldRef::DateTime(t) => self
                .time
                .is_some_and(|time| ordering_holds(op, t.cmp(&time))),
            FieldRef::Null | FieldRef::Strs(_) | FieldRef::Json(_) | FieldRef::Opaque => false,
        }
    }
}

/// Whether text `s` `op` `text` holds; `text` is folded unless `case_sensitive`.
#[inline]
fn text_holds(op: CmpOp, s: &str, text: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        return match op {
            CmpOp::Eq => s == text,
            CmpOp::Co => s.contains(text),
            CmpOp::Sw => s.starts_with(text),
            _ => ordering_holds(op, s.cmp(text)),
        };
    }
    match op {
        CmpOp::Eq => text::eq_folded(s, text),
        CmpOp::Co => text::contains_folded(s, text),
        CmpOp::Sw => text::starts_with_folded(s, text),
        _ => ordering_holds(op, text::cmp_folded(s, text)),
    }
}

/// Whether an ordering satisfies an ordering operator (`co`, `sw` and `ne` never do: they are
/// handled, or compiled away, elsewhere).
fn ordering_holds(op: CmpOp, ordering: Ordering) -> bool {
    match op {
        CmpOp::Eq => ordering.is_eq(),
        CmpOp::Gt => ordering.is_gt(),
        CmpOp::Ge => ordering.is_ge(),
        CmpOp::Lt => ordering.is_lt(),
        CmpOp::Le => ordering.is_le(),
        CmpOp::Ne | CmpOp::Co | CmpOp::Sw => false,
    }
}

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
/// use sailpoint_filters::eval::{FieldRef, compare_for_sort};
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
        (SortValue::Number(x), SortValue::Number(y)) => num::compare(x, y).unwrap_or_else(|| {
            // Only NaN is unordered: it goes after every number.
            let nan = |v: FieldRef<'_>| matches!(v, FieldRef::Float(f) if f.is_nan());
            nan(x).cmp(&nan(y))
        }),
        (SortValue::Time(x), SortValue::Time(y)) => x.cmp(&y),
        (SortValue::Text(x), SortValue::Text(y)) if case_sensitive => x.cmp(y),
        (SortValue::Text(x), SortValue::Text(y)) => text::cmp_folded_both(x, y),
        _ => Ordering::Equal,
    })
}

/// A field value reduced to what sorting compares.
#[derive(Clone, Copy)]
enum SortValue<'a> {
    Bool(bool),
    Number(FieldRef<'a>),
    Time(jiff::Timestamp),
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
                    return as_timestamp(s).map_or(SortValue::Text(s), SortValue::Time);
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

/// The instant a string stands for, if it is an RFC 3339 date-time.
///
/// Text without the shape `dddd-dd-ddTdd:dd:dd…` (with plausible months, days and times) is
/// refused before the date-time parser sees it: the parser's errors allocate, and matching and
/// sorting must not (ids such as `2c9180…` would otherwise be parsed on every comparison).
pub(crate) fn as_timestamp(s: &str) -> Option<jiff::Timestamp> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let digits = |from: usize, to: usize| (from..to).all(|i| at(i).is_ascii_digit());
    let two = |i: usize| (at(i).wrapping_sub(b'0')) * 10 + at(i + 1).wrapping_sub(b'0');
    let shaped = b.len() >= 20
        && digits(0, 4)
        && at(4) == b'-'
        && digits(5, 7)
        && at(7) == b'-'
        && digits(8, 10)
        && matches!(at(10), b'T' | b't')
        && digits(11, 13)
        && at(13) == b':'
        && digits(14, 16)
        && at(16) == b':'
        && digits(17, 19)
        && (1..=12).contains(&two(5))
        && (1..=31).contains(&two(8))
        && two(11) <= 23
        && two(14) <= 59
        && two(17) <= 60;
    if shaped { s.parse().ok() } else { None }
}

/// Case-folded text comparison without allocation.
pub(crate) mod text {
    use std::cmp::Ordering;

    /// The Unicode lowercase mapping of `s`, as a stream of chars.
    ///
    /// This is `str::to_lowercase` char by char, with one difference: Greek final sigma `ς`
    /// (which `str::to_lowercase` produces for a word-final `Σ`, depending on context) folds to
    /// `σ`, so that `ΟΔΟΣ`, `οδος` and `οδοσ` all compare equal.
    pub(crate) fn folded(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
        s.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'ς' { 'σ' } else { c })
    }

    /// The folded form of a needle, computed once per query.
    pub(crate) fn fold(s: &str) -> String {
        folded(s).collect()
    }

    /// `hay` equals `needle` (already folded) after folding.
    pub(crate) fn eq_folded(hay: &str, needle: &str) -> bool {
        if hay.is_ascii() {
            hay.len() == needle.len()
                && hay
                    .bytes()
                    .zip(needle.bytes())
                    .all(|(h, n)| h.to_ascii_lowercase() == n)
        } else {
            folded(hay).eq(needle.chars())
        }
    }

    /// `hay` starts with `needle` (already folded) after folding.
    ///
    /// An ASCII prefix folds byte for byte. Its bytes are compared without an early exit:
    /// branching on text just read from memory would stall each record's evaluation until its
    /// read completes, where a branch-free comparison lets the reads of many records overlap.
    #[inline]
    pub(crate) fn starts_with_folded(hay: &str, needle: &str) -> bool {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        if let Some(prefix) = h.get(..n.len()) {
            let (mut high, mut diff) = (0u8, 0u8);
            for (&hb, &nb) in prefix.iter().zip(n) {
                high |= hb;
                diff |= hb.to_ascii_lowercase() ^ nb;
            }
            if high.is_ascii() {
                return diff == 0;
            }
        }
        // A non-ASCII character may fold to text of another length (or to ASCII: `K`, the
        // Kelvin sign, folds to `k`).
        starts_with_folded_chars(hay, needle)
    }

    /// [`starts_with_folded`] char by char.
    #[cold]
    fn starts_with_folded_chars(hay: &str, needle: &str) -> bool {
        let mut hay = folded(hay);
        needle.chars().all(|c| hay.next() == Some(c))
    }

    /// `hay` contains `needle` (already folded), starting at a character boundary, after folding.
    pub(crate) fn contains_folded(hay: &str, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        if hay.is_ascii() {
            return hay.as_bytes().windows(needle.len()).any(|w| {
                w.iter()
                    .zip(needle.bytes())
                    .all(|(h, n)| h.to_ascii_lowercase() == n)
            });
        }
        hay.char_indices()
            .any(|(i, _)| starts_with_folded(&hay[i..], needle))
    }

    /// Orders `hay`, folded, against `needle` (already folded).
    pub(crate) fn cmp_folded(hay: &str, needle: &str) -> Ordering {
        if hay.is_ascii() {
            // UTF-8 byte order is code point order.
            hay.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(needle.bytes())
        } else {
            folded(hay).cmp(needle.chars())
        }
    }

    /// Orders two texts by their lowercase mappings.
    pub(crate) fn cmp_folded_both(a: &str, b: &str) -> Ordering {
        if a.is_ascii() && b.is_ascii() {
            a.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
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
}
