//! How durations read, on the server (CSV) and in the browser alike.

/// Minutes as "h:mm" ("-1:05" when negative, as a balance can be).
pub fn hm(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// Cents as "1234.50" (CSV, XLSX and pages alike; the currency is written beside it).
pub fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

/// Seconds as a running clock, "1:02:05".
pub fn clock(total_secs: i64) -> String {
    let s = total_secs.max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::hm(90), "1:30");
        assert_eq!(super::hm(-65), "-1:05");
        assert_eq!(super::clock(3725), "1:02:05");
        assert_eq!(super::cents(-1205), "-12.05");
    }
}
