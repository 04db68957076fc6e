//! The Expenses page: a month's expenses (staff their own; managers and admins the team's,
//! with a person filter), filter by project, add, edit, delete; totals per currency.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::undo::{UndoDelete, UndoNotice};
use crate::error::AppError;
use crate::format;
use crate::i18n::{t, Lang};
use crate::model::{CurrencyTotal, Expense};
use crate::pages::admin::{Check, Errors, FieldErr, Fresh, Input, OtherErrors};
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpensesData {
    /// YYYY-MM
    pub month: String,
    pub project_id: Option<i64>,
    pub user_id: Option<i64>,
    /// Managers and admins may pick a person.
    pub team: Vec<(i64, String)>,
    /// (id, "Client / Project") of the projects expenses can be booked on.
    pub projects: Vec<(i64, String)>,
    pub currency: String,
    pub today: String,
    pub items: Vec<Expense>,
    pub totals: Vec<CurrencyTotal>,
}

#[server(endpoint = "load_expenses")]
pub async fn load_expenses(
    month: String,
    project: String,
    user: String,
) -> Result<ExpensesData, AppError> {
    use crate::model::Role;
    use crate::server;
    use crate::services::{expenses, pickers, subject, users};
    use chrono::Utc;
    let (db, actor) = (server::db()?, server::actor().await?);
    let today = Utc::now()
        .with_timezone(&subject::user_tz(&db, &actor).await?)
        .date_naive();
    let (first, last) = crate::input::month_bounds(crate::input::month(&month).unwrap_or(today));
    let project_id = crate::input::id(&project).ok().flatten();
    let user_id = crate::input::id(&user).ok().flatten();
    let filter = expenses::ExpenseFilter {
        project_id,
        user_id,
        from: Some(first),
        to: Some(last),
        ..Default::default()
    };
    let items = expenses::list(&db, &actor, &filter, crate::pages::admin::all())
        .await?
        .items;
    let totals = expenses::totals(&db, &actor, &filter).await?;
    let team = if actor.role == Role::Staff {
        Vec::new()
    } else {
        users::team(&db, &actor).await?
    };
    // Names only: staff may not read the administration list of projects (rates, budgets).
    let projects = pickers::picker(&db, &actor)
        .await?
        .into_iter()
        .map(|p| (p.id, p.label))
        .collect();
    Ok(ExpensesData {
        month: first.format("%Y-%m").to_string(),
        project_id,
        user_id,
        team,
        projects,
        currency: expenses::default_currency(&db, &actor).await?,
        today: today.to_string(),
        items,
        totals,
    })
}

#[server(endpoint = "save_expense")]
#[allow(clippy::too_many_arguments)]
pub async fn save_expense(
    id: String,
    date: String,
    project_id: String,
    amount: String,
    currency: String,
    category: String,
    notes: String,
    billable: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::expenses::{self, ExpenseInput};
    use crate::services::refs::Named;
    let mut p = crate::pages::admin::Problems::default();
    let id = p.id("id", &id);
    let date = p.date("date", &date);
    let project = p.id("projectName", &project_id);
    if project.is_none() {
        p.fail("projectName", "Choose a project.");
    }
    let typed = !amount.trim().is_empty();
    let amount = p.money("amount", &amount);
    if !typed {
        p.fail("amount", "Enter an amount like 12.50.");
    }
    p.done()?;
    let currency = currency.trim().to_uppercase();
    let (db, actor) = (server::db()?, server::actor().await?);
    let input = ExpenseInput {
        project: project.map(|id| Named::id("projectName", id)),
        date,
        amount_cents: amount,
        currency: Some(currency).filter(|c| !c.is_empty()),
        category: Some(category.trim().to_string()),
        notes: Some(notes),
        billable: Some(billable.is_some()),
        ..Default::default()
    };
    match id {
        Some(id) => {
            expenses::update(&db, &actor, id, input).await?;
        }
        None => {
            let me = actor.user_id.ok_or(AppError::Unauthorized)?;
            expenses::create(
                &db,
                &actor,
                ExpenseInput {
                    user: Some(Named::id("user", me)),
                    ..input
                },
            )
            .await?;
        }
    }
    Ok(())
}

#[server(endpoint = "delete_expense")]
pub async fn delete_expense(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::expenses::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &[
    "date",
    "projectName",
    "amount",
    "currency",
    "category",
    "notes",
];

/// The page's address with the current filters (and an entry being edited).
fn href(d: &ExpensesData, edit: Option<i64>) -> String {
    let mut s = format!("/expenses?month={}", d.month);
    if let Some(p) = d.project_id {
        s.push_str(&format!("&project={p}"));
    }
    if let Some(u) = d.user_id {
        s.push_str(&format!("&user={u}"));
    }
    if let Some(e) = edit {
        s.push_str(&format!("&edit={e}"));
    }
    s
}

#[component]
pub fn ExpensesPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveExpense>::new();
    let remove = ServerAction::<DeleteExpense>::new();
    let undo = ServerAction::<UndoDelete>::new();
    let asked = RwSignal::new(None::<i64>);
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("month").unwrap_or_default(),
                q.get("project").unwrap_or_default(),
                q.get("user").unwrap_or_default(),
                saved.get(),
                remove.version().get(),
                undo.version().get(),
            )
        },
        |(month, project, user, ..)| load_expenses(month, project, user),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            if let Some(Ok(d)) = data.get_untracked() {
                navigate(&href(&d, None), Default::default());
            }
        }
    });
    Effect::new(move |_| {
        query.track();
        save.clear();
    });
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <SignInGate />
        <UndoNotice kind="expense" asked result=remove.value() undo />
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || {
                    let edit = query.read().get("edit").and_then(|s| s.parse::<i64>().ok());
                    let generation = saved.get();
                    Suspend::new(async move {
                        let lang = session.await.map(|s| s.lang).unwrap_or_default();
                        let d = match data.await {
                            Ok(d) => d,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let editing = edit.and_then(|id| d.items.iter().find(|x| x.id == id).cloned());
                        view! {
                            <div class="week-head">
                                <h1>{t(lang, "exp.title")} " " {format::month(lang, &d.month)}</h1>
                                <Filters lang d=d.clone() />
                            </div>
                            <MonthTotals lang d=d.clone() />
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            <ExpenseTable lang d=d.clone() remove asked />
                            <h2>{if editing.is_some() { t(lang, "exp.edit") } else { t(lang, "exp.add") }}</h2>
                            <Fresh key=format!("{generation}-{}", href(&d, edit))>
                                <ExpenseForm lang save errors editing=editing.clone() d=d.clone() />
                            </Fresh>
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

/// The month's sum per currency.
#[component]
fn MonthTotals(lang: Lang, d: ExpensesData) -> impl IntoView {
    view! {
        <p class="totals" data-testid="expense-totals">
            {t(lang, "exp.month_total")} ": "
            {if d.totals.is_empty() {
                view! { <strong>{format::money(lang, 0, &d.currency)}</strong> }.into_any()
            } else {
                d.totals
                    .iter()
                    .map(|x| view! { <strong data-currency=x.currency.clone()>{format::money(lang, x.amount_cents, &x.currency)}</strong> " " })
                    .collect_view()
                    .into_any()
            }}
        </p>
    }
}

#[component]
fn Filters(lang: Lang, d: ExpensesData) -> impl IntoView {
    let manager = !d.team.is_empty();
    view! {
        <form method="get" action="/expenses" class="form inline filters">
            <label>
                {t(lang, "exp.month")}
                <input type="month" name="month" value=d.month.clone() />
            </label>
            <label>
                {t(lang, "exp.project")}
                <select name="project">
                    <option value="">{t(lang, "exp.all_projects")}</option>
                    {d.projects
                        .iter()
                        .map(|(id, label)| view! { <option value=id.to_string() selected=Some(*id) == d.project_id>{label.clone()}</option> })
                        .collect_view()}
                </select>
            </label>
            {manager.then(|| view! {
                <label>
                    {t(lang, "exp.person")}
                    <select name="user">
                        <option value="">{t(lang, "exp.everyone")}</option>
                        {d.team
                            .iter()
                            .map(|(id, name)| view! { <option value=id.to_string() selected=Some(*id) == d.user_id>{name.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
            })}
            <button type="submit">{t(lang, "exp.show")}</button>
        </form>
    }
}

#[component]
fn ExpenseTable(
    lang: Lang,
    d: ExpensesData,
    remove: ServerAction<DeleteExpense>,
    asked: RwSignal<Option<i64>>,
) -> impl IntoView {
    if d.items.is_empty() {
        return view! { <p class="muted">{t(lang, "exp.none")}</p> }.into_any();
    }
    let show_person = !d.team.is_empty();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "exp.title")>
            <table class="admin-table expenses">
                <thead>
                    <tr>
                        <th>{t(lang, "exp.date")}</th>
                        {show_person.then(|| view! { <th>{t(lang, "exp.person")}</th> })}
                        <th>{t(lang, "exp.project")}</th>
                        <th>{t(lang, "exp.category")}</th>
                        <th>{t(lang, "exp.notes")}</th>
                        <th>{t(lang, "exp.billable")}</th>
                        <th class="num">{t(lang, "exp.amount")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {d.items
                        .iter()
                        .map(|x| {
                            let id = x.id;
                            view! {
                                <tr data-expense=x.id>
                                    <td data-label=t(lang, "exp.date")>{format::date(lang, &x.date)}</td>
                                    {show_person.then(|| view! { <td data-label=t(lang, "exp.person")>{x.username.clone()}</td> })}
                                    <td data-label=t(lang, "exp.project")>{x.client_name.clone()} " / " {x.project_name.clone()}</td>
                                    <td data-label=t(lang, "exp.category")>{x.category.clone()}</td>
                                    <td data-label=t(lang, "exp.notes")>{x.notes.clone()}</td>
                                    <td data-label=t(lang, "exp.billable")>{if x.billable { t(lang, "adm.yes") } else { t(lang, "adm.no") }}</td>
                                    <td data-label=t(lang, "exp.amount") class="num" data-testid="expense-amount">{format::money(lang, x.amount_cents, &x.currency)}</td>
                                    <td class="actions">
                                        <a class="button small" href=href(&d, Some(id))>{t(lang, "adm.edit_button")}</a>
                                        <button type="button" class="small danger" on:click=move |_| {
                                            asked.set(Some(id));
                                            remove.dispatch(DeleteExpense { id });
                                        }>{t(lang, "adm.delete")}</button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ExpenseForm(
    lang: Lang,
    save: ServerAction<SaveExpense>,
    errors: Errors,
    editing: Option<Expense>,
    d: ExpensesData,
) -> impl IntoView {
    let e = editing.clone();
    let project_now = e.as_ref().map(|x| x.project_id).or(d.project_id);
    // A new expense defaults to today when the month shown is this month, else its first day.
    let date = e.as_ref().map(|x| x.date.clone()).unwrap_or_else(|| {
        if d.today.starts_with(&d.month) {
            d.today.clone()
        } else {
            format!("{}-01", d.month)
        }
    });
    view! {
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="expense-form">
            <input type="hidden" name="id" value=e.as_ref().map(|x| x.id.to_string()).unwrap_or_default() />
            <div class="row">
                <Input label=t(lang, "exp.date") name="date" kind="date" value=date errors field="date" required=true />
                <label>
                    {t(lang, "exp.project")}
                    <select name="project_id" required>
                        <option value="">"—"</option>
                        {d.projects
                            .iter()
                            .map(|(id, label)| view! { <option value=id.to_string() selected=Some(*id) == project_now>{label.clone()}</option> })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="projectName" />
                </label>
            </div>
            <div class="row">
                <Input label=t(lang, "exp.amount") name="amount" value=format::money_field(lang, e.as_ref().map(|x| x.amount_cents)) errors field="amount" required=true placeholder=format::decimal(lang, 1250, false) />
                <Input label=t(lang, "exp.currency") name="currency" value=e.as_ref().map(|x| x.currency.clone()).unwrap_or_else(|| d.currency.clone()) errors field="currency" />
                <Input label=t(lang, "exp.category") name="category" value=e.as_ref().map(|x| x.category.clone()).unwrap_or_default() errors field="category" placeholder=t(lang, "exp.category_hint") />
            </div>
            <div class="row">
                <Input label=t(lang, "exp.notes") name="notes" value=e.as_ref().map(|x| x.notes.clone()).unwrap_or_default() errors field="notes" />
                <Check label=t(lang, "exp.billable") name="billable" checked=e.as_ref().is_none_or(|x| x.billable) />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href=href(&d, None)>{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}
