use leptos::prelude::*;

use crate::i18n::{t, Lang};
use crate::pages::session::SessionResource;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::set_status(http::StatusCode::NOT_FOUND);
    let session = SessionResource::get();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let lang = session.await.map(|s| s.lang).unwrap_or(Lang::En);
                view! {
                    <section class="card narrow">
                        <h1>{t(lang, "error.not_found_title")}</h1>
                        <a href="/">{t(lang, "error.back_home")}</a>
                    </section>
                }
            })}
        </Suspense>
    }
}
