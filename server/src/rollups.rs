//! `stempel rollups check|rebuild`, and storing the entries' days when the server starts (the
//! migration that adds the rollups leaves existing entries without a day; totals read those one
//! by one until they have one, so serving need not wait).

use app::db::Db;
use app::services::{accounts, rollups};
use clap::Subcommand;

use crate::cli::CliError;

#[derive(Subcommand, Debug)]
pub enum RollupsCommand {
    /// Compare every rollup with the sums of the entries and every entry's stored day with its
    /// start; print the differences (exit status 1 when there are any).
    Check {
        /// One account (its slug); all when left out.
        #[arg(long)]
        account: Option<String>,
    },
    /// Sum the rollups again from the entries and store the days still missing.
    Rebuild {
        #[arg(long)]
        account: Option<String>,
    },
}

/// The accounts a command covers: (slug or id, id).
async fn accounts_of(db: &Db, slug: Option<String>) -> Result<Vec<(String, i64)>, CliError> {
    Ok(match slug {
        Some(s) => vec![(s.clone(), accounts::find_by_slug(db, &s).await?.id)],
        None => app::db::accounts::ids(db)
            .await
            .map_err(app::services::ServiceError::from)?
            .into_iter()
            .map(|id| (format!("account {id}"), id))
            .collect(),
    })
}

pub async fn run(db: &Db, command: RollupsCommand) -> Result<(), CliError> {
    match command {
        RollupsCommand::Check { account } => {
            let mut problems = 0;
            for (name, id) in accounts_of(db, account).await? {
                let c = rollups::check(db, id).await?;
                for line in c.differences.iter().chain(&c.wrong_days) {
                    println!("{name}: {line}");
                }
                problems += c.differences.len() + c.wrong_days.len();
                println!(
                    "{name}: {} rollup rows, {} differences, {} entries on a wrong day, {} entries without a day yet",
                    c.rows,
                    c.differences.len(),
                    c.wrong_days.len(),
                    c.unrolled
                );
            }
            if problems > 0 {
                return Err(CliError::Failed(format!("{problems} differences")));
            }
            Ok(())
        }
        RollupsCommand::Rebuild { account } => {
            for (name, id) in accounts_of(db, account).await? {
                let days = rollups::rebuild(db, id).await?;
                println!("{name}: rollups rebuilt, {days} entries given their day");
            }
            Ok(())
        }
    }
}

/// Stores the missing days of every account in the background; a failure is logged (totals
/// stay exact meanwhile) and retried at the next start.
pub fn backfill_in_background(db: &Db) {
    let db = db.clone();
    tokio::spawn(async move {
        match rollups::backfill_all(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(entries = n, "stored the entries' days for the time rollups"),
            Err(e) => {
                tracing::warn!(error = %e, "storing the entries' days for the time rollups failed")
            }
        }
    });
}
