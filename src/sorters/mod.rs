//! The `sorters` language: sort keys, their parser and their canonical printer.
//!
//! `sorters` is a comma-separated list of field names, each optionally prefixed with `-` for
//! descending order: `-createdDate,createdBy`. Whitespace around a key is ignored and empty text
//! means "no sorting" (records keep their stored order). The syntax is stated once, in
//! `grammar/sorters.pest`.
//!
//! ```
//! use sailpoint_filters::{Schema, Sorters, eval::SortPlan};
//! use serde_json::json;
//!
//! // Parse what a client sends, and print the one canonical spelling.
//! let sorters: Sorters = " -createdDate , name ".parse()?;
//! assert_eq!(sorters.to_string(), "-createdDate,name");
//!
//! // Check it against the endpoint, then order records by it.
//! let schema = Schema::new("sessions").with_sortable(["createdDate", "name"]);
//! let plan = SortPlan::<serde_json::Value>::new(&sorters.check(&schema)?)?;
//! let (a, b, c) = (
//!     json!({"name": "b", "createdDate": "2024-01-01T00:00:00Z"}),
//!     json!({"name": "A", "createdDate": "2024-01-01T00:00:00Z"}),
//!     json!({"name": "c", "createdDate": null}),
//! );
//! let mut records = vec![&c, &a, &b];
//! plan.sort(&mut records);
//! // Same date: by name, ignoring case. No date sorts first when descending.
//! assert_eq!(records, [&c, &b, &a]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Order
//!
//! * Keys compare in turn; a descending key reverses its own comparison only.
//! * Null (or missing) sorts after every value ascending, so first descending.
//! * Text compares after Unicode lowercase mapping ([`compare_for_sort`](crate::value::compare_for_sort)),
//!   unless the schema marks the field case-sensitive.
//! * Values of different kinds order by kind — booleans, numbers, date-times (including text
//!   that reads as an RFC 3339 date-time), other text, anything else — so the order is total
//!   even on mixed data; a collection sorts by its first element.
//! * Sorting is stable: records that compare equal keep their input order.
//!
//! A sortable name may stand for several fields, compared in turn: the schema's
//! [`Schema::sort_paths`](crate::Schema::sort_paths) says which (role mining sessions sort `createdBy` by the creator's display
//! name, then id), whatever the record type.

//!
//! Checking sorters against an endpoint is [`Sorters::check`](crate::check), which gives the
//! [`CheckedSorters`](crate::check::CheckedSorters) that order records.

mod error;
mod parse;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diag::Span;
use crate::filter::FieldPath;

pub use error::{SortersParseError, SortersParseProblem};
pub use parse::SortersLimits;

/// One sort key: a field, ascending or descending.
///
/// A key parsed from text remembers where its field name was ([`SortKey::span`]); the span takes
/// no part in equality or hashing.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::SortKey;
///
/// let key = SortKey::desc(FieldPath::from_static("createdDate"));
/// assert_eq!(key.to_string(), "-createdDate");
/// assert_eq!(key, SortKey::new(FieldPath::from_static("createdDate"), true));
/// ```
#[derive(Clone, Debug)]
pub struct SortKey {
    /// The field (a sortable name of the endpoint).
    pub field: FieldPath,
    /// Whether the order is reversed (written with a leading `-`).
    pub descending: bool,
    span: Option<Span>,
}

impl SortKey {
    /// A key on `field`, descending if `descending`.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::SortKey;
    /// assert!(!SortKey::new(FieldPath::from_static("name"), false).descending);
    /// ```
    pub const fn new(field: FieldPath, descending: bool) -> SortKey {
        SortKey {
            field,
            descending,
            span: None,
        }
    }

    /// An ascending key.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::SortKey;
    /// const BY_CREATOR: SortKey = SortKey::asc(FieldPath::from_static("createdBy"));
    /// assert_eq!(BY_CREATOR.to_string(), "createdBy");
    /// ```
    pub const fn asc(field: FieldPath) -> SortKey {
        SortKey::new(field, false)
    }

    /// A descending key.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::SortKey;
    /// assert!(SortKey::desc(FieldPath::from_static("createdDate")).descending);
    /// ```
    pub const fn desc(field: FieldPath) -> SortKey {
        SortKey::new(field, true)
    }

    /// Where the field name is in the text the key was parsed from; `None` for keys built in
    /// code.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// use sailpoint_filters::Sorters;
    /// let sorters = Sorters::parse("name, -createdDate")?;
    /// assert_eq!(sorters.keys()[1].span(), Some(Span::new(7, 18)));
    /// # Ok::<(), sailpoint_filters::SortersParseError>(())
    /// ```
    pub fn span(&self) -> Option<Span> {
        self.span
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &SortKey) -> bool {
        self.field == other.field && self.descending == other.descending
    }
}

impl Eq for SortKey {}

impl std::hash::Hash for SortKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.field.hash(state);
        self.descending.hash(state);
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        write!(f, "{}", self.field)
    }
}

/// The value of a `sorters` parameter: sort keys, most significant first.
///
/// `Display` prints the canonical spelling — keys joined by `,` with no spaces — and `FromStr`
/// parses it ([`Sorters::parse`]). With serde, sorters are that string.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::{SortKey, Sorters};
///
/// let sorters = Sorters::new([
///     SortKey::desc(FieldPath::from_static("createdDate")),
///     SortKey::asc(FieldPath::from_static("createdBy")),
/// ]);
/// assert_eq!(sorters.to_string(), "-createdDate,createdBy");
/// assert_eq!("-createdDate, createdBy".parse::<Sorters>()?, sorters);
/// assert_eq!(serde_json::to_string(&sorters).unwrap(), r#""-createdDate,createdBy""#);
/// # Ok::<(), sailpoint_filters::SortersParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sorters {
    keys: Vec<SortKey>,
}

impl Sorters {
    /// Sorters with these keys, most significant first. Nothing is checked here; see
    /// [`Sorters::check`].
    ///
    /// ```
    /// use sailpoint_filters::Sorters;
    /// assert!(Sorters::new([]).is_empty());
    /// ```
    pub fn new(keys: impl IntoIterator<Item = SortKey>) -> Sorters {
        Sorters {
            keys: keys.into_iter().collect(),
        }
    }

    /// The keys, most significant first.
    ///
    /// ```
    /// use sailpoint_filters::Sorters;
    /// let sorters = Sorters::parse("-createdDate")?;
    /// assert_eq!(sorters.keys()[0].field.as_str(), "createdDate");
    /// assert!(sorters.keys()[0].descending);
    /// # Ok::<(), sailpoint_filters::SortersParseError>(())
    /// ```
    pub fn keys(&self) -> &[SortKey] {
        &self.keys
    }

    /// Whether there are no keys (records keep their stored order).
    ///
    /// ```
    /// use sailpoint_filters::Sorters;
    /// assert!(Sorters::parse("  ")?.is_empty());
    /// # Ok::<(), sailpoint_filters::SortersParseError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl FromIterator<SortKey> for Sorters {
    fn from_iter<I: IntoIterator<Item = SortKey>>(iter: I) -> Sorters {
        Sorters::new(iter)
    }
}

impl From<Vec<SortKey>> for Sorters {
    fn from(keys: Vec<SortKey>) -> Sorters {
        Sorters { keys }
    }
}

impl fmt::Display for Sorters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Sorters {
    type Err = SortersParseError;

    fn from_str(s: &str) -> Result<Sorters, SortersParseError> {
        Sorters::parse(s)
    }
}

impl Serialize for Sorters {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sorters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Sorters, D::Error> {
        let text = String::deserialize(deserializer)?;
        Sorters::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}
