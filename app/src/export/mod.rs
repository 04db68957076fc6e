//! Tables for download: a service builds a `Table` once, and it is written as CSV or XLSX, so
//! both files always hold the same numbers.

pub mod entries;
pub(crate) mod xlsx;
pub(crate) mod zip;

use crate::format::{cents, hm};

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A duration: h:mm in CSV, hours as a number in XLSX (so a spreadsheet can sum it).
    Minutes(i64),
    /// Money in cents: 12.34 in both.
    Cents(i64),
    Number(f64),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(title: &str, header: &[&str]) -> Table {
        Table {
            title: title.to_string(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let line = |cells: Vec<String>| {
            cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(",")
                + "\n"
        };
        out.push_str(&line(self.header.clone()));
        for row in &self.rows {
            out.push_str(&line(
                row.iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Minutes(m) => hm(*m),
                        Cell::Cents(c) => cents(*c),
                        Cell::Number(n) => n.to_string(),
                    })
                    .collect(),
            ));
        }
        out
    }

    pub fn to_xlsx(&self) -> Vec<u8> {
        xlsx::workbook(self)
    }
}

/// Quotes a field when it holds a comma, quote or line break; a leading =, +, - or @ is
/// prefixed with ' so a spreadsheet does not run it as a formula.
fn csv_field(s: &str) -> String {
    csv_cell(s, &[',', ';'])
}

/// The same with quotes when the field holds one of `separators` (the file's own separator).
pub(crate) fn csv_cell(s: &str, separators: &[char]) -> String {
    let s = match s.chars().next() {
        // A leading tab or carriage return is dropped by some spreadsheets before they look
        // for a formula, so those are defused too.
        Some('=' | '+' | '@' | '\t' | '\r') => format!("'{s}"),
        Some('-')
            if s[1..]
                .chars()
                .any(|c| !c.is_ascii_digit() && c != ':' && c != '.' && c != ',') =>
        {
            format!("'{s}")
        }
        _ => s.to_string(),
    };
    if s.contains(['"', '\n', '\r']) || s.contains(separators) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut t = Table::new("t", &["a", "b"]);
        t.push(vec![Cell::Text("=SUM(A1)".into()), Cell::Minutes(-90)]);
        t.push(vec![Cell::Text("x, \"y\"".into()), Cell::Cents(-1205)]);
        assert_eq!(
            t.to_csv(),
            "a,b\n'=SUM(A1),-1:30\n\"x, \"\"y\"\"\",-12.05\n"
        );
    }

    #[test]
    fn csv_defuses_formulas_behind_a_tab_or_carriage_return() {
        let mut t = Table::new("t", &["a"]);
        t.push(vec![Cell::Text("\t=1+1".into())]);
        t.push(vec![Cell::Text("\r=1+1".into())]);
        assert_eq!(t.to_csv(), "a\n'\t=1+1\n\"'\r=1+1\"\n");
    }
}
