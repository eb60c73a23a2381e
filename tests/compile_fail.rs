//! Filters an endpoint would reject do not compile: each case in tests/ui/ must fail to build
//! with the message in its .stderr file.

#[test]
fn rejected_filters_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}

/// A typed query's `limit::<N>()` out of its endpoint's range does not build, and the error
/// names the endpoint and its range. The check runs when `limit` is instantiated for the
/// endpoint, which `cargo check` does not do: the `pass` case makes trybuild build the cases
/// (as `cargo build` would) instead of only checking them.
#[test]
fn limits_out_of_range_do_not_build() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/limit/pass/*.rs");
    cases.compile_fail("tests/ui/limit/*.rs");
}
