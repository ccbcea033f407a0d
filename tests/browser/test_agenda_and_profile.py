"""A holder stars two clashing sessions and sees the clash; a speaker edits their
profile, an editor approves it and the public page shows it. axe on every page, on
a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from speakers import self_service
from speakers.models import Speaker
from tests.browser.helpers import assert_accessible
from tests.browser.test_events import summit  # noqa: F401
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.events import AttendeeFactory, SessionFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


def test_star_two_clashing_sessions_and_see_the_clash(page, summit):  # noqa: F811
    SessionFactory(summit=summit, title="Rivers and flooding", at=(16, 0))
    SessionFactory(summit=summit, title="Village buses", at=(16, 30))
    place = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))

    page.goto(f"/tickets/{place.manage_token}/")
    page.get_by_role("link", name="Your agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your agenda")
    assert_accessible(page)
    page.get_by_role("button", name="Star “Rivers and flooding” for my agenda").click()
    page.get_by_role("button", name="Star “Village buses” for my agenda").click()

    agenda = page.locator(".agenda")
    expect(agenda).to_contain_text("Clash: overlaps “Village buses”")
    expect(agenda).to_contain_text("Clash: overlaps “Rivers and flooding”")
    # Each starred session's button is pressed on the agenda and in the programme.
    expect(page.locator("button[aria-pressed=true]")).to_have_count(4)
    assert_accessible(page)


def test_speaker_edits_profile_and_editor_approves(page, summit):  # noqa: F811
    user = VerifiedUserFactory(email="ada@example.org")
    ada = Speaker.objects.get(slug="ada-example")
    self_service.link_speaker_to_user(speaker=ada, user=user)

    _sign_in(page, "ada@example.org")
    page.goto("/accounts/speaker-profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My speaker profile")
    assert_accessible(page)
    page.get_by_label("Job title").fill("Chief Executive of Tests")
    page.get_by_label("Link 1").fill("http://insecure.example.org/")
    page.get_by_role("button", name="Send changes for approval").click()
    expect(page.locator(".error-summary")).to_contain_text("https://")
    assert_accessible(page)
    page.get_by_label("Link 1").fill("https://ada.example.org/")
    page.get_by_role("button", name="Send changes for approval").click()
    expect(page.get_by_role("main")).to_contain_text("Waiting for approval")
    assert_accessible(page)

    page.goto("/summit/speakers/ada-example/")
    expect(page.get_by_role("main")).not_to_contain_text("Chief Executive of Tests")

    page.context.clear_cookies()
    StaffUserFactory(username="test-manager", groups=["Event managers"])
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("test-manager")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/speaker-changes/?status=pending")
    assert_accessible(page)
    page.get_by_role("link", name="Ada Example").first.click()
    expect(page.get_by_role("main")).to_contain_text("Chief Executive of Tests")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Approve").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve").click()
    expect(page.locator(".messages")).to_contain_text("profile is updated")

    page.context.clear_cookies()
    page.goto("/summit/speakers/ada-example/")
    expect(page.get_by_role("main")).to_contain_text("Chief Executive of Tests")
    assert_accessible(page)
