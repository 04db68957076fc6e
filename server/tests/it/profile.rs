//! `/profile` (issue 18): a person changes their own password (the current one checked, every
//! other session of theirs ended), language and time zone; bad input changes nothing; an API
//! key has no profile.

use app::db::Db;
use app::i18n::Lang;
use app::services::profile::{self, NewPassword, ProfileInput};
use app::services::{sessions, Actor, ServiceError};

use crate::common::{account, backends, user};

/// The fields a refusal names.
fn fields(e: ServiceError) -> Vec<String> {
    match e {
        ServiceError::Invalid(list) => list.into_iter().map(|i| i.field).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

async fn sign_in(db: &Db, password: &str) -> Result<String, ServiceError> {
    sessions::login(db, "acme", "sam", password, "192.0.2.7")
        .await
        .map(|s| s.token)
}

async fn live(db: &Db, token: &str) -> bool {
    sessions::resolve(db, token).await.unwrap().is_some()
}

#[tokio::test]
async fn a_password_change_checks_the_current_one_and_ends_the_other_sessions() {
    for b in backends().await {
        let (db, name) = (&b.db, b.name);
        let admin = account(db, "acme").await;
        let id = user(db, &admin, "sam").await;
        let (here, elsewhere) = (
            sign_in(db, "staff-pass-1").await.unwrap(),
            sign_in(db, "staff-pass-1").await.unwrap(),
        );
        let sam = sessions::resolve(db, &here).await.unwrap().unwrap().0;
        assert_eq!(sam.user_id, Some(id));
        let change = |current: &'static str, new: &'static str, repeat: &'static str| NewPassword {
            current,
            new,
            repeat,
        };
        for (p, field) in [
            (
                change("wrong-pass-1", "new-pass-123", "new-pass-123"),
                "currentPassword",
            ),
            (change("staff-pass-1", "short", "short"), "newPassword"),
            (
                change("staff-pass-1", "new-pass-123", "new-pass-124"),
                "repeatPassword",
            ),
        ] {
            let e = profile::change_password(db, &sam, p, Some(&here))
                .await
                .unwrap_err();
            assert_eq!(fields(e), vec![field.to_string()], "{name}");
            // Nothing changed: both sessions live, the old password still signs in.
            assert!(
                live(db, &here).await && live(db, &elsewhere).await,
                "{name}"
            );
        }
        let extra = sign_in(db, "staff-pass-1").await.unwrap();
        profile::change_password(
            db,
            &sam,
            change("staff-pass-1", "new-pass-123", "new-pass-123"),
            Some(&here),
        )
        .await
        .unwrap();
        assert!(
            live(db, &here).await,
            "{name}: the session that changed it stays"
        );
        assert!(!live(db, &elsewhere).await, "{name}: an older session ends");
        assert!(!live(db, &extra).await, "{name}: every other session ends");
        assert!(
            matches!(
                sign_in(db, "staff-pass-1").await,
                Err(ServiceError::Unauthorized)
            ),
            "{name}"
        );
        assert!(sign_in(db, "new-pass-123").await.is_ok(), "{name}");
    }
}

#[tokio::test]
async fn language_and_zone_are_stored_per_person_and_bad_ones_change_nothing() {
    for b in backends().await {
        let (db, name) = (&b.db, b.name);
        let admin = account(db, "acme").await;
        user(db, &admin, "sam").await;
        let token = sign_in(db, "staff-pass-1").await.unwrap();
        let sam = sessions::resolve(db, &token).await.unwrap().unwrap().0;
        let before = profile::get(db, &sam).await.unwrap();
        assert_eq!(
            (before.timezone.as_deref(), before.lang),
            (None, None),
            "{name}"
        );
        let input = |timezone: &str, lang: &str| ProfileInput {
            timezone: timezone.into(),
            lang: lang.into(),
        };
        for (i, want) in [
            (input("Mars/Olympus", "de"), vec!["timezone"]),
            (input("", "fr"), vec!["lang"]),
            (input("Nowhere", "deutsch"), vec!["timezone", "lang"]),
        ] {
            let e = profile::save(db, &sam, i).await.unwrap_err();
            assert_eq!(fields(e), want, "{name}");
            assert_eq!(profile::get(db, &sam).await.unwrap(), before, "{name}");
        }
        let saved = profile::save(db, &sam, input(" America/New_York ", "de"))
            .await
            .unwrap();
        assert_eq!(
            saved.timezone.as_deref(),
            Some("America/New_York"),
            "{name}"
        );
        assert_eq!(saved.lang, Some(Lang::De), "{name}");
        // The session carries the language to every page.
        let (_, me) = sessions::resolve(db, &token).await.unwrap().unwrap();
        assert_eq!(me.lang, Some(Lang::De), "{name}");
        // The language switch of a signed-in person is remembered too; empty fields go back to
        // the account's zone and the browser's language.
        profile::set_lang(db, &sam, Lang::En).await.unwrap();
        assert_eq!(
            profile::get(db, &sam).await.unwrap().lang,
            Some(Lang::En),
            "{name}"
        );
        let reset = profile::save(db, &sam, input("", "")).await.unwrap();
        assert_eq!((reset.timezone, reset.lang), (None, None), "{name}");
        // An API key acts for nobody: no profile.
        let key = Actor {
            user_id: None,
            ..admin
        };
        assert!(
            matches!(
                profile::get(db, &key).await,
                Err(ServiceError::Forbidden(_))
            ),
            "{name}"
        );
    }
}
