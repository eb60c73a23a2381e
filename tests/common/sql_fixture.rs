//! Stores for the SQL tests: SQLite in memory, and a real PostgreSQL server.
//!
//! The PostgreSQL server is the one `SPFILTER_TEST_POSTGRES` names (the README's test command,
//! `bash scripts/postgres.sh run cargo test --all-features`, starts one and sets it); without
//! it, the first test that needs one starts a throwaway server with
//! `bash scripts/postgres.sh start-for <this process>`, which stops when the tests end.

use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sailpoint_filters::Schema;
use sailpoint_filters::sql::{Store, Table};

/// The URL of the PostgreSQL server of the tests.
pub fn postgres_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("SPFILTER_TEST_POSTGRES")
            && !url.is_empty()
        {
            return url;
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres.sh");
        let output = Command::new("bash")
            .args([script, "start-for", &std::process::id().to_string()])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
        assert!(
            output.status.success(),
            "cannot start a PostgreSQL server for the tests ({script} start-for): {}\n\
             Install PostgreSQL (bash scripts/postgres.sh install), or set SPFILTER_TEST_POSTGRES \
             to a server's URL, or run the tests with bash scripts/postgres.sh run cargo test --all-features",
            String::from_utf8_lossy(&output.stderr)
        );
        // Its warnings (a default collation other than ICU's, say) are worth seeing.
        let warnings = String::from_utf8_lossy(&output.stderr);
        if !warnings.trim().is_empty() {
            eprintln!("{script} start-for: {}", warnings.trim_end());
        }
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    })
}

/// The URL of a new, empty database on the PostgreSQL server, for a test that needs the
/// default table names to itself.
pub fn fresh_database(prefix: &str) -> String {
    let name = unique_table(prefix);
    let mut client = postgres::Client::connect(postgres_url(), postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", postgres_url()));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a database is created");
    let base = postgres_url();
    let path = base.rfind('/').map_or(base.len(), |i| i);
    format!("{}/{name}", &base[..path])
}

/// A table name no other test (or test process) uses.
pub fn unique_table(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A store for `schema` on SQLite in memory, its table created.
pub fn sqlite_store(schema: &Schema) -> Store {
    let mut store = Store::open("sqlite::memory:", schema).expect("SQLite opens in memory");
    store.create().expect("the table is created");
    store
}

/// A store for `schema` on the PostgreSQL server, in a new table of its own.
pub fn postgres_store(schema: &Schema, prefix: &str) -> Store {
    let table = Table::for_schema_as(schema, &unique_table(prefix)).expect("typed schema");
    let mut store = Store::open(postgres_url(), schema)
        .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {}: {e}", postgres_url()))
        .with_table(table);
    store.create().expect("the table is created");
    store
}
