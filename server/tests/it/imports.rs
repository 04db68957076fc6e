//! Imports of the hand-written Toggl, Clockify and Harvest fixtures on both backends: the dry
//! run, the import, a second import that adds nothing, a broken line that writes nothing (and,
//! skipped, lets the rest in), and the imported entries as every other reader sees them.

use std::collections::HashMap;

use app::db::Db;
use app::import::report::ImportReport;
use app::import::Format;
use app::model::{Role, TimeEntry};
use app::services::imports::{self, ImportOptions, PersonChoice};
use app::services::time_entries::{self, TimeEntryFilter};
use app::services::{Actor, Paging, ServiceError};

use crate::common::{account, backends};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../app/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn opts(write: bool) -> ImportOptions {
    ImportOptions {
        write,
        ..Default::default()
    }
}

async fn run(db: &Db, actor: &Actor, text: &str, o: &ImportOptions) -> ImportReport {
    imports::run(db, actor, text.as_bytes(), o)
        .await
        .expect("an import report")
}

/// Every live entry of the account, oldest first.
async fn entries(db: &Db, actor: &Actor) -> Vec<TimeEntry> {
    let page = time_entries::list(
        db,
        actor,
        &TimeEntryFilter::default(),
        Paging {
            page: 0,
            limit: 1000,
        },
    )
    .await
    .unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items
}

/// (table, rows of the account) for the tables an import writes.
async fn counts(db: &Db, account_id: i64) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in [
        "users",
        "clients",
        "projects",
        "tasks",
        "tags",
        "time_entries",
        "time_entry_tags",
    ] {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE account_id = $1"
        ))
        .bind(account_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        out.push((table, n));
    }
    out
}

/// What each fixture must give: (entries, people created, clients, projects, tasks, tags, notes).
struct Expect {
    file: &'static str,
    format: Format,
    entries: u64,
    people: usize,
    names: [usize; 4],
    notes: usize,
    /// A line and the text it is broken by: (line number, from, to).
    broken: (u64, &'static str, &'static str),
}

const EXPECTS: [Expect; 4] = [
    Expect {
        file: "toggl.csv",
        format: Format::Toggl,
        entries: 4,
        people: 2,
        names: [3, 3, 2, 4],
        notes: 0,
        broken: (4, "2026-03-03,10:00:00", "2026-03-33,10:00:00"),
    },
    Expect {
        file: "clockify.csv",
        format: Format::Clockify,
        entries: 3,
        people: 2,
        names: [3, 3, 2, 3],
        notes: 2,
        broken: (3, "\"10:30 PM\"", "\"10:30 XM\""),
    },
    Expect {
        file: "clockify_de.csv",
        format: Format::Clockify,
        entries: 2,
        people: 1,
        names: [1, 1, 1, 2],
        notes: 0,
        broken: (3, "\"No\",\"03.03.2026\"", "\"Vielleicht\",\"03.03.2026\""),
    },
    Expect {
        file: "harvest.csv",
        format: Format::Harvest,
        entries: 5,
        people: 2,
        names: [3, 3, 2, 0],
        notes: 2,
        broken: (5, "\"0,75\",No", "\"0,7x\",No"),
    },
];

#[tokio::test]
async fn each_format_dry_runs_imports_once_and_refuses_a_broken_file() {
    for b in backends().await {
        for (i, x) in EXPECTS.iter().enumerate() {
            let admin = account(&b.db, &format!("imp-{i}")).await;
            let text = fixture(x.file);
            let before = counts(&b.db, admin.account_id).await;
            let dry = run(&b.db, &admin, &text, &opts(false)).await;
            let what = format!("{} {}", b.name, x.file);
            assert_eq!((dry.format, dry.written), (x.format, false), "{what}");
            assert_eq!(
                (dry.entries, dry.bad_lines),
                (x.entries, 0),
                "{what}: {:?}",
                dry.problems
            );
            assert_eq!(
                dry.people.iter().filter(|p| p.user_id.is_none()).count(),
                x.people,
                "{what}"
            );
            let created =
                [&dry.clients, &dry.projects, &dry.tasks, &dry.tags].map(|p| p.created.len());
            assert_eq!(created, x.names, "{what}");
            assert_eq!(dry.notes.len(), x.notes, "{what}: {:?}", dry.notes);
            assert_eq!(dry.preview.len() as u64, x.entries, "{what}");
            assert_eq!(
                counts(&b.db, admin.account_id).await,
                before,
                "{what}: a dry run writes nothing"
            );

            // A broken line: nothing at all is written.
            let broken = text.replacen(x.broken.1, x.broken.2, 1);
            assert_ne!(broken, text, "{what}: the fixture has the text to break");
            let refused = run(&b.db, &admin, &broken, &opts(true)).await;
            assert!(!refused.written, "{what}");
            assert_eq!(refused.bad_lines, 1, "{what}");
            assert_eq!(
                refused.problems[0].line, x.broken.0,
                "{what}: {:?}",
                refused.problems
            );
            assert_eq!(
                counts(&b.db, admin.account_id).await,
                before,
                "{what}: a broken file writes nothing"
            );

            let done = run(&b.db, &admin, &text, &opts(true)).await;
            assert!(done.written, "{what}");
            assert_eq!(done.entries, x.entries, "{what}");
            assert_eq!(
                entries(&b.db, &admin).await.len() as u64,
                x.entries,
                "{what}"
            );
            let after = counts(&b.db, admin.account_id).await;

            let again = run(&b.db, &admin, &text, &opts(true)).await;
            assert!(again.written, "{what}");
            assert_eq!(
                (again.entries, again.already_imported),
                (0, x.entries),
                "{what}"
            );
            assert!(
                again.people.iter().all(|p| p.user_id.is_some()),
                "{what}: people matched"
            );
            let created = [&again.clients, &again.projects, &again.tasks, &again.tags]
                .map(|p| p.created.len());
            assert_eq!(created, [0; 4], "{what}");
            assert_eq!(
                counts(&b.db, admin.account_id).await,
                after,
                "{what}: a second import adds nothing"
            );
        }
    }
}

#[tokio::test]
async fn skipping_bad_lines_imports_the_rest() {
    for b in backends().await {
        let admin = account(&b.db, "imp-skip").await;
        let x = &EXPECTS[0];
        let broken = fixture(x.file).replacen(x.broken.1, x.broken.2, 1);
        let o = ImportOptions {
            skip_bad_lines: true,
            write: true,
            ..Default::default()
        };
        let r = run(&b.db, &admin, &broken, &o).await;
        assert!(r.written, "{}", b.name);
        assert_eq!((r.entries, r.bad_lines), (3, 1), "{}", b.name);
        let got = entries(&b.db, &admin).await;
        assert_eq!(got.len(), 3, "{}", b.name);
        assert!(got.iter().all(|e| e.details != "Weekly sync"), "{}", b.name);
        // The fixed file brings in the missing line only.
        let r = run(&b.db, &admin, &fixture(x.file), &opts(true)).await;
        assert_eq!((r.entries, r.already_imported), (1, 3), "{}", b.name);
    }
}

fn by_details<'a>(all: &'a [TimeEntry], details: &str) -> &'a TimeEntry {
    all.iter()
        .find(|e| e.details == details)
        .unwrap_or_else(|| panic!("no entry {details}"))
}

#[tokio::test]
async fn toggl_entries_are_stored_in_utc_with_rates_tags_and_people() {
    for b in backends().await {
        let admin = account(&b.db, "imp-toggl").await;
        // Anna goes to the administrator; John is created.
        let mut o = opts(true);
        o.people.insert(
            "anna.mueller@example.de".into(),
            PersonChoice::User(admin.user_id.unwrap()),
        );
        let r = run(&b.db, &admin, &fixture("toggl.csv"), &o).await;
        assert!(r.written, "{}", b.name);
        let john = r.people.iter().find(|p| p.name == "John Smith").unwrap();
        assert_eq!(
            (john.user_id, john.username.as_str(), john.entries),
            (None, "john.smith", 2)
        );
        let all = entries(&b.db, &admin).await;
        let anna = by_details(&all, "Startseite, Menü & Footer");
        assert_eq!(
            (anna.username.as_str(), anna.from.as_str(), anna.to.as_str()),
            (
                "admin",
                "2026-03-02T08:00:00.000Z",
                "2026-03-02T10:30:00.000Z"
            )
        );
        assert_eq!(
            (anna.worked_minutes, anna.hour_rate_cents, anna.billable),
            (150, Some(8500), true)
        );
        assert_eq!(
            (anna.client_name.as_str(), anna.project_name.as_str()),
            ("Bäckerei Schmidt, GmbH", "Website \"Relaunch\"")
        );
        assert_eq!(
            (anna.task_name.as_deref(), anna.tags.as_str()),
            (Some("Entwurf"), "#Design-Review #Meeting")
        );
        let night = by_details(&all, "Fixed the login bug");
        assert_eq!(
            (night.from.as_str(), night.to.as_str(), night.worked_minutes),
            ("2026-03-02T21:30:00.000Z", "2026-03-03T00:15:00.000Z", 165)
        );
        assert_eq!(
            (night.username.as_str(), night.hour_rate_cents),
            ("john.smith", Some(11000))
        );
        // Across the switch to summer time: two hours on the clock, one worked.
        let dst = by_details(&all, "Night release\nwith a second line");
        assert_eq!(
            (dst.from.as_str(), dst.to.as_str(), dst.worked_minutes),
            ("2026-03-29T00:30:00.000Z", "2026-03-29T01:30:00.000Z", 60)
        );
        let sync = by_details(&all, "Weekly sync");
        assert_eq!(
            (
                sync.client_name.as_str(),
                sync.billable,
                sync.hour_rate_cents
            ),
            ("(no client)", false, None)
        );
        // Tags are the account's tags, linked like those typed in Stempel.
        let tags = app::services::tags::of_entries(&b.db, &admin, &[anna.id])
            .await
            .unwrap();
        let names: Vec<&str> = tags[&anna.id].iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Design-Review", "Meeting"], "{}", b.name);
        // The kept per-person counts agree.
        let total = app::db::time_entry_counts::total(&b.db, admin.account_id, None, false)
            .await
            .unwrap();
        assert_eq!(total, 4, "{}", b.name);
    }
}

#[tokio::test]
async fn harvest_days_are_laid_out_from_nine_and_foreign_rates_left_out() {
    for b in backends().await {
        let admin = account(&b.db, "imp-harvest").await;
        let r = run(&b.db, &admin, &fixture("harvest.csv"), &opts(true)).await;
        assert!(r.written, "{}", b.name);
        assert!(
            r.notes.iter().all(|n| n.message.contains("USD")),
            "{:?}",
            r.notes
        );
        let all = entries(&b.db, &admin).await;
        let first = by_details(&all, "Startseite, Menü & Footer");
        let second = by_details(&all, "Zweiter Block: \"Kontakt\"-Seite");
        assert_eq!(
            (first.from.as_str(), first.to.as_str()),
            ("2026-03-02T08:00:00.000Z", "2026-03-02T10:30:00.000Z")
        );
        assert_eq!(
            (second.from.as_str(), second.to.as_str()),
            ("2026-03-02T10:30:00.000Z", "2026-03-02T11:15:00.000Z")
        );
        assert_eq!(
            (first.username.as_str(), first.hour_rate_cents),
            ("anna.müller", Some(8500))
        );
        let overnight = by_details(&all, "Go-live, overnight");
        assert_eq!(
            (
                overnight.to.as_str(),
                overnight.worked_minutes,
                overnight.hour_rate_cents
            ),
            ("2026-03-04T00:00:00.000Z", 960, None)
        );
    }
}

#[tokio::test]
async fn only_administrators_import_and_bad_choices_are_named() {
    for b in backends().await {
        let admin = account(&b.db, "imp-rules").await;
        let before = counts(&b.db, admin.account_id).await;
        for role in [Role::Manager, Role::Staff] {
            let actor = Actor {
                role,
                ..admin.clone()
            };
            let e = imports::run(&b.db, &actor, fixture("toggl.csv").as_bytes(), &opts(true)).await;
            assert!(
                matches!(e, Err(ServiceError::Forbidden(_))),
                "{} {role:?}: {e:?}",
                b.name
            );
        }
        let mut o = opts(true);
        o.people = HashMap::from([(
            "john.smith@example.com".to_string(),
            PersonChoice::User(999_999),
        )]);
        let e = imports::run(&b.db, &admin, fixture("toggl.csv").as_bytes(), &o).await;
        assert!(
            matches!(&e, Err(ServiceError::Invalid(v)) if v[0].field == "people"),
            "{e:?}"
        );
        let mut o = opts(true);
        o.timezone = Some("Mars/Olympus".into());
        let e = imports::run(&b.db, &admin, fixture("toggl.csv").as_bytes(), &o).await;
        assert!(
            matches!(&e, Err(ServiceError::Invalid(v)) if v[0].field == "timezone"),
            "{e:?}"
        );
        let mut o = opts(true);
        o.format = Some(Format::Harvest);
        let e = imports::run(&b.db, &admin, fixture("toggl.csv").as_bytes(), &o).await;
        assert!(
            matches!(&e, Err(ServiceError::Invalid(v)) if v[0].field == "file"),
            "{e:?}"
        );
        assert_eq!(counts(&b.db, admin.account_id).await, before, "{}", b.name);
    }
}
