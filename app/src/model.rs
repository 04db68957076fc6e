//! Wire-neutral types shared by the server and the browser.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub mod report;
pub use report::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Manager,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "manager" => Some(Role::Manager),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// The signed-in person as the app shell shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub account_name: String,
    pub account_slug: String,
    /// The language the person chose in their profile, if any.
    pub lang: Option<Lang>,
}

/// What every page needs to know before it renders: who is there, in which language, and
/// whether this installation still needs its first account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    pub needs_setup: bool,
    /// Set when exactly one account exists, so the login form need not ask for it.
    pub single_account: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub label: String,
    pub public_key: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A freshly generated key: the only moment the secret exists in clear text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedApiKey {
    pub key: ApiKeyView,
    pub secret: String,
    /// The pair as one token, for clients that send a single token as the HTTP Basic user
    /// name (Teamwork's).
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub address: String,
    pub email: String,
    /// Money is kept in cents, never as a float.
    pub hour_rate_cents: Option<i64>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub name: String,
    pub notes: String,
    pub hour_rate_cents: Option<i64>,
    pub billable: bool,
    pub budget_minutes: Option<i64>,
    pub budget_cents: Option<i64>,
    pub color: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub name: String,
    /// None: a task usable in every project.
    pub project_id: Option<i64>,
    pub project_name: Option<String>,
    pub client_name: Option<String>,
    pub client_id: Option<i64>,
    pub task_list_id: Option<i64>,
    pub notes: String,
    pub hour_rate_cents: Option<i64>,
    pub billable: Option<bool>,
    pub estimated_minutes: Option<i64>,
    pub completed: bool,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub client_id: i64,
    pub client_name: String,
    pub project_id: i64,
    pub project_name: String,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
    pub task_list_id: Option<i64>,
    pub task_list_name: Option<String>,
    pub project_archived: bool,
    /// UTC, "YYYY-MM-DDTHH:MM:SS.fffZ"
    pub from: String,
    pub to: String,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub billable: bool,
    pub flat_rate: bool,
    pub hour_rate_cents: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub latitude1: Option<f64>,
    pub longitude1: Option<f64>,
    pub details: String,
    pub tags: String,
    pub invoice_number: Option<String>,
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub color: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub from: String,
    pub to: String,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub notes: String,
    pub manual: bool,
    pub latitude_start: Option<f64>,
    pub longitude_start: Option<f64>,
    pub latitude_end: Option<f64>,
    pub longitude_end: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunningProjectTimer {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub client_name: String,
    pub client_id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
    pub from: String,
    pub details: String,
    pub tags: String,
    pub billable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceTimer {
    pub user_id: i64,
    pub username: String,
    pub running_since: String,
    pub break_running_since: Option<String>,
    /// Finished breaks so far as (from, to).
    pub breaks: Vec<(String, String)>,
    pub break_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Expense {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub client_name: String,
    pub client_id: i64,
    pub project_id: i64,
    pub project_name: String,
    /// YYYY-MM-DD
    pub date: String,
    pub amount_cents: i64,
    pub currency: String,
    pub category: String,
    pub notes: String,
    pub billable: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbsenceType {
    pub id: i64,
    pub name: String,
    pub paid: bool,
    pub color: String,
    pub counts_as_work_time: bool,
    /// Draws on the yearly paid-leave entitlement (Paid Leave does, Sick Leave does not).
    pub uses_leave: bool,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub absence_type_id: i64,
    pub absence_type: String,
    pub from: String,
    pub to: String,
    pub half_day: bool,
    pub status: String,
    pub notes: String,
    /// Working days: weekdays the user works, minus the account's holidays (half days count ½).
    pub days: f64,
    pub created_at: String,
    pub updated_at: String,
}

/// One day of a user's timesheet, in the user's time zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportDay {
    /// YYYY-MM-DD (local)
    pub date: String,
    pub attendance_minutes: i64,
    pub break_minutes: i64,
    pub project_minutes: i64,
    pub billable_minutes: i64,
    pub non_billable_minutes: i64,
    /// (absence type, days) of approved absences on this day.
    pub absences: Vec<(String, f64)>,
    pub target_minutes: i64,
    /// Minutes credited by absences that count as work time.
    pub credited_minutes: i64,
    pub balance_minutes: i64,
    pub holiday: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportBreakdown {
    pub id: Option<i64>,
    pub name: String,
    pub project_name: String,
    pub client_name: String,
    pub minutes: i64,
    pub billable_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserReport {
    pub user_id: i64,
    pub username: String,
    pub timezone: String,
    pub from: String,
    pub to: String,
    pub days: Vec<ReportDay>,
    /// The sums of the days (date empty; absences summed per type).
    pub totals: ReportDay,
    pub projects: Vec<ReportBreakdown>,
    pub tasks: Vec<ReportBreakdown>,
}

/// A project as the timer and entry forms offer it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickerProject {
    pub id: i64,
    /// "Client / Project"
    pub label: String,
    pub tasks: Vec<(i64, String)>,
}

/// One line of the timer's type-ahead: "Client / Project" or "Client / Project · Task".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickerChoice {
    pub label: String,
    pub project_id: i64,
    pub task_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimerView {
    pub timer: Option<RunningProjectTimer>,
    /// The server's clock when this was read, so the browser can correct its own.
    pub server_now_ms: i64,
    /// The running timer's start in the person's zone, "YYYY-MM-DDTHH:MM" (the edit form's
    /// value); empty without a timer.
    pub started_local: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekEntry {
    pub id: i64,
    pub project_id: i64,
    pub project_label: String,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
    pub details: String,
    pub billable: bool,
    /// Local start date and times (HH:MM) of the whole entry.
    pub date: String,
    pub from_time: String,
    pub to_time: String,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    /// The part of the entry that falls on the day it is listed under.
    pub minutes_on_day: i64,
    pub crosses_midnight: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekDay {
    pub date: String,
    /// 0 = Monday
    pub weekday: u32,
    pub entries: Vec<WeekEntry>,
    pub total_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    /// Whose week this is, and the people the viewer may switch to.
    pub user_id: i64,
    pub team: Vec<(i64, String)>,
    pub monday: String,
    pub today: String,
    pub days: Vec<WeekDay>,
    pub total_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub id: i64,
    /// Local start date and wall-clock times.
    pub date: String,
    pub from_time: String,
    pub to_time: String,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub manual: bool,
    pub notes: String,
    /// Set when the account's statutory break rule asks for more break than was taken: the
    /// minutes it asks for.
    pub break_required: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendancePage {
    pub user_id: i64,
    pub team: Vec<(i64, String)>,
    /// "off" or "de".
    pub break_rule: String,
    pub clock: Option<AttendanceTimer>,
    /// Local "HH:MM" of the clock-in and of a running break.
    pub clocked_in_at: Option<String>,
    pub break_since: Option<String>,
    pub today: String,
    pub today_worked_minutes: i64,
    pub today_break_minutes: i64,
    /// The last 31 days, newest first.
    pub rows: Vec<AttendanceRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimesheetData {
    /// YYYY-MM
    pub month: String,
    pub user_id: i64,
    pub team: Vec<(i64, String)>,
    pub report: UserReport,
}

/// One project's figures on the dashboards. Budget burn counts all time, whatever the range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectFigures {
    pub id: i64,
    pub client_name: String,
    pub name: String,
    pub color: String,
    pub archived: bool,
    pub currency: String,
    pub budget_minutes: Option<i64>,
    pub budget_cents: Option<i64>,
    /// All time: what the budget is measured against (time, and time amount + expenses).
    pub used_minutes: i64,
    pub used_cents: i64,
}

impl ProjectFigures {
    /// Percent of the time budget used, if there is one.
    pub fn time_burn(&self) -> Option<i64> {
        self.budget_minutes
            .filter(|b| *b > 0)
            .map(|b| self.used_minutes * 100 / b)
    }
    pub fn money_burn(&self) -> Option<i64> {
        self.budget_cents
            .filter(|b| *b > 0)
            .map(|b| self.used_cents * 100 / b)
    }
}

/// A labelled value of a breakdown (a user, a task, a week).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    pub label: String,
    pub minutes: i64,
    pub billable_minutes: i64,
    pub amount_cents: i64,
}

/// Sums within the chosen date range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RangeSums {
    pub minutes: i64,
    pub billable_minutes: i64,
    pub amount_cents: i64,
    pub expenses_cents: i64,
    pub entries: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectDashboard {
    pub project: ProjectFigures,
    /// The range shown, as local dates (empty: open).
    pub from: String,
    pub to: String,
    pub sums: RangeSums,
    pub by_user: Vec<Slice>,
    pub by_task: Vec<Slice>,
    /// Monday of each week (local) with time in the range, oldest first.
    pub by_week: Vec<Slice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectOverview {
    pub from: String,
    pub to: String,
    pub projects: Vec<(ProjectFigures, RangeSums)>,
}

/// An absence as a calendar day shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayAbsence {
    pub id: i64,
    pub type_name: String,
    pub color: String,
    /// approved | pending | rejected
    pub status: String,
    pub half_day: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: String,
    /// 0 = Monday.
    pub weekday: u32,
    /// A day the person works (a weekday with a target).
    pub working: bool,
    pub holiday: Option<String>,
    pub absences: Vec<DayAbsence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbsenceTypeChoice {
    pub id: i64,
    pub name: String,
    pub color: String,
}

/// Paid leave in one year: entitlement, approved (taken or booked) and pending days.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LeaveBalance {
    pub year: i32,
    pub entitlement: f64,
    pub approved: f64,
    pub pending: f64,
    pub remaining: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbsenceMonth {
    /// YYYY-MM
    pub month: String,
    pub user_id: i64,
    pub team: Vec<(i64, String)>,
    pub days: Vec<CalendarDay>,
    pub types: Vec<AbsenceTypeChoice>,
    /// The person's absences of the year, newest first.
    pub list: Vec<Absence>,
    pub leave: LeaveBalance,
    /// Whether the person has a live calendar feed link.
    pub feed_active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRow {
    pub user_id: i64,
    pub name: String,
    /// One cell per day of the month: the absence shown that day, if any.
    pub cells: Vec<Option<DayAbsence>>,
    /// Days the person does not work (weekday without target), per day of the month.
    pub off: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMonth {
    pub month: String,
    /// The month's days (weekday and holidays; no absences here).
    pub days: Vec<CalendarDay>,
    pub rows: Vec<TeamRow>,
    /// Pending requests of the whole team, oldest first.
    pub pending: Vec<Absence>,
}

// ---- administration and expenses pages (issue 6) ----

/// A task list of a project (groups its tasks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskList {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub position: i64,
}

/// A person as administrators see and edit them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserAdmin {
    pub id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: Role,
    pub hour_rate_cents: Option<i64>,
    /// None: the account's time zone.
    pub timezone: Option<String>,
    /// Target minutes Monday … Sunday.
    pub targets: [i64; 7],
    pub paid_leave_days: i64,
    pub active: bool,
}

/// A public holiday of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holiday {
    pub id: i64,
    /// YYYY-MM-DD
    pub date: String,
    pub name: String,
    pub half_day: bool,
}

/// The account's settings. `break_rule`: "off" or "de" (German statutory breaks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub locale: String,
    pub break_rule: String,
}

/// Sums of expenses per currency (cents).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub amount_cents: i64,
}

/// The account's statutory break rule. `De` is the German Arbeitszeitgesetz §4: more than 6 h of
/// work need at least 30 min of break, more than 9 h at least 45 min.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakRule {
    Off,
    De,
}

impl BreakRule {
    pub fn parse(code: &str) -> Option<BreakRule> {
        match code {
            "off" => Some(BreakRule::Off),
            "de" => Some(BreakRule::De),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BreakRule::Off => "off",
            BreakRule::De => "de",
        }
    }

    /// The break the rule asks for when `break_minutes` falls short of it, else None.
    pub fn shortfall(self, worked_minutes: i64, break_minutes: i64) -> Option<i64> {
        let required = match self {
            BreakRule::Off => 0,
            BreakRule::De if worked_minutes > 9 * 60 => 45,
            BreakRule::De if worked_minutes > 6 * 60 => 30,
            BreakRule::De => 0,
        };
        (break_minutes < required).then_some(required)
    }
}

/// The signed-in person's own settings (`/profile`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// The person's own zone; None: the account's.
    pub timezone: Option<String>,
    pub account_timezone: String,
    /// The chosen language; None: the switch's cookie and the browser decide.
    pub lang: Option<Lang>,
    /// Whether a calendar-feed link of theirs is live.
    pub feed_active: bool,
}
