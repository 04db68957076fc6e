//! Public holidays by region, computed for any year: the German states, Austria and the Swiss
//! cantons. No maintained crate covers all three countries (`holiday_de` and `feiertage` know
//! Germany only), so the days are a table here: each region lists its holidays, each holiday is
//! a fixed date, an offset from Easter Sunday or one of a few weekday rules.
//!
//! Sources: the states' and cantons' holiday laws as summarised by the German and Swiss
//! Wikipedia pages "Gesetzliche Feiertage in Deutschland" / "Feiertage in der Schweiz", the
//! Federal Office of Justice's list of cantonal holidays (kant-feiertage.pdf) and the Austrian
//! Feiertagsruhegesetz. Days a law grants only to some communities (Augsburg's Friedensfest,
//! Corpus Christi in Saxony's Sorbian parishes) are left out; Assumption in Bavaria is included
//! because most of the state (and Munich) has it. An administrator can delete or add single days.

mod regions;

pub use regions::{region, Region, REGIONS};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One computed day of a region's year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionDay {
    pub date: NaiveDate,
    pub name: &'static str,
    pub half_day: bool,
}

/// When a holiday falls.
#[derive(Clone, Copy, Debug)]
pub(crate) enum When {
    /// Month and day.
    Fixed(u32, u32),
    /// Days after Easter Sunday (negative: before).
    Easter(i64),
    /// Buß- und Bettag: the last Wednesday before 23 November.
    RepentanceDay,
    /// Jeûne genevois: the Thursday after the first Sunday of September.
    GenevaFast,
    /// Lundi du Jeûne (Vaud): the Monday after the third Sunday of September.
    FederalFastMonday,
    /// Näfelser Fahrt (Glarus): the first Thursday of April, a week later in Holy Week.
    NaefelsDay,
    /// A fixed date kept only when it falls on one of these weekdays.
    FixedOn(u32, u32, &'static [Weekday]),
    /// A fixed date dropped when it falls on one of these weekdays.
    FixedExcept(u32, u32, &'static [Weekday]),
    /// A holiday of one year only (Berlin's 8 May 2020 and 2025, the Reformation's 500th).
    Once(i32, u32, u32),
}

/// A row of a region's table: when, the local name, the first year it applies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    pub when: When,
    pub name: &'static str,
    pub since: i32,
    pub half_day: bool,
}

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm in Meeus' form).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// The n-th (1-based) given weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

impl When {
    fn date(self, year: i32, easter: NaiveDate) -> Option<NaiveDate> {
        match self {
            When::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            When::Easter(offset) => easter.checked_add_signed(Duration::days(offset)),
            When::RepentanceDay => {
                let nov22 = NaiveDate::from_ymd_opt(year, 11, 22)?;
                let back = (nov22.weekday().num_days_from_monday() + 7 - 2) % 7;
                nov22.checked_sub_signed(Duration::days(i64::from(back)))
            }
            When::GenevaFast => {
                nth_weekday(year, 9, Weekday::Sun, 1)?.checked_add_signed(Duration::days(4))
            }
            When::FederalFastMonday => {
                nth_weekday(year, 9, Weekday::Sun, 3)?.checked_add_signed(Duration::days(1))
            }
            When::NaefelsDay => {
                let first = nth_weekday(year, 4, Weekday::Thu, 1)?;
                if easter.checked_sub_signed(Duration::days(3)) == Some(first) {
                    first.checked_add_signed(Duration::days(7))
                } else {
                    Some(first)
                }
            }
            When::FixedOn(m, d, days) => {
                NaiveDate::from_ymd_opt(year, m, d).filter(|x| days.contains(&x.weekday()))
            }
            When::FixedExcept(m, d, days) => {
                NaiveDate::from_ymd_opt(year, m, d).filter(|x| !days.contains(&x.weekday()))
            }
            When::Once(y, m, d) => NaiveDate::from_ymd_opt(y, m, d).filter(|_| y == year),
        }
    }
}

/// The region's holidays of `year`, by date; half days (24 and 31 December) only when
/// `half_days` and the region has them. None for a year chrono cannot represent.
pub fn days(region: &Region, year: i32, half_days: bool) -> Option<Vec<RegionDay>> {
    let easter = easter(year)?;
    let mut out: Vec<RegionDay> = Vec::new();
    for rule in region.rules() {
        if year < rule.since || (rule.half_day && !half_days) {
            continue;
        }
        let Some(date) = rule.when.date(year, easter) else {
            continue;
        };
        // A full holiday wins over a half day on the same date (Geneva's 31 December).
        match out.iter_mut().find(|d| d.date == date) {
            Some(d) if d.half_day && !rule.half_day => {
                *d = RegionDay {
                    date,
                    name: rule.name,
                    half_day: false,
                }
            }
            Some(_) => {}
            None => out.push(RegionDay {
                date,
                name: rule.name,
                half_day: rule.half_day,
            }),
        }
    }
    out.sort_by_key(|d| d.date);
    Some(out)
}

/// What a fill did (or, with names left alone, would need asking about).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FillReport {
    pub region: String,
    pub year: i32,
    pub half_days: bool,
    /// Days written that were not there before.
    pub added: u32,
    /// Days already there under the region's name.
    pub kept: u32,
    /// Days whose name was replaced by the region's (only when asked to).
    pub renamed: u32,
    /// Days already there under another name, left alone: the page asks before replacing.
    pub clashes: Vec<NameClash>,
}

/// A date the account has under another name than the region's.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameClash {
    /// YYYY-MM-DD
    pub date: String,
    pub current: String,
    pub proposed: String,
}

/// The region the account fills from and the year "fill next year" means.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FillChoice {
    pub region: Option<String>,
    pub next_year: i32,
}

#[cfg(test)]
mod tests;
