//! Text → [`Sorters`]: the pest grammar's pairs turned into keys, with limits and precise errors.

use pest::Parser as _;
use pest::iterators::Pair;

use crate::diag::{Diagnostics, Parameter, Span};
use crate::filter::FieldPath;

use super::{SortKey, Sorters, SortersParseError, SortersParseProblem};

/// The parser pest derives from the grammar file, with the filter grammar for its `path`.
mod grammar {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/filter.pest"]
    #[grammar = "../grammar/sorters.pest"]
    pub(super) struct Grammar;
}

use grammar::{Grammar, Rule};

/// A problem at `span` of the sorters text `input`.
fn sorters_error(input: &str, kind: SortersParseProblem, span: Span) -> SortersParseError {
    Diagnostics::in_text(kind, Parameter::Sorters, input, span)
}

/// Bounds on `sorters` text, so that no input takes unbounded time or memory.
///
/// The defaults are generous: SailPoint endpoints sort by a handful of fields and each field may
/// appear once, so 16 keys and 1 KiB of text are far beyond any request an endpoint accepts.
///
/// ```
/// use sailpoint_filters::{Sorters, SortersParseProblem, SortersLimits};
/// let limits = SortersLimits::default().with_max_keys(1);
/// let err = Sorters::parse_with("a,b", &limits).unwrap_err();
/// assert!(matches!(err.kind(), SortersParseProblem::TooManyKeys { max: 1, .. }));
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
    /// use sailpoint_filters::SortersLimits;
    /// assert_eq!(SortersLimits::default().with_max_length(64).max_length, 64);
    /// ```
    pub const fn with_max_length(mut self, bytes: usize) -> SortersLimits {
        self.max_length = bytes;
        self
    }

    /// These limits with another bound on the number of keys.
    ///
    /// ```
    /// use sailpoint_filters::SortersLimits;
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
    /// use sailpoint_filters::Sorters;
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
    /// # Ok::<(), sailpoint_filters::SortersParseError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Sorters, SortersParseError> {
        Sorters::parse_with(text, &SortersLimits::DEFAULT)
    }

    /// Parses `sorters` text with the given limits.
    ///
    /// ```
    /// use sailpoint_filters::{Sorters, SortersParseProblem, SortersLimits};
    /// let err = Sorters::parse_with("createdDate", &SortersLimits::default().with_max_length(4)).unwrap_err();
    /// assert!(matches!(err.kind(), SortersParseProblem::TooLong { len: 11, max: 4, .. }));
    /// ```
    pub fn parse_with(text: &str, limits: &SortersLimits) -> Result<Sorters, SortersParseError> {
        if text.len() > limits.max_length {
            let mut cut = limits.max_length;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let kind = SortersParseProblem::TooLong {
                len: text.len(),
                max: limits.max_length,
            };
            return Err(sorters_error(text, kind, Span::new(cut, text.len())));
        }
        let mut pairs =
            Grammar::parse(Rule::sorters, text).map_err(|e| grammar_failure(text, &e))?;
        let walker = Walker {
            input: text,
            limits,
        };
        match pairs.next() {
            Some(root) => walker.sorters(root),
            None => Err(walker.error(SortersParseProblem::Internal, Span::new(0, text.len()))),
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
    fn error(&self, kind: SortersParseProblem, span: Span) -> SortersParseError {
        sorters_error(self.input, kind, span)
    }

    fn sorters(&self, root: Pair<'i, Rule>) -> Result<Sorters, SortersParseError> {
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
                        return Err(self.error(SortersParseProblem::TooManyKeys { max }, span));
                    }
                    keys.push(self.key(pair)?);
                    last_key = Some(span);
                }
                Rule::missing_key => {
                    return Err(if span.start >= self.input.len() {
                        let comma = last_comma.unwrap_or(span);
                        self.error(SortersParseProblem::TrailingComma, comma)
                    } else {
                        let comma = Span::new(span.start, span.start + 1);
                        self.error(SortersParseProblem::EmptyKey, comma)
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
                    let kind = SortersParseProblem::MissingComma {
                        found: self.text(token).to_owned(),
                    };
                    return Err(self.error(kind, token));
                }
                Rule::space_in_key => {
                    let token = token_of(pair).unwrap_or(span);
                    return Err(self.space_in_key(last_key.unwrap_or(token), token));
                }
                Rule::EOI => {}
                _ => return Err(self.error(SortersParseProblem::Internal, span)),
            }
        }
        Ok(Sorters { keys })
    }

    fn text(&self, span: Span) -> &'i str {
        self.input.get(span.start..span.end).unwrap_or_default()
    }

    fn key(&self, pair: Pair<'i, Rule>) -> Result<SortKey, SortersParseError> {
        let whole = span_of(&pair);
        let mut descending = false;
        let mut path = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::descending => descending = true,
                Rule::path => path = Some(span_of(&child)),
                _ => return Err(self.error(SortersParseProblem::Internal, span_of(&child))),
            }
        }
        let path = path.ok_or_else(|| self.error(SortersParseProblem::Internal, whole))?;
        // The grammar's `path` is the filter grammar's: the text is a field path.
        let field = FieldPath::new_unchecked(self.text(path).to_owned().into());
        Ok(SortKey {
            field,
            descending,
            span: Some(path),
        })
    }

    fn invalid_path(&self, span: Span) -> SortersParseError {
        let kind = SortersParseProblem::InvalidFieldPath {
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

    fn double_minus(&self, pair: Pair<'i, Rule>) -> SortersParseError {
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
        let kind = SortersParseProblem::DoubleMinus {
            found: self.text(minuses).to_owned(),
            suggestion: self.suggestion(token, "-"),
        };
        self.error(kind, minuses)
    }

    fn plus_sign(&self, pair: Pair<'i, Rule>) -> SortersParseError {
        let at = span_of(&pair).start;
        let token = token_of(pair);
        let kind = SortersParseProblem::PlusSign {
            suggestion: self.suggestion(token, ""),
        };
        self.error(kind, Span::new(at, at + 1))
    }

    fn missing_field(&self, pair: Pair<'i, Rule>) -> SortersParseError {
        let at = span_of(&pair).start;
        let minus = Span::new(at, at + 1);
        let kind = match self.suggestion(token_of(pair), "-") {
            Some(suggestion) => SortersParseProblem::SpaceAfterMinus { suggestion },
            None => SortersParseProblem::MissingField,
        };
        self.error(kind, minus)
    }

    fn space_in_key(&self, key: Span, token: Span) -> SortersParseError {
        let whole = key.to(token);
        // `createdDate desc`, as SQL writes it: SailPoint's direction is a leading `-`.
        let word = self.text(token);
        let descending =
            if word.eq_ignore_ascii_case("desc") || word.eq_ignore_ascii_case("descending") {
                Some(true)
            } else if word.eq_ignore_ascii_case("asc") || word.eq_ignore_ascii_case("ascending") {
                Some(false)
            } else {
                None
            };
        let field = self.text(key).trim_start_matches('-');
        if let (Some(descending), Ok(_)) = (descending, FieldPath::new(field.to_owned())) {
            let kind = SortersParseProblem::DirectionWord {
                word: word.to_owned(),
                suggestion: format!("{}{field}", if descending { "-" } else { "" }),
            };
            return self.error(kind, token);
        }
        let joined: String = self.text(whole).split([' ', '\t', '\r', '\n']).collect();
        let joined = FieldPath::new(joined.trim_start_matches('-').to_owned())
            .ok()
            .map(|_| joined);
        let kind = SortersParseProblem::SpaceInKey {
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
fn grammar_failure(input: &str, error: &pest::error::Error<Rule>) -> SortersParseError {
    let at = match error.location {
        pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => at,
    };
    let found = input.get(at..).and_then(|rest| rest.chars().next());
    let end = at + found.map_or(0, char::len_utf8);
    let kind = SortersParseProblem::Unexpected {
        found: found.map(String::from),
    };
    sorters_error(input, kind, Span::new(at, end))
}
