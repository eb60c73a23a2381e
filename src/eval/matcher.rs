//! Compiled matchers: a filter's per-query work done once, so that testing a record allocates
//! nothing.

use std::fmt;

use crate::filter::{CmpOp, Condition, FieldPath, Filter, FilterKind, ListOp, Value};
use crate::schema::{FieldSpec, FieldType};
use crate::value::Record;

use super::CompileError;
use super::test::{Needle, Test};

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

    /// The records of `records` that match, in order.
    ///
    /// Records are tested 64 at a time: each condition of the filter over the whole block
    /// before the next, in a loop that reads one field and applies one test, so that the
    /// choice of field and test is made once per block rather than once per record (see
    /// [`Record::read_each`]). A condition after the first of an `and` (or `or`) is tested
    /// only on the records still undecided. `count()` on the result counts without visiting
    /// each match. The records are those [`Matcher::matches`] holds for; over an iterator of
    /// records rather than a slice, filter with `matches`.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, eval::compile_untyped};
    /// let m = compile_untyped::<serde_json::Value>(&Filter::parse("a eq 1")?)?;
    /// let records = vec![serde_json::json!({"a": 1}), serde_json::json!({"a": 2})];
    /// assert_eq!(m.filter(&records).collect::<Vec<_>>(), [&records[0]]);
    /// assert_eq!(m.filter(&records).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filter<'m, 'r>(&'m self, records: &'r [R]) -> impl Iterator<Item = &'r R> + 'm
    where
        'r: 'm,
    {
        Filtered {
            matcher: self,
            records,
            block: &[],
            hits: 0,
        }
    }
}

/// How many records [`Matcher::filter`] tests together: a bit each in a `u64`.
const BLOCK: usize = 64;

/// The low `len` bits (`len` at most [`BLOCK`]).
#[inline]
fn all_bits(len: usize) -> u64 {
    if len >= BLOCK {
        u64::MAX
    } else {
        (1u64 << len) - 1
    }
}

/// The iterator of [`Matcher::filter`]: tests a block of records, yields its matches.
struct Filtered<'m, 'r, R: Record> {
    matcher: &'m Matcher<R>,
    /// The records after the current block.
    records: &'r [R],
    /// The current block, and the bits of its matches not yet yielded.
    block: &'r [R],
    hits: u64,
}

impl<'r, R: Record> Filtered<'_, 'r, R> {
    /// Tests the next block; false when the records are exhausted.
    #[inline]
    fn next_block(&mut self) -> bool {
        if self.records.is_empty() {
            return false;
        }
        let (block, rest) = self.records.split_at(self.records.len().min(BLOCK));
        (self.block, self.records) = (block, rest);
        self.hits = self.matcher.root.eval_block(block, all_bits(block.len()));
        true
    }
}

impl<'r, R: Record> Iterator for Filtered<'_, 'r, R> {
    type Item = &'r R;

    fn next(&mut self) -> Option<&'r R> {
        while self.hits == 0 {
            if !self.next_block() {
                return None;
            }
        }
        let at = self.hits.trailing_zeros() as usize;
        self.hits &= self.hits - 1;
        self.block.get(at)
    }

    fn count(mut self) -> usize {
        let mut count = self.hits.count_ones() as usize;
        while self.next_block() {
            count += self.hits.count_ones() as usize;
        }
        count
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

    /// Of the records of `block` whose bits are in `undecided`, the bits of those that match.
    ///
    /// A test over every record of the block goes through [`Test::eval_block`], a loop per
    /// field and test; over some of them, record by record. An `and` tests each operand only
    /// on the records the operands before it left matching, an `or` only on those they left
    /// unmatched.
    fn eval_block<R: Record<Field = F>>(&self, block: &[R], undecided: u64) -> u64 {
        match self {
            Node::Test {
                field,
                test,
                negate,
            } => {
                let hits = if undecided == all_bits(block.len()) {
                    test.eval_block(field, block)
                } else {
                    let (mut hits, mut rest) = (0, undecided);
                    while rest != 0 {
                        let at = rest.trailing_zeros();
                        rest &= rest - 1;
                        let hit = block
                            .get(at as usize)
                            .is_some_and(|r| test.eval(r.read(field)));
                        hits |= u64::from(hit) << at;
                    }
                    hits
                };
                if *negate {
                    !hits & undecided
                } else {
                    hits & undecided
                }
            }
            Node::All(children, negate) => {
                let mut matching = undecided;
                for child in children.iter() {
                    if matching == 0 {
                        break;
                    }
                    matching = child.eval_block(block, matching);
                }
                if *negate {
                    !matching & undecided
                } else {
                    matching
                }
            }
            Node::Any(children, negate) => {
                let (mut found, mut rest) = (0, undecided);
                for child in children.iter() {
                    if rest == 0 {
                        break;
                    }
                    let hits = child.eval_block(block, rest);
                    (found, rest) = (found | hits, rest & !hits);
                }
                if *negate { !found & undecided } else { found }
            }
        }
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
            } => (Test::is_in(needles(values)), negate),
            Condition::List {
                op: ListOp::Ca,
                values,
                ..
            } => (Test::contains_all(needles(values)), negate),
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
