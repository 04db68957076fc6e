//! A record's id and shown name, for the report's filter lists and group names. Each table's
//! module holds its own query (`clients::labels`, …); deleted and archived records are listed
//! too, since their entries still count in a report.

use super::exec::{Cells, Cost, FromCells, Param};
use super::Db;

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub id: i64,
    pub name: String,
    /// The record it belongs to: a project's client, a task's project (none: every project).
    pub parent: Option<i64>,
    /// Neither deleted nor archived: offered in the filter lists.
    pub live: bool,
}

impl FromCells for Label {
    fn from_cells(c: &mut Cells<'_>) -> Result<Label, sqlx::Error> {
        Ok(Label {
            id: c.int()?,
            name: c.text()?,
            parent: c.opt_int()?,
            live: c.flag()?,
        })
    }
}

/// Runs a labels query: `$1` is the account; columns id, name, parent, live.
pub(super) async fn read(db: &Db, sql: &str, account_id: i64) -> Result<Vec<Label>, sqlx::Error> {
    db.rows(Cost::Long, sql, vec![Param::Int(account_id)]).await
}
