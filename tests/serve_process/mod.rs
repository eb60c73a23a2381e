//! `spfilter serve` as a process on loopback, and HTTP/1.1 spoken by hand to it: what the
//! process-level tests of the HTTP edge and of `--fake` files share. Every wait has a deadline,
//! and a server still running when its test ends is killed.

#![allow(dead_code)] // each test crate uses a different part

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub const BETA: &str = "/beta/role-mining-sessions";

/// How long a server may take to print `listening on …`.
const START: Duration = Duration::from_secs(120);

/// A running `spfilter serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `spfilter serve --addr 127.0.0.1:0 ARGS`, its stderr read into [`Server::log`].
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spfilter serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, first_line) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                sink.lock()
                    .expect("log lock")
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            log,
        };
        let line = first_line.recv_timeout(START).unwrap_or_default();
        match line.trim().strip_prefix("listening on http://") {
            Some(addr) => server.addr = addr.to_owned(),
            None => panic!(
                "expected `listening on http://…`, got {line:?}; stderr: {}",
                server.log()
            ),
        }
        server
    }

    pub fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// The exit status, if the server exits within `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `spfilter ARGS` for at most `within`: its exit status, stdout and stderr, or `None` if
/// it was still running then (and was killed).
pub fn run_briefly(args: &[&str], within: Duration) -> Option<(ExitStatus, String, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spfilter starts");
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        let (sender, text) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = String::new();
            let _ = pipe.read_to_string(&mut buffer);
            let _ = sender.send(buffer);
        });
        text
    };
    let stdout = read_all(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = read_all(Box::new(child.stderr.take().expect("stderr is piped")));
    let deadline = Instant::now() + within;
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
    let stdout = stdout
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    let stderr = stderr
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    status.map(|status| (status, stdout, stderr))
}

/// A file in the temporary directory, removed when dropped.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new(name: &str, contents: &[u8]) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("spfilter-process-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("the temporary file is written");
        TempFile(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A request for `target` with a token, keeping the connection open.
pub fn request(target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: spfilter\r\nAuthorization: Bearer t\r\n\r\n")
}

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Response {
    /// The value of a header (the first of that name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "{} is not JSON ({err}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// One HTTP/1.1 connection, each read and write bounded by a timeout.
pub struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    pub fn open(addr: &str, timeout: Duration) -> Connection {
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

    /// The socket, to write from another thread or change its timeouts.
    pub fn stream(&self) -> &TcpStream {
        self.reader.get_ref()
    }

    pub fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.reader.get_mut().write_all(bytes)
    }

    /// Reads one response with a `Content-Length`.
    pub fn read_response(&mut self) -> std::io::Result<Response> {
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
        let mut response = Response {
            status,
            headers: headers.to_owned(),
            body: Vec::new(),
        };
        let length = response
            .header("content-length")
            .and_then(|value| value.parse().ok())
            .unwrap_or(0);
        response.body = vec![0; length];
        self.reader.read_exact(&mut response.body)?;
        Ok(response)
    }

    pub fn get(&mut self, target: &str) -> std::io::Result<Response> {
        self.send(request(target).as_bytes())?;
        self.read_response()
    }

    /// Reads until the server closes the connection (end of file or reset): the number of
    /// bytes read then, or the error that ended reading otherwise (a timeout: still open).
    pub fn read_until_closed(&mut self) -> std::io::Result<usize> {
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
pub fn timed_get(
    addr: &str,
    target: &str,
    timeout: Duration,
) -> (std::io::Result<Response>, Duration) {
    let start = Instant::now();
    let response = Connection::open(addr, timeout).get(target);
    (response, start.elapsed())
}
