//! The PDF download: a printable report (A4 landscape) with the account, the range, the
//! filters, the totals and the groups, then every entry. Written with `pdf-writer` (typst's
//! PDF serializer: four small dependencies, no fonts or images to pull in) one page at a time:
//! each page's objects leave the server when the page is full, and only the page list and the
//! objects' offsets stay until the cross-reference table at the end. The text uses the
//! standard Helvetica fonts every PDF reader has (WinAnsi: Western European letters and €), so
//! nothing is embedded.

use pdf_writer::{Chunk, Content, Name, Rect, Ref, Settings, Str, TextStr};

use super::{header, hm, word, EntryWriter, Head, Running};
use crate::format::{count, date, decimal, money};
use crate::i18n::Lang;
use crate::model::{ReportLine, ReportSums};

const WIDTH: f32 = 842.0;
const HEIGHT: f32 = 595.0;
const MARGIN: f32 = 36.0;
const SIZE: f32 = 8.0;
const LEADING: f32 = 11.0;

const CATALOG: Ref = Ref::new(1);
const TREE: Ref = Ref::new(2);
const REGULAR: Ref = Ref::new(3);
const BOLD: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
/// Page k's object is FIRST_PAGE + 2k, its content the one after.
const FIRST_PAGE: i32 = 6;

/// The entries table: column (index into `texts`-like cells below), x position, width.
const TABLE: [(usize, f32, f32); 10] = [
    (0, 0.0, 50.0),
    (1, 52.0, 26.0),
    (2, 80.0, 26.0),
    (3, 108.0, 32.0),
    (5, 144.0, 84.0),
    (6, 230.0, 84.0),
    (7, 316.0, 96.0),
    (8, 414.0, 80.0),
    (9, 496.0, 210.0),
    (13, 710.0, 60.0),
];

pub struct Pdf {
    lang: Lang,
    currency: String,
    out: Vec<u8>,
    written: usize,
    /// Each object's offset, by object number - 1.
    offsets: Vec<(i32, usize)>,
    pages: i32,
    page: Content,
    y: f32,
    sums: Running,
    header: Vec<String>,
}

fn chunk() -> Chunk {
    Chunk::with_settings(Settings { pretty: false })
}

impl Pdf {
    pub fn new(head: &Head) -> Pdf {
        let mut pdf = Pdf {
            lang: head.lang,
            currency: head.currency.clone(),
            out: b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            written: 0,
            offsets: Vec::new(),
            pages: 0,
            page: Content::new(),
            y: HEIGHT - MARGIN,
            sums: Running::default(),
            header: header(head.lang, &head.currency),
        };
        pdf.heading(head);
        pdf.groups(head);
        pdf.y -= LEADING;
        pdf.table_header();
        pdf
    }

    fn heading(&mut self, head: &Head) {
        let l = self.lang;
        let title = format!("{} · {}", word(l, "Report"), head.account);
        self.text(0.0, &title, 14.0, true);
        self.y -= 20.0;
        let range = format!(
            "{}: {} – {}",
            word(l, "Range"),
            date(l, &head.from),
            date(l, &head.to)
        );
        self.text(0.0, &range, 10.0, false);
        self.y -= 14.0;
        if !head.filters.is_empty() {
            let filters: Vec<String> = head
                .filters
                .iter()
                .map(|(f, v)| format!("{}: {}", word(l, f), v))
                .collect();
            self.text(0.0, &filters.join(" · "), 10.0, false);
            self.y -= 14.0;
        }
        let t = &head.totals;
        let totals = format!(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            word(l, "Time"),
            hm(t.minutes),
            word(l, "Billable time"),
            hm(t.billable_minutes),
            header_word(&self.header, 13),
            money(l, t.amount_cents, &head.currency),
            word(l, "Entries"),
            count(l, t.entries),
        );
        self.text(0.0, &totals, 10.0, true);
        self.y -= 20.0;
    }

    /// The groups with their sums (the second grouping indented).
    fn groups(&mut self, head: &Head) {
        let l = self.lang;
        let by: Vec<&str> = head.grouping.iter().map(|g| word(l, g)).collect();
        self.sums_row(&by.join(" / "), None, true);
        for g in &head.groups {
            self.sums_row(&name(l, &g.name), Some(&g.sums), true);
            for (child, s) in &g.children {
                self.sums_row(&format!("    {}", name(l, child)), Some(s), false);
            }
        }
    }

    fn sums_row(&mut self, label: &str, s: Option<&ReportSums>, bold: bool) {
        self.room(1);
        self.fit(0.0, 330.0, label, bold);
        if let Some(s) = s {
            let l = self.lang;
            self.right(400.0, &hm(s.minutes), bold);
            self.right(470.0, &hm(s.billable_minutes), bold);
            self.right(
                560.0,
                &money(l, s.amount_cents, &self.currency.clone()),
                bold,
            );
        } else {
            self.right(400.0, word(self.lang, "Time"), true);
            self.right(470.0, word(self.lang, "Billable time"), true);
            self.right(560.0, &header_word(&self.header, 13), true);
        }
        self.y -= LEADING;
    }

    fn table_header(&mut self) {
        for (c, x, w) in TABLE {
            let h = header_word(&self.header, c);
            self.fit(x, w, &h, true);
        }
        self.y -= LEADING;
    }

    /// Starts a new page when fewer than `lines` lines fit on this one.
    fn room(&mut self, lines: i32) -> bool {
        if self.y - LEADING * lines as f32 >= MARGIN + LEADING {
            return false;
        }
        self.flush_page();
        true
    }

    fn text(&mut self, x: f32, s: &str, size: f32, bold: bool) {
        let font = if bold { Name(b"F2") } else { Name(b"F1") };
        let bytes = win_ansi(s);
        self.page
            .begin_text()
            .set_font(font, size)
            .next_line(MARGIN + x, self.y)
            .show(Str(&bytes))
            .end_text();
    }

    /// Text cut to `width` points (with "…").
    fn fit(&mut self, x: f32, width: f32, s: &str, bold: bool) {
        let cut = truncate(s, width, SIZE, bold);
        self.text(x, &cut, SIZE, bold);
    }

    /// Text ending at `x`.
    fn right(&mut self, x: f32, s: &str, bold: bool) {
        let w = text_width(s, SIZE, bold);
        self.text(x - w, s, SIZE, bold);
    }

    /// Writes the current page's objects and starts the next page.
    fn flush_page(&mut self) {
        let k = self.pages;
        let (page_id, content_id) = (
            Ref::new(FIRST_PAGE + 2 * k),
            Ref::new(FIRST_PAGE + 2 * k + 1),
        );
        let mut content = std::mem::replace(&mut self.page, Content::new());
        let n = format!("{} {}", word(self.lang, "page"), k + 1);
        content
            .begin_text()
            .set_font(Name(b"F1"), 7.0)
            .next_line(WIDTH - MARGIN - text_width(&n, 7.0, false), MARGIN / 2.0)
            .show(Str(&win_ansi(&n)))
            .end_text();
        let data = content.finish();
        let mut c = chunk();
        c.stream(content_id, data.as_slice());
        self.emit(content_id, c);
        let mut c = chunk();
        {
            let mut page = c.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
                .parent(TREE)
                .contents(content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Name(b"F1"), REGULAR);
            fonts.pair(Name(b"F2"), BOLD);
        }
        self.emit(page_id, c);
        self.pages += 1;
        self.y = HEIGHT - MARGIN;
    }

    fn emit(&mut self, id: Ref, c: Chunk) {
        self.offsets.push((id.get(), self.written + self.out.len()));
        self.out.extend_from_slice(c.as_bytes());
    }

    /// The page tree, fonts, catalog and info, then the cross-reference table and trailer.
    fn close(&mut self) {
        let mut c = chunk();
        c.pages(TREE)
            .kids((0..self.pages).map(|k| Ref::new(FIRST_PAGE + 2 * k)))
            .count(self.pages);
        self.emit(TREE, c);
        for (id, font) in [(REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")] {
            let mut c = chunk();
            c.type1_font(id)
                .base_font(Name(font.as_bytes()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
            self.emit(id, c);
        }
        let mut c = chunk();
        c.indirect(CATALOG)
            .start::<pdf_writer::writers::Catalog>()
            .pages(TREE);
        self.emit(CATALOG, c);
        let mut c = chunk();
        c.indirect(INFO)
            .start::<pdf_writer::writers::DocumentInfo>()
            .title(TextStr(word(self.lang, "Report")))
            .producer(TextStr("Stempel"));
        self.emit(INFO, c);
        self.offsets.sort();
        let xref = self.written + self.out.len();
        let size = self.offsets.len() + 1;
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for (_, at) in &self.offsets {
            table.push_str(&format!("{at:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            CATALOG.get(),
            INFO.get()
        ));
        self.out.extend_from_slice(table.as_bytes());
    }
}

impl EntryWriter for Pdf {
    fn line(&mut self, l: &ReportLine) {
        self.sums.add(l);
        if self.room(1) {
            self.table_header();
        }
        let cells = super::texts(self.lang, l, true);
        for (c, x, w) in TABLE {
            if c == 13 {
                self.right(x + w, &cells[c], false);
            } else {
                self.fit(x, w, &cells[c], false);
            }
        }
        self.y -= LEADING;
    }

    fn end(&mut self) {
        if self.room(1) {
            self.table_header();
        }
        let s = self.sums;
        let l = self.lang;
        self.text(0.0, word(l, "Total"), SIZE, true);
        self.fit(108.0, 32.0, &hm(s.minutes), true);
        self.right(770.0, &decimal(l, s.amount_cents, true), true);
        self.flush_page();
        self.close();
    }

    fn take(&mut self) -> Vec<u8> {
        self.written += self.out.len();
        std::mem::take(&mut self.out)
    }
}

/// A header cell's word ("Amount (EUR)").
fn header_word(header: &[String], i: usize) -> String {
    header.get(i).cloned().unwrap_or_default()
}

/// A group's name; the unnamed group (no task, no tag) as "(none)".
fn name(lang: Lang, n: &str) -> String {
    if n.is_empty() {
        word(lang, "(none)").to_string()
    } else {
        n.to_string()
    }
}

/// Text in WinAnsi (Windows-1252): Latin-1 letters as they are, € and typographic marks at
/// their places, anything else as "?".
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance widths (per 1000 units) of the printable ASCII characters.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn char_width(c: char, bold: bool) -> f32 {
    let base = match c {
        ' '..='~' => HELVETICA[c as usize - 32] as f32,
        _ => 600.0,
    };
    // Helvetica-Bold runs about 6 % wider; cutting a little early is harmless.
    if bold {
        base * 1.06
    } else {
        base
    }
}

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    s.chars().map(|c| char_width(c, bold)).sum::<f32>() * size / 1000.0
}

fn truncate(s: &str, width: f32, size: f32, bold: bool) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if text_width(&s, size, bold) <= width {
        return s;
    }
    let room = width - text_width("…", size, bold);
    let mut used = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        used += char_width(c, bold) * size / 1000.0;
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
