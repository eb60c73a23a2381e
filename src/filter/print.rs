//! The canonical printer (SPEC §1.5).

use std::fmt::{self, Write as _};

use super::walk::Step;
use super::{Condition, Filter, FilterKind};

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

impl fmt::Display for Filter {
    /// The canonical spelling (SPEC §1.5): single spaces, lowercase keywords, the fewest
    /// parentheses that keep the meaning. Printed without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // For each node being printed: whether it is in parentheses. An operand binding less
        // tightly than the node around it is.
        let mut enclosing: Vec<(u8, bool)> = Vec::new();
        for step in self.walk() {
            match step {
                Step::Enter(node) => {
                    let precedence = node.kind.precedence();
                    let grouped = enclosing
                        .last()
                        .is_some_and(|&(parent, _)| precedence < parent);
                    if grouped {
                        f.write_char('(')?;
                    }
                    match &node.kind {
                        FilterKind::Condition(c) => write!(f, "{c}")?,
                        FilterKind::Not(_) => f.write_str("not ")?,
                        FilterKind::And(_) | FilterKind::Or(_) => {}
                    }
                    enclosing.push((precedence, grouped));
                }
                Step::Between(node, _) => f.write_str(match node.kind {
                    FilterKind::And(_) => " and ",
                    _ => " or ",
                })?,
                Step::Exit(_) => {
                    if let Some((_, true)) = enclosing.pop() {
                        f.write_char(')')?;
                    }
                }
            }
        }
        Ok(())
    }
}
