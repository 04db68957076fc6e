//! Settings / General / API: the account's API keys (admins only).

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::{ApiKeyView, GeneratedApiKey, Role};
use crate::pages::session::{ErrorBox, Forbidden, RequireUser};

#[server(endpoint = "list_api_keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyView>, AppError> {
    use crate::server;
    Ok(crate::services::api_keys::list(&server::db()?, &server::actor().await?).await?)
}

#[server(endpoint = "generate_api_key")]
pub async fn generate_api_key(label: String) -> Result<GeneratedApiKey, AppError> {
    use crate::server;
    Ok(
        crate::services::api_keys::generate(&server::db()?, &server::actor().await?, &label)
            .await?,
    )
}

#[server(endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: i64) -> Result<ApiKeyView, AppError> {
    use crate::server;
    Ok(crate::services::api_keys::revoke(&server::db()?, &server::actor().await?, id).await?)
}

/// "2026-11-26T14:55:00.000Z" → "2026-11-26 14:55 UTC" ("26.11.2026 14:55 UTC" in German)
fn short_time(lang: Lang, ts: &str) -> String {
    match (ts.get(..10), ts.get(11..16)) {
        (Some(d), Some(hm)) => format!("{} {hm} UTC", crate::format::date(lang, d)),
        _ => ts.to_string(),
    }
}

#[component]
pub fn ApiSettingsPage() -> impl IntoView {
    view! {
        <RequireUser children=|lang, user| {
            if user.role != Role::Admin {
                return view! { <Forbidden lang /> }.into_any();
            }
            view! { <ApiKeys lang /> }.into_any()
        } />
    }
}

#[component]
fn ApiKeys(lang: Lang) -> impl IntoView {
    let generate = ServerAction::<GenerateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (generate.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    view! {
        <section class="card">
            <p class="breadcrumb">
                {t(lang, "settings.title")} " / " {t(lang, "settings.general")} " / "
                {t(lang, "api.title")}
            </p>
            <h1>{t(lang, "api.title")}</h1>
            <p class="muted">{t(lang, "api.intro")}</p>
            <p>
                <a href="/api-docs" rel="external">{t(lang, "api.docs")}</a>
                " · "
                <a href="/api/v2/ext/openapi.json" rel="external">"openapi.json"</a>
            </p>
            <ActionForm action=generate attr:class="form inline">
                <label>
                    {t(lang, "api.label")}
                    <input name="label" maxlength="100" placeholder="ERP, payroll…" />
                </label>
                <button type="submit" class="primary" disabled=move || generate.pending().get()>
                    {t(lang, "api.generate")}
                </button>
            </ActionForm>
            {move || {
                generate
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(created) => view! { <NewSecret lang created /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e lang /> }.into_any(),
                    })
            }}
        </section>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{t(lang, "common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">{t(lang, "api.none")}</p> }.into_any()
                        }
                        Ok(list) => view! { <KeyTable lang list revoke /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e lang /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The one time a secret is shown, with a copy button.
#[component]
fn NewSecret(lang: Lang, created: GeneratedApiKey) -> impl IntoView {
    let copied = RwSignal::new(false);
    let secret = created.secret.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&secret);
        copied.set(true);
    };
    view! {
        <div class="secret-box" data-testid="new-key">
            <p class="warning">{t(lang, "api.secret_once")}</p>
            <dl>
                <dt>{t(lang, "api.key")}</dt>
                <dd>
                    <code data-testid="new-key-value">{created.key.public_key.clone()}</code>
                </dd>
                <dt>{t(lang, "api.secret")}</dt>
                <dd>
                    <code data-testid="new-secret-value">{created.secret.clone()}</code>
                    <button type="button" class="small" on:click=copy>
                        {move || if copied.get() { t(lang, "api.copied") } else { t(lang, "api.copy") }}
                    </button>
                </dd>
                <dt>{t(lang, "api.token")}</dt>
                <dd>
                    <code data-testid="new-token-value">{created.token.clone()}</code>
                    <p class="muted">{t(lang, "api.token_hint")}</p>
                </dd>
            </dl>
        </div>
    }
}

#[component]
fn KeyTable(
    lang: Lang,
    list: Vec<ApiKeyView>,
    revoke: ServerAction<RevokeApiKey>,
) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "api.title")>
            <table class="keys">
                <thead>
                    <tr>
                        <th>{t(lang, "api.label")}</th>
                        <th>{t(lang, "api.key")}</th>
                        <th>{t(lang, "api.created")}</th>
                        <th>{t(lang, "api.last_used")}</th>
                        <th>{t(lang, "api.status")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|k| {
                            let revoked = k.revoked_at.is_some();
                            view! {
                                <tr class:revoked=revoked data-key=k.public_key.clone()>
                                    <td>{k.label.clone()}</td>
                                    <td>
                                        <code>{k.public_key.clone()}</code>
                                    </td>
                                    <td>{short_time(lang, &k.created_at)}</td>
                                    <td>
                                        {k
                                            .last_used_at
                                            .as_deref()
                                            .map(|ts| short_time(lang, ts))
                                            .unwrap_or_else(|| t(lang, "api.never").to_string())}
                                    </td>
                                    <td>
                                        {if revoked {
                                            t(lang, "api.revoked")
                                        } else {
                                            t(lang, "api.active")
                                        }}
                                    </td>
                                    <td>
                                        <Show when=move || !revoked>
                                            <ActionForm action=revoke>
                                                <input type="hidden" name="id" value=k.id />
                                                <button type="submit" class="danger small">
                                                    {t(lang, "api.revoke")}
                                                </button>
                                            </ActionForm>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
