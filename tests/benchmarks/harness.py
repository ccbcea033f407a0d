"""The machinery `make bench` runs on: settings from the environment, the site's
production environment, child processes (commands, Python, gunicorn, the task
worker, wrk) that are always stopped again, PostgreSQL and Redis.

Everything here talks to this machine only: PostgreSQL at 127.0.0.1:5432, Redis at
127.0.0.1:6379 and servers on free loopback ports.
"""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

import psycopg
import redis

from tests.deploy.production_env import HOST, ROOT, free_port, production_env

BENCH_DIR = ROOT / "var" / "bench"
LOG_DIR = BENCH_DIR / "logs"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "sa_bench"
REDIS_URL = "redis://127.0.0.1:6379/7"
# Every request carries what nginx adds in production (deploy/nginx/): the public
# host name and the scheme it was asked with.
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}


def number(name, default):
    """A positive number from the environment (`make bench BENCH_SECONDS=2`)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    parsed = float(value)
    if parsed <= 0:
        raise SystemExit(f"{name} must be above 0, not {value!r}")
    return parsed


# Seconds of load for each wrk run; the other phases scale with it.
SECONDS = number("BENCH_SECONDS", 3)
ROUNDS = int(number("BENCH_ROUNDS", 1))
CLIENTS = int(number("BENCH_CLIENTS", 16))


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


class Processes:
    """Every long-running child the harness starts, stopped in reverse order by
    `stop_all` (the runner calls it in `finally`, also on Ctrl-C and SIGTERM)."""

    def __init__(self):
        self.running = []

    def start(self, command, *, env, log_name, cwd=ROOT):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = open(LOG_DIR / log_name, "wb")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C reaches the harness, which stops it.
            start_new_session=True,
        )
        process.log_file = log
        process.log_name = log_name
        self.running.append(process)
        return process

    def stop(self, process, timeout=20):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.log_file.close()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in reversed(list(self.running)):
            self.stop(process)


PROCESSES = Processes()


def raise_on_sigterm():
    """SIGTERM (a killed `make`) unwinds like Ctrl-C, so servers are stopped; and
    Ctrl-C does, even when the harness was started with SIGINT ignored (in the
    background of a shell without job control)."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def run(command, *, env, cwd=ROOT, timeout=900, what=None):
    """Run a command to the end; raise with its output if it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(
            f"{what or ' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    if what:
        say(f"{what}: {time.perf_counter() - started:.1f}s")
    return result.stdout


def manage(*arguments, env, timeout=900):
    return run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        timeout=timeout,
        what=f"manage.py {' '.join(arguments)}",
    )


def python(script, *, env, timeout=900, what=None):
    """Run `script` in a child Python with `env` from the project root, after
    `django.setup()`; its last line of output is parsed as JSON and returned."""
    source = f"import django\ndjango.setup()\n{script}"
    output = run(
        [sys.executable, "-c", source], env=env, timeout=timeout, what=what
    ).strip()
    return json.loads(output.splitlines()[-1]) if output else None


def database_url(name):
    return f"{PG_SERVER}/{name}"


def recreate_database(name):
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def ensure_database(name):
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def query(sql, params=()):
    """Rows of one query on the benchmark's database ([] for a command)."""
    with psycopg.connect(database_url(DATABASE), autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def flush_redis():
    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()


def site_env(**overrides):
    """The site's production environment on the benchmark's database and Redis:
    behind one proxy (the harness plays nginx), tasks in the database, email
    written to files under var/bench/site/mail, never sent."""
    site_var = BENCH_DIR / "site"
    return production_env(
        DATABASE_URL=database_url(DATABASE),
        REDIS_URL=REDIS_URL,
        VAR_DIR=site_var,
        STATIC_ROOT=site_var / "static",
        MEDIA_ROOT=site_var / "media",
        TRUSTED_PROXY_COUNT=1,
        TASK_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=site_var / "mail",
        WEB_CONCURRENCY=2,
        **overrides,
    )


def wait_for_http(port, process, path="/", headers=None, timeout=60):
    """Wait until the server on `port` answers `path` (any status)."""
    deadline = time.monotonic() + timeout
    request = f"GET {path} HTTP/1.0\r\n"
    for name, value in (headers or {}).items():
        request += f"{name}: {value}\r\n"
    request = (request + "\r\n").encode()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.log_name} exited with {process.returncode} before "
                f"serving; see {LOG_DIR / process.log_name}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                sock.sendall(request)
                if sock.recv(12).startswith(b"HTTP/"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port} within {timeout}s")


class Server:
    """A gunicorn serving on a free loopback port."""

    def __init__(self, name, process, port, headers):
        self.name = name
        self.process = process
        self.port = port
        self.headers = headers

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        PROCESSES.stop(self.process)

    def workers_booted(self):
        """How many times gunicorn has booted a worker so far (from its log)."""
        log = LOG_DIR / self.process.log_name
        return log.read_bytes().count(b"Booting worker")


def start_site(name, **env):
    """Our site as production serves it: `gunicorn site_config.wsgi` from the
    project folder (reading gunicorn.conf.py), two sync workers."""
    port = free_port()
    process = PROCESSES.start(
        [sys.executable, "-m", "gunicorn", "site_config.wsgi"],
        env=site_env(GUNICORN_BIND=f"127.0.0.1:{port}", **env),
        log_name=f"{name}.log",
    )
    wait_for_http(port, process, "/health/")
    return Server(name, process, port, PROXY_HEADERS)


def start_worker(name="worker"):
    return PROCESSES.start(
        [sys.executable, "manage.py", "db_worker"],
        env=site_env(),
        log_name=f"{name}.log",
    )


def waiting_tasks():
    """(tasks ready to run, tasks running) in the database queue."""
    counts = dict(
        query(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING') GROUP BY status"
        )
    )
    return counts.get("READY", 0), counts.get("RUNNING", 0)


def get(server, path, timeout=60):
    """One plain GET (no cookies): (status, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=server.headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def drain_server(server, timeout=120):
    """Wait until both workers are free again: after wrk stops, requests it had
    queued are still being answered. Two probes at once must come back quickly."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.perf_counter()
        probes = [
            threading.Thread(target=get, args=(server, "/health/")) for _ in range(2)
        ]
        for probe in probes:
            probe.start()
        for probe in probes:
            probe.join()
        if time.perf_counter() - started < 0.25:
            return
    say(f"warning: {server.name} still busy after {timeout}s")


# wrk prints one JSON line at the end (its own summary is text): requests, time,
# latency percentiles in microseconds, non-2xx/3xx answers and socket errors.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, '
    .. '"p99_us": %d, "status_errors": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def wrk_command(server, path, seconds, connections=16, threads=2):
    script = BENCH_DIR / "report.lua"
    script.write_text(WRK_REPORT)
    headers = [f"--header={name}: {value}" for name, value in server.headers.items()]
    return [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={script}",
        *headers,
        f"{server.url}{path}",
    ]


def wrk_result(output):
    """{rps, p50_ms, p99_ms, requests, errors, kib} from wrk's output."""
    line = next(
        (line for line in output.splitlines() if line.startswith("WRK-JSON ")), None
    )
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{output[-2000:]}")
    data = json.loads(line.removeprefix("WRK-JSON "))
    seconds = data["duration_us"] / 1e6
    requests = data["requests"]
    return {
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": data["p50_us"] / 1000 if requests else None,
        "p99_ms": data["p99_us"] / 1000 if requests else None,
        "requests": requests,
        "errors": data["status_errors"] + data["socket_errors"],
        "kib": data["bytes"] / 1024 / requests if requests else None,
    }


def wrk(server, path, seconds, connections=16):
    """Load `path` for `seconds` with wrk (2 threads), then wait until the server
    has answered what was still queued. `restarts` counts gunicorn workers booted
    meanwhile (gunicorn.conf.py's `max_requests` restarts each worker now and then)."""
    booted = server.workers_booted()
    output = run(
        wrk_command(server, path, seconds, connections),
        env=None,
        timeout=seconds + 120,
    )
    drain_server(server)
    return {**wrk_result(output), "restarts": server.workers_booted() - booted}
