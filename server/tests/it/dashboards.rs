//! Project dashboards: the totals equal the sums of the entries, expenses count, budgets burn,
//! staff are refused, and the CSV holds the same numbers.

use app::model::Role;
use app::services::dashboards::{dashboard, overview, Range};
use app::services::{Actor, ServiceError};

use crate::common::{account, backends, call, key, state};

#[tokio::test]
async fn dashboard_totals_are_the_sums_of_the_entries() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let post = |path: &'static str, body: String| {
            let (st, c) = (st.clone(), c.clone());
            async move {
                let r = call(&st, "POST", path, Some(&c), Some(&body)).await;
                assert_eq!(r.status, 201, "{path}: {}", r.json);
                r.json
            }
        };
        post("/api/v2/ext/clients", r#"{"clientName": "Acme"}"#.into()).await;
        let project = post(
            "/api/v2/ext/projects",
            r#"{"clientName": "Acme", "projectName": "Web", "hourRate": 90, "budgetMinutes": 600, "budgetAmount": 1000}"#.into(),
        )
        .await;
        let pid = project["data"]["id"].as_i64().unwrap();
        post(
            "/api/v2/ext/tasks",
            r#"{"clientName": "Acme", "projectName": "Web", "taskName": "Design"}"#.into(),
        )
        .await;
        // 2 h + 1.5 h billable (with task), 1 h non-billable: 4:30 in all, 3:30 billable.
        for (from, to, billable, task) in [
            ("2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z", true, true),
            ("2026-03-03T08:00:00Z", "2026-03-03T09:30:00Z", true, false),
            ("2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z", false, false),
        ] {
            let task = if task {
                r#", "taskName": "Design""#
            } else {
                ""
            };
            post(
                "/api/v2/ext/project_time_entries",
                format!(r#"{{"user": "admin", "clientName": "Acme", "projectName": "Web", "from": "{from}", "to": "{to}", "billable": {billable}{task}}}"#),
            )
            .await;
        }
        post(
            "/api/v2/ext/expenses",
            r#"{"user": "admin", "clientName": "Acme", "projectName": "Web", "date": "2026-03-05", "amount": 120.50}"#.into(),
        )
        .await;

        let all = Range::default();
        let d = dashboard(&b.db, &admin, pid, &all).await.unwrap();
        assert_eq!(
            (d.sums.minutes, d.sums.billable_minutes, d.sums.entries),
            (270, 210, 3),
            "{}",
            b.name
        );
        assert_eq!(d.sums.amount_cents, 31500, "{}: 3.5 h × 90", b.name);
        assert_eq!(d.sums.expenses_cents, 12050, "{}", b.name);
        assert_eq!(d.project.used_cents, 31500 + 12050, "{}", b.name);
        assert_eq!(
            d.project.time_burn(),
            Some(45),
            "{}: 270 of 600 min",
            b.name
        );
        assert_eq!(d.project.money_burn(), Some(43), "{}", b.name);
        assert_eq!(
            d.by_user.iter().map(|s| s.minutes).sum::<i64>(),
            270,
            "{}",
            b.name
        );
        assert_eq!(
            d.by_task.iter().map(|s| s.minutes).sum::<i64>(),
            270,
            "{}",
            b.name
        );
        assert!(
            d.by_task
                .iter()
                .any(|s| s.label == "Design" && s.minutes == 120),
            "{}",
            b.name
        );
        let weeks: Vec<(String, i64)> = d
            .by_week
            .iter()
            .map(|s| (s.label.clone(), s.minutes))
            .collect();
        assert_eq!(
            weeks,
            vec![("2026-03-02".into(), 210), ("2026-03-09".into(), 60)],
            "{}",
            b.name
        );

        // A range keeps the budget burn (all time) but narrows the sums.
        let first_week = Range::parse("2026-03-02", "2026-03-08").unwrap();
        let d = dashboard(&b.db, &admin, pid, &first_week).await.unwrap();
        assert_eq!(
            (d.sums.minutes, d.sums.expenses_cents),
            (210, 12050),
            "{}",
            b.name
        );
        assert_eq!(d.project.used_minutes, 270, "{}", b.name);
        let o = overview(&b.db, &admin, &first_week).await.unwrap();
        assert_eq!(o.projects.len(), 1, "{}", b.name);
        assert_eq!(o.projects[0].1.minutes, 210, "{}", b.name);

        // Staff are refused; another account does not find the project.
        let staff = Actor {
            role: Role::Staff,
            ..admin.clone()
        };
        assert!(
            matches!(
                dashboard(&b.db, &staff, pid, &all).await,
                Err(ServiceError::Forbidden(_))
            ),
            "{}",
            b.name
        );
        let other = account(&b.db, "globex").await;
        assert!(
            matches!(
                dashboard(&b.db, &other, pid, &all).await,
                Err(ServiceError::NotFound(_))
            ),
            "{}",
            b.name
        );
        assert!(
            overview(&b.db, &other, &all)
                .await
                .unwrap()
                .projects
                .is_empty(),
            "{}",
            b.name
        );
        assert!(Range::parse("2026-03-09", "2026-03-01").is_err());
    }
}
