"""bench/run's import section: a generated Toggl Track CSV export of N rows (default 100 000)
imported by `stempel import` (release binary) into a fresh SQLite database: wall time and the
process's peak memory, then a second import of the same file (which must add nothing)."""

import csv
import datetime as dt
import json
import os
import random
import subprocess
import time

from harness import cli, log


def write_toggl(path, rows, seed=7):
    """Rows spread over the last year from today, ordered by start as Toggl writes them: 20
    people, 12 clients, 60 projects, tasks, tags, descriptions with commas and quotes, some
    entries across midnight."""
    rnd = random.Random(seed)
    people = [(f"Person {i} Müller", f"person{i}@example.com") for i in range(20)]
    clients = [f"Client {i}, GmbH" for i in range(12)]
    projects = [(clients[i % 12], f'Project "{i}"') for i in range(60)]
    today = dt.date.today()
    starts = sorted(dt.datetime.combine(today - dt.timedelta(days=rnd.randrange(365)),
                                        dt.time(rnd.randrange(6, 23), rnd.randrange(60))) for _ in range(rows))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
                    "Start time", "End date", "End time", "Duration", "Tags", "Amount (EUR)"])
        for i, start in enumerate(starts):
            name, email = people[i % len(people)]
            client, project = projects[rnd.randrange(len(projects))]
            end = start + dt.timedelta(minutes=rnd.randrange(5, 240), seconds=rnd.randrange(60))
            if end.hour == 2:
                # Between 2 and 3 at night the clock may not exist (summer time): as Toggl
                # would not write such a time, neither does this file.
                end -= dt.timedelta(hours=1)
            secs = int((end - start).total_seconds())
            w.writerow([name, email, client, project, f"Task {rnd.randrange(5)}", f"Work item {i}, step {i % 7}",
                        "Yes" if i % 4 else "No", start.date().isoformat(), start.strftime("%H:%M:%S"),
                        end.date().isoformat(), end.strftime("%H:%M:%S"),
                        f"{secs // 3600:02}:{secs // 60 % 60:02}:{secs % 60:02}",
                        ", ".join(rnd.sample(["Backend", "Design Review", "Meeting", "Support"], rnd.randrange(3))),
                        f"{secs / 3600 * 85:.2f}" if i % 4 else ""])


def bench_import(args, work, row, met):
    rows = args.import_rows
    path = work.file("toggl.csv")
    write_toggl(path, rows)
    size_mb = os.path.getsize(path) / 1e6
    url = f"sqlite://{work.file('import.db')}"
    cli(args.bin, url, "account", "create", "imp", "--name", "Imp", "--admin-username", "admin",
        "--admin-password", "bench-pass-1")
    log(f"--- stempel import, {rows} Toggl rows ({size_mb:.1f} MB), SQLite")
    took, rss, report = run_measured(args.bin, url, path)
    if report["entries"] != rows:
        raise RuntimeError(f"imported {report['entries']} of {rows} rows: {report['problems'][:3]}")
    row("Import", f"`stempel import`, {rows} Toggl rows ({size_mb:.0f} MB, SQLite)", f"{took:.1f} s",
        f"peak RSS {rss:.0f} MB", "< 10 s", met(took < 10))
    took, rss2, again = run_measured(args.bin, url, path)
    row("Import", "the same file again (adds nothing)", f"{took:.1f} s",
        f"{again['already_imported']} already imported, peak RSS {rss2:.0f} MB", "0 added", met(again["entries"] == 0))


def run_measured(bin_path, url, path):
    """Runs one import and reads its peak memory from the kernel's accounting of that child."""
    env = dict(os.environ, STEMPEL_DATABASE_URL=url, RUST_LOG="error")
    t = time.perf_counter()
    p = subprocess.Popen([bin_path, "import", "--account", "imp", "--format", "toggl", "--json", path],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    took = time.perf_counter() - t
    if status != 0:
        raise RuntimeError(f"stempel import failed: {err}")
    return took, usage.ru_maxrss / 1024, json.loads(out)
