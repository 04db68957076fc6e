//! The Attendance page: the clock's state and the last 31 days of attendances, in local time.

use chrono::{Duration, Utc};

use super::attendances::break_rule;
use super::reports::day_start;
use super::subject::subject;
use super::{Actor, ServiceResult};
use crate::db::{self, time, Db};
use crate::model::{AttendancePage, AttendanceRow};

/// The Attendance page: the clock's state and the last 31 days of attendances, in local time.
pub async fn attendance_page(
    db: &Db,
    actor: &Actor,
    person: Option<i64>,
) -> ServiceResult<AttendancePage> {
    use super::refs::Named;
    let (user_id, tz) = subject(db, actor, person).await?;
    let rule = break_rule(db, actor.account_id).await?;
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let clock = super::timers::attendance_timer(db, actor, &Named::id("user", user_id)).await?;
    let local_hm =
        |ts: &str| time::from_db(ts).map(|t| t.with_timezone(&tz).format("%H:%M").to_string());
    let since = day_start(tz, today - Duration::days(30));
    let list = db::attendances::of_person_since(db, actor.account_id, user_id, &time::to_db(since))
        .await?;
    let mut out = Vec::with_capacity(list.len());
    let (mut today_worked, mut today_break) = (0, 0);
    for a in list {
        let start = time::from_db(&a.from).unwrap_or(now).with_timezone(&tz);
        let row = AttendanceRow {
            id: a.id,
            date: start.date_naive().to_string(),
            from_time: start.format("%H:%M").to_string(),
            to_time: local_hm(&a.to).unwrap_or_default(),
            break_minutes: a.break_minutes,
            worked_minutes: a.worked_minutes,
            manual: a.manual,
            notes: a.notes,
            break_required: rule.shortfall(a.worked_minutes, a.break_minutes),
        };
        if start.date_naive() == today {
            today_worked += row.worked_minutes;
            today_break += row.break_minutes;
        }
        out.push(row);
    }
    Ok(AttendancePage {
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
