//! Paging × [`Schema`]: the endpoint's largest and default `limit`.

use crate::diag::Diagnostics;
use crate::diag::{Diagnostic, Parameter};
use crate::paging::{Paging, PagingError, PagingProblem};
use crate::schema::Schema;

impl Paging {
    /// Checks the paging against the endpoint: `limit` within its bounds, and its default
    /// filled in when the request gives none.
    ///
    /// ```
    /// use sailpoint_filters::{Paging, Schema};
    /// let schema = Schema::new("x").with_limit_range(0, 50, 20)?;
    /// assert_eq!(Paging::default().check(&schema)?.limit(), Some(20));
    /// let err = Paging::new(0, 100, false)?.check(&schema).unwrap_err();
    /// assert_eq!(err.to_string(), "limit must be an integer from 0 to 50, got `100`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, schema: &Schema) -> Result<Paging, PagingError> {
        match self.limit() {
            Some(limit) if limit > schema.max_limit() || limit < schema.min_limit() => {
                let kind = if schema.min_limit() == 0 {
                    PagingProblem::Limit {
                        found: limit.to_string(),
                        max: schema.max_limit(),
                    }
                } else {
                    PagingProblem::LimitRange {
                        found: limit.to_string(),
                        min: schema.min_limit(),
                        max: schema.max_limit(),
                    }
                };
                Err(
                    Diagnostics::from(Diagnostic::new(kind, Parameter::Limit, None))
                        .with_endpoint(schema.endpoint()),
                )
            }
            _ => Ok(self.resolved(schema.default_limit())),
        }
    }
}
