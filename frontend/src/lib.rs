//! The browser entry point: hydrate the server-rendered page and nothing else.
// The dashboard views nest deeply enough to pass the default type-layout depth.
#![recursion_limit = "256"]

/// Hydrates the page. Pages are lazy routes whose code arrives in their own wasm chunk, so
/// hydration is asynchronous: it waits for the chunk of the page being opened.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    // An Err only means the executor runs already.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let owner =
            leptos::mount::hydrate_from_async(document().body().expect("a body"), app::App).await;
        owner.forget();
        // A marker for end-to-end tests: from here on, event handlers are live.
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
}
