"""Fifty people try to book the last ten places at the same moment, each on their own
database connection: exactly ten get one, the others a clear "sold out"."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.booking import holds, orders, pricing, rules
from events.choices import AttendeeStatus
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    attendee_details,
    open_registration,
)

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows (Wagtail's root page) that an earlier
    # transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PEOPLE = 50
CAPACITY, ALREADY_BOOKED = 30, 20


def test_fifty_concurrent_bookings_get_exactly_the_last_ten_places(home_page):
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    ticket_type = TicketTypeFactory(
        summit=summit, name="Delegate place", capacity=CAPACITY
    )
    AttendeeFactory.create_batch(ALREADY_BOOKED, ticket_type=ticket_type)
    everyone_ready = threading.Barrier(PEOPLE)

    def book(number):
        try:
            everyone_ready.wait()
            orders.place_order(
                booker=None,
                summit=summit,
                places=[
                    pricing.PlaceRequest(
                        ticket_type=ticket_type,
                        details=attendee_details(
                            f"Person {number}", f"person{number}@example.org"
                        ),
                    )
                ],
            )
            return "booked"
        except rules.SoldOut as refusal:
            return refusal.message
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        outcomes = list(pool.map(book, range(PEOPLE)))

    assert outcomes.count("booked") == CAPACITY - ALREADY_BOOKED
    assert outcomes.count("Sorry, Delegate place is sold out.") == PEOPLE - (
        CAPACITY - ALREADY_BOOKED
    )
    confirmed = ticket_type.attendees.filter(status=AttendeeStatus.CONFIRMED)
    assert confirmed.count() == CAPACITY
    assert confirmed.filter(email__startswith="person").count() == 10


def test_nobody_who_got_a_place_at_the_first_step_is_refused_at_the_last(home_page):
    """Thirty people race for the last ten places, each on their own connection:
    ten get a hold at the first step, the rest a clear "sold out" there; then the
    ten book while twenty more keep trying to hold places, and every one of the
    ten gets their booking."""
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    ticket_type = TicketTypeFactory(
        summit=summit, name="Delegate place", capacity=CAPACITY
    )
    AttendeeFactory.create_batch(ALREADY_BOOKED, ticket_type=ticket_type)
    racers = 30
    ready = threading.Barrier(racers)

    def choose(number):
        try:
            ready.wait()
            holds.hold_places(
                summit=summit, quantities={ticket_type: 1}, key=f"key-{number}"
            )
            return number
        except rules.SoldOut:
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=racers) as pool:
        holders = [n for n in pool.map(choose, range(racers)) if n is not None]
    assert len(holders) == CAPACITY - ALREADY_BOOKED

    both_ready = threading.Barrier(len(holders) + 20)

    def book(number):
        try:
            both_ready.wait()
            orders.place_order(
                booker=None,
                booker_email=f"booker{number}@example.org",
                summit=summit,
                hold_key=f"key-{number}",
                places=[
                    pricing.PlaceRequest(
                        ticket_type=ticket_type,
                        details=attendee_details(
                            f"Person {number}", f"person{number}@example.org"
                        ),
                    )
                ],
            )
            return "booked"
        except rules.BookingError as refusal:
            return refusal.message
        finally:
            connection.close()

    def latecomer(number):
        try:
            both_ready.wait()
            holds.hold_places(
                summit=summit, quantities={ticket_type: 1}, key=f"late-{number}"
            )
            return "held"
        except rules.SoldOut:
            return "sold out"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(holders) + 20) as pool:
        booked = [pool.submit(book, number) for number in holders]
        late = [pool.submit(latecomer, number) for number in range(20)]
        outcomes = [future.result() for future in booked]
        latecomers = [future.result() for future in late]

    assert outcomes == ["booked"] * len(holders)
    assert set(latecomers) == {"sold out"}
    assert ticket_type.attendees.filter(status=AttendeeStatus.CONFIRMED).count() == (
        CAPACITY
    )
