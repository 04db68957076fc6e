//! Dates checked against the published calendars of the states and cantons.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The full holidays of a region's year as (month, day, name).
fn full(code: &str, year: i32) -> Vec<(u32, u32, &'static str)> {
    days(region(code).unwrap(), year, false)
        .unwrap()
        .into_iter()
        .map(|x| {
            assert!(!x.half_day, "{code} {year}: {x:?} asked without half days");
            (x.date.month(), x.date.day(), x.name)
        })
        .collect()
}

#[test]
fn easter_sundays_match_the_published_ones() {
    assert_eq!(easter(2024), Some(d(2024, 3, 31)));
    assert_eq!(easter(2025), Some(d(2025, 4, 20)));
    assert_eq!(easter(2026), Some(d(2026, 4, 5)));
    assert_eq!(easter(2027), Some(d(2027, 3, 28)));
    assert_eq!(easter(2038), Some(d(2038, 4, 25)));
    assert_eq!(easter(2285), Some(d(2285, 3, 22)));
}

#[test]
fn bavaria_2026_and_2027() {
    let days_2026: Vec<_> = full("DE-BY", 2026).iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (1, 6),
        (4, 3),
        (4, 6),
        (5, 1),
        (5, 14),
        (5, 25),
        (6, 4),
        (8, 15),
        (10, 3),
        (11, 1),
        (12, 25),
        (12, 26),
    ];
    assert_eq!(days_2026, expected);
    let days_2027: Vec<_> = full("DE-BY", 2027).iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (1, 6),
        (3, 26),
        (3, 29),
        (5, 1),
        (5, 6),
        (5, 17),
        (5, 27),
        (8, 15),
        (10, 3),
        (11, 1),
        (12, 25),
        (12, 26),
    ];
    assert_eq!(days_2027, expected);
    assert!(full("DE-BY", 2026).contains(&(6, 4, "Fronleichnam")));
}

#[test]
fn berlin_2025_has_womens_day_and_the_8th_of_may() {
    let got: Vec<_> = full("DE-BE", 2025).iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (3, 8),
        (4, 18),
        (4, 21),
        (5, 1),
        (5, 8),
        (5, 29),
        (6, 9),
        (10, 3),
        (12, 25),
        (12, 26),
    ];
    assert_eq!(got, expected);
    // The 8th of May was a one-off; Women's Day came in 2019.
    assert!(!full("DE-BE", 2026).iter().any(|x| (x.0, x.1) == (5, 8)));
    assert!(!full("DE-BE", 2018).iter().any(|x| (x.0, x.1) == (3, 8)));
}

#[test]
fn saxony_repentance_day() {
    assert!(full("DE-SN", 2026).contains(&(11, 18, "Buß- und Bettag")));
    assert!(full("DE-SN", 2025).contains(&(11, 19, "Buß- und Bettag")));
    assert!(full("DE-SN", 2024).contains(&(11, 20, "Buß- und Bettag")));
    // 22 November 2028 is itself a Wednesday.
    assert!(full("DE-SN", 2028).contains(&(11, 22, "Buß- und Bettag")));
    assert!(!full("DE-BY", 2026).iter().any(|x| x.2 == "Buß- und Bettag"));
}

#[test]
fn austria_2026() {
    let got: Vec<_> = full("AT", 2026).iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (1, 6),
        (4, 6),
        (5, 1),
        (5, 14),
        (5, 25),
        (6, 4),
        (8, 15),
        (10, 26),
        (11, 1),
        (12, 8),
        (12, 25),
        (12, 26),
    ];
    assert_eq!(got, expected);
}

#[test]
fn zurich_and_geneva_2026() {
    let zh: Vec<_> = full("CH-ZH", 2026).iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (4, 3),
        (4, 6),
        (5, 1),
        (5, 14),
        (5, 25),
        (8, 1),
        (12, 25),
        (12, 26),
    ];
    assert_eq!(zh, expected);
    let ge = full("CH-GE", 2026);
    let dates: Vec<_> = ge.iter().map(|x| (x.0, x.1)).collect();
    let expected = [
        (1, 1),
        (4, 3),
        (4, 6),
        (5, 14),
        (5, 25),
        (8, 1),
        (9, 10),
        (12, 25),
        (12, 31),
    ];
    assert_eq!(dates, expected);
    assert!(ge.contains(&(9, 10, "Jeûne genevois")));
    assert!(ge.contains(&(4, 3, "Vendredi saint")));
}

#[test]
fn weekday_rules_of_the_cantons() {
    // Vaud: the Monday after the third Sunday of September.
    assert!(full("CH-VD", 2026).contains(&(9, 21, "Lundi du Jeûne fédéral")));
    assert!(full("CH-VD", 2025).contains(&(9, 22, "Lundi du Jeûne fédéral")));
    // Glarus: the first Thursday of April, a week later when it is Maundy Thursday (2026).
    assert!(full("CH-GL", 2026).contains(&(4, 9, "Näfelser Fahrt")));
    assert!(full("CH-GL", 2025).contains(&(4, 3, "Näfelser Fahrt")));
    // Uri: no St Stephen's Day when it is a Saturday (2026) or a Tuesday (2028).
    assert!(!full("CH-UR", 2026).iter().any(|x| (x.0, x.1) == (12, 26)));
    assert!(full("CH-UR", 2025).iter().any(|x| (x.0, x.1) == (12, 26)));
    // Neuchâtel: 2 January only on a Monday (2023), not on a Friday (2026).
    assert!(full("CH-NE", 2023).iter().any(|x| (x.0, x.1) == (1, 2)));
    assert!(!full("CH-NE", 2026).iter().any(|x| (x.0, x.1) == (1, 2)));
    assert!(full("CH-TI", 2026).contains(&(6, 29, "San Pietro e Paolo")));
}

#[test]
fn half_days_only_when_asked_and_never_over_a_full_holiday() {
    let by = days(region("DE-BY").unwrap(), 2026, true).unwrap();
    let halves: Vec<_> = by.iter().filter(|x| x.half_day).map(|x| x.date).collect();
    assert_eq!(halves, [d(2026, 12, 24), d(2026, 12, 31)]);
    let ge = days(region("CH-GE").unwrap(), 2026, true).unwrap();
    let dec31 = ge.iter().find(|x| x.date == d(2026, 12, 31)).unwrap();
    assert!(!dec31.half_day);
    assert_eq!(dec31.name, "Restauration de la République");
}

#[test]
fn every_region_is_listed_once_and_fills_any_year() {
    let germany = REGIONS.iter().filter(|x| x.country() == "DE").count();
    let cantons = REGIONS.iter().filter(|x| x.country() == "CH").count();
    assert_eq!((germany, cantons), (16, 26));
    assert!(region("AT").is_some());
    for (i, a) in REGIONS.iter().enumerate() {
        assert!(
            REGIONS[i + 1..].iter().all(|b| b.code != a.code),
            "{}",
            a.code
        );
        for year in [1996, 2026, 2100, 2399] {
            let list = days(a, year, true).unwrap();
            assert!(
                list.windows(2).all(|w| w[0].date < w[1].date),
                "{} {year}",
                a.code
            );
            assert!(list.iter().all(|x| x.date.year() == year));
            assert!(list.len() >= 7, "{} {year}", a.code);
        }
    }
    assert!(region("XX").is_none());
}
