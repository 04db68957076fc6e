//! The exports' quirks, read from the hand-written fixtures (app/tests/fixtures/import).

use chrono::{NaiveDate, NaiveDateTime};

use super::values::{self, decimal_e4};
use super::{Format, Reader, Row, When};

const TOGGL: &str = include_str!("../../tests/fixtures/import/toggl.csv");
const CLOCKIFY: &str = include_str!("../../tests/fixtures/import/clockify.csv");
const CLOCKIFY_DE: &str = include_str!("../../tests/fixtures/import/clockify_de.csv");
const HARVEST: &str = include_str!("../../tests/fixtures/import/harvest.csv");

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn read(text: &str, expected: Option<Format>) -> (Format, Vec<Result<Row, (u64, String)>>) {
    let mut r = Reader::open(text.as_bytes(), expected).unwrap();
    let mut rows = Vec::new();
    while let Some(row) = r.next_row() {
        rows.push(row);
    }
    (r.format, rows)
}

fn ok(rows: Vec<Result<Row, (u64, String)>>) -> Vec<Row> {
    rows.into_iter().map(|r| r.expect("a good line")).collect()
}

#[test]
fn toggl_rows_with_bom_quotes_midnight_and_amounts() {
    let (format, rows) = read(TOGGL, None);
    assert_eq!(format, Format::Toggl);
    let rows = ok(rows);
    assert_eq!(rows.len(), 4);
    let a = &rows[0];
    assert_eq!(a.line, 2);
    assert_eq!(a.person.name, "Anna Müller");
    assert_eq!(a.person.key(), "anna.mueller@example.de");
    assert_eq!(a.client, "Bäckerei Schmidt, GmbH");
    assert_eq!(a.project, "Website \"Relaunch\"");
    assert_eq!(a.description, "Startseite, Menü & Footer");
    assert_eq!(a.tags, ["Design-Review", "Meeting"]);
    assert_eq!(a.amount_cents, Some(21250));
    assert_eq!(a.currency.as_deref(), Some("EUR"));
    assert!(a.billable);
    let across = &rows[1];
    assert_eq!(
        across.when,
        When::Span {
            start: at("2026-03-02 22:30"),
            end: at("2026-03-03 01:15")
        }
    );
    assert!(!rows[2].billable);
    assert_eq!(rows[2].client, "");
    assert_eq!(rows[2].amount_cents, None);
    // A quoted line break: the record starts on line 5 and spans two lines.
    assert_eq!(rows[3].line, 5);
    assert_eq!(rows[3].description, "Night release\nwith a second line");
}

#[test]
fn clockify_us_format_with_am_pm_and_a_rate_in_dollars() {
    let (format, rows) = read(CLOCKIFY, Some(Format::Clockify));
    assert_eq!(format, Format::Clockify);
    let rows = ok(rows);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].hour_rate_cents, Some(8500));
    assert_eq!(rows[0].currency.as_deref(), Some("USD"));
    assert_eq!(rows[0].task, "Entwurf");
    assert_eq!(
        rows[1].when,
        When::Span {
            start: at("2026-03-02 22:30"),
            end: at("2026-03-03 01:15")
        }
    );
    // 12:00 PM is noon; a rate of 0.00 means none.
    assert_eq!(
        rows[2].when,
        When::Span {
            start: at("2026-03-03 12:00"),
            end: at("2026-03-03 12:45")
        }
    );
    assert_eq!(rows[2].hour_rate_cents, None);
}

#[test]
fn clockify_german_settings_and_the_older_activity_column() {
    let rows = ok(read(CLOCKIFY_DE, None).1);
    assert_eq!(rows[0].task, "Betrieb");
    assert_eq!(rows[0].hour_rate_cents, Some(9500));
    assert_eq!(rows[0].currency.as_deref(), Some("EUR"));
    assert_eq!(rows[0].tags, ["Wartung", "Nachtarbeit"]);
    assert_eq!(
        rows[0].when,
        When::Span {
            start: at("2026-03-02 23:15"),
            end: at("2026-03-03 00:30")
        }
    );
}

#[test]
fn harvest_days_with_decimal_hours_in_both_notations() {
    let (format, rows) = read(HARVEST, None);
    assert_eq!(format, Format::Harvest);
    let rows = ok(rows);
    assert_eq!(rows.len(), 5);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        rows[0].when,
        When::Day {
            date: day(2026, 3, 2),
            minutes: 150
        }
    );
    assert_eq!(rows[0].person.name, "Anna Müller");
    assert_eq!(rows[0].person.key(), "Anna Müller");
    assert_eq!(rows[0].hour_rate_cents, Some(8500));
    assert_eq!(rows[0].currency.as_deref(), Some("EUR"));
    assert_eq!(rows[1].currency.as_deref(), Some("USD"));
    assert_eq!(rows[2].description, "Zweiter Block: \"Kontakt\"-Seite");
    assert_eq!(rows[3].hour_rate_cents, None);
    assert!(!rows[3].billable);
    assert_eq!(
        rows[4].when,
        When::Day {
            date: day(2026, 3, 3),
            minutes: 960
        }
    );
}

#[test]
fn the_header_decides_the_format() {
    let err = Reader::open(TOGGL.as_bytes(), Some(Format::Harvest))
        .err()
        .unwrap();
    assert!(err.contains("Toggl"), "{err}");
    let err = Reader::open("a,b,c\n1,2,3\n".as_bytes(), None)
        .err()
        .unwrap();
    assert!(err.contains("not that of"), "{err}");
    // Toggl's characteristic columns without an end: named as missing.
    let err = Reader::open("User,Start date,Start time\n".as_bytes(), None)
        .err()
        .unwrap();
    assert!(err.contains("End date, End time"), "{err}");
}

#[test]
fn a_bad_line_names_its_problem_and_reading_goes_on() {
    let text = TOGGL.replace("2026-03-03,10:00:00", "2026-03-33,10:00:00");
    let rows = read(&text, None).1;
    assert_eq!(rows.len(), 4);
    let (line, message) = rows[2].clone().unwrap_err();
    assert_eq!(line, 4);
    assert!(message.contains("Start date"), "{message}");
    assert!(rows[3].is_ok());
    let text = TOGGL.replace(",No,2026", ",Maybe,2026");
    let (_, message) = read(&text, None).1[2].clone().unwrap_err();
    assert!(message.contains("Billable"), "{message}");
    let text = HARVEST.replace("\"0,75\",No", "\"x\",No");
    let (line, message) = read(&text, None).1[3].clone().unwrap_err();
    assert_eq!((line, message.contains("Hours")), (5, true), "{message}");
}

#[test]
fn decimals_in_either_notation() {
    assert_eq!(decimal_e4("20,0"), Some(200_000));
    assert_eq!(decimal_e4("2.000,0"), Some(20_000_000));
    assert_eq!(decimal_e4("1,760.00"), Some(17_600_000));
    assert_eq!(decimal_e4("0,01"), Some(100));
    assert_eq!(decimal_e4(".5"), Some(5_000));
    assert_eq!(decimal_e4("1.000.000"), Some(10_000_000_000));
    assert_eq!(decimal_e4("0.33335"), Some(3_334));
    assert_eq!(decimal_e4("-2.5"), Some(-25_000));
    for bad in ["", "abc", "1,2,3.4.5", "1e5", "--1", "9999999999999"] {
        assert_eq!(decimal_e4(bad), None, "{bad}");
    }
    assert_eq!(values::hours("Hours", "0,01"), Ok(1));
    assert_eq!(values::hours("Hours", "7.5"), Ok(450));
    assert!(values::hours("Hours", "-1").is_err());
    assert!(values::hours("Hours", "400").is_err());
    assert_eq!(values::money("Rate", "85,5"), Ok(Some(8550)));
    assert!(values::money("Rate", "-1").is_err());
}

#[test]
fn dates_and_times_as_the_products_write_them() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(values::date("D", "2026-03-02"), Ok(d(2026, 3, 2)));
    assert_eq!(values::date("D", "3/2/2026"), Ok(d(2026, 3, 2)));
    assert_eq!(values::date("D", "02.03.2026"), Ok(d(2026, 3, 2)));
    let err = values::date("D", "30/11/2026").unwrap_err();
    assert!(err.contains("MM/DD/YYYY"), "{err}");
    assert!(values::date("D", "2026-02-30").is_err());
    assert!(values::date("D", "0001-01-01").is_err());
    let t = |s| values::time("T", s).map(|t| t.format("%H:%M:%S").to_string());
    assert_eq!(t("12:00 AM"), Ok("00:00:00".into()));
    assert_eq!(t("12:45 pm"), Ok("12:45:00".into()));
    assert_eq!(t("10:23:52 PM"), Ok("22:23:52".into()));
    assert_eq!(t("23:59:59"), Ok("23:59:59".into()));
    for bad in ["24:00", "13:00 PM", "0:00 AM", "9", "9:60", "9:5:5:5", ""] {
        assert!(t(bad).is_err(), "{bad}");
    }
}

#[test]
fn currencies_and_tags() {
    assert_eq!(
        values::currency_in_header("Amount (EUR)").as_deref(),
        Some("EUR")
    );
    assert_eq!(values::currency_in_header("Amount ()"), None);
    assert_eq!(values::iso_code("Euro - EUR").as_deref(), Some("EUR"));
    assert_eq!(values::iso_code("chf").as_deref(), Some("CHF"));
    assert_eq!(values::iso_code("Euros"), None);
    assert_eq!(
        values::tags(" Design  Review , meeting,Meeting, ,#x!"),
        ["Design-Review", "meeting", "x"]
    );
}
