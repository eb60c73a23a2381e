//! Unit tests of `examples`.

use super::*;

#[test]
fn commas_split_outside_quotes_and_lists() {
    assert_eq!(
        split_top_level_commas(r#"a eq "x, y", b in ("1","2"), c eq 'd,e'"#),
        [r#"a eq "x, y""#, r#"b in ("1","2")"#, "c eq 'd,e'"]
    );
}

#[test]
fn rules_count_junctions_and_nots() {
    let rules = [
        Rule::MaxComposites {
            max: 1,
            text: String::new(),
        },
        Rule::CompositeJoinsDistinctFields {
            text: String::new(),
        },
    ];
    let ok = Filter::parse(r#"rights ca ("CREATE") and target eq "X""#).unwrap();
    assert!(rule_violations(&ok, &rules).is_empty());
    let same = Filter::parse(r#"rights ca ("CREATE") and rights ca ("SELECT")"#).unwrap();
    assert_eq!(rule_violations(&same, &rules).len(), 1);
    let three = Filter::parse(r#"a eq 1 and b eq 2 or c eq 3"#).unwrap();
    assert_eq!(
        rule_violations(&three, &rules),
        ["2 `and`/`or` operators; at most 1 allowed"]
    );
    let not_rule = [Rule::NotOnlyBeforeIn {
        max: 1,
        text: String::new(),
    }];
    assert!(
        rule_violations(
            &Filter::parse(r#"not value in ("ID01")"#).unwrap(),
            &not_rule
        )
        .is_empty()
    );
    assert_eq!(
        rule_violations(&Filter::parse(r#"not value eq "ID01""#).unwrap(), &not_rule).len(),
        1
    );
    let single = [Rule::SingleCondition {
        text: String::new(),
    }];
    assert_eq!(
        rule_violations(&Filter::parse("not a eq 1").unwrap(), &single).len(),
        1
    );
}

#[test]
fn unterminated_strings_close_before_the_next_junction() {
    assert_eq!(
        close_string(r#"a eq "x and b eq 1"#, 5).as_deref(),
        Some(r#"a eq "x" and b eq 1"#)
    );
    assert_eq!(close_string(r#"a eq "x"#, 5), None);
}

#[test]
fn dates_without_time() {
    assert!(is_date_only("2025-08-01"));
    assert!(!is_date_only("2025-08-01T00:00:00Z"));
    assert!(!is_date_only("2025/08/01"));
}
