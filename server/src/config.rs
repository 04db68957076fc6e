//! Typed settings, read once from flags and STEMPEL_* environment variables.

use clap::Args;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/stempel.db";

#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// sqlite://path/to/file.db (created on first start) or postgres://user@host/db
    #[arg(long, env = "STEMPEL_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "STEMPEL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: std::net::SocketAddr,
    /// Requests per minute per API key, shared by every process on the same database.
    #[arg(long, env = "STEMPEL_API_RATE_LIMIT", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
    pub api_rate_limit: i64,
    /// The URL people open, e.g. https://time.example.com. With https the session cookie is
    /// `__Host-stempel_session; Secure` and responses carry HSTS; its origin is accepted by the
    /// cross-site check (besides the Host the request names).
    #[arg(long, env = "STEMPEL_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Read the client address from the last X-Forwarded-For hop (set this only behind a
    /// reverse proxy that writes that header).
    #[arg(long, env = "STEMPEL_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// The bearer token Prometheus sends to GET /metrics (`Authorization: Bearer …`); without
    /// it /metrics is off. Use a long random string.
    #[arg(long, env = "STEMPEL_METRICS_TOKEN", value_parser = parse_token)]
    pub metrics_token: Option<String>,
}

fn parse_token(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.len() < 16 || !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the metrics token is at least 16 printable characters without spaces".into());
    }
    Ok(t.to_string())
}

/// `https://host[:port]` or `http://…` without a path → its origin (scheme://host[:port]).
fn parse_public_url(s: &str) -> Result<String, String> {
    let t = s.trim().trim_end_matches('/');
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .ok_or("the public URL starts with https:// (or http://)")?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err("the public URL is scheme://host[:port] with no path".into());
    }
    Ok(t.to_ascii_lowercase())
}
