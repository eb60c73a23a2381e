//! `spfilter serve --db postgres://…` keeps answering while PostgreSQL comes and goes (a
//! server of the test's own, restarted and stopped under it): `503` in SailPoint's error
//! shape while it is down (never `500`), the outage logged once with its cause, answers again
//! within seconds once it is back — without restarting `serve`. And a statement that runs
//! past the statement timeout is stopped, with a `503`, on SQLite and PostgreSQL.

#![cfg(unix)]

use crate::common::{db_procs, sql_fixture};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use db_procs::{OwnPostgres, SAMPLE, Server, sessions, temp_dir, write_sessions};
use serde_json::Value;

const PAGE: &str = "/beta/role-mining-sessions?count=true&limit=3&sorters=-createdDate";

/// Asserts that `body` is SailPoint's error shape with a 503 detail code; its cause.
fn unavailable_body(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(json["detailCode"], "503 Service Unavailable", "{body}");
    let tracking = json["trackingId"].as_str().unwrap_or_default();
    assert_eq!(tracking.len(), 32, "{body}");
    assert_eq!(json["messages"][0]["locale"], "en-US", "{body}");
    assert_eq!(
        json["messages"][0]["text"], "The service is temporarily unavailable.",
        "{body}"
    );
    json["causes"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Requests `PAGE` until one is answered 200 (60 s at most); every answer before it.
fn until_answered(server: &Server) -> Vec<(u16, Option<u64>, String)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut answers = Vec::new();
    loop {
        let answer = server.get(PAGE);
        let done = answer.0 == 200;
        answers.push(answer);
        if done {
            return answers;
        }
        assert!(
            Instant::now() < deadline,
            "never answered again: {answers:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn postgres_restarts_and_outages_do_not_need_a_restart_of_serve() {
    let postgres = OwnPostgres::start();
    let server = Server::start(&[
        "--db",
        &postgres.url,
        "--data",
        SAMPLE,
        "--db-connect-timeout",
        "1",
    ])
    .expect("serve starts");
    let expected = server.get(PAGE);
    assert_eq!((expected.0, expected.1), (200, Some(72)), "{}", expected.2);

    // A restart under traffic: answers are the same page, or 503 while the server is down.
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (stop, answers, addr) =
                (Arc::clone(&stop), Arc::clone(&answers), server.addr.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let answer = db_procs::get(&addr, PAGE);
                    answers
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(answer);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    postgres.ctl(&["restart", "-m", "fast"]);
    let restarted = Instant::now();
    let after = until_answered(&server);
    let back_after = restarted.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.join().expect("a client");
    }
    let answers = answers.lock().unwrap_or_else(|e| e.into_inner());
    for (status, total, body) in answers.iter().chain(&after) {
        match status {
            200 => assert_eq!((total, body), (&expected.1, &expected.2)),
            503 => {
                unavailable_body(body);
            }
            other => panic!("{other} during a restart: {body}"),
        }
    }
    assert!(
        back_after < Duration::from_secs(10),
        "answered again after {back_after:?}"
    );
    let ok_after_restart = answers.iter().rev().take_while(|a| a.0 == 200).count();
    assert!(ok_after_restart > 0, "no 200 after the restart");

    // Down for a while: 503 with the cause, logged once; then back.
    postgres.ctl(&["stop", "-m", "fast"]);
    let mut causes = Vec::new();
    for _ in 0..3 {
        let (status, _, body) = server.get(PAGE);
        assert_eq!(status, 503, "{body}");
        causes.push(unavailable_body(&body));
    }
    for cause in &causes {
        assert!(
            cause.starts_with(
                "the database is unavailable: PostgreSQL: error connecting to server:"
            ) || cause.starts_with("no connection to the database came free"),
            "{cause}"
        );
    }
    postgres.ctl(&["start"]);
    let started = Instant::now();
    let after = until_answered(&server);
    assert!(started.elapsed() < Duration::from_secs(10), "{after:?}");
    let last = after.last().expect("an answer");
    assert_eq!((&last.1, &last.2), (&expected.1, &expected.2));

    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    let down: Vec<&String> = log
        .iter()
        .filter(|line| line.contains("requests for the sessions get 503"))
        .collect();
    let up = log
        .iter()
        .filter(|line| line.contains("the database answers again"))
        .count();
    // The stop is one outage (the restart may have been too short to be one).
    assert!(matches!(down.len(), 1 | 2), "{log:#?}");
    assert_eq!(up, down.len(), "{log:#?}");
    assert!(
        down.last()
            .is_some_and(|line| line.contains("PostgreSQL: error connecting to server")),
        "{log:#?}"
    );
}

fn a_long_statement_is_stopped(db: &str) {
    let dir = temp_dir("timeout");
    let file = write_sessions(&dir, "many.json", &sessions(30_000, "many"));
    let server = Server::start(&[
        "--db",
        db,
        "--data",
        file.to_str().expect("UTF-8"),
        "--db-statement-timeout",
        "0.001",
    ])
    .expect("serve starts (loads have no statement timeout)");
    let (status, _, body) = server.get(
        "/beta/role-mining-sessions?filters=not+(name+sw+%22x%22)&sorters=createdBy,-createdDate&count=true",
    );
    assert_eq!(status, 503, "{body}");
    let cause = unavailable_body(&body);
    assert!(
        cause == "the statement took longer than 0.001 s and was stopped"
            || cause.contains("57014: canceling statement due to statement timeout"),
        "{cause}"
    );
}

#[test]
fn a_long_statement_is_stopped_on_sqlite() {
    a_long_statement_is_stopped(&format!(
        "sqlite:{}",
        temp_dir("timeout-db").join("d.db").display()
    ));
}

#[test]
fn a_long_statement_is_stopped_on_postgres() {
    a_long_statement_is_stopped(&sql_fixture::fresh_database("timeout"));
}
