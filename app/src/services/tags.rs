//! Hashtags: `"#design #urgent"` in an entry's text becomes tags the reports and the Teamwork
//! API can filter on.

use super::ServiceResult;
use crate::db::{tags, time_entry_tags, Conn};

/// The distinct tags in `text`, in order of first appearance (case-insensitively distinct).
pub fn parse(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == ',') {
        let Some(rest) = word.strip_prefix('#') else {
            continue;
        };
        let tag: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        if !tag.is_empty()
            && tag.chars().count() <= 50
            && !out.iter().any(|t| t.eq_ignore_ascii_case(&tag))
        {
            out.push(tag);
        }
    }
    out
}

/// The id of each named tag, creating the ones that do not exist yet.
pub async fn ensure(conn: &mut Conn, account_id: i64, names: &[String]) -> ServiceResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        ids.push(tags::ensure(conn, account_id, name).await?);
    }
    Ok(ids)
}

/// Makes the entry's tag links match `text`.
pub async fn link_entry(
    conn: &mut Conn,
    account_id: i64,
    entry_id: i64,
    text: &str,
) -> ServiceResult<()> {
    time_entry_tags::clear(conn, account_id, entry_id).await?;
    for tag_id in ensure(conn, account_id, &parse(text)).await? {
        time_entry_tags::add(conn, account_id, entry_id, tag_id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_hashtags() {
        assert_eq!(
            super::parse("#design, #Urgent #design fix #a-b_c #"),
            ["design", "Urgent", "a-b_c"]
        );
        assert!(super::parse("no tags # here").is_empty());
    }
}

/// The tags of each of the actor's listed entries (ids from a list the actor was allowed).
pub async fn of_entries(
    db: &crate::db::Db,
    actor: &super::Actor,
    entry_ids: &[i64],
) -> ServiceResult<std::collections::HashMap<i64, Vec<crate::model::Tag>>> {
    for_entries(&mut *db.pool.acquire().await?, actor.account_id, entry_ids).await
}

/// The tags of each listed entry, in one query.
pub async fn for_entries(
    conn: &mut Conn,
    account_id: i64,
    entry_ids: &[i64],
) -> ServiceResult<std::collections::HashMap<i64, Vec<crate::model::Tag>>> {
    Ok(time_entry_tags::of_entries(conn, account_id, entry_ids).await?)
}
