//! Field paths: `name`, `identitySummary.id`.

use std::borrow::Cow;
use std::fmt;

/// A dotted field path such as `name` or `identitySummary.id`.
///
/// Each segment is an identifier: an ASCII letter or `_`, then ASCII letters, digits or `_`. A
/// path does not start with a keyword of the language (`and`, `eq`, `pr`, …): in that place the
/// keyword is read. Paths compare by their text. Every `FieldPath` is valid, so every filter
/// prints back to text that parses to it.
///
/// ```
/// use sailpoint_filters::FieldPath;
///
/// let path = FieldPath::new("createdBy.displayName")?;
/// assert_eq!(path.segments().collect::<Vec<_>>(), ["createdBy", "displayName"]);
/// assert!(FieldPath::new("created by").is_err());
/// assert!(FieldPath::new("and").is_err());
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Cow<'static, str>);

impl FieldPath {
    /// A path from a string literal, for endpoint declarations; checked when the program is
    /// compiled if used in a constant, else when called.
    ///
    /// # Panics
    ///
    /// If `path` is not a field path. Use [`FieldPath::new`] for text from elsewhere.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// const NAME: FieldPath = FieldPath::from_static("name");
    /// assert_eq!(NAME.as_str(), "name");
    /// ```
    ///
    /// ```compile_fail
    /// use sailpoint_filters::FieldPath;
    /// const BAD: FieldPath = FieldPath::from_static("created by"); // not a field path
    /// ```
    pub const fn from_static(path: &'static str) -> FieldPath {
        assert!(
            is_field_path(path),
            "not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a keyword), joined by `.`"
        );
        FieldPath(Cow::Borrowed(path))
    }

    /// Wraps a path already known to be valid (it came out of the grammar).
    pub(crate) const fn new_unchecked(path: Cow<'static, str>) -> FieldPath {
        FieldPath(path)
    }

    /// The path as written, segments joined by `.`.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("a.b")?.as_str(), "a.b");
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The segments between the dots.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// assert_eq!(FieldPath::new("a.b.c")?.segments().count(), 3);
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn segments(&self) -> std::str::Split<'_, char> {
        self.0.split('.')
    }
}

/// Whether `path` is a field path, in a constant function so that endpoint declarations are
/// checked when they compile.
///
/// The grammar's `path` rule (`grammar/filter.pest`) states the syntax; this is the same rule
/// written for the compiler's constant evaluation, which cannot run the parser. A test checks
/// that the two agree on every path of the catalog and on generated text.
pub(crate) const fn is_field_path(path: &str) -> bool {
    const KEYWORDS: [&str; 15] = [
        "and", "or", "not", "pr", "isnull", "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in",
        "ca",
    ];
    let b = path.as_bytes();
    let mut i = 0;
    let mut segment_start = 0;
    let mut first_segment_end = b.len();
    while i <= b.len() {
        let at_end = i == b.len();
        if at_end || b[i] == b'.' {
            if i == segment_start {
                return false;
            }
            if first_segment_end == b.len() {
                first_segment_end = i;
            }
            segment_start = i + 1;
        } else {
            let c = b[i];
            let letter = c.is_ascii_alphabetic() || c == b'_';
            if !(letter || (i > segment_start && c.is_ascii_digit())) {
                return false;
            }
        }
        i += 1;
    }
    // A keyword followed by the end or a dot is read as the keyword.
    let mut k = 0;
    while k < KEYWORDS.len() {
        let keyword = KEYWORDS[k].as_bytes();
        if keyword.len() == first_segment_end {
            let mut same = true;
            let mut j = 0;
            while j < keyword.len() {
                if keyword[j] != b[j] {
                    same = false;
                }
                j += 1;
            }
            if same {
                return false;
            }
        }
        k += 1;
    }
    true
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FieldPath, D::Error> {
        let text = String::deserialize(deserializer)?;
        FieldPath::new(text).map_err(|e| serde::de::Error::custom(e.kind()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constant_check_reads_paths_as_the_grammar_does() {
        for (path, valid) in [
            ("name", true),
            ("identitySummary.id", true),
            ("_a1._b2", true),
            ("a.and", true),
            ("andx", true),
            ("isnullable", true),
            ("and", false),
            ("in.x", false),
            ("a.", false),
            (".a", false),
            ("a..b", false),
            ("1a", false),
            ("a.1b", false),
            ("", false),
            ("naïve", false),
            ("a-b", false),
            ("a b", false),
        ] {
            assert_eq!(is_field_path(path), valid, "{path}");
            assert_eq!(FieldPath::new(path).is_ok(), valid, "{path}");
        }
    }
}
