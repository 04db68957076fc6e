//! The time rollups (issue 17): which day an entry counts on, how a range is cut into whole
//! days (read from the rollups) and edges (read from the entries), and keeping the stored days
//! right — the backfill after the migration or a change of the account's time zone, and
//! `stempel rollups check|rebuild`. The sums themselves are kept by triggers (migration 0013).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::reports::day_start;
use super::{ServiceError, ServiceResult};
use crate::db::rollups::upkeep;
use crate::db::{self, time, Conn, Db};

pub use crate::db::rollups::{By, Cut, Filter, Group, Sums};

/// The account day of a start: its date in the account's zone.
pub fn day_of(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).date_naive().to_string()
}

/// The account's zone inside a write transaction that stores days (see
/// `db::accounts::zone_for_write`), read from the database.
pub async fn zone_in_tx(conn: &mut Conn, account_id: i64) -> ServiceResult<Tz> {
    let name = db::accounts::zone_for_write(conn, account_id)
        .await?
        .ok_or(ServiceError::NotFound(super::Resource::Account))?;
    Ok(name.parse().unwrap_or(Tz::UTC))
}

/// The same for the API's and the pages' writes: on SQLite from the process's memory once read
/// (`Memory::zones`: the one writer of the file changes the zone in this process and empties
/// it then), on Postgres from the database every time.
pub async fn zone_for_write(db: &Db, conn: &mut Conn, account_id: i64) -> ServiceResult<Tz> {
    if db.backend != db::Backend::Sqlite {
        return zone_in_tx(conn, account_id).await;
    }
    let known = zones(db).get(&account_id).and_then(|z| z.parse().ok());
    if let Some(tz) = known {
        return Ok(tz);
    }
    let tz = zone_in_tx(conn, account_id).await?;
    zones(db).insert(account_id, tz.name().to_string());
    Ok(tz)
}

fn zones(db: &Db) -> std::sync::MutexGuard<'_, std::collections::HashMap<i64, String>> {
    db.memory
        .zones
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Cuts the stored-time range [from, before) (either open) into whole account days and the
/// pieces of days at its ends.
pub fn cut(tz: Tz, from: Option<DateTime<Utc>>, before: Option<DateTime<Utc>>) -> Cut {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    // The first whole day, and the piece of a day before it.
    let (first, head) = match from {
        None => (None, None),
        Some(f) => {
            let d = local(f);
            if day_start(tz, d) == f {
                (Some(d), None)
            } else {
                let next = d + Duration::days(1);
                (Some(next), Some((f, day_start(tz, next))))
            }
        }
    };
    // The day after the last whole day, and the piece of a day after it.
    let (end, tail) = match before {
        None => (None, None),
        Some(b) => {
            let d = local(b);
            let start = day_start(tz, d);
            if start == b {
                (Some(d), None)
            } else {
                (Some(d), Some((start, b)))
            }
        }
    };
    if let (Some(first), Some(end)) = (first, end) {
        if first >= end {
            // No whole day: the range is read from the entries alone.
            let (f, b) = (from.expect("first comes from from"), before.expect("end"));
            let edges = if f < b {
                vec![(time::to_db(f), time::to_db(b))]
            } else {
                Vec::new()
            };
            return Cut {
                days: None,
                days_at: (None, None),
                edges,
            };
        }
    }
    let day_text = |d: NaiveDate| d.to_string();
    Cut {
        days: Some((
            first.map(day_text),
            end.map(|e| day_text(e - Duration::days(1))),
        )),
        days_at: (
            first.map(|d| time::to_db(day_start(tz, d))),
            end.map(|d| time::to_db(day_start(tz, d))),
        ),
        edges: head
            .into_iter()
            .chain(tail)
            .map(|(a, b)| (time::to_db(a), time::to_db(b)))
            .collect(),
    }
}

/// Stores the day of every entry of the account that has none yet (after the migration, or
/// after a change of the time zone), one local day per statement so no write waits long; the
/// triggers add them to the rollups. How many entries.
pub async fn backfill(db: &Db, account_id: i64) -> ServiceResult<u64> {
    // The first start of a round that stored nothing (another process may have stored those
    // days meanwhile; the same start twice would go round for ever).
    let (mut done, mut empty_round) = (0, None);
    loop {
        let mut tx = db.begin_write(None).await?;
        let tz = zone_in_tx(&mut tx, account_id).await?;
        let Some((first, last)) = upkeep::unrolled_span(&mut tx, account_id).await? else {
            tx.commit().await?;
            return Ok(done);
        };
        let (Some(first), Some(last)) = (time::from_db(&first), time::from_db(&last)) else {
            return Err(ServiceError::Internal(format!(
                "unreadable entry start between {first} and {last}"
            )));
        };
        if empty_round == Some(first) {
            return Err(ServiceError::Internal(format!(
                "an entry starting {first} falls in none of its days"
            )));
        }
        // A month of days per transaction, then the next (a change of zone in between makes
        // the next round start over with the new zone).
        let (mut d, stop) = (
            first.with_timezone(&tz).date_naive(),
            last.with_timezone(&tz).date_naive(),
        );
        let (month_end, before_round) = (d + Duration::days(31), done);
        while d <= stop && d < month_end {
            let next = d + Duration::days(1);
            let (from, before) = (
                time::to_db(day_start(tz, d)),
                time::to_db(day_start(tz, next)),
            );
            done += upkeep::set_day(&mut tx, account_id, &d.to_string(), &from, &before).await?;
            d = next;
        }
        tx.commit().await?;
        empty_round = (done == before_round).then_some(first);
    }
}

/// Backfills every account (at start-up and after `migrate`); entries written meanwhile get
/// their day from the service, so this ends.
pub async fn backfill_all(db: &Db) -> ServiceResult<u64> {
    let mut done = 0;
    for id in db::accounts::ids(db).await? {
        done += backfill(db, id).await?;
    }
    Ok(done)
}

/// The account's time zone changed (inside the caller's write transaction, after the new zone
/// was written): every stored day is forgotten, so totals read those entries one by one until
/// [`backfill`] has stored the days of the new zone; the remembered zone too, while this
/// transaction still holds the writer, so no later write of this process uses the old one.
pub async fn zone_changed(db: &Db, conn: &mut Conn, account_id: i64) -> ServiceResult<u64> {
    zones(db).remove(&account_id);
    Ok(upkeep::forget_days(conn, account_id).await?)
}

/// What `stempel rollups check` found for an account.
#[derive(Debug, Default)]
pub struct Check {
    /// Rollup rows that differ from the entries' sums (key, stored, expected).
    pub differences: Vec<String>,
    /// Entries whose stored day is not their start's date in the account's zone.
    pub wrong_days: Vec<String>,
    /// Entries whose day is not stored yet (totals read them one by one).
    pub unrolled: u64,
    pub rows: usize,
}

/// Compares the three rollup tables with the sums of the entries, and every stored day with
/// the start's date in the account's zone.
pub async fn check(db: &Db, account_id: i64) -> ServiceResult<Check> {
    let mut out = Check::default();
    for table in upkeep::TABLES {
        let stored = upkeep::stored(db, account_id, table).await?;
        let expected = upkeep::expected(db, account_id, table).await?;
        out.rows += stored.len();
        let found = differences(&stored, &expected);
        out.differences
            .extend(found.into_iter().map(|d| format!("{table:?}: {d}")));
    }
    let tz = super::accounts::tz(db, account_id, None).await?;
    for (id, start, day) in upkeep::starts(db, account_id).await? {
        let right = time::from_db(&start).map(|t| day_of(tz, t));
        if right.as_deref() != Some(day.as_str()) {
            out.wrong_days.push(format!(
                "entry {id} started {start}: day {day}, in {tz} {}",
                right.unwrap_or_else(|| "unreadable".into())
            ));
        }
    }
    out.unrolled = upkeep::unrolled_count(&mut *db.pool.acquire().await?, account_id).await?;
    Ok(out)
}

/// The keys where two lists of keyed sums differ, described.
fn differences(stored: &[upkeep::KeyedSums], expected: &[upkeep::KeyedSums]) -> Vec<String> {
    use std::collections::BTreeMap;
    let key = |k: &upkeep::KeyedSums| (k.project_id, k.user_id, k.task_id, k.day.clone());
    let s: BTreeMap<_, _> = stored.iter().map(|k| (key(k), k.sums)).collect();
    let e: BTreeMap<_, _> = expected.iter().map(|k| (key(k), k.sums)).collect();
    let mut out = Vec::new();
    for k in s.keys().chain(e.keys().filter(|k| !s.contains_key(*k))) {
        let (a, b) = (s.get(k).copied(), e.get(k).copied());
        if a != b {
            out.push(format!(
                "project {} user {} task {} day {}: stored {:?}, entries {:?}",
                k.0, k.1, k.2, k.3, a, b
            ));
        }
    }
    out
}

/// Sums the account's rollups again from its entries, then stores the days still missing.
pub async fn rebuild(db: &Db, account_id: i64) -> ServiceResult<u64> {
    let mut tx = db.begin_write(None).await?;
    upkeep::lock_entries(&mut tx).await?;
    upkeep::rebuild(&mut tx, account_id).await?;
    tx.commit().await?;
    backfill(db, account_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_range_of_whole_local_days_reads_only_rollups() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let c = cut(
            tz,
            Some(t("2026-10-31T23:00:00Z")),
            Some(t("2026-11-30T23:00:00Z")),
        );
        assert_eq!(
            c.days,
            Some((Some("2026-11-01".into()), Some("2026-11-30".into())))
        );
        assert!(c.edges.is_empty());
    }

    #[test]
    fn a_range_that_cuts_days_reads_its_edges_from_the_entries() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let c = cut(
            tz,
            Some(t("2026-11-02T10:00:00Z")),
            Some(t("2026-11-05T12:00:00Z")),
        );
        assert_eq!(
            c.days,
            Some((Some("2026-11-03".into()), Some("2026-11-04".into())))
        );
        assert_eq!(c.edges.len(), 2);
        assert_eq!(c.edges[0].0, time::to_db(t("2026-11-02T10:00:00Z")));
        assert_eq!(c.edges[0].1, time::to_db(t("2026-11-02T23:00:00Z")));
        assert_eq!(c.edges[1].0, time::to_db(t("2026-11-04T23:00:00Z")));
        // Within one day: no whole day, one edge.
        let c = cut(
            tz,
            Some(t("2026-11-02T10:00:00Z")),
            Some(t("2026-11-02T12:00:00Z")),
        );
        assert_eq!(c.days, None);
        assert_eq!(c.edges.len(), 1);
        // Open ends stay open.
        let c = cut(tz, None, Some(t("2026-11-02T12:00:00Z")));
        assert_eq!(c.days, Some((None, Some("2026-11-01".into()))));
        assert_eq!(c.edges.len(), 1);
    }
}
