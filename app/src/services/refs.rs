//! Finding referenced records by id or by name (the TimeTrack API refers by name, Teamwork and
//! the UI by id). A reference that matches nothing, or an archived one used for a new entry,
//! is an invalid parameter named after the field the caller used.

use super::{ServiceError, ServiceResult};
use crate::db;
use crate::db::conn::{Key, Reader};

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

pub use crate::db::clients::Ref as ClientRow;
pub use crate::db::projects::Ref as ProjectRow;
pub use crate::db::tasks::Ref as TaskRow;
pub use crate::db::users::Ref as UserRow;

/// The database's key for a reference (names trimmed).
fn key(n: &Named) -> Key<'_> {
    match &n.r {
        Ref::Id(id) => Key::Id(*id),
        Ref::Name(name) => Key::Name(name.trim()),
    }
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

pub async fn user(src: Reader<'_>, account_id: i64, n: &Named) -> ServiceResult<UserRow> {
    db::users::active_ref(src, account_id, key(n))
        .await?
        .ok_or_else(|| missing(n, "active user"))
}

pub async fn client(
    src: Reader<'_>,
    account_id: i64,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<ClientRow> {
    let row = db::clients::live_ref(src, account_id, key(n))
        .await?
        .ok_or_else(|| missing(n, "client"))?;
    if for_new_entry && row.archived {
        return Err(archived(n, "client"));
    }
    Ok(row)
}

/// A project by id, or by name within its client.
pub async fn project(
    src: Reader<'_>,
    account_id: i64,
    client_id: Option<i64>,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<ProjectRow> {
    let row = db::projects::live_ref(src, account_id, client_id, key(n))
        .await?
        .ok_or_else(|| missing(n, "project"))?;
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
    src: Reader<'_>,
    account_id: i64,
    project_id: i64,
    n: &Named,
    for_new_entry: bool,
) -> ServiceResult<TaskRow> {
    let row = db::tasks::live_ref(src, account_id, project_id, key(n))
        .await?
        .ok_or_else(|| missing(n, "task"))?;
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
