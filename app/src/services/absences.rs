//! Absences (leave, sickness…) over whole days, with the working-day count.

use chrono::{Datelike, NaiveDate};

use super::refs::{self, Named};
use super::{
    absence_types, live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    TEXT_MAX,
};
use crate::db::conn::Reader;
use crate::db::{absences, Conn, Db};
use crate::model::{Absence, Role};

pub const STATUSES: [&str; 3] = ["approved", "pending", "rejected"];
/// The longest a single absence may be.
pub const MAX_DAYS: i64 = 366;

#[derive(Clone, Debug, Default)]
pub struct AbsenceFilter {
    pub username: Option<String>,
    pub absence_type: Option<String>,
    pub status: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default)]
pub struct AbsenceInput {
    pub user: Option<Named>,
    pub absence_type: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub half_day: Option<bool>,
    pub notes: Option<String>,
    pub status: Option<String>,
}

/// Working days in [from, to]: the user's working weekdays that are not holidays; a half day
/// counts ½ (and a holiday marked half day takes half a day off).
pub fn working_days(
    from: NaiveDate,
    to: NaiveDate,
    half_day: bool,
    works: &[bool; 7],
    holidays: &[(NaiveDate, bool)],
) -> f64 {
    let mut days = 0.0;
    let mut d = from;
    while d <= to {
        let weekday = d.weekday().num_days_from_monday() as usize;
        if works[weekday] {
            let day: f64 = match holidays.iter().find(|(h, _)| *h == d) {
                Some((_, true)) => 0.5,
                Some((_, false)) => 0.0,
                None => 1.0,
            };
            days += if half_day { day.min(0.5) } else { day };
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    days
}

/// The holidays on `from` … `to` (YYYY-MM-DD) with their half-day mark.
pub(crate) async fn holidays(
    conn: &mut Conn,
    account_id: i64,
    from: &str,
    to: &str,
) -> ServiceResult<Vec<(NaiveDate, bool)>> {
    let found = crate::db::holidays::between(conn, account_id, from, to).await?;
    Ok(found
        .into_iter()
        .filter_map(|h| {
            let day = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok()?;
            Some((day, h.half_day))
        })
        .collect())
}

/// The absence with its working days counted.
fn counted(row: absences::Row, holidays: &[(NaiveDate, bool)]) -> Absence {
    let mut a = row.absence;
    a.days = match (
        NaiveDate::parse_from_str(&a.from, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&a.to, "%Y-%m-%d"),
    ) {
        (Ok(f), Ok(t)) => working_days(f, t, a.half_day, &row.works, holidays),
        _ => 0.0,
    };
    a
}

/// The absences with their working days, reading the holidays of their span once.
pub(crate) async fn with_days(
    conn: &mut Conn,
    account_id: i64,
    rows: Vec<absences::Row>,
) -> ServiceResult<Vec<Absence>> {
    let lo = rows.iter().map(|r| r.absence.from.clone()).min();
    let hi = rows.iter().map(|r| r.absence.to.clone()).max();
    let hol = match (lo, hi) {
        (Some(l), Some(h)) => holidays(conn, account_id, &l, &h).await?,
        _ => Vec::new(),
    };
    Ok(rows.into_iter().map(|r| counted(r, &hol)).collect())
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &AbsenceFilter,
    paging: Paging,
) -> ServiceResult<Page<Absence>> {
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let f = absences::Filter {
        username: filter.username.clone(),
        absence_type: filter.absence_type.clone(),
        status: filter.status.clone(),
        from: filter.from.map(|d| d.to_string()),
        to: filter.to.map(|d| d.to_string()),
        user_id: own,
    };
    let mut conn = db.pool.acquire().await?;
    let (rows, total) = absences::page(
        &mut conn,
        actor.account_id,
        &f,
        paging.limit,
        paging.offset(),
    )
    .await?;
    Ok(Page {
        items: with_days(&mut conn, actor.account_id, rows).await?,
        total,
    })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Absence> {
    let row = live(
        absences::get(conn, account_id, id).await?,
        Resource::Absence,
    )?;
    Ok(with_days(conn, account_id, vec![row]).await?.remove(0))
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Absence> {
    let a = load(&mut *db.pool.acquire().await?, actor.account_id, id).await?;
    if !actor.may_see(a.user_id) {
        return Err(ServiceError::NotFound(Resource::Absence));
    }
    Ok(a)
}

fn check(c: &mut Checks, input: &AbsenceInput) {
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
    if let Some(s) = &input.status {
        c.check(
            STATUSES.contains(&s.as_str()),
            "status",
            "status must be approved, pending or rejected.",
        );
    }
}

/// Staff request; managers and administrators decide. Nobody but an administrator approves or
/// rejects their own absence: a manager's request waits for another manager or an
/// administrator like everyone's.
fn may_decide(actor: &Actor, subject: i64) -> ServiceResult<()> {
    if actor.role == Role::Staff {
        return Err(ServiceError::Forbidden(
            "only managers and administrators approve or reject.",
        ));
    }
    if actor.role != Role::Admin && actor.user_id == Some(subject) {
        return Err(ServiceError::Forbidden(
            "you cannot approve or reject your own absence",
        ));
    }
    Ok(())
}

fn check_range(c: &mut Checks, from: NaiveDate, to: NaiveDate, half_day: bool) {
    if to < from {
        c.fail("to", "to must not be before from.");
    } else if (to - from).num_days() >= MAX_DAYS {
        c.fail(
            "to",
            format!("an absence may cover at most {MAX_DAYS} days."),
        );
    }
    if half_day && from != to {
        c.fail(
            "halfDay",
            "a half day absence covers a single day (from = to).",
        );
    }
}

pub async fn create(db: &Db, actor: &Actor, input: AbsenceInput) -> ServiceResult<Absence> {
    let mut c = Checks::new();
    c.check(input.user.is_some(), "user", "user is required.");
    c.check(
        input.absence_type.is_some(),
        "absenceType",
        "absenceType is required.",
    );
    c.check(input.from.is_some(), "from", "from is required.");
    c.check(input.to.is_some(), "to", "to is required.");
    check(&mut c, &input);
    if let (Some(f), Some(t)) = (input.from, input.to) {
        check_range(&mut c, f, t, input.half_day.unwrap_or(false));
    }
    let mut tx = db.begin_write(None).await?;
    let account = actor.account_id;
    // Unknown references are named beside the other problems, all in one answer.
    let user = match &input.user {
        Some(u) => c.found(refs::user(Reader::Tx(&mut tx), account, u).await)?,
        None => None,
    };
    let kind = match &input.absence_type {
        Some(name) => {
            c.found(absence_types::by_name(&mut tx, account, "absenceType", name).await)?
        }
        None => None,
    };
    c.done()?;
    let (Some(user), Some(kind), Some(from), Some(to)) = (user, kind, input.from, input.to) else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    actor.may_change(user.id, "staff may only request their own absences")?;
    if input.status.as_deref().is_some_and(|s| s != "pending") {
        may_decide(actor, user.id)?;
    }
    let fields = absences::Fields {
        absence_type_id: kind.id,
        from: from.to_string(),
        to: to.to_string(),
        half_day: input.half_day.unwrap_or(false),
        status: input.status.unwrap_or_else(|| "pending".into()),
        notes: input.notes.unwrap_or_default(),
    };
    let id = absences::insert(&mut tx, account, user.id, &fields).await?;
    let a = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: AbsenceInput,
) -> ServiceResult<Absence> {
    let mut c = Checks::new();
    if input.user.is_some() {
        c.fail("user", "user cannot be changed.");
    }
    check(&mut c, &input);
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    let account = actor.account_id;
    let old = load(&mut tx, account, id).await?;
    if actor.role == Role::Staff && (actor.user_id != Some(old.user_id) || old.status != "pending")
    {
        return Err(ServiceError::Forbidden(
            "staff may only change their own pending absences",
        ));
    }
    if input.status.as_ref().is_some_and(|s| *s != old.status) {
        may_decide(actor, old.user_id)?;
    }
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let from = input.from.unwrap_or_else(|| parse(&old.from));
    let to = input.to.unwrap_or_else(|| parse(&old.to));
    let half_day = input.half_day.unwrap_or(old.half_day);
    let mut c = Checks::new();
    check_range(&mut c, from, to, half_day);
    c.done()?;
    let type_id = match &input.absence_type {
        Some(name) => {
            absence_types::by_name(&mut tx, account, "absenceType", name)
                .await?
                .id
        }
        None => old.absence_type_id,
    };
    let fields = absences::Fields {
        absence_type_id: type_id,
        from: from.to_string(),
        to: to.to_string(),
        half_day,
        status: input.status.unwrap_or(old.status),
        notes: input.notes.unwrap_or(old.notes),
    };
    absences::update(&mut tx, account, id, &fields).await?;
    let a = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    if actor.role == Role::Staff && (actor.user_id != Some(old.user_id) || old.status != "pending")
    {
        return Err(ServiceError::Forbidden(
            "staff may only withdraw their own pending absences",
        ));
    }
    absences::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Undoes a delete: the absence is live again, with the status it had. Staff restore only
/// their own pending requests (the only ones they may withdraw).
pub async fn restore(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = absences::get(&mut tx, actor.account_id, id)
        .await?
        .filter(|a| actor.may_see(a.row.absence.user_id))
        .ok_or(ServiceError::NotFound(Resource::Absence))?;
    if actor.role == Role::Staff && old.row.absence.status != "pending" {
        return Err(ServiceError::Forbidden(
            "staff may only withdraw their own pending absences",
        ));
    }
    absences::restore(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mon_to_fri = [true, true, true, true, true, false, false];
        // Fri 2026-12-18 .. Tue 2026-12-22 with Mon 21 a holiday: Fri + Tue = 2
        assert_eq!(
            working_days(
                d("2026-12-18"),
                d("2026-12-22"),
                false,
                &mon_to_fri,
                &[(d("2026-12-21"), false)]
            ),
            2.0
        );
        assert_eq!(
            working_days(d("2026-12-18"), d("2026-12-18"), true, &mon_to_fri, &[]),
            0.5
        );
        assert_eq!(
            working_days(d("2026-12-19"), d("2026-12-20"), false, &mon_to_fri, &[]),
            0.0
        );
    }
}
