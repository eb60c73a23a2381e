//! Value semantics, written once for every engine: how field values read from records compare
//! with filter values and with each other (SPEC §3, §4, §8).
//!
//! * [`Record`] and [`FieldRef`]: how a field's value is read from a record;
//! * case folding: text compared after Unicode lowercase mapping;
//! * numbers compared exactly across integers and floats;
//! * [`DateTime`]: RFC 3339 date-times over SailPoint's whole range, compared as instants;
//! * [`compare_for_sort`]: the total order sorting uses.
//!
//! ```
//! use std::cmp::Ordering;
//! use sailpoint_filters::value::compare_for_sort;
//! use sailpoint_filters::{DateTime, FieldRef};
//!
//! // Text that reads as a date-time sorts as one; other text by its lowercase mapping.
//! let never: DateTime = "9999-12-31T23:59:59Z".parse()?;
//! assert_eq!(compare_for_sort(FieldRef::Str("2024-01-01T00:00:00Z"), FieldRef::DateTime(never), false), Ordering::Less);
//! assert_eq!(compare_for_sort(FieldRef::Str("alice"), FieldRef::Str("Bob"), false), Ordering::Less);
//! # Ok::<(), sailpoint_filters::DateTimeError>(())
//! ```

mod datetime;
pub(crate) mod fold;
pub(crate) mod number;
mod order;
mod record;

pub use datetime::{DateTime, DateTimeError};
pub(crate) use order::SortValue;
pub use order::compare_for_sort;
pub use record::{FieldRef, JsonPath, Record};
