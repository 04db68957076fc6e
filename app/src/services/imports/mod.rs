//! Imports of Toggl Track, Clockify and Harvest CSV exports: administrators only; one
//! transaction per import; a file with a problem writes nothing unless its bad lines are
//! skipped; every entry carries a key derived from its line, so a second import of the same
//! file adds nothing. The file is read record by record and written in batches, so memory
//! stays bounded by the batch and the distinct names, not the file.
//!
//! A dry run (and the page's preview) does everything an import does inside the transaction
//! and rolls it back, so what it reports is exactly what the import would do.

mod names;
mod people;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use self::names::{Names, NO_CLIENT, NO_PROJECT};
use self::people::People;
use super::time_entries::MAX_SPAN_DAYS;
use super::{Actor, ServiceError, ServiceResult, NAME_MAX, TEXT_MAX};
use crate::db::imports::{self as sql, NewEntry};
use crate::db::{time, Conn, Db};
use crate::import::report::{ImportReport, PreviewRow, Problem, MAX_PROBLEMS, PREVIEW_ROWS};
use crate::import::{Format, Reader, Row, When};

pub use people::username_for;

/// Who a person of the file becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonChoice {
    User(i64),
    Create,
}

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The format the caller expects; `None`: whatever the header says.
    pub format: Option<Format>,
    /// The time zone of the file's wall-clock times; `None`: the account's.
    pub timezone: Option<String>,
    pub skip_bad_lines: bool,
    /// Source person key (e-mail, else name) → choice; unnamed people are matched or created.
    pub people: HashMap<String, PersonChoice>,
    /// false: a dry run (rolled back).
    pub write: bool,
}

/// Harvest has no clock times: a day's entries are laid end to end from this hour.
const HARVEST_DAY_START: u32 = 9;

/// Imports are for administrators: they create people and write everyone's entries.
pub fn may_import(actor: &Actor) -> ServiceResult<()> {
    actor.require_admin()
}

/// Reads `input` and imports it (or, with `write` false, reports what importing would do).
pub async fn run<R: std::io::Read>(
    db: &Db,
    actor: &Actor,
    input: R,
    opts: &ImportOptions,
) -> ServiceResult<ImportReport> {
    may_import(actor)?;
    let mut reader =
        Reader::open(input, opts.format).map_err(|m| ServiceError::invalid("file", m))?;
    let tz = timezone(db, actor, opts).await?;
    let mut tx = db.begin_write(None).await?;
    sql::widen_cache(&mut tx, db.backend, true).await?;
    let read = read_all(
        &mut tx,
        &mut reader,
        (actor.account_id, db.backend),
        tz,
        opts,
    )
    .await;
    sql::widen_cache(&mut tx, db.backend, false).await?;
    let mut report = read?;
    let clean = report.bad_lines == 0 || opts.skip_bad_lines;
    if opts.write && clean {
        tx.commit().await?;
        report.written = true;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

/// Every line of the file into the open transaction.
async fn read_all<R: std::io::Read>(
    tx: &mut Conn,
    reader: &mut Reader<R>,
    (account_id, backend): (i64, crate::db::Backend),
    tz: Tz,
    opts: &ImportOptions,
) -> ServiceResult<ImportReport> {
    let at = (account_id, sql::batch_rows(backend));
    let mut job = Job::start(tx, at, reader.format, tz, opts).await?;
    while let Some(next) = reader.next_row() {
        job.report.lines += 1;
        match next {
            Err((line, message)) => job.problem(line, message),
            Ok(row) => job.row(tx, row).await?,
        }
        if job.batch.len() >= job.batch_rows {
            job.flush(tx).await?;
        }
    }
    job.flush(tx).await?;
    Ok(job.finish())
}

async fn timezone(db: &Db, actor: &Actor, opts: &ImportOptions) -> ServiceResult<Tz> {
    match opts
        .timezone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(name) => name.parse().map_err(|_| {
            ServiceError::invalid(
                "timezone",
                format!("{name} is not a time zone like Europe/Berlin."),
            )
        }),
        None => super::accounts::tz(db, actor.account_id, None).await,
    }
}

/// An entry waiting for its batch, with its tags.
struct Pending {
    entry: NewEntry,
    tags: Vec<i64>,
}

/// The state of one import while the file is read.
struct Job<'o> {
    account: i64,
    format: Format,
    tz: Tz,
    /// The account's zone: the entries' days for the rollups.
    account_tz: Tz,
    currency: String,
    opts: &'o ImportOptions,
    people: People,
    names: Names,
    /// How often each line's identity occurred so far (identical lines are distinct entries).
    seen: HashMap<[u8; 16], u32>,
    /// Harvest: minutes of the day already laid out per (person, day).
    day_used: HashMap<(String, chrono::NaiveDate), i64>,
    batch: Vec<Pending>,
    /// Entries per INSERT (the database's best, `db::imports::batch_rows`).
    batch_rows: usize,
    report: ImportReport,
}

impl<'o> Job<'o> {
    async fn start(
        conn: &mut Conn,
        (account, batch_rows): (i64, usize),
        format: Format,
        tz: Tz,
        opts: &'o ImportOptions,
    ) -> ServiceResult<Job<'o>> {
        Ok(Job {
            account,
            format,
            tz,
            account_tz: crate::services::rollups::zone_in_tx(conn, account).await?,
            currency: sql::currency(conn, account).await?,
            opts,
            people: People::load(conn, account).await?,
            names: Names::default(),
            seen: HashMap::new(),
            day_used: HashMap::new(),
            batch: Vec::with_capacity(batch_rows),
            batch_rows,
            report: ImportReport {
                format,
                timezone: tz.name().to_string(),
                lines: 0,
                entries: 0,
                already_imported: 0,
                bad_lines: 0,
                people: Vec::new(),
                clients: Default::default(),
                projects: Default::default(),
                tasks: Default::default(),
                tags: Default::default(),
                preview: Vec::new(),
                problems: Vec::new(),
                more_problems: 0,
                notes: Vec::new(),
                written: false,
            },
        })
    }

    fn problem(&mut self, line: u64, message: String) {
        self.report.bad_lines += 1;
        if self.report.problems.len() < MAX_PROBLEMS {
            self.report.problems.push(Problem { line, message });
        } else {
            self.report.more_problems += 1;
        }
    }

    fn note(&mut self, line: u64, message: String) {
        if self.report.notes.len() < MAX_PROBLEMS {
            self.report.notes.push(Problem { line, message });
        }
    }

    /// One line: checked first (a bad line creates nothing), then its names resolved.
    async fn row(&mut self, conn: &mut Conn, row: Row) -> ServiceResult<()> {
        let checked = check_texts(&row).and_then(|()| self.times(&row));
        let (from, to) = match checked {
            Ok(span) => span,
            Err(message) => {
                self.problem(row.line, message);
                return Ok(());
            }
        };
        let worked = (to - from).num_minutes();
        let (user_id, user_rate) = self
            .people
            .resolve(conn, self.account, &row.person, &self.opts.people)
            .await?;
        let client_name = non_empty(&row.client, NO_CLIENT);
        let project_name = non_empty(&row.project, NO_PROJECT);
        let client = self.names.client(conn, self.account, client_name).await?;
        let project = self
            .names
            .project(conn, self.account, (client_name, client.id), project_name)
            .await?;
        let task = match row.task.as_str() {
            "" => None,
            t => Some(
                self.names
                    .task(conn, self.account, (project_name, project.id), t)
                    .await?,
            ),
        };
        let mut tag_ids = Vec::with_capacity(row.tags.len());
        for t in &row.tags {
            tag_ids.push(self.names.tag(conn, self.account, t).await?);
        }
        let rate = self.rate(&row, worked).unwrap_or_else(|| {
            super::time_entries::default_hour_rate(
                task.as_ref().and_then(|t| t.hour_rate_cents),
                project.hour_rate_cents,
                client.hour_rate_cents,
                user_rate,
            )
        });
        let entry = NewEntry {
            user_id,
            project_id: project.id,
            task_id: task.map(|t| t.id),
            started_at: time::to_db(from),
            ended_at: time::to_db(to),
            worked_minutes: worked,
            billable: row.billable,
            hour_rate_cents: rate,
            details: row.description.clone(),
            tags_text: hashtags(&row.tags),
            import_key: self.key(&row),
            account_day: crate::services::rollups::day_of(self.account_tz, from),
        };
        self.preview(&row, &entry, (from, to));
        self.batch.push(Pending {
            entry,
            tags: tag_ids,
        });
        Ok(())
    }

    /// The entry's span in UTC; Harvest's days are laid end to end from the morning.
    fn times(&mut self, row: &Row) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
        let (start, end) = match &row.when {
            When::Span { start, end } => (*start, *end),
            When::Day { date, minutes } => {
                let used = self.day_used.entry((row.person.key(), *date)).or_insert(0);
                let morning = date
                    .and_time(NaiveTime::from_hms_opt(HARVEST_DAY_START, 0, 0).unwrap_or_default());
                let start = morning + Duration::minutes(*used);
                *used += minutes;
                (start, start + Duration::minutes(*minutes))
            }
        };
        let (from, to) = (self.utc(start)?, self.utc(end)?);
        if to <= from {
            return Err(format!(
                "the entry ends ({end}) before or when it starts ({start})"
            ));
        }
        if to - from > Duration::days(MAX_SPAN_DAYS) {
            return Err(format!("an entry may span at most {MAX_SPAN_DAYS} days"));
        }
        Ok((from, to))
    }

    /// A wall-clock time of the file in UTC; in the hour a clock change repeats, the first.
    fn utc(&self, t: NaiveDateTime) -> Result<DateTime<Utc>, String> {
        self.tz
            .from_local_datetime(&t)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| {
                format!(
                    "{t} does not exist in {} (the clocks were put forward)",
                    self.tz.name()
                )
            })
    }

    /// The rate the file gives (directly, or as the amount over the hours), when it is in the
    /// account's currency; `None`: Stempel's defaults apply.
    fn rate(&mut self, row: &Row, worked: i64) -> Option<Option<i64>> {
        let given = row.hour_rate_cents.or_else(|| {
            row.amount_cents
                .filter(|a| *a > 0 && worked > 0)
                .map(|a| (a * 60 + worked / 2) / worked)
        })?;
        match &row.currency {
            Some(c) if *c != self.currency => {
                let message = format!(
                    "the rate is in {c}, the account keeps {}: Stempel's default rate applies",
                    self.currency
                );
                self.note(row.line, message);
                None
            }
            _ => Some(Some(given)),
        }
    }

    /// The line's identity: format, person, names, description and times, and how often the
    /// same identity came before in this file.
    fn key(&mut self, row: &Row) -> String {
        use sha2::Digest;
        let when = match &row.when {
            When::Span { start, end } => format!("{start}|{end}"),
            When::Day { date, minutes } => format!("{date}|{minutes}"),
        };
        let text = [
            self.format.as_str(),
            &row.person.key(),
            &row.client,
            &row.project,
            &row.task,
            &row.description,
            &when,
        ]
        .join("\u{1f}");
        let digest = sha2::Sha256::digest(text.as_bytes());
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        let n = self.seen.entry(id).or_insert(0);
        *n += 1;
        format!("{}:{}:{}", self.format.as_str(), hex::encode(id), n)
    }

    fn preview(&mut self, row: &Row, e: &NewEntry, span: (DateTime<Utc>, DateTime<Utc>)) {
        if self.report.preview.len() >= PREVIEW_ROWS {
            return;
        }
        let local = |t: DateTime<Utc>| {
            t.with_timezone(&self.tz)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        };
        self.report.preview.push(PreviewRow {
            line: row.line,
            person: row.person.name.clone(),
            client: non_empty(&row.client, NO_CLIENT).to_string(),
            project: non_empty(&row.project, NO_PROJECT).to_string(),
            task: row.task.clone(),
            from: local(span.0),
            to: local(span.1),
            worked_minutes: e.worked_minutes,
            billable: e.billable,
            hour_rate: e
                .hour_rate_cents
                .map(crate::format::cents)
                .unwrap_or_default(),
            details: e.details.clone(),
            tags: e.tags_text.clone(),
        });
    }

    /// Writes the waiting entries that are new, and their tags.
    async fn flush(&mut self, conn: &mut Conn) -> ServiceResult<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.batch);
        let entries: Vec<NewEntry> = Vec::with_capacity(pending.len());
        let (entries, tags) =
            pending
                .into_iter()
                .fold((entries, HashMap::new()), |(mut entries, mut tags), p| {
                    if !p.tags.is_empty() {
                        tags.insert(p.entry.import_key.clone(), p.tags);
                    }
                    entries.push(p.entry);
                    (entries, tags)
                });
        let written = sql::insert_entries(conn, self.account, &entries).await?;
        self.report.entries += written.len() as u64;
        self.report.already_imported += (entries.len() - written.len()) as u64;
        let links: Vec<(i64, i64)> = written
            .iter()
            .flat_map(|(id, key)| tags.get(key).into_iter().flatten().map(move |t| (*id, *t)))
            .collect();
        for chunk in links.chunks(self.batch_rows * 3) {
            sql::link_tags(conn, self.account, chunk).await?;
        }
        self.batch = Vec::with_capacity(self.batch_rows);
        Ok(())
    }

    fn finish(mut self) -> ImportReport {
        self.report.people = self.people.plans;
        self.report.clients = self.names.client_plan;
        self.report.projects = self.names.project_plan;
        self.report.tasks = self.names.task_plan;
        self.report.tags = self.names.tag_plan;
        self.report
    }
}

fn non_empty<'a>(s: &'a str, otherwise: &'a str) -> &'a str {
    if s.is_empty() {
        otherwise
    } else {
        s
    }
}

/// Names and texts within Stempel's limits.
fn check_texts(row: &Row) -> Result<(), String> {
    for (field, v) in [
        ("Client", &row.client),
        ("Project", &row.project),
        ("Task", &row.task),
    ] {
        if v.chars().count() > NAME_MAX {
            return Err(format!("{field} may have at most {NAME_MAX} characters"));
        }
    }
    if row.description.chars().count() > TEXT_MAX {
        return Err(format!(
            "the description may have at most {TEXT_MAX} characters"
        ));
    }
    if row.person.name.chars().count() > 200 {
        return Err("the person's name may have at most 200 characters".into());
    }
    Ok(())
}

/// Tags as an entry's text carries them: "#Design-Review #Meeting".
fn hashtags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}
