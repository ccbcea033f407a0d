"""Feedback after the day in a browser: the morning after the summit the command
emails an attendee their link; they answer on a phone (after a refused first try)
and see the thanks page; an Event manager sees the score on the summit dashboard.
axe checks every page and error state."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from events.choices import SessionType
from events.site_setup import setup_summit_index
from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def ada(site_pages, framework):
    """A place at a summit that ended two days ago, with one workshop booked."""
    summit = SummitPageFactory(
        parent=setup_summit_index(site_pages)[0],
        title="Last week's summit",
        days_ahead=-2,
    )
    workshop = SessionFactory(
        summit=summit,
        title="Bus routes for market towns",
        session_type=SessionType.WORKSHOP,
        at=(11, 0),
    )
    SessionFactory(summit=summit, title="Opening keynote", at=(9, 30))
    place = AttendeeFactory(
        ticket_type=TicketTypeFactory(summit=summit),
        name="Ada Example",
        email="ada@example.org",
    )
    place.workshops.set([workshop])
    return place


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("any_viewport", ["phone"], indirect=True)
def test_an_attendee_answers_and_the_dashboard_shows_the_score(page, ada):
    call_command("send_feedback_surveys")
    (email,) = mail.outbox
    link = re.search(r"/feedback/[\w-]+/", email.body).group()

    page.goto(link)
    expect(heading(page)).to_have_text("How was the summit?")
    expect(page.get_by_role("main")).to_contain_text("Your workshops")
    assert_accessible(page)

    page.get_by_role("button", name="Send your feedback").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose a score for the summit overall.")
    expect(summary).to_contain_text("Say whether you would come again.")
    assert_accessible(page)

    page.get_by_role(
        "group", name="Overall, how would you rate the summit?"
    ).get_by_label("5, excellent").check()
    page.get_by_role("group", name="Bus routes for market towns (11:00)").get_by_label(
        "4"
    ).check()
    page.get_by_role("group", name="Would you come to the summit again?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Anything else you would like to tell us? (optional)").fill(
        "The workshop gave us a plan."
    )
    page.get_by_role("button", name="Send your feedback").click()
    expect(heading(page)).to_have_text("Thank you for your feedback")
    assert_accessible(page)

    page.context.clear_cookies()
    StaffUserFactory(username="test-events", groups=["Event managers"])
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("test-events")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"/admin/summit-dashboard/{ada.summit.pk}/")
    feedback = page.get_by_role("region", name="Feedback")
    expect(feedback).to_contain_text("1 / 1")
    expect(feedback).to_contain_text("5.0 / 5")
    expect(feedback).to_contain_text("The workshop gave us a plan.")
    expect(feedback).to_contain_text("Anonymous")
    expect(feedback).not_to_contain_text("Ada Example")
    assert_accessible(page)
