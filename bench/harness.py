"""Shared by bench/run and drills/run: start and stop `stempel` processes, make accounts and API
keys, talk to the API, and drive wrk. Standard library only."""

import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(msg):
    print(msg, flush=True)


class Workdir:
    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def file(self, name):
        return os.path.join(self.path, name)

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def cli(bin_path, db_url, *args, capture=True):
    env = dict(os.environ, STEMPEL_DATABASE_URL=db_url, RUST_LOG="error")
    out = subprocess.run([bin_path, *args], env=env, capture_output=capture, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"stempel {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def make_account(bin_path, db_url, slug, password="bench-pass-1"):
    """Creates an account (admin / password) and an API key; returns (key, secret)."""
    cli(bin_path, db_url, "account", "create", slug, "--name", slug.title(),
        "--admin-username", "admin", "--admin-password", password)
    return api_key(bin_path, db_url, slug)


def api_key(bin_path, db_url, slug):
    pair = json.loads(cli(bin_path, db_url, "api-key", "generate", "--account", slug, "--json"))
    return pair["key"], pair["secret"]


def wait_port(port, timeout=30.0, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


class Server:
    """One `stempel serve` process."""

    def __init__(self, bin_path, db_url, port, rate_limit=1_000_000_000, log_path=None):
        self.bin, self.db_url, self.port, self.rate_limit = bin_path, db_url, port, rate_limit
        self.log_path = log_path or os.path.join(tempfile.gettempdir(), f"stempel-{port}.log")
        self.proc = None

    def start(self):
        env = dict(os.environ, STEMPEL_DATABASE_URL=self.db_url, STEMPEL_ADDR=f"127.0.0.1:{self.port}",
                   STEMPEL_API_RATE_LIMIT=str(self.rate_limit), RUST_LOG="warn")
        self.logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.bin, "serve"], env=env, cwd=ROOT,
                                     stdout=self.logf, stderr=subprocess.STDOUT)
        wait_port(self.port, proc=self.proc)
        return self

    def rss_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def data(self):
        j = self.json()
        return j.get("data") if isinstance(j, dict) else None


class Api:
    """A keep-alive client for one port. Not thread-safe: one per thread."""

    def __init__(self, port, key=None, secret=None, basic=False, headers=None):
        self.port = port
        self.headers = dict(headers or {})
        if key is not None:
            if basic:
                token = base64.b64encode(f"{key}:{secret}".encode()).decode()
                self.headers["Authorization"] = f"Basic {token}"
            else:
                self.headers["X-TimeTrack-Api-Key"] = key
                self.headers["X-TimeTrack-Api-Secret"] = secret
        self.conn = None

    def request(self, method, path, body=None, headers=None, raw=None):
        h = dict(self.headers, **(headers or {}))
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                payload = r.read()
                return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, payload.decode("utf-8", "replace"))
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def q(s):
    return urllib.parse.quote(str(s), safe="")


# --- wrk ---------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text.strip())
    return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")


class WrkResult:
    def __init__(self, rps, p50, p99, non2xx, requests, errors):
        self.rps, self.p50, self.p99, self.non2xx = rps, p50, p99, non2xx
        self.requests, self.errors = requests, errors


def wrk(url, headers=None, conns=32, threads=2, secs=10, script=None, env=None):
    cmd = ["wrk", f"-t{min(threads, conns)}", f"-c{conns}", f"-d{secs}s", "--latency", "--timeout", "10s"]
    for k, v in (headers or {}).items():
        cmd += ["-H", f"{k}: {v}"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **(env or {}))).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    non2xx = int(m.group(1)) if m else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = sum(int(x) for x in m.groups()) if m else 0
    return WrkResult(rps, p50, p99, non2xx, requests, errors)


def auth_headers(key, secret):
    return {"X-TimeTrack-Api-Key": key, "X-TimeTrack-Api-Secret": secret}


class RssSampler(threading.Thread):
    """Samples a server's RSS every 100 ms while a load runs; .peak is the highest seen."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.server.rss_kb())
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    i = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[i]


# --- Postgres ------------------------------------------------------------------------------

def psql(url, sql):
    subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True)


def pg_database(base_url, name):
    """Creates (after dropping) database `name` next to base_url's; returns its URL."""
    psql(base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(base_url, f"CREATE DATABASE {name}")
    return base_url.rsplit("/", 1)[0] + "/" + name
