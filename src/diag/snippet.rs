//! The excerpt of a parameter's text with `^` under a problem.

use unicode_width::UnicodeWidthStr;

use super::Span;

/// A line of the input with `^` under a span, as every problem with a position shows it.
///
/// Long lines are windowed around the span with `…`; control characters print as spaces so the
/// carets stay aligned. Columns count characters, 1-based; the carets are placed by display
/// width, so that they stand under the problem in a terminal even after wide (CJK) characters
/// or combining marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    pub(crate) line: usize,
    pub(crate) column: usize,
    multiline: bool,
    text: String,
    /// Display width of the excerpt before the span.
    caret_offset: usize,
    /// Display width of the span within the excerpt (at least one caret).
    caret_len: usize,
}

impl Snippet {
    /// Characters of context kept on either side of the span on a long line.
    const CONTEXT: usize = 40;

    /// A line is cut only when this many more characters would be dropped: an ellipsis that
    /// saves one character is noise.
    const SLACK: usize = 8;

    pub(crate) fn new(input: &str, span: Span) -> Snippet {
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
        let caret_offset = text.width();
        let marked: String = at[..shown_at].iter().collect();
        let caret_len = marked.width().max(1);
        text.push_str(&marked);
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
            caret_len,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt and caret lines of a snippet.
    fn shown(input: &str, span: Span) -> String {
        struct Shown<'a>(&'a Snippet);
        impl std::fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.write(f, 0)
            }
        }
        Shown(&Snippet::new(input, span)).to_string()
    }

    #[test]
    fn carets_stand_under_the_span_after_wide_characters() {
        // Each of the three CJK characters takes two columns of a terminal.
        let input = "name eq \"日本語\" and saved EQ true";
        let at = input.find("EQ").unwrap();
        // `name eq "` (9 columns), three characters of two columns, `" and saved ` (12).
        let carets = format!("{}^^", " ".repeat(9 + 6 + 12));
        assert_eq!(
            shown(input, Span::new(at, at + 2)),
            format!("{input}\n{carets}")
        );
        let snippet = Snippet::new(input, Span::new(at, at + 2));
        // The column counts characters.
        assert_eq!(snippet.column, 25);
    }

    #[test]
    fn combining_marks_take_no_column() {
        // `e` + U+0301 COMBINING ACUTE ACCENT shows as one character.
        let input = "name eq \"cafe\u{301}\" AND x eq 1";
        let at = input.find("AND").unwrap();
        // `name eq "cafe` (13 columns), the mark (none), `" ` (2).
        let carets = format!("{}^^^", " ".repeat(13 + 2));
        assert_eq!(
            shown(input, Span::new(at, at + 3)),
            format!("{input}\n{carets}")
        );
    }

    #[test]
    fn a_wide_span_gets_a_caret_per_column() {
        let input = "a eq 日本";
        let at = input.find('日').unwrap();
        assert_eq!(
            shown(input, Span::new(at, input.len())),
            "a eq 日本\n     ^^^^"
        );
    }
}
