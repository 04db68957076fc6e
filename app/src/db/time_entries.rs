//! `time_entries` with the names of their person, client, project, task and task list: the
//! one SELECT and the one decoder of a time entry, and the reads outside a transaction.

use super::exec::{Cells, Cost, FromCells, Param};
use super::{Db, Where};
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
    let sql = format!("{SELECT} WHERE e.account_id = $1 AND e.id = $2");
    db.row(&sql, vec![Param::Int(account_id), Param::Int(id)])
        .await
}

/// How many entries match `w` (`joins`: the tables its clauses read besides `e`).
pub async fn count(db: &Db, account_id: i64, w: &Where, joins: &str) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM time_entries e{joins} WHERE {}", w.sql);
    Ok(db
        .rows::<i64>(Cost::Long, &sql, w.params(account_id))
        .await?
        .into_iter()
        .next()
        .unwrap_or(0))
}

/// The ORDER BY of a page: on the entry's own columns, or on names of its person, project, ….
pub enum Order<'a> {
    ByEntry(&'a str),
    ByNames(&'a str),
}

/// A page of the entries matching `w` (`joins`: the tables its clauses read besides `e`),
/// ordered by `order` (SQL, from a fixed set of columns).
///
/// The page's ids are chosen from `time_entries` alone, then joined to their names: with the
/// joins in the same statement SQLite planned the names first and sorted every entry of the
/// account before taking the first thousand (a million rows for one page); alone, the entries
/// are read in the order of the `(account_id, started_at)` index and it stops at the page's end.
pub async fn page(
    db: &Db,
    account_id: i64,
    w: &Where,
    joins: &str,
    order: &Order<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<TimeEntry>, sqlx::Error> {
    let (l, o) = (w.next_placeholder(), w.next_placeholder() + 1);
    let sql = match order {
        Order::ByEntry(order) => format!(
            "{SELECT} WHERE e.account_id = $1 AND e.id IN \
             (SELECT e.id FROM time_entries e{joins} WHERE {} ORDER BY {order} LIMIT ${l} OFFSET ${o}) \
             ORDER BY {order}",
            w.sql
        ),
        Order::ByNames(order) => format!(
            "{SELECT} WHERE {} ORDER BY {order} LIMIT ${l} OFFSET ${o}",
            w.sql
        ),
    };
    let mut params = w.params(account_id);
    params.extend([Param::Int(limit), Param::Int(offset)]);
    db.rows(Cost::Long, &sql, params).await
}
