//! Byte ranges in a parameter's text.

/// A byte range in the text of a parameter: `start..end`.
///
/// Spans point from a tree node (or a problem) back into the text it was parsed from. Nodes built
/// in code have no span.
///
/// ```
/// use sailpoint_filters::{Filter, FilterKind};
///
/// let filter = Filter::parse(r#"name sw "RM" and saved eq true"#)?;
/// // An `and` remembers where its first keyword is.
/// let span = filter.span().unwrap();
/// assert_eq!((span.start, span.end), (13, 16));
/// assert!(matches!(filter.kind(), FilterKind::And(_)));
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(2, 5).len(), 3);
    /// ```
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(4, 4).len(), 0);
    /// ```
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes (an end-of-input position, for example).
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert!(Span::new(4, 4).is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// assert_eq!(Span::new(2, 4).to(Span::new(7, 9)), Span::new(2, 9));
    /// ```
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for std::ops::Range<usize> {
    fn from(span: Span) -> std::ops::Range<usize> {
        span.start..span.end
    }
}
