"""Places held from the first booking step, and bookings made without an account
that hold their places until the booker confirms: they count against everyone
else while they last, and for nothing once they run out."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.booking import holds, orders, pricing, rules
from events.choices import AttendeeStatus, OrderStatus
from events.models import PlaceHold
from tests.factories.events import attendee_details


@pytest.fixture
def scarce(ticket_type):
    ticket_type.capacity = 2
    ticket_type.save()
    return ticket_type


def _hold(ticket_type, places, key):
    return holds.hold_places(
        summit=ticket_type.summit, quantities={ticket_type: places}, key=key
    )


def _book(ticket_type, email, **options):
    return orders.place_order(
        booker=None,
        booker_email="booker@example.org",
        summit=ticket_type.summit,
        places=[
            pricing.PlaceRequest(
                ticket_type=ticket_type, details=attendee_details("Someone", email)
            )
        ],
        **options,
    )


def test_a_hold_counts_against_everyone_else(scarce):
    _hold(scarce, 2, "first")

    assert scarce.places_left() == 0
    with pytest.raises(rules.SoldOut, match="sold out"):
        _hold(scarce, 1, "second")
    with pytest.raises(rules.SoldOut):
        _book(scarce, "other@example.org")


def test_holding_again_replaces_what_the_key_held(scarce):
    _hold(scarce, 2, "first")
    _hold(scarce, 1, "first")

    assert scarce.places_left() == 1
    assert PlaceHold.objects.get().places == 1


def test_placing_the_order_uses_the_bookers_own_hold(scarce):
    _hold(scarce, 2, "first")

    order = _book(scarce, "a@example.org", hold_key="first")

    assert order.status == OrderStatus.CONFIRMED
    assert not PlaceHold.objects.exists()
    assert scarce.places_left() == 1


def test_a_hold_that_ran_out_counts_for_nothing(scarce, settings):
    ends = _hold(scarce, 2, "first")

    minutes = (ends - timezone.now()).total_seconds() / 60
    assert settings.BOOKING_HOLD_MINUTES - 1 < minutes <= settings.BOOKING_HOLD_MINUTES
    with time_machine.travel(ends + datetime.timedelta(seconds=1)):
        assert scarce.places_left() == 2
        _hold(scarce, 2, "second")
        assert holds.hold_ends("first") is None
        assert holds.delete_expired_holds() == 1


def test_an_unconfirmed_booking_holds_its_places_until_it_lapses(scarce):
    order = _book(scarce, "a@example.org", confirm_by_email=True)

    assert order.status == OrderStatus.UNCONFIRMED
    assert scarce.places_left() == 1
    lapsed = order.hold_expires_at + datetime.timedelta(seconds=1)
    with time_machine.travel(lapsed):
        assert scarce.places_left() == 2
        assert orders.expire_unconfirmed_orders() == 1

    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert set(order.attendees.values_list("status", flat=True)) == {
        AttendeeStatus.CANCELLED
    }


def test_confirming_a_lapsed_booking_takes_the_places_again_if_still_free(scarce):
    order = _book(scarce, "a@example.org", confirm_by_email=True)

    with time_machine.travel(order.hold_expires_at + datetime.timedelta(minutes=1)):
        orders.confirm_booking(order=order)

    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.attendees.get().status == AttendeeStatus.CONFIRMED


def test_confirming_a_lapsed_booking_whose_places_went_is_refused(scarce):
    order = _book(scarce, "a@example.org", confirm_by_email=True)

    with time_machine.travel(order.hold_expires_at + datetime.timedelta(minutes=1)):
        _book(scarce, "b@example.org")
        _book(scarce, "c@example.org")
        with pytest.raises(rules.SoldOut, match="have gone"):
            orders.confirm_booking(order=order)

    order.refresh_from_db()
    assert order.status == OrderStatus.UNCONFIRMED
    assert scarce.places_left() == 0


def test_confirming_twice_is_harmless(scarce):
    order = _book(scarce, "a@example.org", confirm_by_email=True)

    orders.confirm_booking(order=order)
    orders.confirm_booking(order=order)

    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
