"""Drill "session roles": every server function and every download, called with the session
cookie of every role (anonymous, staff, manager, admin) of two accounts, against the role table
in docs/security.md.

For each role of each account it makes three kinds of calls:
  (a) with the other account's ids and users: must be refused (401/403/404/422) and the body
      must not show the other account's marker;
  (b) with ids/users of its own account that the role may not see or change: refused (403, or
      404 for another person's record), nothing changed;
  (c) the calls the role may make: they must succeed (so refusing everything cannot pass).
Before and after, every record of both accounts is read (REST API with the admin key, plus the
admin's lists for what the REST API does not serve); nothing may change except what (c) changed.
No call may answer 5xx or drop the connection.

Every record carries its account's marker (zqxa / zqxb) and, where only some people may see it,
a private marker: the owner's (…ps1, …ps2, …pm, …pad), the administration's (…sec: client and
project notes, e-mails, addresses) or the API key's (…key). Staff must never see another
person's or the administration's marker; nobody may see the other account's marker (an error
may echo what was sent)."""

import datetime as dt
import http.client
import io
import json
import os
import re
import time
import urllib.parse
import zipfile

from harness import Api, Server, api_key, cli, log

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

OK = frozenset({200})
DENY = frozenset({403})               # the role may not do this at all
DENY_RECORD = frozenset({403, 404})   # another person's record: refused, existence may be hidden
FOREIGN = frozenset({401, 403, 404, 422})
ANON = frozenset({401})
# A filter naming something the caller may not see narrows the answer instead of refusing it
# (staff asking for a colleague's expenses get their own; a foreign project id in a filter
# gives the caller's own data or nothing). Allowed, as long as no foreign marker shows.
NARROWED = frozenset({200, 401, 403, 404, 422})
REDIRECT = frozenset({301, 302, 303, 307, 308})
ROLES = ("anonymous", "staff", "manager", "admin")
ANON_OPEN = ("login", "logout", "load_session", "setup_account")


# --- the server functions the source declares ----------------------------------------------------

# How a server function takes its arguments when it declares `input = …` (form-encoded otherwise):
# {name: "Json" | "MultipartFormData"}, filled by server_fns().
INPUT = {}


def server_fns():
    """{name: [(arg, rust type), …]} for every `#[server(endpoint = "…")]` in app/src, and the
    number of `#[server]` without a fixed endpoint. Records each one's `input` in INPUT."""
    fns, unnamed = {}, 0
    for dirpath, _, files in os.walk(os.path.join(ROOT, "app", "src")):
        for f in files:
            if not f.endswith(".rs"):
                continue
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            unnamed += len(re.findall(r"#\[server\]", text))
            pattern = r'#\[server\(\s*endpoint\s*=\s*"([^"]+)"\s*(?:,\s*input\s*=\s*(\w+)\s*)?\)\]'
            for m in re.finditer(pattern, text):
                if m.group(2):
                    INPUT[m.group(1)] = m.group(2)
                sig = re.search(r"pub async fn \w+\s*\(([^)]*)\)", text[m.end():], re.S)
                args = []
                for part in (sig.group(1) if sig else "").split(","):
                    if ":" in part:
                        name, ty = part.split(":", 1)
                        args.append((name.strip(), " ".join(ty.split())))
                fns[m.group(1)] = args
    return fns, unnamed


# --- a browser: cookies, Origin, one connection per request ------------------------------------------

def encode(args, kind):
    """(content type, body) of a server function's arguments: form-encoded by default, JSON or
    multipart when the function declares it. A multipart value (name, bytes) is a file."""
    if kind == "Json":
        return "application/json", json.dumps(args).encode()
    if kind == "MultipartFormData":
        boundary = "drill-" + os.urandom(8).hex()
        out = io.BytesIO()
        for k, v in args.items():
            if isinstance(v, tuple):
                head = f'name="{k}"; filename="{v[0]}"\r\nContent-Type: text/csv'
                data = v[1]
            else:
                head, data = f'name="{k}"', str(v).encode()
            out.write(f"--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n".encode())
            out.write(data + b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
        return f"multipart/form-data; boundary={boundary}", out.getvalue()
    pairs = [(k, v) for k, v in args.items() if v is not None]
    return "application/x-www-form-urlencoded", urllib.parse.urlencode(pairs).encode()


class Reply:
    def __init__(self, status, headers, raw, error=None):
        self.status, self.headers, self.raw, self.error = status, headers, raw, error
        self._text = None

    @property
    def text(self):
        """The body as text; an XLSX download is unpacked so its cells can be searched."""
        if self._text is None:
            if self.raw[:2] == b"PK":
                try:
                    with zipfile.ZipFile(io.BytesIO(self.raw)) as z:
                        self._text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
                except zipfile.BadZipFile:
                    self._text = self.raw.decode("utf-8", "replace")
            else:
                self._text = self.raw.decode("utf-8", "replace")
        return self._text

    def json(self):
        try:
            return json.loads(self.raw)
        except ValueError:
            return None


class Browser:
    """What a browser sends: the cookies it was given, `Origin` on every POST, form-encoded
    server function arguments. A new connection per request, so a dropped one is this call's."""

    def __init__(self, port, jar=None, origin=None):
        self.port = port
        self.jar = dict(jar or {})
        self.origin = origin or f"http://127.0.0.1:{port}"

    def clone(self):
        return Browser(self.port, self.jar, self.origin)

    def session_cookie(self):
        """(name, value) of the session cookie (`stempel_session`, or `__Host-stempel_session`)."""
        return next(((k, v) for k, v in self.jar.items() if k.endswith("stempel_session")), None)

    def session_token(self):
        c = self.session_cookie()
        return c[1] if c else None

    def _take_cookie(self, header):
        first = header.split(";", 1)[0]
        if "=" not in first:
            return
        name, value = (s.strip() for s in first.split("=", 1))
        gone = re.search(r";\s*max-age\s*=\s*0\b", header, re.I) or not value
        if gone:
            self.jar.pop(name, None)
        else:
            self.jar[name] = value

    def request(self, method, path, form=None, headers=None, accept=None, timeout=60):
        h = {"Accept": accept or ("application/json" if method == "POST" else "*/*")}
        if self.jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        body = None
        if method == "POST":
            h["Origin"] = self.origin
            h["Content-Type"], body = encode(form or {}, INPUT.get(path.rsplit("/", 1)[-1]))
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            raw = r.read()
            hdrs = r.getheaders()
            status = r.status
        except (http.client.HTTPException, OSError) as e:
            return Reply(0, {}, b"", error=f"{type(e).__name__}: {e}")
        finally:
            conn.close()
        for k, v in hdrs:
            if k.lower() == "set-cookie":
                self._take_cookie(v)
        return Reply(status, {k.lower(): v for k, v in hdrs}, raw)

    def sf(self, name, args=None, headers=None):
        return self.request("POST", f"/api/{name}", form=args or {}, headers=headers)

    def get(self, path, headers=None, accept=None):
        return self.request("GET", path, headers=headers, accept=accept)


def login(port, slug, username, password):
    b = Browser(port)
    r = b.sf("login", {"account": slug, "username": username, "password": password})
    if r.status != 200 or not b.session_token():
        raise RuntimeError(f"login {slug}/{username}: {r.status} {r.text[:200]}")
    return b


def find_id(obj, tag):
    """The id of the innermost object holding `tag` in one of its own string values."""
    found = []

    def walk(o):
        if isinstance(o, dict):
            if "id" in o and any(isinstance(v, str) and tag in v for v in o.values()):
                found.append(o["id"])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(obj)
    return found[0] if found else None


def ids_in(obj, key="id"):
    out = set()

    def walk(o):
        if isinstance(o, dict):
            if key in o and isinstance(o[key], int):
                out.add(o[key])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(obj)
    return out


# --- dates ---------------------------------------------------------------------------------------

TODAY = dt.date.today()
D = TODAY - dt.timedelta(days=14)           # the victims' day (within the attendance page's 31 days)
MONTH_D = D.strftime("%Y-%m")
_next = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
MONTH_F = _next.strftime("%Y-%m")           # absences and holidays: next month
WD = [d for d in (_next + dt.timedelta(days=i) for i in range(31))
      if d.month == _next.month and d.weekday() < 5]


def day(offset):
    return (D - dt.timedelta(days=offset)).isoformat()


FILL_YEAR = TODAY.year + 4                   # a year of public holidays nobody else touches


def toggl_csv(user, client, project, date, details):
    """A one-line Toggl Track detailed report: `user`'s half hour on `project`."""
    head = ("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
            "End time,Duration,Tags,Amount (EUR)")
    line = f"{user},,{client},{project},,{details},Yes,{date},11:00:00,{date},11:30:00,00:30:00,,"
    return f"{head}\n{line}\n".encode()


def month_bounds(d):
    first = d.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first.isoformat(), last.isoformat()


# --- one account and its people ----------------------------------------------------------------------

PRIVATE = {"admin": "pad", "manager": "pm", "staff1": "ps1", "staff2": "ps2"}
ACTOR = {"staff": "staff1", "manager": "manager", "admin": "admin"}


class Account:
    def __init__(self, slug, marker):
        self.slug, self.m = slug, marker
        self.users = {}      # person -> {"username", "password", "id"}
        self.b = {}          # person -> Browser
        self.ids = {}
        self.key = self.secret = None
        self.settings = {}
        self.choice = ""
        self.type_name = f"{marker}-Leave"
        self.token = ""
        self.import_token = "0" * 32   # an upload of the admin's, previewed and never imported
        self.other = None

    def priv(self, person):
        return f"{self.m}{PRIVATE[person]}"

    @property
    def sec(self):
        return f"{self.m}sec"

    @property
    def keymark(self):
        return f"{self.m}key"

    def uid(self, person):
        return str(self.users[person]["id"])

    def forbidden(self, role):
        """Markers a role of this account must never see."""
        out = [self.other.m]
        if role == "staff":
            out += [self.priv("staff2"), self.priv("manager"), self.priv("admin"), self.sec, self.keymark]
        elif role == "manager":
            out += [self.keymark]
        return out

    def defaults(self):
        """Valid arguments for every server function, aimed at this account's victims."""
        m, i = self.m, self.ids
        first, last = month_bounds(D)
        targets = {f"target_{d}": ("8" if d not in ("sat", "sun") else "0")
                   for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        return {
            "load_timer": {}, "load_choices": {}, "stop_timer": {}, "load_projects": {},
            "start_timer": {"choice": self.choice, "details": "rf timer"},
            "edit_timer": {"choice": "", "details": "rf timer edited", "start": ""},
            "list_absence_types_admin": {},
            "save_absence_type": {"id": "", "name": f"{m}-rf type", "color": "#336699"},
            "delete_absence_type": {"id": i["type"]},
            "list_clients": {},
            "save_client": {"id": "", "name": f"{m}-rf client", "email": "", "hour_rate": "80",
                            "address": "", "notes": "rf"},
            "delete_client": {"id": i["client"]},
            "load_account_settings": {},
            "save_account_settings": dict(self.settings, name=f"{m} rf renamed"),
            "load_tasks_admin": {"project": i["project"]},
            "save_task": {"id": "", "project_id": i["project"], "name": f"{m}-rf task",
                          "task_list_id": "", "estimate": ""},
            "delete_task": {"id": i["task"]},
            "save_task_list": {"project_id": i["project"], "name": f"{m}-rf list"},
            "delete_task_list": {"id": i["list"]},
            "list_users_admin": {},
            "save_user": {"id": "", "username": "rfuser", "first_name": "Rf", "last_name": m, "email": "",
                          "role": "staff", "password": "rf-pass-123456", "hour_rate": "", "timezone": "",
                          **targets, "paid_leave_days": "25", "active": "on"},
            "list_projects_admin": {},
            "save_project": {"id": "", "client_id": i["client"], "name": f"{m}-rf project", "color": "",
                             "budget_hours": "", "budget_money": "", "hour_rate": "", "notes": "rf"},
            "delete_project": {"id": i["project"]},
            "list_holidays_admin": {},
            "load_holiday_fill": {},
            "fill_holidays": {"region": "DE-BY", "year": str(FILL_YEAR), "half_days": None, "replace_names": None},
            "import_preview": {"file": ("toggl.csv", self.import_csv(f"{m}-rf import")), "format": "", "timezone": ""},
            "import_run": {"token": self.import_token, "format": "", "timezone": "", "skip_bad_lines": False,
                           "people": []},
            "save_holiday": {"id": "", "date": WD[19].isoformat(), "name": f"{m}-rf holiday"},
            "delete_holiday": {"id": i["holiday"]},
            "load_attendance": {"user": ""},
            "clock": {"step": "clock_in", "user": ""},
            "save_attendance": {"id": "", "user": "", "date": day(6), "from": "08:00", "to": "12:00",
                                "break_minutes": "0", "notes": "rf"},
            "delete_attendance": {"id": i["att_staff2"]},
            "load_timesheet": {"month": MONTH_D, "user": ""},
            "load_report": {"query[preset]": "custom", "query[from]": first, "query[to]": last, "query[user]": "",
                            "query[group]": "project", "query[then]": "person"},
            "list_api_keys": {}, "generate_api_key": {"label": "rf key"},
            "revoke_api_key": {"id": i["key"]},
            "load_overview": {"from": first, "to": last},
            "load_dashboard": {"id": i["project"], "from": first, "to": last},
            "load_expenses": {"month": MONTH_D, "project": "", "user": ""},
            "save_expense": {"id": "", "date": day(6), "project_id": i["project"], "amount": "12.50",
                             "currency": "", "category": "Travel", "notes": "rf"},
            "delete_expense": {"id": i["exp_staff2"]},
            "load_absence_month": {"month": MONTH_F, "user": ""},
            "request_absence": {"user": "", "absence_type": self.type_name, "from": WD[12].isoformat(),
                                "to": WD[12].isoformat(), "notes": "rf"},
            "delete_absence": {"id": i["abs_staff2"]},
            "load_team_absences": {"month": MONTH_F},
            "decide_absence": {"id": i["abs_staff2"], "approve": "true"},
            "new_calendar_feed": {}, "revoke_calendar_feed": {},
            "load_profile": {}, "save_profile": {"timezone": "", "lang": ""},
            "change_password": {"current_password": "not-the-password-1", "new_password": "rf-new-pass-123",
                                "repeat_password": "rf-new-pass-123"},
            "load_week": {"day": D.isoformat(), "user": ""},
            "save_entry": {"id": "", "user": "", "date": day(6), "from": "09:00", "to": "10:00", "duration": "",
                           "break_minutes": "0", "project_id": i["project"], "task_id": "", "details": "rf"},
            "delete_entry": {"id": i["entry_staff2"]},
            "continue_entry": {"id": i["entry_staff2"]}, "discard_timer": {},
            "undo_delete": {"kind": "entry", "id": i["entry_staff2"]},
            "load_session": {}, "logout": {},
            "login": {"account": self.slug, "username": "staff1", "password": "wrong-password-1"},
            "setup_account": {"name": "Evil", "slug": "evil-setup", "timezone": "Europe/Berlin",
                              "currency": "EUR", "locale": "en", "username": "evil",
                              "password": "evil-pass-12345"},
        }

    def import_csv(self, details, user="staff2"):
        return toggl_csv(user, f"{self.m}-Client", f"{self.m}-Project", day(5), details)

    def args(self, fn, **over):
        """The defaults of `fn` with `over`; ids as text, as a form sends them (a JSON flag stays
        a flag)."""
        a = dict(self.defaults().get(fn, {}))
        a.update(over)
        return {k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in a.items()}


# --- the drill ---------------------------------------------------------------------------------

class SessionDrill:
    def __init__(self, bin_path, db_url, port, workdir):
        self.bin, self.db, self.port = bin_path, db_url, port
        self.workdir = workdir
        self.calls = self.refused = self.allowed = 0
        self.problems = []          # (function, who, status, symptom)
        self.covered = set()        # (slug or "-", role, function or download)
        self.allowed_keys = set()   # (slug, snapshot key) an allowed call may change
        self.excluded_keys = set()  # checked on their own (the CSRF target)
        self.fns, self.unnamed = server_fns()

    # -- calls --

    def problem(self, what, who, status, symptom):
        self.problems.append((what, who, status, symptom))

    def check(self, what, who, r, want, forbidden=(), sent="", detail=""):
        """Judges one reply: status in `want`, no 5xx, no dropped connection, no forbidden marker."""
        self.calls += 1
        detail = f"{detail} → " if detail else ""
        if r.status == 0:
            self.problem(what, who, "dropped", f"{detail}connection dropped ({r.error})")
            return False
        good = True
        if r.status >= 500:
            self.problem(what, who, r.status, f"{detail}server error: {r.text[:160]}")
            good = False
        elif r.status not in want:
            wanted = "/".join(str(s) for s in sorted(want))
            self.problem(what, who, r.status, f"{detail}wanted {wanted}, got: {r.text[:120]}")
            good = False
        body = r.text.lower()
        sent = sent.lower()
        leaked = [m for m in forbidden if m.lower() in body and not (m.lower() in sent and r.status >= 400)]
        if leaked:
            self.problem(what, who, r.status, f"{detail}body shows {', '.join(leaked)}: {excerpt(r.text, leaked[0])}")
            good = False
        if good:
            if want == OK or want <= REDIRECT:
                self.allowed += 1
            else:
                self.refused += 1
        return good

    def sf(self, X, role, fn, args, want, browser=None, headers=None):
        b = browser or (X.b[ACTOR[role]] if role != "anonymous" else Browser(self.port))
        who = f"{role}@{X.slug}" if role != "anonymous" else f"anonymous ({X.slug} ids)"
        self.covered.add((X.slug, role, fn))
        r = b.sf(fn, args, headers=headers)
        forbidden = X.forbidden(role) if role != "anonymous" else [X.m, X.other.m]
        shown = {k: v for k, v in args.items() if v not in ("", None) and k not in ("password",)}
        self.check(fn, who, r, want, forbidden, sent=json.dumps(args, default=repr),
                   detail=", ".join(f"{k}={v}" for k, v in shown.items())[:120])
        return r

    def download(self, X, role, name, path, want, browser=None, forbidden=None):
        b = browser or (X.b[ACTOR[role]] if role != "anonymous" else Browser(self.port))
        who = f"{role}@{X.slug}" if role != "anonymous" else f"anonymous ({X.slug} ids)"
        self.covered.add((X.slug, role, name))
        r = b.get(path)
        if forbidden is None:
            forbidden = X.forbidden(role) if role != "anonymous" else [X.m, X.other.m]
        self.check(f"GET {path}", who, r, want, forbidden, sent=path)
        return r

    def ok(self, X, role, fn, **over):
        """An allowed call: its JSON answer (True for an empty one), None when it failed."""
        r = self.sf(X, role, fn, X.args(fn, **over), OK)
        if r.status != 200:
            return None
        j = r.json()
        return True if j is None else j

    # -- setup --

    def setup_cli(self, X):
        m = X.m
        X.users["admin"] = {"username": "admin", "password": f"{X.slug}-admin-pw1"}
        cli(self.bin, self.db, "account", "create", X.slug, "--name", f"{m} Account",
            "--admin-username", "admin", "--admin-password", X.users["admin"]["password"])
        X.key, X.secret = api_key(self.bin, self.db, X.slug)
        cli(self.bin, self.db, "api-key", "generate", "--account", X.slug, "--label", f"{X.keymark} victim key")
        for person, role in (("manager", "manager"), ("staff1", "staff"), ("staff2", "staff")):
            pw = f"{X.slug}-{person}-pw1"
            X.users[person] = {"username": person, "password": pw}
            cli(self.bin, self.db, "user", "create", "--account", X.slug, "--username", person, "--password", pw,
                "--role", role, "--first-name", person.title(), "--last-name", m.title(),
                "--email", f"{person}.{X.priv(person)}@example.com")

    def setup_records(self, X):
        m, port = X.m, self.port
        for person in ("admin", "manager", "staff1"):
            u = X.users[person]
            X.b[person] = login(port, X.slug, u["username"], u["password"])
            info = X.b[person].sf("load_session").json()
            u["id"] = info["user"]["user_id"]
        admin = X.b["admin"]
        users = admin.sf("list_users_admin").json()
        X.users["staff2"]["id"] = next(u["id"] for u in users if u["username"] == "staff2")
        api = Api(port, X.key, X.secret)

        def made(path, body, name):
            r = api.post(f"/api/v2/ext/{path}", body)
            if r.status != 201:
                raise RuntimeError(f"{X.slug} {path}: {r.status} {r.body[:300]}")
            X.ids[name] = r.data()["id"]
            return r.data()

        client, project, task = f"{m}-Client", f"{m}-Project", f"{m}-Task"
        made("clients", {"clientName": client, "notes": f"{X.sec} client notes", "email": f"billing.{X.sec}@example.com",
                         "address": f"{X.sec} street 1", "hourRate": "95.50"}, "client")
        made("projects", {"clientName": client, "projectName": project, "notes": f"{X.sec} project notes",
                          "hourRate": "120", "budgetMinutes": 6000, "budgetAmount": "9000", "billable": True}, "project")
        t = made("tasks", {"clientName": client, "projectName": project, "taskName": task}, "task")
        X.ids["list0"] = t.get("taskListId")
        made("absence_types", {"name": X.type_name, "paid": True, "usesLeave": True}, "type")
        for n, person in enumerate(("admin", "manager", "staff1", "staff2")):
            u, p = X.users[person]["username"], X.priv(person)
            made("project_time_entries", {"user": u, "clientName": client, "projectName": project, "task": task,
                                          "from": f"{D}T08:00:00Z", "to": f"{D}T10:00:00Z",
                                          "details": f"{p} entry"}, f"entry_{person}")
            made("attendances", {"user": u, "from": f"{D}T06:00:00Z", "to": f"{D}T14:00:00Z",
                                 "notes": f"{p} attendance"}, f"att_{person}")
            made("expenses", {"user": u, "clientName": client, "projectName": project, "date": D.isoformat(),
                              "amount": f"{10 + n}.50", "category": "Travel", "notes": f"{p} expense"}, f"exp_{person}")
            made("absences", {"user": u, "absenceType": X.type_name, "from": WD[0].isoformat(),
                              "to": WD[0].isoformat(), "notes": f"{p} pending"}, f"abs_{person}")
        made("absences", {"user": "staff1", "absenceType": X.type_name, "from": WD[2].isoformat(),
                          "to": WD[2].isoformat(), "status": "approved", "notes": f"{X.priv('staff1')} approved"},
             "abs_staff1_approved")
        for who, n in (("m", 4), ("ad", 6)):  # pending requests of staff1 that manager / admin decide
            made("absences", {"user": "staff1", "absenceType": X.type_name, "from": WD[n].isoformat(),
                              "to": WD[n].isoformat(), "notes": f"{X.priv('staff1')} team {who}"}, f"abs_team_{who}")
            made("expenses", {"user": "staff1", "clientName": client, "projectName": project,
                              "date": day(n), "amount": "7.00", "category": "Food",
                              "notes": f"{X.priv('staff1')} team {who}"}, f"exp_team_{who}")
        made("clients", {"clientName": f"{m}-Csrf target", "notes": "csrf target"}, "csrf_client")
        r = api.post("/api/v2/ext/project_timer/start", {"user": "staff2", "clientName": client, "projectName": project,
                                                          "details": f"{X.priv('staff2')} running"})
        if r.status not in (200, 201):
            raise RuntimeError(f"{X.slug} timer: {r.status} {r.body[:300]}")
        # What the REST API does not make: a holiday, a task list (admin session); a feed link (staff1).
        r = admin.sf("save_holiday", {"id": "", "date": WD[16].isoformat(), "name": f"{m}-Holiday"})
        if r.status != 200:
            raise RuntimeError(f"{X.slug} save_holiday: {r.status} {r.text[:300]}")
        X.ids["holiday"] = find_id(admin.sf("list_holidays_admin").json(), f"{m}-Holiday")
        r = admin.sf("save_task_list", {"project_id": str(X.ids["project"]), "name": f"{m}-List"})
        if r.status != 200:
            raise RuntimeError(f"{X.slug} save_task_list: {r.status} {r.text[:300]}")
        lists = admin.sf("load_tasks_admin", {"project": str(X.ids["project"])}).json()
        X.ids["list"] = find_id(lists, f"{m}-List")
        keys = admin.sf("list_api_keys").json()
        X.ids["key"] = find_id(keys, X.keymark)
        settings = admin.sf("load_account_settings").json()[0]
        X.settings = {k: settings[k] for k in ("name", "timezone", "currency", "locale", "break_rule")}
        r = admin.sf("import_preview", X.args("import_preview"))
        if r.status != 200:
            raise RuntimeError(f"{X.slug} import_preview: {r.status} {r.text[:300]}")
        X.import_token = r.json()["token"]
        link = X.b["staff1"].sf("new_calendar_feed").json()
        X.token = link.rsplit("/", 1)[1][:-len(".ics")]
        choices = X.b["staff1"].sf("load_choices").json()
        X.choice = next(c["label"] for c in choices if c["project_id"] == X.ids["project"] and c.get("task_id") is None)
        missing = [k for k, v in X.ids.items() if v is None and k != "list0"]
        if missing:
            raise RuntimeError(f"{X.slug}: could not find {missing}")

    # -- the record snapshot --

    VOLATILE = {"lastUsedAt", "last_used_at", "server_now_ms", "elapsedMinutes", "elapsed", "duration",
                "runningMinutes", "runningSeconds"}

    def canon(self, obj):
        def strip(o):
            if isinstance(o, dict):
                return {k: strip(v) for k, v in o.items() if k not in self.VOLATILE}
            if isinstance(o, list):
                return [strip(v) for v in o]
            return o
        return json.dumps(strip(obj), sort_keys=True)

    def snapshot(self, X):
        snap = {}
        api = Api(self.port, X.key, X.secret)
        for res in ("clients", "projects", "tasks", "project_time_entries", "expenses", "attendances",
                    "absences", "absence_types"):
            r = api.get(f"/api/v2/ext/{res}?limit=1000")
            if r.status != 200:
                snap[(res, "list")] = f"status {r.status}"
                continue
            for item in r.json()["data"]:
                snap[(res, item["id"])] = self.canon(item)
        for person, u in X.users.items():
            for timer in ("project_timer", "attendance_timer"):
                r = api.get(f"/api/v2/ext/{timer}?user={u['username']}")
                snap[(timer, person)] = f"{r.status} {self.canon(r.data())}"
        admin = X.b["admin"]
        for fn, res in (("list_holidays_admin", "holidays"), ("list_users_admin", "users"), ("list_api_keys", "api_keys")):
            r = admin.sf(fn)
            for item in (r.json() or []) if r.status == 200 else []:
                snap[(res, item["id"])] = self.canon(item)
            if r.status != 200:
                snap[(res, "list")] = f"status {r.status}"
        r = admin.sf("load_account_settings")
        snap[("account", "settings")] = self.canon(r.json()) if r.status == 200 else f"status {r.status}"
        r = admin.sf("load_tasks_admin", {"project": str(X.ids["project"])})
        for item in (r.json() or {}).get("lists", []) if r.status == 200 else []:
            snap[("task_lists", item["id"])] = self.canon(item)
        for person in X.users:
            r = admin.sf("load_absence_month", {"month": MONTH_F, "user": X.uid(person)})
            j = r.json() if r.status == 200 else None
            snap[("calendar_feed", person)] = str(j.get("feed_active")) if isinstance(j, dict) else f"status {r.status}"
        return snap

    def diff(self, X, before, after):
        for key in sorted(set(before) | set(after), key=str):
            b, a = before.get(key), after.get(key)
            if b == a or (X.slug, key) in self.allowed_keys or (X.slug, key) in self.excluded_keys:
                continue
            what = f"{key[0]} {key[1]}"
            if b is None:
                if "okw" in a:
                    continue  # made by an allowed call
                self.problem("records", X.slug, "-", f"{what} appeared: {a[:200]}")
            elif a is None:
                self.problem("records", X.slug, "-", f"{what} disappeared (was {b[:160]})")
            else:
                try:
                    jb, ja = json.loads(b), json.loads(a)
                    fields = sorted(k for k in set(jb) | set(ja) if jb.get(k) != ja.get(k)) \
                        if isinstance(jb, dict) and isinstance(ja, dict) else []
                except ValueError:
                    fields = []
                self.problem("records", X.slug, "-", f"{what} changed {fields or ''}: {b[:120]} → {a[:120]}")

    # -- (c) what each role may do --

    def allowed_reads(self, X, role):
        me = X.uid(ACTOR[role])
        for fn in ("load_session", "load_timer", "load_choices", "load_projects"):
            self.ok(X, role, fn)
        self.ok(X, role, "load_week")
        self.ok(X, role, "load_week", user=me)
        self.ok(X, role, "load_attendance")
        self.ok(X, role, "load_attendance", user=me)
        self.ok(X, role, "load_timesheet")
        self.ok(X, role, "load_timesheet", user=me)
        self.ok(X, role, "load_absence_month")
        self.ok(X, role, "load_absence_month", user=me)
        self.ok(X, role, "load_expenses")
        self.ok(X, role, "load_expenses", project=X.ids["project"])
        for ext in ("csv", "xlsx"):
            self.download(X, role, f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}", OK)
            self.download(X, role, f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}&user={me}", OK)
        self.download(X, role, "/lang/de", "/lang/de", REDIRECT)
        self.ok(X, role, "load_profile")
        self.ok(X, role, "load_report")
        self.ok(X, role, "load_report", **{"query[user]": me})
        for ext in ("csv", "xlsx", "pdf"):
            self.download(X, role, f"reports.{ext}", f"/reports.{ext}?preset=this_month&group=person", OK)
            self.download(X, role, f"reports.{ext}", f"/reports.{ext}?preset=this_month&user={me}", OK)
        if role == "staff":
            return
        s1 = X.uid("staff1")
        for fn in ("list_clients", "list_projects_admin", "list_absence_types_admin", "load_tasks_admin",
                   "list_users_admin", "list_holidays_admin", "load_account_settings", "load_overview",
                   "load_dashboard", "load_team_absences"):
            self.ok(X, role, fn)
        self.ok(X, role, "load_week", user=s1)
        self.ok(X, role, "load_attendance", user=s1)
        self.ok(X, role, "load_timesheet", user=s1)
        self.ok(X, role, "load_report", **{"query[user]": s1})
        self.download(X, role, "reports.csv", f"/reports.csv?preset=this_month&user={s1}", OK)
        self.ok(X, role, "load_absence_month", user=s1)
        self.ok(X, role, "load_expenses", user=s1)
        first, last = month_bounds(D)
        for ext in ("csv", "xlsx"):
            self.download(X, role, f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}&user={s1}", OK)
            self.download(X, role, f"report.{ext}", f"/projects/{X.ids['project']}/report.{ext}?from={first}&to={last}", OK)
        if role == "admin":
            self.ok(X, role, "list_api_keys")

    def allowed_writes(self, X, role):
        tag = f"okw-{role}"
        subject = {"staff": "", "manager": X.uid("staff1"), "admin": X.uid("staff2")}[role]
        back = {"staff": 3, "manager": 4, "admin": 5}[role]
        # The timer.
        if self.ok(X, role, "start_timer", details=f"{tag} timer") is not None:
            self.ok(X, role, "load_timer")
            self.ok(X, role, "edit_timer", details=f"{tag} timer edited")
            if f"{tag} timer edited" not in json.dumps(self.ok(X, role, "load_timer")):
                self.problem("edit_timer", f"{role}@{X.slug}", 200, "the timer's details did not change")
            self.ok(X, role, "stop_timer")
        # An entry for the subject (staff: themselves): create, update, delete.
        if self.ok(X, role, "save_entry", user=subject, date=day(back), details=f"{tag} entry") is not None:
            week = self.ok(X, role, "load_week", day=day(back), user=subject)
            eid = find_id(week, f"{tag} entry")
            if eid is None:
                self.problem("save_entry", f"{role}@{X.slug}", 200, "the new entry is not in load_week")
            else:
                self.ok(X, role, "save_entry", id=eid, user=subject, date=day(back), details=f"{tag} entry 2")
                # Continue it (their own timer on it), then throw that timer away.
                if self.ok(X, role, "continue_entry", id=eid) is not None:
                    timer = self.ok(X, role, "load_timer")
                    if f"{tag} entry 2" not in json.dumps(timer):
                        self.problem("continue_entry", f"{role}@{X.slug}", 200, f"the timer is not on the entry: {timer}")
                    self.ok(X, role, "discard_timer")
                # Delete, undo (live again, in the week), delete for good.
                self.ok(X, role, "delete_entry", id=eid)
                if self.ok(X, role, "undo_delete", kind="entry", id=eid) is not None:
                    week = self.ok(X, role, "load_week", day=day(back), user=subject)
                    if find_id(week, f"{tag} entry 2") != eid:
                        self.problem("undo_delete", f"{role}@{X.slug}", 200, "the entry is not back in load_week")
                self.ok(X, role, "delete_entry", id=eid)
        # An attendance.
        if self.ok(X, role, "save_attendance", user=subject, date=day(back), notes=f"{tag} attendance") is not None:
            page = self.ok(X, role, "load_attendance", user=subject)
            aid = find_id(page, f"{tag} attendance")
            if aid is None:
                self.problem("save_attendance", f"{role}@{X.slug}", 200, "the new attendance is not in load_attendance")
            else:
                self.ok(X, role, "save_attendance", id=aid, user=subject, date=day(back), notes=f"{tag} attendance 2")
                self.ok(X, role, "delete_attendance", id=aid)
        # The clock: staff their own, the manager staff2's, the admin the manager's; the attendance it
        # leaves is deleted again.
        clocked = {"staff": "", "manager": X.uid("staff2"), "admin": X.uid("manager")}[role]
        page = self.ok(X, role, "load_attendance", user=clocked)
        before = ids_in(page.get("rows", [])) if isinstance(page, dict) else set()
        for step in ("clock_in", "break_start", "break_stop", "clock_out"):
            self.ok(X, role, "clock", step=step, user=clocked)
        page = self.ok(X, role, "load_attendance", user=clocked)
        new = (ids_in(page.get("rows", [])) if isinstance(page, dict) else set()) - before
        for aid in new:
            self.ok(X, role, "delete_attendance", id=aid)
        # An expense (always the signed-in person's).
        if self.ok(X, role, "save_expense", date=day(back), notes=f"{tag} expense") is not None:
            month = (D - dt.timedelta(days=back)).strftime("%Y-%m")
            xid = find_id(self.ok(X, role, "load_expenses", month=month), f"{tag} expense")
            if xid is None:
                self.problem("save_expense", f"{role}@{X.slug}", 200, "the new expense is not in load_expenses")
            else:
                self.ok(X, role, "save_expense", id=xid, date=day(back), notes=f"{tag} expense 2")
                self.ok(X, role, "delete_expense", id=xid)
        # An absence request: staff and manager their own, the admin staff2's; withdrawn again.
        requester = {"staff": "", "manager": "", "admin": X.uid("staff2")}[role]
        wd = WD[8 + (role == "admin")].isoformat()
        if self.ok(X, role, "request_absence", user=requester, **{"from": wd, "to": wd}, notes=f"{tag} absence") is not None:
            month = self.ok(X, role, "load_absence_month", user=requester)
            bid = find_id(month, f"{tag} absence")
            if bid is None:
                self.problem("request_absence", f"{role}@{X.slug}", 200, "the request is not in load_absence_month")
            else:
                self.ok(X, role, "delete_absence", id=bid)
        # Team members' records: the manager and the admin update and delete staff1's expense and
        # decide staff1's request.
        if role in ("manager", "admin"):
            who = "m" if role == "manager" else "ad"
            xid = X.ids[f"exp_team_{who}"]
            self.allowed_keys.add((X.slug, ("expenses", xid)))
            self.ok(X, role, "save_expense", id=xid, date=day(4), notes=f"{tag} team expense")
            self.ok(X, role, "delete_expense", id=xid)
            bid = X.ids[f"abs_team_{who}"]
            self.allowed_keys.add((X.slug, ("absences", bid)))
            self.ok(X, role, "decide_absence", id=bid, approve="true" if role == "manager" else "false")
        # The calendar feed.
        if role == "staff":
            old = X.token
            link = self.ok(X, role, "new_calendar_feed")
            if isinstance(link, str):
                token = link.rsplit("/", 1)[1][:-len(".ics")]
                feed_forbidden = [X.other.m, X.priv("staff2"), X.priv("manager"), X.priv("admin"), X.sec]
                self.download(X, "anonymous", "calendar", f"/calendar/{old}.ics", frozenset({404}), forbidden=feed_forbidden)
                self.download(X, "anonymous", "calendar", f"/calendar/{token}.ics", OK, forbidden=feed_forbidden)
                self.ok(X, role, "revoke_calendar_feed")
                self.download(X, "anonymous", "calendar", f"/calendar/{token}.ics", frozenset({404}), forbidden=feed_forbidden)
                link = self.ok(X, role, "new_calendar_feed")
                if isinstance(link, str):
                    X.token = link.rsplit("/", 1)[1][:-len(".ics")]
        else:
            self.ok(X, role, "new_calendar_feed")
            self.ok(X, role, "revoke_calendar_feed")
        # Their own profile: language and zone back to the defaults; a password change with a
        # wrong current password is refused (the Rust tests change it for real).
        self.ok(X, role, "save_profile")
        self.sf(X, role, "change_password", X.args("change_password"), frozenset({422}))
        if role == "admin":
            self.admin_writes(X)

    def admin_writes(self, X):
        role, m = "admin", X.m
        self.allowed_keys.add((X.slug, ("account", "settings")))
        self.ok(X, role, "save_account_settings", **X.settings)
        if self.ok(X, role, "save_client", name=f"{m}-okw client", notes="okw") is None:
            return
        cid = find_id(self.ok(X, role, "list_clients"), f"{m}-okw client")
        self.ok(X, role, "save_client", id=cid, name=f"{m}-okw client", notes="okw 2")
        if self.ok(X, role, "save_project", client_id=cid, name=f"{m}-okw project", notes="okw") is not None:
            pid = find_id(self.ok(X, role, "list_projects_admin"), f"{m}-okw project")
            self.ok(X, role, "save_project", id=pid, client_id=cid, name=f"{m}-okw project", notes="okw 2")
            self.ok(X, role, "save_task_list", project_id=pid, name=f"{m}-okw list")
            lid = find_id(self.ok(X, role, "load_tasks_admin", project=pid), f"{m}-okw list")
            self.ok(X, role, "save_task", project_id=pid, name=f"{m}-okw task", task_list_id=lid or "")
            tid = find_id(self.ok(X, role, "load_tasks_admin", project=pid), f"{m}-okw task")
            self.ok(X, role, "save_task", id=tid, project_id=pid, name=f"{m}-okw task 2", task_list_id=lid or "")
            self.ok(X, role, "delete_task", id=tid)
            self.ok(X, role, "delete_task_list", id=lid)
            self.ok(X, role, "delete_project", id=pid)
        self.ok(X, role, "delete_client", id=cid)
        self.ok(X, role, "save_absence_type", name=f"{m}-okw type")
        yid = find_id(self.ok(X, role, "list_absence_types_admin"), f"{m}-okw type")
        self.ok(X, role, "save_absence_type", id=yid, name=f"{m}-okw type 2")
        self.ok(X, role, "delete_absence_type", id=yid)
        self.ok(X, role, "save_holiday", date=WD[18].isoformat(), name=f"{m}-okw holiday")
        hid = find_id(self.ok(X, role, "list_holidays_admin"), f"{m}-okw holiday")
        self.ok(X, role, "save_holiday", id=hid, date=WD[18].isoformat(), name=f"{m}-okw holiday 2")
        self.ok(X, role, "delete_holiday", id=hid)
        self.admin_fill(X)
        self.admin_import(X)
        self.ok(X, role, "save_user", username="okwuser", first_name="Okw", password="okw-pass-123456")
        uid = find_id(self.ok(X, role, "list_users_admin"), "okwuser")
        self.ok(X, role, "save_user", id=uid, username="okwuser", first_name="Okw 2", password="")
        generated = self.ok(X, role, "generate_api_key", label="okw key")
        kid = (generated or {}).get("key", {}).get("id") if isinstance(generated, dict) else None
        if kid is not None:
            self.ok(X, role, "revoke_api_key", id=kid)

    def admin_fill(self, X):
        """Public holidays of a far year filled for a region, then deleted again."""
        if self.ok(X, "admin", "load_holiday_fill") is None:
            return
        report = self.ok(X, "admin", "fill_holidays")
        if not isinstance(report, dict) or not report.get("added"):
            self.problem("fill_holidays", f"admin@{X.slug}", 200, f"nothing added: {report}")
        for h in self.ok(X, "admin", "list_holidays_admin") or []:
            if h["date"].startswith(f"{FILL_YEAR}-"):
                self.ok(X, "admin", "delete_holiday", id=h["id"])

    def admin_import(self, X):
        """A Toggl file with a half hour of staff2's: previewed, imported, found, deleted again."""
        tag = f"{X.m}-okw import"
        up = self.ok(X, "admin", "import_preview", file=("toggl.csv", X.import_csv(tag)))
        if not isinstance(up, dict):
            return
        report = self.ok(X, "admin", "import_run", token=up["token"])
        if not isinstance(report, dict) or report.get("entries") != 1 or not report.get("written"):
            self.problem("import_run", f"admin@{X.slug}", 200, f"not one entry written: {report}")
        week = self.ok(X, "admin", "load_week", day=day(5), user=X.uid("staff2"))
        eid = find_id(week, tag)
        if eid is None:
            self.problem("import_run", f"admin@{X.slug}", 200, "the imported entry is not in load_week")
        else:
            self.ok(X, "admin", "delete_entry", id=eid)

    # -- (b) what the role may not do in its own account --

    ADMIN_READS = ("list_clients", "list_projects_admin", "list_absence_types_admin", "load_tasks_admin",
                   "list_users_admin", "list_holidays_admin", "load_account_settings", "load_overview",
                   "load_dashboard", "load_team_absences")

    def refusals(self, X, role):
        i = X.ids
        cases = []
        admin_writes = [
            ("save_absence_type", {}), ("save_absence_type", {"id": i["type"], "name": f"{X.m}-Leave"}),
            ("save_client", {}), ("save_client", {"id": i["client"], "name": f"{X.m}-Client"}),
            ("save_account_settings", {}),
            ("save_task", {}), ("save_task", {"id": i["task"], "name": f"{X.m}-Task"}),
            ("save_task_list", {}),
            ("save_user", {}), ("save_user", {"id": X.uid("staff2"), "username": "staff2", "role": "admin"}),
            ("save_project", {}), ("save_project", {"id": i["project"], "name": f"{X.m}-Project"}),
            ("save_holiday", {}), ("save_holiday", {"id": i["holiday"], "date": WD[16].isoformat()}),
            ("list_api_keys", {}), ("generate_api_key", {}),
            ("load_holiday_fill", {}), ("fill_holidays", {}),
            ("import_preview", {}), ("import_run", {}), ("import_run", {"token": X.import_token}),
            ("delete_absence_type", {}), ("delete_client", {}), ("delete_task", {}), ("delete_task_list", {}),
            ("delete_project", {}), ("delete_holiday", {}), ("revoke_api_key", {}),
        ]
        if role == "staff":
            s2 = X.uid("staff2")
            cases += [(fn, {}, DENY) for fn in self.ADMIN_READS]
            cases += [(fn, a, DENY) for fn, a in admin_writes]
            cases += [
                ("decide_absence", {"id": i["abs_staff1"]}, DENY),
                ("decide_absence", {"id": i["abs_staff2"]}, DENY),
                ("load_week", {"user": s2}, DENY),
                ("load_attendance", {"user": s2}, DENY),
                ("load_timesheet", {"user": s2}, DENY),
                ("load_report", {"query[user]": s2}, DENY),
                ("load_absence_month", {"user": s2}, DENY),
                ("load_expenses", {"user": s2}, NARROWED),
                ("clock", {"user": s2}, DENY),
                ("save_attendance", {"user": s2, "date": day(6)}, DENY),
                ("save_entry", {"user": s2, "date": day(6)}, DENY),
                ("request_absence", {"user": s2}, DENY),
                ("save_entry", {"id": i["entry_staff2"], "date": D.isoformat()}, DENY_RECORD),
                ("save_attendance", {"id": i["att_staff2"], "date": D.isoformat()}, DENY_RECORD),
                ("save_expense", {"id": i["exp_staff2"]}, DENY_RECORD),
                ("save_entry", {"id": i["entry_manager"], "date": D.isoformat()}, DENY_RECORD),
                ("delete_entry", {"id": i["entry_staff2"]}, DENY_RECORD),
                ("continue_entry", {"id": i["entry_staff2"]}, DENY_RECORD),
                ("undo_delete", {"kind": "entry", "id": i["entry_staff2"]}, DENY_RECORD),
                ("undo_delete", {"kind": "attendance", "id": i["att_staff2"]}, DENY_RECORD),
                ("undo_delete", {"kind": "expense", "id": i["exp_staff2"]}, DENY_RECORD),
                ("undo_delete", {"kind": "absence", "id": i["abs_staff2"]}, DENY_RECORD),
                ("delete_attendance", {"id": i["att_staff2"]}, DENY_RECORD),
                ("delete_expense", {"id": i["exp_staff2"]}, DENY_RECORD),
                ("delete_absence", {"id": i["abs_staff2"]}, DENY_RECORD),
                ("delete_absence", {"id": i["abs_staff1_approved"]}, DENY),
            ]
        elif role == "manager":
            cases += [(fn, a, DENY) for fn, a in admin_writes]
            cases += [("decide_absence", {"id": i["abs_manager"]}, DENY),
                      ("decide_absence", {"id": i["abs_manager"], "approve": "false"}, DENY)]
        cases.append(("setup_account", {}, DENY))
        for fn, over, want in cases:
            self.sf(X, role, fn, X.args(fn, **over), want)
        if role == "staff":
            first, last = month_bounds(D)
            for ext in ("csv", "xlsx"):
                self.download(X, role, f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}&user={X.uid('staff2')}", DENY)
                self.download(X, role, f"report.{ext}", f"/projects/{i['project']}/report.{ext}?from={first}&to={last}", DENY)

    # -- (a) the other account's ids --

    def foreign(self, X, role):
        Y = X.other
        j = Y.ids
        ys1 = Y.uid("staff1")
        first, last = month_bounds(D)
        cases = [
            ("load_tasks_admin", {"project": j["project"]}),
            ("save_absence_type", {"id": j["type"], "name": f"{X.m}-x type"}),
            ("save_client", {"id": j["client"], "name": f"{X.m}-x client"}),
            ("save_task", {"id": j["task"], "project_id": X.ids["project"]}),
            ("save_task", {"project_id": j["project"]}),
            ("save_task_list", {"project_id": j["project"]}),
            ("save_user", {"id": Y.uid("staff2"), "username": "staff2", "role": "admin"}),
            ("save_project", {"id": j["project"], "client_id": X.ids["client"]}),
            ("save_project", {"client_id": j["client"]}),
            ("save_holiday", {"id": j["holiday"], "date": WD[17].isoformat()}),
            ("load_attendance", {"user": ys1}),
            ("clock", {"user": ys1}),
            ("save_attendance", {"user": ys1, "date": day(7)}),
            ("save_attendance", {"id": j["att_staff1"], "date": day(7)}),
            ("load_timesheet", {"user": ys1}),
            ("load_report", {"query[user]": ys1}),
            ("load_report", {"query[project]": j["project"]}),
            ("load_dashboard", {"id": j["project"]}),
            ("load_expenses", {"project": j["project"]}),
            ("load_expenses", {"user": ys1}),
            ("save_expense", {"id": j["exp_staff1"]}),
            ("save_expense", {"project_id": j["project"]}),
            ("load_absence_month", {"user": ys1}),
            ("request_absence", {"user": ys1, "from": WD[14].isoformat(), "to": WD[14].isoformat()}),
            ("request_absence", {"absence_type": Y.type_name, "from": WD[14].isoformat(), "to": WD[14].isoformat()}),
            ("decide_absence", {"id": j["abs_staff1"]}),
            ("load_week", {"user": ys1}),
            ("save_entry", {"user": ys1, "date": day(7)}),
            ("save_entry", {"project_id": j["project"], "date": day(7)}),
            ("save_entry", {"task_id": j["task"], "date": day(7)}),
            ("save_entry", {"id": j["entry_staff1"], "date": day(7)}),
            ("start_timer", {"choice": Y.choice}),
            ("edit_timer", {"choice": Y.choice}),
            ("delete_absence_type", {"id": j["type"]}),
            ("delete_client", {"id": j["client"]}),
            ("delete_task", {"id": j["task"]}),
            ("delete_task_list", {"id": j["list"]}),
            ("delete_project", {"id": j["project"]}),
            ("delete_holiday", {"id": j["holiday"]}),
            ("delete_attendance", {"id": j["att_staff1"]}),
            ("revoke_api_key", {"id": j["key"]}),
            ("delete_expense", {"id": j["exp_staff1"]}),
            ("delete_absence", {"id": j["abs_staff1"]}),
            ("delete_entry", {"id": j["entry_staff1"]}),
            ("continue_entry", {"id": j["entry_staff1"]}),
            ("undo_delete", {"kind": "entry", "id": j["entry_staff1"]}),
            ("undo_delete", {"kind": "expense", "id": j["exp_staff1"]}),
            ("undo_delete", {"kind": "nothing", "id": j["entry_staff1"]}),
            ("import_run", {"token": Y.import_token}),
        ]
        narrowing = {("load_tasks_admin", "project"), ("load_expenses", "project"), ("load_expenses", "user"),
                     ("load_report", "query[user]"), ("load_report", "query[project]")}
        for fn, over in cases:
            want = NARROWED if any((fn, k) in narrowing for k in over) else FOREIGN
            self.sf(X, role, fn, X.args(fn, **over), want)
        for ext in ("csv", "xlsx"):
            self.download(X, role, f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}&user={ys1}", FOREIGN)
            self.download(X, role, f"report.{ext}", f"/projects/{j['project']}/report.{ext}?from={first}&to={last}", FOREIGN)
        for ext in ("csv", "xlsx", "pdf"):
            self.download(X, role, f"reports.{ext}", f"/reports.{ext}?preset=this_month&user={ys1}", NARROWED)

    # -- anonymous --

    def anonymous(self, X):
        first, last = month_bounds(D)
        for fn in sorted(self.fns):
            if fn in ANON_OPEN:
                continue
            self.sf(X, "anonymous", fn, X.args(fn), ANON)
        self.sf(X, "anonymous", "load_session", {}, OK)
        self.sf(X, "anonymous", "setup_account", X.args("setup_account"), DENY)
        self.sf(X, "anonymous", "logout", {}, OK)
        for ext in ("csv", "xlsx"):
            self.download(X, "anonymous", f"timesheet.{ext}", f"/timesheet.{ext}?month={MONTH_D}", ANON)
            self.download(X, "anonymous", f"report.{ext}", f"/projects/{X.ids['project']}/report.{ext}?from={first}&to={last}", ANON)
        for ext in ("csv", "xlsx", "pdf"):
            self.download(X, "anonymous", f"reports.{ext}", f"/reports.{ext}?preset=this_month", ANON)
        self.download(X, "anonymous", "/lang/de", "/lang/de", REDIRECT)
        feed_forbidden = [X.other.m, X.priv("staff2"), X.priv("manager"), X.priv("admin"), X.sec]
        self.download(X, "anonymous", "calendar", f"/calendar/{X.token}.ics", OK, forbidden=feed_forbidden)
        self.download(X, "anonymous", "calendar", f"/calendar/{'0' * 48}.ics", frozenset({404}), forbidden=feed_forbidden)

    # -- sign-in, sign-out, CSRF --

    def sessions(self, X):
        Y = X.other
        for role in ("staff", "manager", "admin"):
            person = ACTOR[role]
            u = X.users[person]
            main = X.b[person]
            # Two more sessions of the same person (signed in anonymously, then while signed in);
            # each signs out; their tokens stop working, the first session stays valid.
            creds = {"account": X.slug, "username": u["username"], "password": u["password"]}
            second = Browser(self.port)
            self.sf(X, "anonymous", "login", creds, OK, browser=second)
            third = second.clone()
            self.sf(X, role, "login", creds, OK, browser=third)
            tokens = {second.session_cookie(), third.session_cookie()} - {None}
            self.sf(X, role, "logout", {}, OK, browser=third)
            self.sf(X, role, "logout", {}, OK, browser=second)
            for t in tokens:
                stale = Browser(self.port, dict([t]))
                self.check("load_timer after logout", f"{role}@{X.slug}", stale.sf("load_timer"), ANON)
            self.sf(X, role, "load_timer", {}, OK, browser=main)
        # The other account's slug with this account's password: refused.
        u = X.users["staff1"]
        self.sf(X, "anonymous", "login", {"account": Y.slug, "username": u["username"], "password": u["password"]},
                frozenset({401, 403, 422}))

    def csrf(self, X):
        """A POST from a foreign page (Origin elsewhere, Sec-Fetch-Site cross-site): 403, no change."""
        cid = X.ids["csrf_client"]
        key = ("clients", cid)
        self.excluded_keys.add((X.slug, key))
        api = Api(self.port, X.key, X.secret)
        before = self.canon(api.get(f"/api/v2/ext/clients/{cid}").data())
        r = X.b["admin"].sf("save_client", X.args("save_client", id=cid, name=f"{X.m}-Csrf target", notes="csrf was here"),
                            headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
        self.covered.add((X.slug, "admin", "csrf"))
        self.check("save_client (cross-site POST)", f"admin@{X.slug}", r, DENY)
        after = self.canon(api.get(f"/api/v2/ext/clients/{cid}").data())
        if after != before:
            self.problem("save_client (cross-site POST)", f"admin@{X.slug}", r.status,
                         "the cross-site POST changed the client")

    # -- coverage --

    def coverage(self, accounts):
        if self.unnamed:
            self.problem("source", "-", "-", f"{self.unnamed} #[server] without a fixed endpoint")
        downloads = ("timesheet.csv", "timesheet.xlsx", "report.csv", "report.xlsx", "reports.csv", "reports.xlsx",
                     "reports.pdf")
        for X in accounts:
            for role in ROLES:
                missing = [fn for fn in sorted(self.fns) + list(downloads) if (X.slug, role, fn) not in self.covered]
                if missing:
                    self.problem("coverage", f"{role}@{X.slug}", "-", f"not called: {', '.join(missing)}")

    # -- the whole run --

    def run(self):
        A, B = Account("sess-a", "zqxa"), Account("sess-b", "zqxb")
        A.other, B.other = B, A
        for X in (A, B):
            self.setup_cli(X)
        srv = Server(self.bin, self.db, self.port, log_path=os.path.join(self.workdir, f"session-{self.port}.log")).start()
        t0 = time.time()
        try:
            for X in (A, B):
                self.setup_records(X)
            setup_secs = time.time() - t0
            before = {X.slug: self.snapshot(X) for X in (A, B)}
            for X in (A, B):
                for role in ("staff", "manager", "admin"):
                    self.allowed_reads(X, role)
                    self.allowed_writes(X, role)
            for X in (A, B):
                for role in ("staff", "manager", "admin"):
                    self.refusals(X, role)
            for X in (A, B):
                for role in ("staff", "manager", "admin"):
                    self.foreign(X, role)
                self.anonymous(X)
            for X in (A, B):
                self.sessions(X)
                self.csrf(X)
            for X in (A, B):
                self.diff(X, before[X.slug], self.snapshot(X))
            self.coverage((A, B))
            if srv.proc.poll() is not None:
                self.problem("server", "-", "-", f"the server exited with {srv.proc.returncode}")
            return setup_secs, time.time() - t0
        finally:
            srv.stop()


def excerpt(text, marker, width=60):
    i = text.lower().find(marker.lower())
    return text[max(0, i - width): i + len(marker) + width].replace("\n", " ")


def drill_session_roles(bin_path, db_url, port, label, report, workdir):
    d = SessionDrill(bin_path, db_url, port, workdir)
    setup_secs, secs = d.run()
    # One line per problem; the same finding in both accounts is listed once.
    seen = {}
    for what, who, status, symptom in d.problems:
        generic_who = re.sub(r"@sess-[ab]|\(sess-[ab] ids\)", "", str(who)).strip()
        generic = re.sub(r"zqx[ab]", "zqx?", re.sub(r"\d+", "#", f"{what}|{generic_who}|{status}|{symptom[:90]}"))
        seen.setdefault(generic, []).append((what, who, status, symptom))
    for group in seen.values():
        what, who, status, symptom = group[0]
        more = f" (+{len(group) - 1} alike)" if len(group) > 1 else ""
        log(f"      {what} | {who} | {status} | {symptom[:300]}{more}")
    report(f"session roles ({label})", not d.problems,
           f"{d.calls} calls of {len(d.fns)} server functions and 5 downloads by 4 roles of 2 accounts: "
           f"{d.refused} refused as they should, {d.allowed} allowed as they should, {len(d.problems)} problems "
           f"({len(seen)} distinct); setup {setup_secs:.0f}s, all {secs:.0f}s")
