//! Every parameter a catalog operation documents (SPEC §11): a request read with the
//! operation's extra parameters — `searchAfter`, `defaultFilter`, `add-core-filters`,
//! `count-only`, and the singular `filter` and `sort` where the operation spells its
//! `filters` and `sorters` so — checked, and run over JSON records.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::check::{CheckedFilter, CheckedQuery, CheckedSorters, Error};
use crate::diag::{Diagnostic, Diagnostics, Parameter, RequestProblem};
use crate::eval::{CompileError, SortPlan, compile};
use crate::filter::ParseOptions;
use crate::paging::Page;
use crate::query::{CollectionQuery, QueryOptions};
use crate::schema::{FieldType, Schema};
use crate::sorters::Sorters;
use crate::value::DateTime;

use super::operation::{
    ADD_CORE_FILTERS, COUNT_ONLY, DEFAULT_FILTER, FILTER, FILTERS, NEXT, Operation, SEARCH_AFTER,
    SORT, SORTERS,
};

/// What `defaultFilter=CORRELATED_ONLY` (its default) adds to the filter.
pub const CORRELATED_ONLY: &str = "correlated eq true";

/// What `add-core-filters=true` adds to the filter: its description's criteria — correlated or
/// protected; not `spadmin` or `cloudadmin` (the identity's `alias`, its user name); `uid`
/// (`alias`), `lastname` and `email` not null.
pub const CORE_FILTERS: &str = r#"(correlated eq true or protected eq true) and not alias in ("spadmin", "cloudadmin") and pr alias and pr lastname and pr email"#;

/// A request for a catalog operation, read with every parameter the operation documents and
/// checked against it: what a fake of the operation runs.
///
/// ```
/// use sailpoint_filters::catalog::{Api, Catalog};
/// use serde_json::json;
///
/// let operation = Catalog::new().get(Api::Services, "listIdentitiesV1").unwrap();
/// let records = vec![
///     json!({"id": "a", "name": "Ann", "correlated": true}),
///     json!({"id": "b", "name": "Bob", "correlated": false}),
/// ];
/// // `defaultFilter` is `CORRELATED_ONLY` unless the request says otherwise.
/// let query = operation.read_query("count=true", &Default::default())?;
/// assert_eq!(query.added_filter().unwrap().to_string(), "correlated eq true");
/// assert_eq!(query.run(&records)?.items, [&records[0]]);
/// let all = operation.read_query("defaultFilter=NONE", &Default::default())?;
/// assert_eq!(all.run(&records)?.total, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct OperationQuery {
    operation: &'static Operation,
    query: CheckedQuery,
    added: Option<CheckedFilter>,
    /// `searchAfter` as a record holding each sort key's value at the key's path.
    cursor: Option<Value>,
    search_after: Vec<String>,
    count_only: bool,
}

impl Operation {
    /// Reads a URL query string (without the `?`) for this operation: the five collection
    /// parameters as [`CollectionQuery::from_query_string_for`] reads them, and the extra ones
    /// the operation takes ([`Operation::parameters`]). Every problem of the request comes in
    /// one error, each naming its parameter; parameters the operation does not take are
    /// ignored, as SailPoint ignores unknown parameters.
    ///
    /// * `searchAfter`: one value per key of `sorters`, in order, each read as its sort
    ///   field's type (a date-time, a number, `true`/`false`, or text); without `sorters`, or
    ///   with another number of values, a 400. The page continues strictly after it.
    /// * `defaultFilter`: `CORRELATED_ONLY` (the default) adds [`CORRELATED_ONLY`] to the
    ///   filter with `and`; `NONE` adds nothing.
    /// * `add-core-filters`: `true` adds [`CORE_FILTERS`]; `false` (the default) nothing.
    /// * `count-only`: `true` answers an empty page, with the count.
    /// * `filter` and `sort`, where the operation spells `filters` and `sorters` so: read
    ///   exactly as them (and the plural spelling is then an unknown parameter).
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    ///
    /// let entitlements = Catalog::new().get(Api::Services, "listEntitlementsV1").unwrap();
    /// let options = Default::default();
    /// let query = entitlements.read_query("sorters=name,id&searchAfter=Admin,2c91", &options)?;
    /// assert_eq!(query.search_after(), ["Admin", "2c91"]);
    /// let err = entitlements.read_query("sorters=name&searchAfter=Admin,2c91", &options).unwrap_err();
    /// assert_eq!(err.messages(), [
    ///     "searchAfter has 2 values for 1 sort key (`name`): give one value per key of sorters, in order",
    /// ]);
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn read_query(
        &'static self,
        query: &str,
        options: &QueryOptions,
    ) -> Result<OperationQuery, Error> {
        let schema = self.schema();
        let mut extras = Extras::default();
        let standard = self.standard_query_string(query, &mut extras);
        let read = CollectionQuery::from_query_string_for(&standard, schema, options);
        let mut problems: Vec<Diagnostic<crate::Problem>> = extras.problems.clone();
        let added = self.added_filter(&extras, &mut problems, schema);
        let count_only = flag(&extras, Parameter::CountOnly, &mut problems);
        let checked = match read {
            Ok(checked) => Some(checked),
            Err(mut err) => {
                // Named as the operation spells them.
                if self.takes(FILTER) {
                    err = err.with_parameter_renamed(Parameter::Filters, Parameter::Filter);
                }
                if self.takes(SORT) {
                    err = err.with_parameter_renamed(Parameter::Sorters, Parameter::Sort);
                }
                problems.splice(0..0, err.into_problems());
                None
            }
        };
        let search_after = extras.text(Parameter::SearchAfter).map(split_values);
        let cursor = match &search_after {
            Some(values) => {
                // The sorters as checked, also when another parameter is wrong.
                let sorters =
                    match &checked {
                        Some(checked) => Some(checked.sorters().clone()),
                        None => extras.sorters.as_deref().map_or(
                            Some(CheckedSorters::default()),
                            |text| {
                                Sorters::parse_with(text, &options.sorters)
                                    .ok()
                                    .and_then(|sorters| sorters.check(schema).ok())
                            },
                        ),
                    };
                sorters.and_then(|sorters| self.cursor(&sorters, values, &mut problems))
            }
            None => None,
        };
        match (Diagnostics::new(problems), checked) {
            (None, Some(query)) => Ok(OperationQuery {
                operation: self,
                query,
                added,
                cursor,
                search_after: search_after.unwrap_or_default(),
                count_only,
            }),
            (Some(err), _) => Err(err.with_endpoint(schema.endpoint())),
            // Reading failed, so there are problems: not reached.
            (None, None) => Err(Diagnostics::one(
                RequestProblem::Invalid {
                    reason: "the query string cannot be read".to_owned(),
                }
                .into(),
                Parameter::QueryString,
                None,
            )
            .with_endpoint(schema.endpoint())),
        }
    }

    /// The query string with the extra parameters taken out (into `extras`) and the singular
    /// spellings renamed, for the standard reader.
    fn standard_query_string(&self, query: &str, extras: &mut Extras) -> String {
        let mut kept: Vec<Cow<'_, str>> = Vec::new();
        for raw in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = raw.split_once('=').unwrap_or((raw, ""));
            let name = decode(raw_name).unwrap_or_default();
            let extra = match name.as_str() {
                "searchAfter" if self.takes(SEARCH_AFTER) => Some(Parameter::SearchAfter),
                "defaultFilter" if self.takes(DEFAULT_FILTER) => Some(Parameter::DefaultFilter),
                "add-core-filters" if self.takes(ADD_CORE_FILTERS) => {
                    Some(Parameter::AddCoreFilters)
                }
                "count-only" if self.takes(COUNT_ONLY) => Some(Parameter::CountOnly),
                "next" if self.takes(NEXT) => {
                    // The marker is the number of records listed so far: read as `offset`.
                    match decode(raw_value) {
                        Ok(marker) if marker.is_empty() => {}
                        Ok(marker) if is_marker(&marker) => {
                            kept.push(format!("offset={marker}").into());
                        }
                        Ok(marker) => extras.problems.push(invalid(
                            Parameter::Next,
                            format!(
                                "next must be the marker a previous page gave (`next` of its body), got `{marker}`"
                            ),
                        )),
                        Err(reason) => extras.problems.push(Diagnostic::new(
                            RequestProblem::Malformed { reason }.into(),
                            Parameter::Next,
                            None,
                        )),
                    }
                    continue;
                }
                _ => None,
            };
            if let Some(parameter) = extra {
                extras.add(parameter, raw_value);
                continue;
            }
            match name.as_str() {
                "filter" if self.takes(FILTER) => kept.push(format!("filters={raw_value}").into()),
                "sort" if self.takes(SORT) => {
                    extras.sorters = decode(raw_value).ok();
                    kept.push(format!("sorters={raw_value}").into());
                }
                "sorters" if self.takes(SORTERS) => {
                    extras.sorters = decode(raw_value).ok();
                    kept.push(raw.into());
                }
                // Not a parameter of this operation.
                "filters" if !self.takes(FILTERS) && self.takes(FILTER) => {}
                "sorters" if !self.takes(SORTERS) && self.takes(SORT) => {}
                _ => kept.push(raw.into()),
            }
        }
        kept.join("&")
    }

    /// What `defaultFilter` and `add-core-filters` add, checked over any field.
    fn added_filter(
        &self,
        extras: &Extras,
        problems: &mut Vec<Diagnostic<crate::Problem>>,
        schema: &Schema,
    ) -> Option<CheckedFilter> {
        let mut added: Vec<&str> = Vec::new();
        if self.takes(DEFAULT_FILTER) {
            match extras.text(Parameter::DefaultFilter) {
                None | Some("CORRELATED_ONLY") => added.push(CORRELATED_ONLY),
                Some("NONE") => {}
                Some(other) => problems.push(invalid(
                    Parameter::DefaultFilter,
                    format!("defaultFilter must be CORRELATED_ONLY or NONE, got `{other}`"),
                )),
            }
        }
        if flag(extras, Parameter::AddCoreFilters, problems) {
            added.push(CORE_FILTERS);
        }
        if added.is_empty() {
            return None;
        }
        let text = added
            .iter()
            .map(|part| format!("({part})"))
            .collect::<Vec<_>>()
            .join(" and ");
        // Built from the constants above: they parse, and an open schema takes any field.
        Schema::open(schema.endpoint())
            .parse_filter(&text, &ParseOptions::default())
            .ok()
    }

    /// `searchAfter` as a record of the sort keys' values, or its problems.
    fn cursor(
        &self,
        sorters: &CheckedSorters,
        values: &[String],
        problems: &mut Vec<Diagnostic<crate::Problem>>,
    ) -> Option<Value> {
        let keys = sorters.keys();
        if keys.is_empty() {
            problems.push(invalid(
                Parameter::SearchAfter,
                "searchAfter needs sorters: one value per sort key, in order".to_owned(),
            ));
            return None;
        }
        if keys.len() != values.len() {
            let names: Vec<String> = keys
                .iter()
                .map(|k| format!("`{}`", k.key().field))
                .collect();
            problems.push(invalid(
                Parameter::SearchAfter,
                format!(
                    "searchAfter has {} for {} ({}): give one value per key of sorters, in order",
                    plural(values.len(), "value"),
                    plural(keys.len(), "sort key"),
                    names.join(", ")
                ),
            ));
            return None;
        }
        let mut cursor = Value::Object(Map::new());
        let mut fine = true;
        for (position, (key, text)) in keys.iter().zip(values).enumerate() {
            let field = key.key().field.as_str();
            let field_type = self
                .fields()
                .iter()
                .find(|f| f.path() == field)
                .map_or(FieldType::Any, |f| f.field_type());
            match typed_value(text, field_type) {
                Ok(value) => {
                    if let Some(path) = key.by().first() {
                        insert(&mut cursor, path.as_str(), value);
                    }
                }
                Err(expected) => {
                    fine = false;
                    problems.push(invalid(
                        Parameter::SearchAfter,
                        format!(
                            "searchAfter value {} (`{text}`) is for sort key `{field}` and must be {expected}",
                            position + 1
                        ),
                    ));
                }
            }
        }
        fine.then_some(cursor)
    }
}

/// Whether `text` is a `next` marker a fake gives: the number of records listed so far, in
/// decimal digits, no larger than an `offset` may be.
fn is_marker(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 10
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok()
}

impl OperationQuery {
    /// The operation the request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The `next` marker of the answer with `page`, for an operation that pages by one
    /// (launchers): the number of records listed up to the end of this page, while more
    /// records match; `None` on the last page and for other operations.
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// use serde_json::json;
    ///
    /// let launchers = Catalog::new().get(Api::Services, "getLaunchersV1").unwrap();
    /// let records: Vec<_> = (0..5).map(|i| json!({"id": i.to_string()})).collect();
    /// let first = launchers.read_query("limit=2", &Default::default())?;
    /// let marker = first.next_marker(&first.run(&records)?).unwrap();
    /// assert_eq!(marker, "2");
    /// let last = launchers.read_query("limit=3&next=2", &Default::default())?;
    /// let page = last.run(&records)?;
    /// assert_eq!(page.items, [&records[2], &records[3], &records[4]]);
    /// assert_eq!(last.next_marker(&page), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_marker<T>(&self, page: &Page<T>) -> Option<String> {
        if !self.operation.takes(NEXT) || self.count_only {
            return None;
        }
        let offset = usize::try_from(self.query.offset()).ok()?;
        let listed = offset.checked_add(page.items.len())?;
        (listed < page.total && !page.items.is_empty()).then(|| listed.to_string())
    }

    /// The five collection parameters, checked.
    pub fn checked(&self) -> &CheckedQuery {
        &self.query
    }

    /// What `defaultFilter` or `add-core-filters` add to the request's filter, if anything.
    pub fn added_filter(&self) -> Option<&CheckedFilter> {
        self.added.as_ref()
    }

    /// The values of `searchAfter`, one per sort key (empty without it).
    pub fn search_after(&self) -> &[String] {
        &self.search_after
    }

    /// `searchAfter` read as a record: each sort key's value, as its field's type, at the
    /// key's path — what a page continues strictly after (none without `searchAfter`).
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// use serde_json::json;
    ///
    /// let entitlements = Catalog::new().get(Api::Services, "listEntitlementsV1").unwrap();
    /// let query = entitlements.read_query("sorters=name,id&searchAfter=Admin,2c91", &Default::default())?;
    /// assert_eq!(query.cursor(), Some(&json!({"name": "Admin", "id": "2c91"})));
    /// # Ok::<(), sailpoint_filters::Error>(())
    /// ```
    pub fn cursor(&self) -> Option<&Value> {
        self.cursor.as_ref()
    }

    /// Whether `count-only=true`: the page is empty, the count is reported.
    pub fn is_count_only(&self) -> bool {
        self.count_only
    }

    /// Whether the answer reports the number of matches (`X-Total-Count`): `count=true` or
    /// `count-only=true`.
    pub fn reports_count(&self) -> bool {
        self.query.count() || self.count_only
    }

    /// Runs the query over `records`: the request's filter and what the operation adds, the
    /// sort, the total of every match, then the records strictly after the `searchAfter`
    /// cursor in the sort order, then `offset` and `limit` (none with `count-only`).
    ///
    /// ```
    /// use sailpoint_filters::catalog::{Api, Catalog};
    /// use serde_json::json;
    ///
    /// let operation = Catalog::new().get(Api::Services, "listEntitlementsV1").unwrap();
    /// let records: Vec<_> = ["b", "a", "c", "a"].iter().enumerate()
    ///     .map(|(i, name)| json!({"id": i.to_string(), "name": name}))
    ///     .collect();
    /// let query = operation.read_query("sorters=name,id&searchAfter=a,3&limit=1", &Default::default())?;
    /// let page = query.run(&records)?;
    /// assert_eq!((page.total, page.items[0]["id"].as_str()), (4, Some("0")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<'r>(&self, records: &'r [Value]) -> Result<Page<&'r Value>, CompileError> {
        let matcher = self.query.filters().map(compile::<Value>).transpose()?;
        let added = self.added.as_ref().map(compile::<Value>).transpose()?;
        let plan = SortPlan::<Value>::new(self.query.sorters())?;
        let mut matches: Vec<&Value> = records
            .iter()
            .filter(|record| matcher.as_ref().is_none_or(|m| m.matches(record)))
            .filter(|record| added.as_ref().is_none_or(|m| m.matches(record)))
            .collect();
        let total = matches.len();
        if self.count_only {
            return Ok(Page {
                items: Vec::new(),
                total,
            });
        }
        plan.sort(&mut matches);
        let after = match &self.cursor {
            Some(cursor) => matches.partition_point(|record| plan.compare(record, cursor).is_le()),
            None => 0,
        };
        let items = self.query.paging().apply(&matches[after..]).to_vec();
        Ok(Page { items, total })
    }
}

/// The texts of the extra parameters, each at most once, and their problems.
#[derive(Default)]
struct Extras {
    values: Vec<(Parameter, String)>,
    /// The sorters' text, decoded.
    sorters: Option<String>,
    problems: Vec<Diagnostic<crate::Problem>>,
}

impl Extras {
    fn add(&mut self, parameter: Parameter, raw: &str) {
        if self.values.iter().any(|(p, _)| *p == parameter) {
            let repeated = Diagnostic::new(RequestProblem::Repeated.into(), parameter, None);
            if !self.problems.contains(&repeated) {
                self.problems.push(repeated);
            }
            return;
        }
        match decode(raw) {
            Ok(text) => self.values.push((parameter, text)),
            Err(reason) => {
                self.values.push((parameter, String::new()));
                self.problems.push(Diagnostic::new(
                    RequestProblem::Malformed { reason }.into(),
                    parameter,
                    None,
                ));
            }
        }
    }

    fn text(&self, parameter: Parameter) -> Option<&str> {
        self.values
            .iter()
            .find(|(p, _)| *p == parameter)
            .map(|(_, text)| text.as_str())
    }
}

/// A boolean extra parameter: `true` or `false` exactly, `false` when absent.
fn flag(
    extras: &Extras,
    parameter: Parameter,
    problems: &mut Vec<Diagnostic<crate::Problem>>,
) -> bool {
    match extras.text(parameter) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            problems.push(invalid(
                parameter,
                format!("{} must be true or false, got `{other}`", parameter.name()),
            ));
            false
        }
    }
}

fn invalid(parameter: Parameter, reason: String) -> Diagnostic<crate::Problem> {
    Diagnostic::new(RequestProblem::Invalid { reason }.into(), parameter, None)
}

/// `searchAfter`'s values: split at commas (the specs define no escape), each trimmed.
fn split_values(text: &str) -> Vec<String> {
    text.split(',').map(|v| v.trim().to_owned()).collect()
}

/// A `searchAfter` value as its sort field's type, or what it must be.
fn typed_value(text: &str, field_type: FieldType) -> Result<Value, &'static str> {
    let number = || {
        serde_json::from_str::<serde_json::Number>(text)
            .ok()
            .map(Value::Number)
    };
    match field_type {
        FieldType::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("true or false"),
        },
        FieldType::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "an integer"),
        FieldType::Number => number().ok_or("a number"),
        FieldType::DateTime => DateTime::read(text)
            .map(|_| Value::String(text.to_owned()))
            .map_err(|_| "an RFC 3339 date-time (2024-01-01T00:00:00Z)"),
        FieldType::String | FieldType::StringCollection => Ok(Value::String(text.to_owned())),
        // A field of unknown type: a number or a boolean where the text is one.
        _ => Ok(number()
            .or_else(|| text.parse::<bool>().ok().map(Value::Bool))
            .unwrap_or_else(|| Value::String(text.to_owned()))),
    }
}

/// Sets `value` at a dotted path of a JSON object.
fn insert(record: &mut Value, path: &str, value: Value) {
    let mut node = record;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Value::Object(map) = node else { return };
        if segments.peek().is_none() {
            map.insert(segment.to_owned(), value);
            return;
        }
        node = map
            .entry(segment.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Percent-decodes a form-encoded name or value (`+` is a space).
fn decode(raw: &str) -> Result<String, String> {
    let spaced = raw.replace('+', " ");
    let bytes = spaced.as_bytes();
    for (i, _) in spaced.match_indices('%') {
        if !bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        {
            return Err("a `%` is not followed by two hex digits".to_owned());
        }
    }
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| "the percent-decoded bytes are not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_added_filters_parse() {
        for text in [CORRELATED_ONLY, CORE_FILTERS] {
            let parsed = Schema::open("x").parse_filter(text, &ParseOptions::default());
            assert!(parsed.is_ok(), "{text}: {:?}", parsed.err());
        }
    }
}
