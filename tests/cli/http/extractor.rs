//! The extractor in a server of one's own.

use super::*;

mod own_endpoint {
    use std::sync::Arc;

    use axum::extract::State;
    use axum::response::Response;
    use axum::routing::get;
    use axum::{Extension, Router};
    use sailpoint_filters::Syntax;
    use sailpoint_filters::http::Collection;
    use sailpoint_filters::query::QueryOptions;
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Gadget {
        pub id: String,
        pub rank: i64,
    }

    sailpoint_filters::endpoint! {
        pub struct Gadgets for Gadget as "gadgets";
        composites: [and];
        fields: {
            fn id("id"): string [eq, in] = |g| g.id.as_str();
            fn rank("rank"): integer [eq, gt, lt] sort [] = |g| g.rank;
        }
    }

    async fn list(State(gadgets): State<Arc<Vec<Gadget>>>, query: Collection<Gadgets>) -> Response {
        query.respond(&gadgets)
    }

    /// Serves the gadgets with these options on a free port; returns the base URL.
    pub async fn serve(options: Option<QueryOptions>) -> String {
        let gadgets: Vec<Gadget> = (0..10)
            .map(|i| Gadget {
                id: format!("g{i}"),
                rank: (i * 7) % 10,
            })
            .collect();
        let mut app = Router::new()
            .route("/gadgets", get(list))
            .with_state(Arc::new(gadgets));
        if let Some(options) = options {
            app = app.layer(Extension(options));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}/gadgets")
    }

    pub fn strict() -> QueryOptions {
        QueryOptions::default()
            .with_syntax(Syntax::Strict)
            .with_max_length(1024)
    }
}

#[tokio::test]
async fn the_extractor_serves_a_declared_endpoint_of_ones_own() {
    let base = own_endpoint::serve(None).await;
    let client = client();
    let response = client
        .get(format!(
            "{base}?filters=rank+gt+2+and+rank+lt+8&sorters=-rank&limit=3&count=true"
        ))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-total-count"], "5");
    let body = json(&response.text().await.expect("body"));
    let ranks: Vec<i64> = body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|g| g["rank"].as_i64())
        .collect();
    assert_eq!(ranks, [7, 6, 5]);

    // The declaration is the schema: `or` is not allowed, `id` is not sortable.
    let response = client
        .get(format!("{base}?filters=rank+eq+1+or+rank+eq+2&sorters=id"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert!(
        causes[0].starts_with("filters: ") && causes[0].contains("`or`"),
        "{causes:?}"
    );
    assert!(
        causes[1].starts_with("sorters: ") && causes[1].contains("`id`"),
        "{causes:?}"
    );
}

#[tokio::test]
async fn the_extractor_takes_its_options_from_an_extension() {
    let base = own_endpoint::serve(Some(own_endpoint::strict())).await;
    let client = client();
    // The bound on the query string.
    let long = format!("{base}?filters=id+eq+%22{}%22", "x".repeat(2000));
    let response = client.get(&long).send().await.expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(
        causes,
        ["the query string is 2020 bytes long, over the limit of 1024 bytes"]
    );
    // The strict syntax.
    let response = client
        .get(format!("{base}?filters=id+eq+g1"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert!(causes[0].contains("write \"g1\""), "{causes:?}");
    let response = client
        .get(format!("{base}?filters=id+eq+%22g1%22"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    // The syntax holds for checking against the endpoint too: a bare integer parses in either
    // syntax, but the strict one does not read it as a string.
    let response = client
        .get(format!("{base}?filters=id+eq+5"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&response.text().await.expect("body"));
    assert_eq!(
        causes,
        [
            "filters: column 7: `id` is a string field and takes a string, not 5 (the strict syntax needs quotes: \"5\")"
        ]
    );
    let lenient = own_endpoint::serve(None).await;
    let response = client
        .get(format!("{lenient}?filters=id+eq+5"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("body"), "[]");
}
