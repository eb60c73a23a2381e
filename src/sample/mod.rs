//! Records generated for fakes and tests (feature `sample`), two ways:
//!
//! - [`records`]: for a catalog operation, from its OpenAPI response item schema — whole
//!   records of SailPoint's shape (every property, enums, formats, nested objects), and the
//!   operation's published example filter matches some. Use it for any operation the catalog
//!   has.
//! - [`records_for_schema`], and for `endpoint!` declarations [`json_records_of`] and
//!   [`records_of`] (deserialised into the declaration's record type): from a [`Schema`](crate::Schema)
//!   alone, which knows only the filterable fields, the sort paths and their types — records
//!   with exactly those paths and a unique `id`. Use them for an endpoint declared in code or
//!   a schema read from JSON or OpenAPI text. [`records_for_schema`] says what they hold.
//!
//! The catalog keeps every collection operation's response item schema (JSON Schema, generated
//! from the specs into `catalog/responses/<api>.json`). [`records`] makes records from it:
//!
//! - deterministic for a seed: the same operation, count and seed give the same records;
//! - valid against the item schema: required properties always, optional ones mostly, types,
//!   formats (date-times in SailPoint's RFC 3339 form `2023-04-12T08:31:05.250Z`, 32-hex ids,
//!   UUIDs, emails, URIs), enums, nested objects and arrays, the spec's own examples where it
//!   has them (always where a string has a `pattern`), `null` sometimes where the schema allows it;
//! - varied for queries: date-times across 2019–2026, values drawn from small pools so that
//!   every sortable field has ties, the top-level `id` unique; and the operation's published
//!   example filter ([`Operation::example`]) matches some records and not others — every record
//!   with an index divisible by 3 is given values that satisfy it, every record one past such an
//!   index values that fail it.
//!
//! ```
//! use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
//! use sailpoint_filters::sample;
//!
//! let records = sample::records(&OPERATION, 20, 7)?;
//! assert_eq!(records.len(), 20);
//! assert_eq!(records, sample::records(&OPERATION, 20, 7)?);
//! assert!(records.iter().all(|r| r["id"].is_string()));
//! # Ok::<(), sailpoint_filters::sample::SampleError>(())
//! ```

mod declared;
mod plant;
mod schemas;
mod values;

use serde_json::{Map, Value};

use crate::catalog::Operation;

pub use declared::{json_records_of, records_for_schema, records_of};
pub use schemas::item_schema;

/// The most records one call generates: 100,000 (about 1.5 GB of JSON values for a large
/// record such as an account). A larger count is refused ([`SampleError::TooMany`]) rather
/// than exhausting memory.
///
/// ```
/// use sailpoint_filters::catalog::accounts::list_accounts_v1::OPERATION;
/// use sailpoint_filters::sample::{self, MAX_COUNT, SampleError};
///
/// let err = sample::records(&OPERATION, MAX_COUNT + 1, 1).unwrap_err();
/// assert_eq!(err, SampleError::TooMany { count: MAX_COUNT + 1 });
/// assert_eq!(err.to_string(), "100001 records asked for; at most 100000 are generated at once");
/// ```
pub const MAX_COUNT: usize = 100_000;

/// Refuses a count above [`MAX_COUNT`].
fn check_count(count: usize) -> Result<(), SampleError> {
    if count > MAX_COUNT {
        return Err(SampleError::TooMany { count });
    }
    Ok(())
}

/// Why no records could be made for an operation.
///
/// ```
/// use sailpoint_filters::catalog::Catalog;
/// use sailpoint_filters::catalog::Api;
/// use sailpoint_filters::sample::{self, SampleError};
///
/// let csv = Catalog::new().get(Api::Services, "downloadRoleInsightsEntitlementsChangesV1").unwrap();
/// let err = sample::records(csv, 3, 1).unwrap_err();
/// assert!(matches!(err, SampleError::NoSchema { .. }));
/// assert!(err.to_string().contains("no JSON response"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// The operation's response has no JSON schema (a CSV download, say).
    #[error(
        "{api} operation `{operation_id}` has no JSON response schema to generate records from"
    )]
    NoSchema {
        /// The API's name.
        api: &'static str,
        /// The operation.
        operation_id: &'static str,
    },
    /// The API's response schemas are not built in (its cargo feature is off).
    #[error("the response schemas of the {api} API are not built in (enable the `{api}` feature)")]
    NotBuiltIn {
        /// The API's name.
        api: &'static str,
    },
    /// More records asked for than one call generates ([`MAX_COUNT`]).
    #[error("{count} records asked for; at most {max} are generated at once", max = MAX_COUNT)]
    TooMany {
        /// The count asked for.
        count: usize,
    },
    /// A record made for a declaration does not deserialise into its record type
    /// ([`records_of`]).
    #[error(
        "record {index} made for `{endpoint}` does not deserialise into its record type: {message}"
    )]
    #[non_exhaustive]
    Deserialize {
        /// The endpoint's name ([`Endpoint::NAME`](crate::builder::Endpoint::NAME)).
        endpoint: &'static str,
        /// The record's index.
        index: usize,
        /// serde's message.
        message: String,
    },
}

/// `count` records for `operation`, made from its response item schema with `seed`. See the
/// [module documentation](self) for what they hold.
///
/// ```
/// use sailpoint_filters::catalog::identities::list_identities_v1::OPERATION;
/// use sailpoint_filters::eval::compile;
///
/// let records = sailpoint_filters::sample::records(&OPERATION, 9, 42)?;
/// let example = OPERATION.example().unwrap();
/// let filter = OPERATION.schema().parse_filter(example, &Default::default())?;
/// let matcher = compile::<serde_json::Value>(&filter)?;
/// let matching = records.iter().filter(|r| matcher.matches(r)).count();
/// assert!(matching >= 1 && matching < records.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn records(
    operation: &'static Operation,
    count: usize,
    seed: u64,
) -> Result<Vec<Value>, SampleError> {
    check_count(count)?;
    let api = operation.api().name();
    let file = schemas::file(operation.api()).ok_or(SampleError::NotBuiltIn { api })?;
    let item = file
        .operations
        .get(operation.operation_id())
        .and_then(|entry| entry.get("item"))
        .filter(|item| !item.is_null())
        .ok_or(SampleError::NoSchema {
            api,
            operation_id: operation.operation_id(),
        })?;
    let base = seed ^ values::hash(operation.operation_id());
    let planter = plant::Planter::new(operation, &file.defs, item);
    let mut out = Vec::with_capacity(count);
    for index in 0..count {
        let mut generator = values::Generator::new(&file.defs, base, index);
        let mut record = generator.value(item, "", 0);
        if !record.is_object() {
            record = Value::Object(Map::new());
        }
        clear_scalar_parents(operation, &mut record);
        if let Some(planter) = &planter {
            match index % 3 {
                0 => planter.plant(&mut record, true, index == 0, &mut generator),
                1 => planter.plant(&mut record, false, false, &mut generator),
                _ => {}
            }
        }
        out.push(record);
    }
    Ok(out)
}

/// Where the catalog reads a field under a parent (`subtype.technicalName`) but the schema let
/// the parent be text or a number, the parent becomes `null`: fakes read the field from an
/// object or from nothing.
fn clear_scalar_parents(operation: &Operation, record: &mut Value) {
    for field in operation.fields() {
        let path = field.read_from().unwrap_or(field.path());
        let names: Vec<&str> = path.split('.').collect();
        let mut here = &mut *record;
        for name in &names[..names.len() - 1] {
            let Some(next) = here.get_mut(*name) else {
                break;
            };
            if matches!(next, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                *next = Value::Null;
                break;
            }
            here = next;
        }
    }
}
