//! A person's own settings (issue 18): their password (checked against the current one; every
//! other session of theirs ends), their language and time zone, whatever their role. API keys
//! act for no person and have no profile.

use super::error::{Checks, ServiceError, ServiceResult};
use super::users::{check_new_password, replace_password};
use super::{accounts, passwords, Actor, Resource};
use crate::db::{self, Db};
use crate::i18n::Lang;
use crate::model::ProfileView;

/// The signed-in person; an API key has none.
fn person(actor: &Actor) -> ServiceResult<i64> {
    actor.user_id.ok_or(ServiceError::Forbidden(
        "a profile belongs to a signed-in person",
    ))
}

pub async fn get(db: &Db, actor: &Actor) -> ServiceResult<ProfileView> {
    let id = person(actor)?;
    let mut conn = db.pool.acquire().await?;
    let p = db::users::profile(&mut conn, actor.account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::User))?;
    drop(conn);
    let account_timezone = db::accounts::zone_name(db, actor.account_id, None)
        .await?
        .ok_or(ServiceError::NotFound(Resource::Account))?;
    Ok(ProfileView {
        display_name: super::sessions::display_name(&p.first_name, &p.last_name, &p.username),
        username: p.username,
        email: p.email,
        timezone: p.timezone,
        account_timezone,
        lang: p.locale.as_deref().and_then(Lang::parse),
        feed_active: db::calendar_feeds::active(db, actor.account_id, id).await?,
    })
}

/// What the profile form sends: a zone name ('' = the account's) and a language code ('' =
/// the browser's).
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub timezone: String,
    pub lang: String,
}

/// Stores the person's zone and language.
pub async fn save(db: &Db, actor: &Actor, input: ProfileInput) -> ServiceResult<ProfileView> {
    let id = person(actor)?;
    let tz = Some(input.timezone.trim()).filter(|s| !s.is_empty());
    // '' = none chosen; otherwise exactly a code this app speaks.
    let lang = match input.lang.trim() {
        "" => Ok(None),
        code => Lang::parse(code)
            .filter(|l| l.code() == code)
            .map(Some)
            .ok_or(()),
    };
    let mut c = Checks::new();
    c.check(
        tz.is_none_or(accounts::valid_timezone),
        "timezone",
        "unknown time zone (e.g. Europe/Berlin).",
    );
    c.check(lang.is_ok(), "lang", "language is en or de.");
    c.done()?;
    let code = lang.ok().flatten().map(Lang::code);
    let mut tx = db.begin_write(None).await?;
    db::users::set_zone_and_locale(&mut tx, actor.account_id, id, tz, code).await?;
    tx.commit().await?;
    get(db, actor).await
}

/// The language switch of a signed-in person: remembered with their profile.
pub async fn set_lang(db: &Db, actor: &Actor, lang: Lang) -> ServiceResult<()> {
    let id = person(actor)?;
    let mut tx = db.begin_write(None).await?;
    db::users::set_locale(&mut tx, actor.account_id, id, lang.code()).await?;
    tx.commit().await?;
    Ok(())
}

/// A change of one's own password: the current one, the new one twice.
pub struct NewPassword<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub repeat: &'a str,
}

/// Changes the person's own password after checking the current one; every other session of
/// theirs ends (`keep`: the token of the session that asked).
pub async fn change_password(
    db: &Db,
    actor: &Actor,
    p: NewPassword<'_>,
    keep: Option<&str>,
) -> ServiceResult<()> {
    let id = person(actor)?;
    let mut c = Checks::new();
    check_new_password(&mut c, "newPassword", p.new);
    c.check(
        p.repeat == p.new,
        "repeatPassword",
        "the two new passwords differ.",
    );
    c.done()?;
    let mut conn = db.pool.acquire().await?;
    let stored = db::users::profile(&mut conn, actor.account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::User))?
        .password_hash;
    drop(conn);
    // An over-long guess is wrong without hashing it (as at sign-in).
    let right =
        p.current.len() <= passwords::MAX_LEN && passwords::verify(p.current, stored).await?;
    if !right {
        return Err(ServiceError::invalid(
            "currentPassword",
            "the current password is wrong.",
        ));
    }
    let hash = passwords::hash(p.new).await?;
    let mut tx = db.begin_write(None).await?;
    replace_password(&mut tx, actor.account_id, id, hash, keep).await?;
    tx.commit().await?;
    Ok(())
}
