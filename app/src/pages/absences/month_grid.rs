//! The month calendar of the absences page as an ARIA grid: a row of weekday headers, then one
//! row per week of day buttons, each named by its full date and what is on it. One day is the
//! tab stop (a roving tab index); the arrow keys move by day and week, Home and End to the
//! week's ends, Enter or Space selects like a click.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::i18n::{t, Lang};
use crate::model::{CalendarDay, DayAbsence};

/// The selection of days for a request: a click sets the start, a later click the end.
#[derive(Clone, Copy)]
pub(super) struct Selection {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
}

impl Selection {
    fn click(&self, date: &str) {
        let (from, to) = (self.from.get_untracked(), self.to.get_untracked());
        if from.is_empty() || from != to || date < from.as_str() {
            self.from.set(date.to_string());
            self.to.set(date.to_string());
        } else {
            self.to.set(date.to_string());
        }
    }

    fn holds(&self, date: &str) -> bool {
        let (from, to) = (self.from.get(), self.to.get());
        !from.is_empty() && from.as_str() <= date && date <= to.as_str()
    }
}

pub(super) fn status_text(lang: Lang, status: &str) -> &'static str {
    match status {
        "approved" => t(lang, "abs.approved"),
        "pending" => t(lang, "abs.pending"),
        _ => t(lang, "abs.rejected"),
    }
}

/// Black or white, whichever reads better on a type's colour `#rrggbb` (the WCAG contrast of
/// each against the colour's relative luminance); the admin picks any colour.
pub(super) fn ink(color: &str) -> &'static str {
    let channel = |i: usize| {
        let c = color
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128) as f64
            / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000"
    } else {
        "#fff"
    }
}

/// "Monday, 21 December 2026" / "Montag, 21. Dezember 2026": what a screen reader says for a day.
fn long_date(lang: Lang, d: NaiveDate) -> String {
    const TAGE: [&str; 7] = [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ];
    match lang {
        Lang::En => d.format("%A, %-d %B %Y").to_string(),
        Lang::De => format!(
            "{}, {}. {} {}",
            TAGE[d.weekday().num_days_from_monday() as usize],
            d.day(),
            crate::format::MONATE[d.month0() as usize],
            d.year()
        ),
    }
}

/// The day button's name: the full date, the holiday, and each absence with its status.
fn day_label(lang: Lang, day: &CalendarDay) -> String {
    let mut parts = vec![match NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") {
        Ok(d) => long_date(lang, d),
        Err(_) => day.date.clone(),
    }];
    parts.extend(day.holiday.clone());
    for a in &day.absences {
        let half = if a.half_day { " ½" } else { "" };
        parts.push(format!(
            "{}{half} ({})",
            a.type_name,
            status_text(lang, &a.status)
        ));
    }
    parts.join(", ")
}

fn chip(lang: Lang, a: &DayAbsence) -> impl IntoView {
    let title = format!("{} · {}", a.type_name, status_text(lang, &a.status));
    view! {
        <span
            class=format!("chip chip-{}", a.status)
            style=format!("--c:{};--ink:{}", a.color, ink(&a.color))
            title=title
            data-status=a.status.clone()
        >
            {a.type_name.clone()}
            {a.half_day.then_some(" ½")}
        </span>
    }
}

/// The date `days` away from `date`, kept within `first..=last` (ISO dates compare as text).
fn step(date: &str, days: i64, first: &str, last: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let next = (d + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string();
    Some(next.as_str().clamp(first, last).to_string())
}

/// How far a key moves the focus from a day with the given weekday (0 = Monday).
fn key_step(key: &str, weekday: i64) -> Option<i64> {
    Some(match key {
        "ArrowLeft" => -1,
        "ArrowRight" => 1,
        "ArrowUp" => -7,
        "ArrowDown" => 7,
        "Home" => -weekday,
        "End" => 6 - weekday,
        _ => return None,
    })
}

fn focus_day(date: &str) {
    use leptos::wasm_bindgen::JsCast;
    let selector = format!(".month-day[data-date=\"{date}\"]");
    if let Some(el) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
fn DayCell(
    lang: Lang,
    day: CalendarDay,
    selection: Selection,
    focus: RwSignal<String>,
) -> impl IntoView {
    let label = day_label(lang, &day);
    let number = day.date[8..].trim_start_matches('0').to_string();
    let (off, holiday) = (!day.working, day.holiday.is_some());
    let date = day.date.clone();
    let (key, shown, tab, here) = (date.clone(), date.clone(), date.clone(), date.clone());
    let selected = Memo::new(move |_| selection.holds(&key));
    view! {
        <div role="gridcell" aria-selected=move || if selected.get() { "true" } else { "false" }>
            <button
                type="button"
                class="month-day"
                class:off=off
                class:holiday=holiday
                class:selected=move || selected.get()
                data-date=shown
                aria-label=label
                tabindex=move || if focus.get() == tab { "0" } else { "-1" }
                on:focus=move |_| focus.set(here.clone())
                on:click=move |_| selection.click(&date)
            >
                <span class="num" aria-hidden="true">{number}</span>
                {day.holiday.clone().map(|h| view! { <span class="holiday-name">{h}</span> })}
                {day.absences.iter().map(|a| chip(lang, a)).collect_view()}
            </button>
        </div>
    }
}

#[component]
pub(super) fn MonthGrid(
    lang: Lang,
    days: Vec<CalendarDay>,
    selection: Selection,
    /// The id of the heading that names the month.
    labelled_by: &'static str,
) -> impl IntoView {
    let lead = days.first().map(|d| d.weekday).unwrap_or(0) as usize;
    let first = days.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.date.clone()).unwrap_or_default();
    let focus = RwSignal::new(first.clone());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let current = focus.get_untracked();
        let weekday = NaiveDate::parse_from_str(&current, "%Y-%m-%d")
            .map(|d| d.weekday().num_days_from_monday() as i64)
            .unwrap_or(0);
        let Some(days) = key_step(&ev.key(), weekday) else {
            return;
        };
        ev.prevent_default();
        if let Some(next) = step(&current, days, &first, &last) {
            focus.set(next.clone());
            focus_day(&next);
        }
    };
    // Weeks as rows: empty cells before the 1st and after the last day keep the columns.
    let mut cells: Vec<Option<CalendarDay>> = vec![None; lead];
    cells.extend(days.into_iter().map(Some));
    cells.resize(cells.len().div_ceil(7) * 7, None);
    let weeks: Vec<Vec<Option<CalendarDay>>> = cells.chunks(7).map(<[_]>::to_vec).collect();
    view! {
        <div class="month-grid" role="grid" aria-labelledby=labelled_by on:keydown=on_key>
            <div class="month-row" role="row">
                {(0..7usize)
                    .map(|i| view! { <div class="month-head" role="columnheader">{t(lang, ["wd.0", "wd.1", "wd.2", "wd.3", "wd.4", "wd.5", "wd.6"][i])}</div> })
                    .collect_view()}
            </div>
            {weeks
                .into_iter()
                .map(|week| view! {
                    <div class="month-row" role="row">
                        {week
                            .into_iter()
                            .map(|cell| match cell {
                                Some(day) => view! { <DayCell lang day selection focus /> }.into_any(),
                                None => view! { <div class="month-pad" role="gridcell"></div> }.into_any(),
                            })
                            .collect_view()}
                    </div>
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_is_the_more_readable_of_black_and_white() {
        // The default types: green, red and purple read better in black.
        assert_eq!(ink("#22c55e"), "#000");
        assert_eq!(ink("#ef4444"), "#000");
        assert_eq!(ink("#a855f7"), "#000");
        assert_eq!(ink("#1e3a8a"), "#fff");
        assert_eq!(ink("#64748b"), "#fff");
    }

    #[test]
    fn a_day_is_named_by_its_full_date() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        assert_eq!(long_date(Lang::En, d), "Monday, 21 December 2026");
        assert_eq!(long_date(Lang::De, d), "Montag, 21. Dezember 2026");
    }

    #[test]
    fn keys_move_within_the_month() {
        let step_from = |key, date| {
            let weekday = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .unwrap()
                .weekday()
                .num_days_from_monday() as i64;
            step(
                date,
                key_step(key, weekday).unwrap(),
                "2027-01-01",
                "2027-01-31",
            )
            .unwrap()
        };
        assert_eq!(step_from("ArrowDown", "2027-01-02"), "2027-01-09");
        assert_eq!(step_from("ArrowUp", "2027-01-04"), "2027-01-01");
        assert_eq!(step_from("Home", "2027-01-06"), "2027-01-04");
        assert_eq!(step_from("End", "2027-01-29"), "2027-01-31");
        assert_eq!(key_step("a", 0), None);
    }
}
