//! Whether a name is taken among the live records of its scope: the one reader behind every
//! "a … with this name exists already". Partial unique indexes (migration 0009) say the same to
//! concurrent writers that both passed this check.

use super::Conn;

/// Where a name must be unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Client,
    Project {
        client_id: i64,
    },
    TaskList {
        project_id: i64,
    },
    /// Per project; tasks without a project share one scope.
    Task {
        project_id: Option<i64>,
    },
    AbsenceType,
}

/// Whether a live record other than `except` (0: none) has this name in the scope.
pub async fn taken(
    conn: &mut Conn,
    account_id: i64,
    scope: NameScope,
    name: &str,
    except: i64,
) -> Result<bool, sqlx::Error> {
    let live = "account_id = $1 AND name = $2 AND id <> $3 AND deleted_at IS NULL";
    let (sql, scope_id) = match scope {
        NameScope::Client => (format!("SELECT COUNT(*) FROM clients WHERE {live}"), None),
        NameScope::AbsenceType => (
            format!("SELECT COUNT(*) FROM absence_types WHERE {live}"),
            None,
        ),
        NameScope::Project { client_id } => (
            format!("SELECT COUNT(*) FROM projects WHERE {live} AND client_id = $4"),
            Some(client_id),
        ),
        NameScope::TaskList { project_id } => (
            format!("SELECT COUNT(*) FROM task_lists WHERE {live} AND project_id = $4"),
            Some(project_id),
        ),
        NameScope::Task { project_id } => (
            format!("SELECT COUNT(*) FROM tasks WHERE {live} AND COALESCE(project_id, 0) = $4"),
            Some(project_id.unwrap_or(0)),
        ),
    };
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(account_id)
        .bind(name)
        .bind(except);
    if let Some(id) = scope_id {
        q = q.bind(id);
    }
    Ok(q.fetch_one(&mut *conn).await? > 0)
}

/// Whether the error is the database refusing a duplicate (a unique index).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
