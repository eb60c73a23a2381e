//! What a client of a SailPoint endpoint writes: filters and whole queries as serde query pairs
//! (so that `reqwest`'s `.query(&…)` sends them), typed queries of an endpoint, and date-time
//! values from text, jiff, chrono and time — checked against an in-process fake over loopback.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::http::Collection;
use sailpoint_filters::query::EndpointQuery;
use sailpoint_filters::role_mining_sessions::{
    self, RoleMiningSession, RoleMiningSessions, created_date, name, saved,
};
use sailpoint_filters::{CollectionQuery, DateTime, DateTimeError, Filter, Paging, Sorters};
use serde_json::Value;

/// An in-process fake of `GET /beta/role-mining-sessions` over the sample sessions; its
/// address, and the task that serves it (aborted when dropped).
struct Fake {
    base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn list(
    State(sessions): State<Arc<Vec<RoleMiningSession>>>,
    query: Collection<RoleMiningSessions>,
) -> Response {
    query.respond(&sessions)
}

async fn fake() -> Fake {
    let app = Router::new()
        .route("/beta/role-mining-sessions", get(list))
        .with_state(Arc::new(role_mining_sessions::sample()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let base = format!("http://{}", listener.local_addr().expect("has an address"));
    let task = tokio::spawn(sailpoint_filters::http::serve(
        listener,
        app,
        std::future::pending(),
    ));
    Fake { base, task }
}

/// The ids of the page the fake answers for a request built with `query`, and its
/// `X-Total-Count`.
async fn ids_of<Q: serde::Serialize + ?Sized>(
    fake: &Fake,
    query: &Q,
) -> (reqwest::StatusCode, Vec<String>, Option<String>) {
    let response = reqwest::Client::new()
        .get(format!("{}/beta/role-mining-sessions", fake.base))
        .query(query)
        .send()
        .await
        .expect("answered");
    let status = response.status();
    let total = response
        .headers()
        .get("x-total-count")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = serde_json::from_str(&response.text().await.expect("a body")).expect("JSON");
    let ids = match body.as_array() {
        Some(items) => items
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect(),
        None => vec![body.to_string()],
    };
    (status, ids, total)
}

/// The ids and total the library computes for the same query, independently of HTTP.
fn expected(query: &CollectionQuery) -> (Vec<String>, String) {
    let checked = query
        .check(
            RoleMiningSessions::schema(),
            sailpoint_filters::Syntax::Lenient,
        )
        .unwrap();
    let sessions = role_mining_sessions::sample();
    let page = checked.run(&sessions).unwrap();
    let ids = page.items.iter().map(|s| s.id.clone()).collect();
    (ids, page.total.to_string())
}

#[tokio::test]
async fn reqwest_sends_a_collection_query_as_its_query_pairs() {
    let fake = fake().await;
    let query = CollectionQuery::new(
        Some(Filter::parse(r#"saved eq true and name sw "RM Session""#).unwrap()),
        Sorters::parse("-createdDate").unwrap(),
        Paging::new(1, 3, true).unwrap(),
    );
    let (status, ids, total) = ids_of(&fake, &query).await;
    assert_eq!(status, 200);
    let (want, want_total) = expected(&query);
    assert_eq!(ids.len(), 3);
    assert_eq!(ids, want);
    assert_eq!(total, Some(want_total));
}

#[tokio::test]
async fn reqwest_sends_a_typed_query() {
    let fake = fake().await;
    let typed = RoleMiningSessions::query()
        .filter(saved().eq(true).and(name().sw("RM Session")))
        .sort(created_date().desc())
        .limit::<4>()
        .count(true);
    let (status, ids, total) = ids_of(&fake, &typed).await;
    assert_eq!(status, 200);
    let (want, want_total) = expected(&typed.to_query());
    assert_eq!(ids.len(), 4);
    assert_eq!(ids, want);
    assert_eq!(total, Some(want_total));
    // The same page as the typed query checked and run in process.
    let sessions = role_mining_sessions::sample();
    let page = typed.checked().unwrap().run(&sessions).unwrap();
    let local: Vec<String> = page.items.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, local);
}

/// A struct of the caller's own, with the filter as text.
#[derive(serde::Serialize)]
struct Params {
    #[serde(with = "sailpoint_filters::filter::as_text")]
    filters: Filter,
    sorters: Sorters,
    limit: u32,
}

#[tokio::test]
async fn a_filter_field_of_the_callers_own_struct_is_sent_as_text() {
    let fake = fake().await;
    let params = Params {
        filters: saved().eq(false).into(),
        sorters: created_date().asc().into(),
        limit: 2,
    };
    assert_eq!(
        serde_urlencoded::to_string(&params).unwrap(),
        "filters=saved+eq+false&sorters=createdDate&limit=2"
    );
    let (status, ids, total) = ids_of(&fake, &params).await;
    assert_eq!(status, 200);
    let query =
        CollectionQuery::from_query_string(&serde_urlencoded::to_string(&params).unwrap()).unwrap();
    assert_eq!(ids, expected(&query).0);
    assert_eq!(total, None);
    // Without the adapter a filter is a JSON tree, which a query string cannot hold.
    #[derive(serde::Serialize)]
    struct Plain {
        filters: Filter,
    }
    let plain = Plain {
        filters: saved().eq(false).into(),
    };
    assert!(serde_urlencoded::to_string(&plain).is_err());
}

#[tokio::test]
async fn a_query_the_endpoint_refuses_gets_its_400() {
    let fake = fake().await;
    let query = CollectionQuery::new(
        Some(Filter::parse(r#"saved sw "x""#).unwrap()),
        Sorters::default(),
        Paging::DEFAULT,
    );
    let (status, body, _) = ids_of(&fake, &query).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_str(&body[0]).unwrap();
    assert_eq!(
        body["causes"][0]["text"],
        "filters: column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq"
    );
}

#[test]
fn query_pairs_read_back() {
    let typed = RoleMiningSessions::query()
        .filter(name().eq("RM Session - Sales"))
        .offset(10)
        .try_limit(20)
        .unwrap();
    let text = serde_urlencoded::to_string(&typed).unwrap();
    assert_eq!(
        text,
        "filters=name+eq+%22RM+Session+-+Sales%22&offset=10&limit=20"
    );
    let read: CollectionQuery = serde_urlencoded::from_str(&text).unwrap();
    assert_eq!(read, typed.to_query());
    let json: CollectionQuery =
        serde_json::from_str(r#"{"filters": "name eq \"x\"", "limit": 20, "count": true}"#)
            .unwrap();
    assert_eq!(
        json.to_query_string(),
        "filters=name+eq+%22x%22&limit=20&count=true"
    );
    let err = serde_json::from_str::<CollectionQuery>(r#"{"filters": "name EQ 1", "count": 2}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "filters: column 6: `EQ` must be lowercase: write `eq`; count must be `true` or `false`, got `2` at line 1 column 36"
    );
}

#[test]
fn date_time_values_come_from_text_and_from_every_date_time_crate() -> Result<(), DateTimeError> {
    let from_text: DateTime = "2024-01-01T02:00:00+02:00".parse()?;
    let from_jiff = DateTime::try_from("2024-01-01T00:00:00Z".parse::<jiff::Timestamp>().unwrap())?;
    assert_eq!(from_text, from_jiff);
    #[cfg(feature = "chrono")]
    {
        let utc = chrono::DateTime::parse_from_rfc3339("2023-12-31T20:00:00-04:00").unwrap();
        assert_eq!(DateTime::try_from(utc)?, from_text);
    }
    #[cfg(feature = "time")]
    {
        let t = time::OffsetDateTime::from_unix_timestamp(1_704_067_200).unwrap();
        assert_eq!(DateTime::try_from(t)?, from_text);
    }
    // A typed date-time field takes the value; the filter prints it in UTC.
    use sailpoint_filters::endpoint;
    pub struct Event {
        at: jiff::Timestamp,
    }
    endpoint! {
        pub struct Events for Event as "events";
        composites: [and];
        fields: { fn at("at"): date_time [gt, lt] = |e| e.at; }
    }
    assert_eq!(at().gt(from_text).to_string(), "at gt 2024-01-01T00:00:00Z");
    // The "never" date of many tenants is past jiff's range, not past SailPoint's.
    let never: DateTime = "9999-12-31T23:59:59Z".parse()?;
    assert_eq!(at().lt(never).to_string(), "at lt 9999-12-31T23:59:59Z");
    // Text that is not an RFC 3339 date-time says why.
    assert_eq!(
        "2024-02-30T00:00:00Z"
            .parse::<DateTime>()
            .unwrap_err()
            .to_string(),
        "day 30 is not a day of 2024-02, which has 29 days"
    );
    let _ = Events::schema();
    Ok(())
}
