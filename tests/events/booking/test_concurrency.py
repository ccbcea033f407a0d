"""Fifty people try to book the last ten places at the same moment, each on their own
database connection: exactly ten get one, the others a clear "sold out"."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.booking import orders, pricing, rules
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
