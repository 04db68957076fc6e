//! An entry as the report lists it: local date and times, names, its amount.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::db::time;
use crate::model::{ReportLine, TimeEntry};

/// An entry's amount in cents, rounded per entry as the database's sums round it
/// (`db::time_entries::report::entry_cents_sql`): billable only; a flat rate is the amount.
pub fn cents(e: &TimeEntry) -> i64 {
    if !e.billable {
        return 0;
    }
    let rate = e.hour_rate_cents.unwrap_or(0);
    let cent_minutes = if e.flat_rate {
        rate * 60
    } else {
        e.worked_minutes * rate
    };
    (cent_minutes + 30).div_euclid(60)
}

fn local(at: &str, tz: Tz) -> Option<chrono::DateTime<Tz>> {
    time::from_db(at).map(|t: DateTime<Utc>| t.with_timezone(&tz))
}

/// A stored day ("YYYY-MM-DD", the account's) or a stored start (converted to the account's
/// zone) as a date.
pub fn local_day(stored: &str, tz: Tz) -> Option<NaiveDate> {
    if stored.len() == 10 {
        return crate::input::date(stored);
    }
    local(stored, tz).map(|t| t.date_naive())
}

pub fn line(e: &TimeEntry, tz: Tz) -> ReportLine {
    let (start, end) = (local(&e.from, tz), local(&e.to, tz));
    let person = crate::services::sessions::display_name(&e.first_name, &e.last_name, &e.username);
    ReportLine {
        date: start
            .map(|t| t.date_naive().to_string())
            .unwrap_or_default(),
        start: start
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        end: end
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        minutes: e.worked_minutes,
        person,
        client: e.client_name.clone(),
        project: e.project_name.clone(),
        task: e.task_name.clone().unwrap_or_default(),
        details: e.details.clone(),
        tags: e.tags.clone(),
        billable: e.billable,
        invoice: e.invoice_number.clone().unwrap_or_default(),
        amount_cents: cents(e),
    }
}
