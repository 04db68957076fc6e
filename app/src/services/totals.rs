//! Time totals (Teamwork's `time/total.json`): sums in SQL over the rollups (`db::totals`),
//! never by loading entries.

use chrono::{DateTime, Utc};

use super::rollups::{self, Cut};
use super::{accounts, Actor, Page, Paging, Resource, ServiceError, ServiceResult};
use crate::db::{totals, Db};

pub use crate::db::totals::{Estimates, ProjectSums, Scope, ScopeNames, Sums};

#[derive(Clone, Debug, Default)]
pub struct TotalsFilter {
    pub user_id: Option<i64>,
    pub started_from: Option<DateTime<Utc>>,
    pub started_before: Option<DateTime<Utc>>,
    /// None: all projects; Some(false) active only; Some(true) archived only.
    pub project_archived: Option<bool>,
}

/// The filter with its window cut into whole account days and edges.
async fn filter(db: &Db, actor: &Actor, f: &TotalsFilter) -> ServiceResult<totals::Filter> {
    let cut = match (f.started_from, f.started_before) {
        (None, None) => Cut::all(),
        (from, before) => rollups::cut(
            accounts::tz(db, actor.account_id, None).await?,
            from,
            before,
        ),
    };
    Ok(totals::Filter {
        user_id: f.user_id,
        cut,
        project_archived: f.project_archived,
    })
}

/// The sums within one scope.
pub async fn sums(db: &Db, actor: &Actor, scope: Scope, f: &TotalsFilter) -> ServiceResult<Sums> {
    let f = filter(db, actor, f).await?;
    Ok(totals::sums(db, actor.account_id, scope, &f).await?)
}

/// Task estimates within a scope (tasks of a project, of a task list, or one task).
pub async fn estimates(db: &Db, actor: &Actor, scope: Scope) -> ServiceResult<Estimates> {
    Ok(totals::estimates(db, actor.account_id, scope).await?)
}

/// Names for a totals answer: the project with its company, and the task list / task.
pub async fn names(db: &Db, actor: &Actor, scope: Scope) -> ServiceResult<ScopeNames> {
    let resource = match scope {
        Scope::Account => return Ok(ScopeNames::default()),
        Scope::Project(_) => Resource::Project,
        Scope::TaskList(_) | Scope::Task(_) => Resource::Task,
    };
    totals::names(db, actor.account_id, scope)
        .await?
        .ok_or(ServiceError::NotFound(resource))
}

/// Sums per project, a page of projects at a time (projects without time in the window are
/// listed with zeros).
pub async fn per_project(
    db: &Db,
    actor: &Actor,
    f: &TotalsFilter,
    paging: Paging,
) -> ServiceResult<Page<ProjectSums>> {
    let f = filter(db, actor, f).await?;
    let (items, total) =
        totals::per_project(db, actor.account_id, &f, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}
