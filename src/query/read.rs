//! Reading the five parameters from a query string or from decoded pairs, reporting every
//! problem of the request at once.

use std::borrow::Cow;

use crate::check::Error;
use crate::diag::{Diagnostic, Diagnostics, Parameter, Quoted, RequestProblem};
use crate::filter::{Filter, Limits, ParseOptions, Syntax};
use crate::paging::Paging;
use crate::schema::Schema;
use crate::sorters::{Sorters, SortersLimits};

use super::{CheckedQuery, CollectionQuery};

/// How to read a query string: the filter syntax and every bound.
///
/// ```
/// use sailpoint_filters::{CollectionQuery, QueryOptions};
/// let options = QueryOptions::default().with_max_length(16);
/// assert!(CollectionQuery::from_query_string_with("filters=name+eq+%22a%22", &options).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueryOptions {
    /// How `filters` is parsed: its syntax and limits.
    pub filters: ParseOptions,
    /// Bounds on `sorters`.
    pub sorters: SortersLimits,
    /// Longest query string, in bytes (before decoding). Default 64 KiB.
    pub max_length: usize,
}

impl QueryOptions {
    /// Lenient filters with the default limits; 64 KiB of query string.
    pub const DEFAULT: QueryOptions = QueryOptions {
        filters: ParseOptions {
            syntax: Syntax::Lenient,
            limits: Limits::DEFAULT,
        },
        sorters: SortersLimits::DEFAULT,
        max_length: 64 * 1024,
    };

    /// These options with another bound on the query string's length.
    ///
    /// ```
    /// use sailpoint_filters::QueryOptions;
    /// assert_eq!(QueryOptions::default().with_max_length(10).max_length, 10);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> QueryOptions {
        self.max_length = bytes;
        self
    }

    /// These options with the strict or lenient filter syntax. The syntax governs parsing and
    /// checking alike: in the strict syntax a bare integer is no string either.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, QueryOptions, Syntax};
    /// let strict = QueryOptions::default().with_syntax(Syntax::Strict);
    /// assert!(CollectionQuery::from_query_string_with("filters=status+eq+PENDING", &strict).is_err());
    /// ```
    pub const fn with_syntax(mut self, syntax: Syntax) -> QueryOptions {
        self.filters.syntax = syntax;
        self
    }
}

impl Default for QueryOptions {
    fn default() -> QueryOptions {
        QueryOptions::DEFAULT
    }
}

/// The five parameters' texts as sent (decoded), each at most once.
#[derive(Default)]
struct Texts<'a> {
    values: [Option<Cow<'a, str>>; 5],
}

impl<'a> Texts<'a> {
    fn get(&self, parameter: Parameter) -> Option<&str> {
        let index = Parameter::COLLECTION.iter().position(|p| *p == parameter)?;
        self.values[index].as_deref()
    }
}

/// What reading found: the query as far as it could be read, its texts, and every problem.
struct Reading<'a> {
    query: CollectionQuery,
    texts: Texts<'a>,
    problems: Vec<Diagnostic<crate::Problem>>,
}

impl<'a> Reading<'a> {
    fn new() -> Reading<'a> {
        Reading {
            query: CollectionQuery::default(),
            texts: Texts::default(),
            problems: Vec::new(),
        }
    }

    fn add(&mut self, err: impl Into<Error>) {
        let err: Error = err.into();
        self.problems.extend(err.into_problems());
    }

    fn request(&mut self, kind: RequestProblem, parameter: Parameter) {
        self.problems
            .push(Diagnostic::new(kind.into(), parameter, None));
    }

    /// Splits a raw query string into decoded pairs and reads them.
    fn query_string(query: &'a str, options: &QueryOptions, max_limit: u32) -> Reading<'a> {
        let mut reading = Reading::new();
        if query.len() > options.max_length {
            let kind = RequestProblem::TooLong {
                len: query.len(),
                max: options.max_length,
            };
            reading.request(kind, Parameter::QueryString);
            return reading;
        }
        let mut pairs = Vec::new();
        for raw in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = raw.split_once('=').unwrap_or((raw, ""));
            match (decode(raw_name), decode(raw_value)) {
                (Ok(name), Ok(value)) => pairs.push((name, value)),
                // A malformed value matters only for the parameters read here.
                (Ok(name), Err(reason)) => {
                    if let Some(parameter) = Parameter::from_name(&name) {
                        reading.request(RequestProblem::Malformed { reason }, parameter);
                    }
                }
                (Err(reason), _) => {
                    let kind = RequestProblem::MalformedName {
                        name: raw_name.to_owned(),
                        reason,
                    };
                    reading.request(kind, Parameter::QueryString);
                }
            }
        }
        reading.pairs(pairs, options, max_limit);
        reading
    }

    /// Reads decoded pairs: each collection parameter once; others ignored, as SailPoint does.
    fn pairs(
        &mut self,
        pairs: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
        options: &QueryOptions,
        max_limit: u32,
    ) {
        for (name, value) in pairs {
            let Some(parameter) = Parameter::from_name(&name) else {
                continue;
            };
            let index = Parameter::COLLECTION.iter().position(|p| *p == parameter);
            let Some(slot) = index.and_then(|i| self.texts.values.get_mut(i)) else {
                continue;
            };
            if slot.is_some() {
                let repeated = |p: &Diagnostic<crate::Problem>| {
                    p.parameter() == parameter
                        && p.kind() == &crate::Problem::Request(RequestProblem::Repeated)
                };
                if !self.problems.iter().any(repeated) {
                    self.request(RequestProblem::Repeated, parameter);
                }
            } else {
                *slot = Some(value);
            }
        }
        if let Some(text) = self.texts.get(Parameter::Filters) {
            match Filter::parse_with(text, &options.filters) {
                Ok(filter) => self.query.filters = Some(filter),
                Err(err) => self.add(err),
            }
        }
        if let Some(text) = self.texts.get(Parameter::Sorters) {
            match Sorters::parse_with(text, &options.sorters) {
                Ok(sorters) => self.query.sorters = sorters,
                Err(err) => self.add(err),
            }
        }
        let paging = Paging::from_params_with(
            self.texts.get(Parameter::Offset),
            self.texts.get(Parameter::Limit),
            self.texts.get(Parameter::Count),
            max_limit,
        );
        match paging {
            Ok(paging) => self.query.paging = paging,
            Err(err) => self.add(err),
        }
    }

    /// The query, or every problem.
    fn finish(self) -> Result<CollectionQuery, Error> {
        match Diagnostics::new(self.problems) {
            Some(err) => Err(err),
            None => Ok(self.query),
        }
    }

    /// Checks what was read against `schema`, with the syntax the filter was read in; every
    /// problem of the request, reading's and checking's, in one error.
    fn check(self, schema: &Schema, syntax: Syntax) -> Result<CheckedQuery, Error> {
        let Reading {
            query,
            texts,
            problems,
        } = self;
        let locate = |err: Error| {
            let mut err = err.with_endpoint(schema.endpoint());
            for parameter in [Parameter::Filters, Parameter::Sorters] {
                if let Some(text) = texts.get(parameter) {
                    err = err.with_source(parameter, text);
                }
            }
            err
        };
        let read = Diagnostics::new(problems);
        let checked = match query.check(schema, syntax) {
            Ok(checked) => checked,
            Err(more) => {
                let all = match read {
                    Some(mut read) => {
                        read.extend(more);
                        read
                    }
                    None => more,
                };
                return Err(locate(all));
            }
        };
        match read {
            Some(read) => Err(locate(read)),
            None => Ok(checked.with_filter_source(texts.get(Parameter::Filters))),
        }
    }
}

impl CollectionQuery {
    /// Reads the parameters from a URL query string (without the `?`), with the default options.
    ///
    /// Values are percent-decoded, `+` standing for a space. Unknown parameters are ignored. A
    /// repeated parameter, bad percent-encoding, a value that is not UTF-8, or any parameter
    /// that does not parse is an error; all of them are reported together. No endpoint is
    /// known: `limit` is held to the standard maximum of 250, and nothing is checked against a
    /// schema (see [`CollectionQuery::from_query_string_for`]).
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let err = CollectionQuery::from_query_string("limit=251&offset=-1&limit=5&filters=a+EQ+1").unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "limit: the parameter is given more than once",
    ///     "filters: column 3: `EQ` must be lowercase: write `eq`",
    ///     "offset must be an integer from 0 to 2147483647, got `-1`",
    ///     "limit must be an integer from 0 to 250, got `251`",
    /// ]);
    /// ```
    pub fn from_query_string(query: &str) -> Result<CollectionQuery, Error> {
        CollectionQuery::from_query_string_with(query, &QueryOptions::DEFAULT)
    }

    /// Reads the parameters from a URL query string with the given options.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, QueryOptions};
    /// let query = CollectionQuery::from_query_string_with("count=true", &QueryOptions::default())?;
    /// assert!(query.paging.count());
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn from_query_string_with(
        query: &str,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, Error> {
        Reading::query_string(query, options, Paging::MAX_LIMIT).finish()
    }

    /// Reads the parameters from decoded `(name, value)` pairs — what a web framework hands
    /// over — with the given options.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, QueryOptions};
    /// let query = CollectionQuery::from_params_with([("sorters", "-createdDate"), ("x", "y")], &QueryOptions::default())?;
    /// assert_eq!(query.sorters.to_string(), "-createdDate");
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn from_params_with<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, Error> {
        let mut reading = Reading::new();
        reading.pairs(borrowed(pairs), options, Paging::MAX_LIMIT);
        reading.finish()
    }

    /// Reads a URL query string for an endpoint: parsed, then checked against `schema` with
    /// the options' syntax. Every problem of the request — syntax, paging, schema — comes in
    /// one error, as a server answers.
    ///
    /// ```
    /// use sailpoint_filters::builder::Endpoint;
    /// use sailpoint_filters::{CollectionQuery, QueryOptions};
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let schema = RoleMiningSessions::schema();
    /// let options = QueryOptions::default();
    /// let query = CollectionQuery::from_query_string_for("sorters=-createdDate&count=true", schema, &options)?;
    /// assert!(query.count());
    /// let err = CollectionQuery::from_query_string_for("sorters=name&limit=x", schema, &options).unwrap_err();
    /// assert_eq!(err.messages().len(), 2);
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn from_query_string_for(
        query: &str,
        schema: &Schema,
        options: &QueryOptions,
    ) -> Result<CheckedQuery, Error> {
        Reading::query_string(query, options, schema.max_limit())
            .check(schema, options.filters.syntax)
    }

    /// Reads decoded `(name, value)` pairs for an endpoint, as
    /// [`CollectionQuery::from_query_string_for`] does.
    ///
    /// ```
    /// use sailpoint_filters::builder::Endpoint;
    /// use sailpoint_filters::{CollectionQuery, QueryOptions, Syntax};
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let schema = RoleMiningSessions::schema();
    /// let pairs = [("filters", "saved sw \"x\""), ("limit", "300")];
    /// let err = CollectionQuery::from_params_for(pairs, schema, &QueryOptions::default()).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "limit must be an integer from 0 to 250, got `300`",
    ///     "filters: column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
    /// ]);
    ///
    /// // The strict syntax holds for checking too: `5` is no string there.
    /// let strict = QueryOptions::default().with_syntax(Syntax::Strict);
    /// let err = CollectionQuery::from_params_for([("filters", "name eq 5")], schema, &strict).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "filters: column 9: `name` is a string field and takes a string, not 5 (the strict syntax needs quotes: \"5\")",
    /// ]);
    /// ```
    pub fn from_params_for<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        schema: &Schema,
        options: &QueryOptions,
    ) -> Result<CheckedQuery, Error> {
        let mut reading = Reading::new();
        reading.pairs(borrowed(pairs), options, schema.max_limit());
        reading.check(schema, options.filters.syntax)
    }
}

fn borrowed<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> impl Iterator<Item = (Cow<'a, str>, Cow<'a, str>)> {
    pairs
        .into_iter()
        .map(|(name, value)| (Cow::Borrowed(name), Cow::Borrowed(value)))
}

/// Percent-decodes one form-encoded name or value (`+` is a space); the reason if it is
/// malformed.
fn decode(raw: &str) -> Result<Cow<'_, str>, String> {
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('%') {
        let hex = bytes.get(i + 1..i + 3);
        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
            let shown: String = raw[i..].chars().take(3).collect();
            return Err(format!(
                "{} is not a percent-encoded byte (expected % and two hex digits)",
                Quoted(&shown)
            ));
        }
    }
    if !raw.contains(['%', '+']) {
        return Ok(Cow::Borrowed(raw));
    }
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|text| Cow::Owned(text.into_owned()))
        .map_err(|_| "the percent-decoded bytes are not UTF-8".to_owned())
}
