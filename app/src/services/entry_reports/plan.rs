//! A report's URL query checked and turned into what the database reads: the range from the
//! preset or the custom dates, the filters, the groupings and the chart's period.

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;

use crate::db::time_entries::report::Key;
use crate::db::time_entries::TimeEntryFilter;
use crate::model::ReportQuery;
use crate::services::reports::day_start;
use crate::services::{Actor, Checks, ServiceError, ServiceResult, NAME_MAX};

/// The longest range a report covers: ten years (a custom range for an audit).
pub const MAX_DAYS: i64 = 3660;

/// The chart's bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// The bar a day falls into: the day, the ISO week's Monday, the month's first day.
    pub fn bucket(self, d: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => d,
            Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Period::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// A bar's label: 2026-11-02, 2026-W45, 2026-11.
    pub fn label(self, bucket: NaiveDate) -> String {
        match self {
            Period::Day => bucket.to_string(),
            Period::Week => {
                let w = bucket.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => bucket.format("%Y-%m").to_string(),
        }
    }
}

/// A checked report query.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The query with `from`/`to` set to the range the preset stands for.
    pub query: ReportQuery,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: Tz,
    pub filter: TimeEntryFilter,
    /// Staff report on their own entries only.
    pub only_person: Option<i64>,
    pub keys: [Key; 2],
    pub period: Period,
}

/// The first and last day a preset stands for, `today` being the account's today.
pub fn preset_range(preset: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let (first, _) = crate::input::month_bounds(today);
    Some(match preset {
        "" | "this_month" => crate::input::month_bounds(today),
        "this_week" => (monday, monday + Duration::days(6)),
        "last_week" => (monday - Duration::days(7), monday - Duration::days(1)),
        "last_month" => crate::input::month_bounds(first.pred_opt()?),
        "this_year" => (
            NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
        ),
        _ => return None,
    })
}

fn key(s: &str) -> Option<Key> {
    Some(match s {
        "client" => Key::Client,
        "" | "project" => Key::Project,
        "task" => Key::Task,
        "person" => Key::Person,
        "tag" => Key::Tag,
        _ => return None,
    })
}

fn yes_no(c: &mut Checks, field: &str, v: &str) -> Option<bool> {
    match v {
        "" => None,
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            c.fail(field, format!("{field} must be yes or no."));
            None
        }
    }
}

fn id(c: &mut Checks, field: &str, v: &str) -> Option<i64> {
    crate::input::id(v).unwrap_or_else(|_| {
        c.fail(field, format!("{field} must be a whole number."));
        None
    })
}

/// The range: a preset, or the custom dates (both required, at most MAX_DAYS apart).
fn range(c: &mut Checks, q: &ReportQuery, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if q.preset != "custom" {
        let r = preset_range(&q.preset, today);
        if r.is_none() {
            c.fail(
                "preset",
                "preset must be this_week, last_week, this_month, last_month, this_year or custom.",
            );
        }
        return r;
    }
    let date = |c: &mut Checks, field: &str, v: &str| {
        let d = crate::input::date(v);
        if d.is_none() {
            c.fail(
                field,
                format!("{field} is required (a date like 2026-11-30)."),
            );
        }
        d
    };
    let (from, to) = (date(c, "from", &q.from)?, date(c, "to", &q.to)?);
    if to < from {
        c.fail("to", "to must not be before from.");
        return None;
    }
    if (to - from).num_days() + 1 > MAX_DAYS {
        c.fail("to", format!("a report covers at most {MAX_DAYS} days."));
        return None;
    }
    Some((from, to))
}

/// Checks `q` for `actor` (today being the account's today in `tz`).
pub fn plan(actor: &Actor, q: &ReportQuery, today: NaiveDate, tz: Tz) -> ServiceResult<Plan> {
    let mut c = Checks::new();
    let q = ReportQuery {
        q: q.q.trim().to_string(),
        ..q.clone()
    };
    let range = range(&mut c, &q, today);
    let mut filter = TimeEntryFilter {
        client_id: id(&mut c, "client", &q.client),
        project_id: id(&mut c, "project", &q.project),
        task_id: id(&mut c, "task", &q.task),
        user_id: id(&mut c, "user", &q.user),
        billable: yes_no(&mut c, "billable", &q.billable),
        invoiced: yes_no(&mut c, "invoiced", &q.invoiced),
        details: (!q.q.is_empty()).then(|| q.q.clone()),
        tag_ids: id(&mut c, "tag", &q.tag).into_iter().collect(),
        ..TimeEntryFilter::default()
    };
    c.max_len("q", Some(&q.q), NAME_MAX);
    let first = key(&q.group);
    let second = if q.then.is_empty() {
        Some(Key::Nothing)
    } else {
        key(&q.then)
    };
    c.check(
        first.is_some(),
        "group",
        "group must be client, project, task, person or tag.",
    );
    c.check(
        second.is_some(),
        "then",
        "then must be client, project, task, person or tag.",
    );
    c.check(
        q.then.is_empty() || first != second,
        "then",
        "then must differ from group.",
    );
    let period = match q.period.as_str() {
        "" | "day" => Some(Period::Day),
        "week" => Some(Period::Week),
        "month" => Some(Period::Month),
        _ => {
            c.fail("period", "period must be day, week or month.");
            None
        }
    };
    let only_person = (actor.role == crate::model::Role::Staff).then_some(actor.user_id);
    let only_person = only_person.map(|me| me.unwrap_or(0));
    c.done()?;
    if let (Some(me), Some(asked)) = (only_person, filter.user_id) {
        if me != asked {
            return Err(ServiceError::Forbidden(
                "staff report on their own time only",
            ));
        }
    }
    let (from, to) = range.expect("checked");
    filter.started_from = Some(day_start(tz, from));
    filter.started_before = Some(day_start(tz, to + Duration::days(1)));
    Ok(Plan {
        query: ReportQuery {
            from: from.to_string(),
            to: to.to_string(),
            ..q
        },
        from,
        to,
        tz,
        filter,
        only_person,
        keys: [first.expect("checked"), second.expect("checked")],
        period: period.expect("checked"),
    })
}
