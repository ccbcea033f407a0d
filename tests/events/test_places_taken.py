"""Places taken, as listed with every ticket type in one query
(`TicketTypeQuerySet.with_places_taken`), are the places the booking rules count
under a type's row lock (`TicketType.count_places_taken`), in one query too."""

import datetime

from django.utils import timezone

from events.choices import AttendeeStatus, OrderStatus, WaitingListStatus
from events.models import PlaceHold, TicketType
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)


def _places(ticket_type, count, *, status=AttendeeStatus.CONFIRMED, order=None):
    given = {"order": order} if order else {}
    for _number in range(count):
        AttendeeFactory(ticket_type=ticket_type, status=status, **given)


def _unconfirmed_order(ticket_type, hold_expires_at):
    return OrderFactory(
        summit=ticket_type.summit,
        status=OrderStatus.UNCONFIRMED,
        hold_expires_at=hold_expires_at,
    )


def test_listed_places_taken_are_those_counted_under_the_lock(
    summit, django_assert_num_queries
):
    now = timezone.now()
    busy = TicketTypeFactory(summit=summit, capacity=20, name="Busy")
    quiet = TicketTypeFactory(summit=summit, capacity=5, name="Quiet")
    _places(busy, 3)
    _places(busy, 1, status=AttendeeStatus.PENDING)
    _places(busy, 1, status=AttendeeStatus.CANCELLED)
    # An unconfirmed booking holds its places until its hold runs out.
    lapsed = _unconfirmed_order(busy, now - datetime.timedelta(minutes=1))
    _places(busy, 2, status=AttendeeStatus.PENDING, order=lapsed)
    holding = _unconfirmed_order(busy, now + datetime.timedelta(minutes=10))
    _places(busy, 1, status=AttendeeStatus.PENDING, order=holding)
    _places(
        busy, 1, status=AttendeeStatus.PENDING, order=_unconfirmed_order(busy, None)
    )
    WaitingListEntryFactory(ticket_type=busy, status=WaitingListStatus.OFFERED)
    WaitingListEntryFactory(ticket_type=busy, status=WaitingListStatus.WAITING)
    PlaceHold.objects.create(
        ticket_type=busy, key="k", places=2, expires_at=now + datetime.timedelta(1)
    )
    _places(quiet, 1)
    _places(quiet, 1, order=lapsed)  # free again, as the lapsed booking's are

    with django_assert_num_queries(1):
        listed = {
            ticket_type.name: (ticket_type.places_taken, ticket_type.places_left())
            for ticket_type in TicketType.objects.filter(
                summit=summit
            ).with_places_taken()
        }

    # Busy: 3 confirmed, 1 held, 2 in unconfirmed bookings still holding, an offer
    # and 2 places held at the first step; 20 less those 9 and 1 waiting.
    assert listed == {"Busy": (9, 10), "Quiet": (1, 4)}
    for ticket_type in (busy, quiet):
        counted = TicketType.objects.get(pk=ticket_type.pk)
        with django_assert_num_queries(1):
            left = counted.places_left()
        assert listed[ticket_type.name] == (counted.count_places_taken(), left)
