//! Harvest's detailed time report as CSV: Date (YYYY-MM-DD), Client, Project, Project Code,
//! Task, Notes, Hours (decimal, "7.5" or "7,5"), Billable?, Invoiced?, Approved?, First Name,
//! Last Name, Roles, Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount,
//! Currency ("Euro - EUR"), External Reference URL. No clock times: a day and its hours.

use super::reader::{Columns, Person, Row, When};
use super::values::{self, cell};

pub struct Cols {
    date: usize,
    hours: usize,
    first: usize,
    last: Option<usize>,
    client: Option<usize>,
    project: Option<usize>,
    task: Option<usize>,
    notes: Option<usize>,
    billable: Option<usize>,
    rate: Option<usize>,
    currency: Option<usize>,
}

impl Cols {
    pub fn new(c: &Columns) -> Result<Cols, String> {
        let [date, hours, first] = c.require(["Date", "Hours", "First Name"])?;
        Ok(Cols {
            date,
            hours,
            first,
            last: c.find("Last Name"),
            client: c.find("Client"),
            project: c.find("Project"),
            task: c.find("Task"),
            notes: c.find("Notes"),
            billable: c.find("Billable?"),
            rate: c.find("Billable Rate"),
            currency: c.find("Currency"),
        })
    }

    pub fn row(&self, r: &csv::StringRecord, line: u64) -> Result<Row, String> {
        let opt = |i: Option<usize>| i.map_or("", |i| cell(r, i));
        let name = format!("{} {}", cell(r, self.first), opt(self.last))
            .trim()
            .to_string();
        if name.is_empty() {
            return Err("First Name and Last Name are empty".into());
        }
        let date = values::date("Date", cell(r, self.date))?;
        let minutes = values::hours("Hours", cell(r, self.hours))?;
        if minutes == 0 {
            return Err("Hours is 0".into());
        }
        let billable = match opt(self.billable) {
            "" => true,
            b => values::yes_no("Billable?", b)?,
        };
        let rate = values::money("Billable Rate", opt(self.rate))?.filter(|c| *c > 0);
        Ok(Row {
            line,
            person: Person {
                name,
                email: String::new(),
            },
            client: opt(self.client).to_string(),
            project: opt(self.project).to_string(),
            task: opt(self.task).to_string(),
            description: opt(self.notes).to_string(),
            billable,
            tags: Vec::new(),
            when: When::Day { date, minutes },
            hour_rate_cents: rate,
            amount_cents: None,
            currency: values::iso_code(opt(self.currency)),
        })
    }
}
