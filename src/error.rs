//! The crate's error type, gathering the error of every stage.
//!
//! Each stage has its own error type ([`ParseError`] for the filter text, and so on); [`Error`]
//! wraps whichever one occurred, for callers that run several stages and want one `?`.
//!
//! ```
//! use sailpoint_filters::{Error, Filter};
//!
//! fn canonical(text: &str) -> Result<String, Error> {
//!     Ok(Filter::parse(text)?.to_string())
//! }
//! assert!(matches!(canonical("name EQ 1"), Err(Error::Parse(_))));
//! ```

use std::fmt;

use crate::ParseError;

/// Any error of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The filter text could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The filter does not suit the endpoint.
    #[error(transparent)]
    Validation(#[from] crate::validate::ValidationError),
    /// A valid filter could not be compiled for a record type.
    #[error(transparent)]
    Compile(crate::eval::CompileError),
}

/// A value as the client gave it, for a message: in backquotes, control characters escaped,
/// cut short after 40 characters; "an empty value" when there is nothing to quote.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 40;
        if self.0.is_empty() {
            return f.write_str("an empty value");
        }
        f.write_str("`")?;
        for (i, c) in self.0.chars().enumerate() {
            if i == MAX_CHARS {
                f.write_str("…")?;
                break;
            }
            if c.is_control() {
                write!(f, "{}", c.escape_debug())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        f.write_str("`")
    }
}

/// A line of the input with `^` under a span, as every stage's error shows it.
///
/// Long lines are windowed around the span with `…`; control characters print as spaces so the
/// carets stay aligned. Columns count characters, 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    pub(crate) line: usize,
    pub(crate) column: usize,
    multiline: bool,
    text: String,
    caret_offset: usize,
    caret_len: usize,
}

impl Snippet {
    /// Characters of context kept on either side of the span on a long line.
    const CONTEXT: usize = 40;

    /// A line is cut only when this many more characters would be dropped: an ellipsis that
    /// saves one character is noise.
    const SLACK: usize = 8;

    pub(crate) fn new(input: &str, span: crate::Span) -> Snippet {
        let floor = |mut at: usize| {
            at = at.min(input.len());
            while !input.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let start = floor(span.start);
        let end = floor(span.end.max(start));
        let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
        let line = input[..start].matches('\n').count() + 1;
        let column = input[line_start..start].chars().count() + 1;

        let printable = |c: char| if c.is_control() { ' ' } else { c };
        // At most this many characters of a part are shown; a part only slightly longer is
        // shown whole, since an ellipsis that saves a character or two is noise.
        let keep = |len: usize| {
            if len > Self::CONTEXT + Self::SLACK {
                Self::CONTEXT
            } else {
                len
            }
        };
        let limit = Self::CONTEXT + Self::SLACK + 1;
        let before: Vec<char> = input[line_start..start]
            .chars()
            .rev()
            .take(limit)
            .map(printable)
            .collect();
        let at: Vec<char> = input[start..end.min(line_end)]
            .chars()
            .take(limit)
            .map(printable)
            .collect();
        let after: Vec<char> = input[end.clamp(start, line_end)..line_end]
            .chars()
            .take(limit)
            .map(printable)
            .collect();
        let (shown_before, shown_at, shown_after) =
            (keep(before.len()), keep(at.len()), keep(after.len()));

        let mut text = String::new();
        if shown_before < before.len() {
            text.push('…');
        }
        text.extend(before[..shown_before].iter().rev());
        let caret_offset = text.chars().count();
        text.extend(&at[..shown_at]);
        if shown_at == at.len() {
            text.extend(&after[..shown_after]);
        }
        if shown_at < at.len() || shown_after < after.len() {
            text.push('…');
        }
        let text = text.trim_end().to_owned();
        Snippet {
            line,
            column,
            multiline: input.contains('\n'),
            text,
            caret_offset,
            caret_len: shown_at.max(1),
        }
    }

    /// `column 7`, or `line 2, column 7` when the input has several lines.
    pub(crate) fn position(&self) -> String {
        if self.multiline {
            format!("line {}, column {}", self.line, self.column)
        } else {
            format!("column {}", self.column)
        }
    }

    /// The excerpt and the caret line, each indented by `indent` spaces, without a final newline.
    pub(crate) fn write(&self, f: &mut std::fmt::Formatter<'_>, indent: usize) -> std::fmt::Result {
        let pad = " ".repeat(indent);
        write!(
            f,
            "{pad}{}\n{pad}{}{}",
            self.text,
            " ".repeat(self.caret_offset),
            "^".repeat(self.caret_len)
        )
    }
}

/// The JSON body SailPoint sends with `400 Bad Request` and `500 Internal Server Error`.
///
/// ```
/// use sailpoint_filters::error::ErrorBody;
///
/// let body = ErrorBody::bad_request("Invalid query parameter limit", vec!["limit must be an integer from 0 to 250, got `251`".into()]);
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["detailCode"], "400.1 Bad Request Content");
/// assert_eq!(json["messages"][0]["locale"], "en-US");
/// assert_eq!(json["messages"][0]["localeOrigin"], "DEFAULT");
/// assert_eq!(json["causes"][0]["text"], "limit must be an integer from 0 to 250, got `251`");
/// let tracking_id = json["trackingId"].as_str().unwrap();
/// assert!(tracking_id.len() == 32 && tracking_id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// `400.1 Bad Request Content` or `500.0 Internal Fault`.
    pub detail_code: String,
    /// A fresh 32-digit lowercase hex id.
    pub tracking_id: String,
    /// The one-line reason.
    pub messages: Vec<ErrorMessage>,
    /// One entry per specific problem.
    #[serde(default)]
    pub causes: Vec<ErrorMessage>,
}

/// One localized text of an [`ErrorBody`].
///
/// ```
/// use sailpoint_filters::error::ErrorMessage;
/// assert_eq!(ErrorMessage::new("x").locale, "en-US");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessage {
    /// `en-US`.
    pub locale: String,
    /// `DEFAULT`.
    pub locale_origin: String,
    /// The text.
    pub text: String,
}

impl ErrorMessage {
    /// An `en-US`, `DEFAULT` message.
    pub fn new(text: impl Into<String>) -> ErrorMessage {
        ErrorMessage {
            locale: "en-US".to_owned(),
            locale_origin: "DEFAULT".to_owned(),
            text: text.into(),
        }
    }
}

impl ErrorBody {
    /// A `400.1 Bad Request Content` body.
    ///
    /// ```
    /// use sailpoint_filters::error::ErrorBody;
    /// assert_eq!(ErrorBody::bad_request("x", vec![]).messages[0].text, "x");
    /// ```
    pub fn bad_request(message: impl Into<String>, causes: Vec<String>) -> ErrorBody {
        ErrorBody::new("400.1 Bad Request Content", message, causes)
    }

    /// A `500.0 Internal Fault` body.
    ///
    /// ```
    /// use sailpoint_filters::error::ErrorBody;
    /// assert_eq!(ErrorBody::internal_fault("An internal fault occurred.").detail_code, "500.0 Internal Fault");
    /// ```
    pub fn internal_fault(message: impl Into<String>) -> ErrorBody {
        ErrorBody::new("500.0 Internal Fault", message, Vec::new())
    }

    /// A body with any detail code (`404 Not Found`, say), one message, these causes and a
    /// fresh tracking id.
    ///
    /// ```
    /// use sailpoint_filters::error::ErrorBody;
    /// let body = ErrorBody::new("404 Not Found", "Not found.", vec!["no route for /x".into()]);
    /// assert_eq!((body.detail_code.as_str(), body.causes.len()), ("404 Not Found", 1));
    /// ```
    pub fn new(
        detail_code: impl Into<String>,
        message: impl Into<String>,
        causes: Vec<String>,
    ) -> ErrorBody {
        ErrorBody {
            detail_code: detail_code.into(),
            tracking_id: tracking_id(),
            messages: vec![ErrorMessage::new(message)],
            causes: causes.into_iter().map(ErrorMessage::new).collect(),
        }
    }
}

impl Error {
    /// SailPoint's 400 body for this error.
    ///
    /// ```
    /// use sailpoint_filters::{Error, Filter};
    /// let err: Error = Filter::parse("name eq").unwrap_err().into();
    /// let body = err.to_error_body();
    /// assert_eq!(body.causes[0].text, "filters: column 8: expected a value after `eq`, found the end of the filter");
    /// ```
    pub fn to_error_body(&self) -> ErrorBody {
        let causes: Vec<String> = match self {
            Error::Parse(err) => vec![err.message()],
            Error::Validation(err) => err.messages(),
            Error::Compile(err) => vec![err.to_string()],
        };
        let causes: Vec<String> = causes
            .into_iter()
            .map(|c| format!("filters: {c}"))
            .collect();
        let message = match causes.as_slice() {
            [only] => format!("Invalid query parameter: {only}"),
            _ => format!("Invalid query parameter filters: {} problems", causes.len()),
        };
        ErrorBody::bad_request(message, causes)
    }
}

/// 32 lowercase hex digits, fresh for each call: two 64-bit values from the standard library's
/// randomly keyed hasher.
fn tracking_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64),
        );
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}
