//! /api/v2/ext/projects

use std::collections::HashMap;

use app::model::Project;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::projects::{self, ProjectFilter, ProjectInput};
use axum::extract::{Path, Query, State};
use axum::Extension;

use super::envelope::{Created, List, Money, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

/// A project as the contract names its fields, serialised straight from the struct.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireProject {
    id: i64,
    project_name: String,
    client_name: String,
    client_id: i64,
    notes: String,
    hour_rate: Money,
    billable: bool,
    budget_minutes: Option<i64>,
    budget_amount: Money,
    color: String,
    archived: bool,
    created_at: String,
    updated_at: String,
}

pub fn to_wire(p: Project) -> WireProject {
    WireProject {
        id: p.id,
        project_name: p.name,
        client_name: p.client_name,
        client_id: p.client_id,
        notes: p.notes,
        hour_rate: Money(p.hour_rate_cents),
        billable: p.billable,
        budget_minutes: p.budget_minutes,
        budget_amount: Money(p.budget_cents),
        color: p.color,
        archived: p.archived,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
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
) -> Result<List<WireProject>, ApiError> {
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
) -> Result<Created<WireProject>, ApiError> {
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
) -> Result<One<WireProject>, ApiError> {
    let id = parse_id(&id)?;
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        projects::update(&state.db, &who.actor(), id, input).await?,
    )))
}
