//! The contract's envelopes: `{"data": …}` and `{"data": […], "meta": {…}}` with the paging
//! headers repeated.

use app::services::{Page, Paging};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub struct One<T>(pub T);

/// `{"data": …}`, serialised straight from the typed value (no `serde_json::Value` between).
#[derive(Serialize)]
struct Data<T> {
    data: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    page_number: i64,
    limit: i64,
    total_records: i64,
    total_pages: i64,
}

#[derive(Serialize)]
struct DataMeta<T> {
    data: Vec<T>,
    meta: Meta,
}

impl<T: Serialize> IntoResponse for One<T> {
    fn into_response(self) -> Response {
        axum::Json(Data { data: self.0 }).into_response()
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
        let body = DataMeta {
            data: self.items,
            meta: Meta {
                page_number: self.paging.page,
                limit: self.paging.limit,
                total_records: self.total,
                total_pages: pages,
            },
        };
        // Sized up front: a thousand entries are ~600 KB, which grown from axum's default
        // buffer cost as much copying as writing them (profiled).
        let mut bytes = Vec::with_capacity(256 + body.data.len() * 640);
        let mut resp = match serde_json::to_writer(&mut bytes, &body) {
            Ok(()) => (
                [(
                    axum::http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                bytes,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "serialising a list failed");
                axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        };
        let h = resp.headers_mut();
        h.insert("x-records", HeaderValue::from(self.total));
        h.insert("x-pages", HeaderValue::from(pages));
        h.insert("x-page", HeaderValue::from(self.paging.page));
        resp
    }
}

/// Cents written as [`money`] writes them, without building a `Value`: a whole amount as an
/// integer, else the shortest decimal of cents / 100 (1999 → 19.99, 2050 → 20.5).
pub struct Money(pub Option<i64>);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_none(),
            Some(c) if c % 100 == 0 => s.serialize_i64(c / 100),
            Some(c) => s.serialize_f64(c as f64 / 100.0),
        }
    }
}

/// Cents → a JSON number with at most two decimals (2050 → 20.5), as a `Value` for the
/// adapters that still build one; written by [`Money`], the one formatting of amounts.
pub fn money(cents: Option<i64>) -> serde_json::Value {
    serde_json::to_value(Money(cents)).unwrap_or(serde_json::Value::Null)
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
            axum::Json(Data { data: self.data }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_writes_what_the_value_form_writes() {
        for (c, text) in [
            (None, "null"),
            (Some(0), "0"),
            (Some(5), "0.05"),
            (Some(50), "0.5"),
            (Some(1999), "19.99"),
            (Some(2050), "20.5"),
            (Some(-2050), "-20.5"),
            (Some(-1), "-0.01"),
            (Some(123_456_789), "1234567.89"),
            (Some(100), "1"),
        ] {
            assert_eq!(serde_json::to_string(&Money(c)).unwrap(), text, "{c:?}");
            assert_eq!(serde_json::to_string(&money(c)).unwrap(), text, "{c:?}");
        }
    }
}
