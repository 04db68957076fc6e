//! Which entries a list reads and in what order: the WHERE clause, the joins its filters need
//! and the ORDER BY, built from a [`TimeEntryFilter`].

use chrono::{DateTime, Duration, Utc};

use crate::db::{time, Where};

/// The longest a single entry may span (the services refuse longer ones; the range filter
/// relies on it).
pub const MAX_SPAN_DAYS: i64 = 14;

#[derive(Clone, Debug, Default)]
pub struct TimeEntryFilter {
    pub client_name: Option<String>,
    pub project_name: Option<String>,
    pub username: Option<String>,
    pub client_id: Option<i64>,
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
    /// Entries after this start and id in start order (a keyset: the downloads read their
    /// entries a batch at a time without an OFFSET that rereads every batch before it).
    pub after: Option<(String, i64)>,
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

    /// Whether the order reads only the entry's own columns (no names).
    pub(super) fn by_entry(self) -> bool {
        matches!(self, Sort::Date | Sort::DateUpdated)
    }
}

/// The ORDER BY of a list: the sort column, then start and id as tie-breakers.
pub(super) fn order(filter: &TimeEntryFilter) -> String {
    let direction = if filter.descending { "DESC" } else { "ASC" };
    // The start's column once: SQLite reads a repeated ORDER BY term as a second key and sorts
    // the page again instead of taking the index's order.
    match filter.sort.column() {
        "e.started_at" => format!("e.started_at {direction}, e.id {direction}"),
        column => format!("{column} {direction}, e.started_at {direction}, e.id {direction}"),
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
    if let Some((at, id)) = &filter.after {
        w.text_int(
            "(e.started_at > {t} OR (e.started_at = {t} AND e.id > {i}))",
            at.clone(),
            *id,
        );
    }
    if let Some(v) = &filter.details {
        w.text(
            "fold_case(e.details) LIKE {} ESCAPE '\\'",
            crate::services::contains_pattern(v),
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

/// The WHERE clause of a list and the joins its filters read; `only_person` narrows it to one
/// person's entries (staff see their own only).
pub(super) fn list_where(only_person: Option<i64>, filter: &TimeEntryFilter) -> (Where, String) {
    let mut w = Where::new(if filter.include_deleted {
        "e.account_id = $1"
    } else {
        "e.account_id = $1 AND e.deleted_at IS NULL"
    });
    if let Some(person) = only_person {
        w.int("e.user_id = {}", person);
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
    if let Some(v) = filter.client_id {
        w.int("p.client_id = {}", v);
        projects = true;
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
    for (wanted, join) in [
        (
            users,
            " JOIN users u ON u.id = e.user_id AND u.account_id = e.account_id",
        ),
        (
            projects,
            " JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id",
        ),
        (
            clients,
            " JOIN clients c ON c.id = p.client_id AND c.account_id = e.account_id",
        ),
        (
            tasks,
            " JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id",
        ),
    ] {
        if wanted {
            joins.push_str(join);
        }
    }
    (w, joins)
}
