//! Realistic demo data for trying Stempel out and for benchmarks: clients, projects with
//! budgets, tasks, a year of time entries, attendances, absences and expenses. Rows go in with
//! multi-row INSERTs inside transactions, so a million entries take seconds, not hours.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use sqlx::Row as _;

use super::accounts::{self, NewAccount};
use super::users::{hash_password, NewUser};
use super::{ServiceError, ServiceResult};
use crate::db::{time, Db};
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

pub async fn fill(db: &Db, spec: DemoSpec) -> ServiceResult<DemoSummary> {
    let account_id = match accounts::find_by_slug(db, &spec.account).await {
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

    // People: one hash for all demo users (hashing is deliberately slow).
    let hash = hash_password("demo-pass-1")?;
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
    for c in 0..10 {
        let client_id: i64 = sqlx::query(
            "INSERT INTO clients (account_id, name, hour_rate_cents, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(account_id)
        .bind(format!("Client {:03} ({})", c + 1, rng.below(1000)))
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

    // Time entries, in batches.
    let mut made = 0i64;
    while made < spec.entries {
        let mut tx = db.begin_write(None).await?;
        let batch_end = (made + 20_000).min(spec.entries);
        while made < batch_end {
            let n = ((batch_end - made) as usize).min(ROWS_PER_INSERT);
            let mut sql = String::from(
                "INSERT INTO time_entries (account_id, user_id, project_id, task_id, started_at, ended_at, break_minutes, worked_minutes, billable, hour_rate_cents, details, created_at, updated_at) VALUES ",
            );
            for i in 0..n {
                let b = i * 12;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, 0, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8,
                    b + 9,
                    b + 10,
                    b + 11,
                    b + 12
                ));
            }
            let mut q = sqlx::query(&sql);
            for _ in 0..n {
                let user = user_ids[rng.below(user_ids.len() as u64) as usize];
                let (project, tasks) = &projects[rng.below(projects.len() as u64) as usize];
                let task = tasks[rng.below(tasks.len() as u64) as usize];
                let day = days[rng.below(days.len() as u64) as usize];
                let start = day
                    .and_hms_opt(7 + rng.below(9) as u32, (rng.below(4) * 15) as u32, 0)
                    .expect("valid time")
                    .and_utc();
                let minutes = 15 + 15 * rng.below(16) as i64;
                let from = time::to_db(start);
                q = q
                    .bind(account_id)
                    .bind(user)
                    .bind(*project)
                    .bind(task)
                    .bind(from.clone())
                    .bind(time::to_db(start + Duration::minutes(minutes)))
                    .bind(minutes)
                    .bind(i64::from(rng.below(5) != 0))
                    .bind(9000i64)
                    .bind("Demo work")
                    .bind(from.clone())
                    .bind(from);
            }
            q.execute(&mut *tx).await?;
            made += n as i64;
        }
        tx.commit().await?;
    }

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
