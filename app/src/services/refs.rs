//! Finding referenced records by id or by name (the TimeTrack API refers by name, Teamwork and
//! the UI by id). A reference that matches nothing, or an archived one used for a new entry,
//! is an invalid parameter named after the field the caller used.

use sqlx::Row as _;

use super::{ServiceError, ServiceResult};
use crate::db::Conn;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref {
    Id(i64),
    Name(String),
}

/// A reference together with the wire name of the field it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub field: String,
    pub r: Ref,
}

impl Named {
    pub fn new(field: &str, r: Ref) -> Named {
        Named {
            field: field.to_string(),
            r,
        }
    }
    pub fn id(field: &str, id: i64) -> Named {
        Named::new(field, Ref::Id(id))
    }
    pub fn name(field: &str, name: impl Into<String>) -> Named {
        Named::new(field, Ref::Name(name.into()))
    }
}

pub struct UserRow {
    pub id: i64,
    pub hour_rate_cents: Option<i64>,
    pub timezone: Option<String>,
}

pub struct ClientRow {
    pub id: i64,
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
}

pub struct ProjectRow {
    pub id: i64,
    pub client_id: i64,
    pub hour_rate_cents: Option<i64>,
    pub billable: bool,
    pub archived: bool,
}

pub struct TaskRow {
    pub id: i64,
    pub project_id: Option<i64>,
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
}

fn missing(n: &Named, what: &str) -> ServiceError {
    let shown = match &n.r {
        Ref::Id(id) => format!("id {id}"),
        Ref::Name(name) => format!("'{name}'"),
    };
    ServiceError::invalid(&n.field, format!("no {what} {shown} in this account."))
}

fn archived(n: &Named, what: &str) -> ServiceError {
    ServiceError::invalid(
        &n.field,
        format!("this {what} is archived and cannot be used for new entries."),
    )
}

pub async fn user(conn: &mut Conn, account_id: i64, n: &Named) -> ServiceResult<UserRow> {
    let q = match &n.r {
        Ref::Id(id) => sqlx::query("SELECT id, hour_rate_cents, timezone FROM users WHERE account_id = $1 AND id = $2 AND active = 1")
            .bind(account_id)
            .bind(*id),
        Ref::Name(name) => sqlx::query("SELECT id, hour_rate_cents, timezone FROM users WHERE account_id = $1 AND username = $2 AND active = 1")
            .bind(account_id)
            .bind(name.trim().to_string()),
    };
    let r = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| missing(n, "active user"))?;
    Ok(UserRow {
        id: r.try_get("id")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        timezone: r.try_get("timezone")?,
    })
}

pub async fn client(
    conn: &mut Conn,
    account_id: i64,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<ClientRow> {
    let sql_by_id = "SELECT id, hour_rate_cents, archived FROM clients WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL";
    let sql_by_name = "SELECT id, hour_rate_cents, archived FROM clients WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL ORDER BY id LIMIT 1";
    let q = match &n.r {
        Ref::Id(id) => sqlx::query(sql_by_id).bind(account_id).bind(*id),
        Ref::Name(name) => sqlx::query(sql_by_name)
            .bind(account_id)
            .bind(name.trim().to_string()),
    };
    let r = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| missing(n, "client"))?;
    let row = ClientRow {
        id: r.try_get("id")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        archived: r.try_get::<i64, _>("archived")? != 0,
    };
    if for_new_entry && row.archived {
        return Err(archived(n, "client"));
    }
    Ok(row)
}

/// A project by id, or by name within its client.
pub async fn project(
    conn: &mut Conn,
    account_id: i64,
    client_id: Option<i64>,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<ProjectRow> {
    let cols = "id, client_id, hour_rate_cents, billable, archived";
    let by_id = format!(
        "SELECT {cols} FROM projects WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL"
    );
    let by_client_and_name = format!(
        "SELECT {cols} FROM projects WHERE account_id = $1 AND client_id = $2 AND name = $3 AND deleted_at IS NULL ORDER BY id LIMIT 1"
    );
    let by_name = format!("SELECT {cols} FROM projects WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL ORDER BY id LIMIT 1");
    let q = match (&n.r, client_id) {
        (Ref::Id(id), _) => sqlx::query(&by_id).bind(account_id).bind(*id),
        (Ref::Name(name), Some(cid)) => sqlx::query(&by_client_and_name)
            .bind(account_id)
            .bind(cid)
            .bind(name.trim().to_string()),
        (Ref::Name(name), None) => sqlx::query(&by_name)
            .bind(account_id)
            .bind(name.trim().to_string()),
    };
    let r = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| missing(n, "project"))?;
    let row = ProjectRow {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        billable: r.try_get::<i64, _>("billable")? != 0,
        archived: r.try_get::<i64, _>("archived")? != 0,
    };
    if let (Some(cid), Ref::Id(_)) = (client_id, &n.r) {
        if cid != row.client_id {
            return Err(ServiceError::invalid(
                &n.field,
                "this project belongs to another client.",
            ));
        }
    }
    if for_new_entry && row.archived {
        return Err(archived(n, "project"));
    }
    Ok(row)
}

/// A task by id, or by name among the project's tasks and the tasks usable in every project.
pub async fn task(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<TaskRow> {
    let cols = "id, project_id, hour_rate_cents, archived";
    let by_id = format!(
        "SELECT {cols} FROM tasks WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL"
    );
    // The project's own task wins over a task usable in every project of the same name.
    let by_name = format!(
        "SELECT {cols} FROM tasks WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL
         AND (project_id = $3 OR project_id IS NULL) ORDER BY CASE WHEN project_id IS NULL THEN 1 ELSE 0 END, id LIMIT 1"
    );
    let q = match &n.r {
        Ref::Id(id) => sqlx::query(&by_id).bind(account_id).bind(*id),
        Ref::Name(name) => sqlx::query(&by_name)
            .bind(account_id)
            .bind(name.trim().to_string())
            .bind(project_id),
    };
    let r = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| missing(n, "task"))?;
    let row = TaskRow {
        id: r.try_get("id")?,
        project_id: r.try_get("project_id")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        archived: r.try_get::<i64, _>("archived")? != 0,
    };
    if row.project_id.is_some_and(|p| p != project_id) {
        return Err(ServiceError::invalid(
            &n.field,
            "this task belongs to another project.",
        ));
    }
    if for_new_entry && row.archived {
        return Err(archived(n, "task"));
    }
    Ok(row)
}
