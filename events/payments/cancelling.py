"""A booker cancelling places they may have paid for by card: refunded when due,
and the order's Checkout Session closed so nobody pays for places given back."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..booking import changes
from ..models import CardPayment
from . import PaymentError
from .checkout import close_checkout
from .refunds import create_refund, refund_due, send_refund


def cancel_with_refund(*, attendees, by=None, note="", tell_booker=False):
    """A booker or holder cancels `attendees` (as `cancel_places`); places paid by
    card and cancelled before their ticket type's refund deadline are refunded,
    and an unpaid order's Checkout Session is closed so it can't be paid any more.
    Returns (cancelled attendees, refunds)."""
    due = {attendee.pk: refund_due(attendee) for attendee in attendees}
    cancelled = changes.cancel_places(
        attendees=attendees, by=by, note=note, tell_booker=tell_booker
    )
    for order_id in {attendee.order_id for attendee in cancelled}:
        close_checkout(order_id=order_id)
    refunds = []
    for attendee in cancelled:
        if not due.get(attendee.pk):
            continue
        with transaction.atomic():
            payment = CardPayment.objects.select_for_update().get(
                order_id=attendee.order_id
            )
            try:
                refund = create_refund(
                    payment=payment,
                    amount=min(due[attendee.pk], payment.refundable),
                    attendee=attendee,
                    reason=_("Cancelled before the refund deadline."),
                    by=by,
                )
            except PaymentError:
                continue  # Already refunded by staff.
        refunds.append(send_refund(refund))
    return cancelled, refunds
