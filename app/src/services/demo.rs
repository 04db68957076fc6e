//! Realistic demo data for trying Stempel out and for benchmarks: clients, projects with
//! budgets, tasks, a year of time entries per million (five years for 5 M), attendances,
//! absences and expenses. Rows go in with multi-row INSERTs inside transactions, so a million
//! entries take seconds, not hours.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};

use super::accounts::{self, NewAccount};
use super::users::NewUser;
use super::{ServiceError, ServiceResult};
use crate::db::bulk::{self, ENTRIES_PER_INSERT};
use crate::db::{self, Backend, Conn, Db};
use crate::model::Role;

pub struct DemoSpec {
    pub account: String,
    pub users: i64,
    pub entries: i64,
}

pub struct DemoSummary {
    pub account_id: i64,
    pub users: i64,
    pub projects: i64,
    pub entries: i64,
    pub attendances: i64,
}

/// A small deterministic generator (xorshift), so two runs make the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Time entries per transaction.
const ENTRIES_PER_TX: usize = 100_000;
/// Entries a year of demo history holds (about 75 a working day for each of 50 people).
const ENTRIES_PER_YEAR: i64 = 1_000_000;

/// One time entry as drawn by the generator, before it becomes SQL.
struct Drawn {
    day: u32,
    start_minute: u32,
    user: u32,
    project: u32,
    task: u32,
    minutes: u32,
    billable: bool,
}

pub async fn fill(db: &Db, spec: DemoSpec) -> ServiceResult<DemoSummary> {
    let existing = accounts::find_by_slug(db, &spec.account).await;
    let fresh = matches!(existing, Err(ServiceError::NotFound(_)));
    let account_id = match existing {
        Ok(a) => a.id,
        Err(ServiceError::NotFound(_)) => demo_account(db, &spec.account).await?,
        Err(e) => return Err(e),
    };
    let mut rng = Rng(0x5eed_cafe_f00d ^ account_id as u64);
    let mut tx = db.begin_write(None).await?;
    let user_ids = people(&mut tx, account_id, spec.users, fresh).await?;
    let projects = catalogue(&mut tx, account_id, &mut rng).await?;
    tx.commit().await?;

    // Working days up to yesterday: a year per million entries (at least one), so a bigger
    // account has a longer history, as a company's grows, rather than more entries a day.
    let today = Utc::now().date_naive();
    let years = (spec.entries.max(1) + ENTRIES_PER_YEAR - 1) / ENTRIES_PER_YEAR;
    let days: Vec<NaiveDate> = (1..=365 * years)
        .map(|d| today - Duration::days(d))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .rev()
        .collect();
    let drawn = draw(
        &mut rng,
        spec.entries,
        user_ids.len(),
        &projects,
        days.len(),
    );
    let made = write_entries(db, account_id, &user_ids, &projects, &days, &drawn).await?;
    drop(drawn);
    let attendances =
        attendances_and_more(db, account_id, &user_ids, &projects, &days, &mut rng).await?;
    Ok(DemoSummary {
        account_id,
        users: user_ids.len() as i64,
        projects: projects.len() as i64,
        entries: made,
        attendances,
    })
}

/// A new account for the demo, with its documented administrator.
async fn demo_account(db: &Db, slug: &str) -> ServiceResult<i64> {
    let new = NewAccount {
        slug: slug.to_string(),
        name: format!("{slug} (demo)"),
        timezone: "Europe/Berlin".into(),
        currency: "EUR".into(),
        locale: "en".into(),
        admin: NewUser {
            username: "admin".into(),
            password: "demo-pass-1".into(),
            role: Role::Admin,
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: String::new(),
        },
    };
    Ok(accounts::create_account(db, new).await?.0)
}

/// People: one hash for all demo users (hashing is deliberately slow). In an account made
/// for the demo they share its documented password; added to an existing account they get
/// a random one nobody knows, so the demo never opens a real account to a known password.
async fn people(conn: &mut Conn, account_id: i64, n: i64, fresh: bool) -> ServiceResult<Vec<i64>> {
    let password = if fresh {
        "demo-pass-1".to_string()
    } else {
        super::random_hex(24)
    };
    let hash = super::passwords::hash(&password).await?;
    let first = [
        "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas",
    ];
    let last = [
        "Schmidt", "Meyer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein",
        "Wolf",
    ];
    let mut user_ids = Vec::new();
    for i in 0..n {
        let username = format!("user{}", i + 1);
        let row = db::users::DemoRow {
            username: &username,
            first_name: first[(i as usize) % first.len()],
            last_name: last[(i as usize / first.len()) % last.len()],
            role: if i == 0 { Role::Manager } else { Role::Staff },
            password_hash: &hash,
            hour_rate_cents: 4000 + (i % 5) * 500,
        };
        user_ids.push(db::users::upsert_demo(conn, account_id, &row).await?);
    }
    Ok(user_ids)
}

/// Ten clients with five projects each (budgets; the fifth not billable), each project with a
/// task list of five tasks: (project id, its task ids).
async fn catalogue(
    conn: &mut Conn,
    account_id: i64,
    rng: &mut Rng,
) -> ServiceResult<Vec<(i64, Vec<i64>)>> {
    let mut projects: Vec<(i64, Vec<i64>)> = Vec::new();
    // A second run into the same account numbers its clients on (names are unique).
    let base = db::clients::count_all(conn, account_id).await?;
    for c in 0..10 {
        let client = db::clients::Fields {
            name: format!("Client {:03} ({})", base + c + 1, rng.below(1000)),
            notes: String::new(),
            address: String::new(),
            email: String::new(),
            hour_rate_cents: Some(8000 + c * 500),
            archived: false,
        };
        let client_id = db::clients::insert(conn, account_id, &client).await?;
        for p in 0..5 {
            let project = db::projects::Fields {
                client_id,
                name: format!("Project {}-{}", c + 1, p + 1),
                notes: String::new(),
                hour_rate_cents: None,
                billable: p != 4,
                budget_minutes: Some(60 * (200 + 100 * p)),
                budget_cents: Some(100 * (20_000 + 10_000 * p)),
                color: ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c"][p as usize].into(),
                archived: false,
            };
            let project_id = db::projects::insert(conn, account_id, &project).await?;
            projects.push((project_id, tasks_of(conn, account_id, project_id).await?));
        }
    }
    Ok(projects)
}

/// A project's "Work" list with its five tasks (the first completed); their ids.
async fn tasks_of(conn: &mut Conn, account_id: i64, project_id: i64) -> ServiceResult<Vec<i64>> {
    let list_id = db::task_lists::insert_last(conn, account_id, project_id, "Work").await?;
    let mut task_ids = Vec::new();
    for (t, name) in ["Design", "Development", "Testing", "Meetings", "Support"]
        .iter()
        .enumerate()
    {
        let task = db::tasks::Fields {
            project_id: Some(project_id),
            task_list_id: Some(list_id),
            name: name.to_string(),
            notes: String::new(),
            hour_rate_cents: None,
            billable: None,
            estimated_minutes: Some(600 + 300 * t as i64),
            completed: t == 0,
            archived: false,
        };
        task_ids.push(db::tasks::insert(conn, account_id, &task).await?);
    }
    Ok(task_ids)
}

/// Time entries, drawn first and sorted into time order (as a real account fills up), so
/// each index grows at a few hot spots instead of at a random page per row.
fn draw(
    rng: &mut Rng,
    entries: i64,
    users: usize,
    projects: &[(i64, Vec<i64>)],
    days: usize,
) -> Vec<Drawn> {
    let mut drawn: Vec<Drawn> = Vec::with_capacity(entries.max(0) as usize);
    for _ in 0..entries {
        let user = rng.below(users as u64) as u32;
        let project = rng.below(projects.len() as u64) as u32;
        let task = rng.below(projects[project as usize].1.len() as u64) as u32;
        let day = rng.below(days as u64) as u32;
        let start_minute = (7 + rng.below(9) as u32) * 60 + rng.below(4) as u32 * 15;
        let minutes = 15 + 15 * rng.below(16) as u32;
        let billable = rng.below(5) != 0;
        drawn.push(Drawn {
            day,
            start_minute,
            user,
            project,
            task,
            minutes,
            billable,
        });
    }
    drawn.sort_unstable_by_key(|d| (d.day, d.start_minute, d.user));
    drawn
}

/// Writes the drawn entries with SQLite's fast-fill settings on for the fill, then refreshes
/// the planner's statistics; how many were written.
async fn write_entries(
    db: &Db,
    account_id: i64,
    user_ids: &[i64],
    projects: &[(i64, Vec<i64>)],
    days: &[NaiveDate],
    drawn: &[Drawn],
) -> ServiceResult<i64> {
    let tz = accounts::tz(db, account_id, None).await?;
    let mut conn = db.pool.acquire().await?;
    let sqlite = db.backend == Backend::Sqlite;
    if sqlite {
        bulk::fast_fill(&mut conn, true).await?;
    }
    let filled = insert_entries(
        &mut conn,
        sqlite,
        (account_id, tz),
        user_ids,
        projects,
        days,
        drawn,
    )
    .await;
    if sqlite {
        bulk::fast_fill(&mut conn, false).await?;
    }
    let made = filled?;
    bulk::analyze(db, &mut conn).await?;
    Ok(made)
}

/// Attendances on each user's working days (08:00–16:30 with a 30-minute break), two weeks
/// of approved leave and an expense per user; how many attendances.
async fn attendances_and_more(
    db: &Db,
    account_id: i64,
    user_ids: &[i64],
    projects: &[(i64, Vec<i64>)],
    days: &[NaiveDate],
    rng: &mut Rng,
) -> ServiceResult<i64> {
    let mut attendances = 0i64;
    let mut tx = db.begin_write(None).await?;
    for &user in user_ids {
        for chunk in days.chunks(bulk::ATTENDANCES_PER_INSERT) {
            let starts: Vec<_> = chunk
                .iter()
                .map(|day| day.and_hms_opt(7, 0, 0).expect("valid").and_utc())
                .collect();
            bulk::insert_attendances(&mut tx, account_id, user, &starts).await?;
            attendances += chunk.len() as i64;
        }
        let leave_start = days[rng.below(days.len() as u64) as usize];
        let (from, to) = (
            leave_start.to_string(),
            (leave_start + Duration::days(11)).to_string(),
        );
        db::absences::insert_approved_of_type(&mut tx, account_id, user, "Paid Leave", &from, &to)
            .await?;
        let (project, _) = &projects[rng.below(projects.len() as u64) as usize];
        let expense = db::expenses::Fields {
            project_id: *project,
            date: days[rng.below(days.len() as u64) as usize].to_string(),
            amount_cents: 1000 + rng.below(20_000) as i64,
            currency: "EUR".into(),
            category: "Travel".into(),
            notes: String::new(),
            billable: true,
        };
        db::expenses::insert(&mut tx, account_id, user, &expense).await?;
    }
    tx.commit().await?;
    Ok(attendances)
}

async fn insert_entries(
    conn: &mut Conn,
    sqlite: bool,
    (account_id, tz): (i64, chrono_tz::Tz),
    user_ids: &[i64],
    projects: &[(i64, Vec<i64>)],
    days: &[NaiveDate],
    drawn: &[Drawn],
) -> ServiceResult<i64> {
    use sqlx::Connection as _;
    let full_sql = bulk::entries_sql(sqlite, account_id, ENTRIES_PER_INSERT);
    let mut made = 0i64;
    for tx_rows in drawn.chunks(ENTRIES_PER_TX) {
        let mut tx = if sqlite {
            conn.begin_with("BEGIN IMMEDIATE").await?
        } else {
            conn.begin().await?
        };
        for rows in tx_rows.chunks(ENTRIES_PER_INSERT) {
            let tail_sql;
            let sql = if rows.len() == ENTRIES_PER_INSERT {
                &full_sql
            } else {
                tail_sql = bulk::entries_sql(sqlite, account_id, rows.len());
                &tail_sql
            };
            let entries: Vec<bulk::Entry> = rows
                .iter()
                .map(|d| {
                    let (project, tasks) = &projects[d.project as usize];
                    let start = days[d.day as usize]
                        .and_hms_opt(d.start_minute / 60, d.start_minute % 60, 0)
                        .expect("valid time")
                        .and_utc();
                    bulk::Entry {
                        user_id: user_ids[d.user as usize],
                        project_id: *project,
                        task_id: tasks[d.task as usize],
                        start,
                        minutes: i64::from(d.minutes),
                        billable: d.billable,
                        account_day: super::rollups::day_of(tz, start),
                    }
                })
                .collect();
            bulk::insert_entries(&mut tx, sql, &entries).await?;
            made += rows.len() as i64;
        }
        tx.commit().await?;
    }
    Ok(made)
}
