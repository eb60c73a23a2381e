//! Filter × [`Schema`] → [`CheckedFilter`], or every reason the endpoint would answer 400.
//!
//! Each condition's field, operator and values are checked against the schema, and each
//! `and`/`or`/`not` against the endpoint's composite operators. All problems are reported,
//! each pointing at its token when the filter came from text. Values are coerced to the field
//! types, the way SailPoint reads them:
//!
//! * boolean fields take `true`/`false`, also quoted: `saved eq "true"`;
//! * date-time fields take date-times, also quoted: `created ge "2022-02-07T20:13:29.356Z"`;
//! * string fields take strings; in the lenient syntax also integers written bare
//!   (`id eq 12345` means `id eq "12345"`), which the strict syntax rejects;
//! * untyped fields ([`FieldType::Any`]) take any value as written.

use std::borrow::Cow;
use std::fmt;

use crate::diag::{Diagnostic, Diagnostics, Parameter, Span};
use crate::filter::{
    Condition, ConditionSpans, Filter, FilterKind, ParseOptions, Step, Syntax, Value,
};
use crate::schema::{Composite, FieldSpec, FieldType, Schema};
use crate::value::DateTime;

use super::{CheckError, CheckProblem, CheckedFilter, Error};

impl Filter {
    /// Checks the filter against `schema`, read with `syntax` (which decides whether a bare
    /// integer may stand for a string): the filter the endpoint reads, with values coerced to
    /// the field types and each field's spec resolved, or every problem found.
    ///
    /// ```
    /// use sailpoint_filters::{Filter, FieldType, Op, Schema, Syntax};
    /// let schema = Schema::new("x").with_field("id", FieldType::String, [Op::Eq]);
    /// let filter = Filter::parse("id eq 12345")?;
    /// assert_eq!(filter.check(&schema, Syntax::Lenient).unwrap().to_string(), r#"id eq "12345""#);
    /// assert!(filter.check(&schema, Syntax::Strict).is_err());
    /// # Ok::<(), sailpoint_filters::ParseError>(())
    /// ```
    pub fn check(&self, schema: &Schema, syntax: Syntax) -> Result<CheckedFilter, CheckError> {
        let mut problems: Vec<Diagnostic<CheckProblem>> = Vec::new();
        let mut fields: Vec<FieldSpec> = Vec::new();
        let mut coerced: Vec<Condition> = Vec::new();
        for step in self.walk() {
            let Step::Enter(node) = step else { continue };
            let composite = match node.kind() {
                FilterKind::And(_) => Composite::And,
                FilterKind::Or(_) => Composite::Or,
                FilterKind::Not(_) => Composite::Not,
                FilterKind::Condition(condition) => {
                    let checker = ConditionChecker {
                        schema,
                        syntax,
                        spans: node.condition_spans(),
                    };
                    let (condition, spec) = checker.check(condition, &mut problems);
                    if let Some(spec) = spec
                        && !fields.iter().any(|f| f.path() == spec.path())
                    {
                        fields.push(spec.into_owned());
                    }
                    coerced.push(condition);
                    continue;
                }
            };
            if !schema.composites().contains(composite) {
                let kind = CheckProblem::CompositeNotAllowed {
                    composite,
                    endpoint: schema.endpoint().to_owned(),
                    allowed: schema.composites(),
                };
                problems.push(Diagnostic::new(kind, Parameter::Filters, node.span()));
            }
        }
        super::rules::check_rules(self, schema, &mut problems);
        // A junction's problem was found before its operands'; report in reading order.
        problems.sort_by_key(|p| p.span().map(|s| s.start));
        if let Some(err) = Diagnostics::new(problems) {
            return Err(err.with_endpoint(schema.endpoint()));
        }
        let mut coerced = coerced.into_iter();
        let filter = self.rebuild(true, |c, _| coerced.next().unwrap_or_else(|| c.clone()));
        CheckedFilter::new(filter, fields).map_err(|err| err.with_endpoint(schema.endpoint()))
    }
}

impl Schema {
    /// Parses `text` as a filter and checks it against this schema: what a server does with a
    /// `filters` parameter. Errors name the endpoint and show the text with a caret under each problem,
    /// the same whether the text does not parse or the endpoint refuses it.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Problem, Schema};
    /// let schema = Schema::new("x").with_field("saved", FieldType::Boolean, [Op::Eq]);
    /// assert_eq!(
    ///     schema.parse_filter("saved eq", &Default::default()).unwrap_err().to_string(),
    ///     "invalid filter for x at column 9: expected a value after `eq`, found the end of the filter\n    saved eq\n            ^",
    /// );
    /// assert_eq!(schema.parse_filter(r#"saved eq "false""#, &Default::default())?.to_string(), "saved eq false");
    /// assert!(matches!(schema.parse_filter("saved eq 1", &Default::default()).unwrap_err().kind(), Problem::Check(_)));
    /// assert!(matches!(schema.parse_filter("saved eq", &Default::default()).unwrap_err().kind(), Problem::Parse(_)));
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn parse_filter(&self, text: &str, options: &ParseOptions) -> Result<CheckedFilter, Error> {
        let filter = Filter::parse_with(text, options)
            .map_err(|err| Error::from(err).with_endpoint(self.endpoint()))?;
        match filter.check(self, options.syntax) {
            Ok(checked) => Ok(checked.with_source(text)),
            Err(err) => Err(err.with_source(Parameter::Filters, text).convert()),
        }
    }
}

/// Checks one condition.
struct ConditionChecker<'a> {
    schema: &'a Schema,
    syntax: Syntax,
    spans: Option<&'a ConditionSpans>,
}

impl<'a> ConditionChecker<'a> {
    /// A span of the condition's text, when the filter was parsed.
    fn at(&self, span: impl FnOnce(&ConditionSpans) -> Span) -> Option<Span> {
        self.spans.map(span)
    }

    fn problem(&self, kind: CheckProblem, span: Option<Span>) -> Diagnostic<CheckProblem> {
        Diagnostic::new(kind, Parameter::Filters, span)
    }

    /// The condition with its values coerced, and the field's spec; problems go to `problems`.
    fn check(
        &self,
        condition: &Condition,
        problems: &mut Vec<Diagnostic<CheckProblem>>,
    ) -> (Condition, Option<Cow<'a, FieldSpec>>) {
        let schema = self.schema;
        let field = condition.field().as_str();
        let Some(spec) = schema.resolve_field(field) else {
            let kind = CheckProblem::UnknownField {
                field: field.to_owned(),
                endpoint: schema.endpoint().to_owned(),
                suggestion: schema.closest_field(field).map(str::to_owned),
                known: schema
                    .fields()
                    .iter()
                    .map(|f| f.path().as_str().to_owned())
                    .collect(),
            };
            problems.push(self.problem(kind, self.at(|s| s.field)));
            return (condition.clone(), None);
        };
        let op = condition.op();
        if !spec.operators().contains(op) {
            let kind = CheckProblem::OperatorNotAllowed {
                field: field.to_owned(),
                op,
                endpoint: schema.endpoint().to_owned(),
                allowed: spec.operators(),
            };
            problems.push(self.problem(kind, self.at(|s| s.op)));
            return (condition.clone(), Some(spec));
        }
        let coerced =
            condition.map_values(
                |i, value| match coerce(value, spec.field_type(), self.syntax) {
                    Some(coerced) => coerced,
                    None => {
                        let kind = CheckProblem::WrongValueType {
                            field: field.to_owned(),
                            field_type: spec.field_type(),
                            value: value.to_string(),
                            strict: self.syntax == Syntax::Strict
                                && matches!(value, Value::Integer(_))
                                && spec.field_type().is_textual(),
                        };
                        let span = self.spans.and_then(|s| s.values.get(i).copied());
                        problems.push(self.problem(kind, span));
                        value.clone()
                    }
                },
            );
        (coerced, Some(spec))
    }
}

/// The value as the field type reads it, or `None` if it cannot be one.
fn coerce(value: &Value, field_type: FieldType, syntax: Syntax) -> Option<Value> {
    match (field_type, value) {
        // A date-time outside years 0000–9999 has no RFC 3339 spelling: the filter could not be
        // sent. (The parser never produces one; code can, from a record's timestamp.)
        (_, Value::DateTime(t)) if !t.is_in_range() => None,
        (FieldType::Any, v) => Some(v.clone()),
        (FieldType::Boolean, Value::Boolean(_)) => Some(value.clone()),
        (FieldType::Boolean, Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Boolean(true)),
            "false" => Some(Value::Boolean(false)),
            _ => None,
        },
        (FieldType::String | FieldType::StringCollection, Value::String(_)) => Some(value.clone()),
        (FieldType::String | FieldType::StringCollection, Value::Integer(i))
            if syntax == Syntax::Lenient =>
        {
            Some(Value::String(i.to_string()))
        }
        (FieldType::Integer, Value::Integer(_)) => Some(value.clone()),
        (FieldType::Number, Value::Integer(_) | Value::Float(_)) => Some(value.clone()),
        (FieldType::DateTime, Value::DateTime(_)) => Some(value.clone()),
        (FieldType::DateTime, Value::String(s)) => s.parse::<DateTime>().ok().map(Value::DateTime),
        _ => None,
    }
}

impl fmt::Display for CheckedFilter {
    /// The canonical text of the filter as the endpoint reads it (values coerced).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.filter().fmt(f)
    }
}
