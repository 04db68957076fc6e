//! Per-project dashboards: totals, budget burn and breakdowns by user, task and week. Every
//! figure is a SQL aggregate; entries are never loaded into memory, so a project with hundreds
//! of thousands of entries answers in one pass over its index.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sqlx::Row as _;

use super::reports::day_start;
use super::weeks::monday_of;
use super::{accounts, Actor, Resource, ServiceError, ServiceResult};
use crate::db::{time, Db, Row, Where};
use crate::export::{Cell, Table};
use crate::model::{ProjectDashboard, ProjectFigures, ProjectOverview, RangeSums, Slice};

/// Money of an entry: a flat rate is the amount itself, else minutes × hourly rate. Only
/// billable entries earn money. Summed in cent-minutes (read with `cents`), divided once in
/// Rust so rounding neither adds up over many entries nor differs between the backends.
const AMOUNT: &str = "CAST(COALESCE(SUM(CASE WHEN e.billable = 1 THEN
        (CASE WHEN e.flat_rate = 1 THEN COALESCE(e.hour_rate_cents, 0) * 60
              ELSE e.worked_minutes * COALESCE(e.hour_rate_cents, 0) END)
        ELSE 0 END), 0) AS BIGINT)";

/// The `amount` column (cent-minutes) in cents.
fn cents(r: &Row) -> Result<i64, sqlx::Error> {
    Ok(r.try_get::<i64, _>("amount")? / 60)
}
const MINUTES: &str = "CAST(COALESCE(SUM(e.worked_minutes), 0) AS BIGINT)";
const BILLABLE: &str =
    "CAST(COALESCE(SUM(CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END), 0) AS BIGINT)";

/// A date range as the user typed it (local dates, both ends included; either may be open).
#[derive(Clone, Debug, Default)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    pub fn parse(from: &str, to: &str) -> ServiceResult<Range> {
        let date = |field: &str, s: &str| -> ServiceResult<Option<NaiveDate>> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            crate::input::date(s).map(Some).ok_or_else(|| {
                ServiceError::invalid(field, format!("{field} must be a date like 2026-11-30."))
            })
        };
        let r = Range {
            from: date("from", from)?,
            to: date("to", to)?,
        };
        if let (Some(f), Some(t)) = (r.from, r.to) {
            if t < f {
                return Err(ServiceError::invalid("to", "to must not be before from."));
            }
        }
        Ok(r)
    }

    fn bounds(&self, tz: Tz) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        (
            self.from.map(|d| day_start(tz, d)),
            self.to.map(|d| day_start(tz, d + Duration::days(1))),
        )
    }

    fn shown(&self) -> (String, String) {
        let s = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        (s(self.from), s(self.to))
    }
}

const MANAGERS_ONLY: &str = "project dashboards are for managers and administrators";

/// Entries of the account (and project) inside the range, as a WHERE over `time_entries e`.
fn entries_in(tz: Tz, range: &Range, project: Option<i64>) -> Where {
    let mut w = Where::new("e.account_id = $1 AND e.deleted_at IS NULL");
    if let Some(p) = project {
        w.int("e.project_id = {}", p);
    }
    let (from, to) = range.bounds(tz);
    if let Some(t) = from {
        w.text("e.started_at >= {}", time::to_db(t));
    }
    if let Some(t) = to {
        w.text("e.started_at < {}", time::to_db(t));
    }
    w
}

fn slice(label: String, r: &Row) -> Result<Slice, sqlx::Error> {
    Ok(Slice {
        label,
        minutes: r.try_get("minutes")?,
        billable_minutes: r.try_get("billable")?,
        amount_cents: cents(r)?,
    })
}

/// Every project's figures (all time) plus its sums in the range, newest activity irrelevant:
/// ordered by client and project name.
pub async fn overview(db: &Db, actor: &Actor, range: &Range) -> ServiceResult<ProjectOverview> {
    actor.require_manager(MANAGERS_ONLY)?;
    let tz = accounts::tz(db, actor.account_id, None).await?;
    let currency = super::expenses::default_currency(db, actor).await?;
    let all = figures(db, actor, None, &currency).await?;
    let w = entries_in(tz, range, None);
    let sql = format!(
        "SELECT e.project_id, {MINUTES} AS minutes, {BILLABLE} AS billable, {AMOUNT} AS amount, COUNT(*) AS entries
         FROM time_entries e WHERE {} GROUP BY e.project_id",
        w.sql
    );
    let mut sums: BTreeMap<i64, RangeSums> = BTreeMap::new();
    for r in w
        .bind(sqlx::query(&sql), actor.account_id)
        .fetch_all(&db.pool)
        .await?
    {
        sums.insert(
            r.try_get("project_id")?,
            RangeSums {
                minutes: r.try_get("minutes")?,
                billable_minutes: r.try_get("billable")?,
                amount_cents: cents(&r)?,
                expenses_cents: 0,
                entries: r.try_get("entries")?,
            },
        );
    }
    for (project, cents) in expenses_by_project(db, actor, range, None).await? {
        sums.entry(project).or_default().expenses_cents = cents;
    }
    let (from, to) = range.shown();
    Ok(ProjectOverview {
        from,
        to,
        projects: all
            .into_iter()
            .map(|p| {
                let s = sums.remove(&p.id).unwrap_or_default();
                (p, s)
            })
            .collect(),
    })
}

pub async fn dashboard(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    range: &Range,
) -> ServiceResult<ProjectDashboard> {
    actor.require_manager(MANAGERS_ONLY)?;
    let tz = accounts::tz(db, actor.account_id, None).await?;
    let currency = super::expenses::default_currency(db, actor).await?;
    let project = figures(db, actor, Some(project_id), &currency)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound(Resource::Project))?;
    let w = entries_in(tz, range, Some(project_id));
    let head = format!("{MINUTES} AS minutes, {BILLABLE} AS billable, {AMOUNT} AS amount");

    let r = w
        .bind(
            sqlx::query(&format!(
                "SELECT {head}, COUNT(*) AS entries FROM time_entries e WHERE {}",
                w.sql
            )),
            actor.account_id,
        )
        .fetch_one(&db.pool)
        .await?;
    let sums = RangeSums {
        minutes: r.try_get("minutes")?,
        billable_minutes: r.try_get("billable")?,
        amount_cents: cents(&r)?,
        expenses_cents: expenses_by_project(db, actor, range, Some(project_id))
            .await?
            .first()
            .map(|(_, c)| *c)
            .unwrap_or(0),
        entries: r.try_get("entries")?,
    };

    let by_user_sql = format!(
        "SELECT u.username AS label, MIN(u.first_name) AS first_name, MIN(u.last_name) AS last_name, {head}
         FROM time_entries e JOIN users u ON u.id = e.user_id AND u.account_id = e.account_id
         WHERE {} GROUP BY u.username ORDER BY minutes DESC, u.username",
        w.sql
    );
    let mut by_user = Vec::new();
    for r in w
        .bind(sqlx::query(&by_user_sql), actor.account_id)
        .fetch_all(&db.pool)
        .await?
    {
        let username: String = r.try_get("label")?;
        let name = format!(
            "{} {}",
            r.try_get::<String, _>("first_name")?,
            r.try_get::<String, _>("last_name")?
        );
        let label = if name.trim().is_empty() {
            username
        } else {
            name.trim().to_string()
        };
        by_user.push(slice(label, &r)?);
    }

    let by_task_sql = format!(
        "SELECT e.task_id AS task_id, MIN(t.name) AS label, {head}
         FROM time_entries e LEFT JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id
         WHERE {} GROUP BY e.task_id ORDER BY minutes DESC",
        w.sql
    );
    let mut by_task = Vec::new();
    for r in w
        .bind(sqlx::query(&by_task_sql), actor.account_id)
        .fetch_all(&db.pool)
        .await?
    {
        // Entries without a task are one slice with an empty label; the page names it.
        let label: Option<String> = r.try_get("label")?;
        by_task.push(slice(label.unwrap_or_default(), &r)?);
    }

    // Weeks in the account's zone: sum per UTC hour in SQL (the same text prefix on both
    // backends), then fold the hours into local weeks here — at most 24 rows a day.
    let by_hour_sql = format!(
        "SELECT SUBSTR(e.started_at, 1, 13) AS hour, {head} FROM time_entries e WHERE {} GROUP BY SUBSTR(e.started_at, 1, 13)",
        w.sql
    );
    let mut weeks: BTreeMap<NaiveDate, Slice> = BTreeMap::new();
    for r in w
        .bind(sqlx::query(&by_hour_sql), actor.account_id)
        .fetch_all(&db.pool)
        .await?
    {
        let hour: String = r.try_get("hour")?;
        let Some(at) = time::from_db(&format!("{hour}:00:00.000Z")) else {
            continue;
        };
        let monday = monday_of(at.with_timezone(&tz).date_naive());
        let s = slice(String::new(), &r)?;
        let w = weeks.entry(monday).or_insert_with(|| Slice {
            label: monday.to_string(),
            minutes: 0,
            billable_minutes: 0,
            amount_cents: 0,
        });
        w.minutes += s.minutes;
        w.billable_minutes += s.billable_minutes;
        w.amount_cents += s.amount_cents;
    }

    let (from, to) = range.shown();
    Ok(ProjectDashboard {
        project,
        from,
        to,
        sums,
        by_user,
        by_task,
        by_week: weeks.into_values().collect(),
    })
}

/// The dashboard as a table for CSV/XLSX: the totals, then one line per user, task and week.
pub fn table(d: &ProjectDashboard) -> Table {
    let mut t = Table::new(
        &format!("{} - {}", d.project.client_name, d.project.name),
        &["section", "name", "time", "billable", "amount"],
    );
    let line = |section: &str, s: &Slice| {
        vec![
            Cell::Text(section.to_string()),
            Cell::Text(s.label.clone()),
            Cell::Minutes(s.minutes),
            Cell::Minutes(s.billable_minutes),
            Cell::Cents(s.amount_cents),
        ]
    };
    t.push(line(
        "total",
        &Slice {
            label: format!("{} {}–{}", d.project.name, d.from, d.to),
            minutes: d.sums.minutes,
            billable_minutes: d.sums.billable_minutes,
            amount_cents: d.sums.amount_cents,
        },
    ));
    t.push(vec![
        Cell::Text("expenses".into()),
        Cell::Text(d.project.currency.clone()),
        Cell::Minutes(0),
        Cell::Minutes(0),
        Cell::Cents(d.sums.expenses_cents),
    ]);
    for s in &d.by_user {
        t.push(line("user", s));
    }
    for s in &d.by_task {
        t.push(line("task", s));
    }
    for s in &d.by_week {
        t.push(line("week", s));
    }
    t
}

/// Projects with their all-time usage (for budget burn); one project or all of the account.
async fn figures(
    db: &Db,
    actor: &Actor,
    project: Option<i64>,
    currency: &str,
) -> ServiceResult<Vec<ProjectFigures>> {
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
    let rows = sqlx::query(&sql)
        .bind(actor.account_id)
        .bind(project.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let amount = cents(r)?;
        let expenses: i64 = r.try_get("expenses")?;
        out.push(ProjectFigures {
            id: r.try_get("id")?,
            client_name: r.try_get("cname")?,
            name: r.try_get("pname")?,
            color: r.try_get("color")?,
            archived: r.try_get::<i64, _>("archived")? != 0,
            currency: currency.to_string(),
            budget_minutes: r.try_get("budget_minutes")?,
            budget_cents: r.try_get("budget_cents")?,
            used_minutes: r.try_get("minutes")?,
            used_cents: amount + expenses,
        });
    }
    Ok(out)
}

/// Expenses per project in the range (by the day they were spent).
async fn expenses_by_project(
    db: &Db,
    actor: &Actor,
    range: &Range,
    project: Option<i64>,
) -> ServiceResult<Vec<(i64, i64)>> {
    let (from, to) = range.shown();
    let rows = sqlx::query(
        "SELECT project_id, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM expenses
         WHERE account_id = $1 AND deleted_at IS NULL AND ($2 IS NULL OR project_id = $2)
           AND ($3 = '' OR spent_on >= $3) AND ($4 = '' OR spent_on <= $4)
         GROUP BY project_id",
    )
    .bind(actor.account_id)
    .bind(project)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("project_id")?, r.try_get("cents")?)))
        .collect()
}
