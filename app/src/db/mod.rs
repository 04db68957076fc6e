//! The pool, the migrations and the few places where SQLite and Postgres differ.
//!
//! Every statement is one SQL text with `$n` placeholders, which both backends accept, over a
//! schema that only uses types `sqlx::Any` can carry (see migrations/*/0001_init.sql). Writes
//! and the reads inside them run through `sqlx::Any`; reads outside transactions through
//! rusqlite on SQLite and native Postgres connections (`exec`, `pg_reader`). What differs
//! between the databases lives in this module and nowhere else.

pub mod absence_types;
pub mod absences;
pub mod accounts;
pub mod api_keys;
pub mod api_rate_limits;
pub mod attendance_breaks;
pub mod attendances;
pub mod backup;
pub mod bulk;
pub mod calendar_feeds;
pub mod clients;
pub mod conn;
pub mod dashboards;
pub mod exec;
pub mod expenses;
pub mod holiday_fill;
pub mod holidays;
pub mod imports;
pub mod labels;
pub mod lanes;
pub mod login_attempts;
pub mod names;
pub mod pg_batch;
pub mod pg_reader;
pub mod projects;
pub mod references;
pub mod rollups;
pub mod running_attendance_timers;
pub mod running_project_timers;
pub mod running_timers;
pub mod sessions;
pub mod tags;
pub mod task_lists;
pub mod tasks;
pub mod time;
pub mod time_entries;
pub mod time_entry_counts;
pub mod time_entry_tags;
pub mod totals;
pub mod users;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// Where write transactions begin. On SQLite one connection: only one writer can hold the
    /// file's lock, and writers queued on the pool wait their turn in order, where several
    /// connections each retrying `BEGIN IMMEDIATE` sleep in SQLite's busy handler (1, 2, 5, …
    /// 100 ms) long after the lock is free (creates' p99 was 105 ms at 8 clients). On Postgres
    /// the same pool as `pool`.
    pub writer: AnyPool,
    /// Postgres: the connections `exec` reads from outside transactions (`pg_reader`).
    /// SQLite: none (its reads outside transactions go through rusqlite).
    pub reader: Option<std::sync::Arc<pg_reader::PgReader>>,
    pub backend: Backend,
    /// What this process keeps beside its pool; every clone of the handle shares it, a second
    /// `Db::connect` (another process, in effect) has its own.
    pub memory: std::sync::Arc<Memory>,
    /// The SQLite file, which `exec` reads through rusqlite (None on Postgres).
    pub sqlite_path: Option<std::sync::Arc<str>>,
}

/// Process-local memory of the API gate, never the only copy of anything: API keys verified in
/// the last seconds (`services::api_keys`) and the request budget leased from the database
/// (`services::throttle`). Both bounds across processes are stated in docs/operations.md.
#[derive(Debug, Default)]
pub struct Memory {
    pub keys: crate::services::api_keys::KeyCache,
    pub leases: crate::services::throttle::Leases,
    /// SQLite only: each account's time zone as the writes that store entries' days read it
    /// (`services::rollups::zone_for_write`), so a create runs one statement less under the
    /// write lock. Exact for the process that changes the zone: the change empties it while
    /// holding the only writer. Postgres always reads the row (several processes).
    pub zones: std::sync::Mutex<std::collections::HashMap<i64, String>>,
}

/// Whether `e` says the connection itself is gone (the server restarted or dropped it), so
/// the same statement on another connection may well succeed (`pg_reader` reads again). The
/// SQLite pools skip sqlx's test before handing out a connection too: an embedded database's
/// connections do not drop, and the test was a hand-off to sqlx's worker thread per write.
pub fn connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) => true,
        // Postgres: 08… connection exceptions, 57P0… the server shutting down or restarting.
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P0")),
        _ => false,
    }
}

/// Connections per process to Postgres, in each of its two sets: the pool of writes and the
/// reads inside them, and `pg_reader`'s reads outside transactions (docs/operations.md).
const POSTGRES_CONNECTIONS: u32 = 16;

/// A pool of `size` connections to the SQLite file at `url`.
async fn sqlite_pool(url: &str, size: u32) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(size)
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL: readers never block the writer, and an acknowledged commit survives a
                // crash of the process. busy_timeout lets writers outside the write pool (other
                // processes, single statements) queue instead of failing with SQLITE_BUSY.
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                Ok(())
            })
        })
        .connect(url)
        .await
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    /// The driver's message with any password in it replaced by `***`.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Opens (and for SQLite creates) the database behind `url`. Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, DbSetupError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(DbSetupError::UnsupportedUrl(redact(url)));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url)?,
            Backend::Postgres => url.to_string(),
        };
        if backend == Backend::Sqlite {
            exec::register_sqlite_functions();
        }
        let sqlite_path = (backend == Backend::Sqlite).then(|| {
            let rest = url.trim_start_matches("sqlite://");
            std::sync::Arc::from(rest.split('?').next().unwrap_or_default())
        });
        let setup_error =
            |e: sqlx::Error| DbSetupError::Connect(without_password(&e.to_string(), &url));
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let pool = sqlite_pool(&url, 8).await.map_err(setup_error)?;
                (pool, sqlite_pool(&url, 1).await.map_err(setup_error)?)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .connect(&url)
                    .await
                    .map_err(setup_error)?;
                (pool.clone(), pool)
            }
        };
        let reader = match backend {
            // Reads outside a transaction (`exec`), without sqlx's tests before and after
            // each (see `pg_reader`). The main pool keeps testing each connection it hands
            // out (a round trip), which its many callers rely on.
            Backend::Postgres => Some(std::sync::Arc::new(
                pg_reader::PgReader::new(&url, POSTGRES_CONNECTIONS as usize)
                    .map_err(setup_error)?,
            )),
            Backend::Sqlite => None,
        };
        Ok(Db {
            pool,
            reader,
            writer,
            backend,
            memory: Default::default(),
            sqlite_path,
        })
    }

    pub async fn migrate(&self) -> Result<(), DbSetupError> {
        match self.backend {
            Backend::Sqlite => {
                SQLITE_MIGRATIONS.run(&self.pool).await?;
                // Refreshes the planner's statistics where they are stale (cheap when they are
                // not): without them SQLite may skip the covering indexes.
                sqlx::query("PRAGMA optimize")
                    .execute(&self.pool)
                    .await
                    .map_err(|e| DbSetupError::Connect(e.to_string()))?;
            }
            Backend::Postgres => {
                POSTGRES_MIGRATIONS.run(&self.pool).await?;
                // Postgres plans badly on tables it has never analysed (autovacuum may not have
                // run yet after a bulk load): refresh the statistics in the background, so the
                // start is not delayed.
                let pool = self.pool.clone();
                tokio::spawn(async move {
                    if let Err(e) = sqlx::query("ANALYZE").execute(&pool).await {
                        tracing::warn!(error = %e, "ANALYZE on start failed");
                    }
                });
            }
        }
        Ok(())
    }

    /// Lets SQLite re-read its planner statistics where a table grew or shrank a lot since they
    /// were taken (cheap when none did). Statistics taken while the tables were nearly empty
    /// (the first start of a new install) say "one row", and with them SQLite read an entry by
    /// id by scanning every entry (1.7 ms at 18 000 entries, growing with them). Run
    /// periodically by the server; Postgres' autovacuum does the same there.
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            // ANALYZE writes sqlite_stat1: the writer's turn, bounded to a sample per index.
            let mut conn = self.writer.acquire().await?;
            conn.execute("PRAGMA analysis_limit = 400").await?;
            conn.execute("PRAGMA optimize").await?;
        }
        Ok(())
    }

    /// Whether the database answers and carries every migration this binary knows: `Err` with
    /// the reason otherwise (for `/readyz`).
    pub async fn readiness(&self) -> Result<(), String> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let newest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await
                .map_err(|e| format!("database unreachable: {e}"))?;
        match applied {
            Some(v) if v >= newest => Ok(()),
            Some(v) => Err(format!(
                "database at migration {v}, this binary needs {newest}"
            )),
            None => Err("database not migrated".into()),
        }
    }

    /// Connects and migrates: what `stempel serve` and the tests do on start.
    pub async fn open(url: &str) -> Result<Db, DbSetupError> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }
}

/// The URL without its password (`postgres://me:***@host/db`), for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a URL)".into();
    };
    match rest.rsplit_once('@') {
        Some((who, host)) => {
            let user = who.split_once(':').map_or(who, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

/// `message` with the password of `url` (if it has one) replaced by `***`.
fn without_password(message: &str, url: &str) -> String {
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .and_then(|(who, _)| who.split_once(':'))
        .map(|(_, p)| p)
        .filter(|p| !p.is_empty());
    match password {
        Some(p) => message.replace(p, "***"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_never_carry_the_password() {
        let url = "postgres://stempel:s3cr3t@db:5432/stempel";
        assert_eq!(super::redact(url), "postgres://stempel:***@db:5432/stempel");
        assert_eq!(super::redact("mysql://a:b@h/d"), "mysql://a:***@h/d");
        let msg = super::without_password("bad url postgres://stempel:s3cr3t@db", url);
        assert!(!msg.contains("s3cr3t"), "{msg}");
    }
}

/// `sqlite://path` → makes sure the folder exists and asks SQLite to create the file.
fn sqlite_url_creating_file(url: &str) -> Result<String, DbSetupError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(DbSetupError::UnsupportedUrl(
            "in-memory SQLite is not shared between connections; give a file path".into(),
        ));
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| DbSetupError::Folder {
                path: path.to_string(),
                source,
            })?;
        }
    }
    let sep = if rest.contains('?') { '&' } else { '?' };
    Ok(if rest.contains("mode=") {
        format!("sqlite://{rest}")
    } else {
        format!("sqlite://{rest}{sep}mode=rwc")
    })
}

pub type Conn = sqlx::AnyConnection;
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// A transaction that will write. On SQLite it takes the write lock at once (BEGIN
    /// IMMEDIATE), so two writers never deadlock upgrading a read lock; on Postgres, when a user
    /// is named, it locks that user's row, so per-user rules (no overlapping attendances, one
    /// running timer) are checked and written by one request at a time.
    pub async fn begin_write(&self, lock_user: Option<(i64, i64)>) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.writer.begin().await?;
                if let Some((account_id, user_id)) = lock_user {
                    sqlx::query(
                        "SELECT id FROM users WHERE account_id = $1 AND id = $2 FOR UPDATE",
                    )
                    .bind(account_id)
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                }
                Ok(tx)
            }
        }
    }
}

/// Inside a write transaction: keeps every other writer of `accounts` out until it ends (the
/// setup page's "only while there is none"). SQLite's BEGIN IMMEDIATE already excludes them.
pub async fn lock_accounts(db: &Db, tx: &mut Tx) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Postgres {
        sqlx::query("LOCK TABLE accounts IN EXCLUSIVE MODE")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A WHERE clause assembled from the filters that are actually set. A `($n IS NULL OR …)`
/// clause per optional filter keeps SQLite from using an index, so optional filters are left
/// out instead. Values are always bound, never spliced into the text; `$1` is the account.
pub struct Where {
    pub sql: String,
    binds: Vec<Bind>,
}

enum Bind {
    Int(i64),
    Text(String),
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Where {
    /// Starts with a fixed clause that may use `$1` (the account id).
    pub fn new(base: &str) -> Where {
        Where {
            sql: base.to_string(),
            binds: Vec::new(),
        }
    }

    fn next(&self) -> usize {
        self.binds.len() + 2
    }

    /// Appends `AND {clause}` where `{}` in `clause` stands for the value's placeholder.
    pub fn int(&mut self, clause: &str, value: i64) {
        self.sql.push_str(&format!(
            " AND {}",
            clause.replace("{}", &format!("${}", self.next()))
        ));
        self.binds.push(Bind::Int(value));
    }

    pub fn text(&mut self, clause: &str, value: impl Into<String>) {
        self.sql.push_str(&format!(
            " AND {}",
            clause.replace("{}", &format!("${}", self.next()))
        ));
        self.binds.push(Bind::Text(value.into()));
    }

    /// Appends `AND {clause}` with two values: `{t}` stands for the text's placeholder, `{i}`
    /// for the number's (a keyset position: a start and an id).
    pub fn text_int(&mut self, clause: &str, text: impl Into<String>, int: i64) {
        let (t, i) = (self.next(), self.next() + 1);
        self.sql.push_str(&format!(
            " AND {}",
            clause
                .replace("{t}", &format!("${t}"))
                .replace("{i}", &format!("${i}"))
        ));
        self.binds.push(Bind::Text(text.into()));
        self.binds.push(Bind::Int(int));
    }

    /// Appends a clause without a value.
    pub fn raw(&mut self, clause: &str) {
        self.sql.push_str(&format!(" AND {clause}"));
    }

    /// The placeholder number the next value after these binds takes.
    pub fn next_placeholder(&self) -> usize {
        self.next()
    }

    /// The account and every filter value, in order, for [`Db::rows`].
    pub fn params(&self, account_id: i64) -> Vec<exec::Param> {
        let mut out = vec![exec::Param::Int(account_id)];
        out.extend(self.binds.iter().map(|b| match b {
            Bind::Int(i) => exec::Param::Int(*i),
            Bind::Text(t) => exec::Param::Text(t.clone()),
        }));
        out
    }

    /// Binds the account and every filter value, in order.
    pub fn bind<'q>(&'q self, q: AnyQuery<'q>, account_id: i64) -> AnyQuery<'q> {
        let mut q = q.bind(account_id);
        for b in &self.binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
}

/// Booleans are stored as 0/1 integers on both backends (Any cannot decode SQLite's BOOLEAN).
pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

pub type Row = AnyRow;
