//! The compiled matcher against a reference interpretation of SPEC §3.
//!
//! From the fuzzer's bytes: a filter valid for a schema with one field of every type
//! (`sailpoint_filters::arbitrary::filter_for`), and a few JSON records of those fields — of
//! the right type, null, missing, or of another type, drawn from small pools so that
//! conditions often hold. For each record the compiled matcher must agree with [`reference`],
//! a plain recursive reading of SPEC §3 written here (after tests/eval_props.rs), and so must
//! the matcher compiled from the filter's printed text; `not` must be the exact complement.

#![no_main]

use std::cmp::Ordering;

use arbitrary::{Arbitrary, Unstructured};
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;
use sailpoint_filters::eval::compile;
use sailpoint_filters::{
    CmpOp, Condition, FieldSpec, FieldType, Filter, FilterKind, ListOp, Op, OperatorSet, Schema,
    Value as FValue,
};
use serde_json::{Value as Json, json};

/// One field of every type (as `tests/common/eval_fixture.rs`): `name`, `code`
/// (case-sensitive), `saved`, `count`, `score`, `created`, `tags`, `owner.name`.
fn schema() -> Schema {
    use Op::*;
    let scalar = [Eq, Ne, Gt, Ge, Lt, Le, Co, Sw, In, Pr, IsNull];
    let ordered = [Eq, Ne, Gt, Ge, Lt, Le, In, Pr, IsNull];
    Schema::new("docs")
        .with_field("name", FieldType::String, scalar)
        .with_field_spec(
            FieldSpec::new("code", FieldType::String, OperatorSet::of(&scalar)).case_sensitive(),
        )
        .with_field("saved", FieldType::Boolean, [Eq, Ne, In, Pr, IsNull])
        .with_field("count", FieldType::Integer, ordered)
        .with_field("score", FieldType::Number, ordered)
        .with_field("created", FieldType::DateTime, ordered)
        .with_field("tags", FieldType::StringCollection, OperatorSet::ALL.iter())
        .with_field(
            "owner.name",
            FieldType::String,
            [Eq, Ne, Co, Sw, In, Pr, IsNull],
        )
}

// =============================================================================================
// Records
// =============================================================================================

/// Texts that collide with the generator's (`RM Session`, `ΟΔΟΣ`…) in case and prefix.
const TEXTS: &[&str] = &[
    "",
    "RM Session",
    "rm session",
    "RM SESSION - Sales",
    "rm",
    "Sitzung Müller",
    "sitzung müller",
    "ΟΔΟΣ",
    "οδος",
    "οδοσ",
    "a\"b",
    "A\\B",
    "and",
    "12345",
    "İs",
    "ß",
    "SS",
    "2024-01-01T00:00:00Z",
    "2024-01-01T01:00:00+01:00",
];

fn text(u: &mut Unstructured<'_>) -> arbitrary::Result<Json> {
    Ok(if u.ratio(4, 5)? {
        Json::from(*u.choose(TEXTS)?)
    } else {
        Json::from(<&str>::arbitrary(u)?)
    })
}

fn number(u: &mut Unstructured<'_>) -> arbitrary::Result<Json> {
    Ok(match u.int_in_range(0..=4)? {
        0 => Json::from(u.int_in_range(-3i64..=20)?),
        1 => Json::from(*u.choose(&[-1.5, -0.0, 0.5, 1.0, 2.5, 9.3e18, 1e300])?),
        2 => Json::from(*u.choose(&[i64::MIN, i64::MAX, 9_007_199_254_740_993])?),
        3 => Json::from(*u.choose(&[u64::MAX, 9_223_372_036_854_775_808])?),
        _ => Json::from(f64::from(u.int_in_range(-1000..=1000)?) / 8.0),
    })
}

/// Instants near the generator's (which centres on 2024-01-01), at several offsets.
fn instant(u: &mut Unstructured<'_>) -> arbitrary::Result<Json> {
    let second = 1_704_067_200 + u.int_in_range(-1i64..=5)? * 43_200;
    let nanos = *u.choose(&[0, 1, 500_000_000])?;
    let t = Timestamp::new(second, nanos).map_err(|_| arbitrary::Error::IncorrectFormat)?;
    let minutes = *u.choose(&[0i32, 60, -120, 330])?;
    let offset = jiff::tz::Offset::from_seconds(minutes * 60)
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    let local = offset.to_datetime(t);
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    Ok(Json::from(if minutes == 0 && u.ratio(1, 2)? {
        format!("{local}Z")
    } else {
        format!("{local}{sign}{h:02}:{m:02}")
    }))
}

/// A field's value: usually of its type, sometimes null, missing (`None`) or of another type.
fn slot(
    u: &mut Unstructured<'_>,
    typed: fn(&mut Unstructured<'_>) -> arbitrary::Result<Json>,
) -> arbitrary::Result<Option<Json>> {
    Ok(match u.int_in_range(0..=9)? {
        0..=5 => Some(typed(u)?),
        6 => Some(Json::Null),
        7 | 8 => None,
        _ => Some(match u.int_in_range(0..=3)? {
            0 => text(u)?,
            1 => number(u)?,
            2 => Json::from(bool::arbitrary(u)?),
            _ => json!({"x": 1}),
        }),
    })
}

fn record(u: &mut Unstructured<'_>) -> arbitrary::Result<Json> {
    let mut record = serde_json::Map::new();
    let fields: [(&str, fn(&mut Unstructured<'_>) -> arbitrary::Result<Json>); 7] = [
        ("name", text),
        ("code", text),
        ("saved", |u| Ok(Json::from(bool::arbitrary(u)?))),
        ("count", number),
        ("score", number),
        ("created", instant),
        ("tags", |u| {
            let n = u.int_in_range(0..=4)?;
            let items = (0..n)
                .map(|_| {
                    if u.ratio(1, 8)? {
                        Ok(Json::Null)
                    } else {
                        text(u)
                    }
                })
                .collect::<arbitrary::Result<Vec<_>>>()?;
            Ok(Json::Array(items))
        }),
    ];
    for (key, typed) in fields {
        if let Some(value) = slot(u, typed)? {
            record.insert(key.to_owned(), value);
        }
    }
    let owner = match u.int_in_range(0..=4)? {
        0 => None,
        1 => Some(Json::Null),
        2 => Some(json!({"name": null})),
        _ => Some(json!({ "name": text(u)? })),
    };
    if let Some(owner) = owner {
        record.insert("owner".to_owned(), owner);
    }
    Ok(Json::Object(record))
}

// =============================================================================================
// The reference interpretation of SPEC §3
// =============================================================================================

/// Whether `record` matches `filter` (valid for `schema`), by SPEC §3 read literally.
fn reference(filter: &Filter, schema: &Schema, record: &Json) -> bool {
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
                |op: CmpOp, v: &FValue| compare(spec.field_type, spec.case_sensitive, value, op, v);
            match condition {
                Condition::IsNull { .. } => value.is_none(),
                Condition::Present { .. } => value.is_some(),
                // `ne` is exactly `not eq`.
                Condition::Compare {
                    op: CmpOp::Ne,
                    value: v,
                    ..
                } => !holds(CmpOp::Eq, v),
                Condition::Compare { op, value: v, .. } => holds(*op, v),
                Condition::List {
                    op: ListOp::In,
                    values,
                    ..
                } => values.iter().any(|v| holds(CmpOp::Eq, v)),
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

/// A filter value as its field's type reads it.
enum Wanted {
    Text(String),
    Bool(bool),
    Int(i128),
    Float(f64),
    Time(Timestamp),
}

fn wanted(field_type: FieldType, value: &FValue) -> Wanted {
    match (field_type, value) {
        (FieldType::String | FieldType::StringCollection, FValue::String(s)) => {
            Wanted::Text(s.clone())
        }
        (FieldType::String | FieldType::StringCollection, FValue::Integer(i)) => {
            Wanted::Text(i.to_string())
        }
        (FieldType::Boolean, FValue::Boolean(b)) => Wanted::Bool(*b),
        (FieldType::Boolean, FValue::String(s)) => Wanted::Bool(s == "true"),
        (FieldType::Integer | FieldType::Number, FValue::Integer(i)) => Wanted::Int((*i).into()),
        (FieldType::Number, FValue::Float(f)) => Wanted::Float(f.get()),
        (FieldType::DateTime, FValue::DateTime(t)) => Wanted::Time(*t),
        (FieldType::DateTime, FValue::String(s)) => match s.parse() {
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
    v: &FValue,
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

/// Lowercase mapping, with Greek final sigma counted as σ (the crate's documented rule).
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
        // `co` finds the text at a character boundary of the value.
        CmpOp::Co => {
            needle.is_empty()
                || hay
                    .char_indices()
                    .any(|(i, _)| fold(&hay[i..]).starts_with(&needle))
        }
        CmpOp::Sw => fold(hay).starts_with(&needle),
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

/// Every integer here, and the floor of every float below 1e30 in magnitude, is exact in i128.
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

// =============================================================================================
// The target
// =============================================================================================

fuzz_target!(|data: &[u8]| {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(schema);
    let mut u = Unstructured::new(data);
    let Ok(filter) = sailpoint_filters::arbitrary::filter_for(&mut u, schema) else {
        return;
    };
    let mut records = Vec::new();
    for _ in 0..4 {
        match record(&mut u) {
            Ok(r) => records.push(r),
            Err(_) => break,
        }
    }
    let compiled = compile::<Json>(&filter, schema)
        .unwrap_or_else(|e| panic!("{filter} does not compile: {e}"));
    let text = filter.to_string();
    let reparsed = Filter::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let reparsed = compile::<Json>(&reparsed, schema)
        .unwrap_or_else(|e| panic!("{text} does not compile: {e}"));
    let negated = compile::<Json>(&filter.clone().not(), schema)
        .unwrap_or_else(|e| panic!("not ({filter}) does not compile: {e}"));
    for record in &records {
        let expected = reference(&filter, schema, record);
        assert_eq!(compiled.matches(record), expected, "{filter} on {record}");
        assert_eq!(
            reparsed.matches(record),
            expected,
            "{text} (reparsed) on {record}"
        );
        assert_eq!(
            negated.matches(record),
            !expected,
            "not ({filter}) on {record}"
        );
    }
});
