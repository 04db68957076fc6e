//! Administration / Import: upload a Toggl Track, Clockify or Harvest CSV export, see what
//! importing it would do (format, the first rows as stored, people and names to create or
//! match, counts, every problem by line), choose who each person becomes, then import.
//! The rules are `services::imports`'; this page only carries the file and the choices.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

use super::{gate, AdminHead, Gate};
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::import::report::{ImportReport, NamePlan, PersonPlan, Problem};
use crate::pages::session::{SessionResource, SignInGate};

/// An uploaded file kept for the import, and what importing it would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Uploaded {
    pub token: String,
    pub format: String,
    pub timezone: String,
    pub report: ImportReport,
    /// The account's people a source person may be mapped to: (id, label).
    pub users: Vec<(i64, String)>,
}

/// Who a source person becomes: a user id, or "new".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonPick {
    pub source: String,
    pub choice: String,
}

#[server(endpoint = "import_preview", input = MultipartFormData)]
pub async fn import_preview(data: MultipartData) -> Result<Uploaded, AppError> {
    upload::preview(data).await
}

#[server(endpoint = "import_run", input = Json)]
pub async fn import_run(
    token: String,
    format: String,
    timezone: String,
    skip_bad_lines: bool,
    people: Vec<PersonPick>,
) -> Result<ImportReport, AppError> {
    upload::run(token, format, timezone, skip_bad_lines, people).await
}

#[cfg(feature = "ssr")]
mod upload {
    use std::collections::HashMap;
    use std::io::Write as _;
    use std::path::PathBuf;

    use super::{PersonPick, Uploaded};
    use crate::error::{AppError, FieldError};
    use crate::import::report::ImportReport;
    use crate::import::Format;
    use crate::server;
    use crate::services::imports::{self, ImportOptions, PersonChoice};
    use crate::services::users;
    use leptos::server_fn::codec::MultipartData;

    /// The largest file the page takes (the command line has no limit).
    const MAX_BYTES: usize = 100 * 1024 * 1024;
    /// Uploads not imported within this are removed.
    const KEEP_SECS: u64 = 24 * 3600;

    fn invalid(field: &str, message: &str) -> AppError {
        server::fail(AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }]))
    }

    fn dir() -> PathBuf {
        std::env::temp_dir().join("stempel-imports")
    }

    /// The kept file of an upload; the account is part of the name, so a token is of no use
    /// in another account.
    fn path(account_id: i64, token: &str) -> Result<PathBuf, AppError> {
        let ok = token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            return Err(invalid("file", "Choose the file again."));
        }
        Ok(dir().join(format!("{account_id}-{token}.csv")))
    }

    /// Removes uploads older than a day (left by previews never imported).
    fn prune() {
        let Ok(entries) = std::fs::read_dir(dir()) else {
            return;
        };
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age.as_secs() > KEEP_SECS);
            if old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    fn io(e: impl std::fmt::Display) -> AppError {
        tracing::warn!(error = %e, "keeping an uploaded import failed");
        server::fail(AppError::Internal)
    }

    /// Streams the form's fields: the file to `to`; returns (format, time zone, got a file).
    async fn receive(
        data: MultipartData,
        to: &PathBuf,
    ) -> Result<(String, String, bool), AppError> {
        let mut form = data
            .into_inner()
            .ok_or_else(|| server::fail(AppError::Internal))?;
        let (mut format, mut timezone, mut size) = (String::new(), String::new(), 0usize);
        let bad = |_| invalid("file", "The upload broke off; choose the file again.");
        while let Some(mut field) = form.next_field().await.map_err(bad)? {
            match field.name() {
                Some("file") => {
                    std::fs::create_dir_all(dir()).map_err(io)?;
                    let mut out = std::fs::File::create(to).map_err(io)?;
                    while let Some(chunk) = field.chunk().await.map_err(bad)? {
                        size += chunk.len();
                        if size > MAX_BYTES {
                            return Err(invalid(
                                "file",
                                "The file is larger than 100 MB; import it with `stempel import`.",
                            ));
                        }
                        out.write_all(&chunk).map_err(io)?;
                    }
                }
                Some("format") => format = field.text().await.map_err(bad)?,
                Some("timezone") => timezone = field.text().await.map_err(bad)?,
                _ => {}
            }
        }
        Ok((format, timezone, size > 0))
    }

    async fn import_file(path: &PathBuf, opts: &ImportOptions) -> Result<ImportReport, AppError> {
        let (db, actor) = (server::db()?, server::actor().await?);
        let file =
            std::fs::File::open(path).map_err(|_| invalid("file", "Choose the file again."))?;
        Ok(imports::run(&db, &actor, std::io::BufReader::new(file), opts).await?)
    }

    pub async fn preview(data: MultipartData) -> Result<Uploaded, AppError> {
        let (db, actor) = (server::db()?, server::actor().await?);
        imports::may_import(&actor)?;
        prune();
        let token = crate::services::random_hex(16);
        let path = path(actor.account_id, &token)?;
        let received = receive(data, &path).await;
        let (format, timezone, got) = match received {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        };
        if !got {
            let _ = std::fs::remove_file(&path);
            return Err(invalid("file", "Choose a CSV file."));
        }
        let opts = ImportOptions {
            format: Format::parse(&format),
            timezone: Some(timezone.clone()),
            ..Default::default()
        };
        let report = match import_file(&path, &opts).await {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        };
        Ok(Uploaded {
            token,
            format,
            timezone,
            report,
            users: users::team(&db, &actor).await?,
        })
    }

    pub async fn run(
        token: String,
        format: String,
        timezone: String,
        skip_bad_lines: bool,
        people: Vec<PersonPick>,
    ) -> Result<ImportReport, AppError> {
        let actor = server::actor().await?;
        imports::may_import(&actor)?;
        let path = path(actor.account_id, &token)?;
        let mut choices = HashMap::new();
        for p in people {
            let choice = match p.choice.as_str() {
                "new" => PersonChoice::Create,
                id => PersonChoice::User(
                    id.parse()
                        .map_err(|_| invalid("people", "That choice is not valid."))?,
                ),
            };
            choices.insert(p.source, choice);
        }
        let opts = ImportOptions {
            format: Format::parse(&format),
            timezone: Some(timezone),
            skip_bad_lines,
            people: choices,
            write: true,
        };
        let report = import_file(&path, &opts).await?;
        if report.written {
            let _ = std::fs::remove_file(&path);
        }
        Ok(report)
    }
}

#[component]
pub fn AdminImportPage() -> impl IntoView {
    let session = SessionResource::get();
    view! {
        <SignInGate />
        <section class="card">
            <Suspense>
                {move || Suspend::new(async move {
                    let (lang, admin) = match gate(session.await) {
                        Gate::Open { lang, admin } => (lang, admin),
                        Gate::Closed(v) => return v,
                    };
                    view! {
                        <AdminHead lang title="adm.import" admin />
                        {if admin {
                            view! { <Importer lang /> }.into_any()
                        } else {
                            view! { <p class="muted">{t(lang, "imp.admins_only")}</p> }.into_any()
                        }}
                    }
                        .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// The upload form, then the preview of the uploaded file and the import.
#[component]
fn Importer(lang: Lang) -> impl IntoView {
    let upload =
        Action::new_local(|data: &leptos::web_sys::FormData| import_preview(data.clone().into()));
    let run = ServerAction::<ImportRun>::new();
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|f| leptos::web_sys::FormData::new_with_form(&f).ok()) {
            run.clear();
            upload.dispatch_local(data);
        }
    };
    view! {
        <p class="muted">{t(lang, "adm.import_intro")}</p>
        <form class="form admin-form" data-testid="import-form" on:submit=on_submit>
            <div class="row">
                <label>
                    {t(lang, "imp.file")}
                    <input type="file" name="file" accept=".csv,text/csv" required=true data-testid="import-file" />
                </label>
                <label>
                    {t(lang, "imp.format")}
                    <select name="format">
                        <option value="">{t(lang, "imp.auto")}</option>
                        <option value="toggl">"Toggl Track"</option>
                        <option value="clockify">"Clockify"</option>
                        <option value="harvest">"Harvest"</option>
                    </select>
                </label>
                <label>
                    {t(lang, "imp.timezone")}
                    <input type="text" name="timezone" placeholder=t(lang, "imp.timezone_hint") />
                </label>
            </div>
            <div class="row">
                <button type="submit" class="primary" disabled=move || upload.pending().get() data-testid="import-preview">
                    {t(lang, "imp.preview")}
                </button>
            </div>
        </form>
        {move || {
            upload
                .value()
                .get()
                .map(|answer| match answer {
                    Err(e) => view! { <p class="error" role="alert">{e.localized(lang)}</p> }.into_any(),
                    Ok(up) => view! { <Preview lang up run /> }.into_any(),
                })
        }}
    }
}

#[component]
fn Preview(lang: Lang, up: Uploaded, run: ServerAction<ImportRun>) -> impl IntoView {
    let picks = RwSignal::new(
        up.report
            .people
            .iter()
            .map(|p| {
                (
                    p.source.clone(),
                    p.user_id.map_or("new".into(), |id| id.to_string()),
                )
            })
            .collect::<HashMap<String, String>>(),
    );
    let skip = RwSignal::new(false);
    let r = up.report.clone();
    let (token, format, timezone) = (up.token.clone(), up.format.clone(), up.timezone.clone());
    let start = move |_| {
        let people = picks
            .get()
            .into_iter()
            .map(|(source, choice)| PersonPick { source, choice })
            .collect();
        run.dispatch(ImportRun {
            token: token.clone(),
            format: format.clone(),
            timezone: timezone.clone(),
            skip_bad_lines: skip.get(),
            people,
        });
    };
    view! {
        <h2>{t(lang, "imp.preview")}</h2>
        <p data-testid="import-format">
            {t(lang, "imp.detected")} ": " <strong>{r.format.label()}</strong> " · " {r.timezone.clone()}
        </p>
        <p data-testid="import-counts">
            {t(lang, "imp.counts")} ": "
            <strong>{format!("{} / {} / {} / {}", r.lines, r.entries, r.already_imported, r.bad_lines)}</strong>
        </p>
        <People lang people=r.people.clone() users=up.users.clone() picks />
        <Names lang plans=vec![("Clients", r.clients.clone()), ("Projects", r.projects.clone()), ("Tasks", r.tasks.clone()), ("Tags", r.tags.clone())] />
        <Rows lang report=r.clone() />
        <Problems lang title="imp.problems" list=r.problems.clone() more=r.more_problems testid="import-problems" />
        <Problems lang title="imp.notes" list=r.notes.clone() more=0 testid="import-notes" />
        <div class="row">
            {(r.bad_lines > 0).then(|| view! {
                <label class="check">
                    <input type="checkbox" on:change=move |ev| skip.set(event_target_checked(&ev)) data-testid="import-skip" />
                    {t(lang, "imp.skip")}
                </label>
            })}
            <button type="button" class="primary" on:click=start disabled=move || run.pending().get() data-testid="import-run">
                {t(lang, "imp.import")}
            </button>
        </div>
        {move || run.value().get().map(|answer| match answer {
            Err(e) => view! { <p class="error" role="alert">{e.localized(lang)}</p> }.into_any(),
            Ok(done) if done.written => view! {
                <p class="notice" role="status" data-testid="import-done">
                    {t(lang, "imp.done")} ": " {format!("{} / {}", done.entries, done.already_imported)}
                </p>
            }.into_any(),
            Ok(_) => view! { <p class="error" role="alert">{t(lang, "imp.nothing")}</p> }.into_any(),
        })}
    }
}

#[component]
fn People(
    lang: Lang,
    people: Vec<PersonPlan>,
    users: Vec<(i64, String)>,
    picks: RwSignal<HashMap<String, String>>,
) -> impl IntoView {
    view! {
        <h3>{t(lang, "imp.people")}</h3>
        <table class="admin-table" data-testid="import-people">
            <tbody>
                {people.into_iter().map(|p| {
                    let source = p.source.clone();
                    let chosen = p.user_id;
                    view! {
                        <tr>
                            <td>{p.name.clone()} " " <span class="muted">{p.email.clone()}</span></td>
                            <td>{crate::format::count(lang, p.entries as i64)}</td>
                            <td>
                                <select data-source=p.source.clone() on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    picks.update(|m| { m.insert(source.clone(), v); });
                                }>
                                    <option value="new" selected=chosen.is_none()>
                                        {format!("{}: {}", t(lang, "imp.create_user"), p.username)}
                                    </option>
                                    {users.iter().map(|(id, label)| view! {
                                        <option value=id.to_string() selected=chosen == Some(*id)>{label.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Names(lang: Lang, plans: Vec<(&'static str, NamePlan)>) -> impl IntoView {
    view! {
        <h3>{t(lang, "imp.names")}</h3>
        <ul data-testid="import-names">
            {plans.into_iter().map(|(what, plan)| view! {
                <li>
                    <strong>{what}</strong> ": "
                    {format!("{} {}, {} {}", plan.matched.len(), t(lang, "imp.matched"), plan.created.len(), t(lang, "imp.created"))}
                    {(!plan.created.is_empty()).then(|| view! { <span class="muted">{format!(" ({})", plan.created.join(", "))}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Rows(lang: Lang, report: ImportReport) -> impl IntoView {
    view! {
        <h3>{t(lang, "imp.rows")}</h3>
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(lang, "imp.rows")>
            <table class="admin-table" data-testid="import-rows">
                <thead>
                    <tr>
                        <th>{t(lang, "imp.line")}</th><th>{t(lang, "imp.person")}</th><th>{t(lang, "imp.where")}</th>
                        <th>{t(lang, "imp.from")}</th><th>{t(lang, "imp.to")}</th><th>"h:mm"</th><th>{t(lang, "imp.rate")}</th><th>{t(lang, "imp.details")}</th><th>{t(lang, "imp.tags")}</th>
                    </tr>
                </thead>
                <tbody>
                    {report.preview.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.line}</td>
                            <td>{p.person}</td>
                            <td>{format!("{} / {} / {}", p.client, p.project, p.task)}</td>
                            <td>{crate::format::stamp(lang, &p.from)}</td>
                            <td>{crate::format::stamp(lang, &p.to)}</td>
                            <td>{crate::format::hm(p.worked_minutes)}{(!p.billable).then(|| format!(" ({})", t(lang, "dash.non_billable")))}</td>
                            <td>{crate::input::money(&p.hour_rate).ok().flatten().map(|c| crate::format::decimal(lang, c, true)).unwrap_or(p.hour_rate)}</td>
                            <td>{p.details}</td>
                            <td>{p.tags}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Problems(
    lang: Lang,
    title: &'static str,
    list: Vec<Problem>,
    more: u64,
    testid: &'static str,
) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <h3>{t(lang, title)}</h3>
            <ul data-testid=testid>
                {list.into_iter().map(|p| view! { <li>{format!("{} {}: {}", t(lang, "imp.line"), p.line, p.message)}</li> }).collect_view()}
                {(more > 0).then(|| view! { <li>{format!("… +{more}")}</li> })}
            </ul>
        }
    })
}
