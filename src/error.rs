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
}
