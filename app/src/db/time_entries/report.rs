//! The detailed report's reads: the matching entries summed by up to two keys and the day they
//! started on, and the entries themselves in start order, a batch at a time (the downloads
//! stream them).

use super::filter::{list_where, TimeEntryFilter};
use crate::db::exec::{Cells, Cost, FromCells};
use crate::db::rollups::{RAW_AMOUNT, RAW_BILLABLE};
use crate::db::Db;

/// What a report groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Nothing,
    Client,
    Project,
    Task,
    Person,
    /// An entry with several tags counts once under each of them (and under 0 with none).
    Tag,
}

impl Key {
    /// The key's column: an id, 0 where there is none (no task, no tag).
    fn column(self) -> &'static str {
        match self {
            Key::Nothing => "0",
            Key::Client => "p.client_id",
            Key::Project => "e.project_id",
            Key::Task => "COALESCE(e.task_id, 0)",
            Key::Person => "e.user_id",
            Key::Tag => "COALESCE(tg.tag_id, 0)",
        }
    }
}

/// The sums of one pair of keys on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct SumRow {
    pub first: i64,
    pub second: i64,
    /// The start's date in the account's time zone ("YYYY-MM-DD"); for an entry whose day is
    /// not stored yet (just after an upgrade), its start as stored, which the service converts.
    pub day: String,
    pub minutes: i64,
    pub billable_minutes: i64,
    pub amount_cents: i64,
    pub entries: i64,
}

impl FromCells for SumRow {
    fn from_cells(c: &mut Cells<'_>) -> Result<SumRow, sqlx::Error> {
        Ok(SumRow {
            first: c.int()?,
            second: c.int()?,
            day: c.text()?,
            minutes: c.int()?,
            billable_minutes: c.int()?,
            amount_cents: c.int()?,
            entries: c.int()?,
        })
    }
}

/// An entry's amount in cents, rounded to the cent per entry (as an invoice's lines are), so
/// the sums here and the entries of a download add up to the same total.
pub fn entry_cents_sql() -> String {
    format!("(({RAW_AMOUNT}) + 30) / 60")
}

/// The entries matching `filter`, summed per (first key, second key, day).
pub async fn sums(
    db: &Db,
    account_id: i64,
    only_person: Option<i64>,
    filter: &TimeEntryFilter,
    keys: [Key; 2],
) -> Result<Vec<SumRow>, sqlx::Error> {
    let (w, mut joins) = list_where(only_person, filter);
    let projects = " JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id";
    if keys.contains(&Key::Client) && !joins.contains(projects) {
        joins.push_str(projects);
    }
    if keys.contains(&Key::Tag) {
        joins.push_str(
            " LEFT JOIN time_entry_tags tg ON tg.account_id = e.account_id AND tg.time_entry_id = e.id",
        );
    }
    // A constant key ("0") stays out of the GROUP BY, which reads a number as a column position.
    let day = "CASE WHEN e.account_day <> '' THEN e.account_day ELSE e.started_at END";
    let group: Vec<&str> = keys
        .iter()
        .filter(|k| **k != Key::Nothing)
        .map(|k| k.column())
        .chain([day])
        .collect();
    let sql = format!(
        "SELECT {first} AS k1, {second} AS k2, {day} AS d,
            CAST(SUM(e.worked_minutes) AS BIGINT), CAST(SUM({RAW_BILLABLE}) AS BIGINT),
            CAST(SUM({cents}) AS BIGINT), COUNT(*)
         FROM time_entries e{joins} WHERE {cond}
         GROUP BY {group}",
        first = keys[0].column(),
        second = keys[1].column(),
        cents = entry_cents_sql(),
        cond = w.sql,
        group = group.join(", "),
    );
    db.rows(Cost::Long, &sql, w.params(account_id)).await
}
