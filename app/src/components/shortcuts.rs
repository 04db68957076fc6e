//! Keyboard shortcuts, listed behind `?`: `s` stops the running timer or starts it (with the
//! project typed into it, else the cursor goes there), `n` opens a new entry on the Time page,
//! `←`/`→` go to the previous and next week there, Escape closes the list. Keys typed into a
//! field, or with Ctrl, Alt or Meta, are left alone. The targets are elements marked with
//! `data-shortcut`, so a shortcut does exactly what the marked button or link does.

use leptos::prelude::*;

use crate::i18n::{t, Lang};
use crate::pages::session::SessionResource;

#[component]
pub fn Shortcuts() -> impl IntoView {
    let session = SessionResource::get();
    let open = RwSignal::new(false);
    let lang = move || {
        session
            .get()
            .and_then(Result::ok)
            .map(|s| s.lang)
            .unwrap_or(Lang::En)
    };
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if keys::handle(&ev, open, &navigate) {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    }
    let rows = [
        ("?", "keys.help"),
        ("s", "keys.timer"),
        ("n", "keys.new"),
        ("← / →", "keys.weeks"),
        ("Esc", "keys.close"),
    ];
    view! {
        <Show when=move || open.get()>
            <div class="shortcuts" role="dialog" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{move || t(lang(), "keys.title")}</h2>
                <dl>
                    {rows
                        .iter()
                        .map(|(k, what)| {
                            let what = *what;
                            view! {
                                <dt><kbd>{*k}</kbd></dt>
                                <dd>{move || t(lang(), what)}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
                <button type="button" on:click=move |_| open.set(false)>{move || t(lang(), "keys.close_button")}</button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod keys {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};

    fn find<T: JsCast>(shortcut: &str) -> Option<T> {
        document()
            .query_selector(&format!("[data-shortcut=\"{shortcut}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<T>().ok())
    }

    fn click(shortcut: &str) -> bool {
        find::<HtmlElement>(shortcut).map(|e| e.click()).is_some()
    }

    /// Whether the key was typed into a field (where it is text, not a command).
    fn typing(ev: &KeyboardEvent) -> bool {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return false;
        };
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.has_attribute("contenteditable")
    }

    /// `s`: stop a running timer; else start the one whose project is typed in, or go there.
    fn timer() -> bool {
        if click("stop-timer") {
            return true;
        }
        match find::<HtmlInputElement>("timer-project") {
            Some(input) if !input.value().trim().is_empty() => click("start-timer"),
            Some(input) => input.focus().is_ok(),
            None => false,
        }
    }

    /// Does what the key stands for; true when it did something.
    pub fn handle(
        ev: &KeyboardEvent,
        open: RwSignal<bool>,
        navigate: &impl Fn(&str, leptos_router::NavigateOptions),
    ) -> bool {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            return true;
        }
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || typing(ev) {
            return false;
        }
        match ev.key().as_str() {
            "?" => {
                open.update(|o| *o = !*o);
                true
            }
            "s" => timer(),
            "n" => match find::<HtmlElement>("new-entry") {
                Some(field) => field.focus().is_ok(),
                None => {
                    navigate("/time", Default::default());
                    true
                }
            },
            "ArrowLeft" => click("prev-week"),
            "ArrowRight" => click("next-week"),
            _ => false,
        }
    }
}
