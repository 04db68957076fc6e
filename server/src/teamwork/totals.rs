//! /teamwork time totals: across the account, a project, a task list, a task, and per project.

use std::collections::HashMap;

use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::totals::{self, Estimates, Scope, Sums, TotalsFilter};
use app::services::{accounts, Paging};
use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};

use super::params::{hours, Query};
use super::TwError;

fn sums_to_wire(s: Sums) -> Value {
    json!({
        "total-mins-sum": s.total.to_string(),
        "non-billed-mins-sum": s.non_billed().to_string(),
        "non-billable-hours-sum": hours(s.non_billable()),
        "total-hours-sum": hours(s.total),
        "billed-mins-sum": s.billed.to_string(),
        "billed-hours-sum": hours(s.billed),
        "billable-hours-sum": hours(s.billable),
        "non-billable-mins-sum": s.non_billable().to_string(),
        "non-billed-hours-sum": hours(s.non_billed()),
        "billable-mins-sum": s.billable.to_string(),
    })
}

fn estimates_to_wire(e: Estimates) -> Value {
    json!({
        "total-hours-estimated": hours(e.total),
        "active-mins-estimated": e.active.to_string(),
        "total-mins-estimated": e.total.to_string(),
        "active-hours-estimated": hours(e.active),
        "completed-hours-estimated": hours(e.completed),
        "completed-mins-estimated": e.completed.to_string(),
    })
}

async fn filter(
    state: &AppState,
    who: &ApiPrincipal,
    raw: HashMap<String, String>,
) -> Result<(TotalsFilter, Query), TwError> {
    let q = Query::new(raw);
    let tz = accounts::tz(&state.db, who.account_id, None).await?;
    let (started_from, started_before) =
        q.window(tz, "fromDate", "fromTime", "toDate", "toTime")?;
    let f = TotalsFilter {
        // userId 0 means all users.
        user_id: q.int("userId", 0, i64::MAX)?.filter(|u| *u > 0),
        started_from,
        started_before,
        project_archived: q
            .choice("projectType", &["all", "active", "archived"])?
            .and_then(|v| match v.as_str() {
                "active" => Some(false),
                "archived" => Some(true),
                _ => None,
            }),
    };
    Ok((f, q))
}

fn id_of(raw: &str) -> Result<i64, TwError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| TwError::new(axum::http::StatusCode::NOT_FOUND, "No such record."))
}

pub async fn account(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    let (f, _) = filter(&state, &who, q).await?;
    let s = totals::sums(&state.db, &who.actor(), Scope::Account, &f).await?;
    Ok(axum::Json(json!({"STATUS": "OK", "time-totals": sums_to_wire(s)})).into_response())
}

pub async fn project(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    let scope = Scope::Project(id_of(&id)?);
    let actor = who.actor();
    let names = totals::names(&state.db, &actor, scope).await?;
    let (f, _) = filter(&state, &who, q).await?;
    let s = totals::sums(&state.db, &actor, scope, &f).await?;
    let e = totals::estimates(&state.db, &actor, scope).await?;
    Ok(axum::Json(json!({"STATUS": "OK", "projects": [{
        "company": {"name": names.client_name, "id": names.client_id.to_string()},
        "time-estimates": estimates_to_wire(e),
        "name": names.project_name,
        "id": names.project_id.to_string(),
        "time-totals": sums_to_wire(s),
    }]}))
    .into_response())
}

pub async fn task_list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    let scope = Scope::TaskList(id_of(&id)?);
    let actor = who.actor();
    let names = totals::names(&state.db, &actor, scope).await?;
    let (f, _) = filter(&state, &who, q).await?;
    let s = totals::sums(&state.db, &actor, scope, &f).await?;
    let e = totals::estimates(&state.db, &actor, scope).await?;
    Ok(axum::Json(json!({"STATUS": "OK", "projects": [{
        "company": {"name": names.client_name, "id": names.client_id.to_string()},
        "name": names.project_name,
        "tasklist": {
            "time-estimates": estimates_to_wire(e),
            "name": names.task_list_name.unwrap_or_default(),
            "id": names.task_list_id.map(|i| i.to_string()).unwrap_or_default(),
            "time-totals": sums_to_wire(s),
        },
        "id": names.project_id.to_string(),
    }]}))
    .into_response())
}

pub async fn task(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    let scope = Scope::Task(id_of(&id)?);
    let actor = who.actor();
    let names = totals::names(&state.db, &actor, scope).await?;
    let (f, _) = filter(&state, &who, q).await?;
    let s = totals::sums(&state.db, &actor, scope, &f).await?;
    let e = totals::estimates(&state.db, &actor, scope).await?;
    Ok(axum::Json(json!({"STATUS": "OK", "projects": [{
        "company": {"name": names.client_name, "id": names.client_id.to_string()},
        "name": names.project_name,
        "tasklist": {
            "name": names.task_list_name.unwrap_or_default(),
            "task": {
                "time-estimates": estimates_to_wire(e),
                "name": names.task_name.unwrap_or_default(),
                "id": names.task_id.map(|i| i.to_string()).unwrap_or_default(),
                "time-totals": sums_to_wire(s),
            },
            "id": names.task_list_id.map(|i| i.to_string()).unwrap_or_default(),
        },
        "id": names.project_id.to_string(),
    }]}))
    .into_response())
}

pub async fn per_project(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    let (f, q) = filter(&state, &who, q).await?;
    let page = q.int("page", 0, 1_000_000)?.unwrap_or(1).max(1);
    let size = q.int("pageSize", 1, 1000)?.unwrap_or(100);
    let found = totals::per_project(
        &state.db,
        &who.actor(),
        &f,
        Paging {
            page: page - 1,
            limit: size,
        },
    )
    .await?;
    let projects: Vec<Value> = found
        .items
        .into_iter()
        .map(|p| {
            json!({
                "company": {"name": p.client_name, "id": p.client_id.to_string()},
                "name": p.project_name,
                "totalNonBillableMins": p.sums.non_billable().to_string(),
                "totalBillableMins": p.sums.billable.to_string(),
                "id": p.project_id.to_string(),
                "totalMins": p.sums.total.to_string(),
            })
        })
        .collect();
    let mut resp = axum::Json(json!({"STATUS": "OK", "projects": projects})).into_response();
    let h = resp.headers_mut();
    h.insert("x-records", HeaderValue::from(found.total));
    h.insert(
        "x-pages",
        HeaderValue::from((found.total + size - 1) / size),
    );
    h.insert("x-page", HeaderValue::from(page));
    Ok(resp)
}
