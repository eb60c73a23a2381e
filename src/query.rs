//! All five collection parameters together: read from a query string, written back, and run
//! over records — filter, sort, count, page.
//!
//! ```
//! use sailpoint_filters::query::CollectionQuery;
//! use sailpoint_filters::{FieldType, Op, Schema};
//! use serde_json::json;
//!
//! let schema = Schema::new("sessions")
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
//!     .with_sortable(["name"]);
//! let query = CollectionQuery::from_query_string("filters=name+sw+%22rm%22&sorters=-name&limit=2&count=true")?;
//! assert_eq!(query.to_query_string(), "filters=name+sw+%22rm%22&sorters=-name&limit=2&count=true");
//!
//! let records = vec![
//!     json!({"name": "RM a"}), json!({"name": "other"}), json!({"name": "rm c"}), json!({"name": "RM b"}),
//! ];
//! let page = query.run(&records, &schema)?;
//! assert_eq!(page.total, 3);
//! assert_eq!(page.items, [&records[2], &records[3]]);
//! # Ok::<(), sailpoint_filters::query::QueryError>(())
//! ```
//!
//! The order of work is SailPoint's: filter, then sort, then count (the total before paging),
//! then `offset`/`limit`. A page of a large result is not fully sorted: only the first
//! `offset + limit` records are selected, then ordered.

use std::fmt;

use crate::ast::Filter;
use crate::error::ErrorBody;
use crate::eval::{Record, compile};
use crate::page::{Paging, PagingError};
use crate::parse::{Limits, ParseError, ParseOptions, Syntax};
use crate::schema::Schema;
use crate::sort::{Sorters, SortersError, SortersLimits, SortersValidationError};
use crate::validate::ValidationError;

/// How to read a query string: the filter syntax and every bound.
///
/// ```
/// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
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
    /// use sailpoint_filters::query::QueryOptions;
    /// assert_eq!(QueryOptions::default().with_max_length(10).max_length, 10);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> QueryOptions {
        self.max_length = bytes;
        self
    }

    /// These options with the strict or lenient filter syntax.
    ///
    /// ```
    /// use sailpoint_filters::Syntax;
    /// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
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

/// The five collection parameters of one request.
///
/// Equality compares what the parameters mean, not how they were spelled.
///
/// ```
/// use sailpoint_filters::query::CollectionQuery;
/// let a = CollectionQuery::from_query_string("filters=saved%20eq%20%22true%22&limit=250")?;
/// let b = CollectionQuery::from_query_string("filters=saved+eq+%22true%22")?;
/// assert_eq!(a, b);
/// # Ok::<(), sailpoint_filters::query::QueryError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct CollectionQuery {
    /// `filters`, if given.
    pub filters: Option<Filter>,
    /// `sorters` (empty: stored order).
    pub sorters: Sorters,
    /// `offset`, `limit`, `count`.
    pub paging: Paging,
    /// The decoded texts, for pointing at problems found later by validation.
    filters_text: Option<String>,
    sorters_text: Option<String>,
}

impl PartialEq for CollectionQuery {
    fn eq(&self, other: &CollectionQuery) -> bool {
        self.filters == other.filters
            && self.sorters == other.sorters
            && self.paging == other.paging
    }
}

impl Eq for CollectionQuery {}

/// The parameters this module reads; every other parameter is ignored, as SailPoint does.
const PARAMETERS: [&str; 5] = ["filters", "sorters", "offset", "limit", "count"];

impl CollectionQuery {
    /// A query of these parts.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, page::Paging, query::CollectionQuery, sort::Sorters};
    /// let query = CollectionQuery::new(Some(Filter::parse("a eq 1")?), Sorters::default(), Paging::default());
    /// assert_eq!(query.to_query_string(), "filters=a+eq+1");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn new(filters: Option<Filter>, sorters: Sorters, paging: Paging) -> CollectionQuery {
        CollectionQuery {
            filters,
            sorters,
            paging,
            filters_text: None,
            sorters_text: None,
        }
    }

    /// Reads the parameters from a URL query string (without the `?`), with the default options.
    ///
    /// Values are percent-decoded, `+` standing for a space. Unknown parameters are ignored. A
    /// repeated parameter, bad percent-encoding, a value that is not UTF-8, or any parameter
    /// that does not parse is an error; all of them are reported together.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// let err = CollectionQuery::from_query_string("limit=251&offset=-1&limit=5&filters=a+EQ+1").unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "limit: the parameter is given more than once",
    ///     "filters: column 3: `EQ` must be lowercase: write `eq`",
    ///     "offset must be an integer from 0 to 2147483647, got `-1`",
    ///     "limit must be an integer from 0 to 250, got `251`",
    /// ]);
    /// ```
    pub fn from_query_string(query: &str) -> Result<CollectionQuery, QueryError> {
        CollectionQuery::from_query_string_with(query, &QueryOptions::DEFAULT)
    }

    /// Reads the parameters from a URL query string with the given options.
    ///
    /// ```
    /// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
    /// let query = CollectionQuery::from_query_string_with("count=true", &QueryOptions::default())?;
    /// assert!(query.paging.count());
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn from_query_string_with(
        query: &str,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, QueryError> {
        match CollectionQuery::read_query_string(query, options) {
            (Some(parsed), problems) if problems.is_empty() => Ok(parsed),
            (_, problems) => Err(QueryError { problems }),
        }
    }

    /// Reads the parameters from decoded `(name, value)` pairs — what a web framework hands
    /// over — with the given options.
    ///
    /// ```
    /// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
    /// let query = CollectionQuery::from_params_with([("sorters", "-createdDate"), ("x", "y")], &QueryOptions::default())?;
    /// assert_eq!(query.sorters.to_string(), "-createdDate");
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn from_params_with<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, QueryError> {
        let (query, problems) = CollectionQuery::read_params(pairs, options);
        if problems.is_empty() {
            Ok(query)
        } else {
            Err(QueryError { problems })
        }
    }

    /// Like [`CollectionQuery::from_params_with`], and also validates `filters` and `sorters`
    /// against `schema`: every problem of the request — syntax, paging, schema — in one error,
    /// as a server answers.
    ///
    /// ```
    /// use sailpoint_filters::builder::Endpoint;
    /// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let pairs = [("filters", "saved sw \"x\""), ("limit", "300")];
    /// let schema = RoleMiningSessions::schema();
    /// let err = CollectionQuery::from_params_for(pairs, schema, &QueryOptions::default()).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "limit must be an integer from 0 to 250, got `300`",
    ///     "filters: column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
    /// ]);
    /// ```
    pub fn from_params_for<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        schema: &Schema,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, QueryError> {
        let (query, mut problems) = CollectionQuery::read_params(pairs, options);
        if let Err(err) = query.validate(schema) {
            problems.extend(err.problems);
        }
        if problems.is_empty() {
            Ok(query)
        } else {
            Err(QueryError { problems })
        }
    }

    /// Reads a URL query string and validates it against `schema`, reporting every problem.
    ///
    /// ```
    /// use sailpoint_filters::builder::Endpoint;
    /// use sailpoint_filters::query::{CollectionQuery, QueryOptions};
    /// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
    ///
    /// let schema = RoleMiningSessions::schema();
    /// let options = QueryOptions::default();
    /// let query = CollectionQuery::from_query_string_for("sorters=-createdDate&count=true", schema, &options)?;
    /// assert!(query.paging.count());
    /// let err = CollectionQuery::from_query_string_for("sorters=name&limit=x", schema, &options).unwrap_err();
    /// assert_eq!(err.messages().len(), 2);
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn from_query_string_for(
        query: &str,
        schema: &Schema,
        options: &QueryOptions,
    ) -> Result<CollectionQuery, QueryError> {
        let (parsed, mut problems) = CollectionQuery::read_query_string(query, options);
        if let Some(Err(err)) = parsed.as_ref().map(|p| p.validate(schema)) {
            problems.extend(err.problems);
        }
        match parsed {
            Some(parsed) if problems.is_empty() => Ok(parsed),
            _ => Err(QueryError { problems }),
        }
    }

    /// Decodes and reads a query string: what could be read, and every problem. `None` when
    /// the string is too long to read at all.
    fn read_query_string(
        query: &str,
        options: &QueryOptions,
    ) -> (Option<CollectionQuery>, Vec<QueryProblem>) {
        if query.len() > options.max_length {
            return (
                None,
                vec![QueryProblem::TooLong {
                    len: query.len(),
                    max: options.max_length,
                }],
            );
        }
        let mut problems = Vec::new();
        let mut pairs = Vec::new();
        for raw in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = raw.split_once('=').unwrap_or((raw, ""));
            match (decode(raw_name), decode(raw_value)) {
                (Ok(name), Ok(value)) => pairs.push((name, value)),
                // A malformed value matters only for the parameters read here.
                (Ok(name), Err(reason)) => {
                    if PARAMETERS.contains(&name.as_str()) {
                        problems.push(QueryProblem::Encoding {
                            parameter: name,
                            reason,
                        });
                    }
                }
                (Err(reason), _) => {
                    problems.push(QueryProblem::Encoding {
                        parameter: raw_name.to_owned(),
                        reason,
                    });
                }
            }
        }
        let pairs = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        let (parsed, more) = CollectionQuery::read_params(pairs, options);
        problems.extend(more);
        (Some(parsed), problems)
    }

    /// Reads decoded parameters: the query as far as it could be read, and every problem.
    fn read_params<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        options: &QueryOptions,
    ) -> (CollectionQuery, Vec<QueryProblem>) {
        let mut problems = Vec::new();
        let mut values: [Option<&str>; 5] = [None; 5];
        for (name, value) in pairs {
            let Some(index) = PARAMETERS.iter().position(|p| *p == name) else {
                continue;
            };
            if values[index].is_some() {
                let problem = QueryProblem::Repeated {
                    parameter: PARAMETERS[index],
                };
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            } else {
                values[index] = Some(value);
            }
        }
        let [filters_text, sorters_text, offset, limit, count] = values;
        let mut query = CollectionQuery::default();
        if let Some(text) = filters_text {
            match Filter::parse_with(text, &options.filters) {
                Ok(filter) => {
                    query.filters = Some(filter);
                    query.filters_text = Some(text.to_owned());
                }
                Err(err) => problems.push(QueryProblem::Filters(err)),
            }
        }
        if let Some(text) = sorters_text {
            match Sorters::parse_with(text, &options.sorters) {
                Ok(sorters) => {
                    query.sorters = sorters;
                    query.sorters_text = Some(text.to_owned());
                }
                Err(err) => problems.push(QueryProblem::Sorters(err)),
            }
        }
        match Paging::from_params(offset, limit, count) {
            Ok(paging) => query.paging = paging,
            Err(err) => problems.push(QueryProblem::Paging(err)),
        }
        (query, problems)
    }

    /// The query string that reads back as this query: canonical filter and sorters,
    /// form-encoded; parameters at their defaults are left out.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// let query = CollectionQuery::from_query_string("offset=0&filters=name%20eq%20'a%26b'")?;
    /// assert_eq!(query.to_query_string(), "filters=name+eq+%22a%26b%22");
    /// assert_eq!(CollectionQuery::from_query_string(&query.to_query_string())?, query);
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(filter) = &self.filters {
            out.append_pair("filters", &filter.to_string());
        }
        if !self.sorters.is_empty() {
            out.append_pair("sorters", &self.sorters.to_string());
        }
        let defaults = Paging::default();
        if self.paging.offset() != defaults.offset() {
            out.append_pair("offset", &self.paging.offset().to_string());
        }
        if self.paging.limit() != defaults.limit() {
            out.append_pair("limit", &self.paging.limit().to_string());
        }
        if self.paging.count() {
            out.append_pair("count", "true");
        }
        out.finish()
    }

    /// Checks the filters and sorters against the endpoint's schema, reporting every problem.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::query::CollectionQuery;
    /// let query = CollectionQuery::from_query_string("filters=a+eq+1&sorters=b")?;
    /// assert_eq!(query.validate(&Schema::new("x")).unwrap_err().problems().len(), 2);
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn validate(&self, schema: &Schema) -> Result<(), QueryError> {
        let mut problems = Vec::new();
        if let Some(filter) = &self.filters
            && let Err(err) = crate::validate::validate(filter, schema, Syntax::Lenient)
        {
            problems.push(QueryProblem::FiltersInvalid(self.with_filters_source(err)));
        }
        if let Err(err) = self.sorters.validate(schema) {
            problems.push(QueryProblem::SortersInvalid(self.with_sorters_source(err)));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(QueryError { problems })
        }
    }

    fn with_filters_source(&self, err: ValidationError) -> ValidationError {
        match &self.filters_text {
            Some(text) => err.with_source(text),
            None => err,
        }
    }

    fn with_sorters_source(&self, err: SortersValidationError) -> SortersValidationError {
        match &self.sorters_text {
            Some(text) => err.with_source(text),
            None => err,
        }
    }

    /// Runs the query over `records`: filter, sort, count, then page.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::query::CollectionQuery;
    /// let records: Vec<serde_json::Value> = (0..10).map(|i| serde_json::json!({"n": i})).collect();
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let page = CollectionQuery::from_query_string("sorters=-n&offset=2&limit=3")?.run(&records, &schema)?;
    /// assert_eq!(page.total, 10);
    /// assert_eq!(page.items, [&records[7], &records[6], &records[5]]);
    /// # Ok::<(), sailpoint_filters::query::QueryError>(())
    /// ```
    pub fn run<'r, R: Record>(
        &self,
        records: &'r [R],
        schema: &Schema,
    ) -> Result<Page<'r, R>, QueryError> {
        self.validate(schema)?;
        let matcher = match &self.filters {
            Some(filter) => {
                Some(compile::<R>(filter, schema).map_err(|e| QueryError::one(e.into()))?)
            }
            None => None,
        };
        let plan = self.sorters.compile::<R>(schema).map_err(|e| {
            QueryError::one(QueryProblem::SortersInvalid(self.with_sorters_source(e)))
        })?;
        // One pass: count the matches and keep only the first `offset + limit` of their order.
        let mut total = 0;
        let ordered = {
            let mut matches = records
                .iter()
                .filter(|r| matcher.as_ref().is_none_or(|m| m.matches(r)))
                .inspect(|_| total += 1);
            let ordered = plan.top_of(matches.by_ref(), self.paging.end());
            // With no keys, `top_of` stops after the page: the rest still counts.
            matches.for_each(drop);
            ordered
        };
        let items = self.paging.apply(&ordered).to_vec();
        Ok(Page { items, total })
    }
}

/// One page of a query's result.
///
/// ```
/// use sailpoint_filters::query::Page;
/// let records = [1, 2, 3];
/// let page = Page { items: vec![&records[0]], total: 3 };
/// assert_eq!(page.items.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<'r, R> {
    /// The records of the page, in order.
    pub items: Vec<&'r R>,
    /// How many records matched in all (before `offset` and `limit`): the `X-Total-Count`.
    pub total: usize,
}

/// Percent-decodes one form-encoded name or value (`+` is a space); the reason if it is
/// malformed.
fn decode(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('%') {
        let hex = bytes.get(i + 1..i + 3);
        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
            let shown: String = raw[i..].chars().take(3).collect();
            return Err(format!(
                "`{shown}` is not a percent-encoded byte (expected % and two hex digits)"
            ));
        }
    }
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| "the percent-decoded bytes are not UTF-8".to_owned())
}

/// One problem with a query's parameters.
///
/// ```
/// use sailpoint_filters::query::{CollectionQuery, QueryProblem};
/// let err = CollectionQuery::from_query_string("count=true&count=true").unwrap_err();
/// assert_eq!(err.problems(), [QueryProblem::Repeated { parameter: "count" }]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryProblem {
    /// The query string is longer than [`QueryOptions::max_length`].
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// A parameter name or value is not valid form encoding.
    Encoding {
        /// The parameter, as far as it could be read.
        parameter: String,
        /// What is wrong.
        reason: String,
    },
    /// A parameter appears more than once.
    Repeated {
        /// The parameter.
        parameter: &'static str,
    },
    /// `filters` does not parse.
    Filters(ParseError),
    /// `filters` does not suit the endpoint.
    FiltersInvalid(ValidationError),
    /// `sorters` does not parse.
    Sorters(SortersError),
    /// `sorters` does not suit the endpoint.
    SortersInvalid(SortersValidationError),
    /// `offset`, `limit` or `count` is out of range.
    Paging(PagingError),
    /// A valid filter could not be compiled for the record type.
    Compile(String),
}

impl QueryProblem {
    /// One line per specific problem, each naming its parameter.
    fn messages(&self) -> Vec<String> {
        match self {
            QueryProblem::TooLong { len, max } => {
                vec![format!(
                    "the query string is {len} bytes long, over the limit of {max} bytes"
                )]
            }
            QueryProblem::Encoding { parameter, reason } => vec![format!("{parameter}: {reason}")],
            QueryProblem::Repeated { parameter } => vec![format!(
                "{parameter}: the parameter is given more than once"
            )],
            QueryProblem::Filters(err) => vec![format!("filters: {}", err.message())],
            QueryProblem::FiltersInvalid(err) => err
                .messages()
                .into_iter()
                .map(|m| format!("filters: {m}"))
                .collect(),
            QueryProblem::Sorters(err) => vec![format!("sorters: {}", err.message())],
            QueryProblem::SortersInvalid(err) => err
                .messages()
                .into_iter()
                .map(|m| format!("sorters: {m}"))
                .collect(),
            QueryProblem::Paging(err) => err.messages(),
            QueryProblem::Compile(reason) => vec![format!("filters: {reason}")],
        }
    }
}

impl From<crate::eval::CompileError> for QueryProblem {
    fn from(err: crate::eval::CompileError) -> QueryProblem {
        match err {
            crate::eval::CompileError::Invalid(err) => QueryProblem::FiltersInvalid(err),
            other => QueryProblem::Compile(other.to_string()),
        }
    }
}

/// Everything wrong with a request's collection parameters: what SailPoint answers with
/// `400 Bad Request`.
///
/// ```
/// use sailpoint_filters::query::CollectionQuery;
/// let err = CollectionQuery::from_query_string("limit=1000").unwrap_err();
/// let body = err.to_error_body();
/// assert_eq!(body.detail_code, "400.1 Bad Request Content");
/// assert_eq!(body.causes[0].text, "limit must be an integer from 0 to 250, got `1000`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    problems: Vec<QueryProblem>,
}

impl QueryError {
    fn one(problem: QueryProblem) -> QueryError {
        QueryError {
            problems: vec![problem],
        }
    }

    /// The problems, parameter by parameter.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// assert_eq!(CollectionQuery::from_query_string("limit=x&count=1").unwrap_err().problems().len(), 1);
    /// ```
    pub fn problems(&self) -> &[QueryProblem] {
        &self.problems
    }

    /// One line per specific problem, each naming its parameter: the causes of the 400 body.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// let err = CollectionQuery::from_query_string("sorters=a,,b").unwrap_err();
    /// assert_eq!(err.messages().len(), 1);
    /// assert!(err.messages()[0].starts_with("sorters: column 3:"));
    /// ```
    pub fn messages(&self) -> Vec<String> {
        self.problems
            .iter()
            .flat_map(QueryProblem::messages)
            .collect()
    }

    /// The parameters at fault, each once, in order.
    fn parameters(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for problem in &self.problems {
            let name = match problem {
                QueryProblem::TooLong { .. } => "the query string".to_owned(),
                QueryProblem::Encoding { parameter, .. } => parameter.clone(),
                QueryProblem::Repeated { parameter } => (*parameter).to_owned(),
                QueryProblem::Filters(_)
                | QueryProblem::FiltersInvalid(_)
                | QueryProblem::Compile(_) => "filters".to_owned(),
                QueryProblem::Sorters(_) | QueryProblem::SortersInvalid(_) => "sorters".to_owned(),
                QueryProblem::Paging(err) => {
                    for p in err.problems() {
                        if !names.iter().any(|n| n == p.parameter()) {
                            names.push(p.parameter().to_owned());
                        }
                    }
                    continue;
                }
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The one-line summary: which parameters are wrong, or the problem itself when there is
    /// one.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// let err = CollectionQuery::from_query_string("limit=x&count=1").unwrap_err();
    /// assert_eq!(err.summary(), "Invalid query parameters limit, count: 2 problems");
    /// ```
    pub fn summary(&self) -> String {
        match self.messages().as_slice() {
            [only] => format!("Invalid query parameter: {only}"),
            messages => format!(
                "Invalid query parameters {}: {} problems",
                self.parameters().join(", "),
                messages.len()
            ),
        }
    }

    /// SailPoint's 400 body for these problems: the summary as the message, one cause per
    /// problem.
    ///
    /// ```
    /// use sailpoint_filters::query::CollectionQuery;
    /// let body = CollectionQuery::from_query_string("filters=name+ew+%22x%22").unwrap_err().to_error_body();
    /// assert_eq!(body.messages[0].text.lines().count(), 1);
    /// assert!(body.causes[0].text.starts_with("filters: column 6: `ew` (ends with) is not a SailPoint filter operator"));
    /// ```
    pub fn to_error_body(&self) -> ErrorBody {
        ErrorBody::bad_request(self.summary(), self.messages())
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match problem {
                QueryProblem::Filters(err) => write!(f, "{err}")?,
                QueryProblem::FiltersInvalid(err) => write!(f, "{err}")?,
                QueryProblem::Sorters(err) => write!(f, "{err}")?,
                QueryProblem::SortersInvalid(err) => write!(f, "{err}")?,
                other => f.write_str(&other.messages().join("\n"))?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for QueryError {}
