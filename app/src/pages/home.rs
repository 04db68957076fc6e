use leptos::prelude::*;

use crate::i18n::t;
use crate::model::Role;
use crate::pages::session::RequireUser;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <RequireUser children=|lang, user| {
            let role_key = match user.role {
                Role::Admin => "role.admin",
                Role::Manager => "role.manager",
                Role::Staff => "role.staff",
            };
            view! {
                <section class="card">
                    <h1>{t(lang, "home.welcome")} ", " {user.display_name.clone()}</h1>
                    <p>
                        {t(lang, "home.role")} ": " <strong>{t(lang, role_key)}</strong> " · "
                        {user.account_name.clone()}
                    </p>
                    <Show when=move || user.role == Role::Admin>
                        <p>
                            <a href="/settings/general/api">{t(lang, "home.next")}</a>
                        </p>
                    </Show>
                </section>
            }
        } />
    }
}
