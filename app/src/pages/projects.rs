//! Per-project totals for managers and admins: an overview of all projects with budget burn,
//! and a dashboard per project with totals, burn and breakdowns by user, task and week (SVG
//! charts), a date-range filter and CSV/XLSX downloads.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::charts::{BarChart, BurnBar};
use crate::components::figure::figure;
use crate::error::AppError;
use crate::format::{count, decimal, hm, money};
use crate::i18n::{t, Lang};
use crate::model::{ProjectDashboard, ProjectFigures, ProjectOverview, RangeSums};
use crate::pages::session::{ErrorBox, Forbidden, SessionResource, SignInGate};

#[server(endpoint = "load_overview")]
pub async fn load_overview(from: String, to: String) -> Result<ProjectOverview, AppError> {
    use crate::server;
    use crate::services::dashboards::{overview, Range};
    let range = Range::parse(&from, &to)?;
    Ok(overview(&server::db()?, &server::actor().await?, &range).await?)
}

#[server(endpoint = "load_dashboard")]
pub async fn load_dashboard(
    id: String,
    from: String,
    to: String,
) -> Result<ProjectDashboard, AppError> {
    use crate::server;
    use crate::services::dashboards::{dashboard, Range};
    let id = id
        .parse::<i64>()
        .map_err(|_| server::fail(AppError::NotFound("Project".into())))?;
    let range = Range::parse(&from, &to)?;
    Ok(dashboard(&server::db()?, &server::actor().await?, id, &range).await?)
}

/// The date-range form; GET, so the range is in the URL.
#[component]
fn RangeForm(lang: Lang, action: String, from: String, to: String) -> impl IntoView {
    view! {
        <form method="get" action=action class="form inline range-form">
            <label>
                {t(lang, "dash.from")}
                <input type="date" name="from" value=from />
            </label>
            <label>
                {t(lang, "dash.to")}
                <input type="date" name="to" value=to />
            </label>
            <button type="submit" class="small">{t(lang, "sheet.show")}</button>
        </form>
    }
}

fn burn_view(lang: Lang, p: &ProjectFigures) -> AnyView {
    let time = p.time_burn().map(|pct| {
        let label = format!(
            "{pct} % · {} / {} {}",
            hm(p.used_minutes),
            hm(p.budget_minutes.unwrap_or(0)),
            t(lang, "dash.hours")
        );
        view! { <BurnBar percent=pct label /> }
    });
    let money = p.money_burn().map(|pct| {
        let label = format!(
            "{pct} % · {} / {}",
            decimal(lang, p.used_cents, true),
            money(lang, p.budget_cents.unwrap_or(0), &p.currency)
        );
        view! { <BurnBar percent=pct label /> }
    });
    let warning = [p.time_burn(), p.money_burn()].into_iter().flatten().max().and_then(|pct| {
        if pct >= 100 {
            Some(view! { <p class="error" role="alert" data-testid="budget-warning">{t(lang, "dash.over_budget")}</p> }.into_any())
        } else if pct >= 80 {
            Some(view! { <p class="warning" role="status" data-testid="budget-warning">{t(lang, "dash.near_budget")}</p> }.into_any())
        } else {
            None
        }
    });
    view! { {time} {money} {warning} }.into_any()
}

fn sums_row(lang: Lang, s: &RangeSums, currency: &str) -> AnyView {
    view! {
        <div class="figures">
            {figure(t(lang, "dash.total"), hm(s.minutes), "sum-total")}
            {figure(t(lang, "dash.billable"), hm(s.billable_minutes), "sum-billable")}
            {figure(t(lang, "dash.non_billable"), hm(s.minutes - s.billable_minutes), "sum-non-billable")}
            {figure(t(lang, "dash.amount"), money(lang, s.amount_cents, currency), "sum-amount")}
            {figure(t(lang, "dash.expenses"), money(lang, s.expenses_cents, currency), "sum-expenses")}
            {figure(t(lang, "dash.entries"), count(lang, s.entries), "sum-entries")}
        </div>
    }
    .into_any()
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                query.read().get("from").unwrap_or_default(),
                query.read().get("to").unwrap_or_default(),
            )
        },
        |(from, to)| load_overview(from, to),
    );
    view! {
        <SignInGate />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let lang = session.await.map(|s| s.lang).unwrap_or_default();
                    let o = match data.await {
                        Ok(o) => o,
                        Err(AppError::Forbidden) => return view! { <Forbidden lang /> }.into_any(),
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    view! {
                        <div class="week-head">
                            <h1>{t(lang, "nav.projects")}</h1>
                            <RangeForm lang action="/projects".into() from=o.from.clone() to=o.to.clone() />
                        </div>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "nav.projects")>
                            <table class="projects">
                                <thead>
                                    <tr>
                                        <th>{t(lang, "time.project")}</th>
                                        <th>{t(lang, "dash.total")}</th>
                                        <th>{t(lang, "dash.billable")}</th>
                                        <th>{t(lang, "dash.amount")}</th>
                                        <th>{t(lang, "dash.budget")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {o
                                        .projects
                                        .into_iter()
                                        .map(|(p, s)| {
                                            let href = format!("/projects/{}", p.id);
                                            view! {
                                                <tr data-project=p.id class:muted=p.archived>
                                                    <td>
                                                        <span class="swatch" style=format!("background:{}", p.color)></span>
                                                        <a href=href>{p.client_name.clone()} " / " {p.name.clone()}</a>
                                                    </td>
                                                    <td data-col="total">{hm(s.minutes)}</td>
                                                    <td>{hm(s.billable_minutes)}</td>
                                                    <td>{money(lang, s.amount_cents, &p.currency)}</td>
                                                    <td>{burn_view(lang, &p)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let session = SessionResource::get();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("from").unwrap_or_default(),
                query.read().get("to").unwrap_or_default(),
            )
        },
        |(id, from, to)| load_dashboard(id, from, to),
    );
    view! {
        <SignInGate />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let lang = session.await.map(|s| s.lang).unwrap_or_default();
                    let d = match data.await {
                        Ok(d) => d,
                        Err(AppError::Forbidden) => return view! { <Forbidden lang /> }.into_any(),
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    let p = d.project.clone();
                    let base = format!("/projects/{}", p.id);
                    let q = format!("from={}&to={}", d.from, d.to);
                    let no_task = t(lang, "timer.no_task").to_string();
                    let bars = |list: &[crate::model::Slice]| {
                        list.iter()
                            .map(|s| (if s.label.is_empty() { no_task.clone() } else { s.label.clone() }, s.minutes))
                            .collect::<Vec<_>>()
                    };
                    view! {
                        <p><a href="/projects">"← " {t(lang, "nav.projects")}</a></p>
                        <div class="week-head">
                            <h1>
                                <span class="swatch" style=format!("background:{}", p.color)></span>
                                {p.client_name.clone()} " / " {p.name.clone()}
                            </h1>
                            <RangeForm lang action=base.clone() from=d.from.clone() to=d.to.clone() />
                            <span class="downloads">
                                <a href=format!("{base}/report.csv?{q}") rel="external" download>{t(lang, "sheet.csv")}</a>
                                <a href=format!("{base}/report.xlsx?{q}") rel="external" download>{t(lang, "sheet.xlsx")}</a>
                            </span>
                        </div>
                        {sums_row(lang, &d.sums, &p.currency)}
                        <h2>{t(lang, "dash.budget")}</h2>
                        {if p.budget_minutes.is_none() && p.budget_cents.is_none() {
                            view! { <p class="muted">{t(lang, "dash.no_budget")}</p> }.into_any()
                        } else {
                            burn_view(lang, &p).into_any()
                        }}
                        <div class="charts">
                            <section>
                                <h2>{t(lang, "dash.by_user")}</h2>
                                <BarChart title=t(lang, "dash.by_user").to_string() bars=bars(&d.by_user) color=p.color.clone() lang />
                            </section>
                            <section>
                                <h2>{t(lang, "dash.by_task")}</h2>
                                <BarChart title=t(lang, "dash.by_task").to_string() bars=bars(&d.by_task) color=p.color.clone() lang />
                            </section>
                        </div>
                        <h2>{t(lang, "dash.by_week")}</h2>
                        <BarChart title=t(lang, "dash.by_week").to_string() bars=bars(&d.by_week) color=p.color.clone() lang />
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}
