//! JSON records of the evaluation fixture's eight fields (`eval_fixture::schema`), for the
//! property tests of evaluation and of the SQL backend. Each test draws the fields' values
//! from pools of its own; [`slot`] and [`record`] put them together.

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::Value as Json;

/// A field's JSON value: usually one of `typed`, sometimes null, sometimes missing (`None`),
/// and, given `stray`, now and then one of its values (of another type than the field's).
pub fn slot(
    typed: BoxedStrategy<Json>,
    stray: Option<BoxedStrategy<Json>>,
) -> BoxedStrategy<Option<Json>> {
    let mut options = vec![
        (6, typed.prop_map(Some).boxed()),
        (1, Just(Some(Json::Null)).boxed()),
        (2, Just(None).boxed()),
    ];
    if let Some(stray) = stray {
        options.push((1, stray.prop_map(Some).boxed()));
    }
    Union::new_weighted(options).boxed()
}

/// The value of each field of a record; `None` leaves the field out.
pub struct Fields {
    pub name: BoxedStrategy<Option<Json>>,
    pub code: BoxedStrategy<Option<Json>>,
    pub saved: BoxedStrategy<Option<Json>>,
    pub count: BoxedStrategy<Option<Json>>,
    pub score: BoxedStrategy<Option<Json>>,
    pub created: BoxedStrategy<Option<Json>>,
    pub tags: BoxedStrategy<Option<Json>>,
    pub owner: BoxedStrategy<Option<Json>>,
}

/// A JSON object of the fields that are present, in the fixture's order.
pub fn record(fields: Fields) -> impl Strategy<Value = Json> {
    let Fields {
        name,
        code,
        saved,
        count,
        score,
        created,
        tags,
        owner,
    } = fields;
    (name, code, saved, count, score, created, tags, owner).prop_map(
        |(name, code, saved, count, score, created, tags, owner)| {
            let mut record = serde_json::Map::new();
            for (key, value) in [
                ("name", name),
                ("code", code),
                ("saved", saved),
                ("count", count),
                ("score", score),
                ("created", created),
                ("tags", tags),
                ("owner", owner),
            ] {
                if let Some(value) = value {
                    record.insert(key.to_owned(), value);
                }
            }
            Json::Object(record)
        },
    )
}
