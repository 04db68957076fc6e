//! What an import found or did, as the page and the command line show it (compiled for both
//! sides, so no server-only types here).

use serde::{Deserialize, Serialize};

/// The export an import reads, detected from the file's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    Toggl,
    Clockify,
    Harvest,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Toggl, Format::Clockify, Format::Harvest];

    /// The name on the command line and in import keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Toggl => "toggl",
            Format::Clockify => "clockify",
            Format::Harvest => "harvest",
        }
    }

    /// The product and its report, for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Toggl => "Toggl Track (detailed report)",
            Format::Clockify => "Clockify (detailed report)",
            Format::Harvest => "Harvest (time report)",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One problem of one line of the file (line 1 is the header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// A person of the file and who they become in Stempel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPlan {
    /// How the file names the person (e-mail if it has one, else the name): the key a mapping
    /// refers to.
    pub source: String,
    pub name: String,
    pub email: String,
    /// The existing user the entries go to; `None`: a user is created.
    pub user_id: Option<i64>,
    /// The matched user's username, or the one that will be created.
    pub username: String,
    pub entries: u64,
}

/// Names that exist already and names that will be created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamePlan {
    pub matched: Vec<String>,
    pub created: Vec<String>,
}

/// One entry as Stempel will store it, in the import's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub person: String,
    pub client: String,
    pub project: String,
    pub task: String,
    /// "2026-11-30 09:00", local.
    pub from: String,
    pub to: String,
    pub worked_minutes: i64,
    pub billable: bool,
    /// The hour rate in the account's currency ("85.00"), empty when Stempel's defaults apply.
    pub hour_rate: String,
    pub details: String,
    pub tags: String,
}

/// The answer of a preview, a dry run or an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub format: Format,
    pub timezone: String,
    /// Data lines read (the header not counted).
    pub lines: u64,
    /// Entries written (or, before importing, that would be written).
    pub entries: u64,
    /// Entries of the file imported before: left alone.
    pub already_imported: u64,
    /// Lines refused because of a problem.
    pub bad_lines: u64,
    pub people: Vec<PersonPlan>,
    pub clients: NamePlan,
    pub projects: NamePlan,
    pub tasks: NamePlan,
    pub tags: NamePlan,
    pub preview: Vec<PreviewRow>,
    /// Problems by line (at most [`MAX_PROBLEMS`]; `more_problems` counts the rest).
    pub problems: Vec<Problem>,
    pub more_problems: u64,
    /// Remarks that change nothing written (a rate in another currency left out, …).
    pub notes: Vec<Problem>,
    /// Whether the entries were written.
    pub written: bool,
}

/// Problems listed one by one; beyond this they are counted (memory stays bounded however
/// broken a file is).
pub const MAX_PROBLEMS: usize = 1000;
/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 20;
