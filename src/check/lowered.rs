//! The lowered form of a checked filter: what every engine reads ([`Node`]). Checking resolves
//! each field a filter names to its [`FieldSpec`] and lowers the tree, the way regex-syntax
//! lowers its syntax tree into `Hir` before any matcher sees it.

use crate::diag::Span;
use crate::filter::{CmpOp, Condition, Filter, FilterKind, ListOp, Value};
use crate::schema::FieldSpec;

use super::CheckedFilter;

/// How deep `and`/`or` may nest in a checked filter (`not` does not count: it folds away).
/// Filters parsed with the default limits nest at most 64 parentheses deep, far below.
pub const MAX_DEPTH: usize = 256;

/// A field of a checked filter: the index of its spec in [`CheckedFilter::fields`].
///
/// ```
/// use sailpoint_filters::check::Node;
/// use sailpoint_filters::{FieldType, Op, Schema};
/// let schema = Schema::new("x").with_field("n", FieldType::Integer, [Op::Gt]);
/// let checked = schema.parse_filter("n gt 3", &Default::default())?;
/// let Node::Test { field, .. } = checked.root() else { panic!() };
/// assert_eq!(field.index(), 0);
/// assert_eq!(checked.field_at(*field).path().as_str(), "n");
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(u32);

impl Slot {
    /// The index of the field's spec in [`CheckedFilter::fields`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A node of a lowered filter: what an engine reads of a [`CheckedFilter`].
///
/// Made only by checking, so an engine given one knows it is valid for its endpoint:
///
/// * each condition's field is a [`Slot`], an index into [`CheckedFilter::fields`] — an
///   engine binds the slots to its storage once per query and never looks a field up by name;
/// * `ne` is `eq` negated and `pr` is `isnull` negated, so an engine handles one operator of
///   each pair ([`Comparison`] has no `ne`);
/// * chains of `not` are folded into a `negated` flag on the node below them;
/// * `and`/`or` nest at most [`MAX_DEPTH`] deep, so an engine may recurse over the tree;
/// * values are coerced to the field types (`saved eq "true"` holds the boolean `true`).
///
/// ```
/// use sailpoint_filters::check::{Comparison, Node, Test};
/// use sailpoint_filters::{FieldType, Op, Schema, Value};
///
/// let schema = Schema::new("x")
///     .with_field("saved", FieldType::Boolean, [Op::Eq])
///     .with_field("name", FieldType::String, [Op::Ne, Op::Pr]);
/// let checked = schema.parse_filter(r#"saved eq "true" and not not name ne "a" and pr name"#, &Default::default())?;
/// let Node::All { operands, negated: false, .. } = checked.root() else { panic!() };
/// assert_eq!(operands.len(), 3);
/// // `saved eq "true"`: the value coerced to the field's type.
/// let Node::Test { field, test, negated: false, .. } = &operands[0] else { panic!() };
/// assert_eq!(checked.field_at(*field).path().as_str(), "saved");
/// assert!(matches!(test, Test::Compare { op: Comparison::Eq, value: Value::Boolean(true), .. }));
/// // `not not name ne "a"`: `ne` is `eq` negated, and the `not`s fold away.
/// let Node::Test { test, negated: true, .. } = &operands[1] else { panic!() };
/// assert!(matches!(test, Test::Compare { op: Comparison::Eq, value: Value::String(s), .. } if s == "a"));
/// // `pr name`: `isnull` negated, on the same slot as `name ne "a"`.
/// assert!(matches!(&operands[2], Node::Test { test: Test::IsNull, negated: true, .. }));
/// assert_eq!(checked.fields().len(), 2);
/// # Ok::<(), sailpoint_filters::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Node {
    /// Every operand holds (`and`) — or, when `negated`, not every one does.
    #[non_exhaustive]
    All {
        /// The operands, at least two.
        operands: Box<[Node]>,
        /// Whether the result is flipped (an odd number of `not`s above).
        negated: bool,
    },
    /// Some operand holds (`or`) — or, when `negated`, none does.
    #[non_exhaustive]
    Any {
        /// The operands, at least two.
        operands: Box<[Node]>,
        /// Whether the result is flipped.
        negated: bool,
    },
    /// One condition on one field.
    #[non_exhaustive]
    Test {
        /// The field.
        field: Slot,
        /// The test of its value.
        test: Test,
        /// Whether the result is flipped (`ne`, `pr`, or an odd number of `not`s above).
        negated: bool,
    },
}

/// The test of one field's value, with `ne` and `pr` lowered to their positive operators.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Test {
    /// The field is null or missing (`isnull`; `pr` is its negation).
    IsNull,
    /// `field op value` (`ne` is `eq` negated).
    #[non_exhaustive]
    Compare {
        /// The operator.
        op: Comparison,
        /// The value, of the field's type.
        value: Value,
    },
    /// `field in (values)`: the field equals one of them.
    #[non_exhaustive]
    In {
        /// The values, at least one.
        values: Box<[Value]>,
    },
    /// `field ca (values)`: the collection holds every one of them.
    #[non_exhaustive]
    ContainsAll {
        /// The values, at least one.
        values: Box<[Value]>,
    },
}

/// A comparison operator of the lowered form: the language's, but `ne`, which is `eq` negated.
///
/// ```
/// use sailpoint_filters::CmpOp;
/// use sailpoint_filters::check::Comparison;
/// assert_eq!(Comparison::from_op(CmpOp::Ne), (Comparison::Eq, true));
/// assert_eq!(Comparison::from_op(CmpOp::Sw), (Comparison::Sw, false));
/// assert_eq!(Comparison::Ge.to_string(), "ge");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Comparison {
    /// `eq`
    Eq,
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

impl Comparison {
    /// The lowered operator of `op`, and whether the result is negated (`ne`).
    pub fn from_op(op: CmpOp) -> (Comparison, bool) {
        match op {
            CmpOp::Eq => (Comparison::Eq, false),
            CmpOp::Ne => (Comparison::Eq, true),
            CmpOp::Gt => (Comparison::Gt, false),
            CmpOp::Ge => (Comparison::Ge, false),
            CmpOp::Lt => (Comparison::Lt, false),
            CmpOp::Le => (Comparison::Le, false),
            CmpOp::Co => (Comparison::Co, false),
            CmpOp::Sw => (Comparison::Sw, false),
        }
    }

    /// The language's operator.
    pub fn op(self) -> CmpOp {
        match self {
            Comparison::Eq => CmpOp::Eq,
            Comparison::Gt => CmpOp::Gt,
            Comparison::Ge => CmpOp::Ge,
            Comparison::Lt => CmpOp::Lt,
            Comparison::Le => CmpOp::Le,
            Comparison::Co => CmpOp::Co,
            Comparison::Sw => CmpOp::Sw,
        }
    }
}

impl std::fmt::Display for Comparison {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.op().fmt(f)
    }
}

/// Why a checked tree could not be lowered.
#[derive(Debug)]
pub(super) enum LowerError {
    /// `and`/`or` nest deeper than [`MAX_DEPTH`]; where the node that goes past it is.
    TooDeep(Option<Span>),
}

/// Lowers a tree whose every condition names one of `fields` (by path).
pub(super) fn lower(filter: &Filter, fields: &[FieldSpec]) -> Result<Node, LowerError> {
    Lowering { fields }.root(filter)
}

struct Lowering<'a> {
    fields: &'a [FieldSpec],
}

/// A step of the lowering's walk.
enum Step<'f> {
    /// Lower this node (under `negated`), `depth` `and`/`or` levels down.
    Enter(&'f Filter, bool, usize),
    /// Join the last `count` lowered nodes into an `and` (`all`) or an `or`.
    Join {
        all: bool,
        negated: bool,
        count: usize,
    },
}

impl Lowering<'_> {
    /// The lowered tree of `filter`. The walk keeps its own stack, so that checking uses the
    /// same small amount of the thread's stack however deep the tree; `not` chains fold as
    /// they are met, and `and`/`or` deeper than [`MAX_DEPTH`] are refused.
    fn root(&self, filter: &Filter) -> Result<Node, LowerError> {
        let mut steps = vec![Step::Enter(filter, false, 0)];
        let mut lowered: Vec<Node> = Vec::new();
        while let Some(step) = steps.pop() {
            match step {
                Step::Enter(mut node, mut negated, depth) => {
                    let junction = loop {
                        match node.kind() {
                            FilterKind::Not(inner) => (node, negated) = (inner, !negated),
                            FilterKind::Condition(condition) => {
                                lowered.push(self.test(condition, negated));
                                break None;
                            }
                            FilterKind::And(operands) => break Some((true, operands)),
                            FilterKind::Or(operands) => break Some((false, operands)),
                        }
                    };
                    let Some((all, operands)) = junction else {
                        continue;
                    };
                    if depth >= MAX_DEPTH {
                        return Err(LowerError::TooDeep(node.span()));
                    }
                    steps.push(Step::Join {
                        all,
                        negated,
                        count: operands.len(),
                    });
                    // Last pushed is first lowered: the operands come out in order.
                    for operand in operands.iter().rev() {
                        steps.push(Step::Enter(operand, false, depth + 1));
                    }
                }
                Step::Join {
                    all,
                    negated,
                    count,
                } => {
                    let operands: Box<[Node]> = lowered
                        .split_off(lowered.len().saturating_sub(count))
                        .into();
                    lowered.push(if all {
                        Node::All { operands, negated }
                    } else {
                        Node::Any { operands, negated }
                    });
                }
            }
        }
        debug_assert_eq!(lowered.len(), 1, "a tree lowers to one node");
        Ok(lowered.pop().unwrap_or(Node::All {
            operands: Box::new([]),
            negated: false,
        }))
    }

    fn test(&self, condition: &Condition, negated: bool) -> Node {
        let field = self.slot(condition);
        let (test, flip) = match condition {
            Condition::Compare { op, value, .. } => {
                let (op, flip) = Comparison::from_op(*op);
                let value = value.clone();
                (Test::Compare { op, value }, flip)
            }
            Condition::List {
                op: ListOp::In,
                values,
                ..
            } => (
                Test::In {
                    values: values.to_vec().into(),
                },
                false,
            ),
            Condition::List {
                op: ListOp::Ca,
                values,
                ..
            } => (
                Test::ContainsAll {
                    values: values.to_vec().into(),
                },
                false,
            ),
            Condition::IsNull { .. } => (Test::IsNull, false),
            Condition::Present { .. } => (Test::IsNull, true),
        };
        Node::Test {
            field,
            test,
            negated: negated != flip,
        }
    }

    /// The slot of the condition's field. Checking resolved every field before lowering, so
    /// the field is among `fields`.
    fn slot(&self, condition: &Condition) -> Slot {
        let at = self
            .fields
            .iter()
            .position(|f| f.path() == condition.field());
        debug_assert!(at.is_some(), "lowering a condition on an unresolved field");
        Slot(at.unwrap_or(0) as u32)
    }
}

impl CheckedFilter {
    /// The lowered filter: what an engine evaluates or translates (see [`Node`]).
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The spec of the field at `slot`.
    ///
    /// # Panics
    ///
    /// If `slot` is not of this filter (a slot of another checked filter may be out of range).
    pub fn field_at(&self, slot: Slot) -> &FieldSpec {
        &self.fields[slot.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FieldType, Schema};
    use crate::{Op, Syntax};

    fn schema() -> Schema {
        Schema::new("x")
            .with_field("a", FieldType::Integer, [Op::Eq, Op::Ne, Op::In])
            .with_field("b", FieldType::String, [Op::Co, Op::Pr, Op::IsNull])
    }

    #[test]
    fn nots_fold_into_the_node_below() {
        for (nots, negated) in [(0, false), (1, true), (3, true), (4, false)] {
            let text = format!("{}(a eq 1 or b co \"x\")", "not ".repeat(nots));
            let checked = schema().parse_filter(&text, &Default::default()).unwrap();
            let Node::Any {
                operands,
                negated: got,
            } = checked.root()
            else {
                panic!("{text}: {:?}", checked.root())
            };
            assert_eq!(*got, negated, "{text}");
            // The operands are tests, not wrapped in `not`s of their own.
            assert!(
                operands
                    .iter()
                    .all(|o| matches!(o, Node::Test { negated: false, .. }))
            );
        }
    }

    #[test]
    fn every_operator_lowers_to_its_positive_form() {
        let cases = [
            ("a eq 1", false),
            ("a ne 1", true),
            ("not a ne 1", false),
            ("pr b", true),
            ("b isnull", false),
            ("not pr b", false),
        ];
        for (text, negated) in cases {
            let checked = schema().parse_filter(text, &Default::default()).unwrap();
            let Node::Test { negated: got, .. } = checked.root() else {
                panic!("{text}")
            };
            assert_eq!(*got, negated, "{text}");
        }
    }

    #[test]
    fn depth_is_bounded_once_at_checking() {
        let mut filter = Filter::parse("a eq 1").unwrap();
        for i in 0..MAX_DEPTH + 1 {
            let other = Filter::parse("b co \"x\"").unwrap();
            filter = if i % 2 == 0 {
                filter.and(other)
            } else {
                filter.or(other)
            };
        }
        let err = filter.check(&schema(), Syntax::Lenient).unwrap_err();
        assert_eq!(
            err.messages(),
            ["filters: `and`/`or` nest more than 256 deep"]
        );
    }
}
