//! /api/v2/ext/project_time_entries

use std::collections::HashMap;

use app::model::TimeEntry;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::refs::Named;
use app::services::time_entries::{self, TimeEntryFilter, TimeEntryInput};
use axum::extract::{Path, Query, State};
use axum::Extension;

use super::envelope::{Created, List, Money, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

/// A time entry as the contract names its fields, serialised straight from the struct.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEntry {
    id: i64,
    user: String,
    user_id: i64,
    client_name: String,
    client_id: i64,
    project_name: String,
    project_id: i64,
    task: String,
    task_id: Option<i64>,
    hour_rate: Money,
    latitude: Option<f64>,
    longitude: Option<f64>,
    latitude1: Option<f64>,
    longitude1: Option<f64>,
    billable: bool,
    flat_rate: bool,
    details: String,
    tags: String,
    invoice_number: Option<String>,
    from: String,
    to: String,
    worked_minutes: i64,
    break_minutes: i64,
    created_at: String,
    updated_at: String,
}

pub fn to_wire(e: TimeEntry) -> WireEntry {
    WireEntry {
        id: e.id,
        user: e.username,
        user_id: e.user_id,
        client_name: e.client_name,
        client_id: e.client_id,
        project_name: e.project_name,
        project_id: e.project_id,
        task: e.task_name.unwrap_or_default(),
        task_id: e.task_id,
        hour_rate: Money(e.hour_rate_cents),
        latitude: e.latitude,
        longitude: e.longitude,
        latitude1: e.latitude1,
        longitude1: e.longitude1,
        billable: e.billable,
        flat_rate: e.flat_rate,
        details: e.details,
        tags: e.tags,
        invoice_number: e.invoice_number,
        from: e.from,
        to: e.to,
        worked_minutes: e.worked_minutes,
        break_minutes: e.break_minutes,
        created_at: e.created_at,
        updated_at: e.updated_at,
    }
}

/// The fields both create and update read.
fn input(f: &mut Fields) -> TimeEntryInput {
    let task = if f.has(&["task", "taskName"]) {
        let name = f.text(&["task", "taskName"]).unwrap_or_default();
        Some((!name.trim().is_empty()).then(|| Named::name("task", name.trim())))
    } else {
        None
    };
    TimeEntryInput {
        task,
        from: f.timestamp(&["from"]),
        to: f.timestamp(&["to"]),
        break_minutes: f.integer(&["breakMinutes", "minutesBreak"], 0..=100_000),
        worked_minutes: f.integer(&["workedMinutes"], 0..=100_000),
        billable: f.boolean(&["billable"]),
        flat_rate: f.boolean(&["flatRate"]),
        hour_rate_cents: f.money(&["hourRate"]),
        latitude: f.decimal(&["latitude"]),
        longitude: f.decimal(&["longitude"]),
        latitude1: f.decimal(&["latitude1"]),
        longitude1: f.decimal(&["longitude1"]),
        details: f.text(&["details", "notes"]),
        tags: f.text(&["tags"]),
        invoice_number: if f.has(&["invoiceNumber"]) {
            Some(f.filter(&["invoiceNumber"]))
        } else {
            None
        },
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<WireEntry>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = TimeEntryFilter {
        client_name: f.filter(&["clientName"]),
        project_name: f.filter(&["projectName"]),
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
    let page = time_entries::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(time_entries, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<WireEntry>, ApiError> {
    let mut input = input(&mut f);
    input.user = f.named(&["user", "username"]);
    input.client = f.named(&["clientName"]);
    input.project = f.named(&["projectName"]);
    // The contract requires the client's name, so the project name is never ambiguous. The
    // service names it with every other missing field and unknown reference in one answer.
    input.client_required = true;
    f.finish()?;
    let e = time_entries::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/project_time_entries/{}", e.id),
        data: to_wire(e),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Body(mut f): Body,
) -> Result<One<WireEntry>, ApiError> {
    let id = parse_id(&id)?;
    f.refuse(
        &["clientName", "projectName", "user", "username"],
        "cannot be changed on a time entry.",
    );
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        time_entries::update(&state.db, &who.actor(), id, input).await?,
    )))
}
