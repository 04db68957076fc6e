//! The app bar: brand, the running timer, and a menu with the sections, the signed-in user,
//! sign-out and the language switch. At phone width the menu folds behind a button in the same
//! bar; from tablet width up it shows inline (style/main.css).

use leptos::html::Details;
use leptos::prelude::*;

use crate::components::timer_widget::{TimerHandles, TimerWidget};
use crate::i18n::{t, Lang};
use crate::model::{CurrentUser, Role, SessionInfo};
use crate::pages::login::Logout;
use crate::pages::session::{hard_navigate, SessionResource};

#[component]
pub fn Header() -> impl IntoView {
    let session = SessionResource::get();
    let logout = ServerAction::<Logout>::new();
    let timer = TimerHandles::new(session);
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            hard_navigate("/login");
        }
    });
    view! {
        <header class="appbar">
            <a class="brand" href="/">
                "Stempel"
            </a>
            <TimerWidget handles=timer />
            <Suspense>
                {move || Suspend::new(async move {
                    let info = session.await.unwrap_or(SessionInfo {
                        user: None,
                        lang: Lang::En,
                        needs_setup: false,
                        single_account: None,
                    });
                    let lang = info.lang;
                    match info.user {
                        Some(user) => view! { <Menu lang user logout /> }.into_any(),
                        None => view! { <LangSwitch lang /> }.into_any(),
                    }
                })}
            </Suspense>
        </header>
    }
}

/// A `<details>` so the menu opens and closes before the page has hydrated (and without
/// JavaScript at all); a chosen link closes it again, since the router swaps the page in place.
#[component]
fn Menu(lang: Lang, user: CurrentUser, logout: ServerAction<Logout>) -> impl IntoView {
    let menu = NodeRef::<Details>::new();
    let close = move |ev: leptos::ev::MouseEvent| {
        use leptos::wasm_bindgen::JsCast;
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|el| el.closest("a").ok().flatten())
            .is_some();
        if let (true, Some(details)) = (on_link, menu.get()) {
            details.set_open(false);
        }
    };
    let role = user.role;
    view! {
        <details class="menu" node_ref=menu>
            <summary>
                <span class="burger" aria-hidden="true"></span>
                <span class="sr-only">{t(lang, "nav.menu")}</span>
            </summary>
            <div class="menu-body" on:click=close>
                <nav class="nav" aria-label=t(lang, "nav.menu")>
                    <a href="/time">{t(lang, "nav.time")}</a>
                    <a href="/attendance">{t(lang, "nav.attendance")}</a>
                    <a href="/absences">{t(lang, "nav.absences")}</a>
                    <a href="/reports">{t(lang, "nav.reports")}</a>
                    <Show when=move || role != Role::Staff>
                        <a href="/projects">{t(lang, "nav.projects")}</a>
                    </Show>
                    <a href="/expenses">{t(lang, "nav.expenses")}</a>
                    <Show when=move || role != Role::Staff>
                        <a href="/admin">{t(lang, "nav.admin")}</a>
                    </Show>
                    <Show when=move || role == Role::Admin>
                        <a href="/settings">{t(lang, "nav.settings")}</a>
                    </Show>
                </nav>
                <span class="who" title=t(lang, "auth.signed_in_as")>
                    <span class="account">{user.account_name.clone()}</span>
                    " · "
                    <a class="user" href="/profile" data-testid="current-user" title=t(lang, "nav.profile")>
                        {user.display_name.clone()}
                    </a>
                </span>
                <ActionForm action=logout attr:class="logout">
                    <button type="submit" class="link">
                        {t(lang, "auth.logout")}
                    </button>
                </ActionForm>
                <LangSwitch lang />
            </div>
        </details>
    }
}

#[component]
fn LangSwitch(lang: Lang) -> impl IntoView {
    view! {
        <a class="lang" rel="external" href=format!("/lang/{}", lang.other().code())>
            {t(lang, "lang.switch")}
        </a>
    }
}
