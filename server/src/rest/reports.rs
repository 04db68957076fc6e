//! /api/v2/ext/user_reports: timesheets per user and per local day.

use std::collections::HashMap;

use app::model::{ReportBreakdown, ReportDay, UserReport};
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::refs::Named;
use app::services::{reports, Page};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{List, One};
use super::error::ApiError;
use super::fields::Fields;
use super::parse_id;

fn day_to_wire(d: ReportDay, with_date: bool) -> Value {
    let mut v = json!({
        "attendanceMinutes": d.attendance_minutes,
        "breakMinutes": d.break_minutes,
        "projectMinutes": d.project_minutes,
        "billableMinutes": d.billable_minutes,
        "nonBillableMinutes": d.non_billable_minutes,
        "absences": d.absences.into_iter().map(|(t, days)| json!({"absenceType": t, "days": days})).collect::<Vec<_>>(),
        "targetMinutes": d.target_minutes,
        "creditedMinutes": d.credited_minutes,
        "balanceMinutes": d.balance_minutes,
    });
    if with_date {
        v["date"] = json!(d.date);
        v["holiday"] = json!(d.holiday);
    }
    v
}

fn breakdown(b: ReportBreakdown, task: bool) -> Value {
    if task {
        json!({"taskId": b.id, "taskName": b.name, "projectName": b.project_name, "clientName": b.client_name,
               "minutes": b.minutes, "billableMinutes": b.billable_minutes})
    } else {
        json!({"projectId": b.id, "projectName": b.project_name, "clientName": b.client_name,
               "minutes": b.minutes, "billableMinutes": b.billable_minutes})
    }
}

fn to_wire(r: UserReport) -> Value {
    json!({
        "userId": r.user_id,
        "user": r.username,
        "timezone": r.timezone,
        "from": r.from,
        "to": r.to,
        "days": r.days.into_iter().map(|d| day_to_wire(d, true)).collect::<Vec<_>>(),
        "totals": day_to_wire(r.totals, false),
        "projects": r.projects.into_iter().map(|b| breakdown(b, false)).collect::<Vec<_>>(),
        "tasks": r.tasks.into_iter().map(|b| breakdown(b, true)).collect::<Vec<_>>(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let user = f.named(&["user", "username"]);
    let (from, to) = (f.date(&["from"]), f.date(&["to"]));
    let paging = f.paging();
    f.finish()?;
    let (from, to) = reports::check_range(from, to)?;
    let page = match user {
        Some(u) => {
            let r = reports::user_report(&state.db, &who.actor(), &u, from, to).await?;
            Page {
                items: vec![r],
                total: 1,
            }
        }
        None => reports::user_reports(&state.db, &who.actor(), from, to, paging).await?,
    };
    Ok(List::from_page(page, paging, to_wire))
}

pub async fn get(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    let mut f = Fields::from_query(query);
    let (from, to) = (f.date(&["from"]), f.date(&["to"]));
    f.finish()?;
    let (from, to) = reports::check_range(from, to)?;
    let user = Named::id("userId", id);
    // An unknown user id is a 404 here (it is the path), not an invalid parameter.
    let r = reports::user_report(&state.db, &who.actor(), &user, from, to)
        .await
        .map_err(|e| match e {
            app::services::ServiceError::Invalid(list)
                if list.iter().any(|i| i.field == "userId") =>
            {
                app::services::ServiceError::NotFound(app::services::Resource::User)
            }
            other => other,
        })?;
    Ok(One(to_wire(r)))
}
