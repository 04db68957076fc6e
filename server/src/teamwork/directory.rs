//! What a Teamwork time client reads before it logs time: who the token is
//! (`authenticate.json`), the projects, the people and a project's tasks — in Teamwork's API v1
//! shapes (ids of projects and people as strings, of tasks as numbers, as Teamwork writes them).

use app::model::{Project, Task, UserAdmin};
use app::server::AppState;
use app::services::api_keys::{self, ApiPrincipal};
use app::services::projects::{self, ProjectFilter};
use app::services::tasks::{self, TaskFilter};
use app::services::{accounts, users, Paging};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Extension;
use serde_json::{json, Value};

use super::time_entries::{parse_path_id, tw_date};
use super::TwError;

const ALL: Paging = Paging {
    page: 0,
    limit: Paging::MAX_LIMIT,
};

/// `GET /authenticate.json`: the account and the user the token acts as.
pub async fn authenticate(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    headers: HeaderMap,
) -> Result<axum::Json<Value>, TwError> {
    let actor = who.actor();
    let account = accounts::settings(&state.db, &actor).await?;
    let user_id = api_keys::acting_user(&state.db, &who).await?;
    let person = match user_id {
        Some(id) => Some(users::get(&state.db, &actor, id).await?),
        None => None,
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    Ok(axum::Json(json!({
        "STATUS": "OK",
        "account": {
            "id": who.account_id.to_string(),
            "name": account.name,
            "code": account.slug,
            "companyname": account.name,
            "URL": format!("https://{host}/teamwork/"),
            "lang": account.locale,
            "userId": user_id.map(|i| i.to_string()).unwrap_or_default(),
            "firstname": person.as_ref().map(|p| p.first_name.clone()).unwrap_or_default(),
            "lastname": person.as_ref().map(|p| p.last_name.clone()).unwrap_or_default(),
            "userIsAdmin": true,
        },
    })))
}

fn project_to_wire(p: Project) -> Value {
    json!({
        "id": p.id.to_string(),
        "name": p.name,
        "description": p.notes,
        "status": if p.archived { "archived" } else { "active" },
        "company": {"id": p.client_id.to_string(), "name": p.client_name},
        "created-on": tw_date(&p.created_at),
        "last-changed-on": tw_date(&p.updated_at),
    })
}

/// `GET /projects.json`: the live projects, archived ones included as Teamwork lists them.
pub async fn list_projects(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
) -> Result<axum::Json<Value>, TwError> {
    let filter = ProjectFilter {
        name: None,
        client_name: None,
        archived: None,
    };
    let page = projects::list(&state.db, &who.actor(), &filter, ALL).await?;
    let list: Vec<Value> = page.items.into_iter().map(project_to_wire).collect();
    Ok(axum::Json(json!({"STATUS": "OK", "projects": list})))
}

/// `GET /projects/{id}.json`
pub async fn get_project(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(file): Path<String>,
) -> Result<axum::Json<Value>, TwError> {
    let p = projects::get(&state.db, &who.actor(), parse_path_id(&file)?).await?;
    Ok(axum::Json(
        json!({"STATUS": "OK", "project": project_to_wire(p)}),
    ))
}

fn task_to_wire(t: Task) -> Value {
    json!({
        "id": t.id,
        "content": t.name,
        "description": t.notes,
        "project-id": t.project_id,
        "project-name": t.project_name.unwrap_or_default(),
        "company-id": t.client_id,
        "company-name": t.client_name.unwrap_or_default(),
        "todo-list-id": t.task_list_id,
        "completed": t.completed,
        "estimated-minutes": t.estimated_minutes.unwrap_or(0),
        "created-on": tw_date(&t.created_at),
        "last-changed-on": tw_date(&t.updated_at),
    })
}

/// `GET /projects/{id}/tasks.json`: the project's own tasks (tasks usable in every project
/// cannot take time through /tasks/{id}/time_entries.json, so they are not listed).
pub async fn project_tasks(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
) -> Result<axum::Json<Value>, TwError> {
    let actor = who.actor();
    let project = projects::get(&state.db, &actor, parse_path_id(&id)?).await?;
    let filter = TaskFilter {
        name: None,
        project_name: Some(project.name.clone()),
        client_name: Some(project.client_name.clone()),
    };
    let page = tasks::list(&state.db, &actor, &filter, ALL).await?;
    let list: Vec<Value> = page
        .items
        .into_iter()
        .filter(|t| t.project_id == Some(project.id))
        .map(task_to_wire)
        .collect();
    Ok(axum::Json(json!({"STATUS": "OK", "todo-items": list})))
}

fn person_to_wire(u: UserAdmin) -> Value {
    json!({
        "id": u.id.to_string(),
        "first-name": u.first_name,
        "last-name": u.last_name,
        "user-name": u.username,
        "email-address": u.email,
        "administrator": u.role == app::model::Role::Admin,
        "deleted": !u.active,
    })
}

/// `GET /people.json`: the account's active people.
pub async fn list_people(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
) -> Result<axum::Json<Value>, TwError> {
    let people = users::list(&state.db, &who.actor()).await?;
    let list: Vec<Value> = people
        .into_iter()
        .filter(|u| u.active)
        .map(person_to_wire)
        .collect();
    Ok(axum::Json(json!({"STATUS": "OK", "people": list})))
}

/// `GET /people/{id}.json`
pub async fn get_person(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(file): Path<String>,
) -> Result<axum::Json<Value>, TwError> {
    let u = users::get(&state.db, &who.actor(), parse_path_id(&file)?).await?;
    Ok(axum::Json(
        json!({"STATUS": "OK", "person": person_to_wire(u)}),
    ))
}
