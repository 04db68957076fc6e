//! The absence calendar: a person's month with weekends, public holidays and absences; the team's
//! month (people × days) with the pending requests; the paid-leave balance; and the per-person
//! ICS feed of approved absences behind a secret, revocable link.

use chrono::{Datelike, Duration, NaiveDate, Utc};

use super::absences::{self, holidays, working_days};
use super::{random_hex, sha256_hex, subject, users, Actor, ServiceError, ServiceResult};
use crate::db::{self, Db};
use crate::model::{
    Absence, AbsenceMonth, AbsenceTypeChoice, CalendarDay, DayAbsence, LeaveBalance, TeamMonth,
    TeamRow,
};

/// The absences of some people overlapping [from, to], oldest first; rejected ones included
/// (the pages decide what to show).
async fn absences_between(
    db: &Db,
    account_id: i64,
    user: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<Absence>> {
    let mut conn = db.pool.acquire().await?;
    let (from, to) = (from.to_string(), to.to_string());
    let rows = db::absences::overlapping(&mut conn, account_id, user, &from, &to).await?;
    absences::with_days(&mut conn, account_id, rows).await
}

/// Absence types: (id, name, colour, uses leave, archived).
async fn types(db: &Db, account_id: i64) -> ServiceResult<Vec<(i64, String, String, bool, bool)>> {
    let all = db::absence_types::all_live(db, account_id).await?;
    Ok(all
        .into_iter()
        .map(|t| (t.id, t.name, t.color, t.uses_leave, t.archived))
        .collect())
}

/// The month's days with their holidays; `working` from the person's weekly targets.
async fn days_of(
    db: &Db,
    account_id: i64,
    first: NaiveDate,
    last: NaiveDate,
    works: [bool; 7],
) -> ServiceResult<Vec<CalendarDay>> {
    let mut conn = db.pool.acquire().await?;
    let (from, to) = (first.to_string(), last.to_string());
    let names = db::holidays::between(&mut conn, account_id, &from, &to).await?;
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        let weekday = d.weekday().num_days_from_monday();
        let date = d.to_string();
        let mut holiday = None;
        for h in &names {
            if h.date == date {
                holiday = Some(h.name.clone());
            }
        }
        out.push(CalendarDay {
            date,
            weekday,
            working: works[weekday as usize],
            holiday,
            absences: Vec::new(),
        });
        d += Duration::days(1);
    }
    Ok(out)
}

async fn workdays_of(db: &Db, account_id: i64, user_id: i64) -> ServiceResult<[bool; 7]> {
    let targets = db::users::targets(db, account_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound(super::Resource::User))?;
    Ok(targets.map(|t| t > 0))
}

fn day_absence(a: &Absence, color: &str) -> DayAbsence {
    DayAbsence {
        id: a.id,
        type_name: a.absence_type.clone(),
        color: color.to_string(),
        status: a.status.clone(),
        half_day: a.half_day,
    }
}

fn color_of(kinds: &[(i64, String, String, bool, bool)], type_id: i64) -> String {
    kinds
        .iter()
        .find(|k| k.0 == type_id)
        .map(|k| k.2.clone())
        .unwrap_or_else(|| "#64748b".into())
}

/// A person's month, their absences of the year and their paid-leave balance.
pub async fn month(
    db: &Db,
    actor: &Actor,
    month: &str,
    person: Option<i64>,
) -> ServiceResult<AbsenceMonth> {
    let (user_id, tz) = subject::subject(db, actor, person).await?;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let (first, last) = super::timesheets::month_range(month, today)?;
    let works = workdays_of(db, actor.account_id, user_id).await?;
    let kinds = types(db, actor.account_id).await?;
    let mut days = days_of(db, actor.account_id, first, last, works).await?;
    let year_start = NaiveDate::from_ymd_opt(first.year(), 1, 1).expect("1 January");
    let year_end = NaiveDate::from_ymd_opt(first.year(), 12, 31).expect("31 December");
    let year = absences_between(db, actor.account_id, Some(user_id), year_start, year_end).await?;
    for a in year.iter().filter(|a| a.status != "rejected") {
        for day in days.iter_mut() {
            if a.from <= day.date && day.date <= a.to {
                day.absences
                    .push(day_absence(a, &color_of(&kinds, a.absence_type_id)));
            }
        }
    }
    let leave = leave_balance(
        db,
        actor.account_id,
        user_id,
        first.year(),
        &year,
        &kinds,
        works,
    )
    .await?;
    let feed_active = db::calendar_feeds::active(db, actor.account_id, user_id).await?;
    let mut list = year;
    list.reverse();
    Ok(AbsenceMonth {
        month: first.format("%Y-%m").to_string(),
        user_id,
        team: users::team(db, actor).await?,
        days,
        types: kinds
            .iter()
            .filter(|k| !k.4)
            .map(|k| AbsenceTypeChoice {
                id: k.0,
                name: k.1.clone(),
                color: k.2.clone(),
            })
            .collect(),
        list,
        leave,
        feed_active,
    })
}

/// Paid leave of one year: the entitlement against the working days of leave-type absences
/// within the year (a request across New Year counts each part in its own year).
async fn leave_balance(
    db: &Db,
    account_id: i64,
    user_id: i64,
    year: i32,
    absences: &[Absence],
    kinds: &[(i64, String, String, bool, bool)],
    works: [bool; 7],
) -> ServiceResult<LeaveBalance> {
    let entitlement = db::users::paid_leave_days(db, account_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound(super::Resource::User))?;
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
    let mut conn = db.pool.acquire().await?;
    let hol = holidays(&mut conn, account_id, &start.to_string(), &end.to_string()).await?;
    let (mut approved, mut pending) = (0.0, 0.0);
    for a in absences {
        if !kinds.iter().any(|k| k.0 == a.absence_type_id && k.3) {
            continue;
        }
        let (Ok(f), Ok(t)) = (
            NaiveDate::parse_from_str(&a.from, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&a.to, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let days = working_days(f.max(start), t.min(end), a.half_day, &works, &hol);
        match a.status.as_str() {
            "approved" => approved += days,
            "pending" => pending += days,
            _ => {}
        }
    }
    let entitlement = entitlement as f64;
    Ok(LeaveBalance {
        year,
        entitlement,
        approved,
        pending,
        remaining: entitlement - approved - pending,
    })
}

/// The team's month: everyone active × days, and the requests waiting for a decision.
pub async fn team(db: &Db, actor: &Actor, month: &str) -> ServiceResult<TeamMonth> {
    actor.require_manager("the team calendar is for managers and administrators")?;
    let tz = subject::user_tz(db, actor).await?;
    let (first, last) =
        super::timesheets::month_range(month, Utc::now().with_timezone(&tz).date_naive())?;
    let kinds = types(db, actor.account_id).await?;
    let days = days_of(
        db,
        actor.account_id,
        first,
        last,
        [true, true, true, true, true, false, false],
    )
    .await?;
    let shown = absences_between(db, actor.account_id, None, first, last).await?;
    let people = users::team(db, actor).await?;
    let mut rows = Vec::with_capacity(people.len());
    for (user_id, name) in people {
        let works = workdays_of(db, actor.account_id, user_id).await?;
        let cells = days
            .iter()
            .map(|d| {
                shown
                    .iter()
                    .filter(|a| a.user_id == user_id && a.status != "rejected")
                    .find(|a| a.from <= d.date && d.date <= a.to)
                    .map(|a| day_absence(a, &color_of(&kinds, a.absence_type_id)))
            })
            .collect();
        let off = days.iter().map(|d| !works[d.weekday as usize]).collect();
        rows.push(TeamRow {
            user_id,
            name,
            cells,
            off,
        });
    }
    let all_pending = absences::list(
        db,
        actor,
        &absences::AbsenceFilter {
            status: Some("pending".into()),
            ..Default::default()
        },
        super::Paging {
            limit: 200,
            page: 0,
        },
    )
    .await?;
    Ok(TeamMonth {
        month: first.format("%Y-%m").to_string(),
        days,
        rows,
        pending: all_pending.items,
    })
}

/// Approves or rejects a request; the absences service refuses staff ("only managers and
/// administrators approve or reject").
pub async fn decide(db: &Db, actor: &Actor, id: i64, approve: bool) -> ServiceResult<Absence> {
    absences::update(
        db,
        actor,
        id,
        absences::AbsenceInput {
            status: Some(if approve { "approved" } else { "rejected" }.into()),
            ..Default::default()
        },
    )
    .await
}

/// A new feed link for the signed-in person; any older link stops working. Returns the token
/// (shown once; only its hash is kept).
pub async fn new_feed(db: &Db, actor: &Actor) -> ServiceResult<String> {
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden(
        "a calendar feed belongs to a person",
    ))?;
    let token = random_hex(24);
    let mut tx = db.begin_write(Some((actor.account_id, user_id))).await?;
    db::calendar_feeds::revoke(&mut tx, actor.account_id, user_id).await?;
    db::calendar_feeds::insert(&mut tx, actor.account_id, user_id, &sha256_hex(&token)).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke_feed(db: &Db, actor: &Actor) -> ServiceResult<()> {
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden(
        "a calendar feed belongs to a person",
    ))?;
    let mut conn = db.pool.acquire().await?;
    db::calendar_feeds::revoke(&mut conn, actor.account_id, user_id).await?;
    Ok(())
}

/// The ICS text for a feed token, or None when the token is unknown or revoked. Lists the
/// person's approved absences (all-day events; the end date is exclusive in iCalendar).
pub async fn feed(db: &Db, token: &str) -> ServiceResult<Option<String>> {
    let Some(owner) = db::calendar_feeds::owner(db, &sha256_hex(token.trim())).await? else {
        return Ok(None);
    };
    let (account_id, user_id, username) = (owner.account_id, owner.user_id, owner.username);
    let far = |years: i64| Utc::now().date_naive() + Duration::days(365 * years);
    let list = absences_between(db, account_id, Some(user_id), far(-2), far(2)).await?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stempel//Absences//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    ics.push_str(&fold(&format!(
        "X-WR-CALNAME:{} – absences",
        escape(&username)
    )));
    for a in list.iter().filter(|a| a.status == "approved") {
        let (Ok(f), Ok(t)) = (
            NaiveDate::parse_from_str(&a.from, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&a.to, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let half = if a.half_day { " (½)" } else { "" };
        ics.push_str("BEGIN:VEVENT\r\n");
        ics.push_str(&format!("UID:absence-{}-{}@stempel\r\n", account_id, a.id));
        ics.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        ics.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", f.format("%Y%m%d")));
        ics.push_str(&format!(
            "DTEND;VALUE=DATE:{}\r\n",
            (t + Duration::days(1)).format("%Y%m%d")
        ));
        ics.push_str(&fold(&format!("SUMMARY:{}{half}", escape(&a.absence_type))));
        if !a.notes.is_empty() {
            ics.push_str(&fold(&format!("DESCRIPTION:{}", escape(&a.notes))));
        }
        ics.push_str("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    ics.push_str("END:VCALENDAR\r\n");
    Ok(Some(ics))
}

/// iCalendar text escaping: backslash, semicolon, comma and line breaks.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
        // Other control characters are not allowed in a text value (RFC 5545 §3.3.11).
        .replace(|c: char| c.is_control() && c != '\t', "")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_long_lines() {
        let folded = super::fold(&"x".repeat(100));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), "x".repeat(100));
    }

    #[test]
    fn text_never_breaks_a_line() {
        // A bare CR would end the content line in some readers and let text add properties.
        let escaped = super::escape("a\rSUMMARY:x\r\nb\nc\u{0}d;e,f");
        assert_eq!(escaped, "a\\nSUMMARY:x\\nb\\ncd\\;e\\,f");
        assert!(!escaped.contains(['\r', '\n']));
    }
}
