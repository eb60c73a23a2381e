//! Any bytes, as UTF-8 filter text, in both syntaxes: the parser never panics, and a filter
//! that parses prints to text that parses to the same tree and prints the same again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sailpoint_filters::{Filter, Limits, ParseProblem, ParseOptions, Syntax};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [Syntax::Lenient, Syntax::Strict] {
        let options = ParseOptions {
            syntax,
            ..ParseOptions::default()
        };
        match Filter::parse_with(text, &options) {
            Ok(filter) => {
                let printed = filter.to_string();
                // The canonical form may be longer than the input (`a in (x,y)` prints as
                // `a in ("x", "y")`), so it is read back without the length limit.
                let roomy = ParseOptions {
                    limits: Limits::default().with_max_length(usize::MAX),
                    ..options
                };
                let again = Filter::parse_with(&printed, &roomy).unwrap_or_else(|e| {
                    panic!("{text:?} printed as {printed:?}, which fails:\n{e}")
                });
                assert_eq!(again, filter, "{text:?} printed as {printed:?}");
                assert_eq!(again.to_string(), printed, "{text:?}");
            }
            Err(err) => {
                // A parse error always points into the text.
                let span = err
                    .span()
                    .unwrap_or_else(|| panic!("{text:?}: no position: {err}"));
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{text:?}: {err}"
                );
                assert!(
                    err.line().is_some() && err.column().is_some(),
                    "{text:?}: {err}"
                );
                // These mean the grammar and the walker disagree.
                assert!(
                    !matches!(
                        err.kind(),
                        ParseProblem::Internal | ParseProblem::Unexpected { .. }
                    ),
                    "{text:?}: {err}"
                );
                let _ = (err.to_string(), err.summary(), err.to_error_body());
            }
        }
    }
});
