//! The reference interpretation of evaluation: SPEC §3 and §8 read plainly, written separately
//! from `src/eval/` and `src/value/` (it shares neither their date-time reader nor the
//! date-time crate), for the compiled matcher to be checked against — by the property tests
//! (`tests/library/eval_props/`) and the `eval_differential` fuzz target.
//!
//! A module of `tests/common/`; the fuzz target includes it by its path,
//! `#[path = "../../tests/common/reference.rs"]`.

use std::cmp::Ordering;

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
            let holds = |op: CmpOp, v: &Value| {
                compare(spec.field_type(), spec.is_case_sensitive(), value, op, v)
            };
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
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    Time(i128),
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
        (FieldType::DateTime, Value::DateTime(t)) => {
            Wanted::Time(i128::from(t.as_second()) * NANOS + i128::from(t.subsec_nanosecond()))
        }
        (FieldType::DateTime, Value::String(s)) => match instant(s) {
            Some(t) => Wanted::Time(t),
            None => panic!("{s:?} validated as a date-time"),
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
        (Wanted::Time(w), Json::String(s)) => {
            instant(s).is_some_and(|t| ordering_holds(op, t.cmp(w)))
        }
        _ => false,
    })
}

/// SPEC §3's lowercase mapping, with the crate's documented refinement: Greek final sigma
/// counts as σ.
pub fn fold(s: &str) -> String {
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

const NANOS: i128 = 1_000_000_000;

/// The instant RFC 3339 text stands for, in nanoseconds since 1970, as SPEC §8 states the
/// language: `YYYY-MM-DD`, `T` or `t`, `hh:mm:ss` with `ss` up to 60 (read as 59), up to nine
/// fractional digits, `Z`, `z` or `±hh:mm` with `hh` up to 23; the instant within years
/// 0000–9999 in UTC. `None` for anything else.
pub fn instant(text: &str) -> Option<i128> {
    fn number(digits: &str, len: usize) -> Option<i64> {
        (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    }
    if !text.is_ascii() || text.len() < 20 {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let mut ymd = date.split('-');
    let (y, m, d) = (
        number(ymd.next()?, 4)?,
        number(ymd.next()?, 2)?,
        number(ymd.next()?, 2)?,
    );
    if ymd.next().is_some() || !rest.starts_with(['T', 't']) {
        return None;
    }
    let (time, zone_and_fraction) = rest[1..].split_at(8);
    let mut hms = time.split(':');
    let (h, mi, sec) = (
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
    );
    let (fraction, zone) = match zone_and_fraction.strip_prefix('.') {
        Some(after_dot) => {
            let digits = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            let padded = format!("{:0<9}", &after_dot[..digits]);
            (padded.parse::<i128>().ok()?, &after_dot[digits..])
        }
        None => (0, zone_and_fraction),
    };
    let offset_minutes = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = zone[1..].split_once(':')?;
            let (oh, om) = (number(oh, 2)?, number(om, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 60 + om)
        }
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    // Days since 1970-01-01 by counting: whole years, then months of this year.
    let days_before_year: i64 = if y >= 1970 {
        (1970..y).map(year_days).sum()
    } else {
        -(y..1970).map(year_days).sum::<i64>()
    };
    let days = days_before_year + month_days[..(m - 1) as usize].iter().sum::<i64>() + d - 1;
    let seconds = days * 86_400 + h * 3_600 + mi * 60 + sec.min(59) - offset_minutes * 60;
    let nanos = i128::from(seconds) * NANOS + fraction;
    // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z.
    let (first, last) = (-62_167_219_200 * NANOS, 253_402_300_800 * NANOS - 1);
    (first..=last).contains(&nanos).then_some(nanos)
}

fn year_days(y: i64) -> i64 {
    if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
        366
    } else {
        365
    }
}
