//! Instruction counts beside criterion's times: each case of the parse and eval benches run
//! once inside [`measured`], so that `valgrind --tool=callgrind --toggle-collect` counts the
//! instructions of that case alone — a number that does not drift with the machine's load.
//!
//! `bash benches/callgrind.sh [CASE…]` builds this bench and prints a table of the counts (see
//! benches/README.md). Run by hand: `target/release/deps/instructions-… CASE` runs CASE once,
//! and `… --list` lists the cases.
//!
//! The eval cases run over the first 100,000 generated sessions (the matrix's JSON rows over
//! 10,000 JSON records), the parse cases parse their filter 1,000 times; the counts are per
//! record and per parse. The query cases run `CheckedQuery::run` of the query bench's filter
//! with a page of 250, sorted by a date-time (`-createdDate`) or by text (`createdBy`, two
//! fields), over the 100,000 sessions and over 10,000 of them as JSON; counts per record.
//! The `datetime/read` case reads 1,000 date-times in SailPoint's usual spellings; counts per
//! read.

mod matrix;
mod sessions;

use std::hint::black_box;

use sailpoint_filters::Record;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{RoleMiningSession, RoleMiningSessions};
use sailpoint_filters::eval::compile;
use sailpoint_filters::{CollectionQuery, DateTime, Filter, QueryOptions, Syntax};

/// Records the eval cases run over.
const RECORDS: usize = 100_000;
/// JSON records the matrix's JSON cases run over.
const JSON_RECORDS: usize = 10_000;
/// Parses of each parse case.
const PARSES: usize = 1_000;

/// Date-times read by the `datetime/read` case.
const DATE_READS: usize = 1_000;
/// The spellings of date-times the `datetime/read` case reads in turn: SailPoint's usual
/// forms (milliseconds and `Z`, whole seconds, an offset, other fraction lengths).
const DATES: [&str; 8] = [
    "2023-04-12T08:31:05.250Z",
    "2023-04-12T08:31:05Z",
    "2023-02-05T10:59:27.214+02:00",
    "2021-09-08T16:11:05.348Z",
    "2018-12-18T23:05:55Z",
    "2024-02-29T23:59:59.999999999Z",
    "2019-07-01T00:00:00.1-05:30",
    "2022-11-30T12:00:00.123456Z",
];

const SEED: &str = r#"saved eq true and name sw "RM Session""#;
/// The query cases' query without its sorters (`benches/query.rs`'s filter and page).
const QUERY: &str =
    "filters=saved%20eq%20true%20and%20name%20sw%20%22RM%20Session%22&offset=0&limit=250&sorters=";

const LONG: &str = r#"(createdByName co "int") and (createdById sw "2c9180907") and (type eq "COMMON") and ((name co "entt") or (saved eq true))"#;

/// The one function callgrind counts (`--toggle-collect=*measured*`): everything the case does
/// happens inside it, its setup before.
#[inline(never)]
fn measured(case: &dyn Fn() -> usize) -> usize {
    black_box(case())
}

/// A case of the seed filter or of parsing: its name, how many units (records or parses) it
/// runs, and the run.
struct Case<'a> {
    name: String,
    units: usize,
    run: Box<dyn Fn() -> usize + 'a>,
}

/// The seed filter's closure, as `benches/eval.rs` writes it.
fn by_hand(s: &RoleMiningSession) -> bool {
    const PREFIX: &[u8] = b"RM Session";
    s.saved
        && s.name.as_deref().is_some_and(|n| {
            n.as_bytes()
                .get(..PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
        })
}

/// Runs the matrix's cases that are asked for, as the matrix visits its rows (its closures
/// live only while it visits), or lists them.
struct Runner<'w> {
    wanted: &'w [String],
    list: bool,
}

impl Runner<'_> {
    fn case(&self, name: String, units: usize, run: impl Fn() -> usize) {
        if self.list {
            println!("{name} {units}");
        } else if self.wanted.contains(&name) {
            let result = measured(&run);
            println!("{name} {units} {result}");
        }
    }
}

impl matrix::Visitor for Runner<'_> {
    fn row<R, T, J>(&mut self, row: matrix::Row<'_, R>, by_hand: T, by_hand_json: J)
    where
        R: Record,
        T: Fn(&R) -> bool,
        J: Fn(&serde_json::Value) -> bool,
    {
        let (records, json) = (&row.records[..RECORDS], &row.json[..JSON_RECORDS]);
        let typed = matrix::matcher::<R>(row.filter);
        let on_json = matrix::matcher::<serde_json::Value>(row.filter);
        let op = row.op;
        self.case(format!("matrix/{op}-typed/closure"), RECORDS, || {
            records.iter().filter(|r| by_hand(r)).count()
        });
        self.case(format!("matrix/{op}-typed/matcher"), RECORDS, || {
            typed.filter(records).count()
        });
        self.case(format!("matrix/{op}-typed/matches"), RECORDS, || {
            records.iter().filter(|r| typed.matches(r)).count()
        });
        self.case(format!("matrix/{op}-json/closure"), JSON_RECORDS, || {
            json.iter().filter(|v| by_hand_json(v)).count()
        });
        self.case(format!("matrix/{op}-json/matcher"), JSON_RECORDS, || {
            on_json.filter(json).count()
        });
        self.case(format!("matrix/{op}-json/matches"), JSON_RECORDS, || {
            json.iter().filter(|v| on_json.matches(v)).count()
        });
    }
}

fn scim_parse(text: &str) -> bool {
    scim_filter::parser::filter(text).is_ok_and(|(rest, _)| rest.is_empty())
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let sessions = sessions::generate(RECORDS);
    let labelled = matrix::labelled(sessions::generate(RECORDS));
    let json = matrix::as_json(&labelled[..JSON_RECORDS]);
    let data = matrix::Data {
        sessions: &sessions,
        labelled: &labelled,
        json: &json,
    };
    let seed = Filter::parse(SEED)
        .expect("valid")
        .check(RoleMiningSessions::schema(), Syntax::Lenient)
        .expect("valid for the endpoint");
    let matcher = compile::<RoleMiningSession>(&seed).expect("valid");

    let mut cases: Vec<Case<'_>> = Vec::new();
    let records = &sessions[..];
    cases.push(Case {
        name: "eval/closure".into(),
        units: RECORDS,
        run: Box::new(move || records.iter().filter(|s| by_hand(s)).count()),
    });
    let each = matcher.clone();
    cases.push(Case {
        name: "eval/matcher".into(),
        units: RECORDS,
        run: Box::new(move || records.iter().filter(|s| each.matches(s)).count()),
    });
    cases.push(Case {
        name: "eval/filter".into(),
        units: RECORDS,
        run: Box::new(move || matcher.filter(records).count()),
    });
    for (label, sorters) in [("date", "-createdDate"), ("text", "createdBy")] {
        let query = CollectionQuery::from_query_string_for(
            &format!("{QUERY}{sorters}"),
            RoleMiningSessions::schema(),
            &QueryOptions::default(),
        )
        .expect("valid query");
        let on_json = query.clone();
        cases.push(Case {
            name: format!("query/{label}-typed"),
            units: RECORDS,
            run: Box::new(move || query.run(records).expect("valid").items.len()),
        });
        let json = &json[..];
        cases.push(Case {
            name: format!("query/{label}-json"),
            units: JSON_RECORDS,
            run: Box::new(move || on_json.run(json).expect("valid").items.len()),
        });
    }
    for (label, text) in [("seed", SEED), ("long", LONG)] {
        cases.push(Case {
            name: format!("parse/{label}/ours"),
            units: PARSES,
            run: Box::new(move || {
                (0..PARSES)
                    .filter(|_| Filter::parse(black_box(text)).is_ok())
                    .count()
            }),
        });
        cases.push(Case {
            name: format!("parse/{label}/scim-filter"),
            units: PARSES,
            run: Box::new(move || (0..PARSES).filter(|_| scim_parse(black_box(text))).count()),
        });
    }
    cases.push(Case {
        name: "datetime/read".into(),
        units: DATE_READS,
        run: Box::new(|| {
            (0..DATE_READS)
                .filter(|i| {
                    black_box(DATES[i % DATES.len()])
                        .parse::<DateTime>()
                        .is_ok()
                })
                .count()
        }),
    });
    let list = args.iter().any(|a| a == "--list");
    for case in &cases {
        if list {
            println!("{} {}", case.name, case.units);
        } else if args.contains(&case.name) {
            let result = measured(&case.run);
            println!("{} {} {result}", case.name, case.units);
        }
    }
    matrix::visit(
        &data,
        &mut Runner {
            wanted: &args,
            list,
        },
    );
}
