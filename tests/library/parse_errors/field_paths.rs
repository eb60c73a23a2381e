//! Field paths outside a filter.

use super::*;

#[test]
fn field_paths_are_checked() {
    let err: ParseError = FieldPath::new("saved.").unwrap_err();
    // The dot with no name after it.
    assert_eq!(err.column(), Some(6));
    assert_eq!(
        err.to_string(),
        concat!(
            "invalid filter at column 6: `saved.` is not a field path: names of ASCII letters, ",
            "digits and `_` (not starting with a digit, not a keyword), joined by `.`\n",
            "    saved.\n",
            "         ^",
        )
    );
    for keyword in ["not", "pr", "isnull", "eq", "in", "and", "or", "not.x"] {
        assert!(
            matches!(
                FieldPath::new(keyword).unwrap_err().kind(),
                ParseProblem::InvalidFieldPath { .. }
            ),
            "{keyword}"
        );
    }
    for fine in ["notes", "prefix", "a.not", "in_x", "_"] {
        assert!(FieldPath::new(fine).is_ok(), "{fine}");
    }
}
