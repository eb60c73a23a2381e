//! The filter syntax tree: conditions, `and`/`or`/`not`, and the constructors that keep it in
//! normal form.

use crate::diag::Span;

use super::{CmpOp, FieldPath, ListOp, Op, Value};

/// The values of an `in` or `ca` list: never empty (the language has no empty list).
///
/// ```
/// use sailpoint_filters::{Value, Values};
/// let values = Values::new(vec![Value::from("a"), Value::from("b")]).unwrap();
/// assert_eq!(values.len(), 2);
/// assert_eq!(values[0], Value::from("a"));
/// assert!(Values::new(Vec::new()).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Values(Vec<Value>);

impl Values {
    /// The list, or `None` when `values` is empty.
    pub fn new(values: Vec<Value>) -> Option<Values> {
        (!values.is_empty()).then_some(Values(values))
    }

    /// A list the caller knows is not empty (the typed builders, whose lists are arrays of at
    /// least one value).
    pub(crate) fn nonempty(values: Vec<Value>) -> Values {
        debug_assert!(!values.is_empty(), "an `in`/`ca` list needs a value");
        Values(values)
    }

    /// The values, in order.
    pub fn as_slice(&self) -> &[Value] {
        &self.0
    }

    /// The values, unwrapped.
    pub fn into_vec(self) -> Vec<Value> {
        self.0
    }
}

impl std::ops::Deref for Values {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Values {
    type Item = Value;
    type IntoIter = std::vec::IntoIter<Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// One test on one field: the leaves of a filter.
///
/// ```
/// use sailpoint_filters::{CmpOp, Condition, FieldPath, Op, Value};
///
/// let c = Condition::Compare {
///     field: FieldPath::new("name")?,
///     op: CmpOp::Sw,
///     value: Value::from("RM"),
/// };
/// assert_eq!(c.op(), Op::Sw);
/// assert_eq!(c.to_string(), r#"name sw "RM""#);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    /// `field op value`, for `eq ne gt ge lt le co sw`.
    Compare {
        /// The field tested.
        field: FieldPath,
        /// The operator.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
    /// `field op (v1, v2, …)`, for `in` and `ca`.
    List {
        /// The field tested.
        field: FieldPath,
        /// The operator.
        op: ListOp,
        /// The listed values, at least one.
        values: Values,
    },
    /// `pr field`: the field is present (not null).
    Present {
        /// The field tested.
        field: FieldPath,
    },
    /// `field isnull`: the field is null or missing.
    IsNull {
        /// The field tested.
        field: FieldPath,
    },
}

impl Condition {
    /// The field the condition tests.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath};
    /// let c = Condition::Present { field: FieldPath::new("name")? };
    /// assert_eq!(c.field().as_str(), "name");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn field(&self) -> &FieldPath {
        match self {
            Condition::Compare { field, .. }
            | Condition::List { field, .. }
            | Condition::Present { field }
            | Condition::IsNull { field } => field,
        }
    }

    /// The operator of the condition.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath, Op};
    /// let c = Condition::IsNull { field: FieldPath::new("name")? };
    /// assert_eq!(c.op(), Op::IsNull);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn op(&self) -> Op {
        match self {
            Condition::Compare { op, .. } => (*op).into(),
            Condition::List { op, .. } => (*op).into(),
            Condition::Present { .. } => Op::Pr,
            Condition::IsNull { .. } => Op::IsNull,
        }
    }

    /// The values the condition compares with: one, a list, or none (`pr`, `isnull`).
    ///
    /// ```
    /// let f = sailpoint_filters::Filter::parse(r#"id in ("a", "b")"#)?;
    /// let sailpoint_filters::FilterKind::Condition(c) = f.kind() else { unreachable!() };
    /// assert_eq!(c.values().len(), 2);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn values(&self) -> &[Value] {
        match self {
            Condition::Compare { value, .. } => std::slice::from_ref(value),
            Condition::List { values, .. } => values,
            Condition::Present { .. } | Condition::IsNull { .. } => &[],
        }
    }

    /// The same condition with each value replaced by `f`'s reading of it.
    pub(crate) fn map_values(&self, mut f: impl FnMut(usize, &Value) -> Value) -> Condition {
        match self {
            Condition::Compare { field, op, value } => Condition::Compare {
                field: field.clone(),
                op: *op,
                value: f(0, value),
            },
            Condition::List { field, op, values } => Condition::List {
                field: field.clone(),
                op: *op,
                values: Values(values.iter().enumerate().map(|(i, v)| f(i, v)).collect()),
            },
            other => other.clone(),
        }
    }
}

/// Where the parts of a condition are in the text it was parsed from.
///
/// Checking a filter against an endpoint uses these to point at the offending field, operator
/// or value.
///
/// ```
/// use sailpoint_filters::{Filter, Span};
///
/// let filter = Filter::parse(r#"id in ("a", "b")"#)?;
/// let spans = filter.condition_spans().unwrap();
/// assert_eq!(spans.field, Span::new(0, 2));
/// assert_eq!(spans.op, Span::new(3, 5));
/// assert_eq!(spans.values, [Span::new(7, 10), Span::new(12, 15)]);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConditionSpans {
    /// The field path.
    pub field: Span,
    /// The operator keyword.
    pub op: Span,
    /// The operand: the value, or the whole parenthesized list; empty for `pr` and `isnull`.
    pub operand: Span,
    /// Each value, in order: one for a comparison, one per list item, none otherwise.
    pub values: Vec<Span>,
}

/// The shape of a filter node. Obtain it with [`Filter::kind`]; build nodes with the
/// constructors on [`Filter`].
///
/// ```
/// use sailpoint_filters::{Filter, FilterKind};
///
/// let filter = Filter::parse("a eq 1 or b eq 2 or not c eq 3")?;
/// let FilterKind::Or(operands) = filter.kind() else { panic!("expected or") };
/// assert_eq!(operands.len(), 3);
/// assert!(matches!(operands[2].kind(), FilterKind::Not(_)));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FilterKind {
    /// All operands hold. At least two, none of them an `And`.
    And(Vec<Filter>),
    /// At least one operand holds. At least two, none of them an `Or`.
    Or(Vec<Filter>),
    /// The operand does not hold.
    Not(Box<Filter>),
    /// A test on one field.
    Condition(Condition),
}

impl FilterKind {
    /// How tightly the node binds: a child binding less tightly than its parent needs
    /// parentheses when printed. `or` 1, `and` 2, `not` 3, a condition 4.
    pub(crate) const fn precedence(&self) -> u8 {
        match self {
            FilterKind::Or(_) => 1,
            FilterKind::And(_) => 2,
            FilterKind::Not(_) => 3,
            FilterKind::Condition(_) => 4,
        }
    }

    /// The operands: those of an `and`/`or`, the one of a `not`, none for a condition.
    pub(crate) fn operands(&self) -> &[Filter] {
        match self {
            FilterKind::And(operands) | FilterKind::Or(operands) => operands,
            FilterKind::Not(operand) => std::slice::from_ref(operand),
            FilterKind::Condition(_) => &[],
        }
    }
}

/// A filter: the parsed, built or deserialized value of a `filters` parameter.
///
/// See the [module documentation](crate::filter) for the normal form, the printer and the JSON
/// shape.
///
/// ```
/// use sailpoint_filters::{CmpOp, Filter, FieldPath};
///
/// let saved = Filter::compare(FieldPath::new("saved")?, CmpOp::Eq, true);
/// let name = Filter::compare(FieldPath::new("name")?, CmpOp::Sw, "RM Session");
/// let filter = saved.and(name);
/// assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
/// assert_eq!(filter, Filter::parse(r#"saved eq true and name sw "RM Session""#)?);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
///
/// # Deep trees
///
/// Trees built in code or read from JSON can be far deeper than the parser allows (a chain of
/// 100,000 `not`s, say). Everything on `Filter` — `Clone`, `==`, `Hash`, `Debug`, `Display`,
/// dropping — walks the tree with a heap-allocated stack ([`Filter::walk`]), never with
/// recursion, so no tree is too deep for them. Serializing is the exception: serde's data
/// model nests, so `Serialize` refuses a tree deeper than [`Filter::MAX_SERIALIZE_DEPTH`] with
/// a serde error.
pub struct Filter {
    pub(super) kind: FilterKind,
    /// For `and`/`or`: the first keyword; `not`: the keyword; a condition: all of it.
    pub(super) span: Option<Span>,
    /// For a parsed condition: where its parts are.
    pub(super) condition_spans: Option<Box<ConditionSpans>>,
}

impl Filter {
    /// A condition node.
    ///
    /// ```
    /// use sailpoint_filters::{Condition, FieldPath, Filter};
    /// let f = Filter::condition(Condition::Present { field: FieldPath::new("name")? });
    /// assert_eq!(f.to_string(), "pr name");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn condition(condition: Condition) -> Filter {
        Filter::node(FilterKind::Condition(condition), None)
    }

    /// `field op value`.
    ///
    /// ```
    /// use sailpoint_filters::{CmpOp, FieldPath, Filter};
    /// let f = Filter::compare(FieldPath::new("count")?, CmpOp::Ge, 3);
    /// assert_eq!(f.to_string(), "count ge 3");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn compare(field: FieldPath, op: CmpOp, value: impl Into<Value>) -> Filter {
        Filter::condition(Condition::Compare {
            field,
            op,
            value: value.into(),
        })
    }

    /// `field op (values…)`, or `None` when `values` is empty (the language has no empty list).
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter, ListOp, Value};
    /// let f = Filter::list(FieldPath::new("id")?, ListOp::In, ["a", "b"]).unwrap();
    /// assert_eq!(f.to_string(), r#"id in ("a", "b")"#);
    /// assert!(Filter::list(FieldPath::new("id")?, ListOp::In, Vec::<Value>::new()).is_none());
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn list<V: Into<Value>>(
        field: FieldPath,
        op: ListOp,
        values: impl IntoIterator<Item = V>,
    ) -> Option<Filter> {
        let values = Values::new(values.into_iter().map(Into::into).collect())?;
        Some(Filter::condition(Condition::List { field, op, values }))
    }

    /// `pr field`.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter};
    /// assert_eq!(Filter::present(FieldPath::new("x")?).to_string(), "pr x");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn present(field: FieldPath) -> Filter {
        Filter::condition(Condition::Present { field })
    }

    /// `field isnull`.
    ///
    /// ```
    /// use sailpoint_filters::{FieldPath, Filter};
    /// assert_eq!(Filter::is_null(FieldPath::new("x")?).to_string(), "x isnull");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn is_null(field: FieldPath) -> Filter {
        Filter::condition(Condition::IsNull { field })
    }

    /// `self and other`, flattening nested `and`s.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let a = Filter::parse("a eq 1")?;
    /// let bc = Filter::parse("b eq 2 and c eq 3")?;
    /// assert_eq!(a.and(bc), Filter::parse("a eq 1 and b eq 2 and c eq 3")?);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn and(self, other: Filter) -> Filter {
        Filter::join(Junction::And, self, [other], None)
    }

    /// `self or other`, flattening nested `or`s.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 and b eq 2")?.or(Filter::parse("c eq 3")?);
    /// assert_eq!(f.to_string(), "a eq 1 and b eq 2 or c eq 3");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn or(self, other: Filter) -> Filter {
        Filter::join(Junction::Or, self, [other], None)
    }

    /// `not self`. Also available as the `!` operator.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse("a eq 1 or b eq 2")?.not();
    /// assert_eq!(f.to_string(), "not (a eq 1 or b eq 2)");
    /// assert_eq!(!Filter::parse("a eq 1")?, Filter::parse("not a eq 1")?);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    #[allow(clippy::should_implement_trait)] // it is implemented too; this needs no import
    pub fn not(self) -> Filter {
        Filter::node(FilterKind::Not(Box::new(self)), None)
    }

    /// All of `filters` joined with `and`; `None` when there are none, the filter itself when
    /// there is one.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let parts = ["a eq 1", "b eq 2", "c eq 3"].map(|s| Filter::parse(s).unwrap());
    /// assert_eq!(Filter::all(parts).unwrap().to_string(), "a eq 1 and b eq 2 and c eq 3");
    /// assert!(Filter::all([]).is_none());
    /// ```
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Option<Filter> {
        filters.into_iter().reduce(Filter::and)
    }

    /// Any of `filters` joined with `or`; `None` when there are none, the filter itself when
    /// there is one.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let parts = ["a eq 1", "b eq 2"].map(|s| Filter::parse(s).unwrap());
    /// assert_eq!(Filter::any(parts).unwrap().to_string(), "a eq 1 or b eq 2");
    /// ```
    pub fn any(filters: impl IntoIterator<Item = Filter>) -> Option<Filter> {
        filters.into_iter().reduce(Filter::or)
    }

    /// The shape of this node.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, FilterKind};
    /// assert!(matches!(Filter::parse("not a eq 1")?.kind(), FilterKind::Not(_)));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn kind(&self) -> &FilterKind {
        &self.kind
    }

    /// Takes the node apart.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, FilterKind};
    /// let FilterKind::Not(inner) = Filter::parse("not a eq 1")?.into_kind() else { panic!() };
    /// assert_eq!(inner.to_string(), "a eq 1");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn into_kind(mut self) -> FilterKind {
        std::mem::replace(&mut self.kind, placeholder_kind())
    }

    /// Where this node is in the text it was parsed from: the first keyword of an `and`/`or`,
    /// the `not` keyword, or the whole condition. `None` for nodes built in code.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// assert_eq!(Filter::parse("  a eq 1")?.span(), Some(Span::new(2, 8)));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// For a condition parsed from text: where its field, operator and values are.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// let f = Filter::parse("a eq 1")?;
    /// assert_eq!(f.condition_spans().unwrap().op, Span::new(2, 4));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn condition_spans(&self) -> Option<&ConditionSpans> {
        self.condition_spans.as_deref()
    }

    pub(crate) fn node(kind: FilterKind, span: Option<Span>) -> Filter {
        Filter {
            kind,
            span,
            condition_spans: None,
        }
    }

    pub(crate) fn with_condition_spans(mut self, span: Span, spans: ConditionSpans) -> Filter {
        self.span = Some(span);
        self.condition_spans = Some(Box::new(spans));
        self
    }

    pub(crate) fn with_span(mut self, span: Option<Span>) -> Filter {
        self.span = span;
        self
    }

    /// Joins `first` and `rest` with `and`/`or`, flattening operands of the same junction. The
    /// span is the earliest first keyword among `keyword` and the flattened operands'.
    pub(crate) fn join(
        junction: Junction,
        first: Filter,
        rest: impl IntoIterator<Item = Filter>,
        keyword: Option<Span>,
    ) -> Filter {
        let mut flat = Vec::new();
        let mut span = keyword;
        for mut operand in std::iter::once(first).chain(rest) {
            match (junction, &mut operand.kind) {
                (Junction::And, FilterKind::And(children))
                | (Junction::Or, FilterKind::Or(children)) => {
                    span = earliest(span, operand.span);
                    // Leaves `operand` an empty junction, which drops trivially. The first
                    // operands are taken over rather than copied, so that `Filter::all` (a
                    // left fold of `and`) takes linear time, not quadratic.
                    if flat.is_empty() {
                        flat = std::mem::take(children);
                    } else {
                        flat.append(children);
                    }
                }
                _ => flat.push(operand),
            }
        }
        if flat.len() == 1
            && let Some(only) = flat.pop()
        {
            return only;
        }
        Filter::node(junction.kind(flat), span)
    }
}

/// The earlier of two spans.
pub(crate) fn earliest(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.start < a.start { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// `and` or `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Junction {
    And,
    Or,
}

impl Junction {
    fn kind(self, operands: Vec<Filter>) -> FilterKind {
        match self {
            Junction::And => FilterKind::And(operands),
            Junction::Or => FilterKind::Or(operands),
        }
    }
}

/// A cheap node to leave behind when moving a kind out of a `Filter` (which has a `Drop`).
pub(super) fn placeholder_kind() -> FilterKind {
    FilterKind::Condition(Condition::Present {
        field: FieldPath::from_static("_"),
    })
}

impl std::ops::Not for Filter {
    type Output = Filter;

    fn not(self) -> Filter {
        Filter::not(self)
    }
}

impl std::ops::BitAnd for Filter {
    type Output = Filter;

    /// `a & b` is `a.and(b)`.
    fn bitand(self, rhs: Filter) -> Filter {
        self.and(rhs)
    }
}

impl std::ops::BitOr for Filter {
    type Output = Filter;

    /// `a | b` is `a.or(b)`.
    fn bitor(self, rhs: Filter) -> Filter {
        self.or(rhs)
    }
}

impl From<Condition> for Filter {
    fn from(condition: Condition) -> Filter {
        Filter::condition(condition)
    }
}
