//! Filters a generated catalog endpoint would reject do not compile: each case in
//! tests/ui/catalog/ must fail to build with the message in its .stderr file.

#[test]
fn rejected_catalog_filters_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/catalog/*.rs");
}
