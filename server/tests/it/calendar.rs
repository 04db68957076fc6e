//! The absence calendar: working-day counts skip weekends and holidays, the leave balance, the
//! team month, approving, and the ICS feed behind its secret link.

use app::model::Role;
use app::services::{absences, calendar, refs::Named, Actor, ServiceError};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{account, backends, state, user};

async fn get(st: &app::server::AppState, uri: &str) -> (StatusCode, String) {
    let resp = server::router::app(st.clone())
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).to_string())
}

#[tokio::test]
async fn request_approve_and_subscribe() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let ann = user(&b.db, &admin, "ann").await;
        let staff = Actor {
            account_id: admin.account_id,
            user_id: Some(ann),
            role: Role::Staff,
        };
        sqlx::query("INSERT INTO holidays (account_id, day, name, created_at) VALUES ($1, '2026-12-25', 'Christmas Day', '2026-01-01T00:00:00.000Z')")
            .bind(admin.account_id)
            .execute(&b.db.pool)
            .await
            .unwrap();
        // Mon 21 Dec – Tue 29 Dec: 7 weekdays, minus Christmas Day (Friday) = 6 working days.
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let request = absences::create(
            &b.db,
            &staff,
            absences::AbsenceInput {
                user: Some(Named::id("user", ann)),
                absence_type: Some("Paid Leave".into()),
                from: Some(d("2026-12-21")),
                to: Some(d("2026-12-29")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (request.days, request.status.as_str()),
            (6.0, "pending"),
            "{}",
            b.name
        );

        let month = calendar::month(&b.db, &staff, "2026-12", None)
            .await
            .unwrap();
        assert_eq!(month.leave.entitlement, 30.0, "{}", b.name);
        assert_eq!(
            (month.leave.pending, month.leave.remaining),
            (6.0, 24.0),
            "{}",
            b.name
        );
        let christmas = month.days.iter().find(|x| x.date == "2026-12-25").unwrap();
        assert_eq!(
            christmas.holiday.as_deref(),
            Some("Christmas Day"),
            "{}",
            b.name
        );
        assert!(
            !month
                .days
                .iter()
                .find(|x| x.date == "2026-12-26")
                .unwrap()
                .working,
            "{}: Saturday",
            b.name
        );
        assert_eq!(christmas.absences[0].status, "pending", "{}", b.name);

        // Staff neither see the team nor decide; a manager approves.
        assert!(
            matches!(
                calendar::team(&b.db, &staff, "2026-12").await,
                Err(ServiceError::Forbidden(_))
            ),
            "{}",
            b.name
        );
        assert!(
            calendar::decide(&b.db, &staff, request.id, true)
                .await
                .is_err(),
            "{}",
            b.name
        );
        let team = calendar::team(&b.db, &admin, "2026-12").await.unwrap();
        assert_eq!(team.pending.len(), 1, "{}", b.name);
        calendar::decide(&b.db, &admin, request.id, true)
            .await
            .unwrap();
        let team = calendar::team(&b.db, &admin, "2026-12").await.unwrap();
        assert!(team.pending.is_empty(), "{}", b.name);
        let row = team.rows.iter().find(|r| r.user_id == ann).unwrap();
        assert_eq!(
            row.cells[21].as_ref().map(|c| c.status.as_str()),
            Some("approved"),
            "{}: 22 Dec",
            b.name
        );
        // Sick leave does not draw on the entitlement (its type does not use leave).
        absences::create(
            &b.db,
            &staff,
            absences::AbsenceInput {
                user: Some(Named::id("user", ann)),
                absence_type: Some("Sick Leave".into()),
                from: Some(d("2026-12-01")),
                to: Some(d("2026-12-02")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let month = calendar::month(&b.db, &staff, "2026-12", None)
            .await
            .unwrap();
        assert_eq!(
            (
                month.leave.approved,
                month.leave.pending,
                month.leave.remaining
            ),
            (6.0, 0.0, 24.0),
            "{}",
            b.name
        );

        // The feed lists the approved absence; a new link revokes the old one.
        let st = state(&b.db, 1000);
        let token = calendar::new_feed(&b.db, &staff).await.unwrap();
        let (status, ics) = get(&st, &format!("/calendar/{token}.ics")).await;
        assert_eq!(status, StatusCode::OK, "{}", b.name);
        assert!(
            ics.contains("DTSTART;VALUE=DATE:20261221\r\nDTEND;VALUE=DATE:20261230"),
            "{}: {ics}",
            b.name
        );
        assert!(ics.contains("SUMMARY:Paid Leave"), "{}", b.name);
        let newer = calendar::new_feed(&b.db, &staff).await.unwrap();
        assert_eq!(
            get(&st, &format!("/calendar/{token}.ics")).await.0,
            StatusCode::NOT_FOUND,
            "{}",
            b.name
        );
        assert_eq!(
            get(&st, &format!("/calendar/{newer}.ics")).await.0,
            StatusCode::OK,
            "{}",
            b.name
        );
        calendar::revoke_feed(&b.db, &staff).await.unwrap();
        assert_eq!(
            get(&st, &format!("/calendar/{newer}.ics")).await.0,
            StatusCode::NOT_FOUND,
            "{}",
            b.name
        );
        assert_eq!(
            get(&st, "/calendar/nonsense.ics").await.0,
            StatusCode::NOT_FOUND,
            "{}",
            b.name
        );

        // Another account does not see this person.
        let other = account(&b.db, "globex").await;
        assert!(
            calendar::month(&b.db, &other, "2026-12", Some(ann))
                .await
                .is_err(),
            "{}",
            b.name
        );
        assert!(
            calendar::team(&b.db, &other, "2026-12")
                .await
                .unwrap()
                .pending
                .is_empty(),
            "{}",
            b.name
        );
    }
}
