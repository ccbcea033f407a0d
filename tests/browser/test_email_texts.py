"""Editable email texts in Chromium: an Event manager edits a summit's ticket
email, previews it made out to the sample person, sends a test to themselves and
saves; then a visitor books and gets the edited subject and text. Axe checks
every admin page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, sign_in_to_admin, sign_in_to_site
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import AccessCodeFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def summit(this_years_summit):
    summit = this_years_summit
    TicketTypeFactory(summit=summit, name="Delegate place", price=9500, capacity=5)
    AccessCodeFactory(summit=summit, code="PARTNER-2026")
    return summit


def test_an_edited_ticket_email_reaches_the_next_booking(page, summit, event_manager):
    sign_in_to_admin(page, event_manager.username)
    page.goto("/admin/email-texts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email texts")
    assert_accessible(page)
    page.get_by_role("link", name=f"Ticket ({summit.title})").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit email: Ticket")
    expect(page.get_by_role("complementary", name="Placeholders")).to_contain_text(
        "{reference}"
    )
    assert_accessible(page)

    page.get_by_label("Subject").fill("See you at {summit}, {name} ({reference})")
    page.get_by_label("Main text").fill("Welcome aboard, {nickname}!")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("“{nickname}”")
    assert_accessible(page)

    page.get_by_label("Main text").fill(
        "Welcome aboard, {name}.\n\nDoors open at half past eight."
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview, made out to a sample person")
    expect(preview).to_contain_text("See you at Sample Summit, Alex Sample (SAMPLE-1)")
    expect(preview.locator("pre")).to_contain_text("Welcome aboard, Alex Sample.")
    expect(
        page.frame_locator("iframe.email-text-frame").get_by_text(
            "Doors open at half past eight."
        )
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send a test to myself").click()
    expect(page.locator(".messages")).to_contain_text("Sent a test to eve@example.org")
    (test,) = mail.outbox
    assert test.to == ["eve@example.org"]
    assert test.subject == "[Test] See you at Sample Summit, Alex Sample (SAMPLE-1)"

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved the text of “Ticket”")
    expect(page.get_by_role("main")).to_contain_text("This text is edited.")
    page.get_by_role("link", name="Reset to default").click()
    expect(page.get_by_role("button", name="Yes, reset to default")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, keep my text").click()
    page.goto("/admin/email-texts/")
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in_to_site(page, VerifiedUserFactory(email="newt@example.org"))
    page.goto(f"{summit.url}book/")
    page.get_by_label("Access code", exact=True).fill("PARTNER-2026")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_label("Delegate place: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()
    place = page.get_by_role("group", name="Place 1 of 1: Delegate place")
    place.get_by_label("Full name").fill("Newt Comer")
    place.get_by_role("textbox", name="Organisation").fill("Example Council")
    place.get_by_label("The person attending agrees").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")

    ticket = next(m for m in mail.outbox if m.to == ["newt@example.org"])
    assert ticket.subject.startswith(f"See you at {summit.title}, Newt Comer (")
    assert (
        "Welcome aboard, Newt Comer.\n\nDoors open at half past eight." in ticket.body
    )
    assert "Doors open at half past eight." in ticket.alternatives[0][0]
