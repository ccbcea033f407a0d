"""My bookings in the account area: only your own orders and tickets."""

import pytest

from events.choices import AttendeeStatus, OrderStatus
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import AttendeeFactory, OrderFactory, SessionFactory


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

    page = signed_in.get(f"/accounts/bookings/{order.reference}/").content.decode()

    assert f"/tickets/claim/{unnamed.claim_token}/" in page
    for attendee in order.attendees.all():
        assert attendee.get_absolute_url() in page


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
    assert response["Location"] == f"/accounts/bookings/{order.reference}/"
    assert order.status == OrderStatus.CANCELLED
    assert set(order.attendees.values_list("status", flat=True)) == {
        AttendeeStatus.CANCELLED
    }
    assert "is cancelled" in signed_in.get(response["Location"]).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_my_bookings_runs_a_fixed_number_of_queries(
    signed_in, booker, ticket_type, count, django_assert_max_num_queries
):
    workshop = SessionFactory(summit=ticket_type.summit, session_type="workshop")
    for _ in range(count):
        order = _order(booker, ticket_type, places=3)
        for attendee in order.attendees.all():
            attendee.workshops.set([workshop])
        AttendeeFactory(
            ticket_type=ticket_type,
            email="booker@example.org" if _ == 0 else f"x{_}@example.org",
        )

    # Measured 15 whatever the count: session, user, verified email, permissions
    # (2), site and chrome (5), orders with places and workshops (3), tickets
    # held, waiting lists. The budget leaves 2 for site-wide chrome.
    with django_assert_max_num_queries(17):
        response = signed_in.get("/accounts/bookings/")
    assert response.status_code == 200


@pytest.mark.parametrize("workshops", [1, 3])
def test_ticket_page_runs_a_fixed_number_of_queries(
    client, ticket_type, workshops, django_assert_max_num_queries
):
    attendee = AttendeeFactory(ticket_type=ticket_type)
    attendee.workshops.set(
        SessionFactory(
            summit=ticket_type.summit, session_type="workshop", at=(9 + n, 0)
        )
        for n in range(workshops)
    )

    # Measured 8 whatever the number of workshops: the place with its order,
    # ticket type and summit, its workshops with rooms, and the site chrome.
    with django_assert_max_num_queries(10):
        response = client.get(attendee.get_absolute_url())
    assert response.status_code == 200
