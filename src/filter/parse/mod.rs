//! Text → [`Filter`]: the pest grammar's pairs turned into the syntax tree, with limits and
//! precise errors.
//!
//! The syntax itself is stated once, in `grammar/filter.pest`, which reads exactly the
//! well-formed filters. Text it refuses is read again by the diagnostic grammar,
//! `grammar/filter_diagnostics.pest`: the same language with error productions beside its
//! rules. This module walks the pairs either grammar produces, builds the tree, and turns the
//! error productions into [`ParseError`]s that say what was wrong and where.
//!
//! ```
//! use sailpoint_filters::{Filter, ParseOptions, Syntax};
//!
//! // The lenient syntax (the default) accepts the forms SailPoint's own examples use.
//! let filter = Filter::parse("status eq PENDING and id eq '2c91'")?;
//! assert_eq!(filter.to_string(), r#"status eq "PENDING" and id eq "2c91""#);
//!
//! // The strict syntax wants every string double-quoted.
//! let strict = ParseOptions { syntax: Syntax::Strict, ..ParseOptions::default() };
//! let err = Filter::parse_with("status eq PENDING", &strict).unwrap_err();
//! assert_eq!(err.column(), Some(11));
//! assert_eq!(
//!     err.to_string(),
//!     concat!(
//!         "invalid filter at column 11: unquoted text `PENDING` (the strict syntax needs double ",
//!         "quotes): write \"PENDING\"\n",
//!         "    status eq PENDING\n",
//!         "              ^^^^^^^",
//!     ),
//! );
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```

use std::borrow::Cow;

use pest::Parser as _;
use pest::iterators::Pair;

use crate::diag::{Diagnostics, Parameter, Span};

use super::{FieldPath, Filter, Limits, ParseError, ParseOptions, ParseProblem};

/// The parser pest derives from the grammar files: the language (`filter`) and the diagnostic
/// grammar that reads refused text again (`filter_or_error`).
mod grammar {
    #![allow(missing_docs)]

    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/filter.pest"]
    #[grammar = "../grammar/filter_diagnostics.pest"]
    pub(super) struct Grammar;
}

use grammar::{Grammar, Rule};

mod diagnose;
mod tree;

use diagnose::grammar_failure;
use tree::Walker;

impl Filter {
    /// Parses a filter with the lenient syntax and the default limits.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let f = Filter::parse(r#"saved eq "true" and name sw "RM Session""#)?;
    /// assert_eq!(f.to_string(), r#"saved eq "true" and name sw "RM Session""#);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        Filter::parse_with(text, &ParseOptions::default())
    }

    /// Parses a filter with the given syntax and limits.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, ParseOptions, Syntax};
    /// let strict = ParseOptions { syntax: Syntax::Strict, ..Default::default() };
    /// let err = Filter::parse_with("id eq 'x'", &strict).unwrap_err();
    /// assert_eq!(err.column(), Some(7));
    /// ```
    pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Filter, ParseError> {
        check_bounds(text, &options.limits)?;
        let mut pairs =
            Grammar::parse(Rule::filter, text).map_err(|e| grammar_failure(text, &e))?;
        let walker = Walker {
            input: text,
            options,
            depth: std::cell::Cell::new(0),
        };
        match pairs.next() {
            Some(filter) => walker.filter(filter),
            None => Err(walker.internal(Span::new(0, text.len()))),
        }
    }
}

impl std::str::FromStr for Filter {
    type Err = ParseError;

    /// The lenient parse with the default limits; see [`Filter::parse_with`].
    fn from_str(s: &str) -> Result<Filter, ParseError> {
        Filter::parse(s)
    }
}

impl FieldPath {
    /// Checks `path` against the grammar's `path` rule and wraps it.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("saved")?.as_str(), "saved");
    /// let err = FieldPath::new("saved.").unwrap_err();
    /// assert_eq!(err.column(), Some(6));
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn new(path: impl Into<Cow<'static, str>>) -> Result<FieldPath, ParseError> {
        let path = path.into();
        match Grammar::parse(Rule::field_path, &path) {
            Ok(_) => Ok(FieldPath::new_unchecked(path)),
            Err(e) => {
                let at = match e.location {
                    pest::error::InputLocation::Pos(at)
                    | pest::error::InputLocation::Span((at, _)) => at,
                };
                let kind = ParseProblem::InvalidFieldPath {
                    path: path.to_string(),
                };
                Err(parse_error(&path, kind, Span::new(at, at + 1)))
            }
        }
    }
}

impl std::str::FromStr for FieldPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<FieldPath, ParseError> {
        FieldPath::new(s.to_owned())
    }
}

/// A problem at `span` of the filter text `input`.
fn parse_error(input: &str, kind: ParseProblem, span: Span) -> ParseError {
    Diagnostics::in_text(kind, Parameter::Filters, input, span)
}

/// The length and nesting bounds, checked before the recursive rules run. When the text is too
/// long, only its first `max_length` bytes are scanned for nesting, so the work stays bounded and
/// the earlier of the two problems is the one reported.
fn check_bounds(text: &str, limits: &Limits) -> Result<(), ParseError> {
    let scanned = if text.len() > limits.max_length {
        &text[..floor_char_boundary(text, limits.max_length)]
    } else {
        text
    };
    // Text no longer than the limit cannot nest deeper than it.
    if scanned.len() > limits.max_depth
        && scanned.bytes().filter(|&b| b == b'(').count() > limits.max_depth
    {
        check_depth(text, scanned, limits.max_depth)?;
    }
    if text.len() > limits.max_length {
        let kind = ParseProblem::TooLong {
            len: text.len(),
            max: limits.max_length,
        };
        return Err(parse_error(
            text,
            kind,
            Span::new(scanned.len(), text.len()),
        ));
    }
    Ok(())
}

fn check_depth(text: &str, scanned: &str, max_depth: usize) -> Result<(), ParseError> {
    let Ok(mut pairs) = Grammar::parse(Rule::paren_scan, scanned) else {
        return Ok(());
    };
    let Some(scan) = pairs.next() else {
        return Ok(());
    };
    let mut depth = 0usize;
    for pair in scan.into_inner() {
        match pair.as_rule() {
            Rule::paren_open => {
                depth += 1;
                if depth > max_depth {
                    return Err(parse_error(
                        text,
                        ParseProblem::TooDeep { max: max_depth },
                        span_of(&pair),
                    ));
                }
            }
            Rule::paren_close => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_rule_the_walker_names_exists() {
        // The walker matches on rule names; this keeps a renamed rule from slipping through as
        // an `Internal` error at run time.
        for text in [
            "a eq 1",
            "pr a",
            "a isnull",
            "a in (1)",
            "not (a eq 'x' or b eq y)",
        ] {
            assert!(Filter::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn depth_scan_ignores_parentheses_in_strings() {
        let text = format!("a eq \"{}\"", "(".repeat(100));
        assert!(Filter::parse(&text).is_ok());
    }

    #[test]
    fn excerpt_windows_long_lines() {
        let text = format!(
            "{} and b EQ 1 and {}",
            "a eq 1 and ".repeat(20).trim_end_matches(" and "),
            "c eq 2 and ".repeat(20) + "d eq 3"
        );
        let err = Filter::parse(&text).unwrap_err();
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].starts_with("    …"), "{shown}");
        assert!(lines[1].ends_with('…'), "{shown}");
        assert_eq!(
            &lines[1][lines[2].len()..lines[2].len() + 2],
            "EQ",
            "{shown}"
        );
    }
}
