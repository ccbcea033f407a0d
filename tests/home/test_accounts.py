"""Account journeys a browser test doesn't cover: email change, emails' wording and
allauth's rate limits."""

import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import StaffUserFactory, VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD


def _link(message, path):
    return re.search(rf"https?://\S+{path}\S+/", message.body).group(0)


def test_changing_email_confirms_the_new_address_before_using_it(client, db):
    user = VerifiedUserFactory(email="old@example.org")
    client.force_login(user)

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new@example.org"}
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "Confirm your email address" in message.body
    user.refresh_from_db()
    assert user.email == "old@example.org"

    confirm = _link(message, "/accounts/confirm-email/").split("testserver")[1]
    client.post(confirm)

    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert EmailAddress.objects.get(user=user, primary=True).email == "new@example.org"


def test_password_reset_email_speaks_for_the_site_and_names_no_username(client, db):
    VerifiedUserFactory(email="forgetful@example.org", username="a1b2c3")

    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})

    [message] = mail.outbox
    assert message.subject.startswith("[Shared Ambition]")
    assert "The Shared Ambition Summit team" in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "a1b2c3" not in message.body
    assert "testserver!" not in message.body


def test_repeated_failed_sign_ins_are_throttled(client, db):
    VerifiedUserFactory(email="target@example.org")
    attempt = {"login": "target@example.org", "password": "wrong-guess"}

    statuses = [client.post("/accounts/login/", attempt).status_code for _ in range(5)]
    blocked = client.post("/accounts/login/", {**attempt, "password": DEFAULT_PASSWORD})

    assert set(statuses) == {200}
    # allauth answers on the form itself, and even the right password is refused.
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url, group",
    [("/accounts/logout/", "Check-in staff"), ("/admin/logout/", "Event managers")],
)
def test_signing_out_clears_the_browsers_storage(client, db, url, group):
    # The door page keeps a summit's ticket list in the device's storage.
    client.force_login(StaffUserFactory(groups=[group]))
    assert "Clear-Site-Data" not in client.get("/accounts/email/").headers

    response = client.post(url)

    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_one_clients_failed_sign_ins_never_lock_out_another(
    client, db, settings
):
    """Everyone arrives from the proxy's address; the limits count the address the
    proxy forwards, so an attacker failing again and again only locks out
    themselves (and the accounts they guess at), never the staff signing in."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    VerifiedUserFactory(email="staff@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    attacker = [
        client.post(
            "/accounts/login/",
            {"login": f"guess{number}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        ).text
        for number in range(25)
    ]
    staff = client.post(
        "/accounts/login/",
        {"login": "staff@example.org", "password": DEFAULT_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )

    # The attacker's own address is throttled (allauth says so on the form).
    assert "Too many failed login attempts" in attacker[-1]
    assert staff.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_forwarded_header_that_skipped_our_proxies_is_refused(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2

    response = client.post(
        "/accounts/login/",
        {"login": "a@example.org", "password": "x"},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )

    assert response.status_code == 400


def test_allauth_counts_behind_the_same_proxies_as_our_limits():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        env={**os.environ, "TRUSTED_PROXY_COUNT": "2"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["2", "2"]
