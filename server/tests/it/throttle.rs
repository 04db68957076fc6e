use app::db::Db;
use app::services::api_keys::ApiPrincipal;
use app::services::{api_keys, throttle};

use crate::common::{account, backends, Backend};

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

/// `n` concurrent takes with `limit`, alternating between the backend's pool and a second one
/// (another process, in effect); the key and how many were allowed.
async fn takes_from_two_pools(b: &Backend, n: usize, limit: i64) -> (ApiPrincipal, i64) {
    let actor = account(&b.db, "acme").await;
    let k = api_keys::generate(&b.db, &actor, "").await.unwrap();
    let p = api_keys::authenticate(&b.db, &k.key.public_key, &k.secret)
        .await
        .unwrap();
    let second = Db::connect(&b.url).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..n {
        let db = if i % 2 == 0 {
            b.db.clone()
        } else {
            second.clone()
        };
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            throttle::take(&db, &p, limit).await.unwrap().allowed
        }));
    }
    let mut allowed = 0;
    for t in tasks {
        allowed += i64::from(t.await.unwrap());
    }
    (p, allowed)
}

/// Two stateless server processes share one database: here two separate pools (no shared
/// memory at all) draw 40 concurrent requests from one budget of 30.
#[tokio::test]
async fn two_pools_on_one_database_share_the_budget() {
    for b in backends().await {
        let (_, allowed) = takes_from_two_pools(&b, 40, 30).await;
        assert_eq!(allowed, 30, "{}", b.name);
    }
}

/// With a large limit each process leases chunks of the budget (a hundredth of it) instead of
/// writing the database per request: two pools still never accept more than the limit, and at
/// least the limit minus one chunk per pool.
#[tokio::test]
async fn leased_budget_holds_across_pools() {
    for b in backends().await {
        let (limit, chunk) = (500, throttle::chunk_for(500));
        assert_eq!(chunk, 5);
        let (p, allowed) = takes_from_two_pools(&b, 600, limit).await;
        assert!(
            (limit - 2 * chunk..=limit).contains(&allowed),
            "{}: {allowed} accepted",
            b.name
        );
        // One database write per chunk, not per request: 600 requests added far less than
        // 600 chunks to the window's count.
        let counted: i64 =
            sqlx::query_scalar("SELECT request_count FROM api_rate_limits WHERE api_key_id = $1")
                .bind(p.key_id)
                .fetch_one(&b.db.pool)
                .await
                .unwrap();
        assert!(counted < 600, "{}: {counted}", b.name);
    }
}

/// A key revoked by another process keeps working here for at most the cache's few seconds,
/// while a wrong secret is refused even from the cache.
#[tokio::test]
async fn a_key_revoked_elsewhere_stops_within_the_cache_time() {
    use std::time::{Duration, Instant};
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let k = api_keys::generate(&b.db, &actor, "").await.unwrap();
        let (key, secret) = (k.key.public_key.clone(), k.secret.clone());
        api_keys::authenticate(&b.db, &key, &secret).await.unwrap();
        assert!(
            api_keys::authenticate(&b.db, &key, "0000").await.is_err(),
            "{}",
            b.name
        );

        let other = Db::connect(&b.url).await.unwrap();
        let revoked_at = Instant::now();
        api_keys::revoke(&other, &actor, k.key.id).await.unwrap();
        assert!(
            api_keys::authenticate(&other, &key, &secret).await.is_err(),
            "{}: the revoking process refuses at once",
            b.name
        );
        // The key was cached before the revocation, so any call made later than the cache's
        // lifetime after it must be refused.
        let limit = Duration::from_secs(api_keys::KEY_CACHE_SECS);
        loop {
            let asked = revoked_at.elapsed();
            if api_keys::authenticate(&b.db, &key, &secret).await.is_err() {
                break;
            }
            assert!(asked < limit, "{}: still accepted after {asked:?}", b.name);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
