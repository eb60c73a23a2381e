//! The JSON shape of filters: one object per node (see the [module documentation](super)).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ast::Junction;
use super::{CmpOp, Condition, FieldPath, Filter, FilterKind, ListOp, Op, Value, Values};

impl Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ConditionRepr::from(self.clone()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Condition, D::Error> {
        let repr = ConditionRepr::deserialize(deserializer)?;
        Condition::try_from(repr).map_err(serde::de::Error::custom)
    }
}

/// The flat JSON shape of a condition: `{"field", "op", "value"?, "values"?}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionRepr {
    field: FieldPath,
    op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<Value>>,
}

impl From<Condition> for ConditionRepr {
    fn from(c: Condition) -> ConditionRepr {
        let op = c.op();
        let (field, value, values) = match c {
            Condition::Compare { field, value, .. } => (field, Some(value), None),
            Condition::List { field, values, .. } => (field, None, Some(values.into_vec())),
            Condition::Present { field } | Condition::IsNull { field } => (field, None, None),
        };
        ConditionRepr {
            field,
            op,
            value,
            values,
        }
    }
}

impl TryFrom<ConditionRepr> for Condition {
    type Error = String;

    fn try_from(repr: ConditionRepr) -> Result<Condition, String> {
        let ConditionRepr {
            field,
            op,
            value,
            values,
        } = repr;
        match (CmpOp::try_from(op), ListOp::try_from(op), value, values) {
            (Ok(op), _, Some(value), None) => Ok(Condition::Compare { field, op, value }),
            (_, Ok(op), None, Some(values)) if !values.is_empty() => Ok(Condition::List {
                field,
                op,
                values: Values::new(values).ok_or("unreachable: checked non-empty")?,
            }),
            (_, Ok(op), None, Some(_)) => {
                Err(format!("`{op}` needs at least one value in \"values\""))
            }
            (Err(Op::Pr), _, None, None) => Ok(Condition::Present { field }),
            (Err(Op::IsNull), _, None, None) => Ok(Condition::IsNull { field }),
            (Ok(op), ..) => Err(format!("`{op}` takes exactly one \"value\"")),
            (_, Ok(op), ..) => Err(format!("`{op}` takes a \"values\" list")),
            (Err(op), ..) => Err(format!("`{op}` takes no value")),
        }
    }
}

impl Filter {
    /// The deepest tree (by [`Filter::depth`]) that `Serialize` writes; deeper trees are refused
    /// with a serde error, since serializing nests one call per level.
    ///
    /// 256 levels is four times the parser's default nesting limit and serializes in well
    /// under a megabyte of stack.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let mut deep = Filter::parse("saved eq true")?;
    /// for _ in 0..Filter::MAX_SERIALIZE_DEPTH {
    ///     deep = deep.not();
    /// }
    /// let err = serde_json::to_string(&deep).unwrap_err();
    /// assert_eq!(err.to_string(), "the filter is 257 levels deep; at most 256 can be serialized");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub const MAX_SERIALIZE_DEPTH: usize = 256;
}

impl Serialize for Filter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let depth = self.depth();
        if depth > Filter::MAX_SERIALIZE_DEPTH {
            return Err(serde::ser::Error::custom(format_args!(
                "the filter is {depth} levels deep; at most {} can be serialized",
                Filter::MAX_SERIALIZE_DEPTH
            )));
        }
        Depth(self).serialize(serializer)
    }
}

/// A filter whose depth has been checked: serialized in `FilterKind`'s shape without checking
/// again at each level.
struct Depth<'a>(&'a Filter);

impl Serialize for Depth<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Operands of an `and`/`or`.
        struct Operands<'a>(&'a [Filter]);

        impl Serialize for Operands<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(Depth))
            }
        }

        match &self.0.kind {
            FilterKind::And(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 0, "and", &Operands(operands))
            }
            FilterKind::Or(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 1, "or", &Operands(operands))
            }
            FilterKind::Not(operand) => {
                serializer.serialize_newtype_variant("FilterKind", 2, "not", &Depth(operand))
            }
            FilterKind::Condition(condition) => condition.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Filter {
    /// Reads one node per JSON object. Each level of nesting is one level of the
    /// deserializer's recursion, which its own limit bounds (`serde_json` refuses more than 128
    /// levels unless told otherwise).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Filter, D::Error> {
        deserializer.deserialize_map(FilterVisitor)
    }
}

impl Serialize for FilterKind {
    /// The JSON shape of [`Filter`].
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FilterKind::Condition(condition) => condition.serialize(serializer),
            // The operands of a node are filters, each checked as `Filter` serializes.
            FilterKind::And(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 0, "and", operands)
            }
            FilterKind::Or(operands) => {
                serializer.serialize_newtype_variant("FilterKind", 1, "or", operands)
            }
            FilterKind::Not(operand) => {
                serializer.serialize_newtype_variant("FilterKind", 2, "not", operand)
            }
        }
    }
}

impl<'de> Deserialize<'de> for FilterKind {
    /// The JSON shape of [`Filter`], read as a filter (so in normal form) and taken apart.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FilterKind, D::Error> {
        Filter::deserialize(deserializer).map(Filter::into_kind)
    }
}

/// The keys a filter object may have.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Key {
    And,
    Or,
    Not,
    Field,
    Op,
    Value,
    Values,
}

struct FilterVisitor;

impl<'de> serde::de::Visitor<'de> for FilterVisitor {
    type Value = Filter;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            r#"a filter: {"and": [..]}, {"or": [..]}, {"not": ..} or {"field": .., "op": .., "value"/"values": ..}"#,
        )
    }

    // Each level of nesting passes through here once: the work of a level is split into
    // small functions so that the frame on the deserializer's recursion stays small.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Filter, A::Error> {
        use serde::de::Error;
        let filter = match map.next_key::<Key>()? {
            None => return Err(A::Error::custom("an empty object is not a filter")),
            Some(Key::And) => junction(Junction::And, map.next_value()?),
            Some(Key::Or) => junction(Junction::Or, map.next_value()?),
            Some(Key::Not) => Ok(map.next_value::<Filter>()?.not()),
            Some(key) => return condition(key, map),
        };
        only_key(filter?, map)
    }
}

/// `and`/`or` of `operands`, normalised.
fn junction<E: serde::de::Error>(junction: Junction, operands: Vec<Filter>) -> Result<Filter, E> {
    let mut operands = operands.into_iter();
    match operands.next() {
        Some(first) => Ok(Filter::join(junction, first, operands, None)),
        None => Err(E::custom("an `and`/`or` needs at least one operand")),
    }
}

/// `filter`, if the object holds nothing more.
fn only_key<'de, A: serde::de::MapAccess<'de>>(
    filter: Filter,
    mut map: A,
) -> Result<Filter, A::Error> {
    match map.next_key::<Key>()? {
        None => Ok(filter),
        Some(_) => Err(serde::de::Error::custom(
            "an `and`, `or` or `not` object has exactly one key",
        )),
    }
}

/// The rest of a condition object whose first key is `first`.
fn condition<'de, A: serde::de::MapAccess<'de>>(
    first: Key,
    mut map: A,
) -> Result<Filter, A::Error> {
    use serde::de::Error;
    let (mut field, mut op, mut value, mut values) = (None, None, None, None);
    let mut key = Some(first);
    while let Some(k) = key {
        let duplicate = match k {
            Key::Field => field.replace(map.next_value::<FieldPath>()?).is_some(),
            Key::Op => op.replace(map.next_value::<Op>()?).is_some(),
            Key::Value => value.replace(map.next_value::<Value>()?).is_some(),
            Key::Values => values.replace(map.next_value::<Vec<Value>>()?).is_some(),
            Key::And | Key::Or | Key::Not => {
                return Err(A::Error::custom(
                    "a condition object has only `field`, `op`, `value` and `values`",
                ));
            }
        };
        if duplicate {
            return Err(A::Error::custom("a key of a condition is given twice"));
        }
        key = map.next_key::<Key>()?;
    }
    let repr = ConditionRepr {
        field: field.ok_or_else(|| A::Error::missing_field("field"))?,
        op: op.ok_or_else(|| A::Error::missing_field("op"))?,
        value,
        values,
    };
    Condition::try_from(repr)
        .map(Filter::condition)
        .map_err(A::Error::custom)
}
