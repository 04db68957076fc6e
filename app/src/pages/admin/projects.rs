//! Administration / Projects: client, name, colour, budget (hours and money), billable, hour
//! rate, notes, archived; a link to each project's task lists and tasks.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{
    gate, show_hours, show_money, AdminHead, Check, Errors, FieldErr, Fresh, Gate, Input,
    OtherErrors,
};
use crate::components::confirm::ConfirmDelete;
use crate::error::AppError;
use crate::format::{decimal, money_field};
use crate::i18n::{t, Lang};
use crate::model::{Client, Project};
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "list_projects_admin")]
pub async fn list_projects_admin() -> Result<(Vec<Project>, Vec<Client>), AppError> {
    use crate::server;
    use crate::services::{clients, projects};
    let (db, actor) = (server::db()?, server::actor().await?);
    let p = projects::list(&db, &actor, &Default::default(), super::all()).await?;
    let c = clients::list(&db, &actor, &Default::default(), super::all()).await?;
    Ok((p.items, c.items))
}

#[server(endpoint = "save_project")]
#[allow(clippy::too_many_arguments)]
pub async fn save_project(
    id: String,
    client_id: String,
    name: String,
    color: String,
    budget_hours: String,
    budget_money: String,
    hour_rate: String,
    notes: String,
    billable: Option<String>,
    archived: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::projects::{self, ProjectInput};
    use crate::services::refs::Named;
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    let client = p.id("clientName", &client_id);
    if client.is_none() && id.is_none() {
        p.fail("clientName", "Choose a client.");
    }
    let budget_minutes = p.hours("budgetMinutes", &budget_hours);
    let budget_cents = p.money("budgetAmount", &budget_money);
    let rate = p.money("hourRate", &hour_rate);
    p.done()?;
    let input = ProjectInput {
        client: client.map(|c| Named::id("clientName", c)),
        name: Some(name),
        notes: Some(notes),
        hour_rate_cents: Some(rate),
        billable: Some(billable.is_some()),
        budget_minutes: Some(budget_minutes),
        budget_cents: Some(budget_cents),
        color: Some(color.trim().to_lowercase()).filter(|c| !c.is_empty()),
        archived: Some(archived.is_some()),
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => projects::update(&db, &actor, id, input).await?,
        None => projects::create(&db, &actor, input).await?,
    };
    Ok(())
}

#[server(endpoint = "delete_project")]
pub async fn delete_project(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::projects::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &[
    "clientName",
    "projectName",
    "color",
    "budgetMinutes",
    "budgetAmount",
    "hourRate",
    "notes",
];

#[component]
pub fn AdminProjectsPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveProject>::new();
    let remove = ServerAction::<DeleteProject>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            navigate("/admin/projects", Default::default());
        }
    });
    let list = Resource::new(
        move || (saved.get(), remove.version().get()),
        |_| list_projects_admin(),
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
                        let (projects, clients) = match list.await {
                            Ok(l) => l,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| projects.iter().find(|p| p.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.projects" admin />
                            {admin.then(|| view! { <Fresh key=format!("{generation}-{edit:?}")><ProjectForm lang save errors editing=editing.clone() clients=clients.clone() /></Fresh> })}
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            <ProjectTable lang projects admin remove />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ProjectForm(
    lang: Lang,
    save: ServerAction<SaveProject>,
    errors: Errors,
    editing: Option<Project>,
    clients: Vec<Client>,
) -> impl IntoView {
    let title = if editing.is_some() {
        "adm.edit"
    } else {
        "adm.add"
    };
    let p = editing.clone();
    let budget = money_field(lang, p.as_ref().and_then(|p| p.budget_cents));
    let rate = money_field(lang, p.as_ref().and_then(|p| p.hour_rate_cents));
    let v = move |f: fn(&Project) -> String| p.as_ref().map(f).unwrap_or_default();
    let client_now = editing.as_ref().map(|p| p.client_id);
    let color = editing
        .as_ref()
        .map(|p| p.color.clone())
        .unwrap_or_else(|| "#3b82f6".into());
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="project-form">
            <input type="hidden" name="id" value=v(|p| p.id.to_string()) />
            <div class="row">
                <label>
                    {t(lang, "adm.client")}
                    <select name="client_id" required>
                        <option value="">"—"</option>
                        {clients
                            .into_iter()
                            .filter(|c| !c.archived || Some(c.id) == client_now)
                            .map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == client_now>{c.name}</option> })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="clientName" />
                </label>
                <Input label=t(lang, "adm.name") name="name" value=v(|p| p.name.clone()) errors field="projectName" required=true />
                <label class="narrow">
                    {t(lang, "adm.color")}
                    <input type="color" name="color" value=color />
                    <FieldErr errors field="color" />
                </label>
            </div>
            <div class="row">
                <Input label=t(lang, "adm.budget_hours") name="budget_hours" value=v(|p| show_hours(p.budget_minutes)) errors field="budgetMinutes" placeholder="120:00" />
                <Input label=t(lang, "adm.budget_money") name="budget_money" value=budget errors field="budgetAmount" placeholder=decimal(lang, 1_000_000, false) />
                <Input label=t(lang, "adm.hour_rate") name="hour_rate" value=rate errors field="hourRate" placeholder=decimal(lang, 8500, false) />
            </div>
            <div class="row">
                <Input label=t(lang, "adm.notes") name="notes" value=v(|p| p.notes.clone()) errors field="notes" />
            </div>
            <div class="row">
                <Check label=t(lang, "adm.billable") name="billable" checked=editing.as_ref().is_none_or(|p| p.billable) />
                <Check label=t(lang, "adm.archived") name="archived" checked=editing.as_ref().is_some_and(|p| p.archived) />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href="/admin/projects">{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn ProjectTable(
    lang: Lang,
    projects: Vec<Project>,
    admin: bool,
    remove: ServerAction<DeleteProject>,
) -> impl IntoView {
    if projects.is_empty() {
        return view! { <p class="muted">{t(lang, "adm.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.projects")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "adm.project")}</th>
                        <th>{t(lang, "adm.budget_hours")}</th>
                        <th>{t(lang, "adm.budget_money")}</th>
                        <th>{t(lang, "adm.hour_rate")}</th>
                        <th>{t(lang, "adm.billable")}</th>
                        <th>{t(lang, "adm.status")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {projects
                        .into_iter()
                        .map(|p| {
                            let id = p.id;
                            view! {
                                <tr data-name=p.name.clone() class:archived=p.archived>
                                    <td data-label=t(lang, "adm.project")>
                                        <span class="swatch" style:background-color=p.color.clone()></span>
                                        {p.client_name.clone()} " / " <strong>{p.name.clone()}</strong>
                                    </td>
                                    <td data-label=t(lang, "adm.budget_hours")>{show_hours(p.budget_minutes)}</td>
                                    <td data-label=t(lang, "adm.budget_money")>{show_money(lang, p.budget_cents)}</td>
                                    <td data-label=t(lang, "adm.hour_rate")>{show_money(lang, p.hour_rate_cents)}</td>
                                    <td data-label=t(lang, "adm.billable")>{if p.billable { t(lang, "adm.yes") } else { t(lang, "adm.no") }}</td>
                                    <td data-label=t(lang, "adm.status")>{if p.archived { t(lang, "adm.archived") } else { t(lang, "adm.active") }}</td>
                                    <td class="actions">
                                        <a class="button small" href=format!("/admin/tasks?project={id}")>{t(lang, "adm.tasks")}</a>
                                        {admin.then(|| view! {
                                            <a class="button small" href=format!("/admin/projects?edit={id}")>{t(lang, "adm.edit_button")}</a>
                                            <ConfirmDelete lang name=p.name.clone() also="confirm.project" on_yes=Callback::new(move |_| { remove.dispatch(DeleteProject { id }); }) />
                                        })}
                                    </td>
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
