//! `/profile`: the signed-in person's own password, language and time zone, and their
//! calendar-feed link — for every role.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::ProfileView;
use crate::pages::absences::{FeedLink, NewCalendarFeed, RevokeCalendarFeed};
use crate::pages::admin::Input;
use crate::pages::session::{
    hard_navigate, ErrorBox, Errors, FieldErr, OtherErrors, SessionResource, SignInGate,
};

#[server(endpoint = "load_profile")]
pub async fn load_profile() -> Result<ProfileView, AppError> {
    use crate::server;
    Ok(crate::services::profile::get(&server::db()?, &server::actor().await?).await?)
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(timezone: String, lang: String) -> Result<ProfileView, AppError> {
    use crate::server;
    use crate::services::profile::{self, ProfileInput};
    let input = ProfileInput { timezone, lang };
    let saved = profile::save(&server::db()?, &server::actor().await?, input).await?;
    // This browser shows the chosen language at once (none chosen: the browser's again).
    server::set_lang_cookie(saved.lang);
    Ok(saved)
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    repeat_password: String,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::profile;
    let (db, actor) = (server::db()?, server::actor().await?);
    let token = server::session_token().await;
    let passwords = profile::NewPassword {
        current: &current_password,
        new: &new_password,
        repeat: &repeat_password,
    };
    Ok(profile::change_password(&db, &actor, passwords, token.as_deref()).await?)
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = SessionResource::get();
    let save = ServerAction::<SaveProfile>::new();
    let new_feed = ServerAction::<NewCalendarFeed>::new();
    let revoke_feed = ServerAction::<RevokeCalendarFeed>::new();
    let data = Resource::new(
        move || (new_feed.version().get(), revoke_feed.version().get()),
        |_| load_profile(),
    );
    // A new language shows on every page, the header too: load the page again.
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            hard_navigate("/profile?saved=1");
        }
    });
    view! {
        <SignInGate />
        <Transition fallback=|| view! { <p class="muted">"…"</p> }>
            {move || Suspend::new(async move {
                let lang = session.await.map(|s| s.lang).unwrap_or_default();
                match data.await {
                    Ok(p) => view! {
                        <h1>{t(lang, "prof.title")}</h1>
                        <p class="muted">{p.display_name.clone()} " · " {p.username.clone()}</p>
                        <SettingsForm lang profile=p.clone() save />
                        <PasswordForm lang />
                        <section class="card">
                            <FeedLink lang active=p.feed_active new_feed revoke_feed />
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorBox error=e lang /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(
    lang: Lang,
    profile: ProfileView,
    save: ServerAction<SaveProfile>,
) -> impl IntoView {
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("saved")
        .is_some();
    let chosen = profile.lang;
    view! {
        <section class="card">
            <h2>{t(lang, "prof.settings")}</h2>
            <ActionForm action=save attr:class="form">
                <div class="row">
                    <label>
                        {t(lang, "prof.lang")}
                        <select name="lang" data-testid="profile-lang">
                            <option value="" selected=chosen.is_none()>{t(lang, "prof.lang_browser")}</option>
                            <option value="en" selected=chosen == Some(Lang::En)>"English"</option>
                            <option value="de" selected=chosen == Some(Lang::De)>"Deutsch"</option>
                        </select>
                        <FieldErr errors field="lang" />
                    </label>
                    <Input
                        label=t(lang, "prof.timezone")
                        name="timezone"
                        value=profile.timezone.clone().unwrap_or_default()
                        errors
                        field="timezone"
                        placeholder=t(lang, "prof.timezone_hint")
                    />
                </div>
                <p class="muted small">{t(lang, "prof.timezone_hint")} ": " {profile.account_timezone.clone()}</p>
                <OtherErrors errors fields=&["lang", "timezone"] />
                <div class="row">
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "prof.save")}</button>
                    {saved.then(|| view! { <span class="ok" role="status">{t(lang, "prof.saved")}</span> })}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm(lang: Lang) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let errors: Errors = Signal::derive(move || change.value().get().and_then(Result::err));
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <section class="card">
            <h2>{t(lang, "prof.password")}</h2>
            <p class="muted small">{t(lang, "prof.password_intro")}</p>
            <ActionForm action=change attr:class="form">
                <div class="row">
                    <label>
                        {t(lang, "prof.current_password")}
                        <input type="password" name="current_password" autocomplete="current-password" required />
                        <FieldErr errors field="currentPassword" />
                    </label>
                    <label>
                        {t(lang, "prof.new_password")}
                        <input type="password" name="new_password" autocomplete="new-password" required minlength="8" />
                        <FieldErr errors field="newPassword" />
                    </label>
                    <label>
                        {t(lang, "prof.repeat_password")}
                        <input type="password" name="repeat_password" autocomplete="new-password" required minlength="8" />
                        <FieldErr errors field="repeatPassword" />
                    </label>
                </div>
                <OtherErrors errors fields=&["currentPassword", "newPassword", "repeatPassword"] />
                <div class="row">
                    <button type="submit" class="primary" disabled=move || change.pending().get()>{t(lang, "prof.change_password")}</button>
                    <Show when=done>
                        <span class="ok" role="status">{t(lang, "prof.password_changed")}</span>
                    </Show>
                </div>
            </ActionForm>
        </section>
    }
}
