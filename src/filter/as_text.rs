//! A filter in serde as its canonical text: for the query string of an HTTP client
//! (`serde_urlencoded`, what `reqwest`'s `.query()` uses), configuration files, or anywhere a
//! filter is one string rather than [the JSON tree](super#json-shape).
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Params {
//!     #[serde(with = "sailpoint_filters::filter::as_text")]
//!     filters: Filter,
//!     limit: u32,
//! }
//!
//! let params = Params { filters: Filter::parse("name sw 'RM'")?, limit: 5 };
//! let query = serde_urlencoded::to_string(&params).unwrap();
//! assert_eq!(query, "filters=name+sw+%22RM%22&limit=5");
//! let back: Params = serde_urlencoded::from_str(&query).unwrap();
//! assert_eq!(back.filters, params.filters);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! Reading uses the lenient syntax with the default limits; a filter that does not parse is a
//! serde error with the parse error's message. [`option`] does the same for `Option<Filter>`.

use serde::{Deserialize, Deserializer, Serializer};

use super::Filter;

/// Writes the filter's canonical text.
pub fn serialize<S: Serializer>(filter: &Filter, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(filter)
}

/// Reads a filter from its text (the lenient syntax, default limits).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Filter, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
    Filter::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
}

/// [`as_text`](super::as_text) for `Option<Filter>`: `None` is left out when serializing (with
/// `skip_serializing_if = "Option::is_none"`) or absent when reading (with `default`).
///
/// ```
/// use sailpoint_filters::Filter;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Params {
///     #[serde(with = "sailpoint_filters::filter::as_text::option", default, skip_serializing_if = "Option::is_none")]
///     filters: Option<Filter>,
/// }
///
/// assert_eq!(serde_urlencoded::to_string(&Params { filters: None }).unwrap(), "");
/// let read: Params = serde_urlencoded::from_str("filters=saved+eq+true").unwrap();
/// assert_eq!(read.filters, Some(Filter::parse("saved eq true")?));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Filter;

    /// Writes the filter's canonical text, or nothing.
    pub fn serialize<S: Serializer>(
        filter: &Option<Filter>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match filter {
            Some(filter) => serializer.collect_str(filter),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a filter from its text, or nothing.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Filter>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.map(|text| Filter::parse(&text).map_err(|e| serde::de::Error::custom(e.message())))
            .transpose()
    }
}
