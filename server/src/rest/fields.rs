//! Reading request fields, from a JSON body or a query string, the lenient way the contract
//! asks: numbers as `20.5` or `"20.5"`, booleans as true/false/1/0 (also quoted), aliases
//! (`username` ≡ `user`, `minutesBreak` ≡ `breakMinutes`, `notes` ≡ `details`). Every problem is
//! collected, so one 422 names them all. What a value means is the service layer's business;
//! this only turns wire text into typed values.

use std::collections::HashMap;

use app::services::refs::Named;
use app::services::Paging;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use super::error::{ApiError, CODE_MALFORMED, CODE_MEDIA_TYPE, CODE_TOO_LARGE};

pub struct Fields {
    map: Map<String, Value>,
    problems: Vec<(String, String)>,
}

/// The request body as fields: a JSON object, or nothing. Also accepts an empty body.
pub struct Body(pub Fields);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/json")
            });
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::one(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        CODE_TOO_LARGE,
                        "Body too large",
                        "The request body may be at most 1 MiB.",
                        None,
                    )
                } else {
                    ApiError::one(
                        StatusCode::BAD_REQUEST,
                        CODE_MALFORMED,
                        "Malformed request",
                        "The request body could not be read.",
                        None,
                    )
                }
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Body(Fields::new(Map::new())));
        }
        if json_type != Some(true) {
            return Err(ApiError::one(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                CODE_MEDIA_TYPE,
                "Unsupported media type",
                "Send the body as JSON with Content-Type: application/json.",
                None,
            ));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Body(Fields::new(map))),
            Ok(_) => Err(ApiError::one(
                StatusCode::BAD_REQUEST,
                CODE_MALFORMED,
                "Malformed JSON",
                "The body must be a JSON object.",
                None,
            )),
            Err(e) => Err(ApiError::one(
                StatusCode::BAD_REQUEST,
                CODE_MALFORMED,
                "Malformed JSON",
                format!("The body is not valid JSON: {e}."),
                None,
            )),
        }
    }
}

fn plain(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// "20.5" → 2050 cents; at most two decimals, never through a float.
pub fn parse_cents(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty() || whole.len() > 12 || frac.len() > 2 {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    let cents = w.checked_mul(100)?.checked_add(f)?;
    Some(if neg { -cents } else { cents })
}

pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    // RFC 3339 with Z or an offset, optional fractions; also a bare date as its midnight UTC.
    // In a query string an unescaped `+` arrives as a space (`…T00:00:00 02:00`): a space
    // after the time stands for the offset's `+`, so it is read as one instead of refused.
    let text = text.trim();
    let plus = match text.split_once(' ') {
        Some((time, offset)) if time.contains('T') && !offset.contains(' ') => {
            Some(format!("{time}+{offset}"))
        }
        _ => None,
    };
    DateTime::parse_from_rfc3339(plus.as_deref().unwrap_or(text))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            parse_date(text)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    app::input::date(text)
}

impl Fields {
    pub fn new(map: Map<String, Value>) -> Fields {
        Fields {
            map,
            problems: Vec::new(),
        }
    }

    pub fn from_query(query: HashMap<String, String>) -> Fields {
        Fields::new(
            query
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        )
    }

    /// The first of `names` that is present: (the name used, its value).
    fn find(&self, names: &[&str]) -> Option<(String, Value)> {
        names
            .iter()
            .find_map(|n| self.map.get(*n).map(|v| ((*n).to_string(), v.clone())))
    }

    pub fn has(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.map.contains_key(*n))
    }

    pub fn fail(&mut self, name: &str, message: impl Into<String>) {
        self.problems.push((name.to_string(), message.into()));
    }

    /// A text. `null` reads as empty. Length limits are the service's.
    pub fn text(&mut self, names: &[&str]) -> Option<String> {
        let (name, v) = self.find(names)?;
        match v {
            Value::Null => Some(String::new()),
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                self.fail(&name, format!("{name} must be text."));
                None
            }
        }
    }

    /// A filter text; empty means absent.
    pub fn filter(&mut self, names: &[&str]) -> Option<String> {
        self.text(names)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// A non-empty name reference (`clientName`, `user`…).
    pub fn named(&mut self, names: &[&str]) -> Option<Named> {
        let (name, _) = self.find(names)?;
        let text = self.text(names)?;
        if text.trim().is_empty() {
            self.fail(&name, format!("{name} must not be empty."));
            return None;
        }
        Some(Named::name(&name, text.trim()))
    }

    pub fn boolean(&mut self, names: &[&str]) -> Option<bool> {
        let (name, v) = self.find(names)?;
        let parsed = match &v {
            Value::Bool(b) => Some(*b),
            other => match plain(other).as_deref() {
                Some("true") | Some("1") => Some(true),
                Some("false") | Some("0") => Some(false),
                _ => None,
            },
        };
        if parsed.is_none() && !(v.is_string() && v.as_str() == Some("")) {
            self.fail(&name, format!("{name} must be true, false, 1 or 0."));
        }
        parsed
    }

    /// A whole number within `range`.
    pub fn integer(&mut self, names: &[&str], range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let (name, v) = self.find(names)?;
        match plain(&v).and_then(|t| t.parse::<i64>().ok()) {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                self.fail(
                    &name,
                    format!(
                        "{name} must be a whole number from {} to {}.",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
        }
    }

    /// A whole number that may be cleared: `Some(None)` when sent as null or "".
    pub fn opt_integer(
        &mut self,
        names: &[&str],
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<Option<i64>> {
        let (_, v) = self.find(names)?;
        if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
            return Some(None);
        }
        self.integer(names, range).map(Some)
    }

    /// Money: `Some(None)` when sent as null or "" (clears it).
    pub fn money(&mut self, names: &[&str]) -> Option<Option<i64>> {
        let (name, v) = self.find(names)?;
        if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
            return Some(None);
        }
        match plain(&v).as_deref().and_then(parse_cents) {
            Some(c) => Some(Some(c)),
            None => {
                self.fail(
                    &name,
                    format!("{name} must be an amount like 20.5 (at most two decimals)."),
                );
                None
            }
        }
    }

    /// A required amount (an expense's).
    pub fn amount(&mut self, names: &[&str]) -> Option<i64> {
        let (name, _) = self.find(names)?;
        match self.money(names) {
            Some(Some(c)) => Some(c),
            Some(None) => {
                self.fail(&name, format!("{name} must not be empty."));
                None
            }
            None => None,
        }
    }

    /// A coordinate or other decimal; `Some(None)` when null or "".
    pub fn decimal(&mut self, names: &[&str]) -> Option<Option<f64>> {
        let (name, v) = self.find(names)?;
        if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
            return Some(None);
        }
        match plain(&v)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|f| f.is_finite())
        {
            Some(f) => Some(Some(f)),
            None => {
                self.fail(&name, format!("{name} must be a number."));
                None
            }
        }
    }

    pub fn timestamp(&mut self, names: &[&str]) -> Option<DateTime<Utc>> {
        let (name, v) = self.find(names)?;
        match plain(&v).as_deref().and_then(parse_timestamp) {
            Some(t) => Some(t),
            None => {
                self.fail(
                    &name,
                    format!("{name} must be a timestamp like 2020-10-20T09:00:00.000Z."),
                );
                None
            }
        }
    }

    pub fn date(&mut self, names: &[&str]) -> Option<NaiveDate> {
        let (name, v) = self.find(names)?;
        match plain(&v).as_deref().and_then(parse_date) {
            Some(d) => Some(d),
            None => {
                self.fail(&name, format!("{name} must be a date like 2020-10-23."));
                None
            }
        }
    }

    /// Fields that may not be sent (not updatable): each one present is a problem.
    pub fn refuse(&mut self, names: &[&str], why: &str) {
        for n in names {
            if self.map.contains_key(*n) {
                self.fail(n, format!("{n} {why}"));
            }
        }
    }

    /// `page_number` (0-based, default 0) and `limit` (1–1000, default 50).
    pub fn paging(&mut self) -> Paging {
        Paging {
            page: self.integer(&["page_number"], 0..=1_000_000).unwrap_or(0),
            limit: self
                .integer(&["limit"], 1..=Paging::MAX_LIMIT)
                .unwrap_or(50),
        }
    }

    /// Ends parsing: a 422 listing every problem, if there were any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(self.problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_exact() {
        assert_eq!(parse_cents("50"), Some(5000));
        assert_eq!(parse_cents("20.5"), Some(2050));
        assert_eq!(parse_cents("35.55"), Some(3555));
        assert_eq!(parse_cents("0.1"), Some(10));
        assert_eq!(parse_cents("1.234"), None);
        assert_eq!(parse_cents("abc"), None);
        assert_eq!(parse_cents(""), None);
        assert_eq!(parse_cents("-5"), Some(-500));
    }

    #[test]
    fn timestamps_and_dates() {
        assert!(parse_timestamp("2020-10-20T09:00:00.000Z").is_some());
        assert!(parse_timestamp("2020-10-20T09:00:00Z").is_some());
        assert!(parse_timestamp("2020-10-20T11:00:00+02:00").is_some());
        assert!(parse_timestamp("2024-02-30T10:00:00Z").is_none());
        assert!(parse_timestamp("2024-02-10T24:00:00Z").is_none());
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("2023-2-1"), None);
    }
}
