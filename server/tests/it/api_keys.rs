use app::model::Role;
use app::services::{api_keys, ServiceError};

use crate::common::{account, backends};

#[tokio::test]
async fn generate_authenticate_revoke() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let created = api_keys::generate(&b.db, &actor, "ERP").await.unwrap();
        assert_eq!(created.secret.len(), 64);
        let who = api_keys::authenticate(&b.db, &created.key.public_key, &created.secret)
            .await
            .unwrap();
        assert_eq!(who.account_id, actor.account_id, "{}", b.name);
        // The secret is not stored in clear text.
        let stored: String =
            sqlx::query_scalar::<_, String>("SELECT secret_hash FROM api_keys WHERE id = $1")
                .bind(created.key.id)
                .fetch_one(&b.db.pool)
                .await
                .unwrap();
        assert_ne!(stored, created.secret);
        let wrong = api_keys::authenticate(&b.db, &created.key.public_key, "0000").await;
        assert!(
            matches!(wrong, Err(ServiceError::Unauthorized)),
            "{}",
            b.name
        );

        let listed = api_keys::list(&b.db, &actor).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(
            listed[0].last_used_at.is_some(),
            "{}: last use recorded",
            b.name
        );

        let revoked = api_keys::revoke(&b.db, &actor, created.key.id)
            .await
            .unwrap();
        assert!(revoked.revoked_at.is_some());
        let after = api_keys::authenticate(&b.db, &created.key.public_key, &created.secret).await;
        assert!(
            matches!(after, Err(ServiceError::Unauthorized)),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn only_admins_manage_keys_and_only_their_own_account() {
    for b in backends().await {
        let a = account(&b.db, "acme").await;
        let other = account(&b.db, "other").await;
        let key = api_keys::generate(&b.db, &a, "").await.unwrap();
        let staff = app::services::Actor {
            role: Role::Staff,
            ..a.clone()
        };
        assert!(matches!(
            api_keys::generate(&b.db, &staff, "").await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            api_keys::list(&b.db, &staff).await,
            Err(ServiceError::Forbidden(_))
        ));
        // Another account's admin can neither see nor revoke it.
        assert!(
            api_keys::list(&b.db, &other).await.unwrap().is_empty(),
            "{}",
            b.name
        );
        assert!(matches!(
            api_keys::revoke(&b.db, &other, key.key.id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(
            api_keys::authenticate(&b.db, &key.key.public_key, &key.secret)
                .await
                .is_ok(),
            "{}",
            b.name
        );
    }
}
