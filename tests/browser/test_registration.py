"""Booking in Chromium: sign up, book two places with a code, get both tickets by
email, open one, cancel it, and see the place offered to the waiting list. Axe
checks every step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Attendee, WaitingListEntry
from tests.browser.helpers import assert_accessible, open_main_menu
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.events import (
    AccessCodeFactory,
    SessionFactory,
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
def summit(site_pages, framework):
    """A summit open for booking: a paid delegate place with two seats left, a
    workshop, and a partner code that makes places free."""
    index = SummitIndexPageFactory(parent=site_pages, title="Shared Ambition Summit")
    summit = open_registration(
        SummitPageFactory(parent=index, title="This year's summit", slug="this-year")
    )
    workshop = SessionFactory(
        summit=summit,
        title="Designing bus routes",
        session_type="workshop",
        capacity=20,
    )
    TicketTypeFactory(
        summit=summit,
        name="Delegate place",
        price=9500,
        capacity=2,
        workshops=[workshop],
    )
    AccessCodeFactory(summit=summit, code="PARTNER-2026")
    return summit


def _local(url, live_server):
    return url.replace("http://testserver", live_server.url)


def _link(message, pattern, live_server):
    return _local(re.search(pattern, message.body).group(0), live_server)


def _sign_up(page, live_server, email):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verify your email address"
    )
    link = _link(
        mail.outbox[-1], r"https?://\S+/accounts/confirm-email/\S+/", live_server
    )
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # Confirmed in the browser that signed up: signed in at once.
    expect(page.get_by_text(f"Successfully signed in as {email}.")).to_be_visible()
    expect(open_main_menu(page).get_by_role("button", name="Sign out")).to_be_visible()


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


def _fill_place(page, number, total, *, name, email=None, colleague=False):
    place = page.get_by_role("group", name=f"Place {number} of {total}: Delegate place")
    if colleague:
        place.get_by_label("A colleague will fill in their own details").check()
        return
    place.get_by_label("Full name").fill(name)
    if email:
        place.get_by_label("Email address").fill(email)
    place.get_by_role("textbox", name="Organisation").fill("Example Council")
    place.get_by_label("The person attending agrees").check()


def test_book_two_places_with_a_code_then_hand_one_back(
    page, browser, live_server, summit
):
    _sign_up(page, live_server, "newcomer@example.org")
    page.goto("/summit/this-year/")
    # The summit's heading and its ticket shop both offer it.
    page.get_by_role("link", name="Book your place").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your tickets")
    expect(page.get_by_role("navigation", name="Booking steps")).to_contain_text(
        "Tickets"
    )
    assert_accessible(page)
    page.get_by_label("Access code", exact=True).fill("partner-2026")
    page.get_by_role("button", name="Apply the code").click()
    expect(page.get_by_role("status")).to_contain_text("Code PARTNER-2026 applied.")
    expect(page.get_by_text("Free with your code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Delegate place: number of places").fill("2")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    assert_accessible(page)
    _fill_place(page, 1, 2, name="Newt Comer")
    page.get_by_role("group", name="Place 1 of 2: Delegate place").get_by_label(
        "Designing bus routes"
    ).check()
    _fill_place(page, 2, 2, name="Col League", email="col@example.org")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    expect(page.get_by_role("main")).to_contain_text("Designing bus routes")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")
    assert_accessible(page)
    tickets = [m for m in mail.outbox if m.subject.startswith("Your ticket for")]
    assert sorted(m.to[0] for m in tickets) == [
        "col@example.org",
        "newcomer@example.org",
    ]
    mine = next(m for m in tickets if m.to == ["newcomer@example.org"])

    page.goto(_link(mine, r"http://testserver/tickets/[\w-]+/", live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ticket for Newt Comer")
    expect(
        page.get_by_role("img", name=re.compile("QR code for ticket"))
    ).to_be_visible()
    assert_accessible(page)

    # Sold out now: someone without an account joins the waiting list.
    ticket_type = Attendee.objects.get(email="col@example.org").ticket_type
    visitor = browser.new_context(base_url=live_server.url)
    waiting = visitor.new_page()
    waiting.goto(f"/summit/this-year/book/waiting-list/{ticket_type.pk}/")
    assert_accessible(waiting)
    waiting.get_by_label("Full name").fill("Wai Ting")
    waiting.get_by_label("Email address").fill("wait@example.org")
    waiting.get_by_role("button", name="Join the waiting list").click()
    expect(waiting.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(waiting)
    joined = next(m for m in mail.outbox if m.to == ["wait@example.org"])
    waiting.goto(
        _link(joined, r"http://testserver/tickets/waiting-list/[\w-]+/", live_server)
    )
    expect(waiting.get_by_role("main")).to_contain_text("number 1 in line")
    assert_accessible(waiting)

    page.get_by_role("link", name="Cancel this place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this place")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel the place").click()
    expect(page.get_by_role("main")).to_contain_text("has been cancelled")
    assert_accessible(page)

    offer = next(
        m
        for m in mail.outbox
        if m.to == ["wait@example.org"] and "available" in m.subject
    )
    waiting.goto(
        _link(offer, r"http://testserver/tickets/waiting-list/[\w-]+/", live_server)
    )
    expect(waiting.get_by_role("heading", level=1)).to_have_text(
        "A place is available for you"
    )
    assert_accessible(waiting)
    assert WaitingListEntry.objects.get().status == "offered"
    visitor.close()


def test_booking_works_without_javascript(browser, live_server, summit):
    user = VerifiedUserFactory(
        email="nojs@example.org", first_name="No", last_name="Script"
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, user)

    page.goto("/summit/this-year/book/")
    page.get_by_label("Access code", exact=True).fill("PARTNER-2026")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_label("Delegate place: number of places").fill("2")
    page.get_by_role("button", name="Continue").click()
    _fill_place(page, 1, 2, name="No Script")
    _fill_place(page, 2, 2, name="", colleague=True)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("main")).to_contain_text(
        "A colleague will fill in their details"
    )
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")
    expect(page.get_by_label("Link for the colleague taking place 2")).to_have_value(
        re.compile(r"/tickets/claim/[\w-]+/$")
    )
    context.close()


def test_leaving_a_place_to_a_colleague_hides_its_details(page, live_server, summit):
    _sign_in(page, VerifiedUserFactory())
    page.goto("/summit/this-year/book/")
    page.get_by_label("Access code", exact=True).fill("PARTNER-2026")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_label("Delegate place: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()

    place = page.get_by_role("group", name="Place 1 of 1: Delegate place")
    expect(place.get_by_label("Full name")).to_be_visible()
    place.get_by_label("A colleague will fill in their own details").check()
    expect(place.get_by_label("Full name")).to_be_hidden()


def test_booking_errors_are_announced_and_linked(page, live_server, summit):
    _sign_in(page, VerifiedUserFactory())
    page.goto("/summit/this-year/book/")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Choose how many places you want."
    )
    assert_accessible(page)
    page.get_by_label("Access code", exact=True).fill("PARTNER-2026")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_label("Delegate place: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("group", name="Place 1 of 1: Delegate place").get_by_label(
        "Full name"
    ).fill("")
    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter their full name.")
    expect(summary).to_contain_text("They must agree to the privacy notice")
    assert_accessible(page)


def test_my_bookings_is_accessible_and_fits_a_small_phone(browser, live_server, summit):
    from events.booking import orders, pricing
    from tests.factories.events import attendee_details

    user = VerifiedUserFactory(email="mine@example.org")
    code = summit.access_codes.get()
    order = orders.place_order(
        booker=user,
        summit=summit,
        places=[
            pricing.PlaceRequest(
                ticket_type=summit.ticket_types.get(),
                details=attendee_details("Mine", "mine@example.org"),
            ),
            pricing.PlaceRequest(ticket_type=summit.ticket_types.get()),
        ],
        access_code=code,
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    _sign_in(page, user)
    for path, heading in [
        ("/accounts/bookings/", "My bookings"),
        (f"/accounts/bookings/{order.reference}/", f"Booking {order.reference}"),
        (order.attendees.get(number=1).get_absolute_url(), "Ticket for Mine"),
        ("/tickets/find/", "Find your ticket"),
        ("/summit/this-year/book/", "Choose your tickets"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
