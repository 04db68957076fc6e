//! Time totals (Teamwork's `time/total.json`): sums in SQL, never by loading entries.

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::{Actor, Page, Paging, Resource, ServiceError, ServiceResult};
use crate::db::{time, Db, Where};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Account,
    Project(i64),
    TaskList(i64),
    Task(i64),
}

#[derive(Clone, Debug, Default)]
pub struct TotalsFilter {
    pub user_id: Option<i64>,
    pub started_from: Option<DateTime<Utc>>,
    pub started_before: Option<DateTime<Utc>>,
    /// None: all projects; Some(false) active only; Some(true) archived only.
    pub project_archived: Option<bool>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub total: i64,
    pub billable: i64,
    pub billed: i64,
}

impl Sums {
    pub fn non_billable(&self) -> i64 {
        self.total - self.billable
    }
    pub fn non_billed(&self) -> i64 {
        self.total - self.billed
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimates {
    pub total: i64,
    /// Of tasks not completed.
    pub active: i64,
    pub completed: i64,
}

const SUMS: &str = "CAST(COALESCE(SUM(e.worked_minutes), 0) AS BIGINT) AS total,
    CAST(COALESCE(SUM(CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END), 0) AS BIGINT) AS billable,
    CAST(COALESCE(SUM(CASE WHEN e.invoice_number IS NOT NULL AND e.invoice_number <> '' THEN e.worked_minutes ELSE 0 END), 0) AS BIGINT) AS billed";

fn sums_of(r: &crate::db::Row) -> Result<Sums, sqlx::Error> {
    Ok(Sums {
        total: r.try_get("total")?,
        billable: r.try_get("billable")?,
        billed: r.try_get("billed")?,
    })
}

/// The WHERE clause over `time_entries e` for a filter; `needs_project` when it reads `p`.
fn condition(f: &TotalsFilter, extra: Option<(&str, i64)>) -> (Where, bool) {
    let mut w = Where::new("e.account_id = $1 AND e.deleted_at IS NULL");
    if let Some(u) = f.user_id {
        w.int("e.user_id = {}", u);
    }
    if let Some(t) = f.started_from {
        w.text("e.started_at >= {}", time::to_db(t));
    }
    if let Some(t) = f.started_before {
        w.text("e.started_at < {}", time::to_db(t));
    }
    if let Some(a) = f.project_archived {
        w.int("p.archived = {}", i64::from(a));
    }
    if let Some((clause, id)) = extra {
        w.int(clause, id);
    }
    (w, f.project_archived.is_some())
}

/// The sums within one scope.
pub async fn sums(db: &Db, actor: &Actor, scope: Scope, f: &TotalsFilter) -> ServiceResult<Sums> {
    let (extra, task_join) = match scope {
        Scope::Account => (None, false),
        Scope::Project(id) => (Some(("e.project_id = {}", id)), false),
        Scope::TaskList(id) => (Some(("t.task_list_id = {}", id)), true),
        Scope::Task(id) => (Some(("e.task_id = {}", id)), false),
    };
    let (c, needs_project) = condition(f, extra);
    let mut joins = String::new();
    if needs_project {
        joins.push_str(" JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id");
    }
    if task_join {
        joins.push_str(" JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id");
    }
    let sql = format!("SELECT {SUMS} FROM time_entries e{joins} WHERE {}", c.sql);
    Ok(sums_of(
        &c.bind(sqlx::query(&sql), actor.account_id)
            .fetch_one(&db.pool)
            .await?,
    )?)
}

/// Task estimates within a scope (tasks of a project, of a task list, or one task).
pub async fn estimates(db: &Db, actor: &Actor, scope: Scope) -> ServiceResult<Estimates> {
    let (cond, id) = match scope {
        Scope::Account => ("", None),
        Scope::Project(id) => ("AND project_id = $2", Some(id)),
        Scope::TaskList(id) => ("AND task_list_id = $2", Some(id)),
        Scope::Task(id) => ("AND id = $2", Some(id)),
    };
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(estimated_minutes), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN completed = 0 THEN estimated_minutes ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN completed = 1 THEN estimated_minutes ELSE 0 END), 0) AS BIGINT)
         FROM tasks WHERE account_id = $1 AND deleted_at IS NULL {cond}"
    );
    let mut q = sqlx::query(&sql).bind(actor.account_id);
    if let Some(id) = id {
        q = q.bind(id);
    }
    let r = q.fetch_one(&db.pool).await?;
    Ok(Estimates {
        total: r.try_get(0)?,
        active: r.try_get(1)?,
        completed: r.try_get(2)?,
    })
}

/// Names for a totals answer: the project with its company, and the task list / task.
#[derive(Clone, Debug, Default)]
pub struct ScopeNames {
    pub project_id: i64,
    pub project_name: String,
    pub client_id: i64,
    pub client_name: String,
    pub task_list_id: Option<i64>,
    pub task_list_name: Option<String>,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
}

pub async fn names(db: &Db, actor: &Actor, scope: Scope) -> ServiceResult<ScopeNames> {
    let base = "SELECT p.id AS pid, p.name AS pname, c.id AS cid, c.name AS cname";
    let (sql, resource, id) = match scope {
        Scope::Account => return Ok(ScopeNames::default()),
        Scope::Project(id) => (
            format!("{base}, NULL AS lid, NULL AS lname, NULL AS tid, NULL AS tname FROM projects p JOIN clients c ON c.id = p.client_id
                     WHERE p.account_id = $1 AND p.id = $2 AND p.deleted_at IS NULL"),
            Resource::Project,
            id,
        ),
        Scope::TaskList(id) => (
            format!("{base}, l.id AS lid, l.name AS lname, NULL AS tid, NULL AS tname FROM task_lists l
                     JOIN projects p ON p.id = l.project_id JOIN clients c ON c.id = p.client_id
                     WHERE l.account_id = $1 AND l.id = $2 AND l.deleted_at IS NULL"),
            Resource::Task,
            id,
        ),
        Scope::Task(id) => (
            format!("{base}, l.id AS lid, l.name AS lname, t.id AS tid, t.name AS tname FROM tasks t
                     JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = p.client_id
                     LEFT JOIN task_lists l ON l.id = t.task_list_id
                     WHERE t.account_id = $1 AND t.id = $2 AND t.deleted_at IS NULL"),
            Resource::Task,
            id,
        ),
    };
    let r = sqlx::query(&sql)
        .bind(actor.account_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ServiceError::NotFound(resource))?;
    Ok(ScopeNames {
        project_id: r.try_get("pid")?,
        project_name: r.try_get("pname")?,
        client_id: r.try_get("cid")?,
        client_name: r.try_get("cname")?,
        task_list_id: r.try_get("lid")?,
        task_list_name: r.try_get("lname")?,
        task_id: r.try_get("tid")?,
        task_name: r.try_get("tname")?,
    })
}

#[derive(Clone, Debug)]
pub struct ProjectSums {
    pub project_id: i64,
    pub project_name: String,
    pub client_id: i64,
    pub client_name: String,
    pub sums: Sums,
}

/// Sums per project, one SQL GROUP BY, a page of projects at a time (projects without time
/// in the window are listed with zeros).
/// Sums per project: the entries are summed per project first (one pass over the covering
/// index), then joined to the page of projects; projects without time show zeros.
pub async fn per_project(
    db: &Db,
    actor: &Actor,
    f: &TotalsFilter,
    paging: Paging,
) -> ServiceResult<Page<ProjectSums>> {
    let archived = f.project_archived.map(i64::from);
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM projects p WHERE p.account_id = $1 AND p.deleted_at IS NULL AND ($2 IS NULL OR p.archived = $2)")
        .bind(actor.account_id)
        .bind(archived)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    // The project filter applies to the outer list; the inner sums need only the entry filters.
    let inner = TotalsFilter {
        project_archived: None,
        ..f.clone()
    };
    let (c, _) = condition(&inner, None);
    let n = c.next_placeholder() - 1;
    let sql = format!(
        "SELECT p.id AS pid, p.name AS pname, c.id AS cid, c.name AS cname,
            COALESCE(s.total, 0) AS total, COALESCE(s.billable, 0) AS billable, COALESCE(s.billed, 0) AS billed
         FROM projects p
         JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
         LEFT JOIN (SELECT e.project_id, {SUMS} FROM time_entries e WHERE {} GROUP BY e.project_id) s ON s.project_id = p.id
         WHERE p.account_id = $1 AND p.deleted_at IS NULL AND (${a} IS NULL OR p.archived = ${a})
         ORDER BY p.id LIMIT ${l} OFFSET ${o}",
        c.sql,
        a = n + 1,
        l = n + 2,
        o = n + 3
    );
    let rows = c
        .bind(sqlx::query(&sql), actor.account_id)
        .bind(archived)
        .bind(paging.limit)
        .bind(paging.offset())
        .fetch_all(&db.pool)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        items.push(ProjectSums {
            project_id: r.try_get("pid")?,
            project_name: r.try_get("pname")?,
            client_id: r.try_get("cid")?,
            client_name: r.try_get("cname")?,
            sums: Sums {
                total: r.try_get("total")?,
                billable: r.try_get("billable")?,
                billed: r.try_get("billed")?,
            },
        });
    }
    Ok(Page { items, total })
}
