//! Date-times over SailPoint's whole range (SPEC §8): read from RFC 3339 text, compared as
//! instants, printed in UTC.

use std::fmt;

use jiff::SignedDuration;
use jiff::civil;

mod fast;

/// An instant from `0000-01-01T00:00:00Z` to `9999-12-31T23:59:59.999999999Z`: the value of a
/// date-time field or filter value (SPEC §8).
///
/// It is read from RFC 3339 text with a 4-digit year, `T` (or `t`), hour `00`–`23`, minute and
/// second `00`–`59` (a leap second `60` reads as `59`), up to nine fractional digits, and `Z`
/// (or `z`) or an offset `±HH:MM` with `HH` at most `23`. It compares by its instant and prints
/// in UTC with the fewest fractional digits (none when zero).
///
/// The whole range is covered, including `9999-12-31T23:59:59Z`, the "never" date of many
/// tenants, which is past the last instant [`jiff::Timestamp`] holds: convert with
/// [`DateTime::to_timestamp`] where a `jiff::Timestamp` is needed.
///
/// ```
/// use sailpoint_filters::DateTime;
///
/// let when: DateTime = "2023-02-05T10:59:27.214+02:00".parse()?;
/// assert_eq!(when.to_string(), "2023-02-05T08:59:27.214Z");
/// let never: DateTime = "9999-12-31T23:59:59Z".parse()?;
/// assert!(never > when);
/// assert_eq!(never, DateTime::MAX.truncated_to_second());
///
/// let err = "2024-01-01T00:00:00+25:00".parse::<DateTime>().unwrap_err();
/// assert_eq!(err.to_string(), "the offset +25:00 is not one: its hours are 00 to 23");
/// # Ok::<(), sailpoint_filters::DateTimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    second: i64,
    /// Nanoseconds after `second`: `0..1_000_000_000`.
    nanosecond: u32,
}

/// `0000-01-01T00:00:00Z`, in seconds since the Unix epoch.
const FIRST_SECOND: i64 = -62_167_219_200;
/// `9999-12-31T23:59:59Z`, in seconds since the Unix epoch.
const LAST_SECOND: i64 = 253_402_300_799;

impl DateTime {
    /// The earliest date-time: `0000-01-01T00:00:00Z`.
    pub const MIN: DateTime = DateTime {
        second: FIRST_SECOND,
        nanosecond: 0,
    };

    /// The latest date-time: `9999-12-31T23:59:59.999999999Z`.
    pub const MAX: DateTime = DateTime {
        second: LAST_SECOND,
        nanosecond: 999_999_999,
    };

    /// The date-time `second` seconds and `nanosecond` nanoseconds after the Unix epoch, if it
    /// is in range.
    ///
    /// ```
    /// use sailpoint_filters::DateTime;
    /// assert_eq!(DateTime::from_unix(0, 5)?.to_string(), "1970-01-01T00:00:00.000000005Z");
    /// assert!(DateTime::from_unix(i64::MAX, 0).is_err());
    /// # Ok::<(), sailpoint_filters::DateTimeError>(())
    /// ```
    pub fn from_unix(second: i64, nanosecond: u32) -> Result<DateTime, DateTimeError> {
        if nanosecond >= 1_000_000_000 {
            return Err(DateTimeError::OutOfRange);
        }
        DateTime::in_range(DateTime { second, nanosecond })
    }

    /// Seconds since the Unix epoch (negative before 1970).
    pub const fn as_second(self) -> i64 {
        self.second
    }

    /// Nanoseconds after [`DateTime::as_second`].
    pub const fn subsec_nanosecond(self) -> u32 {
        self.nanosecond
    }

    /// The same instant without its fraction of a second.
    pub const fn truncated_to_second(self) -> DateTime {
        DateTime {
            second: self.second,
            nanosecond: 0,
        }
    }

    /// The instant as a [`jiff::Timestamp`], if jiff can hold it (it cannot from
    /// `9999-12-30T22:00:01Z` on).
    ///
    /// ```
    /// use sailpoint_filters::DateTime;
    /// let when: DateTime = "2024-07-10T15:04:05Z".parse()?;
    /// assert_eq!(when.to_timestamp().unwrap().to_string(), "2024-07-10T15:04:05Z");
    /// assert!(DateTime::MAX.to_timestamp().is_none());
    /// # Ok::<(), sailpoint_filters::DateTimeError>(())
    /// ```
    pub fn to_timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::new(self.second, self.nanosecond as i32).ok()
    }

    /// Any instant jiff holds, whether or not it is in range: for reading the fields of
    /// records, whose values are compared, never printed as filter values.
    pub(crate) fn from_timestamp_unchecked(timestamp: jiff::Timestamp) -> DateTime {
        DateTime::from_parts(timestamp.as_second(), timestamp.subsec_nanosecond())
    }

    /// Any instant, whether or not it is in range: for reading the fields of records (see
    /// [`DateTime::from_timestamp_unchecked`]).
    #[cfg(any(feature = "chrono", feature = "time"))]
    pub(crate) fn from_unix_unchecked(second: i64, nanosecond: u32) -> DateTime {
        DateTime {
            second: second.saturating_add(i64::from(nanosecond / 1_000_000_000)),
            nanosecond: nanosecond % 1_000_000_000,
        }
    }

    /// Seconds and a fraction whose sign follows the seconds' (as jiff keeps them), with the
    /// fraction made non-negative.
    fn from_parts(second: i64, nanosecond: i32) -> DateTime {
        if nanosecond < 0 {
            DateTime {
                second: second - 1,
                nanosecond: (1_000_000_000 + nanosecond) as u32,
            }
        } else {
            DateTime {
                second,
                nanosecond: nanosecond as u32,
            }
        }
    }

    /// Whether the instant is in `DateTime::MIN..=DateTime::MAX` (every date-time read from
    /// text or made by a checked constructor is; one converted from a record's
    /// `jiff::Timestamp` may not be).
    pub fn is_in_range(self) -> bool {
        (DateTime::MIN..=DateTime::MAX).contains(&self)
    }

    fn in_range(self) -> Result<DateTime, DateTimeError> {
        if self.is_in_range() {
            Ok(self)
        } else {
            Err(DateTimeError::OutOfRange)
        }
    }

    /// The civil date-time in UTC (jiff's civil type spans years -9999 to 9999, which holds
    /// every instant a `DateTime` can be).
    fn to_civil(self) -> Option<civil::DateTime> {
        EPOCH
            .checked_add(SignedDuration::new(self.second, self.nanosecond as i32))
            .ok()
    }

    /// The instant's RFC 3339 spelling at a UTC offset of `offset_seconds` (whole minutes,
    /// under a day): `2024-07-01T02:00:00+02:00`; `None` when the local time falls outside
    /// years 0000–9999. (For the generators of filter text in varied spellings.)
    #[cfg(any(test, feature = "proptest"))]
    pub(crate) fn local_text(self, offset_seconds: i32) -> Option<String> {
        let local = self
            .to_civil()?
            .checked_add(SignedDuration::from_secs(i64::from(offset_seconds)))
            .ok()?;
        if !(0..=9999).contains(&local.year()) {
            return None;
        }
        let sign = if offset_seconds < 0 { '-' } else { '+' };
        let minutes = offset_seconds.unsigned_abs() / 60;
        Some(format!(
            "{local}{sign}{:02}:{:02}",
            minutes / 60,
            minutes % 60
        ))
    }

    /// Reads RFC 3339 text as SPEC §8 states it, without allocating (also when the text is
    /// not a date-time, which is most text a record holds).
    ///
    /// The usual spellings (`2023-04-12T08:31:05.250Z`, `…+02:00`) are read at fixed positions
    /// with integer calendar arithmetic; everything else — other text, and every error — goes
    /// to [`DateTime::read_general`], whose answers the fast path's agree with.
    pub(crate) fn read(text: &str) -> Result<DateTime, DateTimeError> {
        match fast::read(text.as_bytes()) {
            Some(time) => Ok(time),
            None => DateTime::read_general(text),
        }
    }

    /// Reads RFC 3339 text as SPEC §8 states it: the reader of every spelling and every error.
    ///
    /// The shape is tested byte by byte, the fields' ranges against the calendar (jiff's
    /// civil types), and the instant computed with jiff's civil arithmetic. jiff's own
    /// RFC 3339 parser reads a different language (offsets up to `±25:59`, bracketed time
    /// zones) and allocates its errors, which a scan over many records cannot afford.
    fn read_general(text: &str) -> Result<DateTime, DateTimeError> {
        let b = text.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let digits = |from: usize, to: usize| (from..to).all(|i| at(i).is_ascii_digit());
        let number = |from: usize, to: usize| {
            (from..to).fold(0i32, |n, i| n * 10 + i32::from(at(i).wrapping_sub(b'0')))
        };
        let shaped = digits(0, 4)
            && at(4) == b'-'
            && digits(5, 7)
            && at(7) == b'-'
            && digits(8, 10)
            && matches!(at(10), b'T' | b't')
            && digits(11, 13)
            && at(13) == b':'
            && digits(14, 16)
            && at(16) == b':'
            && digits(17, 19);
        if !shaped {
            return Err(DateTimeError::Shape);
        }
        // The fraction, then the zone.
        let mut end = 19;
        if at(end) == b'.' {
            end += 1;
            while at(end).is_ascii_digit() {
                end += 1;
            }
            if end == 20 {
                return Err(DateTimeError::Shape);
            }
        }
        let fraction = &b[19..end];
        let offset_seconds = match (at(end), b.len() - end) {
            (b'Z' | b'z', 1) => 0,
            (b'+' | b'-', 6) if digits(end + 1, end + 3) && at(end + 3) == b':' => {
                if !digits(end + 4, end + 6) {
                    return Err(DateTimeError::Shape);
                }
                let (hours, minutes) = (number(end + 1, end + 3), number(end + 4, end + 6));
                let sign = if at(end) == b'-' { -1 } else { 1 };
                if hours > 23 || minutes > 59 {
                    return Err(DateTimeError::Offset {
                        sign: at(end),
                        hours: hours as u8,
                        minutes: minutes as u8,
                    });
                }
                sign * (hours * 3600 + minutes * 60)
            }
            _ => return Err(DateTimeError::Shape),
        };
        let fraction_digits = fraction.len().saturating_sub(1);
        if fraction_digits > 9 {
            return Err(DateTimeError::Fraction {
                digits: fraction_digits,
            });
        }
        let nanosecond = (1..=9).fold(0i32, |n, i| {
            n * 10 + fraction.get(i).map_or(0, |d| i32::from(d - b'0'))
        });
        let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
        let (hour, minute, second) = (number(11, 13), number(14, 16), number(17, 19));
        if !(1..=12).contains(&month) {
            return Err(DateTimeError::Month { month: month as u8 });
        }
        // Year 0000–9999 and month 1–12: the first of the month exists.
        let days =
            civil::Date::new(year as i16, month as i8, 1).map_or(31, |first| first.days_in_month());
        if day < 1 || day > i32::from(days) {
            return Err(DateTimeError::Day {
                year: year as u16,
                month: month as u8,
                day: day as u8,
                days: days as u8,
            });
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(DateTimeError::Time {
                hour: hour as u8,
                minute: minute as u8,
                second: second as u8,
            });
        }
        // A leap second is read as the second before it, as RFC 3339 readers commonly do.
        let civil = civil::DateTime::new(
            year as i16,
            month as i8,
            day as i8,
            hour as i8,
            minute as i8,
            second.min(59) as i8,
            nanosecond,
        )
        .map_err(|_| DateTimeError::Shape)?;
        let local = civil.duration_since(EPOCH);
        let local = DateTime::from_parts(local.as_secs(), local.subsec_nanos());
        let utc = DateTime {
            second: local.second - i64::from(offset_seconds),
            ..local
        };
        utc.in_range()
    }
}

/// `1970-01-01T00:00:00`, the civil time of the Unix epoch in UTC.
const EPOCH: civil::DateTime = civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC, with the fewest fractional digits (none when zero):
    /// `2021-09-08T16:11:05.348Z`, `2018-12-18T23:05:55Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_civil() {
            // jiff prints civil times with the fewest fractional digits.
            Some(civil) => write!(f, "{civil}Z"),
            // Only an instant jiff could not hold either, which no constructor makes.
            None => write!(f, "{}.{:09}s since 1970", self.second, self.nanosecond),
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl std::str::FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(text: &str) -> Result<DateTime, DateTimeError> {
        DateTime::read(text)
    }
}

impl TryFrom<jiff::Timestamp> for DateTime {
    type Error = DateTimeError;

    /// The same instant, if it is from year 0000 on (jiff's timestamps reach back to -9999).
    ///
    /// ```
    /// use sailpoint_filters::DateTime;
    /// let ts: jiff::Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
    /// assert_eq!(DateTime::try_from(ts)?.to_string(), "2024-01-01T00:00:00Z");
    /// assert!(DateTime::try_from(jiff::Timestamp::MIN).is_err());
    /// # Ok::<(), sailpoint_filters::DateTimeError>(())
    /// ```
    fn try_from(timestamp: jiff::Timestamp) -> Result<DateTime, DateTimeError> {
        DateTime::from_timestamp_unchecked(timestamp).in_range()
    }
}

#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> TryFrom<chrono::DateTime<Tz>> for DateTime {
    type Error = DateTimeError;

    /// The same instant, if it is in years 0000–9999 (feature `chrono`).
    ///
    /// ```
    /// use sailpoint_filters::DateTime;
    /// let utc = chrono::DateTime::parse_from_rfc3339("2024-01-01T02:00:00+02:00").unwrap();
    /// assert_eq!(DateTime::try_from(utc)?.to_string(), "2024-01-01T00:00:00Z");
    /// # Ok::<(), sailpoint_filters::DateTimeError>(())
    /// ```
    fn try_from(value: chrono::DateTime<Tz>) -> Result<DateTime, DateTimeError> {
        DateTime::from_unix(value.timestamp(), value.timestamp_subsec_nanos())
    }
}

#[cfg(feature = "time")]
impl TryFrom<time::OffsetDateTime> for DateTime {
    type Error = DateTimeError;

    /// The same instant, if it is in years 0000–9999 (feature `time`).
    ///
    /// ```
    /// use sailpoint_filters::DateTime;
    /// let t = time::OffsetDateTime::from_unix_timestamp(1_704_067_200).unwrap();
    /// assert_eq!(DateTime::try_from(t)?.to_string(), "2024-01-01T00:00:00Z");
    /// # Ok::<(), sailpoint_filters::DateTimeError>(())
    /// ```
    fn try_from(value: time::OffsetDateTime) -> Result<DateTime, DateTimeError> {
        DateTime::from_unix(value.unix_timestamp(), value.nanosecond())
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    /// RFC 3339 text, as [`DateTime`]'s `FromStr` reads it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time such as 2018-12-18T23:05:55Z")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime, E> {
                DateTime::read(text).map_err(|e| {
                    E::custom(format_args!(
                        "invalid date-time {}: {e}",
                        crate::diag::Quoted(text)
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// Why text is not a [`DateTime`].
///
/// ```
/// use sailpoint_filters::{DateTime, DateTimeError};
/// let err = "2024-02-30T00:00:00Z".parse::<DateTime>().unwrap_err();
/// assert!(matches!(err, DateTimeError::Day { year: 2024, month: 2, day: 30, days: 29, .. }));
/// assert_eq!(
///     DateTimeError::OutOfRange.to_string(),
///     "the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z",
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum DateTimeError {
    /// Not of the form `2018-12-18T23:05:55Z` or `2023-02-05T10:59:27.214+02:00`.
    #[error("expected the form 2018-12-18T23:05:55Z or 2023-02-05T10:59:27.214+02:00")]
    Shape,
    /// More than nine fractional digits.
    #[error("fractional seconds have {digits} digits, at most 9 (nanoseconds) are allowed")]
    #[non_exhaustive]
    Fraction {
        /// How many there are.
        digits: usize,
    },
    /// A month other than 01 to 12.
    #[error("month {month:02} is not a month: months are 01 to 12")]
    #[non_exhaustive]
    Month {
        /// The month as written.
        month: u8,
    },
    /// A day the month does not have.
    #[error("day {day:02} is not a day of {year:04}-{month:02}, which has {days} days")]
    #[non_exhaustive]
    Day {
        /// The year.
        year: u16,
        /// The month.
        month: u8,
        /// The day as written.
        day: u8,
        /// Days in that month.
        days: u8,
    },
    /// An hour over 23, a minute over 59 or a second over 60.
    #[error(
        "the time {hour:02}:{minute:02}:{second:02} is not one: hours are 00 to 23, minutes 00 to 59, seconds 00 to 60"
    )]
    #[non_exhaustive]
    Time {
        /// The hour as written.
        hour: u8,
        /// The minute as written.
        minute: u8,
        /// The second as written.
        second: u8,
    },
    /// An offset with hours over 23 or minutes over 59.
    #[error(
        "the offset {}{hours:02}:{minutes:02} is not one: its hours are 00 to 23",
        *.sign as char
    )]
    #[non_exhaustive]
    Offset {
        /// `+` or `-`.
        sign: u8,
        /// The hours as written.
        hours: u8,
        /// The minutes as written.
        minutes: u8,
    },
    /// The instant falls outside `0000-01-01T00:00:00Z ..= 9999-12-31T23:59:59.999999999Z` (in
    /// UTC: `0000-01-01T00:00:00+01:00` is in the year -1).
    #[error(
        "the instant is outside the range of date-times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z"
    )]
    OutOfRange,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<String, DateTimeError> {
        DateTime::read(text).map(|t| t.to_string())
    }

    #[test]
    fn reads_the_whole_range_and_every_spelling() {
        assert_eq!(
            read("9999-12-31T23:59:59Z"),
            Ok("9999-12-31T23:59:59Z".into())
        );
        assert_eq!(
            read("9999-12-31T23:59:59.999999999z"),
            Ok("9999-12-31T23:59:59.999999999Z".into())
        );
        assert_eq!(
            read("0000-01-01t00:00:00Z"),
            Ok("0000-01-01T00:00:00Z".into())
        );
        assert_eq!(
            read("0000-01-01T01:00:00+01:00"),
            Ok("0000-01-01T00:00:00Z".into())
        );
        assert_eq!(
            read("9999-12-31T00:59:59-23:00"),
            Ok("9999-12-31T23:59:59Z".into())
        );
        assert_eq!(
            read("2023-02-05T10:59:27.214+02:00"),
            Ok("2023-02-05T08:59:27.214Z".into())
        );
        assert_eq!(
            read("2016-12-31T23:59:60Z"),
            Ok("2016-12-31T23:59:59Z".into())
        );
        assert_eq!(
            read("2024-02-29T00:00:00.5Z"),
            Ok("2024-02-29T00:00:00.5Z".into())
        );
        assert_eq!(
            read("1969-12-31T23:59:59.9Z"),
            Ok("1969-12-31T23:59:59.9Z".into())
        );
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(
            read("0000-01-01T00:00:00+01:00"),
            Err(DateTimeError::OutOfRange)
        );
        assert_eq!(
            read("9999-12-31T23:59:59-00:01"),
            Err(DateTimeError::OutOfRange)
        );
        assert_eq!(
            read("2024-01-01T00:00:00+24:00"),
            Err(DateTimeError::Offset {
                sign: b'+',
                hours: 24,
                minutes: 0
            })
        );
        assert_eq!(
            read("2023-02-29T00:00:00Z"),
            Err(DateTimeError::Day {
                year: 2023,
                month: 2,
                day: 29,
                days: 28
            })
        );
        assert_eq!(
            read("2023-13-01T00:00:00Z"),
            Err(DateTimeError::Month { month: 13 })
        );
        assert!(matches!(
            read("2023-01-01T24:00:00Z"),
            Err(DateTimeError::Time { hour: 24, .. })
        ));
        assert_eq!(
            read("2023-01-01T00:00:00.1234567891Z"),
            Err(DateTimeError::Fraction { digits: 10 })
        );
        for shape in [
            "",
            "2023-01-01",
            "2023-01-01T00:00:00",
            "2023-01-01T00:00:00.Z",
            "2023-01-01 00:00:00Z",
            "2023-01-01T00:00:00+0100",
            "2023-01-01T00:00:00+01",
            "2023-01-01T00:00:00Z[UTC]",
            "2023-01-01T00:00:00ZZ",
            "+2023-01-01T00:00:00Z",
            "2c9180867f0e5b0a017f1d9ae95e0f88",
        ] {
            assert_eq!(read(shape), Err(DateTimeError::Shape), "{shape}");
        }
    }

    #[test]
    fn orders_by_instant() {
        let a: DateTime = "2024-01-01T10:00:00+05:00".parse().unwrap();
        let b: DateTime = "2024-01-01T06:00:00Z".parse().unwrap();
        assert!(a < b);
        let before_epoch: DateTime = "1969-12-31T23:59:59.5Z".parse().unwrap();
        assert!(before_epoch < DateTime::from_unix(0, 0).unwrap());
        assert_eq!(before_epoch.as_second(), -1);
        assert_eq!(before_epoch.subsec_nanosecond(), 500_000_000);
    }

    #[test]
    fn spells_the_local_time_at_an_offset() {
        let t: DateTime = "2024-07-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            t.local_text(7200).as_deref(),
            Some("2024-07-01T02:00:00+02:00")
        );
        assert_eq!(
            t.local_text(-19800).as_deref(),
            Some("2024-06-30T18:30:00-05:30")
        );
        assert_eq!(DateTime::read(&t.local_text(-19800).unwrap()), Ok(t));
        assert_eq!(DateTime::MAX.local_text(60), None);
        assert_eq!(DateTime::MIN.local_text(-60), None);
    }

    #[test]
    fn converts_jiff_timestamps_before_the_epoch() {
        let ts: jiff::Timestamp = "1969-12-31T23:59:59.25Z".parse().unwrap();
        let dt = DateTime::try_from(ts).unwrap();
        assert_eq!(dt.to_string(), "1969-12-31T23:59:59.25Z");
        assert_eq!(dt.to_timestamp(), Some(ts));
    }
}
