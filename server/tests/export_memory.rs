//! A 100 000-entry report streams as CSV with bounded memory: the allocator of this test
//! binary (its own, so no other test's allocations count) tracks the peak of live heap bytes
//! while the download is read, which must stay well below the file's size.

#[path = "it/common.rs"]
#[allow(dead_code)]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use app::db::bulk;
use app::i18n::Lang;
use app::model::ReportQuery;
use app::services::entry_reports::{self, Format};
use chrono::{Duration, Utc};
use futures::StreamExt;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ENTRIES: usize = 100_000;

#[tokio::test]
async fn a_100_000_entry_csv_streams_in_bounded_memory() {
    for b in common::backends().await {
        let admin = common::account(&b.db, "big").await;
        let c = common::key(&b.db, &admin).await;
        let st = common::state(&b.db, 1000);
        for (path, body) in [
            ("/api/v2/ext/clients", r#"{"clientName": "Acme"}"#),
            (
                "/api/v2/ext/projects",
                r#"{"clientName": "Acme", "projectName": "Web", "hourRate": 90}"#,
            ),
            (
                "/api/v2/ext/tasks",
                r#"{"clientName": "Acme", "projectName": "Web", "taskName": "Build"}"#,
            ),
        ] {
            let r = common::call(&st, "POST", path, Some(&c), Some(body)).await;
            assert_eq!(r.status, 201, "{path}: {}", r.json);
        }
        let project = app::db::projects::labels(&b.db, admin.account_id)
            .await
            .unwrap()[0]
            .id;
        let task = app::db::tasks::labels(&b.db, admin.account_id)
            .await
            .unwrap()[0]
            .id;
        // 100 000 entries of 30 minutes, every 40 minutes, ending before now.
        let start = Utc::now() - Duration::minutes(40 * ENTRIES as i64 + 60);
        let rows: Vec<bulk::Entry> = (0..ENTRIES)
            .map(|i| {
                let at = start + Duration::minutes(40 * i as i64);
                bulk::Entry {
                    user_id: admin.user_id.unwrap(),
                    project_id: project,
                    task_id: task,
                    start: at,
                    minutes: 30,
                    billable: i % 2 == 0,
                    account_day: at.date_naive().to_string(),
                }
            })
            .collect();
        let mut conn = b.db.pool.acquire().await.unwrap();
        let sqlite = b.name == "sqlite";
        for part in rows.chunks(bulk::ENTRIES_PER_INSERT) {
            let sql = bulk::entries_sql(sqlite, admin.account_id, part.len());
            bulk::insert_entries(&mut conn, &sql, part).await.unwrap();
        }
        drop((conn, rows));

        let from = (start - Duration::days(1)).date_naive().to_string();
        let to = Utc::now().date_naive().to_string();
        let q = ReportQuery {
            preset: "custom".into(),
            from,
            to,
            ..ReportQuery::default()
        };
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let d = entry_reports::download(&b.db, &admin, &q, Format::Csv, Lang::En)
            .await
            .unwrap();
        let (mut bytes, mut lines, mut parts) = (0usize, 0usize, 0usize);
        let mut body = d.body;
        while let Some(part) = body.next().await {
            let part = part.unwrap();
            bytes += part.len();
            lines += part.iter().filter(|b| **b == b'\n').count();
            parts += 1;
        }
        let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        assert_eq!(lines, ENTRIES + 2, "{}: header, entries, totals", b.name);
        assert!(
            parts > 100,
            "{}: {parts} parts: the file left in pieces",
            b.name
        );
        // Holding the file alone would take all its bytes (and its 100 000 decoded entries
        // about ten times more); a batch of 1 000 entries and its part take a few hundred KB.
        assert!(
            grew < bytes / 2 && grew < 8 << 20,
            "{}: the heap grew by {grew} bytes while streaming a {bytes}-byte file",
            b.name
        );
        println!(
            "{}: {bytes} bytes in {parts} parts, heap peak +{grew} bytes",
            b.name
        );
    }
}
