//! Sorters × [`Schema`] → [`CheckedSorters`]: each key sortable, each field once.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Diagnostics, Parameter, ProblemKind};
use crate::schema::Schema;
use crate::sorters::Sorters;

use super::{CheckedKey, CheckedSorters};

/// Every reason sorters do not suit an endpoint.
///
/// ```
/// use sailpoint_filters::{Schema, Sorters, diag::Parameter};
///
/// let schema = Schema::new("role-mining-sessions").with_sortable(["createdBy", "createdDate"]);
/// let text = "createdby,name";
/// let err = Sorters::parse(text)?.check(&schema).unwrap_err().with_source(Parameter::Sorters, text);
/// assert_eq!(err.to_string(), "\
/// invalid sorters for role-mining-sessions (2 problems):
/// column 1: cannot sort role-mining-sessions by `createdby`; did you mean `createdBy`? Sortable fields: createdBy, createdDate
///     createdby,name
///     ^^^^^^^^^
/// column 11: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate
///     createdby,name
///               ^^^^");
/// # Ok::<(), sailpoint_filters::SortersParseError>(())
/// ```
pub type SortersCheckError = Diagnostics<SortersCheckProblem>;

impl Sorters {
    /// Checks every key against the endpoint: each field must be sortable, and appear once.
    /// Reports all problems, not only the first. The checked sorters know which fields each
    /// key orders by ([`Schema::sort_paths`]) and whether their text compares exactly.
    ///
    /// ```
    /// use sailpoint_filters::{Schema, Sorters, diag::Parameter};
    ///
    /// let schema = Schema::new("role-mining-sessions").with_sortable(["createdBy", "createdDate"]);
    /// assert!(Sorters::parse("-createdDate")?.check(&schema).is_ok());
    ///
    /// let text = "name,createdBy,-createdBy";
    /// let err = Sorters::parse(text)?.check(&schema).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "sorters: cannot sort role-mining-sessions by `name`; sortable fields: createdBy, createdDate",
    ///     "sorters: `createdBy` is repeated: sort by each field once",
    /// ]);
    /// let err = err.with_source(Parameter::Sorters, text);
    /// assert_eq!(err.messages()[1], "sorters: column 17: `createdBy` is repeated: sort by each field once");
    /// # Ok::<(), sailpoint_filters::SortersParseError>(())
    /// ```
    pub fn check(&self, schema: &Schema) -> Result<CheckedSorters, SortersCheckError> {
        let mut seen = HashSet::new();
        let mut problems = Vec::new();
        let mut keys = Vec::with_capacity(self.keys().len());
        for key in self.keys() {
            let field = key.field.as_str();
            let problem = if !seen.insert(field) {
                Some(SortersCheckProblem::Repeated {
                    field: field.to_owned(),
                })
            } else if !schema.is_sortable(field) {
                Some(SortersCheckProblem::Unsortable {
                    field: field.to_owned(),
                    endpoint: schema.endpoint().to_owned(),
                    suggestion: schema.closest_sortable(field).map(str::to_owned),
                    sortable: schema
                        .sortable()
                        .iter()
                        .map(|f| f.as_str().to_owned())
                        .collect(),
                })
            } else {
                None
            };
            match problem {
                Some(kind) => problems.push(Diagnostic::new(kind, Parameter::Sorters, key.span())),
                None => keys.push(CheckedKey {
                    key: key.clone(),
                    by: schema.sort_paths(field).into_owned(),
                    case_sensitive: schema
                        .resolve_field(field)
                        .is_some_and(|f| f.is_case_sensitive()),
                }),
            }
        }
        match Diagnostics::new(problems) {
            Some(err) => Err(err.with_endpoint(schema.endpoint())),
            None => Ok(CheckedSorters { keys }),
        }
    }
}

/// One reason sorters do not suit an endpoint.
///
/// ```
/// use sailpoint_filters::{Schema, Sorters, SortersCheckProblem};
/// let schema = Schema::new("role-mining-sessions").with_sortable(["createdBy", "createdDate"]);
/// let err = Sorters::parse("createDate")?.check(&schema).unwrap_err();
/// let kind = err.kind();
/// assert!(matches!(kind, SortersCheckProblem::Unsortable { suggestion: Some(s), .. } if s == "createdDate"));
/// assert_eq!(
///     kind.to_string(),
///     "cannot sort role-mining-sessions by `createDate`; did you mean `createdDate`? Sortable fields: createdBy, createdDate",
/// );
/// # Ok::<(), sailpoint_filters::SortersParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SortersCheckProblem {
    /// The endpoint cannot sort by this field.
    #[error("{}", unsortable_message(.field, .endpoint, .suggestion.as_deref(), .sortable))]
    #[non_exhaustive]
    Unsortable {
        /// The field as written.
        field: String,
        /// The endpoint.
        endpoint: String,
        /// The closest sortable field, if one is close.
        suggestion: Option<String>,
        /// All sortable fields.
        sortable: Vec<String>,
    },
    /// The field appears more than once (in either direction).
    #[error("`{field}` is repeated: sort by each field once")]
    #[non_exhaustive]
    Repeated {
        /// The field.
        field: String,
    },
}

impl ProblemKind for SortersCheckProblem {}

fn unsortable_message(
    field: &str,
    endpoint: &str,
    suggestion: Option<&str>,
    sortable: &[String],
) -> String {
    let by = if endpoint.is_empty() {
        format!("cannot sort by `{field}`")
    } else {
        format!("cannot sort {endpoint} by `{field}`")
    };
    match (suggestion, sortable.is_empty()) {
        (_, true) => format!("{by}; the endpoint sorts by no field"),
        (Some(s), false) => format!(
            "{by}; did you mean `{s}`? Sortable fields: {}",
            sortable.join(", ")
        ),
        (None, false) => format!("{by}; sortable fields: {}", sortable.join(", ")),
    }
}
