"""Stripe's webhook endpoint (`/payments/stripe/webhook/`).

Every event is verified with `STRIPE_WEBHOOK_SECRET` (a bad or missing signature
is a 400 and changes nothing) and treated only as a trigger: the session or charge
is read again from Stripe and applied by the same idempotent code as the success
page and `stripe_reconcile`. Handled event ids are stored, so a re-delivery does
nothing. If Stripe can't be asked, the answer is 503 and Stripe delivers again.
"""

import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import StripeEvent
from .checkout import sync_checkout
from .refunds import sync_charge

logger = logging.getLogger(__name__)

CHECKOUT_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Card payments are not set up.", status=404)
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Bad signature or payload.")
    if StripeEvent.objects.filter(event_id=event.id).exists():
        return HttpResponse("Already handled.")
    obj = event.data.object
    try:
        if event.type in CHECKOUT_EVENTS:
            sync_checkout(session_id=obj.id)
        elif event.type == "charge.refunded":
            sync_charge(charge_id=obj.id)
    except stripe.StripeError as error:
        logger.warning("Webhook %s deferred: %s", event.id, error)
        return HttpResponse("Stripe unavailable; deliver again.", status=503)
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event.id, event_type=event.type)
    except IntegrityError:
        pass  # The same event, delivered twice at once: handled either way.
    return HttpResponse("OK")
