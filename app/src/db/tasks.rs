//! `tasks` with their project's and client's names: the one SELECT and decoder of a task, its
//! list and its writes.

use super::conn::{self, Stored};
use super::exec::{Cells, Cost, FromCells, Listing, Param};
use super::{flag, time, Conn, Db};
use crate::model::Task;

/// Decoded by `Stored<Task>`, in order (`deleted_at` last).
const SELECT: &str = "SELECT t.id, t.name, t.project_id, p.name AS project_name, c.name AS client_name, c.id AS client_id, t.task_list_id,
    t.notes, t.hour_rate_cents, t.billable, t.estimated_minutes, t.completed, t.archived, t.created_at, t.updated_at,
    t.deleted_at
    FROM tasks t
    LEFT JOIN projects p ON p.id = t.project_id AND p.account_id = t.account_id
    LEFT JOIN clients c ON c.id = p.client_id AND c.account_id = t.account_id";

impl FromCells for Task {
    fn from_cells(c: &mut Cells<'_>) -> Result<Task, sqlx::Error> {
        let (id, name, project_id, project_name) =
            (c.int()?, c.text()?, c.opt_int()?, c.opt_text()?);
        let (client_name, client_id, task_list_id) = (c.opt_text()?, c.opt_int()?, c.opt_int()?);
        Ok(Task {
            id,
            name,
            project_id,
            project_name,
            client_name,
            client_id,
            task_list_id,
            notes: c.text()?,
            hour_rate_cents: c.opt_int()?,
            billable: c.opt_int()?.map(|b| b != 0),
            estimated_minutes: c.opt_int()?,
            completed: c.flag()?,
            archived: c.flag()?,
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

/// What a create or an update writes.
pub struct Fields {
    pub project_id: Option<i64>,
    pub task_list_id: Option<i64>,
    pub name: String,
    pub notes: String,
    pub hour_rate_cents: Option<i64>,
    pub billable: Option<bool>,
    pub estimated_minutes: Option<i64>,
    pub completed: bool,
    pub archived: bool,
}

/// The list's filters: a LIKE pattern on the lowercased name, exact project and client names.
pub struct Filter {
    pub name_pattern: Option<String>,
    pub project_name: Option<String>,
    pub client_name: Option<String>,
}

pub async fn page(
    db: &Db,
    account_id: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Task>, i64), sqlx::Error> {
    let condition = "t.account_id = $1 AND t.deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(t.name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR p.name = $3)
        AND ($4 IS NULL OR c.name = $4)";
    let from =
        "FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.account_id = t.account_id
        LEFT JOIN clients c ON c.id = p.client_id AND c.account_id = t.account_id";
    let params = vec![
        Param::Int(account_id),
        f.name_pattern.clone().into(),
        f.project_name.clone().into(),
        f.client_name.clone().into(),
    ];
    let list = Listing {
        select: SELECT,
        from,
        condition,
        order: "t.id",
    };
    let (rows, total): (Vec<Stored<Task>>, i64) =
        db.counted_page(&list, params, limit, offset).await?;
    Ok((rows.into_iter().map(|s| s.row).collect(), total))
}

/// One task of the account, deleted or not.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Stored<Task>>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE t.account_id = $1 AND t.id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

fn params(f: &Fields) -> Vec<Param> {
    vec![
        f.project_id.into(),
        f.task_list_id.into(),
        f.name.clone().into(),
        f.notes.clone().into(),
        f.hour_rate_cents.into(),
        f.billable.map(flag).into(),
        f.estimated_minutes.into(),
        flag(f.completed).into(),
        flag(f.archived).into(),
        time::now().into(),
    ]
}

/// Inserts a task; its id.
pub async fn insert(conn: &mut Conn, account_id: i64, f: &Fields) -> Result<i64, sqlx::Error> {
    let mut p = params(f);
    p.push(account_id.into());
    conn::value(
        conn,
        "INSERT INTO tasks (project_id, task_list_id, name, notes, hour_rate_cents, billable, estimated_minutes, completed, archived, created_at, updated_at, account_id)
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
        "UPDATE tasks SET project_id = $1, task_list_id = $2, name = $3, notes = $4, hour_rate_cents = $5, billable = $6,
         estimated_minutes = $7, completed = $8, archived = $9, updated_at = $10 WHERE account_id = $11 AND id = $12",
        p,
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "tasks", account_id, id).await
}

/// Marks the live tasks of a project deleted (they go with their project).
pub async fn soft_delete_of_project(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE tasks SET deleted_at = $1, updated_at = $1 WHERE account_id = $2 AND project_id = $3 AND deleted_at IS NULL",
        vec![time::now().into(), account_id.into(), project_id.into()],
    )
    .await?;
    Ok(())
}

/// A live task as a reference finds it.
pub struct Ref {
    pub id: i64,
    pub project_id: Option<i64>,
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
}

impl FromCells for Ref {
    fn from_cells(c: &mut Cells<'_>) -> Result<Ref, sqlx::Error> {
        Ok(Ref {
            id: c.int()?,
            project_id: c.opt_int()?,
            hour_rate_cents: c.opt_int()?,
            archived: c.flag()?,
        })
    }
}

/// A live task by id, or by name among the project's tasks and the tasks usable in every
/// project: the project's own task wins over a shared one of the same name.
pub async fn live_ref(
    src: conn::Reader<'_>,
    account_id: i64,
    project_id: i64,
    key: conn::Key<'_>,
) -> Result<Option<Ref>, sqlx::Error> {
    let cols = "id, project_id, hour_rate_cents, archived";
    let (sql, params) = match key {
        conn::Key::Id(id) => (
            format!("SELECT {cols} FROM tasks WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL"),
            vec![account_id.into(), id.into()],
        ),
        conn::Key::Name(name) => (
            format!(
                "SELECT {cols} FROM tasks WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL
                 AND (project_id = $3 OR project_id IS NULL) ORDER BY CASE WHEN project_id IS NULL THEN 1 ELSE 0 END, id LIMIT 1"
            ),
            vec![account_id.into(), name.into(), project_id.into()],
        ),
    };
    src.row(&sql, params).await
}

/// A task the pickers offer: live, active and open; `project_id` None: usable everywhere.
pub struct Pickable {
    pub id: i64,
    pub name: String,
    pub project_id: Option<i64>,
}

impl FromCells for Pickable {
    fn from_cells(c: &mut Cells<'_>) -> Result<Pickable, sqlx::Error> {
        Ok(Pickable {
            id: c.int()?,
            name: c.text()?,
            project_id: c.opt_int()?,
        })
    }
}

/// The account's live, active, open tasks by name.
pub async fn pickable(db: &Db, account_id: i64) -> Result<Vec<Pickable>, sqlx::Error> {
    db.rows(
        Cost::Long,
        "SELECT id, name, project_id FROM tasks WHERE account_id = $1 AND deleted_at IS NULL AND archived = 0 AND completed = 0 ORDER BY name",
        vec![Param::Int(account_id)],
    )
    .await
}

/// Every task of the account with its shown name, for the report (deleted ones too).
pub async fn labels(
    db: &super::Db,
    account_id: i64,
) -> Result<Vec<super::labels::Label>, sqlx::Error> {
    super::labels::read(
        db,
        "SELECT id, name, project_id, CASE WHEN deleted_at IS NULL AND archived = 0 THEN 1 ELSE 0 END FROM tasks WHERE account_id = $1 ORDER BY name, id",
        account_id,
    )
    .await
}
