//! /teamwork time entries: list (per account, project or task), get, create, update, delete.

use std::collections::HashMap;

use app::model::{Tag, TimeEntry};
use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use app::services::refs::Named;
use app::services::time_entries::{self, Sort, TimeEntryFilter, TimeEntryInput};
use app::services::{accounts, projects, tags, tasks, Paging};
use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use super::params::{local, parse_date, parse_time, Query};
use super::TwError;

/// Teamwork pages hold up to 500 entries.
pub const PAGE_SIZE: i64 = 500;

/// "2014-03-30T10:10:00.000Z" → "2014-03-30T10:10:00Z"
pub(super) fn tw_date(ts: &str) -> String {
    match ts.split_once('.') {
        Some((head, _)) => format!("{head}Z"),
        None => ts.to_string(),
    }
}

fn opt_id(id: Option<i64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn entry_to_wire(e: &TimeEntry, tags: Option<&[Tag]>, single: bool) -> Value {
    let mut m = Map::new();
    m.insert("project-id".into(), json!(e.project_id.to_string()));
    m.insert("minutes".into(), json!((e.worked_minutes % 60).to_string()));
    m.insert(
        "isbillable".into(),
        json!(if e.billable { "1" } else { "0" }),
    );
    m.insert("person-first-name".into(), json!(e.first_name));
    m.insert(
        "todo-list-name".into(),
        json!(e.task_list_name.clone().unwrap_or_default()),
    );
    m.insert("description".into(), json!(e.details));
    m.insert(
        "todo-item-name".into(),
        json!(e.task_name.clone().unwrap_or_default()),
    );
    m.insert("todo-list-id".into(), json!(opt_id(e.task_list_id)));
    if !single {
        let list: Vec<Value> = tags
            .unwrap_or_default()
            .iter()
            .map(|t| json!({"name": t.name, "id": t.id.to_string(), "color": t.color}))
            .collect();
        m.insert("tags".into(), Value::Array(list));
        m.insert(
            "project-status".into(),
            json!(if e.project_archived {
                "archived"
            } else {
                "active"
            }),
        );
    }
    m.insert("company-id".into(), json!(e.client_id.to_string()));
    m.insert("person-id".into(), json!(e.user_id.to_string()));
    m.insert("project-name".into(), json!(e.project_name));
    m.insert("company-name".into(), json!(e.client_name));
    m.insert("id".into(), json!(e.id.to_string()));
    m.insert("date".into(), json!(tw_date(&e.from)));
    m.insert("todo-item-id".into(), json!(opt_id(e.task_id)));
    m.insert(
        "invoiceNo".into(),
        json!(e.invoice_number.clone().unwrap_or_default()),
    );
    m.insert("person-last-name".into(), json!(e.last_name));
    // The seed's single entry answers a boolean here, the lists a string.
    m.insert(
        "has-start-time".into(),
        if single { json!(true) } else { json!("1") },
    );
    m.insert("hours".into(), json!((e.worked_minutes / 60).to_string()));
    if e.deleted {
        m.insert("deleted".into(), json!("1"));
    }
    Value::Object(m)
}

#[derive(Clone, Copy)]
enum Scope {
    All,
    Project(i64),
    Task(i64),
}

pub(super) fn parse_path_id(raw: &str) -> Result<i64, TwError> {
    raw.trim_end_matches(".json")
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| TwError::new(StatusCode::NOT_FOUND, "No such record."))
}

async fn list(
    state: &AppState,
    who: &ApiPrincipal,
    raw: HashMap<String, String>,
    scope: Scope,
) -> Result<Response, TwError> {
    let actor = who.actor();
    match scope {
        Scope::Project(id) => {
            projects::get(&state.db, &actor, id).await?;
        }
        Scope::Task(id) => {
            tasks::get(&state.db, &actor, id).await?;
        }
        Scope::All => {}
    }
    let q = Query::new(raw);
    let tz = accounts::tz(&state.db, actor.account_id, None).await?;
    let (started_from, started_before) =
        q.window(tz, "fromdate", "fromtime", "todate", "totime")?;
    let filter = TimeEntryFilter {
        project_id: match scope {
            Scope::Project(id) => Some(id),
            _ => None,
        },
        task_id: match scope {
            Scope::Task(id) => Some(id),
            _ => None,
        },
        started_from,
        started_before,
        ..list_filter(&q)?
    };
    let page = q.int("page", 0, 1_000_000)?.unwrap_or(1).max(1);
    let paging = Paging {
        page: page - 1,
        limit: PAGE_SIZE,
    };
    let found = time_entries::list(&state.db, &actor, &filter, paging).await?;
    let ids: Vec<i64> = found.items.iter().map(|e| e.id).collect();
    let tag_map = tags::of_entries(&state.db, &actor, &ids).await?;
    let entries: Vec<Value> = found
        .items
        .iter()
        .map(|e| entry_to_wire(e, tag_map.get(&e.id).map(Vec::as_slice), false))
        .collect();
    let pages = (found.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let mut resp = axum::Json(json!({"time-entries": entries, "STATUS": "OK"})).into_response();
    let h = resp.headers_mut();
    h.insert("x-records", HeaderValue::from(found.total));
    h.insert("x-pages", HeaderValue::from(pages));
    h.insert("x-page", HeaderValue::from(page));
    Ok(resp)
}

/// The filters, tags and order of a list as Teamwork's query names them.
fn list_filter(q: &Query) -> Result<TimeEntryFilter, TwError> {
    let tag_ids = match q.get("tagIds") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.trim().parse::<i64>().map_err(|_| {
                    TwError::bad_request("tagIds must be a comma-separated list of numbers.")
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let choice = |name: &str, values: &[&str]| q.choice(name, values);
    let flag = |v: Option<String>, yes: &str, no: &str| match v.as_deref() {
        Some(x) if x == yes => Some(true),
        Some(x) if x == no => Some(false),
        _ => None,
    };
    Ok(TimeEntryFilter {
        user_id: q.int("userId", 0, i64::MAX)?.filter(|u| *u > 0),
        billable: flag(
            choice("billableType", &["billable", "nonbillable", "all"])?,
            "billable",
            "nonbillable",
        ),
        invoiced: flag(
            choice("invoicedType", &["invoiced", "noninvoiced", "all"])?,
            "invoiced",
            "noninvoiced",
        ),
        project_archived: flag(
            choice("projectType", &["all", "active", "archived"])?,
            "archived",
            "active",
        ),
        include_deleted: choice("showDeleted", &["true", "false", "1", "0"])?
            .is_some_and(|v| v == "true" || v == "1"),
        tag_ids,
        sort: list_sort(q)?,
        descending: choice("sortorder", &["asc", "desc"])?.is_some_and(|v| v == "desc"),
        ..Default::default()
    })
}

fn list_sort(q: &Query) -> Result<Sort, TwError> {
    let names = [
        "date",
        "user",
        "task",
        "tasklist",
        "project",
        "company",
        "dateupdated",
    ];
    Ok(match q.choice("sortby", &names)?.as_deref() {
        Some("user") => Sort::User,
        Some("task") => Sort::Task,
        Some("tasklist") => Sort::TaskList,
        Some("project") => Sort::Project,
        Some("company") => Sort::Company,
        Some("dateupdated") => Sort::DateUpdated,
        _ => Sort::Date,
    })
}

pub async fn list_all(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    list(&state, &who, q, Scope::All).await
}

pub async fn list_project(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    list(&state, &who, q, Scope::Project(parse_path_id(&id)?)).await
}

pub async fn list_task(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<HashMap<String, String>>,
) -> Result<Response, TwError> {
    list(&state, &who, q, Scope::Task(parse_path_id(&id)?)).await
}

pub async fn get(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(file): Path<String>,
) -> Result<Response, TwError> {
    let id = parse_path_id(&file)?;
    let e = time_entries::get(&state.db, &who.actor(), id).await?;
    Ok(
        axum::Json(json!({"STATUS": "OK", "time-entry": entry_to_wire(&e, None, true)}))
            .into_response(),
    )
}

/// The `time-entry` object of a request body, its values read leniently (strings or numbers).
struct Body(Map<String, Value>);

impl Body {
    fn parse(bytes: &[u8]) -> Result<Body, TwError> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| TwError::bad_request(format!("The body is not valid JSON: {e}.")))?;
        match v.get("time-entry").or_else(|| v.get("timelog")) {
            Some(Value::Object(m)) => Ok(Body(m.clone())),
            _ => Err(TwError::bad_request(
                "The body must hold a \"time-entry\" object.",
            )),
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.0.get(name)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(if *b { "1".into() } else { "0".into() }),
            _ => None,
        }
    }

    fn int(&self, name: &str, max: i64) -> Result<Option<i64>, TwError> {
        match self.text(name).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(t) => t
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    TwError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        format!("{name} must be a whole number from 0 to {max}."),
                    )
                }),
        }
    }

    fn flag(&self, name: &str) -> Result<Option<bool>, TwError> {
        match self.text(name).map(|s| s.to_ascii_lowercase()) {
            None => Ok(None),
            Some(s) if s == "1" || s == "true" => Ok(Some(true)),
            Some(s) if s == "0" || s == "false" || s.is_empty() => Ok(Some(false)),
            Some(_) => Err(TwError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{name} must be 1 or 0."),
            )),
        }
    }
}

/// Comma-separated tag names → hashtag text (a space inside a name becomes a dash).
fn tags_text(list: &str) -> String {
    list.split(',')
        .map(|t| t.trim().replace(char::is_whitespace, "-"))
        .filter(|t| !t.is_empty())
        .map(|t| format!("#{}", t.trim_start_matches('#')))
        .collect::<Vec<_>>()
        .join(" ")
}

/// date + time (in the person's time zone) and hours + minutes → [from, to).
async fn when(
    state: &AppState,
    who: &ApiPrincipal,
    b: &Body,
    user_id: Option<i64>,
    required: bool,
) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, TwError> {
    let date = b.text("date").filter(|s| !s.is_empty());
    let hours = b.int("hours", 24 * 14)?;
    let minutes = b.int("minutes", 60 * 24 * 14)?;
    if date.is_none()
        && hours.is_none()
        && minutes.is_none()
        && b.text("time").is_none()
        && !required
    {
        return Ok(None);
    }
    let date = date.ok_or_else(|| {
        TwError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "date is required (YYYYMMDD).",
        )
    })?;
    let day = parse_date(&date)
        .ok_or_else(|| TwError::new(StatusCode::UNPROCESSABLE_ENTITY, "date must be YYYYMMDD."))?;
    let at = match b.text("time").filter(|s| !s.is_empty()) {
        Some(t) => parse_time(&t)
            .ok_or_else(|| TwError::new(StatusCode::UNPROCESSABLE_ENTITY, "time must be HH:MM."))?,
        None => chrono::NaiveTime::MIN,
    };
    let total = hours.unwrap_or(0) * 60 + minutes.unwrap_or(0);
    if total <= 0 {
        return Err(TwError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "hours and minutes must add up to more than zero.",
        ));
    }
    let tz = accounts::tz(&state.db, who.account_id, user_id).await?;
    let from = local(tz, day, at);
    Ok(Some((from, from + Duration::minutes(total))))
}

fn created(id: i64) -> Response {
    let mut resp = (
        StatusCode::CREATED,
        axum::Json(json!({"STATUS": "OK", "timeLogId": id.to_string(), "id": id.to_string()})),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/teamwork/time_entries/{id}.json")) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

async fn create(
    state: &AppState,
    who: &ApiPrincipal,
    project: Named,
    task: Option<Named>,
    bytes: &[u8],
) -> Result<Response, TwError> {
    let b = Body::parse(bytes)?;
    let person = b
        .int("person-id", i64::MAX)?
        .ok_or_else(|| TwError::new(StatusCode::UNPROCESSABLE_ENTITY, "person-id is required."))?;
    let (from, to) = when(state, who, &b, Some(person), true)
        .await?
        .expect("required");
    let input = TimeEntryInput {
        user: Some(Named::id("person-id", person)),
        project: Some(project),
        task: Some(task),
        from: Some(from),
        to: Some(to),
        billable: b.flag("isbillable")?,
        details: b.text("description"),
        tags: b.text("tags").map(|t| tags_text(&t)),
        ..Default::default()
    };
    let e = time_entries::create(&state.db, &who.actor(), input).await?;
    Ok(created(e.id))
}

pub async fn create_in_project(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, TwError> {
    let id = parse_path_id(&id)?;
    projects::get(&state.db, &who.actor(), id).await?;
    create(&state, &who, Named::id("project-id", id), None, &body).await
}

pub async fn create_in_task(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, TwError> {
    let id = parse_path_id(&id)?;
    let task = tasks::get(&state.db, &who.actor(), id).await?;
    let project = task.project_id.ok_or_else(|| {
        TwError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This task belongs to no project; log time on a project instead.",
        )
    })?;
    create(
        &state,
        &who,
        Named::id("project-id", project),
        Some(Named::id("task", id)),
        &body,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(file): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, TwError> {
    let id = parse_path_id(&file)?;
    let actor = who.actor();
    let old = time_entries::get(&state.db, &actor, id).await?;
    let b = Body::parse(&body)?;
    if let Some(p) = b.int("person-id", i64::MAX)? {
        if p != old.user_id {
            return Err(TwError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "person-id cannot be changed.",
            ));
        }
    }
    // A date/time or duration that is sent replaces start and end; missing parts keep theirs.
    let window = if b.text("date").is_some()
        || b.text("time").is_some()
        || b.text("hours").is_some()
        || b.text("minutes").is_some()
    {
        let mut merged = b.0.clone();
        let tz = accounts::tz(&state.db, who.account_id, Some(old.user_id)).await?;
        let start = time_entries::started(&old)
            .unwrap_or_else(Utc::now)
            .with_timezone(&tz);
        merged
            .entry("date")
            .or_insert_with(|| json!(start.format("%Y%m%d").to_string()));
        merged
            .entry("time")
            .or_insert_with(|| json!(start.format("%H:%M").to_string()));
        if !merged.contains_key("hours") && !merged.contains_key("minutes") {
            merged.insert("hours".into(), json!(old.worked_minutes / 60));
            merged.insert("minutes".into(), json!(old.worked_minutes % 60));
        }
        when(&state, &who, &Body(merged), Some(old.user_id), true).await?
    } else {
        None
    };
    let input = TimeEntryInput {
        project: b
            .int("project-id", i64::MAX)?
            .map(|p| Named::id("project-id", p)),
        from: window.map(|w| w.0),
        to: window.map(|w| w.1),
        // The duration is the worked time: moving start/end keeps no break.
        break_minutes: window.map(|_| 0),
        billable: b.flag("isbillable")?,
        details: b.text("description"),
        tags: b.text("tags").map(|t| tags_text(&t)),
        ..Default::default()
    };
    time_entries::update(&state.db, &actor, id, input).await?;
    Ok(axum::Json(json!({"STATUS": "OK"})).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(who): Extension<ApiPrincipal>,
    Path(file): Path<String>,
) -> Result<Response, TwError> {
    let id = parse_path_id(&file)?;
    time_entries::delete(&state.db, &who.actor(), id).await?;
    Ok(axum::Json(json!({"STATUS": "OK"})).into_response())
}
