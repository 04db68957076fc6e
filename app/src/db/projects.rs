//! `projects` with their client's name: the one SELECT and decoder of a project, and the
//! reads outside a transaction.

use std::sync::LazyLock;

use super::exec::{Cells, Cost, FromCells, Listing, Param};
use super::{conn, flag, time, Conn, Db};
use crate::model::Project;

/// A project with its client's name; decoded by [`Project::from_cells`], in order.
pub const SELECT: &str = "SELECT p.id, p.client_id, c.name AS client_name, p.name, p.notes, p.hour_rate_cents, p.billable,
    p.budget_minutes, p.budget_cents, p.color, p.archived, p.deleted_at, p.created_at, p.updated_at
    FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id";

/// A project and whether it is deleted (the model has no such field; loads refuse deleted ones).
pub struct Stored {
    pub project: Project,
    pub deleted: bool,
}

impl FromCells for Stored {
    fn from_cells(c: &mut Cells<'_>) -> Result<Stored, sqlx::Error> {
        let (id, client_id, client_name, name, notes) =
            (c.int()?, c.int()?, c.text()?, c.text()?, c.text()?);
        let (hour_rate_cents, billable, budget_minutes, budget_cents, color, archived) = (
            c.opt_int()?,
            c.flag()?,
            c.opt_int()?,
            c.opt_int()?,
            c.text()?,
            c.flag()?,
        );
        let deleted = c.opt_text()?.is_some();
        let project = Project {
            id,
            client_id,
            client_name,
            name,
            notes,
            hour_rate_cents,
            billable,
            budget_minutes,
            budget_cents,
            color,
            archived,
            created_at: c.text()?,
            updated_at: c.text()?,
        };
        Ok(Stored { project, deleted })
    }
}

/// One project of the account, deleted or not.
pub async fn get(db: &Db, account_id: i64, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    static BY_ID: LazyLock<String> =
        LazyLock::new(|| format!("{SELECT} WHERE p.account_id = $1 AND p.id = $2"));
    static BY_IDS: LazyLock<String> =
        LazyLock::new(|| format!("{SELECT} WHERE p.account_id = $1 AND p.id = ANY($2::bigint[])"));
    db.row_by_id(&BY_ID, BY_IDS.as_str(), account_id, id).await
}

/// The live projects matching the filters (each optional), with their total.
pub struct ListFilter {
    /// A LIKE pattern on the lower-cased name.
    pub name_pattern: Option<String>,
    pub client_name: Option<String>,
    pub archived: Option<bool>,
}

pub async fn list(
    db: &Db,
    account_id: i64,
    f: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Project>, i64), sqlx::Error> {
    let condition = "p.account_id = $1 AND p.deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(p.name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR c.name = $3)
        AND ($4 IS NULL OR p.archived = $4)";
    let params = vec![
        Param::Int(account_id),
        f.name_pattern.clone().into(),
        f.client_name.clone().into(),
        f.archived.map(i64::from).into(),
    ];
    let list = Listing {
        select: SELECT,
        from:
            "FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id",
        condition,
        order: "p.id",
    };
    let (rows, total): (Vec<Stored>, i64) = db.counted_page(&list, params, limit, offset).await?;
    Ok((rows.into_iter().map(|s| s.project).collect(), total))
}

/// One project of the account, deleted or not, on a transaction's connection.
pub async fn get_in(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE p.account_id = $1 AND p.id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// What a create or an update writes.
pub struct Fields {
    pub client_id: i64,
    pub name: String,
    pub notes: String,
    pub hour_rate_cents: Option<i64>,
    pub billable: bool,
    pub budget_minutes: Option<i64>,
    pub budget_cents: Option<i64>,
    pub color: String,
    pub archived: bool,
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.client_id.into(),
        f.name.clone().into(),
        f.notes.clone().into(),
        f.hour_rate_cents.into(),
        flag(f.billable).into(),
        f.budget_minutes.into(),
        f.budget_cents.into(),
        f.color.clone().into(),
        flag(f.archived).into(),
        time::now().into(),
    ]
}

/// Inserts a project; its id.
pub async fn insert(conn: &mut Conn, account_id: i64, f: &Fields) -> Result<i64, sqlx::Error> {
    let mut p = params(f);
    p.push(account_id.into());
    conn::value(
        conn,
        "INSERT INTO projects (client_id, name, notes, hour_rate_cents, billable, budget_minutes, budget_cents, color, archived, created_at, updated_at, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
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
        "UPDATE projects SET client_id = $1, name = $2, notes = $3, hour_rate_cents = $4, billable = $5, budget_minutes = $6,
         budget_cents = $7, color = $8, archived = $9, updated_at = $10 WHERE account_id = $11 AND id = $12",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "projects", account_id, id).await
}

/// A live project as a reference finds it.
pub struct Ref {
    pub id: i64,
    pub client_id: i64,
    pub hour_rate_cents: Option<i64>,
    pub billable: bool,
    pub archived: bool,
}

impl FromCells for Ref {
    fn from_cells(c: &mut Cells<'_>) -> Result<Ref, sqlx::Error> {
        Ok(Ref {
            id: c.int()?,
            client_id: c.int()?,
            hour_rate_cents: c.opt_int()?,
            billable: c.flag()?,
            archived: c.flag()?,
        })
    }
}

/// A live project by id, or the oldest live one with the name (within a client when given).
pub async fn live_ref(
    src: conn::Reader<'_>,
    account_id: i64,
    client_id: Option<i64>,
    key: conn::Key<'_>,
) -> Result<Option<Ref>, sqlx::Error> {
    let cols = "id, client_id, hour_rate_cents, billable, archived";
    let (condition, params): (&str, Vec<Param>) = match (key, client_id) {
        (conn::Key::Id(id), _) => ("id = $2", vec![account_id.into(), id.into()]),
        (conn::Key::Name(name), Some(cid)) => (
            "client_id = $2 AND name = $3",
            vec![account_id.into(), cid.into(), name.into()],
        ),
        (conn::Key::Name(name), None) => ("name = $2", vec![account_id.into(), name.into()]),
    };
    let sql = format!(
        "SELECT {cols} FROM projects WHERE account_id = $1 AND {condition} AND deleted_at IS NULL ORDER BY id LIMIT 1"
    );
    src.row(&sql, params).await
}

/// A project the pickers offer: active, of an active client.
pub struct Pickable {
    pub id: i64,
    pub client_name: String,
    pub name: String,
}

impl FromCells for Pickable {
    fn from_cells(c: &mut Cells<'_>) -> Result<Pickable, sqlx::Error> {
        Ok(Pickable {
            id: c.int()?,
            client_name: c.text()?,
            name: c.text()?,
        })
    }
}

/// The active projects of active clients, the ones `user_id` logged time on most recently
/// first, then by client and project name.
pub async fn pickable(
    db: &Db,
    account_id: i64,
    user_id: Option<i64>,
) -> Result<Vec<Pickable>, sqlx::Error> {
    db.rows(
        Cost::Long,
        // Postgres does not let ORDER BY use an output alias inside an expression: hence the subquery.
        "SELECT id, cname, pname FROM (
            SELECT p.id, c.name AS cname, p.name AS pname,
                (SELECT MAX(e.started_at) FROM time_entries e
                 WHERE e.account_id = p.account_id AND e.project_id = p.id AND e.user_id = $2 AND e.deleted_at IS NULL) AS last_used
            FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
            WHERE p.account_id = $1 AND p.deleted_at IS NULL AND p.archived = 0 AND c.archived = 0 AND c.deleted_at IS NULL
         ) x
         ORDER BY CASE WHEN last_used IS NULL THEN 1 ELSE 0 END, last_used DESC, cname, pname",
        vec![Param::Int(account_id), user_id.into()],
    )
    .await
}

/// Every project of the account with its shown name, for the report (deleted ones too).
pub async fn labels(
    db: &super::Db,
    account_id: i64,
) -> Result<Vec<super::labels::Label>, sqlx::Error> {
    super::labels::read(
        db,
        "SELECT id, name, client_id, CASE WHEN deleted_at IS NULL AND archived = 0 THEN 1 ELSE 0 END FROM projects WHERE account_id = $1 ORDER BY name, id",
        account_id,
    )
    .await
}
