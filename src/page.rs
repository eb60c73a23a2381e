//! Paging and counting: the `offset`, `limit` and `count` parameters.
//!
//! | parameter | default | allowed |
//! | --- | --- | --- |
//! | `offset` | 0 | an integer from 0 to 2147483647 (int32); past the end gives an empty page |
//! | `limit` | 250 | an integer from 0 to 250; `0` gives an empty page |
//! | `count` | `false` | exactly `true` or `false` |
//!
//! A page is taken after filtering and sorting; with `count=true` the response also carries the
//! number of matches before paging (the `X-Total-Count` header).
//!
//! ```
//! use sailpoint_filters::page::Paging;
//!
//! let paging = Paging::from_params(Some("2"), Some("3"), Some("true"))?;
//! let items: Vec<u32> = (0..10).collect();
//! assert_eq!(paging.apply(&items), [2, 3, 4]);
//! assert!(paging.count());
//!
//! let err = Paging::from_params(Some("-1"), Some("251"), Some("yes")).unwrap_err();
//! assert_eq!(err.to_string(), "\
//! offset must be an integer from 0 to 2147483647, got `-1`; \
//! limit must be an integer from 0 to 250, got `251`; \
//! count must be `true` or `false`, got `yes`");
//! # Ok::<(), sailpoint_filters::page::PagingError>(())
//! ```

use std::fmt;

use crate::error::Quoted;

/// Which records of the result to return, and whether to count them all.
///
/// The fields are private so that a `Paging` is always in range; read them with
/// [`Paging::offset`], [`Paging::limit`] and [`Paging::count`].
///
/// ```
/// use sailpoint_filters::page::Paging;
/// let paging = Paging::default();
/// assert_eq!((paging.offset(), paging.limit(), paging.count()), (0, 250, false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Paging {
    offset: u32,
    limit: u32,
    count: bool,
}

impl Paging {
    /// The largest `offset`: SailPoint's offset is an int32.
    pub const MAX_OFFSET: u32 = i32::MAX as u32;
    /// The largest `limit`, also its default.
    pub const MAX_LIMIT: u32 = 250;
    /// The defaults: offset 0, limit 250, no count.
    pub const DEFAULT: Paging = Paging {
        offset: 0,
        limit: Paging::MAX_LIMIT,
        count: false,
    };

    /// Paging with these values, or every value that is out of range.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::new(10, 0, true)?.limit(), 0);
    /// let err = Paging::new(u32::MAX, 300, false).unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn new(offset: u32, limit: u32, count: bool) -> Result<Paging, PagingError> {
        let mut problems = Vec::new();
        if offset > Paging::MAX_OFFSET {
            problems.push(PagingProblem::Offset {
                found: offset.to_string(),
            });
        }
        if limit > Paging::MAX_LIMIT {
            problems.push(PagingProblem::Limit {
                found: limit.to_string(),
            });
        }
        if problems.is_empty() {
            Ok(Paging {
                offset,
                limit,
                count,
            })
        } else {
            Err(PagingError { problems })
        }
    }

    /// Reads the decoded query values of `offset`, `limit` and `count` (`None` for a parameter
    /// that is absent, which takes its default). Reports every bad parameter, not only the first.
    ///
    /// Integers are decimal, with an optional sign: `+5` and `-0` are in range, `1.0`, `0x10`
    /// and ` 5` are not integers. `count` is exactly `true` or `false`, in lowercase.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    ///
    /// assert_eq!(Paging::from_params(None, None, None)?, Paging::default());
    /// let err = Paging::from_params(Some("ten"), None, Some("TRUE")).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "offset must be an integer from 0 to 2147483647, got `ten`",
    ///     "count must be `true` or `false`, got `TRUE`",
    /// ]);
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn from_params(
        offset: Option<&str>,
        limit: Option<&str>,
        count: Option<&str>,
    ) -> Result<Paging, PagingError> {
        let mut problems = Vec::new();
        let mut paging = Paging::DEFAULT;
        if let Some(text) = offset {
            match integer(text, Paging::MAX_OFFSET) {
                Some(value) => paging.offset = value,
                None => problems.push(PagingProblem::Offset {
                    found: text.to_owned(),
                }),
            }
        }
        if let Some(text) = limit {
            match integer(text, Paging::MAX_LIMIT) {
                Some(value) => paging.limit = value,
                None => problems.push(PagingProblem::Limit {
                    found: text.to_owned(),
                }),
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
        if problems.is_empty() {
            Ok(paging)
        } else {
            Err(PagingError { problems })
        }
    }

    /// The same paging with another offset, if it is in range.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::default().with_offset(500)?.offset(), 500);
    /// assert!(Paging::default().with_offset(1 << 31).is_err());
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn with_offset(self, offset: u32) -> Result<Paging, PagingError> {
        Paging::new(offset, self.limit, self.count)
    }

    /// The same paging with another limit, if it is in range.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::default().with_limit(5)?.limit(), 5);
    /// assert_eq!(
    ///     Paging::default().with_limit(251).unwrap_err().to_string(),
    ///     "limit must be an integer from 0 to 250, got `251`",
    /// );
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn with_limit(self, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(self.offset, limit, self.count)
    }

    /// The same paging, counting the total or not.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert!(Paging::default().with_count(true).count());
    /// ```
    pub const fn with_count(mut self, count: bool) -> Paging {
        self.count = count;
        self
    }

    /// How many records to skip.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::default().offset(), 0);
    /// ```
    pub const fn offset(&self) -> u32 {
        self.offset
    }

    /// The most records to return. `0` returns none (with `count=true`, a way to ask for the
    /// total alone).
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::default().limit(), 250);
    /// ```
    pub const fn limit(&self) -> u32 {
        self.limit
    }

    /// Whether to report the total number of matches.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert!(!Paging::default().count());
    /// ```
    pub const fn count(&self) -> bool {
        self.count
    }

    /// `offset + limit`: how many records of the sorted result a page needs (so a partial
    /// selection of that many suffices).
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// assert_eq!(Paging::new(100, 25, false)?.end(), 125);
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn end(&self) -> usize {
        to_usize(self.offset).saturating_add(to_usize(self.limit))
    }

    /// The page of `items`: up to `limit` items from `offset`. An offset past the end gives
    /// an empty page.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// let items = ["a", "b", "c"];
    /// assert_eq!(Paging::new(1, 5, false)?.apply(&items), ["b", "c"]);
    /// assert!(Paging::new(7, 5, false)?.apply(&items).is_empty());
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn apply<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = to_usize(self.offset).min(items.len());
        let end = self.end().clamp(start, items.len());
        items.get(start..end).unwrap_or_default()
    }

    /// The page of an iterator's items, without collecting the ones before it.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// let page: Vec<u32> = Paging::new(3, 2, false)?.apply_iter(0..).collect();
    /// assert_eq!(page, [3, 4]);
    /// # Ok::<(), sailpoint_filters::page::PagingError>(())
    /// ```
    pub fn apply_iter<I: IntoIterator>(
        &self,
        items: I,
    ) -> std::iter::Take<std::iter::Skip<I::IntoIter>> {
        items
            .into_iter()
            .skip(to_usize(self.offset))
            .take(to_usize(self.limit))
    }
}

impl Default for Paging {
    fn default() -> Paging {
        Paging::DEFAULT
    }
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

/// One bad paging parameter.
///
/// ```
/// use sailpoint_filters::page::PagingProblem;
/// let problem = PagingProblem::Limit { found: "".into() };
/// assert_eq!(problem.parameter(), "limit");
/// assert_eq!(problem.to_string(), "limit must be an integer from 0 to 250, got an empty value");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingProblem {
    /// `offset` is not an integer from 0 to 2147483647.
    #[error("offset must be an integer from 0 to {}, got {}", Paging::MAX_OFFSET, Quoted(.found))]
    Offset {
        /// The value as given.
        found: String,
    },
    /// `limit` is not an integer from 0 to 250.
    #[error("limit must be an integer from 0 to {}, got {}", Paging::MAX_LIMIT, Quoted(.found))]
    Limit {
        /// The value as given.
        found: String,
    },
    /// `count` is not `true` or `false`.
    #[error("count must be `true` or `false`, got {}", Quoted(.found))]
    Count {
        /// The value as given.
        found: String,
    },
}

impl PagingProblem {
    /// The query parameter at fault: `offset`, `limit` or `count`.
    ///
    /// ```
    /// use sailpoint_filters::page::PagingProblem;
    /// assert_eq!(PagingProblem::Count { found: "1".into() }.parameter(), "count");
    /// ```
    pub fn parameter(&self) -> &'static str {
        match self {
            PagingProblem::Offset { .. } => "offset",
            PagingProblem::Limit { .. } => "limit",
            PagingProblem::Count { .. } => "count",
        }
    }
}

/// Every bad paging parameter, in the order `offset`, `limit`, `count`.
///
/// `Display` joins the messages with `; `.
///
/// ```
/// use sailpoint_filters::page::{Paging, PagingProblem};
/// let err = Paging::from_params(None, Some("1e3"), None).unwrap_err();
/// assert_eq!(err.problems(), [PagingProblem::Limit { found: "1e3".into() }]);
/// assert_eq!(err.to_string(), "limit must be an integer from 0 to 250, got `1e3`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagingError {
    problems: Vec<PagingProblem>,
}

impl PagingError {
    /// The problems, one per bad parameter.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// let err = Paging::from_params(Some("x"), Some("y"), Some("z")).unwrap_err();
    /// assert_eq!(err.problems().len(), 3);
    /// ```
    pub fn problems(&self) -> &[PagingProblem] {
        &self.problems
    }

    /// One line per problem, for HTTP 400 bodies.
    ///
    /// ```
    /// use sailpoint_filters::page::Paging;
    /// let err = Paging::from_params(Some("1.5"), None, None).unwrap_err();
    /// assert_eq!(err.messages(), ["offset must be an integer from 0 to 2147483647, got `1.5`"]);
    /// ```
    pub fn messages(&self) -> Vec<String> {
        self.problems.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PagingError {}
