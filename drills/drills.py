"""The reliability drills (see docs/reliability.md). Run through drills/run, which builds or
names the binary and provides Postgres. Each drill prints PASS or FAIL with its figure; the
exit status is 1 when any drill fails."""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in drills/ and bench/
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from harness import (Api, Server, Workdir, api_key, cli, log, make_account, pg_database, q)  # noqa: E402
from session_drill import drill_session_roles  # noqa: E402
from fuzz_drill import drill_fuzz_server_fns  # noqa: E402
from backup_drill import drill_backup_restore  # noqa: E402

RESULTS = []


def report(name, ok, figure):
    RESULTS.append((name, ok, figure))
    log(f"{'PASS' if ok else 'FAIL'}  {name}: {figure}")


def base_records(api, client="Drill GmbH", project="Drill"):
    r = api.post("/api/v2/ext/clients", {"clientName": client})
    assert r.status == 201, f"client: {r.status} {r.body}"
    r = api.post("/api/v2/ext/projects", {"clientName": client, "projectName": project})
    assert r.status == 201, f"project: {r.status} {r.body}"
    return r.data()["id"]


# --- 1. 50 parallel timer starts for one user → exactly one running ---------------------------

def drill_timer_race(bin_path, db_url, port, label, n=50):
    key, secret = make_account(bin_path, db_url, "race")
    srv = Server(bin_path, db_url, port).start()
    try:
        base_records(Api(port, key, secret))
        barrier = threading.Barrier(n)
        statuses = []
        lock = threading.Lock()

        def worker():
            api = Api(port, key, secret)
            api.get("/api/v2/ext/project_timer?user=admin")  # open the connection first
            barrier.wait()
            r = api.post("/api/v2/ext/project_timer/start",
                         {"user": "admin", "clientName": "Drill GmbH", "projectName": "Drill"})
            with lock:
                statuses.append(r.status)

        threads = [threading.Thread(target=worker) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        running = Api(port, key, secret).get("/api/v2/ext/project_timer?user=admin").data()
        started = statuses.count(201)
        refused = statuses.count(422)
        ok = started == 1 and refused == n - 1 and running is not None
        report(f"timer race ({label})", ok,
               f"{n} parallel starts → {started} started, {refused} refused (422), "
               f"other {sorted(s for s in statuses if s not in (201, 422))}; running timer: {'yes' if running else 'no'}")
    finally:
        srv.stop()


# --- 2. Tenant isolation sweep -------------------------------------------------------------------

MARK = "zzq"  # every name of account A carries it; no body B sees may contain it


def drill_tenant_sweep(bin_path, db_url, port, label):
    ka, sa = make_account(bin_path, db_url, "tenant-a")
    kb, sb = make_account(bin_path, db_url, "tenant-b")
    cli(bin_path, db_url, "user", "create", "--account", "tenant-a", "--username", f"{MARK}-alice",
        "--password", "alice-pass-1")
    srv = Server(bin_path, db_url, port).start()
    try:
        a = Api(port, ka, sa)
        user = f"{MARK}-alice"
        client, project, task = f"{MARK.upper()}-Client", f"{MARK.upper()}-Project", f"{MARK.upper()}-Task"
        ids = {}

        def made(path, body):
            r = a.post(path, body)
            assert r.status == 201, f"A {path}: {r.status} {r.body}"
            return r.data()

        ids["clients"] = made("/api/v2/ext/clients", {"clientName": client, "notes": f"{MARK} note"})["id"]
        ids["projects"] = made("/api/v2/ext/projects", {"clientName": client, "projectName": project})["id"]
        t = made("/api/v2/ext/tasks", {"clientName": client, "projectName": project, "taskName": task})
        ids["tasks"], task_list = t["id"], t.get("taskListId")
        ids["project_time_entries"] = made("/api/v2/ext/project_time_entries", {
            "user": user, "clientName": client, "projectName": project, "task": task,
            "from": "2026-03-02T09:00:00Z", "to": "2026-03-02T11:00:00Z", "details": f"{MARK} secret"})["id"]
        ids["expenses"] = made("/api/v2/ext/expenses", {
            "user": user, "clientName": client, "projectName": project, "date": "2026-03-02",
            "amount": "12.50", "category": "Travel", "notes": f"{MARK} taxi"})["id"]
        ids["attendances"] = made("/api/v2/ext/attendances", {
            "user": user, "from": "2026-03-02T08:00:00Z", "to": "2026-03-02T16:00:00Z", "notes": f"{MARK} day"})["id"]
        ids["absence_types"] = made("/api/v2/ext/absence_types", {"name": f"{MARK.upper()}-Leave"})["id"]
        ids["absences"] = made("/api/v2/ext/absences", {
            "user": user, "absenceType": f"{MARK.upper()}-Leave", "from": "2026-04-06", "to": "2026-04-07",
            "notes": f"{MARK} off"})["id"]
        made("/api/v2/ext/project_timer/start", {"user": user, "clientName": client, "projectName": project,
                                                  "details": f"{MARK} running"})
        r = a.post("/api/v2/ext/attendance_timer/start", {"user": user})
        assert r.status in (200, 201), f"A clock in: {r.status} {r.body}"
        alice_id = a.get(f"/api/v2/ext/project_timer?user={user}").data()["userId"]
        before = {res: a.get(f"/api/v2/ext/{res}/{i}").body for res, i in ids.items()}

        b = Api(port, kb, sb)
        tw = Api(port, kb, sb, basic=True)
        checks = 0
        failures = []

        def check(api, method, path, body=None, want=(404,)):
            nonlocal checks
            checks += 1
            r = api.request(method, path, body=body)
            problems = []
            if want and r.status not in want:
                problems.append(f"status {r.status}, wanted {want}")
            sent = (path + json.dumps(body or {})).lower()
            if MARK in r.body.lower() and not (MARK in sent and r.status >= 400):
                # An error may echo the name that was sent; anything else naming A's data leaks.
                problems.append("body shows account A's data")
            if r.status >= 500:
                problems.append("5xx")
            if problems:
                failures.append(f"{method} {path}: {', '.join(problems)}: {r.body[:160]}")

        for res, i in ids.items():
            check(b, "GET", f"/api/v2/ext/{res}/{i}")
            update = {"details": "b was here"} if res == "project_time_entries" else {"notes": "b was here"}
            check(b, "PUT", f"/api/v2/ext/{res}/{i}", update)
            check(b, "DELETE", f"/api/v2/ext/{res}/{i}")
            check(b, "GET", f"/api/v2/ext/{res}", want=(200,))
        filters = {"clients": f"clientName={q(client)}", "projects": f"clientName={q(client)}&projectName={q(project)}",
                   "tasks": f"taskName={q(task)}&projectName={q(project)}&clientName={q(client)}",
                   "project_time_entries": f"user={q(user)}&clientName={q(client)}&projectName={q(project)}",
                   "expenses": f"user={q(user)}", "attendances": f"user={q(user)}",
                   "absences": f"user={q(user)}", "absence_types": f"name={q(MARK.upper() + '-Leave')}"}
        for res, f in filters.items():
            check(b, "GET", f"/api/v2/ext/{res}?{f}", want=(200, 404, 422))
        # Creating with A's names: refused (the names do not exist in B).
        for res, body in {
            "projects": {"clientName": client, "projectName": "B project"},
            "tasks": {"clientName": client, "projectName": project, "taskName": "B task"},
            "project_time_entries": {"user": user, "clientName": client, "projectName": project,
                                     "from": "2026-03-03T09:00:00Z", "to": "2026-03-03T10:00:00Z"},
            "expenses": {"user": user, "clientName": client, "projectName": project, "date": "2026-03-03", "amount": 1},
            "attendances": {"user": user, "from": "2026-03-03T08:00:00Z", "to": "2026-03-03T09:00:00Z"},
            "absences": {"user": user, "absenceType": f"{MARK.upper()}-Leave", "from": "2026-04-08", "to": "2026-04-08"},
        }.items():
            check(b, "POST", f"/api/v2/ext/{res}", body, want=(404, 422))
        for method, path, body in [
            ("GET", f"/api/v2/ext/project_timer?user={user}", None),
            ("POST", "/api/v2/ext/project_timer/start", {"user": user, "clientName": client, "projectName": project}),
            ("POST", "/api/v2/ext/project_timer/stop", {"user": user}),
            ("PUT", "/api/v2/ext/project_timer", {"user": user, "details": "b"}),
            ("DELETE", f"/api/v2/ext/project_timer?user={user}", None),
            ("GET", f"/api/v2/ext/attendance_timer?user={user}", None),
            ("POST", "/api/v2/ext/attendance_timer/start", {"user": user}),
            ("POST", "/api/v2/ext/attendance_timer/stop", {"user": user}),
            ("POST", "/api/v2/ext/attendance_timer/break/start", {"user": user}),
            ("POST", "/api/v2/ext/attendance_timer/break/stop", {"user": user}),
            ("GET", f"/api/v2/ext/user_reports/{alice_id}?from=2026-03-01&to=2026-03-31", None),
            ("GET", f"/api/v2/ext/user_reports?user={user}&from=2026-03-01&to=2026-03-31", None),
        ]:
            check(b, method, path, body, want=(404, 422))
        check(b, "GET", "/api/v2/ext/user_reports?from=2026-03-01&to=2026-03-31", want=(200,))
        # The Teamwork-compatible API, HTTP Basic.
        te, pid, tid = ids["project_time_entries"], ids["projects"], ids["tasks"]
        tw_body = {"time-entry": {"date": "20260303", "time": "09:00", "hours": 1, "minutes": 0,
                                  "description": "b"}}
        for method, path, body in [
            ("GET", f"/teamwork/time_entries/{te}.json", None),
            ("PUT", f"/teamwork/time_entries/{te}.json", tw_body),
            ("DELETE", f"/teamwork/time_entries/{te}.json", None),
            ("GET", f"/teamwork/projects/{pid}/time_entries.json", None),
            ("POST", f"/teamwork/projects/{pid}/time_entries.json", tw_body),
            ("GET", f"/teamwork/tasks/{tid}/time_entries.json", None),
            ("POST", f"/teamwork/tasks/{tid}/time_entries.json", tw_body),
            ("GET", f"/teamwork/todo_items/{tid}/time_entries.json", None),
            ("POST", f"/teamwork/todo_items/{tid}/time_entries.json", tw_body),
            ("GET", f"/teamwork/projects/{pid}/time/total.json", None),
            ("GET", f"/teamwork/tasklists/{task_list}/time/total.json", None),
            ("GET", f"/teamwork/tasks/{tid}/time/total.json", None),
        ]:
            check(tw, method, path, body)
        for path in ["/teamwork/time_entries.json", "/teamwork/time/total.json", "/teamwork/projects/time/total.json",
                     f"/teamwork/time_entries.json?projectId={pid}&fromdate=20260101&todate=20261231"]:
            check(tw, "GET", path, want=(200, 404, 422))
        # A's data is untouched.
        after = {res: a.get(f"/api/v2/ext/{res}/{i}").body for res, i in ids.items()}
        changed = [res for res in ids if before[res] != after[res]]
        if changed:
            failures.append(f"account A's records changed: {changed}")
        if a.get(f"/api/v2/ext/project_timer?user={user}").data() is None:
            failures.append("account A's running timer is gone")
        for f in failures[:10]:
            log(f"      {f}")
        report(f"tenant isolation ({label})", not failures,
               f"{checks} requests with account B's key on A's ids and names (REST + Teamwork): "
               f"{len(failures)} problems; A's {len(ids)} records unchanged: {'yes' if not changed else 'NO'}")
    finally:
        srv.stop()


# --- 3. Throttle across two processes on one Postgres ------------------------------------------

def drill_throttle(bin_path, pg_url, ports, limit=30, sent=90):
    key, secret = make_account(bin_path, pg_url, "throttle")
    servers = [Server(bin_path, pg_url, p, rate_limit=limit).start() for p in ports]
    try:
        statuses = []
        lock = threading.Lock()
        per_thread = sent // 6

        def worker(i):
            api = Api(ports[i % 2], key, secret)
            for _ in range(per_thread):
                r = api.get("/api/v2/ext/clients")
                with lock:
                    statuses.append((r.status, r.headers.get("retry-after")))

        t0 = time.time()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        secs = time.time() - t0
        ok_n = sum(1 for s, _ in statuses if s == 200)
        limited = [ra for s, ra in statuses if s == 429]
        other = [s for s, _ in statuses if s not in (200, 429)]
        # Each process leases a hundredth of the limit at a time (services/throttle.rs): together
        # they accept at most the limit and at least the limit minus one chunk per process.
        chunk = max(1, min(1000, limit // 100))
        ok = (limit - 2 * chunk <= ok_n <= limit and len(limited) == sent - ok_n and all(limited)
              and not other)
        report(f"throttle across 2 processes (Postgres, limit {limit})", ok,
               f"limit {limit}/min (lease {chunk}), {sent} requests over 2 servers in {secs:.1f}s → {ok_n} accepted, "
               f"{len(limited)} refused 429 (Retry-After on all: {'yes' if all(limited) else 'no'}), other {other}")
    finally:
        for s in servers:
            s.stop()


# --- 4. kill -9 during 1 000 acknowledged creates -------------------------------------------------

def drill_kill9(bin_path, db_url, port, label, total=1000, kill_after=400, workers=8):
    key, secret = make_account(bin_path, db_url, "crash")
    srv = Server(bin_path, db_url, port).start()
    try:
        base_records(Api(port, key, secret))
        acked = []
        lock = threading.Lock()
        killed = threading.Event()
        counter = iter(range(total))

        def worker():
            api = Api(port, key, secret)
            while not killed.is_set():
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                day, minute = divmod(i, 48)
                body = {"user": "admin", "clientName": "Drill GmbH", "projectName": "Drill",
                        "from": f"2025-{1 + day % 12:02d}-{1 + day % 28:02d}T{minute // 4 + 6:02d}:{(minute % 4) * 15:02d}:00Z",
                        "to": f"2025-{1 + day % 12:02d}-{1 + day % 28:02d}T{minute // 4 + 6:02d}:{(minute % 4) * 15 + 10:02d}:00Z",
                        "details": f"crash drill {i}"}
                try:
                    r = api.post("/api/v2/ext/project_time_entries", body)
                except Exception:
                    return
                if r.status == 201:
                    with lock:
                        acked.append(r.data()["id"])
                        if len(acked) >= kill_after and not killed.is_set():
                            killed.set()
                            srv.kill9()

        threads = [threading.Thread(target=worker) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        srv.kill9()
        acked_n = len(acked)
        srv.start()
        api = Api(port, key, secret)
        missing = [i for i in acked if api.get(f"/api/v2/ext/project_time_entries/{i}").status != 200]
        total_now = api.get("/api/v2/ext/project_time_entries?limit=1").json()["meta"]["totalRecords"]
        ok = not missing and acked_n >= kill_after
        report(f"kill -9 during creates ({label})", ok,
               f"{acked_n} creates acknowledged when the server was killed -9 (of {total} sent by {workers} clients); "
               f"after restart {acked_n - len(missing)} of them present, {len(missing)} missing "
               f"({total_now} entries in all)")
    finally:
        srv.stop()


# --- 4b. Rollups stay exact under concurrent writes ----------------------------------------------

def drill_rollups(bin_path, db_url, ports, label, ops=2000, workers=8, seed=20261202):
    """`ops` random creates, updates (new day, billable, invoice), moves to another project,
    deletes and timer stops from `workers` clients at once, spread over the servers on
    `ports` (several processes on one Postgres); then `stempel rollups check` must find no
    difference, and the Teamwork account total must equal the entries' own sum."""
    import random
    key, secret = make_account(bin_path, db_url, "rollups")
    users = ["admin"]
    for i in range(3):
        cli(bin_path, db_url, "user", "create", "--account", "rollups", "--username", f"roll{i}",
            "--password", "roll-pass-123456")
        users.append(f"roll{i}")
    servers = [Server(bin_path, db_url, p).start() for p in ports]
    try:
        api = Api(ports[0], key, secret)
        projects = [base_records(api, "Roll GmbH", "Roll 0")]
        for i in (1, 2):
            r = api.post("/api/v2/ext/projects", {"clientName": "Roll GmbH", "projectName": f"Roll {i}"})
            assert r.status == 201, f"project: {r.status} {r.body}"
            projects.append(r.data()["id"])
        for i in range(3):
            r = api.post("/api/v2/ext/tasks", {"clientName": "Roll GmbH", "projectName": f"Roll {i}", "taskName": "Build"})
            assert r.status == 201, f"task: {r.status} {r.body}"
        today = dt.date.today()
        statuses, ids, lock = {}, [], threading.Lock()
        counter = iter(range(ops))

        def when(rng):
            d = today - dt.timedelta(days=rng.randrange(60))
            h = rng.randrange(0, 23)  # any hour: some entries start late in the evening, across days
            return d, h, rng.choice((0, 15, 30, 45))

        def one(rng, rest, tw, i):
            op = rng.choices(("create", "update", "move", "delete", "timer"), (40, 20, 15, 15, 10))[0]
            with lock:
                pick = rng.choice(ids) if ids else None
            if op != "create" and op != "timer" and pick is None:
                op = "create"
            if op == "create":
                d, h, m = when(rng)
                body = {"user": rng.choice(users), "clientName": "Roll GmbH", "projectName": f"Roll {rng.randrange(3)}",
                        "from": f"{d}T{h:02d}:{m:02d}:00Z", "to": f"{d}T{h:02d}:{m:02d}:00Z".replace(f"T{h:02d}", f"T{h + 1:02d}"),
                        "billable": rng.random() < 0.7, "details": f"roll {i}"}
                if rng.random() < 0.5:
                    body["task"] = "Build"
                r = rest.post("/api/v2/ext/project_time_entries", body)
                if r.status == 201:
                    with lock:
                        ids.append(r.data()["id"])
            elif op == "update":
                d, h, m = when(rng)
                body = {"from": f"{d}T{h:02d}:{m:02d}:00Z", "to": f"{d}T{h:02d}:{m + 10:02d}:00Z",
                        "billable": rng.random() < 0.5}
                if rng.random() < 0.3:
                    body["invoiceNumber"] = f"R-{i}"
                r = rest.put(f"/api/v2/ext/project_time_entries/{pick}", body)
            elif op == "move":
                body = {"time-entry": {"project-id": str(rng.choice(projects)), "isbillable": rng.choice(("0", "1"))}}
                r = tw.put(f"/teamwork/time_entries/{pick}.json", body)
            elif op == "delete":
                r = rest.delete(f"/api/v2/ext/project_time_entries/{pick}")
                if r.status == 200:
                    with lock:
                        if pick in ids:
                            ids.remove(pick)
            else:
                who = rng.choice(users)
                r = rest.post("/api/v2/ext/project_timer/start",
                              {"user": who, "clientName": "Roll GmbH", "projectName": f"Roll {rng.randrange(3)}"})
                if r.status in (200, 201):
                    r = rest.post("/api/v2/ext/project_timer/stop", {"user": who})
            with lock:
                statuses.setdefault(op, []).append(r.status)

        def worker(w):
            rng = random.Random(seed + w)
            port = ports[w % len(ports)]
            rest, tw = Api(port, key, secret), Api(port, key, secret, basic=True)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                one(rng, rest, tw, i)

        t0 = time.time()
        threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        secs = time.time() - t0
        out = subprocess.run([bin_path, "--database-url", db_url, "rollups", "check", "--account", "rollups"],
                             capture_output=True, text=True)
        summary = (out.stdout.strip().splitlines() or ["(no output)"])[-1]
        raw, page = 0, 0
        while True:
            batch = api.get(f"/api/v2/ext/project_time_entries?limit=1000&page_number={page}").data()
            raw += sum(e["workedMinutes"] for e in batch)
            if len(batch) < 1000:
                break
            page += 1
        tw_total = Api(ports[0], key, secret, basic=True).get("/teamwork/time/total.json").json()
        minutes = int(tw_total["time-totals"]["total-mins-sum"])
        bad = {op: sorted(set(s for s in st if s >= 500 or s == 0)) for op, st in statuses.items()}
        bad = {k: v for k, v in bad.items() if v}
        ok = out.returncode == 0 and " 0 differences, 0 entries on a wrong day" in summary and not bad and raw == minutes
        counts = ", ".join(f"{op} {len(st)} ({sum(1 for x in st if x < 300)} ok)" for op, st in sorted(statuses.items()))
        report(f"rollups under concurrent writes ({label}, {len(ports)} process{'es' if len(ports) > 1 else ''})", ok,
               f"{ops} writes by {workers} clients in {secs:.1f}s: {counts}; 5xx {bad or 'none'}; "
               f"rollups check: {summary}; Teamwork total {minutes} min, entries' sum {raw} min")
    finally:
        for s in servers:
            s.stop()


# --- 5. Fuzz from the OpenAPI document with schemathesis ---------------------------------------

def drill_fuzz(bin_path, db_url, port, st_bin, max_time, log_path):
    key, secret = make_account(bin_path, db_url, "fuzz")
    api = Api(port, key, secret)
    srv = Server(bin_path, db_url, port).start()
    try:
        base_records(api)
        cmd = [st_bin, "run", f"http://127.0.0.1:{port}/api/v2/ext/openapi.json", "--url", f"http://127.0.0.1:{port}",
               "-H", f"X-TimeTrack-Api-Key: {key}", "-H", f"X-TimeTrack-Api-Secret: {secret}",
               "--checks", "not_a_server_error,response_schema_conformance",
               "--phases", "examples,coverage,fuzzing", "--max-time", str(max_time), "--workers", "2",
               "--no-color", "--suppress-health-check", "all"]
        with open(log_path, "w") as out:
            rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=os.path.dirname(log_path)).returncode
        text = open(log_path).read()
        summary = [l.strip() for l in text.splitlines() if re.search(r"\d+ (passed|failed|errors?)\b", l)]
        five = len(re.findall(r"Server error", text))
        schema = len(re.findall(r"Response violates schema", text))
        report("schemathesis fuzz (SQLite)", rc == 0,
               f"{max_time}s budget: {summary[-1] if summary else 'no summary'}; "
               f"server errors {five}, schema violations {schema} (log: {log_path})")
    finally:
        srv.stop()


BACKUP_DATABASES = ("bksrc", "bkdst1", "bkdst2")


def drill_backups(args, sqlite, pg):
    """A backup of SQLite (and of Postgres) under load, restored into fresh SQLite and Postgres."""
    sources = [("SQLite", sqlite("bksrc"))]
    if args.postgres:
        sources.append(("Postgres", pg("bksrc")))
    for n, (label, source) in enumerate(sources):
        targets = [("SQLite", sqlite(f"bkdst{n}"), 3335)]
        if args.postgres:
            targets.append(("Postgres", pg(f"bkdst{n + 1}"), 3336))
        try:
            drill_backup_restore(args.bin, source, targets, 3334, label, report, args.workdir)
        except Exception as e:
            report(f"backup during writes ({label})", False, f"{type(e).__name__}: {e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--postgres", default="", help="a Postgres URL it may create databases next to")
    ap.add_argument("--quick", action="store_true", help="the drills that take under a minute")
    ap.add_argument("--schemathesis", default="")
    ap.add_argument("--fuzz-seconds", type=int, default=120)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    work = Workdir("stempel-drills.")
    args.workdir = work.path
    t0 = time.time()
    tag = os.getpid()
    only = set(filter(None, args.only.split(",")))

    def want(name):
        return not only or name in only

    def sqlite(name):
        return f"sqlite://{work.file(name + '.db')}"

    def pg(name):
        return pg_database(args.postgres, f"stempel_drill_{name}_{tag}")

    try:
        if want("race"):
            drill_timer_race(args.bin, sqlite("race"), 3321, "SQLite")
            if args.postgres:
                drill_timer_race(args.bin, pg("race"), 3322, "Postgres")
        if want("tenant"):
            drill_tenant_sweep(args.bin, sqlite("tenant"), 3323, "SQLite")
            if args.postgres and not args.quick:
                drill_tenant_sweep(args.bin, pg("tenant"), 3324, "Postgres")
        if want("throttle") and args.postgres:
            drill_throttle(args.bin, pg("throttle"), (3325, 3326))
            drill_throttle(args.bin, pg("throttle2"), (3325, 3326), limit=1000, sent=1200)
        if want("rollups"):
            drill_rollups(args.bin, sqlite("rollups"), (3334,), "SQLite")
            if args.postgres:
                drill_rollups(args.bin, pg("rollups"), (3335, 3336), "Postgres")
        if want("kill9"):
            drill_kill9(args.bin, sqlite("crash"), 3327, "SQLite WAL")
            if args.postgres:
                drill_kill9(args.bin, pg("crash"), 3328, "Postgres")
        for name, drill, ports in (("session", drill_session_roles, (3330, 3331)),
                                   ("fuzzsf", drill_fuzz_server_fns, (3332, 3333))):
            if not want(name):
                continue
            for label, port in (("SQLite", ports[0]), ("Postgres", ports[1])):
                if label == "Postgres" and not args.postgres:
                    continue
                try:  # one backend that cannot run does not stop the other
                    db = sqlite(name) if label == "SQLite" else pg(name)
                    drill(args.bin, db, port, label, report, work.path)
                except Exception as e:
                    report(f"{name} ({label})", False, f"{type(e).__name__}: {e}")
        if want("backup"):
            drill_backups(args, sqlite, pg)
        if want("fuzz") and not args.quick and args.schemathesis:
            drill_fuzz(args.bin, sqlite("fuzz"), 3329, args.schemathesis, args.fuzz_seconds,
                       os.path.join(tempfile.gettempdir(), f"stempel-schemathesis-{tag}.log"))
    except Exception as e:  # a drill that cannot run is a failed drill
        report("drill setup", False, f"{type(e).__name__}: {e}")
    finally:
        work.remove()
        if args.postgres:
            for name in ("race", "tenant", "throttle", "throttle2", "crash", "rollups", "session", "fuzzsf",
                         *BACKUP_DATABASES):
                try:
                    from harness import psql
                    psql(args.postgres, f"DROP DATABASE IF EXISTS stempel_drill_{name}_{tag} WITH (FORCE)")
                except Exception:
                    pass
    failed = [n for n, ok, _ in RESULTS if not ok]
    log(f"--- drills: {len(RESULTS) - len(failed)} passed, {len(failed)} failed in {time.time() - t0:.0f}s")
    sys.exit(1 if failed or not RESULTS else 0)


if __name__ == "__main__":
    main()
