//! The Attendance page: clock in, breaks, clock out; today's worked and break minutes; the
//! last month's attendances with manual add and delete. Overlaps are refused by the service.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::undo::{UndoDelete, UndoNotice};
use crate::error::AppError;
use crate::format::hm;
use crate::i18n::t;
use crate::model::{AttendancePage as PageData, AttendanceRow};
use crate::pages::session::{
    ErrorBox, Errors, FieldErr, PersonPicker, SessionResource, SignInGate,
};

#[server(endpoint = "load_attendance")]
pub async fn load_attendance(user: String) -> Result<PageData, AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::server;
    let person = opt_id(&user)?;
    Ok(crate::services::attendance_page::attendance_page(
        &server::db()?,
        &server::actor().await?,
        person,
    )
    .await?)
}

/// clock_in | break_start | break_stop | clock_out, for the person the page shows.
#[server(endpoint = "clock")]
pub async fn clock(step: String, user: String) -> Result<(), AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::server;
    use crate::services::{refs::Named, subject, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let (person, _) = subject::subject(&db, &actor, opt_id(&user)?).await?;
    let who = Named::id("user", person);
    match step.as_str() {
        "clock_in" => timers::clock_in(&db, &actor, &who, None)
            .await
            .map(|_| ())?,
        "break_start" => timers::start_break(&db, &actor, &who).await.map(|_| ())?,
        "break_stop" => timers::end_break(&db, &actor, &who).await.map(|_| ())?,
        "clock_out" => timers::clock_out(&db, &actor, &who, None, None)
            .await
            .map(|_| ())?,
        _ => {
            return Err(server::fail(AppError::Refused(
                "Unknown clock step.".into(),
            )))
        }
    }
    Ok(())
}

#[server(endpoint = "save_attendance")]
pub async fn save_attendance(
    id: String,
    user: String,
    date: String,
    from: String,
    to: String,
    break_minutes: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::error::FieldError;
    use crate::input;
    use crate::server;
    use crate::services::{attendances, refs::Named, subject, week};
    let day = input::date(&date);
    let start = input::time_of_day(&from);
    let end = input::time_of_day(&to);
    let brk = input::minutes(&break_minutes).ok();
    let mut problems = Vec::new();
    for (ok, field, message) in [
        (day.is_some(), "date", "Enter a date."),
        (start.is_some(), "from", "Enter a start time like 08:00."),
        (end.is_some(), "to", "Enter an end time like 16:30."),
        (
            brk.is_some(),
            "break_minutes",
            "The break is a number of minutes.",
        ),
    ] {
        if !ok {
            problems.push(FieldError {
                field: field.into(),
                message: message.into(),
            });
        }
    }
    let (Some(day), Some(start), Some(end)) = (day, start, end) else {
        return Err(server::fail(AppError::Invalid(problems)));
    };
    if !problems.is_empty() {
        return Err(server::fail(AppError::Invalid(problems)));
    }
    let db = server::db()?;
    let actor = server::actor().await?;
    let (person, tz) = subject::subject(&db, &actor, opt_id(&user)?).await?;
    let (from, to) = week::local_span(tz, day, start, end);
    let input = attendances::AttendanceInput {
        from: Some(from),
        to: Some(to),
        break_minutes: brk,
        notes: Some(notes),
        manual: Some(true),
        ..Default::default()
    };
    match opt_id(&id)? {
        Some(existing) => attendances::update(&db, &actor, existing, input).await?,
        None => {
            let user = Some(Named::id("user", person));
            attendances::create(&db, &actor, attendances::AttendanceInput { user, ..input }).await?
        }
    };
    Ok(())
}

#[server(endpoint = "delete_attendance")]
pub async fn delete_attendance(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::attendances::delete(&server::db()?, &server::actor().await?, id).await?)
}

/// The form's fields: empty for a new attendance, filled by a row's Edit button.
#[derive(Clone, Copy)]
struct Draft {
    id: RwSignal<String>,
    date: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    break_minutes: RwSignal<String>,
    notes: RwSignal<String>,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            id: RwSignal::new(String::new()),
            date: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            break_minutes: RwSignal::new("0".into()),
            notes: RwSignal::new(String::new()),
        }
    }

    fn load(&self, r: &AttendanceRow) {
        self.id.set(r.id.to_string());
        self.date.set(r.date.clone());
        self.from.set(r.from_time.clone());
        self.to.set(r.to_time.clone());
        self.break_minutes.set(r.break_minutes.to_string());
        self.notes.set(r.notes.clone());
    }

    fn clear(&self, today: &str) {
        self.id.set(String::new());
        self.date.set(today.to_string());
        self.from.set(String::new());
        self.to.set(String::new());
        self.break_minutes.set("0".into());
        self.notes.set(String::new());
    }
}

/// The fields the form shows errors next to; any other problem shows below the form.
const FORM_FIELDS: [&str; 4] = ["date", "from", "to", "break_minutes"];

#[component]
pub fn AttendancePage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let step = ServerAction::<Clock>::new();
    let save = ServerAction::<SaveAttendance>::new();
    let remove = ServerAction::<DeleteAttendance>::new();
    let undo = ServerAction::<UndoDelete>::new();
    let asked = RwSignal::new(None::<i64>);
    let data = Resource::new(
        move || {
            (
                query.read().get("user").unwrap_or_default(),
                step.version().get(),
                save.version().get(),
                remove.version().get(),
                undo.version().get(),
            )
        },
        |(user, ..)| load_attendance(user),
    );
    let draft = Draft::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            draft.clear(&draft.date.get_untracked());
        }
    });
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <SignInGate />
        <UndoNotice kind="attendance" asked result=remove.value() undo />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    let lang = info.as_ref().map(|s| s.lang).unwrap_or_default();
                    let me = info.and_then(|s| s.user);
                    let page = match data.await {
                        Ok(p) => p,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    if draft.date.get_untracked().is_empty() {
                        draft.date.set(page.today.clone());
                    }
                    // Empty for one's own page; a manager on a team member's page acts for them.
                    let user = if me.is_some_and(|u| u.user_id != page.user_id) { page.user_id.to_string() } else { String::new() };
                    let button = {
                        let user = user.clone();
                        move |name: &'static str, label: &'static str, class: &'static str| {
                            let user = user.clone();
                            view! {
                                <button type="button" class=class disabled=move || step.pending().get() on:click=move |_| { step.dispatch(Clock { step: name.to_string(), user: user.clone() }); }>
                                    {t(lang, label)}
                                </button>
                            }
                        }
                    };
                    let state = match (&page.clock, &page.break_since) {
                        (None, _) => view! {
                            <p data-testid="clock-state">{t(lang, "att.out")}</p>
                            <div class="row">{button("clock_in", "att.clock_in", "primary")}</div>
                        }
                            .into_any(),
                        (Some(_), None) => view! {
                            <p data-testid="clock-state">{t(lang, "att.in_since")} " " {page.clocked_in_at.clone()}</p>
                            <div class="row">
                                {button("break_start", "att.break_start", "")}
                                {button("clock_out", "att.clock_out", "danger")}
                            </div>
                        }
                            .into_any(),
                        (Some(_), Some(since)) => view! {
                            <p data-testid="clock-state">{t(lang, "att.on_break_since")} " " {since.clone()}</p>
                            <div class="row">{button("break_stop", "att.break_stop", "primary")}</div>
                        }
                            .into_any(),
                    };
                    let warnings = page.rows.iter().filter(|r| r.break_required.is_some()).count();
                    view! {
                        <div class="week-head">
                            <h1>{t(lang, "nav.attendance")}</h1>
                            <PersonPicker lang action="/attendance" team=page.team.clone() current=page.user_id />
                        </div>
                        {state}
                        {move || step.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                        <p>
                            {t(lang, "att.today")} ": " <strong data-testid="today-worked">{hm(page.today_worked_minutes)}</strong> " · "
                            {t(lang, "att.breaks")} ": " <strong data-testid="today-break">{hm(page.today_break_minutes)}</strong>
                        </p>
                        {(warnings > 0).then(|| view! {
                            <p class="warning" role="status" data-testid="break-rule-warning">
                                {t(lang, "att.rule_broken")} " (" {warnings} ")"
                            </p>
                        })}
                        <h2>{t(lang, "att.recent")}</h2>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "att.recent")>
                            <table class="attendances">
                                <thead>
                                    <tr>
                                        <th>{t(lang, "time.date")}</th>
                                        <th>{t(lang, "time.from")}</th>
                                        <th>{t(lang, "time.to")}</th>
                                        <th>{t(lang, "att.breaks")}</th>
                                        <th>{t(lang, "att.worked")}</th>
                                        <th></th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page
                                        .rows
                                        .into_iter()
                                        .map(|r| {
                                            let id = r.id;
                                            let warn = r.break_required.map(|need| format!("{} {need} min", t(lang, "att.needs_break")));
                                            let row = r.clone();
                                            view! {
                                                <tr data-attendance=r.id class:warn=r.break_required.is_some()>
                                                    <td>{crate::format::date(lang, &r.date)}</td>
                                                    <td>{r.from_time}</td>
                                                    <td>{r.to_time}</td>
                                                    <td data-testid="row-break">
                                                        {hm(r.break_minutes)}
                                                        {warn.map(|w| view! { <span class="badge warn" data-testid="row-break-warning">{w}</span> })}
                                                    </td>
                                                    <td data-testid="row-worked">{hm(r.worked_minutes)}</td>
                                                    <td class="muted small">{if r.manual { t(lang, "att.manual") } else { t(lang, "att.clock") }}</td>
                                                    <td class="actions">
                                                        <button type="button" class="small" on:click=move |_| draft.load(&row)>
                                                            {t(lang, "time.edit_button")}
                                                        </button>
                                                        <button type="button" class="small danger" on:click=move |_| {
                                                            asked.set(Some(id));
                                                            remove.dispatch(DeleteAttendance { id });
                                                        }>
                                                            {t(lang, "time.delete")}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2>{move || if draft.id.get().is_empty() { t(lang, "att.add") } else { t(lang, "att.edit") }}</h2>
                        <ActionForm action=save attr:class="form attendance-form">
                            <input type="hidden" name="id" prop:value=move || draft.id.get() />
                            <input type="hidden" name="user" value=user />
                            <div class="row">
                                <label>
                                    {t(lang, "time.date")}
                                    <input type="date" name="date" required prop:value=move || draft.date.get() on:input=move |ev| draft.date.set(event_target_value(&ev)) />
                                    <FieldErr errors field="date" />
                                </label>
                                <label>
                                    {t(lang, "time.from")}
                                    <input type="time" name="from" required prop:value=move || draft.from.get() on:input=move |ev| draft.from.set(event_target_value(&ev)) />
                                    <FieldErr errors field="from" />
                                </label>
                                <label>
                                    {t(lang, "time.to")}
                                    <input type="time" name="to" required prop:value=move || draft.to.get() on:input=move |ev| draft.to.set(event_target_value(&ev)) />
                                    <FieldErr errors field="to" />
                                </label>
                                <label>
                                    {t(lang, "time.break")}
                                    <input type="number" name="break_minutes" min="0" prop:value=move || draft.break_minutes.get() on:input=move |ev| draft.break_minutes.set(event_target_value(&ev)) />
                                    <FieldErr errors field="break_minutes" />
                                </label>
                                <label class="grow">
                                    {t(lang, "att.notes")}
                                    <input name="notes" maxlength="5000" prop:value=move || draft.notes.get() on:input=move |ev| draft.notes.set(event_target_value(&ev)) />
                                </label>
                            </div>
                            {move || {
                                save.value()
                                    .get()
                                    .and_then(Result::err)
                                    .filter(|e| match e {
                                        AppError::Invalid(list) => list.iter().any(|f| !FORM_FIELDS.contains(&f.field.as_str())),
                                        _ => true,
                                    })
                                    .map(|e| view! { <p class="error" role="alert" data-testid="attendance-error">{e.localized(lang)}</p> })
                            }}
                            <div class="row">
                                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "time.save")}</button>
                                <Show when=move || !draft.id.get().is_empty()>
                                    <button type="button" on:click=move |_| draft.clear(&draft.date.get_untracked())>{t(lang, "time.cancel")}</button>
                                </Show>
                            </div>
                        </ActionForm>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}
