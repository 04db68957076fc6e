//! Administration (admins change, managers read, staff get 403): the overview page and what
//! the admin pages share — the role gate, form fields with their errors, and how money and
//! hours are typed in.

pub mod absence_types;
pub mod account;
pub mod clients;
pub mod holiday_fill;
pub mod holidays;
pub mod import;
pub mod projects;
pub mod tasks;
pub mod users;

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::{Role, SessionInfo};
use crate::pages::session::{ErrorBox, Forbidden, SessionResource, SignInGate};

/// What a page of the section may show: staff get the 403 page, visitors nothing (the
/// sign-in gate sends them away).
pub enum Gate {
    Open { lang: Lang, admin: bool },
    Closed(AnyView),
}

pub fn gate(info: Result<SessionInfo, AppError>) -> Gate {
    match info {
        Ok(SessionInfo {
            user: Some(u),
            lang,
            ..
        }) => match u.role {
            Role::Staff => Gate::Closed(view! { <Forbidden lang /> }.into_any()),
            role => Gate::Open {
                lang,
                admin: role == Role::Admin,
            },
        },
        Ok(_) => Gate::Closed(().into_any()),
        Err(e) => Gate::Closed(view! { <ErrorBox error=e lang=Lang::En /> }.into_any()),
    }
}

/// The section's links, shown on the overview and above every admin page.
pub const SECTIONS: [(&str, &str, &str); 7] = [
    ("/admin/clients", "adm.clients", "adm.clients_intro"),
    ("/admin/projects", "adm.projects", "adm.projects_intro"),
    ("/admin/tasks", "adm.tasks", "adm.tasks_intro"),
    ("/admin/users", "adm.users", "adm.users_intro"),
    (
        "/admin/absence-types",
        "adm.absence_types",
        "adm.absence_types_intro",
    ),
    ("/admin/holidays", "adm.holidays", "adm.holidays_intro"),
    ("/admin/account", "adm.account", "adm.account_intro"),
];

/// Sections only administrators see (managers could not use them).
pub const ADMIN_SECTIONS: [(&str, &str, &str); 1] =
    [("/admin/import", "adm.import", "adm.import_intro")];

/// Breadcrumb, sub-navigation and title of an admin page; a note for read-only managers.
#[component]
pub fn AdminHead(lang: Lang, title: &'static str, admin: bool) -> impl IntoView {
    view! {
        <nav class="subnav" aria-label=t(lang, "adm.title")>
            <a href="/admin">{t(lang, "adm.title")}</a>
            {SECTIONS
                .iter()
                .chain(ADMIN_SECTIONS.iter().filter(|_| admin))
                .map(|(href, key, _)| view! { <a href=*href class:current=*key == title>{t(lang, key)}</a> })
                .collect_view()}
        </nav>
        <h1>{t(lang, title)}</h1>
        {(!admin).then(|| view! { <p class="muted" data-testid="read-only">{t(lang, "adm.read_only")}</p> })}
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let session = SessionResource::get();
    view! {
        <SignInGate />
        <Suspense>
            {move || Suspend::new(async move {
                let (lang, admin) = match gate(session.await) {
                    Gate::Open { lang, admin } => (lang, admin),
                    Gate::Closed(v) => return v,
                };
                view! {
                    <section class="card">
                        <h1>{t(lang, "adm.title")}</h1>
                        {(!admin).then(|| view! { <p class="muted" data-testid="read-only">{t(lang, "adm.read_only")}</p> })}
                        <ul class="admin-links">
                            {SECTIONS
                                .iter()
                                .chain(ADMIN_SECTIONS.iter().filter(|_| admin))
                                .map(|(href, key, intro)| {
                                    view! {
                                        <li>
                                            <a href=*href>{t(lang, key)}</a>
                                            <span class="muted">{t(lang, intro)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

// ---- form widgets ----

/// Builds `children` afresh (never patching the old DOM) whenever `key` differs from the last
/// render's: values typed into a form must not outlive a save or a switch to another record.
#[component]
pub fn Fresh(key: String, children: ChildrenFn) -> impl IntoView {
    view! { <For each=move || [key.clone()] key=|k| k.clone() children=move |_| children() /> }
}

pub use crate::pages::session::{Errors, FieldErr, OtherErrors};

/// A labelled input with its error below.
#[component]
pub fn Input(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    errors: Errors,
    field: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input type=kind name=name value=value required=required placeholder=placeholder />
            <FieldErr errors field />
        </label>
    }
}

/// A labelled checkbox (sends "on" when ticked, nothing otherwise).
#[component]
pub fn Check(label: &'static str, name: &'static str, checked: bool) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name=name value="on" checked=checked />
            {label}
        </label>
    }
}

// ---- typing money and hours ----

/// "85", "85.5", "85,50" → 8550 cents; empty → None; anything else → Err.
pub fn parse_money(s: &str) -> Result<Option<i64>, ()> {
    crate::input::money(s)
}

/// 8550 → "85.50" ("85,50" in German, "1.234,50" grouped); None → "". For tables; a field's
/// value is `format::money_field` (no grouping, so it reads back).
pub fn show_money(lang: Lang, cents: Option<i64>) -> String {
    cents
        .map(|c| crate::format::decimal(lang, c, true))
        .unwrap_or_default()
}

/// "7:30", "7.5", "7,5", "7" → minutes; empty → None; anything else → Err.
pub fn parse_hours(s: &str) -> Result<Option<i64>, ()> {
    crate::input::hours(s)
}

/// Minutes as "h:mm"; None → "".
pub fn show_hours(minutes: Option<i64>) -> String {
    minutes.map(crate::format::hm).unwrap_or_default()
}

/// Problems found while reading a form, before any service is asked.
#[cfg(feature = "ssr")]
#[derive(Default)]
pub struct Problems(Vec<crate::error::FieldError>);

#[cfg(feature = "ssr")]
impl Problems {
    pub fn fail(&mut self, field: &str, message: &str) {
        self.0.push(crate::error::FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn money(&mut self, field: &str, s: &str) -> Option<i64> {
        parse_money(s).unwrap_or_else(|_| {
            self.fail(field, "Enter an amount like 85.50.");
            None
        })
    }

    pub fn hours(&mut self, field: &str, s: &str) -> Option<i64> {
        parse_hours(s).unwrap_or_else(|_| {
            self.fail(field, "Enter hours like 7:30 or 7.5.");
            None
        })
    }

    pub fn date(&mut self, field: &str, s: &str) -> Option<chrono::NaiveDate> {
        let d = crate::input::date(s);
        if d.is_none() {
            self.fail(field, "Enter a date.");
        }
        d
    }

    pub fn id(&mut self, field: &str, s: &str) -> Option<i64> {
        crate::input::id(s).unwrap_or_else(|_| {
            self.fail(field, "That choice is not valid.");
            None
        })
    }

    pub fn done(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::server::fail(AppError::Invalid(self.0)))
        }
    }
}

/// Every record of a list at once (admin lists are small).
#[cfg(feature = "ssr")]
pub fn all() -> crate::services::Paging {
    crate::services::Paging {
        page: 0,
        limit: crate::services::Paging::MAX_LIMIT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_hours_read_as_typed() {
        assert_eq!(parse_money("85"), Ok(Some(8500)));
        assert_eq!(parse_money("85,5"), Ok(Some(8550)));
        assert_eq!(parse_money(" 0.05 "), Ok(Some(5)));
        assert_eq!(parse_money(""), Ok(None));
        assert!(parse_money("1.234").is_err());
        assert!(parse_money("-3").is_err());
        assert!(parse_money("abc").is_err());
        assert_eq!(show_money(Lang::En, Some(8550)), "85.50");
        assert_eq!(show_money(Lang::De, Some(123450)), "1.234,50");
        assert_eq!(parse_hours("7:30"), Ok(Some(450)));
        assert_eq!(parse_hours("7.5"), Ok(Some(450)));
        assert_eq!(parse_hours("7,25"), Ok(Some(435)));
        assert_eq!(parse_hours("40"), Ok(Some(2400)));
        assert!(parse_hours("7:75").is_err());
        assert!(parse_hours("x").is_err());
        assert_eq!(show_hours(Some(450)), "7:30");
    }
}
