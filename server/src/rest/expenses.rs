//! /api/v2/ext/expenses

use std::collections::HashMap;

use app::model::Expense;
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::expenses::{self, ExpenseFilter, ExpenseInput};
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};

use super::envelope::{money, Created, List, One, BASE};
use super::error::ApiError;
use super::fields::{Body, Fields};
use super::parse_id;

pub fn to_wire(x: Expense) -> Value {
    json!({
        "id": x.id,
        "user": x.username,
        "userId": x.user_id,
        "clientName": x.client_name,
        "clientId": x.client_id,
        "projectName": x.project_name,
        "projectId": x.project_id,
        "date": x.date,
        "amount": money(Some(x.amount_cents)),
        "currency": x.currency,
        "category": x.category,
        "notes": x.notes,
        "billable": x.billable,
        "createdAt": x.created_at,
        "updatedAt": x.updated_at,
    })
}

fn input(f: &mut Fields) -> ExpenseInput {
    ExpenseInput {
        client: f.named(&["clientName"]),
        project: f.named(&["projectName"]),
        date: f.date(&["date"]),
        amount_cents: f.amount(&["amount"]),
        currency: f.filter(&["currency"]).map(|c| c.to_uppercase()),
        category: f.text(&["category"]),
        notes: f.text(&["notes", "details"]),
        billable: f.boolean(&["billable"]),
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<List<Value>, ApiError> {
    let mut f = Fields::from_query(query);
    let filter = ExpenseFilter {
        username: f.filter(&["user", "username"]),
        client_name: f.filter(&["clientName"]),
        project_name: f.filter(&["projectName"]),
        from: f.date(&["from"]),
        to: f.date(&["to"]),
        ..Default::default()
    };
    if let (Some(a), Some(b)) = (filter.from, filter.to) {
        if b < a {
            f.fail("to", "to must not be before from.");
        }
    }
    let paging = f.paging();
    f.finish()?;
    let page = expenses::list(&state.db, &who.actor(), &filter, paging).await?;
    Ok(List::from_page(page, paging, to_wire))
}

get_and_delete!(expenses, to_wire);

pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Body(mut f): Body,
) -> Result<Created<Value>, ApiError> {
    let mut input = input(&mut f);
    // Missing fields and unknown references are the service's to name, all in one answer.
    input.user = f.named(&["user", "username"]);
    input.client_required = true;
    f.finish()?;
    let x = expenses::create(&state.db, &who.actor(), input).await?;
    Ok(Created {
        location: format!("{BASE}/expenses/{}", x.id),
        data: to_wire(x),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    Body(mut f): Body,
) -> Result<One<Value>, ApiError> {
    let id = parse_id(&id)?;
    f.refuse(&["user", "username"], "cannot be changed on an expense.");
    let input = input(&mut f);
    f.finish()?;
    Ok(One(to_wire(
        expenses::update(&state.db, &who.actor(), id, input).await?,
    )))
}
