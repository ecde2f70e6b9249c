//! Declared checks no facet can express: the date window relative to today.

use runtime::checks::{within_days, written_day};

#[test]
fn written_day_reads_the_date_as_written() {
    assert_eq!(written_day("1970-01-01"), Some(0));
    assert_eq!(written_day("1970-01-02T00:00:00Z"), Some(1));
    // The date as written, in its own offset (not converted to UTC).
    assert_eq!(written_day("2026-12-01T23:59:59+01:00"), written_day("2026-12-01"));
    assert_eq!(written_day("2000-03-01").map(|d| d - written_day("2000-02-28").unwrap_or(0)), Some(2));
    for bad in ["", "2026", "2026-13-01", "2026-00-10", "2026-1-01", "-2026-01-01", "２０２６-01-01", "2026-01-3"] {
        assert_eq!(written_day(bad), None, "{bad}");
    }
}

#[test]
fn the_window_has_a_day_of_slack_and_never_shows_the_value() {
    let today = written_day("2026-11-23").unwrap_or_default();
    let check = |text: &str| {
        let mut errors = Vec::new();
        within_days(&mut errors, "create.info.validity", text, 0, 90, today);
        errors
    };
    assert!(check("2026-11-23T23:59:59+01:00").is_empty());
    assert!(check("2026-11-22").is_empty(), "yesterday: the server's day may not be ours");
    assert!(check("2027-02-22").is_empty(), "day 91: slack");
    let late = check("2027-02-23");
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].path, "create.info.validity");
    assert_eq!(late[0].rule, "more than 90 days ahead");
    assert_eq!(check("2026-11-21")[0].rule, "before the allowed window (today + 0 days)");
    assert_eq!(check("soon")[0].rule, "not a date");
    assert!(!check("2030-01-01")[0].to_string().contains("2030"));
}
