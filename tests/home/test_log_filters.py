"""Secret links never reach the logs: a 404 for a ticket link is logged with the
token redacted, and so is a gunicorn access-log line."""

import logging

import pytest

from home.log_filters import RedactSecretLinks, redact

TOKEN = "Zx9_aQ7rT2mK4pL8vN1bC6dE"


@pytest.mark.parametrize(
    "path",
    [
        f"/tickets/{TOKEN}/",
        f"/tickets/{TOKEN}/transfer/",
        f"/tickets/claim/{TOKEN}/",
        f"/tickets/feed/{TOKEN}/",
        f"/tickets/waiting-list/{TOKEN}/",
        f"/signatories/confirm/{TOKEN}:1abc:xyz/",
        f"/signatories/manage/{TOKEN}/update/",
        f"/accounts/confirm-email/{TOKEN}/",
        f"/accounts/password/reset/key/{TOKEN}-set-password/",
    ],
)
def test_secret_links_are_redacted(path):
    assert TOKEN not in redact(f'"GET {path} HTTP/1.1" 200')
    assert "[secret]" in redact(path)


@pytest.mark.parametrize(
    "path", ["/tickets/find/", "/signatories/manage/link-sent/", "/stories/a-story/"]
)
def test_ordinary_addresses_are_left_alone(path):
    assert redact(path) == path


def test_a_404_for_a_ticket_link_is_logged_without_its_token(client, db, caplog):
    caplog.handler.addFilter(RedactSecretLinks())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/tickets/{TOKEN}/")

    assert "Not Found" in caplog.text
    assert TOKEN not in caplog.text


def test_a_gunicorn_access_line_is_redacted():
    """gunicorn logs access lines with a dict of atoms as the record's args."""
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s" %(s)s',
        {"h": "1.2.3.4", "r": f"GET /tickets/{TOKEN}/ HTTP/1.1", "s": "200"},
        None,
    )

    RedactSecretLinks().filter(record)

    assert TOKEN not in record.getMessage()
    assert "GET /tickets/[secret]/ HTTP/1.1" in record.getMessage()
