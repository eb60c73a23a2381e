//! Diagnostics: what is wrong with a request's parameters, where, and how SailPoint answers it.
//!
//! Every stage that reads or checks a parameter's text — parsing and checking `filters` and
//! `sorters`, reading `offset`, `limit` and `count`, decoding the query string — reports its
//! problems the same way: as [`Diagnostics`], one [`Diagnostic`] per problem. Each carries its
//! kind (the stage's own enum, so that callers can match on it), the [`Parameter`] it is in, and
//! where it is (a [`Span`], with the line, column and an excerpt once the text is known).
//! Diagnostics have one `Display` (the text with carets under each problem), one summary line
//! and one conversion to SailPoint's 400 body, whatever stage found them.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! let err = Filter::parse("name eq").unwrap_err();
//! assert_eq!(err.to_string(), "\
//! invalid filter at column 8: expected a value after `eq`, found the end of the filter
//!     name eq
//!            ^");
//! let body = err.to_error_body();
//! assert_eq!(body.detail_code, "400.1 Bad Request Content");
//! assert_eq!(body.causes[0].text, "filters: column 8: expected a value after `eq`, found the end of the filter");
//! ```

mod body;
mod quote;
mod snippet;
mod span;

use std::fmt;

pub use body::{ErrorBody, ErrorMessage};
pub(crate) use quote::{Escaped, Quoted, QuotedWhole};
pub(crate) use snippet::Snippet;
pub use span::Span;

/// The collection parameter a problem is in, or the query string as a whole.
///
/// ```
/// use sailpoint_filters::diag::Parameter;
/// assert_eq!(Parameter::Filters.name(), "filters");
/// assert_eq!(Parameter::QueryString.name(), "the query string");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Parameter {
    /// `filters`.
    Filters,
    /// `sorters`.
    Sorters,
    /// `offset`.
    Offset,
    /// `limit`.
    Limit,
    /// `count`.
    Count,
    /// The query string as a whole (too long, or a parameter name that cannot be read).
    QueryString,
    /// `searchAfter`, which some catalog operations take (SPEC §11).
    SearchAfter,
    /// `defaultFilter` (list identities).
    DefaultFilter,
    /// `add-core-filters` (public identities).
    AddCoreFilters,
    /// `count-only` (approvals, SEDs).
    CountOnly,
    /// `filter`: `filters` as the operations that spell it so name it.
    Filter,
    /// `sort`: `sorters` as the operations that spell it so name it.
    Sort,
    /// `next`: the pagination marker of operations that page by one (launchers).
    Next,
}

impl Parameter {
    /// The five collection parameters, in the order SailPoint documents them.
    pub const COLLECTION: [Parameter; 5] = [
        Parameter::Filters,
        Parameter::Sorters,
        Parameter::Offset,
        Parameter::Limit,
        Parameter::Count,
    ];

    /// The parameter's name: `filters`, …, or `the query string`.
    pub const fn name(self) -> &'static str {
        match self {
            Parameter::Filters => "filters",
            Parameter::Sorters => "sorters",
            Parameter::Offset => "offset",
            Parameter::Limit => "limit",
            Parameter::Count => "count",
            Parameter::QueryString => "the query string",
            Parameter::SearchAfter => "searchAfter",
            Parameter::DefaultFilter => "defaultFilter",
            Parameter::AddCoreFilters => "add-core-filters",
            Parameter::CountOnly => "count-only",
            Parameter::Filter => "filter",
            Parameter::Sort => "sort",
            Parameter::Next => "next",
        }
    }

    /// The collection parameter called `name`, if it is one.
    ///
    /// ```
    /// use sailpoint_filters::diag::Parameter;
    /// assert_eq!(Parameter::from_name("limit"), Some(Parameter::Limit));
    /// assert_eq!(Parameter::from_name("Limit"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Parameter> {
        Parameter::COLLECTION.into_iter().find(|p| p.name() == name)
    }

    /// `filters` and `sorters` hold text in a language of their own: their problems have
    /// positions, and `Display` shows them in place.
    const fn is_text(self) -> bool {
        matches!(
            self,
            Parameter::Filters | Parameter::Sorters | Parameter::Filter | Parameter::Sort
        )
    }

    /// How `Display` names the text: `invalid filter`, `invalid sorters`.
    const fn noun(self) -> &'static str {
        match self {
            Parameter::Filters | Parameter::Filter => "filter",
            Parameter::Sort => "sorters",
            other => other.name(),
        }
    }
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What every kind of problem provides beyond its message.
pub trait ProblemKind: fmt::Display {
    /// Whether the message already names its parameter (`limit must be an integer…`), so that
    /// the 400 body's cause is not prefixed with it.
    fn names_parameter(&self) -> bool {
        false
    }
}

/// One problem: what it is, which parameter it is in, and where.
///
/// ```
/// use sailpoint_filters::{Filter, Span, diag::Parameter};
///
/// let err = Filter::parse("a eq 1 AND b eq 2").unwrap_err();
/// let problem = err.first();
/// assert_eq!(problem.parameter(), Parameter::Filters);
/// assert_eq!(problem.span(), Some(Span::new(7, 10)));
/// assert_eq!((problem.line(), problem.column()), (Some(1), Some(8)));
/// assert_eq!(problem.message(), "column 8: `AND` must be lowercase: write `and`");
/// assert_eq!(problem.cause(), "filters: column 8: `AND` must be lowercase: write `and`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<K> {
    kind: K,
    parameter: Parameter,
    span: Option<Span>,
    /// The excerpt, once the text is known and the problem has a span.
    snippet: Option<Box<Snippet>>,
}

impl<K: ProblemKind> Diagnostic<K> {
    /// A problem of `kind` in `parameter`, at `span` if it has a position.
    ///
    /// ```
    /// use sailpoint_filters::diag::{Diagnostic, Parameter, RequestProblem};
    /// let problem = Diagnostic::new(RequestProblem::Repeated, Parameter::Count, None);
    /// assert_eq!(problem.cause(), "count: the parameter is given more than once");
    /// ```
    pub fn new(kind: K, parameter: Parameter, span: Option<Span>) -> Diagnostic<K> {
        Diagnostic {
            kind,
            parameter,
            span,
            snippet: None,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &K {
        &self.kind
    }

    /// The parameter it is in.
    pub fn parameter(&self) -> Parameter {
        self.parameter
    }

    /// The bytes at fault in the parameter's text (empty at the end of the text); `None` for a
    /// problem without a position, such as one in a filter built in code.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// 1-based line of the problem, when the text is known.
    pub fn line(&self) -> Option<usize> {
        self.snippet.as_ref().map(|s| s.line)
    }

    /// 1-based column of the problem within its line, counted in characters, when the text is
    /// known.
    pub fn column(&self) -> Option<usize> {
        self.snippet.as_ref().map(|s| s.column)
    }

    /// The position and the reason, on one line: `column 8: …`, or the reason alone when the
    /// position is not known.
    pub fn message(&self) -> String {
        match &self.snippet {
            Some(snippet) => format!("{}: {}", snippet.position(), self.kind),
            None => self.kind.to_string(),
        }
    }

    /// The line SailPoint's 400 body gives this problem: the message, after the parameter's
    /// name unless the message names it already.
    pub fn cause(&self) -> String {
        if self.kind.names_parameter() {
            self.message()
        } else {
            format!("{}: {}", self.parameter, self.message())
        }
    }

    /// The same problem with its kind converted (into a wider kind, say).
    pub fn map<L>(self, f: impl FnOnce(K) -> L) -> Diagnostic<L> {
        Diagnostic {
            kind: f(self.kind),
            parameter: self.parameter,
            span: self.span,
            snippet: self.snippet,
        }
    }

    fn locate(&mut self, text: &str) {
        if let Some(span) = self.span {
            self.snippet = Some(Box::new(Snippet::new(text, span)));
        }
    }

    /// The problem's line in a list of problems: position, reason, excerpt.
    fn write_listed(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.snippet {
            Some(snippet) => {
                writeln!(f, "{}: {}", snippet.position(), self.kind)?;
                snippet.write(f, 4)
            }
            None => write!(f, "{}", self.kind),
        }
    }
}

/// Every problem found in a request's parameters (never none), with one `Display`, one summary
/// and one 400 body for all of them.
///
/// `K` is the kind of problem: each stage has its own ([`ParseProblem`](crate::ParseProblem)
/// for filter syntax, [`CheckProblem`](crate::check::CheckProblem) for a filter the endpoint
/// does not support, …); [`Problem`](crate::Problem) holds any of them, for errors that gather
/// the problems of several stages ([`Error`](crate::Error)).
///
/// `Display` shows the problems of each text parameter under one line naming it, each with its
/// position and an excerpt with carets; problems of `offset`, `limit` and `count` are one line
/// each:
///
/// ```
/// use sailpoint_filters::CollectionQuery;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// use sailpoint_filters::builder::Endpoint;
///
/// let err = CollectionQuery::from_query_string_for(
///     "filters=saved+sw+%22x%22+and+nmae+eq+%22y%22&limit=300",
///     RoleMiningSessions::schema(),
///     &Default::default(),
/// ).unwrap_err();
/// assert_eq!(err.to_string(), "\
/// limit must be an integer from 0 to 250, got `300`
/// invalid filter for role-mining-sessions (2 problems):
/// column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq
///     saved sw \"x\" and nmae eq \"y\"
///           ^^
/// column 18: unknown field `nmae` for role-mining-sessions; did you mean `name`? Filterable fields: saved, name
///     saved sw \"x\" and nmae eq \"y\"
///                      ^^^^");
/// assert_eq!(err.summary(), "Invalid query parameters limit, filters: 3 problems");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics<K> {
    problems: Vec<Diagnostic<K>>,
    /// The endpoint the parameters were checked against, for the lines naming a parameter.
    endpoint: Option<Box<str>>,
}

impl<K: ProblemKind> Diagnostics<K> {
    /// One problem.
    pub(crate) fn one(kind: K, parameter: Parameter, span: Option<Span>) -> Diagnostics<K> {
        Diagnostics::from(Diagnostic::new(kind, parameter, span))
    }

    /// One problem at `span` of `text`, the value of `parameter`.
    pub(crate) fn in_text(kind: K, parameter: Parameter, text: &str, span: Span) -> Diagnostics<K> {
        Diagnostics::one(kind, parameter, Some(span)).with_source(parameter, text)
    }

    /// These problems, or `None` when there are none.
    ///
    /// ```
    /// use sailpoint_filters::diag::{Diagnostic, Diagnostics, Parameter, RequestProblem};
    /// assert!(Diagnostics::<RequestProblem>::new(Vec::new()).is_none());
    /// let one = Diagnostic::new(RequestProblem::Repeated, Parameter::Limit, None);
    /// assert_eq!(Diagnostics::new(vec![one]).unwrap().problems().len(), 1);
    /// ```
    pub fn new(problems: Vec<Diagnostic<K>>) -> Option<Diagnostics<K>> {
        (!problems.is_empty()).then_some(Diagnostics {
            problems,
            endpoint: None,
        })
    }

    /// The problems, in the order they were found (reading order within a parameter).
    pub fn problems(&self) -> &[Diagnostic<K>] {
        &self.problems
    }

    /// The problems, taken out.
    pub fn into_problems(self) -> Vec<Diagnostic<K>> {
        self.problems
    }

    /// The first problem.
    pub fn first(&self) -> &Diagnostic<K> {
        // Never empty: every constructor takes at least one problem.
        &self.problems[0]
    }

    /// What the first problem is: for errors of one problem, such as a parse error, what is
    /// wrong.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, ParseProblem};
    /// assert_eq!(Filter::parse("").unwrap_err().kind(), &ParseProblem::Empty);
    /// ```
    pub fn kind(&self) -> &K {
        self.first().kind()
    }

    /// Where the first problem is; see [`Diagnostic::span`].
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Span};
    /// assert_eq!(Filter::parse("a eq 1)").unwrap_err().span(), Some(Span::new(6, 7)));
    /// ```
    pub fn span(&self) -> Option<Span> {
        self.first().span()
    }

    /// The 1-based line of the first problem, when its text is known.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// assert_eq!(Filter::parse("a eq 1 and\nb EQ 2").unwrap_err().line(), Some(2));
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.first().line()
    }

    /// The 1-based column of the first problem (in characters), when its text is known.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// assert_eq!(Filter::parse("a eq 1 AND b eq 2").unwrap_err().column(), Some(8));
    /// ```
    pub fn column(&self) -> Option<usize> {
        self.first().column()
    }

    /// The first problem's position and reason on one line; see [`Diagnostic::message`].
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let err = Filter::parse("name eq").unwrap_err();
    /// assert_eq!(err.message(), "column 8: expected a value after `eq`, found the end of the filter");
    /// ```
    pub fn message(&self) -> String {
        self.first().message()
    }

    /// The endpoint the parameters were checked against, if any.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Names the endpoint the parameters were checked against, for `Display`.
    pub(crate) fn with_endpoint(mut self, endpoint: &str) -> Diagnostics<K> {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Attaches `text`, the value of `parameter`, so that its problems get their line, column
    /// and excerpt.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Schema, Syntax, diag::Parameter};
    /// let text = "a eq 1";
    /// let err = Filter::parse(text)?.check(&Schema::new("x"), Syntax::Lenient).unwrap_err();
    /// assert_eq!(err.column(), None);
    /// let err = err.with_source(Parameter::Filters, text);
    /// assert_eq!(err.column(), Some(1));
    /// assert!(err.to_string().ends_with("\n    a eq 1\n    ^"));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn with_source(mut self, parameter: Parameter, text: &str) -> Diagnostics<K> {
        for problem in &mut self.problems {
            if problem.parameter == parameter {
                problem.locate(text);
            }
        }
        self
    }

    /// The same problems, those of `from` said to be of `to` (a parameter the endpoint spells
    /// otherwise: `filter` for `filters`).
    pub(crate) fn with_parameter_renamed(
        mut self,
        from: Parameter,
        to: Parameter,
    ) -> Diagnostics<K> {
        for problem in &mut self.problems {
            if problem.parameter == from {
                problem.parameter = to;
            }
        }
        self
    }

    /// Adds the problems of `other` after these.
    pub(crate) fn extend(&mut self, other: Diagnostics<K>) {
        self.problems.extend(other.problems);
        if self.endpoint.is_none() {
            self.endpoint = other.endpoint;
        }
    }

    /// The same problems with their kinds converted, into a wider kind.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, Problem};
    /// let err = Filter::parse("a eq").unwrap_err().convert::<Problem>();
    /// assert!(matches!(err.kind(), Problem::Parse(_)));
    /// ```
    pub fn convert<L: ProblemKind + From<K>>(self) -> Diagnostics<L> {
        Diagnostics {
            problems: self.problems.into_iter().map(|p| p.map(L::from)).collect(),
            endpoint: self.endpoint,
        }
    }

    /// One line per problem, each naming its parameter: the causes of the 400 body.
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let err = CollectionQuery::from_query_string("limit=251&sorters=a,,b").unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "sorters: column 3: empty sort key: expected a field name before this `,`; remove the extra comma",
    ///     "limit must be an integer from 0 to 250, got `251`",
    /// ]);
    /// ```
    pub fn messages(&self) -> Vec<String> {
        self.problems.iter().map(Diagnostic::cause).collect()
    }

    /// The parameters with problems, each once, in the order of their first problem.
    pub fn parameters(&self) -> Vec<Parameter> {
        let mut parameters = Vec::new();
        for problem in &self.problems {
            if !parameters.contains(&problem.parameter) {
                parameters.push(problem.parameter);
            }
        }
        parameters
    }

    /// The one-line summary SailPoint's body carries as its message: the problem itself when
    /// there is one, else which parameters are wrong and how many problems there are.
    ///
    /// ```
    /// use sailpoint_filters::{CollectionQuery, Filter, Schema, Syntax};
    /// let one = CollectionQuery::from_query_string("limit=x").unwrap_err();
    /// assert_eq!(one.summary(), "Invalid query parameter: limit must be an integer from 0 to 250, got `x`");
    /// let two = CollectionQuery::from_query_string("limit=x&count=1").unwrap_err();
    /// assert_eq!(two.summary(), "Invalid query parameters limit, count: 2 problems");
    /// let err = Filter::parse("a eq 1 and b eq 2")?.check(&Schema::new("x"), Syntax::Lenient).unwrap_err();
    /// assert_eq!(err.summary(), "Invalid query parameter filters: 2 problems");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn summary(&self) -> String {
        if let [only] = self.problems.as_slice() {
            return format!("Invalid query parameter: {}", only.cause());
        }
        let parameters = self.parameters();
        let names: Vec<&str> = parameters.iter().map(|p| p.name()).collect();
        format!(
            "Invalid query parameter{} {}: {} problems",
            if names.len() == 1 { "" } else { "s" },
            names.join(", "),
            self.problems.len()
        )
    }

    /// SailPoint's `400 Bad Request` body for these problems: the summary as the message, one
    /// cause per problem.
    ///
    /// ```
    /// use sailpoint_filters::CollectionQuery;
    /// let body = CollectionQuery::from_query_string("filters=name+ew+%22x%22").unwrap_err().to_error_body();
    /// assert_eq!(body.messages[0].text.lines().count(), 1);
    /// assert!(body.causes[0].text.starts_with("filters: column 6: `ew` (ends with) is not a SailPoint filter operator"));
    /// ```
    pub fn to_error_body(&self) -> ErrorBody {
        ErrorBody::bad_request(self.summary(), self.messages())
    }

    /// The problems of one text parameter, under the line naming it.
    fn write_text_parameter(
        &self,
        f: &mut fmt::Formatter<'_>,
        parameter: Parameter,
    ) -> fmt::Result {
        let problems: Vec<&Diagnostic<K>> = self
            .problems
            .iter()
            .filter(|p| p.parameter == parameter)
            .collect();
        write!(f, "invalid {}", parameter.noun())?;
        if let Some(endpoint) = self.endpoint.as_deref().filter(|e| !e.is_empty()) {
            write!(f, " for {endpoint}")?;
        }
        match problems.as_slice() {
            [only] => match &only.snippet {
                Some(snippet) => {
                    writeln!(f, " at {}: {}", snippet.position(), only.kind)?;
                    snippet.write(f, 4)
                }
                None => write!(f, ": {}", only.kind),
            },
            all => {
                write!(f, " ({} problems):", all.len())?;
                for problem in all {
                    f.write_str("\n")?;
                    problem.write_listed(f)?;
                }
                Ok(())
            }
        }
    }
}

impl<K: ProblemKind> From<Diagnostic<K>> for Diagnostics<K> {
    fn from(problem: Diagnostic<K>) -> Diagnostics<K> {
        Diagnostics {
            problems: vec![problem],
            endpoint: None,
        }
    }
}

impl<K: ProblemKind> fmt::Display for Diagnostics<K> {
    /// The problems of each parameter in turn: a text parameter's under one line naming it,
    /// each with its position and excerpt; any other problem on a line of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut line = |f: &mut fmt::Formatter<'_>| {
            let separator = if first { "" } else { "\n" };
            first = false;
            f.write_str(separator)
        };
        for parameter in self.parameters() {
            if parameter.is_text() {
                line(f)?;
                self.write_text_parameter(f, parameter)?;
            } else {
                for problem in self.problems.iter().filter(|p| p.parameter == parameter) {
                    line(f)?;
                    f.write_str(&problem.cause())?;
                }
            }
        }
        Ok(())
    }
}

impl<K: ProblemKind + fmt::Debug> std::error::Error for Diagnostics<K> {}

/// A problem with the query string itself, before any parameter's language reads it.
///
/// ```
/// use sailpoint_filters::CollectionQuery;
/// use sailpoint_filters::diag::{Parameter, RequestProblem};
/// use sailpoint_filters::Problem;
///
/// let err = CollectionQuery::from_query_string("count=true&count=true").unwrap_err();
/// assert_eq!(err.kind(), &Problem::Request(RequestProblem::Repeated));
/// assert_eq!(err.first().parameter(), Parameter::Count);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestProblem {
    /// The query string is longer than the bound the server reads.
    #[error("the query string is {len} bytes long, over the limit of {max} bytes")]
    #[non_exhaustive]
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// A parameter's value is not valid form encoding.
    #[error("{reason}")]
    #[non_exhaustive]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// A parameter's name is not valid form encoding (so it cannot be told which it is).
    #[error("{} as a parameter name: {reason}", Quoted(.name))]
    #[non_exhaustive]
    MalformedName {
        /// The name as it was sent.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A parameter appears more than once.
    #[error("the parameter is given more than once")]
    Repeated,
    /// A parameter's value is not one it takes (`searchAfter` of the wrong length or type,
    /// `defaultFilter` not one of its values…); the reason names the parameter.
    #[error("{reason}")]
    #[non_exhaustive]
    Invalid {
        /// What is wrong, and what is expected.
        reason: String,
    },
}

impl ProblemKind for RequestProblem {
    fn names_parameter(&self) -> bool {
        matches!(
            self,
            RequestProblem::TooLong { .. }
                | RequestProblem::MalformedName { .. }
                | RequestProblem::Invalid { .. }
        )
    }
}
