//! /api/v2/ext/absences and /api/v2/ext/absence_types

use std::collections::HashMap;

use app::model::{Absence, AbsenceType};
use app::server::AppState;
use app::services::absence_types::{self, AbsenceTypeInput};
use app::services::absences::{self, AbsenceFilter, AbsenceInput};
use app::services::api_keys::ApiPrincipal;
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{deleted, Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(a: Absence) -> Value {
    json!({
        "id": a.id,
        "user": a.username,
        "userId": a.user_id,
        "absenceType": a.absence_type,
        "absenceTypeId": a.absence_type_id,
        "from": a.from,
        "to": a.to,
        "halfDay": a.half_day,
        "notes": a.notes,
        "status": a.status,
        "days": a.days,
        "createdAt": a.created_at,
        "updatedAt": a.updated_at,
    })
}

pub fn type_to_wire(t: AbsenceType) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "paid": t.paid,
        "color": t.color,
        "countsAsWorkTime": t.counts_as_work_time,
        "usesLeave": t.uses_leave,
        "archived": t.archived,
        "createdAt": t.created_at,
        "updatedAt": t.updated_at,
    })
}

fn input(f: &mut Fields) -> AbsenceInput {
    AbsenceInput {
        absence_type: f.filter(&["absenceType"]),
        from: f.date(&["from"]),
        to: f.date(&["to"]),
        half_day: f.boolean(&["halfDay"]),
        notes: f.text(&["notes", "details"]),
        status: f.filter(&["status"]).map(|s| s.to_lowercase()),
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = AbsenceFilter {
        username: f.filter(&["user", "username"]),
        absence_type: f.filter(&["absenceType"]),
        status: f.filter(&["status"]).map(|s| s.to_lowercase()),
        from: f.date(&["from"]),
        to: f.date(&["to"]),
    };
    if filter
        .status
        .as_deref()
        .is_some_and(|s| !absences::STATUSES.contains(&s))
    {
        f.fail("status", "status must be approved, pending or rejected.");
    }
    let paging = f.paging();
    f.finish()?;
    let page = absences::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(absences, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let mut input = input(&mut f);
    input.user = f.named(&["user", "username"]);
    f.finish()?;
    let a = absences::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/absences/{}", a.id),
        data: to_wire(a),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    f.refuse(&["user", "username"], "cannot be changed on an absence.");
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        absences::update(&state.db, &who.actor(), id, input).await?,
    )))
}

fn type_input(f: &mut Fields) -> AbsenceTypeInput {
    AbsenceTypeInput {
        name: f.text(&["name", "absenceType"]),
        paid: f.boolean(&["paid"]),
        color: f.text(&["color"]),
        counts_as_work_time: f.boolean(&["countsAsWorkTime"]),
        uses_leave: f.boolean(&["usesLeave"]),
        archived: f.boolean(&["archived"]),
    }
}

pub async fn list_types(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let name = f.filter(&["name"]);
    let paging = f.paging();
    f.finish()?;
    let page = absence_types::list(&state.db, &who.actor(), name.as_deref(), paging).await?;
    Ok(List::from_page(page, paging, type_to_wire))
}

pub async fn get_type(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
) -> Result<One<Value>, ApiError> {
    Ok(One(type_to_wire(
        absence_types::get(&state.db, &who.actor(), parse_id(&id)?).await?,
    )))
}

pub async fn create_type(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let input = type_input(&mut f);
    f.finish()?;
    let t = absence_types::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/absence_types/{}", t.id),
        data: type_to_wire(t),
    })
}

pub async fn update_type(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    let input = type_input(&mut f);
    f.finish()?;
    Ok(One(type_to_wire(
        absence_types::update(&state.db, &who.actor(), id, input).await?,
    )))
}

pub async fn delete_type(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    absence_types::delete(&state.db, &who.actor(), id).await?;
    Ok(deleted(id))
}
