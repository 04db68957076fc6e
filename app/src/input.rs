//! The one parser for what people type and what arrives in query strings: dates, months, times
//! of day, durations, money and ids. Every value it returns is inside a range that the rest of
//! the code can do date arithmetic on without overflow (years 1900–9999), so past this edge
//! nothing re-parses strings and no request data reaches a panic.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

/// The years a date typed or sent by anyone may have.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 9999;
/// The longest duration one entry may be given (a year): longer is a typo.
pub const MAX_DURATION_MINUTES: i64 = 366 * 24 * 60;
/// Money amounts above this many cents are refused (a trillion in any currency).
const MAX_CENTS: i64 = 100_000_000_000_000;

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn year(s: &str) -> Option<i32> {
    let y = digits(s, 4)? as i32;
    (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(y)
}

/// `YYYY-MM-DD` (surrounding blanks ignored) with a year 1900–9999.
pub fn date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year(y)?, digits(m, 2)?, digits(d, 2)?)
}

/// `YYYY-MM` → the month's first day.
pub fn month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(year(y)?, digits(m, 2)?, 1)
}

/// The first and last day of the month that `day` lies in.
pub fn month_bounds(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
    (first, last)
}

/// `day` moved by `days`, or None outside the calendar chrono can represent.
pub fn add_days(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(Duration::try_days(days)?)
}

/// `H:MM` or `HH:MM`, 00:00–23:59.
pub fn time_of_day(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    let h = if h.len() == 1 {
        digits(h, 1)?
    } else {
        digits(h, 2)?
    };
    NaiveTime::from_hms_opt(h, digits(m, 2)?, 0)
}

/// A duration: `1:30` (hours and minutes), `1.5` or `1,5` (hours) or `90m`; 0 up to a year.
/// Empty → `Ok(None)`; anything else unreadable or out of range → `Err(())`.
pub fn duration(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim().replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    let minutes = if let Some(m) = s.strip_suffix('m') {
        plain_number(m).ok_or(())?
    } else if let Some((h, m)) = s.split_once(':') {
        let h = plain_number(h).ok_or(())?;
        let m = digits(m, 2).filter(|m| *m < 60).ok_or(())?;
        h.checked_mul(60)
            .and_then(|h| h.checked_add(i64::from(m)))
            .ok_or(())?
    } else {
        let hours: f64 = decimal(&s).ok_or(())?;
        (hours * 60.0).round() as i64
    };
    if (0..=MAX_DURATION_MINUTES).contains(&minutes) {
        Ok(Some(minutes))
    } else {
        Err(())
    }
}

/// Hours of a budget or a target: like `duration` but without an upper bound of a year
/// (a project may be budgeted for 100 000 hours); at most a million hours.
pub fn hours(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim().replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    let minutes = if let Some((h, m)) = s.split_once(':') {
        let h = plain_number(h).ok_or(())?;
        let m = digits(m, 2).filter(|m| *m < 60).ok_or(())?;
        h.checked_mul(60).and_then(|h| h.checked_add(i64::from(m)))
    } else {
        decimal(&s).map(|h| (h * 60.0).round() as i64)
    }
    .ok_or(())?;
    if (0..=1_000_000 * 60).contains(&minutes) {
        Ok(Some(minutes))
    } else {
        Err(())
    }
}

/// Whole minutes (a break): 0 up to a day.
pub fn minutes(s: &str) -> Result<i64, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(0);
    }
    plain_number(s).filter(|m| *m <= 24 * 60).ok_or(())
}

/// "85", "85.5", "85,50" → 8550 cents; empty → None; anything else → Err.
pub fn money(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim().replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 12
    {
        return Err(());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| ())?
    };
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| ())?;
    let total = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or(())?;
    (total <= MAX_CENTS).then_some(Some(total)).ok_or(())
}

/// A record id from a form or query: empty → None; a positive integer → Some; else Err.
pub fn id(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Up to nine digits, nothing else: small enough that any arithmetic on it stays in range.
fn plain_number(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `12`, `1.5`, `.5`: a non-negative decimal with at most nine digits before the point.
fn decimal(s: &str) -> Option<f64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !(whole.is_empty() && frac.is_empty())
        && whole.len() <= 9
        && frac.len() <= 6
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_only_in_the_supported_years() {
        assert_eq!(date(" 2026-11-30 "), Some(d(2026, 11, 30)));
        assert_eq!(date("1900-01-01"), Some(d(1900, 1, 1)));
        assert_eq!(date("9999-12-31"), Some(d(9999, 12, 31)));
        for bad in [
            "+262142-12-31",
            "1899-12-31",
            "0000-01-01",
            "2026-02-30",
            "2026-1-05",
            "26-11-30",
            "2026-11-30x",
            "",
            "2026-11",
            "-2026-11-30",
            "2026-11-30-1",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_and_their_bounds() {
        assert_eq!(month("2026-11"), Some(d(2026, 11, 1)));
        assert_eq!(month("+262142-12"), None);
        assert_eq!(month("2026-13"), None);
        assert_eq!(
            month_bounds(d(2026, 2, 14)),
            (d(2026, 2, 1), d(2026, 2, 28))
        );
        assert_eq!(
            month_bounds(d(9999, 12, 5)),
            (d(9999, 12, 1), d(9999, 12, 31))
        );
        assert_eq!(add_days(d(9999, 12, 31), i64::MAX), None);
    }

    #[test]
    fn durations_are_bounded() {
        assert_eq!(duration("1:30"), Ok(Some(90)));
        assert_eq!(duration("1,5"), Ok(Some(90)));
        assert_eq!(duration("45m"), Ok(Some(45)));
        assert_eq!(duration(""), Ok(None));
        for bad in [
            "2400000000:00",
            "1:60",
            "-1:00",
            "1e9",
            "NaN",
            "inf",
            "9999999:00",
            "1:5",
        ] {
            assert_eq!(duration(bad), Err(()), "{bad}");
        }
        assert_eq!(time_of_day("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(time_of_day("24:00"), None);
        assert_eq!(minutes("30"), Ok(30));
        assert_eq!(minutes("99999999999999999999"), Err(()));
    }

    #[test]
    fn money_and_ids() {
        assert_eq!(money("85,5"), Ok(Some(8550)));
        assert_eq!(money("999999999999.99"), Ok(Some(99_999_999_999_999)));
        assert_eq!(money("-3"), Err(()));
        assert_eq!(id(" 12 "), Ok(Some(12)));
        assert_eq!(id("-1"), Err(()));
        assert_eq!(id("99999999999999999999"), Err(()));
        assert_eq!(hours("7:30"), Ok(Some(450)));
        assert_eq!(hours("100000"), Ok(Some(6_000_000)));
    }
}
