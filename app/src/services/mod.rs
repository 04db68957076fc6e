//! The business rules. Every adapter (REST handlers, Teamwork handlers, server functions)
//! calls these functions; none of them repeats a rule. Services know nothing of HTTP or Leptos.

pub mod accounts;
pub mod api_keys;
pub mod clients;
pub mod error;
pub mod sessions;
pub mod throttle;
pub mod users;

pub use error::{Checks, Invalid, Resource, ServiceError, ServiceResult};

use crate::model::Role;

/// Who is acting, always inside one account. API keys act for their whole account with
/// administrator rights; people act with their role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub user_id: Option<i64>,
    pub role: Role,
}

impl Actor {
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
