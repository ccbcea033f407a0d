"""A person asks for their data by email, reads it, and erases it: every page and
error state accessible, on a phone and a desktop."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Attendee
from tests.browser.helpers import assert_accessible
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
EMAIL = "nguyen.thi.lan@example.org"


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def past_place(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages)
    summit = SummitPageFactory(parent=index, days_ahead=-400)
    return AttendeeFactory(
        ticket_type=TicketTypeFactory(summit=summit),
        name="Nguyễn Thị Lan",
        email=EMAIL,
        dietary_requirements="Halal",
    )


def test_a_person_gets_a_link_reads_and_erases_their_data(page, past_place):
    page.goto("/your-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "See the data we hold about you"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Email me the link").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    assert_accessible(page)

    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_role("button", name="Email me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    link = re.search(r"http://testserver(/your-data/\S+/)", mail.outbox[-1].body)
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The data we hold about you"
    )
    expect(page.get_by_role("main")).to_contain_text("Nguyễn Thị Lan")
    expect(page.get_by_role("main")).to_contain_text("Halal")
    assert_accessible(page)

    page.get_by_role("button", name="Erase my data").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    assert_accessible(page)

    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Erase my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your data has been erased"
    )
    assert_accessible(page)
    assert Attendee.objects.get().name == "(anonymised)"
