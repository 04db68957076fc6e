//! `absence_types`: the one SELECT and decoder of an absence type, its list and its writes.

use super::conn::{self, Stored};
use super::exec::{Cells, Cost, FromCells, Listing, Param};
use super::{flag, time, Conn, Db};
use crate::model::AbsenceType;

/// Decoded by `Stored<AbsenceType>`, in order (`deleted_at` last).
const COLUMNS: &str =
    "id, name, paid, color, counts_as_work_time, uses_leave, archived, created_at, updated_at, deleted_at";

impl FromCells for AbsenceType {
    fn from_cells(c: &mut Cells<'_>) -> Result<AbsenceType, sqlx::Error> {
        Ok(AbsenceType {
            id: c.int()?,
            name: c.text()?,
            paid: c.flag()?,
            color: c.text()?,
            counts_as_work_time: c.flag()?,
            uses_leave: c.flag()?,
            archived: c.flag()?,
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

/// What a create or an update writes.
pub struct Fields {
    pub name: String,
    pub paid: bool,
    pub color: String,
    pub counts_as_work_time: bool,
    pub uses_leave: bool,
    pub archived: bool,
}

/// A page of the live types whose lowercased name matches the LIKE pattern (if any).
pub async fn page(
    db: &Db,
    account_id: i64,
    name_pattern: Option<String>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AbsenceType>, i64), sqlx::Error> {
    let condition = "account_id = $1 AND deleted_at IS NULL AND ($2 IS NULL OR fold_case(name) LIKE $2 ESCAPE '\\')";
    let params = vec![Param::Int(account_id), name_pattern.into()];
    let select = format!("SELECT {COLUMNS} FROM absence_types");
    let list = Listing {
        select: &select,
        from: "FROM absence_types",
        condition,
        order: "id",
    };
    let (rows, total): (Vec<Stored<AbsenceType>>, i64) =
        db.counted_page(&list, params, limit, offset).await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// One type of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<AbsenceType>>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM absence_types WHERE account_id = $1 AND id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// The live type with this name.
pub async fn by_name(
    conn: &mut Conn,
    account_id: i64,
    name: &str,
) -> Result<Option<AbsenceType>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM absence_types WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL"
    );
    let found: Option<Stored<AbsenceType>> =
        conn::row(conn, &sql, vec![account_id.into(), name.into()]).await?;
    Ok(found.map(|s| s.row))
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.name.clone().into(),
        flag(f.paid).into(),
        f.color.clone().into(),
        flag(f.counts_as_work_time).into(),
        flag(f.uses_leave).into(),
        flag(f.archived).into(),
        time::now().into(),
    ]
}

/// Inserts a type; its id.
pub async fn insert(conn: &mut Conn, account_id: i64, f: &Fields) -> Result<i64, sqlx::Error> {
    let mut p = params(f);
    p.push(account_id.into());
    conn::value(
        conn,
        "INSERT INTO absence_types (name, paid, color, counts_as_work_time, uses_leave, archived, created_at, updated_at, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id",
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
        "UPDATE absence_types SET name = $1, paid = $2, color = $3, counts_as_work_time = $4, uses_leave = $5, archived = $6,
            updated_at = $7 WHERE account_id = $8 AND id = $9",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "absence_types", account_id, id).await
}

/// Every live type of the account (archived ones too), by name.
pub async fn all_live(db: &Db, account_id: i64) -> Result<Vec<AbsenceType>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM absence_types WHERE account_id = $1 AND deleted_at IS NULL ORDER BY name"
    );
    let rows: Vec<Stored<AbsenceType>> = db
        .rows(Cost::Short, &sql, vec![Param::Int(account_id)])
        .await?;
    Ok(rows.into_iter().map(|s| s.row).collect())
}
