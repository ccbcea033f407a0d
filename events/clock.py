"""When public summit pages next change by the clock alone, for the page cache.

A summit's status and its "Book your place" buttons follow its dates; places left
grow again when a hold or an unpaid order's hold runs out. None of these writes a
row, so the page cache asks here how long a kept page stays right
(`home.page_cache.register_clock`)."""

from django.db.models import Min, Q

from .choices import OrderStatus
from .models import Order, PlaceHold, SummitPage, TicketType

SUMMIT_MOMENTS = ("registration_opens_at", "registration_closes_at", "start", "end")
TICKET_MOMENTS = ("sales_start", "sales_end")


def next_change(at):
    """The first moment after `at` at which a public summit page changes, or None."""
    summits = SummitPage.objects.live()
    ticket_types = TicketType.objects.filter(summit__in=summits)
    moments = [
        *_earliest_after(summits, SUMMIT_MOMENTS, at),
        *_earliest_after(ticket_types, TICKET_MOMENTS, at),
        *_earliest_after(PlaceHold.objects.all(), ["expires_at"], at),
        *_earliest_after(
            Order.objects.filter(status=OrderStatus.UNCONFIRMED),
            ["hold_expires_at"],
            at,
        ),
    ]
    return min(moments, default=None)


def _earliest_after(queryset, fields, at):
    """The earliest value after `at` of each of `fields` (one query)."""
    found = queryset.aggregate(
        **{field: Min(field, filter=Q(**{f"{field}__gt": at})) for field in fields}
    )
    return [moment for moment in found.values() if moment is not None]
