//! Time totals (Teamwork's `time/total.json`) over the time rollups (whole account days; the
//! entries only for a range's edges, see `db::rollups`), `tasks`, `task_lists`, `projects` and
//! `clients`: sums in SQL, never by loading entries.

use super::exec::{Cells, Cost, FromCells, Param};
use super::rollups::{self, By, Cut, Sql};
use super::{flag, Db};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Account,
    Project(i64),
    TaskList(i64),
    Task(i64),
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

impl FromCells for Sums {
    fn from_cells(c: &mut Cells<'_>) -> Result<Sums, sqlx::Error> {
        Ok(Sums {
            total: c.int()?,
            billable: c.int()?,
            billed: c.int()?,
        })
    }
}

impl FromCells for Estimates {
    fn from_cells(c: &mut Cells<'_>) -> Result<Estimates, sqlx::Error> {
        Ok(Estimates {
            total: c.int()?,
            active: c.int()?,
            completed: c.int()?,
        })
    }
}

/// Which entries count: a person's or everybody's, started in the cut, of active or archived
/// projects or all.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub user_id: Option<i64>,
    pub cut: Cut,
    /// None: all projects; Some(false) active only; Some(true) archived only.
    pub project_archived: Option<bool>,
}

impl Filter {
    fn rollups(&self, scope: Scope) -> rollups::Filter {
        let mut f = rollups::Filter {
            user: self.user_id,
            archived: self.project_archived,
            ..Default::default()
        };
        match scope {
            Scope::Account => {}
            Scope::Project(id) => f.project = Some(id),
            Scope::TaskList(id) => f.task_list = Some(id),
            Scope::Task(id) => f.task = Some(id),
        }
        f
    }
}

impl From<rollups::Sums> for Sums {
    fn from(s: rollups::Sums) -> Sums {
        Sums {
            total: s.minutes,
            billable: s.billable,
            billed: s.billed,
        }
    }
}

/// The sums within one scope.
pub async fn sums(db: &Db, account_id: i64, scope: Scope, f: &Filter) -> Result<Sums, sqlx::Error> {
    Ok(rollups::sums(db, account_id, &f.rollups(scope), &f.cut)
        .await?
        .into())
}

/// Task estimates within a scope (tasks of a project, of a task list, or one task).
pub async fn estimates(db: &Db, account_id: i64, scope: Scope) -> Result<Estimates, sqlx::Error> {
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
    let mut params = vec![Param::Int(account_id)];
    params.extend(id.map(Param::Int));
    db.value(&sql, params).await
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

impl FromCells for ScopeNames {
    fn from_cells(c: &mut Cells<'_>) -> Result<ScopeNames, sqlx::Error> {
        Ok(ScopeNames {
            project_id: c.int()?,
            project_name: c.text()?,
            client_id: c.int()?,
            client_name: c.text()?,
            task_list_id: c.opt_int()?,
            task_list_name: c.opt_text()?,
            task_id: c.opt_int()?,
            task_name: c.opt_text()?,
        })
    }
}

/// The names of a scope's live project, task list or task; None when there is none (or for
/// the whole account, which has no names).
pub async fn names(
    db: &Db,
    account_id: i64,
    scope: Scope,
) -> Result<Option<ScopeNames>, sqlx::Error> {
    let base = "SELECT p.id AS pid, p.name AS pname, c.id AS cid, c.name AS cname";
    let (sql, id) = match scope {
        Scope::Account => return Ok(None),
        Scope::Project(id) => (
            format!("{base}, NULL AS lid, NULL AS lname, NULL AS tid, NULL AS tname FROM projects p JOIN clients c ON c.id = p.client_id
                     WHERE p.account_id = $1 AND p.id = $2 AND p.deleted_at IS NULL"),
            id,
        ),
        Scope::TaskList(id) => (
            format!("{base}, l.id AS lid, l.name AS lname, NULL AS tid, NULL AS tname FROM task_lists l
                     JOIN projects p ON p.id = l.project_id JOIN clients c ON c.id = p.client_id
                     WHERE l.account_id = $1 AND l.id = $2 AND l.deleted_at IS NULL"),
            id,
        ),
        Scope::Task(id) => (
            format!("{base}, l.id AS lid, l.name AS lname, t.id AS tid, t.name AS tname FROM tasks t
                     JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = p.client_id
                     LEFT JOIN task_lists l ON l.id = t.task_list_id
                     WHERE t.account_id = $1 AND t.id = $2 AND t.deleted_at IS NULL"),
            id,
        ),
    };
    db.row(&sql, vec![Param::Int(account_id), Param::Int(id)])
        .await
}

#[derive(Clone, Debug)]
pub struct ProjectSums {
    pub project_id: i64,
    pub project_name: String,
    pub client_id: i64,
    pub client_name: String,
    pub sums: Sums,
}

impl FromCells for ProjectSums {
    fn from_cells(c: &mut Cells<'_>) -> Result<ProjectSums, sqlx::Error> {
        Ok(ProjectSums {
            project_id: c.int()?,
            project_name: c.text()?,
            client_id: c.int()?,
            client_name: c.text()?,
            sums: Sums::from_cells(c)?,
        })
    }
}

/// Sums per project: the rollups (and the edges' entries) are summed per project first, then
/// joined to the page of projects; projects without time show zeros. The filter's project
/// condition applies to the list of projects.
pub async fn per_project(
    db: &Db,
    account_id: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProjectSums>, i64), sqlx::Error> {
    let archived: Param = f.project_archived.map(flag).into();
    let total: i64 = db
        .value(
            "SELECT COUNT(*) FROM projects p WHERE p.account_id = $1 AND p.deleted_at IS NULL AND ($2 IS NULL OR p.archived = $2)",
            vec![Param::Int(account_id), archived.clone()],
        )
        .await?;
    let inner = Filter {
        project_archived: None,
        ..f.clone()
    };
    let mut sql = Sql::new(db, account_id);
    let sums = rollups::grouped(
        &mut sql,
        &inner.rollups(Scope::Account),
        By::Project,
        &f.cut,
    );
    let (a, l, o) = (sql.bind(archived), sql.bind(limit), sql.bind(offset));
    let text = format!(
        "SELECT p.id AS pid, p.name AS pname, c.id AS cid, c.name AS cname,
            COALESCE(s.minutes, 0) AS total, COALESCE(s.billable, 0) AS billable, COALESCE(s.billed, 0) AS billed
         FROM projects p
         JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
         LEFT JOIN ({sums}) s ON s.k = p.id
         WHERE p.account_id = $1 AND p.deleted_at IS NULL AND ({a} IS NULL OR p.archived = {a})
         ORDER BY p.id LIMIT {l} OFFSET {o}"
    );
    Ok((db.rows(Cost::Short, &text, sql.params).await?, total))
}
