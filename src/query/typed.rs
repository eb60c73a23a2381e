//! Queries built from an endpoint's typed handles: filter, sorters and paging in one chain,
//! each part checked like the field builders.

use std::fmt;
use std::marker::PhantomData;

use crate::builder::{Endpoint, TypedFilter, TypedSorters};
use crate::check::Error;
use crate::paging::{Paging, PagingError};
use crate::sorters::Sorters;

use super::{CheckedQuery, CollectionQuery};

/// The five parameters of a request to endpoint `E`, built from its typed field functions:
/// valid for `E` by construction, rendered as the query string to send.
///
/// Get one from the endpoint, `E::query()` ([`EndpointQuery`], in the prelude), or with
/// `TypedQuery::<E>::new()`.
///
/// ```
/// use sailpoint_filters::prelude::*;
/// use sailpoint_filters::role_mining_sessions::{RoleMiningSessions, created_date, name, saved};
///
/// let query = RoleMiningSessions::query()
///     .filter(saved().eq(true).and(name().sw("RM Session")))
///     .sort(created_date().desc())
///     .limit::<50>()
///     .count(true);
/// assert_eq!(
///     query.to_query_string(),
///     "filters=saved+eq+true+and+name+sw+%22RM+Session%22&sorters=-createdDate&limit=50&count=true",
/// );
/// // It serializes to the same pairs, for an HTTP client's `.query(&query)`.
/// assert_eq!(serde_urlencoded::to_string(&query).unwrap(), query.to_query_string());
/// ```
///
/// A `limit` over the endpoint's maximum does not compile:
///
/// ```compile_fail
/// use sailpoint_filters::prelude::*;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// let _ = RoleMiningSessions::query().limit::<251>(); // role mining sessions take at most 250
/// ```
pub struct TypedQuery<E: Endpoint> {
    filter: Option<TypedFilter<E>>,
    sorters: Option<TypedSorters<E>>,
    paging: Paging,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> TypedQuery<E> {
    /// The query with no filter, no sorters and the default paging.
    pub fn new() -> TypedQuery<E> {
        TypedQuery {
            filter: None,
            sorters: None,
            paging: Paging::DEFAULT,
            endpoint: PhantomData,
        }
    }

    /// The query with this filter (in place of any before).
    pub fn filter(mut self, filter: TypedFilter<E>) -> TypedQuery<E> {
        self.filter = Some(filter);
        self
    }

    /// The query with these sorters (in place of any before).
    pub fn sort(mut self, sorters: TypedSorters<E>) -> TypedQuery<E> {
        self.sorters = Some(sorters);
        self
    }

    /// The query from `offset` on. SailPoint's offset is an int32: a larger one is taken as
    /// 2147483647, past the end of any collection all the same.
    pub fn offset(mut self, offset: u32) -> TypedQuery<E> {
        let offset = offset.min(Paging::MAX_OFFSET);
        self.paging = self.paging.with_offset(offset).unwrap_or(self.paging);
        self
    }

    /// The query with at most `N` records a page, `N` checked against the endpoint's `limit`
    /// range ([`Endpoint::MIN_LIMIT`] to [`Endpoint::MAX_LIMIT`]) when the program is built.
    ///
    /// An `N` out of the range is an error of `cargo build` (and of `cargo test`), naming the
    /// endpoint and its range: ``evaluation panicked: `limit::<500>()` is out of range for
    /// `listAccountsV1`, whose `limit` is from 0 to 250``. `cargo check` does not report it:
    /// the check runs when the generic function is instantiated for the endpoint, which only a
    /// build does (stable Rust cannot state the bound in the signature).
    pub fn limit<const N: u32>(self) -> TypedQuery<E> {
        const {
            if N < E::MIN_LIMIT || N > E::MAX_LIMIT {
                let message = LimitMessage::new(E::NAME, N, E::MIN_LIMIT, E::MAX_LIMIT);
                panic!("{}", message.as_str());
            }
        };
        self.with_limit_unchecked(N)
    }

    /// The query with at most `limit` records a page, for a limit known only at run time; an
    /// error names the endpoint's largest limit.
    ///
    /// ```
    /// use sailpoint_filters::prelude::*;
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    /// assert!(RoleMiningSessions::query().try_limit(100).is_ok());
    /// let err = RoleMiningSessions::query().try_limit(300).unwrap_err();
    /// assert_eq!(err.to_string(), "limit must be an integer from 0 to 250, got `300`");
    /// ```
    pub fn try_limit(self, limit: u32) -> Result<TypedQuery<E>, PagingError> {
        let paging = self.paging.with_limit(limit)?;
        paging.check(E::schema())?;
        Ok(TypedQuery { paging, ..self })
    }

    fn with_limit_unchecked(mut self, limit: u32) -> TypedQuery<E> {
        self.paging = self.paging.with_limit(limit).unwrap_or(self.paging);
        self
    }

    /// The query asking for the total count (`X-Total-Count`) or not.
    pub fn count(mut self, count: bool) -> TypedQuery<E> {
        self.paging = self.paging.with_count(count);
        self
    }

    /// The parts as plain syntax trees.
    pub fn to_query(&self) -> CollectionQuery {
        CollectionQuery::new(
            self.filter.as_ref().map(|f| f.as_filter().clone()),
            self.sorters
                .as_ref()
                .map_or_else(Sorters::default, |s| s.as_sorters().clone()),
            self.paging,
        )
    }

    /// The query checked for its endpoint — valid by construction, so its fields and operators
    /// are not checked again — ready to run over records.
    ///
    /// # Errors
    ///
    /// Only when the filter nests `and`/`or` deeper than
    /// [`MAX_DEPTH`](crate::check::MAX_DEPTH), which only a tree built in a loop can.
    ///
    /// ```
    /// use sailpoint_filters::prelude::*;
    /// use sailpoint_filters::role_mining_sessions::{self, RoleMiningSessions, name};
    ///
    /// let query = RoleMiningSessions::query().filter(name().sw("RM")).limit::<5>().checked()?;
    /// let sessions = role_mining_sessions::sample();
    /// assert_eq!(query.run(&sessions)?.items.len(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked(&self) -> Result<CheckedQuery, Error> {
        let schema = E::schema();
        let query = self.to_query();
        let filters = match &self.filter {
            Some(filter) => Some(filter.checked()?),
            None => None,
        };
        // Typed sorters name only sortable fields, once each; the schema resolves them.
        let sorters = query.sorters.check(schema);
        debug_assert!(sorters.is_ok(), "typed sorters do not suit their schema");
        let sorters = sorters.unwrap_or_default();
        Ok(CheckedQuery::new(
            filters,
            sorters,
            query.paging,
            schema.default_limit(),
        ))
    }

    /// The query string to send: canonical filter and sorters, form-encoded, parameters at
    /// their defaults left out.
    pub fn to_query_string(&self) -> String {
        self.to_query().to_query_string()
    }
}

impl<E: Endpoint> Default for TypedQuery<E> {
    fn default() -> TypedQuery<E> {
        TypedQuery::new()
    }
}

impl<E: Endpoint> Clone for TypedQuery<E> {
    fn clone(&self) -> TypedQuery<E> {
        TypedQuery {
            filter: self.filter.clone(),
            sorters: self.sorters.clone(),
            paging: self.paging,
            endpoint: PhantomData,
        }
    }
}

impl<E: Endpoint> fmt::Debug for TypedQuery<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedQuery")
            .field("endpoint", &E::NAME)
            .field("query", &self.to_query_string())
            .finish()
    }
}

impl<E: Endpoint> fmt::Display for TypedQuery<E> {
    /// The query string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

impl<E: Endpoint> serde::Serialize for TypedQuery<E> {
    /// The query pairs, as [`CollectionQuery`] writes them.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_query().serialize(serializer)
    }
}

impl<E: Endpoint> From<TypedQuery<E>> for CollectionQuery {
    fn from(query: TypedQuery<E>) -> CollectionQuery {
        query.to_query()
    }
}

/// The message of a `limit::<N>()` out of its endpoint's range, written when the program
/// compiles: `` `limit::<500>()` is out of range for `listAccountsV1`, whose `limit` is from 0
/// to 250 ``.
struct LimitMessage {
    bytes: [u8; LimitMessage::CAPACITY],
    len: usize,
}

impl LimitMessage {
    const CAPACITY: usize = 256;

    const fn new(endpoint: &str, limit: u32, min: u32, max: u32) -> LimitMessage {
        LimitMessage {
            bytes: [0; LimitMessage::CAPACITY],
            len: 0,
        }
        .text("`limit::<")
        .number(limit)
        .text(">()` is out of range for `")
        .text(endpoint)
        .text("`, whose `limit` is from ")
        .number(min)
        .text(" to ")
        .number(max)
    }

    const fn text(mut self, text: &str) -> LimitMessage {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && self.len < LimitMessage::CAPACITY {
            self.bytes[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn number(self, n: u32) -> LimitMessage {
        // u32::MAX has 10 digits.
        let mut digits = [0u8; 10];
        let mut start = digits.len();
        let mut rest = n;
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        match std::str::from_utf8(digits.split_at(start).1) {
            Ok(text) => self.text(text),
            Err(_) => self,
        }
    }

    const fn as_str(&self) -> &str {
        match std::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            // A name cut inside a character: the fixed part alone.
            Err(_) => "`limit::<N>()` is out of range for the endpoint",
        }
    }
}

/// `E::query()` for every endpoint `E`: a typed query of it. (In the prelude.)
///
/// ```
/// use sailpoint_filters::query::EndpointQuery;
/// use sailpoint_filters::role_mining_sessions::{RoleMiningSessions, saved};
/// assert_eq!(RoleMiningSessions::query().filter(saved().eq(true)).to_string(), "filters=saved+eq+true");
/// ```
pub trait EndpointQuery: Endpoint {
    /// A query of this endpoint built from its typed field functions: filter, sorters and
    /// paging in one chain.
    fn query() -> TypedQuery<Self> {
        TypedQuery::new()
    }
}

impl<E: Endpoint> EndpointQuery for E {}

#[cfg(test)]
mod tests {
    use super::LimitMessage;

    #[test]
    fn the_limit_message_names_the_endpoint_and_its_range() {
        const MESSAGE: LimitMessage = LimitMessage::new("listAccountsV1", 500, 0, 250);
        assert_eq!(
            MESSAGE.as_str(),
            "`limit::<500>()` is out of range for `listAccountsV1`, whose `limit` is from 0 to 250"
        );
        assert_eq!(
            LimitMessage::new("getLaunchersV1", u32::MAX, 1, 100).as_str(),
            "`limit::<4294967295>()` is out of range for `getLaunchersV1`, whose `limit` is from 1 to 100"
        );
        // A name too long for the message is cut; cut inside a character, the fixed part stays.
        let long = format!("a{}", "é".repeat(200));
        assert_eq!(
            LimitMessage::new(&long, 1, 0, 0).as_str(),
            "`limit::<N>()` is out of range for the endpoint"
        );
    }
}
