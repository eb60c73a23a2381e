//! SailPoint's error bodies (SPEC §6).

/// The JSON body SailPoint sends with `400 Bad Request` and `500 Internal Server Error`.
///
/// ```
/// use sailpoint_filters::diag::ErrorBody;
///
/// let body = ErrorBody::bad_request("Invalid query parameter limit", vec!["limit must be an integer from 0 to 250, got `251`".into()]);
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["detailCode"], "400.1 Bad Request Content");
/// assert_eq!(json["messages"][0]["locale"], "en-US");
/// assert_eq!(json["messages"][0]["localeOrigin"], "DEFAULT");
/// assert_eq!(json["causes"][0]["text"], "limit must be an integer from 0 to 250, got `251`");
/// let tracking_id = json["trackingId"].as_str().unwrap();
/// assert!(tracking_id.len() == 32 && tracking_id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// `400.1 Bad Request Content` or `500.0 Internal Fault`.
    pub detail_code: String,
    /// A fresh 32-digit lowercase hex id.
    pub tracking_id: String,
    /// The one-line reason.
    pub messages: Vec<ErrorMessage>,
    /// One entry per specific problem.
    #[serde(default)]
    pub causes: Vec<ErrorMessage>,
}

/// One localized text of an [`ErrorBody`].
///
/// ```
/// use sailpoint_filters::diag::ErrorMessage;
/// assert_eq!(ErrorMessage::new("x").locale, "en-US");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessage {
    /// `en-US`.
    pub locale: String,
    /// `DEFAULT`.
    pub locale_origin: String,
    /// The text.
    pub text: String,
}

impl ErrorMessage {
    /// An `en-US`, `DEFAULT` message.
    pub fn new(text: impl Into<String>) -> ErrorMessage {
        ErrorMessage {
            locale: "en-US".to_owned(),
            locale_origin: "DEFAULT".to_owned(),
            text: text.into(),
        }
    }
}

impl ErrorBody {
    /// A `400.1 Bad Request Content` body.
    ///
    /// ```
    /// use sailpoint_filters::diag::ErrorBody;
    /// assert_eq!(ErrorBody::bad_request("x", vec![]).messages[0].text, "x");
    /// ```
    pub fn bad_request(message: impl Into<String>, causes: Vec<String>) -> ErrorBody {
        ErrorBody::new("400.1 Bad Request Content", message, causes)
    }

    /// A `500.0 Internal Fault` body.
    ///
    /// ```
    /// use sailpoint_filters::diag::ErrorBody;
    /// assert_eq!(ErrorBody::internal_fault("An internal fault occurred.").detail_code, "500.0 Internal Fault");
    /// ```
    pub fn internal_fault(message: impl Into<String>) -> ErrorBody {
        ErrorBody::new("500.0 Internal Fault", message, Vec::new())
    }

    /// A body with any detail code (`404 Not Found`, say), one message, these causes and a
    /// fresh tracking id.
    ///
    /// ```
    /// use sailpoint_filters::diag::ErrorBody;
    /// let body = ErrorBody::new("404 Not Found", "Not found.", vec!["no route for /x".into()]);
    /// assert_eq!((body.detail_code.as_str(), body.causes.len()), ("404 Not Found", 1));
    /// ```
    pub fn new(
        detail_code: impl Into<String>,
        message: impl Into<String>,
        causes: Vec<String>,
    ) -> ErrorBody {
        ErrorBody {
            detail_code: detail_code.into(),
            tracking_id: tracking_id(),
            messages: vec![ErrorMessage::new(message)],
            causes: causes.into_iter().map(ErrorMessage::new).collect(),
        }
    }
}

/// 32 lowercase hex digits, fresh for each call: two 64-bit values from the standard library's
/// randomly keyed hasher.
fn tracking_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64),
        );
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}
