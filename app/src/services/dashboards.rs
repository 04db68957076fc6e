//! Per-project dashboards: totals, budget burn and breakdowns by user, task and week. Every
//! figure is a SQL aggregate; entries are never loaded into memory, so a project with hundreds
//! of thousands of entries answers in one pass over its index.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::reports::day_start;
use super::week::monday_of;
use super::{accounts, Actor, Resource, ServiceError, ServiceResult};
use crate::db::{dashboards, time, Db};
use crate::export::{Cell, Table};
use crate::model::{ProjectDashboard, ProjectFigures, ProjectOverview, RangeSums, Slice};

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

/// Entries of the account (and project) inside the range.
fn entries_in(tz: Tz, range: &Range, project: Option<i64>) -> dashboards::Filter {
    let (from, to) = range.bounds(tz);
    dashboards::Filter {
        project,
        cut: super::rollups::cut(tz, from, to),
    }
}

/// Every project's figures (all time) plus its sums in the range, newest activity irrelevant:
/// ordered by client and project name.
pub async fn overview(db: &Db, actor: &Actor, range: &Range) -> ServiceResult<ProjectOverview> {
    actor.require_manager(MANAGERS_ONLY)?;
    let tz = accounts::tz(db, actor.account_id, None).await?;
    let currency = super::expenses::default_currency(db, actor).await?;
    let all = figures(db, actor, None, &currency).await?;
    let f = entries_in(tz, range, None);
    let mut sums: BTreeMap<i64, RangeSums> = BTreeMap::new();
    for (project, c) in dashboards::sums_by_project(db, actor.account_id, &f).await? {
        sums.insert(
            project,
            RangeSums {
                minutes: c.sums.minutes,
                billable_minutes: c.sums.billable_minutes,
                amount_cents: c.sums.amount_cents,
                expenses_cents: 0,
                entries: c.entries,
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
    let f = entries_in(tz, range, Some(project_id));
    let c = dashboards::sums(db, actor.account_id, &f).await?;
    let sums = RangeSums {
        minutes: c.sums.minutes,
        billable_minutes: c.sums.billable_minutes,
        amount_cents: c.sums.amount_cents,
        expenses_cents: expenses_by_project(db, actor, range, Some(project_id))
            .await?
            .first()
            .map(|(_, c)| *c)
            .unwrap_or(0),
        entries: c.entries,
    };
    let by_user = dashboards::by_person(db, actor.account_id, &f)
        .await?
        .into_iter()
        .map(|p| {
            let name = format!("{} {}", p.first_name, p.last_name);
            let label = if name.trim().is_empty() {
                p.username
            } else {
                name.trim().to_string()
            };
            Slice { label, ..p.sums }
        })
        .collect();
    // Entries without a task are one slice with an empty label; the page names it.
    let by_task = dashboards::by_task(db, actor.account_id, &f).await?;
    let weeks = by_week(tz, dashboards::by_bucket(db, actor.account_id, &f).await?);
    let (from, to) = range.shown();
    Ok(ProjectDashboard {
        project,
        from,
        to,
        sums,
        by_user,
        by_task,
        by_week: weeks,
    })
}

/// Weeks in the account's zone: the sums per account day (`YYYY-MM-DD`) and per UTC hour
/// (`YYYY-MM-DDTHH`) folded into local weeks.
fn by_week(tz: Tz, buckets: Vec<Slice>) -> Vec<Slice> {
    let mut weeks: BTreeMap<NaiveDate, Slice> = BTreeMap::new();
    for s in buckets {
        let day = match s.label.len() {
            10 => NaiveDate::parse_from_str(&s.label, "%Y-%m-%d").ok(),
            _ => time::from_db(&format!("{}:00:00.000Z", s.label))
                .map(|at| at.with_timezone(&tz).date_naive()),
        };
        let Some(day) = day else {
            continue;
        };
        let monday = monday_of(day);
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
    weeks.into_values().collect()
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
    let rows = dashboards::figures(db, actor.account_id, project).await?;
    Ok(rows
        .into_iter()
        .map(|r| ProjectFigures {
            id: r.id,
            client_name: r.client_name,
            name: r.name,
            color: r.color,
            archived: r.archived,
            currency: currency.to_string(),
            budget_minutes: r.budget_minutes,
            budget_cents: r.budget_cents,
            used_minutes: r.used_minutes,
            used_cents: r.used_cents,
        })
        .collect())
}

/// Expenses per project in the range (by the day they were spent).
async fn expenses_by_project(
    db: &Db,
    actor: &Actor,
    range: &Range,
    project: Option<i64>,
) -> ServiceResult<Vec<(i64, i64)>> {
    let (from, to) = range.shown();
    Ok(dashboards::expenses_by_project(db, actor.account_id, project, &from, &to).await?)
}
