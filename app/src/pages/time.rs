//! The Time page: the week (Mon–Sun in the user's time zone) grouped by day with day and week
//! totals; add, edit and delete entries; previous / next week and today.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::timer_widget::{EntriesChanged, TimerChanged};
use crate::components::undo::{UndoDelete, UndoNotice};
use crate::error::AppError;
use crate::format::hm;
use crate::i18n::{t, Lang};
use crate::model::{PickerProject, WeekEntry, WeekView};
use crate::pages::session::{
    ErrorBox, Errors, FieldErr, PersonPicker, SessionResource, SignInGate,
};

#[server(endpoint = "load_week")]
pub async fn load_week(day: String, user: String) -> Result<WeekView, AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::server;
    let day = crate::input::date(&day);
    let person = opt_id(&user)?;
    Ok(crate::services::week::week(&server::db()?, &server::actor().await?, day, person).await?)
}

#[server(endpoint = "load_projects")]
pub async fn load_projects() -> Result<Vec<PickerProject>, AppError> {
    use crate::server;
    Ok(crate::services::pickers::picker(&server::db()?, &server::actor().await?).await?)
}

/// Creates (empty `id`) or updates an entry from the form's local date and times.
#[server(endpoint = "save_entry")]
#[allow(clippy::too_many_arguments)]
pub async fn save_entry(
    id: String,
    user: String,
    date: String,
    from: String,
    to: String,
    duration: String,
    break_minutes: String,
    project_id: String,
    task_id: String,
    details: String,
    billable: Option<String>,
) -> Result<(), AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::error::FieldError;
    use crate::input;
    use crate::server;
    use crate::services::{refs::Named, subject, time_entries, week};
    use chrono::Duration;
    let mut problems = Vec::new();
    let mut bad = |field: &str, message: &str| {
        problems.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    let day = input::date(&date);
    if day.is_none() {
        bad("date", "Enter a date.");
    }
    let start = input::time_of_day(&from);
    if start.is_none() {
        bad("from", "Enter a start time like 09:00.");
    }
    let end = input::time_of_day(&to);
    let length = input::duration(&duration);
    if length.is_err() {
        bad("duration", "Enter a duration like 1:30.");
    } else if end.is_none() && !matches!(length, Ok(Some(_))) {
        bad("to", "Enter an end time or a duration like 1:30.");
    }
    let break_minutes = input::minutes(&break_minutes).ok();
    if break_minutes.is_none() {
        bad("break_minutes", "The break is a number of minutes.");
    }
    let project = opt_id(&project_id)?;
    if project.is_none() && id.trim().is_empty() {
        bad("project_id", "Choose a project.");
    }
    if !problems.is_empty() {
        return Err(server::fail(AppError::Invalid(problems)));
    }
    let db = server::db()?;
    let actor = server::actor().await?;
    // Times are read in the zone of the person whose week it is.
    let (person, tz) = subject::subject(&db, &actor, opt_id(&user)?).await?;
    let (from, to) = match (day, start, end, length) {
        (Some(day), Some(start), Some(end), _) => week::local_span(tz, day, start, end),
        (Some(day), Some(start), None, Ok(Some(minutes))) => {
            let from = crate::services::reports::local_time(tz, day, start);
            (from, from + Duration::minutes(minutes))
        }
        _ => return Err(server::fail(AppError::Internal)),
    };
    let input = time_entries::TimeEntryInput {
        project: project.map(|p| Named::id("project_id", p)),
        task: Some(opt_id(&task_id)?.map(|t| Named::id("task_id", t))),
        from: Some(from),
        to: Some(to),
        break_minutes,
        billable: Some(billable.is_some()),
        tags: Some(details.clone()),
        details: Some(details),
        ..Default::default()
    };
    match opt_id(&id)? {
        Some(existing) => {
            time_entries::update(&db, &actor, existing, input).await?;
        }
        None => {
            let user = Named::id("user", person);
            time_entries::create(
                &db,
                &actor,
                time_entries::TimeEntryInput {
                    user: Some(user),
                    ..input
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Starts the signed-in person's timer on the entry's project, task, details and tags.
#[server(endpoint = "continue_entry")]
pub async fn continue_entry(id: i64) -> Result<(), AppError> {
    use crate::server;
    let (db, actor) = (server::db()?, server::actor().await?);
    crate::services::timers::continue_entry(&db, &actor, id).await?;
    Ok(())
}

#[server(endpoint = "delete_entry")]
pub async fn delete_entry(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::time_entries::delete(&server::db()?, &server::actor().await?, id).await?)
}

/// The form's fields, filled for editing and cleared after saving.
#[derive(Clone, Copy)]
struct Draft {
    id: RwSignal<String>,
    /// Empty for the signed-in user's own week, else the team member's id.
    user: RwSignal<String>,
    date: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    break_minutes: RwSignal<String>,
    project: RwSignal<String>,
    task: RwSignal<String>,
    details: RwSignal<String>,
    billable: RwSignal<bool>,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            id: RwSignal::new(String::new()),
            user: RwSignal::new(String::new()),
            date: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            break_minutes: RwSignal::new("0".into()),
            project: RwSignal::new(String::new()),
            task: RwSignal::new(String::new()),
            details: RwSignal::new(String::new()),
            billable: RwSignal::new(true),
        }
    }

    fn load(&self, e: &WeekEntry) {
        self.id.set(e.id.to_string());
        self.date.set(e.date.clone());
        self.from.set(e.from_time.clone());
        self.to.set(e.to_time.clone());
        self.break_minutes.set(e.break_minutes.to_string());
        self.project.set(e.project_id.to_string());
        self.task
            .set(e.task_id.map(|t| t.to_string()).unwrap_or_default());
        self.details.set(e.details.clone());
        self.billable.set(e.billable);
    }

    /// "Duplicate": the form filled with the entry as a new one on `today`.
    fn duplicate(&self, e: &WeekEntry, today: &str) {
        self.load(e);
        self.id.set(String::new());
        self.date.set(today.to_string());
    }

    fn clear(&self, today: &str) {
        self.id.set(String::new());
        self.date.set(today.to_string());
        self.from.set(String::new());
        self.to.set(String::new());
        self.break_minutes.set("0".into());
        self.task.set(String::new());
        self.details.set(String::new());
        self.billable.set(true);
    }
}

#[component]
pub fn TimePage() -> impl IntoView {
    view! {
        <SignInGate />
        <Week />
    }
}

#[component]
fn Week() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let changed = EntriesChanged::get();
    let save = ServerAction::<SaveEntry>::new();
    let remove = ServerAction::<DeleteEntry>::new();
    let resume = ServerAction::<ContinueEntry>::new();
    let undo = ServerAction::<UndoDelete>::new();
    let asked = RwSignal::new(None::<i64>);
    let timer_changed = TimerChanged::get();
    Effect::new(move |_| {
        if let Some(Ok(())) = resume.value().get() {
            timer_changed.update(|c| *c += 1);
        }
    });
    let week = Resource::new(
        move || {
            (
                query.read().get("week").unwrap_or_default(),
                query.read().get("user").unwrap_or_default(),
                save.version().get(),
                remove.version().get(),
                undo.version().get(),
                changed.get(),
            )
        },
        |(day, user, ..)| load_week(day, user),
    );
    let projects = Resource::new(|| (), |_| load_projects());
    let draft = Draft::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            let today = week
                .get_untracked()
                .and_then(Result::ok)
                .map(|w| w.today)
                .unwrap_or_default();
            draft.clear(&today);
            changed.update(|c| *c += 1);
        }
    });
    view! {
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    let lang = info.as_ref().map(|s| s.lang).unwrap_or_default();
                    let me = info.and_then(|s| s.user);
                    let w = match week.await {
                        Ok(w) => w,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    if draft.date.get_untracked().is_empty() {
                        draft.date.set(w.today.clone());
                    }
                    // Another person's week keeps its `user` in every link.
                    let other = me.is_some_and(|u| u.user_id != w.user_id);
                    let who = if other { format!("&user={}", w.user_id) } else { String::new() };
                    draft.user.set(if other { w.user_id.to_string() } else { String::new() });
                    let monday = chrono::NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d").unwrap_or_default();
                    let prev = (monday - chrono::Duration::days(7)).to_string();
                    let next = (monday + chrono::Duration::days(7)).to_string();
                    view! {
                        <div class="week-head">
                            <h1>{t(lang, "time.week_of")} " " {crate::format::date(lang, &w.monday)}</h1>
                            <nav class="week-nav">
                                <a href=format!("/time?week={prev}{who}") data-shortcut="prev-week">{t(lang, "time.prev")}</a>
                                <a href=format!("/time?week={}{who}", w.today)>{t(lang, "time.today")}</a>
                                <a href=format!("/time?week={next}{who}") data-shortcut="next-week">{t(lang, "time.next")}</a>
                            </nav>
                            <PersonPicker lang action="/time" team=w.team.clone() current=w.user_id keep=("week", w.monday.clone()) />
                            <p class="week-total">
                                {t(lang, "time.week_total")} ": "
                                <strong data-testid="week-total">{hm(w.total_minutes)}</strong>
                            </p>
                        </div>
                        {move || resume.value().get().and_then(Result::err).map(|e| view! { <ErrorBox error=e lang /> })}
                        <div class="week">
                            {w
                                .days
                                .into_iter()
                                .map(|day| {
                                    let is_today = day.date == w.today;
                                    view! {
                                        <section class="day" class:today=is_today data-date=day.date.clone()>
                                            <h2>
                                                <span>{t(lang, day_key(day.weekday))} " " {crate::format::date(lang, &day.date)}</span>
                                                <span class="day-total">{hm(day.total_minutes)}</span>
                                            </h2>
                                            {if day.entries.is_empty() {
                                                view! { <p class="muted small">{t(lang, "time.none")}</p> }.into_any()
                                            } else {
                                                view! {
                                                    <ul class="entries">
                                                        {day
                                                            .entries
                                                            .into_iter()
                                                            .map(|e| {
                                                                let today = w.today.clone();
                                                                view! { <EntryRow lang e draft remove asked resume today /> }
                                                            })
                                                            .collect_view()}
                                                    </ul>
                                                }
                                                    .into_any()
                                            }}
                                        </section>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
        <UndoNotice kind="entry" asked result=remove.value() undo />
        <section class="card">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let lang = session.await.map(|s| s.lang).unwrap_or_default();
                    let list = projects.await.unwrap_or_default();
                    view! {
                        <h2>{move || if draft.id.get().is_empty() { t(lang, "time.add") } else { t(lang, "time.edit") }}</h2>
                        <EntryForm lang save draft list />
                    }
                })}
            </Transition>
        </section>
    }
}

fn day_key(weekday: u32) -> &'static str {
    [
        "day.0", "day.1", "day.2", "day.3", "day.4", "day.5", "day.6",
    ][weekday.min(6) as usize]
}

#[component]
fn EntryRow(
    lang: Lang,
    e: WeekEntry,
    draft: Draft,
    remove: ServerAction<DeleteEntry>,
    asked: RwSignal<Option<i64>>,
    resume: ServerAction<ContinueEntry>,
    today: String,
) -> impl IntoView {
    let edit = {
        let e = e.clone();
        move |_| draft.load(&e)
    };
    let duplicate = {
        let e = e.clone();
        move |_| draft.duplicate(&e, &today)
    };
    let id = e.id;
    view! {
        <li class="entry" data-entry=e.id>
            <span class="when">{e.from_time.clone()} "–" {e.to_time.clone()}</span>
            <span class="what">
                <strong>{e.project_label.clone()}</strong>
                {e.task_name.clone().map(|t| format!(" · {t}"))}
                <span class="details">{e.details.clone()}</span>
                {e.crosses_midnight.then(|| view! { <em class="muted small">" (" {t(lang, "time.continues")} ")"</em> })}
            </span>
            <span class="minutes" data-testid="entry-minutes">{hm(e.minutes_on_day)}</span>
            <span class="actions">
                <button type="button" class="small" on:click=move |_| { resume.dispatch(ContinueEntry { id }); }>
                    {t(lang, "time.continue_button")}
                </button>
                <button type="button" class="small" on:click=duplicate>{t(lang, "time.duplicate")}</button>
                <button type="button" class="small" on:click=edit>{t(lang, "time.edit_button")}</button>
                <button type="button" class="small danger" on:click=move |_| {
                    asked.set(Some(id));
                    remove.dispatch(DeleteEntry { id });
                }>
                    {t(lang, "time.delete")}
                </button>
            </span>
        </li>
    }
}

/// The fields the entry form shows errors next to.
const FORM_FIELDS: [&str; 5] = ["date", "from", "to", "break_minutes", "project_id"];

#[component]
fn EntryForm(
    lang: Lang,
    save: ServerAction<SaveEntry>,
    draft: Draft,
    list: Vec<PickerProject>,
) -> impl IntoView {
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <ActionForm action=save attr:class="form entry-form">
            <input type="hidden" name="id" prop:value=move || draft.id.get() />
            <input type="hidden" name="user" prop:value=move || draft.user.get() />
            <div class="row">
                <label>
                    {t(lang, "time.date")}
                    <input type="date" name="date" required data-shortcut="new-entry" prop:value=move || draft.date.get() on:input=move |ev| draft.date.set(event_target_value(&ev)) />
                    <FieldErr errors field="date" />
                </label>
                <label>
                    {t(lang, "time.from")}
                    <input type="time" name="from" required prop:value=move || draft.from.get() on:input=move |ev| draft.from.set(event_target_value(&ev)) />
                    <FieldErr errors field="from" />
                </label>
                <label>
                    {t(lang, "time.to")}
                    <input type="time" name="to" prop:value=move || draft.to.get() on:input=move |ev| draft.to.set(event_target_value(&ev)) />
                    <FieldErr errors field="to" />
                </label>
                <label>
                    {t(lang, "time.duration")}
                    <input name="duration" placeholder="1:30" pattern="[0-9]{1,2}:[0-5][0-9]" />
                </label>
                <label>
                    {t(lang, "time.break")}
                    <input type="number" name="break_minutes" min="0" prop:value=move || draft.break_minutes.get() on:input=move |ev| draft.break_minutes.set(event_target_value(&ev)) />
                    <FieldErr errors field="break_minutes" />
                </label>
            </div>
            <div class="row">
                {
                        let tasks_list = list.clone();
                        view! {
                            <label>
                                {t(lang, "time.project")}
                                <select name="project_id" prop:value=move || draft.project.get() on:change=move |ev| draft.project.set(event_target_value(&ev))>
                                    <option value="">"—"</option>
                                    {list
                                        .into_iter()
                                        .map(|p| {
                                            let value = p.id.to_string();
                                            let this = value.clone();
                                            view! { <option value=value selected=move || draft.project.get() == this>{p.label}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <FieldErr errors field="project_id" />
                            </label>
                            <label>
                                {t(lang, "timer.task")}
                                <select name="task_id" prop:value=move || draft.task.get() on:change=move |ev| draft.task.set(event_target_value(&ev))>
                                    <option value="">{t(lang, "timer.no_task")}</option>
                                    {move || {
                                        let pid = draft.project.get();
                                        tasks_list
                                            .iter()
                                            .find(|p| p.id.to_string() == pid)
                                            .map(|p| p.tasks.clone())
                                            .unwrap_or_default()
                                            .into_iter()
                                            .map(|(id, name)| view! { <option value=id.to_string() selected=move || draft.task.get() == id.to_string()>{name}</option> })
                                            .collect_view()
                                    }}
                                </select>
                            </label>
                        }
                    }
                <label class="grow">
                    {t(lang, "time.details")}
                    <input name="details" maxlength="5000" prop:value=move || draft.details.get() on:input=move |ev| draft.details.set(event_target_value(&ev)) />
                </label>
                <label class="check">
                    <input type="checkbox" name="billable" value="on" prop:checked=move || draft.billable.get() on:change=move |ev| draft.billable.set(event_target_checked(&ev)) />
                    {t(lang, "time.billable")}
                </label>
            </div>
            {move || {
                // Problems the form has no field for (a break longer than the entry, …) show here.
                save.value()
                    .get()
                    .and_then(Result::err)
                    .filter(|e| match e {
                        AppError::Invalid(list) => list.iter().any(|f| !FORM_FIELDS.contains(&f.field.as_str())),
                        _ => true,
                    })
                    .map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })
            }}
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "time.save")}</button>
                <Show when=move || !draft.id.get().is_empty()>
                    <button type="button" on:click=move |_| draft.clear(&draft.date.get_untracked())>{t(lang, "time.cancel")}</button>
                </Show>
            </div>
        </ActionForm>
    }
}
