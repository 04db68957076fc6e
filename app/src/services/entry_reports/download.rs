//! A report's entries as a CSV, XLSX or PDF download, streamed: the heading from the report's
//! sums, then the entries read a batch at a time in start order (a keyset on start and id) and
//! handed to the file's writer, whose bytes leave after each batch. Memory stays at one batch
//! and the writer's page, whatever the number of entries.

use futures::stream::{self, BoxStream, StreamExt};

use super::{lines, summarize, Plan};
use crate::db::time_entries;
use crate::db::Db;
use crate::export::entries::{Csv, EntryWriter, Head, Pdf, Xlsx};
use crate::i18n::Lang;
use crate::model::ReportQuery;
use crate::services::{Actor, ServiceError, ServiceResult};

/// Entries read per query.
pub const BATCH: i64 = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    pub fn parse(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

/// A download ready to send: its file name (without extension) and its bytes as they come.
pub struct Download {
    pub stem: String,
    pub format: Format,
    pub body: BoxStream<'static, ServiceResult<Vec<u8>>>,
}

/// Where the stream stands between batches.
struct Reading {
    db: Db,
    account_id: i64,
    plan: Plan,
    writer: Box<dyn EntryWriter>,
    done: bool,
}

/// Checks the query and the person's right to it before anything is sent (a refusal is a
/// plain error response); then streams.
pub async fn download(
    db: &Db,
    actor: &Actor,
    query: &ReportQuery,
    format: Format,
    lang: Lang,
) -> ServiceResult<Download> {
    let plan = super::plan_for(db, actor, query).await?;
    let summary = summarize(db, actor, &plan).await?;
    let account = crate::db::accounts::name(db, actor.account_id)
        .await?
        .ok_or(ServiceError::NotFound(crate::services::Resource::Account))?;
    let head = Head {
        lang,
        account,
        from: plan.query.from.clone(),
        to: plan.query.to.clone(),
        filters: summary.filters,
        grouping: [&plan.query.group, &plan.query.then]
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| g.to_string())
            .collect(),
        groups: summary.groups,
        totals: summary.totals,
        currency: crate::services::expenses::default_currency(db, actor).await?,
    };
    let writer: Box<dyn EntryWriter> = match format {
        Format::Csv => Box::new(Csv::new(&head)),
        Format::Xlsx => Box::new(Xlsx::new(&head)),
        Format::Pdf => Box::new(Pdf::new(&head)),
    };
    let stem = format!("report-{}-{}", plan.query.from, plan.query.to);
    let reading = Reading {
        db: db.clone(),
        account_id: actor.account_id,
        plan,
        writer,
        done: false,
    };
    let body = stream::try_unfold(reading, next_part).boxed();
    Ok(Download { stem, format, body })
}

/// The next part of the file: the heading and a batch of entries, or the end.
async fn next_part(mut r: Reading) -> ServiceResult<Option<(Vec<u8>, Reading)>> {
    if r.done {
        return Ok(None);
    }
    let entries = time_entries::page(
        &r.db,
        r.account_id,
        r.plan.only_person,
        &r.plan.filter,
        BATCH,
        0,
    )
    .await?;
    for e in &entries {
        r.writer.line(&lines::line(e, r.plan.tz));
    }
    match entries.last() {
        Some(last) if entries.len() as i64 == BATCH => {
            r.plan.filter.after = Some((last.from.clone(), last.id));
        }
        _ => {
            r.writer.end();
            r.done = true;
        }
    }
    let bytes = r.writer.take();
    Ok(Some((bytes, r)))
}
