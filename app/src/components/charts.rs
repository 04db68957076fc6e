//! Charts drawn as inline SVG by the app (no script, no CDN): horizontal bars for breakdowns
//! and a progress bar for budget burn.

use leptos::prelude::*;

use crate::format::hm;

/// One bar per (label, minutes); bars scale to the largest. The SVG stretches to its box.
#[component]
pub fn BarChart(
    /// What the chart shows, for screen readers.
    title: String,
    bars: Vec<(String, i64)>,
    #[prop(default = "#2563eb".to_string())] color: String,
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
                    let tip = format!("{label}: {}", hm(value));
                    let short = if one_year && label.len() > 7 { label[5..].to_string() } else { label.clone() };
                    let shown = (i % every == 0).then_some(short);
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
