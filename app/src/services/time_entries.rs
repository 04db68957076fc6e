//! Project time entries: the rules for worked minutes, the hour-rate hierarchy, tags,
//! archived references and soft delete live here and nowhere else.

use chrono::{DateTime, Duration, Utc};

use super::refs::{self, Named};
use super::rollups;
use super::{tags, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult, TEXT_MAX};
use crate::db::conn::Reader;
use crate::db::time_entries::EntryRow;
use crate::db::{self, time, time_entry_counts, Conn, Db};
use crate::model::{Role, TimeEntry};

pub use crate::db::time_entries::{Sort, TimeEntryFilter, MAX_SPAN_DAYS};

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
    /// The client must be named (the TimeTrack API requires clientName on create; the pages
    /// and Teamwork pick the project by id alone).
    pub client_required: bool,
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

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &TimeEntryFilter,
    paging: Paging,
) -> ServiceResult<Page<TimeEntry>> {
    let account = actor.account_id;
    // Staff see their own entries only.
    let only = (actor.role == Role::Staff).then(|| actor.user_id.unwrap_or(0));
    let (limit, offset) = (paging.limit, paging.offset());
    let items = db::time_entries::page(db, account, only, filter, limit, offset).await?;
    let total = match page_total(items.len(), limit, offset) {
        Some(total) => total,
        // Nothing but the person narrows the list: the kept counts answer exactly.
        None => match counted_person(actor, filter) {
            Some(person) => {
                time_entry_counts::total(db, account, person, filter.include_deleted).await?
            }
            None => db::time_entries::count(db, account, only, filter).await?,
        },
    };
    Ok(Page { items, total })
}

/// The exact total when the page itself shows it: a page with rows that ends before the limit
/// is the last one, so nothing follows it (a month's range of 868 entries needs no count).
/// An empty page past the first, or a full one, says nothing.
fn page_total(rows: usize, limit: i64, offset: i64) -> Option<i64> {
    let rows = i64::try_from(rows).ok()?;
    (rows < limit && (rows > 0 || offset == 0)).then_some(offset + rows)
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

/// A live entry of the account inside a transaction: 404 when it never existed, 410 when it
/// was deleted.
pub(crate) async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<TimeEntry> {
    let entry = db::time_entries::load(conn, account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::TimeEntry))?;
    if entry.deleted {
        return Err(ServiceError::Deleted(Resource::TimeEntry));
    }
    Ok(entry)
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

/// A new entry.
///
/// Its references are read before the write lock, and the insert happens only while they are
/// still usable (`insert_if_usable`), so the lock is held for the insert alone: on SQLite each
/// statement inside it is a hand-off to sqlx's worker thread, and with eight statements there
/// the lock, not the CPU, bounded creates (docs/performance.md). A reference deleted or
/// archived in between sends the create down the path that reads everything under the lock
/// and names what is wrong.
pub async fn create(db: &Db, actor: &Actor, input: TimeEntryInput) -> ServiceResult<TimeEntry> {
    let planned = plan(Reader::Pool(db), actor, input).await?;
    let account = actor.account_id;
    let mut tx = db.begin_write(None).await?;
    let day = rollups::day_of(
        rollups::zone_for_write(db, &mut tx, account).await?,
        planned.from,
    );
    let Some(id) = db::time_entries::insert_if_usable(&mut tx, account, &planned.row(&day)).await?
    else {
        let entry = create_in(db, &mut tx, actor, planned.input).await?;
        tx.commit().await?;
        return Ok(entry);
    };
    link_tags(&mut tx, account, id, planned.tags()).await?;
    tx.commit().await?;
    get(db, actor, id).await
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
    mut src: Reader<'_>,
    account: i64,
    input: &TimeEntryInput,
    c: &mut Checks,
) -> ServiceResult<EntryRefs> {
    let user = match &input.user {
        Some(u) => c.found(refs::user(src.reborrow(), account, u).await)?,
        None => None,
    };
    let (client, client_known) = match &input.client {
        Some(cl) => {
            let found = c.found(refs::client(src.reborrow(), account, cl, true).await)?;
            let known = found.is_some();
            (found, known)
        }
        None => (None, true),
    };
    let project = match (&input.project, client_known) {
        (Some(p), true) => {
            let client_id = client.as_ref().map(|x| x.id);
            c.found(refs::project(src.reborrow(), account, client_id, p, true).await)?
        }
        _ => None,
    };
    let task = match (input.task.clone().flatten(), &project) {
        (Some(t), Some(p)) => c.found(refs::task(src, account, p.id, &t, true).await)?,
        _ => None,
    };
    Ok((user, client, project, task))
}

/// A new entry as it will be written, all but its account day (which needs the account's
/// zone, read under the write lock).
struct Planned {
    user_id: i64,
    project_id: i64,
    task_id: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    worked: i64,
    hour_rate_cents: Option<i64>,
    /// The rest of the entry as it came.
    input: TimeEntryInput,
}

impl Planned {
    fn row<'a>(&'a self, account_day: &'a str) -> EntryRow<'a> {
        let i = &self.input;
        EntryRow {
            user_id: self.user_id,
            project_id: self.project_id,
            task_id: self.task_id,
            from: self.from,
            to: self.to,
            break_minutes: i.break_minutes.unwrap_or(0),
            worked_minutes: self.worked,
            billable: i.billable.unwrap_or(true),
            flat_rate: i.flat_rate.unwrap_or(false),
            hour_rate_cents: self.hour_rate_cents,
            latitude: i.latitude.flatten(),
            longitude: i.longitude.flatten(),
            latitude1: i.latitude1.flatten(),
            longitude1: i.longitude1.flatten(),
            details: i.details.as_deref().unwrap_or_default(),
            tags: self.tags(),
            invoice_number: i.invoice_number.as_ref().and_then(|n| n.as_deref()),
            account_day,
        }
    }

    fn tags(&self) -> &str {
        self.input.tags.as_deref().unwrap_or_default()
    }
}

/// Every check of a new entry and the references it names, read from `src`.
async fn plan(mut src: Reader<'_>, actor: &Actor, input: TimeEntryInput) -> ServiceResult<Planned> {
    let mut c = Checks::new();
    let worked = check_create(&mut c, &input);
    let account = actor.account_id;
    // Unknown references are named beside the other problems, all in one answer.
    let (user, client, project, task) = entry_refs(src.reborrow(), account, &input, &mut c).await?;
    c.done()?;
    let (Some(user), Some(project), Some(from), Some(to)) = (user, project, input.from, input.to)
    else {
        return Err(ServiceError::invalid("user", "user is required."));
    };
    actor.may_change(user.id, "staff may only change their own time entries")?;
    let client_rate = match client {
        Some(c) => c.hour_rate_cents,
        None => {
            let by_id = Named::id("clientName", project.client_id);
            refs::client(src, account, &by_id, true)
                .await?
                .hour_rate_cents
        }
    };
    let default_rate = default_hour_rate(
        task.as_ref().and_then(|t| t.hour_rate_cents),
        project.hour_rate_cents,
        client_rate,
        user.hour_rate_cents,
    );
    Ok(Planned {
        user_id: user.id,
        project_id: project.id,
        task_id: task.as_ref().map(|t| t.id),
        from,
        to,
        worked,
        hour_rate_cents: input.hour_rate_cents.unwrap_or(default_rate),
        input,
    })
}

/// A new entry has no links to replace: without tags there is nothing to write.
async fn link_tags(conn: &mut Conn, account: i64, id: i64, text: &str) -> ServiceResult<()> {
    if !tags::parse(text).is_empty() {
        tags::link_entry(conn, account, id, text).await?;
    }
    Ok(())
}

/// Creates an entry inside an open transaction, reading its references there (the project
/// timer's stop uses this too).
pub(crate) async fn create_in(
    db: &Db,
    conn: &mut Conn,
    actor: &Actor,
    input: TimeEntryInput,
) -> ServiceResult<TimeEntry> {
    let account = actor.account_id;
    let planned = plan(Reader::Tx(conn), actor, input).await?;
    let day = rollups::day_of(
        rollups::zone_for_write(db, conn, account).await?,
        planned.from,
    );
    let id = db::time_entries::insert(conn, account, &planned.row(&day)).await?;
    link_tags(conn, account, id, planned.tags()).await?;
    load(conn, account, id).await
}

/// Every required field and every rule on the values of a new entry, into `c`; its worked
/// minutes.
fn check_create(c: &mut Checks, input: &TimeEntryInput) -> i64 {
    if input.client_required {
        c.check(
            input.client.is_some(),
            "clientName",
            "clientName is required.",
        );
    }
    c.check(input.user.is_some(), "user", "user is required.");
    c.check(
        input.project.is_some(),
        "projectName",
        "projectName is required.",
    );
    c.check(input.from.is_some(), "from", "from is required.");
    c.check(input.to.is_some(), "to", "to is required.");
    check_common(c, input);
    match (input.from, input.to) {
        (Some(f), Some(t)) => worked_minutes(
            c,
            f,
            t,
            input.break_minutes.unwrap_or(0),
            input.worked_minutes,
        ),
        _ => 0,
    }
}

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
                Some(cl) => match c.found(refs::client(Reader::Tx(tx), account, cl, true).await)? {
                    Some(found) => Some(found.id),
                    None => return Ok(None),
                },
                None => None,
            };
            match c.found(refs::project(Reader::Tx(tx), account, client_id, p, true).await)? {
                Some(found) => found.id,
                None => return Ok(None),
            }
        }
        None => old.project_id,
    };
    let task_id = match &input.task {
        Some(Some(t)) => {
            match c.found(refs::task(Reader::Tx(tx), account, project_id, t, true).await)? {
                Some(found) => Some(found.id),
                None => return Ok(None),
            }
        }
        Some(None) => None,
        // Moving to another project drops a task that does not belong there.
        None => match old.task_id {
            Some(t) if project_id != old.project_id => refs::task(
                Reader::Tx(tx),
                account,
                project_id,
                &Named::id("task", t),
                false,
            )
            .await
            .ok()
            .map(|t| t.id),
            other => other,
        },
    };
    Ok(Some((project_id, task_id)))
}

/// Partial update. The user cannot change; the project can (the Teamwork API moves entries),
/// which adapters that forbid it refuse before calling.
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
    let from = input.from.map_or_else(|| stored_time(&old.from), Ok)?;
    let to = input.to.map_or_else(|| stored_time(&old.to), Ok)?;
    let break_minutes = input.break_minutes.unwrap_or(old.break_minutes);
    let worked = worked_minutes(&mut c, from, to, break_minutes, input.worked_minutes);
    // Unknown references are named beside the other problems, all in one answer.
    let target = update_refs(&mut tx, account, &input, &old, &mut c).await?;
    c.done()?;
    let Some((project_id, task_id)) = target else {
        return Err(ServiceError::invalid("projectName", "no such project."));
    };
    let tags_text = input.tags.clone().unwrap_or(old.tags.clone());
    let details = input.details.clone().unwrap_or(old.details.clone());
    let invoice_number = input
        .invoice_number
        .clone()
        .unwrap_or(old.invoice_number.clone());
    let account_day = rollups::day_of(rollups::zone_for_write(db, &mut tx, account).await?, from);
    let row = EntryRow {
        user_id: old.user_id,
        project_id,
        task_id,
        from,
        to,
        break_minutes,
        worked_minutes: worked,
        billable: input.billable.unwrap_or(old.billable),
        flat_rate: input.flat_rate.unwrap_or(old.flat_rate),
        hour_rate_cents: input.hour_rate_cents.unwrap_or(old.hour_rate_cents),
        latitude: input.latitude.unwrap_or(old.latitude),
        longitude: input.longitude.unwrap_or(old.longitude),
        latitude1: input.latitude1.unwrap_or(old.latitude1),
        longitude1: input.longitude1.unwrap_or(old.longitude1),
        details: &details,
        tags: &tags_text,
        invoice_number: invoice_number.as_deref(),
        account_day: &account_day,
    };
    db::time_entries::update(&mut tx, account, id, &row).await?;
    if input.tags.is_some() {
        tags::link_entry(&mut tx, account, id, &tags_text).await?;
    }
    let entry = load(&mut tx, account, id).await?;
    tx.commit().await?;
    Ok(entry)
}

/// A stored start or end: unreadable text is an error, never a date in 1970.
fn stored_time(text: &str) -> ServiceResult<DateTime<Utc>> {
    time::from_db(text)
        .ok_or_else(|| ServiceError::Internal(format!("stored time entry time {text:?}")))
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    actor.may_change(old.user_id, "staff may only change their own time entries")?;
    db::time_entries::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Undoes a delete (the "Undo" after deleting in the UI): the entry is live again, with its
/// totals (the rollups and counts follow by trigger). A live entry stays as it is.
pub async fn restore(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write(None).await?;
    let old = db::time_entries::load(&mut tx, actor.account_id, id)
        .await?
        .filter(|e| actor.may_see(e.user_id))
        .ok_or(ServiceError::NotFound(Resource::TimeEntry))?;
    actor.may_change(old.user_id, "staff may only change their own time entries")?;
    db::time_entries::restore(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::page_total;

    #[test]
    fn a_page_shows_its_total_only_when_it_is_the_last_with_rows_or_the_first() {
        assert_eq!(page_total(868, 1000, 0), Some(868));
        assert_eq!(page_total(3, 10, 20), Some(23));
        assert_eq!(page_total(0, 10, 0), Some(0));
        // A full page may have more behind it; an empty page past the first may be past the end.
        assert_eq!(page_total(10, 10, 0), None);
        assert_eq!(page_total(0, 10, 30), None);
    }
}
