//! /api/v2/ext/attendances

use std::collections::HashMap;

use app::model::Attendance;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::attendances::{self, AttendanceFilter, AttendanceInput};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(a: Attendance) -> Value {
    json!({
        "id": a.id,
        "user": a.username,
        "userId": a.user_id,
        "from": a.from,
        "to": a.to,
        "notes": a.notes,
        "manual": a.manual,
        "workedMinutes": a.worked_minutes,
        "breakMinutes": a.break_minutes,
        "latitudeStart": a.latitude_start,
        "longitudeStart": a.longitude_start,
        "latitudeEnd": a.latitude_end,
        "longitudeEnd": a.longitude_end,
        "createdAt": a.created_at,
        "updatedAt": a.updated_at,
    })
}

fn input(f: &mut Fields) -> AttendanceInput {
    AttendanceInput {
        from: f.timestamp(&["from"]),
        to: f.timestamp(&["to"]),
        break_minutes: f.integer(&["breakMinutes", "minutesBreak"], 0..=100_000),
        worked_minutes: f.integer(&["workedMinutes"], 0..=100_000),
        notes: f.text(&["notes", "details"]),
        manual: f.boolean(&["manual"]),
        latitude_start: f.decimal(&["latitudeStart"]),
        longitude_start: f.decimal(&["longitudeStart"]),
        latitude_end: f.decimal(&["latitudeEnd"]),
        longitude_end: f.decimal(&["longitudeEnd"]),
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = AttendanceFilter {
        username: f.filter(&["user", "username"]),
        from: f.timestamp(&["from"]),
        to: f.timestamp(&["to"]),
        ..Default::default()
    };
    if let (Some(a), Some(b)) = (filter.from, filter.to) {
        if b < a {
            f.fail("to", "to must not be before from.");
        }
    }
    let paging = f.paging();
    f.finish()?;
    let page = attendances::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(attendances, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let mut input = input(&mut f);
    // A missing user is the service's to name, beside every other missing field.
    input.user = f.named(&["user", "username"]);
    f.finish()?;
    let a = attendances::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/attendances/{}", a.id),
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
    f.refuse(&["user", "username"], "cannot be changed on an attendance.");
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        attendances::update(&state.db, &who.actor(), id, input).await?,
    )))
}
