//! The Time page's week: Monday to Sunday in the user's time zone, entries grouped by day, an
//! entry that crosses midnight listed on both days with the part that falls on each.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::Row as _;

use super::attendances::BreakRule;
use super::reports::{day_start, per_day, Span};
use super::{accounts, Actor, ServiceError, ServiceResult};
use crate::db::{time, Db};
use crate::model::{PickerChoice, PickerProject, WeekDay, WeekEntry, WeekView};

pub async fn user_tz(db: &Db, actor: &Actor) -> ServiceResult<Tz> {
    accounts::tz(db, actor.account_id, actor.user_id).await
}

/// The person a page shows: the signed-in user unless a manager or admin asked for a team
/// member. Returns their id and time zone; staff asking for someone else are refused.
pub async fn subject(db: &Db, actor: &Actor, requested: Option<i64>) -> ServiceResult<(i64, Tz)> {
    let me = actor
        .user_id
        .ok_or(ServiceError::Forbidden("this page needs a signed-in user"))?;
    let id = requested.unwrap_or(me);
    actor.may_change(id, "staff see their own records only")?;
    let found = sqlx::query("SELECT id FROM users WHERE account_id = $1 AND id = $2")
        .bind(actor.account_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    if found.is_none() {
        return Err(ServiceError::NotFound(super::error::Resource::User));
    }
    Ok((id, accounts::tz(db, actor.account_id, Some(id)).await?))
}

/// The Monday of the week that holds `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// A local date with from/to wall-clock times as a UTC span; a `to` at or before `from` ends
/// on the next day (a night shift).
pub fn local_span(
    tz: Tz,
    date: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = crate::services::reports::local_time(tz, date, from);
    let end_day = if to <= from {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    (start, crate::services::reports::local_time(tz, end_day, to))
}

pub async fn week(
    db: &Db,
    actor: &Actor,
    any_day: Option<NaiveDate>,
    person: Option<i64>,
) -> ServiceResult<WeekView> {
    let (user_id, tz) = subject(db, actor, person).await?;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let monday = monday_of(any_day.unwrap_or(today));
    let dates: Vec<NaiveDate> = (0..7).map(|i| monday + Duration::days(i)).collect();
    let bounds: Vec<(DateTime<Utc>, DateTime<Utc>)> = dates
        .iter()
        .map(|d| (day_start(tz, *d), day_start(tz, *d + Duration::days(1))))
        .collect();
    let rows = sqlx::query(&format!(
        "{} WHERE e.account_id = $1 AND e.user_id = $2 AND e.deleted_at IS NULL AND e.started_at < $3 AND e.ended_at > $4 ORDER BY e.started_at, e.id",
        super::time_entries::SELECT
    ))
    .bind(actor.account_id)
    .bind(user_id)
    .bind(time::to_db(bounds[6].1))
    .bind(time::to_db(bounds[0].0))
    .fetch_all(&db.pool)
    .await?;
    let mut days: Vec<WeekDay> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| WeekDay {
            date: d.to_string(),
            weekday: i as u32,
            entries: Vec::new(),
            total_minutes: 0,
        })
        .collect();
    for r in &rows {
        let e = super::time_entries::from_row(r)?;
        let (Some(from), Some(to)) = (time::from_db(&e.from), time::from_db(&e.to)) else {
            continue;
        };
        let (lf, lt) = (from.with_timezone(&tz), to.with_timezone(&tz));
        let shares = per_day(
            &Span {
                from,
                to,
                break_minutes: e.break_minutes,
            },
            &bounds,
        );
        for (day, (minutes, brk)) in days.iter_mut().zip(shares) {
            if minutes + brk == 0 {
                continue;
            }
            day.total_minutes += minutes;
            day.entries.push(WeekEntry {
                id: e.id,
                project_id: e.project_id,
                project_label: format!("{} / {}", e.client_name, e.project_name),
                task_id: e.task_id,
                task_name: e.task_name.clone(),
                details: e.details.clone(),
                billable: e.billable,
                date: lf.date_naive().to_string(),
                from_time: lf.format("%H:%M").to_string(),
                to_time: lt.format("%H:%M").to_string(),
                break_minutes: e.break_minutes,
                worked_minutes: e.worked_minutes,
                minutes_on_day: minutes,
                crosses_midnight: lf.date_naive() != lt.date_naive(),
            });
        }
    }
    let total_minutes = days.iter().map(|d| d.total_minutes).sum();
    Ok(WeekView {
        user_id,
        team: super::users::team(db, actor).await?,
        monday: monday.to_string(),
        today: today.to_string(),
        days,
        total_minutes,
    })
}

/// Active projects with their tasks for the pickers; the ones the user logged time on most
/// recently come first.
pub async fn picker(db: &Db, actor: &Actor) -> ServiceResult<Vec<PickerProject>> {
    let rows = sqlx::query(
        // Postgres does not let ORDER BY use an output alias inside an expression: hence the subquery.
        "SELECT id, cname, pname, last_used FROM (
            SELECT p.id, c.name AS cname, p.name AS pname,
                (SELECT MAX(e.started_at) FROM time_entries e
                 WHERE e.account_id = p.account_id AND e.project_id = p.id AND e.user_id = $2 AND e.deleted_at IS NULL) AS last_used
            FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
            WHERE p.account_id = $1 AND p.deleted_at IS NULL AND p.archived = 0 AND c.archived = 0 AND c.deleted_at IS NULL
         ) x
         ORDER BY CASE WHEN last_used IS NULL THEN 1 ELSE 0 END, last_used DESC, cname, pname",
    )
    .bind(actor.account_id)
    .bind(actor.user_id)
    .fetch_all(&db.pool)
    .await?;
    let tasks = sqlx::query(
        "SELECT id, name, project_id FROM tasks WHERE account_id = $1 AND deleted_at IS NULL AND archived = 0 AND completed = 0 ORDER BY name",
    )
    .bind(actor.account_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let mut own = Vec::new();
        for t in &tasks {
            let pid: Option<i64> = t.try_get("project_id")?;
            if pid.is_none() || pid == Some(id) {
                own.push((t.try_get::<i64, _>("id")?, t.try_get::<String, _>("name")?));
            }
        }
        out.push(PickerProject {
            id,
            label: format!(
                "{} / {}",
                r.try_get::<String, _>("cname")?,
                r.try_get::<String, _>("pname")?
            ),
            tasks: own,
        });
    }
    Ok(out)
}

/// The timer's type-ahead lines: the combinations of project and task the user logged most
/// recently (last 60 days) first, then every active project followed by its tasks.
pub async fn choices(db: &Db, actor: &Actor) -> ServiceResult<Vec<PickerChoice>> {
    let projects = picker(db, actor).await?;
    let since = Utc::now() - Duration::days(60);
    let recent = sqlx::query(
        "SELECT project_id, task_id, MAX(started_at) AS last_used FROM time_entries
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND started_at > $3
         GROUP BY project_id, task_id ORDER BY last_used DESC LIMIT 8",
    )
    .bind(actor.account_id)
    .bind(actor.user_id)
    .bind(time::to_db(since))
    .fetch_all(&db.pool)
    .await?;
    let choice = |project_id: i64, task_id: Option<i64>| {
        let p = projects.iter().find(|p| p.id == project_id)?;
        let label = match task_id {
            None => p.label.clone(),
            Some(t) => format!(
                "{} · {}",
                p.label,
                p.tasks.iter().find(|(id, _)| *id == t)?.1
            ),
        };
        Some(PickerChoice {
            label,
            project_id,
            task_id,
        })
    };
    let mut out: Vec<PickerChoice> = Vec::new();
    for r in &recent {
        // A recent line whose project or task was archived since is left out.
        if let Some(c) = choice(r.try_get("project_id")?, r.try_get("task_id")?) {
            out.push(c);
        }
    }
    for p in &projects {
        let all = std::iter::once(None).chain(p.tasks.iter().map(|(t, _)| Some(*t)));
        for task in all {
            if !out
                .iter()
                .any(|c| c.project_id == p.id && c.task_id == task)
            {
                out.extend(choice(p.id, task));
            }
        }
    }
    Ok(out)
}

/// The Attendance page: the clock's state and the last 31 days of attendances, in local time.
pub async fn attendance_page(
    db: &Db,
    actor: &Actor,
    person: Option<i64>,
) -> ServiceResult<crate::model::AttendancePage> {
    use super::refs::Named;
    let (user_id, tz) = subject(db, actor, person).await?;
    let rule = BreakRule::of_account(db, actor.account_id).await?;
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let clock = super::timers::attendance_timer(db, actor, &Named::id("user", user_id)).await?;
    let local_hm =
        |ts: &str| time::from_db(ts).map(|t| t.with_timezone(&tz).format("%H:%M").to_string());
    let since = day_start(tz, today - Duration::days(30));
    let rows = sqlx::query(
        "SELECT id, started_at, ended_at, break_minutes, worked_minutes, manual, notes FROM attendances
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND ended_at > $3 ORDER BY started_at DESC",
    )
    .bind(actor.account_id)
    .bind(user_id)
    .bind(time::to_db(since))
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    let (mut today_worked, mut today_break) = (0, 0);
    for r in &rows {
        let from: String = r.try_get("started_at")?;
        let to: String = r.try_get("ended_at")?;
        let start = time::from_db(&from).unwrap_or(now).with_timezone(&tz);
        let row = crate::model::AttendanceRow {
            id: r.try_get("id")?,
            date: start.date_naive().to_string(),
            from_time: start.format("%H:%M").to_string(),
            to_time: local_hm(&to).unwrap_or_default(),
            break_minutes: r.try_get("break_minutes")?,
            worked_minutes: r.try_get("worked_minutes")?,
            manual: r.try_get::<i64, _>("manual")? != 0,
            notes: r.try_get("notes")?,
            break_required: None,
        };
        let row = crate::model::AttendanceRow {
            break_required: rule.shortfall(row.worked_minutes, row.break_minutes),
            ..row
        };
        if start.date_naive() == today {
            today_worked += row.worked_minutes;
            today_break += row.break_minutes;
        }
        out.push(row);
    }
    Ok(crate::model::AttendancePage {
        user_id,
        team: super::users::team(db, actor).await?,
        break_rule: rule.code().to_string(),
        clocked_in_at: clock.as_ref().and_then(|c| local_hm(&c.running_since)),
        break_since: clock
            .as_ref()
            .and_then(|c| c.break_running_since.as_deref().and_then(local_hm)),
        clock,
        today: today.to_string(),
        today_worked_minutes: today_worked,
        today_break_minutes: today_break,
        rows: out,
    })
}
