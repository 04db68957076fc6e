use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::pages::session::{hard_navigate, ErrorBox, SessionResource};

#[server(endpoint = "login")]
pub async fn login(account: String, username: String, password: String) -> Result<(), AppError> {
    use crate::server;
    use crate::services::{sessions, ServiceError};
    let address = server::client_address().await;
    match sessions::login(&server::db()?, &account, &username, &password, &address).await {
        Ok(signed_in) => {
            server::set_session_cookie(Some(&signed_in.token)).await;
            // The language of the person's profile, in this browser from now on.
            if signed_in.lang.is_some() {
                server::set_lang_cookie(signed_in.lang);
            }
            Ok(())
        }
        Err(ServiceError::Unauthorized) => Err(server::fail(AppError::Refused(
            "Wrong account, username or password.".into(),
        ))),
        Err(e) => Err(e.into()),
    }
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server;
    if let Some(token) = server::session_token().await {
        crate::services::sessions::logout(&server::db()?, &token).await?;
    }
    server::set_session_cookie(None).await;
    Ok(())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = SessionResource::get();
    let action = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            hard_navigate("/");
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let info = match session.await {
                    Ok(info) => info,
                    Err(e) => return view! { <ErrorBox error=e lang=Lang::default() /> }.into_any(),
                };
                if info.needs_setup {
                    return view! { <Redirect path="/setup" /> }.into_any();
                }
                if info.user.is_some() {
                    return view! { <Redirect path="/" /> }.into_any();
                }
                let lang = info.lang;
                let single = info.single_account.clone();
                view! {
                    <section class="card narrow">
                        <h1>{t(lang, "auth.login")}</h1>
                        <ActionForm action=action attr:class="form">
                            {match single {
                                Some(slug) => {
                                    view! { <input type="hidden" name="account" value=slug /> }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <label>
                                            {t(lang, "auth.account")}
                                            <input name="account" required autocomplete="organization" />
                                        </label>
                                    }
                                        .into_any()
                                }
                            }}
                            <label>
                                {t(lang, "auth.username")}
                                <input name="username" required autocomplete="username" autofocus />
                            </label>
                            <label>
                                {t(lang, "auth.password")}
                                <input
                                    name="password"
                                    type="password"
                                    required
                                    autocomplete="current-password"
                                />
                            </label>
                            {move || {
                                action
                                    .value()
                                    .get()
                                    .and_then(Result::err)
                                    .map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })
                            }}
                            <button type="submit" class="primary" disabled=move || action.pending().get()>
                                {t(lang, "auth.login")}
                            </button>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}
        </Suspense>
    }
}
