"""The benchmarks behind bench/run (see docs/performance.md). Prints one table at the end; every
figure in it comes from this run, so ratios compare like with like."""

import argparse
import concurrent.futures
import datetime as dt
import gzip
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (ROOT, Api, RssSampler, Server, Workdir, api_key, auth_headers, cli, log, make_account,  # noqa: E402
                     percentile, pg_database, psql, wait_port, wrk)
from imports import bench_import  # noqa: E402

ROWS = []  # (section, what, figure, comparison, goal, verdict)


def row(section, what, figure, comparison="", goal="", verdict=""):
    ROWS.append((section, what, figure, comparison, goal, verdict))
    log(f"    {what}: {figure} {comparison} {verdict}")


def lat(r):
    if r.requests == 0:
        return "no answer within wrk's 10 s timeout"
    return f"p50 {r.p50:.2f} ms, p99 {r.p99:.2f} ms"


def met(ok):
    return "met" if ok else "MISSED"


def check_wrk(name, r):
    if r.non2xx or r.errors:
        log(f"    WARNING {name}: {r.non2xx} non-2xx, {r.errors} socket errors of {r.requests}")


class Proc:
    def __init__(self, cmd, port, env=None, log_path=None):
        self.logf = open(log_path or os.devnull, "ab")
        self.p = subprocess.Popen(cmd, env=dict(os.environ, **(env or {})), stdout=self.logf, stderr=subprocess.STDOUT)
        wait_port(port, timeout=60, proc=self.p)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.p.kill()


def timed_creates(n, workers, make_conn, send):
    """n creates from `workers` keep-alive clients; returns (seconds, latencies in ms, failures)."""
    lats, fails = [], []
    lock = threading.Lock()
    counter = iter(range(n))

    def work():
        conn = make_conn()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t = time.perf_counter()
            ok = send(conn, i)
            ms = (time.perf_counter() - t) * 1000
            with lock:
                (lats if ok else fails).append(ms)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, lats, fails


def entry_span(i):
    """The i-th of the peer workload's entries: spread over 2025, ~27 a day, 10 minutes each."""
    day, slot = i % 365, i // 365
    start = dt.datetime(2025, 1, 1, 7, tzinfo=dt.timezone.utc) + dt.timedelta(days=day, minutes=15 * slot)
    return start, start + dt.timedelta(minutes=10)


MONTH = (dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc), dt.datetime(2025, 4, 1, tzinfo=dt.timezone.utc))


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def stempel_creates(bin_path, db_file, n, workers):
    """A fresh SQLite account on port 3302 and n creates into it from `workers` clients: (seconds,
    latencies, failures, the running server, an Api, key, secret). The caller stops the server."""
    url = f"sqlite://{db_file}"
    key, secret = make_account(bin_path, url, "peer")
    srv = Server(bin_path, url, 3302).start()
    api = Api(3302, key, secret)
    api.post("/api/v2/ext/clients", {"clientName": "Peer GmbH"})
    api.post("/api/v2/ext/projects", {"clientName": "Peer GmbH", "projectName": "Peer"})

    def st_send(a, i):
        s, e = entry_span(i)
        r = a.post("/api/v2/ext/project_time_entries", {"user": "admin", "clientName": "Peer GmbH",
                                                         "projectName": "Peer", "from": iso(s), "to": iso(e),
                                                         "details": f"peer entry {i} #bench"})
        return r.status == 201

    secs, lats, fails = timed_creates(n, workers, lambda: Api(3302, key, secret), st_send)
    return secs, lats, fails, srv, api, key, secret


def bench_peer(args, work):
    n, secs, workers = args.peer_entries, args.secs, 8
    log(f"--- peer: TimeTagger vs Stempel, {n} creates ({workers} clients) then a month's range")
    # Stempel (and, with --baseline-bin, an older build on the same workload: the rollups'
    # cost to writes, issue 17)
    if args.baseline_bin:
        b_secs, b_lat, b_fail, b_srv = stempel_creates(args.baseline_bin, work.file("baseline.db"), n, workers)[:4]
        b_srv.stop()
    st_secs, st_lat, st_fail, srv, api, key, secret = stempel_creates(args.bin, work.file("peer.db"), n, workers)
    st_path = f"/api/v2/ext/project_time_entries?from={iso(MONTH[0])}&to={iso(MONTH[1])}&limit=1000"
    st_month = api.get(st_path).json()["meta"]["totalRecords"]
    st_q = wrk(f"http://127.0.0.1:3302{st_path}", auth_headers(key, secret), conns=8, secs=secs)
    check_wrk("stempel month", st_q)
    srv.stop()

    # TimeTagger, as its README runs it (uvicorn, one process), the same workload one record a PUT.
    ttdir = work.file("timetagger")
    tt = Proc([args.timetagger_python, "-m", "timetagger", "--bind=127.0.0.1:3391", f"--datadir={ttdir}",
               "--log_level=warning"], 3391, log_path=work.file("timetagger.log"))
    try:
        c = http.client.HTTPConnection("127.0.0.1", 3391)
        c.request("POST", "/timetagger/api/v2/bootstrap_authentication",
                  body=__import__("base64").b64encode(json.dumps({"method": "localhost"}).encode()))
        token = json.loads(c.getresponse().read())["token"]
        hdr = {"authtoken": token, "Content-Type": "application/json"}

        def tt_send(conn, i):
            s, e = entry_span(i)
            rec = [{"key": uuid.uuid4().hex[:12], "t1": int(s.timestamp()), "t2": int(e.timestamp()),
                    "mt": int(time.time()), "ds": f"peer entry {i} #bench"}]
            conn.request("PUT", "/timetagger/api/v2/records", body=json.dumps(rec), headers=hdr)
            r = conn.getresponse()
            body = r.read()
            return r.status == 200 and b'"accepted"' in body and b"[]" not in body.split(b'"accepted"')[1][:4]

        tt_secs, tt_lat, tt_fail = timed_creates(n, workers, lambda: http.client.HTTPConnection("127.0.0.1", 3391),
                                                 tt_send)
        tt_path = f"/timetagger/api/v2/records?timerange={int(MONTH[0].timestamp())}-{int(MONTH[1].timestamp())}"
        c = http.client.HTTPConnection("127.0.0.1", 3391)  # uvicorn closes idle keep-alives after 5 s
        c.request("GET", tt_path, headers=hdr)
        tt_month = len(json.loads(c.getresponse().read())["records"])
        tt_q = wrk(f"http://127.0.0.1:3391{tt_path}", {"authtoken": token}, conns=8, secs=secs)
        check_wrk("timetagger month", tt_q)
    finally:
        tt.stop()
    sec = "Peer: TimeTagger"
    row(sec, f"create {n} entries (Stempel, {workers} clients)",
        f"{n / st_secs:.0f}/s, p50 {percentile(st_lat, 50):.2f} ms, p99 {percentile(st_lat, 99):.2f} ms"
        + (f", {len(st_fail)} failed" if st_fail else ""),
        f"{(n / st_secs) / (n / tt_secs):.1f}× TimeTagger", "≥ 5×", met((n / st_secs) / (n / tt_secs) >= 5))
    if args.baseline_bin:
        change = (n / st_secs) / (n / b_secs) - 1
        row(sec, f"create {n} entries (`--baseline-bin`, {workers} clients)",
            f"{n / b_secs:.0f}/s, p50 {percentile(b_lat, 50):.2f} ms, p99 {percentile(b_lat, 99):.2f} ms"
            + (f", {len(b_fail)} failed" if b_fail else ""),
            f"this build {100 * change:+.0f} %", "≥ −10 %", met(change >= -0.10))
    row(sec, f"create {n} entries (TimeTagger, {workers} clients)",
        f"{n / tt_secs:.0f}/s, p50 {percentile(tt_lat, 50):.2f} ms, p99 {percentile(tt_lat, 99):.2f} ms"
        + (f", {len(tt_fail)} failed" if tt_fail else ""))
    ratio = st_q.rps / tt_q.rps
    row(sec, f"month's range, {st_month} entries (Stempel, 8 conns)", f"{st_q.rps:.0f} req/s, {lat(st_q)}",
        f"{ratio:.1f}× TimeTagger", "≥ 10×", met(ratio >= 10))
    row(sec, f"month's range, {tt_month} records (TimeTagger, 8 conns)", f"{tt_q.rps:.0f} req/s, {lat(tt_q)}")


def login_cookie(port, account, user, password):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/login")
    html = c.getresponse().read().decode()
    action = re.search(r'<form action="([^"]+)" method="post"', html).group(1)
    body = urllib.parse.urlencode({"account": account, "username": user, "password": password})
    c.request("POST", action, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "text/html"})
    r = c.getresponse()
    r.read()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and "session" in v.lower():
            return v.split(";")[0]
    raise RuntimeError(f"login gave no session cookie (status {r.status})")


def ttfb(port, path, cookie, n=20, budget=30.0):
    """Time to first byte of `path`: up to n requests, fewer when they take longer than budget
    seconds in all (at least 3)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, status = [], None
    t_end = time.time() + budget
    while len(times) < n and (len(times) < 3 or time.time() < t_end):
        t = time.perf_counter()
        c.request("GET", path, headers={"Cookie": cookie, "Accept": "text/html"})
        r = c.getresponse()
        times.append((time.perf_counter() - t) * 1000)
        r.read()
        status = r.status
        if status == 404:
            break
    return status, times


def bench_sqlite(args, work):
    url = f"sqlite://{work.file('big.db')}"
    log(f"--- stempel demo --account big --users 50 --entries {args.entries} (SQLite)")
    t = time.perf_counter()
    cli(args.bin, url, "demo", "--account", "big", "--users", "50", "--entries", str(args.entries))
    fill = time.perf_counter() - t
    row("Data", f"`stempel demo`, {args.entries} entries (SQLite)", f"{fill:.1f} s", "", "< 60 s", met(fill < 60))
    key, secret = api_key(args.bin, url, "big")
    h = auth_headers(key, secret)
    hello = Proc([args.hello, "127.0.0.1:3390"], 3390)
    srv = Server(args.bin, url, 3301).start()
    try:
        time.sleep(1)
        idle = srv.rss_kb()
        api = Api(3301, key, secret)
        pid = api.get("/api/v2/ext/projects?limit=1").data()[0]["id"]
        uid = api.get("/api/v2/ext/project_time_entries?limit=1").data()[0]["userId"]
        log(f"--- HTTP ceiling vs API ({args.secs}s each, wrk 2 threads)")
        h_r = wrk("http://127.0.0.1:3390/", conns=32, secs=args.secs)
        sampler = RssSampler(srv)
        sampler.start()
        p_r = wrk(f"http://127.0.0.1:3301/api/v2/ext/projects/{pid}", h, conns=32, secs=args.secs)
        l_r = wrk("http://127.0.0.1:3301/api/v2/ext/project_time_entries?limit=1000", h, conns=8, secs=args.secs)
        peak = sampler.stop()
        for name, r in (("hello", h_r), ("point", p_r), ("list", l_r)):
            check_wrk(name, r)
        sec = f"HTTP (SQLite, {args.entries} entries)"
        row(sec, "hello world (bench/hello, 32 conns)", f"{h_r.rps:.0f} req/s, {lat(h_r)}", "100 %")
        row(sec, "`GET /projects/{id}` (32 conns)", f"{p_r.rps:.0f} req/s, {lat(p_r)}",
            f"{100 * p_r.rps / h_r.rps:.0f} % of hello", "≥ 50 %", met(p_r.rps / h_r.rps >= 0.5))
        row(sec, "`GET /project_time_entries?limit=1000` (8 conns)", f"{l_r.rps:.0f} req/s, {lat(l_r)}",
            f"{100 * l_r.rps / h_r.rps:.1f} % of hello", "p50 < 15 ms", met(l_r.p50 < 15))
        bench_mixed(sec, args, h, pid, p_r)
        hello_rps = h_r.rps

        cookie = login_cookie(3301, "big", "admin", "demo-pass-1")
        cid = api.get("/api/v2/ext/clients?limit=1").data()[0]["id"]
        bench_aggregates(f"Aggregates (SQLite, {args.entries} entries)", 3301, h, cookie, (pid, uid, cid), args)

        log("--- page load (SSR, signed in)")
        sec = "Page load"
        for what, path in [("Time page `/time`", "/time"), ("project dashboard `/projects/{id}`", f"/projects/{pid}")]:
            status, times = ttfb(3301, path, cookie)
            if status == 404:
                row(sec, what, "skipped: the page answers 404 (not built yet)")
            else:
                row(sec, f"{what}, time to first byte", f"p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms",
                    f"HTTP {status}, {len(times)} requests")
        if os.path.exists(args.wasm):
            raw = os.path.getsize(args.wasm)
            gz = len(gzip.compress(open(args.wasm, "rb").read(), 9))
            row(sec, "hydrate bundle (wasm after wasm-opt)", f"{raw / 1024:.0f} KB raw, {gz / 1024:.0f} KB gzip", "",
                "< 300 KB gzip", met(gz < 300 * 1024))
        else:
            row(sec, "hydrate bundle", f"not built ({args.wasm} missing)")
        row(sec, "server RSS idle / peak under the HTTP load", f"{idle / 1024:.0f} MB / {peak / 1024:.0f} MB")
        if args.pageload:
            bench_pageload(3301, "big", "admin", "demo-pass-1", pid)
    finally:
        srv.stop()
        hello.stop()
    return hello_rps


def bench_aggregates(sec, port, h, cookie, ids, args):
    """The totals (issue 17: p50 < 20 ms each), one connection at a time: Teamwork's three
    totals, a person's month report and a project's dashboard (its CSV download: the same
    figures as the page, without the HTML); and the Reports page (issue 18: p50 < 100 ms) for a
    client's last month by project and person, rendered whole as a browser first gets it."""
    pid, uid, cid = ids
    log(f"--- {sec} (1 connection, {args.agg_secs}s each)")
    today = dt.date.today()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    last = today.replace(day=1) - dt.timedelta(days=1)
    page = {"Cookie": cookie}
    for what, path, headers in [
        ("one project's total (Teamwork `/projects/{id}/time/total.json`)", f"/teamwork/projects/{pid}/time/total.json", h),
        ("per-project totals, all 50 (Teamwork `/projects/time/total.json`)", "/teamwork/projects/time/total.json", h),
        ("account total (Teamwork `/time/total.json`)", "/teamwork/time/total.json", h),
        (f"user report, one month (`/user_reports/{{id}}?from={first}&to={last}`)",
         f"/api/v2/ext/user_reports/{uid}?from={first}&to={last}", h),
        ("project dashboard, all time (`/projects/{id}/report.csv`)", f"/projects/{pid}/report.csv", page),
        (f"project dashboard, one month (`/projects/{{id}}/report.csv?from={first}&to={last}`)",
         f"/projects/{pid}/report.csv?from={first}&to={last}", page),
    ]:
        r = wrk(f"http://127.0.0.1:{port}{path}", headers, conns=1, threads=1, secs=args.agg_secs)
        check_wrk(what, r)
        row(sec, what, lat(r), f"{r.rps:.0f} req/s", "p50 < 20 ms", met(r.p50 < 20))
    what = "report page, a client's last month by project and person (`/reports?preset=last_month&client=…`)"
    path = f"/reports?preset=last_month&client={cid}&group=project&then=person"
    r = wrk(f"http://127.0.0.1:{port}{path}", page, conns=1, threads=1, secs=args.agg_secs)
    check_wrk(what, r)
    row(sec, what, lat(r), f"{r.rps:.0f} req/s", "p50 < 100 ms", met(r.p50 < 100))


def bench_pageload(port, account, user, password, project):
    """bench/pageload.mjs: cold visits in Chromium over Lighthouse's Slow 4G, hydration time and
    bytes transferred, and a repeat visit of /time with the cache on."""
    log("--- page load in a browser (Chromium, Slow 4G)")
    sec = "Page load (browser, Slow 4G)"
    cmd = ["node", os.path.join(ROOT, "bench", "pageload.mjs"), "--base", f"http://127.0.0.1:{port}",
           "--account", account, "--user", user, "--password", password, "--project", str(project)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=ROOT)
    except subprocess.TimeoutExpired:
        row(sec, "bench/pageload.mjs", "failed: no result within 900 s")
        return
    for line in out.stdout.splitlines():
        if not line.startswith("PAGELOAD_JSON ") and not line.startswith("|") and line.strip():
            log("  " + line)
    result = next((json.loads(line[len("PAGELOAD_JSON "):]) for line in out.stdout.splitlines()
                   if line.startswith("PAGELOAD_JSON ")), None)
    if result is None:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        row(sec, "bench/pageload.mjs", f"failed (exit {out.returncode}): {tail}")
        return
    for p in result["pages"]:
        what = "`/time`, repeat visit (cache on)" if p["name"] == "repeat /time" else f"`{p['path']}`, cold"
        if p["name"] == "repeat /time":
            figure = f"{p['bytes'] / 1024:.1f} KB, hydrated after {p['hydratedMs']} ms"
        else:
            figure = f"hydrated after {p['hydratedMs']} ms, {p['bytes'] / 1024:.0f} KB"
        note = f"{p['requests']} requests" + (f", {len(p['problems'])} problems" if p["problems"] else "")
        row(sec, what, figure, note, p["goal"], met(p["met"]))
    cold = [p for p in result["pages"] if p["name"] != "repeat /time"]
    if cold:
        worst = max(p["hydratedMs"] for p in cold)
        row(sec, "every page, cold", f"slowest hydrated after {worst} ms", "", "< 5 s", met(worst < 5000))
    if result.get("error"):
        row(sec, "bench/pageload.mjs", f"failed: {result['error']}")


def bench_mixed(sec, args, h, pid, solo):
    """Point reads and 200-entry lists at once, 16 connections each: point reads keep at least
    half of their solo rate."""
    urls = [(f"http://127.0.0.1:3301/api/v2/ext/projects/{pid}", 16),
            ("http://127.0.0.1:3301/api/v2/ext/project_time_entries?limit=200", 16)]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        p_r, l_r = ex.map(lambda u: wrk(u[0], h, conns=u[1], threads=1, secs=args.secs), urls)
    check_wrk("mixed point", p_r)
    check_wrk("mixed list", l_r)
    row(sec, "mixed: `GET /projects/{id}` (16 conns) while lists of 200 run (16 conns)",
        f"{p_r.rps:.0f} req/s, {lat(p_r)}; lists {l_r.rps:.0f} req/s, {lat(l_r)}",
        f"{100 * p_r.rps / solo.rps:.0f} % of solo point reads", "≥ 50 %", met(p_r.rps >= 0.5 * solo.rps))


def bench_postgres(args, work, hello_rps):
    log(f"--- Postgres: two stempel processes on one database, {args.pg_entries} entries")
    url = pg_database(args.postgres, f"stempel_bench_{os.getpid()}")
    try:
        t = time.perf_counter()
        cli(args.bin, url, "demo", "--account", "big", "--users", "50", "--entries", str(args.pg_entries))
        fill = time.perf_counter() - t
        sec = "Postgres (2 processes, 1 database)"
        row(sec, f"`stempel demo`, {args.pg_entries} entries (Postgres)", f"{fill:.1f} s")
        key, secret = api_key(args.bin, url, "big")
        h = auth_headers(key, secret)
        servers = [Server(args.bin, url, p).start() for p in (3311, 3312)]
        try:
            pid = Api(3311, key, secret).get("/api/v2/ext/projects?limit=1").data()[0]["id"]
            for what, path, conns in [("`GET /projects/{id}`", f"/api/v2/ext/projects/{pid}", 16),
                                      ("`GET /project_time_entries?limit=1000`", "/api/v2/ext/project_time_entries?limit=1000", 4)]:
                with concurrent.futures.ThreadPoolExecutor(2) as ex:
                    rs = list(ex.map(lambda p: wrk(f"http://127.0.0.1:{p}{path}", h, conns=conns, threads=1,
                                                   secs=args.secs), (3311, 3312)))
                for r in rs:
                    check_wrk(what, r)
                rps = sum(r.rps for r in rs)
                figure = (f"{rps:.0f} req/s, p50 {max(r.p50 for r in rs):.2f} ms, p99 {max(r.p99 for r in rs):.2f} ms"
                          if all(r.requests for r in rs) else f"{rps:.1f} req/s: {sum(r.requests for r in rs)} answers "
                          f"in {args.secs} s, the rest over wrk's 10 s timeout")
                row(sec, f"{what} ({conns}+{conns} conns over 2 servers)", figure,
                    f"{100 * rps / hello_rps:.1f} % of hello")
            api = Api(3311, key, secret)
            uid = api.get("/api/v2/ext/project_time_entries?limit=1").data()[0]["userId"]
            cookie = login_cookie(3311, "big", "admin", "demo-pass-1")
            cid = api.get("/api/v2/ext/clients?limit=1").data()[0]["id"]
            bench_aggregates(f"Aggregates (Postgres, {args.pg_entries} entries)", 3311, h, cookie, (pid, uid, cid), args)
        finally:
            for s in servers:
                s.stop()
    finally:
        psql(args.postgres, f"DROP DATABASE IF EXISTS stempel_bench_{os.getpid()} WITH (FORCE)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--hello", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--timetagger-python", default="")
    ap.add_argument("--baseline-bin", default="", help="an older stempel build: its creates beside this one's")
    ap.add_argument("--postgres", default="")
    ap.add_argument("--pageload", action="store_true", help="also run bench/pageload.mjs (node, Chromium)")
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--pg-entries", type=int, default=1_000_000)
    ap.add_argument("--peer-entries", type=int, default=10_000)
    ap.add_argument("--secs", type=int, default=10)
    ap.add_argument("--agg-secs", type=int, default=5)
    ap.add_argument("--import-rows", type=int, default=100_000, help="rows of the import section (0: skip it)")
    args = ap.parse_args()
    work = Workdir("stempel-bench.")
    started = time.time()
    try:
        if args.import_rows:
            bench_import(args, work, row, met)
        hello_rps = bench_sqlite(args, work)
        if args.timetagger_python:
            bench_peer(args, work)
        if args.postgres:
            bench_postgres(args, work, hello_rps)
    finally:
        work.remove()
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print()
    print(f"## bench/run — {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {cpu} cores, "
          f"{time.time() - started:.0f} s, release build, load from wrk on the same machine")
    print()
    print("| section | measure | figure | compared | goal | |")
    print("|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
