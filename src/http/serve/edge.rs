//! The connection as hyper reads it: [`Edge`] hands hyper whole request heads only (and the
//! bodies after them), so that a head over the bound is refused however it arrives, a
//! half-received head costs hyper nothing, and the connection can end cleanly between requests.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::head::{Frame, Refusal};
use super::room::{Gate, Slot};
use super::write_timeout::WriteTimeout;

/// The buffer a connection starts with, and reads at most at once: heads are a few hundred
/// bytes, and pipelined ones come several to a read.
const READ_CHUNK: usize = 4 * 1024;

/// A client's stream between the socket and hyper.
///
/// Bytes read are followed with [`Frame`]: those of complete heads and of bodies are handed to
/// hyper; those of a head not yet complete are held until it is, and a head over `max_head`
/// bytes (or with too many fields, or too long a target) is refused: nothing of it reaches
/// hyper, the stream ends for hyper once the requests before it are answered, and the
/// connection's task answers it. The stream also ends at a request boundary once the
/// connection is asked to close ([`Slot::ask_to_close`]).
pub(super) struct Edge {
    io: WriteTimeout,
    /// `buf[..end]` is read: `buf[start..start + ready]` is for hyper, and
    /// `buf[start + ready..end]` the start of a head. The rest is room to read into.
    buf: Vec<u8>,
    start: usize,
    ready: usize,
    end: usize,
    frame: Frame,
    max_head: usize,
    slot: Arc<Slot>,
    /// The client closed its side.
    eof: bool,
}

impl Edge {
    pub(super) fn new(io: WriteTimeout, slot: Arc<Slot>, max_head: usize) -> Edge {
        Edge {
            io,
            buf: Vec::new(),
            start: 0,
            ready: 0,
            end: 0,
            frame: Frame::START,
            max_head,
            slot,
            eof: false,
        }
    }

    /// The stream back.
    pub(super) fn into_inner(self) -> WriteTimeout {
        self.io
    }

    /// Hands over what is ready, as much as `out` takes.
    fn hand_over(&mut self, out: &mut ReadBuf<'_>) {
        let n = self.ready.min(out.remaining());
        out.put_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        self.ready -= n;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            // A long head grew the buffer: give it back.
            if self.buf.len() > 4 * READ_CHUNK {
                self.buf = Vec::new();
            }
        }
    }

    /// Room to read into at `buf[end..]`, once everything read was handed over but a head
    /// not yet complete: that moves to the front, and the buffer grows (to at most one head
    /// and a chunk) when it has less than [`READ_CHUNK`] free.
    fn make_room(&mut self) {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < READ_CHUNK {
            let len = (self.buf.len().saturating_mul(2))
                .min(self.max_head + READ_CHUNK)
                .max(self.end + READ_CHUNK);
            self.buf.resize(len, 0);
        }
    }

    /// Follows the bytes read and not yet followed; a refused head is dropped.
    fn follow(&mut self) {
        let pending = &self.buf[self.start + self.ready..self.end];
        let advance = self.frame.advance(pending, self.max_head);
        self.ready += advance.ready;
        if advance.refused.is_some() {
            // Nothing more is read: keep only what is left for hyper.
            self.end = self.start + self.ready;
            self.buf.truncate(self.end);
            self.buf.shrink_to_fit();
        }
        let held = self.end - self.start - self.ready;
        self.slot.read(advance.heads, held, advance.refused);
    }
}

impl AsyncRead for Edge {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.ready > 0 {
                this.hand_over(out);
                return Poll::Ready(Ok(()));
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            // Between requests (nothing of one to hand over): the connection may end here.
            if matches!(this.frame, Frame::Head { .. }) {
                match this.slot.gate(cx.waker()) {
                    Gate::Open => {}
                    Gate::End => return Poll::Ready(Ok(())),
                    Gate::Wait => return Poll::Pending,
                }
            }
            this.make_room();
            let mut read = ReadBuf::new(&mut this.buf[this.end..]);
            ready!(Pin::new(&mut this.io).poll_read(cx, &mut read))?;
            let n = read.filled().len();
            if n == 0 {
                // What is held of a head will never be complete.
                this.eof = true;
                this.end = this.start + this.ready;
                continue;
            }
            this.end += n;
            this.follow();
        }
    }
}

impl AsyncWrite for Edge {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    /// hyper flushes once its buffer is written: the responses that ended are out.
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_flush(cx))?;
        self.slot.flushed();
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The answer to a refused head, in SailPoint's error shape (SPEC §6), with `Connection: close`.
pub(super) fn refusal_response(refusal: Refusal) -> Vec<u8> {
    let (status, message, cause) = match refusal {
        Refusal::HeadTooLong(max) => (
            "431 Request Header Fields Too Large",
            "The request head is too large.",
            format!(
                "the request line and headers are longer than {max} bytes, the most this server reads"
            ),
        ),
        Refusal::TooManyHeaders => (
            "431 Request Header Fields Too Large",
            "The request head is too large.",
            format!(
                "the request has more than {} header fields, the most this server reads",
                super::head::MAX_HEADERS
            ),
        ),
        Refusal::TargetTooLong => (
            "414 URI Too Long",
            "The request target is too long.",
            format!(
                "the request target (path and query string) is longer than {} bytes, the most this server reads",
                super::head::MAX_TARGET
            ),
        ),
    };
    let body = crate::diag::ErrorBody::new(status, message, vec![cause]);
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let date = jiff::Timestamp::now().strftime("%a, %d %b %Y %H:%M:%S GMT");
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\nDate: {date}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    response
}
