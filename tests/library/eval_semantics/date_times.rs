//! Date-times.

use super::*;

#[test]
fn date_times_compare_as_instants_whatever_their_offsets() {
    check_field(
        "created",
        &[
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T10:00:00+02:00"),
                true,
            ),
            (
                "created eq 2024-01-01T10:00:00+02:00",
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T03:00:00-05:00"),
                true,
            ),
            (
                "created ne 2024-01-01T08:00:00Z",
                json!("2024-01-01T10:00:00+02:00"),
                false,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00.000Z"),
                true,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00.001Z"),
                false,
            ),
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00+00:00"),
                true,
            ),
            // 09:00+02:00 is 07:00Z: earlier than 08:30Z, though it reads later.
            (
                "created gt 2024-01-01T09:00:00+02:00",
                json!("2024-01-01T08:30:00Z"),
                true,
            ),
            (
                "created lt 2024-01-01T09:00:00+02:00",
                json!("2024-01-01T08:30:00Z"),
                false,
            ),
            // 05:00-02:00 is 07:00Z: later than 06:00Z, though it reads earlier.
            (
                "created lt 2024-01-01T06:00:00Z",
                json!("2024-01-01T05:00:00-02:00"),
                false,
            ),
            (
                "created gt 2024-01-01T06:00:00Z",
                json!("2024-01-01T05:00:00-02:00"),
                true,
            ),
            // The same instant on different calendar days.
            (
                "created ge 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                true,
            ),
            (
                "created le 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                true,
            ),
            (
                "created gt 2023-12-31T23:00:00-01:00",
                json!("2024-01-01T00:00:00Z"),
                false,
            ),
            (
                "created gt 2024-01-01T00:30:00+01:00",
                json!("2023-12-31T23:45:00Z"),
                true,
            ),
            (
                "created in (2020-01-01T00:00:00Z, 2024-01-01T12:00:00+04:00)",
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                "created in (2020-01-01T00:00:00Z, 2024-01-01T12:00:00+04:01)",
                json!("2024-01-01T08:00:00Z"),
                false,
            ),
            // Nanoseconds count.
            (
                "created gt 2022-02-07T20:13:29.356648026Z",
                json!("2022-02-07T20:13:29.356648027Z"),
                true,
            ),
            // The whole range of SPEC §8, to the last instant of 9999.
            (
                "created eq 9999-12-31T23:59:59Z",
                json!("9999-12-31T23:59:59Z"),
                true,
            ),
            (
                "created eq 9999-12-31T23:59:59Z",
                json!("9999-12-31T23:59:59.000000001Z"),
                false,
            ),
            (
                "created gt 2024-01-01T00:00:00Z",
                json!("9999-12-31T23:59:59.999999999Z"),
                true,
            ),
            (
                "created eq 0000-01-01T00:00:00Z",
                json!("0000-01-01T00:00:00Z"),
                true,
            ),
            (
                "created lt 0001-01-01T00:00:00Z",
                json!("0000-12-31T23:00:00-01:00"),
                false,
            ),
            (
                "created le 0001-01-01T00:00:00Z",
                json!("0000-12-31T23:00:00-01:00"),
                true,
            ),
        ],
    );
}

#[test]
fn quoted_date_times_on_a_date_time_field_are_date_times() {
    check_field(
        "created",
        &[
            (
                r#"created eq "2024-01-01T10:00:00+02:00""#,
                json!("2024-01-01T08:00:00Z"),
                true,
            ),
            (
                r#"created lt "2024-01-01T09:00:00+02:00""#,
                json!("2024-01-01T08:30:00Z"),
                false,
            ),
            // SailPoint's published example, on both sides of it.
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T20:13:29.356648027Z"),
                true,
            ),
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T20:13:29.356648025Z"),
                false,
            ),
            (
                r#"created ge "2022-02-07T20:13:29.356648026Z""#,
                json!("2022-02-07T22:13:29.356648026+02:00"),
                true,
            ),
        ],
    );
}

#[test]
fn text_that_is_not_a_date_time_never_compares_on_a_date_time_field() {
    check_field(
        "created",
        &[
            ("created eq 2024-01-01T08:00:00Z", json!("yesterday"), false),
            ("created ne 2024-01-01T08:00:00Z", json!("yesterday"), true),
            ("created gt 0001-01-01T00:00:00Z", json!("yesterday"), false),
            ("created lt 9999-01-01T00:00:00Z", json!("yesterday"), false),
            // No offset: not an RFC 3339 date-time.
            (
                "created eq 2024-01-01T08:00:00Z",
                json!("2024-01-01T08:00:00"),
                false,
            ),
            (
                "created gt 0001-01-01T00:00:00Z",
                json!("2024-01-01"),
                false,
            ),
            // A present value, though: not null.
            ("pr created", json!("yesterday"), true),
            ("created isnull", json!("yesterday"), false),
        ],
    );
}
