//! The typed builder: what role mining's field functions build and print, the fewest
//! parentheses for every nesting of `and`, `or` and `not`, typed sorters, a property test that
//! every typed filter validates and survives printing and parsing, the dynamic builder, and an
//! endpoint declared here with `endpoint!` the way a user of the crate would.

use proptest::prelude::*;
use sailpoint_filters::builder::{Endpoint, TypedFilter, field};
use sailpoint_filters::check::CheckProblem;
use sailpoint_filters::eval::{self, SortPlan};
use sailpoint_filters::role_mining_sessions::{
    RoleMiningSession, RoleMiningSessions, created_by, created_date, name, saved,
};
use sailpoint_filters::{
    CheckedFilter, Composite, DateTime, FieldRef, FieldType, Filter, FilterKind, FiniteF64, Op,
    ParseOptions, ParseProblem, Record, Schema, Sorters, Syntax,
};

/// `filter` checked against `schema`, or the error's text.
fn validate(filter: &Filter, schema: &Schema, syntax: Syntax) -> Result<Filter, String> {
    filter
        .check(schema, syntax)
        .map(CheckedFilter::into_filter)
        .map_err(|e| e.to_string())
}

/// The one-line causes of checking `filter` against `schema`.
fn causes(filter: &Filter, schema: &Schema, syntax: Syntax) -> Vec<String> {
    filter.check(schema, syntax).unwrap_err().messages()
}

fn strict() -> ParseOptions {
    ParseOptions {
        syntax: Syntax::Strict,
        ..ParseOptions::default()
    }
}

// =============================================================================================
// Role mining sessions
// =============================================================================================

#[test]
fn the_seed_filter_is_the_parsed_filter() {
    let typed = saved().eq(true).and(name().sw("RM Session"));
    assert_eq!(
        typed.to_string(),
        r#"saved eq true and name sw "RM Session""#
    );
    assert_eq!(
        Filter::parse(r#"saved eq true and name sw "RM Session""#).unwrap(),
        typed
    );

    // SailPoint documents the quoted spelling; as parsed, "true" is still a string…
    let documented = Filter::parse(r#"saved eq "true" and name sw "RM Session""#).unwrap();
    assert_ne!(documented, typed);
    // …and checking it against the endpoint makes it the boolean the typed builder wrote.
    let checked = validate(&documented, RoleMiningSessions::schema(), Syntax::Lenient).unwrap();
    assert_eq!(checked, typed);
    assert_eq!(typed.as_filter(), &checked);
    assert_eq!(typed.checked().unwrap().to_string(), checked.to_string());
    assert_eq!(Filter::from(typed), checked);
}

#[test]
fn or_not_and_the_operators_build_the_same_trees() {
    let a = || saved().eq(true);
    let b = || name().eq("b");
    assert_eq!(a().or(b()), a() | b());
    assert_eq!(a().and(b()), a() & b());
    assert_eq!(a().not(), !a());
    assert_eq!((a() | b()).to_string(), r#"saved eq true or name eq "b""#);
    assert_eq!((!a()).to_string(), "not saved eq true");
    assert_eq!(
        Filter::parse(r#"not (saved eq false or name sw "RM") and name eq "x""#).unwrap(),
        !(saved().eq(false) | name().sw("RM")) & name().eq("x")
    );
}

#[test]
fn junctions_stay_flat_like_the_parsed_tree() {
    let chained = saved().eq(true).and(name().eq("b").and(name().sw("c")));
    let FilterKind::And(operands) = chained.as_filter().kind() else {
        panic!("expected an and: {chained}");
    };
    assert_eq!(operands.len(), 3);
    assert_eq!(
        chained,
        saved().eq(true).and(name().eq("b")).and(name().sw("c"))
    );
}

/// Every way of nesting `and`, `or` and `not`, with the spelling that has the fewest
/// parentheses; each spelling parses back to the same tree.
#[test]
fn fewest_parentheses() {
    let a = || saved().eq(true);
    let b = || name().eq("b");
    let c = || name().sw("c");
    let d = || saved().eq(false);
    let cases: Vec<(TypedFilter<RoleMiningSessions>, &str)> = vec![
        (a().and(b()), r#"saved eq true and name eq "b""#),
        (a().or(b()), r#"saved eq true or name eq "b""#),
        (a().not(), "not saved eq true"),
        (a().not().not(), "not not saved eq true"),
        // `and` binds tighter than `or`: an `or` inside an `and` needs parentheses…
        (
            a().and(b().or(c())),
            r#"saved eq true and (name eq "b" or name sw "c")"#,
        ),
        (
            a().or(b()).and(c()),
            r#"(saved eq true or name eq "b") and name sw "c""#,
        ),
        (
            a().or(b()).and(c().or(d())),
            r#"(saved eq true or name eq "b") and (name sw "c" or saved eq false)"#,
        ),
        // …an `and` inside an `or` does not.
        (
            a().or(b().and(c())),
            r#"saved eq true or name eq "b" and name sw "c""#,
        ),
        (
            a().and(b()).or(c()),
            r#"saved eq true and name eq "b" or name sw "c""#,
        ),
        (
            a().and(b()).or(c().and(d())),
            r#"saved eq true and name eq "b" or name sw "c" and saved eq false"#,
        ),
        (
            a().or(b()).and(c()).or(d()),
            r#"(saved eq true or name eq "b") and name sw "c" or saved eq false"#,
        ),
        // Chains of one junction are flat.
        (
            a().and(b().and(c())),
            r#"saved eq true and name eq "b" and name sw "c""#,
        ),
        (
            a().or(b()).or(c().or(d())),
            r#"saved eq true or name eq "b" or name sw "c" or saved eq false"#,
        ),
        // `not` binds tightest: it needs parentheses around a junction only.
        (a().and(b()).not(), r#"not (saved eq true and name eq "b")"#),
        (a().or(b()).not(), r#"not (saved eq true or name eq "b")"#),
        (a().not().and(b()), r#"not saved eq true and name eq "b""#),
        (a().not().or(b()), r#"not saved eq true or name eq "b""#),
        (
            a().or(b()).not().and(c()),
            r#"not (saved eq true or name eq "b") and name sw "c""#,
        ),
        (
            a().and(b().or(c()).not()),
            r#"saved eq true and not (name eq "b" or name sw "c")"#,
        ),
        (
            a().or(b().and(c()).not()),
            r#"saved eq true or not (name eq "b" and name sw "c")"#,
        ),
        (
            a().and(b()).or(c()).not(),
            r#"not (saved eq true and name eq "b" or name sw "c")"#,
        ),
        (
            a().or(b()).not().not(),
            r#"not not (saved eq true or name eq "b")"#,
        ),
        // The operators group the same way.
        (
            !(a() | b()) & c(),
            r#"not (saved eq true or name eq "b") and name sw "c""#,
        ),
        (
            a() & (b() | c()),
            r#"saved eq true and (name eq "b" or name sw "c")"#,
        ),
    ];
    let mut failures = Vec::new();
    for (typed, expected) in &cases {
        if typed.to_string() != *expected {
            failures.push(format!("expected {expected}\n  got    {typed}"));
        } else if Filter::parse(expected).unwrap() != *typed {
            failures.push(format!("{expected} parses to another tree"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn typed_sorters_print_the_sorters_parameter() {
    let sorters = created_date().desc().then(created_by().asc());
    assert_eq!(sorters.to_string(), "-createdDate,createdBy");
    assert!(sorters.as_sorters().keys()[0].descending);
    assert_eq!(
        Sorters::from(sorters.clone()),
        Sorters::parse("-createdDate,createdBy").unwrap()
    );

    // A field already sorted by is dropped, keeping its first direction: SailPoint rejects a
    // repeated sort field.
    assert_eq!(
        sorters.clone().then(created_date().asc()).to_string(),
        "-createdDate,createdBy"
    );
    assert_eq!(
        created_by().asc().then(created_by().desc()).to_string(),
        "createdBy"
    );
    assert_eq!(
        created_by()
            .desc()
            .then(created_date().asc().then(created_by().asc()))
            .to_string(),
        "-createdBy,createdDate"
    );

    // They are what the endpoint sorts by.
    let schema = RoleMiningSessions::schema();
    let sorters = Sorters::from(sorters);
    let checked = sorters.check(schema).unwrap();
    SortPlan::<RoleMiningSession>::new(&checked).unwrap();
}

// =============================================================================================
// Property: every typed filter validates and survives printing and parsing
// =============================================================================================

/// Text of every kind: quotes, backslashes, parentheses, keywords, non-ASCII, control
/// characters, the empty string.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        r#"[a-zA-Z0-9 "'\\(),._-]{0,12}"#,
        "(and|or|not|eq|true|null| |\"|\\\\|é|ß|日本|🦀|\t|\u{0}){0,5}",
        "(?s).{0,12}",
    ]
}

/// Any filter the role-mining typed builder can make: `saved().eq`, `name().eq`, `name().sw`
/// combined with `and`, `or`, `not` and their operators.
fn typed_filter() -> impl Strategy<Value = TypedFilter<RoleMiningSessions>> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(|b| saved().eq(b)),
        text().prop_map(|s| name().eq(s)),
        text().prop_map(|s| name().sw(s.as_str())),
    ];
    leaf.prop_recursive(6, 48, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a & b),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a | b),
            inner.clone().prop_map(|a| a.not()),
            inner.prop_map(|a| !a),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_typed_filter_validates_and_round_trips(typed in typed_filter()) {
        let schema = RoleMiningSessions::schema();
        // Valid for the endpoint, in the strict syntax too, and nothing needs coercing.
        let checked = validate(typed.as_filter(), schema, Syntax::Strict);
        prop_assert_eq!(checked.as_ref().ok(), Some(typed.as_filter()), "{:?}", checked);
        let trusted = typed.checked().unwrap();
        prop_assert_eq!(trusted.filter(), typed.as_filter());
        prop_assert!(eval::compile::<RoleMiningSession>(&typed.checked().unwrap()).is_ok());

        // Printed, it parses back to the same tree, and the endpoint accepts the text.
        let text = typed.to_string();
        let parsed = Filter::parse(&text);
        prop_assert!(parsed.as_ref().is_ok_and(|f| *f == typed), "{} -> {:?}", text, parsed);
        let checked = schema.parse_filter(&text, &strict());
        prop_assert!(checked.as_ref().is_ok_and(|f| *f.filter() == typed), "{} -> {:?}", text, checked);
    }
}

// =============================================================================================
// The dynamic builder
// =============================================================================================

#[test]
fn dynamic_fields_build_filters_for_validation() {
    let schema = RoleMiningSessions::schema();
    let filter = field("name").unwrap().sw("x");
    assert_eq!(filter.to_string(), r#"name sw "x""#);
    assert_eq!(filter, Filter::parse(r#"name sw "x""#).unwrap());
    assert_eq!(
        validate(&filter, schema, Syntax::Strict).unwrap(),
        name().sw("x")
    );

    // Validation coerces what the dynamic builder cannot know.
    let filter = field("saved")
        .unwrap()
        .eq("true")
        .and(field("name").unwrap().eq(7));
    assert_eq!(filter.to_string(), r#"saved eq "true" and name eq 7"#);
    assert_eq!(
        validate(&filter, schema, Syntax::Lenient).unwrap(),
        saved().eq(true).and(name().eq("7"))
    );
    assert_eq!(
        causes(&filter, schema, Syntax::Strict),
        [
            "filters: `name` is a string field and takes a string, not 7 (the strict syntax needs quotes: \"7\")"
        ]
    );

    // …and refuses what the endpoint refuses.
    let refused = field("saved").unwrap().sw("x");
    assert_eq!(
        causes(&refused, schema, Syntax::Lenient),
        [
            "filters: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq"
        ]
    );
}

#[test]
fn every_dynamic_operator_prints() {
    let f = || field("logins").unwrap();
    let cases: Vec<(Filter, &str)> = vec![
        (f().eq(1), "logins eq 1"),
        (f().ne("x"), r#"logins ne "x""#),
        (f().gt(1), "logins gt 1"),
        (f().ge(FiniteF64::new(1.0).unwrap()), "logins ge 1.0"),
        (f().lt(true), "logins lt true"),
        (
            f().le(DateTime::from_unix(0, 0).unwrap()),
            "logins le 1970-01-01T00:00:00Z",
        ),
        (f().co("x"), r#"logins co "x""#),
        (f().sw("x"), r#"logins sw "x""#),
        (f().is_in([1, 2]).unwrap(), "logins in (1, 2)"),
        (f().ca(["a", "b"]).unwrap(), r#"logins ca ("a", "b")"#),
        (f().pr(), "pr logins"),
        (f().is_null(), "logins isnull"),
    ];
    for (filter, text) in cases {
        assert_eq!(filter.to_string(), text);
        assert_eq!(filter, Filter::parse(text).unwrap());
    }
    assert!(f().is_in(Vec::<i64>::new()).is_none());
    assert!(f().ca(Vec::<&str>::new()).is_none());
}

#[test]
fn a_dynamic_field_must_be_a_path() {
    // A name that is not a field path builds nothing: no filter that prints as text that does
    // not parse back.
    for bad in ["a b", "", "a.", "and", "1st"] {
        let err = field(bad).unwrap_err();
        assert!(
            matches!(err.kind(), ParseProblem::InvalidFieldPath { path, .. } if path == bad),
            "{bad:?}: {err}"
        );
    }
    // A path the schema does not know builds, and checking refuses it.
    let filter = field("owner.name").unwrap().eq("x");
    let err = filter
        .check(RoleMiningSessions::schema(), Syntax::Lenient)
        .unwrap_err();
    assert!(
        matches!(err.kind(), CheckProblem::UnknownField { field, .. } if field == "owner.name"),
        "{err}"
    );
}

// =============================================================================================
// An endpoint declared by a user of the crate
// =============================================================================================

mod accounts {
    #[derive(Clone, Debug)]
    pub struct Owner {
        pub id: String,
        pub name: String,
    }

    #[derive(Clone, Debug)]
    pub struct Account {
        pub id: String,
        pub name: Option<String>,
        pub tags: Vec<String>,
        pub logins: i64,
        pub score: f64,
        pub disabled: bool,
        /// As a user's own record type holds it.
        pub created: jiff::Timestamp,
        pub owner: Option<Owner>,
    }

    sailpoint_filters::endpoint! {
        /// `GET /accounts`, declared the way a user of the crate would.
        pub struct Accounts for Account as "accounts";
        composites: [and, or];
        fields: {
            fn id("id"): string [eq, in] = |a| a.id.as_str();
            fn name("name"): string [eq, ne, co, sw, pr, isnull] sort [] = |a| a.name.as_deref();
            fn tags("tags"): string_collection [eq, co, ca] = |a| &a.tags;
            fn logins("logins"): integer [eq, gt, ge, lt, le, in] sort [] = |a| a.logins;
            fn score("score"): number [gt, le] = |a| a.score;
            fn disabled("disabled"): boolean [eq] = |a| a.disabled;
            fn created("created"): date_time [gt, ge, lt, le] sort [] = |a| a.created;
            /// Sorted by the owner's name, then id.
            fn owner("owner.name"): string [eq, sw, isnull] sort ["owner.name", "owner.id"] =
                |a| a.owner.as_ref().map(|o| o.name.as_str());
            /// Readable (for sorting and evaluation), not filterable.
            fn owner_id("owner.id"): string [] = |a| a.owner.as_ref().map(|o| o.id.as_str());
        }
    }
}

use accounts::{Account, Accounts, Owner};

fn timestamp(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

fn sample_accounts() -> Vec<Account> {
    vec![
        Account {
            id: "a1".into(),
            name: Some("Alpha".into()),
            tags: vec!["Admin".into(), "Ops".into()],
            logins: 5,
            score: 2.5,
            disabled: false,
            created: timestamp("2024-01-01T00:00:00Z"),
            owner: Some(Owner {
                id: "o1".into(),
                name: "Zed".into(),
            }),
        },
        Account {
            id: "a2".into(),
            name: None,
            tags: vec![],
            logins: 0,
            score: 0.0,
            disabled: true,
            created: timestamp("2023-06-01T12:00:00Z"),
            owner: None,
        },
        Account {
            id: "a3".into(),
            name: Some("beta".into()),
            tags: vec!["ops".into()],
            logins: 12,
            score: 9.75,
            disabled: false,
            created: timestamp("2024-06-01T00:00:00+02:00"),
            owner: Some(Owner {
                id: "o2".into(),
                name: "amy".into(),
            }),
        },
    ]
}

#[test]
fn a_declaration_yields_its_schema() {
    use Op::*;
    let expected = Schema::new("accounts")
        .with_field("id", FieldType::String, [Eq, In])
        .with_field("name", FieldType::String, [Eq, Ne, Co, Sw, Pr, IsNull])
        .with_field("tags", FieldType::StringCollection, [Eq, Co, Ca])
        .with_field("logins", FieldType::Integer, [Eq, Gt, Ge, Lt, Le, In])
        .with_field("score", FieldType::Number, [Gt, Le])
        .with_field("disabled", FieldType::Boolean, [Eq])
        .with_field("created", FieldType::DateTime, [Gt, Ge, Lt, Le])
        .with_field("owner.name", FieldType::String, [Eq, Sw, IsNull])
        .with_composites([Composite::And, Composite::Or])
        .with_sortable(["name", "logins", "created", "owner.name"])
        .with_sort_by("owner.name", ["owner.name", "owner.id"]);
    assert_eq!(Accounts::schema(), &expected);
    assert_eq!(Accounts::NAME, "accounts");
    // A field without operators is readable but not filterable.
    assert!(Accounts::schema().field("owner.id").is_none());
}

#[test]
fn role_mining_declares_what_the_spec_says() {
    let expected = Schema::new("role-mining-sessions")
        .with_field("saved", FieldType::Boolean, [Op::Eq])
        .with_field("name", FieldType::String, [Op::Eq, Op::Sw])
        .with_sortable(["createdBy", "createdDate"])
        .with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"]);
    assert_eq!(RoleMiningSessions::schema(), &expected);
    assert_eq!(RoleMiningSessions::NAME, "role-mining-sessions");
}

#[test]
fn a_declaration_reads_its_record() {
    let records = sample_accounts();
    let (a1, a2) = (&records[0], &records[1]);

    assert_eq!(read(a1, "id"), FieldRef::Str("a1"));
    assert_eq!(read(a1, "name"), FieldRef::Str("Alpha"));
    assert_eq!(read(a2, "name"), FieldRef::Null);
    assert_eq!(read(a1, "tags"), FieldRef::Strs(&a1.tags));
    assert_eq!(read(a1, "logins"), FieldRef::Int(5));
    assert_eq!(read(a1, "score"), FieldRef::Float(2.5));
    assert_eq!(read(a2, "disabled"), FieldRef::Bool(true));
    assert_eq!(read(a1, "created"), FieldRef::from(a1.created));
    assert_eq!(
        read(a1, "created"),
        FieldRef::DateTime("2024-01-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(read(a1, "owner.name"), FieldRef::Str("Zed"));
    assert_eq!(read(a1, "owner.id"), FieldRef::Str("o1"));
    assert_eq!(read(a2, "owner.id"), FieldRef::Null);
    assert_eq!(accounts::owner_id().path().as_str(), "owner.id");
    for unknown in ["owner", "Name", "missing"] {
        assert!(Account::resolve(unknown).is_none());
    }

    // Sort keys: a field's own value, or the declared keys in turn; none for other fields.
    assert_eq!(
        sort_values(a1, "owner.name"),
        Some(vec![FieldRef::Str("Zed"), FieldRef::Str("o1")])
    );
    assert_eq!(
        sort_values(a2, "owner.name"),
        Some(vec![FieldRef::Null, FieldRef::Null])
    );
    assert_eq!(sort_values(a1, "logins"), Some(vec![FieldRef::Int(5)]));
    assert_eq!(sort_values(a1, "id"), None);
    assert_eq!(sort_values(a1, "owner.id"), None);
}

/// `record`'s value of `path`, through the declaration's `Record` impl.
fn read<'r>(record: &'r Account, path: &'static str) -> FieldRef<'r> {
    let field = Account::resolve(path).unwrap_or_else(|| panic!("`{path}` does not resolve"));
    record.read(&field)
}

/// `record`'s sort values for the sortable name `path`; `None` if it is not sortable.
fn sort_values<'r>(record: &'r Account, path: &'static str) -> Option<Vec<FieldRef<'r>>> {
    let schema = Accounts::schema();
    if !schema.is_sortable(path) {
        return None;
    }
    let fields: Option<Vec<_>> = schema
        .sort_paths(path)
        .iter()
        .map(|p| Account::resolve(p.as_str()))
        .collect();
    Some(fields?.iter().map(|f| record.read(f)).collect())
}

/// The ids of the sample accounts a typed filter matches, through its own matcher; the same
/// filter printed, parsed and compiled against the schema must agree.
fn matching(typed: &TypedFilter<Accounts>) -> Vec<String> {
    let records = sample_accounts();
    let matcher = eval::compile::<Account>(&typed.checked().unwrap()).unwrap();
    let ids: Vec<String> = matcher.filter(&records).map(|a| a.id.clone()).collect();
    let parsed = Filter::parse(&typed.to_string()).unwrap();
    let checked = parsed.check(Accounts::schema(), Syntax::Lenient).unwrap();
    let compiled = eval::compile::<Account>(&checked).unwrap();
    let again: Vec<String> = compiled.filter(&records).map(|a| a.id.clone()).collect();
    assert_eq!(ids, again, "{typed}");
    ids
}

#[test]
fn typed_filters_of_a_declaration_match_its_records() {
    use accounts::{created, disabled, id, logins, name, owner, score, tags};
    let at = DateTime::try_from(timestamp("2024-01-01T00:00:00Z")).unwrap();
    let cases: Vec<(TypedFilter<Accounts>, &str, &[&str])> = vec![
        (
            id().is_in(["A1", "a3"]),
            r#"id in ("A1", "a3")"#,
            &["a1", "a3"],
        ),
        (
            tags().ca(["ops", "ADMIN"]),
            r#"tags ca ("ops", "ADMIN")"#,
            &["a1"],
        ),
        (tags().eq("OPS"), r#"tags eq "OPS""#, &["a1", "a3"]),
        (tags().co("dm"), r#"tags co "dm""#, &["a1"]),
        (name().pr(), "pr name", &["a1", "a3"]),
        (name().is_null(), "name isnull", &["a2"]),
        (name().ne("alpha"), r#"name ne "alpha""#, &["a2", "a3"]),
        (name().sw("AL"), r#"name sw "AL""#, &["a1"]),
        (name().co("et"), r#"name co "et""#, &["a3"]),
        (
            logins().gt(3).and(logins().le(12)),
            "logins gt 3 and logins le 12",
            &["a1", "a3"],
        ),
        (logins().is_in([0, 12]), "logins in (0, 12)", &["a2", "a3"]),
        (logins().ge(5u8), "logins ge 5", &["a1", "a3"]),
        (logins().lt(-1), "logins lt -1", &[]),
        (
            score().gt(FiniteF64::new(2.5).unwrap()),
            "score gt 2.5",
            &["a3"],
        ),
        (score().le(0), "score le 0", &["a2"]),
        (disabled().eq(true), "disabled eq true", &["a2"]),
        (
            created().ge(at),
            "created ge 2024-01-01T00:00:00Z",
            &["a1", "a3"],
        ),
        (
            created().lt("2024-01-01T02:00:00+02:00".parse::<DateTime>().unwrap()),
            "created lt 2024-01-01T00:00:00Z",
            &["a2"],
        ),
        (owner().is_null(), "owner.name isnull", &["a2"]),
        (owner().sw("A"), r#"owner.name sw "A""#, &["a3"]),
        (
            (name().sw("a") | tags().eq("ops")) & disabled().eq(false),
            r#"(name sw "a" or tags eq "ops") and disabled eq false"#,
            &["a1", "a3"],
        ),
    ];
    let mut failures = Vec::new();
    for (typed, text, ids) in &cases {
        let got = matching(typed);
        if typed.to_string() != *text || got != *ids {
            failures.push(format!(
                "{text}: printed as `{typed}`, matched {got:?}, expected {ids:?}"
            ));
        }
        if let Err(err) = validate(typed.as_filter(), Accounts::schema(), Syntax::Strict) {
            failures.push(format!("{text}: {err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn typed_sorters_of_a_declaration_order_its_records() {
    use accounts::{created, logins, name, owner};
    let records = sample_accounts();
    let order = |sorters: Sorters| {
        let plan = SortPlan::<Account>::new(&sorters.check(Accounts::schema()).unwrap()).unwrap();
        let mut refs: Vec<&Account> = records.iter().collect();
        plan.sort(&mut refs);
        refs.iter().map(|a| a.id.as_str()).collect::<Vec<_>>()
    };
    assert_eq!(order(logins().desc().into()), ["a3", "a1", "a2"]);
    // By owner name (case-insensitive), null last.
    assert_eq!(order(owner().asc().into()), ["a3", "a1", "a2"]);
    assert_eq!(order(owner().desc().into()), ["a2", "a1", "a3"]);
    let sorters = created().desc().then(name().asc());
    assert_eq!(sorters.to_string(), "-created,name");
    assert_eq!(order(sorters.into()), ["a3", "a1", "a2"]);
}

#[test]
fn dynamic_filters_are_checked_against_a_declaration() {
    let schema = Accounts::schema();
    let filter = field("tags").unwrap().ca(["a", "b"]).unwrap();
    assert_eq!(
        validate(&filter, schema, Syntax::Strict).unwrap(),
        accounts::tags().ca(["a", "b"])
    );
    assert_eq!(
        causes(&field("tags").unwrap().sw("x"), schema, Syntax::Strict),
        ["filters: `sw` is not supported on field `tags` of accounts; `tags` supports: eq, co, ca"]
    );
    assert_eq!(
        causes(&field("id").unwrap().eq("x").not(), schema, Syntax::Strict),
        ["filters: `not` is not supported by accounts; composite operators: and, or"]
    );
}
