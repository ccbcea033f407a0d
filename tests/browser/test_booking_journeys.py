"""The public journeys as a new visitor, on a phone and on a desktop, with axe on
every step: seeing the tickets and booking without an account, an organisation
booking five places for colleagues, and joining a waiting list. The booking also
runs keyboard-only, checking focus is always visible and lands where it should."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Attendee, Order
from tests.browser.helpers import assert_accessible
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def summit(site_pages):
    index = SummitIndexPageFactory(parent=site_pages, title="Shared Ambition Summit")
    summit = open_registration(
        SummitPageFactory(parent=index, title="This year's summit", slug="this-year")
    )
    TicketTypeFactory(
        summit=summit,
        name="Community place",
        description="For charities and community groups.",
        capacity=40,
    )
    return summit


def _link(message, pattern, live_server):
    return (
        re.search(pattern, message.body)
        .group(0)
        .replace("http://testserver", live_server.url)
    )


def _fill_place(page, number, total, *, name=None, email=None):
    place = page.get_by_role(
        "group", name=f"Place {number} of {total}: Community place"
    )
    if name is None:
        place.get_by_label("A colleague will fill in their own details").check()
        return
    place.get_by_label("Full name").fill(name)
    place.get_by_label("Email address").fill(email)
    place.get_by_label("The person attending agrees").check()


def test_a_visitor_sees_prices_and_books_two_free_places_without_an_account(
    page, live_server, summit
):
    page.goto("/summit/this-year/")
    tickets = page.get_by_role("region", name="Tickets")
    expect(tickets).to_contain_text("Community place")
    expect(tickets).to_contain_text("Free")
    expect(tickets).to_contain_text("Registration is open until")
    assert_accessible(page)

    tickets.get_by_role("link", name="Book your place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your tickets")
    assert_accessible(page)
    page.get_by_label("Community place: number of places").fill("2")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    expect(page.get_by_role("status").first).to_contain_text("holding your places")
    assert_accessible(page)
    booker = page.get_by_role("group", name="You, the person booking")
    booker.get_by_label("Your full name").fill("Vi Sitor")
    booker.get_by_label("Your email address").fill("vi@example.org")
    _fill_place(page, 1, 2, name="Vi Sitor", email="vi@example.org")
    _fill_place(page, 2, 2, name="Wyn Two", email="wyn@example.org")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    request = next(m for m in mail.outbox if m.to == ["vi@example.org"])
    assert not [m for m in mail.outbox if m.to == ["wyn@example.org"]]

    page.goto(_link(request, r"http://testserver/bookings/[\w-]+/", live_server))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Booking SA")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("status").first).to_contain_text("is confirmed")
    assert_accessible(page)
    tickets = [m for m in mail.outbox if m.subject.startswith("Your ticket for")]
    assert sorted(m.to[0] for m in tickets) == ["vi@example.org", "wyn@example.org"]
    assert Order.objects.get().status == "confirmed"


def test_an_organisation_books_five_places_and_a_colleague_claims_one(
    page, browser, live_server, summit
):
    page.goto("/summit/this-year/book/")
    page.get_by_label("Community place: number of places").fill("5")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    booker = page.get_by_role("group", name="You, the person booking")
    booker.get_by_label("Your full name").fill("Org Booker")
    booker.get_by_label("Your email address").fill("org@example.org")
    for number in range(1, 6):
        _fill_place(page, number, 5)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    request = next(m for m in mail.outbox if m.to == ["org@example.org"])
    page.goto(_link(request, r"http://testserver/bookings/[\w-]+/", live_server))
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("status").first).to_contain_text("is confirmed")

    links = page.get_by_role("textbox", name=re.compile("Link for the colleague"))
    expect(links).to_have_count(5)
    expect(
        page.get_by_role("link", name="Email the link to a colleague for place 1")
    ).to_have_attribute("href", re.compile(r"^mailto:.*/tickets/claim/"))
    assert_accessible(page)
    claim = links.first.input_value().replace("http://testserver", live_server.url)

    colleague = browser.new_context(base_url=live_server.url).new_page()
    colleague.goto(claim)
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Your place at the summit"
    )
    assert_accessible(colleague)
    colleague.get_by_label("Full name").fill("Col League")
    colleague.get_by_label("Email address").fill("col@example.org")
    colleague.get_by_label("The person attending agrees").check()
    colleague.get_by_role("button", name="Get my ticket").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Ticket for Col League"
    )
    assert_accessible(colleague)

    told = [m for m in mail.outbox if m.to == ["org@example.org"]]
    assert any("claimed" in m.subject for m in told)
    colleague.goto(claim)
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "This place has already been claimed"
    )
    assert_accessible(colleague)
    assert Attendee.objects.filter(email="col@example.org").count() == 1


def test_a_visitor_joins_a_waiting_list_without_an_account(page, live_server, summit):
    summit.ticket_types.update(capacity=0)
    page.goto("/summit/this-year/")
    page.get_by_role("link", name="join the waiting list for Community place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Join the waiting list")
    assert_accessible(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Wai Ting")
    page.get_by_label("Email address").fill("wait@example.org")
    page.get_by_role("button", name="Join the waiting list").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    joined = next(m for m in mail.outbox if m.to == ["wait@example.org"])
    page.goto(
        _link(joined, r"http://testserver/tickets/waiting-list/[\w-]+/", live_server)
    )
    expect(page.get_by_role("main")).to_contain_text("number 1 in line")
    assert_accessible(page)


# Keyboard only: Tab, Shift+Tab, Enter and Space; never the mouse.


def _focused_is_visible(page):
    """The focused element shows a focus indicator (an outline or a box shadow)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== "none";
        }"""
    )


def _tab_to(page, locator, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until `locator` has focus, checking every stop
    shows where focus is."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert _focused_is_visible(page), "focus is not visible on " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 120)"
        )
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_booking_by_keyboard_alone(page, live_server, summit):
    page.goto("/summit/this-year/book/")
    quantity = page.get_by_label("Community place: number of places")
    _tab_to(page, quantity)
    page.keyboard.type("1")
    _tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")

    # Submitting with nothing filled in puts focus on the error summary.
    _tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    assert_accessible(page)

    booker = page.get_by_role("group", name="You, the person booking")
    _tab_to(page, booker.get_by_label("Your full name"))
    page.keyboard.type("Kay Board")
    _tab_to(page, booker.get_by_label("Your email address"))
    page.keyboard.type("kay@example.org")
    place = page.get_by_role("group", name="Place 1 of 1: Community place")
    _tab_to(page, place.get_by_label("Full name"))
    page.keyboard.type("Kay Board")
    _tab_to(page, place.get_by_label("Email address"))
    page.keyboard.type("kay@example.org")
    _tab_to(page, place.get_by_label("The person attending agrees"))
    page.keyboard.press("Space")
    expect(place.get_by_label("The person attending agrees")).to_be_checked()
    _tab_to(page, place.get_by_label("Email address"), backwards=True)
    _tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    _tab_to(page, page.get_by_role("button", name="Confirm booking"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Order.objects.get().booker_email == "kay@example.org"
