//! Attendances (clock in / clock out): one user's attendances never overlap; an attendance
//! that ends exactly when the next starts does not overlap it.

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::refs::{self, Named};
use super::time_entries::worked_minutes;
use super::{
    fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult, TEXT_MAX,
};
use crate::db::{time, Conn, Db};
use crate::model::{Attendance, Role};

#[derive(Clone, Debug, Default)]
pub struct AttendanceFilter {
    pub username: Option<String>,
    pub user_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default)]
pub struct AttendanceInput {
    pub user: Option<Named>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub break_minutes: Option<i64>,
    pub worked_minutes: Option<i64>,
    pub notes: Option<String>,
    pub manual: Option<bool>,
    pub latitude_start: Option<Option<f64>>,
    pub longitude_start: Option<Option<f64>>,
    pub latitude_end: Option<Option<f64>>,
    pub longitude_end: Option<Option<f64>>,
}

const SELECT: &str = "SELECT a.id, a.user_id, u.username, a.started_at, a.ended_at, a.break_minutes, a.worked_minutes,
    a.notes, a.manual, a.latitude_start, a.longitude_start, a.latitude_end, a.longitude_end, a.deleted_at, a.created_at, a.updated_at
    FROM attendances a JOIN users u ON u.id = a.user_id AND u.account_id = a.account_id";

fn from_row(r: &crate::db::Row) -> Result<Attendance, sqlx::Error> {
    Ok(Attendance {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        from: r.try_get("started_at")?,
        to: r.try_get("ended_at")?,
        break_minutes: r.try_get("break_minutes")?,
        worked_minutes: r.try_get("worked_minutes")?,
        notes: r.try_get("notes")?,
        manual: r.try_get::<i64, _>("manual")? != 0,
        latitude_start: r.try_get("latitude_start")?,
        longitude_start: r.try_get("longitude_start")?,
        latitude_end: r.try_get("latitude_end")?,
        longitude_end: r.try_get("longitude_end")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &AttendanceFilter,
    paging: Paging,
) -> ServiceResult<Page<Attendance>> {
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let condition = "a.account_id = $1 AND a.deleted_at IS NULL
        AND ($2 IS NULL OR u.username = $2)
        AND ($3 IS NULL OR a.user_id = $3)
        AND ($4 IS NULL OR a.ended_at > $4)
        AND ($5 IS NULL OR a.started_at < $5)
        AND ($6 IS NULL OR a.user_id = $6)";
    let from = filter.from.map(time::to_db);
    let to = filter.to.map(time::to_db);
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) FROM attendances a JOIN users u ON u.id = a.user_id AND u.account_id = a.account_id WHERE {condition}"
    ))
    .bind(actor.account_id)
    .bind(&filter.username)
    .bind(filter.user_id)
    .bind(&from)
    .bind(&to)
    .bind(own)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE {condition} ORDER BY a.started_at, a.id LIMIT $7 OFFSET $8"
    ))
    .bind(actor.account_id)
    .bind(&filter.username)
    .bind(filter.user_id)
    .bind(&from)
    .bind(&to)
    .bind(own)
    .bind(paging.limit)
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Attendance> {
    let sql = format!("{SELECT} WHERE a.account_id = $1 AND a.id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::Attendance).await?,
    )?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Attendance> {
    let a = load(&mut *db.pool.acquire().await?, actor.account_id, id).await?;
    if !actor.may_see(a.user_id) {
        return Err(ServiceError::NotFound(Resource::Attendance));
    }
    Ok(a)
}

/// Refuses an attendance that overlaps another of the same user (touching ends are fine).
async fn ensure_no_overlap(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
    except: i64,
) -> ServiceResult<()> {
    let clash = sqlx::query(
        "SELECT id, started_at, ended_at FROM attendances
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND id <> $3 AND started_at < $4 AND ended_at > $5
         ORDER BY started_at LIMIT 1",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(except)
    .bind(to)
    .bind(from)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(r) = clash {
        let id: i64 = r.try_get("id")?;
        // Readable times: "2026-11-25 07:00 – 11:00 UTC" (the user's zone is not known here).
        let at = |col: &str| -> ServiceResult<(String, String)> {
            let raw: String = r.try_get(col)?;
            Ok(time::from_db(&raw)
                .map(|t| {
                    (
                        t.format("%Y-%m-%d").to_string(),
                        t.format("%H:%M").to_string(),
                    )
                })
                .unwrap_or((raw, String::new())))
        };
        let ((sd, st), (ed, et)) = (at("started_at")?, at("ended_at")?);
        let s = format!("{sd} {st}");
        let e = if ed == sd {
            format!("{et} UTC")
        } else {
            format!("{ed} {et} UTC")
        };
        return Err(ServiceError::invalid(
            "from",
            format!("overlaps attendance {id} ({s} – {e}) of the same user."),
        ));
    }
    Ok(())
}

fn check_common(c: &mut Checks, input: &AttendanceInput) {
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
    c.coordinate("latitudeStart", input.latitude_start.flatten(), 90.0);
    c.coordinate("longitudeStart", input.longitude_start.flatten(), 180.0);
    c.coordinate("latitudeEnd", input.latitude_end.flatten(), 90.0);
    c.coordinate("longitudeEnd", input.longitude_end.flatten(), 180.0);
}

/// The checks of a new attendance beyond its user; its worked minutes (0 when unknown).
fn check_new(c: &mut Checks, input: &AttendanceInput) -> i64 {
    c.check(input.from.is_some(), "from", "from is required.");
    c.check(input.to.is_some(), "to", "to is required.");
    check_common(c, input);
    match (input.from, input.to) {
        (Some(f), Some(t)) => worked_minutes(
            c,
            f,
            t,
            input.break_minutes.unwrap_or(0),
            input.worked_minutes,
        ),
        _ => 0,
    }
}

pub async fn create(db: &Db, actor: &Actor, input: AttendanceInput) -> ServiceResult<Attendance> {
    let user_ref = input.user.clone();
    // The user's row is locked for the check-and-insert, so two requests cannot both pass.
    let mut c = Checks::new();
    let user_id = match &user_ref {
        Some(u) => c
            .found(refs::user(&mut *db.pool.acquire().await?, actor.account_id, u).await)?
            .map(|u| u.id),
        None => None,
    };
    if user_ref.is_some() && user_id.is_none() {
        // An unknown user is named together with the body's other problems.
        check_new(&mut c, &input);
        c.done()?;
    }
    let mut tx = db
        .begin_write(user_id.map(|u| (actor.account_id, u)))
        .await?;
    let a = create_in(&mut tx, actor, user_id, input, &[]).await?;
    tx.commit().await?;
    Ok(a)
}

/// Creates an attendance inside an open, user-locked transaction; `breaks` are the clock's
/// finished breaks, stored beside it.
pub(crate) async fn create_in(
    conn: &mut Conn,
    actor: &Actor,
    user_id: Option<i64>,
    input: AttendanceInput,
    breaks: &[(String, String)],
) -> ServiceResult<Attendance> {
    let mut c = Checks::new();
    c.check(user_id.is_some(), "user", "user is required.");
    let worked = check_new(&mut c, &input);
    c.done()?;
    let (Some(user_id), Some(from), Some(to)) = (user_id, input.from, input.to) else {
        unreachable!("checked above")
    };
    actor.may_change(user_id, "staff may only change their own attendances")?;
    let (from, to) = (time::to_db(from), time::to_db(to));
    ensure_no_overlap(conn, actor.account_id, user_id, &from, &to, 0).await?;
    let now = time::now();
    let id: i64 = sqlx::query(
        "INSERT INTO attendances (account_id, user_id, started_at, ended_at, break_minutes, worked_minutes, notes, manual,
            latitude_start, longitude_start, latitude_end, longitude_end, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(user_id)
    .bind(&from)
    .bind(&to)
    .bind(input.break_minutes.unwrap_or(0))
    .bind(worked)
    .bind(input.notes.unwrap_or_default())
    .bind(i64::from(input.manual.unwrap_or(true)))
    .bind(input.latitude_start.flatten())
    .bind(input.longitude_start.flatten())
    .bind(input.latitude_end.flatten())
    .bind(input.longitude_end.flatten())
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    for (b_from, b_to) in breaks {
        sqlx::query("INSERT INTO attendance_breaks (account_id, attendance_id, started_at, ended_at) VALUES ($1, $2, $3, $4)")
            .bind(actor.account_id)
            .bind(id)
            .bind(b_from)
            .bind(b_to)
            .execute(&mut *conn)
            .await?;
    }
    load(conn, actor.account_id, id).await
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: AttendanceInput,
) -> ServiceResult<Attendance> {
    let old = load(&mut *db.pool.acquire().await?, actor.account_id, id).await?;
    let mut tx = db
        .begin_write(Some((actor.account_id, old.user_id)))
        .await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own attendances")?;
    let mut c = Checks::new();
    if input.user.is_some() {
        c.fail("user", "user cannot be changed.");
    }
    check_common(&mut c, &input);
    let from = input
        .from
        .unwrap_or_else(|| time::from_db(&old.from).unwrap_or_default());
    let to = input
        .to
        .unwrap_or_else(|| time::from_db(&old.to).unwrap_or_default());
    let break_minutes = input.break_minutes.unwrap_or(old.break_minutes);
    let worked = worked_minutes(&mut c, from, to, break_minutes, input.worked_minutes);
    c.done()?;
    let (from, to) = (time::to_db(from), time::to_db(to));
    ensure_no_overlap(&mut tx, actor.account_id, old.user_id, &from, &to, id).await?;
    sqlx::query(
        "UPDATE attendances SET started_at = $1, ended_at = $2, break_minutes = $3, worked_minutes = $4, notes = $5, manual = $6,
            latitude_start = $7, longitude_start = $8, latitude_end = $9, longitude_end = $10, updated_at = $11
         WHERE account_id = $12 AND id = $13",
    )
    .bind(&from)
    .bind(&to)
    .bind(break_minutes)
    .bind(worked)
    .bind(input.notes.unwrap_or(old.notes))
    .bind(i64::from(input.manual.unwrap_or(old.manual)))
    .bind(input.latitude_start.unwrap_or(old.latitude_start))
    .bind(input.longitude_start.unwrap_or(old.longitude_start))
    .bind(input.latitude_end.unwrap_or(old.latitude_end))
    .bind(input.longitude_end.unwrap_or(old.longitude_end))
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let a = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own attendances")?;
    super::soft_delete(&mut tx, "attendances", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// The account's statutory break rule. `De` is the German Arbeitszeitgesetz §4: more than 6 h of
/// work need at least 30 min of break, more than 9 h at least 45 min.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakRule {
    Off,
    De,
}

impl BreakRule {
    pub fn parse(code: &str) -> Option<BreakRule> {
        match code {
            "off" => Some(BreakRule::Off),
            "de" => Some(BreakRule::De),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BreakRule::Off => "off",
            BreakRule::De => "de",
        }
    }

    pub async fn of_account(db: &Db, account_id: i64) -> ServiceResult<BreakRule> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT break_rule FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(&db.pool)
                .await?;
        Ok(code
            .as_deref()
            .and_then(BreakRule::parse)
            .unwrap_or(BreakRule::Off))
    }

    /// The break the rule asks for when `break_minutes` falls short of it, else None.
    pub fn shortfall(self, worked_minutes: i64, break_minutes: i64) -> Option<i64> {
        let required = match self {
            BreakRule::Off => 0,
            BreakRule::De if worked_minutes > 9 * 60 => 45,
            BreakRule::De if worked_minutes > 6 * 60 => 30,
            BreakRule::De => 0,
        };
        (break_minutes < required).then_some(required)
    }
}

#[cfg(test)]
mod tests {
    use super::BreakRule;

    #[test]
    fn german_break_rule() {
        let de = BreakRule::De;
        assert_eq!(de.shortfall(360, 0), None, "exactly 6 h needs no break");
        assert_eq!(de.shortfall(361, 29), Some(30));
        assert_eq!(de.shortfall(400, 30), None);
        assert_eq!(de.shortfall(541, 30), Some(45));
        assert_eq!(de.shortfall(600, 45), None);
        assert_eq!(BreakRule::Off.shortfall(700, 0), None);
    }
}
