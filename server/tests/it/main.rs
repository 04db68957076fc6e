//! Integration tests. Every test that touches the database runs once per backend: a fresh
//! SQLite file and a fresh Postgres database (STEMPEL_TEST_POSTGRES_URL, provided by
//! scripts/test, which starts a throwaway cluster when none is given).

mod common;
mod create_guard;
mod lost_connections;
mod point_reads;

mod calendar;
mod daily;
mod dashboards;
mod demo;
mod entry_counts;
mod entry_reports;
mod exports;

mod accounts;
mod admin;
mod api_keys;
mod first_visit;
mod holiday_fill;
mod import_page;
mod imports;
mod operations;
mod processes;
mod profile;
mod reports;
mod rest_clients;
mod rest_crud;
mod rest_rules;
mod rollups;
mod security;
mod seed_edges;
mod seeds;
mod sessions;
mod teamwork;
mod teamwork_client;
mod throttle;
mod timers;
mod undo;
mod unique_names;
