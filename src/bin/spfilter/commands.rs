//! `spfilter parse`, `check` and `query`, and what they and `serve` share: reading the filter
//! argument, the records of `--data`, printing a page.

use std::path::Path;
use std::process::ExitCode;

use sailpoint_filters::Page;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{
    CollectionQuery, Filter, ParseOptions, QueryOptions, Record, Schema, Syntax,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `spfilter parse`: the canonical filter (or its syntax tree as JSON) on stdout, or the error
/// on stderr.
pub(crate) fn parse(text: &str, syntax: Syntax, json: bool) -> ExitCode {
    let options = ParseOptions {
        syntax,
        ..ParseOptions::default()
    };
    match Filter::parse_with(text, &options) {
        Ok(filter) if json => print_or_fail(
            serde_json::to_string_pretty(&filter)
                .map_err(|err| format!("cannot print the tree as JSON: {err}")),
        ),
        parsed => print_or_fail(parsed),
    }
}

/// The value on stdout (exit 0), or the error on stderr (exit 1).
pub(crate) fn print_or_fail<T: std::fmt::Display, E: std::fmt::Display>(
    result: Result<T, E>,
) -> ExitCode {
    match result {
        Ok(value) => {
            println!("{value}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// `spfilter check` against GET /role-mining-sessions, or the `--operation` of an `--openapi`
/// document.
pub(crate) fn check(text: &str, syntax: Syntax, openapi: Option<(&Path, &str)>) -> ExitCode {
    let schema = match openapi {
        None => RoleMiningSessions::schema().clone(),
        Some((path, operation)) => {
            let document = match std::fs::read_to_string(path) {
                Ok(document) => document,
                Err(err) => {
                    eprintln!("cannot read {}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            match Schema::from_openapi(&document, operation) {
                Ok(schema) => schema,
                Err(err) => {
                    eprintln!("{}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    check_with(&schema, text, syntax)
}

/// Checks `text` against `schema`: the canonical text on stdout, or the error on stderr.
pub(crate) fn check_with(schema: &Schema, text: &str, syntax: Syntax) -> ExitCode {
    let options = ParseOptions {
        syntax,
        ..ParseOptions::default()
    };
    print_or_fail(schema.parse_filter(text, &options))
}

/// `spfilter query` over role mining sessions: the page on stdout.
pub(crate) fn query(
    data: Option<&Path>,
    params: &[(&str, Option<String>)],
    options: &QueryOptions,
) -> ExitCode {
    match load_sessions(data) {
        Ok(sessions) => run_query(RoleMiningSessions::schema(), &sessions, params, options),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the parameters against `schema`, runs them over `records` and prints the page as a
/// JSON array (with `--count`, `X-Total-Count: N` on stderr first); or the error on stderr.
pub(crate) fn run_query<R: Record + Serialize>(
    schema: &Schema,
    records: &[R],
    params: &[(&str, Option<String>)],
    options: &QueryOptions,
) -> ExitCode {
    let page = CollectionQuery::from_params_for(param_pairs(params), schema, options)
        .map_err(|err| err.to_string())
        .and_then(|query| {
            let page = query.run(records).map_err(|err| err.to_string())?;
            Ok((page, query.count()))
        });
    match page {
        Ok((page, count)) => print_page(&page, count),
        Err(message) => print_or_fail(Err::<&str, _>(message)),
    }
}

/// The parameters given on the command line, as `(name, value)` pairs.
pub(crate) fn param_pairs<'a>(
    params: &'a [(&'a str, Option<String>)],
) -> impl Iterator<Item = (&'a str, &'a str)> {
    params
        .iter()
        .filter_map(|(name, value)| Some((*name, value.as_deref()?)))
}

pub(crate) fn print_page<T: Serialize>(page: &Page<T>, count: bool) -> ExitCode {
    if count {
        eprintln!("X-Total-Count: {}", page.total);
    }
    print_or_fail(
        serde_json::to_string_pretty(&page.items)
            .map_err(|err| format!("cannot print the page as JSON: {err}")),
    )
}

/// The sessions of `path`, or the built-in sample.
pub(crate) fn load_sessions(path: Option<&Path>) -> Result<Vec<RoleMiningSession>, String> {
    let Some(path) = path else {
        return Ok(sailpoint_filters::role_mining_sessions::sample());
    };
    let sessions: Vec<RoleMiningSession> = load_array(path, "role mining sessions")?;
    let ids = sessions.iter().map(|session| Some(session.id.as_str()));
    unique_ids(path, "sessions", ids)?;
    Ok(sessions)
}

/// The JSON array of `what` in the file at `path` (a UTF-8 byte order mark before it is
/// skipped, as editors on Windows write one).
pub(crate) fn load_array<T: DeserializeOwned>(path: &Path, what: &str) -> Result<Vec<T>, String> {
    let text = read_text(path)?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a JSON array of {what}: {e}", path.display()))
}

/// The text of the file at `path`, without the UTF-8 byte order mark editors on Windows write
/// before it.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let mut text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Whether the `records` of `path` — their `id`s in order, `None` for one without — have
/// different `id`s: a list SailPoint serves never repeats one.
pub(crate) fn unique_ids<'a>(
    path: &Path,
    records: &str,
    ids: impl Iterator<Item = Option<&'a str>>,
) -> Result<(), String> {
    let mut seen = std::collections::HashMap::new();
    for (index, id) in ids.enumerate() {
        let Some(id) = id else { continue };
        if let Some(first) = seen.insert(id, index) {
            return Err(format!(
                "{}: the {records} at indexes {first} and {index} of the array have the same id {id:?}",
                path.display()
            ));
        }
    }
    Ok(())
}

/// The filter argument, or stdin when it is `-` (for filters longer than an argument may be).
pub(crate) fn filter_text(argument: String) -> Result<String, ExitCode> {
    if argument != "-" {
        return Ok(argument);
    }
    let mut text = String::new();
    match std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
        // A final newline is the shell's, not the filter's.
        Ok(_) => Ok(text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)),
        Err(err) => {
            eprintln!("cannot read the filter from stdin: {err}");
            Err(ExitCode::FAILURE)
        }
    }
}
