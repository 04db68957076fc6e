//! The notice after a delete: "Deleted · Undo" for 15 seconds at the bottom of the screen.
//! Every delete is a soft delete, so "Undo" restores the record as it was.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::t;
use crate::pages::session::lang_signal;

/// How long the notice stays (the issue asks for at least 10 s).
#[cfg(feature = "hydrate")]
const SHOWN_MS: u32 = 15_000;

#[server(endpoint = "undo_delete")]
pub async fn undo_delete(kind: String, id: i64) -> Result<(), AppError> {
    use crate::server;
    use crate::services::undo::{self, Kind};
    let kind = Kind::parse(kind.trim())?;
    Ok(undo::restore(&server::db()?, &server::actor().await?, kind, id).await?)
}

/// Shown after the page's delete succeeded. `asked`: the id the page last asked to delete (set
/// before dispatching); `result`: that delete's answer; `undo`: the page's restore action, whose
/// version the page's list follows.
#[component]
pub fn UndoNotice(
    kind: &'static str,
    asked: RwSignal<Option<i64>>,
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
    undo: ServerAction<UndoDelete>,
) -> impl IntoView {
    let lang = lang_signal();
    let deleted = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            let id = asked.get_untracked();
            deleted.set(id);
            #[cfg(feature = "hydrate")]
            gloo_timers::callback::Timeout::new(SHOWN_MS, move || {
                if deleted.get_untracked() == id {
                    deleted.set(None);
                }
            })
            .forget();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = undo.value().get() {
            deleted.set(None);
        }
    });
    view! {
        {move || {
            deleted
                .get()
                .map(|id| {
                    view! {
                        <div class="undo" role="status" data-testid="undo">
                            <span>{move || t(lang.get(), "undo.deleted")}</span>
                            <button
                                type="button"
                                class="link"
                                disabled=move || undo.pending().get()
                                on:click=move |_| {
                                    undo.dispatch(UndoDelete { kind: kind.into(), id });
                                }
                            >
                                {move || t(lang.get(), "undo.undo")}
                            </button>
                        </div>
                    }
                })
        }}
        {move || {
            undo.value()
                .get()
                .and_then(Result::err)
                .map(|e| view! { <p class="error" role="alert">{e.localized(lang.get())}</p> })
        }}
    }
}
