//! Operators: `eq`, `sw`, `in`, `pr`, ….

use std::fmt;

use serde::{Deserialize, Serialize};

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
