//! Realistic demo data for trying Stempel out and for benchmarks: clients, projects with
//! budgets, tasks, a year of time entries, attendances, absences and expenses. Rows go in with
//! multi-row INSERTs inside transactions, so a million entries take seconds, not hours.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use sqlx::Row as _;

use super::accounts::{self, NewAccount};
use super::users::NewUser;
use super::{ServiceError, ServiceResult};
use crate::db::{time, Backend, Conn, Db};
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

const ROWS_PER_INSERT: usize = 400;
/// Time entries per INSERT: 9 bound values a row stays under SQLite's 32 766 and Postgres'
/// 65 535 parameters.
const ENTRIES_PER_INSERT: usize = 2_000;
/// Time entries per transaction.
const ENTRIES_PER_TX: usize = 100_000;

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
        Err(ServiceError::NotFound(_)) => {
            accounts::create_account(
                db,
                NewAccount {
                    slug: spec.account.clone(),
                    name: format!("{} (demo)", spec.account),
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
                },
            )
            .await?
            .0
        }
        Err(e) => return Err(e),
    };
    let mut rng = Rng(0x5eed_cafe_f00d ^ account_id as u64);
    let now = time::now();
    let mut tx = db.begin_write(None).await?;

    // People: one hash for all demo users (hashing is deliberately slow). In an account made
    // for the demo they share its documented password; added to an existing account they get
    // a random one nobody knows, so the demo never opens a real account to a known password.
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
    for i in 0..spec.users {
        let username = format!("user{}", i + 1);
        let role = if i == 0 { "manager" } else { "staff" };
        let row = sqlx::query(
            "INSERT INTO users (account_id, username, first_name, last_name, role, password_hash, hour_rate_cents, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (account_id, username) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
        )
        .bind(account_id)
        .bind(&username)
        .bind(first[(i as usize) % first.len()])
        .bind(last[(i as usize / first.len()) % last.len()])
        .bind(role)
        .bind(&hash)
        .bind(4000 + (i % 5) * 500)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        user_ids.push(row.try_get::<i64, _>(0)?);
    }

    // Clients, projects with budgets, tasks.
    let mut projects: Vec<(i64, Vec<i64>)> = Vec::new();
    // A second run into the same account numbers its clients on (names are unique).
    let base: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clients WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
    for c in 0..10 {
        let client_id: i64 = sqlx::query(
            "INSERT INTO clients (account_id, name, hour_rate_cents, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(account_id)
        .bind(format!("Client {:03} ({})", base + c + 1, rng.below(1000)))
        .bind(8000 + c * 500)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        for p in 0..5 {
            let project_id: i64 = sqlx::query(
                "INSERT INTO projects (account_id, client_id, name, billable, budget_minutes, budget_cents, color, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(account_id)
            .bind(client_id)
            .bind(format!("Project {}-{}", c + 1, p + 1))
            .bind(i64::from(p != 4))
            .bind(60 * (200 + 100 * p))
            .bind(100 * (20_000 + 10_000 * p))
            .bind(["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c"][p as usize])
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            let list_id: i64 = sqlx::query(
                "INSERT INTO task_lists (account_id, project_id, name, created_at, updated_at) VALUES ($1, $2, 'Work', $3, $3) RETURNING id",
            )
            .bind(account_id)
            .bind(project_id)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            let mut task_ids = Vec::new();
            for (t, name) in ["Design", "Development", "Testing", "Meetings", "Support"]
                .iter()
                .enumerate()
            {
                let task_id: i64 = sqlx::query(
                    "INSERT INTO tasks (account_id, project_id, task_list_id, name, estimated_minutes, completed, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                )
                .bind(account_id)
                .bind(project_id)
                .bind(list_id)
                .bind(*name)
                .bind(600 + 300 * t as i64)
                .bind(i64::from(t == 0))
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                task_ids.push(task_id);
            }
            projects.push((project_id, task_ids));
        }
    }
    tx.commit().await?;

    // A year of working days up to yesterday.
    let today = Utc::now().date_naive();
    let days: Vec<NaiveDate> = (1..=365)
        .map(|d| today - Duration::days(d))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .rev()
        .collect();

    // Time entries: drawn first, then written in time order (as a real account fills up), so
    // each index grows at a few hot spots instead of at a random page per row.
    let mut drawn: Vec<Drawn> = Vec::with_capacity(spec.entries.max(0) as usize);
    for _ in 0..spec.entries {
        let user = rng.below(user_ids.len() as u64) as u32;
        let project = rng.below(projects.len() as u64) as u32;
        let task = rng.below(projects[project as usize].1.len() as u64) as u32;
        let day = rng.below(days.len() as u64) as u32;
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

    let mut conn = db.pool.acquire().await?;
    let sqlite = db.backend == Backend::Sqlite;
    if sqlite {
        // For the fill only: a large page cache, and no fsync per commit. A crash mid-fill
        // loses demo rows, never consistency (WAL stays on); both are reset below.
        sqlx::query("PRAGMA synchronous = OFF")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *conn)
            .await?;
    }
    let filled = insert_entries(
        &mut conn, sqlite, account_id, &user_ids, &projects, &days, &drawn,
    )
    .await;
    if sqlite {
        sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
    }
    let made = filled?;
    drop(drawn);
    // Fresh planner statistics, so the server's first start does not spend half a minute in
    // `PRAGMA optimize` re-analysing a million new rows; on SQLite a sampled ANALYZE is enough.
    if sqlite {
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
        sqlx::query("PRAGMA analysis_limit = 0")
            .execute(&mut *conn)
            .await?;
    } else {
        // All tables: with the 50-row project and user tables unanalysed, Postgres expects one
        // row each and sorts all 1 M joined entries for a 1 000-row page (7 s instead of 2 ms).
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    drop(conn);

    // Attendances: each user's working days, 08:00–16:30 with a 30-minute break.
    let mut attendances = 0i64;
    let mut tx = db.begin_write(None).await?;
    for &user in &user_ids {
        for chunk in days.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO attendances (account_id, user_id, started_at, ended_at, break_minutes, worked_minutes, manual, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 5;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, 30, 480, 0, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 5
                ));
            }
            let mut q = sqlx::query(&sql);
            for day in chunk {
                let start = day.and_hms_opt(7, 0, 0).expect("valid").and_utc();
                q = q
                    .bind(account_id)
                    .bind(user)
                    .bind(time::to_db(start))
                    .bind(time::to_db(start + Duration::minutes(510)))
                    .bind(time::to_db(start));
            }
            q.execute(&mut *tx).await?;
            attendances += chunk.len() as i64;
        }
        // Two weeks of approved leave and an expense or two per user.
        let leave_start = days[rng.below(days.len() as u64) as usize];
        sqlx::query(
            "INSERT INTO absences (account_id, user_id, absence_type_id, start_date, end_date, status, created_at, updated_at)
             SELECT $1, $2, id, $3, $4, 'approved', $5, $5 FROM absence_types WHERE account_id = $1 AND name = 'Paid Leave'",
        )
        .bind(account_id)
        .bind(user)
        .bind(leave_start.to_string())
        .bind((leave_start + Duration::days(11)).to_string())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let (project, _) = &projects[rng.below(projects.len() as u64) as usize];
        sqlx::query(
            "INSERT INTO expenses (account_id, user_id, project_id, spent_on, amount_cents, currency, category, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'EUR', 'Travel', $6, $6)",
        )
        .bind(account_id)
        .bind(user)
        .bind(*project)
        .bind(days[rng.below(days.len() as u64) as usize].to_string())
        .bind(1000 + rng.below(20_000) as i64)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    Ok(DemoSummary {
        account_id,
        users: user_ids.len() as i64,
        projects: projects.len() as i64,
        entries: made,
        attendances,
    })
}

/// The entry INSERT for `n` rows: 9 values a row, the constant columns written inline. SQLite
/// gets anonymous `?` placeholders: binding a numbered `$n` makes SQLite look the name up in a
/// list (sqlite3_bind_parameter_name), which turns a 2 000-row statement quadratic.
fn entries_sql(sqlite: bool, account_id: i64, n: usize) -> String {
    use std::fmt::Write as _;
    let mut sql = String::with_capacity(64 * n + 256);
    sql.push_str(
        "INSERT INTO time_entries (account_id, user_id, project_id, task_id, started_at, ended_at, break_minutes, worked_minutes, billable, hour_rate_cents, details, created_at, updated_at) VALUES ",
    );
    for i in 0..n {
        if i > 0 {
            sql.push(',');
        }
        if sqlite {
            let _ = write!(
                sql,
                "({account_id}, ?, ?, ?, ?, ?, 0, ?, ?, 9000, 'Demo work', ?, ?)"
            );
        } else {
            let b = i * 9;
            let _ = write!(
                sql,
                "({account_id}, ${}, ${}, ${}, ${}, ${}, 0, ${}, ${}, 9000, 'Demo work', ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9
            );
        }
    }
    sql
}

async fn insert_entries(
    conn: &mut Conn,
    sqlite: bool,
    account_id: i64,
    user_ids: &[i64],
    projects: &[(i64, Vec<i64>)],
    days: &[NaiveDate],
    drawn: &[Drawn],
) -> ServiceResult<i64> {
    use sqlx::Connection as _;
    let full_sql = entries_sql(sqlite, account_id, ENTRIES_PER_INSERT);
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
                tail_sql = entries_sql(sqlite, account_id, rows.len());
                &tail_sql
            };
            let mut q = sqlx::query(sql);
            for d in rows {
                let start = days[d.day as usize]
                    .and_hms_opt(d.start_minute / 60, d.start_minute % 60, 0)
                    .expect("valid time")
                    .and_utc();
                let from = time::to_db(start);
                let (project, tasks) = &projects[d.project as usize];
                q = q
                    .bind(user_ids[d.user as usize])
                    .bind(*project)
                    .bind(tasks[d.task as usize])
                    .bind(from.clone())
                    .bind(time::to_db(start + Duration::minutes(i64::from(d.minutes))))
                    .bind(i64::from(d.minutes))
                    .bind(i64::from(d.billable))
                    .bind(from.clone())
                    .bind(from);
            }
            q.execute(&mut *tx).await?;
            made += rows.len() as i64;
        }
        tx.commit().await?;
    }
    Ok(made)
}
