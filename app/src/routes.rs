//! The pages that load on demand. Each is a lazy route: its view (and everything only it
//! uses) is split into its own wasm chunk by the site build (`scripts/wasm-split`), which the
//! page's first visit preloads beside the main bundle and other visits fetch when the route is
//! opened. The main bundle keeps the shell, the header with the timer, sign-in, setup and the
//! week (`/time`, the page people open most).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages::absences::AbsencesPage;
use crate::pages::absences::TeamAbsencesPage;
use crate::pages::admin::absence_types::AdminAbsenceTypesPage;
use crate::pages::admin::account::AdminAccountPage;
use crate::pages::admin::clients::AdminClientsPage;
use crate::pages::admin::holidays::AdminHolidaysPage;
use crate::pages::admin::import::AdminImportPage;
use crate::pages::admin::projects::AdminProjectsPage;
use crate::pages::admin::tasks::AdminTasksPage;
use crate::pages::admin::users::AdminUsersPage;
use crate::pages::admin::AdminPage;
use crate::pages::attendance::AttendancePage;
use crate::pages::expenses::ExpensesPage;
use crate::pages::profile::ProfilePage;
use crate::pages::projects::ProjectPage;
use crate::pages::projects::ProjectsPage;
use crate::pages::reports::ReportsPage;
use crate::pages::settings::SettingsPage;
use crate::pages::settings_api::ApiSettingsPage;
use crate::pages::timesheet::TimesheetPage;

pub struct AttendanceRoute;

#[lazy_route]
impl LazyRoute for AttendanceRoute {
    fn data() -> Self {
        AttendanceRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AttendancePage /> }.into_any()
    }
}

pub struct TimesheetRoute;

#[lazy_route]
impl LazyRoute for TimesheetRoute {
    fn data() -> Self {
        TimesheetRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <TimesheetPage /> }.into_any()
    }
}

pub struct ReportsRoute;

#[lazy_route]
impl LazyRoute for ReportsRoute {
    fn data() -> Self {
        ReportsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ReportsPage /> }.into_any()
    }
}

pub struct ProjectsRoute;

#[lazy_route]
impl LazyRoute for ProjectsRoute {
    fn data() -> Self {
        ProjectsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProjectsPage /> }.into_any()
    }
}

pub struct ProjectRoute;

#[lazy_route]
impl LazyRoute for ProjectRoute {
    fn data() -> Self {
        ProjectRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProjectPage /> }.into_any()
    }
}

pub struct AbsencesRoute;

#[lazy_route]
impl LazyRoute for AbsencesRoute {
    fn data() -> Self {
        AbsencesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AbsencesPage /> }.into_any()
    }
}

pub struct TeamAbsencesRoute;

#[lazy_route]
impl LazyRoute for TeamAbsencesRoute {
    fn data() -> Self {
        TeamAbsencesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <TeamAbsencesPage /> }.into_any()
    }
}

pub struct ExpensesRoute;

#[lazy_route]
impl LazyRoute for ExpensesRoute {
    fn data() -> Self {
        ExpensesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ExpensesPage /> }.into_any()
    }
}

pub struct SettingsRoute;

#[lazy_route]
impl LazyRoute for SettingsRoute {
    fn data() -> Self {
        SettingsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <SettingsPage /> }.into_any()
    }
}

pub struct ApiSettingsRoute;

#[lazy_route]
impl LazyRoute for ApiSettingsRoute {
    fn data() -> Self {
        ApiSettingsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiSettingsPage /> }.into_any()
    }
}

pub struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminPage /> }.into_any()
    }
}

pub struct AdminClientsRoute;

#[lazy_route]
impl LazyRoute for AdminClientsRoute {
    fn data() -> Self {
        AdminClientsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminClientsPage /> }.into_any()
    }
}

pub struct AdminProjectsRoute;

#[lazy_route]
impl LazyRoute for AdminProjectsRoute {
    fn data() -> Self {
        AdminProjectsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminProjectsPage /> }.into_any()
    }
}

pub struct AdminTasksRoute;

#[lazy_route]
impl LazyRoute for AdminTasksRoute {
    fn data() -> Self {
        AdminTasksRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminTasksPage /> }.into_any()
    }
}

pub struct AdminUsersRoute;

#[lazy_route]
impl LazyRoute for AdminUsersRoute {
    fn data() -> Self {
        AdminUsersRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminUsersPage /> }.into_any()
    }
}

pub struct AdminAbsenceTypesRoute;

#[lazy_route]
impl LazyRoute for AdminAbsenceTypesRoute {
    fn data() -> Self {
        AdminAbsenceTypesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminAbsenceTypesPage /> }.into_any()
    }
}

pub struct AdminHolidaysRoute;

#[lazy_route]
impl LazyRoute for AdminHolidaysRoute {
    fn data() -> Self {
        AdminHolidaysRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminHolidaysPage /> }.into_any()
    }
}

pub struct AdminAccountRoute;

#[lazy_route]
impl LazyRoute for AdminAccountRoute {
    fn data() -> Self {
        AdminAccountRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminAccountPage /> }.into_any()
    }
}

pub struct AdminImportRoute;

#[lazy_route]
impl LazyRoute for AdminImportRoute {
    fn data() -> Self {
        AdminImportRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminImportPage /> }.into_any()
    }
}

pub struct ProfileRoute;

#[lazy_route]
impl LazyRoute for ProfileRoute {
    fn data() -> Self {
        ProfileRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProfilePage /> }.into_any()
    }
}
