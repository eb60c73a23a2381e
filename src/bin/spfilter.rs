//! `spfilter`: the command-line face of sailpoint-filters.
//!
//! ```text
//! spfilter parse [--strict] [--json] FILTER
//! ```
//!
//! Exit status: 0 on success, 1 when the input is rejected (the reason is on stderr), 2 for a
//! usage error.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sailpoint_filters::{Filter, ParseOptions, Syntax};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            strict,
            json,
            filter,
        } => parse(&filter, strict, json),
    }
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
