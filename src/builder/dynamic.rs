//! Filters on fields named at run time.

use crate::filter::{CmpOp, FieldPath, Filter, ListOp, ParseError, Value};

/// A field named at run time, for building filters that checking against a schema then
/// validates.
///
/// ```
/// use sailpoint_filters::builder::field;
/// assert_eq!(field("identitySummary.id")?.eq("2c91").to_string(), r#"identitySummary.id eq "2c91""#);
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DynField(FieldPath);

/// A field named at run time: its name must be a field path (so that the filter prints back
/// to text that parses to it); the endpoint's support for it is checked later, against its
/// schema.
///
/// ```
/// use sailpoint_filters::{Schema, Syntax};
/// use sailpoint_filters::builder::field;
///
/// let filter = field("name")?.sw("x");
/// assert!(filter.check(&Schema::new("accounts"), Syntax::Lenient).is_err());
/// assert!(field("created by").is_err());
/// # Ok::<(), sailpoint_filters::ParseError>(())
/// ```
pub fn field(path: impl Into<std::borrow::Cow<'static, str>>) -> Result<DynField, ParseError> {
    FieldPath::new(path).map(DynField)
}

impl From<FieldPath> for DynField {
    fn from(path: FieldPath) -> DynField {
        DynField(path)
    }
}

impl DynField {
    fn compare(&self, op: CmpOp, value: impl Into<Value>) -> Filter {
        Filter::compare(self.0.clone(), op, value)
    }

    /// `field eq value`.
    pub fn eq(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Eq, value)
    }

    /// `field ne value`.
    pub fn ne(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Ne, value)
    }

    /// `field gt value`.
    pub fn gt(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Gt, value)
    }

    /// `field ge value`.
    pub fn ge(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Ge, value)
    }

    /// `field lt value`.
    pub fn lt(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Lt, value)
    }

    /// `field le value`.
    pub fn le(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Le, value)
    }

    /// `field co value`.
    pub fn co(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Co, value)
    }

    /// `field sw value`.
    pub fn sw(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Sw, value)
    }

    /// `field in (values…)`; `None` for no values.
    #[doc(alias("in", "in_"))]
    pub fn is_in<V: Into<Value>>(&self, values: impl IntoIterator<Item = V>) -> Option<Filter> {
        Filter::list(self.0.clone(), ListOp::In, values)
    }

    /// `field ca (values…)`; `None` for no values.
    pub fn ca<V: Into<Value>>(&self, values: impl IntoIterator<Item = V>) -> Option<Filter> {
        Filter::list(self.0.clone(), ListOp::Ca, values)
    }

    /// `pr field`.
    pub fn pr(&self) -> Filter {
        Filter::present(self.0.clone())
    }

    /// `field isnull`.
    #[doc(alias = "isnull")]
    pub fn is_null(&self) -> Filter {
        Filter::is_null(self.0.clone())
    }
}
