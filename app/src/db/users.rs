//! `users`: the people of an account. Creation, the administration view of a person and its
//! writes, the team picker.

use super::conn;
use super::exec::{Cells, Cost, FromCells, Param};
use super::{flag, time, Conn, Db};
use crate::model::{Role, UserAdmin};

/// A stored role, decoded once.
pub fn role(c: &mut Cells<'_>) -> Result<Role, sqlx::Error> {
    let text = c.text()?;
    Role::parse(&text).ok_or_else(|| {
        sqlx::Error::Decode(format!("unknown role {text:?} in the users table").into())
    })
}

const ADMIN_COLUMNS: &str = "id, username, first_name, last_name, email, role, hour_rate_cents, timezone,
    target_mon, target_tue, target_wed, target_thu, target_fri, target_sat, target_sun, paid_leave_days, active";

impl FromCells for UserAdmin {
    fn from_cells(c: &mut Cells<'_>) -> Result<UserAdmin, sqlx::Error> {
        let (id, username, first_name, last_name, email) =
            (c.int()?, c.text()?, c.text()?, c.text()?, c.text()?);
        let (role, hour_rate_cents, timezone) = (role(c)?, c.opt_int()?, c.opt_text()?);
        let targets = read_targets(c)?;
        Ok(UserAdmin {
            id,
            username,
            first_name,
            last_name,
            email,
            role,
            hour_rate_cents,
            timezone,
            targets,
            paid_leave_days: c.int()?,
            active: c.flag()?,
        })
    }
}

/// A new person's row; names trimmed by the caller, the password already hashed.
pub struct NewRow<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub password_hash: String,
}

/// Inserts a person; their id. A taken username is the database's unique violation.
pub async fn insert(conn: &mut Conn, account_id: i64, u: &NewRow<'_>) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "INSERT INTO users (account_id, username, first_name, last_name, email, role, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        vec![
            account_id.into(),
            u.username.into(),
            u.first_name.into(),
            u.last_name.into(),
            u.email.into(),
            u.role.as_str().into(),
            u.password_hash.clone().into(),
            time::now().into(),
        ],
    )
    .await
}

/// A person of the team picker: id, username, first and last name.
pub struct Member {
    pub id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
}

impl FromCells for Member {
    fn from_cells(c: &mut Cells<'_>) -> Result<Member, sqlx::Error> {
        Ok(Member {
            id: c.int()?,
            username: c.text()?,
            first_name: c.text()?,
            last_name: c.text()?,
        })
    }
}

/// The active people of the account by username, or only `only` among them.
pub async fn active_members(
    db: &Db,
    account_id: i64,
    only: Option<i64>,
) -> Result<Vec<Member>, sqlx::Error> {
    db.rows(
        Cost::Long,
        "SELECT id, username, first_name, last_name FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2) ORDER BY username",
        vec![Param::Int(account_id), only.into()],
    )
    .await
}

/// Everyone of the account, active first.
pub async fn admin_list(db: &Db, account_id: i64) -> Result<Vec<UserAdmin>, sqlx::Error> {
    let sql = format!(
        "SELECT {ADMIN_COLUMNS} FROM users WHERE account_id = $1 ORDER BY active DESC, username"
    );
    db.rows(Cost::Long, &sql, vec![Param::Int(account_id)])
        .await
}

pub async fn admin_get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<UserAdmin>, sqlx::Error> {
    let sql = format!("SELECT {ADMIN_COLUMNS} FROM users WHERE account_id = $1 AND id = $2");
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// Writes everything of the administration view but the id and the username.
pub async fn update_admin(
    conn: &mut Conn,
    account_id: i64,
    u: &UserAdmin,
) -> Result<(), sqlx::Error> {
    let mut params: Vec<Param> = vec![
        u.first_name.clone().into(),
        u.last_name.clone().into(),
        u.email.clone().into(),
        u.role.as_str().into(),
        u.hour_rate_cents.into(),
        u.timezone.clone().into(),
    ];
    params.extend(u.targets.iter().map(|t| Param::Int(*t)));
    params.extend([
        u.paid_leave_days.into(),
        flag(u.active).into(),
        time::now().into(),
        account_id.into(),
        u.id.into(),
    ]);
    conn::execute(
        conn,
        "UPDATE users SET first_name = $1, last_name = $2, email = $3, role = $4, hour_rate_cents = $5, timezone = $6,
            target_mon = $7, target_tue = $8, target_wed = $9, target_thu = $10, target_fri = $11, target_sat = $12,
            target_sun = $13, paid_leave_days = $14, active = $15, updated_at = $16
         WHERE account_id = $17 AND id = $18",
        params,
    )
    .await?;
    Ok(())
}

pub async fn set_password_hash(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    hash: String,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE users SET password_hash = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
        vec![
            hash.into(),
            time::now().into(),
            account_id.into(),
            id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// The person's target minutes Monday … Sunday (the one reader of the weekday targets).
pub async fn targets(db: &Db, account_id: i64, id: i64) -> Result<Option<[i64; 7]>, sqlx::Error> {
    let row: Option<Targets> = db
        .row(
            "SELECT target_mon, target_tue, target_wed, target_thu, target_fri, target_sat, target_sun FROM users WHERE account_id = $1 AND id = $2",
            vec![Param::Int(account_id), Param::Int(id)],
        )
        .await?;
    Ok(row.map(|t| t.0))
}

/// The seven target columns `target_mon` … `target_sun`, in that order: the one decoder of
/// the weekday targets wherever a SELECT lists them.
pub fn read_targets(c: &mut Cells<'_>) -> Result<[i64; 7], sqlx::Error> {
    let mut t = [0i64; 7];
    for v in &mut t {
        *v = c.int()?;
    }
    Ok(t)
}

struct Targets([i64; 7]);

impl FromCells for Targets {
    fn from_cells(c: &mut Cells<'_>) -> Result<Targets, sqlx::Error> {
        Ok(Targets(read_targets(c)?))
    }
}

/// The person's yearly paid-leave entitlement in days.
pub async fn paid_leave_days(
    db: &Db,
    account_id: i64,
    id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    db.row(
        "SELECT paid_leave_days FROM users WHERE account_id = $1 AND id = $2",
        vec![Param::Int(account_id), Param::Int(id)],
    )
    .await
}

/// An active person as a reference finds them: what a time entry's rate and zone need.
pub struct Ref {
    pub id: i64,
    pub hour_rate_cents: Option<i64>,
    pub timezone: Option<String>,
}

impl FromCells for Ref {
    fn from_cells(c: &mut Cells<'_>) -> Result<Ref, sqlx::Error> {
        Ok(Ref {
            id: c.int()?,
            hour_rate_cents: c.opt_int()?,
            timezone: c.opt_text()?,
        })
    }
}

/// An active person by id or username.
pub async fn active_ref(
    src: conn::Reader<'_>,
    account_id: i64,
    key: conn::Key<'_>,
) -> Result<Option<Ref>, sqlx::Error> {
    let (column, value): (&str, Param) = match key {
        conn::Key::Id(id) => ("id", id.into()),
        conn::Key::Name(name) => ("username", name.into()),
    };
    let sql = format!(
        "SELECT id, hour_rate_cents, timezone FROM users WHERE account_id = $1 AND {column} = $2 AND active = 1"
    );
    src.row(&sql, vec![account_id.into(), value]).await
}

/// A person as their report needs them: zone (their own, else the account's) and targets.
pub struct ReportSubject {
    pub id: i64,
    pub username: String,
    pub timezone: String,
    pub targets: [i64; 7],
}

impl FromCells for ReportSubject {
    fn from_cells(c: &mut Cells<'_>) -> Result<ReportSubject, sqlx::Error> {
        let (id, username, timezone) = (c.int()?, c.text()?, c.text()?);
        Ok(ReportSubject {
            id,
            username,
            timezone,
            targets: read_targets(c)?,
        })
    }
}

pub async fn report_subject(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<ReportSubject>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT u.id, u.username, COALESCE(u.timezone, a.timezone) AS tz, u.target_mon, u.target_tue, u.target_wed,
            u.target_thu, u.target_fri, u.target_sat, u.target_sun
         FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.account_id = $1 AND u.id = $2",
        vec![account_id.into(), id.into()],
    )
    .await
}

/// A page of the ids of the account's active people (or only `only` among them), and how
/// many there are in all.
pub async fn active_ids(
    conn: &mut Conn,
    account_id: i64,
    only: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let total: i64 = conn::value(
        conn,
        "SELECT COUNT(*) FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2)",
        vec![account_id.into(), only.into()],
    )
    .await?;
    let ids = conn::rows(
        conn,
        "SELECT id FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2) ORDER BY id LIMIT $3 OFFSET $4",
        vec![account_id.into(), only.into(), limit.into(), offset.into()],
    )
    .await?;
    Ok((ids, total))
}

/// Whether the person belongs to the account.
pub async fn exists(db: &Db, account_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db
        .row(
            "SELECT id FROM users WHERE account_id = $1 AND id = $2",
            vec![Param::Int(account_id), Param::Int(id)],
        )
        .await?;
    Ok(found.is_some())
}

/// A demo person: created, or (same username) kept with its id.
pub struct DemoRow<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub hour_rate_cents: i64,
}

pub async fn upsert_demo(
    conn: &mut Conn,
    account_id: i64,
    u: &DemoRow<'_>,
) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "INSERT INTO users (account_id, username, first_name, last_name, role, password_hash, hour_rate_cents, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (account_id, username) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
        vec![
            account_id.into(),
            u.username.into(),
            u.first_name.into(),
            u.last_name.into(),
            u.role.as_str().into(),
            u.password_hash.into(),
            u.hour_rate_cents.into(),
            time::now().into(),
        ],
    )
    .await
}

/// What a person sees and changes of themselves on their profile.
pub struct Profile {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub timezone: Option<String>,
    pub locale: Option<String>,
    pub password_hash: Option<String>,
}

impl FromCells for Profile {
    fn from_cells(c: &mut Cells<'_>) -> Result<Profile, sqlx::Error> {
        Ok(Profile {
            username: c.text()?,
            first_name: c.text()?,
            last_name: c.text()?,
            email: c.text()?,
            timezone: c.opt_text()?,
            locale: c.opt_text()?,
            password_hash: c.opt_text()?,
        })
    }
}

/// An active person's profile.
pub async fn profile(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Profile>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT username, first_name, last_name, email, timezone, locale, password_hash
         FROM users WHERE account_id = $1 AND id = $2 AND active = 1",
        vec![account_id.into(), id.into()],
    )
    .await
}

/// Stores a person's own zone and language (None: the account's zone, the browser's language).
pub async fn set_zone_and_locale(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    timezone: Option<&str>,
    locale: Option<&str>,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE users SET timezone = $1, locale = $2, updated_at = $3 WHERE account_id = $4 AND id = $5",
        vec![
            timezone.map(str::to_string).into(),
            locale.map(str::to_string).into(),
            time::now().into(),
            account_id.into(),
            id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Stores a person's language alone (the language switch of a signed-in person).
pub async fn set_locale(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    locale: &str,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE users SET locale = $1 WHERE account_id = $2 AND id = $3",
        vec![locale.into(), account_id.into(), id.into()],
    )
    .await?;
    Ok(())
}

/// Every person of the account with its shown name, for the report (deleted ones too).
pub async fn labels(
    db: &super::Db,
    account_id: i64,
) -> Result<Vec<super::labels::Label>, sqlx::Error> {
    super::labels::read(
        db,
        "SELECT id, CASE WHEN TRIM(first_name || ' ' || last_name) = '' THEN username ELSE TRIM(first_name || ' ' || last_name) END AS shown, CAST(NULL AS BIGINT), CASE WHEN active = 1 THEN 1 ELSE 0 END FROM users WHERE account_id = $1 ORDER BY shown, id",
        account_id,
    )
    .await
}
