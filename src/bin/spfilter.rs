//! `spfilter`: the command-line face of sailpoint-filters.
//!
//! ```text
//! spfilter parse [--strict] [--json] FILTER
//! spfilter check [--strict] [--openapi FILE --operation ID] FILTER
//! spfilter query [--data FILE] [--filters F] [--sorters S] [--offset N] [--limit N] [--count]
//! ```
//!
//! Exit status: 0 on success, 1 when the input is rejected (the reason is on stderr), 2 for a
//! usage error.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::query::{CollectionQuery, QueryOptions};
use sailpoint_filters::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::{Filter, ParseOptions, Schema, Syntax};

/// The built-in role mining sessions: the default data of `query`.
const SAMPLE_SESSIONS: &str = include_str!("../../data/role_mining_sessions.json");

/// Parse, check and print the filters of SailPoint's V3 collection endpoints.
#[derive(Parser)]
#[command(name = "spfilter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a filter and print its canonical form (or its syntax tree as JSON).
    Parse {
        /// Reject the lenient forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
        /// Print the syntax tree as JSON instead of the canonical filter.
        #[arg(long)]
        json: bool,
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'.
        filter: String,
    },
    /// Check a filter against an endpoint (GET /role-mining-sessions unless --openapi is given)
    /// and print it as the endpoint reads it.
    Check {
        /// Reject the lenient forms (single-quoted strings, bare words, bare integers for strings).
        #[arg(long)]
        strict: bool,
        /// A SailPoint OpenAPI document (JSON, or YAML) to read the endpoint's schema from.
        #[arg(long, value_name = "FILE", requires = "operation")]
        openapi: Option<std::path::PathBuf>,
        /// The operationId of the endpoint in the --openapi document, e.g. getRoleMiningSessions.
        #[arg(long, value_name = "ID", requires = "openapi")]
        operation: Option<String>,
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'.
        filter: String,
    },
    /// Run a GET /role-mining-sessions query over sessions: filter, sort, count, page.
    ///
    /// Prints the page as a JSON array; with --count, `X-Total-Count: N` on stderr.
    Query {
        /// A JSON array of role mining sessions (default: the built-in sample of 72 sessions).
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// The `filters` parameter, e.g. 'saved eq "true" and name sw "RM Session"'.
        #[arg(long, value_name = "F", allow_hyphen_values = true)]
        filters: Option<String>,
        /// The `sorters` parameter, e.g. -createdDate,createdBy.
        #[arg(long, value_name = "S", allow_hyphen_values = true)]
        sorters: Option<String>,
        /// Records to skip (0 to 2147483647).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        offset: Option<String>,
        /// Most records to return (0 to 250; default 250).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        limit: Option<String>,
        /// Also print the number of matches before paging, as `X-Total-Count: N` on stderr.
        #[arg(long)]
        count: bool,
        /// Reject the lenient filter forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            strict,
            json,
            filter,
        } => parse(&filter, strict, json),
        Command::Check {
            strict,
            openapi,
            operation,
            filter,
        } => check(
            &filter,
            strict,
            openapi.as_deref().zip(operation.as_deref()),
        ),
        Command::Query {
            data,
            filters,
            sorters,
            offset,
            limit,
            count,
            strict,
        } => {
            let params = [
                ("filters", filters),
                ("sorters", sorters),
                ("offset", offset),
                ("limit", limit),
                ("count", count.then(|| "true".to_owned())),
            ];
            query(data.as_deref(), &params, strict)
        }
    }
}

fn query(
    data: Option<&std::path::Path>,
    params: &[(&str, Option<String>)],
    strict: bool,
) -> ExitCode {
    let sessions = match load_sessions(data) {
        Ok(sessions) => sessions,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    let options = QueryOptions::default().with_syntax(syntax);
    let pairs = params
        .iter()
        .filter_map(|(name, value)| Some((*name, value.as_deref()?)));
    let schema = RoleMiningSessions::schema();
    let page = CollectionQuery::from_params_for(pairs, schema, &options)
        .and_then(|query| Ok((query.run(&sessions, schema)?, query.paging.count())));
    match page {
        Ok((page, count)) => {
            if count {
                eprintln!("X-Total-Count: {}", page.total);
            }
            match serde_json::to_string_pretty(&page.items) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("cannot print the page as JSON: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn check(text: &str, strict: bool, openapi: Option<(&std::path::Path, &str)>) -> ExitCode {
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
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    match schema.check(
        text,
        &ParseOptions {
            syntax,
            ..ParseOptions::default()
        },
    ) {
        Ok(filter) => {
            println!("{filter}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// The sessions of `path`, or the built-in sample.
fn load_sessions(path: Option<&std::path::Path>) -> Result<Vec<RoleMiningSession>, String> {
    let Some(path) = path else {
        return serde_json::from_str(SAMPLE_SESSIONS)
            .map_err(|e| format!("the built-in sample data is invalid: {e}"));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a JSON array of role mining sessions: {e}",
            path.display()
        )
    })
}

fn parse(text: &str, strict: bool, json: bool) -> ExitCode {
    let syntax = if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    };
    let options = ParseOptions {
        syntax,
        ..ParseOptions::default()
    };
    match Filter::parse_with(text, &options) {
        Ok(filter) if json => match serde_json::to_string_pretty(&filter) {
            Ok(tree) => {
                println!("{tree}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("cannot print the tree as JSON: {err}");
                ExitCode::FAILURE
            }
        },
        Ok(filter) => {
            println!("{filter}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
