//! The SQL of an import (`services::imports`): finding and creating the people, clients,
//! projects, tasks and tags an export names, and writing its entries in batches, all inside
//! the import's one transaction.

use sqlx::Row as _;

use super::{time, Backend, Conn};

/// A user an export's person may be matched to.
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub hour_rate_cents: Option<i64>,
}

/// Every user of the account (to match people by e-mail, username or name).
pub async fn users(conn: &mut Conn, account_id: i64) -> Result<Vec<UserRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, username, first_name, last_name, email, hour_rate_cents FROM users WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(UserRow {
                id: r.try_get(0)?,
                username: r.try_get(1)?,
                first_name: r.try_get(2)?,
                last_name: r.try_get(3)?,
                email: r.try_get(4)?,
                hour_rate_cents: r.try_get(5)?,
            })
        })
        .collect()
}

/// The account's currency (ISO code).
pub async fn currency(conn: &mut Conn, account_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT currency FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await
}

/// A person of an export, created as staff who cannot sign in until an admin sets a password
/// ("!" is no password hash, so every sign-in fails).
pub async fn insert_user(
    conn: &mut Conn,
    account_id: i64,
    username: &str,
    first_name: &str,
    last_name: &str,
    email: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (account_id, username, first_name, last_name, email, role, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'staff', '!', $6, $6) RETURNING id",
    )
    .bind(account_id)
    .bind(username)
    .bind(first_name)
    .bind(last_name)
    .bind(email)
    .bind(time::now())
    .fetch_one(&mut *conn)
    .await
}

/// A live record found by name: its id and hour rate.
pub struct Found {
    pub id: i64,
    pub hour_rate_cents: Option<i64>,
}

async fn find(
    conn: &mut Conn,
    sql: &str,
    account_id: i64,
    name: &str,
    scope: Option<i64>,
) -> Result<Option<Found>, sqlx::Error> {
    let mut q = sqlx::query(sql).bind(account_id).bind(name);
    if let Some(s) = scope {
        q = q.bind(s);
    }
    let row = q.fetch_optional(&mut *conn).await?;
    row.map(|r| {
        Ok(Found {
            id: r.try_get(0)?,
            hour_rate_cents: r.try_get(1)?,
        })
    })
    .transpose()
}

pub async fn find_client(
    conn: &mut Conn,
    account_id: i64,
    name: &str,
) -> Result<Option<Found>, sqlx::Error> {
    let sql = "SELECT id, hour_rate_cents FROM clients WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL";
    find(conn, sql, account_id, name, None).await
}

pub async fn find_project(
    conn: &mut Conn,
    account_id: i64,
    client_id: i64,
    name: &str,
) -> Result<Option<Found>, sqlx::Error> {
    let sql = "SELECT id, hour_rate_cents FROM projects WHERE account_id = $1 AND name = $2 AND client_id = $3 AND deleted_at IS NULL";
    find(conn, sql, account_id, name, Some(client_id)).await
}

pub async fn find_task(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
    name: &str,
) -> Result<Option<Found>, sqlx::Error> {
    let sql = "SELECT id, hour_rate_cents FROM tasks WHERE account_id = $1 AND name = $2 AND project_id = $3 AND deleted_at IS NULL";
    find(conn, sql, account_id, name, Some(project_id)).await
}

pub async fn insert_client(
    conn: &mut Conn,
    account_id: i64,
    name: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO clients (account_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(account_id)
    .bind(name)
    .bind(time::now())
    .fetch_one(&mut *conn)
    .await
}

pub async fn insert_project(
    conn: &mut Conn,
    account_id: i64,
    client_id: i64,
    name: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO projects (account_id, client_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(account_id)
    .bind(client_id)
    .bind(name)
    .bind(time::now())
    .fetch_one(&mut *conn)
    .await
}

pub async fn insert_task(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
    name: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO tasks (account_id, project_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(account_id)
    .bind(project_id)
    .bind(name)
    .bind(time::now())
    .fetch_one(&mut *conn)
    .await
}

/// The tag's id, and whether it was created now.
pub async fn tag(conn: &mut Conn, account_id: i64, name: &str) -> Result<(i64, bool), sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM tags WHERE account_id = $1 AND name = $2")
            .bind(account_id)
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO tags (account_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(account_id)
    .bind(name)
    .bind(time::now())
    .fetch_one(&mut *conn)
    .await?;
    Ok((id, true))
}

/// An entry to write; the service computed every value.
pub struct NewEntry {
    pub user_id: i64,
    pub project_id: i64,
    pub task_id: Option<i64>,
    pub started_at: String,
    pub ended_at: String,
    pub worked_minutes: i64,
    pub billable: bool,
    pub hour_rate_cents: Option<i64>,
    pub details: String,
    pub tags_text: String,
    pub import_key: String,
    /// The start as a date in the account's time zone: the rollups' day.
    pub account_day: String,
}

/// Entries per INSERT statement. SQLite's driver looks each parameter up by name, and SQLite
/// finds a parameter's name by scanning the list of them, so a statement's binding costs the
/// square of its parameters: 500 rows (6000 parameters) took three quarters of an import's time
/// (perf). Twenty rows keep that small and the statements few; Postgres has no such cost.
pub fn batch_rows(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 20,
        Backend::Postgres => 500,
    }
}

/// SQLite: the import's page cache (KiB). A large import dirties more pages than the default
/// 2 MB cache holds; SQLite then writes them to the WAL and reads them back for the next rows
/// (half of an import's time went to the kernel). 64 MB holds a 100 000-row import; the
/// connection gets the default back afterwards.
const IMPORT_CACHE_KIB: i64 = 65_536;
const DEFAULT_CACHE_KIB: i64 = 2_000;

pub async fn widen_cache(conn: &mut Conn, backend: Backend, wide: bool) -> Result<(), sqlx::Error> {
    if backend == Backend::Sqlite {
        let kib = if wide {
            IMPORT_CACHE_KIB
        } else {
            DEFAULT_CACHE_KIB
        };
        sqlx::query(&format!("PRAGMA cache_size = -{kib}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Columns bound per entry by [`insert_entries`].
const ENTRY_BINDS: usize = 13;

/// Writes the entries whose import key the account does not have yet, in one statement;
/// returns (id, import key) of those written.
pub async fn insert_entries(
    conn: &mut Conn,
    account_id: i64,
    entries: &[NewEntry],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::from(
        "INSERT INTO time_entries (account_id, user_id, project_id, task_id, started_at, ended_at, worked_minutes,
            billable, hour_rate_cents, details, tags_text, import_key, account_day, created_at, updated_at) VALUES ",
    );
    for i in 0..entries.len() {
        let b = i * ENTRY_BINDS + 1;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "($1, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
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
            b + 12,
            b + 13,
            b + 13
        ));
    }
    sql.push_str(
        " ON CONFLICT (account_id, import_key) WHERE import_key IS NOT NULL DO NOTHING RETURNING id, import_key",
    );
    let now = time::now();
    let mut q = sqlx::query(&sql).bind(account_id);
    for e in entries {
        q = q
            .bind(e.user_id)
            .bind(e.project_id)
            .bind(e.task_id)
            .bind(e.started_at.as_str())
            .bind(e.ended_at.as_str())
            .bind(e.worked_minutes)
            .bind(i64::from(e.billable))
            .bind(e.hour_rate_cents)
            .bind(e.details.as_str())
            .bind(e.tags_text.as_str())
            .bind(e.import_key.as_str())
            .bind(e.account_day.as_str())
            .bind(now.as_str());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Links entries to tags, (entry id, tag id) pairs, in one statement.
pub async fn link_tags(
    conn: &mut Conn,
    account_id: i64,
    links: &[(i64, i64)],
) -> Result<(), sqlx::Error> {
    if links.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..links.len())
        .map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3))
        .collect();
    let sql = format!(
        "INSERT INTO time_entry_tags (account_id, time_entry_id, tag_id) VALUES {} ON CONFLICT DO NOTHING",
        values.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(account_id);
    for (entry, tag) in links {
        q = q.bind(*entry).bind(*tag);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Whether a username is taken in the account.
pub async fn username_taken(
    conn: &mut Conn,
    account_id: i64,
    username: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE account_id = $1 AND username = $2")
            .bind(account_id)
            .bind(username)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}
