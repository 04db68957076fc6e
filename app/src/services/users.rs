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

pub fn hash_password(password: &str) -> ServiceResult<String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("hashing a password failed: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Inserts a user inside an open transaction or on the pool; the caller validated it.
pub(crate) async fn insert_user<'e, E>(exec: E, account_id: i64, u: &NewUser) -> ServiceResult<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let hash = hash_password(&u.password)?;
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
