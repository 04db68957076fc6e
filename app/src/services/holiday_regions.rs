//! Filling a year of public holidays from a region's table (crate::holidays). Only
//! administrators fill. A fill is idempotent: a date already there is never added twice, and a
//! name the account gave a day is replaced only when the caller asks (the page shows the clashes
//! first). The account remembers the region, so next year is one click.

use chrono::{Datelike, NaiveDate};

use super::{Actor, ServiceError, ServiceResult};
use crate::db::{holiday_fill, Db};
use crate::holidays::{self, FillChoice, FillReport, NameClash, RegionDay};

/// The years a fill accepts: the Gregorian Easter rule holds from 1583; far futures are typos.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

#[derive(Clone, Debug)]
pub struct FillInput {
    pub region: String,
    pub year: i32,
    /// Also write the region's half days (24 and 31 December).
    pub half_days: bool,
    /// Replace the names (and half-day flags) of dates the account has under another name.
    pub replace_names: bool,
}

/// The account's region and the year after `today` (the caller's clock).
pub async fn choice(db: &Db, actor: &Actor, today: NaiveDate) -> ServiceResult<FillChoice> {
    actor.require_admin()?;
    Ok(FillChoice {
        region: holiday_fill::region(db, actor.account_id).await?,
        next_year: today.year() + 1,
    })
}

fn check(input: &FillInput) -> ServiceResult<&'static holidays::Region> {
    let mut problems = super::Checks::new();
    let region = holidays::region(input.region.trim());
    problems.check(
        region.is_some(),
        "region",
        "unknown region; use a code such as DE-BY, AT or CH-ZH.",
    );
    problems.check(
        YEARS.contains(&input.year),
        "year",
        format!(
            "the year must lie between {} and {}.",
            YEARS.start(),
            YEARS.end()
        ),
    );
    problems.done()?;
    region.ok_or_else(|| ServiceError::invalid("region", "unknown region."))
}

pub async fn fill(db: &Db, actor: &Actor, input: FillInput) -> ServiceResult<FillReport> {
    actor.require_admin()?;
    let region = check(&input)?;
    let days = holidays::days(region, input.year, input.half_days)
        .ok_or_else(|| ServiceError::invalid("year", "this year cannot be computed."))?;
    let mut tx = db.begin_write(None).await?;
    let (from, to) = (
        format!("{:04}-01-01", input.year),
        format!("{:04}-12-31", input.year),
    );
    let existing = holiday_fill::between(&mut tx, actor.account_id, &from, &to).await?;
    let mut report = FillReport {
        region: region.code.to_string(),
        year: input.year,
        half_days: input.half_days,
        ..FillReport::default()
    };
    for day in &days {
        apply(
            &mut tx,
            actor.account_id,
            day,
            &existing,
            &input,
            &mut report,
        )
        .await?;
    }
    holiday_fill::set_region(&mut tx, actor.account_id, region.code).await?;
    tx.commit().await?;
    Ok(report)
}

/// Adds one computed day, keeps it, renames it (when asked) or records the clash.
async fn apply(
    tx: &mut crate::db::Tx,
    account_id: i64,
    day: &RegionDay,
    existing: &[holiday_fill::Existing],
    input: &FillInput,
    report: &mut FillReport,
) -> ServiceResult<()> {
    let date = day.date.to_string();
    match existing.iter().find(|e| e.day == date) {
        None => {
            holiday_fill::insert(tx, account_id, &date, day.name, day.half_day).await?;
            report.added += 1;
        }
        Some(e) if e.name == day.name && e.half_day == day.half_day => report.kept += 1,
        Some(e) if input.replace_names => {
            holiday_fill::rename(tx, account_id, e.id, day.name, day.half_day).await?;
            report.renamed += 1;
        }
        Some(e) => report.clashes.push(NameClash {
            date,
            current: e.name.clone(),
            proposed: day.name.to_string(),
        }),
    }
    Ok(())
}
