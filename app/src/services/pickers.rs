//! The pickers of project and task: the Time page's and the expense form's project list, and
//! the timer's type-ahead lines.

use chrono::{Duration, Utc};

use super::{Actor, ServiceResult};
use crate::db::{self, time, Db};
use crate::model::{PickerChoice, PickerProject};

/// Active projects with their tasks for the pickers; the ones the user logged time on most
/// recently come first.
pub async fn picker(db: &Db, actor: &Actor) -> ServiceResult<Vec<PickerProject>> {
    let projects = db::projects::pickable(db, actor.account_id, actor.user_id).await?;
    let tasks = db::tasks::pickable(db, actor.account_id).await?;
    let mut out = Vec::with_capacity(projects.len());
    for p in projects {
        let own = tasks
            .iter()
            .filter(|t| t.project_id.is_none() || t.project_id == Some(p.id))
            .map(|t| (t.id, t.name.clone()))
            .collect();
        out.push(PickerProject {
            id: p.id,
            label: format!("{} / {}", p.client_name, p.name),
            tasks: own,
        });
    }
    Ok(out)
}

/// The timer's type-ahead lines: the combinations of project and task the user logged most
/// recently (last 60 days) first, then every active project followed by its tasks.
pub async fn choices(db: &Db, actor: &Actor) -> ServiceResult<Vec<PickerChoice>> {
    let projects = picker(db, actor).await?;
    let since = Utc::now() - Duration::days(60);
    let recent = db::time_entries::views::recent_combinations(
        db,
        actor.account_id,
        actor.user_id,
        &time::to_db(since),
        8,
    )
    .await?;
    let choice = |project_id: i64, task_id: Option<i64>| {
        let p = projects.iter().find(|p| p.id == project_id)?;
        let label = match task_id {
            None => p.label.clone(),
            Some(t) => format!(
                "{} · {}",
                p.label,
                p.tasks.iter().find(|(id, _)| *id == t)?.1
            ),
        };
        Some(PickerChoice {
            label,
            project_id,
            task_id,
        })
    };
    let mut out: Vec<PickerChoice> = Vec::new();
    for r in &recent {
        // A recent line whose project or task was archived since is left out.
        if let Some(c) = choice(r.project_id, r.task_id) {
            out.push(c);
        }
    }
    for p in &projects {
        let all = std::iter::once(None).chain(p.tasks.iter().map(|(t, _)| Some(*t)));
        for task in all {
            if !out
                .iter()
                .any(|c| c.project_id == p.id && c.task_id == task)
            {
                out.extend(choice(p.id, task));
            }
        }
    }
    Ok(out)
}
