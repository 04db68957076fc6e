//! The names of a page's people, projects (with their clients) and tasks (with their task
//! lists), read by id after the page's entries (see [`super::page`]).

use std::collections::{BTreeSet, HashMap};

use crate::db::exec::{Cells, Cost, FromCells, Param};
use crate::db::Db;
use crate::model::TimeEntry;

/// `SELECT` of an entry's own columns from `time_entries e` and the filters' `joins`.
pub(super) fn own_from(joins: &str) -> String {
    format!("{OWN}{joins}")
}

/// An entry's own columns, without the names of its person, project and task.
const OWN: &str = "SELECT e.id, e.user_id, e.project_id, e.task_id, e.started_at, e.ended_at,
    e.break_minutes, e.worked_minutes, e.billable, e.flat_rate, e.hour_rate_cents, e.latitude,
    e.longitude, e.latitude1, e.longitude1, e.details, e.tags_text, e.invoice_number, e.deleted_at,
    e.created_at, e.updated_at
    FROM time_entries e";

/// An entry read by [`OWN`]: its name fields are empty until [`fill`] fills them.
pub(super) struct Own(TimeEntry);

impl FromCells for Own {
    fn from_cells(c: &mut Cells<'_>) -> Result<Own, sqlx::Error> {
        Ok(Own(TimeEntry {
            id: c.int()?,
            user_id: c.int()?,
            project_id: c.int()?,
            task_id: c.opt_int()?,
            from: c.text()?,
            to: c.text()?,
            break_minutes: c.int()?,
            worked_minutes: c.int()?,
            billable: c.flag()?,
            flat_rate: c.flag()?,
            hour_rate_cents: c.opt_int()?,
            latitude: c.opt_real()?,
            longitude: c.opt_real()?,
            latitude1: c.opt_real()?,
            longitude1: c.opt_real()?,
            details: c.text()?,
            tags: c.text()?,
            invoice_number: c.opt_text()?,
            deleted: c.opt_text()?.is_some(),
            created_at: c.text()?,
            updated_at: c.text()?,
            username: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            client_id: 0,
            client_name: String::new(),
            project_name: String::new(),
            project_archived: false,
            task_name: None,
            task_list_id: None,
            task_list_name: None,
        }))
    }
}

struct Person {
    id: i64,
    username: String,
    first_name: String,
    last_name: String,
}

impl FromCells for Person {
    fn from_cells(c: &mut Cells<'_>) -> Result<Person, sqlx::Error> {
        Ok(Person {
            id: c.int()?,
            username: c.text()?,
            first_name: c.text()?,
            last_name: c.text()?,
        })
    }
}

struct ProjectNames {
    id: i64,
    name: String,
    archived: bool,
    client_id: i64,
    client_name: String,
}

impl FromCells for ProjectNames {
    fn from_cells(c: &mut Cells<'_>) -> Result<ProjectNames, sqlx::Error> {
        Ok(ProjectNames {
            id: c.int()?,
            name: c.text()?,
            archived: c.flag()?,
            client_id: c.int()?,
            client_name: c.text()?,
        })
    }
}

struct TaskNames {
    id: i64,
    name: String,
    task_list_id: Option<i64>,
    task_list_name: Option<String>,
}

impl FromCells for TaskNames {
    fn from_cells(c: &mut Cells<'_>) -> Result<TaskNames, sqlx::Error> {
        Ok(TaskNames {
            id: c.int()?,
            name: c.text()?,
            task_list_id: c.opt_int()?,
            task_list_name: c.opt_text()?,
        })
    }
}

/// The distinct ids as a SQL list. They are integers read from the database, so they can stand
/// in the text; a page names a few hundred at most.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: BTreeSet<i64> = ids.collect();
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `sql` (with `{ids}` for the id list) into a map by id; nothing to read for no ids.
async fn by_id<T: FromCells>(
    db: &Db,
    account_id: i64,
    sql: &str,
    ids: String,
    id: fn(&T) -> i64,
) -> Result<HashMap<i64, T>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = sql.replace("{ids}", &ids);
    let rows: Vec<T> = db
        .rows(Cost::Short, &sql, vec![Param::Int(account_id)])
        .await?;
    Ok(rows.into_iter().map(|r| (id(&r), r)).collect())
}

fn missing(entry: i64, what: &str, id: i64) -> sqlx::Error {
    sqlx::Error::Protocol(format!(
        "time entry {entry} refers to {what} {id}, which is not in its account"
    ))
}

/// Fills in the names of the entries' people, projects (with their clients) and tasks (with
/// their task lists), read by id with one statement each.
pub(super) async fn fill(
    db: &Db,
    account_id: i64,
    own: Vec<Own>,
) -> Result<Vec<TimeEntry>, sqlx::Error> {
    let people: HashMap<i64, Person> = by_id(
        db,
        account_id,
        "SELECT id, username, first_name, last_name FROM users WHERE account_id = $1 AND id IN ({ids})",
        id_list(own.iter().map(|e| e.0.user_id)),
        |p: &Person| p.id,
    )
    .await?;
    let projects: HashMap<i64, ProjectNames> = by_id(
        db,
        account_id,
        "SELECT p.id, p.name, p.archived, p.client_id, c.name FROM projects p
         JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
         WHERE p.account_id = $1 AND p.id IN ({ids})",
        id_list(own.iter().map(|e| e.0.project_id)),
        |p: &ProjectNames| p.id,
    )
    .await?;
    let tasks: HashMap<i64, TaskNames> = by_id(
        db,
        account_id,
        "SELECT t.id, t.name, t.task_list_id, tl.name FROM tasks t
         LEFT JOIN task_lists tl ON tl.id = t.task_list_id AND tl.account_id = t.account_id
         WHERE t.account_id = $1 AND t.id IN ({ids})",
        id_list(own.iter().filter_map(|e| e.0.task_id)),
        |t: &TaskNames| t.id,
    )
    .await?;
    own.into_iter()
        .map(|Own(mut e)| {
            let person = people
                .get(&e.user_id)
                .ok_or_else(|| missing(e.id, "person", e.user_id))?;
            e.username.clone_from(&person.username);
            e.first_name.clone_from(&person.first_name);
            e.last_name.clone_from(&person.last_name);
            let project = projects
                .get(&e.project_id)
                .ok_or_else(|| missing(e.id, "project", e.project_id))?;
            e.project_name.clone_from(&project.name);
            e.project_archived = project.archived;
            e.client_id = project.client_id;
            e.client_name.clone_from(&project.client_name);
            if let Some(task_id) = e.task_id {
                let task = tasks
                    .get(&task_id)
                    .ok_or_else(|| missing(e.id, "task", task_id))?;
                e.task_name = Some(task.name.clone());
                e.task_list_id = task.task_list_id;
                e.task_list_name.clone_from(&task.task_list_name);
            }
            Ok(e)
        })
        .collect()
}
