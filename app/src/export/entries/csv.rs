//! The CSV download: UTF-8 with a byte-order mark (so Excel reads the umlauts), commas and
//! decimal points in English, semicolons and decimal commas in German (as a German Excel
//! expects), a header row, the entries and a totals row.

use super::{header, texts, total_texts, EntryWriter, Head, Running};
use crate::export::csv_cell;
use crate::i18n::Lang;
use crate::model::ReportLine;

pub struct Csv {
    lang: Lang,
    sep: char,
    out: String,
    sums: Running,
}

impl Csv {
    pub fn new(head: &Head) -> Csv {
        let sep = if head.lang == Lang::De { ';' } else { ',' };
        let mut csv = Csv {
            lang: head.lang,
            sep,
            out: String::from("\u{FEFF}"),
            sums: Running::default(),
        };
        csv.row(&header(head.lang, &head.currency));
        csv
    }

    fn row(&mut self, cells: &[String]) {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(self.sep);
            }
            self.out.push_str(&csv_cell(c, &[self.sep]));
        }
        self.out.push_str("\r\n");
    }
}

impl EntryWriter for Csv {
    fn line(&mut self, line: &ReportLine) {
        self.sums.add(line);
        self.row(&texts(self.lang, line, false));
    }

    fn end(&mut self) {
        self.row(&total_texts(self.lang, &self.sums, false));
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out).into_bytes()
    }
}
