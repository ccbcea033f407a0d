"""An annual series, end to end (issue 18's "Done when"): an Event manager makes next
year's summit from this year's, adds a registration question to it, edits its
ticket email (preview, test send), publishes it and opens its booking; a visitor
books a free place answering the question, gets the edited ticket email, and sees
the answer on their ticket page. Axe checks every admin form state and public page
on the way."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Attendee, SummitPage
from home.models import EmailText
from tests.browser.helpers import assert_accessible, click_page_action, sign_in_to_admin
from tests.factories.events import TicketTypeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Which strand interests you most?"


@pytest.fixture
def this_year(this_years_summit):
    TicketTypeFactory(
        summit=this_years_summit,
        name="Community place",
        description="For charities and community groups.",
        capacity=40,
    )
    return this_years_summit


def _link(message, pattern, live_server):
    return (
        re.search(pattern, message.body)
        .group(0)
        .replace("http://testserver", live_server.url)
    )


def _create_next_year(page, this_year):
    page.goto(f"/admin/pages/{this_year.pk}/edit/")
    click_page_action(page, "Create next year's summit")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Create next year's summit"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator(".messages")).to_contain_text("is a draft starting")
    expect(page.locator(".messages")).to_contain_text("ticket types: 1")
    return SummitPage.objects.exclude(pk=this_year.pk).get()


def _add_question(page, next_year):
    registration = page.get_by_role("tabpanel", name="Registration")
    page.get_by_role("tab", name="Registration").click()
    assert_accessible(page)
    registration.get_by_role("button", name="Add question").click()
    question = registration.get_by_role("region", name="Question 1")
    question.get_by_role("textbox", name=re.compile(r"^Question")).fill(QUESTION)
    question.get_by_role("combobox", name=re.compile(r"^Kind")).select_option(
        label="One choice from a list"
    )
    question.get_by_role("textbox", name="Choices").fill("Housing\nTransport\nSkills")
    question.get_by_role("checkbox", name="Required").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    assert_accessible(page)
    assert next_year.registration_questions.get().label == QUESTION


def _edit_ticket_email(page, next_year):
    page.goto("/admin/email-texts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email texts")
    assert_accessible(page)
    page.get_by_role("link", name=f"Ticket ({next_year.title})").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit email: Ticket")
    assert_accessible(page)

    page.get_by_label("Subject").fill("Your place at {summit}, {name}")
    page.get_by_label("Main text").fill(
        "Welcome back, {name}: a year on, the work goes on.\n\n"
        "Bring your ambition for the region."
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview, made out to a sample person")
    expect(preview).to_contain_text("Your place at Sample Summit, Alex Sample")
    expect(preview.locator("pre")).to_contain_text("Welcome back, Alex Sample")
    assert_accessible(page)

    page.get_by_role("button", name="Send a test to myself").click()
    expect(page.locator(".messages")).to_contain_text("Sent a test to eve@example.org")
    (test,) = mail.outbox
    assert test.to == ["eve@example.org"]
    assert test.subject == "[Test] Your place at Sample Summit, Alex Sample"
    assert_accessible(page)

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved the text of “Ticket”")
    assert_accessible(page)


def _publish_and_open_booking(page, next_year):
    page.goto(f"/admin/pages/{next_year.pk}/edit/")
    page.get_by_role("tab", name="Registration").click()
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("Registration opens at").fill(opens.strftime("%Y-%m-%d %H:%M"))
    # Close Wagtail's date picker (its own widget, whose arrow buttons have no
    # names: noted, not ours to fix) by clicking away, as a person would.
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)  # it opens a moment after the field is focused
    page.get_by_role("heading", name="Registration questions").click()
    expect(picker).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("has been published")
    assert_accessible(page)
    next_year.refresh_from_db()
    assert next_year.live
    assert next_year.registration_is_open()


def _book_answering(page, live_server, next_year):
    page.goto(next_year.url)
    tickets = page.get_by_role("region", name="Tickets")
    expect(tickets).to_contain_text("Community place")
    expect(tickets).to_contain_text("Registration is open until")
    assert_accessible(page)
    tickets.get_by_role("link", name="Book your place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your tickets")
    assert_accessible(page)
    page.get_by_label("Community place: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    booker = page.get_by_role("group", name="You, the person booking")
    booker.get_by_label("Your full name").fill("Rae Turner")
    booker.get_by_label("Your email address").fill("rae@example.org")
    place = page.get_by_role("group", name="Place 1 of 1: Community place")
    place.get_by_label("Full name").fill("Rae Turner")
    place.get_by_label("Email address").fill("rae@example.org")
    place.get_by_label("The person attending agrees").check()
    question = place.get_by_role("group", name=re.compile(QUESTION))
    expect(question).to_be_visible()
    assert_accessible(page)
    question.get_by_label("Transport").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    request = next(m for m in mail.outbox if m.to == ["rae@example.org"])
    page.goto(_link(request, r"http://testserver/bookings/[\w-]+/", live_server))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Booking SA")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("status").first).to_contain_text("is confirmed")
    assert_accessible(page)


def test_next_years_summit_from_this_years_to_a_booking(
    page, live_server, this_year, event_manager
):
    sign_in_to_admin(page, event_manager.username)
    next_year = _create_next_year(page, this_year)
    assert not next_year.live
    _add_question(page, next_year)
    _edit_ticket_email(page, next_year)
    _publish_and_open_booking(page, next_year)
    page.context.clear_cookies()

    mail.outbox.clear()
    _book_answering(page, live_server, next_year)

    attendee = Attendee.objects.get(email="rae@example.org")
    assert attendee.summit_id == next_year.pk
    assert attendee.answers.get().value == "Transport"
    ticket = next(m for m in mail.outbox if m.subject.startswith("Your place at"))
    assert ticket.to == ["rae@example.org"]
    assert ticket.subject == f"Your place at {next_year.title}, Rae Turner"
    assert (
        "Welcome back, Rae Turner: a year on, the work goes on.\n\n"
        "Bring your ambition for the region." in ticket.body
    )
    assert "Bring your ambition for the region." in ticket.alternatives[0][0]
    # This year's summit is as it was: no question, the wording the code ships.
    assert not this_year.registration_questions.exists()
    assert not EmailText.objects.filter(page=this_year).exists()

    page.goto(_link(ticket, r"http://testserver/tickets/[\w-]+/", live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ticket for Rae Turner")
    expect(page.get_by_role("main")).to_contain_text(QUESTION)
    expect(page.get_by_role("main")).to_contain_text("Transport")
    assert_accessible(page)
