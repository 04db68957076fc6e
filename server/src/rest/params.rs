//! Query-string parsing that collects every problem, so a 422 can name them all.

use std::collections::HashMap;

use app::services::Paging;

use super::error::ApiError;

pub struct Params {
    map: HashMap<String, String>,
    problems: Vec<(String, String)>,
}

impl Params {
    pub fn new(map: HashMap<String, String>) -> Params {
        Params {
            map,
            problems: Vec::new(),
        }
    }

    fn fail(&mut self, name: &str, message: String) {
        self.problems.push((name.to_string(), message));
    }

    /// A text filter; empty means absent. At most 1000 characters.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let v = self.map.get(name)?.trim().to_string();
        if v.is_empty() {
            return None;
        }
        if v.chars().count() > 1000 {
            self.fail(name, format!("{name} may have at most 1000 characters."));
            return None;
        }
        Some(v)
    }

    /// true/false, 1/0 (the seeds use both).
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        let v = self.map.get(name)?.trim().to_ascii_lowercase();
        match v.as_str() {
            "" => None,
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => {
                self.fail(name, format!("{name} must be true, false, 1 or 0."));
                None
            }
        }
    }

    fn integer(&mut self, name: &str, default: i64, range: std::ops::RangeInclusive<i64>) -> i64 {
        let Some(raw) = self.map.get(name).map(|s| s.trim().to_string()) else {
            return default;
        };
        match raw.parse::<i64>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                self.fail(
                    name,
                    format!(
                        "{name} must be a whole number from {} to {}.",
                        range.start(),
                        range.end()
                    ),
                );
                default
            }
        }
    }

    /// `page_number` (0-based, default 0) and `limit` (1–1000, default 50).
    pub fn paging(&mut self) -> Paging {
        Paging {
            page: self.integer("page_number", 0, 0..=1_000_000),
            limit: self.integer("limit", 50, 1..=Paging::MAX_LIMIT),
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(self.problems))
        }
    }
}
