//! `stempel import`: a Toggl Track, Clockify or Harvest CSV export into an account, or with
//! --dry-run what importing it would do. The rules are `app::services::imports`'.

use std::collections::HashMap;
use std::path::PathBuf;

use app::db::Db;
use app::import::report::{ImportReport, NamePlan};
use app::import::Format;
use app::services::imports::{self, ImportOptions, PersonChoice};
use app::services::{users, ServiceError};

use crate::cli::CliError;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The account (slug) the entries go to.
    #[arg(long)]
    pub account: String,
    /// The export's format; the header must match it. Without it, the header decides.
    #[arg(long, value_parser = ["toggl", "clockify", "harvest"])]
    pub format: Option<String>,
    /// The time zone of the file's clock times (default: the account's).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Report what importing would do; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good lines of a file that has bad ones (otherwise nothing is written).
    #[arg(long)]
    pub skip_bad_lines: bool,
    /// Who a person of the file becomes: "SOURCE=USERNAME" or "SOURCE=new", where SOURCE is
    /// the person's e-mail, or their name when the file has none. Repeatable; people not named
    /// are matched by e-mail, username or name, or created.
    #[arg(long = "person", value_name = "SOURCE=USERNAME")]
    pub people: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    pub file: PathBuf,
}

pub async fn import(
    db: &Db,
    actor: &app::services::Actor,
    args: ImportArgs,
) -> Result<(), CliError> {
    let file = std::fs::File::open(&args.file)
        .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", args.file.display())))?;
    let opts = ImportOptions {
        format: args.format.as_deref().and_then(Format::parse),
        timezone: args.timezone.clone(),
        skip_bad_lines: args.skip_bad_lines,
        people: choices(db, actor, &args.people).await?,
        write: !args.dry_run,
    };
    let started = std::time::Instant::now();
    let report = imports::run(db, actor, std::io::BufReader::new(file), &opts).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!("{}", describe(&report, started.elapsed()));
    }
    if !args.dry_run && !report.written {
        return Err(CliError::Failed(format!(
            "nothing was written: {} line(s) have problems; fix them or pass --skip-bad-lines",
            report.bad_lines
        )));
    }
    Ok(())
}

/// The --person flags as the service's choices (usernames looked up in the account).
async fn choices(
    db: &Db,
    actor: &app::services::Actor,
    flags: &[String],
) -> Result<HashMap<String, PersonChoice>, CliError> {
    let mut out = HashMap::new();
    if flags.is_empty() {
        return Ok(out);
    }
    let people = users::list(db, actor).await?;
    for flag in flags {
        let Some((source, target)) = flag.rsplit_once('=') else {
            return Err(CliError::Failed(format!(
                "--person {flag}: write SOURCE=USERNAME or SOURCE=new"
            )));
        };
        let source = source.trim();
        let key = if source.contains('@') {
            source.to_lowercase()
        } else {
            source.to_string()
        };
        let choice = match target.trim() {
            "new" => PersonChoice::Create,
            name => PersonChoice::User(
                people
                    .iter()
                    .find(|u| u.username == name)
                    .map(|u| u.id)
                    .ok_or_else(|| {
                        ServiceError::invalid("person", format!("no user {name} in this account"))
                    })?,
            ),
        };
        out.insert(key, choice);
    }
    Ok(out)
}

fn names(what: &str, plan: &NamePlan) -> String {
    let mut s = format!(
        "{what}: {} matched, {} to create\n",
        plan.matched.len(),
        plan.created.len()
    );
    for n in &plan.created {
        s.push_str(&format!("  + {n}\n"));
    }
    s
}

/// The report for people: format, counts, the plan of names, every problem by line.
pub fn describe(r: &ImportReport, took: std::time::Duration) -> String {
    let mut s = format!(
        "format: {} (clock times in {})\nlines: {}, entries {}: {}, already imported: {}, bad lines: {}\n",
        r.format.label(),
        r.timezone,
        r.lines,
        if r.written { "written" } else { "to write" },
        r.entries,
        r.already_imported,
        r.bad_lines
    );
    let matched = r.people.iter().filter(|p| p.user_id.is_some()).count();
    s.push_str(&format!(
        "people: {matched} matched, {} to create\n",
        r.people.len() - matched
    ));
    for p in &r.people {
        let how = if p.user_id.is_some() { "=" } else { "+" };
        s.push_str(&format!(
            "  {how} {} → {} ({} entries)\n",
            p.source, p.username, p.entries
        ));
    }
    s.push_str(&names("clients", &r.clients));
    s.push_str(&names("projects", &r.projects));
    s.push_str(&names("tasks", &r.tasks));
    s.push_str(&names("tags", &r.tags));
    for p in &r.problems {
        s.push_str(&format!("line {}: {}\n", p.line, p.message));
    }
    if r.more_problems > 0 {
        s.push_str(&format!("… and {} more problems\n", r.more_problems));
    }
    for n in &r.notes {
        s.push_str(&format!("line {} (note): {}\n", n.line, n.message));
    }
    let outcome = if r.written {
        "imported"
    } else {
        "nothing written"
    };
    s.push_str(&format!("{outcome} in {:.1} s\n", took.as_secs_f64()));
    s
}
