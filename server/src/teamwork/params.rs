//! Teamwork's query parameters: dates as YYYYMMDD and times as HH:MM in the account's time
//! zone, names case-insensitive (the list calls say `fromdate`, the totals `fromDate`).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::TwError;

pub struct Query(HashMap<String, String>);

impl Query {
    pub fn new(raw: HashMap<String, String>) -> Query {
        Query(
            raw.into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, TwError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    TwError::bad_request(format!(
                        "{name} must be a whole number from {min} to {max}."
                    ))
                }),
        }
    }

    /// One of `choices` (case-insensitive).
    pub fn choice(&self, name: &str, choices: &[&str]) -> Result<Option<String>, TwError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => {
                let lower = v.to_ascii_lowercase();
                if choices.contains(&lower.as_str()) {
                    Ok(Some(lower))
                } else {
                    Err(TwError::bad_request(format!(
                        "{name} must be one of: {}.",
                        choices.join(", ")
                    )))
                }
            }
        }
    }

    /// `from…`/`to…` date (+ optional time) as a UTC window [from, before).
    pub fn window(
        &self,
        tz: Tz,
        from_date: &str,
        from_time: &str,
        to_date: &str,
        to_time: &str,
    ) -> Result<(Option<DateTime<Utc>>, Option<DateTime<Utc>>), TwError> {
        let from = match self.get(from_date) {
            None => None,
            Some(d) => {
                let day = parse_date(d).ok_or_else(|| {
                    TwError::bad_request(format!("{from_date} must be a date as YYYYMMDD."))
                })?;
                let at = match self.get(from_time) {
                    Some(t) => parse_time(t).ok_or_else(|| {
                        TwError::bad_request(format!("{from_time} must be a time as HH:MM."))
                    })?,
                    None => NaiveTime::MIN,
                };
                Some(local(tz, day, at))
            }
        };
        let before = match self.get(to_date) {
            None => None,
            Some(d) => {
                let day = parse_date(d).ok_or_else(|| {
                    TwError::bad_request(format!("{to_date} must be a date as YYYYMMDD."))
                })?;
                Some(match self.get(to_time) {
                    // Up to and including that minute.
                    Some(t) => {
                        local(
                            tz,
                            day,
                            parse_time(t).ok_or_else(|| {
                                TwError::bad_request(format!("{to_time} must be a time as HH:MM."))
                            })?,
                        ) + Duration::minutes(1)
                    }
                    None => local(tz, day.succ_opt().unwrap_or(day), NaiveTime::MIN),
                })
            }
        };
        if let (Some(f), Some(b)) = (from, before) {
            if b <= f {
                return Err(TwError::bad_request(format!(
                    "{to_date} must not be before {from_date}."
                )));
            }
        }
        Ok((from, before))
    }
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    (s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| NaiveDate::parse_from_str(s, "%Y%m%d").ok())
        .flatten()
}

/// "HH:MM"; clients also write hours and minutes without their leading zero ("9:5" is 09:05).
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    let digits = |x: &str| (1..=2).contains(&x.len()) && x.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

pub use app::services::reports::local_time as local;

/// Minutes as Teamwork's hours text: two decimals, rounded half up (25 → "0.42").
pub fn hours(minutes: i64) -> String {
    let hundredths = (minutes * 100 + 30).div_euclid(60);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_match_the_seed() {
        for (m, h) in [
            (25, "0.42"),
            (754, "12.57"),
            (549, "9.15"),
            (205, "3.42"),
            (752, "12.53"),
            (2, "0.03"),
            (130, "2.17"),
            (105, "1.75"),
            (0, "0.00"),
        ] {
            assert_eq!(hours(m), h, "{m}");
        }
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(parse_date("20140330"), NaiveDate::from_ymd_opt(2014, 3, 30));
        assert_eq!(parse_date("20140230"), None);
        assert_eq!(parse_date("2014-03-30"), None);
        assert_eq!(parse_time("10:10"), NaiveTime::from_hms_opt(10, 10, 0));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("9:5"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("09:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("9:60"), None);
        assert_eq!(parse_time("9:"), None);
        assert_eq!(parse_time("+9:05"), None);
        assert_eq!(parse_time("123:05"), None);
    }
}
