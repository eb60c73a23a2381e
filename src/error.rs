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
        let before: Vec<char> = input[line_start..start].chars().map(printable).collect();
        let at: Vec<char> = input[start..end.min(line_end)]
            .chars()
            .map(printable)
            .collect();
        let after: Vec<char> = input[end.clamp(start, line_end)..line_end]
            .chars()
            .take(Self::CONTEXT + 1)
            .map(printable)
            .collect();
        let shown_at = at.len().min(Self::CONTEXT);
        let skip = before.len().saturating_sub(Self::CONTEXT);

        let mut text = String::new();
        if skip > 0 {
            text.push('…');
        }
        text.extend(&before[skip..]);
        let caret_offset = text.chars().count();
        text.extend(&at[..shown_at]);
        if shown_at == at.len() {
            text.extend(after.iter().take(Self::CONTEXT));
        }
        if shown_at < at.len() || after.len() > Self::CONTEXT {
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
