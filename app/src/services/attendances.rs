//! Attendances (clock in / clock out): one user's attendances never overlap; an attendance
//! that ends exactly when the next starts does not overlap it.

use chrono::{DateTime, Utc};

use super::refs::{self, Named};
use super::time_entries::worked_minutes;
use super::{live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult, TEXT_MAX};
use crate::db::conn::Reader;
use crate::db::{attendances, time, Conn, Db};
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

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &AttendanceFilter,
    paging: Paging,
) -> ServiceResult<Page<Attendance>> {
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let f = attendances::Filter {
        username: filter.username.clone(),
        user_id: filter.user_id,
        from: filter.from.map(time::to_db),
        to: filter.to.map(time::to_db),
        own,
    };
    let (items, total) =
        attendances::page(db, actor.account_id, &f, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Attendance> {
    live(
        attendances::get(conn, account_id, id).await?,
        Resource::Attendance,
    )
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
    let clash = attendances::first_overlap(conn, account_id, user_id, from, to, except).await?;
    if let Some(r) = clash {
        let id = r.id;
        // Readable times: "2026-11-25 07:00 – 11:00 UTC" (the user's zone is not known here).
        let at = |raw: &str| -> ServiceResult<(String, String)> {
            Ok(time::from_db(raw)
                .map(|t| {
                    (
                        t.format("%Y-%m-%d").to_string(),
                        t.format("%H:%M").to_string(),
                    )
                })
                .unwrap_or((raw.to_string(), String::new())))
        };
        let ((sd, st), (ed, et)) = (at(&r.started_at)?, at(&r.ended_at)?);
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
            .found(refs::user(Reader::Pool(db), actor.account_id, u).await)?
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
    let fields = attendances::Fields {
        from,
        to,
        break_minutes: input.break_minutes.unwrap_or(0),
        worked_minutes: worked,
        notes: input.notes.unwrap_or_default(),
        manual: input.manual.unwrap_or(true),
        latitude_start: input.latitude_start.flatten(),
        longitude_start: input.longitude_start.flatten(),
        latitude_end: input.latitude_end.flatten(),
        longitude_end: input.longitude_end.flatten(),
    };
    let id = attendances::insert(conn, actor.account_id, user_id, &fields).await?;
    crate::db::attendance_breaks::insert(conn, actor.account_id, id, breaks).await?;
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
    let fields = attendances::Fields {
        from,
        to,
        break_minutes,
        worked_minutes: worked,
        notes: input.notes.unwrap_or(old.notes),
        manual: input.manual.unwrap_or(old.manual),
        latitude_start: input.latitude_start.unwrap_or(old.latitude_start),
        longitude_start: input.longitude_start.unwrap_or(old.longitude_start),
        latitude_end: input.latitude_end.unwrap_or(old.latitude_end),
        longitude_end: input.longitude_end.unwrap_or(old.longitude_end),
    };
    attendances::update(&mut tx, actor.account_id, id, &fields).await?;
    let a = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own attendances")?;
    attendances::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Undoes a delete: the attendance is live again, unless another one of the person has taken
/// its time meanwhile. A live one stays as it is.
pub async fn restore(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = attendances::get(&mut tx, actor.account_id, id)
        .await?
        .filter(|a| actor.may_see(a.row.user_id))
        .ok_or(ServiceError::NotFound(Resource::Attendance))?;
    let a = old.row;
    actor.may_change(a.user_id, "staff may only change their own attendances")?;
    if old.deleted {
        // Another attendance may have taken its time meanwhile.
        ensure_no_overlap(&mut tx, actor.account_id, a.user_id, &a.from, &a.to, id).await?;
    }
    attendances::restore(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

pub use crate::model::BreakRule;

/// The account's statutory break rule (`Off` when the stored code is unknown).
pub async fn break_rule(db: &Db, account_id: i64) -> ServiceResult<BreakRule> {
    Ok(crate::db::accounts::break_rule(db, account_id)
        .await?
        .unwrap_or(BreakRule::Off))
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
