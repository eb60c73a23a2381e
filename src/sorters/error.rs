//! What can be wrong with `sorters` text.

use crate::diag::{Diagnostics, ProblemKind, Quoted};

/// `sorters` text that could not be parsed: what was wrong, and where.
///
/// `Display` shows the reason with the column, then the text with `^` under the problem.
///
/// ```
/// use sailpoint_filters::{Sorters, Span};
///
/// let err = Sorters::parse("createdBy,,createdDate").unwrap_err();
/// assert_eq!((err.column(), err.span()), (Some(11), Some(Span::new(10, 11))));
/// assert_eq!(err.to_string(), "\
/// invalid sorters at column 11: empty sort key: expected a field name before this `,`; remove \
/// the extra comma
///     createdBy,,createdDate
///               ^");
/// ```
pub type SortersParseError = Diagnostics<SortersParseProblem>;

/// What was wrong with `sorters` text. The one-line reason of a [`SortersParseError`].
///
/// ```
/// use sailpoint_filters::{Sorters, SortersParseProblem};
/// let err = Sorters::parse("createdBy,").unwrap_err();
/// assert_eq!(err.kind(), &SortersParseProblem::TrailingComma);
/// assert_eq!(err.kind().to_string(), "trailing `,` with no sort key after it: remove it");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SortersParseProblem {
    /// The text is longer than [`SortersLimits::max_length`](super::SortersLimits::max_length).
    #[error("the sorters are {len} bytes long, over the limit of {max} bytes")]
    #[non_exhaustive]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// More keys than [`SortersLimits::max_keys`](super::SortersLimits::max_keys).
    #[error("more than {max} sort keys, over the limit")]
    #[non_exhaustive]
    TooManyKeys {
        /// The limit.
        max: usize,
    },
    /// Two commas with nothing between them, or a comma first: `a,,b`, `,a`.
    #[error("empty sort key: expected a field name before this `,`; remove the extra comma")]
    EmptyKey,
    /// A comma at the end: `a,`.
    #[error("trailing `,` with no sort key after it: remove it")]
    TrailingComma,
    /// `--a`.
    #[error(
        "{} is not a sort direction: a single `-` sorts descending{}",
        Quoted(.found),
        .suggestion.as_ref().map(|s| format!(", as in `{s}`")).unwrap_or_default()
    )]
    #[non_exhaustive]
    DoubleMinus {
        /// The run of minus signs.
        found: String,
        /// The key with one `-`, when the rest is a field path.
        suggestion: Option<String>,
    },
    /// `+a`.
    #[error(
        "`+` is not a sort direction (SailPoint has no `+`): drop it to sort ascending{}",
        .suggestion.as_ref().map(|s| format!(", as in `{s}`")).unwrap_or_default()
    )]
    #[non_exhaustive]
    PlusSign {
        /// The key without the `+`, when the rest is a field path.
        suggestion: Option<String>,
    },
    /// A `-` with no field name after it.
    #[error("expected a field name after `-`")]
    MissingField,
    /// `- a`: whitespace between the `-` and the field name.
    #[error("no space is allowed after `-`: write `{suggestion}`")]
    #[non_exhaustive]
    SpaceAfterMinus {
        /// The key without the space.
        suggestion: String,
    },
    /// A key that is not a field path: `created-by`, `a.`, `1st`.
    #[error(
        "{} is not a field path: names of ASCII letters, digits and `_` (not starting with a \
         digit, not a filter keyword), joined by `.`",
        Quoted(.path)
    )]
    #[non_exhaustive]
    InvalidFieldPath {
        /// The text.
        path: String,
    },
    /// Whitespace inside a key: `created Date`.
    #[error(
        "space inside the sort key {}: field names have no spaces{}, and keys are separated by `,`",
        Quoted(.key),
        .joined.as_ref().map(|j| format!(" (`{j}`)")).unwrap_or_default()
    )]
    #[non_exhaustive]
    SpaceInKey {
        /// The key as written, spaces included.
        key: String,
        /// The key without the spaces, when that is a field path.
        joined: Option<String>,
    },
    /// A direction written as a word after the key, as SQL does: `createdDate desc`.
    #[error(
        "{} is not a sort direction: SailPoint sorts descending with a leading `-` and ascending \
         without one; write `{suggestion}`",
        Quoted(.word)
    )]
    #[non_exhaustive]
    DirectionWord {
        /// The word: `desc`, `asc`, ….
        word: String,
        /// The key with its direction: `-createdDate`.
        suggestion: String,
    },
    /// A `-key` after a key with only whitespace between: `createdBy -createdDate`.
    #[error("expected `,` before {}: sort keys are separated by commas", Quoted(.found))]
    #[non_exhaustive]
    MissingComma {
        /// The key that follows.
        found: String,
    },
    /// Something unexpected that no more specific message covers.
    #[error(
        "unexpected {}",
        .found.as_ref().map_or_else(|| "end of the sorters".to_owned(), |c| Quoted(c).to_string())
    )]
    #[non_exhaustive]
    Unexpected {
        /// The character found, or `None` at the end.
        found: Option<String>,
    },
    /// A parser defect: the grammar produced a shape the walker does not know.
    #[error("internal sorters parser error; please report this input")]
    Internal,
}

impl ProblemKind for SortersParseProblem {}
