//! The first visit: create the account and its administrator, then sign in.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::pages::session::{hard_navigate, ErrorBox, Errors, FieldErr, SessionResource};

#[server(endpoint = "setup_account")]
pub async fn setup_account(
    name: String,
    slug: String,
    timezone: String,
    currency: String,
    locale: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    use crate::model::Role;
    use crate::server;
    use crate::services::{accounts, sessions, users::NewUser};
    let db = server::db()?;
    let admin = NewUser {
        username: username.clone(),
        password: password.clone(),
        role: Role::Admin,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
    };
    // The setup page exists for the very first account only; later accounts come from the CLI.
    accounts::create_first_account(
        &db,
        accounts::NewAccount {
            slug: slug.clone(),
            name,
            timezone,
            currency,
            locale,
            admin,
        },
    )
    .await?;
    let address = server::client_address().await;
    let signed_in = sessions::login(&db, &slug, &username, &password, &address).await?;
    server::set_session_cookie(Some(&signed_in.token)).await;
    Ok(())
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let session = SessionResource::get();
    let action = ServerAction::<SetupAccount>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            hard_navigate("/");
        }
    });
    let errors: Errors = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let info = match session.await {
                    Ok(info) => info,
                    Err(e) => return view! { <ErrorBox error=e lang=Lang::default() /> }.into_any(),
                };
                if !info.needs_setup {
                    return view! { <Redirect path="/login" /> }.into_any();
                }
                let lang = info.lang;
                view! {
                    <section class="card narrow">
                        <h1>{t(lang, "setup.title")}</h1>
                        <p class="muted">{t(lang, "setup.intro")}</p>
                        <ActionForm action=action attr:class="form">
                            <input type="hidden" name="locale" value=lang.code() />
                            <label>
                                {t(lang, "setup.account_name")}
                                <input name="name" required maxlength="200" />
                                <FieldErr errors field="name" />
                            </label>
                            <label>
                                {t(lang, "setup.slug")}
                                <input name="slug" required pattern="[a-z0-9]([a-z0-9\\-]*[a-z0-9])?" maxlength="40" />
                                <FieldErr errors field="slug" />
                            </label>
                            <div class="row">
                                <label>
                                    {t(lang, "setup.timezone")}
                                    <input name="timezone" value="Europe/Berlin" required />
                                    <FieldErr errors field="timezone" />
                                </label>
                                <label>
                                    {t(lang, "setup.currency")}
                                    <input name="currency" value="EUR" required maxlength="3" />
                                    <FieldErr errors field="currency" />
                                </label>
                            </div>
                            <h2>{t(lang, "setup.admin")}</h2>
                            <label>
                                {t(lang, "auth.username")}
                                <input name="username" required autocomplete="username" />
                                <FieldErr errors field="username" />
                            </label>
                            <label>
                                {t(lang, "auth.password")}
                                <input name="password" type="password" required minlength="8" autocomplete="new-password" />
                                <FieldErr errors field="password" />
                            </label>
                            {move || {
                                action
                                    .value()
                                    .get()
                                    .and_then(Result::err)
                                    .filter(|e| !matches!(e, AppError::Invalid(_)))
                                    .map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })
                            }}
                            <button type="submit" class="primary" disabled=move || action.pending().get()>
                                {t(lang, "setup.submit")}
                            </button>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}
        </Suspense>
    }
}
