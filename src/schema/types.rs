//! The parts of a schema: field types, operator sets, composite operators.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::filter::Op;

/// The type of a filterable field, which decides the values and operators it takes.
///
/// ```
/// use sailpoint_filters::FieldType;
/// assert_eq!(FieldType::DateTime.to_string(), "date-time");
/// assert!(FieldType::StringCollection.is_textual());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldType {
    /// Text. Takes strings (and, in the lenient syntax, integers written bare).
    String,
    /// `true`/`false`, also written `"true"`/`"false"`.
    Boolean,
    /// A whole number.
    Integer,
    /// Any number, whole or not.
    Number,
    /// An RFC 3339 instant, also written as a quoted string.
    DateTime,
    /// A list of strings: scalar operators hold if any element matches; `ca` needs all listed.
    StringCollection,
    /// Unknown type (a schema read from documentation that does not state it): any scalar value.
    Any,
}

impl FieldType {
    /// The name used in messages.
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert_eq!(FieldType::StringCollection.name(), "string collection");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Boolean => "boolean",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::DateTime => "date-time",
            FieldType::StringCollection => "string collection",
            FieldType::Any => "any",
        }
    }

    /// The name with its indefinite article, for messages: "a boolean", "an integer".
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert_eq!(FieldType::Integer.with_article(), "an integer");
    /// assert_eq!(FieldType::DateTime.with_article(), "a date-time");
    /// ```
    pub const fn with_article(self) -> &'static str {
        match self {
            FieldType::String => "a string",
            FieldType::Boolean => "a boolean",
            FieldType::Integer => "an integer",
            FieldType::Number => "a number",
            FieldType::DateTime => "a date-time",
            FieldType::StringCollection => "a string collection",
            FieldType::Any => "an untyped",
        }
    }

    /// Whether `co` and `sw` make sense: strings, string collections, and untyped fields.
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(!FieldType::Boolean.is_textual());
    /// ```
    pub const fn is_textual(self) -> bool {
        matches!(
            self,
            FieldType::String | FieldType::StringCollection | FieldType::Any
        )
    }

    /// Whether the field holds several values (so `ca` applies).
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(FieldType::StringCollection.is_collection());
    /// ```
    pub const fn is_collection(self) -> bool {
        matches!(self, FieldType::StringCollection | FieldType::Any)
    }

    /// Whether an operator applies to fields of this type: `co` and `sw` need text, `gt`,
    /// `ge`, `lt` and `le` ordered values (not booleans), `ca` a collection. This is the one
    /// statement of the rule: schemas refuse an operator that does not apply, so typed
    /// builders, validation and generators never meet one.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op};
    /// assert!(FieldType::String.supports(Op::Sw));
    /// assert!(!FieldType::Boolean.supports(Op::Gt));
    /// assert!(!FieldType::String.supports(Op::Ca));
    /// assert!(FieldType::Any.supports(Op::Ca));
    /// ```
    pub const fn supports(self, op: Op) -> bool {
        match op {
            Op::Co | Op::Sw => self.is_textual(),
            Op::Gt | Op::Ge | Op::Lt | Op::Le => self.is_ordered(),
            Op::Ca => self.is_collection(),
            Op::Eq | Op::Ne | Op::In | Op::Pr | Op::IsNull => true,
        }
    }

    /// Whether values of this type have an order (`gt`, `ge`, `lt`, `le`).
    ///
    /// ```
    /// use sailpoint_filters::FieldType;
    /// assert!(!FieldType::Boolean.is_ordered());
    /// assert!(FieldType::DateTime.is_ordered());
    /// ```
    pub const fn is_ordered(self) -> bool {
        !matches!(self, FieldType::Boolean)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of operators, printed as SailPoint's documentation lists them: `eq, sw`.
///
/// ```
/// use sailpoint_filters::{Op, OperatorSet};
/// let ops: OperatorSet = [Op::Sw, Op::Eq].into_iter().collect();
/// assert!(ops.contains(Op::Eq) && !ops.contains(Op::Co));
/// assert_eq!(ops.to_string(), "eq, sw");
/// assert_eq!(serde_json::to_string(&ops).unwrap(), r#"["eq","sw"]"#);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Op>", into = "Vec<Op>")]
pub struct OperatorSet(u16);

impl fmt::Debug for OperatorSet {
    /// `{eq, sw}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl OperatorSet {
    /// No operators.
    pub const EMPTY: OperatorSet = OperatorSet(0);

    /// Every operator.
    pub const ALL: OperatorSet = OperatorSet((1 << Op::ALL.len()) - 1);

    const fn bit(op: Op) -> u16 {
        1 << op as u16
    }

    /// The set of the given operators.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// const EQ_SW: OperatorSet = OperatorSet::of(&[Op::Eq, Op::Sw]);
    /// assert_eq!(EQ_SW.len(), 2);
    /// ```
    pub const fn of(ops: &[Op]) -> OperatorSet {
        let mut bits = 0;
        let mut i = 0;
        while i < ops.len() {
            bits |= OperatorSet::bit(ops[i]);
            i += 1;
        }
        OperatorSet(bits)
    }

    /// Whether `op` is in the set.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// assert!(OperatorSet::ALL.contains(Op::IsNull));
    /// ```
    pub const fn contains(self, op: Op) -> bool {
        self.0 & OperatorSet::bit(op) != 0
    }

    /// The set with `op` added.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// assert!(OperatorSet::EMPTY.with(Op::Pr).contains(Op::Pr));
    /// ```
    pub const fn with(self, op: Op) -> OperatorSet {
        OperatorSet(self.0 | OperatorSet::bit(op))
    }

    /// How many operators.
    ///
    /// ```
    /// use sailpoint_filters::OperatorSet;
    /// assert_eq!(OperatorSet::ALL.len(), 12);
    /// ```
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// use sailpoint_filters::OperatorSet;
    /// assert!(OperatorSet::EMPTY.is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The operators, in documentation order.
    ///
    /// ```
    /// use sailpoint_filters::{Op, OperatorSet};
    /// let ops = OperatorSet::of(&[Op::Sw, Op::Eq]);
    /// assert_eq!(ops.iter().collect::<Vec<_>>(), [Op::Eq, Op::Sw]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Op> {
        Op::ALL.into_iter().filter(move |op| self.contains(*op))
    }
}

impl FromIterator<Op> for OperatorSet {
    fn from_iter<I: IntoIterator<Item = Op>>(iter: I) -> OperatorSet {
        iter.into_iter().fold(OperatorSet::EMPTY, OperatorSet::with)
    }
}

impl From<Vec<Op>> for OperatorSet {
    fn from(ops: Vec<Op>) -> OperatorSet {
        ops.into_iter().collect()
    }
}

impl From<OperatorSet> for Vec<Op> {
    fn from(ops: OperatorSet) -> Vec<Op> {
        ops.iter().collect()
    }
}

impl fmt::Display for OperatorSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, self.iter())
    }
}

/// A composite operator: `and`, `or`, `not`.
///
/// ```
/// use sailpoint_filters::Composite;
/// assert_eq!(Composite::Not.to_string(), "not");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Composite {
    /// `and`
    And,
    /// `or`
    Or,
    /// `not`
    Not,
}

impl Composite {
    /// All three, in documentation order.
    pub const ALL: [Composite; 3] = [Composite::And, Composite::Or, Composite::Not];

    /// The keyword.
    ///
    /// ```
    /// use sailpoint_filters::Composite;
    /// assert_eq!(Composite::And.as_str(), "and");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Composite::And => "and",
            Composite::Or => "or",
            Composite::Not => "not",
        }
    }
}

impl fmt::Display for Composite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of composite operators.
///
/// ```
/// use sailpoint_filters::{Composite, CompositeSet};
/// let set = CompositeSet::of(&[Composite::And, Composite::Or]);
/// assert!(!set.contains(Composite::Not));
/// assert_eq!(set.to_string(), "and, or");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Composite>", into = "Vec<Composite>")]
pub struct CompositeSet(u8);

impl fmt::Debug for CompositeSet {
    /// `{And, Or}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl CompositeSet {
    /// `and`, `or` and `not`: what an endpoint allows unless its documentation says otherwise.
    pub const ALL: CompositeSet = CompositeSet(0b111);

    /// The set of the given composite operators.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert_eq!(CompositeSet::of(&Composite::ALL), CompositeSet::ALL);
    /// ```
    pub const fn of(composites: &[Composite]) -> CompositeSet {
        let mut bits = 0;
        let mut i = 0;
        while i < composites.len() {
            bits |= 1 << composites[i] as u8;
            i += 1;
        }
        CompositeSet(bits)
    }

    /// Whether `composite` is in the set.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert!(CompositeSet::ALL.contains(Composite::Not));
    /// ```
    pub const fn contains(self, composite: Composite) -> bool {
        self.0 & (1 << composite as u8) != 0
    }

    /// The members, in documentation order.
    ///
    /// ```
    /// use sailpoint_filters::{Composite, CompositeSet};
    /// assert_eq!(CompositeSet::ALL.iter().count(), 3);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Composite> {
        Composite::ALL
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

impl Default for CompositeSet {
    fn default() -> CompositeSet {
        CompositeSet::ALL
    }
}

impl From<Vec<Composite>> for CompositeSet {
    fn from(composites: Vec<Composite>) -> CompositeSet {
        CompositeSet::of(&composites)
    }
}

impl From<CompositeSet> for Vec<Composite> {
    fn from(set: CompositeSet) -> Vec<Composite> {
        set.iter().collect()
    }
}

impl fmt::Display for CompositeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, self.iter())
    }
}

fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}
