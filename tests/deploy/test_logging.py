"""Log lines: time, level and logger on every line, `LOG_FORMAT=json` one JSON object
per line, secret links redacted by every handler (gunicorn's access log too), and
requests for unknown hosts one WARNING line without a traceback."""

import json
import logging
import re
import urllib.request

import pytest
from django.conf import settings
from django.test import override_settings

from home.log_filters import RedactSecretLinks, redact
from tests.deploy.production_env import (
    free_port,
    production_env,
    run_python,
    start_gunicorn,
    stop,
    wait_for_port,
)

TOKEN = "Zx9_aQ7rT2mK4pL8vN1bC6dE"
PLAIN_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"[\w.]+ \S"
)

LOGGING_SCRIPT = f"""
import logging
import django
django.setup()
from django.core.exceptions import DisallowedHost

logging.getLogger("events.booking").info("Booked at /tickets/{TOKEN}/ and /bookings/{TOKEN}/")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("events.payments").exception("Refund failed")
try:
    raise DisallowedHost("Invalid HTTP_HOST header: 'evil.example'.")
except DisallowedHost as error:
    logging.getLogger("django.security.DisallowedHost").error(str(error), exc_info=error)
"""


def run_logging_script(log_format, tmp_path):
    env = production_env(
        LOG_FORMAT=log_format,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=tmp_path,
    )
    return run_python(LOGGING_SCRIPT, env).stderr


def test_plain_lines_have_time_level_and_logger(tmp_path):
    output = run_logging_script("plain", tmp_path)

    lines = output.splitlines()
    records = [line for line in lines if PLAIN_LINE.match(line)]
    assert [line.split(" ")[1:3] for line in records] == [
        ["INFO", "events.booking"],
        ["ERROR", "events.payments"],
        ["WARNING", "django.security.DisallowedHost"],
    ]
    # Only the exception's traceback runs over several lines.
    traceback = lines[lines.index(records[1]) + 1 : lines.index(records[2])]
    assert traceback[0] == "Traceback (most recent call last):"
    assert traceback[-1] == "ZeroDivisionError: division by zero"
    assert TOKEN not in output
    assert "/tickets/[secret]/ and /bookings/[secret]/" in output


def test_json_format_is_one_object_per_line(tmp_path):
    output = run_logging_script("json", tmp_path)

    entries = [json.loads(line) for line in output.splitlines()]
    assert [(entry["level"], entry["logger"]) for entry in entries] == [
        ("INFO", "events.booking"),
        ("ERROR", "events.payments"),
        ("WARNING", "django.security.DisallowedHost"),
    ]
    for entry in entries:
        assert re.match(
            r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", entry["time"]
        )
    assert "ZeroDivisionError" in entries[1]["exception"]
    assert "exception" not in entries[2]
    assert TOKEN not in output


def test_an_unknown_host_is_one_warning_without_a_traceback(client, db, caplog):
    with (
        override_settings(ALLOWED_HOSTS=["summit.example.org"]),
        caplog.at_level(logging.INFO),
    ):
        response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert "evil.example" in record.getMessage()


def test_every_handler_redacts_secret_links():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    for name, handler in handlers.items():
        assert "redact_secret_links" in handler["filters"], name
    assert settings.LOGGING["root"]["handlers"] == ["console"]


def test_a_bookings_secret_page_is_redacted():
    assert redact(f"GET /bookings/{TOKEN}/cancel/") == "GET /bookings/[secret]/cancel/"


def test_redaction_keeps_gunicorns_atoms_answering_for_missing_headers():
    class Atoms(dict):
        def __getitem__(self, key):
            return super().get(key.lower(), "-")

    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '"%(r)s" "%({X-Missing}i)s"',
        (Atoms({"r": f"GET /tickets/{TOKEN}/ HTTP/1.1"}),),
        None,
    )

    RedactSecretLinks().filter(record)

    assert record.getMessage() == '"GET /tickets/[secret]/ HTTP/1.1" "-"'


def test_gunicorn_logs_every_line_as_json_with_the_access_log_redacted(tmp_path):
    port = free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=tmp_path,
        LOG_FORMAT="json",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=1,
    )
    log_path = tmp_path / "gunicorn.log"
    gunicorn = start_gunicorn(env, log_path)
    try:
        wait_for_port(port, gunicorn)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/?from=/bookings/{TOKEN}/",
            headers={"Referer": f"https://summit.example.org/tickets/{TOKEN}/"},
        )
        with pytest.raises(urllib.error.HTTPError):  # 503: no tables in this database
            urllib.request.urlopen(request, timeout=30)
    finally:
        stop(gunicorn)

    output = log_path.read_text()
    entries = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    assert {entry["logger"] for entry in entries} >= {
        "gunicorn.error",
        "gunicorn.access",
    }
    [access] = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert "GET /health/?from=/bookings/[secret]/ HTTP/1.1" in access["message"]
    assert " 503 " in access["message"]
    assert "https://summit.example.org/tickets/[secret]/" in access["message"]
    assert TOKEN not in output
