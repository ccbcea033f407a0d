"""Staff two-step verification (home/staff_mfa.py): staff reach the admin and the
door only with a second factor used this session; everyone else is never asked; a
superuser resets a lost factor, in Wagtail's audit log; the demo's relaxed setting."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Permission
from wagtail.models import ModelLogEntry

from home.staff_mfa import RESET_ACTION
from tests.factories import StaffUserFactory, VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD, totp_code

ROOT = Path(__file__).resolve().parents[2]
ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def _secret_of(user):
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(totp.data["secret"])


def _with_authenticator(user):
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


def _confirm_password(client):
    """allauth asks for the password again before an authenticator is added."""
    asked = client.get(ACTIVATE)
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    confirmed = client.post(asked["Location"], {"password": DEFAULT_PASSWORD})
    assert confirmed["Location"] == ACTIVATE


def _sign_in(client, user):
    """Email and password through allauth's sign-in form, as people sign in."""
    return client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db, mfa_required):
    editor = StaffUserFactory(groups=["Editors"])
    _sign_in(client, editor)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    assert client.session["staff_mfa_next"] == "/admin/pages/"


@pytest.mark.parametrize("path", ["/checkin/", "/admin/"])
def test_check_in_staff_without_a_second_factor_reach_neither_door_nor_admin(
    client, db, mfa_required, path
):
    door_staff = VerifiedUserFactory(groups=["Check-in staff"])
    client.force_login(door_staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_the_doors_json_refuses_staff_without_a_second_factor(client, db, mfa_required):
    client.force_login(VerifiedUserFactory(groups=["Check-in staff"]))

    response = client.post(
        "/checkin/1/check-in/",
        {"reference": "ABC"},
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 403
    assert "two-step verification" in response.json()["error"]
    # A refused call is no page to come back to after setting up.
    assert "staff_mfa_next" not in client.session


def test_a_stolen_password_cannot_turn_a_staff_members_second_factor_off(
    client, db, mfa_required
):
    # Wagtail's own sign-in form takes the password alone.
    door_staff = _with_authenticator(VerifiedUserFactory(groups=["Check-in staff"]))
    client.post(
        "/admin/login/", {"username": door_staff.username, "password": DEFAULT_PASSWORD}
    )
    assert client.session["_auth_user_id"] == str(door_staff.pk)

    # Every account page asks for a code first: turning the app off, new recovery
    # codes, the password, the email address.
    for path in (
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/password/change/",
        "/accounts/email/",
    ):
        for method in (client.get, client.post):
            asked = method(path)
            assert asked.status_code == 302, path
            assert asked["Location"].startswith(REAUTHENTICATE), path
    assert Authenticator.objects.filter(user=door_staff).count() == 2


def test_staff_cannot_turn_their_second_factor_off_themselves(client, db, mfa_required):
    editor = _with_authenticator(VerifiedUserFactory(groups=["Editors"]))
    _sign_in(client, editor)
    client.post(AUTHENTICATE, {"code": totp_code(_secret_of(editor))})

    asked = client.post("/accounts/2fa/totp/deactivate/")
    # allauth asks for the password again first.
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": DEFAULT_PASSWORD})
    refused = client.post("/accounts/2fa/totp/deactivate/")

    assert refused.status_code == 200  # the form, with its error
    assert Authenticator.objects.filter(user=editor, type="totp").exists()


def test_a_permission_of_ones_own_makes_one_staff(client, db, mfa_required):
    helper = VerifiedUserFactory()
    helper.user_permissions.add(Permission.objects.get(codename="check_in_attendee"))
    client.force_login(helper)

    assert client.get("/checkin/")["Location"] == ACTIVATE


# Committed as a real request commits: allauth announces a new authenticator (which
# home.staff_mfa counts as this session's second factor) once its transaction ends.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_totp_returns_staff_to_the_admin_and_then_they_sign_in_with_a_code(
    client, mfa_required
):
    editor = StaffUserFactory(groups=["Editors"])
    _sign_in(client, editor)
    assert client.get("/admin/")["Location"] == ACTIVATE
    _confirm_password(client)

    form_page = client.get(ACTIVATE)
    page = form_page.content.decode()
    secret = form_page.context["form"].secret
    assert secret in page  # the key as text, for people who can't scan the QR code
    assert 'alt="QR code to scan with your authenticator app' in page
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page

    activated = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert activated["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get(activated["Location"]).content.decode()
    assert '<a class="button" href="/admin/">I have kept my codes' in codes_page
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    assert _sign_in(client, editor)["Location"] == AUTHENTICATE
    assert client.get("/admin/").status_code == 302  # not signed in yet
    signed_in = client.post(AUTHENTICATE, {"code": totp_code(_secret_of(editor))})

    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    # No door rights: refused, but asked for nothing more.
    assert client.get("/checkin/").status_code == 403


def test_a_wrong_code_is_refused_with_the_error_tied_to_the_field(
    client, db, mfa_required
):
    editor = _with_authenticator(StaffUserFactory(groups=["Editors"]))
    _sign_in(client, editor)

    response = client.post(AUTHENTICATE, {"code": "000000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code_error"' in page
    assert 'aria-describedby="id_code_helptext id_code_error"' in page
    assert 'aria-invalid="true"' in page
    assert '<a href="#id_code">' in page  # the error summary links to the field


def test_staff_signed_in_without_their_second_factor_must_give_a_code(
    client, db, mfa_required
):
    # Wagtail's own sign-in form has no second step.
    door_staff = _with_authenticator(VerifiedUserFactory(groups=["Check-in staff"]))
    client.post(
        "/admin/login/", {"username": door_staff.username, "password": DEFAULT_PASSWORD}
    )
    assert client.session["_auth_user_id"] == str(door_staff.pk)

    refused = client.get("/checkin/")

    assert refused["Location"] == f"{REAUTHENTICATE}?next=%2Fcheckin%2F"
    confirmed = client.post(
        f"{REAUTHENTICATE}?next=/checkin/", {"code": totp_code(_secret_of(door_staff))}
    )
    assert confirmed["Location"] == "/checkin/"
    assert client.get("/checkin/").status_code == 200


def test_superusers_need_a_second_factor_too(client, db, mfa_required):
    admin = VerifiedUserFactory(is_superuser=True)
    client.force_login(admin)

    assert client.get("/admin/users/")["Location"] == ACTIVATE


def test_people_who_are_not_staff_are_never_asked(client, db, mfa_required):
    member = VerifiedUserFactory()

    signed_in = _sign_in(client, member)

    assert signed_in["Location"] == "/"
    assert client.get("/accounts/email/").status_code == 200
    assert "2fa" not in client.get("/admin/").get("Location", "")
    assert client.get("/checkin/").status_code == 403


def test_anyone_may_turn_on_two_step_verification_from_their_account(client, db):
    member = VerifiedUserFactory()
    _sign_in(client, member)

    account = client.get("/accounts/email/").content.decode()
    assert 'href="/accounts/2fa/">Two-step verification</a>' in account
    _confirm_password(client)
    form_page = client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": totp_code(form_page.context["form"].secret)})

    assert Authenticator.objects.filter(user=member).count() == 2  # app and codes
    client.post("/accounts/logout/")
    assert _sign_in(client, member)["Location"] == AUTHENTICATE


def test_a_superuser_resets_a_lost_second_factor_and_the_audit_log_says_who(client, db):
    admin = StaffUserFactory(is_superuser=True)
    editor = _with_authenticator(StaffUserFactory(groups=["Editors"]))
    client.force_login(admin)
    url = f"/admin/users/{editor.pk}/reset-second-factor/"

    listing = client.get("/admin/users/").content.decode()
    confirm = client.get(url).content.decode()
    response = client.post(url)

    assert url in listing
    assert "removes" in confirm
    assert response["Location"] == f"/admin/users/edit/{editor.pk}/"
    assert not Authenticator.objects.filter(user=editor).exists()
    entry = ModelLogEntry.objects.get(action=RESET_ACTION)
    assert (entry.user, entry.object_id) == (admin, str(editor.pk))
    assert entry.data == {"removed": 2}
    history = client.get(f"/admin/users/history/{editor.pk}/").content.decode()
    assert "Reset two-step verification" in history


def test_only_superusers_may_reset_a_second_factor(client, db):
    manager = StaffUserFactory(groups=["Event managers"])
    editor = _with_authenticator(StaffUserFactory(groups=["Editors"]))
    client.force_login(manager)

    url = f"/admin/users/{editor.pk}/reset-second-factor/"
    looked, reset = client.get(url), client.post(url)

    # Wagtail answers a refusal in the admin by sending them to its dashboard.
    assert (looked.status_code, looked["Location"]) == (302, "/admin/")
    assert (reset.status_code, reset["Location"]) == (302, "/admin/")
    assert Authenticator.objects.filter(user=editor).count() == 2
    assert not ModelLogEntry.objects.filter(action=RESET_ACTION).exists()


def test_relaxed_for_the_demo_staff_sign_in_with_a_password_and_are_told(client, db):
    editor = StaffUserFactory(groups=["Editors"])

    login_page = client.get("/accounts/login/").content.decode()
    _sign_in(client, editor)

    assert "Two-step verification is off for staff on this site" in login_page
    assert client.get("/admin/").status_code == 200
    assert not Authenticator.objects.filter(user=editor).exists()


def test_the_sign_in_page_says_nothing_when_staff_need_it(client, db, mfa_required):
    login_page = client.get("/accounts/login/").content.decode()

    assert "Two-step verification is off" not in login_page


def test_a_code_used_once_cannot_sign_in_again(client, db, mfa_required):
    editor = _with_authenticator(StaffUserFactory(groups=["Editors"]))
    code = totp_code(_secret_of(editor))
    _sign_in(client, editor)
    client.post(AUTHENTICATE, {"code": code})
    client.post("/accounts/logout/")

    _sign_in(client, editor)
    again = client.post(AUTHENTICATE, {"code": code})

    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "settings_module, environment, required",
    [
        ("dev", {}, "False"),
        ("dev", {"STAFF_MFA_REQUIRED": "on"}, "True"),
        ("production", {}, "True"),
        ("production", {"STAFF_MFA_REQUIRED": "off"}, "False"),
    ],
)
def test_production_requires_it_and_make_runs_demo_relaxes_it(
    settings_module, environment, required
):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"STAFF_MFA_REQUIRED", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        SECRET_KEY="x7#kq" * 12,
        ALLOWED_HOSTS="summit.example.org",
        SITE_URL="https://summit.example.org",
        **environment,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import site_config.settings.{settings_module} as s;"
            " print(s.STAFF_MFA_REQUIRED)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == required, result.stderr
