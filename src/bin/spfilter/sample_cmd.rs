//! `spfilter sample OPERATION_ID [--api API] [--count N] [--seed S]`: records generated from the
//! operation's response schema, as a JSON array; and the generated fakes of `serve --fake ID`.

use std::io::Write;
use std::process::ExitCode;

use sailpoint_filters::catalog::Operation;
use sailpoint_filters::sample;

/// How many records `serve --fake ID` generates when no count is given.
pub(crate) const DEFAULT_FAKE_COUNT: usize = 50;

/// The seed of `serve --fake ID`'s records (and `sample`'s default).
pub(crate) const DEFAULT_SEED: u64 = 1;

/// Generated records of `operation`, or the message saying why there are none.
pub(crate) fn generated(
    operation: &'static Operation,
    count: usize,
    seed: u64,
) -> Result<Vec<serde_json::Value>, String> {
    sample::records(operation, count, seed).map_err(|err| err.to_string())
}

/// `spfilter sample`.
pub(crate) fn run(api_name: Option<&str>, id: &str, count: usize, seed: u64) -> ExitCode {
    let operation = match super::catalog_cmds::operation(api_name, id) {
        Ok(operation) => operation,
        Err(code) => return code,
    };
    let records = match generated(operation, count, seed) {
        Ok(records) => records,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let text = match serde_json::to_string_pretty(&records) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{text}").is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
