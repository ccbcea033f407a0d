"""No silent misconfiguration: `manage.py` runs with production settings unless told
otherwise (the environment, or a `.env` beside it), production refuses to start
without `SITE_URL`, and `check --deploy` fails on a Site, email backend or static
manifest that would break the live site. Each runs `manage.py` as an operator does,
in a fresh process that sees only the environment the test gives it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x7#kq" * 12,
    "ALLOWED_HOSTS": "summit.example.org",
    "SITE_URL": "https://summit.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(folder, *args, env=None):
    """Run `manage.py` copied into `folder` (so only a `.env` the test writes there
    is read, never a developer's own) with nothing of this test run's environment
    but PATH and HOME."""
    script = folder / "manage.py"
    if not script.exists():
        shutil.copy(ROOT / "manage.py", script)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(folder)),
        "VAR_DIR": str(folder / "var"),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_manage_py_defaults_to_production_and_says_what_is_missing(tmp_path):
    result = manage(tmp_path, "check")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_production_refuses_to_start_without_site_url(tmp_path):
    env = {**PRODUCTION}
    del env["SITE_URL"]

    result = manage(tmp_path, "check", env=env)

    assert result.returncode != 0
    assert "Set the SITE_URL environment variable." in result.stderr


@pytest.mark.parametrize("site_url", ["summit.example.org", "ftp://summit.example.org"])
def test_production_refuses_a_site_url_that_is_no_web_address(tmp_path, site_url):
    result = manage(tmp_path, "check", env={**PRODUCTION, "SITE_URL": site_url})

    assert result.returncode != 0
    assert "Set SITE_URL to the site's public address" in result.stderr


def test_manage_py_reads_a_dotenv_file_beside_it(tmp_path):
    (tmp_path / ".env").write_text(
        "\n".join(f"{name}={value}" for name, value in PRODUCTION.items()) + "\n"
    )

    result = manage(tmp_path, "diffsettings")

    assert result.returncode == 0, result.stderr
    assert "SITE_URL = 'https://summit.example.org'" in result.stdout
    assert "SESSION_COOKIE_SECURE = True" in result.stdout  # production's
    assert "DEBUG = True" not in result.stdout


def test_the_environment_wins_over_the_dotenv_file(tmp_path):
    (tmp_path / ".env").write_text(
        "\n".join(f"{name}={value}" for name, value in PRODUCTION.items()) + "\n"
    )

    result = manage(
        tmp_path, "diffsettings", env={"SITE_URL": "https://other.example.org"}
    )

    assert result.returncode == 0, result.stderr
    assert "SITE_URL = 'https://other.example.org'" in result.stdout


def test_a_dotenv_file_can_choose_development_settings(tmp_path):
    (tmp_path / ".env").write_text(
        "# a developer's machine\nDJANGO_SETTINGS_MODULE=site_config.settings.dev\n"
    )

    result = manage(tmp_path, "diffsettings")

    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "SITE_URL = 'http://127.0.0.1:8000'" in result.stdout


def test_production_keeps_database_connections_for_a_minute(tmp_path):
    show = (
        "from django.db import connection; "
        "print(connection.settings_dict['CONN_MAX_AGE'], "
        "connection.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    kept = manage(tmp_path, "shell", "-v", "0", "-c", show, env=PRODUCTION)
    closed = manage(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        show,
        env={**PRODUCTION, "DATABASE_CONN_MAX_AGE": "0"},
    )

    assert kept.stdout.split() == ["60", "True"], kept.stderr
    assert closed.stdout.split() == ["0", "True"], closed.stderr


def test_every_make_target_running_manage_py_names_its_settings():
    lines = [
        line
        for line in (ROOT / "Makefile").read_text().splitlines()
        if re.search(r"\bmanage\.py\b", line) and not line.startswith("#")
    ]

    assert len(lines) >= 4
    unnamed = [
        line
        for line in lines
        if "DJANGO_SETTINGS_MODULE=site_config.settings." not in line
        and "--settings=site_config.settings." not in line
    ]
    assert not unnamed, unnamed


# check --deploy, on a site set up as README's production section says


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """A production site on SQLite: migrated, static files collected, set up."""
    folder = tmp_path_factory.mktemp("deployed")
    env = {**PRODUCTION, "STATIC_ROOT": str(folder / "static")}
    for step in [
        ("migrate", "--noinput"),
        ("collectstatic", "--noinput"),
        ("setup_site",),
    ]:
        result = manage(folder, *step, env=env)
        assert result.returncode == 0, (step, result.stderr)
    return folder, env


def test_check_deploy_passes_on_a_site_set_up_as_documented(deployed):
    folder, env = deployed

    result = manage(folder, "check", "--deploy", "--fail-level=WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_the_site_record_is_not_site_url(deployed):
    folder, env = deployed

    result = manage(
        folder, "check", "--deploy", env={**env, "SITE_URL": "https://new.example.org"}
    )

    assert result.returncode != 0
    assert "home.E001" in result.stderr
    assert (
        "The default Wagtail Site is summit.example.org:443, but SITE_URL is "
        "new.example.org:443." in result.stderr
    )
    assert "setup_site" in result.stderr


def test_check_deploy_fails_before_the_database_is_migrated(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        env={**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")},
    )

    assert result.returncode != 0
    assert "home.E001" in result.stderr
    assert "Run `manage.py migrate`, then `manage.py setup_site`." in result.stderr


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    ],
)
def test_check_deploy_fails_on_an_email_backend_that_sends_nothing(deployed, backend):
    folder, env = deployed

    result = manage(folder, "check", "--deploy", env={**env, "EMAIL_BACKEND": backend})

    assert result.returncode != 0
    assert "home.E002" in result.stderr
    assert f"EMAIL_BACKEND is {backend}, which sends no email." in result.stderr


def test_check_deploy_fails_without_the_static_manifest(deployed, tmp_path):
    folder, env = deployed

    result = manage(
        folder, "check", "--deploy", env={**env, "STATIC_ROOT": str(tmp_path)}
    )

    assert result.returncode != 0
    assert "home.E003" in result.stderr
    assert "Run `manage.py collectstatic --noinput`" in result.stderr
