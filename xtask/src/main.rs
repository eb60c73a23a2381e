//! `cargo run --manifest-path xtask/Cargo.toml -- extract --specs DIR --out catalog/`

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::run;

/// Generates the endpoint catalog from SailPoint's OpenAPI specs.
#[derive(Parser)]
#[command(name = "xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads the specs and writes one catalog file per API.
    Extract {
        /// The directory holding sailpoint-api.yaml and sailpoint-api.{v3,beta,v2024,v2025,v2026}.yaml.
        #[arg(long)]
        specs: PathBuf,
        /// Where to write the catalog files.
        #[arg(long)]
        out: PathBuf,
        /// Only these APIs (services, v3, beta, v2024, v2025, v2026); all six by default.
        #[arg(long = "api")]
        apis: Vec<String>,
        /// Write nothing; fail when the files in --out differ from what the specs give.
        #[arg(long)]
        check: bool,
        /// Also print every quirk and every difference of the library's description reader.
        #[arg(long)]
        verbose: bool,
    },
    /// Writes the Rust source of the catalog (one file per API) from the catalog files.
    Generate {
        /// The catalog directory (catalog/).
        #[arg(long, default_value = "catalog")]
        catalog: PathBuf,
        /// Where to write the Rust files (src/catalog/).
        #[arg(long, default_value = "src/catalog")]
        out: PathBuf,
        /// Write nothing; fail when a file in --out differs from what the catalog gives.
        #[arg(long)]
        check: bool,
    },
    /// Writes the Python package's type stubs of the builder modules from the catalog.
    PythonStubs {
        /// The catalog directory (catalog/).
        #[arg(long, default_value = "catalog")]
        catalog: PathBuf,
        /// Where to write the stubs (python/sailpoint_filters/catalog/).
        #[arg(long, default_value = "python/sailpoint_filters/catalog")]
        out: PathBuf,
        /// Write nothing; fail when a stub in --out differs from what the catalog gives.
        #[arg(long)]
        check: bool,
    },
    /// Compares the catalog's SDK names with an unpacked Python SDK.
    CheckSdk {
        /// The catalog directory.
        #[arg(long)]
        catalog: PathBuf,
        /// The `sailpoint` package directory of an unpacked SDK wheel.
        #[arg(long)]
        sdk: PathBuf,
        /// Only these APIs; all catalog files present by default.
        #[arg(long = "api")]
        apis: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract {
            specs,
            out,
            apis,
            check,
            verbose,
        } => run::extract(
            &run::ExtractOptions {
                specs,
                out,
                apis,
                check,
                verbose,
            },
            &mut std::io::stdout(),
        ),
        Command::Generate {
            catalog,
            out,
            check,
        } => run::generate(&catalog, &out, check, &mut std::io::stdout()),
        Command::PythonStubs {
            catalog,
            out,
            check,
        } => run::python_stubs(&catalog, &out, check, &mut std::io::stdout()),
        Command::CheckSdk { catalog, sdk, apis } => {
            run::check_sdk(&catalog, &sdk, &apis, &mut std::io::stdout())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
