//! The Time page's week: Monday to Sunday in the user's time zone, entries grouped by day, an
//! entry that crosses midnight listed on both days with the part that falls on each.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::reports::{day_start, per_day, Span};
use super::subject::subject;
use super::{Actor, ServiceResult};
use crate::db::{self, time, Db};
use crate::model::{WeekDay, WeekEntry, WeekView};

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
    let entries = db::time_entries::views::of_person_overlapping(
        db,
        actor.account_id,
        user_id,
        &time::to_db(bounds[0].0),
        &time::to_db(bounds[6].1),
    )
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
    for e in &entries {
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
