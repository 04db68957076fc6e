//! Accounts (tenants): creation with their first administrator and default absence types.

use sqlx::Row as _;

use super::users::{check_new_user, insert_user, unique_to_invalid, NewUser};
use super::{Checks, Resource, ServiceError, ServiceResult};
use crate::db::{flag, time, Db};
use crate::model::Role;

pub struct NewAccount {
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub locale: String,
    pub admin: NewUser,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub locale: String,
}

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
    let any = sqlx::query("SELECT id FROM accounts LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?;
    if any.is_some() {
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
    let now = time::now();
    let account_id: i64 = sqlx::query(
        "INSERT INTO accounts (slug, name, timezone, currency, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&a.slug)
    .bind(&a.name)
    .bind(&a.timezone)
    .bind(&a.currency)
    .bind(&a.locale)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| unique_to_invalid(e, "slug", "this account ID is taken."))?
    .try_get(0)?;
    let user_id = insert_user(&mut **tx, account_id, &a.admin).await?;
    for (name, paid, color, counts, leave) in DEFAULT_ABSENCE_TYPES {
        sqlx::query(
            "INSERT INTO absence_types (account_id, name, paid, color, counts_as_work_time, uses_leave, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(account_id)
        .bind(name)
        .bind(flag(paid))
        .bind(color)
        .bind(flag(counts))
        .bind(flag(leave))
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    }
    Ok((account_id, user_id))
}

fn account_from_row(r: &crate::db::Row) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        timezone: r.try_get("timezone")?,
        currency: r.try_get("currency")?,
        locale: r.try_get("locale")?,
    })
}

pub async fn find_by_slug(db: &Db, slug: &str) -> ServiceResult<Account> {
    let row = sqlx::query(
        "SELECT id, slug, name, timezone, currency, locale FROM accounts WHERE slug = $1",
    )
    .bind(slug.trim().to_lowercase())
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ServiceError::NotFound(Resource::Account))?;
    Ok(account_from_row(&row)?)
}

/// How many accounts exist, capped at 2: enough to tell "none", "exactly one" and "several".
pub async fn count_upto_two(db: &Db) -> ServiceResult<(i64, Option<String>)> {
    let rows = sqlx::query("SELECT slug FROM accounts ORDER BY id LIMIT 2")
        .fetch_all(&db.pool)
        .await?;
    let only = if rows.len() == 1 {
        Some(rows[0].try_get::<String, _>(0)?)
    } else {
        None
    };
    Ok((rows.len() as i64, only))
}

/// The time zone wall-clock times of a user are read in: the user's own, else the account's
/// (UTC if the stored name is not a zone).
pub async fn tz(db: &Db, account_id: i64, user_id: Option<i64>) -> ServiceResult<chrono_tz::Tz> {
    let row = sqlx::query(
        "SELECT COALESCE(u.timezone, a.timezone) FROM accounts a LEFT JOIN users u ON u.account_id = a.id AND u.id = $2 WHERE a.id = $1",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ServiceError::NotFound(Resource::Account))?;
    let name: String = row.try_get(0)?;
    Ok(name.parse().unwrap_or(chrono_tz::Tz::UTC))
}

// ---- account settings (issue 6) ----

use super::Actor;
use crate::model::AccountSettings;

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
    let r = sqlx::query(
        "SELECT slug, name, timezone, currency, locale, break_rule FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound(Resource::Account))?;
    Ok(AccountSettings {
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        timezone: r.try_get("timezone")?,
        currency: r.try_get("currency")?,
        locale: r.try_get("locale")?,
        break_rule: r.try_get("break_rule")?,
    })
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
    sqlx::query(
        "UPDATE accounts SET name = $1, timezone = $2, currency = $3, locale = $4, break_rule = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(name.unwrap_or(old.name))
    .bind(timezone.unwrap_or(old.timezone))
    .bind(currency.unwrap_or(old.currency))
    .bind(locale.unwrap_or(old.locale))
    .bind(input.break_rule.unwrap_or(old.break_rule))
    .bind(time::now())
    .bind(actor.account_id)
    .execute(&mut *tx)
    .await?;
    let s = load_settings(&mut tx, actor.account_id).await?;
    tx.commit().await?;
    Ok(s)
}
