//! Dates and times: checking `YYYY-MM-DD` dates and ISO-8601 timestamps, and
//! formatting milliseconds since the epoch exactly as JavaScript's
//! `Date.prototype.toISOString()` does.

use crate::error::{quote, Error, ErrorCode, Result};

/// An error about the value alone; the caller adds the field's path.
fn invalid(code: ErrorCode, message: impl Into<String>) -> Error {
    Error::new(code, "", message)
}

pub(crate) fn check_date(value: &str) -> Result<()> {
    let mut rest = value.as_bytes();
    if take_date(&mut rest).is_some() && rest.is_empty() {
        return Ok(());
    }
    Err(invalid(ErrorCode::InvalidDate, format!("expected a real date as YYYY-MM-DD, got {}", quote(value))))
}

pub(crate) fn check_timestamp(value: &str) -> Result<()> {
    let mut rest = value.as_bytes();
    if take_date_time(&mut rest).is_some() && rest.is_empty() {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidTimestamp,
        format!("expected an ISO-8601 date-time such as \"2016-05-19T08:30:25.597Z\", got {}", quote(value)),
    ))
}

//
// Each `take_*` consumes its part from the front of `rest` and returns `None`
// when the input does not match.

fn take_byte(rest: &mut &[u8], expected: u8) -> Option<()> {
    let (&first, tail) = rest.split_first()?;
    (first == expected).then(|| *rest = tail)
}

fn take_digits(rest: &mut &[u8], count: usize) -> Option<u32> {
    let (digits, tail) = rest.split_at_checked(count)?;
    let value = digits.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))?;
    *rest = tail;
    Some(value)
}

/// A number in `0..=max` written with exactly two digits.
fn take_two_digits(rest: &mut &[u8], max: u32) -> Option<u32> {
    take_digits(rest, 2).filter(|&v| v <= max)
}

/// `YYYY-MM-DD`, a real day of the proleptic Gregorian calendar.
fn take_date(rest: &mut &[u8]) -> Option<()> {
    let year = take_digits(rest, 4)?;
    take_byte(rest, b'-')?;
    let month = take_digits(rest, 2)?;
    take_byte(rest, b'-')?;
    let day = take_digits(rest, 2)?;
    let last_day = days_in_month(year, month)?;
    (1..=last_day).contains(&day).then_some(())
}

/// `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)`.
fn take_date_time(rest: &mut &[u8]) -> Option<()> {
    take_date(rest)?;
    take_byte(rest, b'T')?;
    take_two_digits(rest, 23)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    if take_byte(rest, b'.').is_some() {
        take_fraction(rest)?;
    }
    take_offset(rest)
}

/// One to nine fraction-of-second digits.
fn take_fraction(rest: &mut &[u8]) -> Option<()> {
    let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=9).contains(&count) {
        return None;
    }
    *rest = rest.get(count..)?;
    Some(())
}

fn take_offset(rest: &mut &[u8]) -> Option<()> {
    if take_byte(rest, b'Z').is_some() {
        return Some(());
    }
    take_byte(rest, b'+').or_else(|| take_byte(rest, b'-'))?;
    take_two_digits(rest, 23)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    Some(())
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// `None` for a month outside 1–12.
fn days_in_month(year: u32, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if is_leap_year(year) => Some(29),
        2 => Some(28),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Clock and ISO formatting
// ---------------------------------------------------------------------------

/// The furthest a JavaScript `Date` reaches from the epoch, in milliseconds.
pub(crate) const MAX_DATE_MS: f64 = 8.64e15;
pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// The current time in milliseconds since the epoch, like JavaScript `Date.now()`.
#[cfg(feature = "native")]
pub fn system_now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_millis() as f64,
        // A clock set before 1970: round down, as `Date.now()` would.
        Err(before) => -(before.duration().as_micros().div_ceil(1000) as f64),
    }
}

/// A time for an error message, without float formatting (which would add
/// ~14 KB to the wasm module): whole milliseconds, or the nearest words.
fn number_text(ms: f64) -> String {
    const I64_LIMIT: f64 = 9.2e18;
    if ms.is_nan() {
        "NaN".into()
    } else if ms >= I64_LIMIT {
        "more than 9.2e18".into()
    } else if ms <= -I64_LIMIT {
        "less than -9.2e18".into()
    } else {
        // Beyond ±8.64e15 every f64 is a whole number, so nothing is lost.
        (ms.trunc() as i64).to_string()
    }
}

/// Formats milliseconds since the epoch exactly as JavaScript
/// `new Date(ms).toISOString()` does, e.g. `2016-05-19T08:30:25.597Z`, with
/// `+YYYYYY`/`-YYYYYY` years outside 0–9999. Fractions of a millisecond are
/// truncated toward zero, as `Date` does; values that are not finite or lie
/// beyond ±8.64e15 are refused with an `InvalidTimestamp` error whose path
/// is empty, for the caller to fill in.
pub fn iso_timestamp(ms: f64) -> Result<String> {
    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
        return Err(Error::new(
            ErrorCode::InvalidTimestamp,
            "",
            format!("the time {} ms is outside the range of a JavaScript Date (±8.64e15 ms)", number_text(ms)),
        ));
    }
    // Exact: the range check bounds the value well inside ±2^53.
    let ms = ms.trunc() as i64;
    let (year, month, day) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
    let (second, milli) = (in_day / 1000 % 60, in_day % 1000);
    Ok(format!("{}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z", format_year(year)))
}

fn format_year(year: i64) -> String {
    match year {
        0..=9999 => format!("{year:04}"),
        _ if year < 0 => format!("-{:06}", year.unsigned_abs()),
        _ => format!("+{year:06}"),
    }
}

/// Year, month (1–12) and day (1–31) of a day count from 1970-01-01, after
/// Howard Hinnant's `civil_from_days`; exact for any `Date` value.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whole seconds since the epoch, rounded down, as text.
pub fn unix_seconds(now_ms: f64) -> Result<String> {
    Ok(unix_seconds_value(now_ms)?.to_string())
}

/// Whole seconds since the epoch, rounded down, of a time `now` in
/// milliseconds: refused unless it is a time a `Date` can hold.
pub fn unix_seconds_value(now_ms: f64) -> Result<i64> {
    if !now_ms.is_finite() || now_ms.abs() > 8.64e15 {
        return Err(Error::new(ErrorCode::InvalidValue, "now", "must be a valid Date or milliseconds since the epoch"));
    }
    Ok((now_ms / 1000.0).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_timestamps_match_to_iso_string() {
        // From Node 20: new Date(ms).toISOString().
        let cases: &[(f64, &str)] = &[
            (0.0, "1970-01-01T00:00:00.000Z"),
            (-0.0, "1970-01-01T00:00:00.000Z"),
            (1.0, "1970-01-01T00:00:00.001Z"),
            (-1.0, "1969-12-31T23:59:59.999Z"),
            (1.7, "1970-01-01T00:00:00.001Z"),
            (-1.7, "1969-12-31T23:59:59.999Z"),
            (1_463_646_625_597.0, "2016-05-19T08:30:25.597Z"),
            (1_709_164_800_000.0, "2024-02-29T00:00:00.000Z"),
            (1_709_251_199_999.0, "2024-02-29T23:59:59.999Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00.000Z"),
            (-2_208_988_800_000.0, "1900-01-01T00:00:00.000Z"),
            (4_102_444_800_000.0, "2100-01-01T00:00:00.000Z"),
            (-62_135_596_800_000.0, "0001-01-01T00:00:00.000Z"),
            (-62_167_219_200_000.0, "0000-01-01T00:00:00.000Z"),
            (-62_167_219_200_001.0, "-000001-12-31T23:59:59.999Z"),
            (-62_198_755_200_001.0, "-000002-12-31T23:59:59.999Z"),
            (-377_705_116_800_000.0, "-009999-01-01T00:00:00.000Z"),
            (-377_705_116_800_001.0, "-010000-12-31T23:59:59.999Z"),
            (253_402_300_799_999.0, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000.0, "+010000-01-01T00:00:00.000Z"),
            (8.64e15, "+275760-09-13T00:00:00.000Z"),
            (8.64e15 - 1.0, "+275760-09-12T23:59:59.999Z"),
            (-8.64e15, "-271821-04-20T00:00:00.000Z"),
            (-8.64e15 + 1.0, "-271821-04-20T00:00:00.001Z"),
        ];
        for &(ms, expected) in cases {
            assert_eq!(iso_timestamp(ms).as_deref(), Ok(expected), "ms = {ms}");
        }
    }

    #[test]
    fn iso_timestamps_refuse_what_date_cannot_hold() {
        for ms in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 8.64e15 + 1.0, -8.64e15 - 1.0, 1e300] {
            let err = iso_timestamp(ms).err();
            assert_eq!(err.as_ref().map(Error::code), Some(ErrorCode::InvalidTimestamp), "ms = {ms}");
            assert!(err.is_some_and(|e| e.reason().contains("8.64e15")));
        }
    }

    #[test]
    fn civil_from_days_round_trips_over_four_centuries() {
        // Walk day by day across leap-year rules, checking each date is the next one.
        let mut expected = (1899, 12, 31);
        for days in -25_567..146_097 - 25_567 {
            let (y, m, d) = expected;
            let next_day =
                days_in_month(u32::try_from(y).unwrap_or(0), u32::try_from(m).unwrap_or(0)).map_or(0, i64::from);
            expected = if d < next_day {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            assert_eq!(civil_from_days(days), expected, "days = {days}");
        }
    }

    #[test]
    fn dates() {
        for ok in ["2024-02-29", "2000-02-29", "1990-12-31", "0001-01-01"] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "1990-13-01",
            "1990-00-10",
            "1990-01-00",
            "1990-04-31",
            "1990-1-01",
            "90-01-01",
            "1990-01-01 ",
            "1990/01/01",
            "１990-01-01",
            "",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps() {
        for ok in [
            "2016-05-19T08:30:25.597Z",
            "2016-05-19T08:30:25Z",
            "2016-05-19T08:30:25.1Z",
            "2016-05-19T08:30:25.123456789Z",
            "2016-05-19T08:30:25.597+02:00",
            "2016-05-19T23:59:59-05:30",
        ] {
            assert!(check_timestamp(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2016-05-19",
            "2016-05-19T08:30Z",
            "2016-05-19T08:30:25.Z",
            "2016-05-19T08:30:25.1234567890Z",
            "2016-05-19T24:00:00Z",
            "2016-05-19T08:60:00Z",
            "2016-05-19T08:30:60Z",
            "2016-02-30T08:30:25Z",
            "2016-05-19 08:30:25Z",
            "2016-05-19t08:30:25z",
            "2016-05-19T08:30:25",
            "2016-05-19T08:30:25+0200",
            "2016-05-19T08:30:25+24:00",
            "2016-05-19T08:30:25.597Z ",
            "+010000-01-01T00:00:00.000Z",
        ] {
            assert!(check_timestamp(bad).is_err(), "{bad}");
        }
    }
}
