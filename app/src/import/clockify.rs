//! Clockify's detailed report as CSV: Project, Client, Description, Task (older exports:
//! Activity), User, Group, Email, Tags ("a, b"), Billable, Start Date, Start Time, End Date,
//! End Time, Duration (h), Duration (decimal), Billable Rate (USD), Billable Amount (USD).
//! Dates and times follow the exporting person's settings (MM/DD/YYYY and "10:23 AM" by
//! default); times are wall-clock times of their time zone.

use super::reader::{Columns, Person, Row, When};
use super::values::{self, cell};

pub struct Cols {
    project: usize,
    user: usize,
    start: (usize, usize),
    end: (usize, usize),
    email: Option<usize>,
    client: Option<usize>,
    task: Option<usize>,
    description: Option<usize>,
    billable: Option<usize>,
    tags: Option<usize>,
    rate: Option<(usize, Option<String>)>,
}

impl Cols {
    pub fn new(c: &Columns) -> Result<Cols, String> {
        let [project, user, sd, st, ed, et] = c.require([
            "Project",
            "User",
            "Start Date",
            "Start Time",
            "End Date",
            "End Time",
        ])?;
        Ok(Cols {
            project,
            user,
            start: (sd, st),
            end: (ed, et),
            email: c.find("Email"),
            client: c.find("Client"),
            task: c.find("Task").or_else(|| c.find("Activity")),
            description: c.find("Description"),
            billable: c.find("Billable"),
            tags: c.find("Tags"),
            rate: c
                .find_prefix("Billable Rate (")
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
            ("Start Date", "Start Time"),
            cell(r, self.start.0),
            cell(r, self.start.1),
        )?;
        let end = values::date_time(
            ("End Date", "End Time"),
            cell(r, self.end.0),
            cell(r, self.end.1),
        )?;
        let billable = match opt(self.billable) {
            "" => true,
            b => values::yes_no("Billable", b)?,
        };
        let (rate, currency) = match &self.rate {
            // Clockify writes 0.00 where no rate is set.
            Some((i, currency)) => (
                values::money("Billable Rate", cell(r, *i))?.filter(|c| *c > 0),
                currency.clone(),
            ),
            None => (None, None),
        };
        Ok(Row {
            line,
            person: Person {
                name: name.to_string(),
                email: opt(self.email).to_string(),
            },
            client: opt(self.client).to_string(),
            project: cell(r, self.project).to_string(),
            task: opt(self.task).to_string(),
            description: opt(self.description).to_string(),
            billable,
            tags: values::tags(opt(self.tags)),
            when: When::Span { start, end },
            hour_rate_cents: rate,
            amount_cents: None,
            currency,
        })
    }
}
