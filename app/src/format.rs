//! How durations, numbers, money and dates read, on the server (CSV, PDF) and in the browser
//! alike, in English or German.

use crate::i18n::Lang;

/// Minutes as "h:mm" ("-1:05" when negative, as a balance can be).
pub fn hm(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// Cents as "1234.50" (CSV, XLSX and pages alike; the currency is written beside it).
pub fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

/// Seconds as a running clock, "1:02:05".
pub fn clock(total_secs: i64) -> String {
    let s = total_secs.max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// Groups of three digits joined by `sep`: 1234567 → "1.234.567".
fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Hundredths as a number with two decimals in the language's way: English keeps "1234.50",
/// German writes "1.234,50" (`grouping`) or "1234,50" (in a CSV, so a spreadsheet reads a
/// number).
pub fn decimal(lang: Lang, hundredths: i64, grouping: bool) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (
        hundredths.unsigned_abs() / 100,
        hundredths.unsigned_abs() % 100,
    );
    match lang {
        Lang::En => format!("{sign}{whole}.{frac:02}"),
        Lang::De if grouping => format!("{sign}{},{frac:02}", grouped(whole, '.')),
        Lang::De => format!("{sign}{whole},{frac:02}"),
    }
}

/// Money for people to read: "1234.50 EUR" in English (as before), "1.234,50 €" in German.
pub fn money(lang: Lang, c: i64, currency: &str) -> String {
    match lang {
        Lang::En => format!("{} {currency}", cents(c)),
        Lang::De => {
            let unit = if currency == "EUR" { "€" } else { currency };
            format!("{} {unit}", decimal(lang, c, true))
        }
    }
}

/// Minutes as decimal hours with two places ("1.50" / "1,50").
pub fn hours(lang: Lang, minutes: i64, grouping: bool) -> String {
    // Rounded half away from zero to the hundredth of an hour.
    let h = (minutes * 100 * 2 + 60 * minutes.signum()) / 120;
    decimal(lang, h, grouping)
}

/// A date "YYYY-MM-DD" as the language writes it: unchanged in English, "02.11.2026" in
/// German. Anything else is returned as it is.
pub fn date(lang: Lang, iso: &str) -> String {
    let b = iso.as_bytes();
    let looks_iso = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    match lang {
        Lang::De if looks_iso => format!("{}.{}.{}", &iso[8..10], &iso[5..7], &iso[..4]),
        _ => iso.to_string(),
    }
}

/// The German month names, January first.
pub const MONATE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// A month "YYYY-MM" for a heading: unchanged in English, "November 2026" in German.
pub fn month(lang: Lang, ym: &str) -> String {
    let number = ym.get(5..7).and_then(|m| m.parse::<usize>().ok());
    match (lang, number) {
        (Lang::De, Some(m @ 1..=12)) if ym.len() == 7 => format!("{} {}", MONATE[m - 1], &ym[..4]),
        _ => ym.to_string(),
    }
}

/// A text that starts with a date, "2026-11-30 09:00" or "2026-11-30T09:00:00Z": its date
/// part as the language writes it, the rest as it is.
pub fn stamp(lang: Lang, s: &str) -> String {
    match s.get(..10) {
        Some(day) if s.len() > 10 => {
            let rest = s[10..].strip_prefix('T').map_or(&s[10..], |r| r);
            let sep = if s.as_bytes()[10] == b'T' { " " } else { "" };
            format!("{}{sep}{rest}", date(lang, day))
        }
        _ => date(lang, s),
    }
}

/// Days with at most one decimal, "1.5" / "1,5"; whole days without one ("2").
pub fn days(lang: Lang, d: f64) -> String {
    let text = if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d:.1}")
    };
    match lang {
        Lang::En => text,
        Lang::De => text.replace('.', ","),
    }
}

/// A money amount a person types into a field, "85.50" / "85,50": no grouping, so the
/// field reads it back as typed (`input::money` takes both separators).
pub fn money_field(lang: Lang, cents: Option<i64>) -> String {
    cents.map(|c| decimal(lang, c, false)).unwrap_or_default()
}

/// A whole number with the language's thousands separator: "1234" / "1.234".
pub fn count(lang: Lang, n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    match lang {
        Lang::En => n.to_string(),
        Lang::De => format!("{sign}{}", grouped(n.unsigned_abs(), '.')),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::hm(90), "1:30");
        assert_eq!(super::hm(-65), "-1:05");
        assert_eq!(super::clock(3725), "1:02:05");
        assert_eq!(super::cents(-1205), "-12.05");
    }

    #[test]
    fn german_formats() {
        use super::*;
        assert_eq!(money(Lang::De, 123450, "EUR"), "1.234,50 €");
        assert_eq!(money(Lang::En, 123450, "EUR"), "1234.50 EUR");
        assert_eq!(decimal(Lang::De, 123450, false), "1234,50");
        assert_eq!(decimal(Lang::De, 12345650, true), "123.456,50");
        assert_eq!(decimal(Lang::De, -5, true), "-0,05");
        assert_eq!(hours(Lang::En, 90, false), "1.50");
        assert_eq!(hours(Lang::De, 1, false), "0,02");
        assert_eq!(date(Lang::De, "2026-11-02"), "02.11.2026");
        assert_eq!(date(Lang::En, "2026-11-02"), "2026-11-02");
        assert_eq!(count(Lang::De, 1234567), "1.234.567");
        assert_eq!(month(Lang::De, "2026-11"), "November 2026");
        assert_eq!(month(Lang::De, "2026-13"), "2026-13");
        assert_eq!(month(Lang::En, "2026-11"), "2026-11");
        assert_eq!(stamp(Lang::De, "2026-11-30 09:00"), "30.11.2026 09:00");
        assert_eq!(stamp(Lang::De, "2026-11-30T09:00"), "30.11.2026 09:00");
        assert_eq!(stamp(Lang::En, "2026-11-30 09:00"), "2026-11-30 09:00");
        assert_eq!(days(Lang::De, 1.5), "1,5");
        assert_eq!(days(Lang::De, 2.0), "2");
        assert_eq!(money_field(Lang::De, Some(123450)), "1234,50");
        assert_eq!(money_field(Lang::En, None), "");
    }
}
