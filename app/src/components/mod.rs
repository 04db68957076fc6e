//! Widgets named for what a person sees.

pub mod header;
