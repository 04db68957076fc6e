//! Wire-neutral types shared by the server and the browser.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Manager,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "manager" => Some(Role::Manager),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// The signed-in person as the app shell shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub account_name: String,
    pub account_slug: String,
}

/// What every page needs to know before it renders: who is there, in which language, and
/// whether this installation still needs its first account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    pub needs_setup: bool,
    /// Set when exactly one account exists, so the login form need not ask for it.
    pub single_account: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub label: String,
    pub public_key: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A freshly generated key: the only moment the secret exists in clear text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedApiKey {
    pub key: ApiKeyView,
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub address: String,
    pub email: String,
    /// Money is kept in cents, never as a float.
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}
