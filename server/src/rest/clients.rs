//! /api/v2/ext/clients

use std::collections::HashMap;

use app::model::Client;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::clients::{self, ClientFilter, ClientInput};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{money, Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(c: Client) -> Value {
    json!({
        "id": c.id,
        "clientName": c.name,
        "notes": c.notes,
        "address": c.address,
        "email": c.email,
        "hourRate": money(c.hour_rate_cents),
        "archived": c.archived,
        "createdAt": c.created_at,
        "updatedAt": c.updated_at,
    })
}

fn input(f: &mut Fields) -> ClientInput {
    ClientInput {
        name: f.text(&["clientName", "name"]),
        notes: f.text(&["notes", "details"]),
        address: f.text(&["address"]),
        email: f.text(&["email"]),
        hour_rate_cents: f.money(&["hourRate"]),
        archived: f.boolean(&["archived"]),
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = ClientFilter {
        name: f.filter(&["clientName"]),
        archived: f.boolean(&["archived"]),
    };
    let paging = f.paging();
    f.finish()?;
    let page = clients::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(clients, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let input = input(&mut f);
    f.finish()?;
    let c = clients::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/clients/{}", c.id),
        data: to_wire(c),
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
        clients::update(&state.db, &who.actor(), id, input).await?,
    )))
}
