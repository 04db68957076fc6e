//! A month's timesheet for one person, and its CSV export.

use chrono::{NaiveDate, Utc};

use super::refs::Named;
use super::{reports, subject, users, Actor, ServiceError, ServiceResult};
use crate::db::Db;
use crate::export::{Cell, Table};
use crate::model::{TimesheetData, UserReport};

/// "2026-11" (or nothing: this month in the user's zone) → the month's first and last day.
pub fn month_range(month: &str, today: NaiveDate) -> ServiceResult<(NaiveDate, NaiveDate)> {
    let first = if month.trim().is_empty() {
        today
    } else {
        crate::input::month(month)
            .ok_or_else(|| ServiceError::invalid("month", "month must look like 2026-11."))?
    };
    Ok(crate::input::month_bounds(first))
}

pub async fn timesheet(
    db: &Db,
    actor: &Actor,
    month: &str,
    user_id: Option<i64>,
) -> ServiceResult<TimesheetData> {
    let me = actor.user_id.ok_or(ServiceError::Forbidden(
        "a timesheet needs a signed-in user",
    ))?;
    let tz = subject::user_tz(db, actor).await?;
    let (from, to) = month_range(month, Utc::now().with_timezone(&tz).date_naive())?;
    let user_id = user_id.unwrap_or(me);
    let report = reports::user_report(db, actor, &Named::id("user", user_id), from, to).await?;
    Ok(TimesheetData {
        month: from.format("%Y-%m").to_string(),
        user_id,
        team: users::team(db, actor).await?,
        report,
    })
}

/// The timesheet as a table for CSV and XLSX: one line per day and a totals line.
pub fn table(report: &UserReport, month: &str) -> Table {
    let mut table = Table::new(
        &format!("Timesheet {month}"),
        &[
            "date",
            "attendance",
            "breaks",
            "project",
            "billable",
            "non_billable",
            "absences",
            "target",
            "credited",
            "balance",
        ],
    );
    let absences = |list: &[(String, f64)]| {
        list.iter()
            .map(|(t, d)| format!("{t} {d}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let days = report.days.iter().map(|d| (d.date.clone(), d));
    for (date, day) in days.chain(std::iter::once(("total".to_string(), &report.totals))) {
        table.push(vec![
            Cell::Text(date),
            Cell::Minutes(day.attendance_minutes),
            Cell::Minutes(day.break_minutes),
            Cell::Minutes(day.project_minutes),
            Cell::Minutes(day.billable_minutes),
            Cell::Minutes(day.non_billable_minutes),
            Cell::Text(absences(&day.absences)),
            Cell::Minutes(day.target_minutes),
            Cell::Minutes(day.credited_minutes),
            Cell::Minutes(day.balance_minutes),
        ]);
    }
    table
}
