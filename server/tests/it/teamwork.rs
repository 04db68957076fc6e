//! The Teamwork-compatible API: the seed's requests and responses, filters, paging, totals.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{account, backends, call, call_basic, key, state, user, Reply};

type Creds = (String, String);

/// Keys and value types (string, bool, array) of a seed example, to compare with ours.
fn shape(v: &Value) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = v
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let t = match v {
                Value::String(_) => "string",
                Value::Bool(_) => "bool",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
                _ => "other",
            };
            (k.clone(), t)
        })
        .collect();
    out.sort();
    out
}

const SEED_LIST_ENTRY: &str = r##"{"project-id": "999", "minutes": "15", "isbillable": "1", "person-first-name": "Demo", "todo-list-name": "", "description": "",
  "todo-item-name": "", "todo-list-id": "", "tags": [{"name": "tag1", "id": "15990", "color": "#2f8de4"}], "company-id": "999", "person-id": "999",
  "project-status": "active", "project-name": "Test Project", "company-name": "Demo 1 Company", "id": "999", "date": "2013-10-09T18:05:00Z",
  "todo-item-id": "", "invoiceNo": "", "person-last-name": "User", "has-start-time": "0", "hours": "0"}"##;

const SEED_SINGLE: &str = r##"{"project-id": "999", "minutes": "15", "isbillable": "1", "person-first-name": "Demo", "todo-list-name": "Inbox",
  "description": "", "todo-item-name": "Write documentation", "todo-list-id": "999", "company-id": "999", "person-id": "999", "project-name": "demo",
  "company-name": "Demo 1 Company", "id": "999", "date": "2014-03-30T10:10:00Z", "todo-item-id": "999", "invoiceNo": "", "person-last-name": "User",
  "has-start-time": true, "hours": "1"}"##;

struct Fixture {
    st: app::server::AppState,
    c: Creds,
    person: i64,
    project: i64,
    other_project: i64,
    list: i64,
    task: i64,
}

async fn fixture(b: &crate::common::Backend) -> Fixture {
    let admin = account(&b.db, "demo").await;
    let c = key(&b.db, &admin).await;
    let st = state(&b.db, 100_000);
    let person = app::services::users::create_user(
        &b.db,
        &admin,
        app::services::users::NewUser {
            username: "demo".into(),
            password: "demo-pass-1".into(),
            role: app::model::Role::Staff,
            first_name: "Demo".into(),
            last_name: "User".into(),
            email: String::new(),
        },
    )
    .await
    .unwrap();
    let post = |path: &str, body: Value| {
        let (st, c, path) = (st.clone(), c.clone(), path.to_string());
        async move { call(&st, "POST", &path, Some(&c), Some(&body.to_string())).await }
    };
    post(
        "/api/v2/ext/clients",
        json!({"clientName": "Demo 1 Company"}),
    )
    .await;
    let project = post(
        "/api/v2/ext/projects",
        json!({"clientName": "Demo 1 Company", "projectName": "demo"}),
    )
    .await
    .json["data"]["id"]
        .as_i64()
        .unwrap();
    let other_project = post(
        "/api/v2/ext/projects",
        json!({"clientName": "Demo 1 Company", "projectName": "other"}),
    )
    .await
    .json["data"]["id"]
        .as_i64()
        .unwrap();
    let list: i64 = sqlx::query_scalar::<_, i64>(
        "INSERT INTO task_lists (account_id, project_id, name, created_at, updated_at) VALUES ($1, $2, 'Inbox', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') RETURNING id",
    )
    .bind(admin.account_id)
    .bind(project)
    .fetch_one(&b.db.pool)
    .await
    .unwrap();
    let task = post(
        "/api/v2/ext/tasks",
        json!({"clientName": "Demo 1 Company", "projectName": "demo", "taskName": "Test Task", "taskListId": list, "estimatedMinutes": 105}),
    )
    .await;
    assert_eq!(task.status, StatusCode::CREATED, "{}", task.json);
    let done = post("/api/v2/ext/tasks", json!({"clientName": "Demo 1 Company", "projectName": "demo", "taskName": "Done Task", "estimatedMinutes": 25, "completed": true})).await;
    assert_eq!(done.status, StatusCode::CREATED);
    Fixture {
        st,
        c,
        person,
        project,
        other_project,
        list,
        task: task.json["data"]["id"].as_i64().unwrap(),
    }
}

fn seed_body(person: i64) -> String {
    json!({"time-entry": {"description": "", "person-id": person.to_string(), "date": "20140330", "time": "10:10", "hours": "1", "minutes": "15", "isbillable": "1", "tags": "tag1,tag2,tag3"}}).to_string()
}

fn id_from_location(r: &Reply) -> i64 {
    let loc = r.headers["location"].to_str().unwrap();
    loc.trim_start_matches("/teamwork/time_entries/")
        .trim_end_matches(".json")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn seed_requests_and_responses() {
    for b in backends().await {
        let f = fixture(&b).await;
        let (st, c) = (&f.st, &f.c);
        // POST /projects/{project_id}/time_entries.json
        let r = call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.project),
            c,
            Some(&seed_body(f.person)),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
        let first = id_from_location(&r);
        // POST /tasks/{taskid}/time_entries.json and the deprecated /todo_items/{id}/time_entries.json
        for path in ["tasks", "todo_items"] {
            let r = call_basic(
                st,
                "POST",
                &format!("/teamwork/{path}/{}/time_entries.json", f.task),
                c,
                Some(&seed_body(f.person)),
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::CREATED,
                "{}: {path}: {}",
                b.name,
                r.json
            );
        }

        // GET /time_entries.json
        let all = call_basic(st, "GET", "/teamwork/time_entries.json", c, None).await;
        assert_eq!(all.status, StatusCode::OK);
        assert_eq!(all.json["STATUS"], "OK");
        assert_eq!(all.headers["x-records"], "3", "{}", b.name);
        assert_eq!(all.headers["x-pages"], "1");
        assert_eq!(all.headers["x-page"], "1");
        let seed: Value = serde_json::from_str(SEED_LIST_ENTRY).unwrap();
        let e = &all.json["time-entries"][0];
        assert_eq!(
            shape(e),
            shape(&seed),
            "{}: same keys, same string typing",
            b.name
        );
        assert_eq!(e["minutes"], "15");
        assert_eq!(e["hours"], "1");
        assert_eq!(e["isbillable"], "1");
        assert_eq!(e["person-first-name"], "Demo");
        assert_eq!(e["person-last-name"], "User");
        assert_eq!(e["company-name"], "Demo 1 Company");
        assert_eq!(e["project-status"], "active");
        // 10:10 in Europe/Berlin on 30 March 2014 (summer time from 02:00) is 08:10 UTC.
        assert_eq!(e["date"], "2014-03-30T08:10:00Z", "{}", b.name);
        let tag_names: Vec<&str> = e["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(tag_names, ["tag1", "tag2", "tag3"]);
        assert!(e["tags"][0]["id"].is_string() && e["tags"][0]["color"].is_string());

        // GET /projects/{id}/time_entries.json and /todo_items/{id}/time_entries.json
        assert_eq!(
            call_basic(
                st,
                "GET",
                &format!("/teamwork/projects/{}/time_entries.json", f.project),
                c,
                None
            )
            .await
            .headers["x-records"],
            "3"
        );
        let on_task = call_basic(
            st,
            "GET",
            &format!("/teamwork/todo_items/{}/time_entries.json", f.task),
            c,
            None,
        )
        .await;
        assert_eq!(on_task.headers["x-records"], "2", "{}", b.name);
        assert_eq!(on_task.json["time-entries"][0]["todo-list-name"], "Inbox");
        assert_eq!(
            on_task.json["time-entries"][0]["todo-item-name"],
            "Test Task"
        );
        assert_eq!(
            on_task.json["time-entries"][0]["todo-list-id"],
            f.list.to_string()
        );

        // GET /time_entries/{id}.json
        let one = call_basic(
            st,
            "GET",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            None,
        )
        .await;
        assert_eq!(one.json["STATUS"], "OK");
        let seed: Value = serde_json::from_str(SEED_SINGLE).unwrap();
        assert_eq!(shape(&one.json["time-entry"]), shape(&seed), "{}", b.name);

        // PUT /time_entries/{id}.json with the seed's body
        let put = json!({"time-entry": {"description": "A Short Description for the update", "person-id": f.person.to_string(), "date": "20140330",
            "time": "10:10", "hours": "2", "minutes": "15", "isbillable": "0", "tags": "tag1,tag2,tag3"}});
        let r = call_basic(
            st,
            "PUT",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            Some(&put.to_string()),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.json);
        let one = call_basic(
            st,
            "GET",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            None,
        )
        .await
        .json;
        assert_eq!(
            (
                one["time-entry"]["hours"].clone(),
                one["time-entry"]["minutes"].clone(),
                one["time-entry"]["isbillable"].clone()
            ),
            (json!("2"), json!("15"), json!("0"))
        );
        assert_eq!(
            one["time-entry"]["description"],
            "A Short Description for the update"
        );
        // 'project-id' moves it to another project
        let mv = json!({"time-entry": {"project-id": f.other_project.to_string()}});
        assert_eq!(
            call_basic(
                st,
                "PUT",
                &format!("/teamwork/time_entries/{first}.json"),
                c,
                Some(&mv.to_string())
            )
            .await
            .status,
            StatusCode::OK
        );
        let one = call_basic(
            st,
            "GET",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            None,
        )
        .await
        .json;
        assert_eq!(one["time-entry"]["project-name"], "other", "{}", b.name);
        assert_eq!(one["time-entry"]["hours"], "2", "moving keeps the time");

        // DELETE /time_entries/{id}.json
        let d = call_basic(
            st,
            "DELETE",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            None,
        )
        .await;
        assert_eq!(d.status, StatusCode::OK);
        assert_eq!(d.json["STATUS"], "OK");
        let gone = call_basic(
            st,
            "GET",
            &format!("/teamwork/time_entries/{first}.json"),
            c,
            None,
        )
        .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.json["STATUS"], "Error");
        assert!(gone.json["MESSAGE"].is_string());
        let with_deleted = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?showDeleted=true",
            c,
            None,
        )
        .await;
        assert_eq!(with_deleted.headers["x-records"], "3", "{}", b.name);
        assert_eq!(
            call_basic(st, "GET", "/teamwork/time_entries.json", c, None)
                .await
                .headers["x-records"],
            "2"
        );
    }
}

#[tokio::test]
async fn totals_match_hand_computed_sums() {
    for b in backends().await {
        let f = fixture(&b).await;
        let (st, c) = (&f.st, &f.c);
        let body = |date: &str, h: i64, m: i64, billable: &str| {
            json!({"time-entry": {"person-id": f.person.to_string(), "date": date, "time": "09:00", "hours": h.to_string(), "minutes": m.to_string(), "isbillable": billable}}).to_string()
        };
        // On the task (in list Inbox): 60 billable + 25 non-billable; on the project: 45 billable; other project: 30.
        let on_task = format!("/teamwork/tasks/{}/time_entries.json", f.task);
        let billed = call_basic(st, "POST", &on_task, c, Some(&body("20260105", 1, 0, "1"))).await;
        call_basic(st, "POST", &on_task, c, Some(&body("20260106", 0, 25, "0"))).await;
        call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.project),
            c,
            Some(&body("20260107", 0, 45, "1")),
        )
        .await;
        call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.other_project),
            c,
            Some(&body("20260108", 0, 30, "1")),
        )
        .await;
        // The first one is invoiced (billed).
        let billed_id = id_from_location(&billed);
        sqlx::query("UPDATE time_entries SET invoice_number = 'INV-1' WHERE id = $1")
            .bind(billed_id)
            .execute(&b.db.pool)
            .await
            .unwrap();

        let all = call_basic(st, "GET", "/teamwork/time/total.json", c, None).await;
        assert_eq!(all.json["STATUS"], "OK");
        assert_eq!(
            all.json["time-totals"],
            json!({"total-mins-sum": "160", "non-billed-mins-sum": "100", "non-billable-hours-sum": "0.42", "total-hours-sum": "2.67",
                   "billed-mins-sum": "60", "billed-hours-sum": "1.00", "billable-hours-sum": "2.25", "non-billable-mins-sum": "25",
                   "non-billed-hours-sum": "1.67", "billable-mins-sum": "135"}),
            "{}",
            b.name
        );
        let p = call_basic(
            st,
            "GET",
            &format!("/teamwork/projects/{}/time/total.json", f.project),
            c,
            None,
        )
        .await;
        let proj = &p.json["projects"][0];
        assert_eq!(proj["time-totals"]["total-mins-sum"], "130", "{}", b.name);
        assert_eq!(
            proj["company"],
            json!({"name": "Demo 1 Company", "id": proj["company"]["id"]})
        );
        assert_eq!(
            proj["time-estimates"],
            json!({"total-hours-estimated": "2.17", "active-mins-estimated": "105", "total-mins-estimated": "130", "active-hours-estimated": "1.75",
                   "completed-hours-estimated": "0.42", "completed-mins-estimated": "25"})
        );
        let l = call_basic(
            st,
            "GET",
            &format!("/teamwork/tasklists/{}/time/total.json", f.list),
            c,
            None,
        )
        .await;
        assert_eq!(l.json["projects"][0]["tasklist"]["name"], "Inbox");
        assert_eq!(
            l.json["projects"][0]["tasklist"]["time-totals"]["total-mins-sum"], "85",
            "{}",
            b.name
        );
        assert_eq!(
            l.json["projects"][0]["tasklist"]["time-estimates"]["total-mins-estimated"],
            "105"
        );
        let t = call_basic(
            st,
            "GET",
            &format!("/teamwork/tasks/{}/time/total.json", f.task),
            c,
            None,
        )
        .await;
        assert_eq!(
            t.json["projects"][0]["tasklist"]["task"]["name"],
            "Test Task"
        );
        assert_eq!(
            t.json["projects"][0]["tasklist"]["task"]["time-totals"]["billable-mins-sum"], "60",
            "{}",
            b.name
        );
        // fromDate/toDate (and times) in the account's time zone; userId filters.
        let window = call_basic(
            st,
            "GET",
            "/teamwork/time/total.json?fromDate=20260106&toDate=20260107",
            c,
            None,
        )
        .await;
        assert_eq!(
            window.json["time-totals"]["total-mins-sum"], "70",
            "{}",
            b.name
        );
        let timed = call_basic(st, "GET", "/teamwork/time/total.json?fromDate=20260105&fromTime=09:01&toDate=20260108&toTime=08:59", c, None).await;
        assert_eq!(
            timed.json["time-totals"]["total-mins-sum"], "70",
            "{}",
            b.name
        );
        let nobody = call_basic(
            st,
            "GET",
            "/teamwork/time/total.json?userId=999999",
            c,
            None,
        )
        .await;
        assert_eq!(nobody.json["time-totals"]["total-mins-sum"], "0");
        // Per project, paged.
        let per = call_basic(st, "GET", "/teamwork/projects/time/total.json", c, None).await;
        let rows = per.json["projects"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{}", b.name);
        assert_eq!(
            (
                rows[0]["totalMins"].clone(),
                rows[0]["totalBillableMins"].clone(),
                rows[0]["totalNonBillableMins"].clone()
            ),
            (json!("130"), json!("105"), json!("25"))
        );
        assert_eq!(rows[1]["totalMins"], "30");
        let paged = call_basic(
            st,
            "GET",
            "/teamwork/projects/time/total.json?page=2&pageSize=1",
            c,
            None,
        )
        .await;
        assert_eq!(paged.json["projects"][0]["name"], "other", "{}", b.name);
        // Archived projects drop out of projectType=active.
        call(
            st,
            "PUT",
            &format!("/api/v2/ext/projects/{}", f.other_project),
            Some(c),
            Some(r#"{"archived": true}"#),
        )
        .await;
        let active = call_basic(
            st,
            "GET",
            "/teamwork/time/total.json?projectType=active",
            c,
            None,
        )
        .await;
        assert_eq!(
            active.json["time-totals"]["total-mins-sum"], "130",
            "{}",
            b.name
        );
        let bad = call_basic(
            st,
            "GET",
            "/teamwork/time/total.json?fromDate=2026-01-01",
            c,
            None,
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.json["STATUS"], "Error");
    }
}

#[tokio::test]
async fn filters_sorting_and_paging() {
    for b in backends().await {
        let f = fixture(&b).await;
        let (st, c) = (&f.st, &f.c);
        let other_person = user(
            &b.db,
            &app::services::Actor {
                account_id: sqlx::query_scalar::<_, i64>(
                    "SELECT account_id FROM users WHERE id = $1",
                )
                .bind(f.person)
                .fetch_one(&b.db.pool)
                .await
                .unwrap(),
                user_id: None,
                role: app::model::Role::Admin,
            },
            "zed",
        )
        .await;
        let entry = |person: i64, date: &str, billable: &str, tags: &str| {
            json!({"time-entry": {"person-id": person.to_string(), "date": date, "time": "12:00", "hours": "1", "minutes": "0", "isbillable": billable, "tags": tags}}).to_string()
        };
        let p = format!("/teamwork/projects/{}/time_entries.json", f.project);
        call_basic(
            st,
            "POST",
            &p,
            c,
            Some(&entry(f.person, "20260110", "1", "red")),
        )
        .await;
        call_basic(
            st,
            "POST",
            &p,
            c,
            Some(&entry(other_person, "20260105", "0", "blue,red")),
        )
        .await;
        call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.other_project),
            c,
            Some(&entry(f.person, "20260107", "1", "")),
        )
        .await;
        let dates = |r: &Reply| {
            r.json["time-entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["date"].as_str().unwrap()[..10].to_string())
                .collect::<Vec<_>>()
        };
        let all = call_basic(st, "GET", "/teamwork/time_entries.json", c, None).await;
        assert_eq!(
            dates(&all),
            ["2026-01-05", "2026-01-07", "2026-01-10"],
            "{}: ascending by date",
            b.name
        );
        let desc = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?sortorder=DESC",
            c,
            None,
        )
        .await;
        assert_eq!(dates(&desc), ["2026-01-10", "2026-01-07", "2026-01-05"]);
        let by_project = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?sortby=project",
            c,
            None,
        )
        .await;
        assert_eq!(by_project.json["time-entries"][0]["project-name"], "demo");
        assert_eq!(by_project.json["time-entries"][2]["project-name"], "other");
        let by_user = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?sortby=user&sortorder=desc",
            c,
            None,
        )
        .await;
        assert_eq!(
            by_user.json["time-entries"][0]["person-id"],
            other_person.to_string(),
            "{}",
            b.name
        );
        for sort in ["task", "tasklist", "company", "dateupdated", "date"] {
            for order in ["asc", "desc"] {
                let r = call_basic(
                    st,
                    "GET",
                    &format!("/teamwork/time_entries.json?sortby={sort}&sortorder={order}"),
                    c,
                    None,
                )
                .await;
                assert_eq!(r.status, StatusCode::OK, "{}: sortby={sort}", b.name);
                assert_eq!(r.json["time-entries"].as_array().unwrap().len(), 3);
            }
        }
        let newest_first = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?sortby=dateupdated&sortorder=desc",
            c,
            None,
        )
        .await;
        assert_eq!(
            newest_first.json["time-entries"][0]["project-name"], "other",
            "{}: the last one written comes first",
            b.name
        );
        let count = |q: &str| {
            let (st, c, q) = (st.clone(), c.clone(), q.to_string());
            async move {
                call_basic(
                    &st,
                    "GET",
                    &format!("/teamwork/time_entries.json?{q}"),
                    &c,
                    None,
                )
                .await
                .headers["x-records"]
                    .to_str()
                    .unwrap()
                    .to_string()
            }
        };
        assert_eq!(
            count(&format!("userId={other_person}")).await,
            "1",
            "{}",
            b.name
        );
        assert_eq!(count("billableType=billable").await, "2");
        assert_eq!(count("billableType=nonbillable").await, "1");
        assert_eq!(count("invoicedType=invoiced").await, "0");
        assert_eq!(count("invoicedType=noninvoiced").await, "3");
        assert_eq!(count("fromdate=20260106").await, "2");
        assert_eq!(count("fromdate=20260106&todate=20260109").await, "1");
        assert_eq!(
            count("todate=20260107&totime=12:59").await,
            "2",
            "{}: totime is in the account's zone",
            b.name
        );
        assert_eq!(count("todate=20260107&totime=11:59").await, "1");
        assert_eq!(
            count("fromdate=20260107&fromtime=12:00").await,
            "2",
            "{}: fromtime too",
            b.name
        );
        assert_eq!(count("fromdate=20260107&fromtime=12:01").await, "1");
        let red: i64 = sqlx::query_scalar::<_, i64>("SELECT id FROM tags WHERE name = 'red'")
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        let blue: i64 = sqlx::query_scalar::<_, i64>("SELECT id FROM tags WHERE name = 'blue'")
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        assert_eq!(count(&format!("tagIds={red}")).await, "2", "{}", b.name);
        assert_eq!(count(&format!("tagIds={blue},{red}")).await, "2");
        assert_eq!(count(&format!("tagIds={blue}")).await, "1");
        call(
            st,
            "PUT",
            &format!("/api/v2/ext/projects/{}", f.other_project),
            Some(c),
            Some(r#"{"archived": true}"#),
        )
        .await;
        assert_eq!(count("projectType=archived").await, "1", "{}", b.name);
        assert_eq!(count("projectType=active").await, "2");
        assert_eq!(count("projectType=all").await, "3");
        for bad in [
            "sortby=color",
            "billableType=maybe",
            "fromdate=2026-01-01",
            "tagIds=a,b",
            "page=-1",
        ] {
            let r = call_basic(
                st,
                "GET",
                &format!("/teamwork/time_entries.json?{bad}"),
                c,
                None,
            )
            .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}: {bad}", b.name);
            assert_eq!(r.json["STATUS"], "Error");
        }
    }
}

#[tokio::test]
async fn five_hundred_and_one_entries_page_in_five_hundreds() {
    for b in backends().await {
        let f = fixture(&b).await;
        let (st, c) = (&f.st, &f.c);
        // Straight into the table: this test is about paging, not about creating.
        let account_id: i64 =
            sqlx::query_scalar::<_, i64>("SELECT account_id FROM users WHERE id = $1")
                .bind(f.person)
                .fetch_one(&b.db.pool)
                .await
                .unwrap();
        let mut tx = b.db.pool.begin().await.unwrap();
        for i in 0..501 {
            let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T08:00:00Z").unwrap()
                + chrono::Duration::minutes(i * 10);
            let ts = start
                .to_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let end = (start + chrono::Duration::minutes(5))
                .to_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            sqlx::query("INSERT INTO time_entries (account_id, user_id, project_id, started_at, ended_at, worked_minutes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 5, $4, $4)")
                .bind(account_id)
                .bind(f.person)
                .bind(f.project)
                .bind(&ts)
                .bind(&end)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let p1 = call_basic(st, "GET", "/teamwork/time_entries.json", c, None).await;
        assert_eq!(
            p1.json["time-entries"].as_array().unwrap().len(),
            500,
            "{}",
            b.name
        );
        assert_eq!(
            (
                p1.headers["x-records"].to_str().unwrap(),
                p1.headers["x-pages"].to_str().unwrap(),
                p1.headers["x-page"].to_str().unwrap()
            ),
            ("501", "2", "1")
        );
        let p2 = call_basic(st, "GET", "/teamwork/time_entries.json?page=2", c, None).await;
        assert_eq!(p2.json["time-entries"].as_array().unwrap().len(), 1);
        assert_eq!(
            p2.json["time-entries"][0]["date"], "2026-01-04T19:20:00Z",
            "{}: the latest comes last",
            b.name
        );
        let past = call_basic(st, "GET", "/teamwork/time_entries.json?page=9", c, None).await;
        assert_eq!(past.status, StatusCode::OK);
        assert_eq!(past.json["time-entries"], json!([]));
        assert_eq!(past.headers["x-page"], "9");
    }
}

#[tokio::test]
async fn entries_cross_between_the_two_apis() {
    for b in backends().await {
        let f = fixture(&b).await;
        let (st, c) = (&f.st, &f.c);
        let tw = call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.project),
            c,
            Some(&seed_body(f.person)),
        )
        .await;
        let id = id_from_location(&tw);
        let rest = call(
            st,
            "GET",
            &format!("/api/v2/ext/project_time_entries/{id}"),
            Some(c),
            None,
        )
        .await;
        assert_eq!(rest.status, StatusCode::OK, "{}", b.name);
        assert_eq!(rest.json["data"]["workedMinutes"], 75);
        assert_eq!(rest.json["data"]["user"], "demo");
        assert_eq!(rest.json["data"]["tags"], "#tag1 #tag2 #tag3");
        let made = call(
            st,
            "POST",
            "/api/v2/ext/project_time_entries",
            Some(c),
            Some(&json!({"user": "demo", "clientName": "Demo 1 Company", "projectName": "demo", "from": "2026-02-02T09:00:00Z", "to": "2026-02-02T11:30:00Z", "tags": "#api"}).to_string()),
        )
        .await;
        let rid = made.json["data"]["id"].as_i64().unwrap();
        // The X-TimeTrack headers work on /teamwork too.
        let seen = call(
            st,
            "GET",
            &format!("/teamwork/time_entries/{rid}.json"),
            Some(c),
            None,
        )
        .await;
        assert_eq!(seen.status, StatusCode::OK, "{}", b.name);
        assert_eq!(
            (
                seen.json["time-entry"]["hours"].clone(),
                seen.json["time-entry"]["minutes"].clone()
            ),
            (json!("2"), json!("30"))
        );
        let listed = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json?fromdate=20260201",
            c,
            None,
        )
        .await;
        assert_eq!(listed.json["time-entries"][0]["tags"][0]["name"], "api");
        // Wrong credentials: 401 in Teamwork's shape; another account sees nothing.
        let wrong = call_basic(
            st,
            "GET",
            "/teamwork/time_entries.json",
            &(c.0.clone(), "nope".into()),
            None,
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.json["STATUS"], "Error");
        let other = account(&b.db, "other").await;
        let oc = key(&b.db, &other).await;
        assert_eq!(
            call_basic(
                st,
                "GET",
                &format!("/teamwork/time_entries/{rid}.json"),
                &oc,
                None
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "{}",
            b.name
        );
        assert_eq!(
            call_basic(st, "GET", "/teamwork/time_entries.json", &oc, None)
                .await
                .headers["x-records"],
            "0"
        );
        assert_eq!(
            call_basic(
                st,
                "GET",
                &format!("/teamwork/projects/{}/time/total.json", f.project),
                &oc,
                None
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call_basic(st, "GET", "/teamwork/time/total.json", &oc, None)
                .await
                .json["time-totals"]["total-mins-sum"],
            "0"
        );
        let post_other = call_basic(
            st,
            "POST",
            &format!("/teamwork/projects/{}/time_entries.json", f.project),
            &oc,
            Some(&seed_body(f.person)),
        )
        .await;
        assert_eq!(post_other.status, StatusCode::NOT_FOUND, "{}", b.name);
    }
}
