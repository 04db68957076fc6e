//! Administration / Tasks: per project its task lists and tasks (name, list, estimate,
//! completed, archived).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

use super::{
    gate, show_hours, AdminHead, Check, Errors, FieldErr, Fresh, Gate, Input, OtherErrors,
};
use crate::components::confirm::ConfirmDelete;
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::{Task, TaskList};
use crate::pages::session::{ErrorBox, SessionResource, SignInGate};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TasksData {
    /// (id, "Client / Project")
    pub projects: Vec<(i64, String)>,
    pub project_id: Option<i64>,
    pub lists: Vec<TaskList>,
    pub tasks: Vec<Task>,
}

#[server(endpoint = "load_tasks_admin")]
pub async fn load_tasks_admin(project: String) -> Result<TasksData, AppError> {
    use crate::server;
    use crate::services::{projects, task_lists, tasks};
    let (db, actor) = (server::db()?, server::actor().await?);
    let all = projects::list(&db, &actor, &Default::default(), super::all())
        .await?
        .items;
    let chosen = project
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| all.iter().find(|p| p.id == id))
        .or_else(|| all.iter().find(|p| !p.archived))
        .cloned();
    let (lists, task_rows) = match &chosen {
        Some(p) => {
            let filter = tasks::TaskFilter {
                project_name: Some(p.name.clone()),
                client_name: Some(p.client_name.clone()),
                ..Default::default()
            };
            let rows = tasks::list(&db, &actor, &filter, super::all()).await?.items;
            (
                task_lists::list(&db, &actor, p.id).await?,
                rows.into_iter()
                    .filter(|t| t.project_id == Some(p.id))
                    .collect(),
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(TasksData {
        projects: all
            .iter()
            .map(|p| (p.id, format!("{} / {}", p.client_name, p.name)))
            .collect(),
        project_id: chosen.map(|p| p.id),
        lists,
        tasks: task_rows,
    })
}

#[server(endpoint = "save_task")]
#[allow(clippy::too_many_arguments)]
pub async fn save_task(
    id: String,
    project_id: i64,
    name: String,
    task_list_id: String,
    estimate: String,
    completed: Option<String>,
    archived: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use crate::services::refs::Named;
    use crate::services::tasks::{self, ProjectPick, TaskInput};
    let mut p = super::Problems::default();
    let id = p.id("id", &id);
    let list = p.id("taskListId", &task_list_id);
    let estimate = p.hours("estimatedMinutes", &estimate);
    p.done()?;
    let input = TaskInput {
        name: Some(name),
        project: Some(Some(ProjectPick {
            client: None,
            project: Named::id("projectId", project_id),
        })),
        task_list_id: Some(list),
        estimated_minutes: Some(estimate),
        completed: Some(completed.is_some()),
        archived: Some(archived.is_some()),
        ..Default::default()
    };
    let (db, actor) = (server::db()?, server::actor().await?);
    match id {
        Some(id) => tasks::update(&db, &actor, id, input).await?,
        None => tasks::create(&db, &actor, input).await?,
    };
    Ok(())
}

#[server(endpoint = "delete_task")]
pub async fn delete_task(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::tasks::delete(&server::db()?, &server::actor().await?, id).await?)
}

#[server(endpoint = "save_task_list")]
pub async fn save_task_list(project_id: i64, name: String) -> Result<(), AppError> {
    use crate::server;
    crate::services::task_lists::create(&server::db()?, &server::actor().await?, project_id, &name)
        .await?;
    Ok(())
}

#[server(endpoint = "delete_task_list")]
pub async fn delete_task_list(id: i64) -> Result<(), AppError> {
    use crate::server;
    Ok(crate::services::task_lists::delete(&server::db()?, &server::actor().await?, id).await?)
}

const FIELDS: &[&str] = &["taskName", "taskListId", "estimatedMinutes"];

#[component]
pub fn AdminTasksPage() -> impl IntoView {
    let session = SessionResource::get();
    let query = use_query_map();
    let save = ServerAction::<SaveTask>::new();
    let remove = ServerAction::<DeleteTask>::new();
    let save_list = ServerAction::<SaveTaskList>::new();
    let remove_list = ServerAction::<DeleteTaskList>::new();
    let saved = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
            let project = query.read_untracked().get("project").unwrap_or_default();
            navigate(
                &format!("/admin/tasks?project={project}"),
                Default::default(),
            );
        }
    });
    let data = Resource::new(
        move || {
            (
                query.read().get("project").unwrap_or_default(),
                saved.get(),
                remove.version().get(),
                save_list.version().get(),
                remove_list.version().get(),
            )
        },
        |(project, ..)| load_tasks_admin(project),
    );
    Effect::new(move |_| {
        query.track();
        save.clear();
        save_list.clear();
        remove.clear();
    });
    let errors: Errors = Signal::derive(move || save.value().get().and_then(Result::err));
    let list_errors: Errors = Signal::derive(move || {
        save_list
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove_list.value().get().and_then(Result::err))
    });
    view! {
        <SignInGate />
        <section class="card">
            <Transition>
                {move || {
                    let edit = query.read().get("edit").and_then(|s| s.parse::<i64>().ok());
                    let key = format!(
                        "{}-{edit:?}-{}-{}",
                        saved.get(),
                        save_list.version().get(),
                        remove_list.version().get()
                    );
                    Suspend::new(async move {
                        let (lang, admin) = match gate(session.await) {
                            Gate::Open { lang, admin } => (lang, admin),
                            Gate::Closed(v) => return v,
                        };
                        let d = match data.await {
                            Ok(d) => d,
                            Err(e) => return view! { <ErrorBox error=e lang /> }.into_any(),
                        };
                        let Some(pid) = d.project_id else {
                            return view! {
                                <AdminHead lang title="adm.tasks" admin />
                                <p class="muted">{t(lang, "adm.no_projects")}</p>
                            }
                                .into_any();
                        };
                        let editing = edit.and_then(|id| d.tasks.iter().find(|t| t.id == id).cloned());
                        view! {
                            <AdminHead lang title="adm.tasks" admin />
                            <form method="get" action="/admin/tasks" class="form inline">
                                <label>
                                    {t(lang, "adm.project")}
                                    <select name="project">
                                        {d.projects
                                            .iter()
                                            .map(|(id, label)| view! { <option value=id.to_string() selected=*id == pid>{label.clone()}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <button type="submit">{t(lang, "adm.show")}</button>
                            </form>
                            <h2>{t(lang, "adm.task_lists")}</h2>
                            <ul class="chips" data-testid="task-lists">
                                {d.lists
                                    .iter()
                                    .map(|l| {
                                        let id = l.id;
                                        view! {
                                            <li>
                                                {l.name.clone()}
                                                {admin.then(|| view! {
                                                    <ConfirmDelete lang name=l.name.clone() also="confirm.task_list" compact=true on_yes=Callback::new(move |_| { remove_list.dispatch(DeleteTaskList { id }); }) />
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {admin.then(|| {
                                let key = key.clone();
                                view! {
                                    <Fresh key>
                                        <ActionForm action=save_list attr:class="form inline">
                                            <input type="hidden" name="project_id" value=pid />
                                            <Input label=t(lang, "adm.new_task_list") name="name" errors=list_errors field="name" required=true />
                                            <button type="submit">{t(lang, "adm.add_task_list")}</button>
                                        </ActionForm>
                                    </Fresh>
                                    <OtherErrors errors=list_errors fields=&["name"] />
                                }
                            })}
                            {admin.then(|| {
                                let lists = d.lists.clone();
                                view! { <Fresh key><TaskForm lang save errors editing=editing.clone() pid lists=lists.clone() /></Fresh> }
                            })}
                            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.localized(lang)}</p> })}
                            <TaskTable lang tasks=d.tasks lists=d.lists admin remove pid />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn TaskForm(
    lang: Lang,
    save: ServerAction<SaveTask>,
    errors: Errors,
    editing: Option<Task>,
    pid: i64,
    lists: Vec<TaskList>,
) -> impl IntoView {
    let title = if editing.is_some() {
        "adm.edit_task"
    } else {
        "adm.add_task"
    };
    let list_now = editing.as_ref().and_then(|t| t.task_list_id);
    view! {
        <h2>{t(lang, title)}</h2>
        <ActionForm action=save attr:class="form admin-form" attr:data-testid="task-form">
            <input type="hidden" name="id" value=editing.as_ref().map(|t| t.id.to_string()).unwrap_or_default() />
            <input type="hidden" name="project_id" value=pid />
            <div class="row">
                <Input label=t(lang, "adm.name") name="name" value=editing.as_ref().map(|t| t.name.clone()).unwrap_or_default() errors field="taskName" required=true />
                <label>
                    {t(lang, "adm.task_list")}
                    <select name="task_list_id">
                        <option value="">"—"</option>
                        {lists
                            .into_iter()
                            .map(|l| view! { <option value=l.id.to_string() selected=Some(l.id) == list_now>{l.name}</option> })
                            .collect_view()}
                    </select>
                    <FieldErr errors field="taskListId" />
                </label>
                <Input label=t(lang, "adm.estimate") name="estimate" value=editing.as_ref().map(|t| show_hours(t.estimated_minutes)).unwrap_or_default() errors field="estimatedMinutes" placeholder="4:30" />
            </div>
            <div class="row">
                <Check label=t(lang, "adm.completed") name="completed" checked=editing.as_ref().is_some_and(|t| t.completed) />
                <Check label=t(lang, "adm.archived") name="archived" checked=editing.as_ref().is_some_and(|t| t.archived) />
            </div>
            <OtherErrors errors fields=FIELDS />
            <div class="row">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t(lang, "adm.save")}</button>
                {editing.is_some().then(|| view! { <a class="button" href=format!("/admin/tasks?project={pid}")>{t(lang, "adm.cancel")}</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn TaskTable(
    lang: Lang,
    tasks: Vec<Task>,
    lists: Vec<TaskList>,
    admin: bool,
    remove: ServerAction<DeleteTask>,
    pid: i64,
) -> impl IntoView {
    if tasks.is_empty() {
        return view! { <p class="muted">{t(lang, "adm.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "adm.tasks")>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th>{t(lang, "adm.name")}</th>
                        <th>{t(lang, "adm.task_list")}</th>
                        <th>{t(lang, "adm.estimate")}</th>
                        <th>{t(lang, "adm.completed")}</th>
                        <th>{t(lang, "adm.status")}</th>
                        {admin.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {tasks
                        .into_iter()
                        .map(|task| {
                            let id = task.id;
                            let list = task
                                .task_list_id
                                .and_then(|l| lists.iter().find(|x| x.id == l))
                                .map(|l| l.name.clone())
                                .unwrap_or_default();
                            view! {
                                <tr data-name=task.name.clone() class:archived=task.archived>
                                    <td data-label=t(lang, "adm.name")><strong>{task.name.clone()}</strong></td>
                                    <td data-label=t(lang, "adm.task_list")>{list}</td>
                                    <td data-label=t(lang, "adm.estimate")>{show_hours(task.estimated_minutes)}</td>
                                    <td data-label=t(lang, "adm.completed")>{if task.completed { t(lang, "adm.yes") } else { t(lang, "adm.no") }}</td>
                                    <td data-label=t(lang, "adm.status")>{if task.archived { t(lang, "adm.archived") } else { t(lang, "adm.active") }}</td>
                                    {admin.then(|| view! {
                                        <td class="actions">
                                            <a class="button small" href=format!("/admin/tasks?project={pid}&edit={id}")>{t(lang, "adm.edit_button")}</a>
                                            <ConfirmDelete lang name=task.name.clone() also="confirm.task" on_yes=Callback::new(move |_| { remove.dispatch(DeleteTask { id }); }) />
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
    .into_any()
}
