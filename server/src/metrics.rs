//! `GET /metrics` in the Prometheus text format, behind a bearer token (`--metrics-token`;
//! without one the endpoint does not exist): requests by route, method and status, a latency
//! histogram per route, the database pool, running timers and throttle refusals.
//!
//! Counters live in this process; with several processes Prometheus scrapes each and sums.
//! Routes are the router's templates (`/projects/{id}`), never raw paths, so the series stay few.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Instant;

use app::server::AppState;
use app::services::metrics as service_metrics;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// A route template (shared, not copied per request) and a method.
type Series = (Arc<str>, Method);

#[derive(Default)]
struct Registry {
    /// (route, method, status) → requests.
    requests: HashMap<(Series, u16), u64>,
    /// (route, method) → latency.
    latency: HashMap<Series, Latency>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Default::default);

/// The route label: the matched template, `/pkg/*` for the bundle's files, else `unmatched`.
/// Interned, so a request allocates nothing for it once its route has been seen.
fn route_of(req: &Request) -> Arc<str> {
    static ROUTES: LazyLock<Mutex<HashMap<String, Arc<str>>>> = LazyLock::new(Default::default);
    let label = match req.extensions().get::<MatchedPath>() {
        Some(m) => m.as_str(),
        None if req.uri().path().starts_with("/pkg/") => "/pkg/*",
        None => "unmatched",
    };
    let mut routes = ROUTES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = routes.get(label) {
        return r.clone();
    }
    let r: Arc<str> = Arc::from(label);
    routes.insert(label.to_string(), r.clone());
    r
}

/// A request being answered: its series and when it began. `access_log::log_requests`, the
/// one middleware that times a request, takes it before and counts it after (one layer for
/// the log and the metrics: each layer costs a boxed future and a clone per request).
pub struct Timing {
    series: Series,
    started: Instant,
}

pub fn start(req: &Request) -> Timing {
    Timing {
        series: (route_of(req), req.method().clone()),
        started: Instant::now(),
    }
}

impl Timing {
    /// Counts the answer with its status; the seconds since the start.
    pub fn done(self, status: u16) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if let Ok(mut r) = REGISTRY.lock() {
            *r.requests.entry((self.series.clone(), status)).or_default() += 1;
            let l = r.latency.entry(self.series).or_default();
            l.count += 1;
            l.sum += secs;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if secs <= *bound {
                    l.buckets[i] += 1;
                }
            }
        }
        secs
    }
}

/// Whether the request carries `Authorization: Bearer <token>` (compared in constant time).
fn authorized(headers: &HeaderMap, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    given.trim().as_bytes().ct_eq(token.as_bytes()).into()
}

pub async fn serve(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.web.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !authorized(&headers, token) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            "send the metrics token as Authorization: Bearer <token>\n",
        )
            .into_response();
    }
    let mut out = String::with_capacity(8192);
    write_requests(&mut out);
    write_pool(&mut out, &state);
    write_refusals(&mut out);
    write_timers(&mut out, &state).await;
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response()
}

/// A label value with `\`, `"` and newlines escaped as the text format asks.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn write_requests(out: &mut String) {
    let Ok(r) = REGISTRY.lock() else { return };
    out.push_str(
        "# HELP stempel_http_requests_total HTTP requests answered, by route, method and status.\n",
    );
    out.push_str("# TYPE stempel_http_requests_total counter\n");
    let mut requests: Vec<_> = r.requests.iter().collect();
    requests.sort_by(|a, b| {
        (&a.0 .0 .0, a.0 .0 .1.as_str(), a.0 .1).cmp(&(&b.0 .0 .0, b.0 .0 .1.as_str(), b.0 .1))
    });
    for (((route, method), status), n) in requests {
        let _ = writeln!(
            out,
            "stempel_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
            label(route)
        );
    }
    out.push_str(
        "# HELP stempel_http_request_duration_seconds Time to answer, by route and method.\n",
    );
    out.push_str("# TYPE stempel_http_request_duration_seconds histogram\n");
    let mut latency: Vec<_> = r.latency.iter().collect();
    latency.sort_by(|a, b| (&a.0 .0, a.0 .1.as_str()).cmp(&(&b.0 .0, b.0 .1.as_str())));
    for ((route, method), l) in latency {
        let labels = format!("route=\"{}\",method=\"{method}\"", label(route));
        for (bound, n) in BUCKETS.iter().zip(l.buckets) {
            let _ = writeln!(
                out,
                "stempel_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "stempel_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
             stempel_http_request_duration_seconds_sum{{{labels}}} {}\n\
             stempel_http_request_duration_seconds_count{{{labels}}} {}",
            l.count, l.sum, l.count
        );
    }
}

fn write_pool(out: &mut String, state: &AppState) {
    let pool = &state.db.pool;
    let size = pool.size();
    let idle = pool.num_idle() as u32;
    let max = pool.options().get_max_connections();
    let _ = write!(
        out,
        "# HELP stempel_db_pool_connections Database connections of this process by state.\n\
         # TYPE stempel_db_pool_connections gauge\n\
         stempel_db_pool_connections{{state=\"in_use\"}} {}\n\
         stempel_db_pool_connections{{state=\"idle\"}} {idle}\n\
         # HELP stempel_db_pool_max_connections The pool's upper bound.\n\
         # TYPE stempel_db_pool_max_connections gauge\n\
         stempel_db_pool_max_connections {max}\n",
        size.saturating_sub(idle)
    );
    if let Some(reader) = &state.db.reader {
        let (statements, reads) = reader.batches.counts();
        let _ = write!(
            out,
            "# HELP stempel_db_batched_reads_total Postgres reads of one row by id that went in a batch.\n\
             # TYPE stempel_db_batched_reads_total counter\n\
             stempel_db_batched_reads_total {reads}\n\
             # HELP stempel_db_batch_statements_total The statements that carried them (reads / statements: the mean batch).\n\
             # TYPE stempel_db_batch_statements_total counter\n\
             stempel_db_batch_statements_total {statements}\n"
        );
    }
}

fn write_refusals(out: &mut String) {
    let _ = write!(
        out,
        "# HELP stempel_throttle_refusals_total Requests refused by a throttle: API key budget spent (api), sign-in locked out (login).\n\
         # TYPE stempel_throttle_refusals_total counter\n\
         stempel_throttle_refusals_total{{kind=\"api\"}} {}\n\
         stempel_throttle_refusals_total{{kind=\"login\"}} {}\n",
        service_metrics::read(&service_metrics::API_THROTTLED),
        service_metrics::read(&service_metrics::LOGIN_LOCKED_OUT)
    );
}

async fn write_timers(out: &mut String, state: &AppState) {
    out.push_str("# HELP stempel_running_timers Running project timers and attendance clocks, per account.\n");
    out.push_str("# TYPE stempel_running_timers gauge\n");
    match service_metrics::running_timers(&state.db).await {
        Ok(all) => {
            for t in all {
                let _ = writeln!(
                    out,
                    "stempel_running_timers{{account=\"{}\",kind=\"project\"}} {}\n\
                     stempel_running_timers{{account=\"{}\",kind=\"attendance\"}} {}",
                    t.account_id, t.project, t.account_id, t.attendance
                );
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: counting running timers failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bearer_token_passes() {
        let mut h = HeaderMap::new();
        assert!(!authorized(&h, "s3cret-token"));
        h.insert(header::AUTHORIZATION, "Bearer wrong".parse().unwrap());
        assert!(!authorized(&h, "s3cret-token"));
        h.insert(header::AUTHORIZATION, "Basic s3cret-token".parse().unwrap());
        assert!(!authorized(&h, "s3cret-token"));
        h.insert(
            header::AUTHORIZATION,
            "Bearer s3cret-token".parse().unwrap(),
        );
        assert!(authorized(&h, "s3cret-token"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
