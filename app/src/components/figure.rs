//! A figure card: a label over one large value (the project dashboard's and the report's sums).

use leptos::prelude::*;

/// `id` becomes the value's `data-testid`.
pub fn figure(label: &'static str, value: String, id: &'static str) -> impl IntoView {
    view! {
        <div class="figure">
            <span class="label">{label}</span>
            <strong data-testid=id>{value}</strong>
        </div>
    }
}
