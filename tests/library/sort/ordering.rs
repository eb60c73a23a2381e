//! Ordering records.

use super::*;

#[test]
fn no_sorters_keep_stored_order() {
    let records: Vec<Value> = [3, 1, 2].iter().map(|i| json!({"id": i})).collect();
    let plan = plan("", &[]);
    assert!(plan.is_empty());
    assert_eq!(sorted_ids(&plan, &records), [3, 1, 2]);
    let top: Vec<i64> = plan
        .top(records.iter(), 2)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(top, [3, 1]);
    assert_eq!(plan.compare(&records[0], &records[1]), Ordering::Equal);
    assert!(SortPlan::<Value>::default().is_empty());
}

#[test]
fn nulls_sort_last_ascending_and_first_descending() {
    let records = vec![
        json!({"id": 1, "n": null}),
        json!({"id": 2, "n": 5}),
        json!({"id": 3}),
        json!({"id": 4, "n": -1}),
        json!({"id": 5, "n": 5}),
    ];
    assert_eq!(sorted_ids(&plan("n", &["n"]), &records), [4, 2, 5, 1, 3]);
    assert_eq!(sorted_ids(&plan("-n", &["n"]), &records), [1, 3, 2, 5, 4]);
}

#[test]
fn strings_ignore_case_including_non_ascii() {
    let records = vec![
        json!({"id": 1, "s": "Zoe"}),
        json!({"id": 2, "s": "émile"}),
        json!({"id": 3, "s": "adam"}),
        json!({"id": 4, "s": "ÉMILE"}),
        json!({"id": 5, "s": "Adam"}),
        json!({"id": 6, "s": "über"}),
        json!({"id": 7, "s": "Bob"}),
        json!({"id": 8, "s": "ÜBER"}),
    ];
    // Lowercased, then by code point: a < b < z < é (U+00E9) < ü (U+00FC). Ties keep input order.
    assert_eq!(
        sorted_ids(&plan("s", &["s"]), &records),
        [3, 5, 7, 1, 2, 4, 6, 8]
    );
    assert_eq!(
        sorted_ids(&plan("-s", &["s"]), &records),
        [6, 8, 2, 4, 1, 7, 3, 5]
    );
}

#[test]
fn case_sensitive_fields_compare_exactly() {
    let schema = Schema::new("t")
        .with_field_spec(
            FieldSpec::new(
                FieldPath::from_static("s"),
                FieldType::String,
                OperatorSet::of(&[Op::Eq]),
            )
            .unwrap()
            .case_sensitive(),
        )
        .with_sortable(["s"]);
    let plan = plan_for::<Value>(&Sorters::parse("s").unwrap(), &schema);
    let records = vec![
        json!({"id": 1, "s": "b"}),
        json!({"id": 2, "s": "B"}),
        json!({"id": 3, "s": "a"}),
        json!({"id": 4, "s": "A"}),
    ];
    assert_eq!(sorted_ids(&plan, &records), [4, 2, 3, 1]);
}

#[test]
fn multiple_keys_break_ties_in_turn() {
    let records = vec![
        json!({"id": 1, "team": "b", "n": 1}),
        json!({"id": 2, "team": "a", "n": 1}),
        json!({"id": 3, "team": "B", "n": 2}),
        json!({"id": 4, "team": "a", "n": 3}),
        json!({"id": 5, "team": null, "n": 9}),
        json!({"id": 6, "team": "b", "n": 2}),
    ];
    assert_eq!(
        sorted_ids(&plan("team,-n", &["team", "n"]), &records),
        [4, 2, 3, 6, 1, 5]
    );
    assert_eq!(
        sorted_ids(&plan("-n,team", &["team", "n"]), &records),
        [5, 4, 3, 6, 2, 1]
    );
}

#[test]
fn date_times_compare_as_instants_and_numbers_across_kinds() {
    let records = vec![
        json!({"id": 1, "d": "2024-01-01T10:00:00+05:00"}), // 05:00Z
        json!({"id": 2, "d": "2024-01-01T06:00:00Z"}),
        json!({"id": 3, "d": "2024-01-01T04:59:59.999Z"}),
    ];
    assert_eq!(sorted_ids(&plan("d", &["d"]), &records), [3, 1, 2]);

    let numbers = vec![
        json!({"id": 1, "x": 2}),
        json!({"id": 2, "x": 1.5}),
        json!({"id": 3, "x": -7}),
        json!({"id": 4, "x": 2.0}),
    ];
    assert_eq!(sorted_ids(&plan("x", &["x"]), &numbers), [3, 2, 1, 4]);
}

#[test]
fn mixed_kinds_order_by_kind() {
    let records = vec![
        json!({"id": 1, "v": "text"}),
        json!({"id": 2, "v": 3}),
        json!({"id": 3, "v": "2024-01-01T00:00:00Z"}),
        json!({"id": 4, "v": true}),
        json!({"id": 5, "v": {"a": 1}}),
        json!({"id": 6, "v": null}),
        json!({"id": 7, "v": ["b", "a"]}),
        json!({"id": 8, "v": []}),
    ];
    // booleans, numbers, date-times, text (an array by its first element), other; then nulls
    // (an empty array counts as null).
    assert_eq!(
        sorted_ids(&plan("v", &["v"]), &records),
        [4, 2, 3, 7, 1, 5, 6, 8]
    );
}

/// A record type that sorts `createdBy` by display name, then id, as role mining sessions do.
#[derive(Debug)]
struct Session {
    id: u32,
    created_by: Option<(&'static str, &'static str)>,
}

#[derive(Clone, Copy, Debug)]
enum SessionField {
    CreatorName,
    CreatorId,
}

impl Record for Session {
    type Field = SessionField;

    fn resolve(path: &str) -> Option<SessionField> {
        match path {
            "createdBy.displayName" => Some(SessionField::CreatorName),
            "createdBy.id" => Some(SessionField::CreatorId),
            _ => None,
        }
    }

    fn read(&self, field: &SessionField) -> FieldRef<'_> {
        match field {
            SessionField::CreatorName => self.created_by.map(|c| c.0).into(),
            SessionField::CreatorId => self.created_by.map(|c| c.1).into(),
        }
    }
}

#[test]
fn a_key_can_expand_to_several_fields() {
    let sessions = [
        Session {
            id: 1,
            created_by: Some(("Jordan.Lee", "2c91807c")),
        },
        Session {
            id: 2,
            created_by: None,
        },
        Session {
            id: 3,
            created_by: Some(("ashley.pierce", "2c9180ff")),
        },
        Session {
            id: 4,
            created_by: Some(("Jordan.Lee", "2c91802c")),
        },
        Session {
            id: 5,
            created_by: Some(("JORDAN.LEE", "2c91807c")),
        },
    ];
    let schema = Schema::new("role-mining-sessions")
        .with_sort_by("createdBy", ["createdBy.displayName", "createdBy.id"])
        .with_sortable(["createdDate"]);
    let ids = |text: &str| {
        let plan = plan_for::<Session>(&Sorters::parse(text).unwrap(), &schema);
        let mut refs: Vec<&Session> = sessions.iter().collect();
        plan.sort(&mut refs);
        refs.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    // Display name ignoring case, then id; null last.
    assert_eq!(ids("createdBy"), [3, 4, 1, 5, 2]);
    // Descending reverses both fields of the key; 1 and 5 tie and keep input order.
    assert_eq!(ids("-createdBy"), [2, 1, 5, 4, 3]);

    // A field the endpoint cannot sort by is the request's problem: checking reports it.
    let err = Sorters::parse("createdBy, createdDate, nope")
        .unwrap()
        .check(&schema)
        .unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "sorters: cannot sort role-mining-sessions by `nope`; sortable fields: createdBy, createdDate"
        ]
    );
    // `createdDate` is sortable, but this record type cannot read it: a defect of the
    // declaration, found when the plan is made for the record type.
    let checked = Sorters::parse("createdBy, createdDate")
        .unwrap()
        .check(&schema)
        .unwrap();
    let err = SortPlan::<Session>::new(&checked).unwrap_err();
    assert!(
        matches!(&err, CompileError::UnreadableField { field, .. } if *field == "createdDate"),
        "{:?}",
        err
    );
    assert_eq!(
        err.to_string(),
        "records of this type have no field `createdDate`"
    );
    // So is a field a key expands to.
    let schema =
        Schema::new("x").with_sort_by("createdBy", ["createdBy.displayName", "createdBy.email"]);
    let checked = Sorters::parse("createdBy").unwrap().check(&schema).unwrap();
    assert!(
        matches!(&(SortPlan::<Session>::new(&checked).unwrap_err()), CompileError::UnreadableField { field, .. } if *field == "createdBy.email"),
        "{:?}",
        SortPlan::<Session>::new(&checked).unwrap_err()
    );
}

#[test]
fn top_selects_the_first_records_of_the_stable_order() {
    let records: Vec<Value> = (0..50)
        .map(|i| json!({"id": i, "n": (i * 7) % 5}))
        .collect();
    let plan = plan("-n", &["n"]);
    let top: Vec<i64> = plan
        .top(records.iter(), 4)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    // n = 4 for i ≡ 2 (mod 5): 2, 7, 12, 17, ...
    assert_eq!(top, [2, 7, 12, 17]);
    assert!(plan.top(records.iter(), 0).is_empty());
    assert_eq!(plan.top(records.iter(), 500).len(), 50);
    assert!(plan.top(std::iter::empty(), 3).is_empty());
    // Any iterator of records: a filtered one, say.
    let even: Vec<i64> = plan
        .top(
            records
                .iter()
                .filter(|r| r["id"].as_i64().unwrap() % 2 == 0),
            3,
        )
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(even, [2, 12, 22]);
}
