//! Invalid filters → the exact error a person sees: the message line, the excerpt and the
//! carets, and the 1-based column (SPEC §1.4).
//!
//! `ParseProblem::Unexpected` and `ParseProblem::Internal` have no row: the grammar's error
//! productions make every input reach the walker, so they are reached only through a defect
//! (the fuzz target and the property tests look for such inputs).

use sailpoint_filters::filter::Found;
use sailpoint_filters::{
    FieldPath, Filter, Limits, ParseError, ParseOptions, ParseProblem, Syntax,
};

struct Case {
    input: &'static str,
    strict: bool,
    line: usize,
    column: usize,
    /// The full `Display` text; a leading newline is dropped so the text can start on its own
    /// line in the table.
    display: &'static str,
}

const fn lenient(input: &'static str, column: usize, display: &'static str) -> Case {
    Case {
        input,
        strict: false,
        line: 1,
        column,
        display,
    }
}

const fn strict(input: &'static str, column: usize, display: &'static str) -> Case {
    Case {
        input,
        strict: true,
        line: 1,
        column,
        display,
    }
}

const OPERATORS: &str =
    "eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)";

mod cases;
mod field_paths;
mod limits;
mod messages;
