//! Reading the CSV exports of Toggl Track, Clockify and Harvest into one normalized row per
//! line, streaming (one record in memory at a time). What the rows become in Stempel (people,
//! projects, times in a time zone, duplicates) is decided by `services::imports`.

pub mod report;

#[cfg(feature = "ssr")]
mod clockify;
#[cfg(feature = "ssr")]
mod harvest;
#[cfg(feature = "ssr")]
mod toggl;
#[cfg(feature = "ssr")]
pub mod values;

pub use report::Format;

#[cfg(feature = "ssr")]
pub use reader::{Columns, Person, Reader, Row, When};

#[cfg(feature = "ssr")]
mod reader {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::{clockify, harvest, toggl, Format};

    /// Who worked, as the file names them.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Person {
        pub name: String,
        pub email: String,
    }

    impl Person {
        /// The key a mapping refers to: the e-mail (lower-cased) if there is one, else the name.
        pub fn key(&self) -> String {
            if self.email.is_empty() {
                self.name.clone()
            } else {
                self.email.to_lowercase()
            }
        }
    }

    /// When the work happened, in the file's wall-clock time.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum When {
        Span {
            start: NaiveDateTime,
            end: NaiveDateTime,
        },
        /// Harvest: a day and how long, no clock times.
        Day { date: NaiveDate, minutes: i64 },
    }

    /// One line of an export, normalized.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Row {
        pub line: u64,
        pub person: Person,
        pub client: String,
        pub project: String,
        pub task: String,
        pub description: String,
        pub billable: bool,
        /// Tag names as hashtags take them (see `values::tag_name`).
        pub tags: Vec<String>,
        pub when: When,
        pub hour_rate_cents: Option<i64>,
        /// Toggl writes the amount, not the rate.
        pub amount_cents: Option<i64>,
        /// The currency of the rate or amount (ISO code), when the file says.
        pub currency: Option<String>,
    }

    /// Where each column of a format sits in the header.
    pub struct Columns {
        names: Vec<String>,
    }

    impl Columns {
        pub fn new(header: &csv::StringRecord) -> Columns {
            let names = header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let h = if i == 0 {
                        h.trim_start_matches('\u{feff}')
                    } else {
                        h
                    };
                    h.trim().to_string()
                })
                .collect();
            Columns { names }
        }

        pub fn find(&self, name: &str) -> Option<usize> {
            self.names.iter().position(|n| n == name)
        }

        /// The first column whose name starts with `prefix` (e.g. "Amount (" → "Amount (EUR)").
        pub fn find_prefix(&self, prefix: &str) -> Option<(usize, &str)> {
            self.names
                .iter()
                .enumerate()
                .find(|(_, n)| n.starts_with(prefix))
                .map(|(i, n)| (i, n.as_str()))
        }

        /// The indexes of `names`, or the list of those missing.
        pub fn require<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], String> {
            let missing: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| self.find(n).is_none())
                .collect();
            if !missing.is_empty() {
                return Err(format!(
                    "the header lacks the columns {}",
                    missing.join(", ")
                ));
            }
            Ok(names.map(|n| self.find(n).unwrap_or_default()))
        }
    }

    /// The export whose characteristic columns the header has.
    pub fn detect(c: &Columns) -> Option<Format> {
        let has = |n: &str| c.find(n).is_some();
        if has("Start date") && has("Start time") && has("User") {
            Some(Format::Toggl)
        } else if has("Start Date") && has("Start Time") && has("Project") {
            Some(Format::Clockify)
        } else if has("Date") && has("Hours") && has("First Name") {
            Some(Format::Harvest)
        } else {
            None
        }
    }

    /// A format's reader of one record.
    enum Parser {
        Toggl(toggl::Cols),
        Clockify(clockify::Cols),
        Harvest(harvest::Cols),
    }

    /// Reads an export record by record.
    pub struct Reader<R: std::io::Read> {
        csv: csv::Reader<R>,
        parser: Parser,
        record: csv::StringRecord,
        /// Set after an I/O error: nothing more can be read.
        failed: bool,
        pub format: Format,
    }

    impl<R: std::io::Read> Reader<R> {
        /// Reads the header; refuses a file that is not one of the exports, or not the one
        /// `expected` names.
        pub fn open(input: R, expected: Option<Format>) -> Result<Reader<R>, String> {
            let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
            let header = csv
                .headers()
                .map_err(|e| format!("the file is not readable as CSV: {e}"))?
                .clone();
            let cols = Columns::new(&header);
            let format = detect(&cols).ok_or_else(|| {
                "the header is not that of a Toggl Track, Clockify or Harvest CSV export"
                    .to_string()
            })?;
            if let Some(want) = expected.filter(|w| *w != format) {
                return Err(format!(
                    "the file is a {} export, not {}",
                    format.label(),
                    want.label()
                ));
            }
            let parser = match format {
                Format::Toggl => Parser::Toggl(toggl::Cols::new(&cols)?),
                Format::Clockify => Parser::Clockify(clockify::Cols::new(&cols)?),
                Format::Harvest => Parser::Harvest(harvest::Cols::new(&cols)?),
            };
            Ok(Reader {
                csv,
                parser,
                record: csv::StringRecord::new(),
                failed: false,
                format,
            })
        }

        /// The next line: a row, or the line's number and what is wrong with it.
        pub fn next_row(&mut self) -> Option<Result<Row, (u64, String)>> {
            if self.failed {
                return None;
            }
            let line = self.csv.position().line();
            match self.csv.read_record(&mut self.record) {
                Ok(false) => None,
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    // A broken record (bad UTF-8) is skipped; an I/O error ends the file.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.failed = true;
                        return Some(Err((line, format!("reading the file failed: {e}"))));
                    }
                    Some(Err((line, format!("the line is not valid CSV text: {e}"))))
                }
                Ok(true) => {
                    let line = self.record.position().map_or(line, |p| p.line());
                    let r = &self.record;
                    let row = match &self.parser {
                        Parser::Toggl(c) => c.row(r, line),
                        Parser::Clockify(c) => c.row(r, line),
                        Parser::Harvest(c) => c.row(r, line),
                    };
                    Some(row.map_err(|m| (line, m)))
                }
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
