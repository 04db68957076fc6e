use axum::http::StatusCode;
use serde_json::json;

use crate::common::{account, backends, call, key, state, user};

#[tokio::test]
async fn timesheet_per_local_day_over_a_dst_change() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let ann = user(&b.db, &admin, "ann").await;
        let post = |path: &'static str, body: serde_json::Value| {
            let st = st.clone();
            let c = c.clone();
            async move { call(&st, "POST", path, Some(&c), Some(&body.to_string())).await }
        };
        post("/api/v2/ext/clients", json!({"clientName": "ACME"})).await;
        post(
            "/api/v2/ext/projects",
            json!({"clientName": "ACME", "projectName": "Web"}),
        )
        .await;
        // Sat 28 → Sun 29 March 2026, Berlin: 23:00 → 08:00 (the clocks jump at 02:00).
        let a = post("/api/v2/ext/attendances", json!({"user": "ann", "from": "2026-03-28T22:00:00Z", "to": "2026-03-29T06:00:00Z", "breakMinutes": 30})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
        post("/api/v2/ext/project_time_entries", json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "from": "2026-03-30T08:00:00Z", "to": "2026-03-30T10:00:00Z"})).await;
        post("/api/v2/ext/project_time_entries", json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "billable": false, "from": "2026-03-30T11:00:00Z", "to": "2026-03-30T12:00:00Z"})).await;
        sqlx::query("INSERT INTO holidays (account_id, day, name, created_at) VALUES ($1, '2026-03-31', 'Test Holiday', '2026-01-01T00:00:00.000Z')")
            .bind(admin.account_id)
            .execute(&b.db.pool)
            .await
            .unwrap();
        let leave = post("/api/v2/ext/absences", json!({"user": "ann", "absenceType": "Paid Leave", "from": "2026-03-31", "to": "2026-04-01", "status": "approved"})).await;
        assert_eq!(
            leave.json["data"]["days"], 1.0,
            "{}: the holiday is not a leave day",
            b.name
        );

        let r = call(
            &st,
            "GET",
            &format!("/api/v2/ext/user_reports/{ann}?from=2026-03-28&to=2026-04-01"),
            Some(&c),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.json);
        let d = &r.json["data"];
        assert_eq!(d["timezone"], "Europe/Berlin");
        let day = |i: usize, field: &str| d["days"][i][field].clone();
        assert_eq!(
            (
                day(0, "date"),
                day(0, "attendanceMinutes"),
                day(0, "breakMinutes")
            ),
            (json!("2026-03-28"), json!(30), json!(30)),
            "{}",
            b.name
        );
        assert_eq!(
            day(1, "attendanceMinutes"),
            420,
            "{}: 23:00Z–06:00Z of the 23-hour Sunday",
            b.name
        );
        assert_eq!(
            (
                day(2, "projectMinutes"),
                day(2, "billableMinutes"),
                day(2, "nonBillableMinutes")
            ),
            (json!(180), json!(120), json!(60))
        );
        assert_eq!(
            (day(2, "targetMinutes"), day(2, "balanceMinutes")),
            (json!(480), json!(-480))
        );
        assert_eq!(
            (day(3, "holiday"), day(3, "targetMinutes")),
            (json!("Test Holiday"), json!(0))
        );
        assert_eq!(
            day(4, "absences"),
            json!([{"absenceType": "Paid Leave", "days": 1.0}])
        );
        assert_eq!(
            (day(4, "creditedMinutes"), day(4, "balanceMinutes")),
            (json!(480), json!(0))
        );
        let t = &d["totals"];
        assert_eq!(
            (
                t["attendanceMinutes"].clone(),
                t["breakMinutes"].clone(),
                t["projectMinutes"].clone(),
                t["targetMinutes"].clone(),
                t["balanceMinutes"].clone()
            ),
            (json!(450), json!(30), json!(180), json!(960), json!(-30)),
            "{}",
            b.name
        );
        assert_eq!(
            d["projects"],
            json!([{"projectId": d["projects"][0]["projectId"], "projectName": "Web", "clientName": "ACME", "minutes": 180, "billableMinutes": 120}])
        );

        let list = call(
            &st,
            "GET",
            "/api/v2/ext/user_reports?from=2026-03-28&to=2026-04-01",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(
            list.json["meta"]["totalRecords"], 2,
            "{}: admin and ann",
            b.name
        );
        let one = call(
            &st,
            "GET",
            "/api/v2/ext/user_reports?user=ann&from=2026-03-28&to=2026-04-01",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(one.json["data"][0]["totals"], d["totals"]);
        let bad = call(
            &st,
            "GET",
            "/api/v2/ext/user_reports?from=2026-04-01&to=2026-03-01",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let missing = call(
            &st,
            "GET",
            "/api/v2/ext/user_reports/999999?from=2026-03-28&to=2026-04-01",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", b.name);
    }
}
