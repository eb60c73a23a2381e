//! One connection: HTTP/1.1 through [`Edge`] until the client or the server ends it, then the
//! answer to a refused head if there is one, and a graceful close.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use hyper::body::{Frame, SizeHint};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::{OwnedSemaphorePermit, watch};

use super::edge::{Edge, refusal_response};
use super::room::Slot;
use super::write_timeout::WriteTimeout;

/// How long a connection whose request was refused before any handler ran (an over-long or
/// malformed head) is still read, and what it sends discarded, after the answer: a client still
/// sending its head then reads the answer instead of a reset connection.
const LINGER: Duration = Duration::from_secs(2);

/// What a connection is served with.
pub(super) struct Served {
    pub(super) http: hyper::server::conn::http1::Builder,
    pub(super) app: Router,
    pub(super) stopping: watch::Receiver<bool>,
    pub(super) write_timeout: Duration,
    pub(super) max_head: usize,
}

/// Serves one connection until the client or the server ends it. `_place` is its place among
/// the connections the server holds, given back when it ends.
pub(super) async fn serve_connection(
    served: Served,
    stream: tokio::net::TcpStream,
    slot: Arc<Slot>,
    _place: OwnedSemaphorePermit,
) {
    let Served {
        http,
        app,
        mut stopping,
        write_timeout,
        max_head,
    } = served;
    let edge = Edge::new(
        WriteTimeout::new(stream, write_timeout),
        Arc::clone(&slot),
        max_head,
    );
    let app = TowerToHyperService::new(app);
    let requests = Arc::clone(&slot);
    // Boxed, so that the connection can be polled without being shut down, and its stream
    // taken back (`Connection::into_parts` needs an `Unpin` service future).
    let service = hyper::service::service_fn(move |request| {
        let answered = Answered::new(Arc::clone(&requests));
        let call = hyper::service::Service::call(&app, request);
        Box::pin(async move {
            let response = call.await?;
            Ok::<_, Infallible>(response.map(|body| {
                Body::new(CountedBody {
                    body,
                    _answered: answered,
                })
            }))
        })
    });
    let mut connection = http.serve_connection(TokioIo::new(edge), service);
    let mut closing = false;
    let result = loop {
        tokio::select! {
            result = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break result,
            _ = stopping.wait_for(|stop| *stop), if !closing => {}
            () = slot.asked_to_close(), if !closing => {}
        }
        // Between requests the connection closes now (a head not yet complete is dropped);
        // a request in progress gets its answer first, with `Connection: close`.
        closing = true;
        slot.ask_to_close();
        Pin::new(&mut connection).graceful_shutdown();
    };
    // On its way out: it no longer counts as a connection that could give way.
    slot.ask_to_close();
    let mut stream = connection.into_parts().io.into_inner().into_inner();
    if let Some(refusal) = slot.refusal() {
        let answer = refusal_response(refusal);
        let _ = tokio::time::timeout(LINGER, stream.write_all(&answer)).await;
        linger(stream, &mut stopping).await;
    } else if matches!(&result, Err(err) if err.is_parse()) {
        // hyper has answered a head it could not read (400): read on for a moment, so that
        // the client reads the answer rather than a reset.
        linger(stream, &mut stopping).await;
    } else {
        let _ = tokio::time::timeout(LINGER, stream.shutdown()).await;
    }
}

/// Closes the sending side, then reads and discards what the client still sends for
/// [`LINGER`] (or until the server stops).
async fn linger(mut stream: WriteTimeout, stopping: &mut watch::Receiver<bool>) {
    let _ = tokio::time::timeout(LINGER, stream.shutdown()).await;
    let mut stream = stream.into_inner();
    let mut discard = [0u8; 4096];
    let drain = async { while let Ok(1..) = stream.read(&mut discard).await {} };
    tokio::select! {
        _ = tokio::time::timeout(LINGER, drain) => {}
        _ = stopping.wait_for(|stop| *stop) => {}
    }
}

/// Counts a request as answered when dropped: when hyper has written its response's last
/// byte to its buffer (and drops the body), or when the request is given up.
struct Answered(Arc<Slot>);

impl Answered {
    fn new(slot: Arc<Slot>) -> Answered {
        slot.started();
        Answered(slot)
    }
}

impl Drop for Answered {
    fn drop(&mut self) {
        self.0.finished();
    }
}

/// A response body that counts its request as answered when hyper drops it.
struct CountedBody {
    body: Body,
    _answered: Answered,
}

impl hyper::body::Body for CountedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl std::fmt::Debug for CountedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CountedBody").finish_non_exhaustive()
    }
}
