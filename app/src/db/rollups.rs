//! `time_rollups` and `time_rollups_by_user` (migration 0013): the time of live entries per
//! project × task (× person) × account day, kept by triggers; `time_rollups_by_month` (0014) and
//! `time_rollups_by_user_month` (0016) hold whole months, per task or per person. A total reads whole days from the
//! rollups and the rest from the entries: the edges of a range that cuts a day in two, and the
//! entries whose day is not known yet (`account_day = ''`, before a backfill). Each part sums
//! its rows and the UNION ALL of the parts is summed again, so every total stays exact.
//! Keeping the days right (backfill, a change of zone, check, rebuild) is in [`upkeep`].

pub mod upkeep;

use super::exec::{Cells, Cost, FromCells, Param};
use super::{Backend, Db};

/// Minutes, billable and billed minutes, money (cent-minutes) and entries of a group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub minutes: i64,
    pub billable: i64,
    pub billed: i64,
    /// Cent-minutes: divided by 60 once, when shown, so rounding never adds up.
    pub amount: i64,
    pub entries: i64,
}

impl FromCells for Sums {
    fn from_cells(c: &mut Cells<'_>) -> Result<Sums, sqlx::Error> {
        Ok(Sums {
            minutes: c.int()?,
            billable: c.int()?,
            billed: c.int()?,
            amount: c.int()?,
            entries: c.int()?,
        })
    }
}

/// Which stored times a total covers, cut into whole account days and the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cut {
    /// The first and last whole account day (`YYYY-MM-DD`, either open); None: no whole day.
    pub days: Option<(Option<String>, Option<String>)>,
    /// The same whole days as stored times [from, before): entries in them whose day is not
    /// known yet are read one by one.
    pub days_at: (Option<String>, Option<String>),
    /// Stored-time ranges [from, before) read from the entries themselves.
    pub edges: Vec<(String, String)>,
}

impl Cut {
    /// Every entry, whenever it started.
    pub fn all() -> Cut {
        Cut {
            days: Some((None, None)),
            ..Cut::default()
        }
    }
}

/// Which entries count. `task_list` and `archived` join the task and the project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub user: Option<i64>,
    pub project: Option<i64>,
    pub task: Option<i64>,
    pub task_list: Option<i64>,
    pub archived: Option<bool>,
}

/// What the sums are grouped by. `Bucket` labels a rollup row with its account day and an
/// entry read one by one with its UTC hour (`YYYY-MM-DDTHH`), for the caller to fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Nothing,
    Project,
    User,
    Task,
    Bucket,
}

/// A statement's values, `$1` being the account, for the backend of `db`.
pub struct Sql {
    pub params: Vec<Param>,
    sqlite: bool,
}

impl Sql {
    pub fn new(db: &Db, account_id: i64) -> Sql {
        Sql {
            params: vec![Param::Int(account_id)],
            sqlite: db.backend == Backend::Sqlite,
        }
    }

    /// The placeholder of a new value.
    pub fn bind(&mut self, p: impl Into<Param>) -> String {
        self.params.push(p.into());
        format!("${}", self.params.len())
    }
}

pub(crate) const RAW_BILLABLE: &str = "CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END";
const RAW_BILLED: &str =
    "CASE WHEN e.invoice_number IS NOT NULL AND e.invoice_number <> '' THEN e.worked_minutes ELSE 0 END";
pub(crate) const RAW_AMOUNT: &str = "CASE WHEN e.billable = 1 THEN (CASE WHEN e.flat_rate = 1
    THEN COALESCE(e.hour_rate_cents, 0) * 60 ELSE e.worked_minutes * COALESCE(e.hour_rate_cents, 0) END) ELSE 0 END";

/// The group key of a rollup row (`r`) or an entry (`e`).
fn key(by: By, rollup: bool) -> &'static str {
    match (by, rollup) {
        (By::Nothing, _) => "0",
        (By::Project, true) => "r.project_id",
        (By::Project, false) => "e.project_id",
        (By::User, true) => "r.user_id",
        (By::User, false) => "e.user_id",
        (By::Task, true) => "r.task_id",
        (By::Task, false) => "COALESCE(e.task_id, 0)",
        (By::Bucket, true) => "r.day",
        (By::Bucket, false) => "SUBSTR(e.started_at, 1, 13)",
    }
}

/// Joins and conditions of the filter on alias `x` (`r` or `e`).
fn filtered(sql: &mut Sql, f: &Filter, x: &str) -> (String, String) {
    let (mut joins, mut cond) = (String::new(), String::new());
    if let Some(u) = f.user {
        cond.push_str(&format!(" AND {x}.user_id = {}", sql.bind(u)));
    }
    if let Some(p) = f.project {
        cond.push_str(&format!(" AND {x}.project_id = {}", sql.bind(p)));
    }
    if let Some(t) = f.task {
        cond.push_str(&format!(" AND {x}.task_id = {}", sql.bind(t)));
    }
    if let Some(l) = f.task_list {
        joins.push_str(&format!(
            " JOIN tasks t ON t.id = {x}.task_id AND t.account_id = {x}.account_id"
        ));
        cond.push_str(&format!(" AND t.task_list_id = {}", sql.bind(l)));
    }
    if let Some(a) = f.archived {
        joins.push_str(&format!(
            " JOIN projects p ON p.id = {x}.project_id AND p.account_id = {x}.account_id"
        ));
        cond.push_str(&format!(" AND p.archived = {}", sql.bind(i64::from(a))));
    }
    (joins, cond)
}

/// Which rollup table a part reads: days or whole months, per task or per person.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    PersonDays,
    Days,
    Months,
    PersonMonths,
}

/// The rollup rows of whole days (`YYYY-MM-DD`) or whole months (`YYYY-MM`), either end open.
fn rollup_part(
    sql: &mut Sql,
    f: &Filter,
    by: By,
    level: Level,
    span: (Option<&str>, Option<&str>),
) -> String {
    let (table, column) = match level {
        Level::PersonDays => ("time_rollups_by_user", "day"),
        Level::Days => ("time_rollups", "day"),
        Level::Months => ("time_rollups_by_month", "month"),
        Level::PersonMonths => ("time_rollups_by_user_month", "month"),
    };
    let (joins, mut cond) = filtered(sql, f, "r");
    if let Some(d) = span.0 {
        cond.push_str(&format!(" AND r.{column} >= {}", sql.bind(d)));
    }
    if let Some(d) = span.1 {
        cond.push_str(&format!(" AND r.{column} <= {}", sql.bind(d)));
    }
    format!(
        "SELECT {k} AS k, SUM(r.minutes) AS m, SUM(r.billable_minutes) AS b, SUM(r.billed_minutes) AS bb,
            SUM(r.amount) AS am, SUM(r.entries) AS n FROM {table} r{joins} WHERE r.account_id = $1{cond}{g}",
        k = key(by, true),
        g = group_by(by, true)
    )
}

/// A part's own GROUP BY: each part sums first, so the union holds a row per group and part
/// (summing 65 000 rollup rows through the union cost 28 ms, in place 11). Without a grouping
/// none: a constant would name a column.
fn group_by(by: By, rollup: bool) -> String {
    match by {
        By::Nothing => String::new(),
        _ => format!(" GROUP BY {}", key(by, rollup)),
    }
}

/// Entries read one by one: started in [from, before), and only those not rolled up yet when
/// `unrolled` (the literal '' lets the planner take the partial index of those).
fn raw_part(
    sql: &mut Sql,
    f: &Filter,
    by: By,
    range: (Option<&str>, Option<&str>),
    unrolled: bool,
) -> String {
    let (joins, mut cond) = filtered(sql, f, "e");
    // SQLite's planner prefers a project's or person's index (every entry of theirs, read to
    // find the few without a day: 40 ms for a project at 1 M entries) over the partial index of
    // exactly those; Postgres' statistics choose it by themselves.
    let mut table = "time_entries e";
    if unrolled {
        cond.push_str(" AND e.account_day = ''");
        if sql.sqlite {
            table = "time_entries e INDEXED BY time_entries_unrolled";
        }
    }
    if let Some(t) = range.0 {
        cond.push_str(&format!(" AND e.started_at >= {}", sql.bind(t)));
    }
    if let Some(t) = range.1 {
        cond.push_str(&format!(" AND e.started_at < {}", sql.bind(t)));
    }
    format!(
        "SELECT {k} AS k, SUM(e.worked_minutes) AS m, SUM({RAW_BILLABLE}) AS b, SUM({RAW_BILLED}) AS bb,
            SUM({RAW_AMOUNT}) AS am, COUNT(*) AS n
         FROM {table}{joins} WHERE e.account_id = $1 AND e.deleted_at IS NULL{cond}{g}",
        k = key(by, false),
        g = group_by(by, false)
    )
}

/// Whole months inside the whole days `first` … `last` (either open): the first and last month
/// (`YYYY-MM`, either open) and the days before and after them; None when no month is whole.
struct Months {
    months: (Option<String>, Option<String>),
    head: Option<(String, String)>,
    tail: Option<(String, String)>,
}

fn months_in(days: &(Option<String>, Option<String>)) -> Option<Months> {
    use chrono::{Datelike, Duration, NaiveDate};
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let month = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let start_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |d: NaiveDate| start_of(start_of(d) + Duration::days(32));
    let (mut first_month, mut head) = (None, None);
    if let Some(f) = &days.0 {
        let f = parse(f)?;
        let m = if f.day() == 1 { f } else { next_month(f) };
        if m != f {
            head = Some((f.to_string(), (m - Duration::days(1)).to_string()));
        }
        first_month = Some(m);
    }
    let (mut last_month, mut tail) = (None, None);
    if let Some(l) = &days.1 {
        let l = parse(l)?;
        let whole = (l + Duration::days(1)).day() == 1;
        let m = if whole {
            start_of(l)
        } else {
            start_of(start_of(l) - Duration::days(1))
        };
        if !whole {
            tail = Some((start_of(l).to_string(), l.to_string()));
        }
        last_month = Some(m);
    }
    if let (Some(a), Some(b)) = (first_month, last_month) {
        if a > b {
            return None;
        }
    }
    Some(Months {
        months: (first_month.map(month), last_month.map(month)),
        head,
        tail,
    })
}

/// The rollup parts of the whole days: whole months from a monthly table where the grouping
/// allows (not per day; per person only without a task, which the person's months do not
/// hold), the other days from the daily ones.
fn rollup_parts(
    sql: &mut Sql,
    f: &Filter,
    by: By,
    days: &(Option<String>, Option<String>),
) -> Vec<String> {
    let whole = (days.0.as_deref(), days.1.as_deref());
    let person = f.user.is_some() || by == By::User;
    let per_task = f.task.is_some() || f.task_list.is_some() || by == By::Task;
    let (day_level, month_level) = if person {
        (Level::PersonDays, Level::PersonMonths)
    } else {
        (Level::Days, Level::Months)
    };
    let months = if by == By::Bucket || (person && per_task) {
        None
    } else {
        months_in(days)
    };
    let Some(m) = months else {
        return vec![rollup_part(sql, f, by, day_level, whole)];
    };
    let mut parts = vec![rollup_part(
        sql,
        f,
        by,
        month_level,
        (m.months.0.as_deref(), m.months.1.as_deref()),
    )];
    for (a, b) in m.head.iter().chain(m.tail.iter()) {
        parts.push(rollup_part(sql, f, by, day_level, (Some(a), Some(b))));
    }
    parts
}

/// `SELECT k, minutes, billable, billed, amount, entries … GROUP BY k` over the cut: a
/// statement of its own, or a subquery to join names to.
pub fn grouped(sql: &mut Sql, f: &Filter, by: By, cut: &Cut) -> String {
    let mut parts = Vec::new();
    if let Some(days) = &cut.days {
        parts.extend(rollup_parts(sql, f, by, days));
        let (from, before) = (cut.days_at.0.as_deref(), cut.days_at.1.as_deref());
        parts.push(raw_part(sql, f, by, (from, before), true));
    }
    for (from, before) in &cut.edges {
        parts.push(raw_part(sql, f, by, (Some(from), Some(before)), false));
    }
    if parts.is_empty() {
        // Nothing to read: an empty group set of the same shape.
        parts.push(raw_part(sql, f, by, (Some("1"), Some("0")), false));
    }
    // A part without rows still gives one row of NULL sums when it has no GROUP BY.
    format!(
        "SELECT k, CAST(COALESCE(SUM(m), 0) AS BIGINT) AS minutes, CAST(COALESCE(SUM(b), 0) AS BIGINT) AS billable,
            CAST(COALESCE(SUM(bb), 0) AS BIGINT) AS billed, CAST(COALESCE(SUM(am), 0) AS BIGINT) AS amount,
            CAST(COALESCE(SUM(n), 0) AS BIGINT) AS entries
         FROM ({}) s GROUP BY k",
        parts.join(" UNION ALL ")
    )
}

/// A group's key and sums.
pub struct Group<K> {
    pub key: K,
    pub sums: Sums,
}

impl FromCells for Group<i64> {
    fn from_cells(c: &mut Cells<'_>) -> Result<Group<i64>, sqlx::Error> {
        Ok(Group {
            key: c.int()?,
            sums: Sums::from_cells(c)?,
        })
    }
}

impl FromCells for Group<String> {
    fn from_cells(c: &mut Cells<'_>) -> Result<Group<String>, sqlx::Error> {
        Ok(Group {
            key: c.text()?,
            sums: Sums::from_cells(c)?,
        })
    }
}

/// The sums of the cut, grouped.
pub async fn groups<K>(
    db: &Db,
    account_id: i64,
    f: &Filter,
    by: By,
    cut: &Cut,
) -> Result<Vec<Group<K>>, sqlx::Error>
where
    Group<K>: FromCells,
{
    let mut sql = Sql::new(db, account_id);
    let text = grouped(&mut sql, f, by, cut);
    db.rows(Cost::Short, &text, sql.params).await
}

/// The sums of the cut, all together.
pub async fn sums(db: &Db, account_id: i64, f: &Filter, cut: &Cut) -> Result<Sums, sqlx::Error> {
    let rows: Vec<Group<i64>> = groups(db, account_id, f, By::Nothing, cut).await?;
    Ok(rows.into_iter().next().map(|g| g.sums).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(a: Option<&str>, b: Option<&str>) -> (Option<String>, Option<String>) {
        (a.map(String::from), b.map(String::from))
    }

    #[test]
    fn whole_months_come_from_the_monthly_rollups_and_the_rest_from_the_daily() {
        let m = months_in(&days(Some("2026-01-15"), Some("2026-04-10"))).unwrap();
        assert_eq!(m.months, days(Some("2026-02"), Some("2026-03")));
        assert_eq!(m.head, Some(("2026-01-15".into(), "2026-01-31".into())));
        assert_eq!(m.tail, Some(("2026-04-01".into(), "2026-04-10".into())));
        // Exactly whole months: no days.
        let m = months_in(&days(Some("2026-02-01"), Some("2026-02-28"))).unwrap();
        assert_eq!(m.months, days(Some("2026-02"), Some("2026-02")));
        assert_eq!((m.head, m.tail), (None, None));
        // Across a year's end, and open ends.
        let m = months_in(&days(Some("2025-12-02"), None)).unwrap();
        assert_eq!(m.months, days(Some("2026-01"), None));
        assert_eq!(m.head, Some(("2025-12-02".into(), "2025-12-31".into())));
        let m = months_in(&days(None, Some("2026-03-30"))).unwrap();
        assert_eq!(m.months, days(None, Some("2026-02")));
        assert_eq!(m.tail, Some(("2026-03-01".into(), "2026-03-30".into())));
        // No whole month inside: the days alone.
        assert!(months_in(&days(Some("2026-01-15"), Some("2026-02-10"))).is_none());
        assert!(months_in(&days(Some("2026-03-02"), Some("2026-03-30"))).is_none());
    }
}
