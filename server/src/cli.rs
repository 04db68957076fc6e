//! The command line: serve, migrate, and the administration commands.

use app::db::Db;
use app::model::Role;
use app::services::{accounts, api_keys, users, Actor, ServiceError};
use clap::{Parser, Subcommand};

use crate::config::{DatabaseArgs, ServeArgs};

#[derive(Parser, Debug)]
#[command(
    name = "stempel",
    version,
    about = "Stempel: self-hosted time tracking"
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// How log lines are written: text for people, json (one object per line) for collectors.
    #[arg(
        long,
        env = "STEMPEL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database and serve the web app and the APIs.
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Manage accounts (tenants).
    #[command(subcommand)]
    Account(AccountCommand),
    /// Manage users of an account.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Write a consistent snapshot of the whole database to FILE (`.gz` compresses, `-` is
    /// standard output) while the server keeps serving. Restores into SQLite or Postgres.
    Backup { file: std::path::PathBuf },
    /// Load a snapshot written by `stempel backup` (from SQLite or Postgres) into the database
    /// of --database-url. Stop the servers on that database first.
    Restore {
        file: std::path::PathBuf,
        /// Replace whatever the database holds (refused otherwise when it has an account).
        #[arg(long)]
        force: bool,
    },
    /// Import a Toggl Track, Clockify or Harvest CSV export into an account (see docs/imports.md).
    Import(crate::import::ImportArgs),
    /// Compare the time rollups with the entries (check) or sum them again (rebuild).
    #[command(subcommand)]
    Rollups(crate::rollups::RollupsCommand),
    /// Fill an account (created if missing; admin / demo-pass-1) with realistic demo data.
    Demo {
        #[arg(long)]
        account: String,
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=10_000))]
        users: i64,
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(i64).range(0..=100_000_000))]
        entries: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Create an account with its first administrator.
    Create {
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_username: String,
        #[arg(long, env = "STEMPEL_ADMIN_PASSWORD")]
        admin_password: String,
        #[arg(long, default_value = "Europe/Berlin")]
        timezone: String,
        #[arg(long, default_value = "EUR")]
        currency: String,
        #[arg(long, default_value = "en")]
        locale: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user in an account.
    Create {
        #[arg(long)]
        account: String,
        #[arg(long)]
        username: String,
        #[arg(long, env = "STEMPEL_USER_PASSWORD")]
        password: String,
        #[arg(long, default_value = "staff", value_parser = ["admin", "manager", "staff"])]
        role: String,
        #[arg(long, default_value = "")]
        first_name: String,
        #[arg(long, default_value = "")]
        last_name: String,
        #[arg(long, default_value = "")]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ApiKeyCommand {
    /// Generate a key and secret; the secret is printed only now and stored hashed.
    Generate {
        #[arg(long)]
        account: String,
        #[arg(long, default_value = "")]
        label: String,
        /// Print {"key": …, "secret": …}.
        #[arg(long)]
        json: bool,
    },
}

/// What a CLI command failed with, printed to stderr by main.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Db(#[from] app::db::DbSetupError),
    #[error("{}", describe(.0))]
    Service(#[from] ServiceError),
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Backup(#[from] app::db::backup::BackupError),
    #[error("{0}")]
    Failed(String),
}

fn describe(e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid(list) => list
            .iter()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect::<Vec<_>>()
            .join("\n"),
        ServiceError::NotFound(r) => format!("{r} not found"),
        other => other.to_string(),
    }
}

/// The account's administrator actor, for commands run by whoever holds the server.
async fn account_actor(db: &Db, slug: &str) -> Result<Actor, CliError> {
    let account = accounts::find_by_slug(db, slug).await?;
    Ok(Actor {
        account_id: account.id,
        user_id: None,
        role: Role::Admin,
    })
}

pub async fn run_admin(db: &Db, command: Command) -> Result<(), CliError> {
    match command {
        Command::Serve(_) | Command::Migrate => Ok(()),
        Command::Backup { file } => {
            eprintln!("{}", crate::backup::backup(db, &file).await?);
            Ok(())
        }
        Command::Restore { file, force } => {
            eprintln!("{}", crate::backup::restore(db, &file, force).await?);
            Ok(())
        }
        Command::Demo {
            account,
            users,
            entries,
        } => demo(db, account, users, entries).await,
        Command::Import(args) => {
            let actor = account_actor(db, &args.account).await?;
            crate::import::import(db, &actor, args).await
        }
        Command::Rollups(c) => crate::rollups::run(db, c).await,
        Command::Account(c) => account_command(db, c).await,
        Command::User(c) => user_command(db, c).await,
        Command::ApiKey(c) => api_key_command(db, c).await,
    }
}

async fn demo(db: &Db, account: String, users: i64, entries: i64) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let spec = app::services::demo::DemoSpec {
        account: account.clone(),
        users,
        entries,
    };
    let done = app::services::demo::fill(db, spec).await?;
    println!(
        "filled {account} (id {}): {} users, {} projects, {} time entries, {} attendances in {:.1}s",
        done.account_id,
        done.users,
        done.projects,
        done.entries,
        done.attendances,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn account_command(db: &Db, command: AccountCommand) -> Result<(), CliError> {
    let AccountCommand::Create {
        slug,
        name,
        admin_username,
        admin_password,
        timezone,
        currency,
        locale,
    } = command;
    let admin = users::NewUser {
        username: admin_username,
        password: admin_password,
        role: Role::Admin,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
    };
    let (id, _) = accounts::create_account(
        db,
        accounts::NewAccount {
            slug: slug.clone(),
            name,
            timezone,
            currency,
            locale,
            admin,
        },
    )
    .await?;
    println!("created account {slug} (id {id})");
    Ok(())
}

async fn user_command(db: &Db, command: UserCommand) -> Result<(), CliError> {
    let UserCommand::Create {
        account,
        username,
        password,
        role,
        first_name,
        last_name,
        email,
    } = command;
    let actor = account_actor(db, &account).await?;
    let role = Role::parse(&role).unwrap_or(Role::Staff);
    let id = users::create_user(
        db,
        &actor,
        users::NewUser {
            username: username.clone(),
            password,
            role,
            first_name,
            last_name,
            email,
        },
    )
    .await?;
    println!("created user {username} (id {id}) in {account}");
    Ok(())
}

async fn api_key_command(db: &Db, command: ApiKeyCommand) -> Result<(), CliError> {
    let ApiKeyCommand::Generate {
        account,
        label,
        json,
    } = command;
    let actor = account_actor(db, &account).await?;
    let created = api_keys::generate(db, &actor, &label).await?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "key": created.key.public_key, "secret": created.secret, "token": created.token })
        );
    } else {
        println!(
            "key:    {}\nsecret: {}\ntoken:  {}",
            created.key.public_key, created.secret, created.token
        );
        println!("Keep the secret now: it is stored hashed and cannot be shown again.");
    }
    Ok(())
}
