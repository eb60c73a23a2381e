//! `spfilter serve` against clients that misbehave: each test starts the built binary on
//! loopback, attacks it with bounded loops, and checks the outcome with generous time margins
//! (the machine may be slow and busy). Every wait has a deadline, and a server still running
//! when its test ends is killed.
//!
//! The tests take turns (they measure time and memory), and send SIGTERM with `kill`.

#![cfg(unix)]

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStderr, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

const BETA: &str = "/beta/role-mining-sessions";
const SAMPLE: &str = include_str!("../data/role_mining_sessions.json");

/// How long a server may take to print `listening on …` (a large data file is parsed first).
const START: Duration = Duration::from_secs(120);

static TURN: Mutex<()> = Mutex::new(());

/// One test at a time: they measure time and memory.
fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// A running `spfilter serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// What it wrote on stderr so far (once stderr is read).
    log: Arc<Mutex<String>>,
    /// Stderr while nobody reads it: held open, so that the pipe fills instead of closing.
    unread: Option<ChildStderr>,
    /// The thread reading stderr, once it is read.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts `spfilter serve --addr 127.0.0.1:0 ARGS` with its stderr read.
    fn start(args: &[&str]) -> Server {
        let mut server = Server::start_unread(args, &[]);
        server.read_log();
        server
    }

    /// Starts `spfilter serve --addr 127.0.0.1:0 ARGS` with these environment variables, its
    /// stderr a pipe that nobody reads (until [`Server::read_log`]).
    fn start_unread(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_spfilter"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("spfilter serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, first_line) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let unread = child.stderr.take();
        let mut server = Server {
            child,
            addr: String::new(),
            log: Arc::new(Mutex::new(String::new())),
            unread,
            reader: None,
        };
        let line = first_line.recv_timeout(START).unwrap_or_default();
        match line.trim().strip_prefix("listening on http://") {
            Some(addr) => server.addr = addr.to_owned(),
            None => {
                let _ = server.child.kill();
                let _ = server.child.wait();
                let mut stderr = String::new();
                if let Some(mut pipe) = server.unread.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                panic!("expected `listening on http://…`, got {line:?}; stderr: {stderr}");
            }
        }
        server
    }

    /// Starts reading stderr into [`Server::log`].
    fn read_log(&mut self) {
        let Some(mut stderr) = self.unread.take() else {
            return;
        };
        let sink = Arc::clone(&self.log);
        self.reader = Some(std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                sink.lock()
                    .expect("log lock")
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        }));
    }

    fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }

    /// The whole log of a server that has exited: waits (at most 10 s) for stderr to be read
    /// to its end.
    fn final_log(&mut self) -> String {
        if let Some(reader) = self.reader.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !reader.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        self.log()
    }

    /// Waits (at most `within`) for the log to contain `text`; the log then.
    fn wait_for_log(&self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let log = self.log();
            if log.contains(text) || Instant::now() >= deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// The exit status, if the server exits within `within`.
    fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resident memory in KiB (Linux).
    #[cfg(target_os = "linux")]
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status is readable");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `spfilter ARGS` for at most 20 s: its exit status and stderr, or `None` if it was
/// still running then (and was killed).
fn run_briefly(args: &[&str]) -> Option<(ExitStatus, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spfilter starts");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (sender, text) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = String::new();
        let _ = stderr.read_to_string(&mut buffer);
        let _ = sender.send(buffer);
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = text
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    status.map(|status| (status, stderr))
}

// ---------------------------------------------------------------------------------------------
// Data files
// ---------------------------------------------------------------------------------------------

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "spfilter-serve-hardening-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, contents).expect("the temporary file is written");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn sample() -> Vec<Value> {
    serde_json::from_str(SAMPLE).expect("the sample is JSON")
}

/// `count` sessions made from the sample's, with distinct ids, and creators and creation dates
/// spread out (so that sorting by them has work to do).
fn sessions_file(name: &str, count: usize) -> TempFile {
    let sample = sample();
    let mut sessions = Vec::with_capacity(count);
    for i in 0..count {
        let mut session = sample[i % sample.len()].clone();
        let creator = (i * 7919) % 1000;
        session["id"] = format!("{i:032x}").into();
        session["createdBy"] = serde_json::json!({
            "id": format!("{creator:032x}"),
            "displayName": format!("user{creator:04}"),
        });
        session["createdDate"] = format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
            10 + i % 15,
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            (i * 7) % 60
        )
        .into();
        sessions.push(session);
    }
    let json = serde_json::to_vec(&sessions).expect("sessions serialize");
    TempFile::new(name, &json)
}

// ---------------------------------------------------------------------------------------------
// HTTP by hand
// ---------------------------------------------------------------------------------------------

/// A request for `target` with a token, keeping the connection open.
fn request(target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: spfilter\r\nAuthorization: Bearer t\r\n\r\n")
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

/// One HTTP/1.1 connection, each read and write bounded by `timeout`.
struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: &str, timeout: Duration) -> Connection {
        let stream = TcpStream::connect(addr).expect("connects");
        stream
            .set_read_timeout(Some(timeout))
            .expect("read timeout");
        stream
            .set_write_timeout(Some(timeout))
            .expect("write timeout");
        Connection {
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.reader.get_mut().write_all(bytes)
    }

    /// Reads one response with a `Content-Length`.
    fn read_response(&mut self) -> std::io::Result<Response> {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(
                    ErrorKind::UnexpectedEof,
                    format!("the connection closed after {head:?}"),
                ));
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let (status_line, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let length = headers
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(Response {
            status,
            headers: headers.to_owned(),
            body,
        })
    }

    fn get(&mut self, target: &str) -> std::io::Result<Response> {
        self.send(request(target).as_bytes())?;
        self.read_response()
    }

    /// Reads until the server closes the connection (end of file or reset): the number of
    /// bytes read then, or the error that ended reading otherwise (a timeout: still open).
    fn read_until_closed(&mut self) -> Result<usize, std::io::Error> {
        let mut total = self.reader.buffer().len();
        self.reader.consume(total);
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match self.reader.get_mut().read(&mut buffer) {
                Ok(0) => return Ok(total),
                Ok(n) => total += n,
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) if err.kind() == ErrorKind::ConnectionReset => return Ok(total),
                Err(err) => return Err(err),
            }
        }
    }
}

/// One request on a connection of its own: the response and how long it took.
fn timed_get(addr: &str, target: &str, timeout: Duration) -> (std::io::Result<Response>, Duration) {
    let start = Instant::now();
    let response = Connection::open(addr, timeout).get(target);
    (response, start.elapsed())
}

/// Opens a connection, sends `count` requests for `target` at once and reads nothing.
fn never_reading_client(addr: &str, target: &str, count: usize) -> Connection {
    let mut connection = Connection::open(addr, Duration::from_secs(10));
    let requests = request(target).repeat(count);
    connection
        .send(requests.as_bytes())
        .expect("the requests are sent");
    connection
}

// ---------------------------------------------------------------------------------------------
// Logging never blocks serving
// ---------------------------------------------------------------------------------------------

/// Enough one-line requests to fill a 64 KiB pipe and the log's buffer of 8,192 lines.
const MANY_REQUESTS: usize = 12_000;

/// Sends [`MANY_REQUESTS`] requests on one connection; each must be answered within 5 s.
fn many_requests(server: &Server) {
    let mut connection = Connection::open(&server.addr, Duration::from_secs(5));
    let start = Instant::now();
    for i in 0..MANY_REQUESTS {
        let response = connection
            .get(&format!("{BETA}?limit=0&offset={i}"))
            .unwrap_or_else(|err| {
                panic!(
                    "request {i} got no answer within 5 s ({:.1?} after the first): {err}",
                    start.elapsed()
                )
            });
        assert_eq!(response.status, 200, "request {i}");
    }
}

#[test]
fn a_stderr_nobody_reads_holds_up_no_request_and_sigterm_still_stops_the_server() {
    let _turn = turn();
    let mut server = Server::start_unread(&[], &[]);
    many_requests(&server);
    server.terminate();
    let status = server
        .wait_exit(Duration::from_secs(20))
        .expect("the server exits within 20 s of SIGTERM while nobody reads its stderr");
    assert!(status.success(), "{status:?}");
}

#[test]
fn dropped_log_lines_are_counted_and_reported_once_stderr_is_read() {
    let _turn = turn();
    let mut server = Server::start_unread(&[], &[]);
    many_requests(&server);
    server.read_log();
    let report = "log lines dropped so far: stderr was not read";
    let log = server.wait_for_log(report, Duration::from_secs(30));
    let line = log
        .lines()
        .find(|line| line.ends_with(report))
        .unwrap_or_else(|| panic!("no report of dropped lines in {} bytes of log", log.len()));
    let dropped: usize = line
        .strip_prefix("spfilter serve: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line:?}"));
    assert!(dropped > 0 && dropped < MANY_REQUESTS + 100, "{line:?}");
    // The lines that were kept are whole lines.
    let requests = log.lines().filter(|l| l.starts_with("GET ")).count();
    assert!(requests > 1000, "{requests} request lines kept");
    assert!(
        log.lines()
            .filter(|l| l.starts_with("GET "))
            .all(|l| l.ends_with("ms")),
        "a request line is cut"
    );
    server.terminate();
    let status = server.wait_exit(Duration::from_secs(20)).expect("exits");
    assert!(status.success(), "{status:?}");
    let log = server.final_log();
    assert!(
        log.contains(" log lines dropped: stderr was not read)"),
        "{}",
        &log[log.len().saturating_sub(500)..]
    );
}

#[test]
fn quiet_and_rust_log_leave_request_lines_out() {
    let _turn = turn();
    let requests_and_stop = |server: &mut Server| {
        for _ in 0..3 {
            let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
            assert_eq!(response.expect("answered").status, 200);
        }
        server.terminate();
        server.wait_exit(Duration::from_secs(20)).expect("exits");
        server.final_log()
    };
    let mut quiet = Server::start(&["--quiet"]);
    let log = requests_and_stop(&mut quiet);
    assert!(!log.lines().any(|l| l.starts_with("GET ")), "{log}");
    assert!(log.contains("spfilter serve: shutting down"), "{log}");
    assert!(log.contains("spfilter serve: stopped"), "{log}");

    let mut warnings_only = Server::start_unread(&[], &[("RUST_LOG", "warn")]);
    warnings_only.read_log();
    let log = requests_and_stop(&mut warnings_only);
    assert_eq!(log, "");

    let mut requests_only =
        Server::start_unread(&[], &[("RUST_LOG", "off,spfilter::request=info")]);
    requests_only.read_log();
    let log = requests_and_stop(&mut requests_only);
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.lines().all(|l| l.starts_with("GET ")), "{log}");
}

// ---------------------------------------------------------------------------------------------
// Shutdown within the grace period
// ---------------------------------------------------------------------------------------------

#[test]
fn sigterm_stops_the_server_within_the_grace_period_though_a_client_reads_nothing() {
    let _turn = turn();
    // Heavy enough that a sorted query deep into the sessions takes a while.
    let data = sessions_file("grace.json", 50_000);
    let mut server = Server::start(&["--data", data.path()]);
    // One client asks for 100 full pages (about 20 MB, more than loopback's socket buffers
    // hold) and reads none of them: wait until its answers stop, its connection stalled on a
    // write.
    let _stuck = never_reading_client(&server.addr, &format!("{BETA}?limit=250"), 100);
    let answered = || server.log().matches("?limit=250 200").count();
    let (mut seen, mut since) = (answered(), Instant::now());
    let waited = Instant::now();
    while since.elapsed() < Duration::from_secs(1) && waited.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
        if answered() != seen {
            (seen, since) = (answered(), Instant::now());
        }
    }
    assert!(
        seen < 100,
        "every page fit in the socket buffers: {seen} answered"
    );
    // Another's request is in flight when SIGTERM comes: it still gets its answer.
    let addr = server.addr.clone();
    let in_flight = std::thread::spawn(move || {
        timed_get(
            &addr,
            &format!("{BETA}?sorters=createdBy,-createdDate&offset=49000&limit=250"),
            Duration::from_secs(60),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    server.terminate();
    let status = server.wait_exit(Duration::from_secs(25));
    let stopped_after = signalled.elapsed();
    let status = status.expect("the server exits within 25 s of SIGTERM (grace period 5 s)");
    assert!(status.success(), "{status:?}");
    // 5 s of grace, and a generous margin.
    assert!(stopped_after < Duration::from_secs(15), "{stopped_after:?}");
    let (response, _) = in_flight.join().expect("the client thread ends");
    let response = response.expect("the request in flight is answered");
    assert_eq!(response.status, 200);
    let page: Vec<Value> = serde_json::from_slice(&response.body).expect("a whole JSON page");
    assert_eq!(page.len(), 250);
    let log = server.final_log();
    assert!(log.contains("grace period: closed"), "{log}");
}

#[test]
fn a_slow_client_does_not_delay_shutdown_beyond_the_grace_period() {
    let _turn = turn();
    for (args, grace) in [(&[][..], 5.0), (&["--grace-period", "0.5"][..], 0.5)] {
        let mut server = Server::start(args);
        // A client that sends its head a byte at a time and never finishes it.
        let mut slow = Connection::open(&server.addr, Duration::from_secs(5));
        slow.send(format!("GET {BETA} HTTP/1.1\r\nHost: spfilter\r\n").as_bytes())
            .expect("the start of the head is sent");
        let stop = Arc::new(AtomicBool::new(false));
        let trickle = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for _ in 0..300 {
                    if stop.load(Ordering::Relaxed) || slow.send(b"x").is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        };
        std::thread::sleep(Duration::from_secs(1));
        let signalled = Instant::now();
        server.terminate();
        let status = server.wait_exit(Duration::from_secs(25));
        let stopped_after = signalled.elapsed();
        stop.store(true, Ordering::Relaxed);
        let _ = trickle.join();
        let status = status.unwrap_or_else(|| {
            panic!("{args:?}: the server still runs 25 s after SIGTERM (grace period {grace} s)")
        });
        assert!(status.success(), "{status:?}");
        assert!(
            stopped_after < Duration::from_secs_f64(grace + 7.0),
            "{args:?}: {stopped_after:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Connections: write and idle timeouts, a limit
// ---------------------------------------------------------------------------------------------

#[test]
fn a_client_that_reads_nothing_is_disconnected_after_the_write_timeout() {
    let _turn = turn();
    let data = sessions_file("write-timeout.json", 2_000);
    let server = Server::start(&["--data", data.path(), "--write-timeout", "1"]);
    let target = format!("{BETA}?limit=250");
    let one_page = timed_get(&server.addr, &target, Duration::from_secs(10))
        .0
        .expect("a page")
        .body
        .len();
    // 100 pages of about 200 KB: far more than the socket buffers hold.
    let mut stuck = never_reading_client(&server.addr, &target, 100);
    std::thread::sleep(Duration::from_secs(4));
    // The server has given up on this client: what it wrote before is there, then the end.
    let read = stuck.read_until_closed().unwrap_or_else(|err| {
        panic!("the connection is still open 4 s after a 1 s write timeout: {err}")
    });
    assert!(
        read < 100 * one_page,
        "{read} bytes read: every page was sent"
    );
    // Others are still served.
    let (response, _) = timed_get(&server.addr, &target, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
}

#[test]
fn never_reading_clients_at_the_connection_limit_give_way_to_others() {
    let _turn = turn();
    let data = sessions_file("limit.json", 2_000);
    let server = Server::start(&[
        "--data",
        data.path(),
        "--max-connections",
        "4",
        "--write-timeout",
        "1",
    ]);
    let target = format!("{BETA}?limit=250");
    let stuck: Vec<Connection> = (0..4)
        .map(|_| never_reading_client(&server.addr, &target, 100))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // Every connection is taken; this one waits until a stuck one is dropped.
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let log = server.wait_for_log("connection limit reached", Duration::from_secs(5));
    assert!(
        log.contains(
            "connection limit reached: 4 connections are open; new connections wait until one closes"
        ),
        "{log}"
    );
    drop(stuck);
}

#[test]
fn connections_past_the_limit_wait_for_one_to_close() {
    let _turn = turn();
    let server = Server::start(&["--max-connections", "2", "--idle-timeout", "2"]);
    // Two silent connections take both places.
    let _silent: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&server.addr).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (response, took) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=1"),
        Duration::from_secs(20),
    );
    assert_eq!(response.expect("answered").status, 200);
    // Answered once a silent one gave way, after the second it has to send a request: not at
    // once, and not much after.
    assert!(took > Duration::from_millis(500), "{took:?}");
    assert!(took < Duration::from_secs(12), "{took:?}");
}

#[test]
fn idle_and_unfinished_connections_are_closed_after_the_idle_timeout() {
    let _turn = turn();
    let server = Server::start(&["--idle-timeout", "1"]);
    let timeout = Duration::from_secs(8);
    let mut silent = Connection::open(&server.addr, timeout);
    let mut unfinished = Connection::open(&server.addr, timeout);
    unfinished
        .send(format!("GET {BETA} HTTP/1.1\r\nHost: spfilter\r\n").as_bytes())
        .expect("sent");
    let mut kept_alive = Connection::open(&server.addr, timeout);
    assert_eq!(kept_alive.get(BETA).expect("answered").status, 200);
    let start = Instant::now();
    for (name, connection) in [
        ("silent", &mut silent),
        ("unfinished head", &mut unfinished),
        ("idle after a response", &mut kept_alive),
    ] {
        let read = connection
            .read_until_closed()
            .unwrap_or_else(|err| panic!("{name}: still open after {:?}: {err}", start.elapsed()));
        assert_eq!(read, 0, "{name}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(7),
        "{:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------------------------
// Request heads: bounded, and answered
// ---------------------------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn over_long_request_heads_are_answered_431_and_cost_bounded_memory() {
    let _turn = turn();
    let server = Server::start(&[]);
    let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
    let before = server.rss_kib();
    // 100 clients each send a 1 MiB request target and never finish the head.
    let mut head = format!("GET {BETA}?filters=name+eq+%22").into_bytes();
    head.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    let mut clients = Vec::new();
    for _ in 0..100 {
        let mut client = Connection::open(&server.addr, Duration::from_secs(10));
        // The server may stop reading (and close) once it has answered.
        let _ = client.send(&head);
        clients.push(client);
    }
    std::thread::sleep(Duration::from_secs(1));
    let after = server.rss_kib();
    let grown = after.saturating_sub(before);
    // Each head holds at most 64 KiB while it is read, and none is kept; unbounded, they
    // would take 100 MiB.
    assert!(
        grown < 16 * 1024,
        "the server grew by {grown} KiB for 100 unfinished heads ({before} → {after} KiB)"
    );
    // Each got a clear answer: 431 with SailPoint's error body, the connection closed.
    for (i, client) in clients.iter_mut().enumerate() {
        let response = client
            .read_response()
            .unwrap_or_else(|err| panic!("client {i}: {err}"));
        assert_eq!(response.status, 431, "client {i}: {}", response.headers);
        let body: Value = serde_json::from_slice(&response.body).expect("SailPoint's body");
        assert_eq!(body["detailCode"], "431 Request Header Fields Too Large");
    }
    // The server goes on.
    let (response, _) = timed_get(&server.addr, BETA, Duration::from_secs(10));
    assert_eq!(response.expect("answered").status, 200);
    // A long query string that fits in the head reaches the extractor (400 with its body).
    let long = format!("{BETA}?filters=name+eq+%22{}%22", "a".repeat(60 * 1024));
    let (response, _) = timed_get(&server.addr, &long, Duration::from_secs(10));
    let response = response.expect("answered");
    assert_eq!(response.status, 400);
    let body: Value = serde_json::from_slice(&response.body).expect("SailPoint's 400 body");
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
}

// ---------------------------------------------------------------------------------------------
// Heavy queries do not hold up light ones
// ---------------------------------------------------------------------------------------------

#[test]
fn a_cheap_request_is_answered_while_heavy_queries_run() {
    let _turn = turn();
    let data = sessions_file("heavy.json", 100_000);
    let server = Server::start(&["--data", data.path()]);
    let heavy = format!("{BETA}?sorters=createdBy,-createdDate&offset=99000&limit=250");
    let cheap = format!("{BETA}?limit=1");
    let (response, alone) = timed_get(&server.addr, &heavy, Duration::from_secs(120));
    assert_eq!(response.expect("answered").status, 200);
    // Twice as many heavy queries at once as there are cores, asked again and again.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stop = Arc::new(AtomicBool::new(false));
    for _ in 0..2 * cores {
        let (addr, heavy, stop) = (server.addr.clone(), heavy.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut connection = Connection::open(&addr, Duration::from_secs(120));
            for _ in 0..20 {
                if stop.load(Ordering::Relaxed) || connection.get(&heavy).is_err() {
                    break;
                }
            }
        });
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut latencies = Vec::new();
    for _ in 0..8 {
        let (response, took) = timed_get(&server.addr, &cheap, Duration::from_secs(120));
        assert_eq!(response.expect("answered").status, 200);
        latencies.push(took);
        std::thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::Relaxed);
    let slowest = latencies.iter().max().copied().unwrap_or_default();
    let bound = (alone / 6).max(Duration::from_millis(500));
    assert!(
        slowest < bound,
        "a limit=1 request took {slowest:?} (bound {bound:?}) while heavy queries ran; \
         one heavy query alone took {alone:?}; all: {latencies:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Start-up checks
// ---------------------------------------------------------------------------------------------

#[test]
fn a_token_no_client_can_send_is_refused_at_start() {
    let _turn = turn();
    for token in [
        "",
        " x ",
        "x ",
        "a b",
        "tab\there",
        "bell\u{7}",
        "caf\u{e9}",
    ] {
        let (status, stderr) = run_briefly(&["serve", "--addr", "127.0.0.1:0", "--token", token])
            .unwrap_or_else(|| panic!("{token:?}: still serving 20 s later"));
        assert_eq!(status.code(), Some(2), "{token:?}: {stderr}");
        assert!(
            stderr.starts_with("error: invalid value ")
                && stderr.contains("for '--token <TOKEN>': the token "),
            "{token:?}: {stderr}"
        );
    }
    let (status, stderr) =
        run_briefly(&["serve", "--addr", "127.0.0.1:0", "--token", " x "]).expect("exits");
    assert!(!status.success());
    assert!(
        stderr.contains(
            "the token contains ' '; a client sends `Authorization: Bearer <token>` with a token \
             of printable ASCII characters and no spaces"
        ),
        "{stderr}"
    );
}

#[test]
fn a_data_file_may_start_with_a_byte_order_mark() {
    let _turn = turn();
    let mut contents = "\u{feff}".as_bytes().to_vec();
    contents.extend_from_slice(SAMPLE.as_bytes());
    let data = TempFile::new("bom.json", &contents);
    let server = Server::start(&["--data", data.path()]);
    let (response, _) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=0&count=true"),
        Duration::from_secs(10),
    );
    let response = response.expect("answered");
    assert_eq!(response.status, 200);
    let total = format!("X-Total-Count: {}\r\n", sample().len());
    assert!(response.headers.contains(&total), "{}", response.headers);
    // `query` reads it the same way.
    let (status, stderr) =
        run_briefly(&["query", "--data", data.path(), "--limit", "0", "--count"]).expect("exits");
    assert!(status.success(), "{stderr}");
    assert_eq!(stderr.trim(), format!("X-Total-Count: {}", sample().len()));
}

#[test]
fn duplicate_ids_in_a_data_file_are_refused_naming_both_indexes() {
    let _turn = turn();
    let mut sessions = sample();
    let id = sessions[2]["id"].clone();
    sessions[5]["id"] = id.clone();
    let data = TempFile::new(
        "duplicates.json",
        &serde_json::to_vec(&sessions).expect("serializes"),
    );
    let expected = format!(
        "{}: the sessions at indexes 2 and 5 of the array have the same id {id}",
        data.path()
    );
    for command in ["serve", "query"] {
        let args: &[&str] = if command == "serve" {
            &["serve", "--addr", "127.0.0.1:0", "--data", data.path()]
        } else {
            &["query", "--data", data.path()]
        };
        let (status, stderr) =
            run_briefly(args).unwrap_or_else(|| panic!("{command}: still running 20 s later"));
        assert_eq!(status.code(), Some(1), "{command}: {stderr}");
        assert_eq!(stderr.trim(), expected, "{command}");
    }
}
