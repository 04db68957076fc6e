//! Charts drawn as inline SVG by the app (no script, no CDN): horizontal bars for breakdowns
//! and a progress bar for budget burn.

use leptos::prelude::*;

use crate::format::{date, hm};
use crate::i18n::Lang;

/// One bar per (label, minutes); bars scale to the largest. The SVG stretches to its box.
#[component]
pub fn BarChart(
    /// What the chart shows, for screen readers.
    title: String,
    bars: Vec<(String, i64)>,
    #[prop(default = "#2563eb".to_string())] color: String,
    /// Labels that are dates (a week's Monday) read as the language writes them.
    lang: Lang,
) -> impl IntoView {
    const ROW: usize = 26;
    const LABEL_W: usize = 180;
    const WIDTH: usize = 600;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = bars.len().max(1) * ROW;
    let plot = (WIDTH - LABEL_W - 60) as f64;
    let aria = title.clone();
    view! {
        <svg
            class="chart"
            role="img"
            aria-label=aria
            viewBox=format!("0 0 {WIDTH} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            <title>{title}</title>
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, (label, value))| {
                    let y = i * ROW;
                    let label = date(lang, &label);
                    let w = (value.max(0) as f64 / max as f64 * plot).max(if value > 0 { 1.0 } else { 0.0 });
                    let short: String = if label.chars().count() > 24 {
                        label.chars().take(23).chain(std::iter::once('…')).collect()
                    } else {
                        label.clone()
                    };
                    view! {
                        <g data-bar=label.clone()>
                            <text x=LABEL_W - 8 y=y + 17 text-anchor="end" class="chart-label">{short}</text>
                            <rect x=LABEL_W y=y + 5 width=format!("{w:.1}") height=ROW - 10 rx="3" fill=color.clone()></rect>
                            <text x=format!("{:.1}", LABEL_W as f64 + w + 6.0) y=y + 17 class="chart-value">{hm(value)}</text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

/// A budget's use: green below 80 %, amber from 80 %, red from 100 % (the bar stops at the end,
/// the text says how far over it is).
#[component]
pub fn BurnBar(percent: i64, label: String) -> impl IntoView {
    let level = match percent {
        p if p >= 100 => "over",
        p if p >= 80 => "near",
        _ => "ok",
    };
    let width = percent.clamp(0, 100);
    view! {
        <div class=format!("burn burn-{level}") data-burn=percent>
            <svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label=label.clone()>
                <rect x="0" y="0" width="100" height="8" rx="2" class="burn-track"></rect>
                <rect x="0" y="0" width=width height="8" rx="2" class="burn-fill"></rect>
            </svg>
            <span class="burn-label">{label}</span>
        </div>
    }
}

/// Columns over time: one per (label, minutes), left to right, scaled to the largest, with
/// every few labels under them so they do not overlap. The SVG stretches to its box.
#[component]
pub fn ColumnChart(
    /// What the chart shows, for screen readers.
    title: String,
    bars: Vec<(String, i64)>,
    lang: Lang,
) -> impl IntoView {
    const WIDTH: f64 = 600.0;
    const PLOT: f64 = 160.0;
    const HEIGHT: f64 = 200.0;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let n = bars.len().max(1);
    let step = WIDTH / n as f64;
    // At most about eight labels, without the year when every bar is of the same one.
    let every = n.div_ceil(8);
    let year = |l: &str| l.get(..5).map(str::to_string);
    let one_year = bars
        .iter()
        .all(|(l, _)| year(l) == bars.first().and_then(|(f, _)| year(f)));
    let aria = title.clone();
    view! {
        <svg class="chart columns" role="img" aria-label=aria viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="xMinYMin meet">
            <title>{title}</title>
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, (label, value))| {
                    let h = value.max(0) as f64 / max as f64 * PLOT;
                    let x = i as f64 * step;
                    let tip = format!("{}: {}", period_label(lang, &label, false), hm(value));
                    let shown = (i % every == 0).then(|| period_label(lang, &label, one_year));
                    view! {
                        <g data-bar=label>
                            <rect class="column" x=format!("{:.1}", x + step * 0.15) y=format!("{:.1}", PLOT - h) width=format!("{:.1}", step * 0.7) height=format!("{h:.1}") rx="2">
                                <title>{tip}</title>
                            </rect>
                            {shown.map(|l| view! { <text x=format!("{:.1}", x + step / 2.0) y=PLOT + 18.0 text-anchor="middle" class="chart-label">{l}</text> })}
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

/// A column's period as the language writes it: "2026-11-02", "2026-W45", "2026-11" in
/// English; "02.11.2026", "KW 45/2026", "11.2026" in German. `short` leaves the year out
/// of days and weeks (every column is of the same year); a month keeps it.
fn period_label(lang: Lang, label: &str, short: bool) -> String {
    let short = short && label.len() > 7;
    let (year, rest) = match label.split_once('-') {
        Some(parts) if label.is_ascii() => parts,
        _ => return label.to_string(),
    };
    match (lang, rest.len(), rest.strip_prefix('W')) {
        (Lang::En, _, _) if short => rest.to_string(),
        (Lang::En, _, _) => label.to_string(),
        (Lang::De, _, Some(week)) if short => format!("KW {week}"),
        (Lang::De, _, Some(week)) => format!("KW {week}/{year}"),
        (Lang::De, 5, None) if short => format!("{}.{}.", &rest[3..], &rest[..2]),
        (Lang::De, 5, None) => date(lang, label),
        (Lang::De, _, None) => format!("{rest}.{year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::period_label;
    use crate::i18n::Lang;

    #[test]
    fn periods_read_in_the_language() {
        assert_eq!(period_label(Lang::En, "2026-11-02", true), "11-02");
        assert_eq!(period_label(Lang::En, "2026-W45", false), "2026-W45");
        assert_eq!(period_label(Lang::De, "2026-11-02", true), "02.11.");
        assert_eq!(period_label(Lang::De, "2026-11-02", false), "02.11.2026");
        assert_eq!(period_label(Lang::De, "2026-W45", true), "KW 45");
        assert_eq!(period_label(Lang::De, "2026-W45", false), "KW 45/2026");
        assert_eq!(period_label(Lang::De, "2026-11", true), "11.2026");
        assert_eq!(period_label(Lang::En, "2026-11", true), "2026-11");
        assert_eq!(period_label(Lang::De, "2026-11", false), "11.2026");
    }
}
