//! Paging and counting: `offset`, `limit`, `count` (SPEC §5).

use proptest::prelude::*;
use sailpoint_filters::diag::Parameter;
use sailpoint_filters::{Paging, PagingProblem, Schema};

/// The kinds of an error's problems, in order.
fn kinds(err: &sailpoint_filters::PagingError) -> Vec<PagingProblem> {
    err.problems().iter().map(|p| p.kind().clone()).collect()
}

#[test]
fn defaults() {
    let paging = Paging::default();
    // No `limit` given: the endpoint's default applies, 250 for the standard parameters.
    assert_eq!(
        (paging.offset(), paging.limit(), paging.count()),
        (0, None, false)
    );
    assert_eq!(paging.limit_or(Paging::MAX_LIMIT), 250);
    assert_eq!(paging.limit_or(50), 50);
    assert_eq!(paging.end(), 250);
    assert_eq!(Paging::from_params(None, None, None).unwrap(), paging);
    assert_eq!(paging, Paging::DEFAULT);
}

#[test]
fn checking_against_an_endpoint_fills_in_its_default_limit() {
    let standard = Schema::new("x");
    assert_eq!(
        Paging::default().check(&standard).unwrap().limit(),
        Some(250)
    );
    let small = Schema::new("x").with_limit_range(0, 50, 20).unwrap();
    assert_eq!(Paging::default().check(&small).unwrap().limit(), Some(20));
    // A limit the request gives is kept, up to the endpoint's maximum.
    let paging = Paging::new(3, 50, true).unwrap();
    assert_eq!(paging.check(&small).unwrap(), paging);
    let err = Paging::new(0, 51, false)
        .unwrap()
        .check(&small)
        .unwrap_err();
    assert!(
        matches!(kinds(&err).as_slice(), [PagingProblem::Limit { found, max: 50, .. }] if *found == "51"),
        "{:?}",
        kinds(&err)
    );
    assert_eq!(
        err.to_string(),
        "limit must be an integer from 0 to 50, got `51`"
    );
    assert_eq!(err.first().parameter(), Parameter::Limit);
    // An endpoint with a larger maximum takes a larger limit.
    let large = Schema::new("x").with_limit_range(0, 1000, 250).unwrap();
    let paging = Paging::new(0, 1000, false).unwrap();
    assert_eq!(paging.check(&large).unwrap().limit(), Some(1000));
    assert!(paging.check(&standard).is_err());
}

#[test]
fn reading_with_an_endpoints_maximum() {
    let paging = Paging::from_params_with(None, Some("1000"), None, 1000).unwrap();
    assert_eq!(paging.limit(), Some(1000));
    let err = Paging::from_params_with(None, Some("51"), None, 50).unwrap_err();
    assert_eq!(
        err.messages(),
        ["limit must be an integer from 0 to 50, got `51`"]
    );
    // A maximum over an int32 is held to the int32 range.
    let err = Paging::from_params_with(None, Some("2147483648"), None, u32::MAX).unwrap_err();
    assert!(
        matches!(kinds(&err).as_slice(), [PagingProblem::Limit { found, max: 2_147_483_647, .. }] if *found == "2147483648"),
        "{:?}",
        kinds(&err)
    );
}

#[test]
fn reads_valid_values() {
    type Params = (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    /// `offset`, `limit` (none: the endpoint's default) and `count`.
    type Read = (u32, Option<u32>, bool);
    let cases: &[(Params, Read)] = &[
        ((Some("0"), Some("0"), Some("false")), (0, Some(0), false)),
        (
            (Some("10"), Some("250"), Some("true")),
            (10, Some(250), true),
        ),
        (
            (Some("2147483647"), None, None),
            (2_147_483_647, None, false),
        ),
        ((None, Some("1"), None), (0, Some(1), false)),
        // Decimal integers as an int32 parser reads them: a sign, leading zeros.
        ((Some("+5"), Some("007"), None), (5, Some(7), false)),
        ((Some("-0"), Some("-0"), None), (0, Some(0), false)),
    ];
    for ((offset, limit, count), (o, l, c)) in cases {
        let paging = Paging::from_params(*offset, *limit, *count)
            .unwrap_or_else(|e| panic!("{offset:?} {limit:?} {count:?}: {e}"));
        assert_eq!(
            (paging.offset(), paging.limit(), paging.count()),
            (*o, *l, *c)
        );
    }
}

#[test]
fn offset_errors_name_the_range() {
    for (value, shown) in [
        ("-1", "`-1`"),
        ("2147483648", "`2147483648`"),
        ("99999999999999999999999", "`99999999999999999999999`"),
        ("1.5", "`1.5`"),
        ("1e3", "`1e3`"),
        (" 5", "` 5`"),
        ("0x10", "`0x10`"),
        ("ten", "`ten`"),
        ("", "an empty value"),
    ] {
        let err = Paging::from_params(Some(value), None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("offset must be an integer from 0 to 2147483647, got {shown}"),
            "{value:?}"
        );
        assert_eq!(err.problems()[0].parameter(), Parameter::Offset);
        assert_eq!(err.problems()[0].kind().parameter(), Parameter::Offset);
    }
}

#[test]
fn limit_errors_name_the_range() {
    for (value, shown) in [
        ("251", "`251`"),
        ("-1", "`-1`"),
        ("1000", "`1000`"),
        ("2.0", "`2.0`"),
        ("", "an empty value"),
        ("all", "`all`"),
    ] {
        let err = Paging::from_params(None, Some(value), None).unwrap_err();
        assert_eq!(
            err.messages(),
            [format!(
                "limit must be an integer from 0 to 250, got {shown}"
            )],
            "{value:?}"
        );
    }
}

#[test]
fn count_is_exactly_true_or_false() {
    for value in ["yes", "1", "0", "TRUE", "False", " true", "true ", ""] {
        let err = Paging::from_params(None, None, Some(value)).unwrap_err();
        assert!(
            matches!(kinds(&err).as_slice(), [PagingProblem::Count { found, .. }] if *found == value),
            "{:?}: {value:?}",
            kinds(&err)
        );
    }
    assert_eq!(
        Paging::from_params(None, None, Some("yes"))
            .unwrap_err()
            .to_string(),
        "count must be `true` or `false`, got `yes`"
    );
}

#[test]
fn reports_every_bad_parameter() {
    let err = Paging::from_params(Some("-1"), Some("251"), Some("yes")).unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "offset must be an integer from 0 to 2147483647, got `-1`",
            "limit must be an integer from 0 to 250, got `251`",
            "count must be `true` or `false`, got `yes`",
        ]
    );
    // One line per problem (the old format joined them with "; ").
    assert_eq!(
        err.to_string(),
        "offset must be an integer from 0 to 2147483647, got `-1`\nlimit must be an integer from 0 to 250, got `251`\ncount must be `true` or `false`, got `yes`"
    );
    let params: Vec<_> = err.problems().iter().map(|p| p.parameter()).collect();
    assert_eq!(
        params,
        [Parameter::Offset, Parameter::Limit, Parameter::Count]
    );
    let params: Vec<_> = kinds(&err).iter().map(PagingProblem::parameter).collect();
    assert_eq!(
        params,
        [Parameter::Offset, Parameter::Limit, Parameter::Count]
    );
    assert_eq!(
        err.parameters(),
        [Parameter::Offset, Parameter::Limit, Parameter::Count]
    );
    // Paging messages name their parameter already: the causes are not prefixed.
    assert_eq!(
        err.summary(),
        "Invalid query parameters offset, limit, count: 3 problems"
    );

    // A bad parameter does not hide a good one's problem, nor the other way round.
    let err = Paging::from_params(Some("3"), Some("x"), Some("true")).unwrap_err();
    assert_eq!(err.problems().len(), 1);
}

#[test]
fn long_and_control_values_are_shown_safely() {
    let long = "9".repeat(60);
    let err = Paging::from_params(None, Some(&long), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "limit must be an integer from 0 to 250, got `{}…`",
            "9".repeat(40)
        )
    );
    let err = Paging::from_params(None, None, Some("tr\nue")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "count must be `true` or `false`, got `tr\\nue`"
    );
}

#[test]
fn constructors_check_ranges() {
    let paging = Paging::new(2_147_483_647, 250, true).unwrap();
    assert_eq!(paging.offset(), 2_147_483_647);
    assert_eq!(
        Paging::new(2_147_483_648, 0, false).unwrap_err().messages(),
        ["offset must be an integer from 0 to 2147483647, got `2147483648`"]
    );
    // The constructors check the int32 ranges only; the endpoint's maximum `limit` is checked
    // against its schema.
    assert_eq!(
        Paging::new(0, 2_147_483_647, false).unwrap().limit(),
        Some(2_147_483_647)
    );
    assert!(
        matches!(kinds(&Paging::new(0, 2_147_483_648, false).unwrap_err()).as_slice(), [PagingProblem::Limit { found, max: 2_147_483_647, .. }] if *found == "2147483648"),
        "{:?}",
        kinds(&Paging::new(0, 2_147_483_648, false).unwrap_err())
    );
    let over = Paging::new(0, 251, false).unwrap();
    assert!(
        matches!(kinds(&over.check(&Schema::new("x")).unwrap_err()).as_slice(), [PagingProblem::Limit { found, max: 250, .. }] if *found == "251"),
        "{:?}",
        kinds(&over.check(&Schema::new("x")).unwrap_err())
    );
    assert_eq!(
        Paging::new(u32::MAX, u32::MAX, false)
            .unwrap_err()
            .problems()
            .len(),
        2
    );
    let paging = Paging::default()
        .with_offset(40)
        .unwrap()
        .with_limit(20)
        .unwrap()
        .with_count(true);
    assert_eq!(
        (paging.offset(), paging.limit(), paging.count()),
        (40, Some(20), true)
    );
    assert!(
        paging
            .with_limit(300)
            .unwrap()
            .check(&Schema::new("x"))
            .is_err()
    );
    assert!(paging.with_limit(u32::MAX).is_err());
    assert!(paging.with_offset(u32::MAX).is_err());
    assert_eq!(paging.end(), 60);
}

#[test]
fn apply_takes_the_page() {
    let items: Vec<u32> = (0..10).collect();
    let page = |offset, limit| Paging::new(offset, limit, false).unwrap();
    assert_eq!(page(0, 3).apply(&items), [0, 1, 2]);
    assert_eq!(page(8, 3).apply(&items), [8, 9]);
    assert_eq!(page(9, 250).apply(&items), [9]);
    // Past the end: an empty page, not an error.
    assert!(page(10, 3).apply(&items).is_empty());
    assert!(page(2_147_483_647, 250).apply(&items).is_empty());
    // limit=0: an empty page (the total can still be counted).
    assert!(page(0, 0).apply(&items).is_empty());
    assert!(page(0, 5).apply::<u32>(&[]).is_empty());
    assert_eq!(page(2_147_483_647, 250).end(), 2_147_483_897);
    // No limit given: the standard default of 250.
    let many: Vec<u32> = (0..300).collect();
    assert_eq!(Paging::default().apply(&many), &many[..250]);
    assert_eq!(
        Paging::default().with_offset(100).unwrap().apply(&many),
        &many[100..300]
    );
}

proptest! {
    #[test]
    fn pages_match_a_plain_reading_of_offset_and_limit(
        len in 0usize..600,
        offset in prop_oneof![0u32..700, Just(2_147_483_647u32)],
        limit in 0u32..=250,
    ) {
        let items: Vec<usize> = (0..len).collect();
        let paging = Paging::new(offset, limit, false).unwrap();
        // Item i is on the page when offset <= i < offset + limit.
        let expected: Vec<usize> = items
            .iter()
            .copied()
            .filter(|&i| (offset as usize) <= i && i < offset as usize + limit as usize)
            .collect();
        prop_assert_eq!(paging.apply(&items), expected.as_slice());
    }

    #[test]
    fn consecutive_pages_concatenate_to_everything(len in 0usize..700, limit in 1u32..=250) {
        let items: Vec<usize> = (0..len).collect();
        let mut all = Vec::new();
        let mut offset = 0u32;
        loop {
            let page = Paging::new(offset, limit, false).unwrap().apply(&items);
            if page.is_empty() {
                break;
            }
            all.extend_from_slice(page);
            offset += limit;
        }
        prop_assert_eq!(all, items);
    }

    #[test]
    fn any_in_range_text_reads_back(offset in 0u32..=2_147_483_647, limit in 0u32..=250, count: bool) {
        let paging = Paging::from_params(
            Some(&offset.to_string()),
            Some(&limit.to_string()),
            Some(if count { "true" } else { "false" }),
        ).unwrap();
        prop_assert_eq!(paging, Paging::new(offset, limit, count).unwrap());
    }
}
