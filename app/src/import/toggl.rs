//! Toggl Track's detailed report as CSV: User, Email, Client, Project, Task, Description,
//! Billable, Start date, Start time, End date, End time, Duration (hh:mm:ss), Tags ("a, b"),
//! Amount (EUR). Times are wall-clock times of the exporting person's time zone.

use super::reader::{Columns, Person, Row, When};
use super::values::{self, cell};

pub struct Cols {
    user: usize,
    start: (usize, usize),
    end: (usize, usize),
    email: Option<usize>,
    client: Option<usize>,
    project: Option<usize>,
    task: Option<usize>,
    description: Option<usize>,
    billable: Option<usize>,
    duration: Option<usize>,
    tags: Option<usize>,
    amount: Option<(usize, Option<String>)>,
}

impl Cols {
    pub fn new(c: &Columns) -> Result<Cols, String> {
        let [user, sd, st, ed, et] =
            c.require(["User", "Start date", "Start time", "End date", "End time"])?;
        Ok(Cols {
            user,
            start: (sd, st),
            end: (ed, et),
            email: c.find("Email"),
            client: c.find("Client"),
            project: c.find("Project"),
            task: c.find("Task"),
            description: c.find("Description"),
            billable: c.find("Billable"),
            duration: c.find("Duration"),
            tags: c.find("Tags"),
            amount: c
                .find_prefix("Amount (")
                .map(|(i, name)| (i, values::currency_in_header(name))),
        })
    }

    pub fn row(&self, r: &csv::StringRecord, line: u64) -> Result<Row, String> {
        let opt = |i: Option<usize>| i.map_or("", |i| cell(r, i));
        let name = cell(r, self.user);
        if name.is_empty() {
            return Err("User is empty".into());
        }
        let start = values::date_time(
            ("Start date", "Start time"),
            cell(r, self.start.0),
            cell(r, self.start.1),
        )?;
        let end = values::date_time(
            ("End date", "End time"),
            cell(r, self.end.0),
            cell(r, self.end.1),
        )?;
        if let Some(d) = self.duration.map(|i| cell(r, i)).filter(|d| !d.is_empty()) {
            let secs = values::hms_seconds(d)
                .ok_or_else(|| format!("Duration is not hh:mm:ss: \"{d}\""))?;
            // The end is what counts; a duration that disagrees means a misread line. A clock
            // change in between moves the wall-clock difference by up to an hour.
            if (secs - (end - start).num_seconds()).abs() > 3660 {
                return Err(format!("Duration {d} does not match the start and end"));
            }
        }
        let billable = match opt(self.billable) {
            "" => true,
            b => values::yes_no("Billable", b)?,
        };
        let (amount_cents, currency) = match &self.amount {
            Some((i, currency)) => (values::money("Amount", cell(r, *i))?, currency.clone()),
            None => (None, None),
        };
        Ok(Row {
            line,
            person: Person {
                name: name.to_string(),
                email: opt(self.email).to_string(),
            },
            client: opt(self.client).to_string(),
            project: opt(self.project).to_string(),
            task: opt(self.task).to_string(),
            description: opt(self.description).to_string(),
            billable,
            tags: values::tags(opt(self.tags)),
            when: When::Span { start, end },
            hour_rate_cents: None,
            amount_cents,
            currency,
        })
    }
}
