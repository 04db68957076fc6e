//! Deleting an admin record asks first, in place: the Delete button turns into the question
//! with "Delete" and "Cancel". Admin records (clients, projects, tasks, task lists, absence
//! types, holidays) have no undo notice, and other records depend on them, so one stray tap
//! must not be enough.

use leptos::prelude::*;

use crate::i18n::{t, Lang};

/// `name`: the record as the question names it; `also`: a sentence on what depends on it
/// (the i18n key), or `None`; `compact`: the button shows "×" (a task list's heading).
#[component]
pub fn ConfirmDelete(
    lang: Lang,
    name: String,
    #[prop(optional)] also: Option<&'static str>,
    #[prop(optional)] compact: bool,
    on_yes: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let cancel = NodeRef::<leptos::html::Button>::new();
    // The question takes the focus on the harmless answer, so a keyboard user's next Enter
    // keeps the record.
    Effect::new(move |_| {
        if asking.get() {
            if let Some(b) = cancel.get() {
                let _ = b.focus();
            }
        }
    });
    let question = t(lang, "confirm.delete").replace("{}", &name);
    move || {
        if asking.get() {
            let also = also.map(|key| view! { " " <span class="muted">{t(lang, key)}</span> });
            view! {
                <span
                    class="confirm"
                    role="group"
                    aria-label=question.clone()
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            asking.set(false);
                        }
                    }
                >
                    <span class="question">{question.clone()} {also}</span>
                    <button type="button" class="small danger" on:click=move |_| {
                        asking.set(false);
                        on_yes.run(());
                    }>{t(lang, "adm.delete")}</button>
                    <button type="button" class="small" node_ref=cancel on:click=move |_| asking.set(false)>
                        {t(lang, "adm.cancel")}
                    </button>
                </span>
            }
            .into_any()
        } else if compact {
            view! {
                <button type="button" class="small link-danger" aria-label=t(lang, "adm.delete") title=t(lang, "adm.delete") on:click=move |_| asking.set(true)>"×"</button>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="small danger" on:click=move |_| asking.set(true)>{t(lang, "adm.delete")}</button>
            }
            .into_any()
        }
    }
}
