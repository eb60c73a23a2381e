//! The one walk over a filter tree: a heap-allocated stack, so that no tree is too deep for
//! anything done with it — comparing, hashing, copying, printing, checking.

use std::fmt;
use std::hash::{Hash, Hasher};

use super::ast::placeholder_kind;
use super::{Condition, Filter, FilterKind};

/// One step of a [`Walk`], in reading order.
///
/// ```
/// use sailpoint_filters::Filter;
/// use sailpoint_filters::filter::Step;
///
/// let filter = Filter::parse("a eq 1 and not b eq 2")?;
/// let steps: Vec<String> = filter.walk().map(|step| match step {
///     Step::Enter(node) => format!("enter {}", node),
///     Step::Between(_, i) => format!("between {i}"),
///     Step::Exit(_) => "exit".to_owned(),
/// }).collect();
/// assert_eq!(steps, [
///     "enter a eq 1 and not b eq 2",
///     "enter a eq 1", "exit",
///     "between 1",
///     "enter not b eq 2", "enter b eq 2", "exit", "exit",
///     "exit",
/// ]);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// A node, before its operands.
    Enter(&'a Filter),
    /// Between two operands of an `and`/`or`: before operand `index` (from 1).
    Between(&'a Filter, usize),
    /// A node, after its operands.
    Exit(&'a Filter),
}

/// Every node of a filter in reading order, entered before its operands and left after them;
/// see [`Filter::walk`].
#[derive(Clone, Debug)]
pub struct Walk<'a> {
    stack: Vec<Step<'a>>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        let step = self.stack.pop()?;
        if let Step::Enter(node) = step {
            self.stack.push(Step::Exit(node));
            for (i, operand) in node.kind.operands().iter().enumerate().rev() {
                self.stack.push(Step::Enter(operand));
                if i > 0 {
                    self.stack.push(Step::Between(node, i));
                }
            }
        }
        Some(step)
    }
}

impl Filter {
    /// Walks the tree in reading order without recursion: each node is entered, then its
    /// operands are walked (with a step between two operands of an `and`/`or`), then it is
    /// left. Every other traversal of a filter is built on this one.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// use sailpoint_filters::filter::Step;
    /// let filter = Filter::parse("a eq 1 or (b eq 2 and c eq 3)")?;
    /// let entered = filter.walk().filter(|s| matches!(s, Step::Enter(_))).count();
    /// assert_eq!(entered, 5);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            stack: vec![Step::Enter(self)],
        }
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
        let (mut depth, mut deepest) = (0usize, 0usize);
        for step in self.walk() {
            match step {
                Step::Enter(_) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Step::Exit(_) => depth -= 1,
                Step::Between(..) => {}
            }
        }
        deepest
    }

    /// Every condition in the tree, left to right, with its node.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 and (b eq 2 or not c eq 3)")?;
    /// let fields: Vec<_> = f.conditions().map(|(c, _)| c.field().as_str()).collect();
    /// assert_eq!(fields, ["a", "b", "c"]);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn conditions(&self) -> impl Iterator<Item = (&Condition, &Filter)> {
        self.walk().filter_map(|step| match step {
            Step::Enter(node) => match &node.kind {
                FilterKind::Condition(c) => Some((c, node)),
                _ => None,
            },
            _ => None,
        })
    }

    /// The same filter without any source positions, as if built in code.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1")?.without_spans();
    /// assert!(f.span().is_none());
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn without_spans(self) -> Filter {
        self.rebuild(false, |c, _| c.clone())
    }

    /// A copy of the tree, each condition replaced by `condition`'s result (which gets the
    /// condition and its node), the spans kept if `spans`.
    pub(crate) fn rebuild(
        &self,
        spans: bool,
        mut condition: impl FnMut(&Condition, &Filter) -> Condition,
    ) -> Filter {
        let mut done: Vec<Filter> = Vec::new();
        for step in self.walk() {
            let Step::Exit(node) = step else { continue };
            let kind = match &node.kind {
                FilterKind::Condition(c) => FilterKind::Condition(condition(c, node)),
                FilterKind::Not(_) => {
                    FilterKind::Not(Box::new(done.pop().unwrap_or_else(placeholder)))
                }
                FilterKind::And(operands) => {
                    FilterKind::And(done.split_off(done.len().saturating_sub(operands.len())))
                }
                FilterKind::Or(operands) => {
                    FilterKind::Or(done.split_off(done.len().saturating_sub(operands.len())))
                }
            };
            done.push(Filter {
                kind,
                span: if spans { node.span } else { None },
                condition_spans: if spans {
                    node.condition_spans.clone()
                } else {
                    None
                },
            });
        }
        done.pop().unwrap_or_else(placeholder)
    }
}

/// A placeholder filter (never reached: every walked node leaves one copy in `rebuild`).
fn placeholder() -> Filter {
    Filter::node(placeholder_kind(), None)
}

impl Clone for Filter {
    /// Copies the tree, spans included, without recursion.
    fn clone(&self) -> Filter {
        self.rebuild(true, |c, _| c.clone())
    }
}

/// What equality and hashing see of a node: its kind and operand count, or its condition.
/// Two trees are equal exactly when their nodes entered in reading order are.
#[derive(PartialEq, Hash)]
enum Shape<'a> {
    And(usize),
    Or(usize),
    Not,
    Condition(&'a Condition),
}

fn shapes(filter: &Filter) -> impl Iterator<Item = Shape<'_>> {
    filter.walk().filter_map(|step| match step {
        Step::Enter(node) => Some(match &node.kind {
            FilterKind::And(operands) => Shape::And(operands.len()),
            FilterKind::Or(operands) => Shape::Or(operands.len()),
            FilterKind::Not(_) => Shape::Not,
            FilterKind::Condition(c) => Shape::Condition(c),
        }),
        _ => None,
    })
}

impl PartialEq for Filter {
    /// Structural equality; source positions are ignored. Compared without recursion.
    fn eq(&self, other: &Filter) -> bool {
        shapes(self).eq(shapes(other))
    }
}

impl Eq for Filter {}

impl Hash for Filter {
    /// Hashes the structure (not the spans), without recursion.
    fn hash<H: Hasher>(&self, state: &mut H) {
        for shape in shapes(self) {
            shape.hash(state);
        }
    }
}

impl Drop for Filter {
    /// Drops the tree without recursion, so that no tree is too deep to drop. (Dropping takes
    /// the nodes by value, which a walk over references cannot.)
    fn drop(&mut self) {
        let has_grandchildren = self
            .kind
            .operands()
            .iter()
            .any(|c| !matches!(c.kind, FilterKind::Condition(_)));
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

impl fmt::Debug for Filter {
    /// The text `#[derive(Debug)]` would print — `Filter { kind: Not(Filter { .. }), span:
    /// None, condition_spans: None }`, indented with `{:#?}` — written without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = DebugWriter {
            pretty: f.alternate(),
            levels: Vec::new(),
        };
        for step in self.walk() {
            match step {
                Step::Enter(node) => out.enter(f, node)?,
                Step::Between(..) => {
                    let operands = out.levels.last().map_or(0, |&(_, operands)| operands);
                    out.comma(f, operands)?;
                }
                Step::Exit(node) => out.exit(f, node)?,
            }
        }
        Ok(())
    }
}

/// The state of a `Debug` walk: for each `not`, `and` and `or` being written, its indentation
/// level and its operands'.
struct DebugWriter {
    pretty: bool,
    levels: Vec<(usize, usize)>,
}

impl DebugWriter {
    /// Alternate form: a line break, then `levels` levels of indentation.
    fn line(&self, f: &mut fmt::Formatter<'_>, levels: usize) -> fmt::Result {
        if self.pretty {
            f.write_str("\n")?;
            (0..levels).try_for_each(|_| f.write_str("    "))?;
        }
        Ok(())
    }

    /// `", "`; alternate form: `","`, a line break and `levels` levels.
    fn comma(&self, f: &mut fmt::Formatter<'_>, levels: usize) -> fmt::Result {
        if self.pretty {
            f.write_str(",")?;
            self.line(f, levels)
        } else {
            f.write_str(", ")
        }
    }

    /// Alternate form only: `","`.
    fn trailing_comma(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pretty {
            f.write_str(",")
        } else {
            Ok(())
        }
    }

    /// A field printed by its own `Debug`, continuation lines indented `levels` levels.
    fn leaf(
        &self,
        f: &mut fmt::Formatter<'_>,
        leaf: &dyn fmt::Debug,
        levels: usize,
    ) -> fmt::Result {
        if !self.pretty {
            return leaf.fmt(f);
        }
        let text = format!("{leaf:#?}");
        let mut lines = text.split('\n');
        f.write_str(lines.next().unwrap_or_default())?;
        for line in lines {
            self.line(f, levels)?;
            f.write_str(line)?;
        }
        Ok(())
    }

    fn enter(&mut self, f: &mut fmt::Formatter<'_>, node: &Filter) -> fmt::Result {
        // A node's level: the root's is 0; the operand of a `not` two deeper than it, those of
        // an `and`/`or` three deeper (inside the vector).
        let level = self.levels.last().map_or(0, |&(_, operands)| operands);
        let (l1, l2, l3) = (level + 1, level + 2, level + 3);
        f.write_str(if self.pretty { "Filter {" } else { "Filter { " })?;
        self.line(f, l1)?;
        f.write_str("kind: ")?;
        match &node.kind {
            FilterKind::Condition(c) => {
                f.write_str("Condition(")?;
                self.line(f, l2)?;
                self.leaf(f, c, l2)?;
                self.close(f, node, level)?;
            }
            FilterKind::Not(_) => {
                f.write_str("Not(")?;
                self.line(f, l2)?;
                self.levels.push((level, l2));
            }
            FilterKind::And(operands) | FilterKind::Or(operands) => {
                f.write_str(if matches!(node.kind, FilterKind::And(_)) {
                    "And("
                } else {
                    "Or("
                })?;
                self.line(f, l2)?;
                f.write_str("[")?;
                if !operands.is_empty() {
                    self.line(f, l3)?;
                }
                self.levels.push((level, l3));
            }
        }
        Ok(())
    }

    fn exit(&mut self, f: &mut fmt::Formatter<'_>, node: &Filter) -> fmt::Result {
        match &node.kind {
            FilterKind::Condition(_) => Ok(()),
            FilterKind::Not(_) => {
                let level = self.levels.pop().map_or(0, |(level, _)| level);
                self.close(f, node, level)
            }
            FilterKind::And(operands) | FilterKind::Or(operands) => {
                let level = self.levels.pop().map_or(0, |(level, _)| level);
                if !operands.is_empty() {
                    self.trailing_comma(f)?;
                    self.line(f, level + 2)?;
                }
                f.write_str("]")?;
                self.close(f, node, level)
            }
        }
    }

    /// The end of a node at `level`: the kind's `)`, then the spans.
    fn close(&self, f: &mut fmt::Formatter<'_>, node: &Filter, level: usize) -> fmt::Result {
        let l1 = level + 1;
        self.trailing_comma(f)?;
        self.line(f, l1)?;
        f.write_str(")")?;
        self.comma(f, l1)?;
        f.write_str("span: ")?;
        self.leaf(f, &node.span, l1)?;
        self.comma(f, l1)?;
        f.write_str("condition_spans: ")?;
        self.leaf(f, &node.condition_spans, l1)?;
        if self.pretty {
            self.trailing_comma(f)?;
        } else {
            f.write_str(" ")?;
        }
        self.line(f, level)?;
        f.write_str("}")
    }
}
