//! /api/v2/ext/clients

use std::collections::HashMap;

use app::model::Client;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::clients::{self, ClientFilter};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{money, List, One};
use super::error::ApiError;
use super::params::Params;

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

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut p = Params::new(query);
    let filter = ClientFilter {
        name: p.text("clientName"),
        archived: p.boolean("archived"),
    };
    let paging = p.paging();
    p.finish()?;
    let page = clients::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

pub async fn get(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    Ok(One(to_wire(
        clients::get(&state.db, &who.actor(), id).await?,
    )))
}

/// A path id that is not a positive integer is a malformed path (400).
pub fn parse_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::one(
            axum::http::StatusCode::BAD_REQUEST,
            super::error::CODE_MALFORMED,
            "Malformed path",
            "The id in the path must be a positive whole number.",
            Some("id"),
        )
    })
}
