//! The XLSX download, streamed: the workbook's small parts first, then the sheet row by row
//! into a zip entry whose size follows it. Dates, times and durations are real date and time
//! cells (a spreadsheet sums and sorts them), hours and money numbers; a bold header row,
//! column widths and a bold totals row.

use chrono::NaiveDate;

use super::{header, word, EntryWriter, Head, Running};
use crate::export::xlsx::{column, escape, workbook_xml, CONTENT_TYPES, ROOT_RELS, WORKBOOK_RELS};
use crate::export::zip::Zip;
use crate::i18n::Lang;
use crate::model::ReportLine;

/// Cell styles (the cellXfs below, in order).
const BOLD: u8 = 1;
const DATE: u8 = 2;
const TIME: u8 = 3;
const DURATION: u8 = 4;
const HOURS: u8 = 5;
const MONEY: u8 = 6;
const BOLD_DURATION: u8 = 7;
const BOLD_HOURS: u8 = 8;
const BOLD_MONEY: u8 = 9;

fn styles(lang: Lang) -> String {
    let date = if lang == Lang::De {
        "dd.mm.yyyy"
    } else {
        "yyyy-mm-dd"
    };
    let xf = |fmt: u32, font: u32| {
        format!(
            r#"<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="{date}"/><numFmt numFmtId="165" formatCode="hh:mm"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="10">{}{}{}{}{}{}{}{}{}{}</cellXfs></styleSheet>"#,
        xf(0, 0),
        xf(0, 1),
        xf(164, 0),
        xf(165, 0),
        xf(166, 0),
        xf(2, 0),
        xf(4, 0),
        xf(166, 1),
        xf(2, 1),
        xf(4, 1),
    )
}

/// Widths of the 14 columns, in characters.
const WIDTHS: [u8; 14] = [11, 7, 7, 9, 8, 20, 20, 24, 18, 40, 16, 11, 12, 13];

pub struct Xlsx {
    zip: Zip,
    row: usize,
    lang: Lang,
    sums: Running,
}

/// Days since 1899-12-30: a spreadsheet's date number.
fn serial(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid")).num_days()
}

/// "HH:MM" as a fraction of a day.
fn day_fraction(hm: &str) -> Option<f64> {
    let (h, m) = hm.split_once(':')?;
    Some((h.parse::<f64>().ok()? * 60.0 + m.parse::<f64>().ok()?) / 1440.0)
}

impl Xlsx {
    pub fn new(head: &Head) -> Xlsx {
        let mut zip = Zip::default();
        zip.add("[Content_Types].xml", CONTENT_TYPES);
        zip.add("_rels/.rels", ROOT_RELS);
        zip.add("xl/workbook.xml", &workbook_xml(word(head.lang, "Report")));
        zip.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
        zip.add("xl/styles.xml", &styles(head.lang));
        zip.begin("xl/worksheets/sheet1.xml");
        let mut x = Xlsx {
            zip,
            row: 0,
            lang: head.lang,
            sums: Running::default(),
        };
        let cols: String = WIDTHS
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    r#"<col min="{0}" max="{0}" width="{w}" customWidth="1"/>"#,
                    i + 1
                )
            })
            .collect();
        x.put(&format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>{cols}</cols><sheetData>"#
        ));
        let names = header(head.lang, &head.currency);
        x.begin_row();
        for (c, name) in names.iter().enumerate() {
            x.text(c, name, BOLD);
        }
        x.put("</row>");
        x
    }

    fn put(&mut self, s: &str) {
        self.zip.write(s.as_bytes());
    }

    fn begin_row(&mut self) {
        self.row += 1;
        let r = self.row;
        self.put(&format!("<row r=\"{r}\">"));
    }

    fn at(&self, c: usize) -> String {
        format!("{}{}", column(c), self.row)
    }

    fn text(&mut self, c: usize, s: &str, style: u8) {
        if s.is_empty() {
            return;
        }
        let cell = format!(
            "<c r=\"{}\" t=\"inlineStr\" s=\"{style}\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            self.at(c),
            escape(s)
        );
        self.put(&cell);
    }

    fn number(&mut self, c: usize, v: f64, style: u8) {
        let cell = format!("<c r=\"{}\" s=\"{style}\"><v>{v}</v></c>", self.at(c));
        self.put(&cell);
    }
}

impl EntryWriter for Xlsx {
    fn line(&mut self, l: &ReportLine) {
        self.sums.add(l);
        self.begin_row();
        match crate::input::date(&l.date) {
            Some(d) => self.number(0, serial(d) as f64, DATE),
            None => self.text(0, &l.date, 0),
        }
        for (c, t) in [(1, &l.start), (2, &l.end)] {
            if let Some(f) = day_fraction(t) {
                self.number(c, f, TIME);
            }
        }
        self.number(3, l.minutes as f64 / 1440.0, DURATION);
        self.number(4, l.minutes as f64 / 60.0, HOURS);
        let lang = self.lang;
        let billable = word(lang, if l.billable { "yes" } else { "no" });
        for (c, t) in [
            (5, l.person.as_str()),
            (6, &l.client),
            (7, &l.project),
            (8, &l.task),
            (9, &l.details),
            (10, &l.tags),
            (11, billable),
            (12, &l.invoice),
        ] {
            self.text(c, t, 0);
        }
        self.number(13, l.amount_cents as f64 / 100.0, MONEY);
        self.put("</row>");
    }

    fn end(&mut self) {
        let s = self.sums;
        self.begin_row();
        self.text(0, word(self.lang, "Total"), BOLD);
        self.number(3, s.minutes as f64 / 1440.0, BOLD_DURATION);
        self.number(4, s.minutes as f64 / 60.0, BOLD_HOURS);
        self.number(13, s.amount_cents as f64 / 100.0, BOLD_MONEY);
        self.put("</row></sheetData></worksheet>");
        self.zip.end();
        self.zip.finish();
    }

    fn take(&mut self) -> Vec<u8> {
        self.zip.take()
    }
}
