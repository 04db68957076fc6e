//! Stempel's shared crate: model types and pages for both sides; behind `ssr` the database,
//! the services with every business rule, and the glue server functions use.

pub mod components;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
pub mod format;
pub mod holidays;
pub mod i18n;
pub mod import;
pub mod input;
pub mod messages;
pub mod model;
pub mod pages;
pub mod routes;
mod shell;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod services;

pub use shell::{shell, App};
