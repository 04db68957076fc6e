//! `expenses` with their person's, project's and client's names: the one SELECT and decoder of
//! an expense, the filtered list and totals, and the writes.

use super::conn::{self, Stored};
use super::exec::{Cells, Cost, FromCells, Listing, Param};
use super::{flag, time, Conn, Db, Where};
use crate::model::{CurrencyTotal, Expense};

const FROM: &str =
    "FROM expenses x JOIN users u ON u.id = x.user_id AND u.account_id = x.account_id
    JOIN projects p ON p.id = x.project_id AND p.account_id = x.account_id
    JOIN clients c ON c.id = p.client_id AND c.account_id = x.account_id";

/// Decoded by `Stored<Expense>`, in order (`deleted_at` last).
const COLUMNS: &str = "SELECT x.id, x.user_id, u.username, c.name AS client_name, c.id AS client_id, x.project_id, p.name AS project_name,
    x.spent_on, x.amount_cents, x.currency, x.category, x.notes, x.billable, x.created_at, x.updated_at, x.deleted_at";

impl FromCells for Expense {
    fn from_cells(c: &mut Cells<'_>) -> Result<Expense, sqlx::Error> {
        let (id, user_id, username, client_name, client_id) =
            (c.int()?, c.int()?, c.text()?, c.text()?, c.int()?);
        let (project_id, project_name) = (c.int()?, c.text()?);
        Ok(Expense {
            id,
            user_id,
            username,
            client_name,
            client_id,
            project_id,
            project_name,
            date: c.text()?,
            amount_cents: c.int()?,
            currency: c.text()?,
            category: c.text()?,
            notes: c.text()?,
            billable: c.flag()?,
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

impl FromCells for CurrencyTotal {
    fn from_cells(c: &mut Cells<'_>) -> Result<CurrencyTotal, sqlx::Error> {
        Ok(CurrencyTotal {
            currency: c.text()?,
            amount_cents: c.int()?,
        })
    }
}

/// The filters that are set; dates are `YYYY-MM-DD`, inclusive.
#[derive(Default)]
pub struct Filter {
    pub username: Option<String>,
    pub client_name: Option<String>,
    pub project_name: Option<String>,
    pub project_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Every listed person must match (a requested one, and the staff member asking).
    pub user_ids: Vec<i64>,
}

fn condition(f: &Filter) -> Where {
    let mut w = Where::new("x.account_id = $1 AND x.deleted_at IS NULL");
    let texts = [
        ("u.username = {}", &f.username),
        ("c.name = {}", &f.client_name),
        ("p.name = {}", &f.project_name),
    ];
    for (clause, value) in texts {
        if let Some(v) = value {
            w.text(clause, v.as_str());
        }
    }
    if let Some(id) = f.project_id {
        w.int("x.project_id = {}", id);
    }
    if let Some(d) = &f.from {
        w.text("x.spent_on >= {}", d.as_str());
    }
    if let Some(d) = &f.to {
        w.text("x.spent_on <= {}", d.as_str());
    }
    for id in &f.user_ids {
        w.int("x.user_id = {}", *id);
    }
    w
}

/// A page of the matching expenses by day, and how many match in all.
pub async fn page(
    db: &Db,
    account_id: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Expense>, i64), sqlx::Error> {
    let w = condition(f);
    let select = format!("{COLUMNS} {FROM}");
    let list = Listing {
        select: &select,
        from: FROM,
        condition: &w.sql,
        order: "x.spent_on, x.id",
    };
    let (rows, total): (Vec<Stored<Expense>>, i64) = db
        .counted_page(&list, w.params(account_id), limit, offset)
        .await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// The sum of the matching expenses per currency.
pub async fn totals(
    db: &Db,
    account_id: i64,
    f: &Filter,
) -> Result<Vec<CurrencyTotal>, sqlx::Error> {
    let w = condition(f);
    let sql = format!(
        "SELECT x.currency, CAST(SUM(x.amount_cents) AS BIGINT) {FROM} WHERE {} GROUP BY x.currency ORDER BY x.currency",
        w.sql
    );
    db.rows(Cost::Long, &sql, w.params(account_id)).await
}

/// One expense of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<Expense>>, sqlx::Error> {
    let sql = format!("{COLUMNS} {FROM} WHERE x.account_id = $1 AND x.id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// What a create or an update writes (`user_id` only on create).
pub struct Fields {
    pub project_id: i64,
    pub date: String,
    pub amount_cents: i64,
    pub currency: String,
    pub category: String,
    pub notes: String,
    pub billable: bool,
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.project_id.into(),
        f.date.clone().into(),
        f.amount_cents.into(),
        f.currency.clone().into(),
        f.category.clone().into(),
        f.notes.clone().into(),
        flag(f.billable).into(),
        time::now().into(),
    ]
}

/// Inserts an expense of `user_id`; its id.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    f: &Fields,
) -> Result<i64, sqlx::Error> {
    let mut p = params(f);
    p.extend([account_id.into(), user_id.into()]);
    conn::value(
        conn,
        "INSERT INTO expenses (project_id, spent_on, amount_cents, currency, category, notes, billable, created_at, updated_at, account_id, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10) RETURNING id",
        p,
    )
    .await
}

pub async fn update(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    f: &Fields,
) -> Result<(), sqlx::Error> {
    let mut p = params(f);
    p.extend([account_id.into(), id.into()]);
    conn::execute(
        conn,
        "UPDATE expenses SET project_id = $1, spent_on = $2, amount_cents = $3, currency = $4, category = $5, notes = $6,
            billable = $7, updated_at = $8 WHERE account_id = $9 AND id = $10",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "expenses", account_id, id).await
}

pub async fn restore(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::restore(conn, "expenses", account_id, id).await
}
