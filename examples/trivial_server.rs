//! The ceiling for `scripts/load_check.sh`: a trivial axum handler on the same runtime and
//! server loop as `spfilter serve`, answering every `GET /` with a constant JSON array and doing
//! no work.
//!
//! ```sh
//! cargo run --release --features axum --example trivial_server -- 127.0.0.1:0
//! ```

use axum::Router;
use axum::http::header;
use axum::routing::get;

async fn constant() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    ([(header::CONTENT_TYPE, "application/json")], "[]")
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/", get(constant));
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8081".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    sailpoint_filters::http::serve(listener, app, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}
