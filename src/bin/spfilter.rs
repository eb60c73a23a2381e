//! `spfilter`: the command-line face of sailpoint-filters.
//!
//! ```text
//! spfilter parse [--strict] [--json] FILTER
//! spfilter check [--strict] [--openapi FILE --operation ID | --endpoint ID [--api API]] FILTER
//! spfilter query [--endpoint ID [--api API] [--param NAME=VALUE …]] [--db URL [--replace]] [--data FILE] [--filters F] [--sorters S] [--offset N] [--limit N] [--count]
//! spfilter serve [--addr 127.0.0.1:8080] [--db URL [--replace]] [--data FILE] [--token TOKEN] [--strict] [--quiet]
//!               [--grace-period 5] [--idle-timeout 30] [--write-timeout 30] [--max-connections 256]
//!               [--fake [API:]ID=FILE … | --fake [API:]ID … with --db] [--api API]
//!               [--db-connect-timeout 5] [--db-statement-timeout 30] [--db-connections 16]
//! spfilter endpoints [--api API] [WORD]
//! ```
//!
//! Exit status: 0 on success, 1 when the input is rejected (the reason is on stderr), 2 for a
//! usage error.

#![forbid(unsafe_code)]

#[path = "spfilter/catalog_cmds.rs"]
mod catalog_cmds;
#[path = "spfilter/commands.rs"]
mod commands;
#[path = "spfilter/db.rs"]
mod db;
#[path = "spfilter/sample_cmd.rs"]
mod sample_cmd;
#[path = "spfilter/serve.rs"]
mod serve;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sailpoint_filters::http::ServeOptions;
use sailpoint_filters::sql::StoreOptions;
use sailpoint_filters::{QueryOptions, Syntax};

/// Parse, check and print the filters of SailPoint's V3 collection endpoints.
// The about line is this comment, not the package's description: the Python package compiles
// this file into its native module, whose package description is another.
#[derive(Parser)]
#[command(name = "spfilter", version)]
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
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'; `-` reads it from stdin.
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
        /// A catalog operation to check against, by operationId: listAccountsV1.
        #[arg(long, value_name = "OPERATION_ID", conflicts_with = "openapi")]
        endpoint: Option<String>,
        /// The API of --endpoint: v3, beta, v2024, v2025, v2026 (default: the per-service API).
        #[arg(long, value_name = "API", requires = "endpoint")]
        api: Option<String>,
        /// The filter, e.g. 'saved eq "true" and name sw "RM Session"'; `-` reads it from stdin.
        filter: String,
    },
    /// Run a GET /role-mining-sessions query over sessions: filter, sort, count, page.
    ///
    /// Prints the page as a JSON array; with --count, `X-Total-Count: N` on stderr.
    Query {
        /// A JSON array of role mining sessions (default: the built-in sample of 72 sessions),
        /// or of the --endpoint's records.
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// A catalog operation to query, by operationId: listAccountsV1 (needs --data, or --db
        /// with its table).
        #[arg(long, value_name = "OPERATION_ID")]
        endpoint: Option<String>,
        /// The API of --endpoint: v3, beta, v2024, v2025, v2026 (default: the per-service API).
        #[arg(long, value_name = "API", requires = "endpoint")]
        api: Option<String>,
        /// Answer from a database: sqlite:PATH, sqlite::memory: or postgres://… (with --data,
        /// the sessions — or the --endpoint's records, in a table named after it — are loaded
        /// into it first, in one transaction; without, its table is queried).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        #[command(flatten)]
        db_options: DbOptions,
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
        /// Another parameter the --endpoint operation documents, e.g. searchAfter=Admin,2c91,
        /// defaultFilter=NONE, add-core-filters=true, filter=… (where the operation spells it
        /// so). Repeatable.
        #[arg(long, value_name = "NAME=VALUE", requires = "endpoint")]
        param: Vec<String>,
    },
    /// Serve a fake of GET /beta/role-mining-sessions and GET /role-mining-sessions/v1.
    ///
    /// Prints `listening on http://ADDR` on stdout once it accepts requests, and one line per
    /// request on stderr (RUST_LOG filters the log; --quiet leaves the request lines out).
    /// Logging never holds up a request: when stderr is not read, lines are dropped, and how
    /// many is logged once stderr is read again. Requests need `Authorization: Bearer <token>`.
    /// Stops on Ctrl-C or SIGTERM: requests in flight get their answers during the grace
    /// period, then every connection is closed.
    Serve {
        /// The address to listen on; port 0 picks a free port (the line on stdout tells which).
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
        addr: String,
        /// A JSON array of role mining sessions, read once at start (default: the built-in
        /// sample of 72 sessions). Each `id` must be unique.
        #[arg(long, value_name = "FILE")]
        data: Option<std::path::PathBuf>,
        /// Answer from a database: sqlite:PATH, sqlite::memory: or postgres://… (with --data,
        /// the sessions are loaded into it first, in one transaction; without, its table is
        /// queried), and the --fake operations too, each from a table named after it. Checked
        /// before anything is served.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        #[command(flatten)]
        db_options: DbOptions,

        /// Accept only this bearer token (default: any non-empty token). Printable ASCII
        /// without spaces, as a client can send it.
        #[arg(long, value_name = "TOKEN", value_parser = bearer_token)]
        token: Option<String>,
        /// Reject the lenient filter forms (single-quoted strings, bare words).
        #[arg(long)]
        strict: bool,
        /// Leave the request lines out of the log (start, stop and warnings stay).
        #[arg(long)]
        quiet: bool,
        /// On Ctrl-C or SIGTERM, how long requests in flight may take to finish before every
        /// connection is closed.
        #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = seconds)]
        grace_period: std::time::Duration,
        /// Close a connection that sends no complete request this long after it opens or after
        /// its previous response.
        #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = positive_seconds)]
        idle_timeout: std::time::Duration,
        /// Close a connection whose client reads none of its response for this long.
        #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = positive_seconds)]
        write_timeout: std::time::Duration,
        /// Most connections open at once; more wait until one closes (a warning says when the
        /// limit is reached).
        #[arg(long, value_name = "N", default_value = "256", value_parser = clap::value_parser!(u32).range(1..=65_536))]
        max_connections: u32,
        /// Also serve a catalog operation at its path, listing the records of FILE (a JSON
        /// array), with the operation's own rules: listAccountsV1=accounts.json. Without
        /// `=FILE` it lists 50 records generated from the operation's response schema, with
        /// `=N` (digits only) N of them: listAccountsV1=200. `API:` in
        /// front names the operation's API (v2025:listIdentities=identities.json), so that one
        /// server fakes operations of several APIs. Repeatable; each operation once. With --db,
        /// FILE's (or the generated) records are loaded into the database first, and
        /// `[API:]OPERATION_ID` alone serves the table already there.
        #[arg(long, value_name = "[API:]OPERATION_ID[=FILE|=N]")]
        fake: Vec<String>,
        /// The API of the --fake operations without `API:`: v3, beta, v2024, v2025, v2026
        /// (default: the per-service API).
        #[arg(long, value_name = "API", requires = "fake")]
        api: Option<String>,
    },
    /// List the catalog's operations: operationId, method, path, filter fields with their
    /// operators, sortable fields.
    Endpoints {
        /// The API: v3, beta, v2024, v2025, v2026 (default: the per-service API).
        #[arg(long, value_name = "API")]
        api: Option<String>,
        /// Only operations whose id, path, summary, tag, SDK name or a field contains WORD.
        word: Option<String>,
    },
    /// Print records generated from an operation's response schema, as a JSON array: valid
    /// against the schema, the same for the same seed, and varied so that its example filter
    /// matches some and not all.
    Sample {
        /// The operation (`listAccountsV1`, or `listAccounts` with --api).
        operation_id: String,
        /// The API: v3, beta, v2024, v2025, v2026 (default: the per-service API).
        #[arg(long, value_name = "API")]
        api: Option<String>,
        /// How many records.
        #[arg(long, value_name = "N", default_value = "10")]
        count: usize,
        /// The seed: the same seed gives the same records.
        #[arg(long, value_name = "S", default_value = "1")]
        seed: u64,
    },
}

/// The options of `--db`.
#[derive(Args)]
struct DbOptions {
    /// With --db and --data (or --fake ID=FILE): replace the records of a table that already
    /// holds some (the new table is swapped in as the load commits). Without it, such a
    /// table is refused.
    #[arg(long, requires = "db")]
    replace: bool,
    /// How long connecting to the database may take, and how long a query waits for a free
    /// connection or a load for another to finish.
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = positive_seconds, requires = "db")]
    db_connect_timeout: std::time::Duration,
    /// How long a query may run before the database stops it (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds, requires = "db")]
    db_statement_timeout: std::time::Duration,
    /// Most connections to the database at once (queries beyond wait for one).
    #[arg(long, value_name = "N", default_value = "16", value_parser = clap::value_parser!(u32).range(1..=1024), requires = "db")]
    db_connections: u32,
}

impl DbOptions {
    /// The settings of `--db URL` with these options.
    fn settings(self, url: Option<String>) -> Option<db::DbSettings> {
        let statement_timeout =
            Some(self.db_statement_timeout).filter(|timeout| !timeout.is_zero());
        url.map(|url| db::DbSettings {
            url,
            replace: self.replace,
            options: StoreOptions::default()
                .with_connect_timeout(self.db_connect_timeout)
                .with_statement_timeout(statement_timeout)
                .with_max_connections(self.db_connections),
        })
    }
}

fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs the command line `args` (the program's name first), as `main` does with the process's:
/// usage errors and `--help` are printed here and answered with their exit status rather than
/// by exiting, so that a host process (the Python package's `spfilter` command) can call it.
pub(crate) fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Command::Parse {
            strict,
            json,
            filter,
        } => match commands::filter_text(filter) {
            Ok(filter) => commands::parse(&filter, syntax(strict), json),
            Err(code) => code,
        },
        Command::Check {
            strict,
            openapi,
            operation,
            endpoint,
            api,
            filter,
        } => match commands::filter_text(filter) {
            Ok(filter) => match endpoint {
                Some(endpoint) => match catalog_cmds::schema(api.as_deref(), &endpoint) {
                    Ok(schema) => commands::check_with(schema, &filter, syntax(strict)),
                    Err(code) => code,
                },
                None => commands::check(
                    &filter,
                    syntax(strict),
                    openapi.as_deref().zip(operation.as_deref()),
                ),
            },
            Err(code) => code,
        },
        Command::Query {
            data,
            endpoint,
            api,
            db,
            db_options,
            filters,
            sorters,
            offset,
            limit,
            count,
            strict,
            param,
        } => {
            let params = [
                ("filters", filters),
                ("sorters", sorters),
                ("offset", offset),
                ("limit", limit),
                ("count", count.then(|| "true".to_owned())),
            ];
            let options = QueryOptions::default().with_syntax(syntax(strict));
            if db_options.replace && data.is_none() {
                eprintln!("--replace needs --data FILE: the records to load");
                return ExitCode::from(2);
            }
            match (endpoint, db_options.settings(db)) {
                (Some(endpoint), Some(db)) => {
                    match catalog_cmds::operation(api.as_deref(), &endpoint) {
                        Ok(operation) => db::query_endpoint(
                            &db,
                            operation,
                            data.as_deref(),
                            &params,
                            &param,
                            &options,
                        ),
                        Err(code) => code,
                    }
                }
                (Some(endpoint), None) => catalog_cmds::query(
                    api.as_deref(),
                    &endpoint,
                    data.as_deref(),
                    &params,
                    &param,
                    &options,
                ),
                (None, Some(db)) => db::query(&db, data.as_deref(), &params, &options),
                (None, None) => commands::query(data.as_deref(), &params, &options),
            }
        }
        Command::Serve {
            addr,
            data,
            db,
            db_options,
            token,
            strict,
            quiet,
            grace_period,
            idle_timeout,
            write_timeout,
            max_connections,
            fake,
            api,
        } => {
            if db_options.replace && data.is_none() && !fake.iter().any(|f| f.contains('=')) {
                eprintln!(
                    "--replace needs --data FILE or --fake OPERATION_ID=FILE: the records to load"
                );
                return ExitCode::from(2);
            }
            serve::run(serve::Settings {
                addr,
                data,
                db: db_options.settings(db),
                token,
                query: QueryOptions::default().with_syntax(syntax(strict)),
                quiet,
                options: ServeOptions::default()
                    .with_grace_period(grace_period)
                    .with_idle_timeout(idle_timeout)
                    .with_write_timeout(write_timeout)
                    .with_max_connections(max_connections as usize),
                fakes: fake,
                api,
            })
        }
        Command::Endpoints { api, word } => {
            catalog_cmds::endpoints(api.as_deref(), word.as_deref())
        }
        Command::Sample {
            operation_id,
            api,
            count,
            seed,
        } => sample_cmd::run(api.as_deref(), &operation_id, count, seed),
    }
}

/// The syntax `--strict` asks for.
fn syntax(strict: bool) -> Syntax {
    if strict {
        Syntax::Strict
    } else {
        Syntax::Lenient
    }
}

/// `--token`: what a client can send after `Bearer `: printable ASCII, no spaces.
fn bearer_token(token: &str) -> Result<String, String> {
    if token.is_empty() {
        return Err("the token is empty; a client cannot send an empty bearer token".to_owned());
    }
    if let Some(c) = token.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "the token contains {c:?}; a client sends `Authorization: Bearer <token>` with a \
             token of printable ASCII characters and no spaces"
        ));
    }
    Ok(token.to_owned())
}

/// A duration in seconds, e.g. `5` or `0.5`.
fn seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .filter(|d| d.as_secs() <= 86_400)
        .ok_or_else(|| format!("expected a number of seconds from 0 to 86400, got `{text}`"))
}

/// A duration in seconds above zero.
fn positive_seconds(text: &str) -> Result<std::time::Duration, String> {
    seconds(text)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("expected a number of seconds above 0, up to 86400, got `{text}`"))
}
