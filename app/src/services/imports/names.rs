//! The clients, projects, tasks and tags an export names: found among the live ones by exact
//! name (projects within their client, tasks within their project), else created.

use std::collections::HashMap;

use crate::db::imports::{self as sql, Found};
use crate::db::Conn;
use crate::import::report::NamePlan;
use crate::services::ServiceResult;

/// What an entry without a client or project is filed under (every project has a client and
/// every entry a project in Stempel).
pub const NO_CLIENT: &str = "(no client)";
pub const NO_PROJECT: &str = "(no project)";

#[derive(Default)]
pub struct Names {
    clients: HashMap<String, Found>,
    projects: HashMap<(i64, String), Found>,
    tasks: HashMap<(i64, String), Found>,
    tags: HashMap<String, i64>,
    pub client_plan: NamePlan,
    pub project_plan: NamePlan,
    pub task_plan: NamePlan,
    pub tag_plan: NamePlan,
}

fn note(plan: &mut NamePlan, created: bool, label: String) {
    if created {
        plan.created.push(label);
    } else {
        plan.matched.push(label);
    }
}

fn copy(f: &Found) -> Found {
    Found {
        id: f.id,
        hour_rate_cents: f.hour_rate_cents,
    }
}

impl Names {
    pub async fn client(
        &mut self,
        conn: &mut Conn,
        account: i64,
        name: &str,
    ) -> ServiceResult<Found> {
        if let Some(f) = self.clients.get(name) {
            return Ok(copy(f));
        }
        let (found, created) = match sql::find_client(conn, account, name).await? {
            Some(f) => (f, false),
            None => (
                Found {
                    id: sql::insert_client(conn, account, name).await?,
                    hour_rate_cents: None,
                },
                true,
            ),
        };
        note(&mut self.client_plan, created, name.to_string());
        self.clients.insert(name.to_string(), copy(&found));
        Ok(found)
    }

    pub async fn project(
        &mut self,
        conn: &mut Conn,
        account: i64,
        client: (&str, i64),
        name: &str,
    ) -> ServiceResult<Found> {
        let key = (client.1, name.to_string());
        if let Some(f) = self.projects.get(&key) {
            return Ok(copy(f));
        }
        let (found, created) = match sql::find_project(conn, account, client.1, name).await? {
            Some(f) => (f, false),
            None => (
                Found {
                    id: sql::insert_project(conn, account, client.1, name).await?,
                    hour_rate_cents: None,
                },
                true,
            ),
        };
        note(
            &mut self.project_plan,
            created,
            format!("{} / {name}", client.0),
        );
        self.projects.insert(key, copy(&found));
        Ok(found)
    }

    pub async fn task(
        &mut self,
        conn: &mut Conn,
        account: i64,
        project: (&str, i64),
        name: &str,
    ) -> ServiceResult<Found> {
        let key = (project.1, name.to_string());
        if let Some(f) = self.tasks.get(&key) {
            return Ok(copy(f));
        }
        let (found, created) = match sql::find_task(conn, account, project.1, name).await? {
            Some(f) => (f, false),
            None => (
                Found {
                    id: sql::insert_task(conn, account, project.1, name).await?,
                    hour_rate_cents: None,
                },
                true,
            ),
        };
        note(
            &mut self.task_plan,
            created,
            format!("{} / {name}", project.0),
        );
        self.tasks.insert(key, copy(&found));
        Ok(found)
    }

    pub async fn tag(&mut self, conn: &mut Conn, account: i64, name: &str) -> ServiceResult<i64> {
        if let Some(id) = self.tags.get(name) {
            return Ok(*id);
        }
        let (id, created) = sql::tag(conn, account, name).await?;
        note(&mut self.tag_plan, created, name.to_string());
        self.tags.insert(name.to_string(), id);
        Ok(id)
    }
}
