//! User reports / timesheets: per user and per local day (in the user's time zone, so DST
//! days have 23 or 25 hours) — attendance, breaks, project time (billable or not), absences,
//! target and balance — with the period's per-project and per-task breakdown.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sqlx::Row as _;

use super::absences::working_days;
use super::refs::Named;
use super::{Actor, Checks, Page, Paging, ServiceError, ServiceResult};
use crate::db::{time, Conn, Db};
use crate::model::{ReportBreakdown, ReportDay, Role, UserReport};

pub const MAX_DAYS: i64 = 366;

/// Local midnight of `d` in `tz` as UTC (the first instant of that local day).
pub(crate) fn day_start(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // A zone that skips midnight (DST at 00:00): the day starts an hour later.
        None => tz
            .from_local_datetime(&(midnight + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| midnight.and_utc()),
    }
}

/// A local wall-clock time as UTC; in a DST gap, the first valid instant after it.
pub fn local_time(tz: Tz, day: NaiveDate, at: chrono::NaiveTime) -> DateTime<Utc> {
    let naive = day.and_time(at);
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

/// Minutes of [a, b) that fall into [s, e).
fn overlap_minutes(a: DateTime<Utc>, b: DateTime<Utc>, s: DateTime<Utc>, e: DateTime<Utc>) -> i64 {
    let lo = a.max(s);
    let hi = b.min(e);
    if hi > lo {
        (hi - lo).num_minutes()
    } else {
        0
    }
}

pub(crate) struct Span {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub break_minutes: i64,
}

/// Spreads a span over the days: each day gets its share of the span; the break is taken
/// from the day the span started on (and from later days if it is longer than that share).
pub(crate) fn per_day(span: &Span, bounds: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = bounds
        .iter()
        .map(|(s, e)| (overlap_minutes(span.from, span.to, *s, *e), 0))
        .collect();
    let mut left = span.break_minutes;
    for slot in out.iter_mut() {
        if left == 0 {
            break;
        }
        let take = left.min(slot.0);
        slot.0 -= take;
        slot.1 += take;
        left -= take;
    }
    out
}

struct UserInfo {
    id: i64,
    username: String,
    timezone: String,
    targets: [i64; 7],
}

async fn user_info(conn: &mut Conn, account_id: i64, user_id: i64) -> ServiceResult<UserInfo> {
    let r = sqlx::query(
        "SELECT u.id, u.username, COALESCE(u.timezone, a.timezone) AS tz, u.target_mon, u.target_tue, u.target_wed,
            u.target_thu, u.target_fri, u.target_sat, u.target_sun
         FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.account_id = $1 AND u.id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    let mut targets = [0i64; 7];
    for (i, col) in [
        "target_mon",
        "target_tue",
        "target_wed",
        "target_thu",
        "target_fri",
        "target_sat",
        "target_sun",
    ]
    .iter()
    .enumerate()
    {
        targets[i] = r.try_get(*col)?;
    }
    Ok(UserInfo {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        timezone: r.try_get("tz")?,
        targets,
    })
}

pub fn check_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ServiceResult<(NaiveDate, NaiveDate)> {
    let mut c = Checks::new();
    c.check(
        from.is_some(),
        "from",
        "from is required (a date like 2026-11-01).",
    );
    c.check(
        to.is_some(),
        "to",
        "to is required (a date like 2026-11-30).",
    );
    if let (Some(f), Some(t)) = (from, to) {
        c.check(t >= f, "to", "to must not be before from.");
        c.check(
            (t - f).num_days() < MAX_DAYS,
            "to",
            format!("a report covers at most {MAX_DAYS} days."),
        );
    }
    c.done()?;
    Ok((from.expect("checked"), to.expect("checked")))
}

pub async fn user_report(
    db: &Db,
    actor: &Actor,
    user: &Named,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<UserReport> {
    let mut conn = db.pool.acquire().await?;
    let uid = super::refs::user(&mut conn, actor.account_id, user)
        .await?
        .id;
    actor.may_change(uid, "staff see their own timesheet only")?;
    build(&mut conn, actor.account_id, uid, from, to).await
}

/// Every active user's report for the period, a page of users at a time.
pub async fn user_reports(
    db: &Db,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    paging: Paging,
) -> ServiceResult<Page<UserReport>> {
    let mut conn = db.pool.acquire().await?;
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2)")
        .bind(actor.account_id)
        .bind(own)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let ids: Vec<i64> = sqlx::query("SELECT id FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2) ORDER BY id LIMIT $3 OFFSET $4")
        .bind(actor.account_id)
        .bind(own)
        .bind(paging.limit)
        .bind(paging.offset())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(build(&mut conn, actor.account_id, id, from, to).await?);
    }
    Ok(Page { items, total })
}

async fn build(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<UserReport> {
    let info = user_info(conn, account_id, user_id).await?;
    let tz: Tz = info.timezone.parse().unwrap_or(Tz::UTC);
    let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    let bounds: Vec<(DateTime<Utc>, DateTime<Utc>)> = dates
        .iter()
        .map(|d| (day_start(tz, *d), day_start(tz, d.succ_opt().unwrap_or(*d))))
        .collect();
    let (start, end) = (bounds[0].0, bounds[bounds.len() - 1].1);
    let mut days: Vec<ReportDay> = dates
        .iter()
        .map(|d| ReportDay {
            date: d.to_string(),
            ..Default::default()
        })
        .collect();

    // Attendances.
    let rows = sqlx::query(
        "SELECT started_at, ended_at, break_minutes FROM attendances
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND started_at < $3 AND ended_at > $4",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(time::to_db(end))
    .bind(time::to_db(start))
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        let span = span_of(r)?;
        for (day, (worked, brk)) in days.iter_mut().zip(per_day(&span, &bounds)) {
            day.attendance_minutes += worked;
            day.break_minutes += brk;
        }
    }

    // Project time, with the breakdowns.
    let rows = sqlx::query(
        "SELECT e.started_at, e.ended_at, e.break_minutes, e.billable, e.project_id, p.name AS project_name, c.name AS client_name,
            e.task_id, t.name AS task_name
         FROM time_entries e
         JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id
         JOIN clients c ON c.id = p.client_id AND c.account_id = e.account_id
         LEFT JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id
         WHERE e.account_id = $1 AND e.user_id = $2 AND e.deleted_at IS NULL AND e.started_at < $3 AND e.ended_at > $4",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(time::to_db(end))
    .bind(time::to_db(start))
    .fetch_all(&mut *conn)
    .await?;
    let mut projects: BTreeMap<i64, ReportBreakdown> = BTreeMap::new();
    let mut tasks: BTreeMap<Option<i64>, ReportBreakdown> = BTreeMap::new();
    for r in &rows {
        let span = span_of(r)?;
        let billable = r.try_get::<i64, _>("billable")? != 0;
        let mut in_period = 0;
        for (day, (worked, _)) in days.iter_mut().zip(per_day(&span, &bounds)) {
            day.project_minutes += worked;
            if billable {
                day.billable_minutes += worked;
            } else {
                day.non_billable_minutes += worked;
            }
            in_period += worked;
        }
        let project_name: String = r.try_get("project_name")?;
        let client_name: String = r.try_get("client_name")?;
        let project_id: i64 = r.try_get("project_id")?;
        let p = projects
            .entry(project_id)
            .or_insert_with(|| ReportBreakdown {
                id: Some(project_id),
                name: project_name.clone(),
                project_name: project_name.clone(),
                client_name: client_name.clone(),
                minutes: 0,
                billable_minutes: 0,
            });
        p.minutes += in_period;
        if billable {
            p.billable_minutes += in_period;
        }
        let task_id: Option<i64> = r.try_get("task_id")?;
        let task_name: Option<String> = r.try_get("task_name")?;
        // Entries without a task are grouped per project, under an empty task name.
        let key = task_id.or(Some(-project_id));
        let t = tasks.entry(key).or_insert_with(|| ReportBreakdown {
            id: task_id,
            name: task_name.unwrap_or_default(),
            project_name,
            client_name,
            minutes: 0,
            billable_minutes: 0,
        });
        t.minutes += in_period;
        if billable {
            t.billable_minutes += in_period;
        }
    }

    // Holidays and approved absences; targets.
    let holiday_rows = sqlx::query("SELECT day, name, half_day FROM holidays WHERE account_id = $1 AND day >= $2 AND day <= $3")
        .bind(account_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let mut holidays: Vec<(NaiveDate, bool, String)> = Vec::new();
    for r in &holiday_rows {
        if let Ok(d) = NaiveDate::parse_from_str(&r.try_get::<String, _>("day")?, "%Y-%m-%d") {
            holidays.push((d, r.try_get::<i64, _>("half_day")? != 0, r.try_get("name")?));
        }
    }
    let hol_pairs: Vec<(NaiveDate, bool)> = holidays.iter().map(|(d, h, _)| (*d, *h)).collect();
    let works: [bool; 7] = std::array::from_fn(|i| info.targets[i] > 0);
    let absence_rows = sqlx::query(
        "SELECT b.start_date, b.end_date, b.half_day, t.name, t.counts_as_work_time FROM absences b
         JOIN absence_types t ON t.id = b.absence_type_id AND t.account_id = b.account_id
         WHERE b.account_id = $1 AND b.user_id = $2 AND b.deleted_at IS NULL AND b.status = 'approved'
           AND b.end_date >= $3 AND b.start_date <= $4",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&mut *conn)
    .await?;
    for (day, date) in days.iter_mut().zip(&dates) {
        let weekday_target = info.targets[date.weekday().num_days_from_monday() as usize];
        let holiday = holidays.iter().find(|(d, _, _)| d == date);
        day.holiday = holiday.map(|(_, _, name)| name.clone());
        day.target_minutes = match holiday {
            Some((_, true, _)) => weekday_target / 2,
            Some((_, false, _)) => 0,
            None => weekday_target,
        };
        for r in &absence_rows {
            let s =
                NaiveDate::parse_from_str(&r.try_get::<String, _>(0)?, "%Y-%m-%d").unwrap_or(*date);
            let e =
                NaiveDate::parse_from_str(&r.try_get::<String, _>(1)?, "%Y-%m-%d").unwrap_or(*date);
            if *date < s || *date > e {
                continue;
            }
            let half = r.try_get::<i64, _>(2)? != 0;
            let share = working_days(*date, *date, half, &works, &hol_pairs);
            if share > 0.0 {
                let name: String = r.try_get(3)?;
                day.absences.push((name, share));
                if r.try_get::<i64, _>(4)? != 0 {
                    // Credited against the day's target, never more than it.
                    let credit = (weekday_target as f64 * share).round() as i64;
                    day.credited_minutes = (day.credited_minutes + credit).min(day.target_minutes);
                }
            }
        }
        day.balance_minutes = day.attendance_minutes + day.credited_minutes - day.target_minutes;
    }

    let mut totals = ReportDay::default();
    let mut absence_totals: BTreeMap<String, f64> = BTreeMap::new();
    for d in &days {
        totals.attendance_minutes += d.attendance_minutes;
        totals.break_minutes += d.break_minutes;
        totals.project_minutes += d.project_minutes;
        totals.billable_minutes += d.billable_minutes;
        totals.non_billable_minutes += d.non_billable_minutes;
        totals.target_minutes += d.target_minutes;
        totals.credited_minutes += d.credited_minutes;
        totals.balance_minutes += d.balance_minutes;
        for (name, share) in &d.absences {
            *absence_totals.entry(name.clone()).or_default() += share;
        }
    }
    totals.absences = absence_totals.into_iter().collect();

    Ok(UserReport {
        user_id: info.id,
        username: info.username,
        timezone: info.timezone,
        from: from.to_string(),
        to: to.to_string(),
        days,
        totals,
        projects: projects.into_values().collect(),
        tasks: tasks.into_values().collect(),
    })
}

fn span_of(r: &crate::db::Row) -> ServiceResult<Span> {
    let parse = |col: &str| -> ServiceResult<DateTime<Utc>> {
        let s: String = r.try_get(col)?;
        time::from_db(&s).ok_or_else(|| ServiceError::Internal(format!("bad timestamp in {col}")))
    };
    Ok(Span {
        from: parse("started_at")?,
        to: parse("ended_at")?,
        break_minutes: r.try_get("break_minutes")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let len =
            |s: &str| (day_start(tz, d(s).succ_opt().unwrap()) - day_start(tz, d(s))).num_hours();
        assert_eq!(len("2026-03-29"), 23);
        assert_eq!(len("2026-10-25"), 25);
        assert_eq!(len("2026-06-01"), 24);
    }

    #[test]
    fn a_span_over_midnight_is_split_and_the_break_taken_from_its_first_day() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let bounds = [
            (t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z")),
            (t("2026-01-02T00:00:00Z"), t("2026-01-03T00:00:00Z")),
        ];
        let span = Span {
            from: t("2026-01-01T22:00:00Z"),
            to: t("2026-01-02T03:00:00Z"),
            break_minutes: 30,
        };
        assert_eq!(per_day(&span, &bounds), vec![(90, 30), (180, 0)]);
    }
}
