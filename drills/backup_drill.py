"""Drill: `stempel backup` while 8 clients create entries, then `stempel restore` into a fresh
SQLite file and a fresh Postgres database. Every entry acknowledged before the backup began
must be in both restores (the snapshot is consistent and complete), and the restored databases
serve: a server started on each reads one of those entries back."""

import datetime
import os
import sqlite3
import subprocess
import threading
import time

from harness import Api, Server, cli, make_account


def _slot(i):
    """A distinct quarter hour per entry: 40 a day from 06:00 on, from 2025-01-01 on."""
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=i // 40)
    start = datetime.datetime.combine(day, datetime.time(6)) + datetime.timedelta(minutes=15 * (i % 40))
    end = start + datetime.timedelta(minutes=10)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


class Writers:
    """8 clients creating entries until stopped; remembers when each create was acknowledged."""

    def __init__(self, port, key, secret, workers=8):
        self.port, self.key, self.secret = port, key, secret
        self.acked = []  # (monotonic time of the acknowledgement, id)
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.counter = iter(range(10 ** 6))
        self.threads = [threading.Thread(target=self.work) for _ in range(workers)]

    def work(self):
        api = Api(self.port, self.key, self.secret)
        while not self.stop.is_set():
            with self.lock:
                i = next(self.counter)
            start, end = _slot(i)
            body = {"user": "admin", "clientName": "Drill GmbH", "projectName": "Drill",
                    "from": start, "to": end, "details": f"backup drill {i}"}
            r = api.post("/api/v2/ext/project_time_entries", body)
            with self.lock:
                if r.status == 201:
                    self.acked.append((time.monotonic(), r.data()["id"]))
                else:
                    self.errors.append(f"{r.status} {r.body[:200]}")

    def start(self):
        for t in self.threads:
            t.start()

    def wait_for(self, n, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if len(self.acked) >= n:
                    return
            time.sleep(0.02)
        raise RuntimeError(f"fewer than {n} entries acknowledged after {timeout}s")

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def _entry_ids(url):
    sql = "SELECT id FROM time_entries WHERE deleted_at IS NULL"
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):]) as c:
            return {row[0] for row in c.execute(sql)}
    out = subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True)
    return {int(x) for x in out.stdout.split()}


def drill_backup_restore(bin_path, source_url, targets, port, label, report, workdir):
    """targets: [(label, fresh database URL, port for a server on it)]"""
    # A second account with history makes the backup last long enough to overlap the writes.
    cli(bin_path, source_url, "demo", "--account", "history", "--users", "5", "--entries", "10000")
    key, secret = make_account(bin_path, source_url, "backup")
    srv = Server(bin_path, source_url, port).start()
    writers = None
    try:
        api = Api(port, key, secret)
        assert api.post("/api/v2/ext/clients", {"clientName": "Drill GmbH"}).status == 201
        assert api.post("/api/v2/ext/projects", {"clientName": "Drill GmbH", "projectName": "Drill"}).status == 201
        writers = Writers(port, key, secret)
        writers.start()
        writers.wait_for(200)
        began = time.monotonic()
        file = os.path.join(workdir, f"backup-{port}.jsonl.gz")
        cli(bin_path, source_url, "backup", file)
        took = time.monotonic() - began
        writers.wait_for(len(writers.acked) + 50)  # the writers kept going during the backup
        writers.finish()
        before = {i for at, i in writers.acked if at < began}
        during = len([1 for at, _ in writers.acked if at >= began])
        for target_label, url, target_port in targets:
            cli(bin_path, url, "restore", file)
            restored = _entry_ids(url)
            missing = before - restored
            served = _serves(bin_path, url, target_port, key, secret, min(before))
            ok = not missing and not writers.errors and served
            report(f"backup during writes, {label} → {target_label}", ok,
                   f"{len(before)} entries acknowledged before the backup began, {len(missing)} missing "
                   f"from the restore ({len(restored)} restored; {during} acknowledged during or after the "
                   f"{took:.1f}s backup); a server on the restore reads them: {served}; "
                   f"write errors {len(writers.errors)} {writers.errors[:2]}")
    finally:
        if writers is not None and not writers.stop.is_set():
            writers.finish()
        srv.stop()


def _serves(bin_path, url, port, key, secret, entry_id):
    """Starts a server on the restored database; the old key reads an old entry."""
    srv = Server(bin_path, url, port).start()
    try:
        return Api(port, key, secret).get(f"/api/v2/ext/project_time_entries/{entry_id}").status == 200
    finally:
        srv.stop()
