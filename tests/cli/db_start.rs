//! `spfilter serve --db URL` refuses, before it listens, what cannot serve: a mistyped SQLite
//! path (no file is made), a file that is not a database, a database without the table (or
//! with a table of another layout), a PostgreSQL database or role that does not exist, a port
//! that accepts connections and never answers (within the connect timeout).

#![cfg(unix)]

use crate::common::{db_procs, sql_fixture};

use std::time::{Duration, Instant};

use db_procs::{SAMPLE, Server, temp_dir};

/// Starts `serve ARGS…`, which must stop without listening; what it printed on stderr.
fn refused(args: &[&str]) -> String {
    match Server::start(args) {
        Ok(server) => panic!("serve {args:?} listens on {}", server.addr),
        Err(message) => message,
    }
}

#[test]
fn a_missing_sqlite_file_is_refused_and_not_made() {
    let dir = temp_dir("typo");
    let path = dir.join("sesions.db");
    let db = format!("sqlite:{}", path.display());
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!(
            "cannot open `{db}`: there is no SQLite database at `{}`: give --data FILE to make \
             one with the sessions of FILE",
            path.display()
        )),
        "{message}"
    );
    assert!(!path.exists(), "{} was made", path.display());
    // With --data it is made.
    let server = Server::start(&["--db", &db, "--data", SAMPLE]).expect("serve starts");
    assert_eq!(
        server
            .get("/beta/role-mining-sessions?count=true&limit=1")
            .1,
        Some(72)
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let path = temp_dir("notdb").join("notes.db");
    std::fs::write(&path, "these are notes, not a database\n".repeat(200)).expect("written");
    let db = format!("sqlite:{}", path.display());
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!(
            "cannot open `{db}`: SQLite: file is not a database"
        )),
        "{message}"
    );
    // Not with --data either: the file is not overwritten.
    let message = refused(&["--db", &db, "--data", SAMPLE]);
    assert!(message.contains("file is not a database"), "{message}");
    assert!(
        std::fs::read_to_string(&path)
            .expect("kept")
            .starts_with("these are notes")
    );
}

const NO_TABLE: &str = "the database has no table `role_mining_sessions`: load role mining \
                        sessions into it first, with --data FILE (spfilter query --db URL \
                        --data sessions.json)";

#[test]
fn a_database_without_the_table_is_refused() {
    let message = refused(&["--db", "sqlite::memory:"]);
    assert!(
        message.ends_with(&format!("cannot use `sqlite::memory:`: {NO_TABLE}")),
        "{message}"
    );
    let path = temp_dir("other").join("other.db");
    rusqlite::Connection::open(&path)
        .and_then(|c| c.execute_batch("CREATE TABLE accounts (id TEXT)"))
        .expect("another database");
    let db = format!("sqlite:{}", path.display());
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!("cannot use `{db}`: {NO_TABLE}")),
        "{message}"
    );

    let db = sql_fixture::fresh_database("no_table");
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!("cannot use `{db}`: {NO_TABLE}")),
        "{message}"
    );
}

#[test]
fn a_table_of_another_layout_is_refused() {
    let path = temp_dir("layout").join("old.db");
    rusqlite::Connection::open(&path)
        .and_then(|c| c.execute_batch("CREATE TABLE role_mining_sessions (seq INTEGER, name TEXT)"))
        .expect("a table of another layout");
    let db = format!("sqlite:{}", path.display());
    let message = refused(&["--db", &db]);
    assert!(
        message.contains(&format!(
            "cannot use `{db}`: the table `role_mining_sessions` is not laid out as this version \
             of the library reads it: SQLite: no such column: role_mining_sessions."
        )),
        "{message}"
    );
}

#[test]
fn a_missing_postgres_database_or_role_is_named() {
    let base = sql_fixture::postgres_url();
    let (server, _) = base.rsplit_once('/').expect("a database in the URL");
    let db = format!("{server}/no_such_database");
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!(
            "cannot open `{db}`: PostgreSQL: FATAL 3D000: database \"no_such_database\" does not \
             exist (create it with CREATE DATABASE, or name another database in the URL)"
        )),
        "{message}"
    );
    let (_, host) = server.split_once('@').expect("a user in the URL");
    let db = format!("postgresql://nobody_here@{host}/postgres");
    let message = refused(&["--db", &db]);
    assert!(
        message.ends_with(&format!(
            "cannot open `{db}`: PostgreSQL: FATAL 28000: role \"nobody_here\" does not exist \
             (check the user and password of the URL)"
        )),
        "{message}"
    );
}

#[test]
fn a_port_that_never_answers_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    // Accepts (the kernel does), never answers.
    let db = format!("postgres://me@127.0.0.1:{port}/db");
    let start = Instant::now();
    let message = refused(&["--db", &db, "--db-connect-timeout", "1"]);
    let took = start.elapsed();
    assert!(
        message.ends_with(&format!(
            "cannot open `{db}`: the database is unavailable: PostgreSQL at 127.0.0.1:{port} did \
             not answer within 1 s: is a PostgreSQL server listening there?"
        )),
        "{message}"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
    // The URL's own connect_timeout counts too.
    let db = format!("postgres://me@127.0.0.1:{port}/db?connect_timeout=1");
    let message = refused(&["--db", &db]);
    assert!(message.contains("did not answer within 1 s"), "{message}");
    drop(listener);
}
