//! Compiled matchers: a filter's per-query work done once, so that testing a record allocates
//! nothing.

use std::fmt;

use crate::check::{self, CheckedFilter, Slot};
use crate::filter::Value;
use crate::value::Record;

use super::CompileError;
use super::condition::{Needle, Test};

/// A compiled filter: tests records of type `R`.
///
/// ```
/// use sailpoint_filters::{Schema, eval::compile};
/// use serde_json::json;
///
/// let checked = Schema::open("records").parse_filter("name sw 'rm'", &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&checked)?;
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
    /// use sailpoint_filters::{Schema, eval::compile};
    /// let checked = Schema::open("records").parse_filter("a ne 1", &Default::default())?;
    /// let m = compile::<serde_json::Value>(&checked)?;
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
    /// use sailpoint_filters::{Schema, eval::compile};
    /// let checked = Schema::open("records").parse_filter("a eq 1", &Default::default())?;
    /// let m = compile::<serde_json::Value>(&checked)?;
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

/// Whether every operand holds. Two and three operands — most filters — are written out, so
/// that no loop keeps the record's fields live across its iterations (the compiler would read
/// every field a test might read before the loop, for each record); the last operand's result
/// is returned rather than branched on, so that matching a run of records overlaps their memory
/// reads.
#[inline(always)]
fn all_of<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    match operands {
        [a, b] => a.eval_child(record) && b.eval_child(record),
        [a, b, c] => a.eval_child(record) && b.eval_child(record) && c.eval_child(record),
        _ => all_of_many(operands, record),
    }
}

/// [`all_of`] of any number of operands.
#[inline(never)]
fn all_of_many<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    operands.iter().all(|c| c.eval_child(record))
}

/// Whether some operand holds; see [`all_of`].
#[inline(always)]
fn any_of<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    match operands {
        [a, b] => a.eval_child(record) || b.eval_child(record),
        [a, b, c] => a.eval_child(record) || b.eval_child(record) || c.eval_child(record),
        _ => any_of_many(operands, record),
    }
}

/// [`any_of`] of any number of operands.
#[inline(never)]
fn any_of_many<F, R: Record<Field = F>>(operands: &[Node<F>], record: &R) -> bool {
    operands.iter().any(|c| c.eval_child(record))
}

/// Compiles a checked filter's lowered nodes for records of type `R`.
pub(super) struct Compiler<'c, R: Record> {
    filter: &'c CheckedFilter,
    /// Each slot's field, resolved for `R` once.
    fields: Vec<R::Field>,
}

impl<'c, R: Record> Compiler<'c, R> {
    /// Resolves the filter's fields for `R` ([`Record::resolve`]), each once.
    pub(super) fn new(filter: &'c CheckedFilter) -> Result<Self, CompileError> {
        let fields = filter
            .fields()
            .iter()
            .map(|spec| {
                // A field may be held at another path of the record (`FieldSpec::read_from`).
                R::resolve(spec.reads().as_str()).ok_or_else(|| CompileError::UnreadableField {
                    field: spec.path().to_string(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Compiler { filter, fields })
    }

    /// The matcher of the filter.
    pub(super) fn matcher(&self) -> Matcher<R> {
        Matcher {
            root: self.node(self.filter.root()),
        }
    }

    /// A lowered node, compiled. The lowered tree nests at most
    /// [`MAX_DEPTH`](crate::check::MAX_DEPTH) deep, so recursion is bounded.
    fn node(&self, node: &check::Node) -> Node<R::Field> {
        match node {
            check::Node::All {
                operands, negated, ..
            } => Node::All(operands.iter().map(|n| self.node(n)).collect(), *negated),
            check::Node::Any {
                operands, negated, ..
            } => Node::Any(operands.iter().map(|n| self.node(n)).collect(), *negated),
            check::Node::Test {
                field,
                test,
                negated,
                ..
            } => self.test(*field, test, *negated),
        }
    }

    fn test(&self, slot: Slot, test: &check::Test, negate: bool) -> Node<R::Field> {
        let spec = self.filter.field_at(slot);
        let (field_type, case_sensitive) = (spec.field_type(), spec.is_case_sensitive());
        let needle = |value: &Value| Needle::new(value, field_type, case_sensitive);
        let needles = |values: &[Value]| values.iter().map(needle).collect();
        let test = match test {
            check::Test::IsNull => Test::IsNull,
            check::Test::Compare { op, value, .. } => Test::compare(*op, needle(value)),
            check::Test::In { values, .. } => Test::is_in(needles(values)),
            check::Test::ContainsAll { values, .. } => Test::contains_all(needles(values)),
        };
        Node::Test {
            field: self.fields[slot.index()].clone(),
            test,
            negate,
        }
    }
}
