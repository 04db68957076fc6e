//! Administration / Clients: name, notes, address, email, hour rate, archived.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{gate, show_money, AdminHead, Check, Errors, Fresh, Gate, Input, OtherErrors};
use crate::components::confirm::ConfirmDelete;
use crate::error::AppError;
use crate::format::{decimal, money_field};
use crate::i18n::{t, Lang};
use crate::model::Client;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "list_clients")]
pub async fn list_clients() -> Result<Vec<Client>, AppError> {
    use crate::server;
    use crate::services::clients;
    let actor = server::actor().await?;
    Ok(
        clients::list(&server::db()?, &actor, &Default::default(), super::all())
            .await?
            .items,
    )
}

#[server(endpoint = "save_client")]
#[allow(clippy::too_many_arguments)]
pub async fn save_client(
    id: String,
    name: String,
    email: String,
    hour_rate: String,
    address: String,
    notes: String,
    archived: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::clients::{self, ClientInput};
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    let rate = p.money("hourRate", &hour_rate);
    p.done()?;
    let input = ClientInput {
        name: Some(name),
        notes: Some(notes),
        address: Some(address),
        email: Some(email),
        hour_rate_cents: Some(rate),
        archived: Some(archived.is_some()),
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => clients::update(&db, &actor, id, input).await?,
        None => clients::create(&db, &actor, input).await?,
    };
    Ok(())
}

#[server(endpoint = "delete_client")]
pub async fn delete_client(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::clients::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &["clientName", "email", "hourRate", "address", "notes"];

#[component]
pub fn AdminClientsPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveClient>::new();
    let remove = ServerAction::<DeleteClient>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            navigate("/admin/clients", Default::default());
        }
    });
    let list = Resource::new(
        move || (saved.get(), remove.version().get()),
        |_| list_clients(),
    );
    Effect::new(move |_| {
        query.track();
        save.clear();
    });
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <SignInGate />
        <section class="card">
            <Transition>
                {move || {
                    let edit = query.read().get("edit").and_then(|s| s.parse::<i64>().ok());
                    let generation = saved.get();
                    Suspend::new(async move {
                        let (lang, admin) = match gate(session.await) {
                            Gate::Open { lang, admin } => (lang, admin),
                            Gate::Closed(v) => return v,
                        };
                        let clients = match list.await {
                            Ok(l) => l,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| clients.iter().find(|c| c.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.clients" admin />
                            {admin.then(|| view! { <Fresh key=format!("{generation}-{edit:?}")><ClientForm lang save errors editing=editing.clone() /></Fresh> })}
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            <ClientTable lang clients admin remove />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ClientForm(
    lang: Lang,
    save: ServerAction<SaveClient>,
    errors: Errors,
    editing: Option<Client>,
) -> impl IntoView {
    let title = if editing.is_some() {
        "adm.edit"
    } else {
        "adm.add"
    };
    let c = editing.clone();
    let rate = money_field(lang, c.as_ref().and_then(|c| c.hour_rate_cents));
    let v = move |f: fn(&Client) -> String| c.as_ref().map(f).unwrap_or_default();
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="client-form">
            <input type="hidden" name="id" value=v(|c| c.id.to_string()) />
            <div class="row">
                <Input label=t(lang, "adm.name") name="name" value=v(|c| c.name.clone()) errors field="clientName" required=true />
                <Input label=t(lang, "adm.email") name="email" kind="email" value=v(|c| c.email.clone()) errors field="email" />
                <Input label=t(lang, "adm.hour_rate") name="hour_rate" value=rate errors field="hourRate" placeholder=decimal(lang, 8500, false) />
            </div>
            <div class="row">
                <Input label=t(lang, "adm.address") name="address" value=v(|c| c.address.clone()) errors field="address" />
                <Input label=t(lang, "adm.notes") name="notes" value=v(|c| c.notes.clone()) errors field="notes" />
            </div>
            <Check label=t(lang, "adm.archived") name="archived" checked=editing.as_ref().is_some_and(|c| c.archived) />
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href="/admin/clients">{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn ClientTable(
    lang: Lang,
    clients: Vec<Client>,
    admin: bool,
    remove: ServerAction<DeleteClient>,
) -> impl IntoView {
    if clients.is_empty() {
        return view! { <p class="muted">{t(lang, "adm.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.clients")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "adm.name")}</th>
                        <th>{t(lang, "adm.email")}</th>
                        <th>{t(lang, "adm.hour_rate")}</th>
                        <th>{t(lang, "adm.status")}</th>
                        {admin.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {clients
                        .into_iter()
                        .map(|c| {
                            let id = c.id;
                            view! {
                                <tr data-name=c.name.clone() class:archived=c.archived>
                                    <td data-label=t(lang, "adm.name")><strong>{c.name.clone()}</strong></td>
                                    <td data-label=t(lang, "adm.email")>{c.email.clone()}</td>
                                    <td data-label=t(lang, "adm.hour_rate")>{show_money(lang, c.hour_rate_cents)}</td>
                                    <td data-label=t(lang, "adm.status")>{if c.archived { t(lang, "adm.archived") } else { t(lang, "adm.active") }}</td>
                                    {admin.then(|| view! {
                                        <td class="actions">
                                            <a class="button small" href=format!("/admin/clients?edit={id}")>{t(lang, "adm.edit_button")}</a>
                                            <ConfirmDelete lang name=c.name.clone() also="confirm.client" on_yes=Callback::new(move |_| { remove.dispatch(DeleteClient { id }); }) />
                                        </td>
                                    })}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
