"""Registration questions in Chromium, on a phone and a desktop: a visitor books a
place answering the summit's own question, sees the answer on their ticket and
changes it. Axe checks every step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.choices import QuestionKind
from events.models import Attendee, RegistrationQuestion
from tests.browser.helpers import assert_accessible, sign_in_to_site
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import TicketTypeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Which strand interests you most?"


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def summit(this_years_summit):
    summit = this_years_summit
    TicketTypeFactory(summit=summit, name="Delegate place", capacity=20)
    RegistrationQuestion.objects.create(
        summit=summit,
        label=QUESTION,
        help_text="We use this to size the rooms.",
        kind=QuestionKind.CHOICE,
        choices="Housing\nTransport\nSkills",
        required=True,
    )
    return summit


def test_book_answering_a_question_then_change_the_answer(page, live_server, summit):
    user = VerifiedUserFactory(
        email="ann@example.org", first_name="Ann", last_name="Answer"
    )
    sign_in_to_site(page, user)

    page.goto(f"{summit.url}book/")
    page.get_by_label("Delegate place: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    place = page.get_by_role("group", name="Place 1 of 1: Delegate place")
    place.get_by_label("Full name").fill("Ann Answer")
    place.get_by_label("The person attending agrees").check()
    # Forgetting the required question gets a clear, linked error.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("main")).to_contain_text("Choose an answer.")
    assert_accessible(page)
    strand = page.get_by_role("group", name=re.compile(QUESTION))
    strand.get_by_label("Transport").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")

    attendee = Attendee.objects.get(email="ann@example.org")
    assert attendee.answers.get().value == "Transport"
    assert any(m.to == ["ann@example.org"] for m in mail.outbox)
    page.goto(attendee.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Ticket for Ann Answer")
    expect(page.get_by_role("main")).to_contain_text(QUESTION)
    expect(page.get_by_role("main")).to_contain_text("Transport")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Change details or answers")).click()
    strand = page.get_by_role("group", name=re.compile(QUESTION))
    expect(strand.get_by_label("Transport")).to_be_checked()
    assert_accessible(page)
    strand.get_by_label("Skills").check()
    page.get_by_role("button", name=re.compile("Save")).click()

    expect(page.get_by_role("status")).to_contain_text("Your changes are saved.")
    expect(page.get_by_role("main")).to_contain_text("Skills")
    assert_accessible(page)
    assert attendee.answers.get().value == "Skills"
