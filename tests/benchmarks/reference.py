"""The reference: a bare Wagtail site (`wagtail start`, nothing added) of the same
Wagtail version, in its own virtualenv under var/bench/reference/ (made once,
reused by later runs), on its own PostgreSQL database, with DEBUG off, served by
gunicorn with two sync workers like ours. Its home page is what every page of ours
is compared with."""

import sys
import venv
from importlib.metadata import version

from .harness import (
    BENCH_DIR,
    PROCESSES,
    Server,
    database_url,
    ensure_database,
    free_port,
    run,
    say,
    wait_for_http,
)

REFERENCE_DIR = BENCH_DIR / "reference"
VENV = REFERENCE_DIR / "venv"
PROJECT = REFERENCE_DIR / "site"
DATABASE = "sa_bench_reference"
WAGTAIL = version("wagtail")

SETTINGS = f'''"""Written by tests/benchmarks/reference.py: production settings on PostgreSQL."""

from .production import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-reference-" + "x" * 40
ALLOWED_HOSTS = ["*"]
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "{DATABASE}",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
    }}
}}
'''


def _bin(name):
    return VENV / "bin" / name


def _installed_version():
    if not _bin("python").exists():
        return None
    try:
        return run(
            [
                _bin("python"),
                "-c",
                "from importlib.metadata import version; print(version('wagtail'))",
            ],
            env=None,
        ).strip()
    except RuntimeError:
        return None


def prepare():
    """Make (or reuse) the virtualenv and the project, and migrate its database."""
    if _installed_version() != WAGTAIL:
        say(f"installing wagtail=={WAGTAIL} into {VENV} (once)")
        venv.create(VENV, with_pip=True, clear=True)
        run(
            [
                _bin("python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"wagtail=={WAGTAIL}",
                "gunicorn",
                "psycopg[binary]",
            ],
            env=None,
            timeout=900,
            what="pip install (reference)",
        )
    if not (PROJECT / "manage.py").exists():
        PROJECT.mkdir(parents=True, exist_ok=True)
        run([_bin("wagtail"), "start", "refsite", PROJECT], env=None)
    (PROJECT / "refsite" / "settings" / "bench.py").write_text(SETTINGS)
    ensure_database(DATABASE)
    env = _env()
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        run(
            [_bin("python"), "manage.py", *command],
            env=env,
            cwd=PROJECT,
            timeout=600,
            what=f"reference {command[0]}",
        )


def _env():
    return {
        "PATH": f"{VENV / 'bin'}:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "refsite.settings.bench",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": database_url(DATABASE),
    }


def start():
    port = free_port()
    process = PROCESSES.start(
        [
            _bin("gunicorn"),
            "refsite.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            # Several servers on one machine would share the default socket.
            "--no-control-socket",
        ],
        env=_env(),
        cwd=PROJECT,
        log_name="reference.log",
    )
    wait_for_http(port, process, "/")
    return Server("reference", process, port, {"X-Forwarded-Proto": "https"})


if __name__ == "__main__":
    prepare()
    server = start()
    print(server.url, file=sys.stderr)
    PROCESSES.stop_all()
