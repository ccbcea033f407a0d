"""A member of the door staff, on a phone and on a desktop, meets two-step
verification: sent from the door page to set up an authenticator app (password
again, QR code with its key as text, a code), shown the recovery codes, back to the
door; then signs in again with password and code. Axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from home.demo import DEMO_PASSWORD
from tests.browser.helpers import assert_accessible
from tests.factories.accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOOR_STAFF = "checkin@example.org"


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


def _sign_in_with_password(page):
    page.get_by_label("Email").fill(DOOR_STAFF)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_door_staff_set_up_an_authenticator_app_then_sign_in_with_a_code(
    page, site_pages, framework, settings, violations
):
    settings.STAFF_MFA_REQUIRED = True

    page.goto("/checkin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("#staff-mfa-relaxed")).to_have_count(0)
    assert_accessible(page)
    _sign_in_with_password(page)

    # allauth asks for the password again before a second factor is added.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    assert_accessible(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up two-step verification"
    )
    expect(page.get_by_role("img", name=re.compile("QR code to scan"))).to_be_visible()
    secret = page.locator("#authenticator_secret").inner_text().split(":")[-1].strip()
    assert_accessible(page)
    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    code.fill("000000")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(code).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.get_by_role("list", name="Unused recovery codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page).to_have_url(re.compile(r"/checkin/$"))
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/checkin/")
    _sign_in_with_password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/checkin/$"))
    # The QR code is a data: image, which the policy allows on these pages.
    assert not violations, violations


def test_the_demo_says_staff_sign_in_without_a_second_step(page, site_pages, framework):
    page.goto("/accounts/login/")

    expect(page.locator("#staff-mfa-relaxed")).to_contain_text(
        "Two-step verification is off for staff"
    )
    assert_accessible(page)
