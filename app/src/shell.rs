//! The HTML shell, the router and the app-wide session resource.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::components::header::Header;
use crate::pages::session::SessionResource;
use crate::pages::{
    home::HomePage, login::LoginPage, not_found::NotFound, setup::SetupPage, time::TimePage,
};
use crate::routes::*;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::set_page_csp();
    #[cfg(feature = "ssr")]
    let css = crate::server::stylesheet_href(&options);
    #[cfg(not(feature = "ssr"))]
    let css = String::new();
    // The page's language as the language cookie (set by the switch and at sign-in from the
    // person's profile) or the browser says.
    #[cfg(feature = "ssr")]
    let lang = use_context::<http::request::Parts>()
        .map(|p| crate::server::lang_of(&p.headers, None))
        .unwrap_or_default()
        .code();
    #[cfg(not(feature = "ssr"))]
    let lang = "en";
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
                <link rel="stylesheet" href=css />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    SessionResource::provide();
    crate::components::timer_widget::EntriesChanged::provide();
    crate::components::timer_widget::TimerChanged::provide();
    // Async SSR: pages decide redirects and status codes (403, 404) from the session before
    // the first byte is sent.
    view! {
        <Title text="Stempel" />
        <Router>
            <Header />
            <crate::components::shortcuts::Shortcuts />
            <main class="page">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("setup") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("time") view=TimePage ssr=SsrMode::Async />
                    <Route path=path!("attendance") view={Lazy::<AttendanceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("timesheet") view={Lazy::<TimesheetRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("reports") view={Lazy::<ReportsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("reports/timesheet") view={Lazy::<TimesheetRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("projects") view={Lazy::<ProjectsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("absences") view={Lazy::<AbsencesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("absences/team") view={Lazy::<TeamAbsencesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("projects/:id") view={Lazy::<ProjectRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("expenses") view={Lazy::<ExpensesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/clients") view={Lazy::<AdminClientsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/projects") view={Lazy::<AdminProjectsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/tasks") view={Lazy::<AdminTasksRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/users") view={Lazy::<AdminUsersRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("admin/absence-types")
                        view={Lazy::<AdminAbsenceTypesRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("admin/holidays") view={Lazy::<AdminHolidaysRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/account") view={Lazy::<AdminAccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/import") view={Lazy::<AdminImportRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("settings/general/api")
                        view={Lazy::<ApiSettingsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}
