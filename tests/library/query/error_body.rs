//! The 400 body.

use super::*;

fn is_tracking_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn the_error_body_has_sailpoints_shape() {
    let err = CollectionQuery::from_query_string("limit=251&offset=-1&count=yes").unwrap_err();
    let body = serde_json::to_value(err.to_error_body()).unwrap();
    let keys: BTreeSet<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["detailCode", "trackingId", "messages", "causes"])
    );
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
    assert!(
        is_tracking_id(body["trackingId"].as_str().unwrap()),
        "{body}"
    );

    let texts = |key: &str| -> Vec<String> {
        body[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                assert_eq!(m["locale"], "en-US", "{m}");
                assert_eq!(m["localeOrigin"], "DEFAULT", "{m}");
                assert_eq!(m.as_object().unwrap().len(), 3, "{m}");
                m["text"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let messages = texts("messages");
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0],
        "Invalid query parameters offset, limit, count: 3 problems"
    );
    assert_eq!(
        texts("causes"),
        [
            "offset must be an integer from 0 to 2147483647, got `-1`",
            "limit must be an integer from 0 to 250, got `251`",
            "count must be `true` or `false`, got `yes`",
        ]
    );
}

#[test]
fn error_bodies_have_a_one_line_message_and_a_cause_per_problem() {
    for (text, causes) in [
        ("limit=251", 1),
        ("filters=name+eq", 1),
        ("filters=name+eq+%22a%0Ab", 1),
        ("filters=%0A%0D%09", 1),
        ("filters=((a+eq+1)&sorters=a,,b", 2),
        ("limit=x&count=1&offset=%zz", 3),
        ("filters=%ff&filters=1", 2),
    ] {
        let err = CollectionQuery::from_query_string(text).unwrap_err();
        let body = err.to_error_body();
        assert_eq!(body.messages.len(), 1, "{text}");
        let message = &body.messages[0].text;
        assert!(!message.contains(['\n', '\r']), "{text}: {message:?}");
        assert!(
            message.starts_with("Invalid query parameter"),
            "{text}: {message}"
        );
        assert_eq!(body.causes.len(), causes, "{text}: {:?}", body.causes);
        let causes: Vec<&str> = body.causes.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(causes, err.messages(), "{text}");
        for cause in causes {
            assert!(!cause.contains(['\n', '\r']), "{text}: {cause:?}");
        }
        assert!(is_tracking_id(&body.tracking_id), "{}", body.tracking_id);
    }
    // A single problem is the message itself, naming its parameter.
    let body = CollectionQuery::from_query_string("count=yes")
        .unwrap_err()
        .to_error_body();
    assert!(
        body.messages[0]
            .text
            .contains("count must be `true` or `false`, got `yes`")
    );
    // Each body has its own tracking id.
    let err = CollectionQuery::from_query_string("limit=251").unwrap_err();
    assert_ne!(
        err.to_error_body().tracking_id,
        err.to_error_body().tracking_id
    );
}
