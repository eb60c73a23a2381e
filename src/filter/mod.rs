//! The `filters` language: the syntax tree, its parser, its canonical printer and its JSON
//! shape.
//!
//! A [`Filter`] is built by the parser ([`Filter::parse`], [`Filter::parse_with`]), by the
//! typed builders of the endpoint modules, or by hand through its constructors. Whatever built it, the tree is kept in one
//! normal form, so that two filters that mean the same thing structurally compare equal:
//!
//! * `and` and `or` are n-ary: `a and (b and c)` and `(a and b) and c` are both `And[a, b, c]`;
//! * an `and`/`or` always has at least two operands;
//! * source positions ([`Span`](crate::Span)s) are carried for error messages but never take
//!   part in equality or hashing.
//!
//! `Display` prints the one canonical spelling of SPEC §1.5: single spaces, lowercase keywords,
//! double-quoted strings, `("a", "b")` lists, floats with a decimal point, date-times in UTC, and
//! the fewest parentheses that keep the meaning.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! let filter: Filter = "(saved eq true)and (name sw 'RM Session')".parse()?;
//! assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! # JSON shape
//!
//! With serde, a filter is written as nested objects, one per node:
//!
//! | node | JSON |
//! | --- | --- |
//! | `a and b` | `{"and": [a, b]}` |
//! | `a or b` | `{"or": [a, b]}` |
//! | `not a` | `{"not": a}` |
//! | `name sw "RM"` | `{"field": "name", "op": "sw", "value": {"string": "RM"}}` |
//! | `groups ca ("a")` | `{"field": "groups", "op": "ca", "values": [{"string": "a"}]}` |
//! | `pr name`, `name isnull` | `{"field": "name", "op": "pr"}`, `{"field": "name", "op": "isnull"}` |
//!
//! Values are tagged with their kind: `{"string": "x"}`, `{"integer": 7}`, `{"float": 2.5}`,
//! `{"boolean": true}`, `{"dateTime": "2018-12-18T23:05:55Z"}`. Reading JSON normalises the tree
//! the same way the constructors do (nested `and`s are flattened, a one-operand `and` is its
//! operand), and rejects an empty `and`/`or`, an invalid field path or a non-finite float.
//!
//! ```
//! use sailpoint_filters::Filter;
//!
//! let filter: Filter = r#"not saved eq true"#.parse()?;
//! let json = serde_json::to_string(&filter).unwrap();
//! assert_eq!(json, r#"{"not":{"field":"saved","op":"eq","value":{"boolean":true}}}"#);
//! assert_eq!(serde_json::from_str::<Filter>(&json).unwrap(), filter);
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! # Files
//!
//! `ast` (the nodes and their constructors), `path`, `op` and `value` (the parts of a
//! condition), `walk` (the one traversal everything else is built on), `print`, `parse` (the
//! walker over `grammar/filter.pest`), `error` (what can be wrong with the text), `options`
//! (strict or lenient syntax, bounds), `json` (the JSON shape) and [`as_text`] (a filter as its
//! text in serde).

pub mod as_text;
mod ast;
mod error;
mod json;
mod op;
mod options;
mod parse;
mod path;
mod print;
mod value;
mod walk;

pub use ast::{Condition, ConditionSpans, Filter, FilterKind, Values};
pub use error::{Found, ParseError, ParseProblem};
pub use op::{CmpOp, ListOp, Op, UnknownOp};
pub use options::{Limits, ParseOptions, Syntax};
pub use path::FieldPath;
pub use value::{FiniteF64, Value};
pub use walk::{Step, Walk};
