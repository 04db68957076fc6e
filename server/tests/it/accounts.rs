use app::services::{accounts, users, ServiceError};
use sqlx::Row;

use crate::common::{account, admin_user, backends};

#[tokio::test]
async fn new_account_has_admin_and_default_absence_types() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let names: Vec<String> =
            sqlx::query("SELECT name FROM absence_types WHERE account_id = $1 ORDER BY id")
                .bind(actor.account_id)
                .fetch_all(&b.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>(0))
                .collect();
        assert_eq!(
            names,
            ["Paid Leave", "Sick Leave", "Unpaid Leave", "Public Holiday"],
            "{}",
            b.name
        );
        let role: String = sqlx::query("SELECT role FROM users WHERE id = $1")
            .bind(actor.user_id.unwrap())
            .fetch_one(&b.db.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(role, "admin", "{}", b.name);
        let (count, single) = accounts::count_upto_two(&b.db).await.unwrap();
        assert_eq!((count, single.as_deref()), (1, Some("acme")), "{}", b.name);
    }
}

#[tokio::test]
async fn bad_account_input_lists_every_problem_and_creates_nothing() {
    for b in backends().await {
        let mut admin = admin_user("bad name!");
        admin.password = "short".into();
        let err = accounts::create_account(
            &b.db,
            accounts::NewAccount {
                slug: "No Spaces".into(),
                name: "".into(),
                timezone: "Mars/Olympus".into(),
                currency: "euro".into(),
                locale: "fr".into(),
                admin,
            },
        )
        .await
        .unwrap_err();
        let ServiceError::Invalid(list) = err else {
            panic!("{}: expected Invalid", b.name)
        };
        let mut fields: Vec<&str> = list.iter().map(|i| i.field.as_str()).collect();
        fields.sort();
        assert_eq!(
            fields,
            ["currency", "locale", "name", "password", "slug", "timezone", "username"],
            "{}",
            b.name
        );
        assert_eq!(
            accounts::count_upto_two(&b.db).await.unwrap().0,
            0,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn duplicate_slug_and_username_are_field_errors() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let again = accounts::create_account(
            &b.db,
            accounts::NewAccount {
                slug: "acme".into(),
                name: "Other".into(),
                timezone: "UTC".into(),
                currency: "USD".into(),
                locale: "en".into(),
                admin: admin_user("boss"),
            },
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&again, ServiceError::Invalid(l) if l[0].field == "slug"),
            "{}: {again:?}",
            b.name
        );
        // The failed account left nothing behind (one transaction).
        let users: i64 = sqlx::query("SELECT COUNT(*) FROM users")
            .fetch_one(&b.db.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(users, 1, "{}", b.name);

        let dup = users::create_user(&b.db, &actor, admin_user("admin"))
            .await
            .unwrap_err();
        assert!(
            matches!(&dup, ServiceError::Invalid(l) if l[0].field == "username"),
            "{}: {dup:?}",
            b.name
        );
        // The same username in another account is fine.
        let other = account(&b.db, "other").await;
        assert_ne!(other.account_id, actor.account_id);
    }
}

#[tokio::test]
async fn staff_cannot_create_users() {
    for b in backends().await {
        let mut actor = account(&b.db, "acme").await;
        actor.role = app::model::Role::Staff;
        let err = users::create_user(&b.db, &actor, admin_user("x"))
            .await
            .unwrap_err();
        assert!(matches!(err, ServiceError::Forbidden(_)), "{}", b.name);
    }
}
