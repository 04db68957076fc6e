//! The contract's envelopes: `{"data": …}` and `{"data": […], "meta": {…}}` with the paging
//! headers repeated.

use app::services::{Page, Paging};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub struct One<T>(pub T);

impl<T: Serialize> IntoResponse for One<T> {
    fn into_response(self) -> Response {
        axum::Json(serde_json::json!({ "data": self.0 })).into_response()
    }
}

pub struct List<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub paging: Paging,
}

impl<T> List<T> {
    pub fn from_page<S>(page: Page<S>, paging: Paging, f: impl Fn(S) -> T) -> List<T> {
        List {
            items: page.items.into_iter().map(f).collect(),
            total: page.total,
            paging,
        }
    }
}

impl<T: Serialize> IntoResponse for List<T> {
    fn into_response(self) -> Response {
        let pages = if self.total == 0 {
            0
        } else {
            (self.total + self.paging.limit - 1) / self.paging.limit
        };
        let body = serde_json::json!({
            "data": self.items,
            "meta": {
                "pageNumber": self.paging.page,
                "limit": self.paging.limit,
                "totalRecords": self.total,
                "totalPages": pages,
            }
        });
        let mut resp = axum::Json(body).into_response();
        let h = resp.headers_mut();
        h.insert("x-records", HeaderValue::from(self.total));
        h.insert("x-pages", HeaderValue::from(pages));
        h.insert("x-page", HeaderValue::from(self.paging.page));
        resp
    }
}

/// Cents → a JSON number with at most two decimals (2050 → 20.5).
pub fn money(cents: Option<i64>) -> serde_json::Value {
    match cents {
        None => serde_json::Value::Null,
        Some(c) if c % 100 == 0 => serde_json::Value::from(c / 100),
        Some(c) => {
            let text = format!(
                "{}{}.{:02}",
                if c < 0 { "-" } else { "" },
                (c / 100).abs(),
                (c % 100).abs()
            );
            serde_json::from_str(text.trim_end_matches('0')).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// 201 with the object and its `Location`.
pub struct Created<T> {
    pub location: String,
    pub data: T,
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let mut resp = (
            axum::http::StatusCode::CREATED,
            axum::Json(serde_json::json!({ "data": self.data })),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&self.location) {
            resp.headers_mut().insert(axum::http::header::LOCATION, v);
        }
        resp
    }
}

/// `{"data": {"id": N, "deleted": true}}`
pub fn deleted(id: i64) -> One<serde_json::Value> {
    One(serde_json::json!({ "id": id, "deleted": true }))
}

/// The base of every Location header.
pub const BASE: &str = "/api/v2/ext";
