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
}
