//! Administration / Users: username, names, email, role, password (on create, reset later),
//! hour rate, time zone, weekly target per weekday, paid-leave days, deactivate.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{
    gate, show_hours, AdminHead, Check, Errors, FieldErr, Fresh, Gate, Input, OtherErrors,
};
use crate::error::AppError;
use crate::format::{decimal, hm, money_field};
use crate::i18n::{t, Lang};
use crate::model::{Role, UserAdmin};
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[server(endpoint = "list_users_admin")]
pub async fn list_users_admin() -> Result<Vec<UserAdmin>, AppError> {
    use crate::server;
    Ok(crate::services::users::list(&server::db()?, &server::actor().await?).await?)
}

/// Target field names, Monday … Sunday (form and service share them).
const TARGETS: [&str; 7] = [
    "targetMon",
    "targetTue",
    "targetWed",
    "targetThu",
    "targetFri",
    "targetSat",
    "targetSun",
];

#[server(endpoint = "save_user")]
#[allow(clippy::too_many_arguments)]
pub async fn save_user(
    id: String,
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    role: String,
    password: String,
    hour_rate: String,
    timezone: String,
    target_mon: String,
    target_tue: String,
    target_wed: String,
    target_thu: String,
    target_fri: String,
    target_sat: String,
    target_sun: String,
    paid_leave_days: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::users::{self, NewUser, UserInput};
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    let role = Role::parse(role.trim());
    if role.is_none() {
        p.fail("role", "Choose a role.");
    }
    let rate = p.money("hourRate", &hour_rate);
    let mut targets = [0i64; 7];
    for (i, raw) in [
        &target_mon,
        &target_tue,
        &target_wed,
        &target_thu,
        &target_fri,
        &target_sat,
        &target_sun,
    ]
    .into_iter()
    .enumerate()
    {
        targets[i] = p.hours(TARGETS[i], raw).unwrap_or(0);
    }
    let leave = paid_leave_days.trim().parse::<i64>().ok();
    if leave.is_none() {
        p.fail("paidLeaveDays", "Enter a number of days.");
    }
    p.done()?;
    let input = UserInput {
        first_name: Some(first_name.clone()),
        last_name: Some(last_name.clone()),
        email: Some(email.clone()),
        role,
        hour_rate_cents: Some(rate),
        timezone: Some(Some(timezone.trim().to_string()).filter(|s| !s.is_empty())),
        targets: Some(targets),
        paid_leave_days: leave,
        active: Some(id.is_none() || active.is_some()),
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => {
            users::update(&db, &actor, id, input).await?;
            if !password.is_empty() {
                // The admin's own session stays; every other session of the person ends.
                let token = server::session_token().await;
                users::set_password_keeping(&db, &actor, id, &password, token.as_deref()).await?;
            }
        }
        None => {
            let new = NewUser {
                username,
                password,
                role: role.unwrap_or(Role::Staff),
                first_name,
                last_name,
                email,
            };
            users::create(&db, &actor, new, input).await?;
        }
    }
    Ok(())
}

const FIELDS: &[&str] = &[
    "username",
    "firstName",
    "lastName",
    "email",
    "role",
    "password",
    "hourRate",
    "timezone",
    "targetMon",
    "targetTue",
    "targetWed",
    "targetThu",
    "targetFri",
    "targetSat",
    "targetSun",
    "paidLeaveDays",
    "active",
];

fn role_key(r: Role) -> &'static str {
    match r {
        Role::Admin => "role.admin",
        Role::Manager => "role.manager",
        Role::Staff => "role.staff",
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveUser>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            navigate("/admin/users", Default::default());
        }
    });
    let list = Resource::new(move || saved.get(), |_| list_users_admin());
    Effect::new(move |_| {
        query.track();
        save.clear();
    });
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <SignInGate />
        <section class="card">
            <Transition>
                {move || {
                    let edit = query.read().get("edit").and_then(|s| s.parse::<i64>().ok());
                    let generation = saved.get();
                    Suspend::new(async move {
                        let (lang, admin) = match gate(session.await) {
                            Gate::Open { lang, admin } => (lang, admin),
                            Gate::Closed(v) => return v,
                        };
                        let users = match list.await {
                            Ok(l) => l,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| users.iter().find(|u| u.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.users" admin />
                            {admin.then(|| view! { <Fresh key=format!("{generation}-{edit:?}")><UserForm lang save errors editing=editing.clone() /></Fresh> })}
                            <UserTable lang users admin />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn UserForm(
    lang: Lang,
    save: ServerAction<SaveUser>,
    errors: Errors,
    editing: Option<UserAdmin>,
) -> impl IntoView {
    let creating = editing.is_none();
    let title = if creating {
        "adm.add_user"
    } else {
        "adm.edit_user"
    };
    let u = editing.clone();
    let rate = money_field(lang, u.as_ref().and_then(|u| u.hour_rate_cents));
    let v = move |f: fn(&UserAdmin) -> String| u.as_ref().map(f).unwrap_or_default();
    let role_now = editing.as_ref().map(|u| u.role).unwrap_or(Role::Staff);
    let targets = editing
        .as_ref()
        .map(|u| u.targets)
        .unwrap_or([480, 480, 480, 480, 480, 0, 0]);
    let names = [
        "target_mon",
        "target_tue",
        "target_wed",
        "target_thu",
        "target_fri",
        "target_sat",
        "target_sun",
    ];
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="user-form">
            <input type="hidden" name="id" value=v(|u| u.id.to_string()) />
            <div class="row">
                {if creating {
                    view! { <Input label=t(lang, "auth.username") name="username" errors field="username" required=true /> }.into_any()
                } else {
                    view! {
                        <label>
                            {t(lang, "auth.username")}
                            <input name="username" value=v(|u| u.username.clone()) readonly />
                        </label>
                    }
                        .into_any()
                }}
                <Input label=t(lang, "adm.first_name") name="first_name" value=v(|u| u.first_name.clone()) errors field="firstName" />
                <Input label=t(lang, "adm.last_name") name="last_name" value=v(|u| u.last_name.clone()) errors field="lastName" />
            </div>
            <div class="row">
                <Input label=t(lang, "adm.email") name="email" kind="email" value=v(|u| u.email.clone()) errors field="email" />
                <label>
                    {t(lang, "adm.role")}
                    <select name="role">
                        {[Role::Staff, Role::Manager, Role::Admin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == role_now>{t(lang, role_key(r))}</option> })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="role" />
                </label>
                <label>
                    {if creating { t(lang, "auth.password") } else { t(lang, "adm.new_password") }}
                    <input type="password" name="password" autocomplete="new-password" required=creating minlength="8" />
                    <FieldErr errors field="password" />
                </label>
            </div>
            <div class="row">
                <Input label=t(lang, "adm.hour_rate") name="hour_rate" value=rate errors field="hourRate" placeholder=decimal(lang, 6000, false) />
                <Input label=t(lang, "adm.timezone") name="timezone" value=v(|u| u.timezone.clone().unwrap_or_default()) errors field="timezone" placeholder=t(lang, "adm.timezone_default") />
                <Input label=t(lang, "adm.leave_days") name="paid_leave_days" kind="number" value=editing.as_ref().map(|u| u.paid_leave_days).unwrap_or(30).to_string() errors field="paidLeaveDays" />
            </div>
            <fieldset class="targets">
                <legend>{t(lang, "adm.targets")}</legend>
                {(0..7)
                    .map(|i| {
                        let day = ["day.0", "day.1", "day.2", "day.3", "day.4", "day.5", "day.6"][i];
                        view! {
                            <label>
                                {t(lang, day)}
                                <input name=names[i] value=show_hours(Some(targets[i])) placeholder="8:00" size="5" />
                                <FieldErr errors field=TARGETS[i] />
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {(!creating).then(|| view! { <Check label=t(lang, "adm.active_user") name="active" checked=editing.as_ref().is_some_and(|u| u.active) /> })}
            <OtherErrors errors fields=FIELDS />
            <FieldErr errors field="active" />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {(!creating).then(|| view! { <a class="button" href="/admin/users">{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn UserTable(lang: Lang, users: Vec<UserAdmin>, admin: bool) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.users")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "auth.username")}</th>
                        <th>{t(lang, "adm.name")}</th>
                        <th>{t(lang, "adm.role")}</th>
                        <th>{t(lang, "adm.week_target")}</th>
                        <th>{t(lang, "adm.leave_days")}</th>
                        <th>{t(lang, "adm.status")}</th>
                        {admin.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            let id = u.id;
                            view! {
                                <tr data-name=u.username.clone() class:archived=!u.active>
                                    <td data-label=t(lang, "auth.username")><strong>{u.username.clone()}</strong></td>
                                    <td data-label=t(lang, "adm.name")>{format!("{} {}", u.first_name, u.last_name).trim().to_string()}</td>
                                    <td data-label=t(lang, "adm.role")>{t(lang, role_key(u.role))}</td>
                                    <td data-label=t(lang, "adm.week_target")>{hm(u.targets.iter().sum())}</td>
                                    <td data-label=t(lang, "adm.leave_days")>{u.paid_leave_days}</td>
                                    <td data-label=t(lang, "adm.status")>{if u.active { t(lang, "adm.active") } else { t(lang, "adm.deactivated") }}</td>
                                    {admin.then(|| view! {
                                        <td class="actions">
                                            <a class="button small" href=format!("/admin/users?edit={id}")>{t(lang, "adm.edit_button")}</a>
                                        </td>
                                    })}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
