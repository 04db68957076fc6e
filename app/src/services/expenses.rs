//! Expenses per project.

use chrono::NaiveDate;

use super::refs::{self, Named};
use super::{live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult, TEXT_MAX};
use crate::db::conn::Reader;
use crate::db::{accounts, expenses, Conn, Db};
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

/// The filter for the database; staff are held to their own expenses here, once (asking for
/// someone else's gives an empty list, never theirs).
fn condition(actor: &Actor, filter: &ExpenseFilter) -> expenses::Filter {
    let mut user_ids: Vec<i64> = filter.user_id.into_iter().collect();
    if actor.role == Role::Staff {
        user_ids.push(actor.user_id.unwrap_or(0));
    }
    expenses::Filter {
        username: filter.username.clone(),
        client_name: filter.client_name.clone(),
        project_name: filter.project_name.clone(),
        project_id: filter.project_id,
        from: filter.from.map(|d| d.to_string()),
        to: filter.to.map(|d| d.to_string()),
        user_ids,
    }
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &ExpenseFilter,
    paging: Paging,
) -> ServiceResult<Page<Expense>> {
    let f = condition(actor, filter);
    let (items, total) =
        expenses::page(db, actor.account_id, &f, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}

/// The sum of the filtered expenses per currency (amounts in different currencies are never
/// added together).
pub async fn totals(
    db: &Db,
    actor: &Actor,
    filter: &ExpenseFilter,
) -> ServiceResult<Vec<crate::model::CurrencyTotal>> {
    Ok(expenses::totals(db, actor.account_id, &condition(actor, filter)).await?)
}

/// The account's currency: what a new expense defaults to.
pub async fn default_currency(db: &Db, actor: &Actor) -> ServiceResult<String> {
    account_currency(&mut *db.pool.acquire().await?, actor.account_id).await
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Expense> {
    live(
        expenses::get(conn, account_id, id).await?,
        Resource::Expense,
    )
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
    Ok(accounts::currency(conn, account_id).await?)
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
        Some(u) => c.found(refs::user(Reader::Tx(tx), account, u).await)?,
        None => None,
    };
    let client_id = match &input.client {
        Some(cl) => match c.found(refs::client(Reader::Tx(tx), account, cl, true).await)? {
            Some(found) => Some(Some(found.id)),
            None => None,
        },
        None => Some(None),
    };
    let project = match (client_id, &input.project) {
        (Some(client_id), Some(p)) => {
            c.found(refs::project(Reader::Tx(tx), account, client_id, p, true).await)?
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
    let fields = expenses::Fields {
        project_id: project.id,
        date: input.date.expect("checked").to_string(),
        amount_cents: input.amount_cents.expect("checked"),
        currency,
        category: input.category.unwrap_or_default(),
        notes: input.notes.unwrap_or_default(),
        billable: input.billable.unwrap_or(true),
    };
    let id = expenses::insert(&mut tx, account, user.id, &fields).await?;
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
    let fields = expenses::Fields {
        project_id,
        date: input.date.map(|d| d.to_string()).unwrap_or(old.date),
        amount_cents: input.amount_cents.unwrap_or(old.amount_cents),
        currency: input.currency.unwrap_or(old.currency),
        category: input.category.unwrap_or(old.category),
        notes: input.notes.unwrap_or(old.notes),
        billable: input.billable.unwrap_or(old.billable),
    };
    expenses::update(&mut tx, account, id, &fields).await?;
    let x = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(x)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own expenses")?;
    expenses::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Undoes a delete: the expense is live again. A live one stays as it is.
pub async fn restore(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = expenses::get(&mut tx, actor.account_id, id)
        .await?
        .filter(|x| actor.may_see(x.row.user_id))
        .ok_or(ServiceError::NotFound(Resource::Expense))?;
    actor.may_change(old.row.user_id, "staff may only change their own expenses")?;
    expenses::restore(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
