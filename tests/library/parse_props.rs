//! Properties of the parser and the printer (SPEC §1.5):
//!
//! * every tree prints to text that parses back to the same tree;
//! * no input makes the parser panic or hit a parser defect, in either syntax;
//! * printing a parsed filter is a fixpoint: it parses to the same tree and prints the same.

use proptest::prelude::*;
use sailpoint_filters::{Filter, Limits, ParseOptions, ParseProblem, Syntax};

use crate::common::trees as common;

/// Generated trees can be longer and deeper than the default limits allow.
fn roomy(syntax: Syntax) -> ParseOptions {
    ParseOptions {
        syntax,
        limits: Limits::default()
            .with_max_length(usize::MAX)
            .with_max_depth(1000)
            .with_max_list_values(usize::MAX),
    }
}

fn with_syntax(syntax: Syntax) -> ParseOptions {
    ParseOptions {
        syntax,
        ..ParseOptions::default()
    }
}

/// When `text` parses (with `options`), its canonical form parses to the same tree in the
/// strict syntax and prints identically.
fn check_fixpoint(text: &str, options: &ParseOptions) -> Result<(), TestCaseError> {
    let Ok(tree) = Filter::parse_with(text, options) else {
        return Ok(());
    };
    let printed = tree.to_string();
    let again = Filter::parse_with(&printed, &roomy(Syntax::Strict));
    prop_assert_eq!(
        again.as_ref(),
        Ok(&tree),
        "{:?} printed as {:?}",
        text,
        printed
    );
    let reprinted = again.map(|t| t.to_string());
    prop_assert_eq!(reprinted.as_deref(), Ok(printed.as_str()));
    Ok(())
}

/// No panic and no parser defect in either syntax; errors point inside the input; what parses
/// prints a fixpoint.
fn check_any_input(text: &str) -> Result<(), TestCaseError> {
    for syntax in [Syntax::Lenient, Syntax::Strict] {
        match Filter::parse_with(text, &with_syntax(syntax)) {
            Ok(_) => check_fixpoint(text, &with_syntax(syntax))?,
            Err(err) => {
                // A parse error always has a position inside the text.
                prop_assert_eq!(err.problems().len(), 1);
                let span = err.span().expect("a parse error has a span");
                prop_assert!(span.start <= span.end);
                prop_assert!(span.end <= text.len());
                prop_assert!(err.column() >= Some(1) && err.line() >= Some(1));
                prop_assert!(err.to_string().starts_with("invalid filter at "));
                // These two kinds mean the grammar and the walker disagree.
                prop_assert!(
                    !matches!(
                        err.kind(),
                        ParseProblem::Internal | ParseProblem::Unexpected { .. }
                    ),
                    "{:?}: {}",
                    text,
                    err
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn printed_trees_parse_back(tree in common::filter()) {
        let text = tree.to_string();
        // The canonical form is strict syntax.
        let parsed = Filter::parse_with(&text, &roomy(Syntax::Strict));
        prop_assert_eq!(parsed.as_ref(), Ok(&tree), "printed as {:?}", text);
        prop_assert_eq!(parsed.map(|t| t.to_string()), Ok(text));
    }

    #[test]
    fn lenient_text_parses_and_prints_a_fixpoint(text in common::lenient_text()) {
        let parsed = Filter::parse_with(&text, &roomy(Syntax::Lenient));
        prop_assert!(parsed.is_ok(), "{:?}: {}", text, parsed.unwrap_err());
        check_fixpoint(&text, &roomy(Syntax::Lenient))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".*") {
        check_any_input(&text)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check_any_input(&text)?;
    }

    #[test]
    fn filterish_text_never_panics(text in common::filterish_text()) {
        check_any_input(&text)?;
    }

    #[test]
    fn near_misses_never_panic_and_print_a_fixpoint(text in common::near_miss_text()) {
        check_any_input(&text)?;
    }
}
