//! People of an account: creation with validated names and argon2-hashed passwords.

use sqlx::Row as _;

use super::{Actor, Checks, ServiceError, ServiceResult};
use crate::db::{time, Db};
use crate::model::Role;

pub struct NewUser {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

pub const MIN_PASSWORD_LEN: usize = 8;

/// Checks a new user's fields, adding every problem to `checks`.
pub(crate) fn check_new_user(checks: &mut Checks, u: &NewUser) {
    let name = u.username.trim();
    checks.check(!name.is_empty(), "username", "username is required.");
    checks.check(
        name.chars().count() <= 100
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')),
        "username",
        "username may use letters, digits and . _ - @ (at most 100).",
    );
    checks.check(
        u.password.chars().count() >= MIN_PASSWORD_LEN && u.password.len() <= 1024,
        "password",
        format!("password needs at least {MIN_PASSWORD_LEN} characters."),
    );
    checks.check(
        u.first_name.chars().count() <= 100,
        "firstName",
        "firstName is too long.",
    );
    checks.check(
        u.last_name.chars().count() <= 100,
        "lastName",
        "lastName is too long.",
    );
    checks.check(
        u.email.is_empty() || (u.email.contains('@') && u.email.chars().count() <= 254),
        "email",
        "email is not a valid address.",
    );
}

/// Inserts a user inside an open transaction or on the pool; the caller validated it.
pub(crate) async fn insert_user<'e, E>(exec: E, account_id: i64, u: &NewUser) -> ServiceResult<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let hash = super::passwords::hash(&u.password).await?;
    let now = time::now();
    let row = sqlx::query(
        "INSERT INTO users (account_id, username, first_name, last_name, email, role, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(account_id)
    .bind(u.username.trim())
    .bind(u.first_name.trim())
    .bind(u.last_name.trim())
    .bind(u.email.trim())
    .bind(u.role.as_str())
    .bind(hash)
    .bind(now)
    .fetch_one(exec)
    .await
    .map_err(|e| unique_to_invalid(e, "username", "this username is taken in this account."))?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Turns a unique-constraint violation into a 422 naming the field; other errors pass through.
pub(crate) fn unique_to_invalid(e: sqlx::Error, field: &str, message: &str) -> ServiceError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ServiceError::invalid(field, message)
        }
        _ => ServiceError::Database(e),
    }
}

pub async fn create_user(db: &Db, actor: &Actor, u: NewUser) -> ServiceResult<i64> {
    actor.require_admin()?;
    let mut checks = Checks::new();
    check_new_user(&mut checks, &u);
    checks.done()?;
    insert_user(&db.pool, actor.account_id, &u).await
}

/// The people whose timesheets `actor` may read: everyone active for managers and admins,
/// oneself for staff. (id, "First Last (username)")
pub async fn team(db: &Db, actor: &Actor) -> ServiceResult<Vec<(i64, String)>> {
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let rows = sqlx::query(
        "SELECT id, username, first_name, last_name FROM users WHERE account_id = $1 AND active = 1 AND ($2 IS NULL OR id = $2) ORDER BY username",
    )
    .bind(actor.account_id)
    .bind(own)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let name = format!(
            "{} {}",
            r.try_get::<String, _>("first_name")?,
            r.try_get::<String, _>("last_name")?
        )
        .trim()
        .to_string();
        let username: String = r.try_get("username")?;
        out.push((
            r.try_get("id")?,
            if name.is_empty() {
                username
            } else {
                format!("{name} ({username})")
            },
        ));
    }
    Ok(out)
}

// ---- administration of people (issue 6) ----

use crate::model::UserAdmin;

/// Settings of a person an administrator changes; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub hour_rate_cents: Option<Option<i64>>,
    /// `Some(None)`: the account's time zone.
    pub timezone: Option<Option<String>>,
    /// Target minutes Monday … Sunday.
    pub targets: Option<[i64; 7]>,
    pub paid_leave_days: Option<i64>,
    pub active: Option<bool>,
}

const ADMIN_COLUMNS: &str = "id, username, first_name, last_name, email, role, hour_rate_cents, timezone,
    target_mon, target_tue, target_wed, target_thu, target_fri, target_sat, target_sun, paid_leave_days, active";

fn admin_from_row(r: &crate::db::Row) -> ServiceResult<UserAdmin> {
    let role: String = r.try_get("role")?;
    let mut targets = [0i64; 7];
    for (i, col) in [
        "target_mon",
        "target_tue",
        "target_wed",
        "target_thu",
        "target_fri",
        "target_sat",
        "target_sun",
    ]
    .iter()
    .enumerate()
    {
        targets[i] = r.try_get(*col)?;
    }
    Ok(UserAdmin {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        email: r.try_get("email")?,
        role: Role::parse(&role)
            .ok_or_else(|| ServiceError::Internal("unknown role in users table".into()))?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        timezone: r.try_get("timezone")?,
        targets,
        paid_leave_days: r.try_get("paid_leave_days")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

/// Everyone of the account, active first (managers and administrators).
pub async fn list(db: &Db, actor: &Actor) -> ServiceResult<Vec<UserAdmin>> {
    actor.require_manager("managers and administrators only")?;
    let rows = sqlx::query(&format!(
        "SELECT {ADMIN_COLUMNS} FROM users WHERE account_id = $1 ORDER BY active DESC, username"
    ))
    .bind(actor.account_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(admin_from_row).collect()
}

async fn load_admin(
    conn: &mut crate::db::Conn,
    account_id: i64,
    id: i64,
) -> ServiceResult<UserAdmin> {
    let row = sqlx::query(&format!(
        "SELECT {ADMIN_COLUMNS} FROM users WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound(super::Resource::User))?;
    admin_from_row(&row)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<UserAdmin> {
    actor.require_manager("managers and administrators only")?;
    load_admin(&mut *db.pool.acquire().await?, actor.account_id, id).await
}

fn check_input(c: &mut Checks, u: &UserInput) {
    c.max_len("firstName", u.first_name.as_deref(), 100);
    c.max_len("lastName", u.last_name.as_deref(), 100);
    if let Some(e) = u.email.as_deref().map(str::trim) {
        c.check(
            e.is_empty() || (e.contains('@') && e.chars().count() <= 254),
            "email",
            "email is not a valid address.",
        );
    }
    c.money("hourRate", u.hour_rate_cents.flatten());
    if let Some(Some(tz)) = &u.timezone {
        c.check(
            super::accounts::valid_timezone(tz.trim()),
            "timezone",
            "unknown time zone (e.g. Europe/Berlin).",
        );
    }
    if let Some(targets) = &u.targets {
        for (day, minutes) in [
            "targetMon",
            "targetTue",
            "targetWed",
            "targetThu",
            "targetFri",
            "targetSat",
            "targetSun",
        ]
        .iter()
        .zip(targets)
        {
            c.check(
                (0..=1440).contains(minutes),
                day,
                "a day's target lies between 0:00 and 24:00.",
            );
        }
    }
    if let Some(days) = u.paid_leave_days {
        c.check(
            (0..=366).contains(&days),
            "paidLeaveDays",
            "paid leave lies between 0 and 366 days a year.",
        );
    }
}

/// Administrators may not lock themselves out: no deactivating or demoting oneself.
fn check_self(c: &mut Checks, actor: &Actor, id: i64, u: &UserInput) {
    if actor.user_id == Some(id) {
        if u.active == Some(false) {
            c.fail("active", "you cannot deactivate yourself.");
        }
        if u.role.is_some_and(|r| r != Role::Admin) {
            c.fail(
                "role",
                "you cannot take the administrator role from yourself.",
            );
        }
    }
}

async fn write_settings(
    conn: &mut crate::db::Conn,
    account_id: i64,
    id: i64,
    u: UserInput,
) -> ServiceResult<UserAdmin> {
    let old = load_admin(conn, account_id, id).await?;
    let t = u.targets.unwrap_or(old.targets);
    let active = u.active.unwrap_or(old.active);
    sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, email = $3, role = $4, hour_rate_cents = $5, timezone = $6,
            target_mon = $7, target_tue = $8, target_wed = $9, target_thu = $10, target_fri = $11, target_sat = $12,
            target_sun = $13, paid_leave_days = $14, active = $15, updated_at = $16
         WHERE account_id = $17 AND id = $18",
    )
    .bind(u.first_name.map(|s| s.trim().to_string()).unwrap_or(old.first_name))
    .bind(u.last_name.map(|s| s.trim().to_string()).unwrap_or(old.last_name))
    .bind(u.email.map(|s| s.trim().to_string()).unwrap_or(old.email))
    .bind(u.role.unwrap_or(old.role).as_str())
    .bind(u.hour_rate_cents.unwrap_or(old.hour_rate_cents))
    .bind(
        u.timezone
            .map(|tz| tz.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
            .unwrap_or(old.timezone),
    )
    .bind(t[0])
    .bind(t[1])
    .bind(t[2])
    .bind(t[3])
    .bind(t[4])
    .bind(t[5])
    .bind(t[6])
    .bind(u.paid_leave_days.unwrap_or(old.paid_leave_days))
    .bind(i64::from(active))
    .bind(time::now())
    .bind(account_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if !active {
        // A deactivated person is signed out everywhere at once.
        sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND user_id = $2")
            .bind(account_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    load_admin(conn, account_id, id).await
}

/// Creates a person with their settings in one step (administrators).
pub async fn create(
    db: &Db,
    actor: &Actor,
    new: NewUser,
    settings: UserInput,
) -> ServiceResult<UserAdmin> {
    actor.require_admin()?;
    let mut c = Checks::new();
    check_new_user(&mut c, &new);
    check_input(&mut c, &settings);
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    let id = insert_user(&mut *tx, actor.account_id, &new).await?;
    let user = write_settings(&mut tx, actor.account_id, id, settings).await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes a person's settings (administrators); deactivating signs them out.
pub async fn update(db: &Db, actor: &Actor, id: i64, input: UserInput) -> ServiceResult<UserAdmin> {
    actor.require_admin()?;
    let mut c = Checks::new();
    check_input(&mut c, &input);
    check_self(&mut c, actor, id, &input);
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    let user = write_settings(&mut tx, actor.account_id, id, input).await?;
    tx.commit().await?;
    Ok(user)
}

/// Sets a new password (administrators); every session of the person ends.
pub async fn set_password(db: &Db, actor: &Actor, id: i64, password: &str) -> ServiceResult<()> {
    set_password_keeping(db, actor, id, password, None).await
}

/// Sets a new password; every session of the person ends except `keep` (the session token of
/// the request that changed it, so an administrator changing their own password stays in).
pub async fn set_password_keeping(
    db: &Db,
    actor: &Actor,
    id: i64,
    password: &str,
    keep: Option<&str>,
) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut c = Checks::new();
    c.check(
        password.chars().count() >= MIN_PASSWORD_LEN && password.len() <= super::passwords::MAX_LEN,
        "password",
        format!("password needs at least {MIN_PASSWORD_LEN} characters."),
    );
    c.done()?;
    let hash = super::passwords::hash(password).await?;
    let mut tx = db.begin_write(None).await?;
    load_admin(&mut tx, actor.account_id, id).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
    )
    .bind(hash)
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let keep = keep.map(super::sessions::token_hash);
    crate::db::sessions::delete_for_user(&mut *tx, actor.account_id, id, keep.as_deref()).await?;
    tx.commit().await?;
    Ok(())
}
