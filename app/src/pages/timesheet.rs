//! The Timesheet page: a month per day — attendance, breaks, project time, absences, target,
//! balance — and the month's totals; managers and admins pick any person; CSV download.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::format::hm;
use crate::i18n::t;
use crate::model::{Role, TimesheetData};
use crate::pages::reports::ReportTabs;
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "load_timesheet")]
pub async fn load_timesheet(month: String, user: String) -> Result<TimesheetData, AppError> {
    use crate::server;
    let user = user.trim().parse::<i64>().ok();
    Ok(crate::services::timesheets::timesheet(
        &server::db()?,
        &server::actor().await?,
        &month,
        user,
    )
    .await?)
}

#[component]
pub fn TimesheetPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                query.read().get("month").unwrap_or_default(),
                query.read().get("user").unwrap_or_default(),
            )
        },
        |(month, user)| load_timesheet(month, user),
    );
    view! {
        <SignInGate />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    let lang = info.as_ref().map(|s| s.lang).unwrap_or_default();
                    let manager = info.and_then(|s| s.user).is_some_and(|u| u.role != Role::Staff);
                    let sheet = match data.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                    };
                    let r = sheet.report.clone();
                    let query = format!("month={}&user={}", sheet.month, sheet.user_id);
                    let csv = format!("/timesheet.csv?{query}");
                    let xlsx = format!("/timesheet.xlsx?{query}");
                    view! {
                        <ReportTabs lang timesheet=true />
                        <div class="week-head">
                            <h1>{t(lang, "sheet.title")} " " {crate::format::month(lang, &sheet.month)}</h1>
                            <form method="get" action="/reports/timesheet" class="form inline">
                                <label>
                                    {t(lang, "sheet.month")}
                                    <input type="month" name="month" value=sheet.month.clone() />
                                </label>
                                <Show when=move || manager>
                                    <label>
                                        {t(lang, "sheet.person")}
                                        <select name="user">
                                            {sheet
                                                .team
                                                .iter()
                                                .map(|(id, name)| {
                                                    view! { <option value=id.to_string() selected=*id == sheet.user_id>{name.clone()}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                </Show>
                                <button type="submit">{t(lang, "sheet.show")}</button>
                            </form>
                            <span class="downloads">
                                <a href=csv rel="external" download>{t(lang, "sheet.csv")}</a>
                                <a href=xlsx rel="external" download>{t(lang, "sheet.xlsx")}</a>
                            </span>
                        </div>
                        <p class="muted">{r.username.clone()} " · " {r.timezone.clone()}</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "sheet.title")>
                            <table class="timesheet">
                                <thead>
                                    <tr>
                                        <th>{t(lang, "time.date")}</th>
                                        <th>{t(lang, "nav.attendance")}</th>
                                        <th>{t(lang, "att.breaks")}</th>
                                        <th>{t(lang, "sheet.project")}</th>
                                        <th>{t(lang, "nav.absences")}</th>
                                        <th>{t(lang, "sheet.target")}</th>
                                        <th>{t(lang, "sheet.balance")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {r
                                        .days
                                        .iter()
                                        .map(|d| {
                                            let absences = d.absences.iter().map(|(n, x)| format!("{n} {}", crate::format::days(lang, *x))).collect::<Vec<_>>().join(", ");
                                            view! {
                                                <tr data-day=d.date.clone()>
                                                    <td>{crate::format::date(lang, &d.date)} {d.holiday.clone().map(|h| format!(" · {h}"))}</td>
                                                    <td data-col="attendance">{hm(d.attendance_minutes)}</td>
                                                    <td>{hm(d.break_minutes)}</td>
                                                    <td data-col="project">{hm(d.project_minutes)}</td>
                                                    <td>{absences}</td>
                                                    <td>{hm(d.target_minutes)}</td>
                                                    <td>{hm(d.balance_minutes)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr data-day="total">
                                        <th>{t(lang, "sheet.total")}</th>
                                        <th data-col="attendance">{hm(r.totals.attendance_minutes)}</th>
                                        <th>{hm(r.totals.break_minutes)}</th>
                                        <th data-col="project">{hm(r.totals.project_minutes)}</th>
                                        <th>{r.totals.absences.iter().map(|(n, x)| format!("{n} {x}")).collect::<Vec<_>>().join(", ")}</th>
                                        <th>{hm(r.totals.target_minutes)}</th>
                                        <th>{hm(r.totals.balance_minutes)}</th>
                                    </tr>
                                </tfoot>
                            </table>
                        </div>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}
