//! The daily-time pages' services: whose week or attendance a page may show, and the statutory
//! break rule's warning.

use app::model::Role;
use app::services::{attendance_page, attendances, refs::Named, week, Actor, ServiceError};
use chrono::{TimeZone, Utc};

use crate::common::{account, backends, user};

#[tokio::test]
async fn managers_see_the_team_staff_only_themselves() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let other = account(&b.db, "globex").await;
        let ann = user(&b.db, &admin, "ann").await;
        let staff = Actor {
            account_id: admin.account_id,
            user_id: Some(ann),
            role: Role::Staff,
        };
        let week = week::week(&b.db, &admin, None, Some(ann)).await.unwrap();
        assert_eq!(week.user_id, ann, "{}", b.name);
        assert_eq!(week.team.len(), 2, "{}: admin and ann", b.name);
        let own = week::week(&b.db, &staff, None, None).await.unwrap();
        assert_eq!((own.user_id, own.team.len()), (ann, 1), "{}", b.name);
        assert!(
            matches!(
                week::week(&b.db, &staff, None, admin.user_id).await,
                Err(ServiceError::Forbidden(_))
            ),
            "{}",
            b.name
        );
        // Another account's person is not found, not shown.
        assert!(
            matches!(
                attendance_page::attendance_page(&b.db, &admin, other.user_id).await,
                Err(ServiceError::NotFound(_))
            ),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn the_german_break_rule_flags_short_breaks() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let me = Named::id("user", admin.user_id.unwrap());
        let today = Utc::now().date_naive();
        let at = |h: u32, m: u32| {
            Utc.from_utc_datetime(&today.and_hms_opt(h, m, 0).unwrap()) - chrono::Duration::days(1)
        };
        // 07:00–14:15 with 15 min break: 7 h worked, 30 min needed.
        for (from, to, brk) in [(at(7, 0), at(14, 15), 15), (at(15, 0), at(17, 0), 0)] {
            attendances::create(
                &b.db,
                &admin,
                attendances::AttendanceInput {
                    user: Some(me.clone()),
                    from: Some(from),
                    to: Some(to),
                    break_minutes: Some(brk),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        }
        let page = attendance_page::attendance_page(&b.db, &admin, None)
            .await
            .unwrap();
        assert_eq!(page.break_rule, "off", "{}", b.name);
        assert!(
            page.rows.iter().all(|r| r.break_required.is_none()),
            "{}",
            b.name
        );

        sqlx::query("UPDATE accounts SET break_rule = 'de' WHERE id = $1")
            .bind(admin.account_id)
            .execute(&b.db.pool)
            .await
            .unwrap();
        let page = attendance_page::attendance_page(&b.db, &admin, None)
            .await
            .unwrap();
        let flagged: Vec<(i64, Option<i64>)> = page
            .rows
            .iter()
            .map(|r| (r.worked_minutes, r.break_required))
            .collect();
        assert_eq!(flagged, vec![(120, None), (420, Some(30))], "{}", b.name);
    }
}
