//! `absences` with their person's name and working weekdays and their type's name: the one
//! SELECT and decoder of an absence, the filtered list and the writes. The working-day count
//! is the service's rule; the row brings what it needs.

use super::conn::{self, Stored};
use super::exec::{Cells, FromCells, Param};
use super::{flag, time, Conn};
use crate::model::Absence;

const FROM: &str = "FROM absences b
    JOIN users u ON u.id = b.user_id AND u.account_id = b.account_id
    JOIN absence_types t ON t.id = b.absence_type_id AND t.account_id = b.account_id";

/// Decoded by `Stored<Row>`, in order (`deleted_at` last).
const COLUMNS: &str = "SELECT b.id, b.user_id, u.username, b.absence_type_id, t.name AS type_name, b.start_date, b.end_date,
    b.half_day, b.status, b.notes, b.created_at, b.updated_at,
    u.target_mon, u.target_tue, u.target_wed, u.target_thu, u.target_fri, u.target_sat, u.target_sun, b.deleted_at";

/// An absence (its `days` still 0) and the weekdays its person works (a target above zero).
pub struct Row {
    pub absence: Absence,
    pub works: [bool; 7],
}

impl FromCells for Row {
    fn from_cells(c: &mut Cells<'_>) -> Result<Row, sqlx::Error> {
        let (id, user_id, username, absence_type_id, absence_type) =
            (c.int()?, c.int()?, c.text()?, c.int()?, c.text()?);
        let (from, to, half_day, status, notes) =
            (c.text()?, c.text()?, c.flag()?, c.text()?, c.text()?);
        let (created_at, updated_at) = (c.text()?, c.text()?);
        let works = super::users::read_targets(c)?.map(|t| t > 0);
        let absence = Absence {
            id,
            user_id,
            username,
            absence_type_id,
            absence_type,
            from,
            to,
            half_day,
            status,
            notes,
            days: 0.0,
            created_at,
            updated_at,
        };
        Ok(Row { absence, works })
    }
}

/// The list's filters (exact names and status; dates YYYY-MM-DD: absences overlapping them).
pub struct Filter {
    pub username: Option<String>,
    pub absence_type: Option<String>,
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub user_id: Option<i64>,
}

/// A page of the matching live absences by start date, and how many match in all.
pub async fn page(
    conn: &mut Conn,
    account_id: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Row>, i64), sqlx::Error> {
    let condition = "b.account_id = $1 AND b.deleted_at IS NULL
        AND ($2 IS NULL OR u.username = $2)
        AND ($3 IS NULL OR t.name = $3)
        AND ($4 IS NULL OR b.status = $4)
        AND ($5 IS NULL OR b.end_date >= $5)
        AND ($6 IS NULL OR b.start_date <= $6)
        AND ($7 IS NULL OR b.user_id = $7)";
    let params: Vec<Param> = vec![
        account_id.into(),
        f.username.clone().into(),
        f.absence_type.clone().into(),
        f.status.clone().into(),
        f.from.clone().into(),
        f.to.clone().into(),
        f.user_id.into(),
    ];
    let total: i64 = conn::value(
        conn,
        &format!("SELECT COUNT(*) {FROM} WHERE {condition}"),
        params.clone(),
    )
    .await?;
    let mut page_params = params;
    page_params.extend([Param::Int(limit), Param::Int(offset)]);
    let sql = format!(
        "{COLUMNS} {FROM} WHERE {condition} ORDER BY b.start_date, b.id LIMIT $8 OFFSET $9"
    );
    let rows: Vec<Stored<Row>> = conn::rows(conn, &sql, page_params).await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// One absence of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<Row>>, sqlx::Error> {
    let sql = format!("{COLUMNS} {FROM} WHERE b.account_id = $1 AND b.id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// What a create or an update writes (dates YYYY-MM-DD).
pub struct Fields {
    pub absence_type_id: i64,
    pub from: String,
    pub to: String,
    pub half_day: bool,
    pub status: String,
    pub notes: String,
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.absence_type_id.into(),
        f.from.clone().into(),
        f.to.clone().into(),
        flag(f.half_day).into(),
        f.status.clone().into(),
        f.notes.clone().into(),
        time::now().into(),
    ]
}

/// Inserts an absence of `user_id`; its id.
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
        "INSERT INTO absences (absence_type_id, start_date, end_date, half_day, status, notes, created_at, updated_at, account_id, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id",
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
        "UPDATE absences SET absence_type_id = $1, start_date = $2, end_date = $3, half_day = $4, status = $5, notes = $6, updated_at = $7
         WHERE account_id = $8 AND id = $9",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "absences", account_id, id).await
}

pub async fn restore(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::restore(conn, "absences", account_id, id).await
}

/// The live absences of the account (or of one person) overlapping `from` … `to`, oldest first.
pub async fn overlapping(
    conn: &mut Conn,
    account_id: i64,
    user_id: Option<i64>,
    from: &str,
    to: &str,
) -> Result<Vec<Row>, sqlx::Error> {
    let sql = format!(
        "{COLUMNS} {FROM} WHERE b.account_id = $1 AND b.deleted_at IS NULL AND ($2 IS NULL OR b.user_id = $2)
           AND b.end_date >= $3 AND b.start_date <= $4 ORDER BY b.start_date, b.id"
    );
    let params = vec![account_id.into(), user_id.into(), from.into(), to.into()];
    let rows: Vec<Stored<Row>> = conn::rows(conn, &sql, params).await?;
    Ok(rows.into_iter().map(|s| s.row).collect())
}

/// An approved absence as a report counts it.
pub struct Approved {
    pub from: String,
    pub to: String,
    pub half_day: bool,
    pub type_name: String,
    pub counts_as_work_time: bool,
}

impl FromCells for Approved {
    fn from_cells(c: &mut Cells<'_>) -> Result<Approved, sqlx::Error> {
        Ok(Approved {
            from: c.text()?,
            to: c.text()?,
            half_day: c.flag()?,
            type_name: c.text()?,
            counts_as_work_time: c.flag()?,
        })
    }
}

/// The person's approved live absences overlapping `from` … `to` (YYYY-MM-DD).
pub async fn approved_of_person(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<Approved>, sqlx::Error> {
    conn::rows(
        conn,
        "SELECT b.start_date, b.end_date, b.half_day, t.name, t.counts_as_work_time FROM absences b
         JOIN absence_types t ON t.id = b.absence_type_id AND t.account_id = b.account_id
         WHERE b.account_id = $1 AND b.user_id = $2 AND b.deleted_at IS NULL AND b.status = 'approved'
           AND b.end_date >= $3 AND b.start_date <= $4",
        vec![account_id.into(), user_id.into(), from.into(), to.into()],
    )
    .await
}

/// Inserts an approved absence of the type named `type_name` (none when there is no such type).
pub async fn insert_approved_of_type(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    type_name: &str,
    from: &str,
    to: &str,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO absences (account_id, user_id, absence_type_id, start_date, end_date, status, created_at, updated_at)
         SELECT $1, $2, id, $3, $4, 'approved', $5, $5 FROM absence_types WHERE account_id = $1 AND name = $6",
        vec![
            account_id.into(),
            user_id.into(),
            from.into(),
            to.into(),
            time::now().into(),
            type_name.into(),
        ],
    )
    .await?;
    Ok(())
}
