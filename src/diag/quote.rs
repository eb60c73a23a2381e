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
        f.write_str("`")?;
        for (i, c) in self.0.chars().enumerate() {
            if i == Quoted::MAX_CHARS {
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
    }
}
