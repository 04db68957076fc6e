//! The detailed report: the entries of any range, filtered by client, project, task, person,
//! tag, billable, invoiced and text, summed by one or two groupings, with a chart by day, week
//! or month, and downloaded entry by entry as CSV, XLSX or PDF (`download`). Managers and
//! administrators report on everyone, staff on themselves; the days are the account's.

mod download;
mod lines;
mod plan;

pub use download::{download, Download, Format};
pub use plan::{plan, preset_range, Period, Plan, MAX_DAYS};

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};

use super::{accounts, Actor, ServiceResult};
use crate::db::labels::Label;
use crate::db::time_entries::report::{self, Key, SumRow};
use crate::db::{self, Db};
use crate::model::{ReportChoices, ReportData, ReportGroup, ReportQuery, ReportSums};

/// Entries the page lists below the groups; the downloads hold every one.
pub const PAGE_LINES: i64 = 100;

/// The report's plan for `actor`: today is the account's today.
pub async fn plan_for(db: &Db, actor: &Actor, query: &ReportQuery) -> ServiceResult<Plan> {
    let tz = accounts::tz(db, actor.account_id, None).await?;
    plan(actor, query, Utc::now().with_timezone(&tz).date_naive(), tz)
}

/// The report the page shows.
pub async fn report(db: &Db, actor: &Actor, query: &ReportQuery) -> ServiceResult<ReportData> {
    let plan = plan_for(db, actor, query).await?;
    let summary = summarize(db, actor, &plan).await?;
    let lines = db::time_entries::page(
        db,
        actor.account_id,
        plan.only_person,
        &plan.filter,
        PAGE_LINES,
        0,
    )
    .await?;
    Ok(ReportData {
        lines: lines.iter().map(|e| lines::line(e, plan.tz)).collect(),
        currency: super::expenses::default_currency(db, actor).await?,
        timezone: plan.tz.name().to_string(),
        everyone: plan.only_person.is_none(),
        query: plan.query.clone(),
        filters: summary.filters,
        groups: summary.groups,
        totals: summary.totals,
        chart: summary.chart,
        choices: summary.choices,
    })
}

/// The report's figures: groups, totals, chart, and the names they need.
pub struct Summary {
    pub groups: Vec<ReportGroup>,
    pub totals: ReportSums,
    pub chart: Vec<(String, i64)>,
    pub filters: Vec<(String, String)>,
    pub choices: ReportChoices,
}

pub async fn summarize(db: &Db, actor: &Actor, plan: &Plan) -> ServiceResult<Summary> {
    let (a, only) = (actor.account_id, plan.only_person);
    let rows = report::sums(db, a, only, &plan.filter, plan.keys).await?;
    // An entry with two tags is in two tag groups: the totals and the chart count it once.
    let plain = if plan.keys.contains(&Key::Tag) {
        report::sums(db, a, only, &plan.filter, [Key::Nothing, Key::Nothing]).await?
    } else {
        rows.clone()
    };
    let names = Names::read(db, a).await?;
    let mut totals = ReportSums::default();
    for r in &plain {
        totals.add(&sums_of(r));
    }
    let choices = names.choices(only);
    Ok(Summary {
        groups: groups(&rows, plan.keys, &names),
        totals,
        chart: chart(&plain, plan),
        filters: names.describe(&plan.query),
        choices,
    })
}

fn sums_of(r: &SumRow) -> ReportSums {
    ReportSums {
        minutes: r.minutes,
        billable_minutes: r.billable_minutes,
        amount_cents: r.amount_cents,
        entries: r.entries,
    }
}

/// The groups of the first key (by name; "none" last) with the second key's inside.
fn groups(rows: &[SumRow], keys: [Key; 2], names: &Names) -> Vec<ReportGroup> {
    let mut tree: BTreeMap<i64, (ReportSums, BTreeMap<i64, ReportSums>)> = BTreeMap::new();
    for r in rows {
        let s = sums_of(r);
        let (sums, inner) = tree.entry(r.first).or_default();
        sums.add(&s);
        if keys[1] != Key::Nothing {
            inner.entry(r.second).or_default().add(&s);
        }
    }
    let mut out: Vec<ReportGroup> = tree
        .into_iter()
        .map(|(id, (sums, inner))| {
            let mut children: Vec<(String, ReportSums)> = inner
                .into_iter()
                .map(|(id, s)| (names.of(keys[1], id), s))
                .collect();
            children.sort_by(|x, y| by_name(&x.0, &y.0));
            ReportGroup {
                name: names.of(keys[0], id),
                sums,
                children,
            }
        })
        .collect();
    out.sort_by(|x, y| by_name(&x.name, &y.name));
    out
}

/// Names in alphabetical order regardless of case; the unnamed group ("no task") last.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    (a.is_empty(), a.to_lowercase()).cmp(&(b.is_empty(), b.to_lowercase()))
}

/// The chart's bars: every day, week or month of the range (empty ones too), with the
/// minutes of the entries that started in it. A day's bars over more than three months become
/// weeks, and weeks over more than two years months, so the bars stay readable.
fn chart(rows: &[SumRow], plan: &Plan) -> Vec<(String, i64)> {
    let days = (plan.to - plan.from).num_days() + 1;
    let period = match plan.period {
        Period::Day if days > 92 => Period::Week,
        Period::Week if days > 730 => Period::Month,
        p => p,
    };
    let mut bars: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut d = plan.from;
    while d <= plan.to {
        bars.entry(period.bucket(d)).or_default();
        d = d.succ_opt().unwrap_or(NaiveDate::MAX);
    }
    for r in rows {
        if let Some(day) = lines::local_day(&r.day, plan.tz) {
            *bars.entry(period.bucket(day)).or_default() += r.minutes;
        }
    }
    bars.into_iter()
        .map(|(b, m)| (period.label(b), m))
        .collect()
}

/// The account's names of clients, projects, tasks, people and tags.
struct Names {
    clients: Vec<Label>,
    projects: Vec<Label>,
    tasks: Vec<Label>,
    people: Vec<Label>,
    tags: Vec<Label>,
}

impl Names {
    async fn read(db: &Db, account_id: i64) -> ServiceResult<Names> {
        Ok(Names {
            clients: db::clients::labels(db, account_id).await?,
            projects: db::projects::labels(db, account_id).await?,
            tasks: db::tasks::labels(db, account_id).await?,
            people: db::users::labels(db, account_id).await?,
            tags: db::tags::labels(db, account_id).await?,
        })
    }

    fn list(&self, key: Key) -> &[Label] {
        match key {
            Key::Client => &self.clients,
            Key::Project => &self.projects,
            Key::Task => &self.tasks,
            Key::Person => &self.people,
            Key::Tag => &self.tags,
            Key::Nothing => &[],
        }
    }

    /// A group's name; empty for "none" (no task, no tag), which the page and the files name
    /// in their language.
    fn of(&self, key: Key, id: i64) -> String {
        self.list(key)
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    }

    /// What the filter lists offer: the live records (staff: themselves as the only person).
    fn choices(&self, only_person: Option<i64>) -> ReportChoices {
        let pairs = |l: &[Label]| {
            l.iter()
                .filter(|l| l.live)
                .map(|l| (l.id, l.name.clone()))
                .collect()
        };
        let triples = |l: &[Label]| {
            l.iter()
                .filter(|l| l.live)
                .map(|l| (l.id, l.name.clone(), l.parent))
                .collect()
        };
        let people = self
            .people
            .iter()
            .filter(|p| only_person.map_or(p.live, |me| p.id == me))
            .map(|l| (l.id, l.name.clone()))
            .collect();
        ReportChoices {
            clients: pairs(&self.clients),
            projects: triples(&self.projects),
            tasks: triples(&self.tasks),
            people,
            tags: pairs(&self.tags),
        }
    }

    /// The set filters as (field, value in words), as the page's heading and the PDF print
    /// them: ("client", "Acme").
    fn describe(&self, q: &ReportQuery) -> Vec<(String, String)> {
        let named = |field: &str, key: Key, v: &str| {
            let id = v.parse::<i64>().ok()?;
            Some((field.to_string(), self.of(key, id)))
        };
        let plain =
            |field: &str, v: &str| (!v.is_empty()).then(|| (field.to_string(), v.to_string()));
        [
            named("client", Key::Client, &q.client),
            named("project", Key::Project, &q.project),
            named("task", Key::Task, &q.task),
            named("person", Key::Person, &q.user),
            named("tag", Key::Tag, &q.tag),
            plain("billable", &q.billable),
            plain("invoiced", &q.invoiced),
            plain("text", &q.q),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
