//! The smallest fake of a collection endpoint of your own: declare the endpoint once, take
//! `Collection<YourEndpoint>` in the handler, serve a `Vec` of records.
//!
//! ```sh
//! cargo run --features axum --example fake_server            # listens on 127.0.0.1:3000
//! curl 'http://127.0.0.1:3000/v3/widgets?filters=enabled+eq+true+and+name+sw+%22b%22&sorters=-created&count=true'
//! ```
//!
//! Every parameter is checked against the declaration: `filters=color eq "red"` or
//! `limit=500` get SailPoint's 400 body naming the problem. An address argument
//! (`127.0.0.1:0` for a free port) changes where it listens.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use sailpoint_filters::DateTime;
use sailpoint_filters::http::{Collection, serve};
use serde::Serialize;

/// A record of the made-up endpoint, as its JSON reads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Widget {
    id: String,
    name: String,
    enabled: bool,
    /// Any instant from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    created: DateTime,
}

sailpoint_filters::endpoint! {
    /// `GET /v3/widgets`: filter on `id`, `name`, `enabled`, `created`; sort by `name`, `created`.
    pub struct Widgets for Widget as "widgets";
    composites: [and, or, not];
    fields: {
        fn id("id"): string [eq, in] = |w| w.id.as_str();
        fn name("name"): string [eq, sw, co] sort [] = |w| w.name.as_str();
        fn enabled("enabled"): boolean [eq] = |w| w.enabled;
        fn created("created"): date_time [gt, ge, lt, le] sort [] = |w| w.created;
    }
}

/// `GET /v3/widgets`: a bad parameter never reaches here (the extractor answers 400).
async fn list(State(widgets): State<Arc<Vec<Widget>>>, query: Collection<Widgets>) -> Response {
    query.respond(&widgets)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let widget = |id: &str,
                  name: &str,
                  enabled: bool,
                  created: &str|
     -> Result<Widget, sailpoint_filters::DateTimeError> {
        Ok(Widget {
            id: id.to_owned(),
            name: name.to_owned(),
            enabled,
            created: created.parse()?,
        })
    };
    let widgets = vec![
        widget("w1", "bolt", true, "2024-01-05T10:00:00Z")?,
        widget("w2", "bracket", false, "2024-02-11T08:30:00Z")?,
        widget("w3", "Bearing", true, "2024-03-20T16:45:00Z")?,
        widget("w4", "cog", true, "2024-04-02T12:00:00Z")?,
        // "Never": the date many tenants use for no date at all.
        widget("w5", "spring", false, "9999-12-31T23:59:59Z")?,
    ];

    let app = Router::new()
        .route("/v3/widgets", get(list))
        .with_state(Arc::new(widgets));

    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener, app, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}
