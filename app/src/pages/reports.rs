//! The Reports page (`/reports`): any range (presets or custom), filters, one or two
//! groupings, the totals, a chart by day, week or month, the first entries and the CSV, XLSX
//! and PDF downloads of all of them. Every filter is a URL parameter (a GET form), so a report
//! can be bookmarked and shared. The timesheet sits beside it as a second tab.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::charts::ColumnChart;
use crate::components::figure::figure;
use crate::error::AppError;
use crate::format::{count, date, hm, money};
use crate::i18n::{t, Lang};
use crate::model::{ReportData, ReportGroup, ReportQuery, ReportSums};
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "load_report")]
pub async fn load_report(query: ReportQuery) -> Result<ReportData, AppError> {
    use crate::server;
    let (db, actor) = (server::db()?, server::actor().await?);
    Ok(crate::services::entry_reports::report(&db, &actor, &query).await?)
}

/// The tabs above the detailed report and the timesheet.
#[component]
pub fn ReportTabs(lang: Lang, timesheet: bool) -> impl IntoView {
    let current = |on: bool| if on { Some("page") } else { None };
    view! {
        <nav class="tabs" aria-label=t(lang, "rep.title")>
            <a href="/reports" aria-current=current(!timesheet)>{t(lang, "rep.detailed")}</a>
            <a href="/reports/timesheet" aria-current=current(timesheet)>{t(lang, "rep.timesheet")}</a>
        </nav>
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            ReportQuery::from_pairs(
                ReportQuery::FIELDS
                    .iter()
                    .map(|f| (*f, q.get(f).unwrap_or_default())),
            )
        },
        load_report,
    );
    view! {
        <SignInGate />
        <section class="card report">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let lang = session.await.ok().map(|s| s.lang).unwrap_or_default();
                    match data.await {
                        Ok(d) => view! { <Report data=d lang /> }.into_any(),
                        Err(e) => view! {
                            <ReportTabs lang timesheet=false />
                            <h1>{t(lang, "rep.title")}</h1>
                            <ErrorBox error=e lang />
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(data: ReportData, lang: Lang) -> impl IntoView {
    let url = data.query.to_url();
    let link = |ext: &str| format!("/reports.{ext}?{url}");
    let title = format!(
        "{} · {} – {}",
        t(lang, "rep.title"),
        date(lang, &data.query.from),
        date(lang, &data.query.to)
    );
    let shown = data.lines.len() as i64;
    let all = data.totals.entries;
    view! {
        <ReportTabs lang timesheet=false />
        <div class="week-head">
            <h1>{title}</h1>
            <span class="downloads" aria-label=t(lang, "rep.downloads")>
                <a href=link("csv") rel="external" download data-testid="report-csv">{t(lang, "rep.csv")}</a>
                <a href=link("xlsx") rel="external" download data-testid="report-xlsx">{t(lang, "rep.xlsx")}</a>
                <a href=link("pdf") rel="external" download data-testid="report-pdf">{t(lang, "rep.pdf")}</a>
            </span>
        </div>
        <Filters data=data.clone() lang />
        <Figures sums=data.totals currency=data.currency.clone() lang />
        <Show when=move || { all > 0 } fallback=move || view! { <p class="muted">{t(lang, "rep.empty")}</p> }>
            <h2>{t(lang, "rep.chart")}</h2>
            <ColumnChart title=t(lang, "rep.chart").to_string() bars=data.chart.clone() lang />
            <h2>{t(lang, "rep.groups")}</h2>
            <Groups data=data.clone() lang />
            <h2>{t(lang, "rep.lines")}</h2>
            <Show when=move || { shown < all }>
                <p class="muted">
                    {t(lang, "rep.first_lines")
                        .replacen("{}", &count(lang, shown), 1)
                        .replacen("{}", &count(lang, all), 1)}
                </p>
            </Show>
            <Lines data=data.clone() lang />
        </Show>
    }
}

/// A `<select>` of (value, label) with `current` chosen.
fn select(
    name: &'static str,
    label: &'static str,
    lang: Lang,
    current: &str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let current = current.to_string();
    view! {
        <label>
            {t(lang, label)}
            <select name=name>
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{l}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// "Any" and then the records.
fn with_any(lang: Lang, items: impl Iterator<Item = (i64, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), t(lang, "rep.any").to_string()))
        .chain(items.map(|(id, n)| (id.to_string(), n)))
        .collect()
}

fn words(lang: Lang, pairs: &[(&str, &'static str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, k)| (v.to_string(), t(lang, k).to_string()))
        .collect()
}

#[component]
fn Filters(data: ReportData, lang: Lang) -> impl IntoView {
    let (q, c) = (data.query, data.choices);
    let client_of = |id: Option<i64>| {
        c.clients
            .iter()
            .find(|(cid, _)| Some(*cid) == id)
            .map(|(_, n)| n.clone())
    };
    let projects: Vec<(i64, String)> = c
        .projects
        .iter()
        .map(|(id, n, client)| {
            (
                *id,
                client_of(*client).map_or(n.clone(), |cn| format!("{cn} / {n}")),
            )
        })
        .collect();
    let presets = words(
        lang,
        &[
            ("this_week", "rep.this_week"),
            ("last_week", "rep.last_week"),
            ("this_month", "rep.this_month"),
            ("last_month", "rep.last_month"),
            ("this_year", "rep.this_year"),
            ("custom", "rep.custom"),
        ],
    );
    let keys = [
        ("client", "rep.client"),
        ("project", "rep.project"),
        ("task", "rep.task"),
        ("person", "rep.person"),
        ("tag", "rep.tag"),
    ];
    let then: Vec<(String, String)> =
        std::iter::once((String::new(), t(lang, "rep.nothing").to_string()))
            .chain(words(lang, &keys))
            .collect();
    let yes_no = words(
        lang,
        &[("", "rep.any"), ("yes", "rep.yes"), ("no", "rep.no")],
    );
    let preset = if q.preset.is_empty() {
        "this_month".to_string()
    } else {
        q.preset.clone()
    };
    let group = if q.group.is_empty() {
        "project".to_string()
    } else {
        q.group.clone()
    };
    view! {
        <form method="get" action="/reports" class="form inline report-filters">
            {select("preset", "rep.range", lang, &preset, presets)}
            <label>{t(lang, "rep.from")}<input type="date" name="from" value=q.from.clone() /></label>
            <label>{t(lang, "rep.to")}<input type="date" name="to" value=q.to.clone() /></label>
            {select("client", "rep.client", lang, &q.client, with_any(lang, c.clients.clone().into_iter()))}
            {select("project", "rep.project", lang, &q.project, with_any(lang, projects.into_iter()))}
            {select("task", "rep.task", lang, &q.task, with_any(lang, c.tasks.iter().map(|(id, n, _)| (*id, n.clone()))))}
            <Show when=move || data.everyone>
                {select("user", "rep.person", lang, &q.user, with_any(lang, c.people.clone().into_iter()))}
            </Show>
            {select("tag", "rep.tag", lang, &q.tag, with_any(lang, c.tags.clone().into_iter()))}
            {select("billable", "rep.billable", lang, &q.billable, yes_no.clone())}
            {select("invoiced", "rep.invoiced", lang, &q.invoiced, yes_no)}
            <label>{t(lang, "rep.text")}<input type="search" name="q" value=q.q.clone() /></label>
            {select("group", "rep.group", lang, &group, words(lang, &keys))}
            {select("then", "rep.then", lang, &q.then, then)}
            {select("period", "rep.period", lang, &q.period, words(lang, &[("day", "rep.day"), ("week", "rep.week"), ("month", "rep.month")]))}
            <button type="submit">{t(lang, "rep.show")}</button>
        </form>
    }
}

#[component]
fn Figures(sums: ReportSums, currency: String, lang: Lang) -> impl IntoView {
    view! {
        <div class="figures">
            {figure(t(lang, "rep.time"), hm(sums.minutes), "report-time")}
            {figure(t(lang, "rep.billable_time"), hm(sums.billable_minutes), "report-billable")}
            {figure(t(lang, "rep.amount"), money(lang, sums.amount_cents, &currency), "report-amount")}
            {figure(t(lang, "rep.entries"), count(lang, sums.entries), "report-entries")}
        </div>
    }
}

/// A group's name; the unnamed group (no task, no tag) in words.
fn group_name(lang: Lang, n: &str) -> String {
    if n.is_empty() {
        t(lang, "rep.none").to_string()
    } else {
        n.to_string()
    }
}

#[component]
fn Groups(data: ReportData, lang: Lang) -> impl IntoView {
    let currency = data.currency.clone();
    let row = move |name: String, s: ReportSums, class: &'static str| {
        let key = name.clone();
        view! {
            <tr class=class data-group=key>
                <th scope="row">{name}</th>
                <td data-col="time">{hm(s.minutes)}</td>
                <td data-col="billable">{hm(s.billable_minutes)}</td>
                <td data-col="amount">{money(lang, s.amount_cents, &currency)}</td>
            </tr>
        }
    };
    let body = data
        .groups
        .into_iter()
        .map(
            |ReportGroup {
                 name,
                 sums,
                 children,
             }| {
                let inner = children
                    .into_iter()
                    .map(|(n, s)| row(group_name(lang, &n), s, "child"))
                    .collect_view();
                view! { {row(group_name(lang, &name), sums, "group")} {inner} }
            },
        )
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "rep.groups")>
            <table class="report-groups" data-testid="report-groups">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{t(lang, "rep.time")}</th>
                        <th scope="col">{t(lang, "rep.billable_time")}</th>
                        <th scope="col">{t(lang, "rep.amount")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
                <tfoot>{row(t(lang, "sheet.total").to_string(), data.totals, "total")}</tfoot>
            </table>
        </div>
    }
}

#[component]
fn Lines(data: ReportData, lang: Lang) -> impl IntoView {
    let currency = data.currency;
    let rows = data
        .lines
        .into_iter()
        .map(|l| {
            let project = format!("{} / {}", l.client, l.project);
            view! {
                <tr>
                    <td>{date(lang, &l.date)}</td>
                    <td>{l.start} "–" {l.end}</td>
                    <td>{hm(l.minutes)}</td>
                    <td>{l.person}</td>
                    <td>{project}</td>
                    <td>{l.task}</td>
                    <td class="details">{l.details}</td>
                    <td>{money(lang, l.amount_cents, &currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "rep.lines")>
            <table class="report-lines">
                <thead>
                    <tr>
                        <th scope="col">{t(lang, "time.date")}</th>
                        <th scope="col">{t(lang, "rep.start")} "–" {t(lang, "rep.end")}</th>
                        <th scope="col">{t(lang, "rep.time")}</th>
                        <th scope="col">{t(lang, "rep.person")}</th>
                        <th scope="col">{t(lang, "rep.project")}</th>
                        <th scope="col">{t(lang, "rep.task")}</th>
                        <th scope="col">{t(lang, "rep.details")}</th>
                        <th scope="col">{t(lang, "rep.amount")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
