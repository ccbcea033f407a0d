"""Places held for someone between choosing them and confirming the booking, so
nobody who got a place at the first step is refused at the last (pretix keeps
places in an expiring cart the same way). A hold lasts `BOOKING_HOLD_MINUTES` and
never blocks the last places for longer: an expired hold counts for nothing."""

import datetime
import secrets
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home import page_cache

from ..models import PlaceHold
from . import records
from .rules import check_can_book, check_code_uses


def new_hold_key():
    return secrets.token_urlsafe(24)


def hold_places(*, summit, quantities, key, access_code=None):
    """Hold `quantities` ({TicketType: places}) of `summit` for the booker whose
    session carries `key`, replacing whatever that key held, until
    `BOOKING_HOLD_MINUTES` from now. Checks what placing the order will (on sale,
    unlocked, per-order maximum, places left counting everyone else's holds, the
    code's uses) under the ticket types' locks, and returns when the hold ends.
    Raises the booking errors, and then the key holds nothing."""
    wanted = Counter(
        {ticket_type.pk: count for ticket_type, count in quantities.items()}
    )
    now = timezone.now()
    with transaction.atomic():
        ticket_types = records.lock_ticket_types(set(wanted), summit=summit)
        PlaceHold.objects.filter(key=key).delete()
        code = records.lock_access_code(access_code, summit=summit, at=now)
        code_type_ids = (
            set(code.ticket_types.values_list("pk", flat=True)) if code else set()
        )
        for ticket_type in ticket_types.values():
            check_can_book(
                ticket_type,
                wanted[ticket_type.pk],
                code=code,
                code_type_ids=code_type_ids,
                at=now,
            )
        if code is not None:
            check_code_uses(
                code,
                sum(
                    count
                    for pk, count in wanted.items()
                    if code.covers(ticket_types[pk], code_type_ids)
                ),
            )
        expires_at = now + datetime.timedelta(minutes=settings.BOOKING_HOLD_MINUTES)
        PlaceHold.objects.bulk_create(
            PlaceHold(ticket_type_id=pk, key=key, places=count, expires_at=expires_at)
            for pk, count in wanted.items()
        )
        page_cache.changed(page_cache.PLACES)  # bulk_create sends no save signal
    return expires_at


def hold_ends(key):
    """When the places `key` holds stop being held, or None if it holds none."""
    hold = PlaceHold.objects.active().filter(key=key).order_by("expires_at").first()
    return hold.expires_at if hold else None


def release_hold(*, key):
    """Give back the places `key` holds (the booker started again or booked)."""
    PlaceHold.objects.filter(key=key).delete()


def delete_expired_holds(*, now=None):
    """Tidy holds that ran out (they already count for nothing); returns how many."""
    deleted, _kinds = PlaceHold.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
