//! Nesting limits: deep filters are refused, not overflowed.

use super::*;

/// `and`/`or` nested deeper than the matcher evaluates is an error, not a stack overflow;
/// `not` chains fold away and do not count.
#[test]
fn deep_filters_are_refused_not_overflowed() {
    let leaf = || parse(r#"name eq "a""#);
    // `(… and x) or x) and x …`, alternating so that nothing flattens.
    let nested = |depth: usize| {
        (0..depth).fold(leaf(), |inner, i| {
            let other = parse(r#"name eq "b""#);
            if i % 2 == 0 {
                inner.and(other)
            } else {
                inner.or(other)
            }
        })
    };
    let schema = schema();
    let ok = compile_for::<Value>(&nested(200), &schema);
    assert!(ok.matches(&json!({"name": "b"})));
    // Checking does not recurse: the deep filter checks, and compiling refuses it.
    let deep = checked(&nested(400), &schema);
    for result in [
        compile::<Value>(&deep).map(|_| ()),
        compile_untyped::<Value>(&nested(400)).map(|_| ()),
    ] {
        assert!(
            matches!(result, Err(CompileError::TooDeep { max: 256 })),
            "{result:?}"
        );
    }
    let nots = (0..1001).fold(leaf(), |f, _| f.not());
    let matcher = compile_for::<Value>(&nots, &schema);
    assert!(matcher.matches(&json!({"name": "b"})));
    assert!(!matcher.matches(&json!({"name": "A"})));
}
