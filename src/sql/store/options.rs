//! How a store connects: timeouts, the pool's size, whether a missing SQLite file is made.

use std::time::Duration;

/// How [`Store::open_with`](super::Store::open_with) connects.
///
/// * `connect_timeout` (5 s): how long connecting may take — to PostgreSQL, the whole of it
///   (a port that accepts and never answers fails then), and how long a query waits for a
///   connection of the pool or a writer for another to finish. A PostgreSQL URL's own
///   `connect_timeout` wins.
/// * `statement_timeout` (30 s): how long a query may run before it is stopped (PostgreSQL's
///   `statement_timeout`, and a deadline of the client's own; on SQLite, the statement is
///   interrupted). `None`: no limit.
/// * `max_connections` (16): the most connections the pool keeps to a file or a server (at
///   least one is kept; more are made as queries run in parallel, and closed when idle).
/// * `create_file` (`true`): whether `sqlite:PATH` makes a missing file. Without it, a
///   missing file is [`SqlError::NoFile`](super::super::SqlError::NoFile).
///
/// ```
/// use std::time::Duration;
/// use sailpoint_filters::sql::StoreOptions;
/// let options = StoreOptions::default()
///     .with_connect_timeout(Duration::from_secs(2))
///     .with_statement_timeout(None)
///     .with_max_connections(4)
///     .with_create_file(false);
/// assert_eq!(options.connect_timeout, Duration::from_secs(2));
/// assert_eq!(StoreOptions::default().statement_timeout, Some(Duration::from_secs(30)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreOptions {
    /// How long connecting, or waiting for a connection or for another writer, may take.
    pub connect_timeout: Duration,
    /// How long a query may run; `None` for no limit.
    pub statement_timeout: Option<Duration>,
    /// The most connections of the pool.
    pub max_connections: u32,
    /// Whether a missing SQLite file is made.
    pub create_file: bool,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Some(Duration::from_secs(30)),
            max_connections: 16,
            create_file: true,
        }
    }
}

impl StoreOptions {
    /// With another connect timeout.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use sailpoint_filters::sql::StoreOptions;
    /// assert_eq!(StoreOptions::default().with_connect_timeout(Duration::from_secs(1)).connect_timeout, Duration::from_secs(1));
    /// ```
    pub fn with_connect_timeout(mut self, timeout: Duration) -> StoreOptions {
        self.connect_timeout = timeout;
        self
    }

    /// With another statement timeout (`None`: no limit).
    ///
    /// ```
    /// # use sailpoint_filters::sql::StoreOptions;
    /// assert_eq!(StoreOptions::default().with_statement_timeout(None).statement_timeout, None);
    /// ```
    pub fn with_statement_timeout(mut self, timeout: Option<Duration>) -> StoreOptions {
        self.statement_timeout = timeout;
        self
    }

    /// With another pool size (at least 1).
    ///
    /// ```
    /// # use sailpoint_filters::sql::StoreOptions;
    /// assert_eq!(StoreOptions::default().with_max_connections(0).max_connections, 1);
    /// ```
    pub fn with_max_connections(mut self, connections: u32) -> StoreOptions {
        self.max_connections = connections.max(1);
        self
    }

    /// Whether `sqlite:PATH` makes a missing file.
    ///
    /// ```
    /// # use sailpoint_filters::sql::StoreOptions;
    /// assert!(!StoreOptions::default().with_create_file(false).create_file);
    /// ```
    pub fn with_create_file(mut self, create: bool) -> StoreOptions {
        self.create_file = create;
        self
    }
}
