//! `accounts`: the tenants. Creation, lookup by slug, settings and the time zone people's
//! wall-clock times are read in.

use super::conn;
use super::exec::{Cells, FromCells, Param};
use super::{time, Conn, Db};
use crate::model::{AccountSettings, BreakRule};

/// An account as the login and the CLI see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub locale: String,
}

impl FromCells for Account {
    fn from_cells(c: &mut Cells<'_>) -> Result<Account, sqlx::Error> {
        Ok(Account {
            id: c.int()?,
            slug: c.text()?,
            name: c.text()?,
            timezone: c.text()?,
            currency: c.text()?,
            locale: c.text()?,
        })
    }
}

impl FromCells for AccountSettings {
    fn from_cells(c: &mut Cells<'_>) -> Result<AccountSettings, sqlx::Error> {
        Ok(AccountSettings {
            slug: c.text()?,
            name: c.text()?,
            timezone: c.text()?,
            currency: c.text()?,
            locale: c.text()?,
            break_rule: c.text()?,
        })
    }
}

/// Inserts an account; its id. A taken slug is the database's unique violation.
pub async fn insert(conn: &mut Conn, a: &Account) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "INSERT INTO accounts (slug, name, timezone, currency, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        vec![
            a.slug.clone().into(),
            a.name.clone().into(),
            a.timezone.clone().into(),
            a.currency.clone().into(),
            a.locale.clone().into(),
            time::now().into(),
        ],
    )
    .await
}

/// Whether any account exists.
pub async fn any(conn: &mut Conn) -> Result<bool, sqlx::Error> {
    let first: Option<i64> = conn::row(conn, "SELECT id FROM accounts LIMIT 1", vec![]).await?;
    Ok(first.is_some())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Account>, sqlx::Error> {
    db.row(
        "SELECT id, slug, name, timezone, currency, locale FROM accounts WHERE slug = $1",
        vec![slug.into()],
    )
    .await
}

/// The slugs of the first `n` accounts by id.
pub async fn first_slugs(db: &Db, n: i64) -> Result<Vec<String>, sqlx::Error> {
    db.rows(
        super::exec::Cost::Short,
        "SELECT slug FROM accounts ORDER BY id LIMIT $1",
        vec![Param::Int(n)],
    )
    .await
}

/// The zone name a person's times are read in: their own, else the account's. None: no such
/// account.
pub async fn zone_name(
    db: &Db,
    account_id: i64,
    user_id: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    db.row(
        "SELECT COALESCE(u.timezone, a.timezone) FROM accounts a LEFT JOIN users u ON u.account_id = a.id AND u.id = $2 WHERE a.id = $1",
        vec![Param::Int(account_id), user_id.into()],
    )
    .await
}

/// The account's time zone, read inside a write transaction that stores entries' days. On
/// Postgres the row is share-locked until the transaction ends, so a change of the zone (an
/// UPDATE of the row, which forgets the stored days) waits for the writer or the writer for it:
/// no entry is stored with a day of the old zone after the days were forgotten. SQLite's one
/// writer at a time gives the same order.
pub async fn zone_for_write(
    conn: &mut Conn,
    account_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let lock = if conn.backend_name() == "PostgreSQL" {
        " FOR SHARE"
    } else {
        ""
    };
    conn::row(
        conn,
        &format!("SELECT timezone FROM accounts WHERE id = $1{lock}"),
        vec![account_id.into()],
    )
    .await
}

/// The ids of every account (the root of the tenancy; holds no one's data).
pub async fn ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    db.rows(
        super::exec::Cost::Short,
        "SELECT id FROM accounts ORDER BY id",
        vec![],
    )
    .await
}

/// The account's name.
pub async fn name(db: &Db, account_id: i64) -> Result<Option<String>, sqlx::Error> {
    db.row(
        "SELECT name FROM accounts WHERE id = $1",
        vec![Param::Int(account_id)],
    )
    .await
}

/// The account's currency.
pub async fn currency(conn: &mut Conn, account_id: i64) -> Result<String, sqlx::Error> {
    conn::value(
        conn,
        "SELECT currency FROM accounts WHERE id = $1",
        vec![account_id.into()],
    )
    .await
}

pub async fn settings(
    conn: &mut Conn,
    account_id: i64,
) -> Result<Option<AccountSettings>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT slug, name, timezone, currency, locale, break_rule FROM accounts WHERE id = $1",
        vec![account_id.into()],
    )
    .await
}

/// Writes the settings' changeable fields (the slug stays).
pub async fn update_settings(
    conn: &mut Conn,
    account_id: i64,
    s: &AccountSettings,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE accounts SET name = $1, timezone = $2, currency = $3, locale = $4, break_rule = $5, updated_at = $6 WHERE id = $7",
        vec![
            s.name.clone().into(),
            s.timezone.clone().into(),
            s.currency.clone().into(),
            s.locale.clone().into(),
            s.break_rule.clone().into(),
            time::now().into(),
            account_id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// The account's break rule; None: no such account, or a code this build does not know.
pub async fn break_rule(db: &Db, account_id: i64) -> Result<Option<BreakRule>, sqlx::Error> {
    let code: Option<String> = db
        .row(
            "SELECT break_rule FROM accounts WHERE id = $1",
            vec![Param::Int(account_id)],
        )
        .await?;
    Ok(code.as_deref().and_then(BreakRule::parse))
}
