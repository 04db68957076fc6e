//! The detailed report (`/reports`): its filters as they stand in the URL, and what the page
//! shows. The same query drives the page and its CSV, XLSX and PDF downloads.

use serde::{Deserialize, Serialize};

/// The report's filters, as typed: every field is a URL parameter of the same name, so a
/// report can be bookmarked and shared. Empty means "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// this_week, last_week, this_month, last_month, this_year or custom (from/to); empty is
    /// this month.
    pub preset: String,
    /// YYYY-MM-DD, both days included (custom only).
    pub from: String,
    pub to: String,
    pub client: String,
    pub project: String,
    pub task: String,
    pub user: String,
    pub tag: String,
    /// yes or no.
    pub billable: String,
    pub invoiced: String,
    /// Text in the details.
    pub q: String,
    /// client, project, task, person or tag; empty is project.
    pub group: String,
    /// A second grouping inside the first (or empty).
    pub then: String,
    /// day, week or month: the chart's bars; empty is day.
    pub period: String,
}

impl ReportQuery {
    /// The parameter names, in the order the URL lists them.
    pub const FIELDS: [&'static str; 14] = [
        "preset", "from", "to", "client", "project", "task", "user", "tag", "billable", "invoiced",
        "q", "group", "then", "period",
    ];

    pub fn get(&self, name: &str) -> &str {
        match name {
            "preset" => &self.preset,
            "from" => &self.from,
            "to" => &self.to,
            "client" => &self.client,
            "project" => &self.project,
            "task" => &self.task,
            "user" => &self.user,
            "tag" => &self.tag,
            "billable" => &self.billable,
            "invoiced" => &self.invoiced,
            "q" => &self.q,
            "group" => &self.group,
            "then" => &self.then,
            "period" => &self.period,
            _ => "",
        }
    }

    pub fn set(&mut self, name: &str, value: String) {
        let slot = match name {
            "preset" => &mut self.preset,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "client" => &mut self.client,
            "project" => &mut self.project,
            "task" => &mut self.task,
            "user" => &mut self.user,
            "tag" => &mut self.tag,
            "billable" => &mut self.billable,
            "invoiced" => &mut self.invoiced,
            "q" => &mut self.q,
            "group" => &mut self.group,
            "then" => &mut self.then,
            "period" => &mut self.period,
            _ => return,
        };
        *slot = value;
    }

    /// From URL parameters (unknown ones are ignored).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> ReportQuery {
        let mut q = ReportQuery::default();
        for (k, v) in pairs {
            q.set(k, v);
        }
        q
    }

    /// The set parameters as a URL query ("preset=last_month&client=3…"), percent-encoded.
    pub fn to_url(&self) -> String {
        Self::FIELDS
            .iter()
            .filter(|f| !self.get(f).is_empty())
            .map(|f| format!("{f}={}", encode(self.get(f))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Time, billable time, money and entries of a group or of the whole report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSums {
    pub minutes: i64,
    pub billable_minutes: i64,
    pub amount_cents: i64,
    pub entries: i64,
}

impl ReportSums {
    pub fn add(&mut self, o: &ReportSums) {
        self.minutes += o.minutes;
        self.billable_minutes += o.billable_minutes;
        self.amount_cents += o.amount_cents;
        self.entries += o.entries;
    }
}

/// A group of the first grouping with its sums and the groups of the second inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportGroup {
    pub name: String,
    pub sums: ReportSums,
    pub children: Vec<(String, ReportSums)>,
}

/// One entry as the report lists it (times in the account's time zone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
    pub minutes: i64,
    pub person: String,
    pub client: String,
    pub project: String,
    pub task: String,
    pub details: String,
    pub tags: String,
    pub billable: bool,
    pub invoice: String,
    pub amount_cents: i64,
}

/// What a filter list offers: id, name and the id it belongs under (a project's client, a
/// task's project).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportChoices {
    pub clients: Vec<(i64, String)>,
    pub projects: Vec<(i64, String, Option<i64>)>,
    pub tasks: Vec<(i64, String, Option<i64>)>,
    pub people: Vec<(i64, String)>,
    pub tags: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportData {
    /// The query with the range resolved (from/to set from the preset).
    pub query: ReportQuery,
    /// The set filters as (field, value in words): ("client", "Acme"), ("billable", "yes").
    pub filters: Vec<(String, String)>,
    pub groups: Vec<ReportGroup>,
    pub totals: ReportSums,
    /// The chart: a bar per day, week or month of the range (its label and minutes).
    pub chart: Vec<(String, i64)>,
    /// The first entries of the report (the downloads hold all of them).
    pub lines: Vec<ReportLine>,
    pub currency: String,
    pub timezone: String,
    pub choices: ReportChoices,
    /// Managers and administrators report on everyone; staff on themselves.
    pub everyone: bool,
}
