//! /api/v2/ext/projects

use std::collections::HashMap;

use app::model::Project;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::projects::{self, ProjectFilter, ProjectInput};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{money, Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(p: Project) -> Value {
    json!({
        "id": p.id,
        "projectName": p.name,
        "clientName": p.client_name,
        "clientId": p.client_id,
        "notes": p.notes,
        "hourRate": money(p.hour_rate_cents),
        "billable": p.billable,
        "budgetMinutes": p.budget_minutes,
        "budgetAmount": money(p.budget_cents),
        "color": p.color,
        "archived": p.archived,
        "createdAt": p.created_at,
        "updatedAt": p.updated_at,
    })
}

fn input(f: &mut Fields) -> ProjectInput {
    ProjectInput {
        client: f.named(&["clientName"]),
        name: f.text(&["projectName", "name"]),
        notes: f.text(&["notes", "details"]),
        hour_rate_cents: f.money(&["hourRate"]),
        billable: f.boolean(&["billable"]),
        budget_minutes: f.opt_integer(&["budgetMinutes"], 0..=100_000_000),
        budget_cents: f.money(&["budgetAmount"]),
        color: f.text(&["color"]),
        archived: f.boolean(&["archived"]),
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = ProjectFilter {
        name: f.filter(&["projectName"]),
        client_name: f.filter(&["clientName"]),
        archived: f.boolean(&["archived"]),
    };
    let paging = f.paging();
    f.finish()?;
    let page = projects::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(projects, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let input = input(&mut f);
    f.finish()?;
    let p = projects::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/projects/{}", p.id),
        data: to_wire(p),
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
        projects::update(&state.db, &who.actor(), id, input).await?,
    )))
}
