//! Expenses per project.

use chrono::NaiveDate;
use sqlx::Row as _;

use super::refs::{self, Named};
use super::{
    fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult, TEXT_MAX,
};
use crate::db::{time, Conn, Db};
use crate::model::{Expense, Role};

#[derive(Clone, Debug, Default)]
pub struct ExpenseFilter {
    pub username: Option<String>,
    pub client_name: Option<String>,
    pub project_name: Option<String>,
    pub project_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// One person's expenses (staff see only their own whatever this says).
    pub user_id: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct ExpenseInput {
    pub user: Option<Named>,
    pub client: Option<Named>,
    pub project: Option<Named>,
    pub date: Option<NaiveDate>,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub category: Option<String>,
    pub notes: Option<String>,
    pub billable: Option<bool>,
    /// The client must be named (the TimeTrack API requires clientName on create; the UI
    /// picks the project by id alone).
    pub client_required: bool,
}

const SELECT: &str = "SELECT x.id, x.user_id, u.username, c.name AS client_name, c.id AS client_id, x.project_id, p.name AS project_name,
    x.spent_on, x.amount_cents, x.currency, x.category, x.notes, x.billable, x.deleted_at, x.created_at, x.updated_at
    FROM expenses x
    JOIN users u ON u.id = x.user_id AND u.account_id = x.account_id
    JOIN projects p ON p.id = x.project_id AND p.account_id = x.account_id
    JOIN clients c ON c.id = p.client_id AND c.account_id = x.account_id";

fn from_row(r: &crate::db::Row) -> Result<Expense, sqlx::Error> {
    Ok(Expense {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        client_name: r.try_get("client_name")?,
        client_id: r.try_get("client_id")?,
        project_id: r.try_get("project_id")?,
        project_name: r.try_get("project_name")?,
        date: r.try_get("spent_on")?,
        amount_cents: r.try_get("amount_cents")?,
        currency: r.try_get("currency")?,
        category: r.try_get("category")?,
        notes: r.try_get("notes")?,
        billable: r.try_get::<i64, _>("billable")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const FROM: &str =
    "FROM expenses x JOIN users u ON u.id = x.user_id AND u.account_id = x.account_id
    JOIN projects p ON p.id = x.project_id AND p.account_id = x.account_id
    JOIN clients c ON c.id = p.client_id AND c.account_id = x.account_id";

/// The WHERE clause of a filter; staff are held to their own expenses here, once.
/// The filter as a WHERE clause; for staff always narrowed to their own expenses (asking for
/// someone else's gives an empty list, never theirs).
fn condition(actor: &Actor, filter: &ExpenseFilter) -> crate::db::Where {
    let mut w = crate::db::Where::new("x.account_id = $1 AND x.deleted_at IS NULL");
    if let Some(u) = &filter.username {
        w.text("u.username = {}", u.as_str());
    }
    if let Some(c) = &filter.client_name {
        w.text("c.name = {}", c.as_str());
    }
    if let Some(p) = &filter.project_name {
        w.text("p.name = {}", p.as_str());
    }
    if let Some(id) = filter.project_id {
        w.int("x.project_id = {}", id);
    }
    if let Some(d) = filter.from {
        w.text("x.spent_on >= {}", d.to_string());
    }
    if let Some(d) = filter.to {
        w.text("x.spent_on <= {}", d.to_string());
    }
    if let Some(id) = filter.user_id {
        w.int("x.user_id = {}", id);
    }
    if actor.role == Role::Staff {
        w.int("x.user_id = {}", actor.user_id.unwrap_or(0));
    }
    w
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &ExpenseFilter,
    paging: Paging,
) -> ServiceResult<Page<Expense>> {
    let w = condition(actor, filter);
    let count_sql = format!("SELECT COUNT(*) {FROM} WHERE {}", w.sql);
    let total: i64 = w
        .bind(sqlx::query(&count_sql), actor.account_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let n = w.next_placeholder();
    let list_sql = format!(
        "{SELECT} WHERE {} ORDER BY x.spent_on, x.id LIMIT ${} OFFSET ${}",
        w.sql,
        n,
        n + 1
    );
    let rows = w
        .bind(sqlx::query(&list_sql), actor.account_id)
        .bind(paging.limit)
        .bind(paging.offset())
        .fetch_all(&db.pool)
        .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    })
}

/// The sum of the filtered expenses per currency (amounts in different currencies are never
/// added together).
pub async fn totals(
    db: &Db,
    actor: &Actor,
    filter: &ExpenseFilter,
) -> ServiceResult<Vec<crate::model::CurrencyTotal>> {
    let w = condition(actor, filter);
    let sql = format!(
        "SELECT x.currency, CAST(SUM(x.amount_cents) AS BIGINT) AS total {FROM} WHERE {} GROUP BY x.currency ORDER BY x.currency",
        w.sql
    );
    let rows = w
        .bind(sqlx::query(&sql), actor.account_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::model::CurrencyTotal {
                currency: r.try_get("currency")?,
                amount_cents: r.try_get("total")?,
            })
        })
        .collect()
}

/// The account's currency: what a new expense defaults to.
pub async fn default_currency(db: &Db, actor: &Actor) -> ServiceResult<String> {
    account_currency(&mut *db.pool.acquire().await?, actor.account_id).await
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Expense> {
    let sql = format!("{SELECT} WHERE x.account_id = $1 AND x.id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::Expense).await?,
    )?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Expense> {
    let x = load(&mut *db.pool.acquire().await?, actor.account_id, id).await?;
    if !actor.may_see(x.user_id) {
        return Err(ServiceError::NotFound(Resource::Expense));
    }
    Ok(x)
}

fn check(c: &mut Checks, input: &ExpenseInput) {
    if let Some(a) = input.amount_cents {
        c.check(
            (0..=10_000_000_000).contains(&a),
            "amount",
            "amount must be between 0 and 100000000.",
        );
    }
    if let Some(cur) = &input.currency {
        c.check(
            super::accounts::valid_currency(cur),
            "currency",
            "currency must be an ISO 4217 code such as EUR.",
        );
    }
    c.max_len("category", input.category.as_deref(), 100);
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
}

async fn account_currency(conn: &mut Conn, account_id: i64) -> ServiceResult<String> {
    Ok(sqlx::query("SELECT currency FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?)
}

/// The user and project a new expense names; unknown ones are added to `c`, so one answer
/// names every unknown reference (a project is only looked for under a client that exists).
async fn references(
    tx: &mut crate::db::Tx,
    account: i64,
    input: &ExpenseInput,
    c: &mut Checks,
) -> ServiceResult<(Option<refs::UserRow>, Option<refs::ProjectRow>)> {
    let user = match &input.user {
        Some(u) => c.found(refs::user(tx, account, u).await)?,
        None => None,
    };
    let client_id = match &input.client {
        Some(cl) => match c.found(refs::client(tx, account, cl, true).await)? {
            Some(found) => Some(Some(found.id)),
            None => None,
        },
        None => Some(None),
    };
    let project = match (client_id, &input.project) {
        (Some(client_id), Some(p)) => {
            c.found(refs::project(tx, account, client_id, p, true).await)?
        }
        _ => None,
    };
    Ok((user, project))
}

pub async fn create(db: &Db, actor: &Actor, input: ExpenseInput) -> ServiceResult<Expense> {
    let mut c = Checks::new();
    c.check(input.user.is_some(), "user", "user is required.");
    c.check(
        input.client.is_some() || !input.client_required,
        "clientName",
        "clientName is required.",
    );
    c.check(
        input.project.is_some(),
        "projectName",
        "projectName is required.",
    );
    c.check(input.date.is_some(), "date", "date is required.");
    c.check(
        input.amount_cents.is_some(),
        "amount",
        "amount is required.",
    );
    check(&mut c, &input);
    let mut tx = db.begin_write(None).await?;
    let account = actor.account_id;
    let (user, project) = references(&mut tx, account, &input, &mut c).await?;
    c.done()?;
    let (Some(user), Some(project)) = (user, project) else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    actor.may_change(user.id, "staff may only change their own expenses")?;
    let currency = match input.currency {
        Some(c) => c,
        None => account_currency(&mut tx, account).await?,
    };
    let now = time::now();
    let id: i64 = sqlx::query(
        "INSERT INTO expenses (account_id, user_id, project_id, spent_on, amount_cents, currency, category, notes, billable, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(account)
    .bind(user.id)
    .bind(project.id)
    .bind(input.date.expect("checked").to_string())
    .bind(input.amount_cents.expect("checked"))
    .bind(currency)
    .bind(input.category.unwrap_or_default())
    .bind(input.notes.unwrap_or_default())
    .bind(i64::from(input.billable.unwrap_or(true)))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let x = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(x)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: ExpenseInput,
) -> ServiceResult<Expense> {
    let mut c = Checks::new();
    if input.user.is_some() {
        c.fail("user", "user cannot be changed.");
    }
    check(&mut c, &input);
    let mut tx = db.begin_write(None).await?;
    let account = actor.account_id;
    // A new project is looked up before the answer, so an unknown one is named beside the
    // other problems.
    let (_, project) = if input.project.is_some() {
        let target = ExpenseInput {
            user: None,
            ..input.clone()
        };
        references(&mut tx, account, &target, &mut c).await?
    } else {
        (None, None)
    };
    c.done()?;
    let old = load(&mut tx, account, id).await?;
    actor.may_change(old.user_id, "staff may only change their own expenses")?;
    let project_id = project.map_or(old.project_id, |p| p.id);
    sqlx::query(
        "UPDATE expenses SET project_id = $1, spent_on = $2, amount_cents = $3, currency = $4, category = $5, notes = $6,
            billable = $7, updated_at = $8 WHERE account_id = $9 AND id = $10",
    )
    .bind(project_id)
    .bind(input.date.map(|d| d.to_string()).unwrap_or(old.date))
    .bind(input.amount_cents.unwrap_or(old.amount_cents))
    .bind(input.currency.unwrap_or(old.currency))
    .bind(input.category.unwrap_or(old.category))
    .bind(input.notes.unwrap_or(old.notes))
    .bind(i64::from(input.billable.unwrap_or(old.billable)))
    .bind(time::now())
    .bind(account)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let x = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(x)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own expenses")?;
    super::soft_delete(&mut tx, "expenses", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
