//! The HTML shell, the router and the app-wide session resource.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::header::Header;
use crate::pages::admin::{
    absence_types::AdminAbsenceTypesPage, account::AdminAccountPage, clients::AdminClientsPage,
    holidays::AdminHolidaysPage, projects::AdminProjectsPage, tasks::AdminTasksPage,
    users::AdminUsersPage, AdminPage,
};
use crate::pages::session::SessionResource;
use crate::pages::{
    absences::{AbsencesPage, TeamAbsencesPage},
    attendance::AttendancePage,
    expenses::ExpensesPage,
    home::HomePage,
    login::LoginPage,
    not_found::NotFound,
    projects::{ProjectPage, ProjectsPage},
    settings::SettingsPage,
    settings_api::ApiSettingsPage,
    setup::SetupPage,
    time::TimePage,
    timesheet::TimesheetPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::set_page_csp();
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
                    <Route path=path!("expenses") view=ExpensesPage ssr=SsrMode::Async />
                    <Route path=path!("admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/clients") view=AdminClientsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/projects") view=AdminProjectsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/tasks") view=AdminTasksPage ssr=SsrMode::Async />
                    <Route path=path!("admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route
                        path=path!("admin/absence-types")
                        view=AdminAbsenceTypesPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("admin/holidays") view=AdminHolidaysPage ssr=SsrMode::Async />
                    <Route path=path!("admin/account") view=AdminAccountPage ssr=SsrMode::Async />
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
