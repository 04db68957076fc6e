//! Project time entries: the rules for worked minutes, the hour-rate hierarchy, tags,
//! archived references and soft delete live here and nowhere else.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row as _;

use super::refs::{self, Named};
use super::{
    contains_pattern, fetch_live, tags, Actor, Checks, Page, Paging, Resource, ServiceError,
    ServiceResult, TEXT_MAX,
};
use crate::db::{self, time, time_entry_counts, Conn, Db, Where};
use crate::model::{Role, TimeEntry};

/// The longest a single entry may span.
pub const MAX_SPAN_DAYS: i64 = 14;

#[derive(Clone, Debug, Default)]
pub struct TimeEntryFilter {
    pub client_name: Option<String>,
    pub project_name: Option<String>,
    pub username: Option<String>,
    pub user_id: Option<i64>,
    pub project_id: Option<i64>,
    pub task_id: Option<i64>,
    pub task_list_id: Option<i64>,
    /// Entries overlapping [from, to).
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Entries starting in [started_from, started_before).
    pub started_from: Option<DateTime<Utc>>,
    pub started_before: Option<DateTime<Utc>>,
    pub details: Option<String>,
    pub billable: Option<bool>,
    /// Invoiced = carries an invoice number.
    pub invoiced: Option<bool>,
    pub project_archived: Option<bool>,
    pub include_deleted: bool,
    /// Entries with any of these tags.
    pub tag_ids: Vec<i64>,
    pub sort: Sort,
    pub descending: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Date,
    User,
    Task,
    TaskList,
    Project,
    Company,
    DateUpdated,
}

impl Sort {
    fn column(self) -> &'static str {
        match self {
            Sort::Date => "e.started_at",
            Sort::User => "u.username",
            Sort::Task => "t.name",
            Sort::TaskList => "tl.name",
            Sort::Project => "p.name",
            Sort::Company => "c.name",
            Sort::DateUpdated => "e.updated_at",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct TimeEntryInput {
    pub user: Option<Named>,
    pub client: Option<Named>,
    pub project: Option<Named>,
    /// `Some(None)` removes the task.
    pub task: Option<Option<Named>>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub break_minutes: Option<i64>,
    /// Only checked: the server computes worked minutes.
    pub worked_minutes: Option<i64>,
    pub billable: Option<bool>,
    pub flat_rate: Option<bool>,
    pub hour_rate_cents: Option<Option<i64>>,
    pub latitude: Option<Option<f64>>,
    pub longitude: Option<Option<f64>>,
    pub latitude1: Option<Option<f64>>,
    pub longitude1: Option<Option<f64>>,
    pub details: Option<String>,
    pub tags: Option<String>,
    pub invoice_number: Option<Option<String>>,
}

pub(crate) use crate::db::time_entries::SELECT;

/// A row read through sqlx inside a transaction, by the one decoder.
pub(crate) fn from_row(r: &crate::db::Row) -> Result<TimeEntry, sqlx::Error> {
    crate::db::exec::decode_any(r)
}

/// Whose entries an otherwise unfiltered list shows (`Some(None)`: the whole account), so its
/// total can come from the kept counts; `None` when any other filter applies.
fn counted_person(actor: &Actor, f: &TimeEntryFilter) -> Option<Option<i64>> {
    let unfiltered = f.client_name.is_none()
        && f.project_name.is_none()
        && f.username.is_none()
        && f.project_id.is_none()
        && f.task_id.is_none()
        && f.task_list_id.is_none()
        && f.from.is_none()
        && f.to.is_none()
        && f.started_from.is_none()
        && f.started_before.is_none()
        && f.details.is_none()
        && f.billable.is_none()
        && f.invoiced.is_none()
        && f.project_archived.is_none()
        && f.tag_ids.is_empty();
    if !unfiltered {
        return None;
    }
    let staff = (actor.role == Role::Staff).then(|| actor.user_id.unwrap_or(0));
    match (staff, f.user_id) {
        (None, None) => Some(None),
        (Some(u), None) | (None, Some(u)) => Some(Some(u)),
        (Some(a), Some(b)) if a == b => Some(Some(a)),
        _ => None,
    }
}

/// The filters on the entry's own columns (times, text, flags, tags); true when one of them
/// reads the project (so the count joins it).
fn entry_filters(w: &mut Where, filter: &TimeEntryFilter) -> bool {
    if let Some(v) = filter.from {
        w.text("e.ended_at > {}", time::to_db(v));
        // No entry spans more than MAX_SPAN_DAYS, so this bound changes no answer; it lets the
        // index on started_at seek to the window instead of scanning everything before `to`.
        w.text(
            "e.started_at > {}",
            time::to_db(v - Duration::days(MAX_SPAN_DAYS)),
        );
    }
    if let Some(v) = filter.to {
        w.text("e.started_at < {}", time::to_db(v));
    }
    if let Some(v) = filter.started_from {
        w.text("e.started_at >= {}", time::to_db(v));
    }
    if let Some(v) = filter.started_before {
        w.text("e.started_at < {}", time::to_db(v));
    }
    if let Some(v) = &filter.details {
        w.text(
            "fold_case(e.details) LIKE {} ESCAPE '\\'",
            contains_pattern(v),
        );
    }
    if let Some(v) = filter.billable {
        w.int("e.billable = {}", i64::from(v));
    }
    match filter.invoiced {
        Some(true) => w.raw("e.invoice_number IS NOT NULL AND e.invoice_number <> ''"),
        Some(false) => w.raw("(e.invoice_number IS NULL OR e.invoice_number = '')"),
        None => {}
    }
    if !filter.tag_ids.is_empty() {
        // Tag ids are parsed integers, so they can stand in the SQL text.
        let ids: Vec<String> = filter.tag_ids.iter().map(i64::to_string).collect();
        w.raw(&format!(
            "EXISTS (SELECT 1 FROM time_entry_tags tt WHERE tt.account_id = e.account_id AND tt.time_entry_id = e.id AND tt.tag_id IN ({}))",
            ids.join(", ")
        ));
    }
    if let Some(v) = filter.project_archived {
        w.int("p.archived = {}", i64::from(v));
    }
    filter.project_archived.is_some()
}

/// The WHERE clause of a list and the joins its filters read.
fn list_where(actor: &Actor, filter: &TimeEntryFilter) -> (Where, String) {
    let mut w = Where::new(if filter.include_deleted {
        "e.account_id = $1"
    } else {
        "e.account_id = $1 AND e.deleted_at IS NULL"
    });
    // Staff see their own entries only.
    if actor.role == Role::Staff {
        w.int("e.user_id = {}", actor.user_id.unwrap_or(0));
    }
    // The joins the count needs: only those a filter reads.
    let (mut users, mut projects, mut clients, mut tasks) = (false, false, false, false);
    if let Some(v) = &filter.client_name {
        w.text("c.name = {}", v.clone());
        (projects, clients) = (true, true);
    }
    if let Some(v) = &filter.project_name {
        w.text("p.name = {}", v.clone());
        projects = true;
    }
    if let Some(v) = &filter.username {
        w.text("u.username = {}", v.clone());
        users = true;
    }
    if let Some(v) = filter.user_id {
        w.int("e.user_id = {}", v);
    }
    if let Some(v) = filter.project_id {
        w.int("e.project_id = {}", v);
    }
    if let Some(v) = filter.task_id {
        w.int("e.task_id = {}", v);
    }
    if let Some(v) = filter.task_list_id {
        w.int("t.task_list_id = {}", v);
        tasks = true;
    }
    projects |= entry_filters(&mut w, filter);
    let mut joins = String::new();
    if users {
        joins.push_str(" JOIN users u ON u.id = e.user_id AND u.account_id = e.account_id");
    }
    if projects {
        joins.push_str(" JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id");
    }
    if clients {
        joins.push_str(" JOIN clients c ON c.id = p.client_id AND c.account_id = e.account_id");
    }
    if tasks {
        joins.push_str(" JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id");
    }
    (w, joins)
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &TimeEntryFilter,
    paging: Paging,
) -> ServiceResult<Page<TimeEntry>> {
    let (w, joins) = list_where(actor, filter);
    let total = match counted_person(actor, filter) {
        // Nothing but the person narrows the list: the kept counts answer exactly.
        Some(person) => {
            time_entry_counts::total(db, actor.account_id, person, filter.include_deleted).await?
        }
        None => db::time_entries::count(db, actor.account_id, &w, &joins).await?,
    };
    let direction = if filter.descending { "DESC" } else { "ASC" };
    let order = format!(
        "{} {direction}, e.started_at {direction}, e.id {direction}",
        filter.sort.column()
    );
    let order = match filter.sort {
        Sort::Date | Sort::DateUpdated => db::time_entries::Order::ByEntry(&order),
        _ => db::time_entries::Order::ByNames(&order),
    };
    let items = db::time_entries::page(
        db,
        actor.account_id,
        &w,
        &joins,
        &order,
        paging.limit,
        paging.offset(),
    )
    .await?;
    Ok(Page { items, total })
}

/// A time entry as stored, deleted or not (the Teamwork API shows deleted ones on request).
pub async fn get_any(db: &Db, actor: &Actor, id: i64) -> ServiceResult<TimeEntry> {
    let entry = db::time_entries::get(db, actor.account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::TimeEntry))?;
    if !actor.may_see(entry.user_id) {
        return Err(ServiceError::NotFound(Resource::TimeEntry));
    }
    Ok(entry)
}

pub(crate) async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<TimeEntry> {
    let sql = format!("{SELECT} WHERE e.account_id = $1 AND e.id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::TimeEntry).await?,
    )?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<TimeEntry> {
    let entry = db::time_entries::get(db, actor.account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::TimeEntry))?;
    if entry.deleted {
        return Err(ServiceError::Deleted(Resource::TimeEntry));
    }
    if !actor.may_see(entry.user_id) {
        return Err(ServiceError::NotFound(Resource::TimeEntry));
    }
    Ok(entry)
}

/// When the entry starts (stored as UTC text; `None` only for a corrupt row).
pub fn started(e: &TimeEntry) -> Option<DateTime<Utc>> {
    time::from_db(&e.from)
}

/// Worked minutes = the span minus the break; the span must be positive, not absurdly long,
/// and the break must fit. A sent `workedMinutes` must agree.
pub fn worked_minutes(
    checks: &mut Checks,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    break_minutes: i64,
    sent_worked: Option<i64>,
) -> i64 {
    if to <= from {
        checks.fail("to", "to must be after from.");
        return 0;
    }
    if to - from > Duration::days(MAX_SPAN_DAYS) {
        checks.fail(
            "to",
            format!("an entry may span at most {MAX_SPAN_DAYS} days."),
        );
        return 0;
    }
    let span = (to - from).num_minutes();
    if break_minutes < 0 {
        checks.fail("breakMinutes", "breakMinutes must not be negative.");
        return 0;
    }
    if break_minutes > span {
        checks.fail(
            "breakMinutes",
            format!("the break ({break_minutes} min) is longer than the entry ({span} min)."),
        );
        return 0;
    }
    let worked = span - break_minutes;
    if let Some(sent) = sent_worked {
        if sent != worked {
            checks.fail("workedMinutes", format!("workedMinutes must be {worked} (from–to minus the break); it is computed by the server."));
        }
    }
    worked
}

fn check_common(c: &mut Checks, input: &TimeEntryInput) {
    c.max_len("details", input.details.as_deref(), TEXT_MAX);
    c.max_len("tags", input.tags.as_deref(), 1000);
    c.max_len(
        "invoiceNumber",
        input.invoice_number.clone().flatten().as_deref(),
        100,
    );
    c.money("hourRate", input.hour_rate_cents.flatten());
    c.coordinate("latitude", input.latitude.flatten(), 90.0);
    c.coordinate("longitude", input.longitude.flatten(), 180.0);
    c.coordinate("latitude1", input.latitude1.flatten(), 90.0);
    c.coordinate("longitude1", input.longitude1.flatten(), 180.0);
}

/// The rate an entry gets when none is sent: task, then project, then client, then the user's.
pub fn default_hour_rate(
    task: Option<i64>,
    project: Option<i64>,
    client: Option<i64>,
    user: Option<i64>,
) -> Option<i64> {
    task.or(project).or(client).or(user)
}

pub async fn create(db: &Db, actor: &Actor, input: TimeEntryInput) -> ServiceResult<TimeEntry> {
    let mut tx = db.begin_write(None).await?;
    let entry = create_in(&mut tx, actor, input).await?;
    tx.commit().await?;
    Ok(entry)
}

type EntryRefs = (
    Option<refs::UserRow>,
    Option<refs::ClientRow>,
    Option<refs::ProjectRow>,
    Option<refs::TaskRow>,
);

/// The records a new entry names; unknown ones are added to `c`, so one answer names every
/// unknown reference (a project is looked for only under a client that exists, a task only in
/// a project that exists).
async fn entry_refs(
    conn: &mut Conn,
    account: i64,
    input: &TimeEntryInput,
    c: &mut Checks,
) -> ServiceResult<EntryRefs> {
    let user = match &input.user {
        Some(u) => c.found(refs::user(conn, account, u).await)?,
        None => None,
    };
    let (client, client_known) = match &input.client {
        Some(cl) => {
            let found = c.found(refs::client(conn, account, cl, true).await)?;
            let known = found.is_some();
            (found, known)
        }
        None => (None, true),
    };
    let project = match (&input.project, client_known) {
        (Some(p), true) => {
            let client_id = client.as_ref().map(|x| x.id);
            c.found(refs::project(conn, account, client_id, p, true).await)?
        }
        _ => None,
    };
    let task = match (input.task.clone().flatten(), &project) {
        (Some(t), Some(p)) => c.found(refs::task(conn, account, p.id, &t, true).await)?,
        _ => None,
    };
    Ok((user, client, project, task))
}

/// Creates an entry inside an open transaction (the project timer's stop uses this too).
pub(crate) async fn create_in(
    conn: &mut Conn,
    actor: &Actor,
    input: TimeEntryInput,
) -> ServiceResult<TimeEntry> {
    let mut c = Checks::new();
    c.check(input.user.is_some(), "user", "user is required.");
    c.check(
        input.project.is_some(),
        "projectName",
        "projectName is required.",
    );
    c.check(input.from.is_some(), "from", "from is required.");
    c.check(input.to.is_some(), "to", "to is required.");
    check_common(&mut c, &input);
    let worked = match (input.from, input.to) {
        (Some(f), Some(t)) => worked_minutes(
            &mut c,
            f,
            t,
            input.break_minutes.unwrap_or(0),
            input.worked_minutes,
        ),
        _ => 0,
    };
    let account = actor.account_id;
    let (user, client, project, task) = entry_refs(conn, account, &input, &mut c).await?;
    c.done()?;
    let (Some(user), Some(project), Some(from), Some(to)) = (user, project, input.from, input.to)
    else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    actor.may_change(user.id, "staff may only change their own time entries")?;
    let client_rate = match client {
        Some(c) => c.hour_rate_cents,
        None => {
            refs::client(
                conn,
                account,
                &Named::id("clientName", project.client_id),
                true,
            )
            .await?
            .hour_rate_cents
        }
    };
    let rate = match input.hour_rate_cents {
        Some(r) => r,
        None => default_hour_rate(
            task.as_ref().and_then(|t| t.hour_rate_cents),
            project.hour_rate_cents,
            client_rate,
            user.hour_rate_cents,
        ),
    };
    let tags_text = input.tags.unwrap_or_default();
    let now = time::now();
    let id: i64 = sqlx::query(
        "INSERT INTO time_entries (account_id, user_id, project_id, task_id, started_at, ended_at, break_minutes, worked_minutes,
            billable, flat_rate, hour_rate_cents, latitude, longitude, latitude1, longitude1, details, tags_text, invoice_number,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
    )
    .bind(account)
    .bind(user.id)
    .bind(project.id)
    .bind(task.as_ref().map(|t| t.id))
    .bind(time::to_db(from))
    .bind(time::to_db(to))
    .bind(input.break_minutes.unwrap_or(0))
    .bind(worked)
    .bind(i64::from(input.billable.unwrap_or(true)))
    .bind(i64::from(input.flat_rate.unwrap_or(false)))
    .bind(rate)
    .bind(input.latitude.flatten())
    .bind(input.longitude.flatten())
    .bind(input.latitude1.flatten())
    .bind(input.longitude1.flatten())
    .bind(input.details.unwrap_or_default())
    .bind(&tags_text)
    .bind(input.invoice_number.flatten())
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    tags::link_entry(conn, account, id, &tags_text).await?;
    load(conn, account, id).await
}

/// Partial update. The user cannot change; the project can (the Teamwork API moves entries),
/// which adapters that forbid it refuse before calling.
/// The project and task an entry moves to (its own when none is named); unknown ones are
/// added to `c` and answer None.
async fn update_refs(
    tx: &mut crate::db::Tx,
    account: i64,
    input: &TimeEntryInput,
    old: &TimeEntry,
    c: &mut Checks,
) -> ServiceResult<Option<(i64, Option<i64>)>> {
    let project_id = match &input.project {
        Some(p) => {
            let client_id = match &input.client {
                Some(cl) => match c.found(refs::client(tx, account, cl, true).await)? {
                    Some(found) => Some(found.id),
                    None => return Ok(None),
                },
                None => None,
            };
            match c.found(refs::project(tx, account, client_id, p, true).await)? {
                Some(found) => found.id,
                None => return Ok(None),
            }
        }
        None => old.project_id,
    };
    let task_id = match &input.task {
        Some(Some(t)) => match c.found(refs::task(tx, account, project_id, t, true).await)? {
            Some(found) => Some(found.id),
            None => return Ok(None),
        },
        Some(None) => None,
        // Moving to another project drops a task that does not belong there.
        None => match old.task_id {
            Some(t) if project_id != old.project_id => {
                refs::task(tx, account, project_id, &Named::id("task", t), false)
                    .await
                    .ok()
                    .map(|t| t.id)
            }
            other => other,
        },
    };
    Ok(Some((project_id, task_id)))
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: TimeEntryInput,
) -> ServiceResult<TimeEntry> {
    let mut tx = db.begin_write(None).await?;
    let account = actor.account_id;
    let old = load(&mut tx, account, id).await?;
    actor.may_change(old.user_id, "staff may only change their own time entries")?;
    let mut c = Checks::new();
    if input.user.is_some() {
        c.fail("user", "user cannot be changed.");
    }
    check_common(&mut c, &input);
    let from = input
        .from
        .unwrap_or_else(|| time::from_db(&old.from).unwrap_or_default());
    let to = input
        .to
        .unwrap_or_else(|| time::from_db(&old.to).unwrap_or_default());
    let break_minutes = input.break_minutes.unwrap_or(old.break_minutes);
    let worked = worked_minutes(&mut c, from, to, break_minutes, input.worked_minutes);
    // Unknown references are named beside the other problems, all in one answer.
    let target = update_refs(&mut tx, account, &input, &old, &mut c).await?;
    c.done()?;
    let Some((project_id, task_id)) = target else {
        return Err(ServiceError::invalid("projectName", "no such project."));
    };
    let tags_text = input.tags.clone().unwrap_or(old.tags.clone());
    sqlx::query(
        "UPDATE time_entries SET project_id = $1, task_id = $2, started_at = $3, ended_at = $4, break_minutes = $5,
            worked_minutes = $6, billable = $7, flat_rate = $8, hour_rate_cents = $9, latitude = $10, longitude = $11,
            latitude1 = $12, longitude1 = $13, details = $14, tags_text = $15, invoice_number = $16, updated_at = $17
         WHERE account_id = $18 AND id = $19",
    )
    .bind(project_id)
    .bind(task_id)
    .bind(time::to_db(from))
    .bind(time::to_db(to))
    .bind(break_minutes)
    .bind(worked)
    .bind(i64::from(input.billable.unwrap_or(old.billable)))
    .bind(i64::from(input.flat_rate.unwrap_or(old.flat_rate)))
    .bind(input.hour_rate_cents.unwrap_or(old.hour_rate_cents))
    .bind(input.latitude.unwrap_or(old.latitude))
    .bind(input.longitude.unwrap_or(old.longitude))
    .bind(input.latitude1.unwrap_or(old.latitude1))
    .bind(input.longitude1.unwrap_or(old.longitude1))
    .bind(input.details.unwrap_or(old.details))
    .bind(&tags_text)
    .bind(input.invoice_number.unwrap_or(old.invoice_number))
    .bind(time::now())
    .bind(account)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if input.tags.is_some() {
        tags::link_entry(&mut tx, account, id, &tags_text).await?;
    }
    let entry = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(entry)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own time entries")?;
    super::soft_delete(&mut tx, "time_entries", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
