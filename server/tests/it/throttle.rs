use app::db::Db;
use app::services::{api_keys, throttle};

use crate::common::{account, backends};

#[tokio::test]
async fn budget_is_counted_per_key() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let k1 = api_keys::generate(&b.db, &actor, "").await.unwrap();
        let k2 = api_keys::generate(&b.db, &actor, "").await.unwrap();
        let p1 = api_keys::authenticate(&b.db, &k1.key.public_key, &k1.secret)
            .await
            .unwrap();
        let p2 = api_keys::authenticate(&b.db, &k2.key.public_key, &k2.secret)
            .await
            .unwrap();
        for i in 0..3 {
            let got = throttle::take(&b.db, &p1, 3).await.unwrap();
            assert!(got.allowed, "{}", b.name);
            assert_eq!(got.remaining, 2 - i);
        }
        let refused = throttle::take(&b.db, &p1, 3).await.unwrap();
        assert!(!refused.allowed, "{}", b.name);
        assert!(refused.reset_secs >= 1 && refused.reset_secs <= 60);
        assert!(
            throttle::take(&b.db, &p2, 3).await.unwrap().allowed,
            "{}: other key unaffected",
            b.name
        );
    }
}

/// Two stateless server processes share one database: here two separate pools (no shared
/// memory at all) draw 40 concurrent requests from one budget of 30.
#[tokio::test]
async fn two_pools_on_one_database_share_the_budget() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let k = api_keys::generate(&b.db, &actor, "").await.unwrap();
        let p = api_keys::authenticate(&b.db, &k.key.public_key, &k.secret)
            .await
            .unwrap();
        let second = Db::connect(&b.url).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..40 {
            let db = if i % 2 == 0 {
                b.db.clone()
            } else {
                second.clone()
            };
            let p = p.clone();
            tasks.push(tokio::spawn(async move {
                throttle::take(&db, &p, 30).await.unwrap().allowed
            }));
        }
        let mut allowed = 0;
        for t in tasks {
            allowed += usize::from(t.await.unwrap());
        }
        assert_eq!(allowed, 30, "{}", b.name);
    }
}
