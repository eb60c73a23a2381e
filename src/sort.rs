//! The `sorters` parameter: parse, print, validate against a schema, and order records.
//!
//! `sorters` is a comma-separated list of field names, each optionally prefixed with `-` for
//! descending order: `-createdDate,createdBy`. Whitespace around a key is ignored and empty text
//! means "no sorting" (records keep their stored order). The syntax is stated once, in
//! `grammar/sorters.pest`.
//!
//! ```
//! use sailpoint_filters::Schema;
//! use sailpoint_filters::sort::Sorters;
//! use serde_json::json;
//!
//! // Parse what a client sends, and print the one canonical spelling.
//! let sorters: Sorters = " -createdDate , name ".parse()?;
//! assert_eq!(sorters.to_string(), "-createdDate,name");
//!
//! // Check it against the endpoint, then order records by it.
//! let schema = Schema::new("sessions").with_sortable(["createdDate", "name"]);
//! let plan = sorters.compile::<serde_json::Value>(&schema)?;
//! let (a, b, c) = (
//!     json!({"name": "b", "createdDate": "2024-01-01T00:00:00Z"}),
//!     json!({"name": "A", "createdDate": "2024-01-01T00:00:00Z"}),
//!     json!({"name": "c", "createdDate": null}),
//! );
//! let mut records = vec![&c, &a, &b];
//! plan.sort(&mut records);
//! // Same date: by name, ignoring case. No date sorts first when descending.
//! assert_eq!(records, [&c, &b, &a]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Order
//!
//! * Keys compare in turn; a descending key reverses its own comparison only.
//! * Null (or missing) sorts after every value ascending, so first descending.
//! * Text compares after Unicode lowercase mapping ([`eval::compare_for_sort`]), unless the
//!   schema marks the field case-sensitive.
//! * Values of different kinds order by kind — booleans, numbers, date-times (including text
//!   that reads as an RFC 3339 date-time), other text, anything else — so the order is total
//!   even on mixed data; a collection sorts by its first element.
//! * Sorting is stable: records that compare equal keep their input order.
//!
//! A sortable name may stand for several fields, compared in turn: the schema's
//! [`Schema::sort_by`] says which (role mining sessions sort `createdBy` by the creator's display
//! name, then id), whatever the record type.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt;

use pest::Parser as _;
use pest::iterators::Pair;
use serde::{Deserialize, Serialize};

use crate::ast::{FieldPath, Span};
use crate::error::{Quoted, Snippet};
use crate::eval::{self, FieldRef, Record};
use crate::schema::Schema;

/// The parser pest derives from the grammar file.
mod grammar {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/sorters.pest"]
    pub(super) struct Grammar;
}

use grammar::{Grammar, Rule};

// ---------------------------------------------------------------------------------------------
// Keys and lists of keys
// ---------------------------------------------------------------------------------------------

/// One sort key: a field, ascending or descending.
///
/// A key parsed from text remembers where its field name was ([`SortKey::span`]); the span takes
/// no part in equality or hashing.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::sort::SortKey;
///
/// let key = SortKey::desc(FieldPath::from_static("createdDate"));
/// assert_eq!(key.to_string(), "-createdDate");
/// assert_eq!(key, SortKey::new(FieldPath::from_static("createdDate"), true));
/// ```
#[derive(Clone, Debug)]
pub struct SortKey {
    /// The field (a sortable name of the endpoint).
    pub field: FieldPath,
    /// Whether the order is reversed (written with a leading `-`).
    pub descending: bool,
    span: Option<Span>,
}

impl SortKey {
    /// A key on `field`, descending if `descending`.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sort::SortKey;
    /// assert!(!SortKey::new(FieldPath::from_static("name"), false).descending);
    /// ```
    pub const fn new(field: FieldPath, descending: bool) -> SortKey {
        SortKey {
            field,
            descending,
            span: None,
        }
    }

    /// An ascending key.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sort::SortKey;
    /// const BY_CREATOR: SortKey = SortKey::asc(FieldPath::from_static("createdBy"));
    /// assert_eq!(BY_CREATOR.to_string(), "createdBy");
    /// ```
    pub const fn asc(field: FieldPath) -> SortKey {
        SortKey::new(field, false)
    }

    /// A descending key.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sort::SortKey;
    /// assert!(SortKey::desc(FieldPath::from_static("createdDate")).descending);
    /// ```
    pub const fn desc(field: FieldPath) -> SortKey {
        SortKey::new(field, true)
    }

    /// Where the field name is in the text the key was parsed from; `None` for keys built in
    /// code.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// use sailpoint_filters::sort::Sorters;
    /// let sorters = Sorters::parse("name, -createdDate")?;
    /// assert_eq!(sorters.keys()[1].span(), Some(Span::new(7, 18)));
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn span(&self) -> Option<Span> {
        self.span
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &SortKey) -> bool {
        self.field == other.field && self.descending == other.descending
    }
}

impl Eq for SortKey {}

impl std::hash::Hash for SortKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.field.hash(state);
        self.descending.hash(state);
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        write!(f, "{}", self.field)
    }
}

/// The value of a `sorters` parameter: sort keys, most significant first.
///
/// `Display` prints the canonical spelling — keys joined by `,` with no spaces — and `FromStr`
/// parses it ([`Sorters::parse`]). With serde, sorters are that string.
///
/// ```
/// use sailpoint_filters::FieldPath;
/// use sailpoint_filters::sort::{SortKey, Sorters};
///
/// let sorters = Sorters::new([
///     SortKey::desc(FieldPath::from_static("createdDate")),
///     SortKey::asc(FieldPath::from_static("createdBy")),
/// ]);
/// assert_eq!(sorters.to_string(), "-createdDate,createdBy");
/// assert_eq!("-createdDate, createdBy".parse::<Sorters>()?, sorters);
/// assert_eq!(serde_json::to_string(&sorters).unwrap(), r#""-createdDate,createdBy""#);
/// # Ok::<(), sailpoint_filters::sort::SortersError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sorters {
    keys: Vec<SortKey>,
}

impl Sorters {
    /// Sorters with these keys, most significant first. Nothing is checked here; see
    /// [`Sorters::validate`].
    ///
    /// ```
    /// use sailpoint_filters::sort::Sorters;
    /// assert!(Sorters::new([]).is_empty());
    /// ```
    pub fn new(keys: impl IntoIterator<Item = SortKey>) -> Sorters {
        Sorters {
            keys: keys.into_iter().collect(),
        }
    }

    /// The keys, most significant first.
    ///
    /// ```
    /// use sailpoint_filters::sort::Sorters;
    /// let sorters = Sorters::parse("-createdDate")?;
    /// assert_eq!(sorters.keys()[0].field.as_str(), "createdDate");
    /// assert!(sorters.keys()[0].descending);
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn keys(&self) -> &[SortKey] {
        &self.keys
    }

    /// Whether there are no keys (records keep their stored order).
    ///
    /// ```
    /// use sailpoint_filters::sort::Sorters;
    /// assert!(Sorters::parse("  ")?.is_empty());
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl FromIterator<SortKey> for Sorters {
    fn from_iter<I: IntoIterator<Item = SortKey>>(iter: I) -> Sorters {
        Sorters::new(iter)
    }
}

impl From<Vec<SortKey>> for Sorters {
    fn from(keys: Vec<SortKey>) -> Sorters {
        Sorters { keys }
    }
}

impl fmt::Display for Sorters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Sorters {
    type Err = SortersError;

    fn from_str(s: &str) -> Result<Sorters, SortersError> {
        Sorters::parse(s)
    }
}

impl Serialize for Sorters {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sorters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Sorters, D::Error> {
        let text = String::deserialize(deserializer)?;
        Sorters::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Bounds on `sorters` text, so that no input takes unbounded time or memory.
///
/// The defaults are generous: SailPoint endpoints sort by a handful of fields and each field may
/// appear once, so 16 keys and 1 KiB of text are far beyond any request an endpoint accepts.
///
/// ```
/// use sailpoint_filters::sort::{Sorters, SortersErrorKind, SortersLimits};
/// let limits = SortersLimits::default().with_max_keys(1);
/// let err = Sorters::parse_with("a,b", &limits).unwrap_err();
/// assert_eq!(err.kind(), &SortersErrorKind::TooManyKeys { max: 1 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SortersLimits {
    /// Longest text, in bytes. Default 1,024.
    pub max_length: usize,
    /// Most keys. Default 16.
    pub max_keys: usize,
}

impl SortersLimits {
    /// The default bounds: 1,024 bytes of text, 16 keys.
    pub const DEFAULT: SortersLimits = SortersLimits {
        max_length: 1024,
        max_keys: 16,
    };

    /// These limits with another length bound (bytes).
    ///
    /// ```
    /// use sailpoint_filters::sort::SortersLimits;
    /// assert_eq!(SortersLimits::default().with_max_length(64).max_length, 64);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> SortersLimits {
        self.max_length = bytes;
        self
    }

    /// These limits with another bound on the number of keys.
    ///
    /// ```
    /// use sailpoint_filters::sort::SortersLimits;
    /// assert_eq!(SortersLimits::default().with_max_keys(4).max_keys, 4);
    /// ```
    pub const fn with_max_keys(mut self, keys: usize) -> SortersLimits {
        self.max_keys = keys;
        self
    }
}

impl Default for SortersLimits {
    fn default() -> SortersLimits {
        SortersLimits::DEFAULT
    }
}

impl Sorters {
    /// Parses `sorters` text with the default limits.
    ///
    /// ```
    /// use sailpoint_filters::sort::Sorters;
    ///
    /// assert_eq!(Sorters::parse("createdBy , -createdDate")?.to_string(), "createdBy,-createdDate");
    /// assert!(Sorters::parse("")?.is_empty());
    ///
    /// let err = Sorters::parse("+createdDate").unwrap_err();
    /// assert_eq!(err.to_string(), "\
    /// invalid sorters at column 1: `+` is not a sort direction (SailPoint has no `+`): drop it to \
    /// sort ascending, as in `createdDate`
    ///     +createdDate
    ///     ^");
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Sorters, SortersError> {
        Sorters::parse_with(text, &SortersLimits::DEFAULT)
    }

    /// Parses `sorters` text with the given limits.
    ///
    /// ```
    /// use sailpoint_filters::sort::{Sorters, SortersErrorKind, SortersLimits};
    /// let err = Sorters::parse_with("createdDate", &SortersLimits::default().with_max_length(4)).unwrap_err();
    /// assert_eq!(err.kind(), &SortersErrorKind::TooLong { len: 11, max: 4 });
    /// ```
    pub fn parse_with(text: &str, limits: &SortersLimits) -> Result<Sorters, SortersError> {
        if text.len() > limits.max_length {
            let mut cut = limits.max_length;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let kind = SortersErrorKind::TooLong {
                len: text.len(),
                max: limits.max_length,
            };
            return Err(SortersError::new(text, kind, Span::new(cut, text.len())));
        }
        let mut pairs =
            Grammar::parse(Rule::sorters, text).map_err(|e| grammar_failure(text, &e))?;
        let walker = Walker {
            input: text,
            limits,
        };
        match pairs.next() {
            Some(root) => walker.sorters(root),
            None => Err(walker.error(SortersErrorKind::Internal, Span::new(0, text.len()))),
        }
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// Turns the grammar's pairs into keys, and its error productions into errors.
struct Walker<'i, 'l> {
    input: &'i str,
    limits: &'l SortersLimits,
}

impl<'i> Walker<'i, '_> {
    fn error(&self, kind: SortersErrorKind, span: Span) -> SortersError {
        SortersError::new(self.input, kind, span)
    }

    fn sorters(&self, root: Pair<'i, Rule>) -> Result<Sorters, SortersError> {
        let mut keys = Vec::new();
        let mut last_comma = None;
        let mut last_key = None;
        for pair in root.into_inner() {
            let span = span_of(&pair);
            match pair.as_rule() {
                Rule::comma => last_comma = Some(span),
                Rule::key => {
                    if keys.len() == self.limits.max_keys {
                        let max = self.limits.max_keys;
                        return Err(self.error(SortersErrorKind::TooManyKeys { max }, span));
                    }
                    keys.push(self.key(pair)?);
                    last_key = Some(span);
                }
                Rule::missing_key => {
                    return Err(if span.start >= self.input.len() {
                        let comma = last_comma.unwrap_or(span);
                        self.error(SortersErrorKind::TrailingComma, comma)
                    } else {
                        let comma = Span::new(span.start, span.start + 1);
                        self.error(SortersErrorKind::EmptyKey, comma)
                    });
                }
                Rule::double_minus => return Err(self.double_minus(pair)),
                Rule::plus_sign => return Err(self.plus_sign(pair)),
                Rule::missing_field => return Err(self.missing_field(pair)),
                Rule::invalid_path => {
                    let token = token_of(pair).unwrap_or(span);
                    return Err(self.invalid_path(token));
                }
                Rule::missing_comma => {
                    let token = token_of(pair).unwrap_or(span);
                    let kind = SortersErrorKind::MissingComma {
                        found: self.text(token).to_owned(),
                    };
                    return Err(self.error(kind, token));
                }
                Rule::space_in_key => {
                    let token = token_of(pair).unwrap_or(span);
                    return Err(self.space_in_key(last_key.unwrap_or(token), token));
                }
                Rule::EOI => {}
                _ => return Err(self.error(SortersErrorKind::Internal, span)),
            }
        }
        Ok(Sorters { keys })
    }

    fn text(&self, span: Span) -> &'i str {
        self.input.get(span.start..span.end).unwrap_or_default()
    }

    fn key(&self, pair: Pair<'i, Rule>) -> Result<SortKey, SortersError> {
        let whole = span_of(&pair);
        let mut descending = false;
        let mut path = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::descending => descending = true,
                Rule::path => path = Some(span_of(&child)),
                _ => return Err(self.error(SortersErrorKind::Internal, span_of(&child))),
            }
        }
        let path = path.ok_or_else(|| self.error(SortersErrorKind::Internal, whole))?;
        // The filter grammar's `field_path` rule is the one definition of a path (it also keeps
        // keywords out); the sorters grammar only finds where a path is.
        let field =
            FieldPath::new(self.text(path).to_owned()).map_err(|_| self.invalid_path(path))?;
        Ok(SortKey {
            field,
            descending,
            span: Some(path),
        })
    }

    fn invalid_path(&self, span: Span) -> SortersError {
        let kind = SortersErrorKind::InvalidFieldPath {
            path: self.text(span).to_owned(),
        };
        self.error(kind, span)
    }

    /// The text after a mistaken prefix, if it is a field path: what the key should have been.
    fn suggestion(&self, token: Option<Span>, prefix: &str) -> Option<String> {
        let text = self.text(token?);
        FieldPath::new(text.to_owned())
            .ok()
            .map(|_| format!("{prefix}{text}"))
    }

    fn double_minus(&self, pair: Pair<'i, Rule>) -> SortersError {
        let whole = span_of(&pair);
        let mut minuses = whole;
        let mut token = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::minus_run => minuses = span_of(&child),
                Rule::token => token = Some(span_of(&child)),
                _ => {}
            }
        }
        let kind = SortersErrorKind::DoubleMinus {
            found: self.text(minuses).to_owned(),
            suggestion: self.suggestion(token, "-"),
        };
        self.error(kind, minuses)
    }

    fn plus_sign(&self, pair: Pair<'i, Rule>) -> SortersError {
        let at = span_of(&pair).start;
        let token = token_of(pair);
        let kind = SortersErrorKind::PlusSign {
            suggestion: self.suggestion(token, ""),
        };
        self.error(kind, Span::new(at, at + 1))
    }

    fn missing_field(&self, pair: Pair<'i, Rule>) -> SortersError {
        let at = span_of(&pair).start;
        let minus = Span::new(at, at + 1);
        let kind = match self.suggestion(token_of(pair), "-") {
            Some(suggestion) => SortersErrorKind::SpaceAfterMinus { suggestion },
            None => SortersErrorKind::MissingField,
        };
        self.error(kind, minus)
    }

    fn space_in_key(&self, key: Span, token: Span) -> SortersError {
        let whole = key.to(token);
        let joined: String = self.text(whole).split([' ', '\t', '\r', '\n']).collect();
        let joined = FieldPath::new(joined.trim_start_matches('-').to_owned())
            .ok()
            .map(|_| joined);
        let kind = SortersErrorKind::SpaceInKey {
            key: self.text(whole).to_owned(),
            joined,
        };
        self.error(kind, whole)
    }
}

/// The `token` inside an error production.
fn token_of(pair: Pair<'_, Rule>) -> Option<Span> {
    pair.into_inner()
        .find(|p| p.as_rule() == Rule::token)
        .map(|p| span_of(&p))
}

/// A pest failure. The error productions make every input parse, so this is reached only if
/// they have a gap; it still gives a positioned message.
fn grammar_failure(input: &str, error: &pest::error::Error<Rule>) -> SortersError {
    let at = match error.location {
        pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => at,
    };
    let found = input.get(at..).and_then(|rest| rest.chars().next());
    let end = at + found.map_or(0, char::len_utf8);
    let kind = SortersErrorKind::Unexpected {
        found: found.map(String::from),
    };
    SortersError::new(input, kind, Span::new(at, end))
}

/// What was wrong with `sorters` text. The one-line reason of a [`SortersError`].
///
/// ```
/// use sailpoint_filters::sort::{Sorters, SortersErrorKind};
/// let err = Sorters::parse("createdBy,").unwrap_err();
/// assert_eq!(err.kind(), &SortersErrorKind::TrailingComma);
/// assert_eq!(err.kind().to_string(), "trailing `,` with no sort key after it: remove it");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SortersErrorKind {
    /// The text is longer than [`SortersLimits::max_length`].
    #[error("the sorters are {len} bytes long, over the limit of {max} bytes")]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// More keys than [`SortersLimits::max_keys`].
    #[error("more than {max} sort keys, over the limit")]
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
    PlusSign {
        /// The key without the `+`, when the rest is a field path.
        suggestion: Option<String>,
    },
    /// A `-` with no field name after it.
    #[error("expected a field name after `-`")]
    MissingField,
    /// `- a`: whitespace between the `-` and the field name.
    #[error("no space is allowed after `-`: write `{suggestion}`")]
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
    SpaceInKey {
        /// The key as written, spaces included.
        key: String,
        /// The key without the spaces, when that is a field path.
        joined: Option<String>,
    },
    /// A `-key` after a key with only whitespace between: `createdBy -createdDate`.
    #[error("expected `,` before {}: sort keys are separated by commas", Quoted(.found))]
    MissingComma {
        /// The key that follows.
        found: String,
    },
    /// Something unexpected that no more specific message covers.
    #[error(
        "unexpected {}",
        .found.as_ref().map_or_else(|| "end of the sorters".to_owned(), |c| Quoted(c).to_string())
    )]
    Unexpected {
        /// The character found, or `None` at the end.
        found: Option<String>,
    },
    /// A parser defect: the grammar produced a shape the walker does not know.
    #[error("internal sorters parser error; please report this input")]
    Internal,
}

/// `sorters` text that could not be parsed: what was wrong, and where.
///
/// `Display` shows the reason with the column, then the text with `^` under the problem.
///
/// ```
/// use sailpoint_filters::Span;
/// use sailpoint_filters::sort::Sorters;
///
/// let err = Sorters::parse("createdBy,,createdDate").unwrap_err();
/// assert_eq!((err.column(), err.span()), (11, Span::new(10, 11)));
/// assert_eq!(err.to_string(), "\
/// invalid sorters at column 11: empty sort key: expected a field name before this `,`; remove \
/// the extra comma
///     createdBy,,createdDate
///               ^");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortersError {
    kind: SortersErrorKind,
    span: Span,
    // Boxed to keep `Result<_, SortersError>` small.
    snippet: Box<Snippet>,
}

impl SortersError {
    fn new(input: &str, kind: SortersErrorKind, span: Span) -> SortersError {
        SortersError {
            kind,
            span,
            snippet: Box::new(Snippet::new(input, span)),
        }
    }

    /// What was wrong.
    ///
    /// ```
    /// use sailpoint_filters::sort::{Sorters, SortersErrorKind};
    /// assert_eq!(Sorters::parse("-").unwrap_err().kind(), &SortersErrorKind::MissingField);
    /// ```
    pub fn kind(&self) -> &SortersErrorKind {
        &self.kind
    }

    /// The bytes of the text at fault.
    ///
    /// ```
    /// use sailpoint_filters::Span;
    /// use sailpoint_filters::sort::Sorters;
    /// assert_eq!(Sorters::parse("a, b-c").unwrap_err().span(), Span::new(3, 6));
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// 1-based column of the problem, counted in characters.
    ///
    /// ```
    /// use sailpoint_filters::sort::{Sorters, SortersLimits};
    /// let limits = SortersLimits::default().with_max_length(4);
    /// // `é` is two bytes: the text past the limit starts at byte 4, the third character.
    /// assert_eq!(Sorters::parse_with("ééé", &limits).unwrap_err().column(), 3);
    /// ```
    pub fn column(&self) -> usize {
        self.snippet.column
    }

    /// The one-line message: position and reason, without the excerpt. This is the text an
    /// HTTP 400 body carries.
    ///
    /// ```
    /// use sailpoint_filters::sort::Sorters;
    /// assert_eq!(
    ///     Sorters::parse("--createdDate").unwrap_err().message(),
    ///     "column 1: `--` is not a sort direction: a single `-` sorts descending, as in `-createdDate`",
    /// );
    /// ```
    pub fn message(&self) -> String {
        format!("{}: {}", self.snippet.position(), self.kind)
    }
}

impl fmt::Display for SortersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "invalid sorters at {}: {}",
            self.snippet.position(),
            self.kind
        )?;
        self.snippet.write(f, 4)
    }
}

impl std::error::Error for SortersError {}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

impl Sorters {
    /// Checks every key against the endpoint: each field must be sortable, and appear once.
    /// Reports all problems, not only the first.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    ///
    /// let schema = Schema::new("role-mining-sessions").with_sortable(["createdBy", "createdDate"]);
    /// assert!(Sorters::parse("-createdDate")?.validate(&schema).is_ok());
    ///
    /// let text = "name,createdBy,-createdBy";
    /// let err = Sorters::parse(text)?.validate(&schema).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate",
    ///     "`createdBy` is repeated: sort by each field once",
    /// ]);
    /// assert_eq!(err.with_source(text).messages()[1], "column 17: `createdBy` is repeated: sort by each field once");
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn validate(&self, schema: &Schema) -> Result<(), SortersValidationError> {
        let problems: Vec<SortersProblem> = self
            .keys
            .iter()
            .zip(self.check(schema))
            .filter_map(|(key, problem)| {
                problem.map(|kind| SortersProblem {
                    kind,
                    span: key.span,
                })
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SortersValidationError::new(schema, problems))
        }
    }

    /// The problem with each key, if any: a field seen before is repeated; a new one must be
    /// sortable.
    fn check(&self, schema: &Schema) -> Vec<Option<SortersProblemKind>> {
        let mut seen = HashSet::new();
        self.keys
            .iter()
            .map(|key| {
                let field = key.field.as_str();
                if !seen.insert(field) {
                    Some(SortersProblemKind::Repeated {
                        field: field.to_owned(),
                    })
                } else if !schema.is_sortable(field) {
                    Some(SortersProblemKind::Unsortable {
                        field: field.to_owned(),
                        endpoint: schema.endpoint.clone(),
                        suggestion: schema.closest_sortable(field).map(str::to_owned),
                        sortable: schema
                            .sortable
                            .iter()
                            .map(|f| f.as_str().to_owned())
                            .collect(),
                    })
                } else {
                    None
                }
            })
            .collect()
    }

    /// Validates, then resolves each key once for records of type `R` (a key may stand for
    /// several fields, see [`Schema::sort_by`]), giving a plan that orders records.
    ///
    /// String comparisons ignore case unless the schema lists the key's field as a
    /// case-sensitive filter field.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_sortable(["count"]);
    /// let plan = Sorters::parse("-count")?.compile::<serde_json::Value>(&schema)?;
    /// let (a, b) = (json!({"count": 2}), json!({"count": 10}));
    /// assert_eq!(plan.compare(&a, &b), std::cmp::Ordering::Greater);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compile<R: Record>(
        &self,
        schema: &Schema,
    ) -> Result<SortPlan<R>, SortersValidationError> {
        let mut problems = Vec::new();
        let mut keys = Vec::with_capacity(self.keys.len());
        for (key, problem) in self.keys.iter().zip(self.check(schema)) {
            let fields: Option<Vec<R::Field>> = schema
                .sort_paths(key.field.as_str())
                .iter()
                .map(R::resolve)
                .collect();
            let problem = problem.or_else(|| match fields {
                Some(fields) if !fields.is_empty() => {
                    keys.push(PlanKey {
                        fields,
                        descending: key.descending,
                        case_sensitive: schema
                            .field(key.field.as_str())
                            .is_some_and(|spec| spec.case_sensitive),
                    });
                    None
                }
                _ => Some(SortersProblemKind::Unreadable {
                    field: key.field.as_str().to_owned(),
                    endpoint: schema.endpoint.clone(),
                }),
            });
            if let Some(kind) = problem {
                problems.push(SortersProblem {
                    kind,
                    span: key.span,
                });
            }
        }
        if problems.is_empty() {
            Ok(SortPlan { keys })
        } else {
            Err(SortersValidationError::new(schema, problems))
        }
    }
}

/// One reason sorters do not suit an endpoint.
///
/// ```
/// use sailpoint_filters::sort::SortersProblemKind;
/// let kind = SortersProblemKind::Unsortable {
///     field: "createDate".into(),
///     endpoint: "role-mining-sessions".into(),
///     suggestion: Some("createdDate".into()),
///     sortable: vec!["createdBy".into(), "createdDate".into()],
/// };
/// assert_eq!(
///     kind.to_string(),
///     "cannot sort role-mining-sessions by `createDate`; did you mean `createdDate`? Sortable fields: createdBy, createdDate",
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SortersProblemKind {
    /// The endpoint cannot sort by this field.
    #[error("{}", unsortable_message(.field, .endpoint, .suggestion.as_deref(), .sortable))]
    Unsortable {
        /// The field as written.
        field: String,
        /// The endpoint.
        endpoint: String,
        /// The closest sortable field, if one is close.
        suggestion: Option<String>,
        /// All sortable fields.
        sortable: Vec<String>,
    },
    /// The field appears more than once (in either direction).
    #[error("`{field}` is repeated: sort by each field once")]
    Repeated {
        /// The field.
        field: String,
    },
    /// The schema lists the field as sortable, but the record type cannot read it: a defect of
    /// the endpoint declaration rather than of the request.
    #[error("{endpoint} lists `{field}` as sortable, but its records have no such field")]
    Unreadable {
        /// The field.
        field: String,
        /// The endpoint.
        endpoint: String,
    },
}

fn unsortable_message(
    field: &str,
    endpoint: &str,
    suggestion: Option<&str>,
    sortable: &[String],
) -> String {
    let by = if endpoint.is_empty() {
        format!("cannot sort by `{field}`")
    } else {
        format!("cannot sort {endpoint} by `{field}`")
    };
    match (suggestion, sortable.is_empty()) {
        (_, true) => format!("{by}; the endpoint sorts by no field"),
        (Some(s), false) => format!(
            "{by}; did you mean `{s}`? Sortable fields: {}",
            sortable.join(", ")
        ),
        (None, false) => format!("{by}; sortable fields: {}", sortable.join(", ")),
    }
}

/// One problem and where it is.
///
/// ```
/// use sailpoint_filters::{Schema, Span};
/// use sailpoint_filters::sort::Sorters;
/// let err = Sorters::parse("-name")?.validate(&Schema::new("x")).unwrap_err();
/// assert_eq!(err.problems()[0].span, Some(Span::new(1, 5)));
/// # Ok::<(), sailpoint_filters::sort::SortersError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortersProblem {
    /// What is wrong.
    pub kind: SortersProblemKind,
    /// The field name at fault, when the sorters were parsed from text.
    pub span: Option<Span>,
}

/// Every reason sorters do not suit an endpoint.
///
/// `Display` lists the problems, each with its column and a caret under it when the text is
/// known (see [`SortersValidationError::with_source`]).
///
/// ```
/// use sailpoint_filters::Schema;
/// use sailpoint_filters::sort::Sorters;
///
/// let schema = Schema::new("role-mining-sessions").with_sortable(["createdBy", "createdDate"]);
/// let text = "createdby,name";
/// let err = Sorters::parse(text)?.validate(&schema).unwrap_err().with_source(text);
/// assert_eq!(err.to_string(), "\
/// invalid sorters for role-mining-sessions (2 problems):
/// column 1: cannot sort role-mining-sessions by `createdby`; did you mean `createdBy`? Sortable fields: createdBy, createdDate
///     createdby,name
///     ^^^^^^^^^
/// column 11: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate
///     createdby,name
///               ^^^^");
/// # Ok::<(), sailpoint_filters::sort::SortersError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortersValidationError {
    endpoint: String,
    problems: Vec<SortersProblem>,
    source: Option<String>,
}

impl SortersValidationError {
    fn new(schema: &Schema, problems: Vec<SortersProblem>) -> SortersValidationError {
        SortersValidationError {
            endpoint: schema.endpoint.clone(),
            problems,
            source: None,
        }
    }

    /// The problems, in reading order.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// let err = Sorters::parse("a,b,a")?.validate(&Schema::new("x")).unwrap_err();
    /// assert_eq!(err.problems().len(), 3);
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn problems(&self) -> &[SortersProblem] {
        &self.problems
    }

    /// The endpoint validated against.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// let err = Sorters::parse("a")?.validate(&Schema::new("accounts")).unwrap_err();
    /// assert_eq!(err.endpoint(), "accounts");
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Attaches the sorters text, so that messages give columns and `Display` shows each
    /// problem in place.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// let text = " -name";
    /// let err = Sorters::parse(text)?.validate(&Schema::new("x")).unwrap_err().with_source(text);
    /// assert!(err.to_string().ends_with("\n     -name\n      ^^^^"));
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn with_source(mut self, text: &str) -> SortersValidationError {
        self.source = Some(text.to_owned());
        self
    }

    /// One line per problem — `column 7: …` when the position is known — for HTTP 400 bodies.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// let schema = Schema::new("x").with_sortable(["name"]);
    /// let err = Sorters::parse("name,-name")?.validate(&schema).unwrap_err().with_source("name,-name");
    /// assert_eq!(err.messages(), ["column 7: `name` is repeated: sort by each field once"]);
    /// # Ok::<(), sailpoint_filters::sort::SortersError>(())
    /// ```
    pub fn messages(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| match self.snippet(p) {
                Some(snippet) => format!("{}: {}", snippet.position(), p.kind),
                None => p.kind.to_string(),
            })
            .collect()
    }

    fn snippet(&self, problem: &SortersProblem) -> Option<Snippet> {
        Some(Snippet::new(self.source.as_deref()?, problem.span?))
    }

    fn write_problem(&self, f: &mut fmt::Formatter<'_>, problem: &SortersProblem) -> fmt::Result {
        match self.snippet(problem) {
            Some(snippet) => {
                writeln!(f, "{}: {}", snippet.position(), problem.kind)?;
                snippet.write(f, 4)
            }
            None => write!(f, "{}", problem.kind),
        }
    }
}

impl fmt::Display for SortersValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid sorters")?;
        if !self.endpoint.is_empty() {
            write!(f, " for {}", self.endpoint)?;
        }
        let [only] = self.problems.as_slice() else {
            write!(f, " ({} problems):", self.problems.len())?;
            for problem in &self.problems {
                f.write_str("\n")?;
                self.write_problem(f, problem)?;
            }
            return Ok(());
        };
        f.write_str(": ")?;
        self.write_problem(f, only)
    }
}

impl std::error::Error for SortersValidationError {}

// ---------------------------------------------------------------------------------------------
// Ordering records
// ---------------------------------------------------------------------------------------------

/// Compiled sorters: each key resolved once for records of type `R`, ready to order them.
///
/// Made by [`Sorters::compile`]. A plan with no keys keeps records in their stored order.
///
/// ```
/// use sailpoint_filters::Schema;
/// use sailpoint_filters::sort::Sorters;
/// use serde_json::json;
///
/// let schema = Schema::new("x").with_sortable(["name"]);
/// let plan = Sorters::parse("name")?.compile::<serde_json::Value>(&schema)?;
/// let records = [json!({"name": "Émile"}), json!({"name": "zoe"}), json!({"name": "adam"}), json!({})];
/// let names: Vec<_> = plan
///     .top(records.iter().collect(), 3)
///     .into_iter()
///     .map(|r| r["name"].as_str().unwrap())
///     .collect();
/// assert_eq!(names, ["adam", "zoe", "Émile"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SortPlan<R: Record> {
    keys: Vec<PlanKey<R::Field>>,
}

#[derive(Clone, Debug)]
struct PlanKey<F> {
    fields: Vec<F>,
    descending: bool,
    case_sensitive: bool,
}

impl<R: Record> Clone for SortPlan<R> {
    fn clone(&self) -> SortPlan<R> {
        SortPlan {
            keys: self.keys.clone(),
        }
    }
}

impl<R: Record> fmt::Debug for SortPlan<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SortPlan")
            .field("keys", &self.keys)
            .finish()
    }
}

impl<R: Record> Default for SortPlan<R> {
    /// The plan that keeps stored order.
    fn default() -> SortPlan<R> {
        SortPlan { keys: Vec::new() }
    }
}

impl<R: Record> SortPlan<R> {
    /// Whether the plan has no keys, so that records keep their stored order.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// let plan = Sorters::parse("")?.compile::<serde_json::Value>(&Schema::new("x"))?;
    /// assert!(plan.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Orders two records: key by key, each key field by field; the first difference decides.
    /// `Equal` means the records tie on every key (a stable sort keeps their input order).
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_sortable(["name"]);
    /// let asc = Sorters::parse("name")?.compile::<serde_json::Value>(&schema)?;
    /// let desc = Sorters::parse("-name")?.compile::<serde_json::Value>(&schema)?;
    /// let (named, unnamed) = (json!({"name": "RM"}), json!({"name": null}));
    /// assert_eq!(asc.compare(&named, &unnamed), Ordering::Less);  // nulls last ascending
    /// assert_eq!(desc.compare(&named, &unnamed), Ordering::Greater); // and first descending
    /// assert_eq!(asc.compare(&json!({"name": "rm"}), &named), Ordering::Equal);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compare(&self, a: &R, b: &R) -> Ordering {
        for key in &self.keys {
            for field in &key.fields {
                let order = compare_values(a.read(field), b.read(field), key.case_sensitive);
                let order = if key.descending {
                    order.reverse()
                } else {
                    order
                };
                if order.is_ne() {
                    return order;
                }
            }
        }
        Ordering::Equal
    }

    /// Sorts records in place, stably: records that compare equal keep their input order. With
    /// no keys, leaves them as they are.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_sortable(["saved"]);
    /// let plan = Sorters::parse("-saved")?.compile::<serde_json::Value>(&schema)?;
    /// let (a, b, c) = (json!({"id": 1, "saved": false}), json!({"id": 2, "saved": true}), json!({"id": 3, "saved": false}));
    /// let mut records = vec![&a, &b, &c];
    /// plan.sort(&mut records);
    /// assert_eq!(records, [&b, &a, &c]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sort(&self, records: &mut [&R]) {
        if !self.is_empty() {
            records.sort_by(|a, b| self.compare(a, b));
        }
    }

    /// The first `k` records of the stable order, without sorting the rest: what a page of
    /// `offset + limit` records needs. Equals sorting all records and keeping the first `k`,
    /// in `O(n log k)` comparisons (about `n` when the input is not already in order) instead
    /// of `O(n log n)`.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sort::Sorters;
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_sortable(["n"]);
    /// let plan = Sorters::parse("-n")?.compile::<serde_json::Value>(&schema)?;
    /// let records: Vec<_> = (0..100).map(|n| json!({"n": n % 10, "i": n})).collect();
    /// let top = plan.top(records.iter().collect(), 3);
    /// // The three records with n = 9, in input order.
    /// assert_eq!(top, [&records[9], &records[19], &records[29]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn top<'r>(&self, mut records: Vec<&'r R>, k: usize) -> Vec<&'r R> {
        if self.is_empty() || k == 0 {
            records.truncate(k);
            return records;
        }
        if k >= records.len() {
            self.sort(&mut records);
            return records;
        }
        self.top_of(records, k)
    }

    /// [`SortPlan::top`] of records as they come: the records are read once, and only the best
    /// `k` so far are kept (in a heap whose root is the worst of them), so nothing is collected
    /// but those. With no keys, the first `k`.
    pub(crate) fn top_of<'r>(
        &self,
        records: impl IntoIterator<Item = &'r R>,
        k: usize,
    ) -> Vec<&'r R> {
        let records = records.into_iter();
        if self.is_empty() || k == 0 {
            return records.take(k).collect();
        }
        // The input position breaks ties, which makes the order total and the selection equal
        // to the prefix of the stable sort.
        let order = |a: &(usize, &R), b: &(usize, &R)| self.compare(a.1, b.1).then(a.0.cmp(&b.0));
        let mut heap: Vec<(usize, &'r R)> = Vec::new();
        for (index, record) in records.enumerate() {
            let candidate = (index, record);
            if heap.len() < k {
                heap.push(candidate);
                sift_up(&mut heap, &order);
            } else if let Some(worst) = heap.first_mut()
                // A later record that ties with the worst comes after it: only a better one
                // replaces it.
                && self.compare(candidate.1, worst.1).is_lt()
            {
                *worst = candidate;
                sift_down(&mut heap, &order);
            }
        }
        heap.sort_unstable_by(order);
        heap.into_iter().map(|(_, record)| record).collect()
    }
}

/// Restores the max-heap order (by `order`) after a push at the end.
fn sift_up<T>(heap: &mut [T], order: &impl Fn(&T, &T) -> Ordering) {
    let mut child = heap.len().saturating_sub(1);
    while child > 0 {
        let parent = (child - 1) / 2;
        if order(&heap[child], &heap[parent]).is_le() {
            break;
        }
        heap.swap(child, parent);
        child = parent;
    }
}

/// Restores the max-heap order (by `order`) after the root was replaced.
fn sift_down<T>(heap: &mut [T], order: &impl Fn(&T, &T) -> Ordering) {
    let mut parent = 0;
    loop {
        let left = 2 * parent + 1;
        if left >= heap.len() {
            break;
        }
        let right = left + 1;
        let larger = if right < heap.len() && order(&heap[right], &heap[left]).is_gt() {
            right
        } else {
            left
        };
        if order(&heap[larger], &heap[parent]).is_le() {
            break;
        }
        heap.swap(larger, parent);
        parent = larger;
    }
}

/// Ascending order of two field values: [`eval::compare_for_sort`], whose order is total and
/// puts nulls after every value.
fn compare_values(a: FieldRef<'_>, b: FieldRef<'_>, case_sensitive: bool) -> Ordering {
    eval::compare_for_sort(a, b, case_sensitive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_the_walker_names_is_reachable() {
        // One input per branch of the walker; an `Internal` error would mean a renamed rule.
        for (text, ok) in [
            ("a,-b.c", true),
            ("a,", false),
            ("a,,b", false),
            ("--a", false),
            ("+a", false),
            ("- a", false),
            ("-", false),
            ("a-b", false),
            ("a -b", false),
            ("a b", false),
        ] {
            let result = Sorters::parse(text);
            assert_eq!(result.is_ok(), ok, "{text}");
            if let Err(e) = result {
                assert_ne!(e.kind(), &SortersErrorKind::Internal, "{text}");
            }
        }
    }

    #[test]
    fn kinds_order_mixed_values_totally() {
        let values = [
            FieldRef::Str("2020-01-01T10:00:00+05:00"),
            FieldRef::Str("2020-01-01T06:00:00Z"),
            FieldRef::Str("2020-01-01T08x"),
            FieldRef::DateTime(jiff::Timestamp::UNIX_EPOCH),
            FieldRef::Float(f64::NAN),
            FieldRef::Float(1.5),
            FieldRef::Int(1),
            FieldRef::Bool(true),
            FieldRef::Opaque,
            FieldRef::Null,
        ];
        // Transitivity over every triple: a ≤ b and b ≤ c imply a ≤ c.
        for a in values {
            for b in values {
                for c in values {
                    let le = |x, y| compare_values(x, y, false).is_le();
                    if le(a, b) && le(b, c) {
                        assert!(le(a, c), "{a:?} {b:?} {c:?}");
                    }
                }
                assert_eq!(
                    compare_values(a, b, false),
                    compare_values(b, a, false).reverse(),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
