use app::services::{sessions, ServiceError};

use crate::common::{account, backends};

#[tokio::test]
async fn login_resolve_logout() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let signed = sessions::login(&b.db, "acme", "admin", "correct horse", "192.0.2.1")
            .await
            .unwrap();
        assert_eq!(signed.actor, actor, "{}", b.name);
        let (resolved, user) = sessions::resolve(&b.db, &signed.token)
            .await
            .unwrap()
            .expect("live session");
        assert_eq!(resolved, actor, "{}", b.name);
        assert_eq!(user.account_slug, "acme");
        assert!(sessions::resolve(&b.db, "not-a-token")
            .await
            .unwrap()
            .is_none());
        sessions::logout(&b.db, &signed.token).await.unwrap();
        assert!(
            sessions::resolve(&b.db, &signed.token)
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn wrong_password_unknown_user_and_unknown_account_look_alike() {
    for b in backends().await {
        account(&b.db, "acme").await;
        for (acct, user, pw) in [
            ("acme", "admin", "wrong"),
            ("acme", "nobody", "x"),
            ("nope", "admin", "correct horse"),
        ] {
            let err = sessions::login(&b.db, acct, user, pw, "192.0.2.1")
                .await
                .err();
            assert!(
                matches!(err, Some(ServiceError::Unauthorized)),
                "{}: {acct}/{user}",
                b.name
            );
        }
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_username_for_a_while() {
    for b in backends().await {
        account(&b.db, "acme").await;
        for _ in 0..sessions::MAX_FAILURES {
            assert!(
                sessions::login(&b.db, "acme", "admin", "wrong", "192.0.2.1")
                    .await
                    .is_err()
            );
        }
        // Now even the right password is refused, with a time to wait.
        match sessions::login(&b.db, "acme", "admin", "correct horse", "192.0.2.1").await {
            Err(ServiceError::LockedOut { retry_after_secs }) => {
                assert!(
                    retry_after_secs > 0
                        && retry_after_secs <= sessions::FAILURE_WINDOW_MINUTES * 60,
                    "{}",
                    b.name
                )
            }
            other => panic!("{}: expected LockedOut, got {:?}", b.name, other.err()),
        }
    }
}
