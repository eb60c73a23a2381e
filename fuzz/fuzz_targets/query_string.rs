//! Query strings, two ways.
//!
//! * Any bytes, as UTF-8, read as a URL query string: decoding never panics, every error
//!   renders (message, summary, 400 body), and a query that decodes re-encodes
//!   (`to_query_string`) to a string that decodes to the same query and re-encodes the same.
//! * The same bytes as an `arbitrary` `CollectionQuery`: it encodes to a string that decodes
//!   back to it.
//! * The text read for role mining sessions (`from_query_string_for`): never panics, every error
//!   renders, and a checked query's canonical string reads back, for the same endpoint, as the
//!   same checked query.
//!
//! The canonical filter can be longer than the text it came from (`a in (x,y)` prints as
//! `a in ("x", "y")`), so re-encoded strings are read back without the length limits.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
use sailpoint_filters::{CollectionQuery, Error, Limits, QueryOptions};

fn roomy() -> QueryOptions {
    let mut options = QueryOptions::default().with_max_length(usize::MAX);
    options.filters.limits = Limits::default().with_max_length(usize::MAX);
    options
}

/// `query` encodes to a string that reads back as `query` and encodes the same again.
fn round_trip(query: &CollectionQuery, origin: &dyn std::fmt::Debug) {
    let encoded = query.to_query_string();
    let again = CollectionQuery::from_query_string_with(&encoded, &roomy())
        .unwrap_or_else(|e| panic!("{origin:?} encoded as {encoded:?}, which fails:\n{e}"));
    assert_eq!(&again, query, "{origin:?} encoded as {encoded:?}");
    assert_eq!(again.to_query_string(), encoded, "{origin:?}");
}

/// Every error has problems, one cause per problem, and renders.
fn renders(err: &Error, text: &str) {
    assert!(!err.problems().is_empty(), "{text:?}");
    assert_eq!(err.messages().len(), err.problems().len(), "{text:?}");
    let body = err.to_error_body();
    assert_eq!(body.causes.len(), err.problems().len(), "{text:?}");
    assert!(!body.messages[0].text.contains('\n'), "{text:?}: {body:?}");
    let _ = (err.summary(), err.to_string());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match CollectionQuery::from_query_string(text) {
            Ok(query) => round_trip(&query, &text),
            Err(err) => renders(&err, text),
        }
        let schema = RoleMiningSessions::schema();
        match CollectionQuery::from_query_string_for(text, schema, &QueryOptions::default()) {
            Ok(checked) => {
                let encoded = checked.to_query_string();
                let again = CollectionQuery::from_query_string_for(&encoded, schema, &roomy())
                    .unwrap_or_else(|e| {
                        panic!("{text:?} encoded as {encoded:?}, which fails:\n{e}")
                    });
                assert_eq!(
                    again.to_query(),
                    checked.to_query(),
                    "{text:?} encoded as {encoded:?}"
                );
                assert_eq!(again.to_query_string(), encoded, "{text:?}");
            }
            Err(err) => renders(&err, text),
        }
    }
    if let Ok(query) = CollectionQuery::arbitrary(&mut Unstructured::new(data)) {
        round_trip(&query, &query);
    }
});
