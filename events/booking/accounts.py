"""Bookings made without an account join it once its owner proves the address."""

from django.db import transaction

from ..details import normalise_email
from ..models import Attendee, Order, WaitingListEntry


def attach_bookings(*, user, email):
    """Give `user` every order booked, place held and waiting-list entry made
    under `email` without an account, so My bookings shows them all. Returns how
    many orders joined."""
    email = normalise_email(email)
    with transaction.atomic():
        orders = Order.objects.filter(booker=None, booker_email=email).update(
            booker=user
        )
        Attendee.objects.filter(user=None, email=email).update(user=user)
        WaitingListEntry.objects.filter(user=None, email=email).update(user=user)
    return orders
