"""Card bookings through Stripe Checkout.

A card booking is a pending order holding its places (`start_card_booking`) and a
Checkout Session that expires when the hold does. Whatever tells us something
happened (a webhook, the booker coming back from Checkout, `stripe_reconcile`),
`sync_checkout` re-reads the session from Stripe and `apply_session` moves the
order on, under a lock on its `CardPayment` row, never backwards: a paid order
stays paid whatever arrives later, so every trigger may fire any number of times
in any order.

Refunds follow the same rule (`sync_charge`): Stripe promises no order of events,
so a refund made in its dashboard may be told before the payment it refunds. The
payment is then found through its payment intent's metadata and its checkout
synced first; if even that can't be done yet, `PaymentNotReady` says to ask again
later, and nothing is recorded as handled. `reconcile` also compares the refunds
Stripe made recently with ours (`check_refunds`), for news that never came.

Lock order: the card payment row first, then its order, then what
`events.booking` locks (which locks an order before changing its places). Stripe
is only called outside transactions.
"""

import contextlib
import datetime
import itertools
import logging
from functools import partial

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..booking import changes, orders
from ..booking.rules import BookingError
from ..choices import AttendeeStatus, CardPaymentStatus, OrderStatus, PaymentMethod
from ..models import CardPayment, Order, Refund
from . import PaymentError, card_payments_enabled, stripe_api, tasks
from .refunds import (
    UNDONE_AT_STRIPE,
    create_refund,
    record_refunds,
    retry_pending_refunds,
    send_refund,
)

logger = logging.getLogger(__name__)

# Stripe wants `expires_at` at least 30 minutes after the session is created, which
# is a moment after the hold starts.
HOLD_MARGIN = datetime.timedelta(minutes=2)
MIN_HOLD_MINUTES, MAX_HOLD_MINUTES = 30, 23 * 60
# When Stripe can't be asked (unreachable, or card payment switched off) a hold is
# released this long after it ended: Stripe expired its session at the hold's end,
# so nobody can still be paying. A payment that does turn up later is taken back
# or refunded as any late payment.
RELEASE_WITHOUT_STRIPE_AFTER = datetime.timedelta(minutes=15)
# A session is read with its payment intent and the intent's charge: the intent
# says whether a delayed payment failed, the charge what Stripe already refunded.
SESSION_EXPAND = ["payment_intent.latest_charge"]
# `reconcile` compares the refunds Stripe made this long ago or since with ours:
# longer than Stripe retries a webhook (three days), and a bounded amount of work.
REFUND_CHECK_WINDOW = datetime.timedelta(days=7)
REFUND_CHECK_LIMIT = 1000


class PaymentNotReady(Exception):
    """Stripe tells of a payment of ours that can't be applied yet: its checkout
    hasn't reached us. Nothing was changed; ask again later."""


def hold_duration():
    minutes = min(max(settings.STRIPE_HOLD_MINUTES, MIN_HOLD_MINUTES), MAX_HOLD_MINUTES)
    return datetime.timedelta(minutes=minutes) + HOLD_MARGIN


def start_card_booking(
    *,
    booker,
    summit,
    places,
    return_urls,
    access_code=None,
    booker_email="",
    hold_key=None,
):
    """Book `places` as a pending order whose places are held for
    `STRIPE_HOLD_MINUTES`, and open a Stripe Checkout Session for it (GBP, a line
    per paid place, the booker's email, the order reference in metadata).

    Returns the order; send the booker to `order.card_payment.checkout_url` (an
    order that turned out free is confirmed as usual). `return_urls(order)` gives
    Checkout's success and cancel addresses; the first may contain Stripe's
    `{CHECKOUT_SESSION_ID}`. Raises the booking errors of `place_order`,
    or PaymentError if card payment is off or Stripe can't be reached: then the
    hold is released at once, nothing is charged, and the booker may try again.
    Without an account (`booker` None) the payment proves `booker_email`; an order
    that turned out free is confirmed by the emailed link instead.
    """
    if not card_payments_enabled():
        raise PaymentError(_("Card payment isn't available at the moment."))
    with transaction.atomic():
        order = orders.place_order(
            booker=booker,
            booker_email=booker_email,
            summit=summit,
            places=places,
            access_code=access_code,
            payment=PaymentMethod.CARD,
            hold_key=hold_key,
            confirm_by_email=booker is None,
        )
        if order.status != OrderStatus.PENDING:
            return order  # Free after all (an access code): nothing to pay.
        payment = CardPayment.objects.create(
            order=order,
            amount=order.total,
            hold_expires_at=timezone.now() + hold_duration(),
        )
    try:
        session = stripe_api.client().v1.checkout.sessions.create(
            params=_session_params(payment, *return_urls(order)),
            options={"idempotency_key": f"checkout-{order.reference}"},
        )
    except stripe.StripeError as error:
        logger.warning("Checkout for %s failed: %s", order.reference, error)
        _release(payment, note=_("Stripe could not start the payment."))
        raise stripe_api.unavailable() from error
    with transaction.atomic():
        payment = CardPayment.objects.select_for_update().get(pk=payment.pk)
        payment.checkout_session_id = session.id
        payment.checkout_url = session.url or ""
        if payment.status == CardPaymentStatus.STARTING:
            payment.status = CardPaymentStatus.OPEN
        payment.save()
    order.card_payment = payment
    return order


def _session_params(payment, success_url, cancel_url):
    order = payment.order
    reference = order.reference
    return {
        "mode": "payment",
        # Cards only, whatever else the Stripe dashboard enables.
        "payment_method_types": ["card"],
        "line_items": [
            {
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": attendee.price,
                    # No attendee names: Stripe needs no more personal data.
                    "product_data": {
                        "name": f"{attendee.ticket_type.name} ({attendee.reference})"
                    },
                },
                "quantity": 1,
            }
            for attendee in order.attendees.select_related("ticket_type").order_by(
                "number"
            )
            if attendee.price
        ],
        "customer_email": order.booker_email,
        "client_reference_id": reference,
        "metadata": {"order": reference},
        "payment_intent_data": {"metadata": {"order": reference}},
        "expires_at": int(payment.hold_expires_at.timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def sync_checkout(*, session_id):
    """Read Checkout Session `session_id` from Stripe and apply it (see
    `apply_session`). Raises stripe.StripeError if Stripe can't be asked."""
    session = stripe_api.client().v1.checkout.sessions.retrieve(
        session_id, params={"expand": SESSION_EXPAND}
    )
    return apply_session(session)


# A completed session's PaymentIntent is back in one of these only when its payment
# failed (`checkout.session.async_payment_failed`).
FAILED_INTENT_STATUSES = {"requires_payment_method", "canceled"}


def _outcome(session):
    """What the session says about the money. Completed but unpaid is processing
    (still clearing, or waiting on the bank's check) until the payment fails."""
    if session.status == "expired":
        return CardPaymentStatus.EXPIRED
    if session.status != "complete":
        return CardPaymentStatus.OPEN
    if session.payment_status in ("paid", "no_payment_required"):
        return CardPaymentStatus.PAID
    if getattr(session.payment_intent, "status", None) in FAILED_INTENT_STATUSES:
        return CardPaymentStatus.FAILED
    return CardPaymentStatus.PROCESSING


def _intent_id(session):
    return stripe_api.object_id(session.payment_intent)


def _refunded_at_stripe(session):
    """Pence of the session's payment Stripe has refunded already (in its
    dashboard, before the news of the payment reached us)."""
    charge = getattr(session.payment_intent, "latest_charge", None)
    return getattr(charge, "amount_refunded", 0) or 0


def apply_session(session):
    """Bring our order in line with `session` (a Checkout Session just read from
    Stripe) and return its CardPayment, or None if it isn't one of ours.

    Paid: the held places are confirmed and tickets and a receipt emailed. If the
    hold had already been released the places are taken back when they are still
    free; otherwise (or if the booker cancelled any of them meanwhile, when the
    rest of the hold is released) the money is refunded at once and the booker
    told. Processing (a delayed payment): the places stay held
    past the hold's end. Failed or expired: the places are released.
    """
    payment = _payment_for(session)
    if payment is None:
        return None
    outcome = _outcome(session)
    refund = None
    with transaction.atomic():
        payment = CardPayment.objects.select_for_update().get(pk=payment.pk)
        # The order next, locked as cancelling its places locks it: its status
        # can't change until this commits.
        order = payment.order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("summit", "booker")
            .get(pk=payment.order_id)
        )
        if not payment.checkout_session_id:
            payment.checkout_session_id = session.id
        if payment.status == CardPaymentStatus.PAID or outcome == payment.status:
            payment.save()
            return payment
        logger.info("Order %s: payment %s → %s", order, payment.status, outcome)
        if outcome == CardPaymentStatus.PAID:
            refund = _take_payment(payment, session)
        elif outcome == CardPaymentStatus.PROCESSING:
            payment.status = outcome
            payment.payment_intent_id = _intent_id(session)
        elif outcome in (CardPaymentStatus.FAILED, CardPaymentStatus.EXPIRED):
            payment.status = outcome
            if order.status == OrderStatus.PENDING:
                _release_locked(
                    payment,
                    note=_("The payment failed.")
                    if outcome == CardPaymentStatus.FAILED
                    else _("The payment was not completed in time."),
                )
                transaction.on_commit(
                    partial(tasks.send_payment_not_completed_email.enqueue, order.pk)
                )
        payment.save()
    if refund is not None:
        send_refund(refund)
    return payment


def _payment_for(session):
    payment = CardPayment.objects.filter(checkout_session_id=session.id).first()
    if payment is None:
        # A session whose creation answer we lost: it carries our reference.
        reference = stripe_api.metadata(session).get("order")
        if reference is None:
            return None  # Not one of ours (another use of the Stripe account).
        # Only a payment that never learnt its session: another one's session
        # (an earlier attempt) must not speak for it.
        payment = CardPayment.objects.filter(
            order__reference=reference, checkout_session_id__isnull=True
        ).first()
    return payment


def _take_payment(payment, session):
    """Record the money (payment locked) and give the order its places; returns a
    Refund to send if the places can't be had (of what Stripe hasn't refunded
    already)."""
    order = payment.order
    payment.status = CardPaymentStatus.PAID
    payment.amount_paid = session.amount_total or 0
    payment.payment_intent_id = _intent_id(session)
    payment.paid_at = timezone.now()
    payment.save()
    if order.status == OrderStatus.PENDING:
        try:
            orders.confirm_held_places(order=order, note=_("Paid by card."))
        except BookingError as refusal:
            # The booker cancelled some places meanwhile: nothing is sold, the
            # rest of the hold is released and all the money goes back.
            logger.info("Payment for %s refunded: %s", order, refusal.message)
            _release_locked(payment, note=_("Paid after some places were cancelled."))
        else:
            transaction.on_commit(partial(tasks.send_receipt_email.enqueue, order.pk))
            return None
    elif order.status == OrderStatus.EXPIRED:
        try:
            orders.restore_released_places(
                order=order, note=_("Paid by card after the hold ended.")
            )
        except BookingError as refusal:
            logger.info("Late payment for %s refunded: %s", order, refusal.message)
        else:
            transaction.on_commit(partial(tasks.send_receipt_email.enqueue, order.pk))
            return None
    transaction.on_commit(partial(tasks.send_late_payment_email.enqueue, order.pk))
    rest = payment.amount_paid - _refunded_at_stripe(session)
    if rest <= 0:
        return None  # All given back in Stripe's dashboard; `sync_charge` records it.
    return create_refund(
        payment=payment,
        amount=rest,
        reason=_(
            "Paid after the places were released or cancelled: refunded automatically."
        ),
    )


def _release(payment, *, note):
    """Release the hold of a payment not under way; returns whether it was."""
    with transaction.atomic():
        payment = CardPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.status not in (CardPaymentStatus.STARTING, CardPaymentStatus.OPEN):
            return False
        payment.status = CardPaymentStatus.EXPIRED
        payment.save()
        _release_locked(payment, note=note)
    return True


def _release_locked(payment, *, note):
    held = list(
        payment.order.attendees.filter(status=AttendeeStatus.PENDING).order_by("pk")
    )
    if held:
        changes.release_held_places(attendees=held, note=note)


def close_checkout(*, order_id):
    """Expire the open Checkout Session of an order that is no longer pending (the
    booker cancelled it), so nobody pays for places given back. Best effort: if
    Stripe can't be reached the session still expires with the hold, and a payment
    made meanwhile is refunded."""
    payment = CardPayment.objects.filter(
        order_id=order_id, status=CardPaymentStatus.OPEN
    ).first()
    if payment is None or not payment.checkout_session_id:
        return
    try:
        sessions = stripe_api.client().v1.checkout.sessions
        with contextlib.suppress(stripe.InvalidRequestError):
            sessions.expire(payment.checkout_session_id)
        sync_checkout(session_id=payment.checkout_session_id)
    except stripe.StripeError as error:
        logger.warning("Closing checkout of order %s failed: %s", order_id, error)


def reconcile(*, now=None):
    """Catch up with Stripe for every pending card order, for webhooks that never
    arrived: completed sessions are fulfilled, and holds that have run out are
    released (their sessions expired at Stripe first, so nobody can pay for them).
    Then records the refunds Stripe made in the last `REFUND_CHECK_WINDOW` that we
    haven't (`check_refunds`: made in its dashboard, or ours whose answer was
    lost), and retries refunds Stripe didn't answer. If Stripe can't be reached,
    or card payment is switched off, holds are released without it once they ended
    `RELEASE_WITHOUT_STRIPE_AFTER` ago. Safe to run at any time: schedule
    `manage.py stripe_reconcile` every 5 minutes. Returns {outcome: count}."""

    now = now or timezone.now()
    enabled = card_payments_enabled()
    counts = {}
    pending = CardPayment.objects.filter(order__status=OrderStatus.PENDING).exclude(
        status=CardPaymentStatus.PAID
    )
    for payment in pending.order_by("pk"):
        try:
            result = _reconcile_one(payment, now, ask_stripe=enabled)
        except stripe.StripeError as error:
            logger.warning("Reconciling %s failed: %s", payment.order_id, error)
            result = _release_without_stripe(payment, now)
        counts[result] = counts.get(result, 0) + 1
    if enabled:
        try:
            counts["refunds found"] = check_refunds(now=now)
        except stripe.StripeError as error:
            logger.warning("Checking Stripe's refunds failed: %s", error)
            counts["refund check failed"] = 1
        counts["refunds retried"] = retry_pending_refunds()
    return counts


def _release_without_stripe(payment, now):
    if payment.hold_expires_at + RELEASE_WITHOUT_STRIPE_AFTER > now or not _release(
        payment, note=_("The payment was not completed in time (Stripe not asked).")
    ):
        return "unreachable"
    return "released without Stripe"


def _reconcile_one(payment, now, *, ask_stripe):
    if not payment.checkout_session_id:
        if payment.hold_expires_at <= now:
            _release(payment, note=_("The payment was never started."))
            return CardPaymentStatus.EXPIRED
        return CardPaymentStatus.STARTING
    if not ask_stripe:
        return _release_without_stripe(payment, now)
    sessions = stripe_api.client().v1.checkout.sessions
    session = sessions.retrieve(
        payment.checkout_session_id, params={"expand": SESSION_EXPAND}
    )
    if session.status == "open" and payment.hold_expires_at <= now:
        # Completed or expired meanwhile? The re-read below says which.
        with contextlib.suppress(stripe.InvalidRequestError):
            sessions.expire(payment.checkout_session_id)
        session = sessions.retrieve(
            payment.checkout_session_id, params={"expand": SESSION_EXPAND}
        )
    return apply_session(session).status


def sync_charge(*, charge_id):
    """After `charge.refunded` (or from `check_refunds`): read charge `charge_id`
    and its refunds from Stripe and record them on the card payment it paid
    (`record_refunds`: those made in Stripe's dashboard too, which cancel the places
    when they add up to the whole payment).

    The refund may be told before the payment: a payment not yet paid here (or not
    known by its intent) is found by the order reference in its payment intent's
    metadata, and its checkout is synced first (`sync_checkout`: the order is
    confirmed, or its late payment handled), then the refunds are recorded. Returns
    the CardPayment, or None if the charge isn't one of ours (nothing to do).
    Raises PaymentNotReady if its checkout can't be synced yet (its session's id
    never reached us: `checkout.session.completed` brings it), and
    stripe.StripeError if Stripe can't be asked. Stripe is only asked while no
    lock is held."""
    client = stripe_api.client()
    charge = client.v1.charges.retrieve(charge_id)
    intent_id = stripe_api.object_id(charge.payment_intent)
    if not intent_id:
        return None  # Not a Checkout payment, so not ours.
    payment = _paid_payment(client, intent_id)
    if payment is None:
        return None
    listed = client.v1.refunds.list(params={"charge": charge.id, "limit": 100})
    return record_refunds(
        payment=payment, stripe_refunds=list(listed.auto_paging_iter())
    )


def _paid_payment(client, intent_id):
    """Our paid CardPayment of payment intent `intent_id`, its checkout synced
    first if need be; None if the intent isn't ours."""
    payment = CardPayment.objects.filter(payment_intent_id=intent_id).first()
    if payment is None:
        intent = client.v1.payment_intents.retrieve(intent_id)
        reference = stripe_api.metadata(intent).get("order")
        if reference:
            payment = CardPayment.objects.filter(order__reference=reference).first()
        if payment is None:
            return None  # Not one of ours (another use of the Stripe account).
    if payment.status != CardPaymentStatus.PAID:
        if not payment.checkout_session_id:
            raise PaymentNotReady(
                f"order {payment.order_id}: its Checkout Session isn't known yet"
            )
        payment = sync_checkout(session_id=payment.checkout_session_id) or payment
    if payment.status != CardPaymentStatus.PAID:
        raise PaymentNotReady(f"order {payment.order_id}: its session isn't paid")
    if payment.payment_intent_id != intent_id:
        return None  # Names our order, but the order was paid by another intent.
    return payment


def check_refunds(*, now=None):
    """Record the refunds Stripe made on our card payments in the last
    `REFUND_CHECK_WINDOW` (up to `REFUND_CHECK_LIMIT` of them, newest first) that
    we haven't recorded: their `charge.refunded` never came or was lost. Each
    charge with such a refund is synced as its webhook would (`sync_charge`).
    Returns how many charges were. Raises stripe.StripeError if Stripe can't be
    asked."""
    since = int(((now or timezone.now()) - REFUND_CHECK_WINDOW).timestamp())
    listed = stripe_api.client().v1.refunds.list(params={"limit": 100})
    recent = []
    for stripe_refund in itertools.islice(
        listed.auto_paging_iter(), REFUND_CHECK_LIMIT
    ):
        if stripe_refund.created < since:
            break  # Newest first: the rest are older still.
        if stripe_refund.status not in UNDONE_AT_STRIPE:
            recent.append(stripe_refund)
    recorded = set(
        Refund.objects.filter(
            stripe_refund_id__in=[stripe_refund.id for stripe_refund in recent]
        ).values_list("stripe_refund_id", flat=True)
    )
    unrecorded = [
        stripe_refund for stripe_refund in recent if stripe_refund.id not in recorded
    ]
    ours = set(
        CardPayment.objects.filter(
            payment_intent_id__in={
                stripe_api.object_id(stripe_refund.payment_intent)
                for stripe_refund in unrecorded
            }
            - {""}
        ).values_list("payment_intent_id", flat=True)
    )
    charges = sorted(
        {
            stripe_api.object_id(stripe_refund.charge)
            for stripe_refund in unrecorded
            if stripe_api.object_id(stripe_refund.payment_intent) in ours
        }
    )
    for charge_id in charges:
        try:
            sync_charge(charge_id=charge_id)
        except PaymentNotReady as reason:
            logger.info("Refunds of %s left for later: %s", charge_id, reason)
    return len(charges)
