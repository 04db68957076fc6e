//! The project dashboards' aggregates over `time_entries` and `expenses`: every figure a SQL
//! sum, entries never loaded one by one, so a project with hundreds of thousands of entries
//! answers in one pass over its index.

use super::exec::{Cells, Cost, FromCells, Param};
use super::{Db, Where};
use crate::model::Slice;

/// Money of an entry: a flat rate is the amount itself, else minutes × hourly rate. Only
/// billable entries earn money. Summed in cent-minutes, divided once when decoded (see
/// [`cents`]) so rounding neither adds up over many entries nor differs between the backends.
const AMOUNT: &str = "CAST(COALESCE(SUM(CASE WHEN e.billable = 1 THEN
        (CASE WHEN e.flat_rate = 1 THEN COALESCE(e.hour_rate_cents, 0) * 60
              ELSE e.worked_minutes * COALESCE(e.hour_rate_cents, 0) END)
        ELSE 0 END), 0) AS BIGINT)";
const MINUTES: &str = "CAST(COALESCE(SUM(e.worked_minutes), 0) AS BIGINT)";
const BILLABLE: &str =
    "CAST(COALESCE(SUM(CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END), 0) AS BIGINT)";

/// An amount column (cent-minutes) in cents.
fn cents(c: &mut Cells<'_>) -> Result<i64, sqlx::Error> {
    Ok(c.int()? / 60)
}

/// The sums of a group of entries: minutes, billable minutes, amount, in that order.
fn sums_head() -> String {
    format!("{MINUTES} AS minutes, {BILLABLE} AS billable, {AMOUNT} AS amount")
}

/// Sums without a label; a grouping's label is read before them.
fn slice(c: &mut Cells<'_>, label: String) -> Result<Slice, sqlx::Error> {
    Ok(Slice {
        label,
        minutes: c.int()?,
        billable_minutes: c.int()?,
        amount_cents: cents(c)?,
    })
}

/// The entries a dashboard sums: the account's live ones, of one project or all, started in
/// `from` … `to` (as stored; `to` excluded; either open).
pub struct Filter {
    pub project: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn entries_in(f: &Filter) -> Where {
    let mut w = Where::new("e.account_id = $1 AND e.deleted_at IS NULL");
    if let Some(p) = f.project {
        w.int("e.project_id = {}", p);
    }
    if let Some(t) = &f.from {
        w.text("e.started_at >= {}", t.as_str());
    }
    if let Some(t) = &f.to {
        w.text("e.started_at < {}", t.as_str());
    }
    w
}

/// Sums of a range and how many entries they add up.
pub struct Counted {
    pub sums: Slice,
    pub entries: i64,
}

impl FromCells for Counted {
    fn from_cells(c: &mut Cells<'_>) -> Result<Counted, sqlx::Error> {
        Ok(Counted {
            sums: slice(c, String::new())?,
            entries: c.int()?,
        })
    }
}

struct ByProject(i64, Counted);

impl FromCells for ByProject {
    fn from_cells(c: &mut Cells<'_>) -> Result<ByProject, sqlx::Error> {
        Ok(ByProject(c.int()?, Counted::from_cells(c)?))
    }
}

/// The filter's sums per project.
pub async fn sums_by_project(
    db: &Db,
    account_id: i64,
    f: &Filter,
) -> Result<Vec<(i64, Counted)>, sqlx::Error> {
    let w = entries_in(f);
    let sql = format!(
        "SELECT e.project_id, {}, COUNT(*) AS entries FROM time_entries e WHERE {} GROUP BY e.project_id",
        sums_head(),
        w.sql
    );
    let rows: Vec<ByProject> = db.rows(Cost::Long, &sql, w.params(account_id)).await?;
    Ok(rows.into_iter().map(|r| (r.0, r.1)).collect())
}

/// The filter's sums.
pub async fn sums(db: &Db, account_id: i64, f: &Filter) -> Result<Counted, sqlx::Error> {
    let w = entries_in(f);
    let sql = format!(
        "SELECT {}, COUNT(*) AS entries FROM time_entries e WHERE {}",
        sums_head(),
        w.sql
    );
    db.rows(Cost::Long, &sql, w.params(account_id))
        .await?
        .into_iter()
        .next()
        .ok_or(sqlx::Error::RowNotFound)
}

/// A person's sums with their username and names.
pub struct PersonSlice {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub sums: Slice,
}

impl FromCells for PersonSlice {
    fn from_cells(c: &mut Cells<'_>) -> Result<PersonSlice, sqlx::Error> {
        let (username, first_name, last_name) = (c.text()?, c.text()?, c.text()?);
        Ok(PersonSlice {
            sums: slice(c, username.clone())?,
            username,
            first_name,
            last_name,
        })
    }
}

/// The filter's sums per person, most minutes first.
pub async fn by_person(
    db: &Db,
    account_id: i64,
    f: &Filter,
) -> Result<Vec<PersonSlice>, sqlx::Error> {
    let w = entries_in(f);
    let sql = format!(
        "SELECT u.username AS label, MIN(u.first_name) AS first_name, MIN(u.last_name) AS last_name, {}
         FROM time_entries e JOIN users u ON u.id = e.user_id AND u.account_id = e.account_id
         WHERE {} GROUP BY u.username ORDER BY minutes DESC, u.username",
        sums_head(),
        w.sql
    );
    db.rows(Cost::Long, &sql, w.params(account_id)).await
}

struct Labeled(Slice);

impl FromCells for Labeled {
    fn from_cells(c: &mut Cells<'_>) -> Result<Labeled, sqlx::Error> {
        let label = c.opt_text()?.unwrap_or_default();
        Ok(Labeled(slice(c, label)?))
    }
}

/// The filter's sums per task, most minutes first; entries without a task are one slice with
/// an empty label.
pub async fn by_task(db: &Db, account_id: i64, f: &Filter) -> Result<Vec<Slice>, sqlx::Error> {
    let w = entries_in(f);
    let sql = format!(
        "SELECT MIN(t.name) AS label, {}
         FROM time_entries e LEFT JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id
         WHERE {} GROUP BY e.task_id ORDER BY minutes DESC",
        sums_head(),
        w.sql
    );
    let rows: Vec<Labeled> = db.rows(Cost::Long, &sql, w.params(account_id)).await?;
    Ok(rows.into_iter().map(|l| l.0).collect())
}

/// The filter's sums per UTC hour, labelled `YYYY-MM-DDTHH` (the same text prefix on both
/// backends): at most 24 rows a day, for the caller to fold into local weeks.
pub async fn by_utc_hour(db: &Db, account_id: i64, f: &Filter) -> Result<Vec<Slice>, sqlx::Error> {
    let w = entries_in(f);
    let sql = format!(
        "SELECT SUBSTR(e.started_at, 1, 13) AS hour, {} FROM time_entries e WHERE {} GROUP BY SUBSTR(e.started_at, 1, 13)",
        sums_head(),
        w.sql
    );
    let rows: Vec<Labeled> = db.rows(Cost::Long, &sql, w.params(account_id)).await?;
    Ok(rows.into_iter().map(|l| l.0).collect())
}

/// A project with its budget and all-time usage.
pub struct Figures {
    pub id: i64,
    pub client_name: String,
    pub name: String,
    pub color: String,
    pub archived: bool,
    pub budget_minutes: Option<i64>,
    pub budget_cents: Option<i64>,
    pub used_minutes: i64,
    /// Time amount plus expenses.
    pub used_cents: i64,
}

impl FromCells for Figures {
    fn from_cells(c: &mut Cells<'_>) -> Result<Figures, sqlx::Error> {
        let (id, client_name, name, color, archived) =
            (c.int()?, c.text()?, c.text()?, c.text()?, c.flag()?);
        let (budget_minutes, budget_cents, used_minutes) = (c.opt_int()?, c.opt_int()?, c.int()?);
        let used_cents = cents(c)? + c.int()?;
        Ok(Figures {
            id,
            client_name,
            name,
            color,
            archived,
            budget_minutes,
            budget_cents,
            used_minutes,
            used_cents,
        })
    }
}

/// Projects with their all-time usage; one project or all of the account, archived last, by
/// client and project name.
pub async fn figures(
    db: &Db,
    account_id: i64,
    project: Option<i64>,
) -> Result<Vec<Figures>, sqlx::Error> {
    // One project, or all: "$2 = 0" keeps the placeholders numbered alike while letting the
    // one-project case seek the index (an "$2 IS NULL OR …" would make it scan the account).
    let (only_e, only_x, only_p) = match project {
        Some(_) => ("e.project_id = $2", "project_id = $2", "p.id = $2"),
        None => ("$2 = 0", "$2 = 0", "$2 = 0"),
    };
    let sql = format!(
        "SELECT p.id, c.name AS cname, p.name AS pname, p.color, p.archived, p.budget_minutes, p.budget_cents,
            COALESCE(s.minutes, 0) AS minutes, COALESCE(s.amount, 0) AS amount, COALESCE(x.cents, 0) AS expenses
         FROM projects p
         JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
         LEFT JOIN (SELECT e.project_id, {MINUTES} AS minutes, {AMOUNT} AS amount FROM time_entries e
                    WHERE e.account_id = $1 AND e.deleted_at IS NULL AND {only_e} GROUP BY e.project_id) s
               ON s.project_id = p.id
         LEFT JOIN (SELECT project_id, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM expenses
                    WHERE account_id = $1 AND deleted_at IS NULL AND {only_x} GROUP BY project_id) x
               ON x.project_id = p.id
         WHERE p.account_id = $1 AND p.deleted_at IS NULL AND {only_p}
         ORDER BY p.archived, c.name, p.name"
    );
    let params = vec![Param::Int(account_id), Param::Int(project.unwrap_or(0))];
    db.rows(Cost::Long, &sql, params).await
}

struct ProjectCents(i64, i64);

impl FromCells for ProjectCents {
    fn from_cells(c: &mut Cells<'_>) -> Result<ProjectCents, sqlx::Error> {
        Ok(ProjectCents(c.int()?, c.int()?))
    }
}

/// Expenses per project (one or all) spent on `from` … `to` (YYYY-MM-DD, both included; ""
/// leaves an end open): (project id, cents).
pub async fn expenses_by_project(
    db: &Db,
    account_id: i64,
    project: Option<i64>,
    from: &str,
    to: &str,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows: Vec<ProjectCents> = db
        .rows(
            Cost::Long,
            "SELECT project_id, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM expenses
             WHERE account_id = $1 AND deleted_at IS NULL AND ($2 IS NULL OR project_id = $2)
               AND ($3 = '' OR spent_on >= $3) AND ($4 = '' OR spent_on <= $4)
             GROUP BY project_id",
            vec![
                Param::Int(account_id),
                project.into(),
                from.into(),
                to.into(),
            ],
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.0, r.1)).collect())
}
