//! Downloads. For the signed-in person (session cookie, like the pages): the timesheet and a
//! project report as CSV or XLSX, each built from one table so both hold the same numbers. And
//! the calendar feed (ICS), whose secret link is its credential.

use std::collections::HashMap;

use app::export::Table;
use app::i18n::Lang;
use app::model::ReportQuery;
use app::server::{cookie, lang_of, AppState};
use app::services::{entry_reports, sessions, timesheets, Actor, ServiceError};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

/// The file formats a table downloads as.
#[derive(Clone, Copy)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// From the last part of the path: "timesheet.csv" → Csv.
    pub fn of(file: &str) -> Option<Format> {
        match file.rsplit_once('.')?.1 {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// The table as a download named `stem` plus the format's extension.
pub fn download(table: &Table, stem: &str, format: Format) -> Response {
    let (mime, ext, body) = match format {
        Format::Csv => (
            "text/csv; charset=utf-8",
            "csv",
            table.to_csv().into_bytes(),
        ),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            table.to_xlsx(),
        ),
    };
    let disposition = disposition(stem, ext);
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// The Content-Disposition of a download named `stem.ext`.
fn disposition(stem: &str, ext: &str) -> String {
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    // Header values are bytes: a name like "Ärzte" goes in RFC 5987's encoded form, beside an
    // ASCII-only fallback for clients that do not read it.
    let ascii: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = stem
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}.{ext}\"; filename*=UTF-8''{encoded}.{ext}")
}

/// The signed-in person behind the session cookie, or the response that refuses the request.
pub async fn session_actor(state: &AppState, headers: &HeaderMap) -> Result<Actor, Response> {
    session_person(state, headers).await.map(|(actor, _)| actor)
}

/// The same with the person's page language (the switch's cookie, their profile, the browser).
async fn session_person(state: &AppState, headers: &HeaderMap) -> Result<(Actor, Lang), Response> {
    let unauthorized = || (StatusCode::UNAUTHORIZED, "Please sign in.").into_response();
    let token = cookie(headers, state.web.session_cookie()).ok_or_else(unauthorized)?;
    match sessions::resolve(&state.db, &token).await {
        Ok(Some((actor, user))) => Ok((actor, lang_of(headers, user.lang))),
        Ok(None) => Err(unauthorized()),
        Err(e) => Err(refusal(e)),
    }
}

/// `/reports.csv`, `/reports.xlsx` and `/reports.pdf`: the report's entries with the page's
/// filters (the same URL query), streamed as they are read.
pub async fn report(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let format = uri
        .path()
        .rsplit_once('.')
        .and_then(|(_, ext)| entry_reports::Format::parse(ext));
    let Some(format) = format else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    let (actor, lang) = match session_person(&state, &headers).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let query = ReportQuery::from_pairs(q.iter().map(|(k, v)| (k.as_str(), v.clone())));
    match entry_reports::download(&state.db, &actor, &query, format, lang).await {
        Ok(d) => {
            let disposition = disposition(&d.stem, d.format.extension());
            let body = d.body.map(|part| {
                part.map_err(|e| {
                    // The status is sent: a failure now can only cut the file short.
                    tracing::error!(error = %e, "report download failed");
                    std::io::Error::other(e.to_string())
                })
            });
            (
                [
                    (header::CONTENT_TYPE, d.format.mime().to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                axum::body::Body::from_stream(body),
            )
                .into_response()
        }
        Err(e) => refusal(e),
    }
}

/// `/timesheet.csv` and `/timesheet.xlsx`.
pub async fn timesheet(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(format) = Format::of(uri.path()) else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    let actor = match session_actor(&state, &headers).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let month = q.get("month").cloned().unwrap_or_default();
    let user = q.get("user").and_then(|u| app::input::id(u).ok().flatten());
    match timesheets::timesheet(&state.db, &actor, &month, user).await {
        Ok(sheet) => download(
            &timesheets::table(&sheet.report, &sheet.month),
            &format!("timesheet-{}-{}", sheet.report.username, sheet.month),
            format,
        ),
        Err(e) => refusal(e),
    }
}

pub fn refusal(e: ServiceError) -> Response {
    match e {
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed.").into_response(),
        ServiceError::NotFound(_) | ServiceError::Deleted(_) => {
            (StatusCode::NOT_FOUND, "Not found.").into_response()
        }
        ServiceError::Invalid(list) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            list.into_iter()
                .map(|i| i.message)
                .collect::<Vec<_>>()
                .join(" "),
        )
            .into_response(),
        other => {
            tracing::error!(error = %other, "export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.").into_response()
        }
    }
}

/// `/projects/{id}/report.csv` and `.xlsx`: the dashboard's figures for the chosen range.
pub async fn project_report(
    State(state): State<AppState>,
    axum::extract::Path((id, file)): axum::extract::Path<(String, String)>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    use app::services::dashboards::{self, Range};
    let (Some(format), Ok(id)) = (Format::of(&file), id.parse::<i64>()) else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    if file.rsplit_once('.').map(|(stem, _)| stem) != Some("report") {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    }
    let actor = match session_actor(&state, &headers).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let text = |k: &str| q.get(k).cloned().unwrap_or_default();
    let range = match Range::parse(&text("from"), &text("to")) {
        Ok(r) => r,
        Err(e) => return refusal(e),
    };
    match dashboards::dashboard(&state.db, &actor, id, &range).await {
        Ok(d) => download(
            &dashboards::table(&d),
            &format!("project-{}-{}", d.project.id, d.project.name),
            format,
        ),
        Err(e) => refusal(e),
    }
}

/// `/calendar/{token}.ics`: a person's approved absences for calendar apps. The secret token in
/// the URL is the only credential (calendar apps send no cookies); unknown or revoked → 404.
pub async fn calendar_feed(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    match app::services::calendar::feed(&state.db, token).await {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Not found.").into_response(),
        Err(e) => refusal(e),
    }
}
