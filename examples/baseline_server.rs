//! The fair baseline of `scripts/load_check.sh`: what `spfilter serve` does for a request, less
//! the query.
//!
//! At start it computes, once and with the library, the response `spfilter serve` gives to one
//! query over the built-in sample (its status, headers and body bytes); then it answers every
//! `GET` of the sessions' path with those bytes. Everything else is as `spfilter serve` has it:
//! the same server loop (`serve_with`, default options), the bearer token check, and the same
//! request log — a line per request on stderr, through a lossy non-blocking writer with the
//! same buffer, at the same level. So the ratio of the two servers' throughput measures the
//! query path: reading and checking the parameters, matching, sorting, paging, writing JSON.
//!
//! ```sh
//! cargo run --release --features cli --example baseline_server -- 127.0.0.1:0 'filters=saved+eq+true&limit=5'
//! ```

// The request log of `spfilter serve`, the same code.
#[path = "../src/bin/spfilter/request_log.rs"]
mod request_log;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sailpoint_filters::QueryOptions;
use sailpoint_filters::http::{Collection, ServeOptions, authorize, serve_with};
use sailpoint_filters::role_mining_sessions::{self, RoleMiningSessions};

/// The precomputed answer.
#[derive(Clone)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn precomputed(State(answer): State<Answer>, headers: HeaderMap) -> Response {
    if let Err(unauthorized) = authorize(&headers, None) {
        return unauthorized.into_response();
    }
    (answer.status, answer.headers.clone(), answer.body.clone()).into_response()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8082".to_owned());
    let query = args.next().unwrap_or_default();

    // The log `spfilter serve` starts.
    let (_guard, _dropped) = request_log::start_log(false)?;

    // The answer, once.
    let sessions = role_mining_sessions::sample();
    let uri: Uri = format!("/beta/role-mining-sessions?{query}").parse()?;
    let response = Collection::<RoleMiningSessions>::from_uri(&uri, &QueryOptions::default())
        .map_err(|rejection| rejection.error().to_string())?
        .respond(&sessions);
    let (parts, body) = response.into_parts();
    let answer = Answer {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX).await?,
    };
    eprintln!(
        "baseline: {} with {} body bytes for every GET",
        answer.status,
        answer.body.len()
    );

    let app = Router::new()
        .route("/beta/role-mining-sessions", get(precomputed))
        .with_state(answer)
        .layer(middleware::from_fn(request_log::log_request));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve_with(
        listener,
        app,
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
        ServeOptions::default(),
    )
    .await;
    Ok(())
}
