//! Widgets named for what a person sees.

pub mod charts;
pub mod confirm;
pub mod figure;
pub mod header;
pub mod shortcuts;
pub mod timer_widget;
pub mod undo;
