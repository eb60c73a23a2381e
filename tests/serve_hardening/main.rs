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
const SAMPLE: &str = include_str!("../../data/role_mining_sessions.json");

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

    /// The CPU time the server process has used (user and system), in clock ticks, read
    /// from `/proc/PID/stat`; `None` where there is no `/proc`.
    fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // The fields after the command name (which is in parentheses and may hold spaces):
        // state is the first, utime the 12th, stime the 13th.
        let rest = stat.get(stat.rfind(')')? + 2..)?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
        Some(ticks(11)? + ticks(12)?)
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

mod connections;
mod heavy_queries;
mod http_edge;
mod logging;
mod request_heads;
mod shutdown;
mod startup;

#[path = "../serve_process/mod.rs"]
mod serve_process;
