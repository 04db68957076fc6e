//! Accounts (tenants): creation with their first administrator and default absence types.

use super::users::{check_new_user, insert_user, unique_to_invalid, NewUser};
use super::{Checks, Resource, ServiceError, ServiceResult};
use crate::db::{absence_types, accounts, Db};
use crate::model::Role;

pub struct NewAccount {
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub locale: String,
    pub admin: NewUser,
}

pub use crate::db::accounts::Account;

/// The absence types every new account starts with: (name, paid, colour, counts as work time,
/// uses the paid-leave entitlement).
const DEFAULT_ABSENCE_TYPES: [(&str, bool, &str, bool, bool); 4] = [
    ("Paid Leave", true, "#22c55e", true, true),
    ("Sick Leave", true, "#ef4444", true, false),
    ("Unpaid Leave", false, "#a855f7", false, false),
    ("Public Holiday", true, "#f59e0b", true, false),
];

fn valid_slug(s: &str) -> bool {
    let len = s.len();
    (2..=40).contains(&len)
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn valid_timezone(tz: &str) -> bool {
    tz.parse::<chrono_tz::Tz>().is_ok()
}

pub fn valid_currency(c: &str) -> bool {
    c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())
}

/// Creates an account and its administrator in one transaction; returns (account id, user id).
pub async fn create_account(db: &Db, a: NewAccount) -> ServiceResult<(i64, i64)> {
    let a = validated(a)?;
    let mut tx = db.pool.begin().await?;
    let ids = insert_account(&mut tx, &a).await?;
    tx.commit().await?;
    Ok(ids)
}

/// The setup page's account: created only while the installation has none. The check and the
/// insert are one write that excludes every other (SQLite's write lock; on Postgres a lock on
/// the accounts table), so two first visits at once cannot both succeed.
pub async fn create_first_account(db: &Db, a: NewAccount) -> ServiceResult<(i64, i64)> {
    let a = validated(a)?;
    let mut tx = db.begin_write(None).await?;
    crate::db::lock_accounts(db, &mut tx).await?;
    if accounts::any(&mut tx).await? {
        return Err(ServiceError::Forbidden(
            "this installation is set up already",
        ));
    }
    let ids = insert_account(&mut tx, &a).await?;
    tx.commit().await?;
    Ok(ids)
}

/// The account's fields checked and normalised (slug lowercase, currency uppercase, …).
fn validated(a: NewAccount) -> ServiceResult<NewAccount> {
    let mut checks = Checks::new();
    let slug = a.slug.trim().to_lowercase();
    checks.check(
        valid_slug(&slug),
        "slug",
        "the account ID needs 2 to 40 lowercase letters, digits or dashes.",
    );
    let name = checks.text("name", &a.name, 200);
    let timezone = a.timezone.trim().to_string();
    checks.check(
        valid_timezone(&timezone),
        "timezone",
        "unknown time zone (e.g. Europe/Berlin).",
    );
    let currency = a.currency.trim().to_uppercase();
    checks.check(
        valid_currency(&currency),
        "currency",
        "currency must be an ISO 4217 code such as EUR.",
    );
    let locale = if a.locale.trim().is_empty() {
        "en".to_string()
    } else {
        a.locale.trim().to_lowercase()
    };
    checks.check(
        matches!(locale.as_str(), "en" | "de"),
        "locale",
        "locale must be en or de.",
    );
    check_new_user(&mut checks, &a.admin);
    checks.done()?;
    Ok(NewAccount {
        slug,
        name,
        timezone,
        currency,
        locale,
        admin: NewUser {
            role: Role::Admin,
            ..a.admin
        },
    })
}

async fn insert_account(tx: &mut crate::db::Tx, a: &NewAccount) -> ServiceResult<(i64, i64)> {
    let row = Account {
        id: 0,
        slug: a.slug.clone(),
        name: a.name.clone(),
        timezone: a.timezone.clone(),
        currency: a.currency.clone(),
        locale: a.locale.clone(),
    };
    let account_id = accounts::insert(tx, &row)
        .await
        .map_err(|e| unique_to_invalid(e, "slug", "this account ID is taken."))?;
    let user_id = insert_user(tx, account_id, &a.admin).await?;
    for (name, paid, color, counts, leave) in DEFAULT_ABSENCE_TYPES {
        let fields = absence_types::Fields {
            name: name.to_string(),
            paid,
            color: color.to_string(),
            counts_as_work_time: counts,
            uses_leave: leave,
            archived: false,
        };
        absence_types::insert(tx, account_id, &fields).await?;
    }
    Ok((account_id, user_id))
}

pub async fn find_by_slug(db: &Db, slug: &str) -> ServiceResult<Account> {
    accounts::by_slug(db, &slug.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound(Resource::Account))
}

/// How many accounts exist, capped at 2: enough to tell "none", "exactly one" and "several".
pub async fn count_upto_two(db: &Db) -> ServiceResult<(i64, Option<String>)> {
    let mut slugs = accounts::first_slugs(db, 2).await?;
    let n = slugs.len() as i64;
    Ok((n, if n == 1 { slugs.pop() } else { None }))
}

/// The time zone wall-clock times of a user are read in: the user's own, else the account's
/// (UTC if the stored name is not a zone).
pub async fn tz(db: &Db, account_id: i64, user_id: Option<i64>) -> ServiceResult<chrono_tz::Tz> {
    let name = accounts::zone_name(db, account_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::Account))?;
    Ok(name.parse().unwrap_or(chrono_tz::Tz::UTC))
}

// ---- account settings (issue 6) ----

use super::Actor;
use crate::model::AccountSettings;

/// Stores the entries' days in the account's new zone in the background (a big account takes
/// a while; its totals stay exact meanwhile, reading those entries one by one).
fn refill(db: &Db, account_id: i64) {
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = super::rollups::backfill(&db, account_id).await {
            tracing::warn!(account_id, error = %e, "storing the entries' days after a change of time zone failed");
        }
    });
}

/// Changes to the account's settings; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct AccountInput {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub currency: Option<String>,
    pub locale: Option<String>,
    /// "off" or "de" (German statutory breaks: 30 min after 6 h, 45 min after 9 h).
    pub break_rule: Option<String>,
}

pub const BREAK_RULES: [&str; 2] = ["off", "de"];

async fn load_settings(
    conn: &mut crate::db::Conn,
    account_id: i64,
) -> ServiceResult<AccountSettings> {
    accounts::settings(conn, account_id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::Account))
}

/// The account's settings (managers and administrators).
pub async fn settings(db: &Db, actor: &Actor) -> ServiceResult<AccountSettings> {
    actor.require_manager("managers and administrators only")?;
    load_settings(&mut *db.pool.acquire().await?, actor.account_id).await
}

pub async fn update_settings(
    db: &Db,
    actor: &Actor,
    input: AccountInput,
) -> ServiceResult<AccountSettings> {
    actor.require_admin()?;
    let mut c = Checks::new();
    let name = input.name.as_deref().map(|n| c.text("name", n, 200));
    let timezone = input.timezone.map(|tz| tz.trim().to_string());
    if let Some(tz) = &timezone {
        c.check(
            valid_timezone(tz),
            "timezone",
            "unknown time zone (e.g. Europe/Berlin).",
        );
    }
    let currency = input.currency.map(|cur| cur.trim().to_uppercase());
    if let Some(cur) = &currency {
        c.check(
            valid_currency(cur),
            "currency",
            "currency must be an ISO 4217 code such as EUR.",
        );
    }
    let locale = input.locale.map(|l| l.trim().to_lowercase());
    if let Some(l) = &locale {
        c.check(
            matches!(l.as_str(), "en" | "de"),
            "locale",
            "locale must be en or de.",
        );
    }
    if let Some(rule) = &input.break_rule {
        c.check(
            BREAK_RULES.contains(&rule.as_str()),
            "breakRule",
            "the break rule is off or de.",
        );
    }
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    let old = load_settings(&mut tx, actor.account_id).await?;
    let old_zone = old.timezone.clone();
    let new = AccountSettings {
        slug: old.slug,
        name: name.unwrap_or(old.name),
        timezone: timezone.unwrap_or(old.timezone),
        currency: currency.unwrap_or(old.currency),
        locale: locale.unwrap_or(old.locale),
        break_rule: input.break_rule.unwrap_or(old.break_rule),
    };
    accounts::update_settings(&mut tx, actor.account_id, &new).await?;
    let moved = new.timezone != old_zone;
    if moved {
        super::rollups::zone_changed(db, &mut tx, actor.account_id).await?;
    }
    let s = load_settings(&mut tx, actor.account_id).await?;
    tx.commit().await?;
    if moved {
        refill(db, actor.account_id);
    }
    Ok(s)
}
