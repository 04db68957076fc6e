//! People of an account: creation with validated names and argon2-hashed passwords.

use super::{Actor, Checks, ServiceError, ServiceResult};
use crate::db::{users, Conn, Db};
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
    check_new_password(checks, "password", &u.password);
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

/// Inserts a user inside an open transaction or on a pooled connection; the caller validated it.
pub(crate) async fn insert_user(
    conn: &mut Conn,
    account_id: i64,
    u: &NewUser,
) -> ServiceResult<i64> {
    let row = users::NewRow {
        username: u.username.trim(),
        first_name: u.first_name.trim(),
        last_name: u.last_name.trim(),
        email: u.email.trim(),
        role: u.role,
        password_hash: super::passwords::hash(&u.password).await?,
    };
    users::insert(conn, account_id, &row)
        .await
        .map_err(|e| unique_to_invalid(e, "username", "this username is taken in this account."))
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
    insert_user(&mut *db.pool.acquire().await?, actor.account_id, &u).await
}

/// The people whose timesheets `actor` may read: everyone active for managers and admins,
/// oneself for staff. (id, "First Last (username)")
pub async fn team(db: &Db, actor: &Actor) -> ServiceResult<Vec<(i64, String)>> {
    let own = (actor.role == Role::Staff)
        .then_some(actor.user_id)
        .flatten();
    let members = users::active_members(db, actor.account_id, own).await?;
    Ok(members
        .into_iter()
        .map(|m| {
            let name = format!("{} {}", m.first_name, m.last_name)
                .trim()
                .to_string();
            let label = if name.is_empty() {
                m.username
            } else {
                format!("{name} ({})", m.username)
            };
            (m.id, label)
        })
        .collect())
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

/// Everyone of the account, active first (managers and administrators).
pub async fn list(db: &Db, actor: &Actor) -> ServiceResult<Vec<UserAdmin>> {
    actor.require_manager("managers and administrators only")?;
    Ok(users::admin_list(db, actor.account_id).await?)
}

async fn load_admin(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<UserAdmin> {
    users::admin_get(conn, account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(super::Resource::User))
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
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    u: UserInput,
) -> ServiceResult<UserAdmin> {
    let old = load_admin(conn, account_id, id).await?;
    let active = u.active.unwrap_or(old.active);
    let new = UserAdmin {
        id,
        username: old.username,
        first_name: u
            .first_name
            .map(|s| s.trim().to_string())
            .unwrap_or(old.first_name),
        last_name: u
            .last_name
            .map(|s| s.trim().to_string())
            .unwrap_or(old.last_name),
        email: u.email.map(|s| s.trim().to_string()).unwrap_or(old.email),
        role: u.role.unwrap_or(old.role),
        hour_rate_cents: u.hour_rate_cents.unwrap_or(old.hour_rate_cents),
        timezone: u
            .timezone
            .map(|tz| tz.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
            .unwrap_or(old.timezone),
        targets: u.targets.unwrap_or(old.targets),
        paid_leave_days: u.paid_leave_days.unwrap_or(old.paid_leave_days),
        active,
    };
    users::update_admin(conn, account_id, &new).await?;
    if !active {
        // A deactivated person is signed out everywhere at once.
        crate::db::sessions::delete_for_user(&mut *conn, account_id, id, None).await?;
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
    let id = insert_user(&mut tx, actor.account_id, &new).await?;
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
    check_new_password(&mut c, "password", password);
    c.done()?;
    let hash = super::passwords::hash(password).await?;
    let mut tx = db.begin_write(None).await?;
    load_admin(&mut tx, actor.account_id, id).await?;
    replace_password(&mut tx, actor.account_id, id, hash, keep).await?;
    tx.commit().await?;
    Ok(())
}

/// The rule for any new password, reported under `field`.
pub(crate) fn check_new_password(c: &mut Checks, field: &str, password: &str) {
    c.check(
        password.chars().count() >= MIN_PASSWORD_LEN && password.len() <= super::passwords::MAX_LEN,
        field,
        format!("password needs at least {MIN_PASSWORD_LEN} characters."),
    );
}

/// Inside the caller's write: stores a new password's hash and ends every session of the
/// person except `keep` (a session token), whoever set it.
pub(crate) async fn replace_password(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    hash: String,
    keep: Option<&str>,
) -> ServiceResult<()> {
    users::set_password_hash(conn, account_id, id, hash).await?;
    let keep = keep.map(super::sessions::token_hash);
    crate::db::sessions::delete_for_user(&mut *conn, account_id, id, keep.as_deref()).await?;
    Ok(())
}
