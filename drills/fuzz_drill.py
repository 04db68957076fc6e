"""Drill "fuzz server functions": every server function, signed in as an admin and as a staff
member, with generated arguments (dates out of range, huge and negative numbers, absurd
durations, 100 KB and 1 MB strings, NUL, unicode, `%`, empty, wrong types, missing and extra
arguments), and every page and download with such query values. Seeded, bounded by a number of
calls and a time budget. Pass: no 5xx, no dropped connection (a panic drops it), no panic in
the server log, and the server still answers afterwards."""

import datetime as dt
import os
import random
import re
import time
import urllib.parse

from harness import Api, Server, api_key, cli, log
from session_drill import Browser, login, server_fns

BIG = ("A" * 100_000, "B" * 1_000_000)
DATES = ["+262142-12-31", "-262143-01-01", "0000-00-00", "9999-12-31", "1899-12-31", "1970-01-01",
         "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "20260301", "2026-03-32",
         "2026-03-02T10:00:00Z", "99999-01-01", "262143-01-01", "-0001-12-31", "٢٠٢٦-٠٣-٠١"]
MONTHS = ["+262142-12", "0000-00", "9999-12", "1899-12", "2026-13", "2026-00", "-0001-01", "2026-1",
          "2026-03-01", "262143-01", "+262142-13", "99999-12"]
TIMES = ["25:00", "24:00", "23:59", "-1:00", "09:60", "9", "0:0", "00:00:00", "99999999999:00", "12:30pm"]
DURATIONS = ["2400000000:00", "-1:00", "0:-30", "1:99999999999999999999", "9223372036854775807:59", ":",
             "-9223372036854775808:00", "153722867280912930:00", "0:00", "1.5", "1e308", "-0.5"]
NUMBERS = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "-1", "0", "1e309", "NaN",
           "inf", "1.5", "99999999999999999999999", "0x10", "1_000", "+5", " 7 "]
MONEY = ["99999999999.99", "999999999999.99", "92233720368547758.07", "-5", "1,5", "0.001", "1e3", ".5", "5.",
         "9999999999999999999999"]
STRINGS = ["", " ", "%", "%%", "%00", "%zz", "\x00", "a\x00b", "ü€😀", "\u202e\u200b", "'; DROP TABLE users; --",
           "<script>alert(1)</script>", "\r\n", "../../etc/passwd", "{{7*7}}", "null", "true", "-", "Ω" * 300]
BOOLS = ["true", "false", "1", "0", "on", "", "yes", "TRUE", "null"]
CHOICES = {
    "step": ["clock_in", "break_start", "break_stop", "clock_out", "clock_sideways"],
    "role": ["admin", "manager", "staff", "root", "Admin"],
    "timezone": ["Europe/Berlin", "UTC", "Mars/Olympus", "+25:00", "Etc/GMT+14"],
    "currency": ["EUR", "USD", "€", "EURO", "eu"],
    "locale": ["en", "de", "xx", "de-DE-x-private"],
    "break_rule": ["off", "de", "fr", "DE"],
    "color": ["#ffffff", "red", "#zzzzzz", "#12345", "#1234567"],
}


def kind_of(fn, arg, args):
    names = {a for a, _ in args}
    if arg in ("day", "date"):
        return "date"
    if arg in ("from", "to"):
        return "time" if "date" in names else "date"
    if arg == "month":
        return "month"
    if arg == "duration":
        return "duration"
    if arg in ("estimate", "budget_hours") or arg.startswith("target_"):
        return "hours"
    if arg in ("hour_rate", "budget_money", "amount"):
        return "money"
    if arg in ("break_minutes", "paid_leave_days"):
        return "number"
    if arg in ("id", "user", "project", "project_id", "task_id", "task_list_id", "client_id"):
        return "id"
    if arg == "approve":
        return "bool"
    if arg in CHOICES:
        return arg
    return "text"


class Fuzz:
    def __init__(self, rng, valid, big_budget):
        self.rng, self.valid, self.big_left = rng, valid, big_budget

    def hostile(self, kind):
        r = self.rng
        pools = {"date": DATES, "time": TIMES, "month": MONTHS, "duration": DURATIONS, "hours": DURATIONS + NUMBERS,
                 "money": MONEY + NUMBERS, "number": NUMBERS, "id": NUMBERS + [""], "bool": BOOLS}
        pool = pools.get(kind) or CHOICES.get(kind) or STRINGS
        if r.random() < 0.12:  # another kind's value
            pool = r.choice([DATES, MONTHS, TIMES, DURATIONS, NUMBERS, MONEY, STRINGS, BOOLS])
        if r.random() < 0.025 and self.big_left > 0:
            self.big_left -= 1
            return r.choice(BIG)
        return r.choice(pool)

    def value(self, fn, arg, kind):
        r = self.rng
        if r.random() < 0.4:
            v = self.valid.get((fn, arg)) or self.valid.get(arg) or self.valid.get(kind)
            if v:
                return r.choice(v)
        return self.hostile(kind)

    def args(self, fn, sig):
        out = {}
        for arg, ty in sig:
            if self.rng.random() < 0.03:
                continue  # a missing argument
            if ty.startswith("Option<") and self.rng.random() < 0.5:
                continue  # an unticked checkbox
            out[arg] = self.value(fn, arg, kind_of(fn, arg, sig))
        if self.rng.random() < 0.04:
            out[self.rng.choice(["extra", "id[]", "__proto__", ""])] = self.hostile("text")
        return out


PAGES = [
    "/time?week={date}&user={id}", "/attendance?user={id}", "/timesheet?month={month}&user={id}",
    "/absences?month={month}&user={id}", "/absences/team?month={month}", "/projects?from={date}&to={date}",
    "/projects/{seg}?from={date}&to={date}", "/expenses?month={month}&project={id}&user={id}&edit={id}",
    "/admin/tasks?project={id}", "/admin/clients?edit={id}", "/admin/projects?edit={id}", "/admin/users?edit={id}",
    "/admin/holidays?edit={id}", "/admin/absence-types?edit={id}", "/timesheet.csv?month={month}&user={id}",
    "/timesheet.xlsx?month={month}&user={id}", "/projects/{seg}/report.csv?from={date}&to={date}",
    "/projects/{seg}/report.xlsx?from={date}&to={date}", "/calendar/{seg}.ics", "/lang/{seg}", "/", "/settings",
    "/admin", "/login", "/setup", "/settings/general/api", "/time?week={text}", "/{seg}",
]


def page_url(fuzz, template):
    """The template with generated values; query values URL-encoded, at most 100 KB each."""
    def fill(m):
        kind = m.group(1)
        while True:
            v = fuzz.value("page", kind, {"seg": "text"}.get(kind, kind))
            if len(v) <= 100_000:
                break
        return urllib.parse.quote(v, safe="")
    return re.sub(r"\{(\w+)\}", fill, template)


def short(args):
    def s(v):
        v = str(v)
        return v if len(v) <= 40 else f"<{len(v)} chars {v[:12]!r}…>"
    if isinstance(args, dict):
        return "{" + ", ".join(f"{k}={s(v)!r}" for k, v in args.items()) + "}"
    return s(args)


def drill_fuzz_server_fns(bin_path, db_url, port, label, report, workdir, calls=2000, seconds=50, seed=None):
    seed = int(os.environ.get("STEMPEL_FUZZ_SEED", seed if seed is not None else 20261201))
    rng = random.Random(seed)
    slug = "fuzz-sf"
    admin_pw, staff_pw = "fuzz-admin-pw1", "fuzz-staff-pw1"
    cli(bin_path, db_url, "account", "create", slug, "--name", "Fuzz", "--admin-username", "admin",
        "--admin-password", admin_pw)
    cli(bin_path, db_url, "user", "create", "--account", slug, "--username", "staff", "--password", staff_pw,
        "--role", "staff")
    key, secret = api_key(bin_path, db_url, slug)
    log_path = os.path.join(workdir, f"fuzz-sf-{port}.log")
    srv = Server(bin_path, db_url, port, log_path=log_path).start()
    t0 = time.time()
    failures = []   # (what, who, status, detail)
    statuses = {}
    n = gets = 0
    try:
        api = Api(port, key, secret)
        today = dt.date.today()
        d = (today - dt.timedelta(days=10)).isoformat()
        ids = {}
        for path, body in (
            ("clients", {"clientName": "Fuzz GmbH"}),
            ("projects", {"clientName": "Fuzz GmbH", "projectName": "Fuzz", "budgetMinutes": 600}),
            ("tasks", {"clientName": "Fuzz GmbH", "projectName": "Fuzz", "taskName": "Poke"}),
            ("project_time_entries", {"user": "staff", "clientName": "Fuzz GmbH", "projectName": "Fuzz",
                                      "from": f"{d}T08:00:00Z", "to": f"{d}T09:00:00Z", "details": "fuzz"}),
            ("attendances", {"user": "staff", "from": f"{d}T07:00:00Z", "to": f"{d}T15:00:00Z"}),
            ("expenses", {"user": "staff", "clientName": "Fuzz GmbH", "projectName": "Fuzz", "date": d, "amount": "3"}),
            ("absence_types", {"name": "Fuzz leave"}),
            ("absences", {"user": "staff", "absenceType": "Fuzz leave", "from": d, "to": d}),
        ):
            r = api.post(f"/api/v2/ext/{path}", body)
            if r.status != 201:
                raise RuntimeError(f"fuzz setup {path}: {r.status} {r.body[:200]}")
            ids[path] = str(r.data()["id"])
        browsers = {"admin": login(port, slug, "admin", admin_pw), "staff": login(port, slug, "staff", staff_pw)}
        user_ids = {who: str(b.sf("load_session").json()["user"]["user_id"]) for who, b in browsers.items()}
        protected = set(user_ids.values())
        valid = {
            "date": [d], "time": ["09:00", "17:30"], "month": [d[:7]], "duration": ["1:30"], "hours": ["7:30", "8"],
            "money": ["12.50"], "number": ["0", "30"], "bool": ["true", "false"], "text": ["fuzz", ""],
            "id": list(ids.values()) + [""], "user": list(user_ids.values()) + [""],
            "project": [ids["projects"]], "project_id": [ids["projects"]], "task_id": [ids["tasks"], ""],
            "client_id": [ids["clients"]], "choice": ["Fuzz GmbH / Fuzz", "Fuzz GmbH / Fuzz · Poke"],
            ("request_absence", "absence_type"): ["Fuzz leave"], ("login", "account"): [slug],
            ("delete_entry", "id"): [ids["project_time_entries"]], ("delete_attendance", "id"): [ids["attendances"]],
            ("delete_expense", "id"): [ids["expenses"]], ("delete_absence", "id"): [ids["absences"]],
            ("decide_absence", "id"): [ids["absences"]], ("load_dashboard", "id"): [ids["projects"]],
        }
        fuzz = Fuzz(rng, valid, big_budget=60)
        fns, _ = server_fns()
        names = sorted(fns)
        deadline = t0 + seconds
        page_share = 0.25

        def judge(what, who, r, detail):
            nonlocal n
            n += 1
            statuses[r.status // 100 if r.status else 0] = statuses.get(r.status // 100 if r.status else 0, 0) + 1
            if r.status == 0:
                failures.append((what, who, "dropped", f"{detail}: {r.error}"))
            elif r.status >= 500:
                failures.append((what, who, r.status, f"{detail} → {r.text[:120]}"))

        # Every function once per role first (so each is covered), then at random.
        plan = [(fn, who) for fn in names for who in ("admin", "staff")]
        while n < calls and time.time() < deadline:
            who = rng.choice(("admin", "staff"))
            if plan:
                fn, who = plan.pop(0)
            elif rng.random() < page_share:
                fn = None
            else:
                fn = rng.choice(names)
            b = browsers[who]
            if fn is None:
                template = rng.choice(PAGES)
                url = page_url(fuzz, template)
                r = b.get(url, accept=rng.choice(["text/html", "*/*"]))
                gets += 1
                judge(f"GET {template}", who, r, short(urllib.parse.unquote(url)))
                continue
            args = fuzz.args(fn, fns[fn])
            if fn == "save_user" and args.get("id", "").strip().lstrip("+") in protected:
                args["id"] = ""  # keep the fuzzer's own sign-ins working
            # Sign-in and sign-out run on a copy of the session, so the fuzzer stays signed in.
            caller = b.clone() if fn in ("login", "logout", "setup_account") else b
            r = caller.sf(fn, args)
            judge(fn, who, r, short(args))
            if r.status == 0 and srv.proc.poll() is not None:
                failures.append(("server", "-", "exited", f"the server exited with {srv.proc.returncode}"))
                break
            if r.status == 401 and fn not in ("login", "logout", "setup_account"):
                # The session was lost (an ended session is not a server error): sign in again.
                try:
                    browsers[who] = login(port, slug, who, admin_pw if who == "admin" else staff_pw)
                except RuntimeError:
                    pass  # e.g. the sign-in throttle; the calls go on (and answer 401)
        secs = time.time() - t0
        # Still answering?
        alive = Browser(port).sf("load_session")
        page = Browser(port).get("/login", accept="text/html")
        if alive.status != 200 or not 200 <= page.status < 500:
            failures.append(("afterwards", "-", f"{alive.status}/{page.status}",
                             "the server does not answer load_session / GET /login"))
    finally:
        srv.stop()
    panics = []
    try:
        with open(log_path, errors="replace") as f:
            panics = [line.strip() for line in f if "panicked" in line]
    except OSError:
        pass
    for p in panics[:20]:
        failures.append(("server log", "-", "panic", p[:240]))
    # One line per kind of failure (status and answer, names and numbers blurred), with the
    # functions it came from and one example call.
    groups = {}
    for what, who, status, detail in failures:
        answer = detail.split(" → ", 1)[1] if " → " in detail else detail
        kind = re.sub(r"\d+", "#", re.sub(r"`[^`]*`", "`…`", answer))[:100]
        groups.setdefault((str(status), kind), []).append((what, who, detail))
    for (status, kind), items in sorted(groups.items(), key=lambda g: -len(g[1])):
        fns = {}
        for what, _, _ in items:
            fns[what] = fns.get(what, 0) + 1
        where = ", ".join(f"{f} {c}×" for f, c in sorted(fns.items(), key=lambda x: -x[1]))
        log(f"      {status} {kind} — {len(items)}× in {where}")
        shown = set()
        for what, who, detail in items:
            if what not in shown and len(shown) < 3:
                shown.add(what)
                log(f"        e.g. {who} {what} {detail.split(' → ', 1)[0][:220]}")
    by_class = ", ".join(f"{k}xx {v}" if k else f"dropped {v}" for k, v in sorted(statuses.items()))
    report(f"fuzz server functions ({label})", not failures,
           f"seed {seed}: {n} calls ({n - gets} to the {len(names)} server functions as admin and staff, {gets} GETs of "
           f"pages and downloads) in {secs:.0f}s → "
           f"{by_class}; {len(failures)} failing ({len(groups)} distinct), {len(panics)} panics in the log")
