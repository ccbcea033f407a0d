"""Stripe's webhook endpoint (`/payments/stripe/webhook/`).

Every event is verified with `STRIPE_WEBHOOK_SECRET` before its body is even read
(a bad or missing signature is a 400 and changes nothing). Then its shape is
checked: a JSON object with a Stripe id, a type and `data.object` an object, which
has a Stripe id for the kinds we handle; anything else is a 400 saying what is
wrong, and nothing is written.

An event is only a trigger: the session or charge is read again from Stripe and
applied by the same idempotent code as the success page and `stripe_reconcile`, so
events may come in any order, a refund before its payment included (see
`checkout.sync_charge`). An event's id is stored once it has been applied, or
there was nothing to apply (not ours, or Stripe doesn't know the object: its 404),
so a re-delivery does nothing. If Stripe can't be asked (unreachable, failing,
rate limited) or the payment can't be applied yet, the answer is 503, nothing is
stored and Stripe delivers again.
"""

import json
import logging
import re

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import StripeEvent
from . import stripe_api
from .checkout import PaymentNotReady, sync_charge, sync_checkout

logger = logging.getLogger(__name__)

CHECKOUT_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}
CHARGE_EVENTS = {"charge.refunded"}
# Stripe's ids are a prefix and letters and digits (`evt_…`, `cs_test_…`, `ch_…`);
# the lengths are StripeEvent's columns.
STRIPE_ID = re.compile(r"[A-Za-z0-9_]{1,255}")
EVENT_TYPE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")
EVENT_TYPE_LENGTH = 100


class MalformedEvent(ValueError):
    """A signed event that can't be read; the message says what is wrong."""


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Card payments are not set up.", status=404)
    try:
        stripe.WebhookSignature.verify_header(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Bad signature or payload.")
    try:
        event_id, event_type, object_id = _read_event(request.body)
    except MalformedEvent as error:
        return HttpResponseBadRequest(str(error))
    if StripeEvent.objects.filter(event_id=event_id).exists():
        return HttpResponse("Already handled.")
    try:
        if event_type in CHECKOUT_EVENTS:
            sync_checkout(session_id=object_id)
        elif event_type in CHARGE_EVENTS:
            sync_charge(charge_id=object_id)
    except PaymentNotReady as reason:
        logger.info("Webhook %s deferred: %s", event_id, reason)
        return HttpResponse("The payment isn't known yet; deliver again.", status=503)
    except stripe.StripeError as error:
        if not stripe_api.is_missing(error):
            logger.warning("Webhook %s deferred: %s", event_id, error)
            return HttpResponse("Stripe unavailable; deliver again.", status=503)
        logger.info("Webhook %s: nothing to do: %s", event_id, error)
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event_id, event_type=event_type)
    except IntegrityError:
        pass  # The same event, delivered twice at once: handled either way.
    return HttpResponse("OK")


def _read_event(body):
    """(id, type, object id) of a verified event's JSON `body`; the object id only
    for the kinds we handle, else None. Raises MalformedEvent."""
    try:
        event = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedEvent("The payload is not JSON.") from None
    if not isinstance(event, dict):
        raise MalformedEvent("The event is not a JSON object.")
    event_id = _stripe_id(event, "The event")
    event_type = event.get("type")
    if not (
        isinstance(event_type, str)
        and len(event_type) <= EVENT_TYPE_LENGTH
        and EVENT_TYPE.fullmatch(event_type)
    ):
        raise MalformedEvent("The event has no type.")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise MalformedEvent("The event's data has no object.")
    object_id = None
    if event_type in CHECKOUT_EVENTS | CHARGE_EVENTS:
        object_id = _stripe_id(data["object"], "The event's object")
    return event_id, event_type, object_id


def _stripe_id(obj, name):
    if "id" not in obj or obj["id"] is None:
        raise MalformedEvent(f"{name} has no id.")
    if not isinstance(obj["id"], str) or not STRIPE_ID.fullmatch(obj["id"]):
        raise MalformedEvent(f"{name}'s id is not a Stripe id.")
    return obj["id"]
