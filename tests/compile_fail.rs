//! Filters an endpoint would reject do not compile: each case in tests/ui/ must fail to build
//! with the message in its .stderr file.

#[test]
fn rejected_filters_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
