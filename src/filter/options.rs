//! How to parse a filter: the syntax (lenient or strict) and the bounds on the input.

/// Which spellings of values the parser accepts.
///
/// ```
/// use sailpoint_filters::{Filter, ParseOptions, Syntax};
/// let strict = ParseOptions { syntax: Syntax::Strict, ..Default::default() };
/// assert!(Filter::parse_with("id eq 'x'", &strict).is_err());
/// assert!(Filter::parse_with("id eq 'x'", &ParseOptions::default()).is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// The documented syntax plus what SailPoint's published examples also use: single-quoted
    /// strings (`id eq '2c91…'`) and bare words (`status eq PENDING`) as string values.
    #[default]
    Lenient,
    /// Only the documented syntax: strings must be double-quoted.
    Strict,
}

/// Bounds on the input, so that no filter can take unbounded time or stack.
///
/// ```
/// use sailpoint_filters::{Filter, Limits, ParseProblem, ParseOptions};
///
/// let options = ParseOptions { limits: Limits::default().with_max_depth(1), ..Default::default() };
/// let err = Filter::parse_with("((a eq 1))", &options).unwrap_err();
/// assert!(matches!(err.kind(), ParseProblem::TooDeep { max: 1, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Longest filter text, in bytes. Default 16 KiB.
    pub max_length: usize,
    /// Deepest nesting of parentheses (groups and lists) and `not`s: `not (a eq 1 or not b eq
    /// 2)` is three deep. Default 64.
    pub max_depth: usize,
    /// Most values in one `in`/`ca` list. Default 1,000.
    pub max_list_values: usize,
}

impl Limits {
    /// The default bounds: 16 KiB of text, 64 levels of parentheses and `not`s, 1,000 values
    /// per list.
    pub const DEFAULT: Limits = Limits {
        max_length: 16 * 1024,
        max_depth: 64,
        max_list_values: 1000,
    };

    /// These limits with another length bound (bytes).
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_length(100).max_length, 100);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> Limits {
        self.max_length = bytes;
        self
    }

    /// These limits with another nesting bound.
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_depth(8).max_depth, 8);
    /// ```
    pub const fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// These limits with another bound on values per list.
    ///
    /// ```
    /// use sailpoint_filters::Limits;
    /// assert_eq!(Limits::default().with_max_list_values(5).max_list_values, 5);
    /// ```
    pub const fn with_max_list_values(mut self, values: usize) -> Limits {
        self.max_list_values = values;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// How to parse: the syntax and the limits.
///
/// ```
/// use sailpoint_filters::{Filter, Limits, ParseOptions, Syntax};
/// let options = ParseOptions { syntax: Syntax::Strict, limits: Limits::default() };
/// assert!(Filter::parse_with(r#"name sw "RM""#, &options).is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    /// Lenient (default) or strict spellings of values.
    pub syntax: Syntax,
    /// Bounds on the input.
    pub limits: Limits,
}
