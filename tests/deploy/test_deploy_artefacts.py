"""deploy/ holds what a server needs, and agrees with README and docs/settings.md:
a timer for every scheduled command in README's table, units that run real
commands, an environment file naming every setting, gunicorn's settings."""

import re
import runpy
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.deploy import test_nginx
from tests.deploy.production_env import ROOT

DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
README = ROOT / "README.md"


def unit(path):
    """{key: value} of a systemd unit file (the last value wins)."""
    values = {}
    for line in Path(path).read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def scheduled_commands():
    """(when, command line) for each row of README's scheduled commands table."""
    section = README.read_text().split("Scheduled commands", 1)[1]
    rows = re.findall(r"^\| ([^|]+?) \| `python (manage\.py [^`]+)`", section, re.M)
    assert len(rows) >= 6, "README's scheduled commands table not found"
    return rows


def unit_name(command_line):
    return "shared-ambition-" + command_line.split()[1].replace("_", "-")


@pytest.mark.parametrize(
    ("when", "command_line"), scheduled_commands(), ids=lambda value: value
)
def test_every_scheduled_command_has_a_timer_starting_it(when, command_line):
    timer = SYSTEMD / f"{unit_name(command_line)}.timer"
    service = SYSTEMD / f"{unit_name(command_line)}.service"
    assert timer.exists(), f"no {timer.name}"
    timer_unit = unit(timer)
    assert timer_unit["Unit"] == service.name
    assert service.exists()
    assert unit(service)["ExecStart"].endswith(f"/python {command_line}")
    assert unit(service)["Type"] == "oneshot"
    schedule = timer_unit["OnCalendar"]
    if when == "every 5 minutes":
        assert re.fullmatch(r"\*:[0-4]/5", schedule), schedule
    elif when == "hourly":
        assert re.fullmatch(r"\*:\d\d", schedule), schedule
    else:
        assert when == "daily"
        assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", schedule), schedule
    assert timer_unit["WantedBy"] == "timers.target"


def test_there_is_no_timer_for_a_command_readme_does_not_schedule():
    scheduled = {f"{unit_name(line)}.timer" for _when, line in scheduled_commands()}

    assert {path.name for path in SYSTEMD.glob("*.timer")} == scheduled


@pytest.mark.parametrize(
    "path", sorted(SYSTEMD.glob("*.service")), ids=lambda path: path.name
)
def test_each_unit_runs_an_existing_command_as_the_site_user(path):
    values = unit(path)
    exec_start = values["ExecStart"]
    manage = re.search(r"manage\.py (\w+)", exec_start)
    if manage:
        assert manage.group(1) in get_commands(), exec_start
    else:
        assert exec_start.split()[1:] == ["site_config.wsgi"]
        assert exec_start.split()[0].endswith("/gunicorn")
    assert values["User"] == "shared-ambition"
    assert values["WorkingDirectory"] == "/srv/shared-ambition"
    assert values["EnvironmentFile"] == "/srv/shared-ambition/.env"


def test_web_and_worker_units_exist():
    assert "db_worker" in unit(SYSTEMD / "shared-ambition-worker.service")["ExecStart"]
    assert "gunicorn" in unit(SYSTEMD / "shared-ambition-web.service")["ExecStart"]


def env_example_names():
    text = (DEPLOY / "env.example").read_text()
    return re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.M)


def documented_settings():
    """Every variable docs/settings.md lists for the site (not Make's or the tests')."""
    text = (ROOT / "docs" / "settings.md").read_text()
    text = text.split("## Make and the tests", 1)[0]
    names = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_env_example_lists_every_documented_setting_once():
    names = env_example_names()

    assert len(names) == len(set(names)), "a variable is listed twice"
    assert set(names) == documented_settings()


def test_env_example_runs_the_production_settings_behind_one_proxy():
    text = (DEPLOY / "env.example").read_text()

    assert "\nDJANGO_SETTINGS_MODULE=site_config.settings.production\n" in text
    assert "\nTRUSTED_PROXY_COUNT=1\n" in text
    nginx = (DEPLOY / "nginx" / "shared-ambition.conf").read_text()
    assert "X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header Host $host;" in nginx


def gunicorn_settings(monkeypatch, **env):
    for name in [
        "GUNICORN_BIND",
        "WEB_CONCURRENCY",
        "TRUSTED_PROXY_COUNT",
        "LOG_FORMAT",
        "FORWARDED_ALLOW_IPS",
    ]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    defaults = gunicorn_settings(monkeypatch)
    assert defaults["bind"] == ["127.0.0.1:8000"]
    assert defaults["workers"] == 3
    assert defaults["accesslog"] == "-"
    assert defaults["forwarded_allow_ips"] == ""  # no proxy, no forwarded headers

    behind_nginx = gunicorn_settings(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        WEB_CONCURRENCY="5",
        TRUSTED_PROXY_COUNT="1",
        LOG_FORMAT="json",
    )
    assert behind_nginx["bind"] == ["0.0.0.0:9000"]
    assert behind_nginx["workers"] == 5
    assert behind_nginx["forwarded_allow_ips"] == "127.0.0.1,::1"
    handler = behind_nginx["logconfig_dict"]["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["redact_secret_links"]
    loggers = behind_nginx["logconfig_dict"]["loggers"]
    assert loggers["gunicorn.access"]["handlers"] == ["console"]


def test_gunicorn_workers_rarely_restart_in_the_same_second(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    # Two workers sharing a spike of 270 requests a second each restart after
    # max_requests plus a uniform draw of up to max_requests_jitter requests: the
    # chance that both draws land within one second of each other.
    spread_seconds = settings["max_requests_jitter"] / (270 / 2)
    same_second = 1 - (1 - min(1, 1 / spread_seconds)) ** 2

    assert settings["max_requests"] >= 1000
    assert same_second < 0.15


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh"])
def test_backup_scripts_are_executable_bash(script):
    path = DEPLOY / script
    assert path.stat().st_mode & 0o111
    assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0


def test_a_missing_nginx_fails_the_nginx_test_under_ci(monkeypatch):
    monkeypatch.setattr(test_nginx, "NGINX", ROOT / "no-such-nginx")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="nginx is not installed"):
        test_nginx.require_nginx()

    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        test_nginx.require_nginx()
