//! The HTML shell, the router and the app-wide session resource.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::header::Header;
use crate::pages::session::SessionResource;
use crate::pages::{
    absences::{AbsencesPage, TeamAbsencesPage},
    projects::{ProjectPage, ProjectsPage},
    attendance::AttendancePage, home::HomePage, login::LoginPage, not_found::NotFound,
    settings::SettingsPage, settings_api::ApiSettingsPage, setup::SetupPage, time::TimePage,
    timesheet::TimesheetPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
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
    // Async SSR: pages decide redirects and status codes (403, 404) from the session before
    // the first byte is sent.
    view! {
        <Stylesheet id="leptos" href="/pkg/stempel.css" />
        <Title text="Stempel" />
        <Router>
            <Header />
            <main class="page">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("setup") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("time") view=TimePage ssr=SsrMode::Async />
                    <Route path=path!("attendance") view=AttendancePage ssr=SsrMode::Async />
                    <Route path=path!("timesheet") view=TimesheetPage ssr=SsrMode::Async />
                    <Route path=path!("projects") view=ProjectsPage ssr=SsrMode::Async />
                    <Route path=path!("absences") view=AbsencesPage ssr=SsrMode::Async />
                    <Route path=path!("absences/team") view=TeamAbsencesPage ssr=SsrMode::Async />
                    <Route path=path!("projects/:id") view=ProjectPage ssr=SsrMode::Async />
                    <Route
                        path=path!("settings/general/api")
                        view=ApiSettingsPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}
