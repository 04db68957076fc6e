//! /api/v2/ext/project_timer and /api/v2/ext/attendance_timer

use std::collections::HashMap;

use app::model::{AttendanceTimer, RunningProjectTimer};
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::refs::Named;
use app::services::timers::{self, ProjectTimerInput};
use axum::extract::{Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::attendances;
use super::envelope::{Created, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::time_entries;

fn project_timer_to_wire(t: RunningProjectTimer) -> Value {
    json!({
        "id": t.id,
        "user": t.username,
        "userId": t.user_id,
        "clientName": t.client_name,
        "clientId": t.client_id,
        "projectName": t.project_name,
        "projectId": t.project_id,
        "task": t.task_name.unwrap_or_default(),
        "taskId": t.task_id,
        "from": t.from,
        "details": t.details,
        "tags": t.tags,
        "billable": t.billable,
    })
}

fn clock_to_wire(c: AttendanceTimer) -> Value {
    json!({
        "user": c.username,
        "userId": c.user_id,
        "runningSince": c.running_since,
        "breakRunningSince": c.break_running_since,
        "breaks": c.breaks.into_iter().map(|(from, to)| json!({"from": from, "to": to})).collect::<Vec<_>>(),
        "breakMinutes": c.break_minutes,
    })
}

/// The user a timer request is about: from the body, or the query string (GET/DELETE).
fn user(f: &mut Fields) -> Option<Named> {
    let u = f.named(&["user", "username"]);
    if u.is_none() && !f.has(&["user", "username"]) {
        f.fail("user", "user is required.");
    }
    u
}

fn query_user(query: HashMap<String, String>) -> Result<Named, ApiError> {
    let mut f = Fields::from_query(query);
    let u = user(&mut f);
    f.finish()?;
    Ok(u.expect("finish() fails without a user"))
}

fn timer_input(f: &mut Fields) -> ProjectTimerInput {
    let task = if f.has(&["task", "taskName"]) {
        let name = f.text(&["task", "taskName"]).unwrap_or_default();
        Some((!name.trim().is_empty()).then(|| Named::name("task", name.trim())))
    } else {
        None
    };
    ProjectTimerInput {
        client: f.named(&["clientName"]),
        project: f.named(&["projectName"]),
        task,
        details: f.text(&["details", "notes"]),
        tags: f.text(&["tags"]),
        billable: f.boolean(&["billable"]),
        from: f.timestamp(&["from"]),
        client_required: false,
    }
}

fn timer_location(u: &Named, path: &str) -> String {
    match &u.r {
        app::services::refs::Ref::Name(n) => format!("{BASE}/{path}?user={}", url_escape(n)),
        app::services::refs::Ref::Id(id) => format!("{BASE}/{path}?userId={id}"),
    }
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn get_project_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<One<Value>, ApiError> {
    let u = query_user(query)?;
    let t = timers::project_timer(&state.db, &who.actor(), &u).await?;
    Ok(One(t.map(project_timer_to_wire).unwrap_or(Value::Null)))
}

pub async fn start_project_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    // Missing fields and unknown references are the service's, so one 422 names them all.
    let u = f.named(&["user", "username"]);
    let input = ProjectTimerInput {
        client_required: true,
        ..timer_input(&mut f)
    };
    f.finish()?;
    let t = timers::start_project_timer(&state.db, &who.actor(), u.as_ref(), input).await?;
    let u = u.unwrap_or_else(|| Named::id("user", t.user_id));
    Ok(Created {
        location: timer_location(&u, "project_timer"),
        data: project_timer_to_wire(t),
    })
}

pub async fn update_project_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let u = user(&mut f);
    let input = timer_input(&mut f);
    f.finish()?;
    let t =
        timers::update_project_timer(&state.db, &who.actor(), &u.expect("checked"), input).await?;
    Ok(One(project_timer_to_wire(t)))
}

pub async fn stop_project_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<time_entries::WireEntry>, ApiError> {
    let u = user(&mut f);
    let to = f.timestamp(&["to"]);
    f.finish()?;
    let e = timers::stop_project_timer(&state.db, &who.actor(), &u.expect("checked"), to).await?;
    Ok(Created {
        location: format!("{BASE}/project_time_entries/{}", e.id),
        data: time_entries::to_wire(e),
    })
}

pub async fn discard_project_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
    Body(body): Body,
) -> Result<One<Value>, ApiError> {
    // The user may come in the query (as the contract shows) or in a body.
    let mut f = body;
    let from_body = f.has(&["user", "username"]);
    let u = if from_body {
        let u = user(&mut f);
        f.finish()?;
        u.expect("checked")
    } else {
        query_user(query)?
    };
    timers::discard_project_timer(&state.db, &who.actor(), &u).await?;
    Ok(One(json!({ "deleted": true })))
}

pub async fn get_attendance_timer(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<One<Value>, ApiError> {
    let u = query_user(query)?;
    let c = timers::attendance_timer(&state.db, &who.actor(), &u).await?;
    Ok(One(c.map(clock_to_wire).unwrap_or(Value::Null)))
}

pub async fn clock_in(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let u = user(&mut f);
    let from = f.timestamp(&["from"]);
    f.finish()?;
    let u = u.expect("checked");
    let c = timers::clock_in(&state.db, &who.actor(), &u, from).await?;
    Ok(Created {
        location: timer_location(&u, "attendance_timer"),
        data: clock_to_wire(c),
    })
}

pub async fn clock_out(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let u = user(&mut f);
    let to = f.timestamp(&["to"]);
    let notes = f.text(&["notes", "details"]);
    f.finish()?;
    let a = timers::clock_out(&state.db, &who.actor(), &u.expect("checked"), to, notes).await?;
    Ok(Created {
        location: format!("{BASE}/attendances/{}", a.id),
        data: attendances::to_wire(a),
    })
}

pub async fn start_break(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let u = user(&mut f);
    f.finish()?;
    Ok(One(clock_to_wire(
        timers::start_break(&state.db, &who.actor(), &u.expect("checked")).await?,
    )))
}

pub async fn end_break(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let u = user(&mut f);
    f.finish()?;
    Ok(One(clock_to_wire(
        timers::end_break(&state.db, &who.actor(), &u.expect("checked")).await?,
    )))
}
