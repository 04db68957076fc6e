//! The session every page starts from, and the gate that sends visitors to setup or sign-in.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::{CurrentUser, SessionInfo};

#[server(endpoint = "load_session")]
pub async fn load_session() -> Result<SessionInfo, AppError> {
    use crate::server;
    use crate::services::accounts;
    let headers = server::request_headers().await;
    let (count, single_account) = accounts::count_upto_two(&server::db()?).await?;
    let user = server::current().await?.map(|(_, u)| u);
    let lang = server::lang_of(&headers, user.as_ref().and_then(|u| u.lang));
    Ok(SessionInfo {
        user,
        lang,
        needs_setup: count == 0,
        single_account,
    })
}

/// The app-wide session resource, read by the header and every page.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionInfo, AppError>>);

impl SessionResource {
    pub fn provide() {
        provide_context(SessionResource(Resource::new(|| (), |_| load_session())));
    }

    pub fn get() -> Resource<Result<SessionInfo, AppError>> {
        expect_context::<SessionResource>().0
    }
}

/// Sends the browser to `path` with a full page load, so that every resource (the session
/// above all) is read afresh after signing in or out.
pub fn hard_navigate(path: &str) {
    let _ = window().location().set_href(path);
}

/// Renders `children` for a signed-in user; sends others to setup or sign-in.
#[component]
pub fn RequireUser<F, V>(children: F) -> impl IntoView
where
    F: Fn(Lang, CurrentUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = SessionResource::get();
    let children = Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match session.await {
                        Ok(SessionInfo { needs_setup: true, .. }) => {
                            view! { <Redirect path="/setup" /> }.into_any()
                        }
                        Ok(SessionInfo { user: Some(user), lang, .. }) => {
                            children(lang, user).into_any()
                        }
                        Ok(_) => view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e lang=Lang::En /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Sends visitors who are not signed in to setup or sign-in, and renders nothing. Pages whose
/// content creates resources or transitions render that content beside the gate, not inside
/// it: inside a suspended block they would be numbered differently on the server and in the
/// browser, and hydration would fail.
#[component]
pub fn SignInGate() -> impl IntoView {
    let session = SessionResource::get();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(SessionInfo { needs_setup: true, .. }) => view! { <Redirect path="/setup" /> }.into_any(),
                    Ok(SessionInfo { user: None, .. }) => view! { <Redirect path="/login" /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// The signed-in person's language (English until the session has loaded).
pub fn lang_signal() -> Signal<Lang> {
    let session = SessionResource::get();
    Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .map(|s| s.lang)
            .unwrap_or_default()
    })
}

#[component]
pub fn ErrorBox(error: AppError, lang: Lang) -> impl IntoView {
    view! { <p class="error" role="alert">{error.localized(lang)}</p> }
}

/// The 403 page body (the status is set while rendering on the server).
#[component]
pub fn Forbidden(lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::set_status(http::StatusCode::FORBIDDEN);
    view! {
        <section class="card narrow">
            <h1>{t(lang, "error.forbidden_title")}</h1>
            <p>{t(lang, "error.forbidden")}</p>
            <a href="/">{t(lang, "error.back_home")}</a>
        </section>
    }
}

/// Lets managers and admins switch a page to a team member (a GET form, so the choice is in the
/// URL and survives a reload). Staff, whose team is themselves, see nothing.
#[component]
pub fn PersonPicker(
    lang: Lang,
    /// The page the form reloads.
    action: &'static str,
    team: Vec<(i64, String)>,
    current: i64,
    /// A query parameter to keep (name, value), e.g. the week shown.
    #[prop(optional)]
    keep: Option<(&'static str, String)>,
) -> impl IntoView {
    (team.len() > 1).then(|| {
        view! {
            <form method="get" action=action class="form inline person-picker">
                {keep.map(|(name, value)| view! { <input type="hidden" name=name value=value /> })}
                <label>
                    {t(lang, "sheet.person")}
                    <select name="user" data-testid="person-picker">
                        {team
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.to_string() selected=id == current>{name}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="small">{t(lang, "sheet.show")}</button>
            </form>
        }
    })
}

/// The last error of a form's action.
pub type Errors = Signal<Option<AppError>>;

/// The message for `field`, next to it.
#[component]
pub fn FieldErr(errors: Errors, field: &'static str) -> impl IntoView {
    let lang = crate::pages::session::lang_signal();
    move || {
        errors
            .get()
            .and_then(|e| e.for_field(field, lang.get()))
            .map(|m| view! { <span class="field-error">{m}</span> })
    }
}

/// Errors the form has no field for (or that are not about a field at all).
#[component]
pub fn OtherErrors(errors: Errors, fields: &'static [&'static str]) -> impl IntoView {
    let lang = crate::pages::session::lang_signal();
    move || {
        errors
            .get()
            .filter(|e| match e {
                AppError::Invalid(list) => list.iter().any(|f| !fields.contains(&f.field.as_str())),
                _ => true,
            })
            .map(|e| view! { <p class="error" role="alert">{e.localized(lang.get())}</p> })
    }
}
