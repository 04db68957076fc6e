//! Entry-level downloads of a report: a writer per file format takes the report's heading,
//! then the entries one at a time, then ends the file with a totals row. `take` hands over the
//! bytes ready so far, so a download of any size streams (the service reads the entries a
//! batch at a time and sends what the writer made of each batch).

mod csv;
mod pdf;
mod xlsx;

use crate::format::hm;
use crate::i18n::Lang;
use crate::model::{ReportGroup, ReportLine, ReportSums};

pub use self::csv::Csv;
pub use self::pdf::Pdf;
pub use self::xlsx::Xlsx;

/// What every file states before its entries.
#[derive(Clone, Debug)]
pub struct Head {
    pub lang: Lang,
    pub account: String,
    /// YYYY-MM-DD, both included.
    pub from: String,
    pub to: String,
    /// The set filters: (field, value in words).
    pub filters: Vec<(String, String)>,
    /// The groupings' names ("project", "person").
    pub grouping: Vec<String>,
    pub groups: Vec<ReportGroup>,
    pub totals: ReportSums,
    pub currency: String,
}

/// A file being written entry by entry.
pub trait EntryWriter: Send {
    fn line(&mut self, line: &ReportLine);
    /// The totals row (of the entries written) and whatever closes the file.
    fn end(&mut self);
    /// The bytes ready to send; empty when nothing new is ready.
    fn take(&mut self) -> Vec<u8>;
}

/// The columns of every format, in English and German.
pub const COLUMNS: [(&str, &str); 14] = [
    ("Date", "Datum"),
    ("Start", "Beginn"),
    ("End", "Ende"),
    ("Duration", "Dauer"),
    ("Hours", "Stunden"),
    ("Person", "Person"),
    ("Client", "Kunde"),
    ("Project", "Projekt"),
    ("Task", "Aufgabe"),
    ("Details", "Beschreibung"),
    ("Tags", "Tags"),
    ("Billable", "Abrechenbar"),
    ("Invoice", "Rechnung"),
    ("Amount", "Betrag"),
];

/// The header row: the amount column names the currency.
pub fn header(lang: Lang, currency: &str) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|(en, de)| {
            let name = if lang == Lang::De { de } else { en };
            if *en == "Amount" {
                format!("{name} ({currency})")
            } else {
                name.to_string()
            }
        })
        .collect()
}

/// Words the files use besides the column names.
pub fn word<'a>(lang: Lang, en: &'a str) -> &'a str {
    if lang == Lang::En {
        return en;
    }
    match en {
        "Total" => "Summe",
        "yes" => "ja",
        "no" => "nein",
        "Report" => "Bericht",
        "Range" => "Zeitraum",
        "Entries" => "Einträge",
        "Time" => "Zeit",
        "Billable time" => "Abrechenbare Zeit",
        "(none)" => "(keine)",
        "client" => "Kunde",
        "project" => "Projekt",
        "task" => "Aufgabe",
        "person" => "Person",
        "tag" => "Tag",
        "billable" => "abrechenbar",
        "invoiced" => "abgerechnet",
        "text" => "Text",
        "page" => "Seite",
        _ => en,
    }
}

/// The running sums of the entries written: the totals row.
#[derive(Default, Clone, Copy)]
pub struct Running {
    pub minutes: i64,
    pub amount_cents: i64,
    pub entries: i64,
}

impl Running {
    pub fn add(&mut self, l: &ReportLine) {
        self.minutes += l.minutes;
        self.amount_cents += l.amount_cents;
        self.entries += 1;
    }
}

/// An entry's cells as text in `lang` (CSV and PDF); `grouping` puts thousands separators in
/// numbers (PDF) or leaves them out (CSV, so a spreadsheet reads a number).
pub fn texts(lang: Lang, l: &ReportLine, grouping: bool) -> [String; 14] {
    use crate::format::{date, decimal, hours};
    [
        date(lang, &l.date),
        l.start.clone(),
        l.end.clone(),
        hm(l.minutes),
        hours(lang, l.minutes, grouping),
        l.person.clone(),
        l.client.clone(),
        l.project.clone(),
        l.task.clone(),
        l.details.clone(),
        l.tags.clone(),
        word(lang, if l.billable { "yes" } else { "no" }).to_string(),
        l.invoice.clone(),
        decimal(lang, l.amount_cents, grouping),
    ]
}

/// The totals row as text.
pub fn total_texts(lang: Lang, r: &Running, grouping: bool) -> [String; 14] {
    use crate::format::{decimal, hours};
    let mut row: [String; 14] = Default::default();
    row[0] = word(lang, "Total").to_string();
    row[3] = hm(r.minutes);
    row[4] = hours(lang, r.minutes, grouping);
    row[13] = decimal(lang, r.amount_cents, grouping);
    row
}
