//! Nesting limits: deep filters are refused, not overflowed.

use super::*;

/// `and`/`or` nested deeper than a checked filter may is refused by checking, not a stack
/// overflow; `not` chains fold away and do not count.
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
    // Checking refuses the deep filter, against any schema, so no engine is handed one.
    for schema in [schema.clone(), Schema::open("records")] {
        let err = nested(400).check(&schema, Syntax::Lenient).unwrap_err();
        assert!(
            matches!(err.kind(), CheckProblem::TooDeep { max: 256, .. }),
            "{:?}",
            err.kind()
        );
    }
    // 256 levels check and run; 257 do not.
    assert!(compile_for::<Value>(&nested(256), &schema).matches(&json!({"name": "b"})));
    assert!(nested(257).check(&schema, Syntax::Lenient).is_err());
    let nots = (0..1001).fold(leaf(), |f, _| f.not());
    let matcher = compile_for::<Value>(&nots, &schema);
    assert!(matcher.matches(&json!({"name": "b"})));
    assert!(!matcher.matches(&json!({"name": "A"})));
}
