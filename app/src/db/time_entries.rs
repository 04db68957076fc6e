//! `time_entries` with the names of their person, client, project, task and task list: the
//! one SELECT and the one decoder of a time entry, the lists (`filter` builds their WHERE),
//! and the writes inside a transaction (`write`).

mod filter;
mod names;
pub mod report;
pub mod views;
mod write;

pub use filter::{Sort, TimeEntryFilter, MAX_SPAN_DAYS};
pub use write::{insert, insert_if_usable, load, restore, soft_delete, update, EntryRow};

use std::sync::LazyLock;

use super::exec::{Cells, Cost, FromCells, Param};
use super::Db;
use crate::model::TimeEntry;

/// An entry with its names; `e` is the entry. Decoded by [`TimeEntry::from_cells`], in order.
pub const SELECT: &str = "SELECT e.id, e.user_id, u.username, u.first_name, u.last_name, p.client_id,
    c.name AS client_name, e.project_id, p.name AS project_name, p.archived AS project_archived, e.task_id, t.name AS task_name,
    t.task_list_id, tl.name AS task_list_name, e.started_at, e.ended_at, e.break_minutes, e.worked_minutes,
    e.billable, e.flat_rate, e.hour_rate_cents, e.latitude, e.longitude, e.latitude1, e.longitude1, e.details,
    e.tags_text, e.invoice_number, e.deleted_at, e.created_at, e.updated_at
    FROM time_entries e
    JOIN users u ON u.id = e.user_id AND u.account_id = e.account_id
    JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id
    JOIN clients c ON c.id = p.client_id AND c.account_id = e.account_id
    LEFT JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id
    LEFT JOIN task_lists tl ON tl.id = t.task_list_id AND tl.account_id = e.account_id";

impl FromCells for TimeEntry {
    fn from_cells(c: &mut Cells<'_>) -> Result<TimeEntry, sqlx::Error> {
        Ok(TimeEntry {
            id: c.int()?,
            user_id: c.int()?,
            username: c.text()?,
            first_name: c.text()?,
            last_name: c.text()?,
            client_id: c.int()?,
            client_name: c.text()?,
            project_id: c.int()?,
            project_name: c.text()?,
            project_archived: c.flag()?,
            task_id: c.opt_int()?,
            task_name: c.opt_text()?,
            task_list_id: c.opt_int()?,
            task_list_name: c.opt_text()?,
            from: c.text()?,
            to: c.text()?,
            break_minutes: c.int()?,
            worked_minutes: c.int()?,
            billable: c.flag()?,
            flat_rate: c.flag()?,
            hour_rate_cents: c.opt_int()?,
            latitude: c.opt_real()?,
            longitude: c.opt_real()?,
            latitude1: c.opt_real()?,
            longitude1: c.opt_real()?,
            details: c.text()?,
            tags: c.text()?,
            invoice_number: c.opt_text()?,
            deleted: c.opt_text()?.is_some(),
            created_at: c.text()?,
            updated_at: c.text()?,
        })
    }
}

/// One entry of the account, deleted or not.
pub async fn get(db: &Db, account_id: i64, id: i64) -> Result<Option<TimeEntry>, sqlx::Error> {
    static BY_ID: LazyLock<String> =
        LazyLock::new(|| format!("{SELECT} WHERE e.account_id = $1 AND e.id = $2"));
    static BY_IDS: LazyLock<String> =
        LazyLock::new(|| format!("{SELECT} WHERE e.account_id = $1 AND e.id = ANY($2::bigint[])"));
    db.row_by_id(&BY_ID, BY_IDS.as_str(), account_id, id).await
}

/// How many entries of the account match `filter` (`only_person`: staff see their own only).
pub async fn count(
    db: &Db,
    account_id: i64,
    only_person: Option<i64>,
    filter: &TimeEntryFilter,
) -> Result<i64, sqlx::Error> {
    let (w, joins) = filter::list_where(only_person, filter);
    let sql = format!("SELECT COUNT(*) FROM time_entries e{joins} WHERE {}", w.sql);
    Ok(db
        .rows::<i64>(Cost::Long, &sql, w.params(account_id))
        .await?
        .into_iter()
        .next()
        .unwrap_or(0))
}

/// A page of the entries matching `filter`, in its order.
///
/// Ordered by the entry's own columns, the page is read from `time_entries` alone, in the order
/// of the `(account_id, started_at)` index and stopping at the page's end, and the names of its
/// people, projects and tasks are then read by id ([`names::fill`]). With the five name joins in
/// the same statement SQLite planned the names first and sorted every entry of the account
/// before taking the first thousand; with them in a second pass over the chosen ids, each row
/// still cost five index seeks and the page a sort (see docs/performance.md).
pub async fn page(
    db: &Db,
    account_id: i64,
    only_person: Option<i64>,
    filter: &TimeEntryFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<TimeEntry>, sqlx::Error> {
    let (w, joins) = filter::list_where(only_person, filter);
    let order = filter::order(filter);
    let (l, o) = (w.next_placeholder(), w.next_placeholder() + 1);
    let mut params = w.params(account_id);
    params.extend([Param::Int(limit), Param::Int(offset)]);
    if filter.sort.by_entry() {
        let sql = format!(
            "{} WHERE {} ORDER BY {order} LIMIT ${l} OFFSET ${o}",
            names::own_from(&joins),
            w.sql
        );
        let own = db.rows::<names::Own>(Cost::Long, &sql, params).await?;
        names::fill(db, account_id, own).await
    } else {
        let sql = format!(
            "{SELECT} WHERE {} ORDER BY {order} LIMIT ${l} OFFSET ${o}",
            w.sql
        );
        db.rows(Cost::Long, &sql, params).await
    }
}
