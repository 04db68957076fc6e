//! How many live rows refer to a record: the "still in use?" counts a delete checks first.
//! They read the referring tables (time entries among them), so they live together here
//! rather than scattered over the referring tables' modules.

use super::conn;
use super::Conn;

/// What refers to a record, by the referring table and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Referrer {
    /// Projects of a client.
    ProjectsOfClient,
    /// Time entries on a project.
    EntriesOfProject,
    /// Expenses on a project.
    ExpensesOfProject,
    /// Time entries on a task.
    EntriesOfTask,
    /// Tasks in a task list.
    TasksOfList,
    /// Absences of an absence type.
    AbsencesOfType,
}

impl Referrer {
    fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            Referrer::ProjectsOfClient => ("projects", "client_id"),
            Referrer::EntriesOfProject => ("time_entries", "project_id"),
            Referrer::ExpensesOfProject => ("expenses", "project_id"),
            Referrer::EntriesOfTask => ("time_entries", "task_id"),
            Referrer::TasksOfList => ("tasks", "task_list_id"),
            Referrer::AbsencesOfType => ("absences", "absence_type_id"),
        }
    }
}

/// The live rows of the account's `referrer` that point at record `id`.
pub async fn count(
    conn: &mut Conn,
    referrer: Referrer,
    account_id: i64,
    id: i64,
) -> Result<i64, sqlx::Error> {
    let (table, column) = referrer.table_and_column();
    let sql = format!(
        "SELECT COUNT(*) FROM {table} WHERE account_id = $1 AND {column} = $2 AND deleted_at IS NULL"
    );
    conn::value(conn, &sql, vec![account_id.into(), id.into()]).await
}
