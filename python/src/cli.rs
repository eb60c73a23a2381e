//! The `spfilter` command inside the native module: `_native.cli_main(argv)` runs the CLI's own
//! source (`src/bin/spfilter.rs` and its modules, compiled in here unchanged), so that
//! `pip install` gives the command without a Rust toolchain and without a second binary in the
//! wheel.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use pyo3::prelude::*;

// `main` is the binary's; here only `run` is called.
#[allow(dead_code)]
#[path = "../../src/bin/spfilter.rs"]
mod spfilter;

/// `cli_main(argv)`: runs `spfilter` with `argv` (the program's name first) and returns its exit
/// status; the GIL is released while it runs (`spfilter serve` runs until it is signalled).
#[pyfunction]
pub(crate) fn cli_main(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    let code = py.detach(|| {
        let code = spfilter::run(argv);
        // The binary's runtime flushes stdout at exit; a host process does not.
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        code
    });
    // `ExitCode` does not give its number back; the CLI answers 0, 1 or 2 (and clap's codes).
    (0..=u8::MAX)
        .find(|n| ExitCode::from(*n) == code)
        .unwrap_or(1)
}
