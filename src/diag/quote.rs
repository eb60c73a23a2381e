//! Text from a request, quoted for a message.

use std::fmt;

/// A value as the client gave it, for a message: in backquotes, control characters escaped,
/// cut short after [`Quoted::MAX_CHARS`] characters; "an empty value" when there is nothing to
/// quote. Every message that shows the client's text shows it this way.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl Quoted<'_> {
    /// Characters shown before the text is cut with `…`.
    pub(crate) const MAX_CHARS: usize = 40;

    /// `text` cut after [`Quoted::MAX_CHARS`] characters (with `…`), for keeping in an error.
    pub(crate) fn shortened(text: &str) -> String {
        match text.char_indices().nth(Quoted::MAX_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        }
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("an empty value");
        }
        quote(f, self.0, Quoted::MAX_CHARS)
    }
}

/// Text to copy from a message (a suggested spelling): in backquotes and with control
/// characters escaped like [`Quoted`], but whole, however long.
pub(crate) struct QuotedWhole<'a>(pub(crate) &'a str);

impl fmt::Display for QuotedWhole<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        quote(f, self.0, usize::MAX)
    }
}

/// Text from a request shown in a message as it stands, without backquotes (a value already
/// in its own quotes, say), with control characters escaped like [`Quoted`] so that the
/// message stays on one line.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escaped(f, self.0, usize::MAX)
    }
}

/// `text` in backquotes, control characters escaped, cut with `…` after `max_chars`.
fn quote(f: &mut fmt::Formatter<'_>, text: &str, max_chars: usize) -> fmt::Result {
    f.write_str("`")?;
    escaped(f, text, max_chars)?;
    f.write_str("`")
}

/// `text` with control characters escaped, cut with `…` after `max_chars`.
fn escaped(f: &mut fmt::Formatter<'_>, text: &str, max_chars: usize) -> fmt::Result {
    for (i, c) in text.chars().enumerate() {
        if i == max_chars {
            return f.write_str("…");
        }
        if c.is_control() {
            write!(f, "{}", c.escape_debug())?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escapes_and_cuts() {
        assert_eq!(Quoted("a\tb").to_string(), "`a\\tb`");
        assert_eq!(Quoted("").to_string(), "an empty value");
        let long = "x".repeat(50);
        assert_eq!(Quoted(&long).to_string(), format!("`{}…`", "x".repeat(40)));
        // Shortening first shows the same.
        assert_eq!(
            Quoted(&Quoted::shortened(&long)).to_string(),
            Quoted(&long).to_string()
        );
        assert_eq!(QuotedWhole(&long).to_string(), format!("`{long}`"));
        assert_eq!(QuotedWhole("a\nb").to_string(), "`a\\nb`");
        assert_eq!(Escaped("\"a\tb\"").to_string(), "\"a\\tb\"");
    }
}
