"""Running the site as production runs it, for the deployment tests: the environment
a subprocess gets (production settings, every required variable named, whatever
`manage.py`'s default), free ports, a database URL for the test database, and
waiting for a server to listen."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
HOST = "summit.example.org"

# Variables of the test run that must not leak into a child.
INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "TRUSTED_PROXY_COUNT",
    "LOG_FORMAT",
    "SENTRY_DSN",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
            "SECRET_KEY": "deploy-test-" + "k3y" * 16,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def run_python(script, env, *, timeout=120):
    """Run `script` in a child Python with `env` (see `production_env`) from the
    project root; fail the test with its stderr unless it exits 0. Returns the
    finished process (stdout and stderr as text)."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict, name=None):
    """A postgres:// URL for the database `settings_dict` describes (or `name` on
    the same server)."""
    user = quote(settings_dict.get("USER") or "postgres")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password)}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}@{host}:{port}/{name or settings_dict['NAME']}"


def wait_for_port(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listened on {port} within {timeout}s")


def start_gunicorn(env, log_path):
    """gunicorn as deploy/systemd/shared-ambition-web.service starts it: from the
    project folder, so it reads gunicorn.conf.py."""
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "site_config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_file = log
    return process


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log_file = getattr(process, "log_file", None)
    if log_file:
        log_file.close()
