//! Loads that cannot lose data, through the `spfilter` binary on a real SQLite file and a
//! real PostgreSQL server: a failed load keeps the old table; a table that holds records is
//! replaced only with `--replace`; a load killed with SIGKILL at random points leaves the old
//! records or the new ones, never a mix or nothing; two loaders do not interleave; a server
//! reading the table while another process reloads it answers every request from the old
//! records or the new ones.

#![cfg(unix)]

use crate::common::{db_procs, sql_fixture};

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use db_procs::{
    SAMPLE, Server, contents, count, sessions, spfilter, stderr, temp_dir, write_sessions,
};

fn sqlite_db(name: &str) -> String {
    format!("sqlite:{}", temp_dir(name).join("d.db").display())
}

/// `spfilter query --db DB --data FILE [EXTRA…] --count --limit 0`.
fn load(db: &str, file: &str, extra: &[&str]) -> std::process::Output {
    spfilter(
        &[
            &["query", "--db", db, "--data", file],
            extra,
            &["--count", "--limit", "0"],
        ]
        .concat(),
    )
}

fn a_failed_load_keeps_the_old_table(db: &str) {
    let loaded = load(db, SAMPLE, &[]);
    assert!(loaded.status.success(), "{}", stderr(&loaded));
    let dir = temp_dir("hostile");
    let mut hostile = sessions(100, "hostile");
    hostile[79]["name"] = "a\u{0}b".into();
    let hostile = write_sessions(&dir, "hostile.json", &hostile);
    let hostile = hostile.to_str().expect("a UTF-8 path");

    let out = load(db, hostile, &["--replace"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "record 79: `name` holds text with U+0000, which a database text column cannot keep"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(db, None), Ok(72));

    // The same through `serve`: refused at start, the table kept.
    let refused = Server::start(&["--db", db, "--data", hostile, "--replace"]);
    let message = refused.err().expect("serve refuses the file");
    assert!(message.contains("record 79: `name`"), "{message}");
    assert_eq!(count(db, None), Ok(72));
}

#[test]
fn a_failed_load_keeps_the_old_table_on_sqlite() {
    a_failed_load_keeps_the_old_table(&sqlite_db("failed-load"));
}

#[test]
fn a_failed_load_keeps_the_old_table_on_postgres() {
    a_failed_load_keeps_the_old_table(&sql_fixture::fresh_database("failed_load"));
}

fn replacing_records_needs_replace(db: &str) {
    assert!(load(db, SAMPLE, &[]).status.success());
    let dir = temp_dir("replace");
    let new = write_sessions(&dir, "new.json", &sessions(100, "new"));
    let new = new.to_str().expect("a UTF-8 path");

    let out = load(db, new, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with(
            "the table `role_mining_sessions` already holds 72 records: pass --replace to replace them\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(db, None), Ok(72));
    let refused = Server::start(&["--db", db, "--data", new]);
    assert!(
        refused
            .err()
            .expect("refused")
            .contains("already holds 72 records")
    );

    let out = load(db, new, &["--replace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(contents(db, &["new"]), "100 of new");
}

#[test]
fn replacing_records_needs_replace_on_sqlite() {
    replacing_records_needs_replace(&sqlite_db("replace"));
}

#[test]
fn replacing_records_needs_replace_on_postgres() {
    replacing_records_needs_replace(&sql_fixture::fresh_database("replace"));
}

/// A SplitMix64 stream (the seed is printed, so that a failing run can be repeated).
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("SPFILTER_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("SPFILTER_TEST_SEED={seed}");
        Random(seed)
    }

    /// A fraction in `0.0..1.0`.
    fn fraction(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Loads alternate between two data sets; each is killed with SIGKILL at a random point of
/// its run (up to a little past how long a whole load takes). After each, the table holds
/// exactly the data set it held before or the one being loaded.
fn killed_loads_leave_old_or_new(db: &str, rounds: usize) {
    let dir = temp_dir("kill");
    let a = write_sessions(&dir, "a.json", &sessions(6_000, "a"));
    let b = write_sessions(&dir, "b.json", &sessions(8_000, "b"));
    let files = [
        ("a", 6_000, a.to_str().expect("UTF-8")),
        ("b", 8_000, b.to_str().expect("UTF-8")),
    ];
    assert!(load(db, files[1].2, &[]).status.success());
    // A whole load: how long one takes, and that it does replace the records.
    let start = Instant::now();
    let out = load(db, files[0].2, &["--replace"]);
    let whole = start.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(contents(db, &["a", "b"]), "6000 of a");
    let mut random = Random::new();
    let mut held = 0;
    let mut outcomes = (0, 0);
    for round in 0..rounds {
        let next = 1 - held;
        let delay = whole.mul_f64(1.3 * random.fraction());
        let mut child = Command::new(db_procs::binary())
            .args([
                "query",
                "--db",
                db,
                "--data",
                files[next].2,
                "--replace",
                "--limit",
                "0",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spfilter starts");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let found = contents(db, &["a", "b"]);
        let before = format!("{} of {}", files[held].1, files[held].0);
        let after = format!("{} of {}", files[next].1, files[next].0);
        assert!(
            found == before || found == after,
            "round {round}, killed after {delay:?} of about {whole:?}: the table holds {found}, \
             not {before} or {after}"
        );
        if found == after {
            held = next;
            outcomes.1 += 1;
        } else {
            outcomes.0 += 1;
        }
    }
    eprintln!(
        "{db}: {} kills kept the old records, {} came after the new ones were in",
        outcomes.0, outcomes.1
    );
}

#[test]
fn killed_loads_leave_old_or_new_on_sqlite() {
    killed_loads_leave_old_or_new(&sqlite_db("kill"), 16);
}

#[test]
fn killed_loads_leave_old_or_new_on_postgres() {
    killed_loads_leave_old_or_new(&sql_fixture::fresh_database("kill"), 16);
}

/// A loader that finds another one at work waits up to its connect timeout, then fails with a
/// clear error; the first one's records are what the table holds.
fn a_second_loader_gets_a_clear_error(db: &str, holds_lock: impl Fn() -> bool) {
    let dir = temp_dir("two");
    let big = write_sessions(&dir, "big.json", &sessions(40_000, "big"));
    let small = write_sessions(&dir, "small.json", &sessions(50, "small"));
    assert!(load(db, SAMPLE, &[]).status.success());
    let first = Command::new(db_procs::binary())
        .args([
            "query",
            "--db",
            db,
            "--data",
            big.to_str().expect("UTF-8"),
            "--replace",
        ])
        .args(["--count", "--limit", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spfilter starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !holds_lock() {
        assert!(
            Instant::now() < deadline,
            "the first loader never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = load(
        db,
        small.to_str().expect("UTF-8"),
        &["--replace", "--db-connect-timeout", "0.2"],
    );
    let first = first.wait_with_output().expect("the first loader ends");
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second)
            .ends_with("another load or change of the table `role_mining_sessions` is under way\n"),
        "{}",
        stderr(&second)
    );
    assert_eq!(contents(db, &["big", "small"]), "40000 of big");
}

#[test]
fn a_second_loader_gets_a_clear_error_on_sqlite() {
    let db = sqlite_db("two");
    let path = db.strip_prefix("sqlite:").expect("a path").to_owned();
    a_second_loader_gets_a_clear_error(&db, || {
        // A writer holds the database when an immediate transaction cannot begin.
        let Ok(connection) = rusqlite::Connection::open(&path) else {
            return false;
        };
        let _ = connection.busy_timeout(Duration::ZERO);
        connection
            .execute_batch("BEGIN IMMEDIATE; ROLLBACK")
            .is_err()
    });
}

#[test]
fn a_second_loader_gets_a_clear_error_on_postgres() {
    let db = sql_fixture::fresh_database("two");
    let watcher = Mutex::new(postgres::Client::connect(&db, postgres::NoTls).expect("connects"));
    a_second_loader_gets_a_clear_error(&db, || {
        let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
        let row = watcher
            .query_one(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                &[],
            )
            .expect("pg_locks");
        row.get::<_, i64>(0) > 0
    });
}

/// A server answers from the table while other processes replace it, again and again: every
/// answer is 200 with all of one data set.
fn readers_see_old_or_new_during_reloads(db: &str) {
    let dir = temp_dir("readers");
    let a = write_sessions(&dir, "a.json", &sessions(3_000, "a"));
    let b = write_sessions(&dir, "b.json", &sessions(4_000, "b"));
    assert!(load(db, a.to_str().expect("UTF-8"), &[]).status.success());
    let server = Server::start(&["--db", db, "--quiet"]).expect("serve starts");
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::new()));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let (stop, answers, addr) =
                (Arc::clone(&stop), Arc::clone(&answers), server.addr.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let answer =
                        db_procs::get(&addr, "/beta/role-mining-sessions?count=true&limit=1");
                    answers
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(answer);
                }
            })
        })
        .collect();
    for round in 0..4 {
        let file = if round % 2 == 0 { &b } else { &a };
        let out = load(db, file.to_str().expect("UTF-8"), &["--replace"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    stop.store(true, Ordering::SeqCst);
    for reader in readers {
        reader.join().expect("a reader");
    }
    let answers = answers.lock().unwrap_or_else(|e| e.into_inner());
    assert!(answers.len() > 10, "only {} answers", answers.len());
    for (status, total, body) in answers.iter() {
        assert_eq!(*status, 200, "{body}");
        assert!(
            matches!(total, Some(3_000 | 4_000)),
            "X-Total-Count {total:?}: {body}"
        );
        let first: serde_json::Value = serde_json::from_str(body).expect("JSON");
        let name = first[0]["name"].as_str().unwrap_or_default();
        let tag = if *total == Some(3_000) { "a " } else { "b " };
        assert!(name.starts_with(tag), "{total:?} records, first {name:?}");
    }
}

#[test]
fn readers_see_old_or_new_during_reloads_on_sqlite() {
    readers_see_old_or_new_during_reloads(&sqlite_db("readers"));
}

#[test]
fn readers_see_old_or_new_during_reloads_on_postgres() {
    readers_see_old_or_new_during_reloads(&sql_fixture::fresh_database("readers"));
}
