//! The Attendance page: clock in, breaks, clock out; today's worked and break minutes; the
//! last month's attendances with manual add and delete. Overlaps are refused by the service.

use leptos::prelude::*;

use crate::error::AppError;
use crate::format::hm;
use crate::i18n::t;
use crate::model::AttendancePage as PageData;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server]
pub async fn load_attendance() -> Result<PageData, AppError> {
    use crate::server;
    Ok(crate::services::weeks::attendance_page(&server::db()?, &server::actor().await?).await?)
}

/// clock_in | break_start | break_stop | clock_out
#[server]
pub async fn clock(step: String) -> Result<(), AppError> {
    use crate::server;
    use crate::services::{refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let me = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    match step.as_str() {
        "clock_in" => timers::clock_in(&db, &actor, &me, None).await.map(|_| ())?,
        "break_start" => timers::start_break(&db, &actor, &me).await.map(|_| ())?,
        "break_stop" => timers::end_break(&db, &actor, &me).await.map(|_| ())?,
        "clock_out" => timers::clock_out(&db, &actor, &me, None, None)
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

#[server]
pub async fn add_attendance(
    date: String,
    from: String,
    to: String,
    break_minutes: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server;
    use crate::services::{attendances, refs::Named, weeks};
    use chrono::{NaiveDate, NaiveTime};
    let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
    let start = NaiveTime::parse_from_str(from.trim(), "%H:%M").ok();
    let end = NaiveTime::parse_from_str(to.trim(), "%H:%M").ok();
    let brk = if break_minutes.trim().is_empty() {
        Some(0)
    } else {
        break_minutes.trim().parse::<i64>().ok()
    };
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
    if !problems.is_empty() {
        return Err(server::fail(AppError::Invalid(problems)));
    }
    let db = server::db()?;
    let actor = server::actor().await?;
    let tz = weeks::user_tz(&db, &actor).await?;
    let (from, to) = weeks::local_span(
        tz,
        day.expect("checked"),
        start.expect("checked"),
        end.expect("checked"),
    );
    let me = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    attendances::create(
        &db,
        &actor,
        attendances::AttendanceInput {
            user: Some(me),
            from: Some(from),
            to: Some(to),
            break_minutes: brk,
            notes: Some(notes),
            manual: Some(true),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn delete_attendance(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::attendances::delete(&server::db()?, &server::actor().await?, id).await?)
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let session = SessionResource::get();
    let step = ServerAction::<Clock>::new();
    let add = ServerAction::<AddAttendance>::new();
    let remove = ServerAction::<DeleteAttendance>::new();
    let data = Resource::new(
        move || {
            (
                step.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |_| load_attendance(),
    );
    let field_error = move |field: &'static str| {
        move || {
            add.value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.for_field(field))
                .map(|m| view! { <span class="field-error">{m}</span> })
        }
    };
    view! {
        <SignInGate />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let lang = session.await.map(|s| s.lang).unwrap_or_default();
                    let page = match data.await {
                        Ok(p) => p,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    let button = move |name: &'static str, label: &'static str, class: &'static str| {
                        view! {
                            <button type="button" class=class disabled=move || step.pending().get() on:click=move |_| { step.dispatch(Clock { step: name.to_string() }); }>
                                {t(lang, label)}
                            </button>
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
                    view! {
                        <h1>{t(lang, "nav.attendance")}</h1>
                        {state}
                        {move || step.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
                        <p>
                            {t(lang, "att.today")} ": " <strong data-testid="today-worked">{hm(page.today_worked_minutes)}</strong> " · "
                            {t(lang, "att.breaks")} ": " <strong data-testid="today-break">{hm(page.today_break_minutes)}</strong>
                        </p>
                        <h2>{t(lang, "att.recent")}</h2>
                        <div class="table-scroll">
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
                                            view! {
                                                <tr data-attendance=r.id>
                                                    <td>{r.date}</td>
                                                    <td>{r.from_time}</td>
                                                    <td>{r.to_time}</td>
                                                    <td data-testid="row-break">{hm(r.break_minutes)}</td>
                                                    <td data-testid="row-worked">{hm(r.worked_minutes)}</td>
                                                    <td class="muted small">{if r.manual { t(lang, "att.manual") } else { t(lang, "att.clock") }}</td>
                                                    <td>
                                                        <button type="button" class="small danger" on:click=move |_| { remove.dispatch(DeleteAttendance { id }); }>
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
                        <h2>{t(lang, "att.add")}</h2>
                        <ActionForm action=add attr:class="form attendance-form">
                            <div class="row">
                                <label>
                                    {t(lang, "time.date")}
                                    <input type="date" name="date" required value=page.today.clone() />
                                    {field_error("date")}
                                </label>
                                <label>
                                    {t(lang, "time.from")}
                                    <input type="time" name="from" required />
                                    {field_error("from")}
                                </label>
                                <label>
                                    {t(lang, "time.to")}
                                    <input type="time" name="to" required />
                                    {field_error("to")}
                                </label>
                                <label>
                                    {t(lang, "time.break")}
                                    <input type="number" name="break_minutes" min="0" value="0" />
                                    {field_error("break_minutes")}
                                </label>
                                <label class="grow">
                                    {t(lang, "att.notes")}
                                    <input name="notes" maxlength="5000" />
                                </label>
                            </div>
                            {move || {
                                add.value()
                                    .get()
                                    .and_then(Result::err)
                                    .filter(|e| match e {
                                        AppError::Invalid(list) => list.iter().any(|f| !["date", "from", "to", "break_minutes"].contains(&f.field.as_str())),
                                        _ => true,
                                    })
                                    .map(|e| view! { <p class="error" role="alert" data-testid="attendance-error">{e.to_string()}</p> })
                            }}
                            <div class="row">
                                <button type="submit" class="primary" disabled=move || add.pending().get()>{t(lang, "time.save")}</button>
                            </div>
                        </ActionForm>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}
