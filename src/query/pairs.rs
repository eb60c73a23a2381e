//! The five parameters in serde as the query pairs SailPoint reads: so that an HTTP client's
//! `.query(&query)` (`reqwest`, via `serde_urlencoded`) sends them, and a framework's query
//! extractor reads them.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::paging::Paging;

use super::{CheckedQuery, CollectionQuery, QueryOptions};

/// Writes the parameters that differ from their defaults, as `to_query_string` does.
fn write_pairs<S: Serializer>(
    serializer: S,
    filters: Option<String>,
    sorters: Option<String>,
    paging: Paging,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    if let Some(filters) = filters {
        map.serialize_entry("filters", &filters)?;
    }
    if let Some(sorters) = sorters {
        map.serialize_entry("sorters", &sorters)?;
    }
    write_paging(&mut map, paging)?;
    map.end()
}

fn write_paging<M: SerializeMap>(map: &mut M, paging: Paging) -> Result<(), M::Error> {
    if paging.offset() != 0 {
        map.serialize_entry("offset", &paging.offset())?;
    }
    if let Some(limit) = paging.limit() {
        map.serialize_entry("limit", &limit)?;
    }
    if paging.count() {
        map.serialize_entry("count", &true)?;
    }
    Ok(())
}

impl Serialize for CollectionQuery {
    /// The query pairs: `filters` and `sorters` as their canonical text, `offset`, `limit`
    /// and `count` as numbers and a boolean, each left out at its default.
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let query = CollectionQuery::from_query_string("filters=name+sw+'a'&sorters=-name&count=true")?;
    /// let pairs = serde_urlencoded::to_string(&query).unwrap();
    /// assert_eq!(pairs, "filters=name+sw+%22a%22&sorters=-name&count=true");
    /// assert_eq!(pairs, query.to_query_string());
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_pairs(
            serializer,
            self.filters.as_ref().map(ToString::to_string),
            (!self.sorters.is_empty()).then(|| self.sorters.to_string()),
            self.paging,
        )
    }
}

impl Serialize for CheckedQuery {
    /// The query pairs of the query as the endpoint reads it ([`CheckedQuery::to_query`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_query().serialize(serializer)
    }
}

impl Serialize for Paging {
    /// `offset`, `limit` and `count`, each left out at its default.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// let paging = Paging::new(20, 10, true)?;
    /// assert_eq!(serde_urlencoded::to_string(paging).unwrap(), "offset=20&limit=10&count=true");
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_paging(&mut map, *self)?;
        map.end()
    }
}

/// A parameter's value as a query string or a JSON document gives it: text, a number or a
/// boolean, read as its text.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        struct ScalarVisitor;

        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a parameter value: text, a number or a boolean")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }

        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// Every `(name, value)` pair of a map, values read as text.
fn read_pairs<'de, A: MapAccess<'de>>(mut map: A) -> Result<Vec<(String, String)>, A::Error> {
    let mut pairs = Vec::new();
    while let Some(name) = map.next_key::<String>()? {
        let Scalar(value) = map.next_value()?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

impl<'de> Deserialize<'de> for CollectionQuery {
    /// Reads the query pairs as [`CollectionQuery::from_params_with`] does with the default
    /// options (other parameters are ignored); every problem in one serde error.
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let query: CollectionQuery = serde_urlencoded::from_str("filters=saved+eq+true&limit=5&x=y").unwrap();
    /// assert_eq!(query.to_query_string(), "filters=saved+eq+true&limit=5");
    /// let err = serde_urlencoded::from_str::<CollectionQuery>("limit=500").unwrap_err();
    /// assert_eq!(err.to_string(), "limit must be an integer from 0 to 250, got `500`");
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CollectionQuery, D::Error> {
        struct QueryVisitor;

        impl<'de> Visitor<'de> for QueryVisitor {
            type Value = CollectionQuery;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the collection parameters: filters, sorters, offset, limit, count")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CollectionQuery, A::Error> {
                let pairs = read_pairs(map)?;
                let pairs = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()));
                CollectionQuery::from_params_with(pairs, &QueryOptions::DEFAULT)
                    .map_err(|e| serde::de::Error::custom(e.messages().join("; ")))
            }
        }

        deserializer.deserialize_map(QueryVisitor)
    }
}

impl<'de> Deserialize<'de> for Paging {
    /// Reads `offset`, `limit` and `count` as [`Paging::from_params`] does.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// let paging: Paging = serde_json::from_str(r#"{"offset": 5, "count": true}"#).unwrap();
    /// assert_eq!((paging.offset(), paging.limit(), paging.count()), (5, None, true));
    /// assert!(serde_json::from_str::<Paging>(r#"{"limit": -1}"#).is_err());
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Paging, D::Error> {
        struct PagingVisitor;

        impl<'de> Visitor<'de> for PagingVisitor {
            type Value = Paging;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("offset, limit and count")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Paging, A::Error> {
                let pairs = read_pairs(map)?;
                let get = |name: &str| {
                    pairs
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str())
                };
                Paging::from_params(get("offset"), get("limit"), get("count"))
                    .map_err(|e| serde::de::Error::custom(e.messages().join("; ")))
            }
        }

        deserializer.deserialize_map(PagingVisitor)
    }
}
