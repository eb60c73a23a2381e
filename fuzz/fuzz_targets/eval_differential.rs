//! The compiled matcher against a reference interpretation of SPEC §3.
//!
//! From the fuzzer's bytes: a filter valid for a schema with one field of every type
//! (`sailpoint_filters::testing::arbitrary::filter_for`), and a few JSON records of those fields — of
//! the right type, null, missing, or of another type, drawn from small pools so that
//! conditions often hold. For each record the compiled matcher must agree with [`reference`],
//! a plain recursive reading of SPEC §3 shared with tests/library/eval_props/
//! (`tests/common/reference.rs`), and so must the matcher compiled from the filter's printed
//! text; `not` must be the exact complement. The filter is checked against the schema first
//! (it must check, in both syntaxes), and the reference reads the filter as written and as
//! checked alike.

#![no_main]

#[path = "../../tests/common/eval_fixture.rs"]
mod eval_fixture;
#[path = "../../tests/common/reference.rs"]
mod reference;

use arbitrary::{Arbitrary, Unstructured};
use eval_fixture::schema;
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;
use reference::reference;
use sailpoint_filters::eval::{Matcher, compile};
use sailpoint_filters::{Filter, Schema, Syntax};
use serde_json::{Value as Json, json};

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

/// The ends of SPEC §8's range and "never", some at an offset.
const EXTREME_INSTANTS: &[&str] = &[
    "0000-01-01T00:00:00Z",
    "0000-01-01T01:00:00+01:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T22:59:59-01:00",
    "9999-12-31T23:59:59.999999999Z",
];

/// Instants near the generator's (which centres on 2024-01-01), at several offsets; now and
/// then one at the ends of the range.
fn instant(u: &mut Unstructured<'_>) -> arbitrary::Result<Json> {
    if u.ratio(1, 16)? {
        return Ok(Json::from(*u.choose(EXTREME_INSTANTS)?));
    }
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

/// Draws one JSON value of a field's type.
type Draw = fn(&mut Unstructured<'_>) -> arbitrary::Result<Json>;

/// A field's value: usually of its type, sometimes null, missing (`None`) or of another type.
fn slot(u: &mut Unstructured<'_>, typed: Draw) -> arbitrary::Result<Option<Json>> {
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
    let fields: [(&str, Draw); 7] = [
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
// The target
// =============================================================================================

fuzz_target!(|data: &[u8]| {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(schema);
    let mut u = Unstructured::new(data);
    let Ok(filter) = sailpoint_filters::testing::arbitrary::filter_for(&mut u, schema) else {
        return;
    };
    let mut records = Vec::new();
    for _ in 0..4 {
        match record(&mut u) {
            Ok(r) => records.push(r),
            Err(_) => break,
        }
    }
    let matcher = |filter: &Filter| -> Matcher<Json> {
        let checked = filter
            .check(schema, Syntax::Lenient)
            .unwrap_or_else(|e| panic!("{filter} does not check:\n{e}"));
        compile::<Json>(&checked).unwrap_or_else(|e| panic!("{filter} does not compile: {e}"))
    };
    let coerced = filter
        .check(schema, Syntax::Strict)
        .unwrap_or_else(|e| panic!("{filter} does not check strictly:\n{e}"))
        .into_filter();
    let compiled = matcher(&filter);
    let text = filter.to_string();
    let reparsed = Filter::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let reparsed = matcher(&reparsed);
    let negated = matcher(&filter.clone().not());
    for record in &records {
        let expected = reference(&filter, schema, record);
        assert_eq!(
            reference(&coerced, schema, record),
            expected,
            "{filter} (checked: {coerced}) on {record}"
        );
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
