//! The project timer in the header: type or pick a project and task (recent combinations first), start, see it
//! tick every second, stop. The server's start time is the truth: the widget polls every few
//! seconds, so another tab or a timer started through the API shows up without a reload.

use leptos::prelude::*;

use crate::error::AppError;
use crate::format::clock;
use crate::i18n::{t, Lang};
use crate::model::{PickerChoice, RunningProjectTimer, SessionInfo, TimeEntry, TimerView};

#[server(endpoint = "load_timer")]
pub async fn load_timer() -> Result<TimerView, AppError> {
    use crate::server;
    use crate::services::{refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let user = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    let timer = timers::project_timer(&db, &actor, &user).await?;
    let started_local = match &timer {
        Some(t) => timers::local_start(&db, &actor, &t.from).await?,
        None => String::new(),
    };
    Ok(TimerView {
        timer,
        server_now_ms: chrono::Utc::now().timestamp_millis(),
        started_local,
    })
}

/// The type-ahead lines; loaded with the page and after a start or stop, not on every poll.
#[server(endpoint = "load_choices")]
pub async fn load_choices() -> Result<Vec<PickerChoice>, AppError> {
    use crate::server;
    Ok(crate::services::pickers::choices(&server::db()?, &server::actor().await?).await?)
}

/// Form text → optional id ("" means none).
pub fn opt_id(s: &str) -> Result<Option<i64>, AppError> {
    crate::input::id(s).map_err(|_| {
        let refused = AppError::Refused("That choice is not valid.".into());
        #[cfg(feature = "ssr")]
        let refused = crate::server::fail(refused);
        refused
    })
}

/// Starts a timer on the type-ahead line `choice` ("Client / Project" or "… · Task").
#[server(endpoint = "start_timer")]
pub async fn start_timer(choice: String, details: String) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::server;
    use crate::services::{pickers, refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let wanted = choice.trim().to_lowercase();
    let Some(picked) = pickers::choices(&db, &actor)
        .await?
        .into_iter()
        .find(|c| c.label.to_lowercase() == wanted)
    else {
        return Err(server::fail(AppError::Invalid(vec![FieldError {
            field: "choice".into(),
            message: "Choose a project from the list.".into(),
        }])));
    };
    let user = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    let input = timers::ProjectTimerInput {
        project: Some(Named::id("project_id", picked.project_id)),
        task: Some(picked.task_id.map(|t| Named::id("task_id", t))),
        tags: Some(details.clone()),
        details: Some(details),
        ..Default::default()
    };
    timers::start_project_timer(&db, &actor, Some(&user), input).await?;
    Ok(())
}

#[server(endpoint = "stop_timer")]
pub async fn stop_timer() -> Result<TimeEntry, AppError> {
    use crate::server;
    use crate::services::{refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let user = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    Ok(timers::stop_project_timer(&db, &actor, &user, None).await?)
}

/// Changes the running timer: its project (a type-ahead line; empty keeps it), its details
/// and tags, and its start ("YYYY-MM-DDTHH:MM" in the person's zone; empty keeps it).
#[server(endpoint = "edit_timer")]
pub async fn edit_timer(choice: String, details: String, start: String) -> Result<(), AppError> {
    use crate::server;
    use crate::services::{refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let user = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    timers::edit_running(&db, &actor, &user, &choice, &details, &start).await?;
    Ok(())
}

/// Throws the running timer away without an entry.
#[server(endpoint = "discard_timer")]
pub async fn discard_timer() -> Result<(), AppError> {
    use crate::server;
    use crate::services::{refs::Named, timers};
    let db = server::db()?;
    let actor = server::actor().await?;
    let user = Named::id("user", actor.user_id.ok_or(AppError::Unauthorized)?);
    Ok(timers::discard_project_timer(&db, &actor, &user).await?)
}

/// Bumped whenever time entries change, so open lists refetch.
#[derive(Clone, Copy)]
pub struct EntriesChanged(pub RwSignal<u32>);

impl EntriesChanged {
    pub fn provide() {
        provide_context(EntriesChanged(RwSignal::new(0)));
    }
    pub fn get() -> RwSignal<u32> {
        expect_context::<EntriesChanged>().0
    }
}

/// Bumped when a page starts or changes the timer (continuing an entry), so the widget
/// reloads at once instead of at its next poll.
#[derive(Clone, Copy)]
pub struct TimerChanged(pub RwSignal<u32>);

impl TimerChanged {
    pub fn provide() {
        provide_context(TimerChanged(RwSignal::new(0)));
    }
    pub fn get() -> RwSignal<u32> {
        expect_context::<TimerChanged>().0
    }
}

fn millis_of(ts: &str) -> f64 {
    chrono::DateTime::parse_from_rfc3339(ts)
        .map(|t| t.timestamp_millis() as f64)
        .unwrap_or(0.0)
}

/// The timer's resources and actions. They are created once, by the header, outside any
/// `Suspense`: a resource created inside a suspended block would be created again on every
/// re-render and break hydration.
#[derive(Clone, Copy)]
pub struct TimerHandles {
    start: ServerAction<StartTimer>,
    stop: ServerAction<StopTimer>,
    discard: ServerAction<DiscardTimer>,
    edit: ServerAction<EditTimer>,
    /// Whether the edit form is open: kept here, so a refetch of the timer (every poll)
    /// neither closes it nor hides its error.
    editing: RwSignal<bool>,
    timer: Resource<Result<TimerView, AppError>>,
    choices: Resource<Result<Vec<PickerChoice>, AppError>>,
    now_ms: RwSignal<f64>,
    offset_ms: RwSignal<f64>,
}

async fn signed_in(session: Resource<Result<SessionInfo, AppError>>) -> bool {
    session.await.ok().is_some_and(|s| s.user.is_some())
}

impl TimerHandles {
    /// `session` says whether someone is signed in: only then is the timer loaded and polled
    /// (a signed-out visitor's page asks for nothing, so its status is not a 401).
    pub fn new(session: Resource<Result<SessionInfo, AppError>>) -> TimerHandles {
        let start = ServerAction::<StartTimer>::new();
        let stop = ServerAction::<StopTimer>::new();
        let discard = ServerAction::<DiscardTimer>::new();
        let edit = ServerAction::<EditTimer>::new();
        let poll = RwSignal::new(0u32);
        let elsewhere = TimerChanged::get();
        let timer = Resource::new(
            move || {
                let versions = (
                    start.version().get(),
                    stop.version().get(),
                    discard.version().get(),
                    edit.version().get(),
                );
                (versions, poll.get(), elsewhere.get())
            },
            move |_| async move {
                if signed_in(session).await {
                    load_timer().await
                } else {
                    Ok(TimerView {
                        timer: None,
                        server_now_ms: 0,
                        started_local: String::new(),
                    })
                }
            },
        );
        let choices = Resource::new(
            move || (start.version().get(), stop.version().get()),
            move |_| async move {
                match signed_in(session).await {
                    true => load_choices().await,
                    false => Ok(Vec::new()),
                }
            },
        );
        let now_ms = RwSignal::new(0.0f64);
        let offset_ms = RwSignal::new(0.0f64);
        tick(session, now_ms, poll);
        follow(timer, stop, offset_ms);
        let editing = RwSignal::new(false);
        Effect::new(move |_| {
            if let Some(Ok(())) = edit.value().get() {
                editing.set(false);
            }
        });
        TimerHandles {
            start,
            stop,
            discard,
            edit,
            editing,
            timer,
            choices,
            now_ms,
            offset_ms,
        }
    }
}

/// The clock ticks every second; the timer is asked for again every 4 s while someone is
/// signed in (in the browser only).
fn tick(
    session: Resource<Result<SessionInfo, AppError>>,
    now_ms: RwSignal<f64>,
    poll: RwSignal<u32>,
) {
    let active = move || {
        session
            .get_untracked()
            .and_then(Result::ok)
            .is_some_and(|s| s.user.is_some())
    };
    let active = std::sync::Arc::new(active);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            now_ms.set(js_sys::Date::now());
            gloo_timers::callback::Interval::new(1_000, move || now_ms.set(js_sys::Date::now()))
                .forget();
            let active = active.clone();
            gloo_timers::callback::Interval::new(4_000, move || {
                if active() {
                    poll.update(|p| *p = p.wrapping_add(1));
                }
            })
            .forget();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&active, now_ms, poll);
    });
}

/// Follows the loaded timer: the server's clock offset, and the entry lists refetch when it
/// stops here or elsewhere (another tab, the API).
fn follow(
    timer: Resource<Result<TimerView, AppError>>,
    stop: ServerAction<StopTimer>,
    offset_ms: RwSignal<f64>,
) {
    let changed = EntriesChanged::get();
    Effect::new(move |_| {
        if let Some(Ok(view)) = timer.get() {
            #[cfg(feature = "hydrate")]
            offset_ms.set(view.server_now_ms as f64 - js_sys::Date::now());
            let _ = (view, offset_ms);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = stop.value().get() {
            changed.update(|c| *c += 1);
        }
    });
    let was_running = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if let Some(Ok(view)) = timer.get() {
            let running = view.timer.is_some();
            if was_running.get_untracked() == Some(true) && !running {
                changed.update(|c| *c += 1);
            }
            was_running.set(Some(running));
        }
    });
}

/// Rendered by the header outside its session `Suspense`: anything that takes a hydration id
/// (a resource, a `Transition`) inside a suspended block would be numbered differently on the
/// server, where the block renders late, than in the browser, where it renders at once.
#[component]
pub fn TimerWidget(handles: TimerHandles) -> impl IntoView {
    let session = crate::pages::session::SessionResource::get();
    let TimerHandles {
        start,
        stop,
        discard,
        edit,
        editing,
        timer,
        choices,
        now_ms,
        offset_ms,
    } = handles;
    view! {
        <div class="timer" data-testid="timer">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let lang = match session.await {
                        Ok(info) if info.user.is_some() => info.lang,
                        _ => return ().into_any(),
                    };
                    let view = match timer.await {
                        Ok(v) => v,
                        Err(_) => return ().into_any(),
                    };
                    match view.timer.clone() {
                        Some(running) => {
                            let clock = Clock { now_ms, offset_ms };
                            let choices = choices.await.unwrap_or_default();
                            view! {
                                <RunningTimer running view=view.clone() choices clock stop discard edit editing lang />
                            }
                                .into_any()
                        }
                        None => {
                            let choices = choices.await.unwrap_or_default();
                            view! {
                                <ActionForm action=start attr:class="timer-form">
                                    <input
                                        name="choice"
                                        list="timer-choices"
                                        data-shortcut="timer-project"
                                        required
                                        autocomplete="off"
                                        placeholder=t(lang, "timer.project")
                                        aria-label=t(lang, "timer.project")
                                    />
                                    <datalist id="timer-choices">
                                        {choices
                                            .iter()
                                            .map(|c| view! { <option value=c.label.clone()></option> })
                                            .collect_view()}
                                    </datalist>
                                    <input name="details" placeholder=t(lang, "timer.details") aria-label=t(lang, "timer.details") />
                                    <button type="submit" class="start" data-shortcut="start-timer" disabled=move || start.pending().get()>
                                        {t(lang, "timer.start")}
                                    </button>
                                    {move || {
                                        start
                                            .value()
                                            .get()
                                            .and_then(Result::err)
                                            .map(|e| view! { <span class="field-error" role="alert">{e.localized(lang)}</span> })
                                    }}
                                </ActionForm>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

/// The browser's clock (ticking every second) and its offset from the server's; signals of
/// the widget's handles, which live as long as the page.
#[derive(Clone, Copy)]
struct Clock {
    now_ms: RwSignal<f64>,
    offset_ms: RwSignal<f64>,
}

impl Clock {
    /// The time since `started` as "1:02:05" (before the first tick: at the server's reading).
    fn since(self, started: &str, server_now_ms: i64) -> String {
        let now = match self.now_ms.get() {
            ms if ms > 0.0 => ms + self.offset_ms.get(),
            _ => server_now_ms as f64,
        };
        clock(((now - millis_of(started)) / 1000.0).floor() as i64)
    }
}

/// The running timer: what runs, for how long, Stop and Discard, and its edit form (the
/// project as a type-ahead line, the details, the start) behind "Edit".
#[component]
fn RunningTimer(
    running: RunningProjectTimer,
    view: TimerView,
    choices: Vec<PickerChoice>,
    clock: Clock,
    stop: ServerAction<StopTimer>,
    discard: ServerAction<DiscardTimer>,
    edit: ServerAction<EditTimer>,
    editing: RwSignal<bool>,
    lang: Lang,
) -> impl IntoView {
    let label = format!(
        "{} / {}{}",
        running.client_name,
        running.project_name,
        running
            .task_name
            .as_ref()
            .map(|t| format!(" · {t}"))
            .unwrap_or_default()
    );
    let (started, server_now_ms) = (running.from.clone(), view.server_now_ms);
    view! {
        <div class="timer-running">
            <span class="dot" aria-hidden="true"></span>
            <span class="timer-what" title=running.details.clone()>{label.clone()}</span>
            <span class="timer-elapsed" data-testid="timer-elapsed">
                {move || clock.since(&started, server_now_ms)}
            </span>
            <ActionForm action=stop attr:class="inline-form">
                <button type="submit" class="stop" data-shortcut="stop-timer" disabled=move || stop.pending().get()>
                    {t(lang, "timer.stop")}
                </button>
            </ActionForm>
            <ActionForm action=discard attr:class="inline-form">
                <button type="submit" class="discard link" disabled=move || discard.pending().get()>
                    {t(lang, "timer.discard")}
                </button>
            </ActionForm>
            <details
                class="timer-edit"
                prop:open=move || editing.get()
                on:toggle=move |ev| editing.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
            >
                <summary>{t(lang, "timer.edit")}</summary>
                <ActionForm action=edit attr:class="form">
                    <label>
                        {t(lang, "timer.project")}
                        <input name="choice" list="timer-edit-choices" value=label autocomplete="off" />
                    </label>
                    <datalist id="timer-edit-choices">
                        {choices.iter().map(|c| view! { <option value=c.label.clone()></option> }).collect_view()}
                    </datalist>
                    <label>
                        {t(lang, "timer.details")}
                        <input name="details" value=running.details.clone() />
                    </label>
                    <label>
                        {t(lang, "timer.started")}
                        <input type="datetime-local" name="start" value=view.started_local.clone() />
                    </label>
                    <button type="submit" disabled=move || edit.pending().get()>{t(lang, "timer.save")}</button>
                    {move || {
                        edit.value()
                            .get()
                            .and_then(Result::err)
                            .map(|e| view! { <span class="field-error" role="alert">{e.localized(lang)}</span> })
                    }}
                </ActionForm>
            </details>
        </div>
    }
}
