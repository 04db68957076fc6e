//! Hashtags: `"#design #urgent"` in an entry's text becomes tags the reports and the Teamwork
//! API can filter on.

use sqlx::Row as _;

use super::ServiceResult;
use crate::db::{time, Conn};

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
        sqlx::query("INSERT INTO tags (account_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (account_id, name) DO NOTHING")
            .bind(account_id)
            .bind(name)
            .bind(time::now())
            .execute(&mut *conn)
            .await?;
        let id: i64 = sqlx::query("SELECT id FROM tags WHERE account_id = $1 AND name = $2")
            .bind(account_id)
            .bind(name)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        ids.push(id);
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
    sqlx::query("DELETE FROM time_entry_tags WHERE account_id = $1 AND time_entry_id = $2")
        .bind(account_id)
        .bind(entry_id)
        .execute(&mut *conn)
        .await?;
    for tag_id in ensure(conn, account_id, &parse(text)).await? {
        sqlx::query(
            "INSERT INTO time_entry_tags (account_id, time_entry_id, tag_id) VALUES ($1, $2, $3)",
        )
        .bind(account_id)
        .bind(entry_id)
        .bind(tag_id)
        .execute(&mut *conn)
        .await?;
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
    let mut out: std::collections::HashMap<i64, Vec<crate::model::Tag>> =
        std::collections::HashMap::new();
    if entry_ids.is_empty() {
        return Ok(out);
    }
    // The ids are integers from our own rows, so they can stand in the SQL text.
    let ids: Vec<String> = entry_ids.iter().map(i64::to_string).collect();
    let rows = sqlx::query(&format!(
        "SELECT l.time_entry_id, t.id, t.name, t.color FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id AND t.account_id = l.account_id
         WHERE l.account_id = $1 AND l.time_entry_id IN ({}) ORDER BY t.name",
        ids.join(", ")
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        out.entry(r.try_get(0)?)
            .or_default()
            .push(crate::model::Tag {
                id: r.try_get(1)?,
                name: r.try_get(2)?,
                color: r.try_get(3)?,
            });
    }
    Ok(out)
}
