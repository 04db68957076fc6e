//! The business rules. Every adapter (REST handlers, Teamwork handlers, server functions)
//! calls these functions; none of them repeats a rule. Services know nothing of HTTP or Leptos.

pub mod absence_types;
pub mod absences;
pub mod accounts;
pub mod api_keys;
pub mod attendance_page;
pub mod attendances;
pub mod calendar;
pub mod clients;
pub mod dashboards;
pub mod demo;
pub mod entry_reports;
pub mod error;
pub mod expenses;
pub mod holiday_regions;
pub mod holidays;
pub mod imports;
pub mod login_throttle;
pub mod metrics;
pub mod names;
pub mod passwords;
pub mod pickers;
pub mod profile;
pub mod projects;
pub mod refs;
pub mod reports;
pub mod rollups;
pub mod sessions;
pub mod subject;
pub mod tags;
pub mod task_lists;
pub mod tasks;
pub mod throttle;
pub mod time_entries;
pub mod timers;
pub mod timesheets;
pub mod totals;
pub mod undo;
pub mod users;
pub mod week;

pub use error::{Checks, Invalid, Resource, ServiceError, ServiceResult};

use crate::model::Role;

/// Why staff are refused the administration lists (clients with their e-mail, notes and rates;
/// projects with budgets; tasks; absence types; holidays): the pickers give them names only.
pub const ADMIN_LISTS: &str = "the administration lists are for managers and administrators";

/// Who is acting, always inside one account. API keys act for their whole account with
/// administrator rights; people act with their role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub user_id: Option<i64>,
    pub role: Role,
}

impl Actor {
    /// Staff see only their own records; managers and admins (and API keys) see the account's.
    pub fn may_see(&self, user_id: i64) -> bool {
        self.role != Role::Staff || self.user_id == Some(user_id)
    }

    /// Staff change only their own records; `why` names what was refused.
    pub fn may_change(&self, user_id: i64, why: &'static str) -> ServiceResult<()> {
        if self.may_see(user_id) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(why))
        }
    }

    /// Managers and administrators (and API keys); staff are refused with `why`.
    pub fn require_manager(&self, why: &'static str) -> ServiceResult<()> {
        if self.role == Role::Staff {
            Err(ServiceError::Forbidden(why))
        } else {
            Ok(())
        }
    }

    pub fn require_admin(&self) -> ServiceResult<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::Forbidden("administrators only"))
        }
    }
}

/// A page of a list: the rows and how many there are in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// 0-based page and page size, validated by the adapter's parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub limit: i64,
}

impl Paging {
    pub const MAX_LIMIT: i64 = 1000;

    pub fn offset(self) -> i64 {
        self.page.saturating_mul(self.limit)
    }
}

/// Longest names (clients, projects, tasks, types) and longest free texts.
pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 5000;

/// A record read by id: `NotFound` when it never existed, `Deleted` when it is deleted.
pub(crate) fn live<T>(
    stored: Option<crate::db::conn::Stored<T>>,
    resource: Resource,
) -> ServiceResult<T> {
    match stored {
        None => Err(ServiceError::NotFound(resource)),
        Some(s) if s.deleted => Err(ServiceError::Deleted(resource)),
        Some(s) => Ok(s.row),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern that means "contains".
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Random bytes as lowercase hex, for session tokens and API credentials.
pub(crate) fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

pub(crate) fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}
