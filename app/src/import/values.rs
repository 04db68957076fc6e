//! The values of the exports' cells: yes/no, decimals in either notation, dates and times in
//! the formats the products write, currencies, tags.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The trimmed cell `i` of a record ("" when the line is short).
pub fn cell(r: &csv::StringRecord, i: usize) -> &str {
    r.get(i).unwrap_or_default().trim()
}

/// "Yes"/"No" as the exports write them (and true/false, Ja/Nein).
pub fn yes_no(column: &str, s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "yes" | "true" | "ja" | "1" => Ok(true),
        "no" | "false" | "nein" | "0" => Ok(false),
        _ => Err(format!("{column} must be Yes or No, not \"{s}\"")),
    }
}

/// A decimal number times 10 000, in either notation: "1234.5", "1,234.50", "1.234,50",
/// "20,0". With one kind of separator once it is the decimal point; repeated, it groups
/// thousands; with both, the last one is the decimal point.
pub fn decimal_e4(s: &str) -> Option<i64> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let point = match (commas, dots) {
        (0, 0) => None,
        (1, 0) => Some(','),
        (0, 1) => Some('.'),
        (_, 0) | (0, _) => None,
        _ => {
            // Both: the last is the decimal point and occurs once.
            let last = s.chars().rev().find(|c| matches!(c, ',' | '.'));
            if last.is_some_and(|p| s.matches(p).count() != 1) {
                return None;
            }
            last
        }
    };
    let (whole, fraction) = match point.and_then(|p| s.rsplit_once(p)) {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let whole: String = whole.chars().filter(|c| !matches!(c, ',' | '.')).collect();
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(&whole) || !digits(&fraction) {
        return None;
    }
    if whole.len() > 12 || fraction.len() > 10 {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut f: i64 = 0;
    for (i, c) in fraction.chars().take(5).enumerate() {
        let d = i64::from(c.to_digit(10)?);
        f += d * [1000, 100, 10, 1, 0][i];
        if i == 4 && d >= 5 {
            f += 1;
        }
    }
    let v = w.checked_mul(10_000)?.checked_add(f)?;
    Some(if negative { -v } else { v })
}

/// Money as cents ("2.000,0" → 200000); empty → None.
pub fn money(column: &str, s: &str) -> Result<Option<i64>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    match decimal_e4(s) {
        Some(v) if v >= 0 => Ok(Some((v + 50) / 100)),
        _ => Err(format!("{column} is not an amount: \"{s}\"")),
    }
}

/// Decimal hours as minutes ("7,5" → 450), rounded to the minute.
pub fn hours(column: &str, s: &str) -> Result<i64, String> {
    match decimal_e4(s) {
        Some(v) if (0..=24 * 14 * 10_000).contains(&v) => Ok((v * 60 + 5_000) / 10_000),
        _ => Err(format!("{column} is not a number of hours: \"{s}\"")),
    }
}

/// "hh:mm:ss" (hours may exceed 24) as seconds.
pub fn hms_seconds(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let (h, m, sec) = (parts.next()?, parts.next()?, parts.next().unwrap_or("0"));
    if parts.next().is_some() {
        return None;
    }
    let n = |t: &str, max: i64| {
        t.parse::<i64>()
            .ok()
            .filter(|v| (0..max).contains(v) && !t.is_empty())
    };
    Some(n(h, 100_000)? * 3600 + n(m, 60)? * 60 + n(sec, 60)?)
}

/// A date as the exports write it: "2026-11-30", "11/30/2026" (US, as Clockify writes by
/// default) or "30.11.2026".
pub fn date(column: &str, s: &str) -> Result<NaiveDate, String> {
    let bad = || format!("{column} is not a date: \"{s}\"");
    if s.contains('/') {
        let parts: Vec<&str> = s.split('/').collect();
        if parts.len() != 3 {
            return Err(bad());
        }
        let (m, d, y) = (parts[0], parts[1], parts[2]);
        if m.parse::<u32>().is_ok_and(|m| m > 12) {
            return Err(format!(
                "{column} \"{s}\" is not month/day/year; export with the date format MM/DD/YYYY, DD.MM.YYYY or YYYY-MM-DD"
            ));
        }
        return NaiveDate::parse_from_str(&format!("{y}-{m}-{d}"), "%Y-%m-%d").map_err(|_| bad());
    }
    let parsed = if s.contains('.') {
        NaiveDate::parse_from_str(s, "%d.%m.%Y")
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
    };
    parsed
        .ok()
        .filter(|d| (1970..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or_else(bad)
}

/// A time of day: "22:05", "22:05:10", "10:23 AM", "10:23:52 PM".
pub fn time(column: &str, s: &str) -> Result<NaiveTime, String> {
    let upper = s.to_uppercase();
    let (clock, half) = match upper.split_once(' ') {
        Some((c, h)) if matches!(h.trim(), "AM" | "PM") => (c.to_string(), Some(h.trim() == "PM")),
        _ => (upper.clone(), None),
    };
    let bad = || format!("{column} is not a time of day: \"{s}\"");
    let secs = hms_seconds(&clock)
        .filter(|v| *v < 24 * 3600)
        .ok_or_else(bad)?;
    let (h, rest) = (secs / 3600, secs % 3600);
    let h = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return Err(bad()),
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
    };
    NaiveTime::from_num_seconds_from_midnight_opt((h * 3600 + rest) as u32, 0).ok_or_else(bad)
}

pub fn date_time(
    columns: (&str, &str),
    date_s: &str,
    time_s: &str,
) -> Result<NaiveDateTime, String> {
    Ok(date(columns.0, date_s)?.and_time(time(columns.1, time_s)?))
}

/// The currency in a column name: "Amount (EUR)" → "EUR".
pub fn currency_in_header(name: &str) -> Option<String> {
    let inner = name.rsplit_once('(')?.1.strip_suffix(')')?;
    iso_code(inner)
}

/// An ISO currency code at the end of a text: "Euro - EUR" → "EUR", "usd" → "USD".
pub fn iso_code(s: &str) -> Option<String> {
    let code: String = s
        .trim()
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let before = s.trim().chars().rev().nth(3);
    (code.chars().count() == 3
        && code.chars().all(|c| c.is_ascii_alphabetic())
        && before.is_none_or(|c| !c.is_alphanumeric()))
    .then(|| code.to_ascii_uppercase())
}

/// A tag as Stempel's hashtags take it: letters, digits, _ and -; spaces become "-".
pub fn tag_name(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '-') {
            out.push(c);
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(50).collect();
    (!out.is_empty()).then_some(out)
}

/// The tags of a cell: "Design Review, Meeting" → ["Design-Review", "Meeting"].
pub fn tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(',').filter_map(tag_name) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&t)) {
            out.push(t);
        }
    }
    out
}
