//! Filling a year of public holidays from a region (issue 19): through the page's server
//! functions, on both backends — idempotent, names kept unless confirmed, admins only.

use app::services::holidays::{self, HolidayInput};
use axum::http::StatusCode;
use chrono::NaiveDate;

use crate::common::{account, backends, state, user, Browser};

fn report(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn a_year_fills_once_names_stay_until_confirmed_and_staff_are_refused() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        user(&b.db, &admin, "sam").await;
        let st = state(&b.db, 1000);
        // An administrator typed German Unity Day by hand under another name.
        holidays::create(
            &b.db,
            &admin,
            HolidayInput {
                date: NaiveDate::from_ymd_opt(2026, 10, 3),
                name: Some("Unity Day".into()),
                half_day: Some(false),
            },
        )
        .await
        .unwrap();
        let days = |year| holidays::list(&b.db, &admin, Some(year));
        assert_eq!(days(2026).await.unwrap().len(), 1, "{}", b.name);

        let staff = Browser::signed_in(&st, "acme", "sam", "staff-pass-1").await;
        let form = [("region", "DE-BY"), ("year", "2026"), ("half_days", "on")];
        let r = staff.call("fill_holidays", &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {}", b.name, r.body);
        assert_eq!(days(2026).await.unwrap().len(), 1, "{}", b.name);

        let web = Browser::signed_in(&st, "acme", "admin", "correct horse").await;
        let r = web.call("fill_holidays", &form).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        let first = report(&r.body);
        // Bavaria: 13 holidays and two half days; 3 October was there already.
        assert_eq!(
            (
                &first["added"],
                &first["kept"],
                &first["clashes"][0]["current"]
            ),
            (&14.into(), &0.into(), &"Unity Day".into()),
            "{}: {first}",
            b.name
        );
        let after = days(2026).await.unwrap();
        assert_eq!(after.len(), 15, "{}", b.name);
        let corpus = after.iter().find(|h| h.date == "2026-06-04").unwrap();
        assert_eq!(corpus.name, "Fronleichnam", "{}", b.name);
        assert!(after.iter().any(|h| h.date == "2026-12-24" && h.half_day));

        let r = web.call("fill_holidays", &form).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        let again = report(&r.body);
        assert_eq!(
            (&again["added"], &again["kept"]),
            (&0.into(), &14.into()),
            "{}",
            b.name
        );
        assert_eq!(
            days(2026).await.unwrap(),
            after,
            "{}: nothing changed",
            b.name
        );

        let mut confirm = form.to_vec();
        confirm.push(("replace_names", "on"));
        let r = web.call("fill_holidays", &confirm).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert_eq!(report(&r.body)["renamed"], 1, "{}", b.name);
        let renamed = days(2026).await.unwrap();
        assert_eq!(renamed.len(), 15, "{}", b.name);
        let unity = renamed.iter().find(|h| h.date == "2026-10-03").unwrap();
        assert_eq!(unity.name, "Tag der Deutschen Einheit", "{}", b.name);

        // The account remembers the region for "fill next year".
        let r = web.call("load_holiday_fill", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert_eq!(report(&r.body)["region"], "DE-BY", "{}", b.name);

        // The page offers the form and, with the region remembered, next year in one click.
        let page = web.get("/admin/holidays").await;
        assert_eq!(page.status, StatusCode::OK, "{}", b.name);
        for marker in ["holiday-fill-form", "fill-next-year", "Bayern"] {
            assert!(page.body.contains(marker), "{}: {marker} missing", b.name);
        }

        let bad = [("region", "DE-XX"), ("year", "12"), ("half_days", "on")];
        let r = web.call("fill_holidays", &bad).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            b.name,
            r.body
        );
        assert!(
            r.body.contains("region") && r.body.contains("year"),
            "{}: {}",
            b.name,
            r.body
        );
        assert_eq!(days(2026).await.unwrap(), renamed, "{}", b.name);
    }
}
