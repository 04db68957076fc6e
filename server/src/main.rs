use std::process::ExitCode;

use app::db::Db;
use clap::Parser;
use server::cli::{run_admin, Cli, CliError, Command, LogFormat};
use tracing_subscriber::EnvFilter;

/// glibc's allocator took a fifth of a point read's CPU time (profiled with perf, see
/// docs/performance.md); mimalloc's thread-local free lists serve the many small per-request
/// allocations without that cost.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    // Every command migrates first, so a fresh file or database is usable at once; except a
    // backup, which reads the database as it is (a backup never changes what it saves).
    let db = match cli.command {
        Command::Backup { .. } => Db::connect(&cli.db.database_url).await?,
        _ => Db::open(&cli.db.database_url).await?,
    };
    match cli.command {
        Command::Serve(args) => {
            server::rollups::backfill_in_background(&db);
            Ok(server::router::serve(db, args).await?)
        }
        Command::Migrate => {
            let days = app::services::rollups::backfill_all(&db).await?;
            println!(
                "database is up to date ({days} entries given their day for the time rollups)"
            );
            Ok(())
        }
        other => run_admin(&db, other).await,
    }
}
