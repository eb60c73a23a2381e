//! The catalog's commands: `spfilter endpoints`, and `--endpoint OPERATION_ID [--api API]` for
//! `check`, `query` and `serve --fake`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use sailpoint_filters::catalog::{Api, Catalog, Operation, ResponseShape};
use sailpoint_filters::{QueryOptions, Schema};

use super::commands::{param_pairs, print_page, read_text, unique_ids};

/// The API named by `--api` (the per-service API when omitted).
pub(crate) fn api(name: Option<&str>) -> Result<Api, ExitCode> {
    match name.map(str::parse::<Api>).transpose() {
        Ok(api) => Ok(api.unwrap_or(Api::Services)),
        Err(err) => {
            eprintln!("{err}");
            Err(ExitCode::from(2))
        }
    }
}

/// The operation named by `--endpoint` in `--api`, or the reason there is none on stderr —
/// with the APIs that do have an operation of that id, when others do.
pub(crate) fn operation(api_name: Option<&str>, id: &str) -> Result<&'static Operation, ExitCode> {
    let api = api(api_name)?;
    let catalog = Catalog::new();
    catalog.lookup(api, id).map_err(|err| {
        match elsewhere(api, id) {
            Some(hint) => eprintln!("{err}\n{hint}"),
            None => eprintln!("{err}"),
        }
        ExitCode::FAILURE
    })
}

/// Where else an operation of this id is: "`listIdentities` is an operation of the v2025 and
/// v2026 APIs: use --api v2025 or --api v2026".
pub(crate) fn elsewhere(api: Api, id: &str) -> Option<String> {
    let catalog = Catalog::new();
    let apis: Vec<Api> = catalog
        .apis()
        .filter(|other| *other != api && catalog.get(*other, id).is_some())
        .collect();
    if apis.is_empty() {
        return None;
    }
    let names: Vec<String> = apis.iter().map(Api::to_string).collect();
    let options: Vec<String> = apis.iter().map(|api| format!("--api {api}")).collect();
    Some(format!(
        "`{id}` is an operation of the {} {}: use {}",
        join(&names, "and"),
        if apis.len() == 1 { "API" } else { "APIs" },
        join(&options, "or")
    ))
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// `spfilter endpoints [--api API] [WORD]`: one line per operation — operationId, method,
/// path, its filter fields with their operators, its sortable fields.
pub(crate) fn endpoints(api_name: Option<&str>, word: Option<&str>) -> ExitCode {
    let api = match api(api_name) {
        Ok(api) => api,
        Err(code) => return code,
    };
    let mut stdout = std::io::stdout().lock();
    let mut count = 0;
    for op in Catalog::new().search(Some(api), word.unwrap_or_default()) {
        count += 1;
        if writeln!(stdout, "{}", line(op)).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if count == 0 {
        eprintln!(
            "no operation of the {api} API matches `{}`",
            word.unwrap_or_default()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `listAccountsV1 GET /accounts/v1 filters: id (eq, sw, in), … sorters: id, name, …`
fn line(op: &Operation) -> String {
    let filters: Vec<String> = op
        .fields()
        .iter()
        .filter(|f| !f.operators().is_empty())
        .map(|f| format!("{} ({})", f.path(), f.operators()))
        .collect();
    let sorters: Vec<&str> = op
        .fields()
        .iter()
        .filter(|f| f.is_sortable())
        .map(|f| f.path())
        .collect();
    let list = |items: String| {
        if items.is_empty() {
            "-".to_owned()
        } else {
            items
        }
    };
    let mut line = format!(
        "{} {} {} filters: {} sorters: {}",
        op.operation_id(),
        op.method(),
        op.path(),
        list(filters.join(", ")),
        list(sorters.join(", "))
    );
    if let Some(note) = shape_note(op) {
        line.push_str(&format!(" ({note})"));
    }
    line
}

/// What `spfilter endpoints` adds for an operation whose 200 body is not a plain array, and
/// the headers its response declares besides `X-Total-Count`.
pub(crate) fn shape_note(operation: &Operation) -> Option<String> {
    let mut note = match operation.response() {
        ResponseShape::Array => String::new(),
        ResponseShape::Object => "response: one object, not a list".to_owned(),
        ResponseShape::None => "response: not JSON (a download)".to_owned(),
        shape => match (shape.records_key(), operation.response_total()) {
            (Some(key), Some(total)) => {
                format!("response: object, records in `{key}`, their number in `{total}`")
            }
            (Some(key), None) => format!("response: object, records in `{key}`"),
            _ => "response: not a plain array".to_owned(),
        },
    };
    let headers: Vec<&str> = operation
        .response_headers()
        .iter()
        .map(|header| header.name())
        .collect();
    if !headers.is_empty() {
        let sep = if note.is_empty() { "" } else { "; " };
        note = format!("{note}{sep}headers: {}", headers.join(", "));
    }
    (!note.is_empty()).then_some(note)
}

/// The schema of `--endpoint` in `--api`.
pub(crate) fn schema(api_name: Option<&str>, id: &str) -> Result<&'static Schema, ExitCode> {
    operation(api_name, id).map(Operation::schema)
}

/// A JSON array of records of `schema`'s endpoint: read strictly and checked against its
/// typed fields (`Schema::read_json_records`: the error names the record's index and the
/// field), and whose `id`s, where they have one, are all different.
pub(crate) fn load_records(path: &Path, schema: &Schema) -> Result<Vec<serde_json::Value>, String> {
    let text = read_text(path)?;
    let records = schema
        .read_json_records(&text)
        .map_err(|err| format!("{}: {err}", path.display()))?;
    let ids = records
        .iter()
        .map(|record| record.get("id").and_then(serde_json::Value::as_str));
    unique_ids(path, "records", ids)?;
    Ok(records)
}

/// `spfilter query --endpoint ID [--api API] --data FILE … [--param NAME=VALUE …]`: the page
/// as a JSON array, read with every parameter the operation documents (`--param
/// searchAfter=…`, `--param defaultFilter=NONE`, …).
pub(crate) fn query(
    api_name: Option<&str>,
    id: &str,
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    extra: &[String],
    options: &QueryOptions,
) -> ExitCode {
    let operation = match operation(api_name, id) {
        Ok(operation) => operation,
        Err(code) => return code,
    };
    let Some(data) = data else {
        eprintln!("--endpoint needs --data FILE: a JSON array of the endpoint's records");
        return ExitCode::from(2);
    };
    let query = match query_string(operation, params, extra) {
        Ok(query) => query,
        Err(code) => return code,
    };
    let records = match load_records(data, operation.schema()) {
        Ok(records) => records,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    // The command line has no URL to keep short.
    let options = options.with_max_length(usize::MAX);
    let page = operation
        .read_query(&query, &options)
        .map_err(|err| err.to_string())
        .and_then(|query| {
            let page = query.run(&records).map_err(|err| err.to_string())?;
            Ok((page, query.reports_count()))
        });
    match page {
        Ok((page, count)) => print_page(&page, count),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The command line's parameters for `operation` as a URL query string: `--filters` and
/// `--sorters` under the operation's own spelling (`filter`, `sort`), then each `--param
/// NAME=VALUE`.
pub(crate) fn query_string(
    operation: &Operation,
    params: &[(&str, Option<String>)],
    extra: &[String],
) -> Result<String, ExitCode> {
    let takes = |name: &str| operation.parameters().any(|p| p == name);
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in param_pairs(params) {
        let name = match name {
            "filters" if !takes("filters") && takes("filter") => "filter",
            "sorters" if !takes("sorters") && takes("sort") => "sort",
            other => other,
        };
        query.append_pair(name, value);
    }
    for param in extra {
        let Some((name, value)) = param.split_once('=') else {
            eprintln!("--param {param}: expected NAME=VALUE");
            return Err(ExitCode::from(2));
        };
        query.append_pair(name, value);
    }
    Ok(query.finish())
}
