//! One file per page; each page's server functions sit beside it.

pub mod absences;
pub mod admin;
pub mod attendance;
pub mod expenses;
pub mod home;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod projects;
pub mod reports;
pub mod session;
pub mod settings;
pub mod settings_api;
pub mod setup;
pub mod time;
pub mod timesheet;
