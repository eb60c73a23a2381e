//! The catalog's commands: `spfilter endpoints`, and `--endpoint OPERATION_ID [--api API]` for
//! `check`, `query` and `serve --fake`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use sailpoint_filters::catalog::{Api, Catalog, Operation};
use sailpoint_filters::{QueryOptions, Schema};

use super::commands::{read_text, run_query, unique_ids};

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

/// The operation named by `--endpoint` in `--api`, or the reason there is none on stderr.
pub(crate) fn operation(api_name: Option<&str>, id: &str) -> Result<&'static Operation, ExitCode> {
    let api = api(api_name)?;
    Catalog::new().lookup(api, id).map_err(|err| {
        eprintln!("{err}");
        ExitCode::FAILURE
    })
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
    format!(
        "{} {} {} filters: {} sorters: {}",
        op.operation_id(),
        op.method(),
        op.path(),
        list(filters.join(", ")),
        list(sorters.join(", "))
    )
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

/// `spfilter query --endpoint ID [--api API] --data FILE …`: the page as a JSON array.
pub(crate) fn query(
    api_name: Option<&str>,
    id: &str,
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    options: &QueryOptions,
) -> ExitCode {
    let schema = match schema(api_name, id) {
        Ok(schema) => schema,
        Err(code) => return code,
    };
    let Some(data) = data else {
        eprintln!("--endpoint needs --data FILE: a JSON array of the endpoint's records");
        return ExitCode::from(2);
    };
    match load_records(data, schema) {
        Ok(records) => run_query(schema, &records, params, options),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
