//! The project dashboards' aggregates over the time rollups (whole account days; the entries
//! only for a range's edges, see `db::rollups`) and `expenses`: every figure a SQL sum, so a
//! project with hundreds of thousands of entries answers from a few hundred rollup rows.

use super::exec::{Cells, Cost, FromCells, Param};
use super::rollups::{self, By, Cut, Sql};
use super::Db;
use crate::model::Slice;

/// An amount column (cent-minutes) in cents.
fn cents(c: &mut Cells<'_>) -> Result<i64, sqlx::Error> {
    Ok(c.int()? / 60)
}

/// Sums without a label (minutes, billable minutes, amount); a grouping's label is read
/// before them.
fn slice(c: &mut Cells<'_>, label: String) -> Result<Slice, sqlx::Error> {
    Ok(Slice {
        label,
        minutes: c.int()?,
        billable_minutes: c.int()?,
        amount_cents: cents(c)?,
    })
}

/// The entries a dashboard sums: the account's live ones, of one project or all, started in
/// the cut (whole account days from the rollups, the rest from the entries).
pub struct Filter {
    pub project: Option<i64>,
    pub cut: Cut,
}

impl Filter {
    fn rollups(&self) -> rollups::Filter {
        rollups::Filter {
            project: self.project,
            ..Default::default()
        }
    }
}

/// Sums of a range and how many entries they add up.
pub struct Counted {
    pub sums: Slice,
    pub entries: i64,
}

impl From<rollups::Sums> for Counted {
    fn from(s: rollups::Sums) -> Counted {
        Counted {
            sums: Slice {
                label: String::new(),
                minutes: s.minutes,
                billable_minutes: s.billable,
                amount_cents: s.amount / 60,
            },
            entries: s.entries,
        }
    }
}

/// The filter's sums per project.
pub async fn sums_by_project(
    db: &Db,
    account_id: i64,
    f: &Filter,
) -> Result<Vec<(i64, Counted)>, sqlx::Error> {
    let groups: Vec<rollups::Group<i64>> =
        rollups::groups(db, account_id, &f.rollups(), By::Project, &f.cut).await?;
    Ok(groups.into_iter().map(|g| (g.key, g.sums.into())).collect())
}

/// The filter's sums.
pub async fn sums(db: &Db, account_id: i64, f: &Filter) -> Result<Counted, sqlx::Error> {
    Ok(rollups::sums(db, account_id, &f.rollups(), &f.cut)
        .await?
        .into())
}

/// A person's sums with their username and names.
pub struct PersonSlice {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub sums: Slice,
}

impl FromCells for PersonSlice {
    fn from_cells(c: &mut Cells<'_>) -> Result<PersonSlice, sqlx::Error> {
        let (username, first_name, last_name) = (c.text()?, c.text()?, c.text()?);
        Ok(PersonSlice {
            sums: slice(c, username.clone())?,
            username,
            first_name,
            last_name,
        })
    }
}

/// The filter's sums per person, most minutes first.
pub async fn by_person(
    db: &Db,
    account_id: i64,
    f: &Filter,
) -> Result<Vec<PersonSlice>, sqlx::Error> {
    let mut sql = Sql::new(db, account_id);
    let inner = rollups::grouped(&mut sql, &f.rollups(), By::User, &f.cut);
    let text = format!(
        "SELECT u.username, u.first_name, u.last_name, s.minutes, s.billable, s.amount
         FROM ({inner}) s JOIN users u ON u.id = s.k AND u.account_id = $1
         ORDER BY s.minutes DESC, u.username"
    );
    db.rows(Cost::Short, &text, sql.params).await
}

struct Labeled(Slice);

impl FromCells for Labeled {
    fn from_cells(c: &mut Cells<'_>) -> Result<Labeled, sqlx::Error> {
        let label = c.opt_text()?.unwrap_or_default();
        Ok(Labeled(slice(c, label)?))
    }
}

/// The filter's sums per task, most minutes first; entries without a task are one slice with
/// an empty label.
pub async fn by_task(db: &Db, account_id: i64, f: &Filter) -> Result<Vec<Slice>, sqlx::Error> {
    let mut sql = Sql::new(db, account_id);
    let inner = rollups::grouped(&mut sql, &f.rollups(), By::Task, &f.cut);
    let text = format!(
        "SELECT t.name, s.minutes, s.billable, s.amount
         FROM ({inner}) s LEFT JOIN tasks t ON t.id = s.k AND t.account_id = $1
         ORDER BY s.minutes DESC, s.k"
    );
    let rows: Vec<Labeled> = db.rows(Cost::Short, &text, sql.params).await?;
    Ok(rows.into_iter().map(|l| l.0).collect())
}

/// The filter's sums per account day (`YYYY-MM-DD`, from the rollups) and per UTC hour
/// (`YYYY-MM-DDTHH`, entries read one by one), for the caller to fold into local weeks.
pub async fn by_bucket(db: &Db, account_id: i64, f: &Filter) -> Result<Vec<Slice>, sqlx::Error> {
    let mut sql = Sql::new(db, account_id);
    let inner = rollups::grouped(&mut sql, &f.rollups(), By::Bucket, &f.cut);
    let text = format!("SELECT s.k, s.minutes, s.billable, s.amount FROM ({inner}) s");
    let rows: Vec<Labeled> = db.rows(Cost::Short, &text, sql.params).await?;
    Ok(rows.into_iter().map(|l| l.0).collect())
}

/// A project with its budget and all-time usage.
pub struct Figures {
    pub id: i64,
    pub client_name: String,
    pub name: String,
    pub color: String,
    pub archived: bool,
    pub budget_minutes: Option<i64>,
    pub budget_cents: Option<i64>,
    pub used_minutes: i64,
    /// Time amount plus expenses.
    pub used_cents: i64,
}

impl FromCells for Figures {
    fn from_cells(c: &mut Cells<'_>) -> Result<Figures, sqlx::Error> {
        let (id, client_name, name, color, archived) =
            (c.int()?, c.text()?, c.text()?, c.text()?, c.flag()?);
        let (budget_minutes, budget_cents, used_minutes) = (c.opt_int()?, c.opt_int()?, c.int()?);
        let used_cents = cents(c)? + c.int()?;
        Ok(Figures {
            id,
            client_name,
            name,
            color,
            archived,
            budget_minutes,
            budget_cents,
            used_minutes,
            used_cents,
        })
    }
}

/// Projects with their all-time usage; one project or all of the account, archived last, by
/// client and project name.
pub async fn figures(
    db: &Db,
    account_id: i64,
    project: Option<i64>,
) -> Result<Vec<Figures>, sqlx::Error> {
    let mut sql = Sql::new(db, account_id);
    let f = rollups::Filter {
        project,
        ..Default::default()
    };
    let used = rollups::grouped(&mut sql, &f, By::Project, &Cut::all());
    // One project, or all: "$n = 0" keeps the placeholders numbered alike while letting the
    // one-project case seek the index (an "$n IS NULL OR …" would make it scan the account).
    let n = sql.bind(project.unwrap_or(0));
    let (only_x, only_p) = match project {
        Some(_) => (format!("project_id = {n}"), format!("p.id = {n}")),
        None => (format!("{n} = 0"), format!("{n} = 0")),
    };
    let text = format!(
        "SELECT p.id, c.name AS cname, p.name AS pname, p.color, p.archived, p.budget_minutes, p.budget_cents,
            COALESCE(s.minutes, 0) AS minutes, COALESCE(s.amount, 0) AS amount, COALESCE(x.cents, 0) AS expenses
         FROM projects p
         JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
         LEFT JOIN ({used}) s ON s.k = p.id
         LEFT JOIN (SELECT project_id, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM expenses
                    WHERE account_id = $1 AND deleted_at IS NULL AND {only_x} GROUP BY project_id) x
               ON x.project_id = p.id
         WHERE p.account_id = $1 AND p.deleted_at IS NULL AND {only_p}
         ORDER BY p.archived, c.name, p.name"
    );
    db.rows(Cost::Short, &text, sql.params).await
}

struct ProjectCents(i64, i64);

impl FromCells for ProjectCents {
    fn from_cells(c: &mut Cells<'_>) -> Result<ProjectCents, sqlx::Error> {
        Ok(ProjectCents(c.int()?, c.int()?))
    }
}

/// Expenses per project (one or all) spent on `from` … `to` (YYYY-MM-DD, both included; ""
/// leaves an end open): (project id, cents).
pub async fn expenses_by_project(
    db: &Db,
    account_id: i64,
    project: Option<i64>,
    from: &str,
    to: &str,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows: Vec<ProjectCents> = db
        .rows(
            Cost::Long,
            "SELECT project_id, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM expenses
             WHERE account_id = $1 AND deleted_at IS NULL AND ($2 IS NULL OR project_id = $2)
               AND ($3 = '' OR spent_on >= $3) AND ($4 = '' OR spent_on <= $4)
             GROUP BY project_id",
            vec![
                Param::Int(account_id),
                project.into(),
                from.into(),
                to.into(),
            ],
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.0, r.1)).collect())
}
