//! Compiled matchers: a filter's per-query work done once, so that testing a record allocates
//! nothing.

use std::cmp::Ordering;
use std::fmt;

use crate::filter::{CmpOp, Condition, FieldPath, Filter, FilterKind, ListOp, Value};
use crate::schema::{FieldSpec, FieldType};
use crate::value::{DateTime, FieldRef, Record, fold, number};

use super::CompileError;

/// A compiled filter: tests records of type `R`.
///
/// ```
/// use sailpoint_filters::{Filter, eval::compile_untyped};
/// use serde_json::json;
///
/// let matcher = compile_untyped::<serde_json::Value>(&Filter::parse("name sw 'rm'")?)?;
/// let records = [json!({"name": "RM 1"}), json!({"name": "x"}), json!({"name": "rm 2"})];
/// assert_eq!(matcher.filter(&records).count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
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
pub(super) const MAX_DEPTH: usize = 256;

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

/// Compiles a filter's nodes for records of type `R`, reading each field's spec with `spec`.
pub(super) struct Compiler<'s, R> {
    spec: &'s dyn Fn(&FieldPath) -> Option<&'s FieldSpec>,
    record: std::marker::PhantomData<fn() -> R>,
}

impl<'s, R: Record> Compiler<'s, R> {
    pub(super) fn new(spec: &'s dyn Fn(&FieldPath) -> Option<&'s FieldSpec>) -> Self {
        Compiler {
            spec,
            record: std::marker::PhantomData,
        }
    }

    /// The matcher of `filter`.
    pub(super) fn matcher(&self, filter: &Filter) -> Result<Matcher<R>, CompileError> {
        Ok(Matcher {
            root: self.node(filter, false, 0)?,
        })
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
        // A field may be held at another path of the record (`FieldSpec::read_from`).
        let reads = (self.spec)(path).map_or(path, FieldSpec::reads);
        let field = R::resolve(reads.as_str()).ok_or_else(|| CompileError::UnreadableField {
            field: path.to_string(),
        })?;
        let (field_type, case_sensitive) = (self.spec)(path)
            .map_or((FieldType::Any, false), |spec| {
                (spec.field_type(), spec.is_case_sensitive())
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
                fold::starts_with_folded(s, &needle.text)
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
    time: Option<DateTime>,
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
                fold::fold(s).into()
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
                needle.time = DateTime::read(s).ok();
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
                    && let Ok(t) = DateTime::read(s)
                {
                    return ordering_holds(op, t.cmp(&time));
                }
                self.text
                    .as_deref()
                    .is_some_and(|text| text_holds(op, s, text, self.case_sensitive))
            }
            FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => self
                .number
                .and_then(|n| number::compare(value, n.field_ref()))
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
        CmpOp::Eq => fold::eq_folded(s, text),
        CmpOp::Co => fold::contains_folded(s, text),
        CmpOp::Sw => fold::starts_with_folded(s, text),
        _ => ordering_holds(op, fold::cmp_folded(s, text)),
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
