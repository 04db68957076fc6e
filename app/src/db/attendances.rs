//! `attendances` with their person's name: the one SELECT and decoder of an attendance, the
//! filtered list, the overlap readers and the writes.

use super::conn::{self, Stored};
use super::exec::{Cells, Cost, FromCells, Listing, Param};
use super::{flag, time, Conn, Db};
use crate::model::Attendance;

const FROM: &str =
    "FROM attendances a JOIN users u ON u.id = a.user_id AND u.account_id = a.account_id";

/// Decoded by `Stored<Attendance>`, in order (`deleted_at` last).
const COLUMNS: &str = "SELECT a.id, a.user_id, u.username, a.started_at, a.ended_at, a.break_minutes, a.worked_minutes,
    a.notes, a.manual, a.latitude_start, a.longitude_start, a.latitude_end, a.longitude_end, a.created_at, a.updated_at,
    a.deleted_at";

impl FromCells for Attendance {
    fn from_cells(c: &mut Cells<'_>) -> Result<Attendance, sqlx::Error> {
        let (id, user_id, username, from, to) =
            (c.int()?, c.int()?, c.text()?, c.text()?, c.text()?);
        let (break_minutes, worked_minutes, notes, manual) =
            (c.int()?, c.int()?, c.text()?, c.flag()?);
        Ok(Attendance {
            id,
            user_id,
            username,
            from,
            to,
            break_minutes,
            worked_minutes,
            notes,
            manual,
            latitude_start: c.opt_real()?,
            longitude_start: c.opt_real()?,
            latitude_end: c.opt_real()?,
            longitude_end: c.opt_real()?,
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

/// The list's filters (times as stored: attendances overlapping them).
pub struct Filter {
    pub username: Option<String>,
    pub user_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A second person filter: the staff member asking.
    pub own: Option<i64>,
}

/// A page of the matching live attendances by start, and how many match in all.
pub async fn page(
    db: &Db,
    account_id: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Attendance>, i64), sqlx::Error> {
    let condition = "a.account_id = $1 AND a.deleted_at IS NULL
        AND ($2 IS NULL OR u.username = $2)
        AND ($3 IS NULL OR a.user_id = $3)
        AND ($4 IS NULL OR a.ended_at > $4)
        AND ($5 IS NULL OR a.started_at < $5)
        AND ($6 IS NULL OR a.user_id = $6)";
    let params = vec![
        Param::Int(account_id),
        f.username.clone().into(),
        f.user_id.into(),
        f.from.clone().into(),
        f.to.clone().into(),
        f.own.into(),
    ];
    let select = format!("{COLUMNS} {FROM}");
    let list = Listing {
        select: &select,
        from: FROM,
        condition,
        order: "a.started_at, a.id",
    };
    let (rows, total): (Vec<Stored<Attendance>>, i64) =
        db.counted_page(&list, params, limit, offset).await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// One attendance of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<Attendance>>, sqlx::Error> {
    let sql = format!("{COLUMNS} {FROM} WHERE a.account_id = $1 AND a.id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// Another live attendance of the person, not `except`.
pub struct Clash {
    pub id: i64,
    pub started_at: String,
    pub ended_at: String,
}

impl FromCells for Clash {
    fn from_cells(c: &mut Cells<'_>) -> Result<Clash, sqlx::Error> {
        Ok(Clash {
            id: c.int()?,
            started_at: c.text()?,
            ended_at: c.text()?,
        })
    }
}

/// The earliest live attendance of the person other than `except` overlapping `from` … `to`
/// (touching ends do not overlap).
pub async fn first_overlap(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
    except: i64,
) -> Result<Option<Clash>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT id, started_at, ended_at FROM attendances
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND id <> $3 AND started_at < $4 AND ended_at > $5
         ORDER BY started_at LIMIT 1",
        vec![account_id.into(), user_id.into(), except.into(), to.into(), from.into()],
    )
    .await
}

/// The live attendance of the person that `at` (as stored) lies inside, if any.
pub async fn containing(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    at: &str,
) -> Result<Option<i64>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT id FROM attendances WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND started_at <= $3 AND ended_at > $3 LIMIT 1",
        vec![account_id.into(), user_id.into(), at.into()],
    )
    .await
}

/// What a create or an update writes (times as stored).
pub struct Fields {
    pub from: String,
    pub to: String,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub notes: String,
    pub manual: bool,
    pub latitude_start: Option<f64>,
    pub longitude_start: Option<f64>,
    pub latitude_end: Option<f64>,
    pub longitude_end: Option<f64>,
}

fn real(v: Option<f64>) -> Param {
    // A null for a REAL column: Postgres casts the integer null on assignment.
    v.map_or(Param::NullInt, Param::Real)
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.from.clone().into(),
        f.to.clone().into(),
        f.break_minutes.into(),
        f.worked_minutes.into(),
        f.notes.clone().into(),
        flag(f.manual).into(),
        real(f.latitude_start),
        real(f.longitude_start),
        real(f.latitude_end),
        real(f.longitude_end),
        time::now().into(),
    ]
}

/// Inserts an attendance of `user_id`; its id.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    f: &Fields,
) -> Result<i64, sqlx::Error> {
    let mut p = params(f);
    p.extend([account_id.into(), user_id.into()]);
    conn::value(
        conn,
        "INSERT INTO attendances (started_at, ended_at, break_minutes, worked_minutes, notes, manual,
            latitude_start, longitude_start, latitude_end, longitude_end, created_at, updated_at, account_id, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13) RETURNING id",
        p,
    )
    .await
}

pub async fn update(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    f: &Fields,
) -> Result<(), sqlx::Error> {
    let mut p = params(f);
    p.extend([account_id.into(), id.into()]);
    conn::execute(
        conn,
        "UPDATE attendances SET started_at = $1, ended_at = $2, break_minutes = $3, worked_minutes = $4, notes = $5, manual = $6,
            latitude_start = $7, longitude_start = $8, latitude_end = $9, longitude_end = $10, updated_at = $11
         WHERE account_id = $12 AND id = $13",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "attendances", account_id, id).await
}

pub async fn restore(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::restore(conn, "attendances", account_id, id).await
}

/// An attendance's span as stored.
pub struct Span {
    pub started_at: String,
    pub ended_at: String,
    pub break_minutes: i64,
}

impl FromCells for Span {
    fn from_cells(c: &mut Cells<'_>) -> Result<Span, sqlx::Error> {
        Ok(Span {
            started_at: c.text()?,
            ended_at: c.text()?,
            break_minutes: c.int()?,
        })
    }
}

/// The spans of the person's live attendances overlapping `from` … `to` (as stored).
pub async fn spans_of_person(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<Span>, sqlx::Error> {
    conn::rows(
        conn,
        "SELECT started_at, ended_at, break_minutes FROM attendances
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND started_at < $3 AND ended_at > $4",
        vec![account_id.into(), user_id.into(), to.into(), from.into()],
    )
    .await
}

/// The person's live attendances ending after `since` (as stored), newest first.
pub async fn of_person_since(
    db: &Db,
    account_id: i64,
    user_id: i64,
    since: &str,
) -> Result<Vec<Attendance>, sqlx::Error> {
    let sql = format!(
        "{COLUMNS} {FROM} WHERE a.account_id = $1 AND a.user_id = $2 AND a.deleted_at IS NULL AND a.ended_at > $3 ORDER BY a.started_at DESC"
    );
    let params = vec![Param::Int(account_id), Param::Int(user_id), since.into()];
    let rows: Vec<Stored<Attendance>> = db.rows(Cost::Long, &sql, params).await?;
    Ok(rows.into_iter().map(|s| s.row).collect())
}
