"""Refunds of card payments: by staff (a whole order or one place, full or part),
automatically when a booker cancels before the ticket type's refund deadline, and
when a payment arrives for places already gone.

A refund is written as a pending `Refund` row (under a lock on the card payment,
so two refunds can never add up to more than was paid) before Stripe is asked,
with the row's id as the idempotency key: one Stripe didn't answer stays pending
and `stripe_reconcile` asks again, without ever refunding twice.

What Stripe says was refunded is recorded by `record_refunds` (after
`charge.refunded` or `stripe_reconcile`; `events.payments.checkout.sync_charge`
finds the payment): a refund made in Stripe's dashboard gets its own row too, so
the rows always add up to what Stripe refunded.
"""

import logging

import stripe
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..booking import changes
from ..booking.rules import BookingError, check_cancellable
from ..choices import CardPaymentStatus, RefundStatus
from ..models import CardPayment, Refund, StatusChange
from ..money import format_amount
from . import PaymentError, stripe_api

logger = logging.getLogger(__name__)


def create_refund(*, payment, amount, attendee=None, reason="", by=None):
    """A pending Refund of `amount` pence on `payment`, which the caller has
    locked (select_for_update) inside its transaction. Send it with `send_refund`
    once the transaction has committed."""
    if payment.status != CardPaymentStatus.PAID:
        raise PaymentError(_("This order has no card payment to refund."))
    committed = sum(
        refund.amount for refund in payment.refunds.exclude(status=RefundStatus.FAILED)
    )
    left = max(payment.amount_paid - committed, 0)
    if amount < 1:
        raise PaymentError(_("Enter an amount to refund of at least 1p."))
    if amount > left:
        raise PaymentError(
            _("Only %(left)s of this payment is left to refund.")
            % {"left": format_amount(left)}
        )
    return Refund.objects.create(
        payment=payment,
        attendee=attendee,
        amount=amount,
        reason=reason[:300],
        requested_by=by if by is not None and by.is_authenticated else None,
    )


def send_refund(refund):
    """Ask Stripe for pending `refund` (outside any transaction). Returns the
    refund, succeeded, failed (Stripe refused: `failure_message` says why) or still
    pending (Stripe unreachable: `stripe_reconcile` tries again)."""
    payment = refund.payment
    try:
        answer = stripe_api.client().v1.refunds.create(
            params={
                "payment_intent": payment.payment_intent_id,
                "amount": refund.amount,
                "metadata": {"order": payment.order.reference, "refund": refund.pk},
            },
            options={"idempotency_key": f"refund-{refund.pk}"},
        )
    except stripe.StripeError as error:
        if stripe_api.is_transient(error):
            logger.warning("Refund %s not sent: %s", refund.pk, error)
            return refund
        with transaction.atomic():
            refund = Refund.objects.select_for_update().get(pk=refund.pk)
            if refund.status == RefundStatus.PENDING:
                refund.status = RefundStatus.FAILED
                refund.failure_message = (error.user_message or str(error))[:500]
                refund.save()
        return refund
    with transaction.atomic():
        payment = CardPayment.objects.select_for_update().get(pk=payment.pk)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status == RefundStatus.PENDING:
            refund.status = RefundStatus.SUCCEEDED
            refund.stripe_refund_id = answer.id
            refund.save()
            _update_refunded(payment)
    return refund


def _update_refunded(payment):
    """The locked payment's refunded total: what its succeeded refunds add up to
    (those made in Stripe's dashboard included), never less than before."""
    succeeded = sum(
        refund.amount
        for refund in payment.refunds.filter(status=RefundStatus.SUCCEEDED)
    )
    payment.amount_refunded = max(payment.amount_refunded, succeeded)
    payment.save(update_fields=["amount_refunded", "updated_at"])


def refund_payment(*, order, amount=None, attendee=None, cancel=False, by=None):
    """Staff refund `amount` pence (default: the place's price, or all that is left
    for the whole order) of `order`'s card payment, for one `attendee` or the whole
    order; with `cancel` the place (or every live place) is cancelled too, as
    `cancel_places` does. Returns the Refund; raises PaymentError if the
    amount is more than is left, or Stripe refuses, and BookingError if the places
    to cancel can't be (the summit has started): then nothing is refunded."""
    live = []
    if cancel:
        live = [attendee] if attendee is not None else order.live_attendees
        live = [place for place in live if place.is_live]
        if live:
            check_cancellable(attendees=live)
    with transaction.atomic():
        payment = (
            CardPayment.objects.select_for_update(of=("self",))
            .select_related("order")
            .filter(order=order)
            .first()
        )
        if payment is None:
            raise PaymentError(_("This order was not paid by card."))
        if amount is None:
            amount = attendee.price if attendee is not None else payment.refundable
        refund = create_refund(
            payment=payment,
            amount=amount,
            attendee=attendee,
            reason=_("Refunded by staff."),
            by=by,
        )
    refund = send_refund(refund)
    if refund.status == RefundStatus.FAILED:
        raise PaymentError(
            _("Stripe refused the refund: %(why)s") % {"why": refund.failure_message}
        )
    if live:
        changes.cancel_places(attendees=live, by=by, note=_("Refunded by staff."))
    return refund


def refund_due(attendee, at=None):
    """What a booker cancelling `attendee` now gets back automatically (pence): its
    price, less what was already refunded for it (by staff)."""
    deadline = attendee.ticket_type.refund_deadline
    payment = getattr(attendee.order, "card_payment", None)
    if (
        not attendee.price
        or deadline is None
        or (at or timezone.now()) >= deadline
        or payment is None
        or payment.status != CardPaymentStatus.PAID
    ):
        return 0
    refunded = payment.refunds.filter(
        attendee=attendee, status__in=(RefundStatus.PENDING, RefundStatus.SUCCEEDED)
    ).aggregate(total=Sum("amount"))["total"]
    return max(attendee.price - (refunded or 0), 0)


def retry_pending_refunds():
    """Send again every refund Stripe never answered; returns how many."""
    pending = list(
        Refund.objects.filter(status=RefundStatus.PENDING).select_related(
            "payment__order"
        )
    )
    for refund in pending:
        send_refund(refund)
    return len(pending)


# A refund Stripe gave up on, or that was cancelled, gave no money back.
UNDONE_AT_STRIPE = {"failed", "canceled"}


def record_refunds(*, payment, stripe_refunds):
    """Record on paid `payment` the refunds Stripe lists for its charge
    (`stripe_refunds`, read from Stripe before this is called, while no lock was
    held), under a lock on the payment, any number of times:

    - one of ours (its metadata names it) that we never heard Stripe made (its
      answer was lost) becomes succeeded with Stripe's id, so it isn't sent again;
    - any other (made in Stripe's dashboard) gets a succeeded `Refund` row of its
      own, so the rows always add up to what Stripe refunded;
    - `amount_refunded` becomes the rows' total (it never goes down).

    When refunds made outside this site, recorded now, bring the total to the
    whole payment, the order's live places are cancelled (holders told, the reason
    in its history): no ticket stays valid without its money. Refunds made here
    never cancel anything by themselves. Returns the payment."""
    with transaction.atomic():
        payment = (
            CardPayment.objects.select_for_update(of=("self",))
            .select_related("order")
            .get(pk=payment.pk)
        )
        if payment.status != CardPaymentStatus.PAID:
            return payment
        rows = list(payment.refunds.select_for_update().order_by("pk"))
        recorded = {row.stripe_refund_id for row in rows if row.stripe_refund_id}
        unanswered = {str(row.pk): row for row in rows if not row.stripe_refund_id}
        refunded_elsewhere = False
        for stripe_refund in stripe_refunds:
            if stripe_refund.id in recorded or stripe_refund.status in UNDONE_AT_STRIPE:
                continue
            recorded.add(stripe_refund.id)
            metadata = stripe_api.metadata(stripe_refund)
            row = None
            if metadata.get("order") == payment.order.reference:
                row = unanswered.pop(metadata.get("refund"), None)
            if row is not None:
                logger.info("Refund %s: Stripe made it (%s)", row.pk, stripe_refund.id)
                row.status = RefundStatus.SUCCEEDED
                row.stripe_refund_id = stripe_refund.id
                row.save(update_fields=["status", "stripe_refund_id", "updated_at"])
                continue
            logger.info(
                "Order %s: refund %s made in Stripe", payment.order, stripe_refund.id
            )
            Refund.objects.create(
                payment=payment,
                amount=stripe_refund.amount,
                status=RefundStatus.SUCCEEDED,
                stripe_refund_id=stripe_refund.id,
                reason=_("Refunded in Stripe's dashboard."),
            )
            refunded_elsewhere = True
        _update_refunded(payment)
        live = payment.order.live_attendees
        if (
            refunded_elsewhere
            and live
            and payment.amount_refunded >= payment.amount_paid > 0
        ):
            _cancel_refunded_elsewhere(payment.order, live)
    return payment


def _cancel_refunded_elsewhere(order, live):
    note = _("Refunded in full in Stripe's dashboard.")
    try:
        changes.cancel_places(attendees=live, note=note)
    except BookingError as refusal:
        logger.warning("Order %s refunded in Stripe: %s", order, refusal.message)
        StatusChange.objects.create(
            order=order,
            from_status=order.status,
            to_status=order.status,
            note=f"{note} {refusal.message}"[:300],
        )
