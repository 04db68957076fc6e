//! Absences: a person's month as a calendar (weekends, public holidays, absences by type colour,
//! pending ones hatched), requesting days by selecting them, the paid-leave balance, the year's
//! list, and the personal calendar feed; the team's month for managers with approve / reject.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::undo::{UndoDelete, UndoNotice};
use crate::error::AppError;
use crate::format;
use crate::i18n::{t, Lang};
use crate::model::{
    Absence, AbsenceMonth, AbsenceTypeChoice, CalendarDay, LeaveBalance, TeamMonth, TeamRow,
};
use crate::pages::session::{
    ErrorBox, Errors, FieldErr, Forbidden, PersonPicker, SessionResource, SignInGate,
};

mod month_grid;
use month_grid::{ink, status_text, MonthGrid, Selection};

#[server(endpoint = "load_absence_month")]
pub async fn load_absence_month(month: String, user: String) -> Result<AbsenceMonth, AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::server;
    let person = opt_id(&user)?;
    Ok(
        crate::services::calendar::month(&server::db()?, &server::actor().await?, &month, person)
            .await?,
    )
}

/// A request for the person the page shows (staff: themselves). Managers' own requests wait for
/// a decision like everyone's.
#[server(endpoint = "request_absence")]
pub async fn request_absence(
    user: String,
    absence_type: String,
    from: String,
    to: String,
    half_day: Option<String>,
    notes: String,
) -> Result<(), AppError> {
    use crate::components::timer_widget::opt_id;
    use crate::server;
    use crate::services::{absences, refs::Named, subject};
    let db = server::db()?;
    let actor = server::actor().await?;
    let (person, _) = subject::subject(&db, &actor, opt_id(&user)?).await?;
    let date = crate::input::date;
    absences::create(
        &db,
        &actor,
        absences::AbsenceInput {
            user: Some(Named::id("user", person)),
            absence_type: Some(absence_type).filter(|s| !s.trim().is_empty()),
            from: date(&from),
            to: date(&to),
            half_day: Some(half_day.is_some()),
            notes: Some(notes),
            status: None,
        },
    )
    .await?;
    Ok(())
}

#[server(endpoint = "delete_absence")]
pub async fn delete_absence(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::absences::delete(&server::db()?, &server::actor().await?, id).await?)
}

#[server(endpoint = "load_team_absences")]
pub async fn load_team_absences(month: String) -> Result<TeamMonth, AppError> {
    use crate::server;
    Ok(crate::services::calendar::team(&server::db()?, &server::actor().await?, &month).await?)
}

#[server(endpoint = "decide_absence")]
pub async fn decide_absence(id: i64, approve: bool) -> Result<(), AppError> {
    use crate::server;
    crate::services::calendar::decide(&server::db()?, &server::actor().await?, id, approve).await?;
    Ok(())
}

/// A new feed link for the signed-in person; returns the path (shown once).
#[server(endpoint = "new_calendar_feed")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    use crate::server;
    let token =
        crate::services::calendar::new_feed(&server::db()?, &server::actor().await?).await?;
    Ok(format!("/calendar/{token}.ics"))
}

#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::calendar::revoke_feed(&server::db()?, &server::actor().await?).await?)
}

fn month_links(month: &str) -> (String, String) {
    let first = crate::input::month(month).unwrap_or_default();
    let (_, last) = crate::input::month_bounds(first);
    let prev = first.pred_opt().unwrap_or(first);
    let next = last.succ_opt().unwrap_or(last);
    (
        prev.format("%Y-%m").to_string(),
        next.format("%Y-%m").to_string(),
    )
}

#[component]
pub fn AbsencesPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let request = ServerAction::<RequestAbsence>::new();
    let remove = ServerAction::<DeleteAbsence>::new();
    let undo = ServerAction::<UndoDelete>::new();
    let asked = RwSignal::new(None::<i64>);
    let new_feed = ServerAction::<NewCalendarFeed>::new();
    let revoke_feed = ServerAction::<RevokeCalendarFeed>::new();
    let data = Resource::new(
        move || {
            (
                query.read().get("month").unwrap_or_default(),
                query.read().get("user").unwrap_or_default(),
                request.version().get(),
                remove.version().get(),
                undo.version().get(),
                new_feed.version().get(),
                revoke_feed.version().get(),
            )
        },
        |(month, user, ..)| load_absence_month(month, user),
    );
    let selection = Selection {
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = request.value().get() {
            selection.from.set(String::new());
            selection.to.set(String::new());
        }
    });
    view! {
        <SignInGate />
        <UndoNotice kind="absence" asked result=remove.value() undo />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    let lang = info.as_ref().map(|s| s.lang).unwrap_or_default();
                    let me = info.and_then(|s| s.user);
                    let m = match data.await {
                        Ok(m) => m,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    let own = me.as_ref().is_some_and(|u| u.user_id == m.user_id);
                    let manager = me.as_ref().is_some_and(|u| u.role != crate::model::Role::Staff);
                    let user = if own { String::new() } else { m.user_id.to_string() };
                    let who = if own { String::new() } else { format!("&user={}", m.user_id) };
                    let (prev, next) = month_links(&m.month);
                    view! {
                        <div class="week-head">
                            <h1 id="absence-month">{t(lang, "nav.absences")} " " {format::month(lang, &m.month)}</h1>
                            <nav class="week-nav">
                                <a href=format!("/absences?month={prev}{who}")>{t(lang, "abs.prev")}</a>
                                <a href=format!("/absences?month={next}{who}")>{t(lang, "abs.next")}</a>
                                {manager.then(|| view! { <a href=format!("/absences/team?month={}", m.month)>{t(lang, "abs.team")}</a> })}
                            </nav>
                            <PersonPicker lang action="/absences" team=m.team.clone() current=m.user_id keep=("month", m.month.clone()) />
                        </div>
                        <div class="absence-layout">
                            <div>
                                <MonthGrid lang days=m.days.clone() selection labelled_by="absence-month" />
                                <p class="muted small">{t(lang, "abs.select_hint")}</p>
                                <Legend lang types=m.types.clone() />
                            </div>
                            <LeaveBox lang leave=m.leave.clone() />
                        </div>
                        <RequestForm lang request types=m.types.clone() user selection />
                        <YearList lang list=m.list.clone() manager asked remove />
                        {own.then(|| view! { <FeedLink lang active=m.feed_active new_feed revoke_feed /> })}
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}

/// What the calendar's colours and patterns mean.
#[component]
fn Legend(lang: Lang, types: Vec<AbsenceTypeChoice>) -> impl IntoView {
    view! {
        <ul class="legend">
            {types.iter().map(|k| view! { <li><span class="swatch" style=format!("background:{}", k.color)></span>{k.name.clone()}</li> }).collect_view()}
            <li><span class="swatch hatched"></span>{t(lang, "abs.pending")}</li>
            <li><span class="swatch holiday-swatch"></span>{t(lang, "abs.holiday")}</li>
        </ul>
    }
}

/// The paid-leave balance of the year.
#[component]
fn LeaveBox(lang: Lang, leave: LeaveBalance) -> impl IntoView {
    view! {
        <aside class="leave" data-testid="leave">
            <h2>{t(lang, "abs.leave")} " " {leave.year}</h2>
            <dl>
                <dt>{t(lang, "abs.entitlement")}</dt><dd data-testid="leave-entitlement">{format::days(lang, leave.entitlement)}</dd>
                <dt>{t(lang, "abs.approved")}</dt><dd data-testid="leave-approved">{format::days(lang, leave.approved)}</dd>
                <dt>{t(lang, "abs.pending")}</dt><dd data-testid="leave-pending">{format::days(lang, leave.pending)}</dd>
                <dt>{t(lang, "abs.remaining")}</dt><dd data-testid="leave-remaining"><strong>{format::days(lang, leave.remaining)}</strong></dd>
            </dl>
        </aside>
    }
}

/// The request form; a day range picked in the calendar fills its dates.
#[component]
fn RequestForm(
    lang: Lang,
    request: ServerAction<RequestAbsence>,
    types: Vec<AbsenceTypeChoice>,
    user: String,
    selection: Selection,
) -> impl IntoView {
    let errors: Errors = Signal::derive(move || request.value().get().and_then(Result::err));
    view! {
        <h2>{t(lang, "abs.request")}</h2>
        <ActionForm action=request attr:class="form absence-form">
            <input type="hidden" name="user" value=user />
            <div class="row">
                <label>
                    {t(lang, "abs.type")}
                    <select name="absence_type" required>
                        {types.iter().map(|k| view! { <option value=k.name.clone()>{k.name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldErr errors field="absenceType" />
                </label>
                <label>
                    {t(lang, "time.from")}
                    <input type="date" name="from" required prop:value=move || selection.from.get() on:input=move |ev| selection.from.set(event_target_value(&ev)) />
                    <FieldErr errors field="from" />
                </label>
                <label>
                    {t(lang, "time.to")}
                    <input type="date" name="to" required prop:value=move || selection.to.get() on:input=move |ev| selection.to.set(event_target_value(&ev)) />
                    <FieldErr errors field="to" />
                </label>
                <label class="check">
                    <input type="checkbox" name="half_day" value="on" />
                    {t(lang, "abs.half_day")}
                </label>
                <label class="grow">
                    {t(lang, "att.notes")}
                    <input name="notes" maxlength="5000" />
                </label>
            </div>
            {move || {
                request.value().get().and_then(Result::err)
                    .filter(|e| match e {
                        AppError::Invalid(list) => list.iter().any(|f| !["absenceType", "from", "to"].contains(&f.field.as_str())),
                        _ => true,
                    })
                    .map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })
            }}
            <div class="row">
                <button type="submit" class="primary" disabled=move || request.pending().get()>{t(lang, "abs.send")}</button>
            </div>
        </ActionForm>
    }
}

/// The person's absences of the year, each deletable while pending (managers: always).
#[component]
fn YearList(
    lang: Lang,
    list: Vec<Absence>,
    manager: bool,
    asked: RwSignal<Option<i64>>,
    remove: ServerAction<DeleteAbsence>,
) -> impl IntoView {
    view! {
        <h2>{t(lang, "abs.year_list")}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "abs.year_list")>
            <table class="absences">
                <thead>
                    <tr>
                        <th>{t(lang, "abs.type")}</th>
                        <th>{t(lang, "time.from")}</th>
                        <th>{t(lang, "time.to")}</th>
                        <th>{t(lang, "abs.days")}</th>
                        <th>{t(lang, "abs.status")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {list.iter().map(|a| {
                        let id = a.id;
                        let may_delete = manager || a.status == "pending";
                        let status = status_text(lang, &a.status);
                        view! {
                            <tr data-absence=a.id>
                                <td>{a.absence_type.clone()} {a.half_day.then_some(" ½")}</td>
                                <td>{format::date(lang, &a.from)}</td>
                                <td>{format::date(lang, &a.to)}</td>
                                <td data-testid="absence-days">{format::days(lang, a.days)}</td>
                                <td data-testid="absence-status" data-status=a.status.clone()>{status}</td>
                                <td>
                                    {may_delete.then(|| view! {
                                        <button type="button" class="small danger" on:click=move |_| {
                                            asked.set(Some(id));
                                            remove.dispatch(DeleteAbsence { id });
                                        }>{t(lang, "time.delete")}</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// People × days of the month, each absence a coloured cell named for screen readers.
#[component]
fn TeamGrid(lang: Lang, days: Vec<CalendarDay>, rows: Vec<TeamRow>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "abs.team")>
            <table class="team-grid">
                <thead>
                    <tr>
                        <th class="who">{t(lang, "sheet.person")}</th>
                        {days.iter().map(|d| view! {
                            <th class:off={d.weekday >= 5} class:holiday=d.holiday.is_some() title=d.holiday.clone()>
                                {d.date[8..].to_string()}
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.iter().map(|r| view! {
                        <tr data-user=r.user_id>
                            <th class="who">{r.name.clone()}</th>
                            {r.cells.iter().zip(r.off.iter()).zip(days.iter()).map(|((cell, off), d)| {
                                let holiday = d.holiday.is_some();
                                view! {
                                    <td class:off=*off class:holiday=holiday data-date=d.date.clone()>
                                        {cell.as_ref().map(|a| view! {
                                            <span
                                                class=format!("cell chip-{}", a.status)
                                                style=format!("--c:{};--ink:{}", a.color, ink(&a.color))
                                                title=format!("{} · {}", a.type_name, status_text(lang, &a.status))
                                                role="img"
                                                aria-label=format!("{} · {}", a.type_name, status_text(lang, &a.status))
                                                data-status=a.status.clone()
                                            >
                                                {a.half_day.then_some("½")}
                                            </span>
                                        })}
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn TeamAbsencesPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let decide = ServerAction::<DecideAbsence>::new();
    let data = Resource::new(
        move || {
            (
                query.read().get("month").unwrap_or_default(),
                decide.version().get(),
            )
        },
        |(month, _)| load_team_absences(month),
    );
    view! {
        <SignInGate />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let lang = session.await.map(|s| s.lang).unwrap_or_default();
                    let m = match data.await {
                        Ok(m) => m,
                        Err(AppError::Forbidden) => return view! { <Forbidden lang /> }.into_any(),
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    let (prev, next) = month_links(&m.month);
                    view! {
                        <div class="week-head">
                            <h1>{t(lang, "abs.team")} " " {format::month(lang, &m.month)}</h1>
                            <nav class="week-nav">
                                <a href=format!("/absences/team?month={prev}")>{t(lang, "abs.prev")}</a>
                                <a href=format!("/absences/team?month={next}")>{t(lang, "abs.next")}</a>
                                <a href=format!("/absences?month={}", m.month)>{t(lang, "abs.mine")}</a>
                            </nav>
                        </div>
                        <TeamGrid lang days=m.days.clone() rows=m.rows.clone() />
                        <h2>{t(lang, "abs.waiting")}</h2>
                        {if m.pending.is_empty() {
                            view! { <p class="muted">{t(lang, "abs.none_waiting")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="pending-list">
                                    {m.pending.iter().map(|a| {
                                        let id = a.id;
                                        view! {
                                            <li data-absence=a.id>
                                                <span>
                                                    <strong>{a.username.clone()}</strong> " · " {a.absence_type.clone()} " · "
                                                    {format::date(lang, &a.from)} " – " {format::date(lang, &a.to)} " · " {format::days(lang, a.days)} " " {t(lang, "abs.days")}
                                                </span>
                                                <span class="actions">
                                                    <button type="button" class="small primary" on:click=move |_| { decide.dispatch(DecideAbsence { id, approve: true }); }>{t(lang, "abs.approve")}</button>
                                                    <button type="button" class="small danger" on:click=move |_| { decide.dispatch(DecideAbsence { id, approve: false }); }>{t(lang, "abs.reject")}</button>
                                                </span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}

/// The person's calendar-feed link: make one (shown once), renew or revoke it. On the
/// absences page and the profile.
#[component]
pub fn FeedLink(
    lang: Lang,
    active: bool,
    new_feed: ServerAction<NewCalendarFeed>,
    revoke_feed: ServerAction<RevokeCalendarFeed>,
) -> impl IntoView {
    view! {
        <h2>{t(lang, "abs.feed")}</h2>
        <p class="muted small">{t(lang, "abs.feed_intro")}</p>
        {move || new_feed.value().get().and_then(Result::ok).map(|path| view! {
            <p class="secret" data-testid="feed-url">
                <code>{path}</code>
                <br />
                <span class="muted small">{t(lang, "abs.feed_once")}</span>
            </p>
        })}
        <div class="row">
            <button type="button" on:click=move |_| { new_feed.dispatch(NewCalendarFeed {}); }>
                {if active { t(lang, "abs.feed_renew") } else { t(lang, "abs.feed_create") }}
            </button>
            {active.then(|| view! {
                <button type="button" class="danger" on:click=move |_| { revoke_feed.dispatch(RevokeCalendarFeed {}); }>
                    {t(lang, "abs.feed_revoke")}
                </button>
            })}
        </div>
    }
}
