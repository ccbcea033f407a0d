"""Sentry is optional (only with `SENTRY_DSN`) and sends no personal data: checked
on `before_send` and on the options the settings start it with; nothing is sent
anywhere."""

import json

from home.sentry import before_send
from tests.deploy.production_env import production_env, run_python

TOKEN = "Zx9_aQ7rT2mK4pL8vN1bC6dE"


def event():
    return {
        "level": "error",
        "message": "Refund failed for ada.lovelace@example.org",
        "user": {"id": 7, "email": "ada.lovelace@example.org", "ip_address": "1.2.3.4"},
        "request": {
            "url": f"https://summit.example.org/tickets/{TOKEN}/cancel/",
            "method": "POST",
            "query_string": "email=grace%40example.org&next=/bookings/" + TOKEN + "/",
            "cookies": {"sessionid": "abc"},
            "data": {"full_name": "Ada Lovelace"},
            "headers": {
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer xyz",
                "X-Csrftoken": "t0k3n",
                "User-Agent": "Firefox",
            },
            "env": {"REMOTE_ADDR": "1.2.3.4"},
        },
        "exception": {
            "values": [
                {
                    "type": "RefundError",
                    "value": "No refund for grace@example.org",
                    "stacktrace": {"frames": [{"function": "refund", "lineno": 3}]},
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "django.request",
                    "message": f"Not Found: /signatories/manage/{TOKEN}/",
                }
            ]
        },
        "extra": {"stripe_secret_key": "sk_live_123", "attempt": 2},
    }


def test_before_send_keeps_people_and_secrets_out_of_the_report():
    scrubbed = before_send(event(), hint={})
    text = json.dumps(scrubbed)

    for secret in [
        "ada.lovelace",
        "grace",
        "Ada Lovelace",
        TOKEN,
        "sessionid",
        "Bearer xyz",
        "t0k3n",
        "1.2.3.4",
        "sk_live_123",
    ]:
        assert secret not in text, secret
    assert "user" not in scrubbed
    assert scrubbed["request"]["url"].endswith("/tickets/[secret]/cancel/")
    assert scrubbed["request"]["headers"]["User-Agent"] == "Firefox"
    assert scrubbed["extra"]["attempt"] == 2
    frame = scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert frame == {"function": "refund", "lineno": 3}


def test_header_pairs_are_scrubbed_by_name():
    scrubbed = before_send(
        {"request": {"headers": [["Cookie", "a=b"], ["Accept", "text/html"]]}}, {}
    )

    assert scrubbed["request"]["headers"] == [
        ["Cookie", "[Filtered]"],
        ["Accept", "text/html"],
    ]


SENTRY_SCRIPT = """
import json
import django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
options = client.options
hook = options["before_send"]
print(json.dumps({
    "active": client.is_active(),
    "send_default_pii": options["send_default_pii"],
    "include_local_variables": options["include_local_variables"],
    "max_request_body_size": options["max_request_body_size"],
    "before_send": hook and f"{hook.__module__}.{hook.__qualname__}",
    "environment": options["environment"],
    "release": options["release"],
}))
"""


def run_settings(tmp_path, **env):
    result = run_python(
        SENTRY_SCRIPT,
        production_env(
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", VAR_DIR=tmp_path, **env
        ),
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_starts_only_with_a_dsn_and_without_personal_data(tmp_path):
    assert run_settings(tmp_path)["active"] is False  # no DSN: not started

    options = run_settings(
        tmp_path,
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="abc123",
    )

    assert options == {
        "active": True,
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": "home.sentry.before_send",
        "environment": "staging",
        "release": "abc123",
    }
