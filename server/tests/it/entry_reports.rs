//! The detailed report: filters, groupings, totals and the chart; who may see what; bad
//! queries refused; the CSV, XLSX and PDF downloads carry the same entries and totals.

use app::i18n::Lang;
use app::model::{ReportQuery, Role};
use app::services::entry_reports::{self, Format};
use app::services::{Actor, ServiceError};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use futures::StreamExt;

use crate::common::{account, backends, call, key, person, state};

/// Last month's 3rd, 10th and 17th (entries start at 08:00 UTC; the account's zone is UTC).
fn last_month() -> (NaiveDate, [NaiveDate; 3]) {
    let first_this = Utc::now().date_naive().with_day(1).unwrap();
    let first = (first_this - Duration::days(1)).with_day(1).unwrap();
    (first, [3, 10, 17].map(|d| first.with_day(d).unwrap()))
}

/// Two clients, three projects, two staff; six entries last month.
async fn seed(b: &crate::common::Backend) -> (Actor, i64, i64) {
    let admin = account(&b.db, "acme").await;
    let s1 = person(&b.db, &admin, "sam", Role::Staff).await;
    let s2 = person(&b.db, &admin, "kim", Role::Staff).await;
    let c = key(&b.db, &admin).await;
    let st = state(&b.db, 1000);
    let post = |path: &'static str, body: String| {
        let (st, c) = (st.clone(), c.clone());
        async move {
            let r = call(&st, "POST", path, Some(&c), Some(&body)).await;
            assert_eq!(r.status, 201, "{path}: {}", r.json);
        }
    };
    for client in ["Acme", "Globex"] {
        post(
            "/api/v2/ext/clients",
            format!(r#"{{"clientName": "{client}"}}"#),
        )
        .await;
    }
    for (client, project) in [("Acme", "Web"), ("Acme", "App"), ("Globex", "Ops")] {
        post(
            "/api/v2/ext/projects",
            format!(r#"{{"clientName": "{client}", "projectName": "{project}", "hourRate": 60}}"#),
        )
        .await;
    }
    let (_, days) = last_month();
    // (person, client, project, day, minutes, billable, tags)
    let rows = [
        ("sam", "Acme", "Web", 0, 120, true, "#design #ux"),
        ("sam", "Acme", "App", 1, 90, true, ""),
        ("kim", "Acme", "Web", 1, 60, false, "#design"),
        ("kim", "Acme", "Web", 2, 30, true, ""),
        ("kim", "Globex", "Ops", 2, 45, true, ""),
        ("sam", "Globex", "Ops", 0, 15, false, ""),
    ];
    for (user, client, project, d, minutes, billable, tags) in rows {
        let from = days[d].and_hms_opt(8, 0, 0).unwrap().and_utc();
        let to = from + Duration::minutes(minutes);
        post(
            "/api/v2/ext/project_time_entries",
            format!(
                r#"{{"user": "{user}", "clientName": "{client}", "projectName": "{project}", "from": "{}", "to": "{}", "billable": {billable}, "tags": "{tags}"}}"#,
                from.format("%Y-%m-%dT%H:%M:%SZ"),
                to.format("%Y-%m-%dT%H:%M:%SZ")
            ),
        )
        .await;
    }
    (admin, s1, s2)
}

fn query(pairs: &[(&str, &str)]) -> ReportQuery {
    ReportQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.to_string())))
}

fn staff(admin: &Actor, id: i64) -> Actor {
    Actor {
        account_id: admin.account_id,
        user_id: Some(id),
        role: Role::Staff,
    }
}

#[tokio::test]
async fn a_client_last_month_by_project_and_person() {
    for b in backends().await {
        let (admin, _, _) = seed(&b).await;
        let acme = query(&[("preset", "last_month")]);
        let all = entry_reports::report(&b.db, &admin, &acme).await.unwrap();
        let client = all
            .choices
            .clients
            .iter()
            .find(|(_, n)| n == "Acme")
            .unwrap()
            .0;
        let q = query(&[
            ("preset", "last_month"),
            ("client", &client.to_string()),
            ("group", "project"),
            ("then", "person"),
        ]);
        let r = entry_reports::report(&b.db, &admin, &q).await.unwrap();
        let (first, _) = last_month();
        assert_eq!(r.query.from, first.to_string(), "{}", b.name);
        let shape: Vec<(String, i64, Vec<(String, i64)>)> = r
            .groups
            .iter()
            .map(|g| {
                let kids = g
                    .children
                    .iter()
                    .map(|(n, s)| (n.clone(), s.minutes))
                    .collect();
                (g.name.clone(), g.sums.minutes, kids)
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("App".into(), 90, vec![("sam".into(), 90)]),
                (
                    "Web".into(),
                    210,
                    vec![("kim".into(), 90), ("sam".into(), 120)]
                ),
            ],
            "{}",
            b.name
        );
        // 300 min; billable 120 + 90 + 30 = 240 min at 60.00/h = 240.00.
        assert_eq!(
            (
                r.totals.minutes,
                r.totals.billable_minutes,
                r.totals.amount_cents,
                r.totals.entries
            ),
            (300, 240, 24000, 4),
            "{}",
            b.name
        );
        assert_eq!(r.lines.len(), 4, "{}", b.name);
        // The chart has a bar per day of the month and the minutes by start day.
        assert_eq!(
            r.chart.iter().map(|(_, m)| m).sum::<i64>(),
            300,
            "{}",
            b.name
        );
        assert!(r.chart.len() >= 28, "{}", b.name);
    }
}

#[tokio::test]
async fn tags_filters_and_who_sees_what() {
    for b in backends().await {
        let (admin, s1, s2) = seed(&b).await;
        let by_tag = query(&[("preset", "last_month"), ("group", "tag")]);
        let r = entry_reports::report(&b.db, &admin, &by_tag).await.unwrap();
        let tags: Vec<(String, i64)> = r
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.sums.minutes))
            .collect();
        // The entry with two tags counts under both; the totals count it once.
        assert_eq!(
            tags,
            vec![("design".into(), 180), ("ux".into(), 120), ("".into(), 180)],
            "{}",
            b.name
        );
        assert_eq!(r.totals.minutes, 360, "{}", b.name);
        let text = query(&[("preset", "last_month"), ("billable", "no")]);
        let r = entry_reports::report(&b.db, &admin, &text).await.unwrap();
        assert_eq!((r.totals.minutes, r.totals.entries), (75, 2), "{}", b.name);

        // Staff see their own entries only, and may not ask for a colleague's.
        let sam = staff(&admin, s1);
        let own = query(&[("preset", "last_month"), ("group", "person")]);
        let r = entry_reports::report(&b.db, &sam, &own).await.unwrap();
        assert_eq!(r.totals.minutes, 225, "{}", b.name);
        assert_eq!(r.groups.len(), 1, "{}", b.name);
        assert_eq!(r.choices.people.len(), 1, "{}", b.name);
        let theirs = query(&[("preset", "last_month"), ("user", &s2.to_string())]);
        let refused = entry_reports::report(&b.db, &sam, &theirs).await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn bad_queries_are_refused_with_the_field() {
    for b in backends().await {
        let (admin, _, _) = seed(&b).await;
        for (pairs, field) in [
            (vec![("preset", "next_year")], "preset"),
            (
                vec![
                    ("preset", "custom"),
                    ("from", "2026-02-30"),
                    ("to", "2026-03-01"),
                ],
                "from",
            ),
            (
                vec![
                    ("preset", "custom"),
                    ("from", "2026-03-02"),
                    ("to", "2026-03-01"),
                ],
                "to",
            ),
            (
                vec![
                    ("preset", "custom"),
                    ("from", "2000-01-01"),
                    ("to", "2026-03-01"),
                ],
                "to",
            ),
            (vec![("client", "x")], "client"),
            (vec![("group", "colour")], "group"),
            (vec![("group", "task"), ("then", "task")], "then"),
            (vec![("billable", "maybe")], "billable"),
            (vec![("period", "hour")], "period"),
        ] {
            match entry_reports::report(&b.db, &admin, &query(&pairs)).await {
                Err(ServiceError::Invalid(list)) => {
                    assert!(
                        list.iter().any(|i| i.field == field),
                        "{}: {pairs:?} {list:?}",
                        b.name
                    )
                }
                other => panic!("{}: {pairs:?} gave {:?}", b.name, other.map(|r| r.totals)),
            }
        }
    }
}

async fn file(
    b: &crate::common::Backend,
    actor: &Actor,
    q: &ReportQuery,
    f: Format,
    lang: Lang,
) -> Vec<u8> {
    let d = entry_reports::download(&b.db, actor, q, f, lang)
        .await
        .unwrap();
    let mut out = Vec::new();
    let mut body = d.body;
    while let Some(part) = body.next().await {
        out.extend(part.unwrap());
    }
    out
}

#[tokio::test]
async fn downloads_carry_the_entries_and_totals() {
    for b in backends().await {
        let (admin, _, _) = seed(&b).await;
        let q = query(&[("preset", "last_month"), ("group", "project")]);
        let csv = String::from_utf8(file(&b, &admin, &q, Format::Csv, Lang::En).await).unwrap();
        assert!(csv.starts_with('\u{FEFF}'), "{}: a byte-order mark", b.name);
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
        assert!(
            lines[0].starts_with("Date,Start,End,Duration,Hours,Person"),
            "{}",
            b.name
        );
        assert_eq!(
            lines.len(),
            1 + 6 + 1,
            "{}: header, six entries, totals",
            b.name
        );
        let minutes: i64 = lines[1..7]
            .iter()
            .map(|l| {
                let (h, m) = l.split(',').nth(3).unwrap().split_once(':').unwrap();
                h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
            })
            .sum();
        assert_eq!(minutes, 360, "{}", b.name);
        assert!(
            lines[7].starts_with("Total,,,6:00,6.00,"),
            "{}: {}",
            b.name,
            lines[7]
        );
        assert!(lines[7].ends_with(",285.00"), "{}: {}", b.name, lines[7]);

        let de = String::from_utf8(file(&b, &admin, &q, Format::Csv, Lang::De).await).unwrap();
        let total = de.lines().last().unwrap();
        assert!(de.contains("Datum;Beginn;Ende;Dauer;Stunden"), "{}", b.name);
        assert!(
            total.starts_with("Summe;;;6:00;6,00;"),
            "{}: {total}",
            b.name
        );
        assert!(total.ends_with(";285,00"), "{}: {total}", b.name);

        let xlsx = file(&b, &admin, &q, Format::Xlsx, Lang::En).await;
        assert_eq!(&xlsx[..4], b"PK\x03\x04", "{}", b.name);
        let text = sheet_xml(&xlsx);
        assert_eq!(text.matches("<row ").count(), 8, "{}", b.name);
        assert!(
            text.contains("<v>285</v>"),
            "{}: the amount's total",
            b.name
        );

        let pdf = file(&b, &admin, &q, Format::Pdf, Lang::En).await;
        check_pdf(&pdf, b.name);
    }
}

/// The sheet of a workbook: the deflated part between its local header and its data
/// descriptor.
fn sheet_xml(xlsx: &[u8]) -> String {
    use std::io::Read as _;
    let name = b"xl/worksheets/sheet1.xml";
    // The name also stands in [Content_Types].xml and the directory: take the one 30 bytes
    // after a local header's signature.
    let at = (30..xlsx.len() - name.len())
        .find(|&i| &xlsx[i..i + name.len()] == name && &xlsx[i - 30..i - 26] == b"PK\x03\x04")
        .unwrap();
    let start = at + name.len();
    let end = start
        + xlsx[start..]
            .windows(4)
            .position(|w| w == b"PK\x07\x08")
            .unwrap();
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(&xlsx[start..end])
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A PDF whose cross-reference table points at every object (offsets in bytes: the file's
/// second line is binary on purpose).
fn check_pdf(pdf: &[u8], name: &str) {
    assert!(pdf.starts_with(b"%PDF-1.4"), "{name}");
    assert!(pdf.ends_with(b"%%EOF\n"), "{name}");
    let tail_at = pdf.windows(10).rposition(|w| w == b"startxref\n").unwrap();
    let tail = std::str::from_utf8(&pdf[tail_at..]).unwrap();
    let start: usize = tail.lines().nth(1).unwrap().parse().unwrap();
    let table = std::str::from_utf8(&pdf[start..tail_at]).unwrap();
    assert!(
        table.starts_with("xref"),
        "{name}: startxref points at the table"
    );
    let mut objects = 0;
    for (n, line) in table
        .lines()
        .skip(3)
        .take_while(|l| l.ends_with(" n "))
        .enumerate()
    {
        let at: usize = line[..10].parse().unwrap();
        let want = format!("{} 0 obj", n + 1);
        assert!(
            pdf[at..].starts_with(want.as_bytes()),
            "{name}: object {} at {at}",
            n + 1
        );
        objects += 1;
    }
    assert_eq!(
        objects, 7,
        "{name}: catalog, pages, two fonts, info, one page and its content"
    );
    assert!(table.contains("/Size 8"), "{name}");
}
