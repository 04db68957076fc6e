//! `clients`: the one SELECT and decoder of a client, its list and its writes.

use super::conn::{self, Stored};
use super::exec::{Cells, FromCells, Listing, Param};
use super::{flag, time, Conn, Db};
use crate::model::Client;

/// Decoded by `Stored<Client>`, in order (`deleted_at` last).
const COLUMNS: &str =
    "id, name, notes, address, email, hour_rate_cents, archived, created_at, updated_at, deleted_at";

impl FromCells for Client {
    fn from_cells(c: &mut Cells<'_>) -> Result<Client, sqlx::Error> {
        Ok(Client {
            id: c.int()?,
            name: c.text()?,
            notes: c.text()?,
            address: c.text()?,
            email: c.text()?,
            hour_rate_cents: c.opt_int()?,
            archived: c.flag()?,
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

/// What a create or an update writes.
pub struct Fields {
    pub name: String,
    pub notes: String,
    pub address: String,
    pub email: String,
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
}

/// The list's filters: `name_pattern` a LIKE pattern (escaped with `\`) on the lowercased name.
pub struct Filter {
    pub name_pattern: Option<String>,
    pub archived: Option<bool>,
}

/// A page of the live clients matching the filter, and how many match in all.
pub async fn page(
    db: &Db,
    account_id: i64,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Client>, i64), sqlx::Error> {
    // One statement for every filter: $2 pattern or NULL, $3 archived or NULL.
    let condition = "account_id = $1 AND deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR archived = $3)";
    let params = vec![
        Param::Int(account_id),
        filter.name_pattern.clone().into(),
        filter.archived.map(flag).into(),
    ];
    let select = format!("SELECT {COLUMNS} FROM clients");
    let list = Listing {
        select: &select,
        from: "FROM clients",
        condition,
        order: "id",
    };
    let (rows, total): (Vec<Stored<Client>>, i64) =
        db.counted_page(&list, params, limit, offset).await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// One client of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<Client>>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM clients WHERE account_id = $1 AND id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// Inserts a client; its id.
pub async fn insert(conn: &mut Conn, account_id: i64, f: &Fields) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "INSERT INTO clients (account_id, name, notes, address, email, hour_rate_cents, archived, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        vec![
            account_id.into(),
            f.name.clone().into(),
            f.notes.clone().into(),
            f.address.clone().into(),
            f.email.clone().into(),
            f.hour_rate_cents.into(),
            flag(f.archived).into(),
            time::now().into(),
        ],
    )
    .await
}

pub async fn update(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    f: &Fields,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE clients SET name = $1, notes = $2, address = $3, email = $4, hour_rate_cents = $5, archived = $6, updated_at = $7
         WHERE account_id = $8 AND id = $9",
        vec![
            f.name.clone().into(),
            f.notes.clone().into(),
            f.address.clone().into(),
            f.email.clone().into(),
            f.hour_rate_cents.into(),
            flag(f.archived).into(),
            time::now().into(),
            account_id.into(),
            id.into(),
        ],
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "clients", account_id, id).await
}

/// A live client as a reference finds it.
pub struct Ref {
    pub id: i64,
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
}

impl FromCells for Ref {
    fn from_cells(c: &mut Cells<'_>) -> Result<Ref, sqlx::Error> {
        Ok(Ref {
            id: c.int()?,
            hour_rate_cents: c.opt_int()?,
            archived: c.flag()?,
        })
    }
}

/// A live client by id, or the oldest live one with the name.
pub async fn live_ref(
    src: conn::Reader<'_>,
    account_id: i64,
    key: conn::Key<'_>,
) -> Result<Option<Ref>, sqlx::Error> {
    let (condition, value): (&str, Param) = match key {
        conn::Key::Id(id) => ("id = $2", id.into()),
        conn::Key::Name(name) => ("name = $2", name.into()),
    };
    let sql = format!(
        "SELECT id, hour_rate_cents, archived FROM clients WHERE account_id = $1 AND {condition} AND deleted_at IS NULL ORDER BY id LIMIT 1"
    );
    src.row(&sql, vec![account_id.into(), value]).await
}

/// How many clients the account has, deleted ones included.
pub async fn count_all(conn: &mut Conn, account_id: i64) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "SELECT COUNT(*) FROM clients WHERE account_id = $1",
        vec![account_id.into()],
    )
    .await
}

/// Every client of the account with its shown name, for the report (deleted ones too).
pub async fn labels(
    db: &super::Db,
    account_id: i64,
) -> Result<Vec<super::labels::Label>, sqlx::Error> {
    super::labels::read(
        db,
        "SELECT id, name, CAST(NULL AS BIGINT), CASE WHEN deleted_at IS NULL AND archived = 0 THEN 1 ELSE 0 END FROM clients WHERE account_id = $1 ORDER BY name, id",
        account_id,
    )
    .await
}
