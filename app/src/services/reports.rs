//! User reports / timesheets: per user and per local day (in the user's time zone, so DST
//! days have 23 or 25 hours) — attendance, breaks, project time (billable or not), absences,
//! target and balance — with the period's per-project and per-task breakdown.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::absences::working_days;
use super::refs::Named;
use super::{Actor, Checks, Page, Paging, ServiceError, ServiceResult};
use crate::db::conn::Reader;
use crate::db::{self, time, Conn, Db};
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
    let uid = super::refs::user(Reader::Tx(&mut conn), actor.account_id, user)
        .await?
        .id;
    actor.may_change(uid, "staff see their own timesheet only")?;
    build(db, &mut conn, actor.account_id, uid, (from, to)).await
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
    let (ids, total) = db::users::active_ids(
        &mut conn,
        actor.account_id,
        own,
        paging.limit,
        paging.offset(),
    )
    .await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(build(db, &mut conn, actor.account_id, id, (from, to)).await?);
    }
    Ok(Page { items, total })
}

/// The days of a report and each day's bounds in the person's zone.
struct Period {
    from: NaiveDate,
    to: NaiveDate,
    dates: Vec<NaiveDate>,
    bounds: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Period {
    fn new(tz: Tz, from: NaiveDate, to: NaiveDate) -> Period {
        let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
        let bounds = dates
            .iter()
            .map(|d| (day_start(tz, *d), day_start(tz, d.succ_opt().unwrap_or(*d))))
            .collect();
        Period {
            from,
            to,
            dates,
            bounds,
        }
    }

    /// The whole period as stored times: (start, end).
    fn stored(&self) -> (String, String) {
        (
            time::to_db(self.bounds[0].0),
            time::to_db(self.bounds[self.bounds.len() - 1].1),
        )
    }
}

async fn build(
    db: &Db,
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    (from, to): (NaiveDate, NaiveDate),
) -> ServiceResult<UserReport> {
    let info = db::users::report_subject(conn, account_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound(super::Resource::User))?;
    let tz: Tz = info.timezone.parse().unwrap_or(Tz::UTC);
    let period = Period::new(tz, from, to);
    let mut days: Vec<ReportDay> = period
        .dates
        .iter()
        .map(|d| ReportDay {
            date: d.to_string(),
            ..Default::default()
        })
        .collect();
    add_attendances(conn, account_id, user_id, &period, &mut days).await?;
    let (projects, tasks) = add_entries(db, account_id, user_id, &period, &mut days).await?;
    add_targets(conn, account_id, &info, &period, &mut days).await?;
    let totals = totals_of(&days);
    Ok(UserReport {
        user_id: info.id,
        username: info.username,
        timezone: info.timezone,
        from: from.to_string(),
        to: to.to_string(),
        days,
        totals,
        projects,
        tasks,
    })
}

/// Attendance and break minutes per day.
async fn add_attendances(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    period: &Period,
    days: &mut [ReportDay],
) -> ServiceResult<()> {
    let (start, end) = period.stored();
    let spans = db::attendances::spans_of_person(conn, account_id, user_id, &start, &end).await?;
    for a in &spans {
        let span = span_of(&a.started_at, &a.ended_at, a.break_minutes)?;
        for (day, (worked, brk)) in days.iter_mut().zip(per_day(&span, &period.bounds)) {
            day.attendance_minutes += worked;
            day.break_minutes += brk;
        }
    }
    Ok(())
}

/// Project time per day (billable or not), and the period's per-project and per-task sums.
async fn add_entries(
    db: &Db,
    account_id: i64,
    user_id: i64,
    period: &Period,
    days: &mut [ReportDay],
) -> ServiceResult<(Vec<ReportBreakdown>, Vec<ReportBreakdown>)> {
    let (start, end) = period.stored();
    let rows = db::time_entries::views::for_report(db, account_id, user_id, &start, &end).await?;
    let mut projects: BTreeMap<i64, ReportBreakdown> = BTreeMap::new();
    let mut tasks: BTreeMap<Option<i64>, ReportBreakdown> = BTreeMap::new();
    for r in rows {
        let span = span_of(&r.started_at, &r.ended_at, r.break_minutes)?;
        let mut in_period = 0;
        for (day, (worked, _)) in days.iter_mut().zip(per_day(&span, &period.bounds)) {
            day.project_minutes += worked;
            if r.billable {
                day.billable_minutes += worked;
            } else {
                day.non_billable_minutes += worked;
            }
            in_period += worked;
        }
        let breakdown = |id: Option<i64>, name: String| ReportBreakdown {
            id,
            name,
            project_name: r.project_name.clone(),
            client_name: r.client_name.clone(),
            minutes: 0,
            billable_minutes: 0,
        };
        let p = projects
            .entry(r.project_id)
            .or_insert_with(|| breakdown(Some(r.project_id), r.project_name.clone()));
        count_into(p, in_period, r.billable);
        // Entries without a task are grouped per project, under an empty task name.
        let key = r.task_id.or(Some(-r.project_id));
        let t = tasks
            .entry(key)
            .or_insert_with(|| breakdown(r.task_id, r.task_name.clone().unwrap_or_default()));
        count_into(t, in_period, r.billable);
    }
    Ok((
        projects.into_values().collect(),
        tasks.into_values().collect(),
    ))
}

fn count_into(b: &mut ReportBreakdown, minutes: i64, billable: bool) {
    b.minutes += minutes;
    if billable {
        b.billable_minutes += minutes;
    }
}

/// Holidays, approved absences and targets per day, and the balance.
async fn add_targets(
    conn: &mut Conn,
    account_id: i64,
    info: &db::users::ReportSubject,
    period: &Period,
    days: &mut [ReportDay],
) -> ServiceResult<()> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let holidays: Vec<(NaiveDate, bool, String)> =
        db::holidays::between(conn, account_id, &from, &to)
            .await?
            .into_iter()
            .filter_map(|h| {
                let d = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok()?;
                Some((d, h.half_day, h.name))
            })
            .collect();
    let hol_pairs: Vec<(NaiveDate, bool)> = holidays.iter().map(|(d, h, _)| (*d, *h)).collect();
    let works: [bool; 7] = std::array::from_fn(|i| info.targets[i] > 0);
    let absences = db::absences::approved_of_person(conn, account_id, info.id, &from, &to).await?;
    for (day, date) in days.iter_mut().zip(&period.dates) {
        let weekday_target = info.targets[date.weekday().num_days_from_monday() as usize];
        let holiday = holidays.iter().find(|(d, _, _)| d == date);
        day.holiday = holiday.map(|(_, _, name)| name.clone());
        day.target_minutes = match holiday {
            Some((_, true, _)) => weekday_target / 2,
            Some((_, false, _)) => 0,
            None => weekday_target,
        };
        for a in &absences {
            let s = NaiveDate::parse_from_str(&a.from, "%Y-%m-%d").unwrap_or(*date);
            let e = NaiveDate::parse_from_str(&a.to, "%Y-%m-%d").unwrap_or(*date);
            if *date < s || *date > e {
                continue;
            }
            let share = working_days(*date, *date, a.half_day, &works, &hol_pairs);
            if share > 0.0 {
                day.absences.push((a.type_name.clone(), share));
                if a.counts_as_work_time {
                    // Credited against the day's target, never more than it.
                    let credit = (weekday_target as f64 * share).round() as i64;
                    day.credited_minutes = (day.credited_minutes + credit).min(day.target_minutes);
                }
            }
        }
        day.balance_minutes = day.attendance_minutes + day.credited_minutes - day.target_minutes;
    }
    Ok(())
}

/// The period's totals, absences summed per type.
fn totals_of(days: &[ReportDay]) -> ReportDay {
    let mut totals = ReportDay::default();
    let mut absence_totals: BTreeMap<String, f64> = BTreeMap::new();
    for d in days {
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
    totals
}

fn span_of(started_at: &str, ended_at: &str, break_minutes: i64) -> ServiceResult<Span> {
    let parse = |s: &str, col: &str| -> ServiceResult<DateTime<Utc>> {
        time::from_db(s).ok_or_else(|| ServiceError::Internal(format!("bad timestamp in {col}")))
    };
    Ok(Span {
        from: parse(started_at, "started_at")?,
        to: parse(ended_at, "ended_at")?,
        break_minutes,
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
