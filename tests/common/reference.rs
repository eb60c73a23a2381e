//! The reference interpretation of evaluation: SPEC §3 read plainly, written separately from
//! `src/eval.rs`, for the compiled matcher to be checked against — by the property tests
//! (`tests/eval_props.rs`) and the `eval_differential` fuzz target.
//!
//! Included with `#[path = "common/reference.rs"] mod reference;` (from the fuzz target,
//! `#[path = "../../tests/common/reference.rs"]`).

use std::cmp::Ordering;

use jiff::Timestamp;
use sailpoint_filters::{CmpOp, Condition, FieldType, Filter, FilterKind, ListOp, Schema, Value};
use serde_json::Value as Json;

/// Whether `record` matches `filter`, by SPEC §3 read literally, for a filter that is valid
/// for `schema`.
pub fn reference(filter: &Filter, schema: &Schema, record: &Json) -> bool {
    match filter.kind() {
        FilterKind::And(children) => children.iter().all(|c| reference(c, schema, record)),
        FilterKind::Or(children) => children.iter().any(|c| reference(c, schema, record)),
        FilterKind::Not(child) => !reference(child, schema, record),
        FilterKind::Condition(condition) => {
            let path = condition.field().as_str();
            let Some(spec) = schema.field(path) else {
                panic!("{path} is not in the schema")
            };
            let value = lookup(record, path);
            let holds =
                |op: CmpOp, v: &Value| compare(spec.field_type, spec.case_sensitive, value, op, v);
            match condition {
                // `isnull`: null or missing; `pr` its negation.
                Condition::IsNull { .. } => value.is_none(),
                Condition::Present { .. } => value.is_some(),
                // `ne` is exactly `not eq`.
                Condition::Compare {
                    op: CmpOp::Ne,
                    value: v,
                    ..
                } => !holds(CmpOp::Eq, v),
                Condition::Compare { op, value: v, .. } => holds(*op, v),
                // `in`: equal to at least one listed value.
                Condition::List {
                    op: ListOp::In,
                    values,
                    ..
                } => values.iter().any(|v| holds(CmpOp::Eq, v)),
                // `ca`: the collection contains every listed value.
                Condition::List {
                    op: ListOp::Ca,
                    values,
                    ..
                } => value.is_some() && values.iter().all(|v| holds(CmpOp::Eq, v)),
            }
        }
    }
}

/// The value at a dotted path; `None` for null or missing.
fn lookup<'a>(record: &'a Json, path: &str) -> Option<&'a Json> {
    let mut value = record;
    for segment in path.split('.') {
        value = value.get(segment)?;
    }
    (!value.is_null()).then_some(value)
}

/// A filter value read as its field's type wants it. `Int` is wide enough for every JSON
/// integer, `u64` ones included.
#[derive(Debug)]
enum Wanted {
    Text(String),
    Bool(bool),
    Int(i128),
    Float(f64),
    Time(Timestamp),
}

fn wanted(field_type: FieldType, value: &Value) -> Wanted {
    match (field_type, value) {
        (FieldType::String | FieldType::StringCollection, Value::String(s)) => {
            Wanted::Text(s.clone())
        }
        // The lenient syntax takes a bare integer as text.
        (FieldType::String | FieldType::StringCollection, Value::Integer(i)) => {
            Wanted::Text(i.to_string())
        }
        (FieldType::Boolean, Value::Boolean(b)) => Wanted::Bool(*b),
        (FieldType::Boolean, Value::String(s)) => Wanted::Bool(s == "true"),
        (FieldType::Integer | FieldType::Number, Value::Integer(i)) => Wanted::Int((*i).into()),
        (FieldType::Number, Value::Float(f)) => Wanted::Float(f.get()),
        (FieldType::DateTime, Value::DateTime(t)) => Wanted::Time(*t),
        (FieldType::DateTime, Value::String(s)) => match s.parse() {
            Ok(t) => Wanted::Time(t),
            Err(e) => panic!("{s:?} validated as a date-time: {e}"),
        },
        other => panic!("not a valid value: {other:?}"),
    }
}

/// `value op wanted`: false on null; on a collection, true if it holds for some element.
fn compare(
    field_type: FieldType,
    case_sensitive: bool,
    value: Option<&Json>,
    op: CmpOp,
    v: &Value,
) -> bool {
    let Some(value) = value else {
        return false;
    };
    let want = wanted(field_type, v);
    let elements: Vec<&Json> = match value {
        Json::Array(items) => items.iter().collect(),
        scalar => vec![scalar],
    };
    elements.into_iter().any(|element| match (&want, element) {
        (Wanted::Text(w), Json::String(s)) => text_holds(op, s, w, case_sensitive),
        // Booleans support only equality.
        (Wanted::Bool(w), Json::Bool(b)) => op == CmpOp::Eq && b == w,
        (Wanted::Int(_) | Wanted::Float(_), Json::Number(n)) => {
            let n = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => Wanted::Int(i.into()),
                (None, Some(u), _) => Wanted::Int(u.into()),
                (None, None, Some(f)) => Wanted::Float(f),
                _ => return false,
            };
            number_cmp(&n, &want).is_some_and(|o| ordering_holds(op, o))
        }
        (Wanted::Time(w), Json::String(s)) => s
            .parse::<Timestamp>()
            .is_ok_and(|t| ordering_holds(op, t.cmp(w))),
        _ => false,
    })
}

/// SPEC §3's lowercase mapping, with the crate's documented refinement: Greek final sigma
/// counts as σ.
fn fold(s: &str) -> String {
    s.to_lowercase().replace('ς', "σ")
}

fn text_holds(op: CmpOp, hay: &str, needle: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        return match op {
            CmpOp::Co => hay.contains(needle),
            CmpOp::Sw => hay.starts_with(needle),
            _ => ordering_holds(op, hay.cmp(needle)),
        };
    }
    let needle = fold(needle);
    match op {
        // The crate documents that `co` finds the text at a character boundary of the value:
        // a needle may not start inside the lowercase expansion of one character (`İ` → `i̇`).
        CmpOp::Co => {
            needle.is_empty()
                || hay
                    .char_indices()
                    .any(|(i, _)| fold(&hay[i..]).starts_with(&needle))
        }
        CmpOp::Sw => fold(hay).starts_with(&needle),
        // Lexicographic on lowercased text: `String` order is code point order.
        _ => ordering_holds(op, fold(hay).cmp(&needle)),
    }
}

fn ordering_holds(op: CmpOp, ordering: Ordering) -> bool {
    match op {
        CmpOp::Eq => ordering == Ordering::Equal,
        CmpOp::Gt => ordering == Ordering::Greater,
        CmpOp::Ge => ordering != Ordering::Less,
        CmpOp::Lt => ordering == Ordering::Less,
        CmpOp::Le => ordering != Ordering::Greater,
        other => panic!("{other} is not an ordering operator"),
    }
}

/// Exact numeric order across integers and floats.
fn number_cmp(a: &Wanted, b: &Wanted) -> Option<Ordering> {
    match (a, b) {
        (Wanted::Int(x), Wanted::Int(y)) => Some(x.cmp(y)),
        (Wanted::Float(x), Wanted::Float(y)) => x.partial_cmp(y),
        (Wanted::Int(x), Wanted::Float(y)) => Some(int_vs_float(*x, *y)),
        (Wanted::Float(x), Wanted::Int(y)) => Some(int_vs_float(*y, *x).reverse()),
        _ => None,
    }
}

/// Every JSON integer (`i64` or `u64`), and the floor of every float below 1e30 in magnitude,
/// is exact in i128.
fn int_vs_float(i: i128, f: f64) -> Ordering {
    if f >= 1e30 {
        return Ordering::Less;
    }
    if f <= -1e30 {
        return Ordering::Greater;
    }
    let floor = f.floor();
    match i.cmp(&(floor as i128)) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    }
}
