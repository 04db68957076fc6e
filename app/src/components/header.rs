//! The app bar: account, navigation, language switch, the signed-in user and sign-out.

use leptos::prelude::*;

use crate::components::timer_widget::{TimerHandles, TimerWidget};
use crate::i18n::{t, Lang};
use crate::model::{Role, SessionInfo};
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
                    let user_part = info
                        .user
                        .map(|user| {
                            view! {
                                <nav class="nav">
                                    <a href="/time">{t(lang, "nav.time")}</a>
                                    <a href="/attendance">{t(lang, "nav.attendance")}</a>
                                    <a href="/absences">{t(lang, "nav.absences")}</a>
                                    <a href="/timesheet">{t(lang, "nav.reports")}</a>
                                    <Show when=move || user.role != Role::Staff>
                                        <a href="/projects">{t(lang, "nav.projects")}</a>
                                    </Show>
                                    <a href="/expenses">{t(lang, "nav.expenses")}</a>
                                    <Show when=move || user.role != Role::Staff>
                                        <a href="/admin">{t(lang, "nav.admin")}</a>
                                    </Show>
                                    <Show when=move || user.role == Role::Admin>
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
                            }
                        });
                    view! {
                        {user_part}
                        <a class="lang" rel="external" href=format!("/lang/{}", lang.other().code())>
                            {t(lang, "lang.switch")}
                        </a>
                    }
                })}
            </Suspense>
        </header>
    }
}
