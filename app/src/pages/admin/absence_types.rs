//! Administration / Absence types: name, colour, paid, counts as work time, uses paid leave,
//! archived.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{gate, AdminHead, Check, Errors, FieldErr, Fresh, Gate, Input, OtherErrors};
use crate::components::confirm::ConfirmDelete;
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::AbsenceType;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "list_absence_types_admin")]
pub async fn list_absence_types_admin() -> Result<Vec<AbsenceType>, AppError> {
    use crate::server;
    let actor = server::actor().await?;
    Ok(
        crate::services::absence_types::list(&server::db()?, &actor, None, super::all())
            .await?
            .items,
    )
}

#[server(endpoint = "save_absence_type")]
pub async fn save_absence_type(
    id: String,
    name: String,
    color: String,
    paid: Option<String>,
    counts_as_work_time: Option<String>,
    uses_leave: Option<String>,
    archived: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::absence_types::{self, AbsenceTypeInput};
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    p.done()?;
    let input = AbsenceTypeInput {
        name: Some(name),
        color: Some(color.trim().to_lowercase()).filter(|c| !c.is_empty()),
        paid: Some(paid.is_some()),
        counts_as_work_time: Some(counts_as_work_time.is_some()),
        uses_leave: Some(uses_leave.is_some()),
        archived: Some(archived.is_some()),
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => absence_types::update(&db, &actor, id, input).await?,
        None => absence_types::create(&db, &actor, input).await?,
    };
    Ok(())
}

#[server(endpoint = "delete_absence_type")]
pub async fn delete_absence_type(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::absence_types::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &["name", "color"];

#[component]
pub fn AdminAbsenceTypesPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveAbsenceType>::new();
    let remove = ServerAction::<DeleteAbsenceType>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            navigate("/admin/absence-types", Default::default());
        }
    });
    let list = Resource::new(
        move || (saved.get(), remove.version().get()),
        |_| list_absence_types_admin(),
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
                        let types = match list.await {
                            Ok(l) => l,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| types.iter().find(|x| x.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.absence_types" admin />
                            {admin.then(|| view! { <Fresh key=format!("{generation}-{edit:?}")><TypeForm lang save errors editing=editing.clone() /></Fresh> })}
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            <TypeTable lang types admin remove />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn TypeForm(
    lang: Lang,
    save: ServerAction<SaveAbsenceType>,
    errors: Errors,
    editing: Option<AbsenceType>,
) -> impl IntoView {
    let title = if editing.is_some() {
        "adm.edit"
    } else {
        "adm.add"
    };
    let e = editing.clone();
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="absence-type-form">
            <input type="hidden" name="id" value=e.as_ref().map(|x| x.id.to_string()).unwrap_or_default() />
            <div class="row">
                <Input label=t(lang, "adm.name") name="name" value=e.as_ref().map(|x| x.name.clone()).unwrap_or_default() errors field="name" required=true />
                <label class="narrow">
                    {t(lang, "adm.color")}
                    <input type="color" name="color" value=e.as_ref().map(|x| x.color.clone()).unwrap_or_else(|| "#22c55e".into()) />
                    <FieldErr errors field="color" />
                </label>
            </div>
            <div class="row">
                <Check label=t(lang, "adm.paid") name="paid" checked=e.as_ref().is_none_or(|x| x.paid) />
                <Check label=t(lang, "adm.counts_as_work") name="counts_as_work_time" checked=e.as_ref().is_none_or(|x| x.counts_as_work_time) />
                <Check label=t(lang, "adm.uses_leave") name="uses_leave" checked=e.as_ref().is_some_and(|x| x.uses_leave) />
                <Check label=t(lang, "adm.archived") name="archived" checked=e.as_ref().is_some_and(|x| x.archived) />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href="/admin/absence-types">{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn TypeTable(
    lang: Lang,
    types: Vec<AbsenceType>,
    admin: bool,
    remove: ServerAction<DeleteAbsenceType>,
) -> impl IntoView {
    let yes_no = move |b: bool| {
        if b {
            t(lang, "adm.yes")
        } else {
            t(lang, "adm.no")
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.absence_types")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "adm.name")}</th>
                        <th>{t(lang, "adm.paid")}</th>
                        <th>{t(lang, "adm.counts_as_work")}</th>
                        <th>{t(lang, "adm.uses_leave")}</th>
                        <th>{t(lang, "adm.status")}</th>
                        {admin.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {types
                        .into_iter()
                        .map(|x| {
                            let id = x.id;
                            view! {
                                <tr data-name=x.name.clone() class:archived=x.archived>
                                    <td data-label=t(lang, "adm.name")>
                                        <span class="swatch" style:background-color=x.color.clone()></span>
                                        <strong>{x.name.clone()}</strong>
                                    </td>
                                    <td data-label=t(lang, "adm.paid")>{yes_no(x.paid)}</td>
                                    <td data-label=t(lang, "adm.counts_as_work")>{yes_no(x.counts_as_work_time)}</td>
                                    <td data-label=t(lang, "adm.uses_leave")>{yes_no(x.uses_leave)}</td>
                                    <td data-label=t(lang, "adm.status")>{if x.archived { t(lang, "adm.archived") } else { t(lang, "adm.active") }}</td>
                                    {admin.then(|| view! {
                                        <td class="actions">
                                            <a class="button small" href=format!("/admin/absence-types?edit={id}")>{t(lang, "adm.edit_button")}</a>
                                            <ConfirmDelete lang name=x.name.clone() also="confirm.absence_type" on_yes=Callback::new(move |_| { remove.dispatch(DeleteAbsenceType { id }); }) />
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
}
