//! Administration / Public holidays: "fill year … for region …" and "fill next year" for the
//! region the account remembers. The rules (admins only, nothing twice, names kept unless the
//! admin confirms) are in services::holiday_regions; this is the form and its report.

use leptos::prelude::*;

use super::{Check, Errors, FieldErr, OtherErrors};
use crate::error::AppError;
use crate::holidays::{FillChoice, FillReport, REGIONS};
use crate::i18n::{t, Lang};

#[server(endpoint = "load_holiday_fill")]
pub async fn load_holiday_fill() -> Result<FillChoice, AppError> {
    use crate::server;
    let today = chrono::Utc::now().date_naive();
    Ok(
        crate::services::holiday_regions::choice(&server::db()?, &server::actor().await?, today)
            .await?,
    )
}

#[server(endpoint = "fill_holidays")]
pub async fn fill_holidays(
    region: String,
    year: String,
    half_days: Option<String>,
    replace_names: Option<String>,
) -> Result<FillReport, AppError> {
    use crate::server;
    use crate::services::holiday_regions::{self, FillInput};
    let mut p = super::Problems::default();
    let year = year.trim().parse::<i32>().ok();
    if year.is_none() {
        p.fail("year", "Enter a year like 2027.");
    }
    p.done()?;
    let input = FillInput {
        region,
        year: year.unwrap_or_default(),
        half_days: half_days.is_some(),
        replace_names: replace_names.is_some(),
    };
    Ok(holiday_regions::fill(&server::db()?, &server::actor().await?, input).await?)
}

const FIELDS: &[&str] = &["region", "year"];

/// The fill form, the one-click next year, and what the last fill did.
#[component]
pub fn HolidayFill(lang: Lang, fill: ServerAction<FillHolidays>) -> impl IntoView {
    let choice = Resource::new(move || fill.version().get(), |_| load_holiday_fill());
    let errors: Errors = Signal::derive(move || fill.value().get().and_then(Result::err));
    view! {
        <h2>{t(lang, "hol.fill")}</h2>
        <Suspense>
            {move || Suspend::new(async move {
                let c = choice.await.ok()?;
                Some(view! { <FillForm lang fill errors choice=c /> })
            })}
        </Suspense>
        {move || fill.value().get().and_then(Result::ok).map(|r| view! { <FillResult lang fill report=r /> })}
    }
}

#[component]
fn FillForm(
    lang: Lang,
    fill: ServerAction<FillHolidays>,
    errors: Errors,
    choice: FillChoice,
) -> impl IntoView {
    let current = choice.region.clone().unwrap_or_default();
    let next = choice.next_year;
    let remembered = choice
        .region
        .as_deref()
        .and_then(crate::holidays::region)
        .map(|r| (r.code, r.name));
    let groups = [
        ("DE", "hol.germany"),
        ("AT", "hol.austria"),
        ("CH", "hol.switzerland"),
    ];
    view! {
        <ActionForm action=fill attr:class="form admin-form" attr:data-testid="holiday-fill-form">
            <div class="row">
                <label>
                    {t(lang, "hol.region")}
                    <select name="region" required>
                        {groups
                            .into_iter()
                            .map(|(country, key)| view! {
                                <optgroup label=t(lang, key)>
                                    {REGIONS
                                        .iter()
                                        .filter(|r| r.country() == country)
                                        .map(|r| view! { <option value=r.code selected=r.code == current>{r.name}</option> })
                                        .collect_view()}
                                </optgroup>
                            })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="region" />
                </label>
                <label>
                    {t(lang, "hol.year")}
                    <input type="number" name="year" min="1900" max="2200" value=next.to_string() required />
                    <FieldErr errors field="year" />
                </label>
                <Check label=t(lang, "hol.half_days") name="half_days" checked=true />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || fill.pending().get()>{t(lang, "hol.fill_button")}</button>
                {remembered.map(|(code, name)| view! {
                    <button type="button" data-testid="fill-next-year" disabled=move || fill.pending().get()
                        on:click=move |_| { fill.dispatch(FillHolidays { region: code.into(), year: next.to_string(), half_days: Some("on".into()), replace_names: None }); }>
                        {format!("{} {next} · {name}", t(lang, "hol.fill_next"))}
                    </button>
                })}
            </div>
        </ActionForm>
    }
}

#[component]
fn FillResult(lang: Lang, fill: ServerAction<FillHolidays>, report: FillReport) -> impl IntoView {
    let summary = format!(
        "{} {}: {} {}, {} {}, {} {}",
        report.region,
        report.year,
        report.added,
        t(lang, "hol.added"),
        report.kept,
        t(lang, "hol.kept"),
        report.renamed,
        t(lang, "hol.renamed"),
    );
    let again = FillHolidays {
        region: report.region.clone(),
        year: report.year.to_string(),
        half_days: report.half_days.then(|| "on".to_string()),
        replace_names: Some("on".into()),
    };
    let clashes = report.clashes.clone();
    view! {
        <p class="notice" role="status" data-testid="holiday-fill-report">{summary}</p>
        {(!clashes.is_empty()).then(|| view! {
            <div class="notice" data-testid="holiday-fill-clashes">
                <p>{t(lang, "hol.clashes")}</p>
                <ul>
                    {clashes.into_iter().map(|c| view! { <li>{format!("{}: {} → {}", c.date, c.current, c.proposed)}</li> }).collect_view()}
                </ul>
                <button type="button" on:click=move |_| { fill.dispatch(again.clone()); }>{t(lang, "hol.replace")}</button>
            </div>
        })}
    }
}
