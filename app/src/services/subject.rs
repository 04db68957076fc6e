//! Whose records a page shows and in which time zone.

use chrono_tz::Tz;

use super::{accounts, Actor, ServiceError, ServiceResult};
use crate::db::{self, Db};

/// The signed-in person's time zone (their own, else the account's).
pub async fn user_tz(db: &Db, actor: &Actor) -> ServiceResult<Tz> {
    accounts::tz(db, actor.account_id, actor.user_id).await
}

/// The person a page shows: the signed-in user unless a manager or admin asked for a team
/// member. Returns their id and time zone; staff asking for someone else are refused.
pub async fn subject(db: &Db, actor: &Actor, requested: Option<i64>) -> ServiceResult<(i64, Tz)> {
    let me = actor
        .user_id
        .ok_or(ServiceError::Forbidden("this page needs a signed-in user"))?;
    let id = requested.unwrap_or(me);
    actor.may_change(id, "staff see their own records only")?;
    if !db::users::exists(db, actor.account_id, id).await? {
        return Err(ServiceError::NotFound(super::error::Resource::User));
    }
    Ok((id, accounts::tz(db, actor.account_id, Some(id)).await?))
}
