"""Emailing attendees in a browser: an Event manager chooses who an email goes to,
previews it (with how many it reaches), sends a test to themselves, then sends it,
and opens the send log; axe checks each step, the error state included."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.site_setup import setup_summit_index
from signatories.choices import District
from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.events import AttendeeFactory, SummitPageFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def summit(site_pages, framework):
    return SummitPageFactory(
        parent=setup_summit_index(site_pages)[0], title="This year's summit"
    )


def _messages_shown(page):
    """Wait for Wagtail's message to finish fading in (axe measures its contrast)."""
    page.locator(".messages").evaluate(
        "el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))"
    )


def test_choose_preview_test_send_and_log(page, summit):
    delegate = TicketTypeFactory(summit=summit, name="Delegate place", capacity=50)
    speaker = TicketTypeFactory(summit=summit, name="Speaker place", capacity=10)
    AttendeeFactory(
        ticket_type=delegate,
        name="Ada Fenland",
        email="ada@example.org",
        district=District.FENLAND,
    )
    AttendeeFactory(
        ticket_type=delegate, name="Ben Cambridge", district=District.CAMBRIDGE
    )
    AttendeeFactory(ticket_type=speaker, name="Cat Speaker", district=District.FENLAND)
    StaffUserFactory(
        username="test-manager", email="manager@example.org", groups=["Event managers"]
    )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("test-manager")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"/admin/summit-dashboard/{summit.pk}/email/")
    assert_accessible(page)
    page.get_by_label("Delegate place").check()
    page.get_by_label("Fenland").check()
    page.get_by_label("Subject").fill("Parking at the venue")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("main")).to_contain_text("Write the message.")
    assert_accessible(page)  # the error state

    page.get_by_label("Message").fill("The car park opens at 8:00.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("main")).to_contain_text("This goes to 1 person.")
    expect(page.get_by_role("main")).to_contain_text("Hello Sample Person,")
    assert_accessible(page)

    page.get_by_role("button", name="Send a test to myself").click()
    expect(page.locator(".messages")).to_contain_text(
        "A test was sent to manager@example.org"
    )
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]
    assert mail.outbox[0].subject == "[Test] Parking at the venue"
    _messages_shown(page)
    assert_accessible(page)

    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.locator(".messages")).to_contain_text("The email is being sent")
    page.get_by_role("link", name="Parking at the venue").click()
    expect(page.get_by_role("main")).to_contain_text("Areas: Fenland")
    recipients = page.get_by_role("region", name="Recipients")
    expect(recipients).to_contain_text("Ada Fenland")
    expect(recipients).not_to_contain_text("Cat Speaker")
    assert_accessible(page)
