//! Administration / Public holidays: date, name, half day; filling a year from a region
//! lives in holiday_fill.rs.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{gate, AdminHead, Check, Errors, Fresh, Gate, Input, OtherErrors};
use crate::components::confirm::ConfirmDelete;
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::Holiday;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "list_holidays_admin")]
pub async fn list_holidays_admin() -> Result<Vec<Holiday>, AppError> {
    use crate::server;
    Ok(crate::services::holidays::list(&server::db()?, &server::actor().await?, None).await?)
}

#[server(endpoint = "save_holiday")]
pub async fn save_holiday(
    id: String,
    date: String,
    name: String,
    half_day: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::holidays::{self, HolidayInput};
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    let date = p.date("date", &date);
    p.done()?;
    let input = HolidayInput {
        date,
        name: Some(name),
        half_day: Some(half_day.is_some()),
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => holidays::update(&db, &actor, id, input).await?,
        None => holidays::create(&db, &actor, input).await?,
    };
    Ok(())
}

#[server(endpoint = "delete_holiday")]
pub async fn delete_holiday(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::holidays::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &["date", "name"];

#[component]
pub fn AdminHolidaysPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveHoliday>::new();
    let remove = ServerAction::<DeleteHoliday>::new();
    let fill = ServerAction::<super::holiday_fill::FillHolidays>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            navigate("/admin/holidays", Default::default());
        }
    });
    let list = Resource::new(
        move || (saved.get(), remove.version().get(), fill.version().get()),
        |_| list_holidays_admin(),
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
                        let days = match list.await {
                            Ok(l) => l,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| days.iter().find(|x| x.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.holidays" admin />
                            {admin.then(|| view! { <Fresh key=format!("{generation}-{edit:?}")><HolidayForm lang save errors editing=editing.clone() /></Fresh> })}
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            {admin.then(|| view! { <super::holiday_fill::HolidayFill lang fill /> })}
                            <HolidayTable lang days admin remove />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn HolidayForm(
    lang: Lang,
    save: ServerAction<SaveHoliday>,
    errors: Errors,
    editing: Option<Holiday>,
) -> impl IntoView {
    let title = if editing.is_some() {
        "adm.edit"
    } else {
        "adm.add"
    };
    let e = editing.clone();
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="holiday-form">
            <input type="hidden" name="id" value=e.as_ref().map(|x| x.id.to_string()).unwrap_or_default() />
            <div class="row">
                <Input label=t(lang, "adm.date") name="date" kind="date" value=e.as_ref().map(|x| x.date.clone()).unwrap_or_default() errors field="date" required=true />
                <Input label=t(lang, "adm.name") name="name" value=e.as_ref().map(|x| x.name.clone()).unwrap_or_default() errors field="name" required=true />
                <Check label=t(lang, "adm.half_day") name="half_day" checked=e.as_ref().is_some_and(|x| x.half_day) />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href="/admin/holidays">{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn HolidayTable(
    lang: Lang,
    days: Vec<Holiday>,
    admin: bool,
    remove: ServerAction<DeleteHoliday>,
) -> impl IntoView {
    if days.is_empty() {
        return view! { <p class="muted">{t(lang, "adm.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.holidays")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "adm.date")}</th>
                        <th>{t(lang, "adm.name")}</th>
                        <th>{t(lang, "adm.half_day")}</th>
                        {admin.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {days
                        .into_iter()
                        .map(|x| {
                            let id = x.id;
                            view! {
                                <tr data-name=x.name.clone()>
                                    <td data-label=t(lang, "adm.date")>{crate::format::date(lang, &x.date)}</td>
                                    <td data-label=t(lang, "adm.name")><strong>{x.name.clone()}</strong></td>
                                    <td data-label=t(lang, "adm.half_day")>{if x.half_day { t(lang, "adm.yes") } else { t(lang, "adm.no") }}</td>
                                    {admin.then(|| view! {
                                        <td class="actions">
                                            <a class="button small" href=format!("/admin/holidays?edit={id}")>{t(lang, "adm.edit_button")}</a>
                                            <ConfirmDelete lang name=format!("{} ({})", x.name, crate::format::date(lang, &x.date)) also="confirm.holiday" on_yes=Callback::new(move |_| { remove.dispatch(DeleteHoliday { id }); }) />
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
