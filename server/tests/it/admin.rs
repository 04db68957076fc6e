//! The services behind the administration and expenses pages (issue 6), on both backends.

use app::model::Role;
use app::services::refs::Named;
use app::services::tasks::{ProjectPick, TaskInput};
use app::services::{
    accounts, clients, expenses, holidays, projects, sessions, task_lists, tasks, users, Actor,
    Paging, ServiceError,
};
use chrono::NaiveDate;

use crate::common::{account, backends, user};

fn fields(e: ServiceError) -> Vec<String> {
    match e {
        ServiceError::Invalid(list) => list.into_iter().map(|i| i.field).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn staff(admin: &Actor, id: i64) -> Actor {
    Actor {
        account_id: admin.account_id,
        user_id: Some(id),
        role: Role::Staff,
    }
}

async fn project(db: &app::db::Db, admin: &Actor, client: &str, name: &str) -> i64 {
    let c = clients::create(
        db,
        admin,
        clients::ClientInput {
            name: Some(client.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    projects::create(
        db,
        admin,
        projects::ProjectInput {
            client: Some(Named::id("clientName", c.id)),
            name: Some(name.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn task_lists_group_a_projects_tasks() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let pid = project(&b.db, &admin, "Acme", "Web").await;
        let l = task_lists::create(&b.db, &admin, pid, " Design ")
            .await
            .unwrap();
        assert_eq!(
            (l.name.as_str(), l.project_id),
            ("Design", pid),
            "{}",
            b.name
        );
        let again = task_lists::create(&b.db, &admin, pid, "Design")
            .await
            .unwrap_err();
        assert_eq!(fields(again), ["name"], "{}", b.name);
        let t = tasks::create(
            &b.db,
            &admin,
            TaskInput {
                name: Some("Mockups".into()),
                project: Some(Some(ProjectPick {
                    client: None,
                    project: Named::id("projectId", pid),
                })),
                task_list_id: Some(Some(l.id)),
                estimated_minutes: Some(Some(270)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (t.task_list_id, t.estimated_minutes),
            (Some(l.id), Some(270)),
            "{}",
            b.name
        );
        // A list with tasks is not deleted; an empty one is.
        assert_eq!(
            fields(task_lists::delete(&b.db, &admin, l.id).await.unwrap_err()),
            ["id"]
        );
        tasks::delete(&b.db, &admin, t.id).await.unwrap();
        task_lists::delete(&b.db, &admin, l.id).await.unwrap();
        assert!(
            task_lists::list(&b.db, &admin, pid)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            b.name
        );
        let sid = user(&b.db, &admin, "sam").await;
        assert!(matches!(
            task_lists::create(&b.db, &staff(&admin, sid), pid, "X").await,
            Err(ServiceError::Forbidden(_))
        ));
    }
}

#[tokio::test]
async fn holidays_one_per_date_and_only_admins_change_them() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let other = account(&b.db, "other").await;
        let day = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        let h = holidays::create(
            &b.db,
            &admin,
            holidays::HolidayInput {
                date: Some(day),
                name: Some("Christmas Eve".into()),
                half_day: Some(true),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (h.date.as_str(), h.half_day),
            ("2026-12-24", true),
            "{}",
            b.name
        );
        let twice = holidays::create(
            &b.db,
            &admin,
            holidays::HolidayInput {
                date: Some(day),
                name: Some("Again".into()),
                half_day: None,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(fields(twice), ["date"], "{}", b.name);
        let missing = holidays::create(&b.db, &admin, Default::default())
            .await
            .unwrap_err();
        assert_eq!(fields(missing), ["date", "name"], "{}", b.name);
        let h = holidays::update(
            &b.db,
            &admin,
            h.id,
            holidays::HolidayInput {
                half_day: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(!h.half_day);
        assert_eq!(
            holidays::list(&b.db, &admin, Some(2026))
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(holidays::list(&b.db, &admin, Some(2025))
            .await
            .unwrap()
            .is_empty());
        // Another account sees none of them and cannot delete them.
        assert!(
            holidays::list(&b.db, &other, None)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            b.name
        );
        assert!(holidays::delete(&b.db, &other, h.id).await.is_err());
        let sid = user(&b.db, &admin, "sam").await;
        assert!(matches!(
            holidays::delete(&b.db, &staff(&admin, sid), h.id).await,
            Err(ServiceError::Forbidden(_))
        ));
        holidays::delete(&b.db, &admin, h.id).await.unwrap();
        assert!(holidays::list(&b.db, &admin, None)
            .await
            .unwrap()
            .is_empty());
    }
}

fn new_user(name: &str, role: Role) -> users::NewUser {
    users::NewUser {
        username: name.into(),
        password: "first-pass-1".into(),
        role,
        first_name: "Mia".into(),
        last_name: "Muster".into(),
        email: String::new(),
    }
}

#[tokio::test]
async fn users_are_created_with_settings_updated_and_deactivated() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let u = users::create(
            &b.db,
            &admin,
            new_user("mia", Role::Manager),
            users::UserInput {
                hour_rate_cents: Some(Some(6000)),
                timezone: Some(Some("America/New_York".into())),
                targets: Some([420, 420, 420, 420, 240, 0, 0]),
                paid_leave_days: Some(28),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(u.role, Role::Manager, "{}", b.name);
        assert_eq!(u.targets, [420, 420, 420, 420, 240, 0, 0]);
        assert_eq!((u.paid_leave_days, u.hour_rate_cents), (28, Some(6000)));
        assert_eq!(u.timezone.as_deref(), Some("America/New_York"));
        assert!(u.active);

        let bad = users::update(
            &b.db,
            &admin,
            u.id,
            users::UserInput {
                timezone: Some(Some("Mars/Base".into())),
                targets: Some([0, 0, 0, 0, 0, 0, 1500]),
                paid_leave_days: Some(-1),
                email: Some("nope".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(bad),
            ["email", "timezone", "targetSun", "paidLeaveDays"],
            "{}",
            b.name
        );

        // A manager reads the list but changes nothing.
        let signed = sessions::login(&b.db, "acme", "mia", "first-pass-1", "192.0.2.1")
            .await
            .unwrap();
        let manager = signed.actor.clone();
        assert_eq!(
            users::list(&b.db, &manager).await.unwrap().len(),
            2,
            "{}",
            b.name
        );
        assert!(matches!(
            users::update(&b.db, &manager, u.id, Default::default()).await,
            Err(ServiceError::Forbidden(_))
        ));

        // A password reset ends the person's sessions; the new password works.
        users::set_password(&b.db, &admin, u.id, "second-pass-2")
            .await
            .unwrap();
        assert!(sessions::resolve(&b.db, &signed.token)
            .await
            .unwrap()
            .is_none());
        assert!(
            sessions::login(&b.db, "acme", "mia", "first-pass-1", "192.0.2.1")
                .await
                .is_err()
        );
        let again = sessions::login(&b.db, "acme", "mia", "second-pass-2", "192.0.2.1")
            .await
            .unwrap();
        assert_eq!(
            fields(
                users::set_password(&b.db, &admin, u.id, "short")
                    .await
                    .unwrap_err()
            ),
            ["password"]
        );

        // Deactivated: signed out at once and cannot sign in.
        let off = users::update(
            &b.db,
            &admin,
            u.id,
            users::UserInput {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(!off.active, "{}", b.name);
        assert!(sessions::resolve(&b.db, &again.token)
            .await
            .unwrap()
            .is_none());
        assert!(matches!(
            sessions::login(&b.db, "acme", "mia", "second-pass-2", "192.0.2.1").await,
            Err(ServiceError::Unauthorized)
        ));

        // Administrators cannot lock themselves out.
        let me = admin.user_id.unwrap();
        let self_harm = users::update(
            &b.db,
            &admin,
            me,
            users::UserInput {
                active: Some(false),
                role: Some(Role::Staff),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(fields(self_harm), ["active", "role"], "{}", b.name);

        // Staff may not even read the list.
        let sid = user(&b.db, &admin, "sam").await;
        assert!(matches!(
            users::list(&b.db, &staff(&admin, sid)).await,
            Err(ServiceError::Forbidden(_))
        ));
        // Another account's user is not found.
        let other = account(&b.db, "other").await;
        assert!(matches!(
            users::update(&b.db, &other, u.id, Default::default()).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn account_settings_are_validated_and_saved() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let s = accounts::settings(&b.db, &admin).await.unwrap();
        assert_eq!(
            (s.break_rule.as_str(), s.currency.as_str()),
            ("off", "EUR"),
            "{}",
            b.name
        );
        let bad = accounts::update_settings(
            &b.db,
            &admin,
            accounts::AccountInput {
                name: Some(" ".into()),
                timezone: Some("Nowhere".into()),
                currency: Some("euro".into()),
                locale: Some("fr".into()),
                break_rule: Some("us".into()),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(bad),
            ["name", "timezone", "currency", "locale", "breakRule"],
            "{}",
            b.name
        );
        let s = accounts::update_settings(
            &b.db,
            &admin,
            accounts::AccountInput {
                name: Some("Acme AG".into()),
                currency: Some("chf".into()),
                break_rule: Some("de".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (
                s.name.as_str(),
                s.currency.as_str(),
                s.break_rule.as_str(),
                s.timezone.as_str()
            ),
            ("Acme AG", "CHF", "de", "Europe/Berlin"),
            "{}",
            b.name
        );
        let sid = user(&b.db, &admin, "sam").await;
        assert!(matches!(
            accounts::settings(&b.db, &staff(&admin, sid)).await,
            Err(ServiceError::Forbidden(_))
        ));
    }
}

#[tokio::test]
async fn expense_totals_per_currency_and_staff_see_their_own() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let pid = project(&b.db, &admin, "Acme", "Web").await;
        let sid = user(&b.db, &admin, "sam").await;
        let sam = staff(&admin, sid);
        let add =
            |actor: Actor, who: i64, (month, day): (u32, u32), cents: i64, cur: Option<&str>| {
                let db = b.db.clone();
                let cur = cur.map(str::to_string);
                async move {
                    expenses::create(
                        &db,
                        &actor,
                        expenses::ExpenseInput {
                            user: Some(Named::id("user", who)),
                            project: Some(Named::id("projectName", pid)),
                            date: NaiveDate::from_ymd_opt(2026, month, day),
                            amount_cents: Some(cents),
                            currency: cur,
                            ..Default::default()
                        },
                    )
                    .await
                    .unwrap()
                }
            };
        let x = add(sam.clone(), sid, (11, 3), 1250, None).await;
        assert_eq!(x.currency, "EUR", "{}", b.name);
        add(sam.clone(), sid, (11, 4), 750, None).await;
        add(
            admin.clone(),
            admin.user_id.unwrap(),
            (11, 5),
            10000,
            Some("USD"),
        )
        .await;
        add(admin.clone(), admin.user_id.unwrap(), (11, 30), 500, None).await;
        // December is outside the month.
        add(admin.clone(), admin.user_id.unwrap(), (12, 1), 900, None).await;
        let november = expenses::ExpenseFilter {
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..Default::default()
        };
        let sums = |v: Vec<app::model::CurrencyTotal>| {
            v.into_iter()
                .map(|t| (t.currency, t.amount_cents))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sums(expenses::totals(&b.db, &admin, &november).await.unwrap()),
            [("EUR".to_string(), 2500), ("USD".to_string(), 10000)],
            "{}",
            b.name
        );
        assert_eq!(
            sums(expenses::totals(&b.db, &sam, &november).await.unwrap()),
            [("EUR".to_string(), 2000)],
            "{}",
            b.name
        );
        // A staff member asking for someone else's still gets only their own.
        let theirs = expenses::ExpenseFilter {
            user_id: admin.user_id,
            ..november.clone()
        };
        assert!(expenses::list(
            &b.db,
            &sam,
            &theirs,
            Paging {
                page: 0,
                limit: 100
            }
        )
        .await
        .unwrap()
        .items
        .is_empty());
        let only_sam = expenses::ExpenseFilter {
            user_id: Some(sid),
            ..november.clone()
        };
        let page = expenses::list(
            &b.db,
            &admin,
            &only_sam,
            Paging {
                page: 0,
                limit: 100,
            },
        )
        .await
        .unwrap();
        assert_eq!(page.total, 2, "{}", b.name);
        assert_eq!(
            expenses::default_currency(&b.db, &sam).await.unwrap(),
            "EUR"
        );
    }
}
