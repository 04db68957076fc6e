//! Running timers. At most one project timer and one attendance clock per user: the database's
//! unique (account_id, user_id) constraint decides, so racing starts cannot both win. The
//! server's start time is the truth every client shows.

use chrono::{DateTime, Utc};

use super::attendances::{self, AttendanceInput};
use super::refs::{self, Named};
use super::time_entries::{self, TimeEntryInput};
use super::{Actor, Checks, ServiceError, ServiceResult, TEXT_MAX};
use crate::db::conn::Reader;
use crate::db::{self, running_attendance_timers, running_project_timers, time, Conn, Db};
use crate::model::{Attendance, AttendanceTimer, RunningProjectTimer, TimeEntry};

use crate::db::names::is_unique_violation;

async fn user_id(db: &Db, actor: &Actor, user: &Named) -> ServiceResult<i64> {
    let id = refs::user(Reader::Pool(db), actor.account_id, user)
        .await?
        .id;
    actor.may_change(id, "staff may only use their own timers")?;
    Ok(id)
}

// ---- project timer ----

#[derive(Clone, Debug, Default)]
pub struct ProjectTimerInput {
    pub client: Option<Named>,
    pub project: Option<Named>,
    pub task: Option<Option<Named>>,
    pub details: Option<String>,
    pub tags: Option<String>,
    pub billable: Option<bool>,
    /// When the timer started; defaults to now.
    pub from: Option<DateTime<Utc>>,
    /// The client must be named (the TimeTrack API requires clientName; the timer widget picks
    /// the project by id alone).
    pub client_required: bool,
}

async fn load_project_timer(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
) -> ServiceResult<Option<RunningProjectTimer>> {
    Ok(running_project_timers::get(conn, account_id, user_id).await?)
}

pub async fn project_timer(
    db: &Db,
    actor: &Actor,
    user: &Named,
) -> ServiceResult<Option<RunningProjectTimer>> {
    let uid = user_id(db, actor, user).await?;
    load_project_timer(&mut *db.pool.acquire().await?, actor.account_id, uid).await
}

/// Resolves the project (and task) a timer runs on, refusing archived ones.
async fn timer_target(
    conn: &mut Conn,
    account_id: i64,
    input: &ProjectTimerInput,
) -> ServiceResult<(i64, Option<i64>)> {
    let mut c = Checks::new();
    let target = target_refs(conn, account_id, input, &mut c).await?;
    c.done()?;
    target.ok_or_else(|| ServiceError::invalid("projectName", "projectName is required."))
}

/// The project (and task) a timer names; unknown or archived ones are added to `c`, so one
/// answer names every unknown reference.
async fn target_refs(
    conn: &mut Conn,
    account_id: i64,
    input: &ProjectTimerInput,
    c: &mut Checks,
) -> ServiceResult<Option<(i64, Option<i64>)>> {
    let Some(project_ref) = input.project.as_ref() else {
        c.fail("projectName", "projectName is required.");
        return Ok(None);
    };
    let client_id = match &input.client {
        Some(cl) => match c.found(refs::client(Reader::Tx(conn), account_id, cl, true).await)? {
            Some(found) => Some(found.id),
            None => return Ok(None),
        },
        None => None,
    };
    let Some(project) =
        c.found(refs::project(Reader::Tx(conn), account_id, client_id, project_ref, true).await)?
    else {
        return Ok(None);
    };
    let task = match input.task.clone().flatten() {
        Some(t) => {
            match c.found(refs::task(Reader::Tx(conn), account_id, project.id, &t, true).await)? {
                Some(found) => Some(found.id),
                None => return Ok(None),
            }
        }
        None => None,
    };
    Ok(Some((project.id, task)))
}

fn check_timer_text(input: &ProjectTimerInput) -> ServiceResult<()> {
    let mut c = Checks::new();
    c.max_len("details", input.details.as_deref(), TEXT_MAX);
    c.max_len("tags", input.tags.as_deref(), 1000);
    if input.from.is_some_and(|f| f > Utc::now()) {
        c.fail("from", "a timer cannot start in the future.");
    }
    c.done()
}

pub async fn start_project_timer(
    db: &Db,
    actor: &Actor,
    user: Option<&Named>,
    input: ProjectTimerInput,
) -> ServiceResult<RunningProjectTimer> {
    // Every problem of the request in one answer: the texts, the user, the project and task.
    let mut c = Checks::new();
    c.found(check_timer_text(&input))?;
    let mut conn = db.pool.acquire().await?;
    let found = match user {
        Some(u) => c.found(refs::user(Reader::Tx(&mut conn), actor.account_id, u).await)?,
        None => {
            c.fail("user", "user is required.");
            None
        }
    };
    let target = target_refs(&mut conn, actor.account_id, &input, &mut c).await?;
    if input.client_required {
        c.check(
            input.client.is_some(),
            "clientName",
            "clientName is required.",
        );
    }
    c.done()?;
    let (Some(found), Some((project_id, task_id))) = (found, target) else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    let uid = found.id;
    actor.may_change(uid, "staff may only use their own timers")?;
    let fields = running_project_timers::Fields {
        project_id,
        task_id,
        started_at: input.from.map(time::to_db).unwrap_or_else(time::now),
        details: input.details.unwrap_or_default(),
        tags: input.tags.unwrap_or_default(),
        billable: input.billable.unwrap_or(true),
    };
    let inserted = running_project_timers::insert(&mut conn, actor.account_id, uid, &fields).await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::invalid(
                "user",
                "a project timer is already running for this user; stop it first.",
            ))
        }
        Err(e) => return Err(e.into()),
    }
    load_project_timer(&mut conn, actor.account_id, uid)
        .await?
        .ok_or_else(|| ServiceError::Internal("timer vanished after start".into()))
}

pub async fn update_project_timer(
    db: &Db,
    actor: &Actor,
    user: &Named,
    input: ProjectTimerInput,
) -> ServiceResult<RunningProjectTimer> {
    check_timer_text(&input)?;
    let uid = user_id(db, actor, user).await?;
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let old = load_project_timer(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(|| {
            ServiceError::invalid("user", "no project timer is running for this user.")
        })?;
    let (project_id, task_id) = if input.project.is_some() {
        timer_target(&mut tx, actor.account_id, &input).await?
    } else {
        let task_id = match &input.task {
            Some(Some(t)) => Some(
                refs::task(
                    Reader::Tx(&mut tx),
                    actor.account_id,
                    old.project_id,
                    t,
                    true,
                )
                .await?
                .id,
            ),
            Some(None) => None,
            None => old.task_id,
        };
        (old.project_id, task_id)
    };
    let fields = running_project_timers::Fields {
        project_id,
        task_id,
        started_at: input.from.map(time::to_db).unwrap_or(old.from),
        details: input.details.unwrap_or(old.details),
        tags: input.tags.unwrap_or(old.tags),
        billable: input.billable.unwrap_or(old.billable),
    };
    running_project_timers::update(&mut tx, actor.account_id, uid, &fields).await?;
    let timer = load_project_timer(&mut tx, actor.account_id, uid).await?;
    tx.commit().await?;
    timer.ok_or_else(|| ServiceError::Internal("timer vanished after update".into()))
}

/// A stored start as the person's local "YYYY-MM-DDTHH:MM".
pub async fn local_start(db: &Db, actor: &Actor, stored: &str) -> ServiceResult<String> {
    let tz = super::subject::user_tz(db, actor).await?;
    Ok(time::from_db(stored)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default())
}

/// The timer widget's edit: the project from a type-ahead line (empty keeps it), the details
/// (and the tags in them), the start as the person's local "YYYY-MM-DDTHH:MM" (empty keeps it;
/// not in the future).
pub async fn edit_running(
    db: &Db,
    actor: &Actor,
    user: &Named,
    choice: &str,
    details: &str,
    start: &str,
) -> ServiceResult<RunningProjectTimer> {
    let mut input = ProjectTimerInput {
        details: Some(details.to_string()),
        tags: Some(details.to_string()),
        ..Default::default()
    };
    let wanted = choice.trim().to_lowercase();
    if !wanted.is_empty() {
        let picked = super::pickers::choices(db, actor)
            .await?
            .into_iter()
            .find(|c| c.label.to_lowercase() == wanted)
            .ok_or_else(|| ServiceError::invalid("choice", "Choose a project from the list."))?;
        input.project = Some(Named::id("project_id", picked.project_id));
        input.task = Some(picked.task_id.map(|t| Named::id("task_id", t)));
    }
    let start = start.trim();
    if !start.is_empty() {
        let at = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").map_err(|_| {
            ServiceError::invalid("start", "start must look like 2026-11-30T08:15.")
        })?;
        let tz = super::subject::user_tz(db, actor).await?;
        let from = super::reports::local_time(tz, at.date(), at.time());
        if from > Utc::now() {
            return Err(ServiceError::invalid(
                "start",
                "start must not be in the future.",
            ));
        }
        input.from = Some(from);
    }
    update_project_timer(db, actor, user, input).await
}

/// Stops the timer and records the time entry, in one transaction: either both or neither.
pub async fn stop_project_timer(
    db: &Db,
    actor: &Actor,
    user: &Named,
    to: Option<DateTime<Utc>>,
) -> ServiceResult<TimeEntry> {
    let uid = user_id(db, actor, user).await?;
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let timer = load_project_timer(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(|| {
            ServiceError::invalid("user", "no project timer is running for this user.")
        })?;
    running_project_timers::delete(&mut tx, actor.account_id, uid).await?;
    let from = time::from_db(&timer.from).unwrap_or_else(Utc::now);
    // A timer stopped within its first minute still records a minute.
    let to = to
        .unwrap_or_else(Utc::now)
        .max(from + chrono::Duration::minutes(1));
    let entry = time_entries::create_in(
        db,
        &mut tx,
        actor,
        TimeEntryInput {
            user: Some(Named::id("user", uid)),
            project: Some(Named::id("projectName", timer.project_id)),
            task: Some(timer.task_id.map(|t| Named::id("task", t))),
            from: Some(from),
            to: Some(to),
            billable: Some(timer.billable),
            details: Some(timer.details),
            tags: Some(timer.tags),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(entry)
}

/// "Continue": starts the signed-in person's own timer on an entry they may see, with its
/// project, task, details, tags and billable flag (a manager continuing a team member's entry
/// times themselves, as in Toggl and Clockify).
pub async fn continue_entry(
    db: &Db,
    actor: &Actor,
    entry_id: i64,
) -> ServiceResult<RunningProjectTimer> {
    let me = actor.user_id.ok_or(ServiceError::Forbidden(
        "a timer belongs to a signed-in person",
    ))?;
    let e = time_entries::get(db, actor, entry_id).await?;
    let input = ProjectTimerInput {
        project: Some(Named::id("project_id", e.project_id)),
        task: Some(e.task_id.map(|t| Named::id("task_id", t))),
        details: Some(e.details),
        tags: Some(e.tags),
        billable: Some(e.billable),
        ..Default::default()
    };
    start_project_timer(db, actor, Some(&Named::id("user", me)), input).await
}

pub async fn discard_project_timer(db: &Db, actor: &Actor, user: &Named) -> ServiceResult<()> {
    let uid = user_id(db, actor, user).await?;
    let mut conn = db.pool.acquire().await?;
    if !running_project_timers::delete(&mut conn, actor.account_id, uid).await? {
        return Err(ServiceError::invalid(
            "user",
            "no project timer is running for this user.",
        ));
    }
    Ok(())
}

// ---- attendance clock ----

async fn load_clock(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
) -> ServiceResult<Option<AttendanceTimer>> {
    Ok(running_attendance_timers::get(conn, account_id, user_id).await?)
}

pub async fn attendance_timer(
    db: &Db,
    actor: &Actor,
    user: &Named,
) -> ServiceResult<Option<AttendanceTimer>> {
    let uid = user_id(db, actor, user).await?;
    load_clock(&mut *db.pool.acquire().await?, actor.account_id, uid).await
}

fn no_clock() -> ServiceError {
    ServiceError::invalid("user", "this user is not clocked in.")
}

/// Clock in. Refused while clocked in, or inside an attendance already recorded.
pub async fn clock_in(
    db: &Db,
    actor: &Actor,
    user: &Named,
    at: Option<DateTime<Utc>>,
) -> ServiceResult<AttendanceTimer> {
    let uid = user_id(db, actor, user).await?;
    let at = at.unwrap_or_else(Utc::now);
    if at > Utc::now() {
        return Err(ServiceError::invalid(
            "from",
            "cannot clock in in the future.",
        ));
    }
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let at = time::to_db(at);
    let inside = db::attendances::containing(&mut tx, actor.account_id, uid, &at).await?;
    if let Some(id) = inside {
        return Err(ServiceError::invalid(
            "from",
            format!("this time lies inside attendance {id}."),
        ));
    }
    let inserted = running_attendance_timers::insert(&mut tx, actor.account_id, uid, &at).await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::invalid(
                "user",
                "this user is clocked in already.",
            ))
        }
        Err(e) => return Err(e.into()),
    }
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    tx.commit().await?;
    Ok(clock)
}

pub async fn start_break(db: &Db, actor: &Actor, user: &Named) -> ServiceResult<AttendanceTimer> {
    let uid = user_id(db, actor, user).await?;
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    if clock.break_running_since.is_some() {
        return Err(ServiceError::invalid("user", "a break is running already."));
    }
    running_attendance_timers::start_break(&mut tx, actor.account_id, uid).await?;
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    tx.commit().await?;
    Ok(clock)
}

/// Ends the running break (if any) of `clock` at `at`: returns the breaks and their minutes.
fn close_break(clock: &AttendanceTimer, at: DateTime<Utc>) -> (Vec<(String, String)>, i64) {
    let mut breaks = clock.breaks.clone();
    let mut minutes = clock.break_minutes;
    if let Some(since) = clock.break_running_since.as_deref().and_then(time::from_db) {
        let end = at.max(since);
        minutes += (end - since).num_minutes();
        breaks.push((time::to_db(since), time::to_db(end)));
    }
    (breaks, minutes)
}

pub async fn end_break(db: &Db, actor: &Actor, user: &Named) -> ServiceResult<AttendanceTimer> {
    let uid = user_id(db, actor, user).await?;
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    if clock.break_running_since.is_none() {
        return Err(ServiceError::invalid("user", "no break is running."));
    }
    let (breaks, minutes) = close_break(&clock, Utc::now());
    running_attendance_timers::end_break(&mut tx, actor.account_id, uid, &breaks, minutes).await?;
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    tx.commit().await?;
    Ok(clock)
}

/// Clock out: records the attendance (`manual: false`) with the summed breaks, atomically
/// with ending the clock.
pub async fn clock_out(
    db: &Db,
    actor: &Actor,
    user: &Named,
    at: Option<DateTime<Utc>>,
    notes: Option<String>,
) -> ServiceResult<Attendance> {
    let uid = user_id(db, actor, user).await?;
    let mut tx = db.begin_write(Some((actor.account_id, uid))).await?;
    let clock = load_clock(&mut tx, actor.account_id, uid)
        .await?
        .ok_or_else(no_clock)?;
    let from = time::from_db(&clock.running_since).unwrap_or_else(Utc::now);
    let to = at
        .unwrap_or_else(Utc::now)
        .max(from + chrono::Duration::minutes(1));
    let (breaks, break_minutes) = close_break(&clock, to);
    // Breaks can only fill the attendance, never exceed it.
    let span = (to - from).num_minutes();
    running_attendance_timers::delete(&mut tx, actor.account_id, uid).await?;
    let attendance = attendances::create_in(
        &mut tx,
        actor,
        Some(uid),
        AttendanceInput {
            from: Some(from),
            to: Some(to),
            break_minutes: Some(break_minutes.min(span)),
            notes,
            manual: Some(false),
            ..Default::default()
        },
        &breaks,
    )
    .await?;
    tx.commit().await?;
    Ok(attendance)
}
