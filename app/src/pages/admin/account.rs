//! Administration / Account: name, time zone, currency, locale, statutory break rule; the
//! API rate limit (server configuration) shown read-only.

use leptos::prelude::*;

use super::{gate, AdminHead, Errors, FieldErr, Fresh, Gate, Input, OtherErrors};
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::AccountSettings;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

/// The settings and the requests per minute an API key may make (from STEMPEL_API_RATE_LIMIT).
#[server(endpoint = "load_account_settings")]
pub async fn load_account_settings() -> Result<(AccountSettings, i64), AppError> {
    use crate::server;
    let settings =
        crate::services::accounts::settings(&server::db()?, &server::actor().await?).await?;
    Ok((settings, server::state()?.api_rate_limit))
}

#[server(endpoint = "save_account_settings")]
pub async fn save_account_settings(
    name: String,
    timezone: String,
    currency: String,
    locale: String,
    break_rule: String,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::accounts::{self, AccountInput};
    let input = AccountInput {
        name: Some(name),
        timezone: Some(timezone),
        currency: Some(currency),
        locale: Some(locale),
        break_rule: Some(break_rule),
    };
    accounts::update_settings(&server::db()?, &server::actor().await?, input).await?;
    Ok(())
}

const FIELDS: &[&str] = &["name", "timezone", "currency", "locale", "breakRule"];

#[component]
pub fn AdminAccountPage() -> impl IntoView {
    let session = SessionResource::get();
    let save = ServerAction::<SaveAccountSettings>::new();
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let data = Resource::new(move || saved.get(), |_| load_account_settings());
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <SignInGate />
        <section class="card">
            <Transition>
                {move || {
                    let generation = saved.get();
                    Suspend::new(async move {
                    let (lang, admin) = match gate(session.await) {
                        Gate::Open { lang, admin } => (lang, admin),
                        Gate::Closed(v) => return v,
                    };
                    let (s, limit) = match data.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    view! {
                        <AdminHead lang title="adm.account" admin />
                        {if admin {
                            let form = s.clone();
                            view! { <Fresh key=generation.to_string()><AccountForm lang save errors s=form.clone() /></Fresh> }.into_any()
                        } else {
                            view! { <AccountFacts lang s=s.clone() /> }.into_any()
                        }}
                        <dl class="facts">
                            <dt>{t(lang, "adm.account_id")}</dt>
                            <dd><code>{s.slug.clone()}</code></dd>
                            <dt>{t(lang, "adm.rate_limit")}</dt>
                            <dd data-testid="rate-limit">{limit} " " {t(lang, "adm.per_minute")}</dd>
                        </dl>
                        <p class="muted small">{t(lang, "adm.rate_limit_note")}</p>
                        {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="ok" role="status">{t(lang, "adm.saved")}</p> })}
                    }
                        .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

fn rule_key(rule: &str) -> &'static str {
    if rule == "de" {
        "adm.break_de"
    } else {
        "adm.break_off"
    }
}

#[component]
fn AccountForm(
    lang: Lang,
    save: ServerAction<SaveAccountSettings>,
    errors: Errors,
    s: AccountSettings,
) -> impl IntoView {
    view! {
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="account-form">
            <div class="row">
                <Input label=t(lang, "adm.account_name") name="name" value=s.name.clone() errors field="name" required=true />
                <Input label=t(lang, "adm.timezone") name="timezone" value=s.timezone.clone() errors field="timezone" required=true />
            </div>
            <div class="row">
                <Input label=t(lang, "adm.currency") name="currency" value=s.currency.clone() errors field="currency" required=true />
                <label>
                    {t(lang, "adm.locale")}
                    <select name="locale">
                        <option value="en" selected=s.locale == "en">"English"</option>
                        <option value="de" selected=s.locale == "de">"Deutsch"</option>
                    </select>
                    <FieldErr errors field="locale" />
                </label>
                <label>
                    {t(lang, "adm.break_rule")}
                    <select name="break_rule">
                        {["off", "de"]
                            .into_iter()
                            .map(|r| view! { <option value=r selected=s.break_rule == r>{t(lang, rule_key(r))}</option> })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="breakRule" />
                </label>
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn AccountFacts(lang: Lang, s: AccountSettings) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>{t(lang, "adm.account_name")}</dt>
            <dd>{s.name.clone()}</dd>
            <dt>{t(lang, "adm.timezone")}</dt>
            <dd>{s.timezone.clone()}</dd>
            <dt>{t(lang, "adm.currency")}</dt>
            <dd>{s.currency.clone()}</dd>
            <dt>{t(lang, "adm.locale")}</dt>
            <dd>{s.locale.clone()}</dd>
            <dt>{t(lang, "adm.break_rule")}</dt>
            <dd>{t(lang, rule_key(&s.break_rule))}</dd>
        </dl>
    }
}
