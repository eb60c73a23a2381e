//! Pages and 400 bodies, over the sample sessions and a data file.

use super::*;

#[tokio::test]
async fn pages_equal_collection_query_run_on_both_paths() {
    let server = Server::start(&[]);
    let sessions = sample();
    let queries = [
        "",
        "filters=saved+eq+%22true%22&sorters=-createdDate&limit=5&count=true",
        "filters=saved%20eq%20%22true%22%20and%20name%20sw%20%22RM%20Session%22&count=true",
        "filters=name+sw+%22rm+session%22&sorters=createdBy,-createdDate&offset=3&limit=4&count=true",
        "filters=not+saved+eq+true+or+name+eq+%22SITZUNG+M%C3%9CLLER%22&sorters=-createdBy",
        "filters=(name+eq+'Helpdesk+tier+2')or+(saved+eq+false)&count=false",
        "sorters=createdDate&offset=70&limit=10&count=true",
        "sorters=+-createdDate+,+createdBy+&offset=10&limit=10",
        "offset=1000&count=true",
        "limit=0&count=true",
        "filters=saved+eq+false&unknown=1&x",
        "count=true&limit=250&offset=0",
    ];
    for path in [BETA, V1] {
        for query in queries {
            let target = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            let (status, headers, body) = get(&server, &target).await;
            assert_eq!(status, StatusCode::OK, "{target}: {body}");
            assert_eq!(headers["content-type"], "application/json", "{target}");
            let (items, total, count) = expected(&sessions, query);
            assert_eq!(json(&body), items, "{target}");
            match headers.get("x-total-count") {
                Some(value) => {
                    assert!(count, "{target}: X-Total-Count without count=true");
                    assert_eq!(
                        value.to_str().ok(),
                        Some(total.to_string().as_str()),
                        "{target}"
                    );
                }
                None => assert!(!count, "{target}: count=true without X-Total-Count"),
            }
        }
    }
    // The sample's shape: the main job's filter matches, paging cuts.
    let (_, headers, body) = get(
        &server,
        &format!("{BETA}?filters=saved+eq+%22true%22&limit=3&count=true"),
    )
    .await;
    assert_eq!(json(&body).as_array().map(Vec::len), Some(3));
    let total: usize = headers["x-total-count"]
        .to_str()
        .ok()
        .and_then(|t| t.parse().ok())
        .expect("X-Total-Count is a number");
    assert!(total > 3, "{total}");
}

#[tokio::test]
async fn serves_a_data_file_read_once_and_never_written() {
    let mut sessions = sample();
    sessions.truncate(3);
    sessions[0].name = Some("Zeta".to_owned());
    sessions[1].name = Some("alpha".to_owned());
    sessions[2].name = None;
    let dir = std::env::temp_dir().join(format!("spfilter-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("sessions.json");
    let text = serde_json::to_string_pretty(&sessions).expect("JSON");
    std::fs::write(&file, &text).expect("data file written");
    let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok();

    let server = Server::start(&["--data", file.to_str().expect("UTF-8 path")]);
    // Removing the file does not matter: it was read at start.
    std::fs::remove_file(&file).expect("data file removed");
    for query in [
        "",
        "filters=name+sw+%22a%22&count=true",
        "sorters=-createdDate&limit=2",
    ] {
        let (status, _, body) = get(&server, &format!("{V1}?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(json(&body), expected(&sessions, query).0, "{query}");
    }
    assert!(modified.is_some());
    assert!(!file.exists(), "the server wrote the data file back");
    let _ = std::fs::remove_dir(&dir);

    // A file that is not sessions: a message and exit status 1, nothing served.
    let bad = std::env::temp_dir().join(format!("spfilter-http-bad-{}.json", std::process::id()));
    std::fs::write(&bad, "{\"not\": \"a list\"}").expect("bad file written");
    let output = Command::new(env!("CARGO_BIN_EXE_spfilter"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&bad)
        .output()
        .expect("spfilter runs");
    let _ = std::fs::remove_file(&bad);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is not a JSON array of role mining sessions"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn a_bad_filter_gets_sailpoints_400_body() {
    let server = Server::start(&[]);
    let cases = [
        (
            "filters=saved+sw+%22x%22",
            "filters: column 7: `sw` is not supported on field `saved` of role-mining-sessions; `saved` supports: eq",
        ),
        (
            "filters=name+EQ+%22x%22",
            "filters: column 6: `EQ` must be lowercase: write `eq`",
        ),
        ("filters=nmae+eq+%22x%22", "filters: column 1: "),
        ("filters=saved+eq+%22yes%22", "filters: column 10: "),
        ("filters=name+eq+null", "filters: column 9: "),
        ("sorters=name", "sorters: "),
        ("filters=", "filters: "),
    ];
    for (query, cause) in cases {
        let target = format!("{BETA}?{query}");
        let (status, headers, body) = get(&server, &target).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{target}: {body}");
        assert_eq!(headers["content-type"], "application/json");
        let causes = assert_bad_request_body(&body);
        assert!(
            causes.iter().any(|c| c.starts_with(cause)),
            "{target}: no cause starting with {cause:?} in {causes:?}"
        );
        // Exactly what the library reports for the same query string.
        let err = CollectionQuery::from_query_string_for(
            query,
            RoleMiningSessions::schema(),
            &QueryOptions::default(),
        )
        .expect_err("the library refuses it too");
        assert_eq!(causes, err.messages(), "{target}");
        assert_eq!(
            json(&body)["messages"][0]["text"],
            err.summary(),
            "{target}"
        );
    }
}

#[tokio::test]
async fn malformed_query_strings_get_a_400_naming_the_problem() {
    let server = Server::start(&[]);
    let long_filter = format!("filters=name+eq+%22{}%22", "a".repeat(60 * 1024));
    let cases: [(&str, &str); 9] = [
        (
            "filters=name+eq+%zz",
            "filters: `%zz` is not a percent-encoded byte (expected % and two hex digits)",
        ),
        (
            "filters=name+eq+%22a%2",
            "filters: `%2` is not a percent-encoded byte",
        ),
        (
            "filters=%FF%FE",
            "filters: the percent-decoded bytes are not UTF-8",
        ),
        (
            "limit=5&limit=6",
            "limit: the parameter is given more than once",
        ),
        (
            "filters=saved+eq+true&sorters=createdBy&filters=saved+eq+false",
            "filters: the parameter is given more than once",
        ),
        (
            "limit=251",
            "limit must be an integer from 0 to 250, got `251`",
        ),
        (
            "offset=-1",
            "offset must be an integer from 0 to 2147483647, got `-1`",
        ),
        ("count=yes", "count must be `true` or `false`, got `yes`"),
        (
            &long_filter,
            "filters: column 16385: the filter is 61450 bytes long, over the limit of 16384 bytes",
        ),
    ];
    for (query, cause) in cases {
        let target = format!("{BETA}?{query}");
        let shown = &target[..target.len().min(80)];
        let (status, _, body) = get(&server, &target).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{shown}: {body}");
        let causes = assert_bad_request_body(&body);
        assert!(
            causes.iter().any(|c| c.starts_with(cause)),
            "{shown}: no cause starting with {cause:?} in {causes:?}"
        );
    }
    // Several problems at once: every one named, in one body.
    let (status, _, body) = get(
        &server,
        &format!("{V1}?limit=251&offset=-1&count=yes&filters=%zz"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let causes = assert_bad_request_body(&body);
    assert_eq!(causes.len(), 4, "{causes:?}");
    assert!(
        json(&body)["messages"][0]["text"]
            .as_str()
            .is_some_and(
                |m| m.starts_with("Invalid query parameters ") && m.ends_with(": 4 problems")
            ),
        "{body}"
    );
}

/// `serve --strict` refuses exactly the filters `check --strict` refuses, with the same
/// message as the 400 body's cause; the lenient server takes them all.
#[tokio::test]
async fn serve_strict_refuses_what_check_strict_refuses() {
    let strict = Server::start(&["--strict"]);
    let lenient = Server::start(&[]);
    let mut refused = 0;
    for filter in [
        "name eq 5",
        "name eq 'RM Session'",
        "name sw RM",
        "saved eq \"true\" and name eq 5",
        "name eq \"RM Session\"",
        "saved eq true",
    ] {
        let check = Command::new(env!("CARGO_BIN_EXE_spfilter"))
            .args(["check", "--strict", filter])
            .output()
            .expect("spfilter check runs");
        let query = serde_urlencoded::to_string([("filters", filter)]).unwrap();
        let (status, _, body) = get(&strict, &format!("{BETA}?{query}")).await;
        let (lenient_status, _, _) = get(&lenient, &format!("{BETA}?{query}")).await;
        assert_eq!(lenient_status, StatusCode::OK, "{filter}");
        if check.status.success() {
            assert_eq!(status, StatusCode::OK, "{filter}: {body}");
            continue;
        }
        refused += 1;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{filter}");
        // `invalid filter for role-mining-sessions at column 9: …` on the command line is
        // `filters: column 9: …` in the body.
        let message = String::from_utf8(check.stderr).unwrap();
        let first_line = message.lines().next().unwrap();
        let problem = first_line
            .strip_prefix("invalid filter for role-mining-sessions at column ")
            .unwrap_or_else(|| panic!("{first_line}"));
        let body = json(&body);
        assert_eq!(
            body["causes"][0]["text"],
            format!("filters: column {problem}")
        );
        assert_eq!(body["causes"].as_array().unwrap().len(), 1);
    }
    assert_eq!(refused, 4);
}
