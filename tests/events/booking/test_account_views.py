"""My bookings in the account area: only your own orders and tickets."""

import re

import pytest
from django.core import mail

from events.choices import AttendeeStatus, OrderStatus
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)
from tests.queries import assert_same_queries


@pytest.fixture
def signed_in(client, booker):
    client.force_login(booker)
    return client


def _order(booker, ticket_type, places=2):
    order = OrderFactory(summit=ticket_type.summit, booker=booker)
    for number in range(1, places + 1):
        AttendeeFactory(ticket_type=ticket_type, order=order, number=number)
    return order


def test_my_bookings_lists_orders_and_tickets_booked_by_others(
    signed_in, booker, ticket_type
):
    order = _order(booker, ticket_type)
    for_me = AttendeeFactory(ticket_type=ticket_type, email="booker@example.org")
    theirs = _order(VerifiedUserFactory(), ticket_type)

    page = signed_in.get("/accounts/bookings/").content.decode()

    assert order.reference in page
    assert "Tickets others booked for you" in page
    assert for_me.get_absolute_url() in page
    assert theirs.reference not in page
    assert 'aria-current="page">My bookings' in page


def test_booking_detail_shows_places_and_claim_links(signed_in, booker, ticket_type):
    order = _order(booker, ticket_type)
    unnamed = AttendeeFactory(
        ticket_type=ticket_type,
        order=order,
        number=3,
        name="",
        email="",
        claim_token="t",
    )

    others = list(order.attendees.filter(name__gt=""))

    page = signed_in.get(f"/accounts/bookings/{order.reference}/").content.decode()

    assert f"/tickets/claim/{unnamed.claim_token}/" in page
    # The booker sees who was sent a ticket, not the holders' own ticket links.
    for attendee in others:
        assert f"Ticket sent to {attendee.email}." in page
        assert attendee.get_absolute_url() not in page


def test_other_peoples_orders_are_404(signed_in, ticket_type):
    theirs = _order(VerifiedUserFactory(), ticket_type)

    for path in [
        f"/accounts/bookings/{theirs.reference}/",
        f"/accounts/bookings/{theirs.reference}/cancel/",
        "/accounts/bookings/SA00-NONE/",
    ]:
        assert signed_in.get(path).status_code == 404, path
    assert (
        signed_in.post(f"/accounts/bookings/{theirs.reference}/cancel/").status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.CONFIRMED


def test_my_bookings_needs_signing_in(client):
    response = client.get("/accounts/bookings/")

    assert response["Location"].startswith("/accounts/login/")


def test_cancel_the_whole_order(signed_in, booker, ticket_type):
    order = _order(booker, ticket_type)

    response = signed_in.post(f"/accounts/bookings/{order.reference}/cancel/")

    order.refresh_from_db()
    assert response["Location"] == order.get_absolute_url()
    assert order.status == OrderStatus.CANCELLED
    assert set(order.attendees.values_list("status", flat=True)) == {
        AttendeeStatus.CANCELLED
    }
    assert "is cancelled" in signed_in.get(response["Location"]).content.decode()


def test_my_bookings_runs_a_fixed_number_of_queries(
    signed_in, booker, ticket_type, summit_index
):
    workshops = [
        SessionFactory(
            summit=ticket_type.summit, session_type="workshop", at=(9 + n, 0)
        )
        for n in range(3)
    ]

    def book(number, places, workshops):
        order = _order(booker, ticket_type, places=places)
        for attendee in order.attendees.all():
            attendee.workshops.set(workshops)
        AttendeeFactory(
            ticket_type=ticket_type,
            email="booker@example.org" if number == 0 else f"x{number}@example.org",
        )
        WaitingListEntryFactory(ticket_type=ticket_type, user=booker)
        return order

    order = book(0, 1, workshops[:1])
    urls = ["/accounts/bookings/", f"/accounts/bookings/{order.reference}/"]

    def grow():
        for number in (1, 2):
            book(number, 3, workshops)
        for number in (2, 3):
            attendee = AttendeeFactory(
                ticket_type=ticket_type, order=order, number=number
            )
            attendee.workshops.set(workshops)
        for _ in range(2):  # one ticket a summit each
            elsewhere = TicketTypeFactory(summit=SummitPageFactory(parent=summit_index))
            AttendeeFactory(ticket_type=elsewhere, email="booker@example.org")
            WaitingListEntryFactory(ticket_type=elsewhere, user=booker)

    counts = assert_same_queries(signed_in, urls, grow=grow)

    # Session, user, verified email, permissions (2), site and chrome (4), orders
    # with places and workshops (3); then tickets held and waiting lists for the
    # list, the order's card payment and invoice for the booking.
    assert counts == {urls[0]: 10, urls[1]: 10}
    listed = signed_in.get(urls[0]).context
    assert (len(listed["orders"]), len(listed["tickets"])) == (3, 3)


def test_ticket_page_runs_a_fixed_number_of_queries(client, ticket_type):
    attendee = AttendeeFactory(ticket_type=ticket_type)

    def add_workshops(hours):
        attendee.workshops.add(
            *[
                SessionFactory(
                    summit=ticket_type.summit, session_type="workshop", at=(hour, 0)
                )
                for hour in hours
            ]
        )

    add_workshops([9])

    counts = assert_same_queries(
        client, [attendee.get_absolute_url()], grow=lambda: add_workshops([10, 11])
    )

    # The place with its order, ticket type and summit, its workshops with rooms,
    # its answers to the registration questions, and the site chrome.
    assert counts == {attendee.get_absolute_url(): 4}


def test_signing_up_from_a_booking_returns_to_it_after_confirming(client, ticket_type):
    """Places chosen, then "Sign up" from the booking's details step and the email
    confirmed in the same browser: signed in, back at that step with the places
    still held, greeted by email address, never by a username."""
    summit = ticket_type.summit
    client.post(f"{summit.url}book/", {f"quantity_{ticket_type.pk}": "2"})
    booking = f"{summit.url}book/details/"
    client.get(f"/accounts/signup/?next={booking}")
    client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
            "next": booking,
        },
    )
    [message] = mail.outbox
    confirm = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", message.body
    )[1]

    response = client.post(confirm, follow=True)

    assert response.redirect_chain[-1][0] == booking
    assert response.wsgi_request.user.email == "newcomer@example.org"
    assert "Successfully signed in as newcomer@example.org." in response.text
    assert "Place 2" in response.text
