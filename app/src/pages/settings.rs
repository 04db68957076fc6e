use leptos::prelude::*;

use crate::i18n::t;
use crate::model::Role;
use crate::pages::session::{Forbidden, RequireUser};

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <RequireUser children=|lang, user| {
            if user.role != Role::Admin {
                return view! { <Forbidden lang /> }.into_any();
            }
            view! {
                <section class="card">
                    <h1>{t(lang, "settings.title")}</h1>
                    <h2>{t(lang, "settings.general")}</h2>
                    <ul>
                        <li>
                            <a href="/settings/general/api">{t(lang, "api.title")}</a>
                        </li>
                    </ul>
                </section>
            }
                .into_any()
        } />
    }
}
