//! Start-up checks.

use super::*;

#[test]
fn a_token_no_client_can_send_is_refused_at_start() {
    let _turn = turn();
    for token in [
        "",
        " x ",
        "x ",
        "a b",
        "tab\there",
        "bell\u{7}",
        "caf\u{e9}",
    ] {
        let (status, stderr) = run_briefly(&["serve", "--addr", "127.0.0.1:0", "--token", token])
            .unwrap_or_else(|| panic!("{token:?}: still serving 20 s later"));
        assert_eq!(status.code(), Some(2), "{token:?}: {stderr}");
        assert!(
            stderr.starts_with("error: invalid value ")
                && stderr.contains("for '--token <TOKEN>': the token "),
            "{token:?}: {stderr}"
        );
    }
    let (status, stderr) =
        run_briefly(&["serve", "--addr", "127.0.0.1:0", "--token", " x "]).expect("exits");
    assert!(!status.success());
    assert!(
        stderr.contains(
            "the token contains ' '; a client sends `Authorization: Bearer <token>` with a token \
             of printable ASCII characters and no spaces"
        ),
        "{stderr}"
    );
}

#[test]
fn a_data_file_may_start_with_a_byte_order_mark() {
    let _turn = turn();
    let mut contents = "\u{feff}".as_bytes().to_vec();
    contents.extend_from_slice(SAMPLE.as_bytes());
    let data = TempFile::new("bom.json", &contents);
    let server = Server::start(&["--data", data.path()]);
    let (response, _) = timed_get(
        &server.addr,
        &format!("{BETA}?limit=0&count=true"),
        Duration::from_secs(10),
    );
    let response = response.expect("answered");
    assert_eq!(response.status, 200);
    let total = format!("X-Total-Count: {}\r\n", sample().len());
    assert!(response.headers.contains(&total), "{}", response.headers);
    // `query` reads it the same way.
    let (status, stderr) =
        run_briefly(&["query", "--data", data.path(), "--limit", "0", "--count"]).expect("exits");
    assert!(status.success(), "{stderr}");
    assert_eq!(stderr.trim(), format!("X-Total-Count: {}", sample().len()));
}

#[test]
fn duplicate_ids_in_a_data_file_are_refused_naming_both_indexes() {
    let _turn = turn();
    let mut sessions = sample();
    let id = sessions[2]["id"].clone();
    sessions[5]["id"] = id.clone();
    let data = TempFile::new(
        "duplicates.json",
        &serde_json::to_vec(&sessions).expect("serializes"),
    );
    let expected = format!(
        "{}: the sessions at indexes 2 and 5 of the array have the same id {id}",
        data.path()
    );
    for command in ["serve", "query"] {
        let args: &[&str] = if command == "serve" {
            &["serve", "--addr", "127.0.0.1:0", "--data", data.path()]
        } else {
            &["query", "--data", data.path()]
        };
        let (status, stderr) =
            run_briefly(args).unwrap_or_else(|| panic!("{command}: still running 20 s later"));
        assert_eq!(status.code(), Some(1), "{command}: {stderr}");
        assert_eq!(stderr.trim(), expected, "{command}");
    }
}
