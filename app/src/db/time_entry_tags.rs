//! `time_entry_tags`: which tags an entry carries.

use std::collections::HashMap;

use super::conn;
use super::exec::{Cells, FromCells};
use super::Conn;
use crate::model::Tag;

/// Removes every tag of the entry.
pub async fn clear(conn: &mut Conn, account_id: i64, entry_id: i64) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "DELETE FROM time_entry_tags WHERE account_id = $1 AND time_entry_id = $2",
        vec![account_id.into(), entry_id.into()],
    )
    .await?;
    Ok(())
}

pub async fn add(
    conn: &mut Conn,
    account_id: i64,
    entry_id: i64,
    tag_id: i64,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO time_entry_tags (account_id, time_entry_id, tag_id) VALUES ($1, $2, $3)",
        vec![account_id.into(), entry_id.into(), tag_id.into()],
    )
    .await?;
    Ok(())
}

struct Linked(i64, Tag);

impl FromCells for Linked {
    fn from_cells(c: &mut Cells<'_>) -> Result<Linked, sqlx::Error> {
        Ok(Linked(c.int()?, Tag::from_cells(c)?))
    }
}

/// The tags of each listed entry, by name, in one query.
pub async fn of_entries(
    conn: &mut Conn,
    account_id: i64,
    entry_ids: &[i64],
) -> Result<HashMap<i64, Vec<Tag>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Tag>> = HashMap::new();
    if entry_ids.is_empty() {
        return Ok(out);
    }
    // The ids are integers (typed, never text), so they can stand in the SQL text.
    let ids: Vec<String> = entry_ids.iter().map(i64::to_string).collect();
    let sql = format!(
        "SELECT l.time_entry_id, t.id, t.name, t.color FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id AND t.account_id = l.account_id
         WHERE l.account_id = $1 AND l.time_entry_id IN ({}) ORDER BY t.name",
        ids.join(", ")
    );
    let rows: Vec<Linked> = conn::rows(conn, &sql, vec![account_id.into()]).await?;
    for Linked(entry, tag) in rows {
        out.entry(entry).or_default().push(tag);
    }
    Ok(out)
}
