//! The `stempel` server: wiring only. Configuration, the router (pages, server functions,
//! the /api/v2/ext REST API, static files) and the CLI commands; the rules live in `app`.

pub mod access_log;
pub mod backup;
pub mod cli;
pub mod config;
pub mod exports;
pub mod health;
pub mod import;
pub mod metrics;
pub mod page_gate;
pub mod rest;
pub mod rollups;
pub mod router;
pub mod teamwork;
pub mod web_guard;
