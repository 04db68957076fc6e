//! Absences (leave, sickness…) over whole days, with the working-day count.

use chrono::{Datelike, NaiveDate};
use sqlx::Row as _;

use super::refs::{self, Named};
use super::{
    absence_types, fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    TEXT_MAX,
};
use crate::db::{time, Conn, Db};
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

pub(crate) const SELECT: &str = "SELECT b.id, b.user_id, u.username, b.absence_type_id, t.name AS type_name, b.start_date, b.end_date,
    b.half_day, b.status, b.notes, b.deleted_at, b.created_at, b.updated_at,
    u.target_mon, u.target_tue, u.target_wed, u.target_thu, u.target_fri, u.target_sat, u.target_sun
    FROM absences b
    JOIN users u ON u.id = b.user_id AND u.account_id = b.account_id
    JOIN absence_types t ON t.id = b.absence_type_id AND t.account_id = b.account_id";

/// The user's working weekdays (a weekday with a target above zero).
pub(crate) fn workdays(r: &crate::db::Row) -> Result<[bool; 7], sqlx::Error> {
    let mut w = [false; 7];
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
        w[i] = r.try_get::<i64, _>(*col)? > 0;
    }
    Ok(w)
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

pub(crate) async fn holidays(
    conn: &mut Conn,
    account_id: i64,
    from: &str,
    to: &str,
) -> ServiceResult<Vec<(NaiveDate, bool)>> {
    let rows = sqlx::query(
        "SELECT day, half_day FROM holidays WHERE account_id = $1 AND day >= $2 AND day <= $3",
    )
    .bind(account_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let day: String = r.try_get(0)?;
        if let Ok(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            out.push((d, r.try_get::<i64, _>(1)? != 0));
        }
    }
    Ok(out)
}

fn from_row(r: &crate::db::Row, holidays: &[(NaiveDate, bool)]) -> Result<Absence, sqlx::Error> {
    let from: String = r.try_get("start_date")?;
    let to: String = r.try_get("end_date")?;
    let half_day = r.try_get::<i64, _>("half_day")? != 0;
    let days = match (
        NaiveDate::parse_from_str(&from, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&to, "%Y-%m-%d"),
    ) {
        (Ok(f), Ok(t)) => working_days(f, t, half_day, &workdays(r)?, holidays),
        _ => 0.0,
    };
    Ok(Absence {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        absence_type_id: r.try_get("absence_type_id")?,
        absence_type: r.try_get("type_name")?,
        from,
        to,
        half_day,
        status: r.try_get("status")?,
        notes: r.try_get("notes")?,
        days,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) async fn rows_to_absences(
    conn: &mut Conn,
    account_id: i64,
    rows: &[crate::db::Row],
) -> ServiceResult<Vec<Absence>> {
    let mut lo: Option<String> = None;
    let mut hi: Option<String> = None;
    for r in rows {
        let f: String = r.try_get("start_date")?;
        let t: String = r.try_get("end_date")?;
        if lo.as_ref().is_none_or(|l| f < *l) {
            lo = Some(f);
        }
        if hi.as_ref().is_none_or(|h| t > *h) {
            hi = Some(t);
        }
    }
    let hol = match (lo, hi) {
        (Some(l), Some(h)) => holidays(conn, account_id, &l, &h).await?,
        _ => Vec::new(),
    };
    Ok(rows
        .iter()
        .map(|r| from_row(r, &hol))
        .collect::<Result<_, _>>()?)
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
    let condition = "b.account_id = $1 AND b.deleted_at IS NULL
        AND ($2 IS NULL OR u.username = $2)
        AND ($3 IS NULL OR t.name = $3)
        AND ($4 IS NULL OR b.status = $4)
        AND ($5 IS NULL OR b.end_date >= $5)
        AND ($6 IS NULL OR b.start_date <= $6)
        AND ($7 IS NULL OR b.user_id = $7)";
    let from = filter.from.map(|d| d.to_string());
    let to = filter.to.map(|d| d.to_string());
    macro_rules! bind_all {
        ($q:expr) => {
            $q.bind(actor.account_id)
                .bind(&filter.username)
                .bind(&filter.absence_type)
                .bind(&filter.status)
                .bind(&from)
                .bind(&to)
                .bind(own)
        };
    }
    let count_sql = format!(
        "SELECT COUNT(*) FROM absences b JOIN users u ON u.id = b.user_id AND u.account_id = b.account_id
         JOIN absence_types t ON t.id = b.absence_type_id AND t.account_id = b.account_id WHERE {condition}"
    );
    let total: i64 = bind_all!(sqlx::query(&count_sql))
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let list_sql =
        format!("{SELECT} WHERE {condition} ORDER BY b.start_date, b.id LIMIT $8 OFFSET $9");
    let mut conn = db.pool.acquire().await?;
    let rows = bind_all!(sqlx::query(&list_sql))
        .bind(paging.limit)
        .bind(paging.offset())
        .fetch_all(&mut *conn)
        .await?;
    Ok(Page {
        items: rows_to_absences(&mut conn, actor.account_id, &rows).await?,
        total,
    })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Absence> {
    let sql = format!("{SELECT} WHERE b.account_id = $1 AND b.id = $2");
    let row = fetch_live(conn, &sql, account_id, id, Resource::Absence).await?;
    Ok(rows_to_absences(conn, account_id, &[row]).await?.remove(0))
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
        Some(u) => c.found(refs::user(&mut tx, account, u).await)?,
        None => None,
    };
    let kind = match &input.absence_type {
        Some(name) => {
            c.found(absence_types::by_name(&mut tx, account, "absenceType", name).await)?
        }
        None => None,
    };
    c.done()?;
    let (Some(user), Some(kind)) = (user, kind) else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    actor.may_change(user.id, "staff may only request their own absences")?;
    if input.status.as_deref().is_some_and(|s| s != "pending") {
        may_decide(actor, user.id)?;
    }
    let now = time::now();
    let id: i64 = sqlx::query(
        "INSERT INTO absences (account_id, user_id, absence_type_id, start_date, end_date, half_day, status, notes, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(account)
    .bind(user.id)
    .bind(kind.id)
    .bind(input.from.expect("checked").to_string())
    .bind(input.to.expect("checked").to_string())
    .bind(i64::from(input.half_day.unwrap_or(false)))
    .bind(input.status.unwrap_or_else(|| "pending".into()))
    .bind(input.notes.unwrap_or_default())
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
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
    sqlx::query(
        "UPDATE absences SET absence_type_id = $1, start_date = $2, end_date = $3, half_day = $4, status = $5, notes = $6, updated_at = $7
         WHERE account_id = $8 AND id = $9",
    )
    .bind(type_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(i64::from(half_day))
    .bind(input.status.unwrap_or(old.status))
    .bind(input.notes.unwrap_or(old.notes))
    .bind(time::now())
    .bind(account)
    .bind(id)
    .execute(&mut *tx)
    .await?;
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
    super::soft_delete(&mut tx, "absences", actor.account_id, id).await?;
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
