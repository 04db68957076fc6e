//! Unique names of clients, projects, task lists, tasks and absence types: the check before a
//! write, and the same answer when the database's unique index refuses a write that raced past
//! the check.

use super::{ServiceError, ServiceResult};
use crate::db::names::{self, NameScope};
use crate::db::Conn;

/// The field a duplicate is reported on, and the sentence.
fn duplicate(scope: NameScope) -> ServiceError {
    let (field, message) = match scope {
        NameScope::Client => ("clientName", "a client with this name exists already."),
        NameScope::Project { .. } => (
            "projectName",
            "this client has a project with this name already.",
        ),
        NameScope::TaskList { .. } => (
            "name",
            "this project has a task list with this name already.",
        ),
        NameScope::Task { .. } => ("taskName", "a task with this name exists already here."),
        NameScope::AbsenceType => ("name", "an absence type with this name exists already."),
    };
    ServiceError::invalid(field, message)
}

/// 422 on the scope's name field when a live record other than `except` has the name.
pub async fn ensure_free(
    conn: &mut Conn,
    account_id: i64,
    scope: NameScope,
    name: &str,
    except: i64,
) -> ServiceResult<()> {
    if names::taken(conn, account_id, scope, name, except).await? {
        return Err(duplicate(scope));
    }
    Ok(())
}

/// A write's result, with a unique-index refusal turned into the scope's 422.
pub fn unique<T>(result: Result<T, sqlx::Error>, scope: NameScope) -> ServiceResult<T> {
    match result {
        Err(e) if names::is_unique_violation(&e) => Err(duplicate(scope)),
        other => Ok(other?),
    }
}
