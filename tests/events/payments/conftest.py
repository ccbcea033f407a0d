import datetime

import pytest
from django.utils import timezone

from events.booking.pricing import PlaceRequest
from events.models import CardPayment
from events.payments import checkout
from tests.factories.events import TicketTypeFactory, attendee_details

SUCCESS_URL = "http://testserver/done/?session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "http://testserver/cancelled/"


@pytest.fixture
def paid_type(open_summit):
    """£125 delegate places, two of them, refundable until a week before."""
    return TicketTypeFactory(
        summit=open_summit,
        name="Delegate place",
        price=12500,
        capacity=2,
        refund_deadline=open_summit.start - datetime.timedelta(days=7),
    )


@pytest.fixture
def invoice_type(open_summit):
    return TicketTypeFactory(
        summit=open_summit,
        name="Public-sector place",
        price=9500,
        capacity=10,
        allows_invoice=True,
    )


def places(ticket_type, *people):
    """A PlaceRequest per (name, email), or None for an unnamed place."""
    return [
        PlaceRequest(
            ticket_type=ticket_type,
            details=attendee_details(*person) if person else None,
        )
        for person in people
    ]


def start_booking(booker, ticket_type, *people):
    return checkout.start_card_booking(
        booker=booker,
        summit=ticket_type.summit,
        places=places(ticket_type, *people),
        return_urls=lambda order: (SUCCESS_URL, CANCEL_URL),
    )


def end_hold(order):
    """As if the hold's time had run out."""
    CardPayment.objects.filter(order=order).update(
        hold_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.fixture
def card_order(fake_stripe, booker, paid_type):
    """A pending card order for one named place, its session open at Stripe."""
    return start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))
