//! Paging and counting: the `offset`, `limit` and `count` parameters (SPEC §5).
//!
//! | parameter | default | allowed |
//! | --- | --- | --- |
//! | `offset` | 0 | an integer from 0 to 2147483647 (int32); past the end gives an empty page |
//! | `limit` | the endpoint's, 250 for most | an integer from 0 to the endpoint's maximum, 250 for most; `0` gives an empty page |
//! | `count` | `false` | exactly `true` or `false` |
//!
//! A page is taken after filtering and sorting; with `count=true` the response also carries the
//! number of matches before paging (the `X-Total-Count` header).
//!
//! ```
//! use sailpoint_filters::Paging;
//!
//! let paging = Paging::from_params(Some("2"), Some("3"), Some("true"))?;
//! let items: Vec<u32> = (0..10).collect();
//! assert_eq!(paging.apply(&items), [2, 3, 4]);
//! assert!(paging.count());
//!
//! let err = Paging::from_params(Some("-1"), Some("251"), Some("yes")).unwrap_err();
//! assert_eq!(err.to_string(), "\
//! offset must be an integer from 0 to 2147483647, got `-1`
//! limit must be an integer from 0 to 250, got `251`
//! count must be `true` or `false`, got `yes`");
//! # Ok::<(), sailpoint_filters::PagingError>(())
//! ```

use crate::diag::{Diagnostic, Diagnostics, Parameter, ProblemKind, Quoted};

/// Which records of the result to return, and whether to count them all.
///
/// The fields are private so that a `Paging` is always in range; read them with
/// [`Paging::offset`], [`Paging::limit`] and [`Paging::count`]. The limit is `None` when the
/// request leaves it out, and the endpoint's default applies ([`Paging::limit_or`]).
///
/// ```
/// use sailpoint_filters::Paging;
/// let paging = Paging::default();
/// assert_eq!((paging.offset(), paging.limit(), paging.count()), (0, None, false));
/// assert_eq!(paging.limit_or(Paging::MAX_LIMIT), 250);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Paging {
    offset: u32,
    limit: Option<u32>,
    count: bool,
}

impl Paging {
    /// The largest `offset`: SailPoint's offset is an int32.
    pub const MAX_OFFSET: u32 = i32::MAX as u32;
    /// The largest `limit` of the standard collection parameters, also their default. Some
    /// endpoints set another; their schema says ([`Schema::max_limit`](crate::Schema::max_limit)).
    pub const MAX_LIMIT: u32 = 250;
    /// The largest `limit` any endpoint may set: an int32.
    pub const MAX_ANY_LIMIT: u32 = i32::MAX as u32;
    /// The defaults: offset 0, the endpoint's limit, no count.
    pub const DEFAULT: Paging = Paging {
        offset: 0,
        limit: None,
        count: false,
    };

    /// Paging with these values, or every value that is out of range: the offset and the limit
    /// are int32s. (The endpoint's maximum `limit` is checked against its schema.)
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::new(10, 0, true)?.limit(), Some(0));
    /// let err = Paging::new(u32::MAX, u32::MAX, false).unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn new(offset: u32, limit: u32, count: bool) -> Result<Paging, PagingError> {
        let mut problems = Vec::new();
        if offset > Paging::MAX_OFFSET {
            problems.push(PagingProblem::offset(offset.to_string()));
        }
        if limit > Paging::MAX_ANY_LIMIT {
            problems.push(PagingProblem::limit(
                limit.to_string(),
                Paging::MAX_ANY_LIMIT,
            ));
        }
        PagingProblem::all(problems)?;
        Ok(Paging {
            offset,
            limit: Some(limit),
            count,
        })
    }

    /// Reads the decoded query values of `offset`, `limit` and `count` (`None` for a parameter
    /// that is absent, which takes its default), with the standard maximum `limit` of 250.
    /// Reports every bad parameter, not only the first.
    ///
    /// Integers are decimal, with an optional sign: `+5` and `-0` are in range, `1.0`, `0x10`
    /// and ` 5` are not integers. `count` is exactly `true` or `false`, in lowercase.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    ///
    /// assert_eq!(Paging::from_params(None, None, None)?, Paging::default());
    /// let err = Paging::from_params(Some("ten"), None, Some("TRUE")).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "offset must be an integer from 0 to 2147483647, got `ten`",
    ///     "count must be `true` or `false`, got `TRUE`",
    /// ]);
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn from_params(
        offset: Option<&str>,
        limit: Option<&str>,
        count: Option<&str>,
    ) -> Result<Paging, PagingError> {
        Paging::from_params_with(offset, limit, count, Paging::MAX_LIMIT)
    }

    /// [`Paging::from_params`] for an endpoint whose largest `limit` is `max_limit`.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::from_params_with(None, Some("1000"), None, 1000)?.limit(), Some(1000));
    /// assert!(Paging::from_params_with(None, Some("51"), None, 50).is_err());
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn from_params_with(
        offset: Option<&str>,
        limit: Option<&str>,
        count: Option<&str>,
        max_limit: u32,
    ) -> Result<Paging, PagingError> {
        let max_limit = max_limit.min(Paging::MAX_ANY_LIMIT);
        let mut problems = Vec::new();
        let mut paging = Paging::DEFAULT;
        if let Some(text) = offset {
            match integer(text, Paging::MAX_OFFSET) {
                Some(value) => paging.offset = value,
                None => problems.push(PagingProblem::offset(text.to_owned())),
            }
        }
        if let Some(text) = limit {
            match integer(text, max_limit) {
                Some(value) => paging.limit = Some(value),
                None => problems.push(PagingProblem::limit(text.to_owned(), max_limit)),
            }
        }
        if let Some(text) = count {
            match text {
                "true" => paging.count = true,
                "false" => paging.count = false,
                _ => problems.push(PagingProblem::Count {
                    found: text.to_owned(),
                }),
            }
        }
        PagingProblem::all(problems)?;
        Ok(paging)
    }

    /// The same paging with another offset, if it is in range.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::default().with_offset(500)?.offset(), 500);
    /// assert!(Paging::default().with_offset(1 << 31).is_err());
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn with_offset(self, offset: u32) -> Result<Paging, PagingError> {
        if offset > Paging::MAX_OFFSET {
            return Err(
                PagingProblem::all(vec![PagingProblem::offset(offset.to_string())]).unwrap_err(),
            );
        }
        Ok(Paging { offset, ..self })
    }

    /// The same paging with another limit, if it is an int32. (The endpoint's maximum is
    /// checked against its schema.)
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::default().with_limit(5)?.limit(), Some(5));
    /// assert_eq!(
    ///     Paging::default().with_limit(u32::MAX).unwrap_err().to_string(),
    ///     "limit must be an integer from 0 to 2147483647, got `4294967295`",
    /// );
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn with_limit(self, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(self.offset, limit, self.count)
    }

    /// The same paging, counting the total or not.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert!(Paging::default().with_count(true).count());
    /// ```
    pub const fn with_count(mut self, count: bool) -> Paging {
        self.count = count;
        self
    }

    /// How many records to skip.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::default().offset(), 0);
    /// ```
    pub const fn offset(&self) -> u32 {
        self.offset
    }

    /// The most records to return, when the request says: `0` returns none (with `count=true`,
    /// a way to ask for the total alone). `None` takes the endpoint's default.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::default().limit(), None);
    /// ```
    pub const fn limit(&self) -> Option<u32> {
        self.limit
    }

    /// The limit, or `default` when the request leaves it out.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::default().limit_or(50), 50);
    /// assert_eq!(Paging::default().with_limit(5)?.limit_or(50), 5);
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub const fn limit_or(&self, default: u32) -> u32 {
        match self.limit {
            Some(limit) => limit,
            None => default,
        }
    }

    /// Whether to report the total number of matches.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert!(!Paging::default().count());
    /// ```
    pub const fn count(&self) -> bool {
        self.count
    }

    /// `offset + limit` (the standard default limit when none is given): how many records of
    /// the sorted result a page needs, so that a partial selection of that many suffices.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// assert_eq!(Paging::new(100, 25, false)?.end(), 125);
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn end(&self) -> usize {
        to_usize(self.offset).saturating_add(to_usize(self.limit_or(Paging::MAX_LIMIT)))
    }

    /// The page of `items`: up to `limit` items (the standard default limit when none is
    /// given) from `offset`. An offset past the end gives an empty page.
    ///
    /// ```
    /// use sailpoint_filters::Paging;
    /// let items = ["a", "b", "c"];
    /// assert_eq!(Paging::new(1, 5, false)?.apply(&items), ["b", "c"]);
    /// assert!(Paging::new(7, 5, false)?.apply(&items).is_empty());
    /// # Ok::<(), sailpoint_filters::PagingError>(())
    /// ```
    pub fn apply<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = to_usize(self.offset).min(items.len());
        let end = self.end().clamp(start, items.len());
        items.get(start..end).unwrap_or_default()
    }

    /// The same paging with the endpoint's default limit filled in when none is given.
    pub(crate) const fn resolved(self, default_limit: u32) -> Paging {
        Paging {
            limit: Some(self.limit_or(default_limit)),
            ..self
        }
    }
}

/// One page of a query's result: its records and the number of all matches.
///
/// In memory ([`CheckedQuery::run`](crate::CheckedQuery::run)) the items are references to the
/// records given; from a SQL store they are the records read back.
///
/// ```
/// use sailpoint_filters::Page;
/// let records = [1, 2, 3];
/// let page = Page { items: vec![&records[0]], total: 3 };
/// assert_eq!(page.items.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The records of the page, in order.
    pub items: Vec<T>,
    /// How many records matched in all (before `offset` and `limit`): the `X-Total-Count`.
    pub total: usize,
}

/// `u32` to `usize`, saturating on targets where `usize` is narrower.
fn to_usize(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// A decimal integer from 0 to `max`.
fn integer(text: &str, max: u32) -> Option<u32> {
    let value = text.parse::<i64>().ok()?;
    u32::try_from(value).ok().filter(|v| *v <= max)
}

/// Every bad paging parameter, in the order `offset`, `limit`, `count`.
///
/// `Display` writes one line per problem.
///
/// ```
/// use sailpoint_filters::{Paging, PagingProblem};
/// let err = Paging::from_params(None, Some("1e3"), None).unwrap_err();
/// assert!(matches!(err.kind(), PagingProblem::Limit { found, max: 250, .. } if found == "1e3"));
/// assert_eq!(err.to_string(), "limit must be an integer from 0 to 250, got `1e3`");
/// ```
pub type PagingError = Diagnostics<PagingProblem>;

/// One bad paging parameter.
///
/// ```
/// use sailpoint_filters::{Paging, PagingProblem};
/// let err = Paging::from_params(None, Some(""), None).unwrap_err();
/// let problem: &PagingProblem = err.kind();
/// assert_eq!(problem.parameter(), sailpoint_filters::diag::Parameter::Limit);
/// assert_eq!(problem.to_string(), "limit must be an integer from 0 to 250, got an empty value");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingProblem {
    /// `offset` is not an integer from 0 to 2147483647.
    #[error("offset must be an integer from 0 to {}, got {}", Paging::MAX_OFFSET, Quoted(.found))]
    #[non_exhaustive]
    Offset {
        /// The value as given.
        found: String,
    },
    /// `limit` is not an integer from 0 to the endpoint's maximum.
    #[error("limit must be an integer from 0 to {max}, got {}", Quoted(.found))]
    #[non_exhaustive]
    Limit {
        /// The value as given.
        found: String,
        /// The endpoint's largest limit.
        max: u32,
    },
    /// `limit` is outside the endpoint's range, which does not start at 0.
    #[error("limit must be an integer from {min} to {max}, got {}", Quoted(.found))]
    #[non_exhaustive]
    LimitRange {
        /// The value as given.
        found: String,
        /// The endpoint's smallest limit.
        min: u32,
        /// The endpoint's largest limit.
        max: u32,
    },
    /// `count` is not `true` or `false`.
    #[error("count must be `true` or `false`, got {}", Quoted(.found))]
    #[non_exhaustive]
    Count {
        /// The value as given.
        found: String,
    },
}

impl PagingProblem {
    fn offset(found: String) -> PagingProblem {
        PagingProblem::Offset { found }
    }

    fn limit(found: String, max: u32) -> PagingProblem {
        PagingProblem::Limit { found, max }
    }

    /// The query parameter at fault.
    pub fn parameter(&self) -> Parameter {
        match self {
            PagingProblem::Offset { .. } => Parameter::Offset,
            PagingProblem::Limit { .. } | PagingProblem::LimitRange { .. } => Parameter::Limit,
            PagingProblem::Count { .. } => Parameter::Count,
        }
    }

    /// `Ok` when there are no problems, else all of them.
    fn all(problems: Vec<PagingProblem>) -> Result<(), PagingError> {
        let problems = problems
            .into_iter()
            .map(|p| {
                let parameter = p.parameter();
                Diagnostic::new(p, parameter, None)
            })
            .collect();
        match Diagnostics::new(problems) {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

impl ProblemKind for PagingProblem {
    fn names_parameter(&self) -> bool {
        true
    }
}
