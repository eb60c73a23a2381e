//! Where one request ends and the next begins, read as hyper reads it: the end of a request
//! head (`httparse`, which hyper parses with), what the head says of its body, and the end of a
//! chunked body. [`Frame`] follows a connection's bytes through them, so that a head can be
//! measured and refused before hyper sees any of it.

/// The longest request target hyper reads; a longer one is `414 URI Too Long`.
pub(super) const MAX_TARGET: usize = u16::MAX as usize - 1;

/// The most header fields hyper reads; more is `431 Request Header Fields Too Large`.
pub(super) const MAX_HEADERS: usize = 100;

/// The most bytes of chunk extensions, and of trailers, a chunked body may hold (hyper refuses
/// more).
const CHUNK_EXTRAS: usize = 16 * 1024;

/// Why a request head is refused before hyper reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The head is longer than this many bytes.
    HeadTooLong(usize),
    /// The head has more than [`MAX_HEADERS`] header fields.
    TooManyHeaders,
    /// The request target is longer than [`MAX_TARGET`] bytes.
    TargetTooLong,
}

/// Where a connection's bytes stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// In a request head (or before one): `scanned` of its bytes were looked at for its end.
    Head { scanned: usize },
    /// In a body of known length: this many bytes to come.
    Body(u64),
    /// In a chunked body.
    Chunked(Chunked),
    /// No longer followed: the stream holds something hyper will refuse or read otherwise
    /// (a malformed head or chunk), and hyper closes the connection.
    Untracked,
}

/// What [`Frame::advance`] found in the bytes given.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Advance {
    /// How many of the bytes belong to finished parts of the stream (heads, bodies), to be
    /// handed to hyper; the rest start a head not yet complete.
    pub(super) ready: usize,
    /// How many request heads ended in them.
    pub(super) heads: u64,
    /// A head refused: nothing from its start on is to be handed over.
    pub(super) refused: Option<Refusal>,
}

impl Frame {
    /// Before the first request.
    pub(super) const START: Frame = Frame::Head { scanned: 0 };

    /// Follows the stream through `bytes` — what was read and not yet handed over, starting
    /// where the last call ended, in this frame — and stops at the start of a head that is not
    /// yet complete, or at one that is refused (`max_head`: the longest head).
    pub(super) fn advance(&mut self, bytes: &[u8], max_head: usize) -> Advance {
        let mut done = Advance {
            ready: 0,
            heads: 0,
            refused: None,
        };
        loop {
            let rest = &bytes[done.ready..];
            if rest.is_empty() {
                return done;
            }
            match self {
                Frame::Untracked => {
                    done.ready = bytes.len();
                    return done;
                }
                Frame::Body(left) => {
                    let n = usize::try_from(*left).map_or(rest.len(), |left| left.min(rest.len()));
                    done.ready += n;
                    *left -= n as u64;
                    if *left == 0 {
                        *self = Frame::START;
                    }
                }
                Frame::Chunked(chunked) => {
                    let (used, state) = chunked.advance(rest);
                    done.ready += used;
                    match state {
                        ChunkState::More => {}
                        ChunkState::End => *self = Frame::START,
                        ChunkState::Bad => *self = Frame::Untracked,
                    }
                }
                Frame::Head { scanned } => match head_end(rest, *scanned) {
                    Err(scanned_to) => {
                        if rest.len() > max_head {
                            done.refused = Some(Refusal::HeadTooLong(max_head));
                        } else {
                            *scanned = scanned_to;
                        }
                        return done;
                    }
                    Ok(end) if end > max_head => {
                        done.refused = Some(Refusal::HeadTooLong(max_head));
                        return done;
                    }
                    Ok(end) => match read_head(&rest[..end]) {
                        Ok(next) => {
                            done.ready += end;
                            done.heads += 1;
                            *self = next;
                        }
                        Err(Some(refusal)) => {
                            done.refused = Some(refusal);
                            return done;
                        }
                        // hyper answers it (400) and closes the connection.
                        Err(None) => *self = Frame::Untracked,
                    },
                },
            }
        }
    }
}

/// The length of the request head at the start of `bytes` (what httparse reads: optional empty
/// lines, then lines ending in LF or CRLF up to an empty one), or how far it was looked at when
/// it does not end there yet; `from` bytes were looked at before.
fn head_end(bytes: &[u8], from: usize) -> Result<usize, usize> {
    // Empty lines before the request line are skipped (and count as part of the head).
    let Some(line) = bytes.iter().position(|&b| b != b'\r' && b != b'\n') else {
        return Err(bytes.len());
    };
    let mut at = from.max(line);
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'\n') {
        let lf = at + found;
        match (bytes.get(lf + 1), bytes.get(lf + 2)) {
            (Some(b'\n'), _) => return Ok(lf + 2),
            (Some(b'\r'), Some(b'\n')) => return Ok(lf + 3),
            // Not yet known: look at this LF again with more bytes.
            (None, _) | (Some(b'\r'), None) => return Err(lf),
            _ => at = lf + 1,
        }
    }
    Err(bytes.len())
}

/// What follows a complete request head: its body, or the next head. `Err(Some(_))`: a head
/// refused; `Err(None)`: a head hyper refuses (with `400 Bad Request`).
fn read_head(head: &[u8]) -> Result<Frame, Option<Refusal>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(len)) if len == head.len() => {}
        Err(httparse::Error::TooManyHeaders) => return Err(Some(Refusal::TooManyHeaders)),
        _ => return Err(None),
    }
    if request.path.is_some_and(|target| target.len() > MAX_TARGET) {
        return Err(Some(Refusal::TargetTooLong));
    }
    // As hyper frames a request (RFC 9112 §6.3): `Transfer-Encoding` wins over
    // `Content-Length`, and must end in `chunked`; lengths must agree; none: no body.
    let http_10 = request.version == Some(0);
    let mut chunked = None;
    let mut length = None;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("transfer-encoding") {
            if http_10 {
                return Err(None);
            }
            let last = std::str::from_utf8(header.value)
                .ok()
                .and_then(|value| value.rsplit(',').next());
            chunked =
                Some(last.is_some_and(|coding| coding.trim().eq_ignore_ascii_case("chunked")));
        } else if header.name.eq_ignore_ascii_case("content-length") && chunked.is_none() {
            let value = digits(header.value).ok_or(None)?;
            if length.is_some_and(|first| first != value) {
                return Err(None);
            }
            length = Some(value);
        }
    }
    Ok(match (chunked, length) {
        (Some(true), _) => Frame::Chunked(Chunked::default()),
        (Some(false), _) => return Err(None),
        (None, Some(length)) if length > 0 => Frame::Body(length),
        (None, _) => Frame::START,
    })
}

/// A `Content-Length` value: decimal digits only.
fn digits(value: &[u8]) -> Option<u64> {
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| {
        let digit = (b as char).to_digit(10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Where a chunked body stands (RFC 9112 §7.1, with hyper's strictness: CRLF line ends, no
/// space before the size).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Chunked {
    step: Step,
    size: u64,
    /// Bytes of chunk extensions and trailers so far.
    extras: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Step {
    /// The first hex digit of a chunk size.
    #[default]
    Start,
    /// More hex digits.
    Size,
    /// Spaces after the size.
    Space,
    /// A chunk extension, up to CR.
    Extension,
    /// The LF of the size line.
    SizeLf,
    /// Chunk data.
    Data,
    /// The CR, then LF, after chunk data.
    DataCr,
    DataLf,
    /// After the last chunk: the CR of the final line, or a trailer line.
    EndCr,
    Trailer,
    TrailerLf,
    EndLf,
}

/// Whether a chunked body goes on, ended, or is malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChunkState {
    More,
    End,
    Bad,
}

impl Chunked {
    /// Follows the body through `bytes`: how many belong to it, and where it stands then.
    fn advance(&mut self, bytes: &[u8]) -> (usize, ChunkState) {
        let mut used = 0;
        while used < bytes.len() {
            if self.step == Step::Data {
                let n = usize::try_from(self.size)
                    .map_or(bytes.len() - used, |size| size.min(bytes.len() - used));
                used += n;
                self.size -= n as u64;
                if self.size == 0 {
                    self.step = Step::DataCr;
                }
                continue;
            }
            let byte = bytes[used];
            used += 1;
            let next = match (self.step, byte) {
                (Step::Start | Step::Size, _) if byte.is_ascii_hexdigit() => {
                    let digit = u64::from((byte as char).to_digit(16).unwrap_or(0));
                    match self.size.checked_mul(16).and_then(|n| n.checked_add(digit)) {
                        Some(size) => self.size = size,
                        None => return (used, ChunkState::Bad),
                    }
                    Some(Step::Size)
                }
                (Step::Size | Step::Space, b' ' | b'\t') => Some(Step::Space),
                (Step::Size | Step::Space, b';') => Some(Step::Extension),
                (Step::Size | Step::Space | Step::Extension, b'\r') => Some(Step::SizeLf),
                (Step::Extension, b'\n') => None,
                (Step::Extension, _) => self.extra().then_some(Step::Extension),
                (Step::SizeLf, b'\n') if self.size == 0 => Some(Step::EndCr),
                (Step::SizeLf, b'\n') => Some(Step::Data),
                (Step::DataCr, b'\r') => Some(Step::DataLf),
                (Step::DataLf, b'\n') => Some(Step::Start),
                (Step::EndCr, b'\r') => Some(Step::EndLf),
                (Step::Trailer, b'\r') => Some(Step::TrailerLf),
                (Step::EndCr | Step::Trailer, _) => self.extra().then_some(Step::Trailer),
                (Step::TrailerLf, b'\n') => self.extra().then_some(Step::EndCr),
                (Step::EndLf, b'\n') => return (used, ChunkState::End),
                _ => None,
            };
            match next {
                Some(step) => self.step = step,
                None => return (used, ChunkState::Bad),
            }
        }
        (used, ChunkState::More)
    }

    /// Counts one byte of extensions or trailers: whether it is within the bound.
    fn extra(&mut self) -> bool {
        self.extras += 1;
        self.extras < CHUNK_EXTRAS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advance(frame: &mut Frame, bytes: &[u8]) -> Advance {
        frame.advance(bytes, 1024)
    }

    #[test]
    fn heads_end_at_the_first_empty_line() {
        let get = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(head_end(get, 0), Ok(get.len()));
        assert_eq!(head_end(b"GET /a HTTP/1.1\nHost: x\n\nnext", 0), Ok(25));
        assert_eq!(head_end(b"\r\n\r\nGET / HTTP/1.1\r\n\r\n", 0), Ok(22));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n", 0), Err(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r", 0), Err(24));
        assert_eq!(head_end(b"\r\n\r\n", 0), Err(4));
    }

    #[test]
    fn pipelined_heads_and_bodies_are_followed() {
        let mut frame = Frame::START;
        let stream =
            b"GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /c HT";
        let done = advance(&mut frame, stream);
        assert_eq!(
            (done.ready, done.heads, done.refused),
            (stream.len() - 9, 2, None)
        );
        assert_eq!(frame, Frame::Head { scanned: 9 });
        let done = advance(&mut frame, b"GET /c HTTP/1.1\r\n\r\n");
        assert_eq!((done.ready, done.heads), (19, 1));
    }

    #[test]
    fn chunked_bodies_are_followed_to_their_end() {
        let mut frame = Frame::START;
        let stream = b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 2\r\n\r\n\
            3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: t\r\n\r\nGET / HTTP/1.1\r\n\r\n";
        let done = advance(&mut frame, stream);
        assert_eq!(
            (done.ready, done.heads, done.refused),
            (stream.len(), 2, None)
        );
        assert_eq!(frame, Frame::START);
        // Byte by byte, the same.
        let mut frame = Frame::START;
        let mut heads = 0;
        let mut pending = Vec::new();
        for &byte in stream.iter() {
            pending.push(byte);
            let done = advance(&mut frame, &pending);
            heads += done.heads;
            pending.drain(..done.ready);
        }
        assert_eq!((heads, pending.len()), (2, 0));
    }

    #[test]
    fn what_hyper_refuses_is_left_to_hyper() {
        for head in [
            &b"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        ] {
            let mut frame = Frame::START;
            let done = advance(&mut frame, head);
            assert_eq!(
                (done.ready, frame),
                (head.len(), Frame::Untracked),
                "{head:?}"
            );
        }
        let mut frame = Frame::START;
        advance(
            &mut frame,
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        );
        advance(&mut frame, b"3\nabc");
        assert_eq!(frame, Frame::Untracked);
    }

    #[test]
    fn long_heads_many_headers_and_long_targets_are_refused() {
        let mut frame = Frame::START;
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(1100));
        assert_eq!(
            advance(&mut frame, long.as_bytes()).refused,
            Some(Refusal::HeadTooLong(1024))
        );
        let mut frame = Frame::START;
        let whole = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(1020));
        assert_eq!(
            advance(&mut frame, whole.as_bytes()).refused,
            Some(Refusal::HeadTooLong(1024))
        );
        let mut frame = Frame::START;
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "a: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(
            frame.advance(many.as_bytes(), 4096).refused,
            Some(Refusal::TooManyHeaders)
        );
        let mut frame = Frame::START;
        let target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_TARGET));
        let done = frame.advance(target.as_bytes(), 1 << 20);
        assert_eq!(
            (done.ready, done.refused),
            (0, Some(Refusal::TargetTooLong))
        );
    }

    #[test]
    fn chunk_sizes_that_overflow_are_malformed() {
        let mut chunked = Chunked::default();
        assert_eq!(chunked.advance(b"1ffffffffffffffff\r\n").1, ChunkState::Bad);
        assert_eq!(digits(b"18446744073709551616"), None);
        assert_eq!(digits(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(digits(b""), None);
    }
}
