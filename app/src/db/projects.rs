//! `projects` with their client's name: the one SELECT and decoder of a project, and the
//! reads outside a transaction.

use super::exec::{Cells, Cost, FromCells, Param};
use super::Db;
use crate::model::Project;

/// A project with its client's name; decoded by [`Project::from_cells`], in order.
pub const SELECT: &str = "SELECT p.id, p.client_id, c.name AS client_name, p.name, p.notes, p.hour_rate_cents, p.billable,
    p.budget_minutes, p.budget_cents, p.color, p.archived, p.deleted_at, p.created_at, p.updated_at
    FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id";

/// A project and whether it is deleted (the model has no such field; loads refuse deleted ones).
pub struct Stored {
    pub project: Project,
    pub deleted: bool,
}

impl FromCells for Stored {
    fn from_cells(c: &mut Cells<'_>) -> Result<Stored, sqlx::Error> {
        let (id, client_id, client_name, name, notes) =
            (c.int()?, c.int()?, c.text()?, c.text()?, c.text()?);
        let (hour_rate_cents, billable, budget_minutes, budget_cents, color, archived) = (
            c.opt_int()?,
            c.flag()?,
            c.opt_int()?,
            c.opt_int()?,
            c.text()?,
            c.flag()?,
        );
        let deleted = c.opt_text()?.is_some();
        let project = Project {
            id,
            client_id,
            client_name,
            name,
            notes,
            hour_rate_cents,
            billable,
            budget_minutes,
            budget_cents,
            color,
            archived,
            created_at: c.text()?,
            updated_at: c.text()?,
        };
        Ok(Stored { project, deleted })
    }
}

/// One project of the account, deleted or not.
pub async fn get(db: &Db, account_id: i64, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE p.account_id = $1 AND p.id = $2");
    db.row(&sql, vec![Param::Int(account_id), Param::Int(id)])
        .await
}

/// The live projects matching the filters (each optional), with their total.
pub struct ListFilter {
    /// A LIKE pattern on the lower-cased name.
    pub name_pattern: Option<String>,
    pub client_name: Option<String>,
    pub archived: Option<bool>,
}

pub async fn list(
    db: &Db,
    account_id: i64,
    f: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Project>, i64), sqlx::Error> {
    let condition = "p.account_id = $1 AND p.deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(p.name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR c.name = $3)
        AND ($4 IS NULL OR p.archived = $4)";
    let params = vec![
        Param::Int(account_id),
        f.name_pattern.clone().into(),
        f.client_name.clone().into(),
        f.archived.map(i64::from).into(),
    ];
    let total: i64 = db
        .value(
            &format!(
                "SELECT COUNT(*) FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id WHERE {condition}"
            ),
            params.clone(),
        )
        .await?;
    let mut page_params = params;
    page_params.extend([Param::Int(limit), Param::Int(offset)]);
    let rows: Vec<Stored> = db
        .rows(
            Cost::Long,
            &format!("{SELECT} WHERE {condition} ORDER BY p.id LIMIT $5 OFFSET $6"),
            page_params,
        )
        .await?;
    Ok((rows.into_iter().map(|s| s.project).collect(), total))
}
