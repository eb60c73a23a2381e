//! All five collection parameters together: read from a query string, checked against an
//! endpoint, written back, and run over records — filter, sort, count, page.
//!
//! A server reads a request for an endpoint into a [`CheckedQuery`] — every problem of the
//! request reported at once, as SailPoint's 400 body — and runs it:
//!
//! ```
//! use sailpoint_filters::{CollectionQuery, FieldType, Op, Schema};
//! use serde_json::json;
//!
//! let schema = Schema::new("sessions")
//!     .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
//!     .with_sortable(["name"]);
//! let query = CollectionQuery::from_query_string_for(
//!     "filters=name+sw+%22rm%22&sorters=-name&limit=2&count=true",
//!     &schema,
//!     &Default::default(),
//! )?;
//! assert_eq!(query.to_query_string(), "filters=name+sw+%22rm%22&sorters=-name&limit=2&count=true");
//!
//! let records = vec![
//!     json!({"name": "RM a"}), json!({"name": "other"}), json!({"name": "rm c"}), json!({"name": "RM b"}),
//! ];
//! let page = query.run(&records)?;
//! assert_eq!(page.total, 3);
//! assert_eq!(page.items, [&records[2], &records[3]]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A client builds a [`CollectionQuery`] and sends its query string. The order of work is
//! SailPoint's: filter, then sort, then count (the total before paging), then `offset`/`limit`.
//! A page of a large result is not fully sorted: only the first `offset + limit` records are
//! selected, then ordered.

mod pairs;
mod read;
mod typed;

use crate::check::{CheckedFilter, CheckedQuery, CheckedSorters, Error};
use crate::eval::{CompileError, Matcher, SortPlan, compile};
use crate::filter::{Filter, Syntax};
use crate::paging::{Page, Paging};
use crate::schema::Schema;
use crate::sorters::Sorters;
use crate::value::Record;

pub use read::QueryOptions;
pub use typed::{EndpointQuery, TypedQuery};

/// The five collection parameters of one request, as a client builds them or a server reads
/// them before knowing the endpoint: each part valid in its own language, nothing checked
/// against an endpoint yet ([`CollectionQuery::check`]).
///
/// ```
/// use sailpoint_filters::{CollectionQuery, Filter, Paging, Sorters};
/// let query = CollectionQuery::new(Some(Filter::parse("a eq 1")?), Sorters::default(), Paging::default());
/// assert_eq!(query.to_query_string(), "filters=a+eq+1");
/// let read = CollectionQuery::from_query_string("filters=a%20eq%201")?;
/// assert_eq!(read, query);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CollectionQuery {
    /// `filters`, if given.
    pub filters: Option<Filter>,
    /// `sorters` (empty: stored order).
    pub sorters: Sorters,
    /// `offset`, `limit`, `count`.
    pub paging: Paging,
}

impl CollectionQuery {
    /// A query of these parts.
    pub fn new(filters: Option<Filter>, sorters: Sorters, paging: Paging) -> CollectionQuery {
        CollectionQuery {
            filters,
            sorters,
            paging,
        }
    }

    /// The query string that reads back as this query: canonical filter and sorters,
    /// form-encoded; parameters at their defaults are left out.
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let query = CollectionQuery::from_query_string("offset=0&filters=name%20eq%20'a%26b'")?;
    /// assert_eq!(query.to_query_string(), "filters=name+eq+%22a%26b%22");
    /// assert_eq!(CollectionQuery::from_query_string(&query.to_query_string())?, query);
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn to_query_string(&self) -> String {
        query_string(self.filters.as_ref(), &self.sorters, self.paging)
    }

    /// Checks the parts against an endpoint's schema (the filter read in `syntax`): the query
    /// the endpoint runs, or every problem.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Schema, Syntax};
    /// let query = CollectionQuery::from_query_string("filters=a+eq+1&sorters=b")?;
    /// assert_eq!(query.check(&Schema::new("x"), Syntax::Lenient).unwrap_err().problems().len(), 2);
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn check(&self, schema: &Schema, syntax: Syntax) -> Result<CheckedQuery, Error> {
        let mut problems: Option<Error> = None;
        let mut note = |err: Error| match &mut problems {
            Some(all) => all.extend(err),
            None => problems = Some(err),
        };
        let filters = match self.filters.as_ref().map(|f| f.check(schema, syntax)) {
            None => {
                if let Some(err) = crate::check::missing_filters(schema) {
                    note(err.into());
                }
                None
            }
            Some(Ok(checked)) => Some(checked),
            Some(Err(err)) => {
                note(err.into());
                None
            }
        };
        let sorters = self.sorters.check(schema).unwrap_or_else(|err| {
            note(err.into());
            CheckedSorters::default()
        });
        let paging = self.paging.check(schema).unwrap_or_else(|err| {
            note(err.into());
            Paging::DEFAULT
        });
        match problems {
            Some(err) => Err(err.with_endpoint(schema.endpoint())),
            None => Ok(CheckedQuery::new(
                filters,
                sorters,
                paging,
                schema.default_limit(),
            )),
        }
    }
}

/// The query string of these parts.
fn query_string(filters: Option<&Filter>, sorters: &Sorters, paging: Paging) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(filter) = filters {
        out.append_pair("filters", &filter.to_string());
    }
    if !sorters.is_empty() {
        out.append_pair("sorters", &sorters.to_string());
    }
    if paging.offset() != 0 {
        out.append_pair("offset", &paging.offset().to_string());
    }
    if let Some(limit) = paging.limit() {
        out.append_pair("limit", &limit.to_string());
    }
    if paging.count() {
        out.append_pair("count", "true");
    }
    out.finish()
}

impl CheckedQuery {
    /// The parts as plain syntax trees, the filter as the endpoint reads it.
    pub fn to_query(&self) -> CollectionQuery {
        CollectionQuery::new(
            self.filters().map(|f| f.filter().clone()),
            self.sorters().sorters(),
            self.paging(),
        )
    }

    /// The canonical query string of the query as the endpoint reads it.
    pub fn to_query_string(&self) -> String {
        query_string(
            self.filters().map(CheckedFilter::filter),
            &self.sorters().sorters(),
            self.paging(),
        )
    }

    /// Runs the query over `records`: filter, sort, count, then page.
    ///
    /// The one pass counts the matches and keeps only the first `offset + limit` of their
    /// order. It fails only when the record type cannot read a field the endpoint's schema
    /// names — a defect of the declaration, which a server answers with 500.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Schema};
    /// let records: Vec<serde_json::Value> = (0..10).map(|i| serde_json::json!({"n": i})).collect();
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let query = CollectionQuery::from_query_string_for("sorters=-n&offset=2&limit=3", &schema, &Default::default())?;
    /// let page = query.run(&records)?;
    /// assert_eq!(page.total, 10);
    /// assert_eq!(page.items, [&records[7], &records[6], &records[5]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<'r, R: Record>(&self, records: &'r [R]) -> Result<Page<&'r R>, CompileError> {
        let matcher: Option<Matcher<R>> = self.filters().map(compile).transpose()?;
        let plan = SortPlan::<R>::new(self.sorters())?;
        let (ordered, total) = match &matcher {
            Some(matcher) => self.top(&plan, matcher.filter(records)),
            None => self.top(&plan, records.iter()),
        };
        let items = self.paging().apply(&ordered).to_vec();
        Ok(Page { items, total })
    }

    /// The first `offset + limit` of `matches` in the sort order, and how many there are.
    fn top<'r, R: Record>(
        &self,
        plan: &SortPlan<R>,
        matches: impl Iterator<Item = &'r R>,
    ) -> (Vec<&'r R>, usize) {
        let mut total = 0;
        let mut matches = matches.inspect(|_| total += 1);
        let ordered = plan.top(matches.by_ref(), self.paging().end());
        // With no keys, `top` stops after the page: the rest still counts.
        matches.for_each(drop);
        (ordered, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostics, Parameter};

    #[test]
    fn a_repeated_parameter_is_reported_once() {
        let err =
            CollectionQuery::from_query_string("count=true&count=false&count=true").unwrap_err();
        assert_eq!(
            err.messages(),
            ["count: the parameter is given more than once"]
        );
        assert_eq!(err.first().parameter(), Parameter::Count);
        let _: &Diagnostics<crate::Problem> = &err;
    }
}
