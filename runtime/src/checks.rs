//! Rules a service documents that no XSD facet can express, declared in its manifest (`[[check]]`)
//! and run by the generated client before sending, like facets: a failure is a
//! [`ValidationError`] naming the path and the rule, never the value.
//!
//! Today: a date window relative to the current day (Lyra's validity: from today to 90 days ahead).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::validate::ValidationError;

/// Days since 1970-01-01 of today's UTC date.
pub fn today() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| (d.as_secs() / 86_400) as i64)
}

/// Days since 1970-01-01 of the calendar date written at the start of an xsd:date or xsd:dateTime
/// (`2026-12-01T10:00:00+01:00` → 2026-12-01, in the value's own offset); `None` if there is none.
pub fn written_day(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let (y, m, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let d = rest.get(..2)?;
    let num =
        |s: &str, n: usize| (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i64>().ok())?;
    let y = if y.len() == 4 { num(y, 4)? } else { return None };
    let (m, d) = (num(m, 2)?, num(d, 2)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Checks that the date written in `text` lies from `min` to `max` days after `today`, with one day
/// of slack on each side (the server's day may not be ours: another time zone). Reports into
/// `errors` with `path`.
pub fn within_days(errors: &mut Vec<ValidationError>, path: &str, text: &str, min: i64, max: i64, today: i64) {
    let rule = match written_day(text) {
        None => "not a date".to_owned(),
        Some(day) if day < today + min - 1 => format!("before the allowed window (today + {min} days)"),
        Some(day) if day > today + max + 1 => format!("more than {max} days ahead"),
        Some(_) => return,
    };
    errors.push(ValidationError { path: path.to_owned(), rule });
}
