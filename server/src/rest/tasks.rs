//! /api/v2/ext/tasks

use std::collections::HashMap;

use app::model::Task;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::tasks::{self, ProjectPick, TaskFilter, TaskInput};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{money, Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(t: Task) -> Value {
    json!({
        "id": t.id,
        "taskName": t.name,
        "projectName": t.project_name.unwrap_or_default(),
        "clientName": t.client_name.unwrap_or_default(),
        "clientId": t.client_id,
        "projectId": t.project_id,
        "taskListId": t.task_list_id,
        "hourRate": money(t.hour_rate_cents),
        "billable": t.billable,
        "notes": t.notes,
        "estimatedMinutes": t.estimated_minutes,
        "completed": t.completed,
        "archived": t.archived,
        "createdAt": t.created_at,
        "updatedAt": t.updated_at,
    })
}

fn input(f: &mut Fields) -> TaskInput {
    // projectName (+ clientName) picks the project; both sent empty makes the task usable in
    // every project.
    let project = if f.has(&["projectName"]) || f.has(&["clientName"]) {
        let project_name = f.text(&["projectName"]).unwrap_or_default();
        let client_name = f.text(&["clientName"]).unwrap_or_default();
        match (project_name.trim(), client_name.trim()) {
            ("", "") => Some(None),
            ("", _) => {
                f.fail(
                    "projectName",
                    "projectName is required when clientName is sent.",
                );
                None
            }
            (p, c) => Some(Some(ProjectPick {
                client: (!c.is_empty()).then(|| app::services::refs::Named::name("clientName", c)),
                project: app::services::refs::Named::name("projectName", p),
            })),
        }
    } else {
        None
    };
    TaskInput {
        name: f.text(&["taskName", "name", "task"]),
        project,
        task_list_id: f.opt_integer(&["taskListId"], 1..=i64::MAX),
        notes: f.text(&["notes", "details"]),
        hour_rate_cents: f.money(&["hourRate"]),
        billable: if f.has(&["billable"]) {
            Some(f.boolean(&["billable"]))
        } else {
            None
        },
        estimated_minutes: f.opt_integer(&["estimatedMinutes"], 0..=100_000_000),
        completed: f.boolean(&["completed"]),
        archived: f.boolean(&["archived"]),
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = TaskFilter {
        name: f.filter(&["taskName"]),
        project_name: f.filter(&["projectName"]),
        client_name: f.filter(&["clientName"]),
    };
    let paging = f.paging();
    f.finish()?;
    let page = tasks::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(tasks, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let input = input(&mut f);
    f.finish()?;
    let t = tasks::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/tasks/{}", t.id),
        data: to_wire(t),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        tasks::update(&state.db, &who.actor(), id, input).await?,
    )))
}
