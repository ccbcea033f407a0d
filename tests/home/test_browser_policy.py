"""The browser policy (home/browser_policy.py): a strict Content-Security-Policy on
public pages, kept ones included, report-only on the admin; Permissions-Policy,
Referrer-Policy and Cross-Origin-Opener-Policy everywhere; and the endpoint that
logs violations without personal data or errors."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.urls import reverse

from home.browser_policy import REPORT_PATH, media_origins, public_directives
from tests.factories.accounts import StaffUserFactory
from tests.fuzz.hostile import JSON_BODIES


def directives(header):
    """{"script-src": ["'self'"], ...} from a policy header."""
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(policy):
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'self'" in policy["form-action"]
    assert policy["report-uri"] == [REPORT_PATH]
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    for values in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(values)
        assert not any(value.startswith("'nonce-") for value in values)


def assert_other_policies(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "()"
    assert features["microphone"] == "()"
    assert features["geolocation"] == "()"
    assert features["payment"] == "()"
    assert features["fullscreen"].startswith("(self ")


def test_a_public_page_enforces_a_strict_policy(client, site_pages):
    response = client.get("/privacy/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert_strict(policy)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]  # card payments are off
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["Reporting-Endpoints"] == f'csp="{REPORT_PATH}"'
    assert_other_policies(response)


def test_public_pages_have_no_inline_script_or_style(client, site_pages):
    html = client.get("/").text + client.get("/privacy/").text

    assert "<style" not in html
    assert " style=" not in html
    assert "<script>" not in html
    assert "<script src=" in html


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(
    r"<style|\sstyle=|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=|javascript:", re.I
)


def test_no_template_has_inline_script_or_style():
    """The policy refuses inline script and style: every template keeps its CSS and
    JavaScript in static files (data for a script goes in data- attributes or
    json_script, whose JSON block is not run). Emails are the exception for style
    alone: mail programs read only inline CSS, and no page serves them."""
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
        if not (_is_email(path) and "style" in match.group(0).lower())
    ]

    assert not found, found


def _is_email(template):
    return bool({"email", "emails"} & set(template.relative_to(TEMPLATES).parts[:-1]))


def test_a_kept_page_gets_the_same_policy_and_no_nonce(client, site_pages, settings):
    settings.PAGE_CACHE = True
    first = client.get("/privacy/")
    # The first visits also fill the caches the header and footer come from.
    visits = [client.get("/privacy/") for _ in range(2)]
    kept = visits[-1]

    assert kept["X-Page-Cache"] == "hit"
    assert kept["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_strict(directives(kept["Content-Security-Policy"]))
    assert_other_policies(kept)


def test_card_payments_allow_the_redirect_to_stripe_checkout(
    client, site_pages, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    settings.STRIPE_API_BASE = "https://api.stripe.com"

    policy = directives(client.get("/").headers["Content-Security-Policy"])

    # Browsers check form-action on each redirect after a form is sent: the
    # booking's form post answers 303 to Checkout.
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"]


def test_the_admin_gets_the_policy_report_only(client, site_pages):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    policy = directives(response["Content-Security-Policy-Report-Only"])
    assert_strict({**policy, "frame-src": policy["frame-src"][1:]})
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's preview panel
    assert_other_policies(response)


@pytest.mark.parametrize(
    ("options", "origins"),
    [
        (None, []),
        (
            {"bucket_name": "m", "custom_domain": "media.example.org"},
            ["https://media.example.org"],
        ),
        (
            {"bucket_name": "m", "endpoint_url": "https://objects.example.net/x"},
            ["https://objects.example.net"],
        ),
        (
            {
                "bucket_name": "m",
                "endpoint_url": "https://objects.example.net",
                "addressing_style": "virtual",
            },
            ["https://m.objects.example.net"],
        ),
        (
            {"bucket_name": "m", "region_name": "eu-west-2"},
            [
                "https://m.s3.amazonaws.com",
                "https://m.s3.eu-west-2.amazonaws.com",
                "https://s3.eu-west-2.amazonaws.com",
            ],
        ),
    ],
)
def test_media_in_a_bucket_are_allowed_as_images(options, origins):
    assert media_origins(options) == origins


def test_the_policy_allows_images_from_the_media_bucket():
    policy = public_directives(
        media=media_origins({"bucket_name": "m", "custom_domain": "cdn.example.org"})
    )

    assert policy["img-src"] == ["'self'", "data:", "https://cdn.example.org"]


def _report(client, body, content_type="application/csp-report"):
    return client.post(
        REPORT_PATH,
        body if isinstance(body, (bytes, str)) else json.dumps(body),
        content_type=content_type,
    )


@pytest.mark.parametrize(
    "body", [body for _name, body in JSON_BODIES], ids=[name for name, _ in JSON_BODIES]
)
@pytest.mark.parametrize("content_type", ["application/csp-report", "text/plain"])
def test_hostile_reports_are_answered_204(client, db, body, content_type):
    # The fuzz plan leaves this address out (tests/fuzz/targets.py): it answers
    # every body the same, so hostile bodies are sent here.
    assert _report(client, body, content_type).status_code == 204


@pytest.mark.parametrize(
    "field, value",
    [
        ("blocked-uri", '"http://[::1"'),
        ("document-uri", '"http://[bad/"'),
        ("document-uri", '"/\\u0000/%00"'),
        ("source-file", '"https://[x"'),
        ("line-number", "1" * 5000),  # too long for Python to print
        ("effective-directive", '["script-src"]'),
        ("blocked-uri", '{"a": 1}'),
    ],
    ids=lambda value: value[:20],
)
def test_reports_with_hostile_values_are_answered_204(client, db, field, value):
    report = {
        "effective-directive": '"script-src"',
        "blocked-uri": '"inline"',
        "document-uri": '"http://testserver/"',
        "source-file": '"http://testserver/static/js/site.js"',
        "line-number": "3",
        field: value,
    }
    fields = ", ".join(f'"{name}": {text}' for name, text in report.items())

    assert _report(client, '{"csp-report": {' + fields + "}}").status_code == 204


def test_a_violation_is_logged_without_addresses_or_people(client, db, caplog):
    caplog.set_level(logging.WARNING, logger="home.browser_policy")

    response = _report(
        client,
        {
            "csp-report": {
                "document-uri": "http://testserver/bookings/secret-token-abc/?email=a@b.c",
                "effective-directive": "script-src-elem",
                "blocked-uri": "https://evil.example/x.js?user=ada@example.org",
                "disposition": "enforce",
                "source-file": "http://testserver/static/js/site.js?v=1",
                "line-number": 12,
            }
        },
    )

    assert response.status_code == 204
    [record] = caplog.records
    line = record.getMessage()
    assert "script-src-elem" in line
    assert "https://evil.example" in line
    assert "/static/js/site.js line 12" in line
    for secret in ("secret-token-abc", "ada@example.org", "a@b.c", "x.js", "?"):
        assert secret not in line


def test_reports_from_the_reporting_api_are_read(client, db, caplog):
    caplog.set_level(logging.INFO, logger="home.browser_policy")

    response = _report(
        client,
        [
            {
                "type": "csp-violation",
                "url": "http://testserver/admin/pages/",
                "body": {
                    "documentURL": "http://testserver/admin/pages/",
                    "effectiveDirective": "style-src-attr",
                    "blockedURL": "inline",
                    "disposition": "report",
                },
            }
        ],
        content_type="application/reports+json",
    )

    assert response.status_code == 204
    [record] = caplog.records
    assert "(report-only) blocked style-src-attr: inline on /admin/" in (
        record.getMessage()
    )
    assert record.levelno == logging.INFO  # the admin's known inline scripts


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2, {}]",
        b'{"csp-report": "x"}',
        b'{"csp-report": {"line-number": {}, "effective-directive": ["a"]}}',
        json.dumps([{"type": "csp-violation", "body": []}]).encode(),
        b"{" * 100_000,
    ],
)
def test_anything_posted_is_answered_without_an_error(client, db, body):
    assert _report(client, body).status_code == 204


def test_reports_are_rate_limited_and_only_posted(client, db, settings, caplog):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "csp-report": (2, 60)}
    report = {"csp-report": {"effective-directive": "img-src", "blocked-uri": "data"}}

    answers = [_report(client, report).status_code for _ in range(3)]

    assert answers == [204, 204, 429]
    assert len(caplog.records) == 2
    assert client.get(REPORT_PATH).status_code == 405
    assert reverse("csp_report") == REPORT_PATH
