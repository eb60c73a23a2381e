//! Structure-aware fuzzing (feature `arbitrary`): [`Arbitrary`] for
//! [`Filter`], [`Sorters`] and [`CollectionQuery`] and their parts, and generators of filters,
//! sorters and queries that are valid for a [`Schema`].
//!
//! A fuzzer that takes a `Filter` instead of bytes spends its time on trees rather than on
//! text the parser refuses. Everything generated here is well formed — field paths follow the
//! grammar, floats are finite, lists are not empty, `and`/`or` have two to four operands — and
//! trees are at most [`MAX_DEPTH`] levels deep, so generation always ends and the trees print
//! to text the default [`Limits`](crate::Limits) accept in depth. When the fuzzer's bytes run
//! out, the remaining choices fall to their first option (a condition), as `arbitrary` does.
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use sailpoint_filters::Filter;
//!
//! // What a cargo-fuzz target receives: any bytes.
//! let bytes = b"\x03\x01\x07 arbitrary bytes from the fuzzer \x00\xff\x10";
//! let filter = Filter::arbitrary(&mut Unstructured::new(bytes))?;
//! // Whatever the bytes, the tree prints to text that parses back to it.
//! let printed = filter.to_string();
//! let limits = sailpoint_filters::Limits::default().with_max_length(usize::MAX);
//! let options = sailpoint_filters::ParseOptions { limits, ..Default::default() };
//! assert_eq!(Filter::parse_with(&printed, &options).unwrap(), filter);
//! # Ok::<(), arbitrary::Error>(())
//! ```
//!
//! For the filters one endpoint accepts, use [`filter_for`]:
//!
//! ```
//! use arbitrary::Unstructured;
//! use sailpoint_filters::builder::Endpoint;
//! use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
//! use sailpoint_filters::Syntax;
//!
//! let schema = RoleMiningSessions::schema();
//! let filter = sailpoint_filters::testing::arbitrary::filter_for(&mut Unstructured::new(&[7; 64]), schema)?;
//! assert!(filter.check(schema, Syntax::Strict).is_ok());
//! # Ok::<(), arbitrary::Error>(())
//! ```
//!
//! A fuzz target (`fuzz/fuzz_targets/*.rs` in a cargo-fuzz project) takes the types directly:
//!
//! ```text
//! #![no_main]
//! use libfuzzer_sys::fuzz_target;
//! use sailpoint_filters::CollectionQuery;
//!
//! fuzz_target!(|query: CollectionQuery| {
//!     let url = format!("/v3/widgets?{}", query.to_query_string());
//!     my_client::get(&url); // must not panic, must be accepted by the server under test…
//! });
//! ```

use ::arbitrary::{Arbitrary, Result, Unstructured};

use crate::filter::{CmpOp, Condition, FieldPath, Filter, FiniteF64, ListOp, Op, Value, Values};
use crate::paging::Paging;
use crate::query::CollectionQuery;
use crate::schema::{Composite, FieldSpec, FieldType, Schema};
use crate::sorters::{SortKey, Sorters};
use crate::value::DateTime;

/// The deepest tree generated: a condition under at most seven `and`/`or`/`not` levels.
pub const MAX_DEPTH: usize = 8;

/// Names that real endpoints use, and keyword-like names that are still valid paths.
const NAMES: &[&str] = &[
    "name",
    "saved",
    "id",
    "createdBy",
    "createdDate",
    "createdBy.displayName",
    "identitySummary.id",
    "status",
    "notes",
    "order",
    "android",
    "a.in",
    "_and",
];

/// Texts that collide: case variants, prefixes of each other, escapes, keywords, non-ASCII.
const TEXTS: &[&str] = &[
    "",
    "RM Session",
    "rm session",
    "RM SESSION - Sales",
    "RM",
    "Sitzung Müller",
    "SITZUNG MÜLLER",
    "ΟΔΟΣ",
    "οδος",
    "a\"b",
    "a\\b",
    "and",
    "null",
    "(",
    "2024-01-01T00:00:00Z",
    "12345",
];

impl<'a> Arbitrary<'a> for FieldPath {
    /// One to three identifiers joined by `.`: usually a name endpoints use, otherwise built
    /// from the bytes.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<FieldPath> {
        if u.ratio(2, 3)? {
            return Ok(FieldPath::from_static(u.choose(NAMES)?));
        }
        let segments = u.int_in_range(1..=3)?;
        let mut path = String::new();
        for i in 0..segments {
            if i > 0 {
                path.push('.');
            }
            path.push(*u.choose(b"abcxyzABCXYZ_")? as char);
            for _ in 0..u.int_in_range(0..=6)? {
                path.push(
                    *u.choose(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")?
                        as char,
                );
            }
        }
        // A keyword cannot start a path (`and.x`); such a draw falls back to a plain name.
        Ok(FieldPath::new(path).unwrap_or(FieldPath::from_static("name")))
    }
}

impl<'a> Arbitrary<'a> for FiniteF64 {
    /// A finite float: from the bytes (NaN and infinities become 0), or a small fraction.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<FiniteF64> {
        let value = if u.ratio(1, 2)? {
            f64::from(u.int_in_range(-1000..=1000)?) / f64::from(u.int_in_range(1..=8)?)
        } else {
            f64::arbitrary(u)?
        };
        let finite = if value.is_finite() { value } else { 0.0 };
        FiniteF64::new(finite).ok_or(::arbitrary::Error::IncorrectFormat)
    }
}

impl<'a> Arbitrary<'a> for Value {
    /// A string (often one of a few colliding texts), integer, float, boolean or date-time.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Value> {
        Ok(match u.int_in_range(0..=4)? {
            0 => Value::String(text(u)?),
            1 => Value::Integer(integer(u)?),
            2 => Value::Float(FiniteF64::arbitrary(u)?),
            3 => Value::Boolean(bool::arbitrary(u)?),
            _ => Value::DateTime(timestamp(u)?),
        })
    }
}

impl<'a> Arbitrary<'a> for CmpOp {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<CmpOp> {
        u.choose_iter(CmpOp::ALL)
    }
}

impl<'a> Arbitrary<'a> for ListOp {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<ListOp> {
        u.choose_iter([ListOp::In, ListOp::Ca])
    }
}

impl<'a> Arbitrary<'a> for Op {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Op> {
        u.choose_iter(Op::ALL)
    }
}

impl<'a> Arbitrary<'a> for Condition {
    /// A comparison, a list of one to four values, `pr` or `isnull`, on any field.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Condition> {
        let field = FieldPath::arbitrary(u)?;
        Ok(match u.int_in_range(0..=5)? {
            0..=2 => Condition::Compare {
                field,
                op: CmpOp::arbitrary(u)?,
                value: Value::arbitrary(u)?,
            },
            3 => Condition::List {
                field,
                op: ListOp::arbitrary(u)?,
                values: list(u, Value::arbitrary)?,
            },
            4 => Condition::Present { field },
            _ => Condition::IsNull { field },
        })
    }
}

impl<'a> Arbitrary<'a> for Filter {
    /// Any normalised tree, valid for an endpoint or not, at most [`MAX_DEPTH`] levels deep.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Filter> {
        tree(u, MAX_DEPTH, ALL_COMPOSITES, &mut |u| {
            Condition::arbitrary(u).map(Filter::condition)
        })
    }
}

impl<'a> Arbitrary<'a> for SortKey {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<SortKey> {
        Ok(SortKey::new(FieldPath::arbitrary(u)?, bool::arbitrary(u)?))
    }
}

impl<'a> Arbitrary<'a> for Sorters {
    /// No keys to four keys, on any fields (repeats included).
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Sorters> {
        let n = u.int_in_range(0..=4)?;
        (0..n).map(|_| SortKey::arbitrary(u)).collect()
    }
}

impl<'a> Arbitrary<'a> for Paging {
    /// `offset` (often small), `limit` (or none) and `count`, each within the standard bounds.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Paging> {
        let offset = if u.ratio(3, 4)? {
            u.int_in_range(0..=20)?
        } else {
            u.int_in_range(0..=Paging::MAX_OFFSET)?
        };
        let paging = Paging::DEFAULT
            .with_offset(offset)
            .unwrap_or_default()
            .with_count(bool::arbitrary(u)?);
        if u.ratio(1, 5)? {
            return Ok(paging);
        }
        let limit = u.int_in_range(0..=Paging::MAX_LIMIT)?;
        Ok(paging.with_limit(limit).unwrap_or(paging))
    }
}

impl<'a> Arbitrary<'a> for CollectionQuery {
    /// An optional filter, sorters and paging, each as their own `Arbitrary` makes them.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<CollectionQuery> {
        Ok(CollectionQuery::new(
            Option::<Filter>::arbitrary(u)?,
            Sorters::arbitrary(u)?,
            Paging::arbitrary(u)?,
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Valid for a schema
// ---------------------------------------------------------------------------------------------

/// A filter that validates against `schema`, in either syntax: fields the schema lists, with
/// operators each field allows (and its type supports), values of the field's type (booleans
/// and date-times sometimes quoted, as SailPoint reads them), and only the composite
/// operators the endpoint allows. At most [`MAX_DEPTH`] levels deep.
///
/// When the schema has no usable field (none, or none with an operator its type supports),
/// the result is an error: [`arbitrary::Error::IncorrectFormat`](::arbitrary::Error), which
/// fuzz targets treat as "skip this input".
///
/// ```
/// use arbitrary::Unstructured;
/// use sailpoint_filters::{FieldType, Op, Schema, Syntax};
///
/// let schema = Schema::new("widgets")
///     .with_field("enabled", FieldType::Boolean, [Op::Eq])
///     .with_field("created", FieldType::DateTime, [Op::Gt, Op::Lt]);
/// for seed in 0..50u8 {
///     let bytes: Vec<u8> = (0..200).map(|i| seed.wrapping_mul(31).wrapping_add(i)).collect();
///     let filter = sailpoint_filters::testing::arbitrary::filter_for(&mut Unstructured::new(&bytes), &schema)?;
///     assert!(filter.check(&schema, Syntax::Strict).is_ok(), "{filter}");
/// }
/// # Ok::<(), arbitrary::Error>(())
/// ```
pub fn filter_for(u: &mut Unstructured<'_>, schema: &Schema) -> Result<Filter> {
    let fields: Vec<(&FieldSpec, Vec<Op>)> = usable_fields(schema);
    if fields.is_empty() {
        return Err(::arbitrary::Error::IncorrectFormat);
    }
    let composites =
        [Composite::And, Composite::Or, Composite::Not].map(|c| schema.composites().contains(c));
    tree(u, MAX_DEPTH, composites, &mut |u| {
        let (spec, ops) = u.choose(&fields)?;
        let op = *u.choose(ops)?;
        condition_for(u, spec, op)
    })
}

/// Sorters that validate against `schema`: each sortable field at most once, in any order
/// and direction (none when the schema sorts by nothing).
///
/// ```
/// use arbitrary::Unstructured;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// let sorters = sailpoint_filters::testing::arbitrary::sorters_for(&mut Unstructured::new(&[1, 2, 3, 4]), schema)?;
/// assert!(sorters.check(schema).is_ok());
/// # Ok::<(), arbitrary::Error>(())
/// ```
pub fn sorters_for(u: &mut Unstructured<'_>, schema: &Schema) -> Result<Sorters> {
    let mut fields: Vec<&FieldPath> = schema.sortable().iter().collect();
    let mut keys = Vec::new();
    while !fields.is_empty() && keys.len() < 4 && u.ratio(2, 3)? {
        let i = u.choose_index(fields.len())?;
        keys.push(SortKey::new(fields.remove(i).clone(), bool::arbitrary(u)?));
    }
    Ok(Sorters::new(keys))
}

/// A query whose filter and sorters validate against `schema` (the filter is sometimes
/// absent), with arbitrary paging.
///
/// ```
/// use arbitrary::Unstructured;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// let query = sailpoint_filters::testing::arbitrary::query_for(&mut Unstructured::new(&[9; 40]), schema)?;
/// assert!(query.check(schema, sailpoint_filters::Syntax::Strict).is_ok());
/// # Ok::<(), arbitrary::Error>(())
/// ```
pub fn query_for(u: &mut Unstructured<'_>, schema: &Schema) -> Result<CollectionQuery> {
    let filter = if u.ratio(4, 5)? {
        Some(filter_for(u, schema)?)
    } else {
        None
    };
    Ok(CollectionQuery::new(
        filter,
        sorters_for(u, schema)?,
        Paging::arbitrary(u)?,
    ))
}

/// `and`, `or`, `not`: all allowed.
const ALL_COMPOSITES: [bool; 3] = [true; 3];

/// A tree of conditions made by `leaf`, under the allowed composites (`[and, or, not]`), at
/// most `depth` levels deep. Recursion is bounded by `depth`.
fn tree<'a>(
    u: &mut Unstructured<'a>,
    depth: usize,
    [and, or, not]: [bool; 3],
    leaf: &mut dyn FnMut(&mut Unstructured<'a>) -> Result<Filter>,
) -> Result<Filter> {
    // 0 is a condition, so that a fuzzer's exhausted input ends the tree.
    let choice = if depth <= 1 {
        0
    } else {
        u.int_in_range(0..=5)?
    };
    let composites = [and, or, not];
    let pick = match choice {
        3 if and => Composite::And,
        4 if or => Composite::Or,
        5 if not => Composite::Not,
        _ => return leaf(u),
    };
    match pick {
        Composite::Not => Ok(tree(u, depth - 1, composites, leaf)?.not()),
        junction => {
            let n = u.int_in_range(2..=4)?;
            let mut operands = Vec::with_capacity(n);
            for _ in 0..n {
                operands.push(tree(u, depth - 1, composites, leaf)?);
            }
            let joined = if junction == Composite::And {
                Filter::all(operands)
            } else {
                Filter::any(operands)
            };
            joined.map_or_else(|| leaf(u), Ok)
        }
    }
}

/// The fields of `schema` with the operators each allows.
fn usable_fields(schema: &Schema) -> Vec<(&FieldSpec, Vec<Op>)> {
    schema
        .fields()
        .iter()
        .map(|spec| (spec, spec.operators().iter().collect::<Vec<_>>()))
        .filter(|(_, ops)| !ops.is_empty())
        .collect()
}

/// A condition on `spec` with `op`, its values of the field's type.
fn condition_for(u: &mut Unstructured<'_>, spec: &FieldSpec, op: Op) -> Result<Filter> {
    let field = spec.path().clone();
    let value_of = |u: &mut Unstructured<'_>| value_for(u, spec.field_type(), op);
    Ok(match (CmpOp::try_from(op), ListOp::try_from(op)) {
        (Ok(op), _) => Filter::compare(field, op, value_of(u)?),
        (_, Ok(op)) => Filter::condition(Condition::List {
            field,
            op,
            values: list(u, value_of)?,
        }),
        _ if op == Op::Pr => Filter::present(field),
        _ => Filter::is_null(field),
    })
}

/// A value a field of `field_type` takes with `op`, in either syntax.
fn value_for(u: &mut Unstructured<'_>, field_type: FieldType, op: Op) -> Result<Value> {
    Ok(match field_type {
        FieldType::String | FieldType::StringCollection => Value::String(text(u)?),
        // `co`/`sw` on an untyped field compare text.
        FieldType::Any if matches!(op, Op::Co | Op::Sw) => Value::String(text(u)?),
        FieldType::Any => Value::arbitrary(u)?,
        FieldType::Boolean => {
            let b = bool::arbitrary(u)?;
            if u.ratio(1, 4)? {
                Value::String(b.to_string())
            } else {
                Value::Boolean(b)
            }
        }
        FieldType::Integer => Value::Integer(integer(u)?),
        FieldType::Number => {
            if u.ratio(1, 2)? {
                Value::Integer(integer(u)?)
            } else {
                Value::Float(FiniteF64::arbitrary(u)?)
            }
        }
        FieldType::DateTime => {
            let t = timestamp(u)?;
            if u.ratio(1, 4)? {
                Value::String(t.to_string())
            } else {
                Value::DateTime(t)
            }
        }
    })
}

/// One to four values.
fn list<'a>(
    u: &mut Unstructured<'a>,
    mut value: impl FnMut(&mut Unstructured<'a>) -> Result<Value>,
) -> Result<Values> {
    let n = u.int_in_range(1..=4)?;
    let values = (0..n).map(|_| value(u)).collect::<Result<Vec<_>>>()?;
    Values::new(values).ok_or(::arbitrary::Error::IncorrectFormat)
}

/// Text: usually one of a few colliding texts, otherwise any string from the bytes.
fn text(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(3, 4)? {
        Ok((*u.choose(TEXTS)?).to_owned())
    } else {
        Ok(<&str>::arbitrary(u)?.to_owned())
    }
}

/// An integer: usually small, sometimes at the ends of the range.
fn integer(u: &mut Unstructured<'_>) -> Result<i64> {
    Ok(match u.int_in_range(0..=3)? {
        0 | 1 => u.int_in_range(-3..=20)?,
        2 => *u.choose(&[i64::MIN, i64::MAX, 0, -1, 9_007_199_254_740_993])?,
        _ => i64::arbitrary(u)?,
    })
}

/// An instant a filter can write: usually near 2024, otherwise anywhere in years 0000–9999.
fn timestamp(u: &mut Unstructured<'_>) -> Result<DateTime> {
    let second = if u.ratio(3, 4)? {
        1_704_067_200 + u.int_in_range(0..=4)? * 43_200
    } else {
        u.int_in_range(DateTime::MIN.as_second()..=DateTime::MAX.as_second())?
    };
    let nanos = if u.ratio(1, 2)? {
        0
    } else {
        u.int_in_range(0..=999_999_999)?
    };
    DateTime::from_unix(second, nanos).map_err(|_| ::arbitrary::Error::IncorrectFormat)
}
