//! The test of one condition on a field's value, with its per-query work done: values folded,
//! date-times read, and the readings the field's type rules out dropped.

use std::cmp::Ordering;

use crate::check::Comparison;
use crate::filter::Value;
use crate::schema::FieldType;
use crate::value::fold::FoldedText;
use crate::value::{DateTime, FieldRef, Record, number};

/// The test of one condition, on the field's value.
///
/// `Compare`, `In` and `ContainsAll` take a value in every reading the field's type allows.
/// The other variants are their common cases, decided at compile time: a value with one
/// reading only (a boolean, text, a number, an instant), so that matching skips the readings
/// the field's type rules out. Each holds exactly when its general variant with the same
/// values would.
#[derive(Clone, Debug)]
pub(super) enum Test {
    IsNull,
    /// `eq` with a value whose only reading is this boolean.
    Bool(bool),
    /// A comparison with a value whose only reading is text.
    Text(Comparison, TextNeedle),
    /// A comparison with a value whose only reading is a number.
    Number(Comparison, Number),
    /// A comparison with a value whose only reading is an instant.
    Time(Comparison, DateTime),
    Compare(Comparison, Needle),
    /// `in` with values whose only reading is text.
    TextIn(Box<[TextNeedle]>),
    In(Box<[Needle]>),
    /// `ca` with values whose only reading is text.
    TextContainsAll(Box<[TextNeedle]>),
    ContainsAll(Box<[Needle]>),
}

impl Test {
    /// The test for `field op value`, specialised when the needle has a single reading.
    pub(super) fn compare(op: Comparison, needle: Needle) -> Test {
        match needle {
            Needle {
                text: None,
                boolean: Some(b),
                number: None,
                time: None,
            } if op == Comparison::Eq => Test::Bool(b),
            Needle {
                text: Some(text),
                boolean: None,
                number: None,
                time: None,
            } => Test::Text(op, text),
            Needle {
                text: None,
                boolean: None,
                number: Some(number),
                time: None,
            } => Test::Number(op, number),
            Needle {
                text: None,
                boolean: None,
                number: None,
                time: Some(time),
            } => Test::Time(op, time),
            needle => Test::Compare(op, needle),
        }
    }

    /// The test for `field in (values)`.
    pub(super) fn is_in(needles: Vec<Needle>) -> Test {
        match texts_only(&needles) {
            Some(texts) => Test::TextIn(texts),
            None => Test::In(needles.into()),
        }
    }

    /// The test for `field ca (values)`.
    pub(super) fn contains_all(needles: Vec<Needle>) -> Test {
        match texts_only(&needles) {
            Some(texts) => Test::TextContainsAll(texts),
            None => Test::ContainsAll(needles.into()),
        }
    }

    /// Whether the test holds for the value. The common cases are decided here, inline in
    /// the caller's loop; the rest in [`Test::eval_general`].
    #[inline(always)]
    pub(super) fn eval(&self, value: FieldRef<'_>) -> bool {
        match (self, value) {
            (Test::IsNull, value) => value.is_null(),
            (Test::Bool(want), FieldRef::Bool(b)) => b == *want,
            (Test::Text(op, TextNeedle::Folded(text)), FieldRef::Str(s)) => match op {
                Comparison::Sw => text.is_prefix_of(s),
                Comparison::Eq => text.eq(s),
                Comparison::Co => text.is_in(s),
                op => ordering_holds(*op, text.cmp_with(s)),
            },
            (Test::Text(op, needle), FieldRef::Str(s)) => needle.holds(*op, s),
            (Test::Number(op, Number::Int(n)), FieldRef::Int(i)) => ordering_holds(*op, i.cmp(n)),
            (Test::Time(op, time), FieldRef::DateTime(t)) => ordering_holds(*op, t.cmp(time)),
            (Test::TextIn(needles), FieldRef::Str(s)) => {
                needles.iter().any(|n| n.holds(Comparison::Eq, s))
            }
            _ => self.eval_general(value),
        }
    }

    /// The bits of the records of `block` for which the test holds. The common cases each run
    /// their own loop over the block, the field read by [`Record::read_each`]; a value of an
    /// unexpected kind (a collection, say) goes to [`Test::eval_general`] as in [`Test::eval`].
    #[inline]
    pub(super) fn eval_block<R: Record>(&self, field: &R::Field, block: &[R]) -> u64 {
        let mut hits = 0u64;
        let mut set = |i: usize, hit: bool| hits |= u64::from(hit) << i;
        match self {
            Test::IsNull => R::read_each(block, field, |i, v| set(i, v.is_null())),
            Test::Bool(want) => R::read_each(block, field, |i, v| {
                set(
                    i,
                    match v {
                        FieldRef::Bool(b) => b == *want,
                        v => self.eval_general(v),
                    },
                )
            }),
            Test::Number(op, Number::Int(n)) => {
                return self.ordered(*op, block, field, n, |v| match v {
                    FieldRef::Int(x) => Some(x),
                    _ => None,
                });
            }
            Test::Time(op, time) => {
                return self.ordered(*op, block, field, time, |v| match v {
                    FieldRef::DateTime(t) => Some(t),
                    _ => None,
                });
            }
            Test::Text(op, needle) => R::read_each(block, field, |i, v| {
                set(
                    i,
                    match v {
                        FieldRef::Str(s) => needle.holds(*op, s),
                        v => self.eval_general(v),
                    },
                )
            }),
            _ => R::read_each(block, field, |i, v| set(i, self.eval(v))),
        }
        hits
    }

    /// [`Test::eval_block`] of `Number` and `Time`: a loop per operator, each comparing with
    /// the operator itself (`x > bound`), which the compiler can turn into vector code; a value
    /// `key` does not take goes to [`Test::eval_general`].
    #[inline(always)]
    fn ordered<'r, R: Record, T: PartialOrd>(
        &self,
        op: Comparison,
        block: &'r [R],
        field: &R::Field,
        bound: &T,
        key: impl Fn(FieldRef<'r>) -> Option<T> + Copy,
    ) -> u64 {
        #[inline(always)]
        fn each<'r, R: Record, T>(
            test: &Test,
            block: &'r [R],
            field: &R::Field,
            bound: &T,
            key: impl Fn(FieldRef<'r>) -> Option<T>,
            holds: impl Fn(&T, &T) -> bool,
        ) -> u64 {
            let mut hits = 0u64;
            R::read_each(block, field, |i, v| {
                let hit = match key(v) {
                    Some(x) => holds(&x, bound),
                    None => test.eval_general(v),
                };
                hits |= u64::from(hit) << i;
            });
            hits
        }
        match op {
            Comparison::Eq => each(self, block, field, bound, key, T::eq),
            Comparison::Gt => each(self, block, field, bound, key, T::gt),
            Comparison::Ge => each(self, block, field, bound, key, T::ge),
            Comparison::Lt => each(self, block, field, bound, key, T::lt),
            Comparison::Le => each(self, block, field, bound, key, T::le),
            // Never true of an ordered value.
            Comparison::Co | Comparison::Sw => {
                each(self, block, field, bound, |_| None::<T>, T::eq)
            }
        }
    }

    #[inline(never)]
    fn eval_general(&self, value: FieldRef<'_>) -> bool {
        match self {
            Test::IsNull => value.is_null(),
            Test::Bool(want) => {
                any_element(value, |v| matches!(v, FieldRef::Bool(b) if b == *want))
            }
            Test::Text(op, needle) => any_element(
                value,
                |v| matches!(v, FieldRef::Str(s) if needle.holds(*op, s)),
            ),
            Test::Number(op, n) => any_element(value, |v| {
                number::compare(v, n.field_ref()).is_some_and(|o| ordering_holds(*op, o))
            }),
            Test::Time(op, time) => any_element(value, |v| match v {
                FieldRef::DateTime(t) => ordering_holds(*op, t.cmp(time)),
                FieldRef::Str(s) => {
                    DateTime::read(s).is_ok_and(|t| ordering_holds(*op, t.cmp(time)))
                }
                _ => false,
            }),
            Test::Compare(op, needle) => any_element(value, |v| needle.holds(*op, v)),
            Test::TextIn(needles) => any_element(
                value,
                |v| matches!(v, FieldRef::Str(s) if needles.iter().any(|n| n.holds(Comparison::Eq, s))),
            ),
            Test::In(needles) => any_element(value, |v| {
                needles.iter().any(|n| n.holds(Comparison::Eq, v))
            }),
            Test::TextContainsAll(needles) => {
                !value.is_null()
                    && needles.iter().all(|n| {
                        any_element(
                            value,
                            |v| matches!(v, FieldRef::Str(s) if n.holds(Comparison::Eq, s)),
                        )
                    })
            }
            Test::ContainsAll(needles) => {
                !value.is_null()
                    && needles
                        .iter()
                        .all(|n| any_element(value, |v| n.holds(Comparison::Eq, v)))
            }
        }
    }
}

/// The values as text needles, if text is each one's only reading.
fn texts_only(needles: &[Needle]) -> Option<Box<[TextNeedle]>> {
    needles
        .iter()
        .map(|n| match n {
            Needle {
                text: Some(text),
                boolean: None,
                number: None,
                time: None,
            } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Whether `test` holds for the value, or for some element of a collection. Elements that are
/// themselves collections never match (collections of collections are not filterable).
#[inline]
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

/// A value's text reading: folded, unless the field is case-sensitive.
#[derive(Clone, Debug)]
pub(super) enum TextNeedle {
    /// Compared as it is (a case-sensitive field).
    Exact(Box<str>),
    /// Compared after case folding.
    Folded(FoldedText),
}

impl TextNeedle {
    fn new(text: &str, case_sensitive: bool) -> TextNeedle {
        if case_sensitive {
            TextNeedle::Exact(text.into())
        } else {
            TextNeedle::Folded(FoldedText::new(text))
        }
    }

    /// Whether text `s` `op` this needle holds.
    #[inline]
    fn holds(&self, op: Comparison, s: &str) -> bool {
        match self {
            TextNeedle::Exact(text) => match op {
                Comparison::Eq => s == &**text,
                Comparison::Co => s.contains(&**text),
                Comparison::Sw => s.starts_with(&**text),
                _ => ordering_holds(op, s.cmp(text)),
            },
            TextNeedle::Folded(text) => match op {
                Comparison::Eq => text.eq(s),
                Comparison::Co => text.is_in(s),
                Comparison::Sw => text.is_prefix_of(s),
                _ => ordering_holds(op, text.cmp_with(s)),
            },
        }
    }
}

/// A value compared with, prepared once per query in every reading the field's type allows:
/// text (folded unless the field is case-sensitive), boolean, number, instant.
#[derive(Clone, Debug)]
pub(super) struct Needle {
    text: Option<TextNeedle>,
    boolean: Option<bool>,
    number: Option<Number>,
    time: Option<DateTime>,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Number {
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
    pub(super) fn new(value: &Value, field_type: FieldType, case_sensitive: bool) -> Needle {
        let mut needle = Needle {
            text: None,
            boolean: None,
            number: None,
            time: None,
        };
        let text = |s: &str| Some(TextNeedle::new(s, case_sensitive));
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
    fn holds(&self, op: Comparison, value: FieldRef<'_>) -> bool {
        match value {
            FieldRef::Str(s) => {
                if let Some(time) = self.time
                    && let Ok(t) = DateTime::read(s)
                {
                    return ordering_holds(op, t.cmp(&time));
                }
                self.text.as_ref().is_some_and(|text| text.holds(op, s))
            }
            FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => self
                .number
                .and_then(|n| number::compare(value, n.field_ref()))
                .is_some_and(|o| ordering_holds(op, o)),
            FieldRef::Bool(b) => op == Comparison::Eq && self.boolean == Some(b),
            FieldRef::DateTime(t) => self
                .time
                .is_some_and(|time| ordering_holds(op, t.cmp(&time))),
            FieldRef::Null | FieldRef::Strs(_) | FieldRef::Json(_) | FieldRef::Opaque => false,
        }
    }
}

/// Whether an ordering satisfies an ordering operator (`co` and `sw` never do: they are
/// handled elsewhere).
#[inline]
fn ordering_holds(op: Comparison, ordering: Ordering) -> bool {
    match op {
        Comparison::Eq => ordering.is_eq(),
        Comparison::Gt => ordering.is_gt(),
        Comparison::Ge => ordering.is_ge(),
        Comparison::Lt => ordering.is_lt(),
        Comparison::Le => ordering.is_le(),
        Comparison::Co | Comparison::Sw => false,
    }
}
