//! What can be wrong with a filter's text: the one-line reasons of a [`ParseError`].

use std::fmt;

use crate::diag::{Diagnostics, Escaped, ProblemKind, Quoted, QuotedWhole};

use super::Op;

/// A filter that could not be parsed: what was wrong, and where.
///
/// `Display` shows the reason with the line and column, then the input with `^` under the
/// problem:
///
/// ```
/// use sailpoint_filters::{Filter, Span};
///
/// let err = Filter::parse(r#"name ew "x""#).unwrap_err();
/// assert_eq!((err.line(), err.column()), (Some(1), Some(6)));
/// assert_eq!(err.span(), Some(Span::new(5, 7)));
/// assert_eq!(err.to_string(), "\
/// invalid filter at column 6: `ew` (ends with) is not a SailPoint filter operator; the operators \
/// are eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)
///     name ew \"x\"
///          ^^");
/// ```
pub type ParseError = Diagnostics<ParseProblem>;

/// What the parser found where it expected something else.
///
/// ```
/// use sailpoint_filters::filter::Found;
/// use sailpoint_filters::{Filter, ParseProblem};
/// let err = Filter::parse("name eq").unwrap_err();
/// assert!(matches!(err.kind(), ParseProblem::MissingValue { after, found: Found::End, .. } if after == "eq"));
/// assert_eq!(Found::End.to_string(), "the end of the filter");
/// assert_eq!(Found::Text("and".into()).to_string(), "`and`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// The input ended.
    End,
    /// This token (cut short when long).
    Text(String),
}

impl Found {
    /// The token, cut short when long.
    pub(crate) fn text(token: &str) -> Found {
        Found::Text(Quoted::shortened(token))
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Found::End => None,
            Found::Text(text) => Some(text),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::End => f.write_str("the end of the filter"),
            // A control character would be invisible (or break the line): it shows escaped.
            Found::Text(text) => write!(f, "{}", Quoted(text)),
        }
    }
}

/// `filters=saved eq true` gets "pass only `saved eq true`" (and `filters=saved+eq+%22true%22`
/// the same: see [`pasted_filter`]); `count=true` is another parameter altogether, and "pass
/// only `true`" would be wrong advice.
fn pasted_parameter_message(name: &str, filter: &str) -> String {
    match name.strip_suffix('=') {
        Some("filters") | None => {
            format!(
                "`{name}` is the query parameter, not part of the filter: pass only {}",
                QuotedWhole(filter)
            )
        }
        Some(parameter) => format!(
            "`{name}` starts the `{parameter}` query parameter, not a filter: pass it as its own \
             parameter, and only the filter in `filters`"
        ),
    }
}

/// The filter in the text pasted after `filters=`, as it should be passed. Text with no space
/// and a `+` or a percent-escape was copied from a URL (a query string never holds a space): it
/// is decoded as a form value (`+` is a space), and ends at the next parameter's `&`. Other
/// text is the filter as it stands.
pub(super) fn pasted_filter(text: &str) -> String {
    let text = text.trim();
    let encoded = !text.contains(' ')
        && (text.contains('+')
            || text
                .as_bytes()
                .windows(3)
                .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit()));
    if !encoded {
        return text.to_owned();
    }
    let value = text.split('&').next().unwrap_or_default().replace('+', " ");
    match percent_encoding::percent_decode_str(&value).decode_utf8() {
        Ok(decoded) => decoded.trim().to_owned(),
        Err(_) => text.to_owned(),
    }
}

/// Quote characters that word processors, chat clients and some keyboards put where a filter
/// needs `"` or `'`.
pub(super) const TYPOGRAPHIC_QUOTES: [char; 14] = [
    '\u{201C}', '\u{201D}', '\u{201E}', '\u{201F}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}',
    '\u{00AB}', '\u{00BB}', '\u{2039}', '\u{203A}', '\u{2033}', '\u{FF02}',
];

/// `“RM Session”` (from its opening quote) as `"RM Session"`, if its closing quote is there.
pub(super) fn straight_quoted(text: &str) -> Option<String> {
    let mut chars = text.chars();
    chars.next()?;
    let rest = chars.as_str();
    let end = rest.find(TYPOGRAPHIC_QUOTES)?;
    let inner = &rest[..end];
    Some(format!(
        "\"{}\"",
        inner.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// `["a", "b"]` (from its `[`) as `("a", "b")`, if its `]` is there (outside strings).
pub(super) fn parenthesized(text: &str) -> Option<String> {
    let mut in_string = None;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match in_string {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(quote) if c == quote => in_string = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => in_string = Some(c),
            None if c == ']' => return Some(format!("({})", &text[1..i])),
            None if c == '[' => return None,
            None => {}
        }
    }
    None
}

const OPERATORS: &str =
    "eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)";

/// A number for a message: whole when short, else its first digits and how long it is (a
/// number is ASCII, so bytes are characters).
fn abbreviated_number(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 24;
    if text.len() <= SHOWN + 16 {
        text.into()
    } else {
        format!("{}… ({} characters)", &text[..SHOWN], text.len()).into()
    }
}

/// What was wrong with a filter's text. The one-line reason of a [`ParseError`].
///
/// ```
/// use sailpoint_filters::{Filter, ParseProblem};
/// let err = Filter::parse("name EQ \"x\"").unwrap_err();
/// assert!(matches!(err.kind(), ParseProblem::UppercaseKeyword { found, expected: "eq", .. } if found == "EQ"));
/// assert_eq!(err.kind().to_string(), "`EQ` must be lowercase: write `eq`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseProblem {
    /// The text is longer than [`Limits::max_length`](super::Limits::max_length).
    #[error("the filter is {len} bytes long, over the limit of {max} bytes")]
    #[non_exhaustive]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Parentheses and `not`s nest deeper than [`Limits::max_depth`](super::Limits::max_depth).
    #[error("parentheses and `not`s are nested more than {max} deep, over the nesting limit")]
    #[non_exhaustive]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// A list holds more values than [`Limits::max_list_values`](super::Limits::max_list_values).
    #[error("the list holds more than {max} values, over the limit for one list")]
    #[non_exhaustive]
    TooManyValues {
        /// The limit.
        max: usize,
    },
    /// Nothing but whitespace.
    #[error("the filter is empty; write a condition such as `name eq \"x\"`")]
    Empty,
    /// `()` with nothing inside.
    #[error("empty parentheses: expected a condition inside")]
    EmptyParens,
    /// A quote that is never closed.
    #[error("unterminated string: this quote is never closed")]
    UnterminatedString,
    /// A backslash sequence other than `\"`/`\\` (or `\'`/`\\` in single quotes).
    #[error(
        "invalid escape `{}` in a string: the only escapes are `\\{quote}` and `\\\\`",
        Escaped(.escape)
    )]
    #[non_exhaustive]
    InvalidEscape {
        /// The backslash and the character after it.
        escape: String,
        /// The string's quote character.
        quote: char,
    },
    /// A keyword or operator that is not lowercase.
    #[error("`{found}` must be lowercase: write `{expected}`")]
    #[non_exhaustive]
    UppercaseKeyword {
        /// As written.
        found: String,
        /// The lowercase keyword.
        expected: &'static str,
    },
    /// `pr` written after the field, as the other operators are: `pr` goes before it.
    #[error("`pr` goes before the field: write `pr {field}`")]
    #[non_exhaustive]
    PrAfterField {
        /// The field, as written.
        field: String,
    },
    /// `ew`, SCIM's ends-with, which SailPoint does not support.
    #[error("`ew` (ends with) is not a SailPoint filter operator; the operators are {OPERATORS}")]
    EndsWith,
    /// A word where an operator belongs that is no operator.
    #[error("unknown operator `{}`; the operators are {OPERATORS}", Escaped(.found))]
    #[non_exhaustive]
    UnknownOperator {
        /// The word.
        found: String,
    },
    /// A symbol such as `=` or `!=` where an operator belongs.
    #[error("`{}` is not an operator: write `{suggestion}`", Escaped(.found))]
    #[non_exhaustive]
    SymbolOperator {
        /// The symbol.
        found: String,
        /// The operator it most likely means.
        suggestion: Op,
    },
    /// A symbol such as `&&` or `||` where `and`/`or` belongs.
    #[error("`{found}` is not a keyword: write `{expected}`")]
    #[non_exhaustive]
    SymbolKeyword {
        /// The symbol.
        found: String,
        /// The keyword it most likely means.
        expected: &'static str,
    },
    /// A field with no operator after it.
    #[error("expected an operator after field `{field}`, found {found}")]
    #[non_exhaustive]
    MissingOperator {
        /// The field.
        field: String,
        /// What came instead.
        found: Found,
    },
    /// An operator with no value after it.
    #[error("expected a value after `{after}`, found {found}")]
    #[non_exhaustive]
    MissingValue {
        /// The operator, `(` or `,` the value should follow.
        after: String,
        /// What came instead.
        found: Found,
    },
    /// A value that starts with a typographic quote (`“RM Session”`, as word processors and chat
    /// clients write quotes), where a string takes straight double quotes.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let err = Filter::parse("name sw “RM Session”").unwrap_err();
    /// assert_eq!(
    ///     err.kind().to_string(),
    ///     "expected a value after `sw`, found the typographic quote `“` (strings take straight \
    ///      double quotes): write `\"RM Session\"`"
    /// );
    /// ```
    #[error(
        "expected a value after `{after}`, found the typographic quote `{quote}` (strings take \
         straight double quotes): write {}",
        .suggestion.as_deref().map_or_else(|| "`\"`".to_owned(), |s| QuotedWhole(s).to_string())
    )]
    #[non_exhaustive]
    TypographicQuote {
        /// The operator, `(` or `,` the value should follow.
        after: String,
        /// The quote found.
        quote: char,
        /// The quoted text in straight double quotes, when its closing quote is there too.
        suggestion: Option<String>,
    },
    /// A list in square brackets (`in ["a", "b"]`, as JSON writes it), where lists take
    /// parentheses.
    ///
    /// ```
    /// use sailpoint_filters::Filter;
    /// let err = Filter::parse(r#"name in ["a","b"]"#).unwrap_err();
    /// assert_eq!(
    ///     err.kind().to_string(),
    ///     "expected a value after `in`, found `[` (lists are written in parentheses): write \
    ///      `(\"a\",\"b\")`"
    /// );
    /// ```
    #[error(
        "expected a value after `{after}`, found `[` (lists are written in parentheses): write {}",
        .suggestion.as_deref().map_or_else(|| "`(\"a\", \"b\")`".to_owned(), |s| QuotedWhole(s).to_string())
    )]
    #[non_exhaustive]
    SquareBracketList {
        /// The operator, `(` or `,` the list should follow.
        after: String,
        /// The list in parentheses, when its closing `]` is there too.
        suggestion: Option<String>,
    },
    /// An operator with no field before it: `eq "x"`.
    #[error("expected a field name before `{op}`")]
    #[non_exhaustive]
    MissingField {
        /// The operator.
        op: String,
    },
    /// `pr` with no field after it.
    #[error("expected a field after `pr`, found {found}")]
    #[non_exhaustive]
    MissingFieldAfterPr {
        /// What came instead.
        found: Found,
    },
    /// `and`, `or`, `not` or `(` with no condition after it.
    #[error("expected a condition after `{after}`, found {found}")]
    #[non_exhaustive]
    MissingCondition {
        /// The keyword or parenthesis.
        after: &'static str,
        /// What came instead.
        found: Found,
    },
    /// The filter starts with something that cannot start a condition.
    #[error("expected a condition such as `name eq \"x\"`, found {found}")]
    #[non_exhaustive]
    ExpectedCondition {
        /// What came instead.
        found: Found,
    },
    /// `in`/`ca` followed by a single value instead of a list.
    #[error("`{op}` takes a list of values in parentheses, as in `{op} (\"a\", \"b\")`")]
    #[non_exhaustive]
    ExpectedList {
        /// The operator.
        op: Op,
    },
    /// A comparison operator followed by a list.
    #[error("`{op}` compares with one value, not a list; to match any of several values use `in`")]
    #[non_exhaustive]
    UnexpectedList {
        /// The operator.
        op: Op,
    },
    /// `in ()`.
    #[error("`{op}` needs at least one value in its list")]
    #[non_exhaustive]
    EmptyList {
        /// The operator.
        op: Op,
    },
    /// Something other than `,` or `)` after a list value.
    #[error("expected `,` or `)` in the list, found {found}")]
    #[non_exhaustive]
    ExpectedListSeparator {
        /// What came instead.
        found: Found,
    },
    /// A list's `(` that is never closed.
    #[error("the list's `(` is never closed")]
    UnclosedList,
    /// A group's `(` that is never closed.
    #[error("`(` is never closed")]
    UnclosedParen,
    /// A `)` with no `(` before it.
    #[error("`)` has no matching `(`")]
    UnmatchedParen,
    /// A comma between conditions.
    #[error("a comma does not join conditions: use `and` or `or`")]
    CommaBetweenConditions,
    /// Text after a complete filter.
    #[error("expected `and`, `or` or the end of the filter, found {found}")]
    #[non_exhaustive]
    ExpectedJunctionOrEnd {
        /// What came instead.
        found: Found,
    },
    /// Text after a complete condition inside parentheses.
    #[error("expected `and`, `or` or `)`, found {found}")]
    #[non_exhaustive]
    ExpectedJunctionOrClose {
        /// What came instead.
        found: Found,
    },
    /// `filters=` (or another parameter name) pasted in front of the filter.
    #[error("{}", pasted_parameter_message(.name, .filter))]
    #[non_exhaustive]
    PastedParameter {
        /// The parameter name with its `=`.
        name: String,
        /// The text after it.
        filter: String,
    },
    /// `null` as a value.
    #[error(
        "`null` is not a value: test for null with `field isnull`, or for a value with `pr field`"
    )]
    NullValue,
    /// A date-time of the right shape that is not a real instant, or (strict syntax) a bare
    /// word that looks like a broken date-time.
    #[error("invalid date-time `{}`: {reason}", Escaped(.text))]
    #[non_exhaustive]
    InvalidDateTime {
        /// As written.
        text: String,
        /// Why it is not one.
        reason: crate::value::DateTimeError,
    },
    /// An integer outside the 64-bit range, or a float too large to represent.
    #[error(
        "the number {} is out of range (integers are 64-bit, floats must be finite)",
        abbreviated_number(.text)
    )]
    #[non_exhaustive]
    NumberOutOfRange {
        /// As written.
        text: String,
    },
    /// A bare word as a value, in the strict syntax.
    #[error(
        "unquoted text `{}` (the strict syntax needs double quotes): write {}",
        Escaped(.word),
        Escaped(.suggestion)
    )]
    #[non_exhaustive]
    StrictBareWord {
        /// The word.
        word: String,
        /// Its double-quoted spelling.
        suggestion: String,
    },
    /// A single-quoted string, in the strict syntax.
    #[error(
        "single-quoted string (the strict syntax needs double quotes): write {}",
        Escaped(.suggestion)
    )]
    #[non_exhaustive]
    StrictSingleQuoted {
        /// Its double-quoted spelling.
        suggestion: String,
    },
    /// Text that is not a dotted field path.
    #[error(
        "`{path}` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a keyword), joined by `.`"
    )]
    #[non_exhaustive]
    InvalidFieldPath {
        /// The text.
        path: String,
    },
    /// Something unexpected that no more specific message covers.
    #[error("unexpected {found}")]
    #[non_exhaustive]
    Unexpected {
        /// What was found.
        found: Found,
    },
    /// A parser defect: the grammar produced a shape the walker does not know.
    #[error("internal parser error; please report this filter")]
    Internal,
}

impl ProblemKind for ParseProblem {}
